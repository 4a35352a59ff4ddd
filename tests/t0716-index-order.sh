#!/bin/sh
# The order of a commit's writes (issue #11): the index first, in git's
# lock protocol, then the branch. A writing command killed (SIGKILL) at
# each exact step, made deterministic with strace's fault injection, leaves
# its file in the work tree and either unstaged or staged as it is
# committed, never an index that stages the deletion or the old state of
# it, which the user's next plain `git commit` would commit; a branch that
# cannot be moved puts the index back. The user's own staged change stays
# staged throughout, `git fsck --strict` stays clean, and after the stale
# lock is removed (as git says to) `notebook commit` commits what was
# written.
. "$(dirname "$0")/lib.sh"

if ! strace -f -o /dev/null true 2>/dev/null; then
	echo "1..0 # SKIP strace is not installed or cannot trace here"
	exit 0
fi

# at POINT NOTEBOOK-ARGS...: runs notebook under strace, killed at POINT:
# the creation of the index's lock, its rename over the index, the
# creation of the branch's lock, its rename over the branch.
at() {
	point=$1
	shift
	case $point in
	index-lock) p=.git/index.lock sys=openat ;;
	index-rename) p=.git/index.lock sys=rename,renameat,renameat2 ;;
	ref-lock) p=.git/refs/heads/main.lock sys=openat ;;
	ref-rename) p=.git/refs/heads/main.lock sys=rename,renameat,renameat2 ;;
	esac
	test_status 137 strace -f -o /dev/null -P "$PWD/$p" -e trace=$sys \
		-e inject=$sys:signal=KILL "$NOTEBOOK_BIN" "$@" >/dev/null 2>"$TRASH/err"
}

# sound FILE: the repository is sound and FILE is in the work tree, never
# staged for deletion nor as it was before HEAD; the user's staged file
# stays.
sound() {
	git fsck --strict &&
	git status --porcelain >"$TRASH/st" &&
	! grep "^D\|^.D" "$TRASH/st" &&
	grep -x "A  user.txt" "$TRASH/st" &&
	test -f "$1" &&
	if git ls-files --error-unmatch "$1" >/dev/null 2>&1; then
		# staged as the work tree has it, or as HEAD has it (not staged)
		staged=$(git rev-parse ":$1") &&
		{ test "$staged" = "$(git hash-object "$1")" ||
		  test "$staged" = "$(git rev-parse "HEAD:$1")"; }
	fi
}

# settle: removes the stale locks a killed process leaves (as git says to
# do), commits what was written, and checks that nothing is left.
settle() {
	rm -f .git/index.lock .git/refs/heads/main.lock &&
	notebook commit >/dev/null &&
	git status --porcelain >"$TRASH/st" &&
	echo "A  user.txt" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/st" &&
	git fsck --strict
}

test_expect_success 'setup: a notebook, and a file the user staged' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	i=1 &&
	while test $i -le 8; do
		printf -- "- [ ] Promise %d due:2026-12-01\n" $i >>clients/acme-corp.md
		i=$((i + 1))
	done &&
	notebook commit >/dev/null &&
	echo mine >user.txt &&
	git add user.txt
'

n=0
for point in index-lock index-rename ref-lock ref-rename; do
	n=$((n + 1))
	test_expect_success "log killed at $point" '
		cd nb &&
		at '$point' log acme-corp -m "Killed at '$point'." &&
		f=$(grep -l "Killed at '$point'" journal/2026/11/*.md) &&
		sound $f &&
		settle &&
		git cat-file -p HEAD:$f | grep "Killed at '$point'"
	'
	test_expect_success "new killed at $point" '
		cd nb &&
		at '$point' new "Client '$n'" &&
		sound clients/client-'$n'.md &&
		settle &&
		git cat-file -e HEAD:clients/client-'$n'.md
	'
	test_expect_success "done killed at $point" '
		cd nb &&
		at '$point' done acme-corp "Promise '$n'" &&
		grep -x -- "- \[x\] Promise '$n' due:2026-12-01 done:2026-11-20" clients/acme-corp.md &&
		sound clients/acme-corp.md &&
		settle &&
		git cat-file -p HEAD:clients/acme-corp.md | grep -x -- "- \[x\] Promise '$n' due:2026-12-01 done:2026-11-20"
	'
	test_expect_success "snooze killed at $point" '
		cd nb &&
		at '$point' snooze acme-corp '$n'w &&
		grep -x "snooze: 2026-1[12]-[0-9][0-9]" clients/acme-corp.md >../want &&
		sound clients/acme-corp.md &&
		settle &&
		git cat-file -p HEAD:clients/acme-corp.md | grep -x -f ../want
	'
done

# fails POINT NOTEBOOK-ARGS...: the branch's lock cannot be made (ENOSPC),
# after the index was written: the index is put back.
fails() {
	cp .git/index "$TRASH/index.before" &&
	# LeakSanitizer cannot run under ptrace
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
	test_status 4 strace -f -o /dev/null -P "$PWD/.git/refs/heads/main.lock" -e trace=openat \
		-e inject=openat:error=ENOSPC "$NOTEBOOK_BIN" "$@" >/dev/null 2>"$TRASH/err" &&
	grep "No space left on device" "$TRASH/err" &&
	git ls-files -s >"$TRASH/ls" &&
	GIT_INDEX_FILE="$TRASH/index.before" git ls-files -s >"$TRASH/ls.before" &&
	test_cmp "$TRASH/ls.before" "$TRASH/ls"
}

test_expect_success 'a branch that cannot be moved: the index is put back, for each command' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	fails log acme-corp -m "No room for the ref." &&
	grep "is written but not committed; .notebook commit. commits it" "$TRASH/err" &&
	fails new "Globex" &&
	fails done acme-corp "Promise 5" &&
	fails snooze acme-corp 9w &&
	test "$(git rev-parse HEAD)" = $head &&
	git status --porcelain >../st &&
	grep -x "A  user.txt" ../st &&
	! grep "^[MADR]  [cj]" ../st &&
	settle
'

test_done
