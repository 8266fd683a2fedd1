# -o text for people: each list shows default columns that fit the terminal
# (checked in a real pseudo-terminal at 80 and 120 columns), short keys and
# grouped amounts only on a terminal, whole values through a pipe, --wide and
# --columns, and the nested data a command exists to show (a tower's
# sessions, the acked ranges per session).
source "$(dirname "$0")/lib.sh"
need_python
need_shared fixtures/lnd/chantools/expected-open-channels.json
command -v script >/dev/null || skip "script (util-linux) is not installed"
export LNSTORE_NETWORK=regtest

# Realistic data: the fixture node's four channels, towers with long DNS
# names, sessions with backups, peers with several addresses.
"$PY" "$LNSTORE_SOURCE_DIR/tests/tools/channel_docs_from_fixture.py" \
  "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/expected-open-channels.json" >docs.jsonl
expect_ok lnstore db init
while read -r doc; do printf '%s\n' "$doc" >c.json; expect_ok lnstore channel open c.json; done <docs.jsonl
T1=0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798
T2=02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5
S1=02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9
expect_ok lnstore tower add "$T1@watchtower-primary.backup-provider.example.com:9911"
expect_ok lnstore tower add "$T1@[2001:db8:85a3::8a2e:370:7334]:9911"
expect_ok lnstore tower add "$T2@vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:9911"
K=$(lnstore session reserve $T1 --blob-type anchor | jq .key_index)
expect_ok lnstore session create --tower $T1 --key-index "$K" --id $S1 --blob-type anchor --max-updates 1024
head -c 314 /dev/urandom >blob
C=$(printf '22%.0s' {1..32})
expect_ok lnstore channel register $C --sweep-pkscript 0014751e76e8199196d454941c45d1b3a323f1433bd6
for n in 1 2 3; do
  expect_ok lnstore update commit $S1 --seqnum $n --chan-id $C --commit-height $((40 + n)) --hint 000102030405060708090a0b0c0d0e0f --blob @blob
done
expect_ok lnstore update ack $S1 --seqnum 1 --last-applied 1
expect_ok lnstore update ack $S1 --seqnum 2 --last-applied 2
PEER=$(sed -n 1p docs.jsonl | jq -r .peer)
expect_ok lnstore peer add "$PEER@node-with-a-long-name.lightning.example.org:9735"

# tty COLS CMD...: CMD's stdout in a pseudo-terminal COLS wide, \r removed.
tty_run() {
  local cols=$1; shift
  script -qec "stty cols $cols rows 60; $(printf '%q ' "$@")" /dev/null | tr -d '\r'
}
# widest LINE: the widest line in display columns (UTF-8 aware).
widest() { "$PY" -c 'import sys; print(max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0))' "$1"; }

lists=("channel list" "channel stats --by-peer" "tower list" "tower list --include-sessions" "session list"
  "update list" "update acked $C" "peer list")
for cols in 80 120; do
  for l in "${lists[@]}"; do
    # shellcheck disable=SC2086
    tty_run $cols "$LNSTORE_BIN" -o text $l >"tty.$cols.txt"
    [[ -s "tty.$cols.txt" ]] || fail "$l at $cols columns printed nothing"
    w=$(widest "tty.$cols.txt")
    [[ $w -le $cols ]] || fail "'$l -o text' is $w columns wide on a $cols-column terminal: $(cat "tty.$cols.txt")"
  done
done

# What a person needs is there, in short forms, on a terminal.
tty_run 120 "$LNSTORE_BIN" -o text channel list >t120.txt
tty_run 80 "$LNSTORE_BIN" -o text channel list >t80.txt
head -1 t120.txt | grep -q "CHAN_POINT.*STATUS.*CAPACITY_SAT.*LOCAL_SAT.*REMOTE_SAT" || fail "channel list at 120: $(head -1 t120.txt)"
head -1 t80.txt | grep -q "CHAN_POINT.*STATUS.*CAPACITY_SAT.*LOCAL_SAT" || fail "channel list at 80 lost essential columns: $(head -1 t80.txt)"
grep -q "…" t120.txt || fail "no shortened keys on a terminal"
grep -Eq "[0-9],[0-9]{3}" t120.txt || fail "no thousands separators on a terminal: $(cat t120.txt)"
[[ $(wc -l <t120.txt) -eq 5 ]] || fail "channel list: want a header and 4 rows: $(cat t120.txt)"
# Through a pipe: whole values, no shortening, no separators.
expect_ok lnstore -o text channel list
CP=$(sed -n 1p docs.jsonl | jq -r .chan_point)
grep -qF "$CP" <<<"$OUT" || fail "a pipe got a shortened channel point: $OUT"
! grep -q "…" <<<"$OUT" || fail "a pipe got shortened values"
# --wide: every field; --columns: these.
expect_ok lnstore -o text --wide channel list
head -1 <<<"$OUT" | grep -q "LOCAL_CSV_DELAY" || fail "--wide lacks fields: $(head -1 <<<"$OUT")"
expect_ok lnstore -o text --columns chan_point,status channel list
[[ "$(head -1 <<<"$OUT" | tr -s ' ')" == "CHAN_POINT STATUS" ]] || fail "--columns: $(head -1 <<<"$OUT")"
grep -q "^$CP  open$" <<<"$OUT" || fail "--columns rows: $OUT"

# Nested data shown: sessions under their tower, ranges per session.
expect_ok lnstore -o text tower list --include-sessions
grep -q "^    SESSION" <<<"$OUT" || fail "tower list --include-sessions -o text drops the sessions: $OUT"
grep -Eq "^    $S1 +1 +active +anchor +2 +1 " <<<"$OUT" || fail "the session row is missing under its tower: $OUT"
expect_ok lnstore -o text update acked $C
grep -q "RANGES" <<<"$OUT" || fail "update acked -o text drops the ranges: $OUT"
grep -q "^$S1 *2 *41-42$" <<<"$OUT" || fail "update acked ranges: $OUT"
# update list never prints the whole blob.
expect_ok lnstore -o text update list
! grep -q "$(xxd -p blob | tr -d '\n' | head -c 60)" <<<"$OUT" || fail "update list -o text prints the blob"
# JSON is never shortened, on a terminal either.
tty_run 80 "$LNSTORE_BIN" --compact channel list >json.txt
grep -qF "$CP" json.txt || fail "JSON on a terminal was shortened"
echo "ok"
