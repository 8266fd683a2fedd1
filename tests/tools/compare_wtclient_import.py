#!/usr/bin/python3
"""Compare what lnstore shows after `import lnd-wtclient` with the JSON the
fixture generator (tests/tools/bbolt_gen) wrote next to the wtclient.db it
built from lnd's layout. Exits 1 listing every difference.

usage: compare_wtclient_import.py GENERATOR_JSON LNSTORE_DUMP_JSON
The dump is {"towers": tower list --include-sessions, "sessions": session list
--with-updates, "registrations": channel registrations --include-closed,
"closable": session closable, "acked": {chan_id: update acked output},
"reservations": [[tower_id, blob_type, key_index]], "sequences": {...}}.
"""
import json
import sys

BLOB_NAMES = {2: "legacy", 3: "reward", 6: "anchor", 10: "taproot", 26: "taproot-final"}

def main():
    gen = json.load(open(sys.argv[1]))
    got = json.load(open(sys.argv[2]))
    problems = []

    def expect(what, want, have):
        if want != have:
            problems.append("%s: want %r, got %r" % (what, want, have))

    towers = {t["id"]: t for t in got["towers"]}
    expect("tower ids", sorted(t["id"] for t in gen["towers"]), sorted(towers))
    for t in gen["towers"]:
        have = towers.get(t["id"], {})
        expect("tower %d pubkey" % t["id"], t["pubkey"], have.get("pubkey"))
        expect("tower %d addresses (newest first)" % t["id"], t["addresses"], have.get("addresses"))
        expect("tower %d status" % t["id"], ["active", "inactive"][t["status"]], have.get("status"))

    sessions = {s["id"]: s for s in got["sessions"]}
    expect("session ids", sorted(s["id"] for s in gen["sessions"]), sorted(sessions))
    db_to_id = {s["db_id"]: s["id"] for s in gen["sessions"]}
    for s in gen["sessions"]:
        have = sessions.get(s["id"], {})
        sid = s["id"][:12]
        expect("session %s tower" % sid, s["tower_id"], have.get("tower_id"))
        expect("session %s key index" % sid, s["key_index"], have.get("key_index"))
        expect("session %s status" % sid, ["active", "terminal"][s["status"]], have.get("status"))
        p = s["policy"]
        expect("session %s policy" % sid,
               {"blob_type": BLOB_NAMES.get(p["blob_type"], str(p["blob_type"])), "max_updates": p["max_updates"],
                "reward_base": p["reward_base"], "reward_rate": p["reward_rate"], "sweep_fee_rate": p["sweep_fee_rate"],
                # lnd's FeePerVByte: sat/kw * 4 / 1000, rounded down
                "sweep_sat_per_vbyte": p["sweep_fee_rate"] * 4 // 1000},
               have.get("policy"))
        expect("session %s seqnum" % sid, s["seqnum"], have.get("seqnum"))
        expect("session %s tower_last_applied" % sid, s["tower_last_applied"], have.get("tower_last_applied"))
        expect("session %s reward_pkscript" % sid, s["reward_pkscript"], have.get("reward_pkscript"))
        expect("session %s committed updates" % sid,
               [{"seqnum": u["seqnum"], "chan_id": u["chan_id"], "commit_height": u["commit_height"],
                 "hint": u["hint"], "encrypted_blob": u["encrypted_blob"]} for u in s["committed_updates"]],
               have.get("committed_updates"))
        acked = sum(e - b + 1 for r in s.get("acked_ranges") or [] for b, e in r["ranges"])
        expect("session %s num_backups" % sid, acked + (s.get("rogue_count") or 0), have.get("num_backups"))

    regs = {r["chan_id"]: r for r in got["registrations"]}
    expect("registered channels", sorted(c["chan_id"] for c in gen["channels"]), sorted(regs))
    chan_by_db = {c["db_id"]: c["chan_id"] for c in gen["channels"]}
    for c in gen["channels"]:
        have = regs.get(c["chan_id"], {})
        expect("channel %s sweep" % c["chan_id"][:12], c["sweep_pkscript"], have.get("sweep_pkscript"))
        expect("channel %s closed height" % c["chan_id"][:12], c["closed_height"], have.get("closed_height"))
        expect("channel %s max height" % c["chan_id"][:12], c["max_height"], have.get("max_commit_height"))
        # The range index of the channel, by session.
        want = {}
        for s in gen["sessions"]:
            for r in s.get("acked_ranges") or []:
                if r["db_chan_id"] == c["db_id"]:
                    want[s["id"]] = [{"start": b, "end": e} for b, e in r["ranges"]]
        have_ranges = {x["session"]: x["ranges"] for x in got["acked"].get(c["chan_id"], {}).get("sessions", [])}
        expect("channel %s acked ranges" % c["chan_id"][:12], want, have_ranges)

    expect("closable sessions",
           sorted((db_to_id[c["db_id"]], c["height"]) for c in gen["closable_sessions"]),
           sorted((c["id"], c["height"]) for c in got["closable"]))
    seq = gen["sequences"]
    expect("tower id allocator", seq["client-tower-index-bucket"], got["sequences"]["tower_id"])
    expect("session db id allocator", seq["client-session-id-index"], got["sequences"]["session_db_id"])
    expect("channel db id allocator", seq["client-channel-id-index"], got["sequences"]["channel_db_id"])
    expect("key index allocator", seq["client-session-key-index-bucket"], got["sequences"]["session_key_index"])
    for p in problems:
        print(p)
    return 1 if problems else 0

sys.exit(main())
