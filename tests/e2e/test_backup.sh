# key info|derive and backup export|verify|dump|restore|diff, checked against
# lnd's public vector and an independent Python implementation.
source "$(dirname "$0")/lib.sh"
need_python nacl bip32utils
source "$E2E_DIR/backup_lib.sh"
backup_fixture

# Keys: only public keys ever come out.
expect_ok lnstore key info
check '.network == "regtest" and .source == "xprv" and .aezeed == null'
check '.backup_key_pubkey == "02749d3b53e2982d3b4465045e88f0f342886600fcb280740cf2cfaead44f445e9"'
[[ "$OUT" != *tprv* ]] || fail "key info printed the root key"
expect_ok lnstore key derive --family 7 --index 0
check '. == {"path": "m/1017'"'"'/1'"'"'/7'"'"'/0/0", "pubkey": "02749d3b53e2982d3b4465045e88f0f342886600fcb280740cf2cfaead44f445e9"}'
want=$("$PY" "$REF" derive "$ROOT" regtest 6 3 | tr -d '"')
expect_ok lnstore key derive --family 6 --index 3
check '.pubkey == "'"$want"'"'
expect_ok lnstore --root-key-file - key info <root.key
check '.root_fingerprint | test("^[0-9a-f]{8}$")'
LNSTORE_ROOT_KEY_FILE= expect_err 2 root_key_required lnstore key info
expect_err 3 wrong_network lnstore --network mainnet key info
echo "xprvnonsense" >bad.key
expect_err 3 bad_checksum lnstore --root-key-file bad.key key info
expect_err 7 file_not_found lnstore --root-key-file "$WORK/none.key" key info
expect_err 3 bad_field lnstore key derive --family x --index 0

# lnd's packed Single: verify, dump every field.
expect_ok lnstore backup verify --single vector.single
check '.chan_points == ["'$VECTOR_CP'"]'
expect_ok lnstore backup dump --single vector.single
check '.singles | length == 1'
check '.singles[0] | .version == 6 and .type == "tapscript_root" and .chan_point == "'$VECTOR_CP'" and .short_channel_id == "402x1x0"'
check '.singles[0] | .chain_hash == "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206" and .is_initiator == false'
check '.singles[0] | .peer == "0310150ae975211a226fc85160232e238bf072a071202e58ce5d0527cda5d7e4c9" and .addresses == ["172.18.0.6:9735", "127.0.0.1:9636"]'
check '.singles[0] | .capacity_sat == 100000 and .local_csv_delay == 144 and .remote_csv_delay == 144'
check '.singles[0].local_keys | [.multisig, .revocation_base, .payment_base, .delay_base, .htlc_base] | map([.family, .index]) == [[0,1],[1,1],[3,1],[4,1],[2,1]]'
check '.singles[0] | .remote_keys.multisig == "03c1102d1b9e016d72a39226ab34fb92fe6194b2f177882f5b167926d76417e070"'
check '.singles[0].shachain_root == {"family": 5, "index": 2, "pubkey": null}'
check '.singles[0].close_tx | .commit_height == 0 and .tapscript_root == "e3cafff3ea7eb3f910dfcccef25aaed722d612e208438fc4321a846bf651dc28" and (.commit_sig | length) == 196 and (.commit_tx | length) == 274'
expect_err 4 backup_auth_failed lnstore --root-key-file other.key backup verify --single vector.single
expect_err 3 wrong_backup_kind lnstore backup verify vector.single   # a Single is not a Multi: named as such
head -c 20 vector.single >short.single
expect_err 3 bad_backup lnstore backup verify --single short.single
expect_err 7 file_not_found lnstore backup verify "$WORK/none.backup"
# Decrypts with the right key but is not a backup: exit 3, not 4.
garbage=$("$PY" "$REF" encrypt "$ROOT" regtest 00ff00ff 000102030405060708090a0b0c0d0e0f1011121314151617 | tr -d '"')
echo "$garbage" | xxd -r -p >garbage.backup
expect_err 3 bad_backup lnstore backup verify garbage.backup

# Restore lnd's Single, then export it again: the same plaintext as lnd's.
expect_ok lnstore backup restore --single vector.single
check '.num_restored == 1'
expect_ok lnstore backup restore --single vector.single
check '.num_restored == 0'
expect_ok lnstore channel show "$VECTOR_CP"
check '.status == "restored" and .type == "tapscript_root" and .peer_addresses == ["172.18.0.6:9735", "127.0.0.1:9636"]'
expect_ok lnstore backup export --chan-point "$VECTOR_CP"
plain=$("$PY" "$REF" decrypt "$ROOT" regtest "$(jq -r .chan_backup <<<"$OUT")" | tr -d '"')
[[ "$plain" == "$(cat vector.plain)" ]] || fail "re-exported Single differs from lnd's"
expect_err 3 wrong_chain lnstore --network testnet backup restore --single vector.single

# Real channels; a Multi written by lnstore decrypts and parses in Python.
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
expect_ok lnstore backup export --file channel.backup
check '.chan_points | length == 5'
[[ $(stat -c %a channel.backup) == 600 ]] || fail "backup file mode is not 0600"
hex=$(xxd -p channel.backup | tr -d '\n')
plain=$("$PY" "$REF" decrypt "$ROOT" regtest "$hex" | tr -d '"')
"$PY" "$REF" parse-multi "$plain" >py.json
jq -e --slurpfile l <(lnstore backup dump channel.backup) '(.singles | map(.chan_point) | sort) == ($l[0].singles | map(.chan_point) | sort)' py.json >/dev/null \
  || fail "Python parsed other channels than lnstore wrote"
expect_ok lnstore backup export
check '(.multi_chan_backup | length) > 100 and (.chan_points | length) == 5'
expect_ok lnstore backup export --no-close-tx --file noclose.backup
expect_ok lnstore backup dump noclose.backup
check 'all(.singles[]; .close_tx == null)'

# A Multi encrypted by Python verifies in lnstore.
multi_plain="00""00000001""$(cat vector.plain)"
pyblob=$("$PY" "$REF" encrypt "$ROOT" regtest "$multi_plain" 000102030405060708090a0b0c0d0e0f1011121314151617 | tr -d '"')
echo "$pyblob" | xxd -r -p >python.backup
expect_ok lnstore backup verify python.backup
check '.chan_points == ["'$VECTOR_CP'"]'

# diff by channel point.
CP1=$(head -1 docs.jsonl | jq -r .chan_point)
cp channel.backup before.backup
expect_ok lnstore channel close "$CP1" --type cooperative --closing-txid "$(printf 'ab%.0s' {1..32})" --height 500
expect_ok lnstore backup export --file channel.backup
check '.chan_points | length == 4'
[[ -n $(ls chan-backup-archives/) ]] || fail "no archive of the previous backup"
expect_ok lnstore backup diff before.backup channel.backup
check '. == {"added": [], "removed": ["'$CP1'"], "changed": [], "changed_fields": {}}'
expect_err 4 backup_auth_failed lnstore --root-key-file other.key backup diff before.backup channel.backup
echo "test_backup: ok"
