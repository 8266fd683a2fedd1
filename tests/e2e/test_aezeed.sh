# lnd's 24 seed words as the root key: from words to a decrypted backup,
# cross-checked with the independent Python model fed the raw entropy.
source "$(dirname "$0")/lib.sh"
need_python nacl bip32utils
need_shared fixtures/lnd/chantools/expected-open-channels.json
REF="$LNSTORE_SOURCE_DIR/tests/tools/scb_reference.py"
export LNSTORE_NETWORK=regtest
write_aezeed_words  # aezeed.md §9.3, lnd vector 1 (lib.sh)
export LNSTORE_ROOT_KEY_FILE="$WORK/words.txt"
expect_ok lnstore key info
check '.source == "aezeed" and .aezeed == {"internal_version": 0, "birthday": "2009-01-03"}'
want=$("$PY" "$REF" derive seed:81b637d86359e6960de795e41e0b4cfd regtest 7 0 | tr -d '"')
check '.backup_key_pubkey == "'"$want"'"'
for w in $(cat words.txt); do [[ "$OUT" != *"$w"* ]] || fail "key info printed a seed word"; done

# Any whitespace, any case, one line.
tr '\n' ' ' <words.txt | tr a-z A-Z >upper.txt
expect_ok lnstore --root-key-file upper.txt key info
check '.backup_key_pubkey == "'"$want"'"'
expect_ok lnstore --root-key-file - key info <words.txt
check '.source == "aezeed"'

# Words to a backup: lnstore writes it, Python decrypts with the entropy's key.
"$PY" "$LNSTORE_SOURCE_DIR/tests/tools/channel_docs_from_fixture.py" \
  "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/expected-open-channels.json" >docs.jsonl
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore backup export --file channel.backup
plain=$("$PY" "$REF" decrypt seed:81b637d86359e6960de795e41e0b4cfd regtest "$(xxd -p channel.backup | tr -d '\n')" | tr -d '"')
[[ ${#plain} -gt 100 ]] || fail "Python could not decrypt the backup written from the seed words"
expect_ok lnstore backup verify channel.backup
check '.chan_points | length == 4'

# A passphrase: on the line after the words, or from LNSTORE_SEED_PASSPHRASE_FILE.
# §9.3: deciphering these words with "wrong" fails as a wrong passphrase.
{ cat words.txt; echo; echo "wrong"; } >withpass.txt
expect_err 4 aezeed_wrong_passphrase lnstore --root-key-file withpass.txt key info
echo wrong >pass.txt
LNSTORE_SEED_PASSPHRASE_FILE="$WORK/pass.txt" expect_err 4 aezeed_wrong_passphrase lnstore key info

# Each kind of bad mnemonic has its own code, naming where it failed (a bad
# word by its position only: test_seed_word_errors.sh).
sed 's/emerge/emergee/' words.txt >badword.txt
expect_err 3 aezeed_bad_word lnstore --root-key-file badword.txt key info
jq -e '.error.details == {"position": 3, "reason": "not_in_word_list"}' "$WORK/stderr" >/dev/null ||
  fail "bad word not placed: $(cat "$WORK/stderr")"
! grep -q "emerge" "$WORK/stderr" || fail "the bad word was echoed"
head -2 words.txt >short.txt
expect_err 3 aezeed_wrong_length lnstore --root-key-file short.txt key info
sed 's/above judge/judge above/' words.txt >swapped.txt
rc=0; lnstore --root-key-file swapped.txt key info >/dev/null 2>err.txt || rc=$?
[[ $rc -eq 3 ]] || fail "swapped words should fail with exit 3 (got $rc)"
jq -e '.error.code | test("^aezeed_(bad_checksum|unknown_version)$")' err.txt >/dev/null || fail "swapped words: $(cat err.txt)"
# The secret never reaches the output of a failing command either.
grep -q "judge" err.txt && grep -q "above" err.txt && fail "error message repeats the seed words"
echo "test_aezeed: ok"
