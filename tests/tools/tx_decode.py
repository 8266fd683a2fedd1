#!/usr/bin/python3
"""Independent Bitcoin transaction decoder (hashlib only), used by
tests/unit/test_bitcoin_tx.cpp to cross-check lnstore's decoder.

Usage: tx_decode.py HEX [HEX...]
Prints one JSON object per line with the keys of lnstore's to_json(Transaction):
txid, wtxid, version, locktime, size, vsize, weight, inputs, outputs.
Written from BIP 141/144 and the Bitcoin wire format, not from the C++ code."""
import hashlib
import json
import sys


def hash256(data):
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


class Stream:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def read(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("truncated")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def uint(self, n, signed=False):
        return int.from_bytes(self.read(n), "little", signed=signed)

    def varint(self):
        first = self.uint(1)
        return {0xfd: lambda: self.uint(2), 0xfe: lambda: self.uint(4),
                0xff: lambda: self.uint(8)}.get(first, lambda: first)()

    def varbytes(self):
        return self.read(self.varint())


def decode(raw):
    s = Stream(raw)
    version = s.uint(4, signed=True)
    segwit = raw[4:6] == b"\x00\x01"
    if segwit:
        s.read(2)
    body_start = s.pos
    inputs = []
    for _ in range(s.varint()):
        prev = s.read(32)[::-1].hex()
        vout = s.uint(4)
        script = s.varbytes().hex()
        sequence = s.uint(4)
        inputs.append({"txid": prev, "vout": vout, "script_sig": script,
                       "sequence": sequence, "witness": []})
    outputs = []
    for _ in range(s.varint()):
        value = s.uint(8, signed=True)
        outputs.append({"value_sat": value, "script_pubkey": s.varbytes().hex()})
    body = raw[body_start:s.pos]
    if segwit:
        for txin in inputs:
            txin["witness"] = [s.varbytes().hex() for _ in range(s.varint())]
    locktime = s.uint(4)
    if s.pos != len(raw):
        raise ValueError("trailing bytes")
    stripped = raw[:4] + body + raw[-4:]
    weight = 3 * len(stripped) + len(raw)
    return {
        "txid": hash256(stripped)[::-1].hex(),
        "wtxid": hash256(raw)[::-1].hex(),
        "version": version,
        "locktime": locktime,
        "size": len(raw),
        "vsize": -(-weight // 4),
        "weight": weight,
        "inputs": inputs,
        "outputs": outputs,
    }


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(json.dumps(decode(bytes.fromhex(arg))))
