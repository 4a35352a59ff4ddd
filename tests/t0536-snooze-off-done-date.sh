#!/bin/sh
# snooze CLIENT off clears a snooze, a past date is refused; done writes the
# day on the ticked line (done:YYYY-MM-DD), which check accepts and show
# lists under the promises kept.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	write_file clients/acme-corp.md <<-\EOT &&
	---
	name: Acme Corp
	tier: key
	snooze: 2026-12-01   # until the board meets
	---
	# Acme Corp
	EOT
	notebook commit -m setup >/dev/null
'

test_expect_success 'snooze CLIENT off removes the line and commits that' '
	cd nb &&
	notebook snooze acme-corp off >../out &&
	echo "snooze: acme-corp off" >../expect &&
	test_cmp ../expect ../out &&
	cat >../expect <<-\EOT &&
	---
	name: Acme Corp
	tier: key
	---
	# Acme Corp
	EOT
	test_cmp ../expect clients/acme-corp.md &&
	git show HEAD:clients/acme-corp.md >../committed &&
	test_cmp ../expect ../committed &&
	git log -1 --format=%s >../msg &&
	echo "snooze: acme-corp off" >../expect && test_cmp ../expect ../msg &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	notebook status --json | grep "\"snooze\": null" &&
	git fsck --strict
'

test_expect_success 'snooze off when not snoozed changes nothing, exit 0' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	notebook snooze acme-corp off >../out &&
	echo "acme-corp is not snoozed; nothing changed" >../expect &&
	test_cmp ../expect ../out &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'a date in the past is refused with exit 2, nothing changed' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	cp clients/acme-corp.md ../before &&
	test_status 2 notebook snooze acme-corp 2026-11-19 2>../err &&
	cat >../expect <<-\EOT &&
	notebook: '"'"'2026-11-19'"'"' is in the past (today is 2026-11-20); give a later date, or '"'"'off'"'"' to end the snooze
	usage: notebook snooze CLIENT DURATION|DATE|off
	EOT
	test_cmp ../expect ../err &&
	test_cmp ../before clients/acme-corp.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	notebook snooze acme-corp 2026-11-20 >../out &&
	echo "snooze: acme-corp until 2026-11-20" >../expect &&
	test_cmp ../expect ../out &&
	test_status 2 notebook snooze acme-corp later 2>../err &&
	grep "nor '"'"'off'"'"'" ../err
'

test_expect_success 'done writes done:DATE on the ticked line; check stays clean' '
	cd nb &&
	notebook log acme-corp -m "Call." --promise "Send the deck due:2026-11-25" \
		--promise "Book the room due:2026-11-30" >/dev/null &&
	f=$(git show --name-only --format= HEAD) &&
	notebook done acme-corp deck >../out &&
	echo "done: acme-corp: Send the deck" >../expect &&
	test_cmp ../expect ../out &&
	grep -x -- "- \[x\] Send the deck due:2026-11-25 done:2026-11-20" $f &&
	git diff -U0 HEAD~1 HEAD | grep "^[-+]- \\[" >../diff &&
	cat >../expect <<-\EOT &&
	-- [ ] Send the deck due:2026-11-25
	+- [x] Send the deck due:2026-11-25 done:2026-11-20
	EOT
	test_cmp ../expect ../diff &&
	NOTEBOOK_NOW=2026-11-22 notebook done acme-corp room >/dev/null &&
	grep -x -- "- \[x\] Book the room due:2026-11-30 done:2026-11-22" $f &&
	notebook check >../out 2>&1 &&
	test_must_be_empty ../out &&
	git fsck --strict
'

test_expect_success 'show lists the promises kept with their day, latest first' '
	cd nb &&
	NOTEBOOK_NOW=2026-11-22 notebook show acme-corp >../out &&
	f=$(ls journal/2026/11/) &&
	sed -n "/^promises kept/,/^\$/p" ../out >../kept &&
	cat >../expect <<-EOT &&
	promises kept, latest first
	  done 2026-11-22  Book the room  journal/2026/11/$f:10
	  done 2026-11-20  Send the deck  journal/2026/11/$f:9

	EOT
	test_cmp ../expect ../kept &&
	sed -n "/^open promises/,/^\$/p" ../out >../open &&
	printf "open promises\n  none\n\n" >../expect &&
	test_cmp ../expect ../open
'

test_expect_success 'a bad done: date is an error; done: on an open promise a warning' '
	cd nb &&
	write_file clients/globex.md <<-\EOT &&
	---
	name: Globex
	---
	- [x] Sent it done:2026-02-30
	- [ ] Not yet done:2026-11-01
	EOT
	test_status 1 notebook check clients/globex.md >../out 2>&1 &&
	cat >../expect <<-\EOT &&
	clients/globex.md:4:15: error: '"'"'2026-02-30'"'"' is not a date (YYYY-MM-DD)
	clients/globex.md:5:3: warning: a promise not ticked has a done: date; tick it ([x]) or remove the date
	EOT
	test_cmp ../expect ../out &&
	rm clients/globex.md
'

test_expect_success 'done again on a line that has a done: word replaces its date' '
	cd nb &&
	f=$(ls journal/2026/11/*.md) &&
	sed -i "s/^- \[x\] Book the room due:2026-11-30 done:2026-11-22/- [ ] Book the room due:2026-11-30 done:2026-11-22   /" $f &&
	notebook commit -m untick >/dev/null 2>&1 &&
	NOTEBOOK_NOW=2026-11-23 notebook done acme-corp room >/dev/null &&
	grep -x -- "- \[x\] Book the room due:2026-11-30 done:2026-11-23   " $f
'

test_done
