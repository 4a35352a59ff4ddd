#!/bin/sh
# The files a fast-forward writes (README, Sync): the commit's files added,
# changed, removed and renamed, in folders and at the top, are written and
# staged as the remote has them, in a clone with a cache and in a fresh
# one alike, and git sees nothing else changed (no phantom change in
# `git status` or `git diff --cached`, stat data that fits the files). A
# file the user changed outside the notebook is kept: one the commit does
# not touch stays as it is, one it touches stops the sync before anything
# is written (exit 4). A sync killed at any write of the fast-forward is
# finished by the next one, nothing lost.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

test_expect_success 'setup: a notebook with files of its own and others, a remote, two clones' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	notebook -C a new "Initech" >/dev/null &&
	notebook -C a log acme-corp -m "Call." --date 2026-11-02 >/dev/null &&
	notebook -C a log initech -m "Mail." --date 2026-11-03 >/dev/null &&
	echo "A notebook." >a/README.md &&
	echo "to do" >a/TODO.txt &&
	mkdir -p a/docs/old &&
	echo "a guide" >a/docs/guide.md &&
	echo "the only one" >a/docs/old/only.md &&
	printf "#!/bin/sh\necho hi\n" >a/docs/run.sh &&
	git -C a add README.md TODO.txt docs &&
	git -C a commit -q -m "files of our own" &&
	two_clones &&
	git clone -q remote.git c &&
	notebook -C b status >/dev/null
'

# change_in_a: one commit in a that adds, changes, removes and renames
# files, in folders and at the top, pushed.
change_in_a() {
	notebook -C a log acme-corp -k email -m "Sent the plan." --date 2026-11-04 >/dev/null &&
	edit_in_place a/clients/initech.md "tier: .*" "tier: key" &&
	git -C a rm -q journal/2026/11/2026-11-03-initech-call.md &&
	git -C a mv docs/guide.md docs/manual.md &&
	git -C a rm -q docs/old/only.md &&
	echo "A notebook, changed." >a/README.md &&
	echo "new at the top" >a/NEWS.txt &&
	mkdir -p a/docs/new/deep &&
	echo "deep" >a/docs/new/deep/file.md &&
	chmod +x a/docs/run.sh &&
	git -C a add -A . &&
	git -C a commit -q -m "many changes" &&
	notebook -C a sync >/dev/null
}

# same_as_remote DIR: DIR's branch, work tree and index are the remote's
# commit, git sees nothing changed, the changed files' stat data fit.
same_as_remote() {
	test "$(git -C "$1" rev-parse HEAD)" = "$(git -C remote.git rev-parse main)" &&
	git -C "$1" diff --cached --quiet &&
	git -C "$1" diff --quiet &&
	git -C "$1" ls-files -s | awk "{ print \$1, \$2, \$4 }" >got &&
	git -C remote.git ls-tree -r main | awk "{ print \$1, \$3, \$4 }" >want &&
	test_cmp want got &&
	for f in clients/initech.md README.md NEWS.txt docs/manual.md docs/new/deep/file.md docs/run.sh; do
		git -C remote.git show "main:$f" >want &&
		test_cmp want "$1/$f" &&
		git -C "$1" ls-files --debug -- "$f" >debug &&
		grep -q "size: $(stat -c %s "$1/$f")	" debug &&
		grep -q "ino: $(stat -c %i "$1/$f")$" debug || return 1
	done &&
	test -x "$1/docs/run.sh" &&
	test ! -e "$1/docs/guide.md" &&
	test ! -e "$1/journal/2026/11/2026-11-03-initech-call.md" &&
	test ! -e "$1/docs/old"
}

test_expect_success 'a fast-forward writes what the commit changed, keeps an unrelated edit' '
	change_in_a &&
	echo "my own list" >b/TODO.txt &&
	echo "scratch" >b/docs/scratch.txt &&
	notebook -C b sync >out 2>err &&
	printf "fast-forwarded to origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\n" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	echo "my own list" >expect &&
	test_cmp expect b/TODO.txt &&
	git -C b status --porcelain >st &&
	printf " M TODO.txt\n?? docs/scratch.txt\n" >expect &&
	test_cmp expect st &&
	git -C b checkout -q TODO.txt &&
	rm b/docs/scratch.txt &&
	same_as_remote b &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C b fsck --strict >/dev/null 2>&1
'

test_expect_success 'the same in a fresh clone, with no cache yet' '
	notebook -C c sync >out &&
	printf "fast-forwarded to origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\n" >expect &&
	test_cmp expect out &&
	same_as_remote c &&
	git -C c status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'a file the commit changes, edited outside the notebook: nothing written (exit 4)' '
	head=$(git -C b rev-parse HEAD) &&
	echo "A notebook, changed again." >a/README.md &&
	notebook -C a log initech -m "Call." --date 2026-11-05 >/dev/null &&
	git -C a commit -q -am "readme again" &&
	notebook -C a sync >/dev/null &&
	echo "my words" >b/README.md &&
	git -C b ls-files --debug >index-before &&
	test_must_fail --status=4 notebook -C b sync >out 2>err &&
	test_must_be_empty out &&
	echo "notebook: cannot update the work tree: 1 conflict prevents checkout" >expect &&
	test_cmp expect err &&
	echo "my words" >expect &&
	test_cmp expect b/README.md &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	test ! -e b/journal/2026/11/2026-11-05-initech-call.md &&
	git -C b ls-files --debug >index-after &&
	test_cmp index-before index-after &&
	git -C b checkout -q README.md &&
	notebook -C b sync >/dev/null &&
	git -C b status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'a file in the way of one the commit adds: nothing written (exit 4)' '
	head=$(git -C b rev-parse HEAD) &&
	echo "theirs" >a/EXTRA.txt &&
	git -C a add EXTRA.txt &&
	git -C a commit -q -m "extra" &&
	notebook -C a sync >/dev/null &&
	echo "mine" >b/EXTRA.txt &&
	test_must_fail --status=4 notebook -C b sync 2>err &&
	echo "mine" >expect &&
	test_cmp expect b/EXTRA.txt &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	rm b/EXTRA.txt &&
	notebook -C b sync >/dev/null &&
	echo "theirs" >expect &&
	test_cmp expect b/EXTRA.txt
'

test_expect_success 'a folder of the commit that is a symbolic link here: nothing written there (exit 4)' '
	head=$(git -C b rev-parse HEAD) &&
	mkdir -p a/notes elsewhere &&
	echo "a note" >a/notes/one.txt &&
	git -C a add notes &&
	git -C a commit -q -m "notes" &&
	notebook -C a sync >/dev/null &&
	ln -s ../elsewhere b/notes &&
	test_must_fail notebook -C b sync 2>err &&
	test ! -e elsewhere/one.txt &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	rm b/notes &&
	notebook -C b sync >/dev/null &&
	test_cmp a/notes/one.txt b/notes/one.txt
'

if can_strace; then
# killed CALL N: `notebook -C b sync` killed at the Nth CALL on the files
# and folders the fast-forward writes (the commit's, the index's lock, the
# branch); succeeds when it was killed.
killed() {
	set -- "$1" "$2" $(git -C remote.git diff --name-only HEAD~1 HEAD | sed "s|^|-P $TRASH/b/|")
	call=$1 n=$2
	shift 2
	strace -f -o /dev/null "$@" -P "$TRASH/b/notes" -P "$TRASH/b/later" -P "$TRASH/b/later/deep" \
		-P "$TRASH/b/.git/index.lock" \
		-P "$TRASH/b/.git/refs/heads/main.lock" \
		-e trace="$call" -e inject="$call":signal=KILL:when="$n" \
		"$NOTEBOOK_BIN" -C b sync >/dev/null 2>&1
	test $? = 137
}

# finished: the next sync finishes what was killed (an index lock it left
# removed first, as the sync says to), and git sees nothing changed.
finished() {
	if ! notebook -C b sync >out 2>err; then
		lock=$(sed -n "s/^notebook: .\(.*\.lock\). is in the way: .*/\1/p" err) &&
		test -n "$lock" && rm "$lock" &&
		notebook -C b sync >out 2>err || return 1
	fi
	test "$(git -C b rev-parse HEAD)" = "$(git -C remote.git rev-parse main)" &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C b diff --cached --quiet &&
	git -C remote.git show main:clients/acme-corp.md >want &&
	test_cmp want b/clients/acme-corp.md &&
	git -C b fsck --strict >/dev/null 2>&1
}

test_expect_success 'killed at each write of a fast-forward: the next sync finishes it' '
	base=$(git -C b rev-parse HEAD) &&
	edit_in_place a/clients/acme-corp.md "tier: .*" "tier: key" &&
	git -C a rm -q notes/one.txt &&
	echo "news" >a/NEWS.txt &&
	mkdir -p a/later/deep &&
	echo "later" >a/later/deep/file.md &&
	git -C a add -A . &&
	git -C a commit -q -m "for the kills" &&
	notebook -C a sync >/dev/null &&
	kills=0 &&
	for call in openat write pwrite64 unlink rename fsync mkdir rmdir; do
		n=1 &&
		while git -C b reset -q --hard "$base" &&
			git -C b update-ref refs/remotes/origin/main "$base" &&
			killed "$call" "$n"; do
			finished || { echo "not finished after a kill at $call $n" >&2; cat err >&2; exit 1; }
			kills=$((kills + 1)) &&
			n=$((n + 1))
		done || exit 1
		finished || exit 1
	done &&
	say "$kills kills" &&
	test "$kills" -gt 10
'
fi

test_expect_success 'an end-of-line conversion asked for by .gitattributes is applied as git applies it' '
	printf "*.txt text eol=crlf\n" >a/.gitattributes &&
	git -C a add .gitattributes &&
	git -C a commit -q -m "attributes" &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	mkdir -p a/notes &&
	printf "two\nlines\n" >a/notes/two.txt &&
	git -C a add notes/two.txt &&
	git -C a commit -q -m "two lines" &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	printf "two\r\nlines\r\n" >expect &&
	test_cmp expect b/notes/two.txt &&
	git -C b status --porcelain >st &&
	test_must_be_empty st
'

test_done
