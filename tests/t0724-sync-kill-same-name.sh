#!/bin/sh
# notebook sync killed (strace, at an exact system call) while its merge
# writes a journal entry both clones logged under one name (issue #11):
# the sync splits the entry in two (this clone's becomes "<entry>-2.md",
# written before the merge begins), then libgit2's checkout removes this
# clone's file, writes the conflict through "<entry>.md.lock" and links
# that into place. Killed at each of those steps, every entry is in the
# work tree or on the remote; the user does what the messages say (the
# index lock named and removed, sync, --continue refused, --abort, sync).
# A replay of sync --rebase splits the entry in memory, writes and stages
# the copy, then moves the branch as a fast-forward does: killed as that
# move writes the remote's entry, the next sync finishes it. Both end on the
# remote and in both clones, nothing is ever staged for deletion, and
# git fsck --strict passes everywhere.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

if ! can_strace; then
	say "skip: the exact kills need strace"
	test_done
fi

f=journal/2026/11/2026-11-20-acme-corp-call.md
g=${f%.md}-2.md

# same_name DIR: in DIR a bare remote, the clone a that made it and a
# clone b, each of which logged a call today: one name, two entries, a's
# on the remote and b's committed in b only.
same_name() {
	mkdir "$1" &&
	git init -q --bare "$1/remote.git" &&
	notebook init "$1/a" >/dev/null &&
	notebook -C "$1/a" new "Acme Corp" >/dev/null &&
	git -C "$1/a" remote add origin ../remote.git &&
	notebook -C "$1/a" sync >/dev/null &&
	git clone -q "$1/remote.git" "$1/b" &&
	notebook -C "$1/a" log acme-corp -k call -m "From a." >/dev/null &&
	notebook -C "$1/a" sync >/dev/null &&
	notebook -C "$1/b" log acme-corp -k call -m "From b." >/dev/null &&
	cp "$1/a/$f" "$1/from-a" &&
	cp "$1/b/$f" "$1/from-b"
}

# killed_at DIR SYSCALL PATH [ARG]: `notebook sync [ARG]` in DIR/b, killed
# at its first SYSCALL on PATH; then every entry is in b's work tree
# (b's, written under the new name before the merge began, is there
# whichever instant the kill hits) or on the remote, and nothing is
# staged for deletion.
killed_at() {
	strace -f -o /dev/null -P "$3" -e trace="$2" -e inject="$2":signal=KILL \
		"$NOTEBOOK_BIN" -C "$1/b" sync ${4:-} >/dev/null 2>&1
	test $? = 137 &&
	test_cmp "$1/from-b" "$1/b/$g" &&
	git -C "$1/remote.git" show main:$f >"$1/got" &&
	test_cmp "$1/from-a" "$1/got" &&
	no_deletion "$1"
}

# no_deletion DIR: git status in DIR/b shows no file staged for deletion.
no_deletion() {
	git -C "$1/b" status --porcelain >"$1/st" &&
	! grep "^D" "$1/st"
}

# both_everywhere DIR: a's entry under the name and b's under the -2 name,
# on the remote and in both clones (a fast-forwarded), everything clean.
both_everywhere() {
	notebook -C "$1/a" sync >"$1/out" &&
	printf "fast-forwarded to origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\n" >"$1/expect" &&
	test_cmp "$1/expect" "$1/out" &&
	for where in remote.git a b; do
		git -C "$1/$where" show main:$f >"$1/got" &&
		test_cmp "$1/from-a" "$1/got" &&
		git -C "$1/$where" show main:$g >"$1/got" &&
		test_cmp "$1/from-b" "$1/got" &&
		git -C "$1/$where" fsck --strict 2>/dev/null || return 1
	done &&
	for where in a b; do
		test_cmp "$1/from-a" "$1/$where/$f" &&
		test_cmp "$1/from-b" "$1/$where/$g" &&
		test "$(git -C "$1/$where" rev-parse HEAD)" = "$(git -C "$1/remote.git" rev-parse main)" &&
		git -C "$1/$where" status --porcelain >"$1/st" &&
		test_must_be_empty "$1/st" || return 1
	done &&
	test -z "$(find "$1/b" -name "*.lock")"
}

# recover DIR [ARG]: what a user does after the kill, as the messages
# say, the syncs with ARG (--rebase: replay b's commit on the remote's).
recover() {
	test_must_fail --status=4 notebook -C "$1/b" sync ${2:-} >"$1/out" 2>"$1/err" &&
	grep "^notebook: '$TRASH/$1/b/.git/index.lock' is in the way" "$1/err" &&
	no_deletion "$1" &&
	rm "$1/b/.git/index.lock" &&
	echo "notebook: the last sync was interrupted while it merged (killed, or the machine stopped), so its merge is incomplete and nothing of it was committed; run 'notebook sync --abort' to undo it, then 'notebook sync'" >"$1/expect" &&
	test_must_fail --status=5 notebook -C "$1/b" sync ${2:-} >"$1/out" 2>"$1/err" &&
	test_cmp "$1/expect" "$1/err" &&
	test_must_fail --status=5 notebook -C "$1/b" sync --continue >"$1/out" 2>"$1/err" &&
	test_cmp "$1/expect" "$1/err" &&
	no_deletion "$1" &&
	notebook -C "$1/b" sync --abort >"$1/out" &&
	echo "aborted the merge; back where the sync started" >"$1/expect" &&
	test_cmp "$1/expect" "$1/out" &&
	test_cmp "$1/from-b" "$1/b/$f" &&
	test ! -e "$1/b/$g" &&
	test -z "$(find "$1/b" -name "*.lock")" &&
	git -C "$1/b" status --porcelain >"$1/st" &&
	test_must_be_empty "$1/st" &&
	synced_again "$1" ${2:-}
}

# synced_again DIR [ARG]: a plain sync (with ARG) in b splits the name
# and pushes both entries, which reach everyone.
synced_again() {
	notebook -C "$1/b" sync ${2:-} >"$1/out" &&
	if test "${2:-}" = --rebase
	then
		how="replayed 1 local commit on origin/main"
	else
		how="merged origin/main"
	fi &&
	printf "renamed %s to %s: the remote has an entry of that name\n%s\nbrought 1 entry: acme-corp: 1 by A Tester\npushed main to origin\n" $f $g "$how" >"$1/expect" &&
	test_cmp "$1/expect" "$1/out" &&
	both_everywhere "$1"
}

test_expect_success 'killed at the write of <entry>.md.lock: the stale lock goes, both entries reach everyone' '
	same_name w &&
	killed_at w write "$TRASH/w/b/$f.lock" &&
	test -f w/b/.git/MERGE_HEAD &&
	test -f w/b/$f.lock &&
	test_must_be_empty w/b/$f.lock &&
	test ! -e w/b/$f &&
	recover w
'

test_expect_success 'killed at the link of the full <entry>.md.lock into place: the same' '
	same_name l &&
	killed_at l link "$TRASH/l/b/$f.lock" &&
	test -s l/b/$f.lock &&
	recover l
'

test_expect_success 'killed at the removal of the entry the checkout replaces: the same' '
	same_name u &&
	killed_at u unlink "$TRASH/u/b/$f" &&
	test_cmp u/from-b u/b/$f &&
	recover u
'

test_expect_success 'killed after the copy is written, before the merge began: the next sync does it all' '
	same_name c &&
	killed_at c openat "$TRASH/c/b/.git/index.lock" &&
	test ! -e c/b/.git/MERGE_HEAD &&
	test_cmp c/from-b c/b/$f &&
	grep -x "renamed	$g	$f" c/b/.git/notebook-sync &&
	synced_again c
'

test_expect_success 'sync --rebase killed as its move writes the remote entry over ours: the copy is there, the next sync finishes' '
	same_name r &&
	killed_at r openat "$TRASH/r/b/$f" --rebase &&
	test ! -e r/b/.git/CHERRY_PICK_HEAD &&
	grep -x "renamed	$g	$f" r/b/.git/notebook-sync &&
	notebook -C r/b sync --rebase >r/out &&
	printf "fast-forwarded to origin/main (finishing a sync that was interrupted)\npushed main to origin\n" >r/expect &&
	test_cmp r/expect r/out &&
	both_everywhere r
'

test_done
