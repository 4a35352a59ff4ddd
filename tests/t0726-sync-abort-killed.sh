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

# kill_in CLONE SYSCALL PATH ARGS...: notebook ARGS in CLONE, killed at
# its first SYSCALL on PATH (status 137); kill_at: in b.
kill_in() {
	clone=$1 sys=$2 path=$3 &&
	shift 3 &&
	{ strace -f -o /dev/null -P "$path" -e trace="$sys" -e inject="$sys":signal=KILL \
		"$NOTEBOOK_BIN" -C "$clone" "$@" >/dev/null 2>&1; echo $? >status; } &&
	test "$(cat status)" = 137
}

kill_at() {
	kill_in b "$@"
}

# pair REMOTE A B [NEW-OPTION...]: a notebook A with the client Acme Corp
# (made with the options given), synced to a new bare REMOTE.git, and
# cloned from there into B.
pair() {
	git init -q --bare "$1.git" &&
	notebook init "$2" >/dev/null &&
	notebook -C "$2" new "Acme Corp" ${4:+"$4"} ${5:+"$5"} >/dev/null &&
	git -C "$2" remote add origin "../$1.git" &&
	notebook -C "$2" sync >/dev/null &&
	git clone -q "$1.git" "$3"
}

test_expect_success 'a merge killed as it writes the remote entry, its --abort killed as the reset ends the merge state' '
	pair remote a b &&
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

# Both sides log a call the same day: one name, two entries. The merge
# stages ours under the -2 name, killed just before its commit; libgit2's
# hard reset removes the files the index has and HEAD has not before it
# writes HEAD's: an --abort killed as the reset rewrote the entry's name
# left ours nowhere but in HEAD (as t0722 did once, seed 129561467), and so
# did one kill of the --abort of a merge stopped on a conflict. The copy is
# unstaged before the reset now, which leaves it, and removed after.
copy=journal/2026/11/2026-11-20-acme-corp-call-2.md

test_expect_success 'a merge of two entries of one name killed before its commit, its --abort killed as the reset rewrites our entry' '
	pair same sa sb &&
	notebook -C sa log acme-corp -k call -m "From a." >/dev/null &&
	notebook -C sa sync >/dev/null &&
	notebook -C sb log acme-corp -k call -m "From b." >/dev/null &&
	git -C sb show HEAD:$call >ours &&
	kill_in sb openat "$TRASH/sb/.git/refs/heads/main.lock" sync &&
	test -f sb/.git/MERGE_HEAD &&
	test_cmp ours sb/$copy &&
	test_status 5 notebook -C sb sync >out 2>err &&
	grep "interrupted while it merged" err &&
	kill_in sb write "$TRASH/sb/$call" sync --abort &&
	test -f sb/.git/MERGE_HEAD &&
	test_cmp ours sb/$copy &&
	notebook -C sb sync --abort >out &&
	echo "aborted the merge; back where the sync started" >expect &&
	test_cmp expect out &&
	test_cmp ours sb/$call &&
	test ! -e sb/$copy &&
	git -C sb status --porcelain >st &&
	test_must_be_empty st &&
	notebook -C sb sync >out 2>err &&
	git -C same.git show main:$copy >got &&
	test_cmp ours got &&
	git -C same.git show main:$call >got &&
	test_cmp sa/$call got &&
	git -C sb status --porcelain >st &&
	test_must_be_empty st &&
	git -C sb fsck --strict 2>/dev/null &&
	git -C same.git fsck --strict 2>/dev/null
'

test_expect_success 'a merge of two entries of one name stopped on a conflict, its --abort killed as the reset rewrites our entry' '
	pair stop ta tb --tier key &&
	sed -i "s/^tier: .*/tier: regular/" ta/clients/acme-corp.md &&
	notebook -C ta commit >/dev/null &&
	notebook -C ta log acme-corp -k call -m "From a." >/dev/null &&
	notebook -C ta sync >/dev/null &&
	sed -i "s/^tier: .*/tier: occasional/" tb/clients/acme-corp.md &&
	notebook -C tb commit >/dev/null &&
	notebook -C tb log acme-corp -k call -m "From b." >/dev/null &&
	git -C tb show HEAD:$call >ours &&
	test_status 5 notebook -C tb sync >out 2>err &&
	grep "sync stopped on conflicts" err &&
	kill_in tb write "$TRASH/tb/$call" sync --abort &&
	test_cmp ours tb/$copy &&
	notebook -C tb sync --abort >out &&
	echo "aborted the merge; back where the sync started" >expect &&
	test_cmp expect out &&
	test_cmp ours tb/$call &&
	test ! -e tb/$copy &&
	git -C tb status --porcelain >st &&
	test_must_be_empty st &&
	git -C tb fsck --strict 2>/dev/null
'

# The same stop, its --abort killed after the reset wrote HEAD's index and
# before the merge state ended: MERGE_HEAD and a record saying "stopped"
# were left, and --continue committed HEAD's tree as the merge and pushed
# it, the remote's entry removed for every clone. --abort marks the stop
# interrupted before it undoes anything: --continue refuses, --abort ends.
test_expect_success 'a stopped merge whose --abort was killed as it ended the merge state cannot be continued' '
	test_status 5 notebook -C tb sync >out 2>err &&
	grep "sync stopped on conflicts" err &&
	kill_in tb unlink "$TRASH/tb/.git/MERGE_HEAD" sync --abort &&
	test -f tb/.git/MERGE_HEAD &&
	test_status 5 notebook -C tb sync --continue >out 2>err &&
	grep "interrupted while it merged" err &&
	notebook -C tb sync --abort >out &&
	echo "aborted the merge; back where the sync started" >expect &&
	test_cmp expect out &&
	test ! -e tb/.git/MERGE_HEAD &&
	git -C tb status --porcelain >st &&
	test_must_be_empty st &&
	git -C stop.git show main:$call >got &&
	test_cmp ta/$call got &&
	git -C tb fsck --strict 2>/dev/null &&
	git -C stop.git fsck --strict 2>/dev/null
'

# The same stop with the client file fixed by hand as HEAD has it: the
# reset's checkout, which leaves that file, wrote an index without it
# before the reset wrote HEAD's, and an --abort killed in between (at the
# branch's lock, which the reset takes between the two) left the client
# file staged for deletion. The index is HEAD's before the reset now.
test_expect_success 'a stopped merge fixed as HEAD has it, its --abort killed between the index writes of the reset: nothing staged for deletion' '
	test_status 5 notebook -C tb sync >out 2>err &&
	git -C tb show HEAD:clients/acme-corp.md >tb/clients/acme-corp.md &&
	kill_in tb openat "$TRASH/tb/.git/refs/heads/main.lock" sync --abort &&
	git -C tb status --porcelain >st &&
	! grep "^D" st &&
	test_status 5 notebook -C tb sync >out 2>err &&
	grep "interrupted while it merged" err &&
	notebook -C tb sync --abort >out &&
	test_cmp expect out &&
	git -C tb status --porcelain >st &&
	test_must_be_empty st &&
	git -C tb fsck --strict 2>/dev/null
'

test_done
