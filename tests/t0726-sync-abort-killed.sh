#!/bin/sh
# notebook sync --abort killed (strace, at an exact system call) after a
# sync was killed while its merge wrote the remote's new entry (issue #11).
# libgit2's hard reset, which --abort runs, ends the merge state itself
# (MERGE_HEAD, MERGE_MODE, MERGE_MSG go): killed there, an --abort that
# removed the remote's half-written file only after the reset left it
# untracked with nothing to say whose it was, and every later sync called
# it a hand edit (an empty one, which sync --commit refuses). The file
# goes before the reset now: the next sync merges, and both entries reach
# the remote.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

if ! can_strace; then
	say "skip: the exact kills need strace"
	test_done
fi

note=journal/2026/11/2026-11-20-acme-corp-note.md
call=journal/2026/11/2026-11-20-acme-corp-call.md

# kill_at SYSCALL PATH ARGS...: notebook ARGS in b, killed at its first
# SYSCALL on PATH (status 137).
kill_at() {
	sys=$1 path=$2 &&
	shift 2 &&
	{ strace -f -o /dev/null -P "$path" -e trace="$sys" -e inject="$sys":signal=KILL \
		"$NOTEBOOK_BIN" -C b "$@" >/dev/null 2>&1; echo $? >status; } &&
	test "$(cat status)" = 137
}

test_expect_success 'a merge killed as it writes the remote entry, its --abort killed as the reset ends the merge state' '
	git init -q --bare remote.git &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	git -C a remote add origin ../remote.git &&
	notebook -C a sync >/dev/null &&
	git clone -q remote.git b &&
	notebook -C a log acme-corp -k note -m "From a." >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b log acme-corp -k call -m "From b." >/dev/null &&
	kill_at write "$TRASH/b/$note" sync &&
	test -f b/.git/MERGE_HEAD &&
	test_must_be_empty b/$note &&
	rm b/.git/index.lock &&
	kill_at unlink "$TRASH/b/.git/MERGE_MSG" sync --abort &&
	test ! -e b/.git/MERGE_HEAD &&
	test ! -e b/$note &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	notebook -C b sync >out 2>err &&
	printf "merged origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	git -C remote.git show main:$note >got &&
	test_cmp a/$note got &&
	git -C remote.git show main:$call >got &&
	test_cmp b/$call got &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C b fsck --strict 2>/dev/null &&
	git -C remote.git fsck --strict 2>/dev/null
'

test_done
