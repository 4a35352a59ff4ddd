#!/bin/sh
# Twenty `notebook log` runs at the same moment: twenty files, twenty
# commits, each holding its own file, and a clean repository.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb new "Globex" >/dev/null
'

test_expect_success 'twenty parallel logs land as twenty commits' '
	cd nb &&
	base=$(git rev-parse HEAD) &&
	i=1 &&
	while test $i -le 20; do
		c=acme-corp; test $((i % 2)) = 0 && c=globex
		( "$NOTEBOOK_BIN" log $c -m "Parallel note $i." >../out.$i 2>../err.$i; echo $? >../rc.$i ) &
		i=$((i + 1))
	done &&
	wait &&
	cat ../rc.* | sort | uniq -c | sed "s/^ *//" >../rcs &&
	echo "20 0" >../expect &&
	test_cmp ../expect ../rcs &&
	test "$(git rev-list --count $base..HEAD)" = 20 &&
	ls journal/2026/11 | wc -l | tr -d " " >../n &&
	echo 20 >../expect && test_cmp ../expect ../n &&
	git ls-tree -r --name-only HEAD journal/2026/11 | wc -l | tr -d " " >../n &&
	test_cmp ../expect ../n &&
	for r in $(git rev-list $base..HEAD); do
		git diff-tree --no-commit-id --name-status -r $r | wc -l | tr -d " "
	done | sort | uniq -c | sed "s/^ *//" >../counts &&
	echo "20 1" >../expect &&
	test_cmp ../expect ../counts &&
	i=1 &&
	while test $i -le 20; do
		grep -rlx "Parallel note $i." journal >/dev/null || return 1
		i=$((i + 1))
	done &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict &&
	notebook check
'

test_done
