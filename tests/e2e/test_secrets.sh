# Secrets stay secret: never taken from argv, never in output, logs, error
# messages or files other than the key file; every file lnstore writes is 0600.
source "$(dirname "$0")/lib.sh"
need_python bip32utils
source "$E2E_DIR/backup_lib.sh"
backup_fixture
# The master private key of ROOT, computed independently.
MASTER_PRIV=$("$PY" -c '
import sys
from bip32utils import BIP32Key
k = BIP32Key.fromExtendedKey(sys.argv[1])
print(k.PrivateKey().hex())' "$ROOT")

# There is no way to pass a key on the command line.
expect_err 2 usage lnstore --root-key "$ROOT" key info
# A key typed where its file belongs is not echoed back.
rc=0; lnstore --root-key-file "$ROOT" key info >out.txt 2>err.txt || rc=$?
[[ $rc -eq 7 ]] || fail "a key given as a file name should be an I/O error (got $rc)"
! grep -q "$ROOT" out.txt err.txt || fail "the root key was echoed in an error"

# Everything a session of work prints, with logs at full verbosity.
{
  lnstore -v -v key info
  lnstore -v -v key derive --family 7 --index 0
  lnstore -v -v apply < <(jq -c '{op: "channel.open", channel: .}' docs.jsonl)
  lnstore -v -v --backup-file "$WORK/channel.backup" backup export --file "$WORK/channel.backup"
  lnstore -v -v backup dump channel.backup
  lnstore -v -v backup restore --single vector.single
  lnstore -v -v -o text channel list
  lnstore -v -v --root-key-file other.key backup verify channel.backup || true
} >all.out 2>all.err
for secret in "$ROOT" "$MASTER_PRIV" "${ROOT:4:40}"; do
  ! grep -q -- "$secret" all.out all.err || fail "a secret appeared in output or logs"
done
grep -q "lnstore:" all.err || fail "verbose run wrote no log lines (the check would be vacuous)"

# No file but the key file holds the key: the database, its WAL, the
# backups and archives (the backup is encrypted; the key is not inside).
for f in "$LNSTORE_DB" "$LNSTORE_DB"-wal channel.backup chan-backup-archives/*; do
  [[ -f "$f" ]] || continue
  ! grep -q -- "$ROOT" "$f" || fail "$f holds the root key"
  ! xxd -p "$f" | tr -d '\n' | grep -q "$MASTER_PRIV" || fail "$f holds the master private key"
done

# Every file lnstore created is private.
for f in "$LNSTORE_DB" "$LNSTORE_DB"-wal "$LNSTORE_DB"-shm channel.backup chan-backup-archives/*; do
  [[ -f "$f" ]] || continue
  [[ $(stat -c %a "$f") == 600 ]] || fail "$f has mode $(stat -c %a "$f")"
done
[[ $(stat -c %a chan-backup-archives 2>/dev/null || echo 700) == 700 ]] || fail "archive directory is not private"

# The process never carries the key in its arguments or environment.
"$LNSTORE_BIN" backup watch --file "$WORK/watch.backup" --interval 0.2 >/dev/null 2>&1 & pid=$!
sleep 0.5
! tr '\0' ' ' </proc/$pid/cmdline | grep -q -- "${ROOT:0:20}" || fail "root key on the command line"
! tr '\0' '\n' </proc/$pid/environ | grep -q -- "${ROOT:0:20}" || fail "root key in the environment"
kill -TERM $pid; wait $pid || fail "watch did not stop cleanly"
echo "test_secrets: ok"
