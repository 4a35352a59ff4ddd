#!/usr/bin/python3
"""bench/report.py: turns one bench run (bench/work/) into RESULTS.md.

    report.py WORK

Reads WORK/meta.txt (key=value: the machine and the run), and for each size
of the run WORK/size-CxE/: meta.txt, hf/*.json (bench/interleave.py's export),
agree.txt, and the rows of bench/sync.sh (sync.tsv: case, notebook seconds,
git seconds) and bench/monitor.sh (monitor.tsv: case, seconds) when they were
run; and WORK/notes.txt. Prints Markdown: the machine, each SPEC figure and
each target of the speed issue as a ratio with PASS or MISS at every size,
and every median.
"""
import json
import os
import sys


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def read_meta(path):
    return dict(line.split("=", 1) for line in read_lines(path) if "=" in line)


def read_tsv(path, width):
    rows = []
    for line in read_lines(path):
        cells = line.split("\t")
        if len(cells) != width:
            continue
        try:
            rows.append((cells[0], *[float(c) for c in cells[1:]]))
        except ValueError:
            continue
    return rows


def load_results(sizedir):
    results = {}
    hf = os.path.join(sizedir, "hf")
    for name in sorted(os.listdir(hf)) if os.path.isdir(hf) else []:
        if name.endswith(".json"):
            with open(os.path.join(hf, name), encoding="utf-8") as f:
                for r in json.load(f)["results"]:
                    results[(name[:-5], r["command"])] = r
    return results


def secs(t):
    if t is None:
        return "—"
    if t < 1:
        return "%.1f ms" % (t * 1000)
    return "%.2f s" % t


class Size:
    def __init__(self, work, name):
        self.name = name
        self.dir = os.path.join(work, "size-" + name)
        self.meta = read_meta(os.path.join(self.dir, "meta.txt"))
        self.res = load_results(self.dir)
        self.sync = read_tsv(os.path.join(self.dir, "sync.tsv"), 3)
        self.monitor = read_tsv(os.path.join(self.dir, "monitor.tsv"), 2)
        self.has_sync = os.path.exists(os.path.join(self.dir, "sync.tsv"))
        self.has_monitor = os.path.exists(os.path.join(self.dir, "monitor.tsv"))
        self.reference = self.meta.get("reference") == "1"
        self.label = "%s × %s (%s files)" % (self.meta.get("clients", "?"), self.meta.get("entries", "?"),
                                              "{:,}".format(int(self.meta.get("files") or 0)))

    def med(self, group, cmd):
        r = self.res.get((group, cmd))
        return r["median"] if r else None


class Table:
    """The figures: one row per figure and size, judged against its targets."""

    def __init__(self, out):
        self.w = out.append
        self.w("| figure | size | measured | ratio | target | result |")
        self.w("| --- | --- | --- | --- | --- | --- |")

    def row(self, what, size, a, b, targets, faster=False):
        """a against b; targets: [(limit, source)], each a ratio a/b must not
        exceed (with faster: a ratio b/a it must reach)."""
        target = "; ".join(("≥ %g× faster (%s)" if faster else "≤ %g× (%s)") % t for t in targets) or "—"
        if a is None or b is None:
            self.w("| %s | %s | — | — | %s | not measured |" % (what, size, target))
            return
        ratio = b / a if faster else a / b
        verdicts = []
        for limit, source in targets:
            ok = ratio >= limit if faster else ratio <= limit
            verdicts.append(("PASS" if ok else "MISS") + (" (%s)" % source if len(targets) > 1 else ""))
        self.w("| %s | %s | %s vs %s | %s | %s | %s |" % (
            what, size, secs(a), secs(b), ("%.1f× faster" if faster else "%.2f×") % ratio, target,
            "; ".join(verdicts) or "—"))


def absolute(what, size, value, limit, unit, fmt, table):
    """A figure held to a limit of its own, not to another contender."""
    if value is None:
        table.w("| %s | %s | — | — | < %g %s | not measured |" % (what, size, limit, unit))
    else:
        table.w("| %s | %s | %s | — | < %g %s | %s |" % (what, size, fmt % value, limit, unit,
                                                        "PASS" if value < limit else "MISS"))


# bench/sync.sh's cases: what they are, git's side, and the target (a ratio
# to git's time), if any.
SYNC_CASES = {
    "uptodate": ("up to date", "`git fetch` + `git status`", 1.5),
    "push": ("push of one new commit", "`git push`", None),
    "push-fresh": ("push of one new commit, in a fresh clone", "`git push`", None),
    "ff": ("fast-forward of one commit", "`git pull --ff-only`", 1.5),
    "ff-fresh": ("fast-forward of one commit, in a fresh clone", "`git pull --ff-only`", 1.5),
    "merge": ("one commit each side: merge + push", "`git pull --no-rebase` + `git push`", 1.5),
    "first-push": ("first push to an empty remote", "`git push`", 2.0),
}


def figures(out, sizes):
    t = Table(out)
    # The SPEC's targets, which the speed issue (#15) took up as they are.
    spec = issue = "SPEC, #15"
    for s in sizes:
        t.row("`status` no cache vs the floor (readall)", s.label, s.med("cold", "status-cold"),
              s.med("cold", "readall"), [(1.5, spec)])
    for s in sizes:
        for label, cmd in (("Node + gray-matter", "peer-node"), ("Python + PyYAML CLoader", "peer-python")):
            t.row("`status` no cache vs %s" % label, s.label, s.med("peers", "status-cold"),
                  s.med("peers", cmd), [(3, "SPEC")], faster=True)
    for s in sizes:
        t.row("`status` fresh cache vs `git status`", s.label, s.med("fresh", "status-fresh"),
              s.med("fresh", "git-status"), [(1, spec)])
    for s in sizes:
        t.row("`status` after one file changed vs fresh cache, its answer made afresh", s.label,
              s.med("changed", "status-one-changed"), s.med("changed", "status-fresh"), [(1.1, spec)])
    for s in sizes:
        # a status with a fresh cache prints the answer it kept (README, Cache): measured in
        # the same rounds as the changed one (status-kept), else the fresh figure's
        kept = s.med("changed", "status-kept") or s.med("fresh", "status-fresh")
        t.row("`status` after one file changed vs fresh cache, the kept answer printed", s.label,
              s.med("changed", "status-one-changed"), kept, [(1.1, spec)])
    for s in sizes:
        rss = s.meta.get("rss_kb")
        absolute("peak RSS, `status` no cache", s.label, rss and int(rss) * 1024 / 1e6, 200, "MB", "%.1f MB", t)
    for s in sizes:
        if not s.has_sync:
            t.w("| `sync` against git (bench/sync.sh) | %s | — | — | ≤ 1.5× git (first push ≤ 2×) | not measured |" % s.label)
            continue
        for case, nb, git in s.sync:
            what, git_side, limit = SYNC_CASES.get(case, (case, "git", None))
            t.row("`sync`: %s vs %s" % (what, git_side), s.label, nb, git, [(limit, issue)] if limit else [])
    for s in sizes:
        git = [r for r in s.monitor if r[0] == "git-status"]
        mon = [r for r in s.monitor if r[0] == "status-monitor"]
        what = "warm `status` with the watchman monitor vs `git status`"
        if not s.has_monitor or not git or not mon:
            t.w("| %s | %s | — | — | ≤ 0.15× (SPEC, #15, at 210,000 files) | not measured |" % (what, s.label))
        else:
            t.row(what, s.label, mon[0][1], git[0][1], [(0.15, issue)] if s.reference else [])
    for s in sizes:
        if not s.reference:
            continue
        small = s.med("log-small", "log-10-clients")
        absolute("`log` on a 10-client notebook", "10 × 20", small and small * 1000, 50, "ms", "%.1f ms", t)
        t.row("`log` vs `git add` + `git commit`", s.label, s.med("log", "log"), s.med("log", "git-add-commit"),
              [(0.3, "SPEC")])
        t.row("`log` vs the index rewrite alone (`git update-index --add`): the floor", s.label,
              s.med("log", "log"), s.med("log", "git-update-index"), [])
        lsp = s.meta.get("lsp_median_ms")
        absolute("`lsp`: findings after a change to a 3 KiB client file (median; 95th percentile %s ms)" %
                 s.meta.get("lsp_p95_ms", "?"), s.label, lsp and float(lsp), 20, "ms", "%.2f ms", t)
        rep = s.med("report", "report")
        absolute("`report` of the notebook (one HTML page)", s.label, rep, 5, "s", "%.2f s", t)
        size = s.meta.get("report_bytes")
        absolute("size of the `report` page", s.label, size and int(size) / 1e6, 50, "MB", "%.1f MB", t)
        rss = s.meta.get("rss_report_kb")
        absolute("peak RSS, `report`", s.label, rss and int(rss) * 1024 / 1e6, 50, "MB", "%.1f MB", t)


# The figures an earlier build (BENCH_BASELINE) ran in the same rounds:
# (what, group, this build's contender, the baseline's).
BASELINE_ROWS = (
    ("`status` no cache", "cold", "status-cold", "status-cold-baseline"),
    ("`status` fresh cache", "fresh", "status-fresh", "status-fresh-baseline"),
    ("`report` of the notebook", "report", "report", "report-baseline"),
)
SAME = 1.05  # within 5%: the same, as far as five rounds can tell


def verdict(ratio):
    if ratio > SAME:
        return "slower"
    return "faster" if ratio < 1 / SAME else "the same (within 5%)"


def baseline(out, meta, sizes):
    """This build against the earlier one, figure by figure."""
    if not meta.get("baseline"):
        return
    w = out.append
    w("")
    w("## Against the baseline %s" % meta["baseline"])
    w("")
    w("The earlier build ran as one more contender in the same rounds (a fresh cache on a copy of the "
      "notebook of its own); a ratio below 1 is this build faster.")
    w("")
    w("| figure | size | this build | baseline | ratio | verdict |")
    w("| --- | --- | --- | --- | --- | --- |")
    for s in sizes:
        for what, group, mine, base in BASELINE_ROWS:
            a, b = s.med(group, mine), s.med(group, base)
            if a is None or b is None:
                continue
            w("| %s | %s | %s | %s | %.2f× | %s |" % (what, s.label, secs(a), secs(b), a / b, verdict(a / b)))
        for what, key in (("peak RSS, `status` no cache", "rss"), ("peak RSS, `report`", "rss_report")):
            a, b = s.meta.get(key + "_kb"), s.meta.get(key + "_baseline_kb")
            if not a or not b:
                continue
            r = int(a) / int(b)
            w("| %s | %s | %.1f MB | %.1f MB | %.2f× | %s |" % (what, s.label, int(a) * 1024 / 1e6,
                                                               int(b) * 1024 / 1e6, r, verdict(r)))


PROFILES = (("fresh", "`status` with a fresh cache"), ("changed", "`status` after one file changed"),
            ("cold", "`status` without a cache"),
            ("sync-merge", "`sync` of one commit each side (merge + push, bench/sync.sh)"))


def profiles(out, sizes):
    """perf's flat profiles, as run.sh recorded them: where the time goes."""
    w = out.append
    shown = [(s, name, what, read_lines(os.path.join(s.dir, "profile-%s.txt" % name)))
             for s in sizes for name, what in PROFILES]
    shown = [x for x in shown if x[3]]
    if not shown:
        return
    w("")
    w("## Where the time goes")
    w("")
    w("`perf record` of one run of each (after the measurements), every symbol with 1% of the samples "
      "or more, kernel (`[k]`) and user (`[.]`):")
    for s, name, what, lines in shown:
        w("")
        w("%s, %s:" % (what, s.label))
        w("")
        w("```")
        out.extend(line.strip() for line in lines)
        w("```")


def header(out, meta, sizes):
    w = out.append
    w("# Benchmark results")
    w("")
    w("Written by `make bench` (bench/run.sh); the numbers are measured, never edited by hand.")
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| date | %s (the run took %s s) |" % (meta.get("date", "?"), meta.get("seconds", "?")))
    w("| machine | %s cores, %s, %s of memory |" % (meta.get("nproc", "?"), meta.get("cpu", "?"),
                                                   meta.get("memory", "?")))
    w("| kernel | %s |" % meta.get("kernel", "?"))
    w("| load average (1, 5, 15 min) | %s |" % meta.get("load", "?"))
    w("| notebook | %s |" % meta.get("notebook", "?"))
    for s in sizes:
        w("| notebook size | %s clients × %s entries (seed %s): %s files, %.1f MiB%s |" % (
            s.meta.get("clients"), s.meta.get("entries"), meta.get("seed"), s.meta.get("files", "?"),
            int(s.meta.get("bytes") or 0) / 1048576, "; the reference" if s.reference else ""))
    w("| tools | %s; node %s; python %s; watchman %s |" % (
        meta.get("git"), meta.get("node"), meta.get("python"), meta.get("watchman")))
    w("| method | bench/interleave.py: the contenders of a figure run in turn (A B A B …), median of %s "
      "rounds after %s warm-up round(s) (the peers: %s rounds, after the others); warm page cache for every contender (parse "
      "cost, not disk); `status` no cache = `.git/notebook/` and `.notebook-cache/` deleted before each run; "
      "sync and monitor rows as bench/sync.sh and bench/monitor.sh measure them |" % (
          meta.get("runs"), meta.get("warmup", "?"), meta.get("peer_runs", "?")))
    w("")
    if meta.get("smoke") == "1" or not any(s.reference and s.meta.get("clients") == "10000" for s in sizes):
        w("**A reduced run: the targets are set for 2,000 and 10,000 clients × 20 entries; "
          "ratios here are indicative only.**")
        w("")


def main(work):
    meta = read_meta(os.path.join(work, "meta.txt"))
    sizes = [Size(work, name) for name in meta.get("sizes", "").split()]
    out = []
    w = out.append
    header(out, meta, sizes)
    w("## SPEC figures and the targets of the speed issue (#15)")
    w("")
    figures(out, sizes)
    baseline(out, meta, sizes)
    w("")
    w("## Medians")
    w("")
    w("| size | group | command | median | min | max | runs |")
    w("| --- | --- | --- | --- | --- | --- | --- |")
    for s in sizes:
        for (group, cmd), r in sorted(s.res.items()):
            w("| %s | %s | %s | %s | %s | %s | %d |" % (s.name, group, cmd, secs(r["median"]), secs(r["min"]),
                                                       secs(r["max"]), len(r["times"])))
        for case, nb, git in s.sync:
            w("| %s | sync.sh | %s | notebook %s, git %s | | | |" % (s.name, case, secs(nb), secs(git)))
        for case, sec in s.monitor:
            w("| %s | monitor.sh | %s | %s | | | |" % (s.name, case, secs(sec)))
    w("")
    w("## Agreement")
    w("")
    w("`notebook status --json` and the peers, compared client by client in order (id, state, last contact, "
      "next due, flags):")
    w("")
    w("```")
    for s in sizes:
        agree = read_lines(os.path.join(s.dir, "agree.txt"))
        out.extend("%s: %s" % (s.name, line) for line in (agree[:24] or ["(not run)"]))
    w("```")
    profiles(out, sizes)
    notes = read_lines(os.path.join(work, "notes.txt"))
    if notes:
        w("")
        w("## Notes")
        w("")
        out.extend("- " + n for n in notes)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
