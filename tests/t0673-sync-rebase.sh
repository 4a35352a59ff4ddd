#!/bin/sh
# sync --rebase (issue 18 point 8): local unpushed commits replayed on the
# remote's, so the history stays a line; two entries of one name stay two;
# a conflict stops as a merge does, --continue replays the rest, --abort
# keeps every local commit; notebook.syncRebase in the user's git config
# makes it the default, never a setting in the repository.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

# linear DIR: no merge commit in DIR's history.
linear() {
	test "$(git -C "$1" rev-list --merges --count HEAD)" = 0
}

test_expect_success 'setup: a remote, two clones' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	two_clones
'

test_expect_success 'commits on both sides: replayed, no merge commit, authors kept' '
	as Ben notebook -C a log acme-corp -m "A call." >/dev/null &&
	as Ben notebook -C a log acme-corp -k email -m "A mail." >/dev/null &&
	notebook -C a sync --rebase >/dev/null &&
	as Chloe notebook -C b log acme-corp -k meeting -m "B met." >/dev/null &&
	as Chloe notebook -C b log acme-corp -k email -m "B mail." >/dev/null &&
	notebook -C b sync --rebase --dry-run >out &&
	cat >expect <<-\EOF &&
	origin/main: commits on both sides: the local ones replayed on the remote'"'"'s, then a push
	would bring 2 entries: acme-corp: 2 by Ben
	EOF
	test_cmp expect out &&
	notebook -C b sync --rebase >out &&
	cat >expect <<-\EOF &&
	renamed journal/2026/11/2026-11-20-acme-corp-email.md to journal/2026/11/2026-11-20-acme-corp-email-2.md: the remote has an entry of that name
	replayed 2 local commits on origin/main
	brought 2 entries: acme-corp: 2 by Ben
	pushed main to origin
	EOF
	test_cmp expect out &&
	linear b &&
	git -C b log --format=%an -2 >authors &&
	printf "Chloe\nChloe\n" >expect && test_cmp expect authors &&
	grep -x "B mail." b/journal/2026/11/2026-11-20-acme-corp-email-2.md &&
	grep -x "A mail." b/journal/2026/11/2026-11-20-acme-corp-email.md &&
	test "$(git -C remote.git rev-parse main)" = "$(git -C b rev-parse HEAD)" &&
	git -C b status --porcelain >st && test_must_be_empty st &&
	git -C b fsck --strict
'

test_expect_success 'a conflict stops (exit 5); --continue commits it, replays the rest, pushes' '
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: key/" a/clients/acme-corp.md &&
	as Ben notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: occasional/" b/clients/acme-corp.md &&
	as Chloe notebook -C b commit >/dev/null &&
	as Chloe notebook -C b log acme-corp -k note -m "After." >/dev/null &&
	test_status 5 notebook -C b sync --rebase 2>err &&
	grep "^conflict: clients/acme-corp.md$" err &&
	grep -x "<<<<<<< Ben, origin/main ($(git -C a rev-parse --short=7 HEAD))" b/clients/acme-corp.md &&
	grep "^>>>>>>> Chloe, replayed (" b/clients/acme-corp.md &&
	test_status 5 notebook -C b sync 2>/dev/null &&
	sed -i "/^<<<<<<<\|^=======\|^>>>>>>>\|^tier: key/d" b/clients/acme-corp.md &&
	notebook -C b sync --continue >out &&
	printf "replayed the local commits on origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	linear b &&
	git -C b log --format=%s -2 >subjects &&
	grep "^log: acme-corp note" subjects &&
	grep "^acme-corp: tier regular → occasional" subjects &&
	grep -x "tier: occasional" b/clients/acme-corp.md &&
	notebook -C b check &&
	git -C b fsck --strict
'

test_expect_success '--abort of a stopped replay keeps every local commit' '
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: key/" a/clients/acme-corp.md &&
	as Ben notebook -C a commit >/dev/null &&
	notebook -C a sync >/dev/null &&
	sed -i "s/^tier: .*/tier: regular/" b/clients/acme-corp.md &&
	as Chloe notebook -C b commit >/dev/null &&
	as Chloe notebook -C b log acme-corp -k thanks -m "Thanks." >/dev/null &&
	head=$(git -C b rev-parse HEAD) &&
	test_status 5 notebook -C b sync --rebase 2>/dev/null &&
	notebook -C b sync --abort >/dev/null &&
	test "$(git -C b rev-parse HEAD)" = "$head" &&
	git -C b status --porcelain >st && test_must_be_empty st &&
	test ! -f b/.git/CHERRY_PICK_HEAD && test ! -f b/.git/notebook-sync &&
	git -C b reset -q --hard origin/main
'

test_expect_success 'notebook.syncRebase in the user'"'"'s config makes it the default; --no-rebase merges' '
	git config --global notebook.syncRebase true &&
	as Ben notebook -C a log acme-corp -k feedback -m "A." >/dev/null &&
	notebook -C a sync >/dev/null &&
	as Chloe notebook -C b log acme-corp -k check-in -m "B." >/dev/null &&
	notebook -C b sync >out &&
	grep "^replayed 1 local commit on origin/main$" out &&
	linear b &&
	notebook -C a sync --no-rebase >/dev/null &&
	as Ben notebook -C a log acme-corp -k meeting --date 2026-11-18 -m "A." >/dev/null &&
	notebook -C a sync --no-rebase >/dev/null &&
	as Chloe notebook -C b log acme-corp -k meeting --date 2026-11-17 -m "B." >/dev/null &&
	notebook -C b sync --no-rebase >out &&
	grep "^merged origin/main$" out &&
	git config --global --unset notebook.syncRebase
'

test_expect_success 'the repository'"'"'s own config does not choose it' '
	git -C b config notebook.syncRebase true &&
	notebook -C a sync >/dev/null &&
	as Ben notebook -C a log acme-corp -k apology -m "A." >/dev/null &&
	notebook -C a sync >/dev/null &&
	as Chloe notebook -C b log acme-corp -k apology --date 2026-11-19 -m "B." >/dev/null &&
	notebook -C b sync >out &&
	grep "^merged origin/main$" out
'

test_done
