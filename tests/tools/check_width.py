#!/usr/bin/env python3
# check_width.py COLS FILE...: each FILE is what a command printed on a
# terminal COLS columns wide. Fails (exit 1, saying where) when a line is
# wider than COLS in display columns (East Asian wide and fullwidth
# characters count 2, combining marks and format characters 0, SGR colour
# sequences nothing), when the output is not UTF-8, or when something was
# cut with an ellipsis.
import re, sys, unicodedata

def width(line):
    w = 0
    for ch in line:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w

cols = int(sys.argv[1])
bad = 0
for path in sys.argv[2:]:
    text = open(path, "rb").read().decode("utf-8")  # fails on a split sequence
    text = re.sub("\x1b\\[[0-9;]*m", "", text).replace("\r\n", "\n")
    for n, line in enumerate(text.split("\n"), 1):
        if width(line) > cols:
            print(f"{path}:{n}: {width(line)} columns, more than {cols}: {line!r}")
            bad = 1
        if "\u2026" in line or "..." in line:
            print(f"{path}:{n}: cut with an ellipsis: {line!r}")
            bad = 1
sys.exit(bad)
