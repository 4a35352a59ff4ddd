#!/usr/bin/env python3
"""Rewrites text in every answer the cache keeps (src/cache/index.c: the
table answers) to another of the same length, and stores each answer's
checksum anew as the program would (unless --keep-sum): output that shows
the new text proves the kept answer was printed. Prints how many answers
changed.

usage: answer_tamper.py [--keep-sum] DB FROM TO
"""
import sqlite3
import struct
import sys

from cache_tamper import record_sum


def answer_sum(key, state, status, out):
    """src/cache/index.c's answer_sum(), as SQLite's signed integer."""
    h = record_sum(0x616e73776572, key)
    h = record_sum(h, state.encode())
    h = record_sum(h, struct.pack("<I", status & 0xffffffff))
    h = record_sum(h, out)
    return h - (1 << 64) if h >= 1 << 63 else h


def main():
    args = sys.argv[1:]
    keep_sum = args[0] == "--keep-sum"
    if keep_sum:
        args = args[1:]
    db, old, new = args
    old, new = old.encode(), new.encode()
    assert len(old) == len(new)
    con = sqlite3.connect(db)
    n = 0
    for key, state, status, out, old_sum in con.execute(
            "SELECT key, state, status, out, sum FROM answers").fetchall():
        if old not in out:
            continue
        out = out.replace(old, new)
        s = old_sum if keep_sum else answer_sum(key, state, status, out)
        con.execute("UPDATE answers SET out = ?, sum = ? WHERE key = ?", (out, s, key))
        n += 1
    con.commit()
    print(n)


if __name__ == "__main__":
    main()
