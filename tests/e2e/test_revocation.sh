# channel revoke|secret: BOLT 3's compact per-commitment secret storage with
# the published Appendix D vectors (commitment N is BOLT 3 index 2^48-1-N).
source "$(dirname "$0")/lib.sh"
need_python
need_shared fixtures/lnd/chantools/expected-open-channels.json
"$PY" "$LNSTORE_SOURCE_DIR/tests/tools/channel_docs_from_fixture.py" \
  "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/expected-open-channels.json" >all.jsonl
head -2 all.jsonl >docs.jsonl
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
CP=$(head -1 docs.jsonl | jq -r .chan_point)
CP2=$(sed -n 2p docs.jsonl | jq -r .chan_point)

# BOLT 3 "insert_secret correct sequence".
secrets=(7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc
         c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964
         2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8
         27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116
         c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd
         969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2
         a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32
         05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17)
for n in "${!secrets[@]}"; do
  expect_ok lnstore channel revoke "$CP" --index "$n" --secret "${secrets[$n]}"
  check '.index == '$n' and .bolt_index == '$((281474976710655 - n))
done
check '.num_stored == 4'   # one per position: ...649 (0), ...650 (1), ...652 (2), ...648 (3)
for n in "${!secrets[@]}"; do
  expect_ok lnstore channel secret "$CP" --index "$n"
  check '.secret == "'"${secrets[$n]}"'"'
done
expect_err 1 revocation_secret_unknown lnstore channel secret "$CP" --index 8
expect_err 1 revocation_out_of_order lnstore channel revoke "$CP" --index 10 --secret "${secrets[0]}"
[[ $(sqlite3 "$LNSTORE_DB" "SELECT count(*) FROM revocation_secrets") -le 49 ]] || fail "more than 49 secrets"

# BOLT 3 "insert_secret #1 incorrect": a secret not derivable from the seed
# of those stored is refused, and nothing changes.
expect_ok lnstore channel revoke "$CP2" --index 0 --secret 02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148
expect_err 1 revocation_secret_mismatch lnstore channel revoke "$CP2" --index 1 --secret "${secrets[1]}"
expect_err 3 bad_length lnstore channel revoke "$CP2" --index 1 --secret 00
expect_err 3 bad_field lnstore channel revoke "$CP2" --index -1 --secret "${secrets[1]}"
expect_err 1 channel_not_found lnstore channel revoke "$(printf '00%.0s' {1..32}):0" --index 0 --secret "${secrets[0]}"
expect_ok lnstore db check
echo "test_revocation: ok"
