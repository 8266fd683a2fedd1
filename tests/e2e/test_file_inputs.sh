# Every file lnstore reads goes through one reader: a directory, FIFO or
# device where a file is expected is refused (exit 7, not_a_regular_file,
# naming the path) without blocking and without touching the database; an
# input over its size limit is refused (exit 3, file_too_large); stdin ('-')
# still works where it did.
source "$(dirname "$0")/lib.sh"
ROOT=tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt
printf '%s\n' "$ROOT" >root.key
chmod 600 root.key
write_aezeed_words  # aezeed.md §9.3, lnd vector 1 (lib.sh)
expect_ok lnstore db init
expect_ok lnstore tower add "$G1@10.0.0.1"
mkdir dir
mkfifo fifo
# A hang on the FIFO would be exit 124 from timeout, not the expected 7.
T() { timeout 20 "$LNSTORE_BIN" "$@"; }
CP=0000000000000000000000000000000000000000000000000000000000000001:0

refused() {  # refused PATH CMD...: exit 7 not_a_regular_file, naming PATH
  local path=$1
  shift
  expect_err 7 not_a_regular_file "$@"
  grep -qF "$path" "$WORK/stderr" || fail "the error does not name $path: $(cat "$WORK/stderr")"
}

for bad in "$WORK/dir" "$WORK/fifo" /dev/null; do
  refused "$bad" T apply "$bad"
  refused "$bad" T apply --atomic "$bad"
  refused "$bad" T --config "$bad" tower list
  refused "$bad" T channel open "$bad"
  refused "$bad" T channel update "$CP" "$bad"
  refused "$bad" T --root-key-file "$bad" key info
  refused "$bad" T update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob @"$bad"
  LNSTORE_SEED_PASSPHRASE_FILE="$bad" refused "$bad" T --root-key-file words.txt key info
  refused "$bad" T --network regtest --root-key-file root.key backup verify "$bad"
  refused "$bad" T --network regtest --root-key-file root.key backup dump "$bad"
  refused "$bad" T --network regtest --root-key-file root.key backup restore "$bad"
  refused "$bad" T --network regtest --root-key-file root.key backup export --file "$bad"
  refused "$bad" T --network regtest --root-key-file root.key --backup-file "$bad" peer add "$G6@10.0.0.6:9735"
  refused "$bad" T import lnd-wtclient "$bad"
  refused "$bad" T import lnd-channels "$bad"
  LNSTORE_DB="$bad" refused "$bad" T tower list
  LNSTORE_DB="$bad" refused "$bad" T tower add "$G2@10.0.0.2"
done
# A FIFO at --backup-file never holds the write lock: the command is refused
# at once (no reader waits on the FIFO), and writers started beside it get
# through without waiting out their busy timeout.
for i in 1 2 3; do
  rc=0
  T --network regtest --root-key-file root.key --backup-file "$WORK/fifo" peer add "$G6@10.0.0.6:9735" >/dev/null 2>fifo.err & p1=$!
  expect_ok lnstore --busy-timeout 2000 tower add "$G7@10.0.0.$i"
  wait $p1 || rc=$?
  [[ $rc -eq 7 ]] && jq -e '.error.code == "not_a_regular_file"' fifo.err >/dev/null || fail "--backup-file FIFO beside a writer: exit $rc: $(cat fifo.err)"
done
expect_ok lnstore tower show "$G7"
check '.addresses | length == 3'

# The default config file's place holding a directory is refused too.
mkdir -p "$XDG_CONFIG_HOME/lnstore/config.toml"
refused "$XDG_CONFIG_HOME/lnstore/config.toml" T tower list
rmdir "$XDG_CONFIG_HOME/lnstore/config.toml"

# Size limits: refused whole, never truncated.
head -c 100000 /dev/zero | tr '\0' 'x' >big.key
expect_err 3 file_too_large lnstore --root-key-file big.key key info
head -c 2000000 /dev/zero | tr '\0' '#' >big.toml
expect_err 3 file_too_large lnstore --config big.toml tower list
head -c 2000000 /dev/zero >big.blob
expect_err 3 file_too_large lnstore update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob @big.blob
# Standard input, a pipe, is read with the same limit.
expect_err 3 file_too_large lnstore --root-key-file - key info < <(head -c 100000 /dev/zero | tr '\0' 'x')

# A missing file is still file_not_found; stdin still works.
expect_err 7 file_not_found lnstore apply "$WORK/none.jsonl"
expect_ok lnstore --network regtest --root-key-file - key info <root.key
check '.source == "xprv"'
expect_ok lnstore --config - tower list < <(printf 'output = "text"\n')
grep -q "^ID" <<<"$OUT" || fail "--config - (standard input) not applied"
printf 'aezeed\n' >pass.txt
want=$(LNSTORE_SEED_PASSPHRASE_FILE="$WORK/pass.txt" lnstore --network regtest --root-key-file words.txt key info | jq -r .backup_key_pubkey)
LNSTORE_SEED_PASSPHRASE_FILE=- expect_ok lnstore --network regtest --root-key-file words.txt key info < <(printf 'aezeed\n')
check '.backup_key_pubkey == "'"$want"'"'
expect_ok lnstore apply - < <(printf '{"op": "tower.add", "address": "%s@10.0.0.3"}\n' "$G3")
check '.ok == true and .line == 1'
expect_ok lnstore apply < <(printf '{"op": "tower.add", "address": "%s@10.0.0.4"}' "$G4")
check '.ok == true'                                  # a last line without newline counts
expect_ok lnstore tower list
check '.towers | length == 4'
echo "test_file_inputs: ok"
