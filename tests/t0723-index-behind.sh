#!/bin/sh
# An index left behind HEAD for the notebook's files (issue #11 point 2):
# the state a commit killed after its branch moved and before its index
# was written leaves (made here with git's plumbing: a commit from another
# index, then update-ref), in which the user's next plain `git commit`
# would delete the new entry or undo the change. Every command that opens
# the repository repairs it and says so: read commands (status, check,
# list, show) when they can at once, else they warn and write nothing
# (git's index.lock held, GIT_OPTIONAL_LOCKS=0); sync before it merges;
# writing commands. Found however many commits back, however large the
# commit; the user's own staging is left alone. A repair killed at its
# rename (strace) leaves the index as it was.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

have_strace=
can_strace && have_strace=1

# commit_behind FILE...: commits the files as they are in the work tree,
# moving the branch but not the index.
commit_behind() {
	GIT_INDEX_FILE=$TRASH/other-index git read-tree HEAD &&
	GIT_INDEX_FILE=$TRASH/other-index git add -- "$@" &&
	tree=$(GIT_INDEX_FILE=$TRASH/other-index git write-tree) &&
	commit=$(git commit-tree "$tree" -p HEAD -m "by plumbing") &&
	git update-ref refs/heads/main "$commit" &&
	rm -f "$TRASH/other-index"
}

# entry_behind DAY: a new entry of that day of November committed behind
# the index's back; $f is its path.
entry_behind() {
	f=journal/2026/11/2026-11-$1-acme-corp-note.md &&
	mkdir -p journal/2026/11 &&
	printf -- "---\nclient: acme-corp\ndate: 2026-11-%s\nkind: note\n---\nOn the %s.\n" $1 $1 >$f &&
	commit_behind $f &&
	git status --porcelain --no-renames >../st &&
	grep -x "D  $f" ../st
}

repaired() {
	echo "notebook: warning: the index staged '$1' as it was before the last commit (a commit was interrupted); it is staged as committed now"
}

not_repaired() {
	echo "notebook: warning: the index stages '$1' as it was before the last commit (a commit was interrupted), and 'git commit' would undo it; a writing command or 'notebook sync' stages it as committed"
}

test_expect_success 'setup: a notebook, its remote' '
	git init -q --bare remote.git &&
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	git remote add origin ../remote.git &&
	notebook sync >/dev/null
'

test_expect_success 'status repairs an index left behind HEAD and says so' '
	cd nb &&
	entry_behind 10 &&
	notebook status >../out 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	test "$(git rev-parse :$f)" = "$(git rev-parse HEAD:$f)" &&
	notebook status >../out 2>../err &&
	test_must_be_empty ../err
'

test_expect_success 'check repairs a client file staged as it was' '
	cd nb &&
	sed -i "s/^tier: .*/tier: key/" clients/acme-corp.md &&
	commit_behind clients/acme-corp.md &&
	git status --porcelain >../st &&
	grep -x "MM clients/acme-corp.md" ../st &&
	notebook check >../out 2>../err &&
	repaired clients/acme-corp.md >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'two commits behind: both files are repaired, by list' '
	cd nb &&
	entry_behind 11 &&
	first=$f &&
	entry_behind 12 &&
	grep -x "D  $first" ../st &&
	notebook list >../out 2>../err &&
	{ repaired $first && repaired $f; } >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'a commit of 1500 client files left behind is repaired (show)' '
	cd nb &&
	i=0 &&
	while test $i -lt 1500; do
		sed "s/^name: .*/name: Bulk $i/" clients/acme-corp.md >clients/bulk-$i.md &&
		i=$((i + 1)) || return 1
	done &&
	commit_behind clients &&
	test "$(git status --porcelain | grep -c "^D  clients/bulk-")" = 1500 &&
	notebook show acme-corp >../out 2>../err &&
	test "$(grep -c "^notebook: warning: the index staged .clients/bulk-" ../err)" = 1500 &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'while git holds index.lock a read command only warns, and writes nothing' '
	cd nb &&
	entry_behind 13 &&
	: >.git/index.lock &&
	cp .git/index ../index-before &&
	notebook status >../out 2>../err &&
	not_repaired $f >../expect &&
	test_cmp ../expect ../err &&
	cmp ../index-before .git/index &&
	test -f .git/index.lock &&
	rm .git/index.lock &&
	notebook status >../out 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'GIT_OPTIONAL_LOCKS=0: a read command only warns' '
	cd nb &&
	entry_behind 14 &&
	cp .git/index ../index-before &&
	GIT_OPTIONAL_LOCKS=0 notebook list >../out 2>../err &&
	not_repaired $f >../expect &&
	test_cmp ../expect ../err &&
	cmp ../index-before .git/index
'

test_expect_success 'sync repairs it before it merges, and pushes the entry' '
	cd nb &&
	f=journal/2026/11/2026-11-14-acme-corp-note.md &&
	notebook sync >../out 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	echo "pushed main to origin" >../expect &&
	test_cmp ../expect ../out &&
	git -C ../remote.git cat-file -e main:$f &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'a writing command repairs it before it commits' '
	cd nb &&
	entry_behind 15 &&
	notebook log acme-corp -k email -m "Sent." >../out 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	git show --stat HEAD >../show &&
	! grep -F "$f" ../show
'

test_expect_success 'the user'"'"'s own staging is left alone' '
	cd nb &&
	sed -i "s/^tier: .*/tier: occasional/" clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	echo "# notes" >>clients/acme-corp.md &&
	notebook status >../out 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	echo "MM clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st &&
	git checkout -q HEAD -- clients/acme-corp.md
'

test_expect_success 'staged files looked for once, remembered: a commit left behind later is still repaired' '
	cd nb &&
	u=journal/2026/11/2026-11-03-acme-corp-note.md &&
	printf -- "---\nclient: acme-corp\ndate: 2026-11-03\nkind: note\n---\nStaged by hand.\n" >$u &&
	git add $u &&
	sed -i "s/^tier: .*/tier: occasional/" clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	notebook log acme-corp -k call -m "One." >/dev/null 2>../err &&
	test_must_be_empty ../err &&
	grep -F " $u" .git/notebook-behind &&
	grep -F " clients/acme-corp.md" .git/notebook-behind &&
	notebook log acme-corp -k call -m "Two." >/dev/null 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	grep -x "A  $u" ../st && grep -x "M  clients/acme-corp.md" ../st &&
	entry_behind 18 &&
	notebook status >/dev/null 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	grep -x "A  $u" ../st && grep -x "M  clients/acme-corp.md" ../st &&
	! grep -F "$f" ../st &&
	echo "not a memo" >.git/notebook-behind &&
	entry_behind 19 &&
	notebook log acme-corp -k call -m "Three." >/dev/null 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	grep -x "A  $u" ../st && ! grep -F "$f" ../st &&
	git reset -q HEAD -- $u clients/acme-corp.md &&
	rm $u && git checkout -q HEAD -- clients/acme-corp.md
'

test_expect_success 'nothing is repaired while a merge is in progress' '
	cd nb &&
	entry_behind 16 &&
	git rev-parse HEAD >.git/MERGE_HEAD &&
	notebook status >../out 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	grep -x "D  $f" ../st &&
	rm .git/MERGE_HEAD &&
	notebook status >/dev/null 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err
'

if test -n "$have_strace"; then
test_expect_success 'a repair killed at its rename leaves the index as it was; the next one repairs' '
	cd nb &&
	entry_behind 17 &&
	cp .git/index ../index-before &&
	{ strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL "$NOTEBOOK_BIN" status >/dev/null 2>&1;
		test $? = 137; } &&
	cmp ../index-before .git/index &&
	test -f .git/index.lock &&
	notebook check >/dev/null 2>../err &&
	not_repaired $f >../expect &&
	test_cmp ../expect ../err &&
	rm .git/index.lock &&
	notebook check >/dev/null 2>../err &&
	repaired $f >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	git fsck --strict
'
else
	say "skip: the exact kill needs strace"
fi

test_done
