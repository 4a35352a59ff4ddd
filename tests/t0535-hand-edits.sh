#!/bin/sh
# done and snooze commit their own change and nothing the user changed in
# the same file by hand: the commit is HEAD's version plus the change, and
# the hand edits stay in the work tree, not staged, exactly as they were.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	write_file clients/acme-corp.md <<-\EOT &&
	---
	name: Acme Corp
	tier: key     # our biggest
	tags: [consulting]
	---
	# Acme Corp

	- [ ] Send the revised timeline due:2026-11-30
	- [ ] Share the risk register due:2026-12-10
	EOT
	write_promise_call &&
	notebook commit -m "setup" >/dev/null
'

test_expect_success 'done with a tier changed by hand commits the tick alone' '
	cd nb &&
	sed -i "s/^tier: key /tier: regular /" clients/acme-corp.md &&
	printf "\nMet their new CFO.\n" >>clients/acme-corp.md &&
	cp clients/acme-corp.md ../hand &&
	git show HEAD:clients/acme-corp.md >../before &&
	notebook done acme-corp "revised timeline" >../out 2>../err &&
	echo "done: acme-corp: Send the revised timeline" >../expect &&
	test_cmp ../expect ../out &&
	hand_note clients/acme-corp.md >../expect &&
	test_cmp ../expect ../err &&
	sed "s/^- \[ \] \(Send the revised.*\)/- [x] \1 done:2026-11-20/" ../before >../expect &&
	git show HEAD:clients/acme-corp.md >../committed &&
	test_cmp ../expect ../committed &&
	sed "s/^- \[ \] \(Send the revised.*\)/- [x] \1 done:2026-11-20/" ../hand >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	git diff HEAD~1 HEAD --name-only >../files &&
	echo clients/acme-corp.md >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	echo " M clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st &&
	git diff -U0 | grep "^[-+]" | grep -v "^\(---\|+++\) " >../diff &&
	cat >../expect <<-\EOT &&
	-tier: key     # our biggest
	+tier: regular     # our biggest
	+
	+Met their new CFO.
	EOT
	test_cmp ../expect ../diff &&
	git diff --cached --quiet &&
	git fsck --strict
'

test_expect_success 'snooze with the same hand edits commits the snooze alone' '
	cd nb &&
	git show HEAD:clients/acme-corp.md >../before &&
	cp clients/acme-corp.md ../hand &&
	notebook snooze acme-corp 2026-12-15 >../out 2>../err &&
	echo "snooze: acme-corp until 2026-12-15" >../expect &&
	test_cmp ../expect ../out &&
	hand_note clients/acme-corp.md >../expect &&
	test_cmp ../expect ../err &&
	sed "/^tags:/a\\
snooze: 2026-12-15" ../before >../expect &&
	git show HEAD:clients/acme-corp.md >../committed &&
	test_cmp ../expect ../committed &&
	sed "/^tags:/a\\
snooze: 2026-12-15" ../hand >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	git diff -U0 | grep "^[-+]" | grep -v "^\(---\|+++\) " >../diff &&
	cat >../expect <<-\EOT &&
	-tier: key     # our biggest
	+tier: regular     # our biggest
	+
	+Met their new CFO.
	EOT
	test_cmp ../expect ../diff &&
	git status --porcelain >../st &&
	echo " M clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st &&
	git fsck --strict
'

test_expect_success 'a snooze line changed by hand: the command sets it in both' '
	cd nb &&
	sed -i "s/^snooze: .*/snooze: 2027-01-01   # after the holidays/" clients/acme-corp.md &&
	notebook snooze acme-corp 2026-12-20 >/dev/null 2>&1 &&
	git show HEAD:clients/acme-corp.md | grep "^snooze" >../committed &&
	echo "snooze: 2026-12-20" >../expect &&
	test_cmp ../expect ../committed &&
	grep "^snooze" clients/acme-corp.md >../wt &&
	echo "snooze: 2026-12-20   # after the holidays" >../expect &&
	test_cmp ../expect ../wt
'

test_expect_success 'a promise whose lines moved: lines added by hand above it' '
	cd nb &&
	f=journal/2026/11/2026-11-18-acme-corp-call.md &&
	sed -i "s/^Call\.$/Call about the budget.\n\nThey asked for two things./" $f &&
	echo "- [ ] A promise typed by hand due:2026-12-05" >>$f &&
	git show HEAD:$f >../before &&
	cp $f ../hand &&
	notebook done acme-corp "workshop" >../out 2>../err &&
	echo "done: acme-corp: Book the workshop room" >../expect &&
	test_cmp ../expect ../out &&
	sed "s/^- \[ \] \(Book the.*\)/- [x] \1 done:2026-11-20/" ../before >../expect &&
	git show HEAD:$f >../committed &&
	test_cmp ../expect ../committed &&
	sed "s/^- \[ \] \(Book the.*\)/- [x] \1 done:2026-11-20/" ../hand >../expect &&
	test_cmp ../expect $f &&
	git diff HEAD~1 HEAD --stat --format= >../stat &&
	echo " $f | 2 +-" >../expect &&
	head -1 ../stat >../first &&
	test_cmp ../expect ../first
'

test_expect_success 'a promise typed by hand is not committed alone: refused, nothing changed' '
	cd nb &&
	f=journal/2026/11/2026-11-18-acme-corp-call.md &&
	cp $f ../hand &&
	head=$(git rev-parse HEAD) &&
	test_status 1 notebook done acme-corp "typed by hand" 2>../err &&
	echo "notebook: the promise at $f:12 is not committed as it stands (it was written or changed by hand); commit it first ('"'"'notebook commit'"'"'), then run this again" >../expect &&
	test_cmp ../expect ../err &&
	test_cmp ../hand $f &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'a file never committed is refused, nothing changed' '
	cd nb &&
	write_file journal/2026/11/2026-11-19-acme-corp-email.md <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-19
	kind: email
	---
	- [ ] Send the invoice due:2026-11-28
	EOT
	cp journal/2026/11/2026-11-19-acme-corp-email.md ../hand &&
	head=$(git rev-parse HEAD) &&
	test_status 1 notebook done acme-corp "invoice" 2>../err &&
	echo "notebook: '"'"'journal/2026/11/2026-11-19-acme-corp-email.md'"'"' is not committed yet, so its change could not be committed alone; commit it first ('"'"'notebook commit'"'"'), then run this again" >../expect &&
	test_cmp ../expect ../err &&
	test_cmp ../hand journal/2026/11/2026-11-19-acme-corp-email.md &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'notebook commit then takes the hand edits; the tree is clean' '
	cd nb &&
	notebook commit -m "by hand" >/dev/null &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	grep "^tier: regular" clients/acme-corp.md &&
	git show HEAD:clients/acme-corp.md | grep "^tier: regular" &&
	git fsck --strict
'

test_expect_success 'without hand edits nothing is said and the tree stays clean' '
	cd nb &&
	notebook done acme-corp "staffing" >../out 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	notebook snooze acme-corp 3w >../out 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_expect_success 'a hand edit staged with git add stays in the file, not staged' '
	cd nb &&
	sed -i "s/^tier: regular /tier: occasional /" clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	notebook done acme-corp "risk register" >/dev/null 2>&1 &&
	git show HEAD:clients/acme-corp.md | grep "^tier: regular" &&
	git show HEAD:clients/acme-corp.md | grep "^- \[x\] Share the risk" &&
	grep "^tier: occasional" clients/acme-corp.md &&
	git status --porcelain >../st &&
	echo " M clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st &&
	git fsck --strict
'

test_done
