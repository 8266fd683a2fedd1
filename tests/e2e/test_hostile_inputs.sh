# The hostile-input table: every bad input tried per command and the answer it
# gets (exit status and error code), with the database unchanged each time.
# The table is generated here and must equal tests/hostile_inputs.md, so the
# document cannot go stale. Regenerate: LNSTORE_UPDATE_TABLE=1 ctest -R hostile
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
TABLE="$LNSTORE_SOURCE_DIR/tests/hostile_inputs.md"

expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore session reserve 1
expect_ok lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 2
expect_ok lnstore channel register "$CHAN1" --sweep-pkscript 0014aa
head -1 docs.jsonl >c1.json
expect_ok lnstore channel open c1.json
CP=$(head -1 docs.jsonl | jq -r .chan_point)
head -c 64 /dev/zero >zeros.bin
printf '{"op": "tower.add", "address": ' >truncated.jsonl
printf '\xff\xfe{"op"}\n' >binary.jsonl
jq -c '.capacity_sat = "lots"' <(head -1 docs.jsonl) >badcap.json
printf '[]' >array.json
# Inputs are files: lnstore reads a path only when it is a regular file, and
# a pipe only as standard input ('-').
echo '{"num_updates": 9}' >updates9.json
echo '{"num_updates": -1}' >backwards.json
echo '{"op": "tower.fly"}' >fly.jsonl
echo '{"op": 1}' >opnum.jsonl
echo '{"op": "session.reserve", "tower": 1, "blob_typ": "anchor"}' >typo.jsonl
echo "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon" >words23.txt
head -c 20 vector.single >short.single
mkdir adir
: >empty.db
printf '{"op": "tower.add", "address": "%s@1.2.3.4\\u0000junk"}\n' "$G2" >nul.jsonl
{ printf '{"a": '; head -c 100000 /dev/zero | tr '\0' '['; } >deep.json
{ printf '{"op": "channel.open", "channel": '; head -c 100000 /dev/zero | tr '\0' '{'; printf '\n'; } >deep.jsonl
printf '{"op": "tower.add", "address": "%s@1.2.3.4"}\0{"op": "tower.add", "address": "%s@1.2.3.5"}\n' "$G2" "$G2" >nulbyte.jsonl
printf '{"op": "tower.add", "address": "%s@%0200d"}\n' "$G2" 0 >long.jsonl
echo '{"total_sent_msat": 2100000000000000001}' >toomuch.json
# A peer and a tower holding the most addresses lnstore keeps (32).
for i in $(seq 32); do
  printf '{"op": "peer.add", "address": "%s@10.1.0.%d:9735"}\n{"op": "tower.add", "address": "%s@10.2.0.%d"}\n' "$G7" "$i" "$G6" "$i"
done >full.jsonl
expect_ok lnstore apply --atomic full.jsonl

rows=()
try() {  # try COMMAND-LABEL INPUT-LABEL ARGS...
  local label=$1 input=$2 rc=0 before after code
  shift 2
  before=$(db_digest)
  "$@" >out.txt 2>err.txt </dev/null || rc=$?
  after=$(db_digest)
  [[ "$before" == "$after" ]] || fail "$label ($input) changed the database"
  [[ $rc -ne 0 ]] || fail "$label ($input) was accepted"
  [[ $rc -ne 70 ]] && [[ $rc -lt 128 ]] || fail "$label ($input) crashed or hit an internal error (exit $rc)"
  if [[ -s err.txt ]]; then
    code=$(jq -r '.error.code' err.txt 2>/dev/null) || fail "$label ($input): stderr is not one JSON error: $(cat err.txt)"
  else  # apply reports a failed line on stdout
    code=$(jq -r 'select(.ok == false) | .error.code' out.txt 2>/dev/null) || fail "$label ($input): no error reported"
  fi
  rows+=("| \`$label\` | $input | $rc | \`$code\` |")
}

L=lnstore
try "tower add" "no @address" $L tower add "$G2"
try "tower add" "off-curve public key" $L tower add "$OFFCURVE@1.2.3.4"
try "tower add" "uncompressed public key" $L tower add "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8@1.2.3.4"
try "tower add" "port 0" $L tower add "$G2@1.2.3.4:0"
try "tower add" "port 65536" $L tower add "$G2@1.2.3.4:65536"
try "tower add" "IPv6 without brackets" $L tower add "$G2@::1"
try "tower add" "bad Tor v3 onion" $L tower add "$G2@aaaa.onion"
try "tower add" "DNS label with a space" $L tower add "$G2@bad host"
try "tower add" "Tor v3 onion with a wrong checksum" $L tower add "$G2@euckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"
try "tower add" "escape sequence in the host" $L tower add "$G2@"$'\e[31mevil.example'
try "tower add" "a byte that is not UTF-8" $L tower add "$G2@evil"$'\xff'".example"
try "tower remove" "unknown tower" $L tower remove "$G3"
try "tower remove" "its last address" $L tower remove "$G1@10.0.0.1:9911"
try "tower show" "non-hex id" $L tower show "zz"
try "session reserve" "unknown blob type" $L session reserve 1 --blob-type 99
try "session create" "not reserved" $L session create --tower 1 --key-index 7 --id "$G6"
try "session create" "max updates 70000" $L session create --tower 1 --key-index 2 --id "$G6" --max-updates 70000
try "session create" "sweep fee rate 1" $L session create --tower 1 --key-index 2 --id "$G6" --sweep-fee-rate 1
try "session create" "key index -1" $L session create --tower 1 --key-index -1 --id "$G6"
try "update commit" "seqnum 0" $L update commit "$G5" --seqnum 0 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob "$BLOB"
try "update commit" "seqnum out of order" $L update commit "$G5" --seqnum 2 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob "$BLOB"
try "update commit" "15-byte hint" $L update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "${HINT1:2}" --blob "$BLOB"
try "update commit" "odd-length blob hex" $L update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob abc
try "update commit" "blob file a directory" $L update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob @adir
try "update commit" "height 2^64" $L update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 18446744073709551616 --hint "$HINT1" --blob "$BLOB"
try "update ack" "nothing committed" $L update ack "$G5" --seqnum 1 --last-applied 0
try "update ack" "last applied ahead" $L update ack "$G5" --seqnum 1 --last-applied 9
try "channel register" "31-byte chan id" $L channel register "${CHAN1:2}" --sweep-pkscript 00
try "channel mark-closed" "unregistered" $L channel mark-closed "$CHAN2" --height 1
try "channel open" "truncated JSON" $L channel open truncated.jsonl
try "channel open" "a JSON array" $L channel open array.json
try "channel open" "capacity as a string" $L channel open badcap.json
try "channel open" "binary garbage" $L channel open zeros.bin
try "channel open" "the same channel again" $L channel open c1.json
try "channel update" "unknown channel point" $L channel update "$(printf '00%.0s' {1..32}):0" updates9.json
try "channel update" "num_updates backwards" $L channel update "$CP" backwards.json
try "channel open" "JSON nested 100,000 deep" $L channel open deep.json
try "channel update" "JSON nested 100,000 deep" $L channel update "$CP" deep.json
try "channel update" "total sent above 21e6 BTC" $L channel update "$CP" toomuch.json
try "channel close" "unknown close type" $L channel close "$CP" --type sideways --closing-txid "$CHAN1" --height 1
try "channel close" "short closing txid" $L channel close "$CP" --type cooperative --closing-txid abcd --height 1
try "channel resolve" "channel still open" $L channel resolve "$CP"
try "channel revoke" "secret of 31 bytes" $L channel revoke "$CP" --index 0 --secret "${CHAN1:2}"
try "channel revoke" "index beyond 2^48" $L channel revoke "$CP" --index 281474976710656 --secret "$CHAN1"
try "channel secret" "nothing stored" $L channel secret "$CP" --index 0
try "channel show" "chan point without index" $L channel show "${CP%:*}"
try "peer add" "port 99999" $L peer add "$G2@1.2.3.4:99999"
try "peer remove-address" "unknown peer" $L peer remove-address "$G3@1.2.3.4:9735"
try "peer add" "a 33rd address" $L peer add "$G7@10.1.0.33:9735"
try "tower add" "a 33rd address" $L tower add "$G6@10.2.0.33"
try "apply" "NUL inside an address" $L apply nul.jsonl
try "apply" "truncated JSON line" $L apply truncated.jsonl
try "apply" "binary line" $L apply binary.jsonl
try "apply" "unknown op" $L apply fly.jsonl
try "apply" "op not a string" $L apply opnum.jsonl
try "apply" "misspelt field" $L apply typo.jsonl
try "apply" "a directory" $L apply adir
try "apply" "NUL byte between two objects" $L apply nulbyte.jsonl
try "apply" "line over --max-line-bytes" $L apply --max-line-bytes 100 long.jsonl
try "apply" "JSON nested 100,000 deep" $L apply deep.jsonl
try "key info" "/dev/zero as root key file" $L --root-key-file /dev/zero key info
try "channel open" "/dev/zero as document" $L channel open /dev/zero
try "key info" "no root key" env LNSTORE_ROOT_KEY_FILE= "$LNSTORE_BIN" key info
try "key info" "mainnet xprv expected" $L --network mainnet key info
try "key info" "23 seed words" $L --root-key-file words23.txt key info
try "key derive" "family 2^31" $L key derive --family 2147483648 --index 0
try "backup verify" "wrong root key" $L --root-key-file other.key backup verify --single vector.single
try "backup verify" "Single read as Multi" $L backup verify vector.single
try "backup verify" "20 bytes" $L backup verify --single short.single
try "backup verify" "missing file" $L backup verify "$WORK/none"
try "backup restore" "wrong chain" $L --network testnet backup restore --single vector.single
try "db backup" "destination exists" $L db backup "$LNSTORE_DB"
try "db info" "random bytes as database" env LNSTORE_DB="$WORK/zeros.bin" "$LNSTORE_BIN" db info
try "db check" "0-byte database" env LNSTORE_DB="$WORK/empty.db" "$LNSTORE_BIN" db check

{
  echo "# Hostile inputs and their answers"
  echo
  echo "Generated by \`tests/e2e/test_hostile_inputs.sh\`, which fails when this file"
  echo "differs from what the binary answers. Every row left the database unchanged."
  echo "Exit codes as in SPEC section 2 (1 rule, 2 usage, 3 malformed, 4 authentication,"
  echo "6 incompatible, 7 I/O)."
  echo
  echo "| command | hostile input | exit | error code |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >table.md
if [[ "${LNSTORE_UPDATE_TABLE:-}" == 1 ]]; then cp table.md "$TABLE"; fi
diff -u "$TABLE" table.md || fail "tests/hostile_inputs.md is stale (regenerate with LNSTORE_UPDATE_TABLE=1)"
echo "test_hostile_inputs: ok (${#rows[@]} inputs)"
