#!/usr/bin/env python3
"""Rewrites text inside the cached records of one folder of the cache
(src/cache/index.c: a blob per folder) and stores each file's checksum anew, as
the program would: output that shows the new text proves the record was
taken from the cache. Prints how many folders changed (0 or 1).

usage: cache_tamper.py DB DIR FROM TO
"""
import sqlite3
import struct
import sys

M = (1 << 64) - 1
K1, K2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9


def record_sum(h, data):
    """The checksum of src/cache/index.c's record_sum()."""
    n = len(data)
    h = (h ^ (n * K1)) & M
    i = 0
    while n - i >= 8:
        (w,) = struct.unpack_from("<Q", data, i)
        h ^= (w * K2) & M
        h = ((((h << 31) | (h >> 33)) & M) * K1) & M
        i += 8
    for b in data[i:]:
        h = ((h ^ b) * 0x100000001b3) & M
    h ^= h >> 30
    h = (h * K2) & M
    h ^= h >> 27
    h = (h * 0x94d049bb133111eb) & M
    return h ^ (h >> 31)


def varint(data, i):
    v, shift = 0, 0
    while True:
        b = data[i]
        v |= (b & 0x7f) << shift
        i += 1
        if not b & 0x80:
            return v, i
        shift += 7


def main():
    db, folder, old, new = sys.argv[1:5]
    old, new = old.encode(), new.encode()
    assert len(old) == len(new)
    con = sqlite3.connect(db)
    row = con.execute("SELECT data FROM dirs WHERE dir = ?", (folder,)).fetchone()
    if not row or old not in row[0]:
        print(0)
        return
    data = bytearray(row[0].replace(old, new))
    seed = record_sum(0, folder.encode())
    count, i = varint(data, 0)
    for _ in range(count):
        start = i
        n, i = varint(data, i)
        i += n - 1
        for _ in range(6):
            _, i = varint(data, i)
        n, i = varint(data, i)
        i += n
        struct.pack_into("<Q", data, i, record_sum(seed, bytes(data[start:i])))
        i += 8
    assert i == len(data)
    con.execute("UPDATE dirs SET data = ? WHERE dir = ?", (bytes(data), folder))
    con.commit()
    print(1)


if __name__ == "__main__":
    main()
