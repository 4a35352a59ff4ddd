#!/bin/sh
# Writing commands in a linked work tree (`git worktree add`, issue #11):
# its git directory (.git/worktrees/NAME) holds its own HEAD and index,
# the common directory the objects, branches and hooks. Every writing
# command commits on the linked tree's branch and updates its index; the
# main work tree's branch, index and files are left alone.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a notebook and a second work tree on its own branch' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	git worktree add -q ../wt2 -b two &&
	test -f ../wt2/.git
'

# main_untouched: the main work tree is as setup left it.
main_untouched() {
	git -C "$TRASH/nb" log --format=%s main >"$TRASH/main.log" &&
	printf "new: acme-corp\ninit: notebook\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/main.log" &&
	git -C "$TRASH/nb" status --porcelain >"$TRASH/main.st" &&
	test_must_be_empty "$TRASH/main.st"
}

test_expect_success 'log, new, done, snooze, edit and commit in the linked work tree' '
	cd wt2 &&
	notebook log acme-corp -m "From the second tree." --promise "Send the plan due:2026-11-30" >../out &&
	printf "log: acme-corp call 2026-11-20\njournal/2026/11/2026-11-20-acme-corp-call.md\n" >../expect &&
	test_cmp ../expect ../out &&
	notebook new "Globex" >/dev/null &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	notebook snooze globex 2w >/dev/null &&
	EDITOR="sed -i s/^tier:.*/tier:\ key/" notebook edit globex >/dev/null &&
	printf "\nMet at the fair.\n" >>clients/acme-corp.md &&
	notebook commit >/dev/null &&
	git log --format=%s two >../log &&
	cat >../expect <<-\EOT &&
	acme-corp: notes edited
	edit: globex
	snooze: globex until 2026-12-04
	done: acme-corp: Send the plan
	new: globex
	log: acme-corp call 2026-11-20
	new: acme-corp
	init: notebook
	EOT
	test_cmp ../expect ../log &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git ls-files -s clients/globex.md | cut -d" " -f2 >../id &&
	git rev-parse HEAD:clients/globex.md >../expect &&
	test_cmp ../expect ../id &&
	git fsck --strict &&
	main_untouched
'

test_expect_success 'read commands in the linked work tree' '
	cd wt2 &&
	notebook status --all >../out &&
	grep "^ok *globex *Globex " ../out &&
	notebook show globex >../out &&
	grep "2026-12-04" ../out &&
	notebook check
'

test_expect_success 'hook install: the hook goes where git runs it from (the common directory)' '
	cd wt2 &&
	notebook hook install >../out &&
	printf "installed %s\ninstalled %s\n" "$TRASH/nb/.git/hooks/pre-commit" \
		"$TRASH/nb/.git/hooks/pre-merge-commit" >../expect &&
	test_cmp ../expect ../out &&
	sed -i "2i nmae: typo" clients/globex.md &&
	git add clients/globex.md &&
	test_must_fail git commit -q -m "bad" 2>../err &&
	grep "unknown key" ../err &&
	git checkout -q HEAD -- clients/globex.md
'

test_expect_success 'the main work tree still writes, on its own branch' '
	cd nb &&
	notebook log acme-corp -m "From the main tree." >/dev/null &&
	git log --format=%s -1 main >../out &&
	echo "log: acme-corp call 2026-11-20" >../expect &&
	test_cmp ../expect ../out &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git -C ../wt2 status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_done
