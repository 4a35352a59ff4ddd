#!/bin/sh
# Writing commands during an unfinished git operation (issue #11): with a
# plain `git merge` stopped on a conflict (MERGE_HEAD present), a commit of
# one file would be a single-parent commit that drops the merge, and would
# take a hand-resolved conflicted file with it. Every writing command
# refuses, as git refuses a partial commit then, says how to finish or
# abort the merge, and changes nothing; the same for a cherry-pick, a
# revert and `git am`. After the merge is finished they all work.
. "$(dirname "$0")/lib.sh"

# state: what a refused command must leave as it was.
state() {
	git rev-parse HEAD MERGE_HEAD 2>/dev/null
	git status --porcelain --untracked-files=all
	git ls-files -s
	find clients journal notebook.yaml -type f -exec sha1sum {} + | sort
}

merge_msg="notebook: a merge is in progress; finish it ('git commit', or 'notebook sync --continue' after a sync) or abort it ('git merge --abort', or 'notebook sync --abort') first"

# refused MESSAGE NOTEBOOK-ARGS...: exit 4, exactly MESSAGE, nothing changed.
refused() {
	msg=$1
	shift
	state >"$TRASH/before" &&
	test_status 4 notebook "$@" >"$TRASH/out" 2>"$TRASH/err" &&
	echo "$msg" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/err" &&
	test_must_be_empty "$TRASH/out" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
}

test_expect_success 'setup: a plain git merge stopped on a conflict in a client file' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	notebook new "Globex" >/dev/null &&
	notebook log acme-corp -m "Call." --promise "Send the plan due:2026-11-30" >/dev/null &&
	git checkout -q -b other &&
	sed -i "s/^tier: .*/tier: key/" clients/acme-corp.md &&
	git commit -q -am "other: tier key" &&
	git checkout -q main &&
	sed -i "s/^tier: .*/tier: occasional/" clients/acme-corp.md &&
	git commit -q -am "main: tier occasional" &&
	test_must_fail git merge -q other >/dev/null 2>&1 &&
	test -f .git/MERGE_HEAD &&
	sed -i -e "/^<<<<<<<\|^=======\|^>>>>>>>/d" -e "/^tier: occasional/d" clients/acme-corp.md &&
	grep -x "tier: key" clients/acme-corp.md
'

test_expect_success 'log, new, done, snooze, edit and commit refuse during the merge' '
	cd nb &&
	refused "$merge_msg" log acme-corp -m "During the merge." &&
	refused "$merge_msg" log globex -m "During the merge." &&
	refused "$merge_msg" new "Initech" &&
	refused "$merge_msg" done acme-corp "Send the plan" &&
	refused "$merge_msg" snooze acme-corp 2w &&
	refused "$merge_msg" snooze globex 2w &&
	EDITOR="sed -i s/Globex/Globex_Ltd/" refused "$merge_msg" edit globex &&
	refused "$merge_msg" commit &&
	refused "$merge_msg" commit -m "resolved"
'

test_expect_success 'after git commit finishes the merge, every command works' '
	cd nb &&
	git add clients/acme-corp.md &&
	git commit -q --no-edit &&
	git rev-parse HEAD^2 >/dev/null &&
	notebook snooze acme-corp 2w >/dev/null &&
	! git rev-parse -q --verify HEAD^2 &&
	notebook log acme-corp -m "After the merge." >/dev/null &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a merge aborted with git merge --abort: commands work again' '
	cd nb &&
	git checkout -q -b side &&
	sed -i "s/^tier: .*/tier: key/" clients/globex.md &&
	git commit -q -am "side: globex regular" &&
	git checkout -q main &&
	sed -i "s/^tier: .*/tier: occasional/" clients/globex.md &&
	git commit -q -am "main: globex occasional" &&
	test_must_fail git merge -q side >/dev/null 2>&1 &&
	refused "$merge_msg" log globex -m "Blocked." &&
	git merge --abort &&
	notebook log globex -m "Now fine." >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a stopped cherry-pick, revert and git am are refused too' '
	cd nb &&
	git checkout -q -b pick &&
	sed -i "s/^tier: .*/tier: key/" clients/globex.md &&
	git commit -q -am "pick: globex key" &&
	git checkout -q main &&
	sed -i "s/^tier: .*/tier: regular/" clients/globex.md &&
	git commit -q -am "main: globex regular" &&
	test_must_fail git cherry-pick pick >/dev/null 2>&1 &&
	refused "notebook: a cherry-pick is in progress; finish it ('"'git cherry-pick --continue'"', or '"'notebook sync --continue'"' after a sync --rebase) or abort it ('"'git cherry-pick --abort'"', or '"'notebook sync --abort'"') first" log globex -m "x" &&
	git cherry-pick --abort &&
	sed -i "s/^tier: .*/tier: key/" clients/globex.md &&
	git commit -q -am "main: globex key" &&
	test_must_fail git revert --no-edit HEAD~1 >/dev/null 2>&1 &&
	refused "notebook: a revert is in progress; finish it ('"'git revert --continue'"') or abort it ('"'git revert --abort'"') first" snooze globex 1w &&
	git revert --abort &&
	git format-patch -q -1 pick -o ../patches &&
	! git am -q ../patches/*.patch >/dev/null 2>&1 &&
	refused "notebook: '"'git am'"' is in progress; finish it ('"'git am --continue'"') or abort it ('"'git am --abort'"') first" new "Hooli" &&
	git am --abort &&
	notebook new "Hooli" >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_done
