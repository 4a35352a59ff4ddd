#!/bin/sh
# Two entries stay two with plain git (issue 18 point 2b): with the merge
# driver installed, `git pull` of two entries logged under one name on two
# clones leaves both whole between the markers; check recognises two whole
# entries in one conflicted file and names `notebook split`, which makes
# them two entry files again, both staged.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

E=journal/2026/11/2026-11-20-acme-corp-call.md

test_expect_success 'setup: two clones, one on plain git with the driver' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	two_clones &&
	notebook -C b sync --install-driver >/dev/null
'

test_expect_success 'git pull of one name logged twice: both entries whole between the markers' '
	as Ben notebook -C a log acme-corp -m "Weekly call." --satisfaction 4 >/dev/null &&
	notebook -C a sync >/dev/null &&
	as Chloe notebook -C b log acme-corp -m "Weekly call." --satisfaction 5 >/dev/null &&
	git -C a show HEAD:$E >theirs &&
	git -C b show HEAD:$E >ours &&
	test_must_fail git -C b pull -q --no-rebase 2>err &&
	grep "^notebook: .$E. is two entries of one name, both between the markers; keep both with .notebook split $E.$" err &&
	{
		echo "<<<<<<< A Tester on $(uname -n) ($(git -C b rev-parse --short=7 HEAD))" &&
		cat ours && echo "=======" && cat theirs &&
		echo ">>>>>>> Ben ($(git -C b rev-parse --short=7 MERGE_HEAD))"
	} >expect &&
	test_cmp expect b/$E
'

test_expect_success 'check recognises the two entries and names the command' '
	test_status 1 notebook -C b check 2>err &&
	echo "b/$E:1:1: error: two entries in one file between conflict markers (both sides of a merge added an entry of this name); keep both with '"'"'notebook split $E'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'split: the remote'"'"'s entry keeps the name, ours takes -2, both staged' '
	cd b &&
	notebook split $E >../out &&
	cat >../expect <<-EOF &&
	split $E: the other side'"'"'s entry keeps the name, yours is now journal/2026/11/2026-11-20-acme-corp-call-2.md; both staged
	finish the merge with '"'"'git commit'"'"' (or '"'"'git rebase --continue'"'"')
	EOF
	test_cmp ../expect ../out &&
	test_cmp ../theirs $E &&
	test_cmp ../ours journal/2026/11/2026-11-20-acme-corp-call-2.md &&
	git diff --name-only --diff-filter=U >../u && test_must_be_empty ../u &&
	git commit -q --no-edit &&
	notebook check &&
	git show HEAD:journal/2026/11/2026-11-20-acme-corp-call-2.md >../got &&
	test_cmp ../ours ../got &&
	grep -x "by: Chloe" ../got && grep -x "by: Ben" $E &&
	git fsck --strict
'

test_expect_success 'without the driver, git'"'"'s own add/add markers split the same way' '
	git clone -q remote.git c &&
	git -C b push -q &&
	as Ben notebook -C a log acme-corp -k email -m "Sent." >/dev/null &&
	notebook -C a sync >/dev/null &&
	as Chloe notebook -C c log acme-corp -k email -m "Sent too." >/dev/null &&
	test_must_fail git -C c pull -q --no-rebase >/dev/null 2>&1 &&
	F=journal/2026/11/2026-11-20-acme-corp-email.md &&
	test_status 1 notebook -C c check 2>err &&
	grep "two entries in one file" err &&
	notebook -C c split c/$F >/dev/null &&
	grep -x "Sent." c/$F && grep -x "Sent too." c/journal/2026/11/2026-11-20-acme-corp-email-2.md &&
	git -C c commit -q --no-edit && notebook -C c check
'

test_expect_success 'split refuses a file that is not two entries (exit 1) and a path outside (exit 2)' '
	cd b &&
	test_status 1 notebook split $E 2>../err &&
	grep "^$E:1:1: error: not two entries between conflict markers; nothing to split$" ../err &&
	test_status 2 notebook split clients/acme-corp.md &&
	test_status 2 notebook split &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_done
