#!/bin/sh
# `notebook log` killed (SIGKILL) at random moments: the repository stays
# `git fsck --strict` clean, and each entry is either committed or an
# uncommitted file that `notebook commit` picks up.
. "$(dirname "$0")/lib.sh"

KILLS=${NOTEBOOK_KILLS:-30}

# rand N: a random number in 0..N-1
rand() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d " ") % $1 ))
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	start=$(date +%s%N) &&
	notebook -C nb log acme-corp -m "Timing." >/dev/null &&
	echo $(( ($(date +%s%N) - start) / 1000000 + 1 )) >run-ms
'

test_expect_success "$KILLS kills at random moments" '
	cd nb &&
	ms=$(cat ../run-ms) &&
	: >../locks &&
	i=1 &&
	while test $i -le $KILLS; do
		"$NOTEBOOK_BIN" log acme-corp -m "Kill note $i." >/dev/null 2>&1 &
		pid=$! &&
		t=$(rand $((ms + 5))) &&
		sleep $(printf "0.%03d" $t) &&
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		git fsck --strict >../fsck.out 2>&1 || { echo "after kill $i:"; cat ../fsck.out; return 1; }
		# a lock left by the killed process is the user'"'"'s to remove, as git says
		for l in .git/index.lock .git/refs/heads/main.lock .git/HEAD.lock; do
			if test -e $l; then echo "$i $l" >>../locks; rm -f $l; fi
		done
		i=$((i + 1))
	done &&
	sed "s/^/# stale lock after kill /" ../locks
'

test_expect_success 'every entry is whole, and committed or picked up by notebook commit' '
	cd nb &&
	notebook check &&
	git status --porcelain --untracked-files=all >../before &&
	sed "s/^/# before commit: /" ../before &&
	notebook commit >/dev/null &&
	git status --porcelain --untracked-files=all >../st &&
	test_must_be_empty ../st &&
	git fsck --strict &&
	for f in journal/2026/11/*.md; do
		git cat-file -e HEAD:$f || return 1
		sed -n "/^---$/,/^---$/!p" $f | grep -x "Kill note [0-9]*\.\|Timing\." >/dev/null || return 1
	done &&
	{ ls -a journal/2026/11 | grep -v "^\.\.*$" | grep -v "\.md$" | grep -v "^\.nb-tmp-" >../junk || :; } &&
	test_must_be_empty ../junk
'

test_expect_success 'and notebook log works on afterwards' '
	cd nb &&
	notebook log acme-corp -m "After." >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_done
