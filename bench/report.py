#!/usr/bin/python3
"""bench/report.py: turns one bench run (bench/work/) into RESULTS.md.

    report.py WORK

Reads WORK/hf/*.json (hyperfine --export-json), WORK/meta.txt (key=value),
WORK/agree.txt and WORK/notes.txt, and prints Markdown: the machine, every
median, and each SPEC figure as a ratio with PASS or MISS.
"""
import json
import os
import sys


def load_results(work):
    medians = {}
    hf = os.path.join(work, "hf")
    for name in sorted(os.listdir(hf)) if os.path.isdir(hf) else []:
        if not name.endswith(".json"):
            continue
        with open(os.path.join(hf, name), encoding="utf-8") as f:
            doc = json.load(f)
        group = name[:-5]
        for r in doc["results"]:
            medians[(group, r["command"])] = r
    return medians


def read_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def secs(t):
    if t is None:
        return "—"
    if t < 1:
        return "%.1f ms" % (t * 1000)
    return "%.2f s" % t


def main(work):
    meta = dict(line.split("=", 1) for line in read_lines(os.path.join(work, "meta.txt")))
    res = load_results(work)

    def med(group, cmd):
        r = res.get((group, cmd))
        return r["median"] if r else None

    out = []
    w = out.append
    smoke = int(meta.get("clients", "0")) < 10000
    w("# Benchmark results")
    w("")
    w("Written by `make bench` (bench/run.sh); the numbers are measured, never edited by hand.")
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| date | %s |" % meta.get("date", "?"))
    w("| machine | %s cores, %s |" % (meta.get("nproc", "?"), meta.get("cpu", "?")))
    w("| kernel | %s |" % meta.get("kernel", "?"))
    w("| load average (1, 5, 15 min) | %s |" % meta.get("load", "?"))
    w("| notebook | %s |" % meta.get("notebook", "?"))
    w("| notebook size | %s clients × %s entries (seed %s): %s files, %.1f MiB |" % (
        meta.get("clients"), meta.get("entries"), meta.get("seed"), meta.get("files", "?"),
        int(meta.get("bytes") or 0) / 1048576))
    w("| tools | %s; node %s; python %s; %s |" % (
        meta.get("git"), meta.get("node"), meta.get("python"), meta.get("hyperfine")))
    w("| method | hyperfine, median of %s timed runs after %s warm-up run(s); warm page cache for every contender (parse cost, not disk); `status` cold = `.git/notebook/` and `.notebook-cache/` deleted before each run |" % (
        meta.get("runs"), meta.get("warmup", "?")))
    w("")
    if smoke:
        w("**A reduced run (%s clients): the targets are set for the reference size (10,000 clients × 20 entries); ratios here are indicative only.**" % meta.get("clients"))
        w("")

    w("## SPEC figures")
    w("")
    w("| figure | measured | ratio | target | result |")
    w("| --- | --- | --- | --- | --- |")

    def figure(what, measured, ratio, target, ok):
        if ratio is None:
            w("| %s | %s | — | %s | not measured |" % (what, measured, target))
        else:
            w("| %s | %s | %s | %s | %s |" % (what, measured, ratio, target, "PASS" if ok else "MISS"))

    cold = med("cold", "status-cold")
    floor = med("cold", "readall")
    node = med("cold", "peer-node")
    py = med("cold", "peer-python")
    r = cold / floor if cold and floor else None
    figure("`status` no cache vs the floor (readall)", "%s vs %s" % (secs(cold), secs(floor)),
           r and "%.2f×" % r, "≤ 2×", r is not None and r <= 2)
    for label, peer in (("Node + gray-matter", node), ("Python + PyYAML CLoader", py)):
        r = peer / cold if cold and peer else None
        figure("`status` no cache vs %s" % label, "%s vs %s" % (secs(cold), secs(peer)),
               r and "%.1f× faster" % r, "≥ 3× faster", r is not None and r >= 3)
    fresh = med("fresh", "status-fresh")
    gst = med("fresh", "git-status")
    r = fresh / gst if fresh and gst else None
    figure("`status` fresh cache vs `git status`", "%s vs %s" % (secs(fresh), secs(gst)),
           r and "%.2f×" % r, "≤ 1×", r is not None and r <= 1)
    one = med("changed", "status-one-changed")
    fresh2 = med("changed", "status-fresh")
    r = one / fresh2 if one and fresh2 else None
    figure("`status` after one file changed vs fresh cache", "%s vs %s" % (secs(one), secs(fresh2)),
           r and "%.2f×" % r, "≤ 1.2×", r is not None and r <= 1.2)
    small = med("log-small", "log-10-clients")
    figure("`log` on a 10-client notebook", secs(small), small and secs(small), "< 50 ms",
           small is not None and small < 0.050)
    log = med("log", "log")
    addc = med("log", "git-add-commit")
    upd = med("log", "git-update-index")
    r = log / addc if log and addc else None
    figure("`log` vs `git add` + `git commit` (reference notebook)", "%s vs %s" % (secs(log), secs(addc)),
           r and "%.2f×" % r, "≤ 0.3×", r is not None and r <= 0.3)
    if log and upd:
        w("| `log` vs the index rewrite alone (`git update-index --add`) | %s vs %s | %.2f× | the floor: how close | — |" % (
            secs(log), secs(upd), log / upd))
    rss = meta.get("rss_kb")
    if rss:
        mb = int(rss) * 1024 / 1e6
        figure("peak RSS, `status` no cache", "%.1f MB" % mb, "%.1f MB" % mb, "< 200 MB", mb < 200)
    else:
        figure("peak RSS, `status` no cache", "—", None, "< 200 MB", False)
    lsp = meta.get("lsp_median_ms")
    if lsp:
        ms = float(lsp)
        figure("`lsp`: findings after a change to a 3 KiB client file (median; 95th percentile %s ms)" %
               meta.get("lsp_p95_ms", "?"), "%.2f ms" % ms, "%.2f ms" % ms, "< 20 ms", ms < 20)
    else:
        figure("`lsp`: findings after a change to a 3 KiB client file", "—", None, "< 20 ms", False)
    rep = med("report", "report")
    figure("`report` of the notebook (one HTML page%s)" % (
        ", %.1f MB" % (int(meta["report_bytes"]) / 1e6) if meta.get("report_bytes") else ""),
        secs(rep), rep and secs(rep), "< 5 s", rep is not None and rep < 5)
    # the page itself: the "stays under 50 MB" (the peak RSS below is held to it too)
    size = meta.get("report_bytes")
    if size:
        mb = int(size) / 1e6
        figure("size of the `report` page", "%.1f MB" % mb, "%.1f MB" % mb, "< 50 MB", mb < 50)
    else:
        figure("size of the `report` page", "—", None, "< 50 MB", False)
    rss = meta.get("report_rss_kb")
    if rss:
        mb = int(rss) * 1024 / 1e6
        figure("peak RSS, `report`", "%.1f MB" % mb, "%.1f MB" % mb, "< 50 MB", mb < 50)
    else:
        figure("peak RSS, `report`", "—", None, "< 50 MB", False)
    w("")

    w("## Medians")
    w("")
    w("| group | command | median | min | max | runs |")
    w("| --- | --- | --- | --- | --- | --- |")
    for (group, cmd), r in sorted(res.items()):
        w("| %s | %s | %s | %s | %s | %d |" % (group, cmd, secs(r["median"]), secs(r["min"]),
                                              secs(r["max"]), len(r["times"])))
    w("")

    w("## Agreement")
    w("")
    agree = read_lines(os.path.join(work, "agree.txt"))
    w("`notebook status --json` and the peers, compared client by client in order (id, state, last contact, next due, flags):")
    w("")
    w("```")
    out.extend(agree[:24] or ["(not run)"])
    w("```")
    notes = read_lines(os.path.join(work, "notes.txt"))
    if notes:
        w("")
        w("## Notes")
        w("")
        for n in notes:
            w("- " + n)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
