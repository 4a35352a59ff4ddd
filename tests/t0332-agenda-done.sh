#!/bin/sh
# agenda --ics feeds that stay true (issue #18 point 9): a to-do done after
# an export (a contact logged, a promise ticked) is in the next export with
# the same UID, STATUS:COMPLETED and COMPLETED, rather than gone; UIDs are
# the same from run to run and clone to clone; --owner gives one person's
# feed, completed to-dos included.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# todos FILE: "UID STATUS DUE SUMMARY" per VTODO, read with python3-icalendar.
todos() {
	"$PY" - "$1" <<-\EOF
	import sys
	from icalendar import Calendar
	cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
	for t in cal.walk("VTODO"):
	    done = t.get("COMPLETED")
	    print(str(t["UID"]), str(t["STATUS"]), t["DUE"].dt.isoformat(), str(t["SUMMARY"]),
	          done.dt.isoformat() if done else "-")
	EOF
}

test_expect_success 'setup: two owners, a contact and a promise falling due' '
	notebook init nb >/dev/null &&
	sed -i "s/^owner: .*/owner: Ben/" nb/notebook.yaml &&
	git -C nb commit -q -am "owner" &&
	NOTEBOOK_NOW=2026-10-01 notebook -C nb new "Acme Corp" --tier key --owner Ben >/dev/null &&
	NOTEBOOK_NOW=2026-10-01 notebook -C nb new "Globex" --tier key --owner Chloe >/dev/null &&
	NOTEBOOK_NOW=2026-11-10 notebook -C nb log acme -m "Call." \
		--promise "Send the deck due:2026-11-25" >/dev/null &&
	NOTEBOOK_NOW=2026-11-10 notebook -C nb log globex -m "Tense call." --trust strained >/dev/null &&
	NOTEBOOK_NOW=2026-11-20 notebook -C nb agenda --ics >before.ics &&
	todos before.ics >before &&
	grep "NEEDS-ACTION 2026-11-24 Contact Acme Corp -" before &&
	grep "NEEDS-ACTION 2026-11-25 Acme Corp: Send the deck -" before &&
	grep "NEEDS-ACTION 2026-11-17 Repair check-in with Globex -" before
'

test_expect_success 'a contact logged and a promise ticked after the export: COMPLETED, same UID' '
	NOTEBOOK_NOW=2026-11-22 notebook -C nb log acme -m "Call again." >/dev/null &&
	NOTEBOOK_NOW=2026-11-22 notebook -C nb done acme deck >/dev/null &&
	NOTEBOOK_NOW=2026-11-22 notebook -C nb log globex -k check-in -m "Better." --trust repairing >/dev/null &&
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --ics >after.ics &&
	todos after.ics >after &&
	for what in "2026-11-24 Contact Acme Corp" "2026-11-25 Acme Corp: Send the deck" \
		    "2026-11-17 Repair check-in with Globex"; do
		uid=$(grep "NEEDS-ACTION $what -" before | cut -d" " -f1) &&
		test -n "$uid" &&
		grep "^$uid COMPLETED $what 2026-11-22T12:00:00+00:00$" after ||
		{ echo "not completed: $what" >&2; return 1; }
	done &&
	grep "NEEDS-ACTION 2026-12-06 Contact Acme Corp -" after &&
	grep -c "^BEGIN:VTODO" after.ics >n && echo 7 >expect && test_cmp expect n &&
	grep -A3 "^STATUS:COMPLETED" after.ics | grep -c "^PERCENT-COMPLETE:100" >n &&
	echo 5 >expect && test_cmp expect n
'

test_expect_success 'the earlier contacts in the last 30 days are completed too; older ones are not kept' '
	grep " COMPLETED 2026-10-15 Contact Acme Corp 2026-11-10T12:00:00+00:00$" after &&
	NOTEBOOK_NOW=2026-12-11 notebook -C nb agenda --ics >later.ics &&
	todos later.ics >later &&
	! grep "2026-10-15 Contact Acme Corp" later &&
	grep " COMPLETED 2026-11-24 Contact Acme Corp 2026-11-22" later &&
	NOTEBOOK_NOW=2026-12-23 notebook -C nb agenda --ics >much-later.ics &&
	! grep "STATUS:COMPLETED" much-later.ics
'

test_expect_success 'two contacts on one day complete one to-do' '
	NOTEBOOK_NOW=2026-11-22 notebook -C nb log acme -k email -m "Sent the notes." >/dev/null &&
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --ics >twice.ics &&
	todos twice.ics >twice && test_cmp after twice
'

test_expect_success 'UIDs and the whole feed: the same from run to run and in another clone' '
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --ics >again.ics &&
	test_cmp twice.ics again.ics &&
	git clone -q nb other &&
	NOTEBOOK_NOW=2026-11-23 notebook -C other agenda --ics >other.ics &&
	test_cmp twice.ics other.ics &&
	NOTEBOOK_NOW=2026-11-24 notebook -C other agenda --ics >next-day.ics &&
	todos next-day.ics >next-day &&
	cut -d" " -f1,2 after >a && cut -d" " -f1,2 next-day >b && test_cmp a b
'

test_expect_success '--owner: one person'"'"'s feed, its completed to-dos with it' '
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --ics --owner chloe >chloe.ics &&
	todos chloe.ics >chloe &&
	grep "COMPLETED 2026-11-17 Repair check-in with Globex" chloe &&
	! grep Acme chloe &&
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --ics --owner BEN >ben.ics &&
	todos ben.ics >ben &&
	! grep Globex ben && grep "COMPLETED 2026-11-25 Acme Corp: Send the deck" ben &&
	cat ben chloe | sort >both && sort after >all && test_cmp all both
'

test_expect_success 'the text and JSON agenda list what is to do, not what is done' '
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda >out &&
	! grep -i "done on" out &&
	NOTEBOOK_NOW=2026-11-23 notebook -C nb agenda --json >o.json &&
	! grep "done on" o.json
'

test_done
