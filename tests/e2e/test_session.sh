# session reserve|create|list|show|terminate|closable|delete and their refusals.
source "$(dirname "$0")/lib.sh"

expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore tower add "$G2@10.0.0.2"

expect_ok lnstore session reserve "$G1"
check '. == {"tower_id": 1, "blob_type": "legacy", "key_index": 1}'
expect_ok lnstore session reserve 1
check '.key_index == 1'
expect_ok lnstore session reserve 1 --blob-type anchor
check '.key_index == 2 and .blob_type == "anchor"'
expect_ok lnstore session reserve 2 --blob-type 0x1a
check '.key_index == 3 and .blob_type == "taproot-final"'
expect_ok lnstore session reserve 1 --blob-type anchor --force-next
check '.key_index == 1003'
expect_err 1 tower_not_found lnstore session reserve 9
expect_err 3 unsupported_blob_type lnstore session reserve 1 --blob-type 5

expect_err 1 no_reserved_key_index lnstore session create --tower 2 --key-index 1 --id "$G5"
expect_err 1 incorrect_key_index lnstore session create --tower 1 --key-index 2 --id "$G5"
expect_err 1 altruist_reward lnstore session create --tower 1 --key-index 1 --id "$G5" --reward-base 1
expect_err 1 no_max_updates lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 0
expect_err 1 sweep_fee_rate_too_low lnstore session create --tower 1 --key-index 1 --id "$G5" --sweep-fee-rate 999
expect_err 3 invalid_pubkey lnstore session create --tower 1 --key-index 1 --id "$OFFCURVE"
expect_err 3 bad_length lnstore session create --tower 1 --key-index 1 --id 0279be
expect_err 3 bad_field lnstore session create --tower 1 --key-index x --id "$G5"
expect_err 3 bad_field lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 70000
expect_err 2 usage lnstore session create --tower 1 --key-index 1

expect_ok lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 2
check '.id == "'$G5'" and .tower_id == 1 and .tower_pubkey == "'$G1'" and .key_index == 1 and .status == "active"'
check '.policy == {"blob_type": "legacy", "max_updates": 2, "reward_base": 0, "reward_rate": 0, "sweep_fee_rate": 2500, "sweep_sat_per_vbyte": 10}'
check '.seqnum == 0 and .tower_last_applied == 0 and .reward_pkscript == "" and .num_pending_backups == 0'
check '.num_backups == 0 and .exhausted == false and .closable == false and .committed_updates == null'
check '(keys | length) == 14'
expect_ok lnstore session reserve 1
expect_err 1 client_session_already_exists lnstore session create --tower 1 --key-index 1004 --id "$G5"
expect_ok lnstore session create --tower "$G1" --key-index 1004 --id "$G6" --blob-type legacy --sweep-fee-rate 12500
expect_ok lnstore session reserve 1 --blob-type reward
expect_ok lnstore session create --tower 1 --key-index 1005 --id "$G7" --blob-type reward --reward-base 10 --reward-rate 100 --reward-pkscript 0014ab
check '.policy.blob_type == "reward" and .policy.reward_base == 10 and .reward_pkscript == "0014ab"'

expect_ok lnstore session list
check '.sessions | map(.id) == ["'$G5'", "'$G6'", "'$G7'"]'
expect_ok lnstore session list --tower 2
check '.sessions == []'
expect_err 1 tower_not_found lnstore session list --tower 42
expect_ok lnstore session show "$G5" --with-updates
check '.committed_updates == []'
expect_err 1 client_session_not_found lnstore session show "$G4"

# Exhaust G5 on a channel, close the channel: G5 becomes closable.
expect_ok lnstore channel register "$CHAN1" --sweep-pkscript 0014aa
for s in 1 2; do
  expect_ok lnstore update commit "$G5" --seqnum $s --chan-id "$CHAN1" --commit-height $((s + 10)) --hint "$HINT1" --blob "$BLOB"
done
expect_ok lnstore session list --exclude-exhausted
check '.sessions | map(.id) | index("'$G5'") != null'  # pending updates keep it listed
expect_err 1 session_has_unacked_updates lnstore session terminate "$G5"
expect_ok lnstore update ack "$G5" --seqnum 1 --last-applied 2
expect_ok lnstore update ack "$G5" --seqnum 2 --last-applied 2
check '.exhausted == true and .num_backups == 2 and .num_pending_backups == 0'
expect_ok lnstore session list --exclude-exhausted
check '.sessions | map(.id) == ["'$G6'", "'$G7'"]'
expect_ok lnstore tower show 1 --include-sessions --exclude-exhausted
check '.sessions | map(.id) == ["'$G6'", "'$G7'"]'
expect_err 1 session_not_closable lnstore session delete "$G5"
expect_ok lnstore channel mark-closed "$CHAN1" --height 800000
check '.closable_sessions == ["'$G5'"] and .deleted == false'
expect_ok lnstore session closable
check '.closable_sessions == [{"id": "'$G5'", "height": 800000}]'
expect_ok lnstore session show "$G5"
check '.closable == true'
expect_ok lnstore session delete "$G5"
check '. == {"id": "'$G5'", "deleted": true}'
expect_ok lnstore session delete "$G5"
check '.deleted == false'
expect_ok lnstore channel registrations --include-closed
check '.registrations == []'

# Terminate.
expect_ok lnstore session terminate "$G6"
check '.status == "terminal"'
expect_ok lnstore session list --status terminal
check '.sessions | map(.id) == ["'$G6'"]'
expect_err 1 client_session_not_found lnstore session terminate "$G4"
expect_ok lnstore db check
echo "test_session: ok"
