# Limits on every input: /dev/zero where a file is expected, JSON nested
# 100,000 deep, address lists that would not fit a backup, 20,000 address
# adds to one tower, amounts above all the bitcoin there is. Each is refused
# or bounded with a clear code, never a hang, a crash or exit 70.
source "$(dirname "$0")/lib.sh"
source "$E2E_DIR/backup_lib.sh"
backup_fixture
CP=$(head -1 docs.jsonl | jq -r .chan_point)
PEER=$(head -1 docs.jsonl | jq -r .peer)
T() { timeout 60 "$LNSTORE_BIN" "$@"; }
expect_ok lnstore db init

# /dev/zero as a path is a device: refused before a byte is read. As
# standard input it is read up to the input's limit and refused as too large.
write_aezeed_words
expect_err 7 not_a_regular_file T --root-key-file /dev/zero key info
LNSTORE_SEED_PASSPHRASE_FILE=/dev/zero expect_err 7 not_a_regular_file T --root-key-file words.txt key info
expect_err 7 not_a_regular_file T update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob @/dev/zero
expect_err 7 not_a_regular_file T channel open /dev/zero
expect_err 7 not_a_regular_file T channel update "$CP" /dev/zero
expect_err 7 not_a_regular_file T backup verify /dev/zero
expect_err 7 not_a_regular_file T backup restore /dev/zero
expect_err 7 not_a_regular_file T --config /dev/zero tower list
expect_err 7 not_a_regular_file T import lnd-channels /dev/zero
LNSTORE_DB=/dev/zero expect_err 7 not_a_regular_file T tower list
expect_err 3 file_too_large T --root-key-file - key info </dev/zero
LNSTORE_SEED_PASSPHRASE_FILE=- expect_err 3 file_too_large T --root-key-file words.txt key info </dev/zero
expect_err 3 file_too_large T channel open - </dev/zero
expect_err 3 file_too_large T channel update "$CP" - </dev/zero
expect_err 3 file_too_large T --config - tower list </dev/zero

# JSON nested 100,000 deep: refused before it is parsed (json_too_deep),
# where it used to overflow the stack (exit 139).
deep() { head -c "$1" /dev/zero | tr '\0' '['; }
{ printf '{"a": '; deep 100000; } >deep.json
expect_err 3 json_too_deep T channel open deep.json
expect_err 3 json_too_deep T channel update "$CP" deep.json
{ printf '{"op": "channel.open", "channel": '; deep 100000; printf '\n'; } >deep.jsonl
rc=0; OUT=$(T apply deep.jsonl) || rc=$?
[[ $rc -eq 3 ]] || fail "apply of a deep line: exit $rc"
check '.line == 1 and .error.code == "json_too_deep"'
# 64 levels are still JSON lnstore reads (then refused for what they say).
{ printf '{"a": '; deep 63; head -c 63 /dev/zero | tr '\0' ']'; printf '}'; } >deep64.json
# Brackets inside strings do not count.
jq -c --arg s "$(deep 1000)" '.alias = $s' <(head -1 docs.jsonl) >strdeep.json
for f in deep64.json strdeep.json; do
  rc=0; T channel open $f >/dev/null 2>err.txt || rc=$?
  [[ $rc -eq 3 ]] && jq -e '.error.code != "json_too_deep"' err.txt >/dev/null || fail "$f: exit $rc: $(cat err.txt)"
done

# Addresses: at most 32 per peer and per tower (too_many_addresses, exit 1);
# 400 peer adds of 200-character DNS names leave backups possible.
expect_ok lnstore apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
name() { printf '%s.%s.%s.n%04d.example' "$(printf 'a%.0s' {1..60})" "$(printf 'b%.0s' {1..60})" "$(printf 'c%.0s' {1..60})" "$1"; }
have=$(lnstore peer show "$PEER" | jq '.addresses | length')
for i in $(seq 400); do printf '{"op": "peer.add", "address": "%s@%s:9735"}\n' "$PEER" "$(name "$i")"; done >peers.jsonl
rc=0; OUT=$(lnstore apply --keep-going peers.jsonl) || rc=$?
[[ $rc -eq 1 ]] || fail "400 peer adds: exit $rc"
jq -se --argjson n $((32 - have)) '(map(select(.ok)) | length) == $n and all(.[$n:][]; .error.code == "too_many_addresses")' <<<"$OUT" >/dev/null ||
  fail "400 peer adds: $(jq -sc 'group_by(.ok) | map({ok: .[0].ok, n: length, code: .[0].error.code})' <<<"$OUT")"
expect_ok lnstore peer show "$PEER"
check '.addresses | length == 32'
check ".addresses[0] == \"$(name $((32 - have))):9735\""   # the newest first
expect_err 1 too_many_addresses lnstore peer add "$PEER@$(name 999):9735"
expect_ok lnstore peer add "$PEER@$(name 1):9735"         # one it has: kept once, no error
expect_ok lnstore backup export
expect_ok lnstore backup export --chan-point "$CP"
expect_ok lnstore --backup-file "$WORK/channel.backup" peer remove-address "$PEER@$(name 2):9735"
expect_ok lnstore backup verify "$WORK/channel.backup"
# A database that holds more (written before the bound, or by hand): the
# backup carries the newest that fit in the Single's 65,535 bytes and says so.
for i in $(seq 1000 1399); do
  printf "INSERT INTO peer_addresses (peer_pubkey, address, seq) VALUES (X'%s', '%s:9735', %d);\n" "$PEER" "$(name "$i")" "$i"
done | sqlite3 "$LNSTORE_DB"
expect_ok lnstore backup export --chan-point "$CP"
grep -q "warning: channel $CP: the backup carries [0-9]* of peer $PEER's 43[0-9] addresses, the newest" "$WORK/stderr" ||
  fail "no warning about left-out addresses: $(cat "$WORK/stderr")"
printf '%s' "$(jq -r .chan_backup <<<"$OUT")" | xxd -r -p >one.single
expect_ok lnstore backup dump --single one.single
# Each name takes 200 bytes encoded: 327 fit in 65,535.
jq -e ".singles[0].addresses[0] == \"$(name 1399):9735\" and (.singles[0].addresses | length) == 327" <<<"$OUT" >/dev/null ||
  fail "the backup does not carry the newest addresses: $(jq -c '.singles[0] | {n: (.addresses | length), first: .addresses[0]}' <<<"$OUT")"
expect_ok lnstore backup export --file "$WORK/channel.backup"
grep -q "warning: channel $CP" "$WORK/stderr" || fail "no warning from export --file"
expect_ok lnstore backup verify "$WORK/channel.backup"

# 20,000 address adds to one tower: 32 kept, the rest refused, each result
# line small; the whole output stays a few MB, not gigabytes.
expect_ok lnstore tower add "$G1@10.0.0.1"
for i in $(seq 20000); do printf '{"op": "tower.add", "address": "%s@10.%d.%d.%d"}\n' "$G1" $((i / 65536)) $((i / 256 % 256)) $((i % 256)); done >towers.jsonl
rc=0; lnstore apply --keep-going towers.jsonl >towers.out || rc=$?
[[ $rc -eq 1 ]] || fail "20,000 tower adds: exit $rc"
size=$(stat -c %s towers.out)
(( size < 8000000 )) || fail "20,000 tower adds printed $size bytes"
# 10.0.0.1 it had, 10.0.0.2 to 10.0.0.32 new: 32 accepted.
[[ $(jq -s 'map(select(.ok)) | length' towers.out) -eq 32 ]] || fail "20,000 tower adds: not 32 accepted"
[[ $(jq -s 'map(select(.error.code == "too_many_addresses")) | length' towers.out) -eq 19968 ]] || fail "20,000 tower adds: refusals"
expect_ok lnstore tower show "$G1"
check '.addresses | length == 32'

# Amounts: above 21,000,000 BTC in msat is refused at input (exit 3);
# totals are summed without overflow (exit 1 when they do not fit 64 bits,
# never 70).
MAX=2100000000000000000
echo "{\"total_sent_msat\": $MAX}" >max.json
expect_ok lnstore channel update "$CP" max.json
for field in total_sent_msat total_received_msat total_fees_msat local_balance_msat; do
  echo "{\"$field\": $((MAX + 1))}" >over.json
  expect_err 3 bad_field lnstore channel update "$CP" over.json
  grep -q "21,000,000 BTC" "$WORK/stderr" || fail "$field: unclear message: $(cat "$WORK/stderr")"
done
# jq's numbers are doubles: the exact number goes in as text.
jq -c '.total_received_msat = "HUGE"' <(sed -n 2p docs.jsonl) | sed "s/\"HUGE\"/$((MAX + 1))/" >huge.json
expect_err 3 bad_field lnstore channel open huge.json
sqlite3 "$LNSTORE_DB" "UPDATE channels SET total_sent_msat = $MAX, total_received_msat = $MAX"
expect_ok lnstore channel stats --by-peer
n=$(jq .totals.num_channels <<<"$OUT")
(( n == 4 )) || fail "stats: $n open channels"
# Compared as text: jq's numbers are doubles.
grep -q "\"total_sent_msat\": $((n * MAX))," <<<"$OUT" || fail "stats sum: $(jq -c .totals <<<"$OUT")"
# Beyond 64 bits (only a hand-edited database gets there): a clear refusal.
sqlite3 "$LNSTORE_DB" "UPDATE channels SET total_fees_msat = 4000000000000000000"
expect_err 1 total_out_of_range lnstore channel stats
jq -e '.error.details.field == "total_fees_msat"' "$WORK/stderr" >/dev/null || fail "overflow names no field"
echo "test_limits: ok"
