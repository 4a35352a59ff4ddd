#!/usr/bin/env python3
"""Randomized test of `notebook sync` with three clones of one bare remote.

Usage: sync_random.py SEED OPS_PER_CLONE

Run inside an empty directory with the test's environment (HOME, git
config, NOTEBOOK_NOW, NOTEBOOK_BIN). Each clone does OPS_PER_CLONE random
operations, interleaved: log (sometimes the same client, kind and day as
another clone; with one or two promises), new, done, snooze, a hand edit
of a client's front matter or body committed with `notebook commit`, or a
sync, sometimes of two clones at once (their pushes race, and the loser
is refused and fetches, merges and pushes again). A sync stopped on conflicts
(exit 5) is resolved the way a user would: one side of each marked block
kept, the markers removed, then `sync --continue`. At the end every clone
syncs until two rounds change nothing, and the result is checked:

- every entry logged anywhere is in exactly one file, in every clone;
- every value written anywhere is the final one, or was overwritten by a
  clone that had seen it, or was on the side dropped in a reported
  conflict: no edit is lost silently;
- every promise ticked anywhere is ticked, and every line added to a
  client's body is there, unless dropped in a conflict;
- all clones and the remote hold the same tree, no clone has changes,
  `git fsck --strict` is clean everywhere and `notebook check` passes.

A clone has seen a write when the commit that made it is in its history
when it writes.
Exit status 0 when every check holds, 1 with the failures printed.
"""

import datetime
import os
import random
import re
import subprocess
import sys
import time

NB = os.environ["NOTEBOOK_BIN"]
CLONES = ["c0", "c1", "c2"]
FIRST_CLIENTS = ["Acme Corp", "Globex", "Initech"]
NEW_CLIENTS = ["Blue Harbor", "Red Kite", "Green Valley"]
KINDS = ["call", "email", "note"]
DAYS = ["2026-11-18", "2026-11-19", "2026-11-20"]
# owner, cadence and since take a fresh value each time, so a value names
# its write; fit has three values and is checked all the same
EDIT_KEYS = ["owner", "cadence", "since", "fit"]
FITS = ["good", "questionable", "poor"]
OPS = [("log", 30), ("new", 4), ("done", 8), ("snooze", 10), ("edit", 22), ("body", 6),
       ("sync", 20)]


class Failure(Exception):
    pass


class Run:
    def __init__(self, seed, per_clone):
        self.rng = random.Random(seed)
        self.per_clone = per_clone
        self.token = 0
        self.writes = []      # key writes: dicts with id, clone, client, key, value
        self.entries = []     # (token, clone) of every log
        self.ticks = []       # (token, clone) of every done
        self.lines = []       # (client, token, clone) of every line added to a body
        self.dropped = set()  # (client, key, value) on the side a resolution dropped
        self.dropped_ticks = set()
        self.dropped_lines = set()
        self.conflicts = []   # (clone, path, keys)
        self.transcript = []
        self.counts = {}
        self.syncs = 0
        self.together = 0     # syncs of two clones at once
        self.retried = 0      # pushes refused because the other moved the remote

    # -- running things --------------------------------------------------

    def sh(self, args, cwd=None, check=True):
        p = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
        self.transcript.append("$ %s  -> %d" % (" ".join(args), p.returncode))
        for line in (p.stdout + p.stderr).splitlines():
            self.transcript.append("  " + line)
        if check and p.returncode != 0:
            raise Failure("'%s' exited %d:\n%s%s" % (" ".join(args), p.returncode,
                                                      p.stdout, p.stderr))
        return p

    def nb(self, clone, *args, want=(0,)):
        p = self.sh([NB, "-C", clone] + list(args), check=False)
        if p.returncode not in want:
            raise Failure("'notebook -C %s %s' exited %d:\n%s%s" % (
                clone, " ".join(args), p.returncode, p.stdout, p.stderr))
        return p

    def git(self, *args):
        return self.sh(["git"] + list(args)).stdout

    def next_token(self):
        self.token += 1
        return self.token

    # -- reading a clone -------------------------------------------------

    @staticmethod
    def clients(clone):
        d = os.path.join(clone, "clients")
        return sorted(f[:-3] for f in os.listdir(d) if f.endswith(".md"))

    @staticmethod
    def front_matter(path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        keys = {}
        for line in lines[1:]:
            if line == "---":
                break
            m = re.match(r"^([a-z][a-z-]*): ?(.*)$", line)
            if m:
                keys[m.group(1)] = m.group(2)
        return keys

    @staticmethod
    def journal_files(clone):
        out = []
        for top, _, files in os.walk(os.path.join(clone, "journal")):
            out += [os.path.join(top, f) for f in files if f.endswith(".md")]
        return sorted(out)

    # -- the operations --------------------------------------------------

    def write(self, clone, client, key, value):
        """
        Notes a key write: the writes it overwrites knowingly are superseded.
        A three-way merge compares values, not writes: two writes of one
        value (fit, tier) are one change, so knowing one of them is knowing
        them all, even one made later (a side that went poor, questionable,
        poor again has not changed fit since the ancestor's poor).
        """
        wid = len(self.writes)
        history = set(self.git("-C", clone, "rev-list", "HEAD").split())
        head = self.git("-C", clone, "rev-parse", "HEAD").strip()
        same = [w for w in self.writes if w["client"] == client and w["key"] == key]
        seen = {w["value"] for w in same if w["commit"] in history and w["commit"] != head}
        for w in same:
            if w["value"] in seen:
                w["superseded"] = True
        self.writes.append(dict(id=wid, clone=clone, client=client, key=key, value=value,
                                commit=head, seen=seen, superseded=False))

    def op_log(self, clone):
        client = self.rng.choice(self.clients(clone))
        t = self.next_token()
        args = ["log", client, "-k", self.rng.choice(KINDS), "--date", self.rng.choice(DAYS),
                "-m", "m%d from %s." % (t, clone)]
        for i in range(self.rng.choice([0, 0, 1, 2])):
            args += ["--promise", "p%d for %s due:2026-12-15" % (t * 10 + i, client)]
        self.nb(clone, *args)
        self.entries.append((t, clone))

    def op_new(self, clone):
        have = set(self.clients(clone))
        names = [n for n in NEW_CLIENTS if n.lower().replace(" ", "-") not in have]
        if not names:
            return self.op_log(clone)
        name = self.rng.choice(names)
        tier = self.rng.choice(["key", "regular", "occasional"])
        self.nb(clone, "new", name, "--tier", tier)
        self.write(clone, name.lower().replace(" ", "-"), "tier", tier)

    def op_done(self, clone):
        open_ones = []
        for path in self.journal_files(clone):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            client = re.search(r"^client: (\S+)$", text, re.M).group(1)
            open_ones += [(client, int(t)) for t in re.findall(r"^- \[ \] p(\d+) ", text, re.M)]
        if not open_ones:
            return self.op_snooze(clone)
        client, t = self.rng.choice(sorted(open_ones))
        self.nb(clone, "done", client, "p%d for" % t)
        self.ticks.append((t, clone))

    def op_snooze(self, clone):
        client = self.rng.choice(self.clients(clone))
        day = datetime.date(2027, 1, 1) + datetime.timedelta(days=self.next_token())
        self.nb(clone, "snooze", client, day.isoformat())
        self.write(clone, client, "snooze", day.isoformat())

    def op_edit(self, clone):
        client = self.rng.choice(self.clients(clone))
        key = self.rng.choice(EDIT_KEYS)
        path = os.path.join(clone, "clients", client + ".md")
        t = self.next_token()
        if key == "owner":
            value = "o%d" % t
        elif key == "cadence":
            value = "%dd" % t
        elif key == "since":
            value = (datetime.date(2020, 1, 1) + datetime.timedelta(days=t)).isoformat()
        else:
            now = self.front_matter(path).get("fit")
            value = self.rng.choice([f for f in FITS if f != now])
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        end = lines.index("---", 1)
        for i in range(1, end):
            if lines[i].startswith(key + ":"):
                lines[i] = "%s: %s" % (key, value)
                break
        else:
            lines.insert(end, "%s: %s" % (key, value))
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        self.nb(clone, "commit", "-m", "edit %s of %s" % (key, client))
        self.write(clone, client, key, value)

    def op_body(self, clone):
        """A line added by hand after a random line of a client's body."""
        client = self.rng.choice(self.clients(clone))
        path = os.path.join(clone, "clients", client + ".md")
        t = self.next_token()
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        start = lines.index("---", 1) + 1
        at = self.rng.randint(start + 1, len(lines) - 1) if len(lines) > start + 1 else len(lines)
        lines.insert(at, "b%d from %s." % (t, clone))
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        self.nb(clone, "commit", "-m", "note on %s" % client)
        self.lines.append((client, t, clone))

    def resolve(self, clone, path):
        """Keeps one side of each marked block, as a user would; notes the other."""
        full = os.path.join(clone, path)
        with open(full, encoding="utf-8") as f:
            lines = f.read().split("\n")
        out, side, ours, theirs, keys = [], None, [], [], set()
        for line in lines:
            if line.startswith("<<<<<<< "):
                side, ours, theirs = "ours", [], []
            elif line == "=======" and side == "ours":
                side = "theirs"
            elif line.startswith(">>>>>>> ") and side == "theirs":
                keep = self.rng.random() < 0.5
                out += ours if keep else theirs
                for l in (theirs if keep else ours):
                    m = re.match(r"^([a-z][a-z-]*): ?(.*)$", l)
                    if m and path.startswith("clients/"):
                        self.dropped.add((path[8:-3], m.group(1), m.group(2)))
                        keys.add(m.group(1))
                    m = re.match(r"^- \[x\] p(\d+) ", l)
                    if m:
                        self.dropped_ticks.add(int(m.group(1)))
                        keys.add("p" + m.group(1))
                    m = re.match(r"^b(\d+) from ", l)
                    if m:
                        self.dropped_lines.add(int(m.group(1)))
                        keys.add("b" + m.group(1))
                side = None
            elif side == "ours":
                ours.append(line)
            elif side == "theirs":
                theirs.append(line)
            else:
                out.append(line)
        if out == lines:
            raise Failure("%s: sync named '%s' in conflict, but it has no markers" % (clone, path))
        with open(full, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        self.conflicts.append((clone, path, sorted(keys)))

    def op_sync(self, clone):
        if self.rng.random() < 0.3:
            other = self.rng.choice([c for c in CLONES if c != clone])
            return self.sync_two(clone, other)
        self.syncs += 1
        self.finish_sync(clone, self.nb(clone, "sync", want=(0, 5)))

    def sync_two(self, x, y):
        """Two syncs at once; each one's conflicts are resolved after both end."""
        self.syncs += 2
        self.together += 1
        procs = [(c, subprocess.Popen([NB, "-C", c, "sync"], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)) for c in (x, y)]
        done = []
        for c, proc in procs:
            out, err = proc.communicate()
            self.transcript.append("$ notebook -C %s sync (with another)  -> %d" % (c, proc.returncode))
            self.transcript += ["  " + l for l in (out + err).splitlines()]
            if proc.returncode not in (0, 5):
                raise Failure("'notebook -C %s sync' beside another exited %d:\n%s%s" % (
                    c, proc.returncode, out, err))
            self.retried += err.count("fetching again")
            done.append((c, subprocess.CompletedProcess(proc.args, proc.returncode, out, err)))
        # what a sync said it pushed is on the remote: the other push did not replace it
        for c, p in done:
            if p.returncode == 0 and re.search(r"^pushed ", p.stdout, re.M):
                head = self.git("-C", c, "rev-parse", "HEAD").strip()
                if self.sh(["git", "-C", "remote.git", "merge-base", "--is-ancestor", head,
                            "main"], check=False).returncode:
                    raise Failure("%s said it pushed %s, but the remote's main %s does not "
                                  "hold it" % (c, head, self.git("-C", "remote.git",
                                                                 "rev-parse", "main").strip()))
        for c, p in done:
            self.finish_sync(c, p)

    def finish_sync(self, clone, p):
        rounds = 0
        while p.returncode == 5:
            rounds += 1
            if rounds > 10:
                raise Failure("%s: sync kept stopping on conflicts" % clone)
            paths = re.findall(r"^conflict: (.*)$", p.stderr, re.M)
            if not paths:
                raise Failure("%s: sync exited 5 naming no file:\n%s" % (clone, p.stderr))
            for path in paths:
                self.resolve(clone, path)
            p = self.nb(clone, "sync", "--continue", want=(0, 5))

    # -- the run ---------------------------------------------------------

    def setup(self):
        self.git("init", "-q", "--bare", "remote.git")
        self.sh([NB, "init", "c0"])
        for name in FIRST_CLIENTS:
            self.nb("c0", "new", name)
        self.git("-C", "c0", "remote", "add", "origin", "../remote.git")
        self.nb("c0", "sync")
        for c in CLONES[1:]:
            self.git("clone", "-q", "remote.git", c)

    def play(self):
        order = [c for c in CLONES for _ in range(self.per_clone)]
        self.rng.shuffle(order)
        names = [o for o, _ in OPS]
        weights = [w for _, w in OPS]
        for clone in order:
            op = self.rng.choices(names, weights)[0]
            self.counts[op] = self.counts.get(op, 0) + 1
            getattr(self, "op_" + op)(clone)

    def heads(self):
        return [self.git("-C", c, "rev-parse", "HEAD").strip() for c in CLONES] + \
               [self.git("-C", "remote.git", "rev-parse", "main").strip()]

    def settle(self):
        quiet = 0
        for _ in range(10):
            before = self.heads()
            for c in CLONES:
                self.op_sync(c)
            quiet = quiet + 1 if self.heads() == before else 0
            if quiet == 2:
                return
        raise Failure("the clones never stopped changing after 10 rounds of sync")

    def verify(self):
        bad = []
        trees = {c: self.git("-C", c, "rev-parse", "HEAD^{tree}").strip() for c in CLONES}
        trees["remote"] = self.git("-C", "remote.git", "rev-parse", "main^{tree}").strip()
        if len(set(trees.values())) != 1:
            bad.append("trees differ: %s" % trees)
        for c in CLONES:
            st = self.git("-C", c, "status", "--porcelain")
            if st:
                bad.append("%s: git status --porcelain:\n%s" % (c, st))
            self.git("-C", c, "fsck", "--strict")
            p = self.nb(c, "check", want=(0, 1))
            if p.returncode:
                bad.append("%s: notebook check:\n%s" % (c, p.stderr))
        self.git("-C", "remote.git", "fsck", "--strict")

        texts = {}
        for path in self.journal_files("c0"):
            with open(path, encoding="utf-8") as f:
                texts[path] = f.read()
        for t, clone in self.entries:
            holders = [p for p, s in texts.items() if ("m%d from " % t) in s]
            if len(holders) != 1:
                bad.append("entry m%d (logged on %s) is in %d files: %s" % (
                    t, clone, len(holders), holders))
        for t, clone in self.ticks:
            if t in self.dropped_ticks:
                continue
            if not any(re.search(r"^- \[x\] p%d " % t, s, re.M) for s in texts.values()):
                bad.append("promise p%d ticked on %s is not ticked" % (t, clone))

        for client, t, clone in self.lines:
            if t in self.dropped_lines:
                continue
            path = os.path.join("c0", "clients", client + ".md")
            with open(path, encoding="utf-8") as f:
                n = len(re.findall(r"^b%d from " % t, f.read(), re.M))
            if n != 1:
                bad.append("line b%d added to %s on %s is there %d times" % (t, client, clone, n))

        final = {c: self.front_matter(os.path.join("c0", "clients", c + ".md"))
                 for c in self.clients("c0")}
        for w in self.writes:
            now = final.get(w["client"], {}).get(w["key"])
            if now == w["value"] or w["superseded"] or \
               (w["client"], w["key"], w["value"]) in self.dropped:
                continue
            if any(x["client"] == w["client"] and x["key"] == w["key"] and
                   x["value"] != w["value"] and w["value"] in x["seen"] for x in self.writes):
                continue
            bad.append("lost: %s set %s of %s to '%s' (write %d); it is '%s', no clone that "
                       "saw it overwrote it and no conflict dropped it" % (
                           w["clone"], w["key"], w["client"], w["value"], w["id"], now))
        return bad


def main():
    seed, per_clone = int(sys.argv[1]), int(sys.argv[2])
    run = Run(seed, per_clone)
    start = time.monotonic()
    try:
        run.setup()
        run.play()
        run.settle()
        bad = run.verify()
    except Failure as e:
        bad = [str(e)]
    for clone, path, keys in run.conflicts:
        print("conflict on %s: %s (%s)" % (clone, path, ", ".join(keys) or "no key"))
    if bad:
        print("--- the last commands:")
        print("\n".join(run.transcript[-60:]))
        print("--- failures (seed %d):" % seed)
        print("\n".join(bad))
        return 1
    print("seed %d: %d operations (%s), %d syncs (%d pairs at once, %d pushes retried), "
          "%d entries, %d key writes, %d conflicts resolved, %.1f s" % (
              seed, sum(run.counts.values()),
              ", ".join("%s %d" % kv for kv in sorted(run.counts.items())),
              run.syncs, run.together, run.retried, len(run.entries), len(run.writes),
              len(run.conflicts), time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
