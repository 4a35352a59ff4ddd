#!/usr/bin/env python3
# status_rows.py OUT JSON: OUT is what `status` printed on a terminal, JSON
# what `status --json` printed for the same notebook and day. Checks that
# the table shows the clients that need attention in order, each row's
# CLIENT column starting with the whole id and its WHY column holding every
# reason whole and in order (blanks and the "; " between reasons aside,
# since the table wraps and joins them). Exit 1 with the first difference.
import json, re, sys, unicodedata

def cw(ch):
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

def cut(line, start, end=None):
    """The characters of `line` from display column `start` to `end`."""
    out, col = [], 0
    for ch in line:
        if col >= start and (end is None or col < end):
            out.append(ch)
        col += cw(ch)
    return "".join(out)

def squeeze(s):
    return re.sub(r"[\s;]", "", s)

text = re.sub("\x1b\\[[0-9;]*m", "", open(sys.argv[1], encoding="utf-8").read())
lines = text.replace("\r\n", "\n").split("\n")
doc = json.load(open(sys.argv[2]))
head = lines[0]
client_at = head.index("CLIENT")
why_at = sum(cw(c) for c in head[:head.index("WHY")])
next_at = head.index("NAME") if "NAME" in head else head.index("WHY")
next_at = sum(cw(c) for c in head[:next_at])
rows = []
for line in lines[1:]:
    if not line.strip():
        break
    if line[0] != " ":
        rows.append({"client": "", "why": ""})
    rows[-1]["client"] += cut(line, client_at, next_at)
    rows[-1]["why"] += cut(line, why_at)
want = [c for c in doc["clients"] if c["needs_attention"]]
if len(rows) != len(want):
    sys.exit(f"{len(rows)} rows, {len(want)} clients need attention")
for row, c in zip(rows, want):
    if not squeeze(row["client"]).startswith(squeeze(c["id"])):
        sys.exit(f"client column {row['client']!r} does not start with {c['id']!r}")
    if squeeze(row["why"]) != squeeze("".join(c["reasons"])):
        sys.exit(f"{c['id']}: WHY {row['why']!r} is not {c['reasons']!r}")
print(f"{len(rows)} rows, every reason whole")
