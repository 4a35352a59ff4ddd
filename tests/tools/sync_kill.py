#!/usr/bin/env python3
"""`notebook sync` killed at random instants, some hundreds of times.

Usage: sync_kill.py SEED KILLS SECONDS WORKERS MIN_KILLS

Run inside an empty directory with the test's environment (HOME, git
config, NOTEBOOK_NOW, NOTEBOOK_BIN).

Setup makes a few prepared situations ("templates"), each a directory
holding a bare remote and a clone b whose origin is that remote by a
relative path, so a copy of the directory is a situation of its own:

  merge      the remote and b each have entries the other lacks
  ff         only the remote has new entries (a fast-forward)
  push       only b has new entries (a push)
  same-name  both sides wrote an entry of one name (b's is renamed -2)
  clients    both sides changed the client file, different keys, plus
             entries (the merge driver merges the file)
  many       twenty entries on each side (a longer checkout)
  continue   a sync stopped on a conflict that b has resolved by hand;
             the command killed is `sync --continue`
  rebase     `sync --rebase` of two local commits, one an entry of a
             name the remote has too (split in the replay, in memory), on
             two remote ones

A round copies a template with `cp -a`, starts the template's sync in the
copy and sends it SIGKILL at a random instant within the time that sync
takes when it runs to its end (measured once at setup), plus a tenth.
After the kill:
`git status` shows none of the notebook's files staged for deletion, and
every entry written in the template (on the remote or in b) is on the
remote or in b's work tree (an entry both sides named is copied to its
new name before the merge's checkout, or the move of `sync --rebase`,
removes b's file). Lock files the kill
left are removed as a user who knows no git command is running would,
but one round in eight leaves them for sync to name. Then b recovers as
a user told by notebook would (a named lock is removed, an interrupted merge is
undone with `sync --abort`, a stopped one is resolved and continued, hand
edits are committed with `sync --commit`), sometimes with the first
recovery command killed as well, and after it: every entry is on the
remote exactly once, b's HEAD is the remote's branch, `git status` in b is
clean, the client file holds both sides' changes, and b and the remote
pass `git fsck --strict`, and no lock file is left.

Rounds run in WORKERS threads until KILLS kills, or SECONDS have passed
with at least MIN_KILLS kills (a busy machine gets up to three times
SECONDS to make them). Exit status 0 when every check held and at least
MIN_KILLS syncs were killed before they ended, or fewer on a machine so
busy that its fastest sync took over BUSY_SPAN seconds (said so); 1 with
the failure printed.
"""

import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time

NB = os.environ["NOTEBOOK_BIN"]
# A machine whose fastest sync takes longer than this is too busy for the floor of kills.
BUSY_SPAN = 0.15
ENV = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
TOP = os.getcwd()
CLIENT = "clients/acme-corp.md"


class Failure(Exception):
    pass


def run(args, cwd=None, check=True, env=ENV):
    p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, env=env)
    if check and p.returncode != 0:
        raise Failure("%s exited %d:\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def git(repo, *args, check=True):
    return run(["git", "-C", repo] + list(args), check=check)


def notebook(clone, *args, check=False):
    return run([NB, "-C", clone] + list(args), check=check)


def entry(clone, mark, date="2026-11-20", kind="note"):
    """An entry holding the line MARK, written and committed by notebook log."""
    notebook(clone, "log", "acme-corp", "-k", kind, "--date", date, "-m", mark, check=True)


def set_key(clone, key, value):
    path = os.path.join(clone, CLIENT)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^%s: .*$" % key, "%s: %s" % (key, value), text, count=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    notebook(clone, "commit", check=True)


def marks_in_tree(repo, rev):
    """The MARK lines of the entries in REV of REPO, one per occurrence."""
    p = git(repo, "grep", "-h", "-F", "-e", "MARK-", rev, "--", "journal", check=False)
    if p.returncode not in (0, 1):
        raise Failure("git grep in %s exited %d:\n%s" % (repo, p.returncode, p.stderr))
    return [l for l in p.stdout.splitlines() if l.startswith("MARK-")]


def marks_in_work_tree(clone):
    found = []
    for root, _dirs, files in os.walk(os.path.join(clone, "journal")):
        for name in files:
            try:
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    found += [l.rstrip("\n") for l in f if l.startswith("MARK-")]
            except OSError:
                pass
    return found


def client_keys(repo, rev):
    text = git(repo, "show", "%s:%s" % (rev, CLIENT)).stdout
    return dict(re.findall(r"(?m)^(tier|status): (.*)$", text))


class Template:
    def __init__(self, name, args, marks, keys):
        self.name, self.args, self.marks, self.keys = name, args, marks, keys
        self.span = 0.0


def build_templates():
    run(["git", "init", "-q", "--bare", "base/remote.git"])
    run([NB, "init", "base/a"])
    notebook("base/a", "new", "Acme Corp", "--tier", "key", check=True)
    git("base/a", "remote", "add", "origin", "../remote.git")
    notebook("base/a", "sync", check=True)
    git("base", "clone", "-q", "remote.git", "b")
    git("base/b", "remote", "set-url", "origin", "../remote.git")
    notebook("base/b", "sync", check=True)  # the upstream, and the cache made

    def fresh(name):
        run(["cp", "-a", "base", name])
        return os.path.join(name, "a"), os.path.join(name, "b")

    def push(a):
        notebook(a, "sync", check=True)

    templates = []
    a, b = fresh("tpl-merge")
    entry(a, "MARK-merge-a")
    push(a)
    entry(b, "MARK-merge-b", kind="email")
    templates.append(Template("tpl-merge", ["sync"], ["MARK-merge-a", "MARK-merge-b"], {}))

    a, b = fresh("tpl-ff")
    entry(a, "MARK-ff-a")
    entry(a, "MARK-ff-a2", kind="email")
    push(a)
    templates.append(Template("tpl-ff", ["sync"], ["MARK-ff-a", "MARK-ff-a2"], {}))

    a, b = fresh("tpl-push")
    entry(b, "MARK-push-b")
    entry(b, "MARK-push-b2", kind="email")
    templates.append(Template("tpl-push", ["sync"], ["MARK-push-b", "MARK-push-b2"], {}))

    a, b = fresh("tpl-same-name")
    entry(a, "MARK-same-a", kind="call")
    push(a)
    entry(b, "MARK-same-b", kind="call")
    templates.append(Template("tpl-same-name", ["sync"], ["MARK-same-a", "MARK-same-b"], {}))

    a, b = fresh("tpl-clients")
    set_key(a, "tier", "regular")
    entry(a, "MARK-clients-a")
    push(a)
    set_key(b, "status", "paused")
    entry(b, "MARK-clients-b", kind="email")
    templates.append(Template("tpl-clients", ["sync"], ["MARK-clients-a", "MARK-clients-b"],
                              {"tier": "regular", "status": "paused"}))

    a, b = fresh("tpl-many")
    marks = []
    for i in range(1, 21):
        m = "MARK-many-a%d" % i
        entry(a, m, date="2026-10-%02d" % i)
        marks.append(m)
    push(a)
    for i in range(1, 21):
        m = "MARK-many-b%d" % i
        entry(b, m, date="2026-10-%02d" % i, kind="email")
        marks.append(m)
    templates.append(Template("tpl-many", ["sync"], marks, {}))

    a, b = fresh("tpl-rebase")
    entry(a, "MARK-rebase-a", date="2026-11-18", kind="call")
    entry(a, "MARK-rebase-a2", date="2026-11-18", kind="email")
    push(a)
    entry(b, "MARK-rebase-b", date="2026-11-18", kind="call")
    entry(b, "MARK-rebase-b2", date="2026-11-18")
    templates.append(Template("tpl-rebase", ["sync", "--rebase"],
                              ["MARK-rebase-a", "MARK-rebase-a2", "MARK-rebase-b",
                               "MARK-rebase-b2"], {}))

    a, b = fresh("tpl-continue")
    set_key(a, "tier", "regular")
    entry(a, "MARK-continue-a")
    push(a)
    set_key(b, "tier", "occasional")
    entry(b, "MARK-continue-b", kind="email")
    p = notebook(b, "sync")
    if p.returncode != 5:
        raise Failure("the conflicting sync exited %d:\n%s" % (p.returncode, p.stderr))
    resolve(b)
    templates.append(Template("tpl-continue", ["sync", "--continue"],
                              ["MARK-continue-a", "MARK-continue-b"], {"tier": "occasional"}))

    for t in templates:
        # fewer files make a cheaper copy: no hook samples, objects in packs
        shutil.rmtree(os.path.join(t.name, "a"))
        for repo in (os.path.join(t.name, "b"), os.path.join(t.name, "remote.git")):
            hooks = os.path.join(git(repo, "rev-parse", "--git-dir").stdout.strip(), "hooks")
            shutil.rmtree(os.path.join(repo, hooks))
            git(repo, "repack", "-q", "-a", "-d")
            git(repo, "prune")
        copy = t.name + "-measure"
        run(["cp", "-a", t.name, copy])
        t0 = time.monotonic()
        notebook(os.path.join(copy, "b"), *t.args, check=True)
        t.span = time.monotonic() - t0
        check_after_recovery(t, copy, [])
        shutil.rmtree(copy)
    shutil.rmtree("base")
    return templates


def resolve(clone):
    """Keeps this machine's side of every conflict in the client file."""
    path = os.path.join(clone, CLIENT)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?ms)^<<<<<<< [^\n]*\n(.*?)^=======\n.*?^>>>>>>> [^\n]*\n", r"\1", text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def check_index(clone, when):
    st = git(clone, "status", "--porcelain").stdout
    for line in st.splitlines():
        if re.match(r"^D. (journal|clients)/", line):
            raise Failure("%s: staged for deletion in %s:\n%s" % (when, clone, st))
    return st


def check_after_kill(t, copy, when, stats):
    """No deletion staged; every entry on the remote or in b's work tree
    (a replay of sync --rebase included: it moves from b's commit to the
    replayed one as a fast-forward does, the copy of an entry of one name
    written first)."""
    b = os.path.join(copy, "b")
    check_index(b, when)
    have = set(marks_in_tree(os.path.join(copy, "remote.git"), "main")) | \
        set(marks_in_work_tree(b))
    for m in t.marks:
        if m not in have:
            raise Failure("%s: the entry %s is neither on the remote nor in b's work tree"
                          % (when, m))


def check_after_recovery(t, copy, log):
    b = os.path.join(copy, "b")
    remote = os.path.join(copy, "remote.git")
    st = check_index(b, "after the recovery")
    if st:
        raise Failure("b has changes left after the recovery:\n%s" % st)
    on_remote = marks_in_tree(remote, "main")
    for m in t.marks:
        if on_remote.count(m) != 1:
            raise Failure("the entry %s is %d times on the remote" % (m, on_remote.count(m)))
    head = git(b, "rev-parse", "HEAD").stdout
    if head != git(remote, "rev-parse", "main").stdout:
        raise Failure("b's HEAD is not the remote's branch after the recovery")
    keys = client_keys(remote, "main")
    for k, v in t.keys.items():
        if keys.get(k) != v:
            raise Failure("the remote's client file has %s: %s, not %s" % (k, keys.get(k), v))
    git(b, "fsck", "--strict")
    git(remote, "fsck", "--strict")
    locks = locks_left(copy)
    if locks:
        raise Failure("lock files left after the recovery that sync never named: %s"
                      % ", ".join(locks))


def locks_left(copy):
    """Lock files that would stop a git command (libgit2's temporary files
    in objects/pack, though named .lock, stop nothing)."""
    found = []
    for top in (os.path.join(copy, "b", ".git"), os.path.join(copy, "remote.git")):
        for root, dirs, files in os.walk(top):
            if root == top and "objects" in dirs:
                dirs.remove("objects")
            found += [os.path.join(root, f) for f in files if f.endswith(".lock")]
    return found


def clear_locks(copy, rng, stats):
    """Lock files a kill left: the tool names them only after waiting for
    them (two seconds, or three tries of a push), so most rounds remove
    them as a user who knows no git command is running would, and one in
    eight leaves them for the tool to name."""
    locks = locks_left(copy)
    if not locks:
        return
    stats["locks"] += len(locks)
    if rng.random() < 0.125:
        stats["locks named"] += len(locks)
        return
    for path in locks:
        os.unlink(path)


def killed(args, clone, delay):
    """Runs notebook ARGS in CLONE, killed after DELAY seconds; True if it was."""
    p = subprocess.Popen([NB, "-C", clone] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(delay)
    p.kill()
    return p.wait() < 0


def recover(t, copy, rng, log, stats):
    """Syncs until it succeeds, doing what the messages say; the first
    command is killed at a random instant one time in four."""
    b = os.path.join(copy, "b")
    kill_next = rng.random() < 0.25
    for _ in range(12):
        p = notebook(b, "sync")
        log.append("sync: %d %s%s" % (p.returncode, p.stdout, p.stderr))
        err = p.stderr
        if p.returncode == 0:
            return
        step = None
        m = re.search(r"'([^']*\.lock)' is in the way", err) or \
            re.search(r"locked by '([^']*\.lock)', made at .* it is stale", err)
        if p.returncode == 4 and m:
            os.unlink(m.group(1))
            continue
        if p.returncode == 5 and "was interrupted while it merged" in err:
            step = ["sync", "--abort"]
        elif p.returncode == 5 and "a sync stopped on conflicts" in err:
            resolve(b)
            step = ["sync", "--continue"]
        elif p.returncode == 1 and "uncommitted change" in err:
            step = ["sync", "--commit"]
        if step is None:
            raise Failure("sync exited %d, with no way on:\n%s%s" % (p.returncode, p.stdout, err))
        if kill_next:
            kill_next = False
            if killed(step, b, rng.uniform(0, t.span)):
                stats["recovery kills"] += 1
            log.append("%s killed" % " ".join(step))
            check_after_kill(t, copy, "after '%s' was killed" % " ".join(step), stats)
            clear_locks(copy, rng, stats)
            continue
        c = notebook(b, *step)
        log.append("%s: %d %s%s" % (" ".join(step), c.returncode, c.stdout, c.stderr))
        if c.returncode == 0 and step[1] != "--abort":
            return
        if c.returncode not in (0, 1, 4, 5):
            raise Failure("'%s' exited %d:\n%s" % (" ".join(step), c.returncode, c.stderr))
    raise Failure("sync did not succeed after 12 tries")


def worker(wid, seed, templates, start, budget, target, least, stats, lock, failures):
    """Rounds until TARGET kills, or BUDGET seconds from START with LEAST
    kills, or three times BUDGET on a machine too busy to make LEAST."""
    rng = random.Random(seed * 100 + wid)
    deadline, last = start + budget, start + 3 * budget
    n = 0
    while not failures:
        with lock:
            now = time.monotonic()
            if stats["kills"] >= target or (now > deadline and stats["kills"] >= least) or \
                    now > last:
                return
        n += 1
        t = rng.choice(templates)
        copy = "run-%d-%d" % (wid, n)
        log = []
        try:
            run(["cp", "-a", t.name, copy])
            delay = rng.uniform(0, t.span * 1.1)
            log.append("round %s: %s killed after %.4f s" % (copy, t.name, delay))
            was = killed(t.args, os.path.join(copy, "b"), delay)
            check_after_kill(t, copy, "after the kill", stats)
            clear_locks(copy, rng, stats)
            recover(t, copy, rng, log, stats)
            check_after_recovery(t, copy, log)
        except Failure as e:
            with lock:
                failures.append("\n".join(log[-60:]) + "\nFAIL: %s (kept in %s)" % (e, copy))
            return
        except Exception as e:  # a broken tool is a failure too, never a lost thread
            with lock:
                failures.append("\n".join(log[-60:]) + "\nFAIL: %r (in %s)" % (e, copy))
            return
        with lock:
            stats["rounds"] += 1
            if was:
                stats["kills"] += 1
                stats[t.name] = stats.get(t.name, 0) + 1
        shutil.rmtree(copy)


def main():
    seed, target, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    workers, least = int(sys.argv[4]), int(sys.argv[5])
    start = time.monotonic()
    templates = build_templates()
    setup = time.monotonic() - start
    stats = {"rounds": 0, "kills": 0, "recovery kills": 0, "locks": 0, "locks named": 0}
    lock = threading.Lock()
    failures = []
    threads = [threading.Thread(target=worker,
                                args=(w, seed, templates, start, budget, target, least, stats,
                                      lock, failures)) for w in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if failures:
        print(failures[0])
        return 1
    per = ", ".join("%s %d (%.3f s)" % (t.name[4:], stats.get(t.name, 0), t.span)
                    for t in templates)
    print("%d rounds in %.0f s, %d syncs killed before they ended, %d recovery commands "
          "killed, %d lock files left (%d named by sync); setup %.1f s; kills per "
          "situation (a whole "
          "sync): %s"
          % (stats["rounds"], time.monotonic() - start, stats["kills"],
             stats["recovery kills"], stats["locks"], stats["locks named"], setup,
             per))
    if stats["kills"] < least:
        # a sync here takes several times what it takes on an idle machine
        # (0.03-0.07 s): the floor would measure the machine, not the tool
        fastest = min(t.span for t in templates)
        if fastest > BUSY_SPAN:
            print("# fewer than %d kills, on a machine too busy for them (the fastest "
                  "sync took %.3f s); every check held" % (least, fastest))
            return 0
        print("FAIL: fewer than %d kills" % least)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: %s" % e)
        sys.exit(1)
