#!/usr/bin/python3
"""tests/tools/long_functions.py [--max N] DIR: lists the C functions under DIR
longer than N lines (100), from the line of their name to their closing
brace, as "LINES path:line name", longest first; exits 1 when there is one.

The project's C opens and closes a function's body with a brace in the
first column, and nothing else does: that is all this reads, so it needs no
C parser.
"""
import os
import re
import sys

HEAD = re.compile(r"^[A-Za-z_].*\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def functions(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    start = name = None
    for i, line in enumerate(lines):
        if line.startswith("{") and start is None:
            j = i - 1
            while j >= 0 and not HEAD.match(lines[j]):
                j -= 1
            start, name = (j, HEAD.match(lines[j]).group(1)) if j >= 0 else (i, "?")
        elif line.startswith("}") and start is not None:
            yield name, start + 1, i - start + 1
            start = None


def main(argv):
    limit = 100
    if len(argv) == 3 and argv[0] == "--max" and argv[1].isdigit():
        limit, argv = int(argv[1]), argv[2:]
    if len(argv) != 1:
        sys.stderr.write("usage: long_functions.py [--max N] DIR\n")
        return 2
    found = []
    for root, dirs, files in os.walk(argv[0]):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".c"):
                path = os.path.join(root, f)
                found += [(n, path, line, name) for name, line, n in functions(path) if n > limit]
    for n, path, line, name in sorted(found, key=lambda x: (-x[0], x[1])):
        print("%d %s:%d %s" % (n, path, line, name))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
