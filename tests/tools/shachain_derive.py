#!/usr/bin/python3
"""Independent BOLT 3 generate_from_seed (hashlib only), used by
tests/unit/test_shachain.cpp to cross-check lnstore's derivation.

Usage: shachain_derive.py SEED_HEX INDEX [INDEX...]
Prints the 32-byte secret for each BOLT 3 index (decimal), one hex per line.
Written from BOLT 3 "Per-commitment Secret Requirements", not from the C++ code."""
import hashlib
import sys


def generate_from_seed(seed, index):
    value = int.from_bytes(seed, "little")
    for bit in reversed(range(48)):
        if index >> bit & 1:
            # Bit B of the secret is bit B % 8 of byte B // 8: little-endian numbering.
            value ^= 1 << bit
            value = int.from_bytes(hashlib.sha256(value.to_bytes(32, "little")).digest(), "little")
    return value.to_bytes(32, "little")


if __name__ == "__main__":
    seed = bytes.fromhex(sys.argv[1])
    assert len(seed) == 32
    for arg in sys.argv[2:]:
        print(generate_from_seed(seed, int(arg)).hex())
