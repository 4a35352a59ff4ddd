#!/bin/sh
# sync in a team (issue 18 points 1, 3 and 7): what came in is said
# (entries per client and by whom, new clients, owners changed) and
# checked, a fast-forward included (broken files named with the commit and
# author, exit 1), and status names the client it leaves out; --dry-run
# says the same first; a file deleted on one
# side and changed on the other is named as such, and --continue waits for
# the user to keep it (git add) or delete it (git rm).
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

test_expect_success 'setup: a remote, two clones' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --owner "A Tester" >/dev/null &&
	notebook -C a new "Initech" --owner Ben >/dev/null &&
	notebook -C a new "Globex" --owner Ben >/dev/null &&
	two_clones
'

test_expect_success 'a fast-forward says what it brought, and by whom' '
	as Ben notebook -C a log acme-corp -m "Call." >/dev/null &&
	as Ben notebook -C a log initech -k email -m "Mail." >/dev/null &&
	as Chloe notebook -C a log acme-corp -k meeting -m "Met." >/dev/null &&
	as Ben notebook -C a new "Bluth Group" --owner Ben >/dev/null &&
	as Ben notebook -C a new "Wayne" --owner "A Tester" >/dev/null &&
	sed -i "s/^owner: .*/owner: A Tester/" a/clients/globex.md &&
	sed -i "s/^owner: .*/owner: Chloe/" a/clients/initech.md &&
	as Ben notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync --dry-run >out &&
	cat >expect <<-\EOF &&
	origin/main: remote commits to fast-forward to
	would bring 3 entries: acme-corp: 1 by Ben, 1 by Chloe; initech: 1 by Ben
	new clients: wayne (yours), bluth-group (Ben'"'"'s)
	owners changed: globex (now yours, was Ben'"'"'s), initech (now Chloe'"'"'s, was Ben'"'"'s)
	EOF
	test_cmp expect out &&
	test "$(git -C b rev-parse HEAD)" != "$(git -C remote.git rev-parse main)" &&
	notebook -C b sync >out &&
	sed "1s/.*/fast-forwarded to origin\/main/; 2s/would bring/brought/" expect >expect2 &&
	test_cmp expect2 out
'

test_expect_success 'a broken file that comes in by fast-forward is named, with its commit and author (exit 1)' '
	sed -i "s/^tier: .*/tier: kye/" a/clients/initech.md &&
	as Ben git -C a commit -q -am "initech: tier" &&
	notebook -C a sync >/dev/null &&
	id=$(git -C a rev-parse --short=7 HEAD) &&
	notebook -C b sync --dry-run >out 2>err &&
	grep "^b/clients/initech.md:4:7: error: .tier. must be one of" err &&
	grep "^notebook: .b/clients/initech.md. came in broken (last changed in $id by Ben) on the remote$" err &&
	test_status 1 notebook -C b sync >out 2>err &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out &&
	grep "^b/clients/initech.md:4:7: error: .tier. must be one of" err &&
	grep "^notebook: .b/clients/initech.md. came in broken (last changed in $id by Ben)$" err &&
	grep "^notebook: files that came in do not validate (above)" err &&
	test "$(git -C b rev-parse HEAD)" = "$(git -C remote.git rev-parse main)" &&
	{ notebook -C b status >/dev/null 2>err || :; } &&
	grep "^notebook: client .initech. is left out until .b/clients/initech.md. is fixed$" err
'

test_expect_success 'fixed and synced, the next sync is quiet again' '
	sed -i "s/^tier: .*/tier: key/" b/clients/initech.md &&
	notebook -C b commit >/dev/null &&
	notebook -C b sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	notebook -C a sync >out &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out
'

test_expect_success 'deleted there, changed here: said, and --continue waits for a choice' '
	as Ben git -C a rm -q clients/globex.md &&
	as Ben git -C a commit -q -m "globex gone" &&
	notebook -C a sync >/dev/null &&
	id=$(git -C a rev-parse --short=7 HEAD) &&
	notebook -C b snooze globex 2w >/dev/null &&
	test_status 5 notebook -C b sync >out 2>err &&
	cat >expect <<-EOF &&
	conflict: b/clients/globex.md: deleted on origin/main (in $id by Ben), changed here
	notebook: sync stopped: a file deleted on one side was changed on the other; keep each with '"'"'git add FILE'"'"' or delete it with '"'"'git rm FILE'"'"', then run '"'"'notebook sync --continue'"'"' (or '"'"'notebook sync --abort'"'"' to undo the merge)
	EOF
	test_cmp expect err &&
	! grep "<<<<<<<" b/clients/globex.md &&
	test_status 5 notebook -C b sync --continue >out 2>err &&
	grep "^notebook: keep it with .git add b/clients/globex.md., or delete it with .git rm b/clients/globex.md.$" err &&
	test -f b/.git/MERGE_HEAD
'

test_expect_success 'kept with git add: --continue merges and pushes the client' '
	git -C b add clients/globex.md &&
	notebook -C b sync --continue >out &&
	grep "^merged origin/main$" out &&
	grep "^pushed main to origin$" out &&
	git -C remote.git cat-file -e main:clients/globex.md &&
	git -C b fsck --strict
'

test_expect_success 'deleted here, changed there: git rm takes the delete' '
	notebook -C a sync >/dev/null &&
	as Ben notebook -C a snooze wayne 2w >/dev/null &&
	notebook -C a sync >/dev/null &&
	git -C b rm -q clients/wayne.md &&
	git -C b commit -q -m "wayne gone" &&
	test_status 5 notebook -C b sync 2>err &&
	grep "^conflict: b/clients/wayne.md: deleted here, changed on origin/main (in $(git -C a rev-parse --short=7 HEAD) by Ben)$" err &&
	git -C b rm -q clients/wayne.md &&
	notebook -C b sync --continue >out &&
	! git -C remote.git cat-file -e main:clients/wayne.md 2>/dev/null &&
	notebook -C b check
'

test_done
