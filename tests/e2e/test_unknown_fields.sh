# Closed sets: an apply line or a config file with a field lnstore does not
# know is refused (exit 3, unknown_field, naming it), never ignored.
source "$(dirname "$0")/lib.sh"
expect_ok lnstore tower add "$G1@10.0.0.1"

before=$(db_digest)
rc=0; OUT=$(lnstore apply <<<'{"op":"session.reserve","tower":1,"blob_typ":"anchor"}') || rc=$?
[[ $rc -eq 3 ]] || fail "an unknown field must fail its line with exit 3 (got $rc): $OUT"
check '.line == 1 and .ok == false and .error.code == "unknown_field" and (.error.message | contains("blob_typ"))'
[[ "$(db_digest)" == "$before" ]] || fail "the refused line changed the database"
expect_ok lnstore session reserve 1 --blob-type anchor
check '.key_index == 1'                              # nothing was reserved before

# In --atomic and --keep-going runs too, and inside session.create's policy.
cat >ops.jsonl <<LINES
{"op": "tower.add", "address": "$G2@10.0.0.2"}
{"op": "session.create", "tower": 1, "key_index": 1, "id": "$G7", "policy": {"blob_type": "anchor", "max_update": 3}}
LINES
before=$(db_digest)
rc=0; OUT=$(lnstore apply --atomic ops.jsonl 2>/dev/null) || rc=$?
[[ $rc -eq 3 ]] || fail "atomic run: expected exit 3 (got $rc)"
jq -se '.[1].error.code == "unknown_field" and (.[1].error.message | contains("policy.max_update"))' <<<"$OUT" >/dev/null ||
  fail "policy field not named: $OUT"
[[ "$(db_digest)" == "$before" ]] || fail "an atomic run with a refused line changed the database"
rc=0; OUT=$(lnstore apply --keep-going <<<'{"op":"tower.add","address":"'$G3'@10.0.0.3","port":1}') || rc=$?
[[ $rc -eq 1 ]] || fail "keep-going: expected exit 1 (got $rc)"
check '.error.code == "unknown_field"'
expect_err 1 tower_not_found lnstore tower show "$G3"

# The config file: a key it does not know names the key and the file.
printf 'output = "json"\nbusy_timout = 100\n' >typo.toml
expect_err 3 unknown_field lnstore --config typo.toml tower list
grep -q "busy_timout" "$WORK/stderr" || fail "the unknown key is not named"
grep -q "typo.toml" "$WORK/stderr" || fail "the config file is not named"
# Every key it accepted before is still accepted.
cat >all.toml <<'CFG'
[global]
db = "lnstore.db"
network = "mainnet"
backup_file = "none.backup"
root-key-file = "none.key"
output = "json"
compact = false
busy-timeout = 100
no_archive = true
verbose = false
quiet = false
CFG
expect_ok lnstore --config all.toml tower list
check '.towers | length == 1'
echo "test_unknown_fields: ok"
