// bbolt_gen writes bbolt test files with Debian's bbolt (go.etcd.io/bbolt
// 1.3.6, a real bbolt writer) together with JSON files that describe exactly
// what was written. The JSON comes from the generator's own in-memory model,
// never from reading the files back, so a reader under test is compared with
// what bbolt was asked to store.
//
//	bbolt_gen OUTDIR          test files (generic trees, corrupt metas, wtclient.db)
//	bbolt_gen -corpus OUTDIR  a few small files for the fuzz seed corpus
//	bbolt_gen -revlog SRC DST MIB
//	                          a copy of lnd channel.db SRC grown to at least
//	                          MIB MiB with revocation-log entries (DST)
//	bbolt_gen -tombstone SRC DST
//	                          a copy of SRC marked as lndinit migrate-db marks
//	                          a source it has copied to SQL
//	bbolt_gen -channeldb-next SRC DST
//	                          a newer state of a real channel.db (channeldb_next.go)
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o bbolt_gen .
//
// The wtclient.db encodings follow lnstore's spec/wtclient-model.md (A.2-A.4)
// and spec/lnd-import.md section 3 byte by byte; no lnd code is used.
package main

import (
	"bytes"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/big"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bbolt_gen:", err)
		os.Exit(1)
	}
}

// ---------------------------------------------------------------------------
// Generic bucket trees.

// tree is the model of one bucket: its sequence, plain key/values and nested
// buckets. A key is never both.
type tree struct {
	seq uint64
	kv  map[string][]byte
	sub map[string]*tree
}

func newTree() *tree { return &tree{kv: map[string][]byte{}, sub: map[string]*tree{}} }

func (t *tree) child(name string) *tree {
	if c, ok := t.sub[name]; ok {
		return c
	}
	c := newTree()
	t.sub[name] = c
	return c
}

func (t *tree) clone() *tree {
	c := newTree()
	c.seq = t.seq
	for k, v := range t.kv {
		c.kv[k] = append([]byte{}, v...)
	}
	for k, s := range t.sub {
		c.sub[k] = s.clone()
	}
	return c
}

// write stores the model into b (creating what is missing).
func (t *tree) write(b *bolt.Bucket) error {
	for k, v := range t.kv {
		if err := b.Put([]byte(k), v); err != nil {
			return err
		}
	}
	for k, s := range t.sub {
		nb, err := b.CreateBucketIfNotExists([]byte(k))
		if err != nil {
			return err
		}
		if err := s.write(nb); err != nil {
			return err
		}
	}
	return b.SetSequence(t.seq)
}

type jsonEntry struct {
	Key    string    `json:"key"`
	Value  *string   `json:"value,omitempty"`
	Bucket *jsonTree `json:"bucket,omitempty"`
}

type jsonTree struct {
	Sequence uint64      `json:"sequence"`
	Entries  []jsonEntry `json:"entries"`
}

// toJSON lists the entries in bbolt key order (unsigned bytewise).
func (t *tree) toJSON() *jsonTree {
	keys := make([]string, 0, len(t.kv)+len(t.sub))
	for k := range t.kv {
		keys = append(keys, k)
	}
	for k := range t.sub {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return bytes.Compare([]byte(keys[i]), []byte(keys[j])) < 0 })
	out := &jsonTree{Sequence: t.seq, Entries: []jsonEntry{}}
	for _, k := range keys {
		e := jsonEntry{Key: hex.EncodeToString([]byte(k))}
		if v, ok := t.kv[k]; ok {
			s := hex.EncodeToString(v)
			e.Value = &s
		} else {
			e.Bucket = t.sub[k].toJSON()
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	r.Read(b)
	return b
}

func be32(v uint32) []byte { b := make([]byte, 4); binary.BigEndian.PutUint32(b, v); return b }
func be16(v uint16) []byte { b := make([]byte, 2); binary.BigEndian.PutUint16(b, v); return b }
func be64(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }

// genericModel builds a tree that needs branch pages (in the root bucket too),
// overflow leaf and branch pages, inline and non-inline nested buckets, deep
// nesting, empty values, binary keys and bucket sequences. `scale` shrinks it
// for small page sizes.
func genericModel(pageSize int, scale int, seed int64) *tree {
	r := rand.New(rand.NewSource(seed))
	root := newTree()

	// Many small keys: several levels of branch pages.
	many := root.child("many")
	for i := 0; i < 20000/scale; i++ {
		k := append(be32(uint32(i*7)), []byte("key")...)
		many.kv[string(k)] = randBytes(r, r.Intn(41))
	}
	many.seq = 20000

	// Keys so large that leaf and branch nodes span several pages.
	bigkeys := root.child("bigkeys")
	for i := 0; i < 24; i++ {
		k := randBytes(r, pageSize/2+pageSize/8)
		k[0] = byte(i)
		bigkeys.kv[string(k)] = randBytes(r, 8)
	}

	// Values that overflow a page.
	ov := root.child("overflow")
	for i, n := range []int{pageSize + 1, 5 * pageSize, 20000, 100000 / scale} {
		ov.kv[fmt.Sprintf("big-%d", i)] = randBytes(r, n)
	}
	for i := 0; i < 20; i++ {
		ov.kv[fmt.Sprintf("small-%02d", i)] = randBytes(r, i)
	}

	// Nested buckets.
	nested := root.child("nested")
	nested.seq = 5
	nested.child("empty")                                     // inline, 32-byte value
	nested.child("seq77").seq = 77                            // inline with a sequence
	nested.child("seqmax").seq = ^uint64(0)                   // inline, largest sequence
	nested.child("inline-kv").kv["a"] = []byte("alpha")       // inline with content
	nested.child("inline-kv").kv["b"] = []byte{}              // present but empty
	nested.child("parent").child("kid").kv["x"] = []byte("y") // has a sub-bucket: not inline
	nested.child("parent").kv["p"] = []byte("q")
	large := nested.child("large") // too big to be inline
	for i := 0; i < 40; i++ {
		large.kv[fmt.Sprintf("l%03d", i)] = randBytes(r, pageSize/64)
	}
	deep := nested.child("deep")
	for d := 0; d < 12; d++ {
		deep.kv[fmt.Sprintf("level-%02d", d)] = []byte{byte(d)}
		deep.seq = uint64(d)
		deep = deep.child(fmt.Sprintf("d%02d", d))
	}
	deep.kv["bottom"] = []byte("end")
	for i := 0; i < 300/scale; i++ {
		b := nested.child(fmt.Sprintf("small-bucket-%04d", i))
		b.seq = uint64(i)
		b.kv["v"] = be32(uint32(i))
	}

	// Binary keys, empty values, the largest key bbolt allows.
	bin := root.child("binary")
	bin.kv["\x00"] = []byte{}
	bin.kv["\x00\x00"] = []byte{0}
	bin.kv["\xff"] = []byte{}
	bin.kv["\xff\xff\xff"] = []byte{0xff}
	bin.kv["\x7f\x80"] = []byte("mid")
	if scale == 1 {
		bin.kv[string(randBytes(r, 32768))] = []byte("maxkey")
	}
	bin.child("\x01").kv["\x02"] = []byte{3}

	// Many top-level buckets: the root bucket itself needs branch pages.
	for i := 0; i < 200/scale; i++ {
		t := root.child(fmt.Sprintf("tl-%03d", i))
		if i%3 == 0 {
			t.kv["k"] = []byte(strconv.Itoa(i))
		}
	}
	return root
}

type pageStats struct {
	BranchPages         int `json:"branch_pages"`
	BranchOverflowPages int `json:"branch_overflow_pages"`
	LeafPages           int `json:"leaf_pages"`
	LeafOverflowPages   int `json:"leaf_overflow_pages"`
	InlineBuckets       int `json:"inline_buckets"`
	Buckets             int `json:"buckets"`
}

type genericJSON struct {
	PageSize int        `json:"page_size"`
	Txid     uint64     `json:"txid"`
	Stats    *pageStats `json:"stats"`
	Root     *jsonTree  `json:"root"`
}

// collectStats counts the pages in use with bbolt's own page inspection
// (tx.Page) and the inline buckets with Bucket.Stats.
func collectStats(db *bolt.DB) (*pageStats, uint64) {
	var s pageStats
	var txid uint64
	must(db.View(func(tx *bolt.Tx) error {
		txid = uint64(tx.ID())
		for id := 2; ; {
			info, err := tx.Page(id)
			if err != nil {
				return err
			}
			if info == nil {
				break
			}
			switch info.Type {
			case "branch":
				s.BranchPages++
				s.BranchOverflowPages += info.OverflowCount
				id += 1 + info.OverflowCount
			case "leaf":
				s.LeafPages++
				s.LeafOverflowPages += info.OverflowCount
				id += 1 + info.OverflowCount
			case "freelist":
				id += 1 + info.OverflowCount
			default: // free
				id++
			}
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			s.InlineBuckets += st.InlineBucketN
			s.Buckets += st.BucketN
			return nil
		})
	}))
	return &s, txid
}

func writeJSON(path string, v interface{}) {
	data, err := json.MarshalIndent(v, "", " ")
	must(err)
	must(os.WriteFile(path, data, 0o644))
}

// writeGeneric writes a generic file in several transactions: everything
// plus some doomed keys, then deletes (stale branch separators), then one
// small final transaction. It returns the model before and after the final
// transaction, and the final txid.
func writeGeneric(path string, pageSize, scale int, noFreelistSync bool, seed int64) (before, after *tree, txid uint64, stats *pageStats) {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: pageSize, NoFreelistSync: noFreelistSync})
	must(err)
	model := genericModel(pageSize, scale, seed)

	doomed := map[string]bool{}
	must(db.Update(func(tx *bolt.Tx) error {
		for name, t := range model.sub {
			b, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				return err
			}
			if err := t.write(b); err != nil {
				return err
			}
		}
		// Keys that sort before everything in "many", deleted later, so the
		// branch separators left behind are smaller than the real first keys.
		b := tx.Bucket([]byte("many"))
		for i := 0; i < 50; i++ {
			k := string([]byte{0, 0, 0, 0, byte(i)})
			doomed[k] = true
			if err := b.Put([]byte(k), []byte("doomed")); err != nil {
				return err
			}
		}
		return nil
	}))
	must(db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("many"))
		for k := range doomed {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
		// Delete every 97th key (in key order, so runs are reproducible) as
		// well, and one whole nested bucket.
		keys := make([]string, 0, len(model.sub["many"].kv))
		for k := range model.sub["many"].kv {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i%97 == 0 {
				if err := b.Delete([]byte(k)); err != nil {
					return err
				}
				delete(model.sub["many"].kv, k)
			}
		}
		if err := tx.Bucket([]byte("nested")).DeleteBucket([]byte("small-bucket-0001")); err != nil {
			return err
		}
		delete(model.sub["nested"].sub, "small-bucket-0001")
		return nil
	}))
	before = model.clone()
	must(db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("nested"))
		if err := b.Put([]byte("final"), []byte("last transaction")); err != nil {
			return err
		}
		model.sub["nested"].kv["final"] = []byte("last transaction")
		seq, err := b.NextSequence()
		model.sub["nested"].seq = seq
		return err
	}))
	stats, txid = collectStats(db)
	must(db.Close())
	return before, model, txid, stats
}

// Meta page fields (little-endian on every lnd host), spec lnd-import.md 1.3.
func metaTxid(data []byte, pageSize int, page int) uint64 {
	return binary.LittleEndian.Uint64(data[page*pageSize+64:])
}

func copyFile(dst, src string) []byte {
	data, err := os.ReadFile(src)
	must(err)
	must(os.WriteFile(dst, data, 0o644))
	return data
}

// corruptMeta flips a byte inside the checksummed area of a meta page.
func corruptMeta(path string, pageSize, page int) {
	data, err := os.ReadFile(path)
	must(err)
	data[page*pageSize+64] ^= 0x01 // txid, so the checksum no longer matches
	must(os.WriteFile(path, data, 0o644))
}

// checkFNV guards the generator's own assumption about the meta layout: the
// checksum at offset 72 is FNV-1a 64 over bytes 16..71.
func checkFNV(data []byte, pageSize, page int) {
	off := page * pageSize
	h := fnv.New64a()
	h.Write(data[off+16 : off+72])
	if h.Sum64() != binary.LittleEndian.Uint64(data[off+72:]) {
		must(fmt.Errorf("meta %d checksum does not match the documented layout", page))
	}
}

func genGeneric(dir string) {
	type spec struct {
		name       string
		pageSize   int
		scale      int
		noFreelist bool
	}
	for _, s := range []spec{{"tree_4k", 4096, 1, false}, {"tree_16k", 16384, 1, true}, {"tree_1k", 1024, 4, false}} {
		path := filepath.Join(dir, s.name+".db")
		before, after, txid, stats := writeGeneric(path, s.pageSize, s.scale, s.noFreelist, int64(s.pageSize))
		writeJSON(filepath.Join(dir, s.name+".json"), genericJSON{s.pageSize, txid, stats, after.toJSON()})
		if s.name != "tree_4k" {
			continue
		}
		data, err := os.ReadFile(path)
		must(err)
		checkFNV(data, s.pageSize, 0)
		checkFNV(data, s.pageSize, 1)
		newest := 0
		if metaTxid(data, s.pageSize, 1) > metaTxid(data, s.pageSize, 0) {
			newest = 1
		}
		if metaTxid(data, s.pageSize, newest) != txid {
			must(fmt.Errorf("newest meta txid %d, expected %d", metaTxid(data, s.pageSize, newest), txid))
		}
		// The newest meta is corrupt: a reader must fall back to the state
		// before the final transaction.
		p := filepath.Join(dir, "meta_newest_corrupt.db")
		copyFile(p, path)
		corruptMeta(p, s.pageSize, newest)
		writeJSON(filepath.Join(dir, "meta_newest_corrupt.json"), genericJSON{s.pageSize, txid - 1, nil, before.toJSON()})
		// Meta page 0 corrupt, whichever it is.
		p = filepath.Join(dir, "meta0_corrupt.db")
		copyFile(p, path)
		corruptMeta(p, s.pageSize, 0)
		exp := genericJSON{s.pageSize, txid, nil, after.toJSON()}
		if newest == 0 {
			exp = genericJSON{s.pageSize, txid - 1, nil, before.toJSON()}
		}
		writeJSON(filepath.Join(dir, "meta0_corrupt.json"), exp)
		// The older meta is corrupt: nothing changes.
		p = filepath.Join(dir, "meta_oldest_corrupt.db")
		copyFile(p, path)
		corruptMeta(p, s.pageSize, 1-newest)
		writeJSON(filepath.Join(dir, "meta_oldest_corrupt.json"), genericJSON{s.pageSize, txid, nil, after.toJSON()})
		// Both corrupt: refused.
		p = filepath.Join(dir, "both_meta_corrupt.db")
		copyFile(p, path)
		corruptMeta(p, s.pageSize, 0)
		corruptMeta(p, s.pageSize, 1)
	}
}

// ---------------------------------------------------------------------------
// secp256k1 points (for valid public keys without lnd's libraries).

var (
	curveP, _  = new(big.Int).SetString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16)
	curveGx, _ = new(big.Int).SetString("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16)
	curveGy, _ = new(big.Int).SetString("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16)
)

type point struct{ x, y *big.Int } // nil x: the point at infinity

func (a point) add(b point) point {
	if a.x == nil {
		return b
	}
	if b.x == nil {
		return a
	}
	p := curveP
	var l *big.Int
	if a.x.Cmp(b.x) == 0 {
		if new(big.Int).Add(a.y, b.y).Mod(new(big.Int).Add(a.y, b.y), p).Sign() == 0 {
			return point{}
		}
		num := new(big.Int).Mul(big.NewInt(3), new(big.Int).Mul(a.x, a.x))
		den := new(big.Int).ModInverse(new(big.Int).Lsh(a.y, 1), p)
		l = num.Mul(num, den)
	} else {
		num := new(big.Int).Sub(b.y, a.y)
		den := new(big.Int).ModInverse(new(big.Int).Mod(new(big.Int).Sub(b.x, a.x), p), p)
		l = num.Mul(num, den)
	}
	l.Mod(l, p)
	x := new(big.Int).Mul(l, l)
	x.Sub(x, a.x).Sub(x, b.x).Mod(x, p)
	y := new(big.Int).Sub(a.x, x)
	y.Mul(y, l).Sub(y, a.y).Mod(y, p)
	return point{x, y}
}

func (a point) mul(k *big.Int) point {
	r := point{}
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = r.add(r)
		if k.Bit(i) == 1 {
			r = r.add(a)
		}
	}
	return r
}

func (a point) compressed() []byte {
	out := make([]byte, 33)
	out[0] = 2 + byte(a.y.Bit(0))
	a.x.FillBytes(out[1:])
	return out
}

// keySource yields distinct valid compressed public keys k*G, k*G+G, ...
type keySource struct{ cur point }

func newKeySource(k int64) *keySource {
	g := point{curveGx, curveGy}
	return &keySource{g.mul(big.NewInt(k))}
}

func (s *keySource) next() []byte {
	out := s.cur.compressed()
	s.cur = s.cur.add(point{curveGx, curveGy})
	return out
}

// ---------------------------------------------------------------------------
// lnd wtclient.db encodings (wtclient-model.md A.2, A.3).

// bigSize is lnd's TLV varint: big-endian, minimal.
func bigSize(v uint64) []byte {
	switch {
	case v < 0xfd:
		return []byte{byte(v)}
	case v <= 0xffff:
		return append([]byte{0xfd}, be16(uint16(v))...)
	case v <= 0xffffffff:
		return append([]byte{0xfe}, be32(uint32(v))...)
	default:
		return append([]byte{0xff}, be64(v)...)
	}
}

// varBytes is Bitcoin's CompactSize length (little-endian) + the bytes.
func varBytes(b []byte) []byte {
	n := uint64(len(b))
	var out []byte
	switch {
	case n < 0xfd:
		out = []byte{byte(n)}
	case n <= 0xffff:
		out = []byte{0xfd, byte(n), byte(n >> 8)}
	default:
		out = []byte{0xfe, byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	}
	return append(out, b...)
}

var onionEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567")

type wtAddr struct {
	enc []byte
	str string
}

func addrIP(ip net.IP, port int) wtAddr {
	var enc []byte
	if v4 := ip.To4(); v4 != nil && len(ip) == 4 {
		enc = append([]byte{0}, v4...)
	} else {
		enc = append([]byte{1}, ip.To16()...)
	}
	enc = append(enc, be16(uint16(port))...)
	// Go's own net.Addr formatting, as lnd prints a decoded address.
	return wtAddr{enc, (&net.TCPAddr{IP: ip, Port: port}).String()}
}

func addrOnion(raw []byte, port int) wtAddr {
	typ := byte(2)
	if len(raw) == 35 {
		typ = 3
	}
	enc := append(append([]byte{typ}, raw...), be16(uint16(port))...)
	return wtAddr{enc, net.JoinHostPort(onionEncoding.EncodeToString(raw)+".onion", strconv.Itoa(port))}
}

func addrDNS(host string, port int) wtAddr {
	enc := append(append([]byte{5, byte(len(host))}, []byte(host)...), be16(uint16(port))...)
	return wtAddr{enc, net.JoinHostPort(host, strconv.Itoa(port))}
}

func addrOpaque(payload []byte) wtAddr {
	enc := append(append([]byte{4}, be16(uint16(len(payload)))...), payload...)
	return wtAddr{enc, hex.EncodeToString(payload)}
}

type wtPolicy struct {
	BlobType     uint16 `json:"blob_type"`
	MaxUpdates   uint16 `json:"max_updates"`
	RewardBase   uint32 `json:"reward_base"`
	RewardRate   uint32 `json:"reward_rate"`
	SweepFeeRate uint64 `json:"sweep_fee_rate"`
}

type wtTower struct {
	ID      uint64
	Pub     []byte
	Addrs   []wtAddr
	Status  *uint8 // nil: a record from before the status TLV
	Session [][]byte
}

type wtCommit struct {
	SeqNum uint16
	ChanID []byte
	Height uint64
	Hint   []byte
	Blob   []byte
}

type wtRange struct{ start, end uint64 }

type wtSession struct {
	ID          []byte
	DBID        uint64
	SeqNum      uint16
	LastApplied uint16
	TowerID     uint64
	KeyIndex    uint32
	Status      uint8
	Policy      wtPolicy
	RewardPk    []byte
	Commits     []wtCommit
	Ranges      map[uint64][]wtRange // db chan id -> ranges
	Rogue       *uint64
}

type wtChannel struct {
	ChanID    []byte
	DBID      uint64
	Sweep     []byte
	Closed    *uint32
	MaxHeight *uint64
	Sessions  []uint64
	Pruned    bool // details deleted, id-index entry left behind
}

type wtQueueItem struct {
	Index  uint64
	ChanID []byte
	Height uint64
}

type wtQueue struct {
	Oldest, Next uint64
	Items        []wtQueueItem
}

type wtState struct {
	Version      uint32
	Towers       []*wtTower
	Sessions     []*wtSession
	Channels     []*wtChannel
	Closable     map[uint64]uint32
	Reservations map[string]uint32 // raw key -> key index
	Queues       map[string][2]wtQueue
	Seq          map[string]uint64
}

func (t *wtTower) encode() []byte {
	out := append([]byte{}, t.Pub...)
	out = append(out, be32(uint32(len(t.Addrs)))...)
	for _, a := range t.Addrs {
		out = append(out, a.enc...)
	}
	if t.Status != nil {
		out = append(out, 0x00, 0x01, *t.Status) // TLV type 0, length 1
	}
	return out
}

func (s *wtSession) body() []byte {
	out := be16(s.SeqNum)
	out = append(out, be16(s.LastApplied)...)
	out = append(out, be64(s.TowerID)...)
	out = append(out, be32(s.KeyIndex)...)
	out = append(out, s.Status)
	out = append(out, be16(s.Policy.BlobType)...)
	out = append(out, be16(s.Policy.MaxUpdates)...)
	out = append(out, be32(s.Policy.RewardBase)...)
	out = append(out, be32(s.Policy.RewardRate)...)
	out = append(out, be64(s.Policy.SweepFeeRate)...)
	return append(out, varBytes(s.RewardPk)...)
}

func (c *wtCommit) encode() []byte {
	out := append([]byte{}, c.ChanID...)
	out = append(out, be64(c.Height)...)
	out = append(out, c.Hint...)
	return append(out, varBytes(c.Blob)...)
}

var topLevelBuckets = []string{
	"client-channel-detail-bucket",
	"client-channel-id-index",
	"client-closable-sessions-bucket",
	"client-session-bucket",
	"client-session-id-index",
	"client-session-key-index-bucket",
	"client-tower-bucket",
	"client-tower-index-bucket",
	"client-tower-to-session-index-bucket",
	"metadata-bucket",
}

func u64p(v uint64) *uint64 { return &v }
func u32p(v uint32) *uint32 { return &v }
func u8p(v uint8) *uint8    { return &v }

func chanID(i int) []byte {
	id := make([]byte, 32)
	copy(id, []byte(fmt.Sprintf("channel-%02d", i)))
	id[31] = byte(i)
	return id
}

func p2wpkh(r *rand.Rand) []byte { return append([]byte{0x00, 0x14}, randBytes(r, 20)...) }

// buildWtState is a populated client DB consistent with lnd's rules
// (wtclient-model.md A.4, A.6): every acked height is in a range index, every
// session with acks for a channel is in that channel's session set, the
// allocators are at least every id they handed out.
func buildWtState(version uint32, bulk int, blobLen int) *wtState {
	r := rand.New(rand.NewSource(8))
	keys := newKeySource(1000)
	st := &wtState{Version: version, Closable: map[uint64]uint32{}, Reservations: map[string]uint32{},
		Queues: map[string][2]wtQueue{}, Seq: map[string]uint64{}}

	v6, v6b := net.ParseIP("2001:db8::7"), net.ParseIP("fe80:0:0:1:1:0:0:1")
	st.Towers = []*wtTower{
		{ID: 1, Pub: keys.next(), Status: u8p(0), Addrs: []wtAddr{
			addrIP(net.IPv4(203, 0, 113, 5).To4(), 9911), addrOnion(randBytes(r, 35), 9911)}},
		{ID: 2, Pub: keys.next(), Status: u8p(1), Addrs: []wtAddr{
			addrIP(v6, 9911), addrDNS("tower.example.com", 9911), addrOnion(randBytes(r, 10), 9911),
			addrIP(v6b, 1), addrIP(net.ParseIP("::ffff:192.0.2.1").To16(), 65535),
			addrIP(net.ParseIP("2001:db8:0:1:1:1:1:1"), 9911), addrIP(net.ParseIP("::"), 9911)}},
		// id 3 was created and removed while it had no sessions.
		{ID: 4, Pub: keys.next(), Status: nil, Addrs: []wtAddr{
			addrIP(net.IPv4(198, 51, 100, 9).To4(), 9912), addrOpaque([]byte{0xde, 0xad, 0xbe, 0xef})}},
	}
	st.Seq["client-tower-index-bucket"] = 4

	blob := func() []byte { return randBytes(r, blobLen) }
	hint := func() []byte { return randBytes(r, 16) }
	legacy := wtPolicy{BlobType: 0x02, MaxUpdates: 1024, SweepFeeRate: 2500}
	c := make([]*wtChannel, 7)
	for i := 1; i <= 6; i++ {
		c[i] = &wtChannel{ChanID: chanID(i), DBID: uint64(i), Sweep: p2wpkh(r)}
	}
	c[5].Sweep = []byte{} // registered with an empty sweep script
	c[6].Pruned = true

	sa := &wtSession{ID: keys.next(), DBID: 1, SeqNum: 12, LastApplied: 9, TowerID: 1, KeyIndex: 1, Policy: legacy,
		Commits: []wtCommit{
			{10, c[1].ChanID, 8, hint(), blob()},
			{11, c[1].ChanID, 9, hint(), blob()},
			{12, c[2].ChanID, 11, hint(), blob()}},
		Ranges: map[uint64][]wtRange{1: {{1, 4}, {6, 7}}, 2: {{3, 5}}}}
	sb := &wtSession{ID: keys.next(), DBID: 2, SeqNum: 5, LastApplied: 5, TowerID: 1, KeyIndex: 2,
		Policy: wtPolicy{BlobType: 0x06, MaxUpdates: 5, SweepFeeRate: 12500},
		Ranges: map[uint64][]wtRange{2: {{6, 10}}}}
	sc := &wtSession{ID: keys.next(), DBID: 3, SeqNum: 3, LastApplied: 3, TowerID: 2, KeyIndex: 3, Status: 1,
		Policy:   wtPolicy{BlobType: 0x03, MaxUpdates: 1024, RewardBase: 1000, RewardRate: 10000, SweepFeeRate: 2500},
		RewardPk: p2wpkh(r), Ranges: map[uint64][]wtRange{3: {{1, 3}}}}
	sd := &wtSession{ID: keys.next(), DBID: 4, SeqNum: 3, LastApplied: 3, TowerID: 2, KeyIndex: 4,
		Policy: wtPolicy{BlobType: 0x1a, MaxUpdates: 3, SweepFeeRate: 2500}, Rogue: u64p(3)}
	se := &wtSession{ID: keys.next(), DBID: 5, TowerID: 1, KeyIndex: 1005,
		Policy: wtPolicy{BlobType: 0x0a, MaxUpdates: 1024, SweepFeeRate: 2500}, Rogue: u64p(0)}
	st.Sessions = []*wtSession{sa, sb, sc, sd, se}
	c[1].Sessions, c[2].Sessions, c[3].Sessions = []uint64{1}, []uint64{1, 2}, []uint64{3}
	c[1].MaxHeight, c[2].MaxHeight, c[3].MaxHeight = u64p(9), u64p(11), u64p(3)
	c[3].Closed = u32p(800123)
	st.Closable[3] = 800123
	st.Closable[4] = 0

	// Bulk sessions on tower 1 for channel 4: db ids cross the 1- and 3-byte
	// BigSize boundaries, heights cross the 5- and 9-byte ones.
	var maxH uint64
	for i := 0; i < bulk; i++ {
		db := uint64(6 + i)
		base := uint64(i) * 100
		switch i {
		case 1:
			base = 70000
		case 2:
			base = 4294967300
		}
		s := &wtSession{ID: keys.next(), DBID: db, SeqNum: 7, LastApplied: 5, TowerID: 1, KeyIndex: uint32(1006 + i),
			Policy: legacy, Ranges: map[uint64][]wtRange{4: {{base + 1, base + 3}, {base + 5, base + 6}}},
			Commits: []wtCommit{{6, c[4].ChanID, base + 7, hint(), blob()}, {7, c[4].ChanID, base + 8, hint(), blob()}}}
		if i%2 == 0 {
			s.Rogue = u64p(uint64(i % 5))
		}
		if base+8 > maxH {
			maxH = base + 8
		}
		st.Sessions = append(st.Sessions, s)
		c[4].Sessions = append(c[4].Sessions, db)
		st.Towers[0].Session = append(st.Towers[0].Session, s.ID)
	}
	if bulk > 0 {
		c[4].MaxHeight = u64p(maxH)
	}
	st.Towers[0].Session = append(st.Towers[0].Session, sa.ID, sb.ID, se.ID)
	st.Towers[1].Session = [][]byte{sc.ID, sd.ID}
	st.Channels = c[1:]
	st.Seq["client-channel-id-index"] = 6
	st.Seq["client-session-id-index"] = uint64(6 + bulk) // the last one was deleted

	// An unused reservation for (tower 4, anchor): the 6-byte key holds the
	// leading 4 bytes of the 8-byte tower id, i.e. zeros.
	st.Reservations[string(append(be64(4)[:4], be16(0x06)...))] = uint32(1006 + bulk)
	// A pre-v0.12 reservation keyed by the 8-byte tower id.
	st.Reservations[string(be64(2))] = 6
	st.Seq["client-session-key-index-bucket"] = uint64(1006 + bulk)

	st.Queues["legacy"] = [2]wtQueue{
		{Oldest: 3, Next: 5, Items: []wtQueueItem{{3, c[1].ChanID, 10}, {4, c[2].ChanID, 12}}},
		{Oldest: 0, Next: 0}}
	st.Queues["anchor"] = [2]wtQueue{{Oldest: 0, Next: 0}, {Oldest: 7, Next: 8, Items: []wtQueueItem{{7, c[2].ChanID, 300}}}}
	return st
}

func putBucket(parent *bolt.Bucket, name []byte) *bolt.Bucket {
	b, err := parent.CreateBucketIfNotExists(name)
	must(err)
	return b
}

func writeWt(path string, st *wtState, pageSize int) {
	os.Remove(path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: pageSize, NoFreelistSync: true})
	must(err)
	// lnd creates the top-level buckets and stamps the version first.
	must(db.Update(func(tx *bolt.Tx) error {
		for _, name := range topLevelBuckets {
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("metadata-bucket")).Put([]byte("version"), be32(st.Version))
	}))
	must(db.Update(func(tx *bolt.Tx) error {
		tb := tx.Bucket([]byte("client-tower-bucket"))
		ti := tx.Bucket([]byte("client-tower-index-bucket"))
		ts := tx.Bucket([]byte("client-tower-to-session-index-bucket"))
		for _, t := range st.Towers {
			must(tb.Put(be64(t.ID), t.encode()))
			must(ti.Put(t.Pub, be64(t.ID)))
			sb := putBucket(ts, be64(t.ID))
			for _, s := range t.Session {
				must(sb.Put(s, []byte{1}))
			}
		}
		sessions := tx.Bucket([]byte("client-session-bucket"))
		sidx := tx.Bucket([]byte("client-session-id-index"))
		for _, s := range st.Sessions {
			must(sidx.Put(bigSize(s.DBID), s.ID))
			sb := putBucket(sessions, s.ID)
			must(sb.Put([]byte("client-session-body"), s.body()))
			must(sb.Put([]byte("client-session-db-id"), bigSize(s.DBID)))
			if len(s.Commits) > 0 {
				cb := putBucket(sb, []byte("client-session-commits"))
				for _, c := range s.Commits {
					must(cb.Put(be16(c.SeqNum), c.encode()))
				}
			}
			if len(s.Ranges) > 0 {
				rb := putBucket(sb, []byte("client-session-ack-range-index"))
				for ch, ranges := range s.Ranges {
					cb := putBucket(rb, bigSize(ch))
					for _, rg := range ranges {
						must(cb.Put(bigSize(rg.start), bigSize(rg.end)))
					}
				}
			}
			if s.Rogue != nil {
				must(sb.Put([]byte("client-session-rogue-update-count"), bigSize(*s.Rogue)))
			}
		}
		details := tx.Bucket([]byte("client-channel-detail-bucket"))
		cidx := tx.Bucket([]byte("client-channel-id-index"))
		for _, c := range st.Channels {
			must(cidx.Put(bigSize(c.DBID), c.ChanID))
			if c.Pruned {
				continue
			}
			cb := putBucket(details, c.ChanID)
			must(cb.Put([]byte("client-channel-summary"), varBytes(c.Sweep)))
			must(cb.Put([]byte("client-channel-db-id"), bigSize(c.DBID)))
			if len(c.Sessions) > 0 {
				sb := putBucket(cb, []byte("client-channel-sessions"))
				for _, id := range c.Sessions {
					must(sb.Put(bigSize(id), []byte{1}))
				}
			}
			if c.Closed != nil {
				must(cb.Put([]byte("client-channel-closed-height"), be32(*c.Closed)))
			}
			if c.MaxHeight != nil {
				must(cb.Put([]byte("client-channel-max-commitment-height"), bigSize(*c.MaxHeight)))
			}
		}
		closable := tx.Bucket([]byte("client-closable-sessions-bucket"))
		for id, h := range st.Closable {
			must(closable.Put(bigSize(id), be32(h)))
		}
		kidx := tx.Bucket([]byte("client-session-key-index-bucket"))
		for k, idx := range st.Reservations {
			must(kidx.Put([]byte(k), be32(idx)))
		}
		// Disk overflow task queues: <client> => client-task-queue =>
		// {queue-main, queue-head} => {oldest-index, next-index, items}.
		for name, qs := range st.Queues {
			top, err := tx.CreateBucketIfNotExists([]byte(name))
			must(err)
			tq := putBucket(top, []byte("client-task-queue"))
			for i, qname := range []string{"queue-main", "queue-head"} {
				q := putBucket(tq, []byte(qname))
				must(q.Put([]byte("oldest-index"), bigSize(qs[i].Oldest)))
				must(q.Put([]byte("next-index"), bigSize(qs[i].Next)))
				items := putBucket(q, []byte("items"))
				for _, it := range qs[i].Items {
					must(items.Put(bigSize(it.Index), append(append([]byte{}, it.ChanID...), be64(it.Height)...)))
				}
			}
		}
		for name, seq := range st.Seq {
			must(tx.Bucket([]byte(name)).SetSequence(seq))
		}
		return nil
	}))
	must(db.Close())
}

// JSON description of a wtclient.db, every list in bbolt key order.
type jPolicy = wtPolicy

type jTower struct {
	ID        uint64   `json:"id"`
	Pubkey    string   `json:"pubkey"`
	Addresses []string `json:"addresses"`
	Status    uint8    `json:"status"`
	HasStatus bool     `json:"has_status_record"`
}

type jCommit struct {
	SeqNum        uint16 `json:"seqnum"`
	ChanID        string `json:"chan_id"`
	CommitHeight  uint64 `json:"commit_height"`
	Hint          string `json:"hint"`
	EncryptedBlob string `json:"encrypted_blob"`
}

type jRanges struct {
	DBChanID uint64      `json:"db_chan_id"`
	Ranges   [][2]uint64 `json:"ranges"`
}

type jSession struct {
	ID               string    `json:"id"`
	DBID             uint64    `json:"db_id"`
	SeqNum           uint16    `json:"seqnum"`
	TowerLastApplied uint16    `json:"tower_last_applied"`
	TowerID          uint64    `json:"tower_id"`
	KeyIndex         uint32    `json:"key_index"`
	Status           uint8     `json:"status"`
	Policy           jPolicy   `json:"policy"`
	RewardPkScript   string    `json:"reward_pkscript"`
	CommittedUpdates []jCommit `json:"committed_updates"`
	AckedRanges      []jRanges `json:"acked_ranges"`
	RogueCount       *uint64   `json:"rogue_count"`
}

type jChannel struct {
	ChanID        string   `json:"chan_id"`
	DBID          uint64   `json:"db_id"`
	SweepPkScript string   `json:"sweep_pkscript"`
	ClosedHeight  *uint32  `json:"closed_height"`
	MaxHeight     *uint64  `json:"max_height"`
	SessionDBIDs  []uint64 `json:"session_db_ids"`
}

type jIndex struct {
	DBID uint64 `json:"db_id"`
	Key  string `json:"key"`
}

type jTowerIndex struct {
	Pubkey  string `json:"pubkey"`
	TowerID uint64 `json:"tower_id"`
}

type jTowerSessions struct {
	TowerID    uint64   `json:"tower_id"`
	SessionIDs []string `json:"session_ids"`
}

type jClosable struct {
	DBID   uint64 `json:"db_id"`
	Height uint32 `json:"height"`
}

type jReservation struct {
	Key      string `json:"key"`
	KeyIndex uint32 `json:"key_index"`
}

type jItem struct {
	Index        uint64 `json:"index"`
	ChanID       string `json:"chan_id"`
	CommitHeight uint64 `json:"commit_height"`
}

type jDiskQueue struct {
	OldestIndex uint64  `json:"oldest_index"`
	NextIndex   uint64  `json:"next_index"`
	Items       []jItem `json:"items"`
}

type jQueue struct {
	Client string     `json:"client"`
	Main   jDiskQueue `json:"main"`
	Head   jDiskQueue `json:"head"`
}

type jWt struct {
	Version              uint32            `json:"version"`
	PageSize             int               `json:"page_size"`
	Sequences            map[string]uint64 `json:"sequences"`
	Towers               []jTower          `json:"towers"`
	TowerIndex           []jTowerIndex     `json:"tower_index"`
	TowerSessions        []jTowerSessions  `json:"tower_sessions"`
	Sessions             []jSession        `json:"sessions"`
	SessionIDIndex       []jIndex          `json:"session_id_index"`
	Channels             []jChannel        `json:"channels"`
	ChannelIDIndex       []jIndex          `json:"channel_id_index"`
	ClosableSessions     []jClosable       `json:"closable_sessions"`
	KeyIndexReservations []jReservation    `json:"key_index_reservations"`
	TaskQueues           []jQueue          `json:"task_queues"`
}

func hx(b []byte) string { return hex.EncodeToString(b) }

func byKey(keys [][]byte) func(i, j int) bool {
	return func(i, j int) bool { return bytes.Compare(keys[i], keys[j]) < 0 }
}

func (st *wtState) toJSON(pageSize int) jWt {
	out := jWt{Version: st.Version, PageSize: pageSize, Sequences: map[string]uint64{},
		Towers: []jTower{}, TowerIndex: []jTowerIndex{}, TowerSessions: []jTowerSessions{}, Sessions: []jSession{},
		SessionIDIndex: []jIndex{}, Channels: []jChannel{}, ChannelIDIndex: []jIndex{},
		ClosableSessions: []jClosable{}, KeyIndexReservations: []jReservation{}, TaskQueues: []jQueue{}}
	for _, name := range topLevelBuckets {
		out.Sequences[name] = st.Seq[name]
	}
	for name := range st.Queues {
		out.Sequences[name] = 0
	}

	towers := append([]*wtTower{}, st.Towers...)
	sort.Slice(towers, func(i, j int) bool { return towers[i].ID < towers[j].ID })
	for _, t := range towers {
		jt := jTower{ID: t.ID, Pubkey: hx(t.Pub), Addresses: []string{}, HasStatus: t.Status != nil}
		if t.Status != nil {
			jt.Status = *t.Status
		}
		for _, a := range t.Addrs {
			jt.Addresses = append(jt.Addresses, a.str)
		}
		out.Towers = append(out.Towers, jt)
		ids := append([][]byte{}, t.Session...)
		sort.Slice(ids, byKey(ids))
		js := jTowerSessions{TowerID: t.ID, SessionIDs: []string{}}
		for _, id := range ids {
			js.SessionIDs = append(js.SessionIDs, hx(id))
		}
		out.TowerSessions = append(out.TowerSessions, js)
	}
	sort.Slice(towers, func(i, j int) bool { return bytes.Compare(towers[i].Pub, towers[j].Pub) < 0 })
	for _, t := range towers {
		out.TowerIndex = append(out.TowerIndex, jTowerIndex{hx(t.Pub), t.ID})
	}

	sessions := append([]*wtSession{}, st.Sessions...)
	sort.Slice(sessions, func(i, j int) bool { return bytes.Compare(sessions[i].ID, sessions[j].ID) < 0 })
	for _, s := range sessions {
		js := jSession{ID: hx(s.ID), DBID: s.DBID, SeqNum: s.SeqNum, TowerLastApplied: s.LastApplied, TowerID: s.TowerID,
			KeyIndex: s.KeyIndex, Status: s.Status, Policy: s.Policy, RewardPkScript: hx(s.RewardPk),
			CommittedUpdates: []jCommit{}, AckedRanges: []jRanges{}, RogueCount: s.Rogue}
		commits := append([]wtCommit{}, s.Commits...)
		sort.Slice(commits, func(i, j int) bool { return commits[i].SeqNum < commits[j].SeqNum })
		for _, c := range commits {
			js.CommittedUpdates = append(js.CommittedUpdates, jCommit{c.SeqNum, hx(c.ChanID), c.Height, hx(c.Hint), hx(c.Blob)})
		}
		chans := []uint64{}
		for ch := range s.Ranges {
			chans = append(chans, ch)
		}
		sort.Slice(chans, func(i, j int) bool { return chans[i] < chans[j] })
		for _, ch := range chans {
			jr := jRanges{DBChanID: ch, Ranges: [][2]uint64{}}
			rs := append([]wtRange{}, s.Ranges[ch]...)
			sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
			for _, rg := range rs {
				jr.Ranges = append(jr.Ranges, [2]uint64{rg.start, rg.end})
			}
			js.AckedRanges = append(js.AckedRanges, jr)
		}
		out.Sessions = append(out.Sessions, js)
	}
	sort.Slice(sessions, func(i, j int) bool { return sessions[i].DBID < sessions[j].DBID })
	for _, s := range sessions {
		out.SessionIDIndex = append(out.SessionIDIndex, jIndex{s.DBID, hx(s.ID)})
	}

	chans := append([]*wtChannel{}, st.Channels...)
	sort.Slice(chans, func(i, j int) bool { return bytes.Compare(chans[i].ChanID, chans[j].ChanID) < 0 })
	for _, c := range chans {
		if c.Pruned {
			continue
		}
		ids := append([]uint64{}, c.Sessions...)
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		if ids == nil {
			ids = []uint64{}
		}
		out.Channels = append(out.Channels, jChannel{hx(c.ChanID), c.DBID, hx(c.Sweep), c.Closed, c.MaxHeight, ids})
	}
	sort.Slice(chans, func(i, j int) bool { return chans[i].DBID < chans[j].DBID })
	for _, c := range chans {
		out.ChannelIDIndex = append(out.ChannelIDIndex, jIndex{c.DBID, hx(c.ChanID)})
	}

	ids := []uint64{}
	for id := range st.Closable {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		out.ClosableSessions = append(out.ClosableSessions, jClosable{id, st.Closable[id]})
	}

	rkeys := [][]byte{}
	for k := range st.Reservations {
		rkeys = append(rkeys, []byte(k))
	}
	sort.Slice(rkeys, byKey(rkeys))
	for _, k := range rkeys {
		out.KeyIndexReservations = append(out.KeyIndexReservations, jReservation{hx(k), st.Reservations[string(k)]})
	}

	names := []string{}
	for name := range st.Queues {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		qs := st.Queues[name]
		jq := jQueue{Client: name}
		for i, dst := range []*jDiskQueue{&jq.Main, &jq.Head} {
			dst.OldestIndex, dst.NextIndex, dst.Items = qs[i].Oldest, qs[i].Next, []jItem{}
			for _, it := range qs[i].Items {
				dst.Items = append(dst.Items, jItem{it.Index, hx(it.ChanID), it.Height})
			}
		}
		out.TaskQueues = append(out.TaskQueues, jq)
	}
	return out
}

func genWtclient(dir string) {
	st := buildWtState(8, 300, 340)
	writeWt(filepath.Join(dir, "wtclient.db"), st, 4096)
	writeJSON(filepath.Join(dir, "wtclient.json"), st.toJSON(4096))
	// Same content at another page size, without bulk sessions.
	small := buildWtState(8, 0, 314)
	writeWt(filepath.Join(dir, "wtclient_small.db"), small, 16384)
	writeJSON(filepath.Join(dir, "wtclient_small.json"), small.toJSON(16384))
	// The small file's node a while later (wtclient_next.go).
	next := buildWtState(8, 0, 314)
	advanceWt(next)
	writeWt(filepath.Join(dir, "wtclient_next.db"), next, 16384)
	writeJSON(filepath.Join(dir, "wtclient_next.json"), next.toJSON(16384))
	// Tower 1 with 40 addresses (lnd sets no limit; new ones go first, so
	// the 38 added here after lnd's two are the oldest).
	many := buildWtState(8, 0, 314)
	for i := 0; i < 38; i++ {
		many.Towers[0].Addrs = append(many.Towers[0].Addrs, addrIP(net.IPv4(10, 0, 0, byte(i+1)).To4(), 9911))
	}
	writeWt(filepath.Join(dir, "wtclient_manyaddr.db"), many, 16384)
	// Versions lnstore must refuse.
	for _, v := range []uint32{7, 9} {
		writeWt(filepath.Join(dir, fmt.Sprintf("wtclient_v%d.db", v)), &wtState{Version: v}, 4096)
	}
}

// ---------------------------------------------------------------------------
// Fuzz seed corpus: small files, the unused tail cut off.

func trimToHighWater(path string) {
	data, err := os.ReadFile(path)
	must(err)
	// Both metas are valid here; the high-water mark of the newer one wins.
	ps := int(binary.LittleEndian.Uint32(data[24:]))
	m := 0
	if binary.LittleEndian.Uint64(data[ps+64:]) > binary.LittleEndian.Uint64(data[64:]) {
		m = 1
	}
	pgid := int(binary.LittleEndian.Uint64(data[m*ps+56:]))
	must(os.WriteFile(path, data[:pgid*ps], 0o644))
}

func genCorpus(dir string) {
	tmp := filepath.Join(dir, "tmp.bolt")
	write := func(name string, pageSize int, fill func(tx *bolt.Tx) error) {
		os.Remove(tmp)
		db, err := bolt.Open(tmp, 0o600, &bolt.Options{PageSize: pageSize, NoFreelistSync: true})
		must(err)
		must(db.Update(fill))
		must(db.Close())
		trimToHighWater(tmp)
		must(os.Rename(tmp, filepath.Join(dir, name)))
	}
	write("seed_empty_512", 512, func(tx *bolt.Tx) error { return nil })
	write("seed_tree_512", 512, func(tx *bolt.Tx) error {
		r := rand.New(rand.NewSource(1))
		t := newTree()
		b := t.child("b")
		for i := 0; i < 40; i++ {
			b.kv[fmt.Sprintf("k%02d", i)] = randBytes(r, i%7)
		}
		b.kv["big"] = randBytes(r, 1500)
		b.child("inline").seq = 9
		b.child("inline").kv["x"] = []byte("y")
		b.child("outer").child("inner").kv["z"] = []byte{}
		for name, s := range t.sub {
			nb, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			if err := s.write(nb); err != nil {
				return err
			}
		}
		return nil
	})
	st := buildWtState(8, 0, 40)
	writeWt(tmp, st, 1024)
	trimToHighWater(tmp)
	must(os.Rename(tmp, filepath.Join(dir, "seed_wtclient_1024")))
}

// ---------------------------------------------------------------------------
// Big channel.db files: lnd's revocation log is what grows a mainnet
// channel.db to many GB (one entry per channel update, never pruned while the
// channel is open). Entries follow lnd's channeldb/revocation_log.go layout:
// key = commit height u64 BE; value = BigSize length ‖ TLV stream {0: our
// output index u16, 1: their output index u16, 2: commit tx hash [32],
// 3: our balance BigSize msat, 4: their balance BigSize msat}, then per
// HTLC a BigSize length ‖ TLV stream {0: payment hash [32] (length 0 when
// zero), 1: refund timeout u32, 2: output index u16, 3: incoming u8,
// 4: amount BigSize sat}.

func tlvRecord(typ uint64, value []byte) []byte {
	out := append(bigSize(typ), bigSize(uint64(len(value)))...)
	return append(out, value...)
}


func revLogEntry(r *rand.Rand, height uint64) []byte {
	var stream []byte
	stream = append(stream, tlvRecord(0, be16(uint16(r.Intn(4))))...)
	stream = append(stream, tlvRecord(1, be16(uint16(r.Intn(4))))...)
	stream = append(stream, tlvRecord(2, randBytes(r, 32))...)
	stream = append(stream, tlvRecord(3, bigSize(uint64(r.Int63n(1e11))))...)
	stream = append(stream, tlvRecord(4, bigSize(uint64(r.Int63n(1e11))))...)
	out := append(bigSize(uint64(len(stream))), stream...)
	for i, n := 0, r.Intn(5); i < n; i++ {
		var h []byte
		h = append(h, tlvRecord(0, randBytes(r, 32))...)
		h = append(h, tlvRecord(1, be32(uint32(700000+height%1000)))...)
		h = append(h, tlvRecord(2, be16(uint16(2+i)))...)
		h = append(h, tlvRecord(3, []byte{byte(i & 1)})...)
		h = append(h, tlvRecord(4, bigSize(uint64(1000+r.Intn(1e7))))...)
		out = append(out, bigSize(uint64(len(h)))...)
		out = append(out, h...)
	}
	return out
}

// channelBuckets lists open-chan-bucket ⇒ node ⇒ chain ⇒ chanpoint paths.
func channelBuckets(tx *bolt.Tx) [][3][]byte {
	var out [][3][]byte
	open := tx.Bucket([]byte("open-chan-bucket"))
	if open == nil {
		return nil
	}
	open.ForEach(func(node, v []byte) error {
		nb := open.Bucket(node)
		if v != nil || nb == nil {
			return nil
		}
		return nb.ForEach(func(chain, v []byte) error {
			cb := nb.Bucket(chain)
			if v != nil || cb == nil {
				return nil
			}
			return cb.ForEach(func(point, v []byte) error {
				if v == nil && cb.Bucket(point) != nil {
					out = append(out, [3][]byte{append([]byte{}, node...), append([]byte{}, chain...), append([]byte{}, point...)})
				}
				return nil
			})
		})
	})
	return out
}

func genRevLog(src, dst string, mib int64) {
	copyFile(dst, src)
	db, err := bolt.Open(dst, 0o600, &bolt.Options{NoSync: true, NoFreelistSync: true})
	must(err)
	var chans [][3][]byte
	must(db.View(func(tx *bolt.Tx) error { chans = channelBuckets(tx); return nil }))
	if len(chans) == 0 {
		must(fmt.Errorf("%s has no open channels", src))
	}
	r := rand.New(rand.NewSource(7))
	target := mib << 20
	next := make([]uint64, len(chans))
	for {
		st, err := os.Stat(dst)
		must(err)
		if st.Size() >= target {
			break
		}
		// One transaction per batch, every channel's log appended in key
		// order (as lnd appends one height at a time).
		must(db.Update(func(tx *bolt.Tx) error {
			for i, c := range chans {
				b := tx.Bucket([]byte("open-chan-bucket")).Bucket(c[0]).Bucket(c[1]).Bucket(c[2])
				log, err := b.CreateBucketIfNotExists([]byte("revocation-log"))
				if err != nil {
					return err
				}
				for k := 0; k < 20000; k++ {
					h := next[i]
					next[i]++
					if err := log.Put(be64(h), revLogEntry(r, h)); err != nil {
						return err
					}
				}
			}
			return nil
		}))
	}
	must(db.Sync())
	must(db.Close())
	total := uint64(0)
	for _, n := range next {
		total += n
	}
	fmt.Printf("{\"channels\": %d, \"entries\": %d}\n", len(chans), total)
}

// genTombstone copies src and adds lndinit's migration tombstone: top-level
// bucket data-migration-tombstone, key of the same name, a non-empty value
// (lndinit writes the time of the migration).
func genTombstone(src, dst string) {
	copyFile(dst, src)
	db, err := bolt.Open(dst, 0o600, nil)
	must(err)
	must(db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("data-migration-tombstone"))
		if err != nil {
			return err
		}
		return b.Put([]byte("data-migration-tombstone"), []byte("2026-01-01T00:00:00Z"))
	}))
	must(db.Close())
}

func main() {
	if len(os.Args) == 5 && os.Args[1] == "-revlog" {
		mib, err := strconv.ParseInt(os.Args[4], 10, 64)
		must(err)
		genRevLog(os.Args[2], os.Args[3], mib)
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "-tombstone" {
		genTombstone(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "-corpus" {
		must(os.MkdirAll(os.Args[2], 0o755))
		genCorpus(os.Args[2])
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "-channeldb-next" {
		genChannelDBNext(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bbolt_gen OUTDIR | bbolt_gen -corpus OUTDIR | bbolt_gen -revlog SRC DST MIB | bbolt_gen -tombstone SRC DST | bbolt_gen -channeldb-next SRC DST")
		os.Exit(2)
	}
	must(os.MkdirAll(os.Args[1], 0o755))
	genGeneric(os.Args[1])
	genWtclient(os.Args[1])
}
