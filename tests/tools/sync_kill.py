#!/usr/bin/env python3
"""Randomized test of `notebook sync` killed at random instants.

Usage: sync_kill.py SEED KILLS SECONDS

At most KILLS rounds, and no new round after SECONDS (syncs fsync, so a
slow disk makes fewer rounds, never a failure).

Run inside an empty directory with the test's environment (HOME, git
config, NOTEBOOK_NOW, NOTEBOOK_BIN). A bare remote and two clones, a and
b. Each round, a adds an entry and pushes it, b mostly adds an entry of
its own (both with plain git, which is quick), and b's `notebook sync`,
a merge or a fast-forward, is sent SIGKILL at a random instant within the time a whole
sync takes on this machine (measured first). Then b recovers as a user
told by notebook would: a lock file named as stale is removed, an
interrupted sync is undone with `sync --abort`, hand edits are committed
with `sync --commit`, and `sync` is run until it succeeds.

After every round: `git status` in b never shows one of the notebook's
files staged for deletion, and every entry written so far is on the
remote or in b's work tree. At the end both clones sync, and every entry
is on the remote, in a single file, every repository passes
`git fsck --strict` and `notebook check` passes in both clones.
Exit status 0 when every check holds, 1 with the failures printed.
"""

import os
import random
import re
import subprocess
import sys
import time

NB = os.environ["NOTEBOOK_BIN"]
log = []  # what b's recovery ran, printed on a failure


class Failure(Exception):
    pass


def run(args, cwd=None, check=True):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if check and p.returncode != 0:
        raise Failure("%s exited %d:\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def git(clone, *args, check=True):
    return run(["git", "-C", clone] + list(args), check=check)


def notebook(clone, *args):
    return run([NB, "-C", clone] + list(args), check=False)


def add_entry(clone, n, who):
    """An entry of its own name, committed with git (and pushed by a)."""
    rel = "journal/2026/11/2026-11-20-acme-corp-%s-%d.md" % (who, n)
    os.makedirs(os.path.join(clone, "journal/2026/11"), exist_ok=True)
    with open(os.path.join(clone, rel), "w", encoding="utf-8") as f:
        f.write("---\nclient: acme-corp\ndate: 2026-11-20\nkind: note\n---\n%s %d\n" % (who, n))
    git(clone, "add", rel)
    git(clone, "commit", "-q", "-m", "%s %d" % (who, n))
    return rel


def check_index(clone):
    st = git(clone, "status", "--porcelain").stdout
    for line in st.splitlines():
        if line.startswith("D ") and re.match(r"^D  (journal|clients)/", line):
            raise Failure("staged for deletion in %s:\n%s" % (clone, st))


def remote_files():
    out = git("remote.git", "ls-tree", "-r", "--name-only", "main").stdout
    return set(out.split())


def recover(clone, log):
    """Sync until it succeeds, doing what the messages say."""
    for _ in range(12):
        p = notebook(clone, "sync")
        log.append("sync: %d %s%s" % (p.returncode, p.stdout, p.stderr))
        err = p.stderr
        if p.returncode == 0:
            return
        m = re.search(r"'([^']*\.lock)' is in the way", err)
        if p.returncode == 4 and m:
            os.unlink(m.group(1))
            continue
        m = re.search(r"locked by '([^']*\.lock)', made at .* it is stale", err)
        if p.returncode == 4 and m:
            os.unlink(m.group(1))
            continue
        if p.returncode == 5 and "was interrupted while it merged" in err:
            a = notebook(clone, "sync", "--abort")
            log.append("abort: %d %s%s" % (a.returncode, a.stdout, a.stderr))
            if a.returncode != 0:
                raise Failure("sync --abort failed:\n%s" % a.stderr)
            continue
        if p.returncode == 1 and "uncommitted change" in err:
            c = notebook(clone, "sync", "--commit")
            log.append("sync --commit: %d %s%s" % (c.returncode, c.stdout, c.stderr))
            if c.returncode == 0:
                return
            continue
        raise Failure("sync exited %d, with no way on:\n%s%s" % (p.returncode, p.stdout, err))
    raise Failure("sync did not succeed after 12 tries")


def main():
    seed, kills, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    start = time.monotonic()
    rng = random.Random(seed)
    written = []  # (path, clone that wrote it)

    run(["git", "init", "-q", "--bare", "remote.git"])
    run([NB, "init", "a"], check=True)
    run([NB, "-C", "a", "new", "Acme Corp", "--tier", "key"])
    git("a", "remote", "add", "origin", "../remote.git")
    run([NB, "-C", "a", "sync"])
    git(".", "clone", "-q", "remote.git", "b")

    # how long a merging sync takes here: kills land anywhere within it
    written.append((add_entry("a", 0, "a"), "a"))
    git("a", "push", "-q", "origin", "main")
    written.append((add_entry("b", 0, "b"), "b"))
    t0 = time.monotonic()
    run([NB, "-C", "b", "sync"])
    span = time.monotonic() - t0

    killed = rounds = 0
    for n in range(1, kills + 1):
        if time.monotonic() - start > budget:
            break
        rounds = n
        git("a", "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
        written.append((add_entry("a", n, "a"), "a"))
        git("a", "push", "-q", "origin", "main")
        if rng.random() < 0.7:
            written.append((add_entry("b", n, "b"), "b"))
        # else nothing here to merge: the sync killed is a fast-forward
        delay = rng.uniform(0, span)
        p = subprocess.Popen([NB, "-C", "b", "sync"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.kill()
        if p.wait() < 0:
            killed += 1
        log.append("round %d: killed after %.3f s" % (n, delay))
        check_index("b")
        recover("b", log)
        check_index("b")
        on_remote = remote_files()
        for path, who in written:
            if path not in on_remote and not os.path.exists(os.path.join(who, path)):
                raise Failure("round %d: %s (written in %s) is nowhere" % (n, path, who))

    git("a", "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    recover("b", log)
    on_remote = remote_files()
    for path, who in written:
        if path not in on_remote:
            raise Failure("%s (written in %s) is not on the remote" % (path, who))
    bodies = {}
    for path in on_remote:
        if path.startswith("journal/") and path.endswith(".md"):
            text = git("remote.git", "show", "main:" + path).stdout
            body = text.split("---\n")[-1]
            if body in bodies:
                raise Failure("%s and %s hold one entry" % (path, bodies[body]))
            bodies[body] = path
    for repo in ("a", "b", "remote.git"):
        git(repo, "fsck", "--strict")
    git("a", "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    for clone in ("a", "b"):
        c = notebook(clone, "check")
        if c.returncode != 0:
            raise Failure("check in %s:\n%s" % (clone, c.stderr))
        if git(clone, "status", "--porcelain").stdout:
            raise Failure("%s has changes left" % clone)
    print("%d rounds, %d syncs killed before they ended (a sync took %.3f s), "
          "%d entries, all on the remote" % (rounds, killed, span, len(written)))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("\n".join(log[-30:]))
        print("FAIL: %s" % e)
        sys.exit(1)
