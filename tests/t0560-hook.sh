#!/bin/sh
# notebook hook install: a pre-commit hook checking the staged notebook.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null
'

test_expect_success 'install writes an executable pre-commit hook' '
	cd nb &&
	notebook hook install >../out &&
	printf "installed %s\ninstalled %s\n" "$TRASH/nb/.git/hooks/pre-commit" \
		"$TRASH/nb/.git/hooks/pre-merge-commit" >../expect &&
	test_cmp ../expect ../out &&
	test -x .git/hooks/pre-commit &&
	grep -x "\"\$nb\" -C '"'"'.'"'"' hook run pre-commit && exit 0" .git/hooks/pre-commit &&
	grep -x "nb='"'"'${NOTEBOOK_REAL_BIN:-$NOTEBOOK_BIN}'"'"'" .git/hooks/pre-commit &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'an existing hook is kept unless --force' '
	cd nb &&
	echo "#!/bin/sh" >.git/hooks/pre-commit &&
	test_status 1 notebook hook install 2>../err &&
	grep "pre-commit. exists; keep it, or replace it with .notebook hook install --force." ../err &&
	echo "#!/bin/sh" >../expect &&
	test_cmp ../expect .git/hooks/pre-commit &&
	notebook hook install --force >/dev/null &&
	grep -q "hook run pre-commit" .git/hooks/pre-commit
'

test_expect_success 'plain git commit: a valid staged notebook passes the hook' '
	cd nb &&
	echo "More notes." >>clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	git commit -q -m "notes by hand" &&
	test "$(git log -1 --format=%s)" = "notes by hand"
'

test_expect_success 'plain git commit: an invalid staged file is stopped by the hook' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	sed -i "s/^tier: regular/tier: gold/" clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	test_must_fail git commit -q -m "bad" 2>../err &&
	grep "clients/acme-corp.md:[0-9]*:[0-9]*: error: " ../err &&
	tail -n 1 ../err >../last &&
	echo "notebook: the pre-commit hook refused the commit: '"'"'notebook check --staged'"'"' found the problems above; fix them and commit again, or commit anyway with '"'"'git commit --no-verify'"'"'" >../expect &&
	test_cmp ../expect ../last &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'git commit -a: the hook checks what is being committed' '
	cd nb &&
	git reset -q --hard &&
	head=$(git rev-parse HEAD) &&
	sed -i "s/^tier: regular/tier: gold/" clients/acme-corp.md &&
	test_must_fail git commit -q -a -m "bad" 2>../err &&
	grep "clients/acme-corp.md:[0-9]*:[0-9]*: error: " ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	sed -i "s/^tier: gold/tier: key/" clients/acme-corp.md &&
	git commit -q -a -m "good" &&
	test "$(git log -1 --format=%s)" = "good" &&
	git fsck --strict
'

test_expect_success 'usage' '
	cd nb &&
	test_status 2 notebook hook &&
	test_status 2 notebook hook remove
'

test_done
