#!/usr/bin/python3
"""Independent reference model of lnd's static channel backup crypto and codec.

Written from /work/shared/spec/scb-format.md, sharing no code with lnstore's
C++: BIP32 comes from python3-bip32utils, XChaCha20-Poly1305 from libsodium
(python3-nacl), and lnd's non-standard hardened step (spec section 5.4) and
the Single/Multi parser are re-implemented here. The C++ unit tests run it
(tests/unit/test_scb_packed.cpp) to check that each side reads what the
other wrote.

Usage:
  scb_reference.py batch REQUESTS.json   run a list of requests, print a JSON list of results
  scb_reference.py derive ROOT NETWORK FAMILY INDEX
  scb_reference.py decrypt ROOT NETWORK BLOBHEX
  scb_reference.py encrypt ROOT NETWORK PLAINHEX NONCEHEX
  scb_reference.py parse-single PLAINHEX | parse-multi PLAINHEX
  scb_reference.py find-quirk-seeds COUNT [coin|purpose]
  (batch only: "xchacha-seal"/"xchacha-open" with hex "key", "nonce", "aad",
   "plaintext"/"sealed": raw libsodium XChaCha20-Poly1305)

ROOT is an xprv/tprv string or "seed:HEX" (BIP32 master from those seed bytes).
Requests in batch mode are objects {"op": one of the verbs above, "root",
"network", "family", "index", "blob", "plaintext", "nonce", ...}; each result is
{"ok": true, "result": ...} or {"ok": false, "error": "..."}.
"""

import hashlib
import hmac
import json
import struct
import sys

import nacl.bindings
from bip32utils import BIP32Key, BIP32_HARDEN

CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

COIN_TYPE = {"mainnet": 0, "testnet": 1, "testnet4": 1, "signet": 1, "regtest": 1, "simnet": 1}

VERSION_NAMES = ["legacy", "tweakless", "anchors", "anchors_zero_fee_htlc",
                 "script_enforced_lease", "simple_taproot", "tapscript_root",
                 "simple_taproot_final"]

KEY_NAMES = ["multisig", "revocation_base", "payment_base", "delay_base", "htlc_base"]


# ---------------------------------------------------------------- keys

def load_root(root, network):
    if root.startswith("seed:"):
        return BIP32Key.fromEntropy(bytes.fromhex(root[5:]), testnet=network != "mainnet")
    return BIP32Key.fromExtendedKey(root)


def hardened_child_nonstandard(parent, i):
    """btcutil's DeriveNonStandard for a hardened child of an in-memory key:
    the parent key is held without its leading zero bytes and is copied
    left-aligned after the 0x00 prefix, the gap filled with zeros."""
    key = parent.k.to_string()
    short = key.lstrip(b"\0")
    data = b"\0" + short + b"\0" * (32 - len(short)) + struct.pack(">L", i)
    digest = hmac.new(parent.C, data, hashlib.sha512).digest()
    il = int.from_bytes(digest[:32], "big")
    if il >= CURVE_ORDER:
        raise ValueError("invalid child")
    k = (il + int.from_bytes(key, "big")) % CURVE_ORDER
    if k == 0:
        raise ValueError("invalid child")
    return BIP32Key(secret=k.to_bytes(32, "big"), chain=digest[32:], depth=parent.depth + 1,
                    index=i, fpr=parent.Fingerprint(), public=False, testnet=parent.testnet)


def lnd_derive(root_key, network, family, index):
    """m/1017'/coin'/family'/0/index as btcwallet computes it (spec 5.4)."""
    purpose = root_key.ChildKey(BIP32_HARDEN + 1017)          # master is always 32 bytes
    coin = hardened_child_nonstandard(purpose, BIP32_HARDEN + COIN_TYPE[network])
    if family == 0:
        account = hardened_child_nonstandard(coin, BIP32_HARDEN)   # in-memory coin key
    else:
        account = coin.ChildKey(BIP32_HARDEN + family)           # coin key re-loaded: 32 bytes
    return account.ChildKey(0).ChildKey(index)


def backup_key(root, network):
    pub = lnd_derive(load_root(root, network), network, 7, 0).PublicKey()
    return hashlib.sha256(pub).digest()


def decrypt(root, network, blob):
    if len(blob) < 24:
        raise ValueError("payload size too small, must be at least 24 bytes")
    nonce = blob[:24]
    return nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
        blob[24:], nonce, nonce, backup_key(root, network))


def encrypt(root, network, plaintext, nonce):
    return nonce + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, nonce, nonce, backup_key(root, network))


def find_quirk_seeds(count, level):
    """Seeds (16 bytes, as lnd feeds aezeed entropy) whose m/1017' key
    (level "purpose") or m/1017'/1' key (level "coin", regtest) starts with 0x00."""
    found = []
    counter = 0
    while len(found) < count:
        seed = hashlib.sha256(b"lnstore quirk seed %d" % counter).digest()[:16]
        counter += 1
        purpose = BIP32Key.fromEntropy(seed, testnet=True).ChildKey(BIP32_HARDEN + 1017)
        if level == "purpose":
            hit = purpose.k.to_string()[0] == 0
        else:
            hit = hardened_child_nonstandard(purpose, BIP32_HARDEN + 1).k.to_string()[0] == 0
        if hit:
            found.append(seed.hex())
    return found


# ---------------------------------------------------------------- codec

class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n, what):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("short read in " + what)
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def uint(self, n, what):
        return int.from_bytes(self.take(n, what), "big")

    def le(self, n, what):
        return int.from_bytes(self.take(n, what), "little")

    def varint(self, what):
        first = self.le(1, what)
        if first < 0xFD:
            return first
        width = {0xFD: 2, 0xFE: 4, 0xFF: 8}[first]
        value = self.le(width, what)
        if value < {2: 0xFD, 4: 0x10000, 8: 0x100000000}[width]:
            raise ValueError("non-canonical varint in " + what)
        return value


def pubkey_valid(b):
    if len(b) != 33 or b[0] not in (2, 3):
        return False
    p = 2**256 - 2**32 - 977
    x = int.from_bytes(b[1:], "big")
    if x >= p:
        return False
    y2 = (pow(x, 3, p) + 7) % p
    return pow(y2, (p - 1) // 2, p) in (0, 1)


def read_pubkey(r, what):
    b = r.take(33, what)
    if not pubkey_valid(b):
        raise ValueError("invalid pubkey in " + what)
    return b.hex()


def b32(data):
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    bits = "".join(format(x, "08b") for x in data)
    return "".join(alphabet[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))


def go_ipv6(raw):
    if raw[:10] == b"\0" * 10 and raw[10:12] == b"\xff\xff":
        return ".".join(str(x) for x in raw[12:])
    groups = [int.from_bytes(raw[i:i + 2], "big") for i in range(0, 16, 2)]
    best, best_len, i = -1, 0, 0
    while i < 8:
        j = i
        while j < 8 and groups[j] == 0:
            j += 1
        if j - i > best_len:
            best, best_len = i, j - i
        i = j + 1 if j == i else j
    if best_len < 2:
        return ":".join("%x" % g for g in groups)
    left = ":".join("%x" % g for g in groups[:best])
    right = ":".join("%x" % g for g in groups[best + best_len:])
    return left + "::" + right


def dns_text(raw):
    return "".join(chr(c) if 0x21 <= c <= 0x7E and c != 0x5C else "\\x%02x" % c for c in raw)


def read_addresses(r):
    block = Reader(r.take(r.uint(2, "address length"), "address block"))
    out = []
    while block.pos < len(block.data):
        kind = block.uint(1, "address type")
        if kind == 0:
            continue
        if kind == 1:
            ip = ".".join(str(x) for x in block.take(4, "ipv4"))
            out.append("%s:%d" % (ip, block.uint(2, "port")))
        elif kind == 2:
            ip = go_ipv6(block.take(16, "ipv6"))
            fmt = "[%s]:%d" if ":" in ip else "%s:%d"
            out.append(fmt % (ip, block.uint(2, "port")))
        elif kind == 3:
            host = b32(block.take(10, "tor v2")) + ".onion"
            out.append("%s:%d" % (host, block.uint(2, "port")))
        elif kind == 4:
            host = b32(block.take(35, "tor v3")) + ".onion"
            out.append("%s:%d" % (host, block.uint(2, "port")))
        elif kind == 5:
            host = dns_text(block.take(block.uint(1, "dns length"), "dns"))
            out.append("%s:%d" % (host, block.uint(2, "port")))
        else:
            out.append(bytes([kind]).hex() + block.take(len(block.data) - block.pos, "opaque").hex())
    return out


def read_tx(r):
    start = r.pos
    r.take(4, "tx version")
    n_in = r.varint("tx input count")
    witness = False
    if n_in == 0:
        if r.uint(1, "tx flag") != 1:
            raise ValueError("bad witness flag")
        witness = True
        n_in = r.varint("tx input count")
    for _ in range(n_in):
        r.take(36, "tx outpoint")
        r.take(r.varint("tx script sig length"), "tx script sig")
        r.take(4, "tx sequence")
    for _ in range(r.varint("tx output count")):
        r.take(8, "tx value")
        r.take(r.varint("tx pkscript length"), "tx pkscript")
    if witness:
        for _ in range(n_in):
            for _ in range(r.varint("tx witness count")):
                r.take(r.varint("tx witness item length"), "tx witness item")
    r.take(4, "tx locktime")
    return r.data[start:r.pos]


def read_single(r):
    vbyte = r.uint(1, "version")
    version = vbyte & 0x7F
    if version > 7:
        raise ValueError("unable to de-serialize w/ unknown version: %d" % version)
    r.uint(2, "length")                                   # lnd ignores it
    out = {"version": version, "type": VERSION_NAMES[version]}
    out["is_initiator"] = r.uint(1, "is_initiator") == 1
    out["chain_hash"] = r.take(32, "chain hash")[::-1].hex()
    txid = r.take(32, "txid")[::-1].hex()
    out["chan_point"] = "%s:%d" % (txid, r.uint(2, "output index"))
    height, txindex, pos = r.uint(3, "scid"), r.uint(3, "scid"), r.uint(2, "scid")
    out["short_channel_id"] = "%dx%dx%d" % (height, txindex, pos)
    out["peer"] = read_pubkey(r, "remote node pubkey")
    out["addresses"] = read_addresses(r)
    cap = r.uint(8, "capacity")
    out["capacity_sat"] = cap - (1 << 64) if cap >= (1 << 63) else cap
    out["local_csv_delay"] = r.uint(2, "local csv")
    out["local_keys"] = {}
    for name in KEY_NAMES:
        out["local_keys"][name] = {"family": r.uint(4, name), "index": r.uint(4, name), "pubkey": None}
    out["remote_csv_delay"] = r.uint(2, "remote csv")
    out["remote_keys"] = {name: read_pubkey(r, name) for name in KEY_NAMES}
    sha = r.take(33, "shachain pubkey")
    if sha == b"\0" * 33:
        sha_hex = None
    elif pubkey_valid(sha):
        sha_hex = sha.hex()
    else:
        raise ValueError("invalid shachain pubkey")
    out["shachain_root"] = {"family": r.uint(4, "sha family"), "index": r.uint(4, "sha index"),
                            "pubkey": sha_hex}
    out["lease_expiry"] = r.uint(4, "lease expiry") if version == 4 else None
    out["close_tx"] = None
    if vbyte & 0x80:
        close = {"commit_tx": read_tx(r).hex()}
        close["commit_sig"] = r.take(r.uint(2, "sig length"), "sig").hex()
        close["commit_height"] = r.uint(8, "commit height") if version in (5, 6, 7) else None
        close["tapscript_root"] = r.take(32, "tapscript root").hex() if version == 6 else None
        out["close_tx"] = close
    return out


def parse_single(plaintext):
    return read_single(Reader(plaintext))


def parse_multi(plaintext):
    r = Reader(plaintext)
    version = r.uint(1, "multi version")
    if version != 0:
        raise ValueError("unable to unpack unknown multi-version of %d" % version)
    return {"version": 0, "singles": [read_single(r) for _ in range(r.uint(4, "count"))]}


# ---------------------------------------------------------------- driver

def run(req):
    op = req["op"]
    if op == "derive":
        key = lnd_derive(load_root(req["root"], req["network"]), req["network"],
                         int(req["family"]), int(req["index"]))
        return key.PublicKey().hex()
    if op == "key":
        return backup_key(req["root"], req["network"]).hex()
    if op == "decrypt":
        return decrypt(req["root"], req["network"], bytes.fromhex(req["blob"])).hex()
    if op == "encrypt":
        return encrypt(req["root"], req["network"], bytes.fromhex(req["plaintext"]),
                       bytes.fromhex(req["nonce"])).hex()
    if op == "parse-single":
        return parse_single(bytes.fromhex(req["plaintext"]))
    if op == "parse-multi":
        return parse_multi(bytes.fromhex(req["plaintext"]))
    if op == "xchacha-seal":
        return nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
            bytes.fromhex(req["plaintext"]), bytes.fromhex(req["aad"]), bytes.fromhex(req["nonce"]),
            bytes.fromhex(req["key"])).hex()
    if op == "xchacha-open":
        return nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            bytes.fromhex(req["sealed"]), bytes.fromhex(req["aad"]), bytes.fromhex(req["nonce"]),
            bytes.fromhex(req["key"])).hex()
    if op == "find-quirk-seeds":
        return find_quirk_seeds(int(req["count"]), req.get("level", "purpose"))
    raise ValueError("unknown op " + op)


def main(argv):
    if len(argv) >= 3 and argv[1] == "batch":
        with open(argv[2]) as f:
            requests = json.load(f)
        results = []
        for req in requests:
            try:
                results.append({"ok": True, "result": run(req)})
            except Exception as e:  # a failed request is a result, not a crash
                results.append({"ok": False, "error": str(e)})
        json.dump(results, sys.stdout)
        return 0
    names = {"derive": ["root", "network", "family", "index"],
             "decrypt": ["root", "network", "blob"],
             "encrypt": ["root", "network", "plaintext", "nonce"],
             "parse-single": ["plaintext"], "parse-multi": ["plaintext"],
             "find-quirk-seeds": ["count", "level"]}
    if len(argv) < 2 or argv[1] not in names:
        print(__doc__, file=sys.stderr)
        return 2
    req = dict(zip(names[argv[1]], argv[2:]), op=argv[1])
    result = run(req)
    print(json.dumps(result, indent=2) if isinstance(result, (dict, list)) else result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
