# Shared set-up for backup tests: the public lnd vector of scb-format.md §8
# (regtest root key and a packed Single written by lnd) and real channels.
# Sourcing this only defines; a test calls backup_fixture to set up.
REF="$LNSTORE_SOURCE_DIR/tests/tools/scb_reference.py"
ROOT=tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt
OTHER_ROOT=tprv8ZgxMBicQKsPd9TeAdPADNnSyH9SSUUbTVeFszDE23Ki6TBB5nCefAdHkK8Fm3qMQR6sHwA56zqRmKmxnHk37JkiFzvncDqoKmPWubu7hDF
VECTOR_CP=85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0

# backup_fixture: in $WORK, writes root.key and other.key (0600), exports
# LNSTORE_NETWORK=regtest and LNSTORE_ROOT_KEY_FILE, extracts lnd's vector
# (vector.single, vector.plain) and writes docs.jsonl, the fixture's four
# channels as channel documents. Skips the test without its shared files.
backup_fixture() {
  need_python
  need_shared spec/scb-format.md fixtures/lnd/chantools/expected-open-channels.json
  printf '%s\n' "$ROOT" >"$WORK/root.key"
  printf '%s\n' "$OTHER_ROOT" >"$WORK/other.key"
  chmod 600 "$WORK/root.key" "$WORK/other.key"
  export LNSTORE_NETWORK=regtest LNSTORE_ROOT_KEY_FILE="$WORK/root.key"
  "$PY" - "$LNSTORE_SHARED_DIR/spec/scb-format.md" <<'PYEOF'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"\n([0-9a-f]{1000,})\n", text)
open("vector.single", "wb").write(bytes.fromhex(blocks[0]))
open("vector.plain", "w").write(blocks[1])
PYEOF
  "$PY" "$LNSTORE_SOURCE_DIR/tests/tools/channel_docs_from_fixture.py" \
    "$LNSTORE_SHARED_DIR/fixtures/lnd/chantools/expected-open-channels.json" >"$WORK/docs.jsonl"
}
