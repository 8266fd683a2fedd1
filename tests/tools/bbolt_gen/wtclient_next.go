package main

import (
	"bytes"
	"net"
)

// advanceWt turns buildWtState(8, 0, …) into the state lnd would have a
// while later (wtclient_next.db, for the re-import test):
//   - session 1 committed seqnum 13 (channel 2, height 12) and the tower
//     acknowledged seqnum 10 (channel 1, height 8): seqnum 13, last applied
//     10, the update leaves the committed bucket, channel 1's range 6-7
//     grows to 6-8; channel 2's max commitment height becomes 12;
//   - closable session 4 (rogue updates, height 0) was deleted by lnd;
//   - tower 5 was added.
func advanceWt(st *wtState) {
	sa := st.Sessions[0]
	blob := append([]byte{}, sa.Commits[0].Blob...)
	blob[0] ^= 0xff
	sa.SeqNum, sa.LastApplied = 13, 10
	sa.Commits = append(sa.Commits[1:], wtCommit{13, chanID(2), 12, bytes.Repeat([]byte{0x5a}, 16), blob})
	sa.Ranges[1] = []wtRange{{1, 4}, {6, 8}}
	for _, c := range st.Channels {
		if bytes.Equal(c.ChanID, chanID(2)) {
			c.MaxHeight = u64p(12)
		}
	}

	var kept []*wtSession
	var gone []byte
	for _, s := range st.Sessions {
		if s.DBID == 4 {
			gone = s.ID
			continue
		}
		kept = append(kept, s)
	}
	st.Sessions = kept
	delete(st.Closable, 4)
	for _, t := range st.Towers {
		var ids [][]byte
		for _, id := range t.Session {
			if !bytes.Equal(id, gone) {
				ids = append(ids, id)
			}
		}
		t.Session = ids
	}

	st.Towers = append(st.Towers, &wtTower{ID: 5, Pub: newKeySource(5000).next(), Status: u8p(0),
		Addrs: []wtAddr{addrIP(net.IPv4(203, 0, 113, 77).To4(), 9911)}})
	st.Seq["client-tower-index-bucket"] = 5
}
