#!/bin/sh
# notebook sync over local paths: a first push to an empty bare remote,
# fast-forward, a merge commit with client files merged by key, conflicts
# (--continue, --abort), hand edits (--commit), and git's own merges
# through the merge driver.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

# clone NAME: a clone of remote.git with the merge driver installed.
clone() {
	git clone -q remote.git "$1" &&
	notebook -C "$1" sync --install-driver >/dev/null
}

# labels DIR: the conflict markers' lines a stopped sync in DIR writes, in
# $lo and $lt: the user on this machine and the remote's author, with the
# short ids of the two commits.
labels() {
	lo="<<<<<<< A Tester on $(uname -n) ($(git -C "$1" rev-parse HEAD | cut -c1-7))" &&
	lt=">>>>>>> A Tester, origin/main ($(git -C "$1" rev-parse MERGE_HEAD | cut -c1-7))"
}

# set_key DIR KEY VALUE: changes a top-level key of acme-corp by hand and commits it.
set_key() {
	sed -i "s/^$2: .*/$2: $3/" "$1/clients/acme-corp.md" &&
	notebook -C "$1" commit >/dev/null
}

test_expect_success 'a first sync pushes to an empty bare remote and sets the upstream' '
	git init -q --bare remote.git &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin ../remote.git &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	test "$(git -C a rev-parse --abbrev-ref main@{upstream})" = origin/main &&
	git -C remote.git fsck --strict
'

test_expect_success 'up to date' '
	notebook -C a sync >out &&
	echo "up to date with origin/main" >expect &&
	test_cmp expect out
'

test_expect_success '--dry-run says what would happen and changes nothing' '
	clone b &&
	set_key b tier regular &&
	notebook -C a sync --dry-run >out &&
	echo "origin/main: up to date" >expect &&
	test_cmp expect out &&
	notebook -C b sync --dry-run >out &&
	echo "origin/main: local commits to push" >expect &&
	test_cmp expect out &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)"
'

test_expect_success 'fast-forward' '
	notebook -C b sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	notebook -C a sync >out &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out &&
	grep "^tier: regular$" a/clients/acme-corp.md &&
	git -C a status --porcelain >out &&
	test_must_be_empty out
'

test_expect_success 'different keys of one client on two sides: a clean merge commit, pushed' '
	set_key a status paused &&
	set_key b fit questionable &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	git -C b log -1 --format="%s %p" >out &&
	test "$(git -C b log -1 --format=%s)" = "sync: merge origin/main" &&
	test "$(git -C b rev-list --parents -1 HEAD | wc -w)" = 3 &&
	git -C b show HEAD:clients/acme-corp.md >merged &&
	grep "^status: paused$" merged &&
	grep "^fit: questionable$" merged &&
	git -C b status --porcelain >out &&
	test_must_be_empty out &&
	git -C b fsck --strict &&
	git -C remote.git fsck --strict &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C b rev-parse HEAD)" &&
	notebook -C a sync >/dev/null &&
	test_cmp merged a/clients/acme-corp.md
'

test_expect_success 'the same key changed two ways: exit 5, markers, the file named' '
	set_key a tier occasional &&
	set_key b tier key &&
	notebook -C a sync >/dev/null &&
	before=$(git -C b rev-parse HEAD) &&
	test_must_fail --status=5 notebook -C b sync >out 2>err &&
	grep "^conflict: clients/acme-corp.md$" err &&
	grep "notebook sync --continue" err &&
	labels b &&
	test "$(git -C b rev-parse MERGE_HEAD)" = "$(git -C remote.git rev-parse main)" &&
	sed -n "/^<<<<<<< /,/^>>>>>>> /p" b/clients/acme-corp.md >got &&
	printf "%s\ntier: key\n=======\ntier: occasional\n%s\n" "$lo" "$lt" >expect &&
	test_cmp expect got &&
	grep -c "^<<<<<<<" b/clients/acme-corp.md >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	test_must_fail --status=1 notebook -C b check >/dev/null 2>&1 &&
	test_must_fail --status=5 notebook -C b sync 2>err &&
	grep "notebook sync --abort" err &&
	test "$(git -C b rev-parse HEAD)" = "$before"
'

test_expect_success '--continue refuses while markers are left' '
	test_must_fail --status=1 notebook -C b sync --continue 2>err &&
	grep "clients/acme-corp.md:.*conflict marker" err &&
	test -f b/.git/MERGE_HEAD
'

test_expect_success '--abort returns to where the sync started' '
	before=$(git -C b rev-parse HEAD) &&
	notebook -C b sync --abort >out &&
	grep "^tier: key$" b/clients/acme-corp.md &&
	! grep "^<<<<<<<" b/clients/acme-corp.md &&
	test ! -f b/.git/MERGE_HEAD &&
	test "$(git -C b rev-parse HEAD)" = "$before" &&
	git -C b status --porcelain >out &&
	test_must_be_empty out &&
	test_must_fail --status=1 notebook -C b sync --abort 2>err &&
	grep "no sync is stopped" err
'

test_expect_success 'fixed by hand, --continue commits the merge and pushes' '
	test_must_fail --status=5 notebook -C b sync >/dev/null 2>&1 &&
	sed -i -e "/^<<<<<<< /d" -e "/^=======$/,/^>>>>>>> /d" b/clients/acme-corp.md &&
	grep "^tier: key$" b/clients/acme-corp.md &&
	notebook -C b sync --continue >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	test "$(git -C b rev-list --parents -1 HEAD | wc -w)" = 3 &&
	git -C b status --porcelain >out &&
	test_must_be_empty out &&
	git -C b fsck --strict &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C b rev-parse HEAD)" &&
	notebook -C a sync >/dev/null &&
	grep "^tier: key$" a/clients/acme-corp.md
'

test_expect_success 'uncommitted hand edits stop sync; --commit commits them first' '
	sed -i "s/^fit: .*/fit: poor/" a/clients/acme-corp.md &&
	test_must_fail --status=1 notebook -C a sync >out 2>err &&
	grep "^notebook: uncommitted change to .a/clients/acme-corp.md.$" err &&
	grep "notebook sync --commit" err &&
	notebook -C a sync --commit >out &&
	grep "^pushed main to origin$" out &&
	test "$(git -C remote.git show main:clients/acme-corp.md | grep "^fit:")" = "fit: poor"
'

test_expect_success 'two clones log to one client, synced in either order: every entry, no conflict (one name twice: ours becomes -2)' '
	notebook -C b sync >/dev/null &&
	notebook -C a log acme-corp -k call -m "From a." >/dev/null &&
	notebook -C b log acme-corp -k email -m "From b." >/dev/null &&
	notebook -C b sync >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	for d in a b; do
		git -C $d ls-files journal >$d.list || return 1
	done &&
	test_cmp a.list b.list &&
	test "$(grep -c "acme-corp-" a.list)" = 2 &&
	notebook -C a log acme-corp -k note -m "Second from a." >/dev/null &&
	notebook -C b log acme-corp -k note -m "Second from b." >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	notebook -C a sync >/dev/null &&
	git -C a ls-files journal >a.list &&
	git -C b ls-files journal >b.list &&
	test_cmp a.list b.list &&
	test "$(git -C remote.git ls-tree -r --name-only main journal | grep -c "acme-corp-")" = 4 &&
	grep "journal/2026/11/2026-11-20-acme-corp-note-2.md" a.list &&
	git -C a fsck --strict && git -C b fsck --strict && git -C remote.git fsck --strict
'

test_expect_success 'one name twice: ours is renamed, so a promise ticked on the remote'"'"'s entry merges cleanly' '
	notebook -C b sync >/dev/null &&
	notebook -C b log acme-corp -k meeting --date 2026-11-19 -m "From b." \
		--promise "Send the plan due:2026-12-01" >/dev/null &&
	notebook -C b sync >/dev/null &&
	notebook -C a log acme-corp -k meeting --date 2026-11-19 -m "From a." >/dev/null &&
	notebook -C a sync >out &&
	cat >expect <<-\EOF &&
	renamed journal/2026/11/2026-11-19-acme-corp-meeting.md to journal/2026/11/2026-11-19-acme-corp-meeting-2.md: the remote has an entry of that name
	merged origin/main
	brought 1 entry: acme-corp: 1 by A Tester
	pushed main to origin
	EOF
	test_cmp expect out &&
	notebook -C b done acme-corp "Send the plan" >/dev/null &&
	notebook -C b sync >out &&
	printf "merged origin/main\nbrought 1 entry: acme-corp: 1 by A Tester\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	grep "^From b.$" b/journal/2026/11/2026-11-19-acme-corp-meeting.md &&
	grep "^- \[x\] Send the plan due:2026-12-01 done:2026-11-20$" b/journal/2026/11/2026-11-19-acme-corp-meeting.md &&
	grep "^From a.$" b/journal/2026/11/2026-11-19-acme-corp-meeting-2.md &&
	notebook -C a sync >/dev/null &&
	test "$(git -C a rev-parse HEAD^{tree})" = "$(git -C b rev-parse HEAD^{tree})" &&
	git -C a status --porcelain >out &&
	test_must_be_empty out &&
	git -C a fsck --strict && git -C b fsck --strict && git -C remote.git fsck --strict
'

test_expect_success 'one key added on both sides at different places: a conflict, never a duplicate key' '
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null &&
	! grep "^owner:" a/clients/acme-corp.md &&
	sed -i -e "2,/^---$/{/^---$/i\\" -e "owner: sam" -e "}" a/clients/acme-corp.md &&
	sed -i "s/^name: .*/&\nowner: kim/" b/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook -C b commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	test_must_fail --status=5 notebook -C b sync >out 2>err &&
	grep "^conflict: clients/acme-corp.md$" err &&
	labels b &&
	sed -n "/^<<<<<<< /,/^>>>>>>> /p" b/clients/acme-corp.md >got &&
	printf "%s\nowner: kim\n=======\nowner: sam\n%s\n" "$lo" "$lt" >expect &&
	test_cmp expect got &&
	test "$(grep -c "owner" b/clients/acme-corp.md)" = 2 &&
	sed -i -e "/^<<<<<<< /d" -e "/^=======$/,/^>>>>>>> /d" b/clients/acme-corp.md &&
	notebook -C b sync --continue >/dev/null &&
	notebook -C a sync >/dev/null &&
	test "$(grep -c "^owner: kim$" a/clients/acme-corp.md)" = 1 &&
	! grep "^owner: sam$" a/clients/acme-corp.md &&
	notebook -C a check
'

test_expect_success 'the merge driver: git pull merges different keys of one client cleanly' '
	clone c &&
	clone d &&
	set_key c status active &&
	set_key d tier regular &&
	git -C c push -q origin main &&
	git -C d pull -q --no-rebase --no-edit origin main &&
	grep "^status: active$" d/clients/acme-corp.md &&
	grep "^tier: regular$" d/clients/acme-corp.md &&
	git -C d status --porcelain >out &&
	test_must_be_empty out &&
	git -C d fsck --strict
'

test_expect_success 'the merge driver: the same key two ways leaves markers, git pull fails' '
	git -C d push -q origin main &&
	git -C c pull -q --no-rebase --no-edit origin main &&
	set_key c trust strained &&
	set_key d trust repairing &&
	git -C c push -q origin main &&
	test_must_fail git -C d pull -q --no-rebase --no-edit origin main >/dev/null 2>&1 &&
	sed -n "/^<<<<<<< /,/^>>>>>>> /p" d/clients/acme-corp.md >got &&
	printf "<<<<<<< A Tester on %s (%s)\ntrust: repairing\n=======\ntrust: strained\n>>>>>>> A Tester (%s)\n" \
		"$(uname -n)" "$(git -C d rev-parse HEAD | cut -c1-7)" "$(git -C d rev-parse MERGE_HEAD | cut -c1-7)" >expect &&
	test_cmp expect got
'

test_expect_success 'merge-driver by hand: exit 0 clean, 1 on conflict, the result in OURS' '
	printf -- "---\nname: A\ntier: key\n---\nx\n" >base &&
	printf -- "---\nname: B\ntier: key\n---\nx\n" >ours &&
	printf -- "---\nname: A\ntier: regular\n---\nx\n" >theirs &&
	notebook merge-driver base ours theirs clients/a.md &&
	printf -- "---\nname: B\ntier: regular\n---\nx\n" >expect &&
	test_cmp expect ours &&
	printf -- "---\nname: C\ntier: key\n---\nx\n" >theirs &&
	test_must_fail --status=1 notebook merge-driver base ours theirs clients/a.md 2>err &&
	printf -- "---\n<<<<<<< this machine\nname: B\n=======\nname: C\n>>>>>>> the other side\ntier: regular\n---\nx\n" >expect &&
	test_cmp expect ours &&
	test_must_fail --status=2 notebook merge-driver base ours
'

test_expect_success 'git pull with the driver and notebook sync merge different keys into the same file' '
	git clone -q --bare remote.git twin.git &&
	git clone -q remote.git s1 && git clone -q remote.git s2 &&
	git clone -q twin.git p1 && git clone -q twin.git p2 &&
	notebook -C p2 sync --install-driver >/dev/null &&
	for d in s1 p1; do
		sed -i "s/^status: .*/status: prospect/" $d/clients/acme-corp.md &&
		notebook -C $d commit >/dev/null || return 1
	done &&
	for d in s2 p2; do
		sed -i -e "s/^tier: .*/tier: occasional/" -e "s/^fit: .*/fit: good/" \
			$d/clients/acme-corp.md &&
		notebook -C $d commit >/dev/null || return 1
	done &&
	notebook -C s1 sync >/dev/null &&
	notebook -C s2 sync >/dev/null &&
	git -C p1 push -q origin main &&
	git -C p2 pull -q --no-rebase --no-edit origin main &&
	grep "^status: prospect$" s2/clients/acme-corp.md &&
	grep "^tier: occasional$" s2/clients/acme-corp.md &&
	test_cmp s2/clients/acme-corp.md p2/clients/acme-corp.md &&
	test "$(git -C s2 rev-parse HEAD^{tree})" = "$(git -C p2 rev-parse HEAD^{tree})" &&
	git -C p2 status --porcelain >out &&
	test_must_be_empty out &&
	git -C p2 fsck --strict
'

test_expect_success 'a merge that does not validate is neither committed nor pushed; --continue commits the file restored by hand' '
	git clone -q remote.git v1 &&
	notebook -C v1 new Globex >/dev/null &&
	notebook -C v1 sync >/dev/null &&
	git clone -q remote.git v2 &&
	rm v1/clients/globex.md &&
	notebook -C v1 commit >/dev/null &&
	notebook -C v2 log globex -m "Hello." >/dev/null &&
	notebook -C v2 sync >/dev/null &&
	before=$(git -C v1 rev-parse HEAD) &&
	remote=$(git -C remote.git rev-parse main) &&
	test_must_fail --status=1 notebook -C v1 sync >out 2>err &&
	grep "error: no client .globex." err &&
	grep "the merge is not valid" err &&
	test "$(git -C v1 rev-parse HEAD)" = "$before" &&
	test "$(git -C remote.git rev-parse main)" = "$remote" &&
	test -f v1/.git/MERGE_HEAD &&
	git -C v1 show "$remote:clients/globex.md" >v1/clients/globex.md &&
	notebook -C v1 sync --continue >out &&
	printf "merged origin/main\nbrought 1 entry: globex: 1 by A Tester\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	git -C v1 ls-tree --name-only HEAD clients/ >tree &&
	grep "^clients/globex.md$" tree &&
	git -C v1 status --porcelain >out &&
	test_must_be_empty out &&
	git clone -q remote.git v3 &&
	notebook -C v3 check &&
	git -C v1 fsck --strict && git -C remote.git fsck --strict
'

test_expect_success 'two promises of one entry ticked on two clones: both ticks, no conflict' '
	git clone -q remote.git w1 &&
	notebook -C w1 log acme-corp -k meeting --date 2026-11-17 -m "Planning." \
		--promise "Send deck due:2026-12-01" --promise "Call back due:2026-12-02" >/dev/null &&
	notebook -C w1 sync >/dev/null &&
	git clone -q remote.git w2 &&
	notebook -C w1 done acme-corp "Send deck" >/dev/null &&
	notebook -C w2 done acme-corp "Call back" >/dev/null &&
	notebook -C w1 sync >/dev/null &&
	notebook -C w2 sync >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	f=w2/journal/2026/11/2026-11-17-acme-corp-meeting.md &&
	grep "^- \[x\] Send deck due:2026-12-01 done:2026-11-20$" $f &&
	grep "^- \[x\] Call back due:2026-12-02 done:2026-11-20$" $f &&
	git -C w2 status --porcelain >out &&
	test_must_be_empty out &&
	git -C w2 fsck --strict
'

test_expect_success 'a promise ticked on one clone and its line edited on the other: a conflict, with markers' '
	notebook -C w1 sync >/dev/null &&
	notebook -C w1 log acme-corp -k meeting --date 2026-11-16 -m "Review." \
		--promise "Draft terms due:2026-12-03" >/dev/null &&
	notebook -C w1 sync >/dev/null &&
	notebook -C w2 sync >/dev/null &&
	f=journal/2026/11/2026-11-16-acme-corp-meeting.md &&
	notebook -C w1 done acme-corp "Draft terms" >/dev/null &&
	sed -i "s/^- \[ \] Draft terms due:2026-12-03$/- [ ] Draft terms due:2026-12-10/" w2/$f &&
	notebook -C w2 commit >/dev/null &&
	notebook -C w1 sync >/dev/null &&
	test_must_fail --status=5 notebook -C w2 sync 2>err &&
	grep "^conflict: $f$" err &&
	labels w2 &&
	sed -n "/^<<<<<<< /,/^>>>>>>> /p" w2/$f >got &&
	printf "%s\n- [ ] Draft terms due:2026-12-10\n=======\n- [x] Draft terms due:2026-12-03 done:2026-11-20\n%s\n" "$lo" "$lt" >expect &&
	test_cmp expect got &&
	notebook -C w2 sync --abort >/dev/null
'

test_expect_success 'sync names a missing remote' '
	git init -q lone &&
	notebook init lone >/dev/null &&
	test_must_fail --status=4 notebook -C lone sync 2>err &&
	echo "notebook: no remote to sync with: the branch has no upstream and there is no '"'"'origin'"'"'; name one with '"'"'notebook sync REMOTE'"'"' (a remote, a path or a URL), or add one with '"'"'git remote add origin URL'"'"'" >expect &&
	test_cmp expect err &&
	test_must_fail --status=4 notebook -C lone sync backup 2>err &&
	echo "notebook: no remote '"'"'backup'"'"'; name a remote ('"'"'git remote'"'"' lists them), give a path or URL, or add it with '"'"'git remote add backup URL'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'git pull with the driver: two promises of one entry ticked on two clones merge too' '
	git clone -q remote.git g1 &&
	notebook -C g1 log acme-corp -k meeting --date 2026-11-18 -m "Review." \
		--promise "Send notes due:2026-12-03" --promise "Book room due:2026-12-04" >/dev/null &&
	notebook -C g1 sync >/dev/null &&
	clone g2 &&
	grep -x "/journal/\*\*/\*\.md merge=notebook" g2/.git/info/attributes &&
	notebook -C g1 done acme-corp "Send notes" >/dev/null &&
	notebook -C g2 done acme-corp "Book room" >/dev/null &&
	notebook -C g1 sync >/dev/null &&
	git -C g2 pull -q --no-rebase --no-edit origin main &&
	f=g2/journal/2026/11/2026-11-18-acme-corp-meeting.md &&
	grep "^- \[x\] Send notes due:2026-12-03 done:2026-11-20$" $f &&
	grep "^- \[x\] Book room due:2026-12-04 done:2026-11-20$" $f &&
	git -C g2 status --porcelain >out &&
	test_must_be_empty out &&
	notebook -C g2 check &&
	git -C g2 fsck --strict
'

test_expect_success 'installing the driver twice adds nothing' '
	cp g2/.git/info/attributes before &&
	notebook -C g2 sync --install-driver >/dev/null &&
	test_cmp before g2/.git/info/attributes
'

test_done
