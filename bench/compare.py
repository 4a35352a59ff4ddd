#!/usr/bin/python3
"""bench/compare.py: do several audits agree?

    compare.py NAME=FILE NAME=FILE ...

Each FILE is the JSON of `notebook status --json` or of a peer. What is
compared, client by client and in order: id, state, last_contact, next_due
and flags (names only: "promise-overdue(2)" counts as "promise-overdue").
Prints the first differences and exits 1 when any two disagree, else says
how many clients agree and exits 0.
"""
import json
import sys

FIELDS = ("id", "state", "last_contact", "next_due", "flags")


def flag_name(f):
    if isinstance(f, dict):
        f = f.get("name", f.get("flag"))
    f = str(f)
    return f.split("(", 1)[0]


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rows = []
    for c in doc["clients"]:
        row = {k: c.get(k) for k in FIELDS}
        row["flags"] = [flag_name(f) for f in c.get("flags") or []]
        rows.append(row)
    return doc.get("as_of"), rows


def main(argv):
    if len(argv) < 2:
        print("usage: compare.py NAME=FILE NAME=FILE ...", file=sys.stderr)
        return 2
    runs = []
    for arg in argv:
        name, _, path = arg.partition("=")
        runs.append((name, path) + load(path))
    base_name, _, base_as_of, base = runs[0]
    bad = 0
    for name, _, as_of, rows in runs[1:]:
        if as_of != base_as_of:
            print("as_of: %s says %s, %s says %s" % (base_name, base_as_of, name, as_of))
            bad += 1
        if len(rows) != len(base):
            print("%s has %d clients, %s has %d" % (base_name, len(base), name, len(rows)))
            bad += 1
        shown = 0
        for i, (a, b) in enumerate(zip(base, rows)):
            if a != b:
                bad += 1
                if shown < 10:
                    print("client %d: %s: %s" % (i + 1, base_name, json.dumps(a)))
                    print("client %d: %s: %s" % (i + 1, name, json.dumps(b)))
                shown += 1
        if shown > 10:
            print("... %d more differences between %s and %s" % (shown - 10, base_name, name))
    if bad:
        return 1
    print("%d clients agree: %s" % (len(base), ", ".join(r[0] for r in runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
