#!/usr/bin/python3
"""Write an `apply` workload of N towers as JSON Lines on stdout.

usage: gen_towers.py N

Tower k (1..N) has public key k*G and two addresses (an IPv4 one, then a DNS
name, so "newest first" ordering is exercised); odd towers get one session
(id (N+k)*G); every tenth tower is deactivated. All keys are valid compressed
secp256k1 points, built by repeated point addition (one inversion each), so
the strict key checks of a real client database pass.
"""
import json
import sys

P = 2**256 - 2**32 - 977
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def add(a, b):
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return (x, (lam * (a[0] - x) - a[1]) % P)


def compressed(q):
    return ("02" if q[1] % 2 == 0 else "03") + format(q[0], "064x")


def multiples(count):
    """1*G .. count*G, compressed."""
    out, q = [], G
    for _ in range(count):
        out.append(compressed(q))
        q = add(q, G)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    keys = multiples(2 * n)
    towers, session_ids = keys[:n], keys[n:]
    w = sys.stdout.write
    reservations = 0
    for k in range(1, n + 1):
        pk = towers[k - 1]
        w(json.dumps({"op": "tower.add", "address": f"{pk}@10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}:9911"}) + "\n")
        w(json.dumps({"op": "tower.add", "address": f"{pk}@tower{k}.example.net:9911"}) + "\n")
        if k % 2 == 1:
            # Key indexes come from one global counter, so the j-th
            # reservation on a fresh database gets index j.
            reservations += 1
            w(json.dumps({"op": "session.reserve", "tower": pk}) + "\n")
            w(json.dumps({"op": "session.create", "tower": pk, "key_index": reservations, "id": session_ids[k - 1],
                          "policy": {"blob_type": 2, "max_updates": 1024, "reward_base": 0, "reward_rate": 0,
                                     "sweep_fee_rate": 12500}}) + "\n")
        if k % 10 == 0:
            w(json.dumps({"op": "tower.deactivate", "pubkey": pk}) + "\n")


if __name__ == "__main__":
    main()
