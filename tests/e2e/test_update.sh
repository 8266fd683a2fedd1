# update commit|ack|list|acked and channel register|registrations|mark-closed.
source "$(dirname "$0")/lib.sh"

expect_ok lnstore tower add "$G1@10.0.0.1"
expect_ok lnstore session reserve 1
expect_ok lnstore session create --tower 1 --key-index 1 --id "$G5" --max-updates 5
commit() { lnstore update commit "$G5" --seqnum "$1" --chan-id "$2" --commit-height "$3" --hint "${4:-$HINT1}" --blob "$BLOB"; }

expect_ok lnstore channel register "$CHAN1" --sweep-pkscript 0014aa
check '. == {"chan_id": "'$CHAN1'", "sweep_pkscript": "0014aa", "max_commit_height": null, "closed_height": null}'
expect_err 1 channel_already_registered lnstore channel register "$CHAN1" --sweep-pkscript 0014aa
expect_ok lnstore channel register "$CHAN2" --sweep-pkscript 0014bb

expect_err 1 commit_unordered_update commit 2 "$CHAN1" 10
expect_ok commit 1 "$CHAN1" 10
check '. == {"session": "'$G5'", "seqnum": 1, "last_applied": 0}'
expect_ok commit 1 "$CHAN1" 10                      # same hint: idempotent
check '.seqnum == 1'
expect_err 1 update_already_committed commit 1 "$CHAN1" 10 "$HINT2"
expect_err 1 client_session_not_found lnstore update commit "$G4" --seqnum 1 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob "$BLOB"
printf '\xca\xfe' >"$WORK/blob.bin"
expect_ok lnstore update commit "$G5" --seqnum 2 --chan-id "$CHAN1" --commit-height 12 --hint "$HINT1" --blob @"$WORK/blob.bin"
expect_ok commit 3 "$CHAN1" 11
expect_ok commit 4 "$CHAN2" 7
expect_ok commit 5 "$CHAN1" 20
expect_err 1 session_exhausted commit 6 "$CHAN1" 21

expect_ok lnstore update list "$G5"
check '.updates | length == 5 and .[1].encrypted_blob == "cafe" and .[0] == {"session": "'$G5'", "seqnum": 1, "chan_id": "'$CHAN1'", "commit_height": 10, "hint": "'$HINT1'", "encrypted_blob": "'$BLOB'"}'
expect_ok lnstore update list --chan-id "$CHAN2"
check '.updates | map(.seqnum) == [4]'
expect_ok lnstore channel registrations
check '.registrations | map(.max_commit_height) == [20, 7]'

expect_err 1 unallocated_last_applied lnstore update ack "$G5" --seqnum 1 --last-applied 6
expect_ok lnstore update ack "$G5" --seqnum 1 --last-applied 3
check '.tower_last_applied == 3 and .num_backups == 1 and .num_pending_backups == 4'
expect_err 1 last_applied_reversion lnstore update ack "$G5" --seqnum 2 --last-applied 2
expect_err 1 committed_update_not_found lnstore update ack "$G5" --seqnum 1 --last-applied 3
for s in 2 3 4 5; do expect_ok lnstore update ack "$G5" --seqnum $s --last-applied 5; done

expect_ok lnstore update acked "$CHAN1"
check '.num_acked == 4 and .max_commit_height == 20 and .closed_height == null'
check '.sessions == [{"session": "'$G5'", "ranges": [{"start": 10, "end": 12}, {"start": 20, "end": 20}], "num_acked": 4}]'
expect_ok lnstore update acked "$CHAN2" --session "$G5"
check '.sessions[0].ranges == [{"start": 7, "end": 7}]'
expect_err 1 channel_not_registered lnstore update acked "$(printf '33%.0s' {1..32})"

expect_ok lnstore channel mark-closed "$CHAN1" --height 100
check '.closable_sessions == [] and .deleted == false'   # CHAN2 still open
expect_ok lnstore channel mark-closed "$CHAN2" --height 101
check '.closable_sessions == ["'$G5'"]'
expect_ok lnstore channel registrations
check '.registrations == []'
expect_ok lnstore channel registrations --include-closed
check '.registrations | map(.closed_height) == [100, 101]'
expect_err 1 channel_not_registered lnstore channel mark-closed "$(printf '33%.0s' {1..32})" --height 1

# A channel with no registration: lnd's CommitUpdate takes it as closed. The
# update is committed without a registration or height, and its ack is a
# rogue update.
CHAN4=$(printf '44%.0s' {1..32})
expect_ok lnstore session reserve 1
idx=$(jq -r .key_index <<<"$OUT")
expect_ok lnstore session create --tower 1 --key-index "$idx" --id "$G6" --max-updates 5
expect_ok lnstore update commit "$G6" --seqnum 1 --chan-id "$CHAN4" --commit-height 9 --hint "$HINT1" --blob "$BLOB"
check '. == {"session": "'$G6'", "seqnum": 1, "last_applied": 0}'
expect_ok lnstore channel registrations --include-closed
check '[.registrations[].chan_id] | index("'$CHAN4'") == null'
expect_err 1 channel_not_registered lnstore update acked "$CHAN4"
expect_ok lnstore update ack "$G6" --seqnum 1 --last-applied 1
check '.num_backups == 1 and .num_pending_backups == 0'

# Bad input.
expect_err 3 bad_length lnstore channel register 1111 --sweep-pkscript 00
expect_err 3 bad_hex lnstore channel register "$CHAN1" --sweep-pkscript 0g
expect_err 3 bad_length lnstore update commit "$G5" --seqnum 6 --chan-id "$CHAN1" --commit-height 1 --hint 00 --blob "$BLOB"
expect_err 3 bad_field lnstore update commit "$G5" --seqnum 0 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob "$BLOB"
expect_err 3 bad_field lnstore update commit "$G5" --seqnum 1 --chan-id "$CHAN1" --commit-height -1 --hint "$HINT1" --blob "$BLOB"
expect_err 7 file_not_found lnstore update commit "$G5" --seqnum 6 --chan-id "$CHAN1" --commit-height 1 --hint "$HINT1" --blob @"$WORK/missing"
expect_err 3 bad_field lnstore channel mark-closed "$CHAN1" --height x
expect_ok lnstore db check
echo "test_update: ok"
