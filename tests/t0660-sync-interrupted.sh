#!/bin/sh
# notebook sync interrupted, and where it pushes. A sync killed while it
# merges (strace kills it at an exact system call) is never pushed by
# --continue, only undone by --abort; a lock file it leaves is named; a
# sync killed after its merge commit ends the merge next time; a merge
# git started is not finished by --continue; a stale lock on a local
# remote's branch is named as stale (t0722 kills syncs at random). Where
# to push is the user's choice: the upstream, or a remote, path or URL on
# the command line, never notebook.yaml's `remote:`.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

# killed_at PATH SYSCALLS DIR [N]: runs `notebook -C DIR sync` under
# strace, killed at the first (or Nth) of SYSCALLS on PATH; succeeds when
# it was killed.
killed_at() {
	strace -f -o /dev/null -P "$1" -e trace="$2" \
		-e inject="$2":signal=KILL${4:+:when=$4} \
		"$NOTEBOOK_BIN" -C "$3" sync >/dev/null 2>&1
	test $? = 137
}

have_strace=
can_strace && have_strace=1

test_expect_success 'setup: a remote, two clones' '
	git init -q --bare remote.git &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin ../remote.git &&
	notebook -C a sync >/dev/null &&
	git clone -q remote.git b
'

if test -n "$have_strace"; then
test_expect_success 'killed at the checkout of the remote entry: the index lock is named, exit 4' '
	notebook -C a log acme-corp -k call -m "From a." >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b log acme-corp -k email -m "From b." >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	head=$(git -C b rev-parse HEAD) &&
	remote=$(git -C remote.git rev-parse main) &&
	killed_at "$TRASH/b/$f" openat b &&
	test -f b/.git/MERGE_HEAD &&
	test -f b/.git/index.lock &&
	test ! -f b/$f &&
	test_must_fail --status=4 notebook -C b sync >out 2>err &&
	test_must_be_empty out &&
	sed "s/is [0-9]* seconds* old/is N seconds old/" err >got &&
	echo "notebook: '"'"'$TRASH/b/.git/index.lock'"'"' is in the way: a git command is using it, or one was killed while it did (the file is N seconds old); if no git command is running, remove it, then run '"'"'notebook sync'"'"' again" >expect &&
	test_cmp expect got
'

test_expect_success 'the lock removed, neither sync nor --continue pushes the incomplete merge (exit 5)' '
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	head=$(git -C b rev-parse HEAD) &&
	remote=$(git -C remote.git rev-parse main) &&
	rm b/.git/index.lock &&
	echo "notebook: the last sync was interrupted while it merged (killed, or the machine stopped), so its merge is incomplete and nothing of it was committed; run '"'"'notebook sync --abort'"'"' to undo it, then '"'"'notebook sync'"'"'" >expect &&
	test_must_fail --status=5 notebook -C b sync --continue >out 2>err &&
	test_must_be_empty out &&
	test_cmp expect err &&
	test_must_fail --status=5 notebook -C b sync >out 2>err &&
	test_cmp expect err &&
	test "$(git -C remote.git rev-parse main)" = "$remote" &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	git -C remote.git cat-file -e main:$f &&
	git -C b status --porcelain >st &&
	! grep "^D" st
'

test_expect_success '--abort undoes it (the remote entry it wrote goes too), then sync merges everything' '
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	notebook -C b sync --abort >out &&
	echo "aborted the merge; back where the sync started" >expect &&
	test_cmp expect out &&
	test ! -f b/.git/MERGE_HEAD &&
	test ! -f b/.git/notebook-sync &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	notebook -C b sync >out &&
	printf "merged origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	git -C remote.git cat-file -e main:$f &&
	git -C remote.git cat-file -e main:journal/2026/11/2026-11-20-acme-corp-email.md &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C b fsck --strict &&
	git -C remote.git fsck --strict
'

test_expect_success 'killed after the merge commit, before the merge state ended: the next sync ends it and pushes' '
	notebook -C a sync >/dev/null &&
	notebook -C a log acme-corp -k call --date 2026-11-19 -m "Again from a." >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b log acme-corp -k email --date 2026-11-19 -m "Again from b." >/dev/null &&
	killed_at "$TRASH/b/.git/MERGE_HEAD" unlink,unlinkat b &&
	test -f b/.git/MERGE_HEAD &&
	test "$(git -C b rev-list --parents -1 HEAD | wc -w)" = 3 &&
	merge=$(git -C b rev-parse HEAD) &&
	notebook -C b sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test ! -f b/.git/MERGE_HEAD &&
	test "$(git -C remote.git rev-parse main)" = "$merge" &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C b fsck --strict
'

test_expect_success 'killed after the markers are written, before the stop is recorded: --continue refuses' '
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	sed -i "s/^tier: .*/tier: regular/" a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: occasional/" b/clients/acme-corp.md &&
	notebook -C b commit >/dev/null &&
	killed_at "$TRASH/b/.git/index.lock" openat b 2 &&
	grep -x merging b/.git/notebook-sync &&
	grep "^<<<<<<< A Tester on " b/clients/acme-corp.md &&
	test_must_fail --status=5 notebook -C b sync --continue 2>err &&
	grep "interrupted while it merged" err &&
	notebook -C b sync --abort >/dev/null &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	grep "^tier: occasional$" b/clients/acme-corp.md
'

test_expect_success 'killed in a fast-forward at the write of the remote entry: the next sync finishes it' '
	# What earlier tests left differs with strace: whatever is in progress goes.
	{ notebook -C b sync --abort >/dev/null 2>&1 || :; } &&
	git -C b fetch -q origin &&
	git -C b reset -q --hard origin/main &&
	notebook -C a log acme-corp -k call --date 2026-11-17 -m "A long note from a." >/dev/null &&
	notebook -C a sync >/dev/null &&
	f=journal/2026/11/2026-11-17-acme-corp-call.md &&
	head=$(git -C b rev-parse HEAD) &&
	killed_at "$TRASH/b/$f" write b &&
	test -f b/$f && test_must_be_empty b/$f &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	notebook -C b sync >out &&
	printf "fast-forwarded to origin/main (finishing a sync that was interrupted)
up to date with origin/main
" >expect &&
	test_cmp expect out &&
	test "$(git -C b rev-parse HEAD)" = "$(git -C remote.git rev-parse main)" &&
	git -C remote.git show main:$f >want &&
	test_cmp want b/$f &&
	test ! -f b/.git/notebook-sync &&
	git -C b status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'a file the interrupted fast-forward changes, edited since, is named and kept' '
	notebook -C a log acme-corp -k call --date 2026-11-16 -m "Another note from a." >/dev/null &&
	notebook -C a sync >/dev/null &&
	f=journal/2026/11/2026-11-16-acme-corp-call.md &&
	head=$(git -C b rev-parse HEAD) &&
	killed_at "$TRASH/b/$f" write b &&
	echo "my own words" >b/$f &&
	test_must_fail --status=4 notebook -C b sync 2>err &&
	echo "notebook: '"'"'$TRASH/b/$f'"'"' changed since the sync that was interrupted while it fast-forwarded; keep a copy, put it back with '"'"'git checkout -- $f'"'"', then run '"'"'notebook sync'"'"' again" >expect &&
	test_cmp expect err &&
	echo "my own words" >expect &&
	test_cmp expect b/$f &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	rm b/$f &&
	notebook -C b sync >/dev/null &&
	git -C remote.git show main:$f >want &&
	test_cmp want b/$f
'

test_expect_success 'killed after one name was split in two entries: --abort leaves no duplicate behind' '
	notebook -C a log acme-corp -k call --date 2026-11-15 -m "From a, same name." >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b log acme-corp -k call --date 2026-11-15 -m "From b, same name." >/dev/null &&
	f=journal/2026/11/2026-11-15-acme-corp-call.md &&
	cp b/$f ours &&
	killed_at "$TRASH/b/${f%.md}-2.md" openat b &&
	grep -x "renamed	${f%.md}-2.md	$f" b/.git/notebook-sync &&
	test_cmp ours b/${f%.md}-2.md &&
	notebook -C b sync --abort >/dev/null &&
	test ! -f b/${f%.md}-2.md &&
	test_cmp ours b/$f &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	notebook -C b sync >/dev/null &&
	git -C remote.git show main:${f%.md}-2.md >got &&
	test_cmp ours got &&
	git -C remote.git show main:$f | grep "^From a, same name.$"
'
else
	say "skip: the exact kills need strace"
fi

test_expect_success 'a sync that stopped on conflicts is continued and pushed as before' '
	{ notebook -C a sync >/dev/null 2>&1 || :; } &&
	# What earlier tests left differs with strace: whatever is in progress goes.
	{ notebook -C b sync --abort >/dev/null 2>&1 || :; } &&
	sed -i "s/^tier: .*/tier: key/" a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: occasional/" b/clients/acme-corp.md &&
	notebook -C b commit >/dev/null &&
	test_must_fail --status=5 notebook -C b sync 2>err &&
	grep -x stopped b/.git/notebook-sync &&
	test_must_fail --status=5 notebook -C b sync 2>err &&
	grep "a sync stopped on conflicts" err &&
	sed -i -e "/^<<<<<<< /d" -e "/^=======$/,/^>>>>>>> /d" b/clients/acme-corp.md &&
	notebook -C b sync --continue >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	test ! -f b/.git/notebook-sync &&
	git -C remote.git show main:clients/acme-corp.md | grep "^tier: occasional$"
'

test_expect_success 'a merge git started is not finished by --continue (exit 5), nor synced over' '
	git clone -q remote.git c &&
	sed -i "s/^status: .*/status: paused/" a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	sed -i "s/^status: .*/status: churned/" c/clients/acme-corp.md &&
	git -C c commit -q -am "by hand" &&
	test_must_fail git -C c pull -q --no-rebase --no-edit origin main >/dev/null 2>&1 &&
	test -f c/.git/MERGE_HEAD &&
	remote=$(git -C remote.git rev-parse main) &&
	echo "notebook: a merge is in progress that no sync stopped on (git merge or git pull started it, or a sync of an older notebook was interrupted); finish it with git ('"'"'git commit'"'"'), or undo it with '"'"'notebook sync --abort'"'"'" >expect &&
	test_must_fail --status=5 notebook -C c sync --continue 2>err &&
	test_cmp expect err &&
	test_must_fail --status=5 notebook -C c sync 2>err &&
	test_cmp expect err &&
	test "$(git -C remote.git rev-parse main)" = "$remote" &&
	notebook -C c sync --abort >/dev/null &&
	test ! -f c/.git/MERGE_HEAD
'

test_expect_success 'a stale lock on the local remote'"'"'s branch is named as stale after the tries' '
	notebook -C b sync >/dev/null &&
	: >remote.git/refs/heads/main.lock &&
	touch -d "2026-11-20 09:00:00" remote.git/refs/heads/main.lock &&
	notebook -C b log acme-corp -k note -m "Blocked." >/dev/null &&
	ours=$(git -C b rev-parse HEAD) &&
	test_must_fail --status=4 notebook -C b sync >out 2>err &&
	test "$(grep -c "^notebook: .origin. refused the push of main (another push is moving the remote.s branch); fetching again$" err)" = 2 &&
	tail -n 1 err >got &&
	echo "notebook: '"'"'origin'"'"' refused the push 3 times: the remote'"'"'s branch is locked by '"'"'$TRASH/remote.git/refs/heads/main.lock'"'"', made at 2026-11-20 09:00:00, before this sync started: it is stale, left by a push that was killed; if no push to '"'"'origin'"'"' is running, remove that file and run '"'"'notebook sync'"'"' again; the commits stay here" >expect &&
	test_cmp expect got &&
	test "$(git -C b rev-parse HEAD)" = "$ours" &&
	rm remote.git/refs/heads/main.lock &&
	notebook -C b sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out
'

test_expect_success 'a lock made after the sync started is another push'"'"'s, not called stale' '
	: >remote.git/refs/heads/main.lock &&
	touch -d "2099-01-01 00:00:00" remote.git/refs/heads/main.lock &&
	notebook -C b log acme-corp -k note --date 2026-11-19 -m "Blocked again." >/dev/null &&
	test_must_fail --status=4 notebook -C b sync 2>err &&
	tail -n 1 err >got &&
	echo "notebook: '"'"'origin'"'"' refused the push 3 times: the remote'"'"'s branch is locked by '"'"'$TRASH/remote.git/refs/heads/main.lock'"'"', made at 2099-01-01 00:00:00 by another push; run '"'"'notebook sync'"'"' again later; the commits stay here" >expect &&
	test_cmp expect got &&
	rm remote.git/refs/heads/main.lock &&
	notebook -C b sync >/dev/null
'

test_expect_success 'remote: in notebook.yaml never redirects the push, even to a remote the user has' '
	git init -q --bare public.git &&
	git clone -q remote.git v &&
	git -C v remote add public ../public.git &&
	sed -i "/^remote:/d" a/notebook.yaml &&
	echo "remote: public" >>a/notebook.yaml &&
	notebook -C a sync --commit >/dev/null 2>&1 &&
	git -C remote.git show main:notebook.yaml | grep -x "remote: public" &&
	notebook -C v sync >out 2>err &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out &&
	notebook -C v log acme-corp -k note --date 2026-11-18 -m "Private." >/dev/null &&
	notebook -C v sync >out 2>err &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	echo "notebook: warning: '"'"'remote: public'"'"' in v/notebook.yaml is ignored (sync goes to '"'"'origin'"'"', the branch'"'"'s upstream or the remote named on the command line); delete that line" >expect &&
	test_cmp expect err &&
	git -C public.git for-each-ref >refs &&
	test_must_be_empty refs &&
	test "$(git -C public.git count-objects -v | sed -n "s/^count: //p")" = 0 &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C v rev-parse HEAD)"
'

test_expect_success 'with no upstream yet, the first sync goes to origin, not to the notebook'"'"'s remote' '
	git init -q --bare fresh.git &&
	notebook init w >/dev/null &&
	sed -i "/^remote:/d" w/notebook.yaml &&
	echo "remote: public" >>w/notebook.yaml &&
	git -C w commit -q -am "remote: public" &&
	git -C w remote add public ../public.git &&
	git -C w remote add origin ../fresh.git &&
	notebook -C w sync >out 2>/dev/null &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	git -C public.git for-each-ref >refs &&
	test_must_be_empty refs &&
	test "$(git -C w rev-parse --abbrev-ref main@{upstream})" = origin/main
'

test_expect_success 'a remote named on the command line is synced once; the upstream stays' '
	notebook -C w sync public >out 2>/dev/null &&
	echo "pushed main to public" >expect &&
	test_cmp expect out &&
	test "$(git -C public.git rev-parse main)" = "$(git -C w rev-parse HEAD)" &&
	test "$(git -C w rev-parse --abbrev-ref main@{upstream})" = origin/main
'

test_expect_success 'sync takes a path from the current directory or a file:// URL' '
	git init -q --bare byurl.git &&
	notebook init u >/dev/null &&
	notebook -C u new "Initech" >/dev/null &&
	(cd u && notebook sync ../byurl.git) >out &&
	echo "pushed main to '"'"'../byurl.git'"'"'" >expect &&
	test_cmp expect out &&
	test "$(git -C byurl.git rev-parse main)" = "$(git -C u rev-parse HEAD)" &&
	! git -C u rev-parse --abbrev-ref main@{upstream} 2>/dev/null &&
	notebook -C u sync "file://$TRASH/byurl.git" >out &&
	echo "up to date with main of '"'"'file://$TRASH/byurl.git'"'"'" >expect &&
	test_cmp expect out &&
	git clone -q byurl.git u2 &&
	notebook -C u2 log initech -k call -m "Remote side." >/dev/null &&
	notebook -C u2 sync >/dev/null &&
	notebook -C u log initech -k email -m "Local side." >/dev/null &&
	notebook -C u sync "file://$TRASH/byurl.git" >out &&
	printf "merged main of '"'"'file://%s/byurl.git'"'"'\nbrought 1 entry: initech: 1 by A Tester\npushed main to '"'"'file://%s/byurl.git'"'"'\n" "$TRASH" "$TRASH" >expect &&
	test_cmp expect out &&
	test "$(git -C byurl.git rev-parse main)" = "$(git -C u rev-parse HEAD)" &&
	test "$(git -C u log -1 --format=%s)" = "sync: merge main of '"'"'file://$TRASH/byurl.git'"'"'" &&
	git -C byurl.git ls-tree -r --name-only main >files &&
	grep -c "^journal/2026/11/2026-11-20-initech-" files >count &&
	echo 2 >expect &&
	test_cmp expect count &&
	git -C byurl.git fsck --strict &&
	test_must_fail --status=4 notebook -C u sync ./nowhere.git 2>err &&
	echo "notebook: cannot sync with '"'"'./nowhere.git'"'"': No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success 'a second --install-driver says it was installed already' '
	notebook -C u sync --install-driver >out &&
	echo "installed the merge driver for client files and entries in this repository" >expect &&
	test_cmp expect out &&
	cp u/.git/info/attributes before &&
	notebook -C u sync --install-driver >out &&
	echo "the merge driver is already installed in this repository; nothing changed" >expect &&
	test_cmp expect out &&
	test_cmp before u/.git/info/attributes
'

test_done
