#!/usr/bin/env python3
"""Rewrites a name in the cached listing of one folder of the cache
(src/cache/index.c: the table listings) to another of the same length, and
stores its checksum anew as the program would (unless --keep-sum): output
that shows the new name proves the listing was taken from the cache.
Prints how many listings changed (0 or 1).

usage: listing_tamper.py [--keep-sum] DB DIR FROM TO
"""
import sqlite3
import struct
import sys

from cache_tamper import record_sum


def main():
    args = sys.argv[1:]
    keep_sum = args[0] == "--keep-sum"
    if keep_sum:
        args = args[1:]
    db, folder, old, new = args
    old, new = old.encode(), new.encode()
    assert len(old) == len(new)
    con = sqlite3.connect(db)
    row = con.execute("SELECT data FROM listings WHERE dir = ?", (folder,)).fetchone()
    if not row or old not in row[0]:
        print(0)
        return
    data = bytearray(row[0][:-8].replace(old, new) + row[0][-8:])
    if not keep_sum:
        h = record_sum(record_sum(0, folder.encode()), bytes(data[:-8]))
        struct.pack_into("<Q", data, len(data) - 8, h)
    con.execute("UPDATE listings SET data = ? WHERE dir = ?", (bytes(data), folder))
    con.commit()
    print(1)


if __name__ == "__main__":
    main()
