#!/usr/bin/env python3
# table_rows.py FILE FIRST [KEY]: reads a table that a command printed on a
# terminal (colour codes dropped) from line FIRST (1-based) on, up to the
# first blank line. That first line (a header, or the first row) gives the
# columns: each starts where text starts after two or more blanks. A row
# starts at a line with text right at the start of column KEY (default 0);
# the lines after it, up to the next row, are its wrapped continuation.
# Prints each row as its columns' texts in order, blanks and ';' left out,
# one row a line: what the same table piped (one line a row) gives with
# blanks and ';' left out, when nothing was cut.
import re, sys, unicodedata

def cw(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

def cells(line):
    """(display column, character) pairs."""
    out, col = [], 0
    for ch in line:
        out.append((col, ch))
        col += cw(ch)
    return out

text = re.sub("\x1b\\[[0-9;]*m", "", open(sys.argv[1], encoding="utf-8").read())
lines = text.replace("\r\n", "\n").split("\n")[int(sys.argv[2]) - 1:]
key = int(sys.argv[3]) if len(sys.argv) > 3 else 0
first = lines[0]
starts = [0] + [sum(cw(c) for c in first[:m.end()]) for m in re.finditer(r"  +(?=\S)", first)]
bounds = list(zip(starts, starts[1:] + [10**9]))
rows = []
for line in lines:
    if not line.strip():
        break
    pos = dict(cells(line))
    if pos.get(bounds[key][0], " ") != " ":
        rows.append([""] * len(bounds))
    for col, ch in cells(line):
        for k, (a, b) in enumerate(bounds):
            if a <= col < b:
                rows[-1][k] += ch
for r in rows:
    print(re.sub(r"[\s;]", "", "".join(r)))
