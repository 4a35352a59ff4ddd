#!/bin/sh
# The hooks in a team (issue 18 points 4 and 5): `hook install` installs
# pre-commit and pre-merge-commit; a merge by plain `git pull` that leaves
# an entry naming a removed client is stopped; a teammate's broken file a
# commit does not touch is named and does not stop it; an entry naming a
# client renamed by hand gets the rename and the command that finishes it.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: two clones, one with the hooks installed' '
	git init -q --bare remote.git &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	notebook -C a new "Bluth Group" >/dev/null &&
	notebook -C a new "Initech" >/dev/null &&
	git -C a remote add origin ../remote.git &&
	git -C a push -q -u origin main &&
	git clone -q remote.git b &&
	notebook -C b hook install >out &&
	printf "installed %s\ninstalled %s\n" "$TRASH/b/.git/hooks/pre-commit" \
		"$TRASH/b/.git/hooks/pre-merge-commit" >expect &&
	test_cmp expect out &&
	test -x b/.git/hooks/pre-commit && test -x b/.git/hooks/pre-merge-commit &&
	grep -x "\"\$nb\" -C '"'"'.'"'"' hook run pre-merge-commit && exit 0" b/.git/hooks/pre-merge-commit
'

test_expect_success 'install again replaces its own hooks; a foreign one needs --force' '
	notebook -C b hook install >/dev/null &&
	echo "#!/bin/sh" >b/.git/hooks/pre-merge-commit &&
	test_status 1 notebook -C b hook install 2>err &&
	grep "pre-merge-commit. exists; keep it" err &&
	echo "#!/bin/sh" >expect && test_cmp expect b/.git/hooks/pre-merge-commit &&
	notebook -C b hook install --force >/dev/null &&
	grep -q "hook run pre-merge-commit" b/.git/hooks/pre-merge-commit
'

test_expect_success 'pre-merge-commit: git pull leaving an entry of a removed client is stopped' '
	as Ben git -C a rm -q clients/initech.md &&
	as Ben git -C a commit -q -m "initech gone" &&
	git -C a push -q &&
	as Chloe notebook -C b log initech -m "Call." >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	test_must_fail git -C b pull -q --no-rebase 2>err &&
	grep "^journal/2026/11/2026-11-20-initech-call.md:2:9: error: no client .initech.: there is no clients/initech.md; clients/initech.md was removed in $(git -C a rev-parse --short=7 HEAD) by Ben$" err &&
	grep "^notebook: the pre-merge-commit hook refused the merge commit" err &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	git -C b merge --abort
'

test_expect_success 'a teammate broke a file: a commit not touching it goes ahead, and says so' '
	sed -i "s/^tier: .*/tier: kye/" a/clients/acme-corp.md &&
	as Ben git -C a commit -q --no-verify -am "acme: tier" &&
	git -C a push -q &&
	git -C b reset -q --hard origin/main &&
	git -C b pull -q &&
	echo "More." >>b/clients/bluth-group.md &&
	as Chloe git -C b commit -q -am "bluth notes" 2>err &&
	test "$(git -C b log -1 --format=%s)" = "bluth notes" &&
	grep "^clients/acme-corp.md:4:7: error: .tier. must be one of" err &&
	grep "^notebook: .clients/acme-corp.md. was broken before this commit (last changed in $(git -C a rev-parse --short=7 HEAD) by Ben) and the commit leaves it as it is, so it goes ahead" err
'

test_expect_success 'a commit touching the broken file, or breaking an untouched one, is stopped' '
	head=$(git -C b rev-parse HEAD) &&
	echo "Notes." >>b/clients/acme-corp.md &&
	test_must_fail git -C b commit -q -am "acme notes" 2>err &&
	grep "^clients/acme-corp.md:4:7: error: " err &&
	! grep "goes ahead" err &&
	git -C b checkout -q -- clients/acme-corp.md &&
	as Chloe notebook -C b log bluth-group -m "Call." >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	git -C b rm -q clients/bluth-group.md &&
	test_must_fail git -C b commit -q -m "bluth gone" 2>err &&
	grep "^journal/2026/11/2026-11-20-bluth-group-call.md:2:9: error: no client .bluth-group." err &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	git -C b reset -q --hard
'

test_expect_success 'a merge bringing a teammate'"'"'s broken file goes ahead, and says so' '
	git -C a pull -q &&
	sed -i "s/^tier: .*/tier: key/" a/clients/acme-corp.md &&
	as Ben git -C a commit -q -am "acme: key" &&
	sed -i "s/^tier: .*/tier: gold/" a/clients/bluth-group.md &&
	as Ben git -C a commit -q --no-verify -am "bluth: gold" &&
	git -C a push -q &&
	as Chloe notebook -C b log acme-corp -k email -m "Mail." >/dev/null &&
	git -C b pull -q --no-rebase 2>err &&
	test "$(git -C b rev-list --count --merges HEAD)" = 1 &&
	grep "^notebook: .clients/bluth-group.md. was broken before this commit (last changed in $(git -C a rev-parse --short=7 HEAD) by Ben)" err
'

test_expect_success 'a client renamed by hand: the entries name the rename and the command' '
	git -C b push -q &&
	git -C a pull -q &&
	sed -i "s/^tier: .*/tier: key/" a/clients/bluth-group.md &&
	as Ben git -C a commit -q -am "bluth: key" &&
	git -C a mv clients/acme-corp.md clients/acme-holdings.md &&
	as Ben git -C a commit -q --no-verify -m "acme is acme holdings now" &&
	git -C a push -q &&
	git -C b pull -q &&
	cd b &&
	test_status 1 notebook check 2>../err &&
	id=$(git -C ../a rev-parse --short=7 HEAD) &&
	grep "^journal/2026/11/2026-11-20-acme-corp-email.md:2:9: error: no client .acme-corp.: there is no clients/acme-corp.md; clients/acme-corp.md was renamed by hand to clients/acme-holdings.md in $id by Ben; to rename its entries too, run .mv clients/acme-holdings.md clients/acme-corp.md. and .notebook rename acme-corp acme-holdings.$" ../err &&
	mv clients/acme-holdings.md clients/acme-corp.md &&
	notebook rename acme-corp acme-holdings >/dev/null &&
	notebook check && git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a rename by hand not committed yet says so' '
	cd b && git mv clients/bluth-group.md clients/bluth-holdings.md &&
	test_status 1 notebook check 2>../err &&
	grep "no client .bluth-group.: there is no clients/bluth-group.md; clients/bluth-group.md was renamed by hand to clients/bluth-holdings.md (not committed); to rename its entries too" ../err &&
	test_must_fail git commit -q -m "rename by hand" 2>../err &&
	grep "was renamed by hand to clients/bluth-holdings.md (not committed)" ../err
'

test_expect_success 'usage' '
	test_status 2 notebook -C b hook run &&
	test_status 2 notebook -C b hook run post-commit &&
	test_status 2 notebook -C b hook run pre-commit extra
'

test_done
