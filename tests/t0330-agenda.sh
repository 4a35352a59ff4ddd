#!/bin/sh
# notebook agenda: contacts, repair check-ins and promises falling due, by
# date; --ics as RFC 5545, read back with python3-icalendar.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
EXP=$FIX/status-expected
BASIC=$FIX/status-basic
PY=/usr/bin/python3

test_expect_success 'agenda: the next 14 days by date, overdue things on T' '
	notebook -C "$BASIC" agenda --as-of 2026-11-20 >out 2>err &&
	test_cmp "$EXP/agenda.out" out &&
	test_must_be_empty err
'

test_expect_success '--days N: from T to T + N inclusive' '
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --days 3 >out &&
	head -n 6 "$EXP/agenda.out" | sed "1s/2026-12-04/2026-11-23/" >want &&
	test_cmp want out &&
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --days 2 >out &&
	head -n 5 "$EXP/agenda.out" | sed "1s/2026-12-04/2026-11-22/" >want &&
	test_cmp want out
'

test_expect_success 'nothing due says so' '
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --days 0 >/dev/null &&
	make_notebook quiet &&
	write_file quiet/clients/calm.md <<-\EOF &&
	---
	name: Calm
	since: 2026-11-19
	---
	EOF
	notebook -C quiet agenda --as-of 2026-11-20 >out &&
	echo "nothing due from 2026-11-20 to 2026-12-04" >want &&
	test_cmp want out &&
	notebook -C quiet agenda --as-of 2026-11-20 --days 40 >out &&
	cat >want <<-\EOF &&
	agenda from 2026-11-20 to 2026-12-30
	2026-12-19 Sat  contact  calm  Calm: keep in touch; relationship began on 2026-11-19
	EOF
	test_cmp want out
'

test_expect_success 'agenda --ics is RFC 5545 that python3-icalendar reads back' '
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --ics >cal.ics &&
	"$PY" - cal.ics <<-\EOF
	import sys, datetime
	from icalendar import Calendar
	raw = open(sys.argv[1], "rb").read()
	assert raw.endswith(b"END:VCALENDAR\r\n")
	lines = raw.split(b"\r\n")
	assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
	assert all(len(l) <= 75 for l in lines), [l for l in lines if len(l) > 75]
	cal = Calendar.from_ical(raw)
	assert cal["VERSION"] == "2.0" and cal["PRODID"].startswith("-//notebook//")
	# what is to do; t0332 has the to-dos done lately (STATUS:COMPLETED)
	todos = [c for c in cal.walk("VTODO") if str(c["STATUS"]) == "NEEDS-ACTION"]
	got = [(str(t["SUMMARY"]), t["DUE"].dt.isoformat(), str(t["CATEGORIES"].cats[0])) for t in todos]
	want = [
	    ("Contact Acme Corp", "2026-11-09", "contact"),
	    ("Contact Initech", "2026-11-20", "contact"),
	    ("Repair check-in with Globex", "2026-09-08", "check-in"),
	    ("Acme Corp: Send revised timeline", "2026-11-17", "promise"),
	    ("Contact Hooli", "2026-11-23", "contact"),
	    ("Stark Industries: Redo the report", "2026-11-25", "promise"),
	    ("Acme Corp: Book the quarterly review", "2026-11-27", "promise"),
	    ("Contact Wayne Holdings", "2026-12-01", "contact"),
	]
	assert got == want, got
	for t in todos:
	    assert isinstance(t["DUE"].dt, datetime.date) and not isinstance(t["DUE"].dt, datetime.datetime)
	    assert t["DTSTAMP"].dt == datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone.utc)
	    assert str(t["UID"]).endswith("@notebook")
	uids = [str(t["UID"]) for t in todos]
	assert len(set(uids)) == len(uids), uids
	desc = str(todos[3]["DESCRIPTION"])
	assert desc == "'"'"'Send revised timeline'"'"' overdue since 2026-11-17\njournal/2026/10/2026-10-10-acme-corp-call.md:11\nowner: sam", desc
	# the owner, a category of its own, on every item
	assert all([str(c) for c in t["CATEGORIES"].cats][1:] in (["sam"], ["A Tester"]) for t in todos), \
	    [t["CATEGORIES"].cats for t in todos]
	EOF
'

test_expect_success 'UIDs are stable from one run and one day to the next' '
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --ics | grep "^UID:" >a &&
	notebook -C "$BASIC" agenda --as-of 2026-11-21 --ics | grep "^UID:" >b &&
	test_cmp a b &&
	notebook -C "$BASIC" agenda --as-of 2026-11-20 --ics >cal.ics &&
	grep -c "^STATUS:NEEDS-ACTION" cal.ics >n && echo 8 >want && test_cmp want n &&
	grep -c "^STATUS:COMPLETED" cal.ics >n && echo 5 >want && test_cmp want n &&
	grep -c . a >n && echo 13 >want && test_cmp want n
'

test_expect_success 'the same promise twice in one file gets two UIDs' '
	make_notebook twice &&
	write_file twice/clients/dup.md <<-\EOF &&
	---
	name: Dup
	since: 2026-11-19
	---
	- [ ] Call back due:2026-11-22
	- [ ] Call back due:2026-11-22
	EOF
	notebook -C twice agenda --as-of 2026-11-20 --ics >dup.ics &&
	grep "^UID:" dup.ics | sort -u | wc -l >n &&
	echo 2 >want && test_cmp want n
'

test_expect_success 'TEXT escaping, folding at 75 octets on UTF-8 boundaries' '
	make_notebook fold &&
	write_file fold/clients/tokyo.md <<-\EOF &&
	---
	name: "Café; Tōkyō, 東京 \\ Ltd"
	since: 2026-11-19
	---
	- [ ] Réviser le calendrier — équipe 東京 «vite», puis envoyer; ça presse \\ merci due:2026-11-22
	EOF
	notebook -C fold agenda --as-of 2026-11-20 --ics >fold.ics &&
	grep -F "SUMMARY:Café\\; Tōkyō\\, 東京 \\\\ Ltd: Réviser" fold.ics &&
	"$PY" - fold.ics <<-\EOF
	import sys
	from icalendar import Calendar
	raw = open(sys.argv[1], "rb").read()
	folded = 0
	for l in raw.split(b"\r\n"):
	    assert len(l) <= 75, l
	    l.decode("utf-8")  # no sequence split across lines
	    folded += l.startswith(b" ")
	assert folded >= 1, "nothing was folded"
	todo = [c for c in Calendar.from_ical(raw).walk("VTODO")][0]
	want = "Café; Tōkyō, 東京 \\ Ltd: Réviser le calendrier — équipe 東京 «vite», puis envoyer; ça presse \\ merci"
	assert str(todo["SUMMARY"]) == want, str(todo["SUMMARY"])
	EOF
'

test_expect_success 'control sequences are escaped in text and in --ics' '
	notebook -C "$FIX/status-escape" agenda --as-of 2026-11-20 >out &&
	test_cmp "$EXP/escape-agenda.out" out &&
	! grep -q "$(printf "\033")" out &&
	notebook -C "$FIX/status-escape" agenda --as-of 2026-11-20 --ics >esc.ics &&
	! grep -q "$(printf "\033")" esc.ics &&
	! grep -q "$(printf "\007")" esc.ics &&
	"$PY" - esc.ics <<-\EOF
	import sys
	from icalendar import Calendar
	todo = [c for c in Calendar.from_ical(open(sys.argv[1], "rb").read()).walk("VTODO")][1]
	s = str(todo["SUMMARY"])
	assert s == "Evil \\e]0;pwned\\x07 Ltd: Wipe \\e]0;title\\x07 screen", s
	EOF
'

test_expect_success 'usage: --help, bad --days, bad --as-of' '
	notebook -C "$BASIC" agenda --help >out &&
	head -n 1 out >first &&
	echo "usage: notebook agenda [--days N] [--as-of DATE] [--owner OWNER] [--ics|--json]" >want &&
	test_cmp want first &&
	test_status 2 notebook -C "$BASIC" agenda --days -1 2>err &&
	grep -q "^notebook: --days wants a number of days from 0 to 3660, not '"'"'-1'"'"'$" err &&
	test_status 2 notebook -C "$BASIC" agenda --days 2x 2>err &&
	test_status 2 notebook -C "$BASIC" agenda --as-of tomorrow 2>err &&
	grep -q "^usage: notebook agenda" err
'

test_done
