#!/usr/bin/python3
"""bench/interleave.py: times commands against each other, interleaved.

    interleave.py [--runs N] [--warmup N] [--export FILE] [--prepare SH]
                  [--prepare-for NAME SH]... NAME COMMAND [NAME COMMAND]...

Each round runs every contender once, in the order given (A B A B ...), so
that a drift of the machine's speed over the measurement (another job
starting, the CPU's clock changing) falls on every contender alike, which
consecutive runs of one command, then the other, cannot promise. The
warm-up rounds are run the same way and not counted.

A COMMAND is run by `/bin/sh -c` when it holds shell syntax, else executed
directly; its output is discarded. `--prepare SH` runs before every run of
every contender, `--prepare-for NAME SH` before each run of NAME only; neither
is timed. A contender's exit status must be 0 or 1 (`notebook status` exits 1
when some client needs attention); any other stops the measurement.

Writes, with --export, the hyperfine layout that bench/report.py reads:
{"results": [{"command", "median", "mean", "min", "max", "times"}]}, and a
line per contender on standard error.
"""
import json
import shlex
import statistics
import subprocess
import sys
import time

SHELL_CHARS = set("|&;<>()$`\\\"'*?[]~{}\n#=%")


def usage(msg):
    sys.stderr.write("interleave.py: %s\n" % msg)
    sys.exit(2)


def parse_args(argv):
    opts = {"runs": 5, "warmup": 1, "export": None, "prepare": None, "prepare_for": {}}
    contenders = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--runs", "--warmup"):
            if i + 1 >= len(argv) or not argv[i + 1].isdigit():
                usage("%s wants a number" % a)
            opts[a[2:]] = int(argv[i + 1])
            i += 2
        elif a in ("--export", "--prepare"):
            if i + 1 >= len(argv):
                usage("%s wants an argument" % a)
            opts[a[2:]] = argv[i + 1]
            i += 2
        elif a == "--prepare-for":
            if i + 2 >= len(argv):
                usage("--prepare-for wants NAME and a command")
            opts["prepare_for"][argv[i + 1]] = argv[i + 2]
            i += 3
        elif a.startswith("--"):
            usage("unknown option '%s'" % a)
        else:
            if i + 1 >= len(argv):
                usage("'%s' has no command" % a)
            contenders.append((a, argv[i + 1]))
            i += 2
    if not contenders:
        usage("nothing to run")
    names = [n for n, _ in contenders]
    if len(set(names)) != len(names):
        usage("a name is given twice")
    for n in opts["prepare_for"]:
        if n not in names:
            usage("--prepare-for names '%s', which is not a contender" % n)
    if opts["runs"] < 1:
        usage("--runs must be at least 1")
    return opts, contenders


def argv_of(command):
    """The argv to execute: the words themselves, or sh -c for shell syntax."""
    if any(c in SHELL_CHARS for c in command):
        return ["/bin/sh", "-c", command]
    return shlex.split(command)


def prepare(command):
    if command:
        subprocess.run(["/bin/sh", "-c", command], stdout=subprocess.DEVNULL, check=True)


def timed(name, argv):
    start = time.perf_counter()
    try:
        rc = subprocess.run(argv, stdout=subprocess.DEVNULL).returncode
    except OSError as e:
        sys.stderr.write("interleave.py: cannot run %s: %s\n" % (name, e.strerror))
        sys.exit(1)
    elapsed = time.perf_counter() - start
    if rc not in (0, 1):
        sys.stderr.write("interleave.py: %s exited with status %d\n" % (name, rc))
        sys.exit(1)
    return elapsed


def measure(opts, contenders):
    times = {name: [] for name, _ in contenders}
    argvs = {name: argv_of(cmd) for name, cmd in contenders}
    for round_no in range(opts["warmup"] + opts["runs"]):
        for name, _ in contenders:
            prepare(opts["prepare"])
            prepare(opts["prepare_for"].get(name))
            t = timed(name, argvs[name])
            if round_no >= opts["warmup"]:
                times[name].append(t)
    return times


def main(argv):
    opts, contenders = parse_args(argv)
    times = measure(opts, contenders)
    results = []
    for name, _ in contenders:
        t = times[name]
        results.append({"command": name, "median": statistics.median(t), "mean": statistics.fmean(t),
                        "min": min(t), "max": max(t), "times": t})
        sys.stderr.write("  %-20s median %8.4f s  min %8.4f s  max %8.4f s  (%d runs)\n" % (
            name, statistics.median(t), min(t), max(t), len(t)))
    if opts["export"]:
        with open(opts["export"], "w", encoding="utf-8") as f:
            json.dump({"results": results, "method": "interleaved"}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
