// bbolt_kvdump writes every bucket and key/value of a bbolt file as the rows
// lnd's SQL backends keep them in (kvdb/sqlbase: table <prefix>_kv with id,
// key, value, parent_id, sequence; a bucket is a row with a NULL value,
// top-level buckets have a NULL parent_id), depth first in key order as
// lndinit migrate-db inserts them, ids from 1. The output is PostgreSQL's
// COPY text format (columns id, key, value, parent_id, sequence; bytea as
// \\x hex, NULL as \N), streamed: load it with COPY ... FROM STDIN, or into
// SQLite with tests/tools/lnd_kvdump_to_sqlite.py.
//
//	bbolt_kvdump SRC.db > rows.tsv
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o bbolt_kvdump .
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

var (
	out    *bufio.Writer
	nextID int64 = 1
	hexBuf []byte
)

func bytea(b []byte) string {
	if cap(hexBuf) < 2*len(b) {
		hexBuf = make([]byte, 2*len(b))
	}
	hexBuf = hexBuf[:2*len(b)]
	hex.Encode(hexBuf, b)
	return `\\x` + string(hexBuf)
}

func row(key, value []byte, isBucket bool, parent int64, seq uint64) int64 {
	id := nextID
	nextID++
	v := `\N`
	if !isBucket {
		v = bytea(value)
	}
	p := `\N`
	if parent != 0 {
		p = strconv.FormatInt(parent, 10)
	}
	s := `\N`
	if isBucket && seq != 0 {
		s = strconv.FormatInt(int64(seq), 10)
	}
	fmt.Fprintf(out, "%d\t%s\t%s\t%s\t%s\n", id, bytea(key), v, p, s)
	return id
}

func walk(b *bolt.Bucket, parent int64) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			nested := b.Bucket(k)
			id := row(k, nil, true, parent, nested.Sequence())
			if err := walk(nested, id); err != nil {
				return err
			}
			continue
		}
		row(k, v, false, parent, 0)
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: bbolt_kvdump SRC.db > rows.tsv")
		os.Exit(2)
	}
	db, err := bolt.Open(os.Args[1], 0o400, &bolt.Options{ReadOnly: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	out = bufio.NewWriterSize(os.Stdout, 1<<20)
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			id := row(name, nil, true, 0, b.Sequence())
			return walk(b, id)
		})
	})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
