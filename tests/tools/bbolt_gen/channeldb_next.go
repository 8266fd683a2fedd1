// A newer state of a real lnd channel.db, for import tests that re-import a
// node's file after its channels changed (spec/lnd-import.md section 2):
//
//	bbolt_gen -channeldb-next SRC DST
//
// copies SRC (the chantools fixture's layout: version 20, one-byte BigSize
// channel type and status) to DST and, with bbolt, changes it as lnd would:
//   - channel 10279f62…:0 advances one commitment: height +1, 1,000,000 msat
//     moved from local to remote, fee_per_kw +1000, the commitment's
//     obscured number (locktime) moved on by one;
//   - channel 9e7004cc…:0 is closed by a remote force close: its bucket
//     leaves open-chan-bucket, its close summary (lnd ClosureType 4) goes to
//     closed-chan-bucket and outpoint-bucket marks it closed;
//   - a new channel opens with the same peer: channel d130aa87…:0's records
//     under a new channel point (its commitments spend the new outpoint).
// It prints the three channel points as JSON {"advanced", "closed", "added"}.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// chanKey is lnd's channel point key: txid in internal order, index u32 BE.
func chanKey(display string, index uint32) []byte {
	txid, err := hex.DecodeString(display)
	must(err)
	key := make([]byte, 0, 36)
	for i := len(txid) - 1; i >= 0; i-- {
		key = append(key, txid[i])
	}
	return append(key, be32(index)...)
}

func displayPoint(key []byte) string {
	txid := make([]byte, 32)
	for i := 0; i < 32; i++ {
		txid[i] = key[31-i]
	}
	return fmt.Sprintf("%s:%d", hex.EncodeToString(txid), binary.BigEndian.Uint32(key[32:]))
}

// txLen is the length of the Bitcoin-serialized transaction at the start of b.
func txLen(b []byte) int {
	pos := 4
	segwit := b[4] == 0 && b[5] == 1
	if segwit {
		pos += 2
	}
	varint := func() uint64 {
		v := uint64(b[pos])
		pos++
		switch v {
		case 0xfd:
			v = uint64(binary.LittleEndian.Uint16(b[pos:]))
			pos += 2
		case 0xfe:
			v = uint64(binary.LittleEndian.Uint32(b[pos:]))
			pos += 4
		case 0xff:
			v = binary.LittleEndian.Uint64(b[pos:])
			pos += 8
		}
		return v
	}
	nin := varint()
	for i := uint64(0); i < nin; i++ {
		pos += 36
		pos += int(varint())
		pos += 4
	}
	nout := varint()
	for i := uint64(0); i < nout; i++ {
		pos += 8
		pos += int(varint())
	}
	if segwit {
		for i := uint64(0); i < nin; i++ {
			n := varint()
			for j := uint64(0); j < n; j++ {
				pos += int(varint())
			}
		}
	}
	return pos + 4
}

// copyBucket copies every key, nested bucket and sequence of src into dst.
func copyBucket(dst, src *bolt.Bucket) {
	must(src.ForEach(func(k, v []byte) error {
		if v == nil {
			nb, err := dst.CreateBucket(k)
			if err != nil {
				return err
			}
			copyBucket(nb, src.Bucket(k))
			return nil
		}
		return dst.Put(append([]byte{}, k...), append([]byte{}, v...))
	}))
	must(dst.SetSequence(src.Sequence()))
}

// chainBucket finds the open-chan-bucket chain bucket holding chanKey.
func chainBucket(tx *bolt.Tx, key []byte) (node []byte, chain *bolt.Bucket) {
	open := tx.Bucket([]byte("open-chan-bucket"))
	c := open.Cursor()
	for nk, v := c.First(); nk != nil; nk, v = c.Next() {
		if v != nil {
			continue
		}
		nb := open.Bucket(nk)
		cc := nb.Cursor()
		for ck, cv := cc.First(); ck != nil; ck, cv = cc.Next() {
			if cv != nil {
				continue
			}
			if b := nb.Bucket(ck); b.Bucket(key) != nil {
				return append([]byte{}, nk...), b
			}
		}
	}
	must(fmt.Errorf("channel %s not in open-chan-bucket", displayPoint(key)))
	return nil, nil
}

// chan-info offsets with one-byte BigSize type and status (lnd-import.md 2.4).
const (
	infoOutpoint = 33
	infoScid     = 69
	infoCapacity = 120
)

func genChannelDBNext(src, dst string) {
	data, err := os.ReadFile(src)
	must(err)
	must(os.WriteFile(dst, data, 0o600))
	db, err := bolt.Open(dst, 0o600, &bolt.Options{NoFreelistSync: true})
	must(err)
	advanced := chanKey("10279f62619634058b6133cb7ac6c1693a8e6df7caa91c6263ca3d0bf704ad4d", 0)
	closed := chanKey("9e7004ccf0cb19eb2d967aa0142e3476b4d27874da7048e61b61fdbacf9200d3", 0)
	template := chanKey("d130aa87c402ac8fd363af0045a6cb0f8313f49b65bca92fad574102f17bff11", 0)
	newTxid := sha256.Sum256([]byte("lnstore channeldb-next: a channel opened after the first import"))
	added := append(append([]byte{}, newTxid[:]...), be32(1)...)
	localCommit := append([]byte("chan-commitment-key"), 0x00)
	remoteCommit := append([]byte("chan-commitment-key"), 0x01)

	must(db.Update(func(tx *bolt.Tx) error {
		// One commitment further.
		_, chain := chainBucket(tx, advanced)
		cb := chain.Bucket(advanced)
		commit := append([]byte{}, cb.Get(localCommit)...)
		const delta = 1000000
		local, remote := binary.BigEndian.Uint64(commit[40:]), binary.BigEndian.Uint64(commit[48:])
		if local < delta {
			panic("channel to advance has too little local balance")
		}
		binary.BigEndian.PutUint64(commit[0:], binary.BigEndian.Uint64(commit[0:])+1)
		binary.BigEndian.PutUint64(commit[40:], local-delta)
		binary.BigEndian.PutUint64(commit[48:], remote+delta)
		binary.BigEndian.PutUint64(commit[64:], binary.BigEndian.Uint64(commit[64:])+1000)
		// The locktime's low 24 bits are the obscured commitment number:
		// from 0 to 1 its lowest bit flips.
		end := 72 + txLen(commit[72:])
		commit[end-4] ^= 1
		must(cb.Put(localCommit, commit))

		// Closed by the peer.
		node, chain := chainBucket(tx, closed)
		info := chain.Bucket(closed).Get([]byte("chan-info-key"))
		summary := append([]byte{}, closed...)
		summary = append(summary, info[infoScid:infoScid+8]...)
		summary = append(summary, info[1:33]...) // chain hash
		closing := sha256.Sum256([]byte("lnstore channeldb-next: the remote commitment"))
		summary = append(summary, closing[:]...)
		summary = append(summary, be32(700)...)
		summary = append(summary, node...)
		summary = append(summary, info[infoCapacity:infoCapacity+8]...)
		closedCommit := chain.Bucket(closed).Get(localCommit)
		summary = append(summary, be64(binary.BigEndian.Uint64(closedCommit[40:])/1000)...) // settled
		summary = append(summary, be64(0)...)                                                // time-locked
		summary = append(summary, 4, 0, 0)                                                   // RemoteForceClose, not pending, no new fields
		cs, err := tx.CreateBucketIfNotExists([]byte("closed-chan-bucket"))
		must(err)
		must(cs.Put(closed, summary))
		must(chain.DeleteBucket(closed))
		op, err := tx.CreateBucketIfNotExists([]byte("outpoint-bucket"))
		must(err)
		must(op.Put(closed, []byte{0x00, 0x01, 0x01}))

		// A new channel with the template's peer and keys.
		_, chain = chainBucket(tx, template)
		nb, err := chain.CreateBucket(added)
		must(err)
		copyBucket(nb, chain.Bucket(template))
		info = append([]byte{}, nb.Get([]byte("chan-info-key"))...)
		copy(info[infoOutpoint:], added)
		binary.BigEndian.PutUint64(info[infoScid:], binary.BigEndian.Uint64(info[infoScid:])+10<<40)
		must(nb.Put([]byte("chan-info-key"), info))
		for _, k := range [][]byte{localCommit, remoteCommit} {
			c := append([]byte{}, nb.Get(k)...)
			if len(c) == 0 {
				continue
			}
			// version, input count 1, then the prevout (txid, index LE).
			copy(c[72+5:], newTxid[:])
			binary.LittleEndian.PutUint32(c[72+5+32:], 1)
			must(nb.Put(k, c))
		}
		must(op.Put(added, []byte{0x00, 0x01, 0x00}))
		if ci := tx.Bucket([]byte("chan-id-bucket")); ci != nil {
			id := append([]byte{}, newTxid[:]...)
			id[31] ^= 1
			must(ci.Put(id, []byte{}))
		}
		return nil
	}))
	must(db.Close())
	out, err := json.Marshal(map[string]string{
		"advanced": displayPoint(advanced), "closed": displayPoint(closed), "added": displayPoint(added)})
	must(err)
	fmt.Println(string(out))
}
