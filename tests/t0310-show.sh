#!/bin/sh
# notebook show: profile, contacts, trust and fit, empathy map, promises,
# timeline, sparkline and status of one client; finding the client.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
EXP=$FIX/status-expected
BASIC=$FIX/status-basic
ESC=$(printf "\033")

test_expect_success 'show: the whole profile of a client' '
	notebook -C "$BASIC" show acme-corp --as-of 2026-11-20 >out 2>err &&
	test_cmp "$EXP/show-acme.out" out &&
	test_must_be_empty err
'

test_expect_success 'show: trust with the entry that set it, a repair cadence, low scores' '
	notebook -C "$BASIC" show globex --as-of 2026-11-20 >out &&
	test_cmp "$EXP/show-globex.out" out
'

test_expect_success 'options may come before or after the client' '
	notebook -C "$BASIC" show --as-of 2026-11-20 acme-corp >out &&
	test_cmp "$EXP/show-acme.out" out
'

test_expect_success 'a client found by name (any case), by id prefix, by name prefix' '
	notebook -C "$BASIC" show "ACME CORP" --as-of 2026-11-20 >a &&
	test_cmp "$EXP/show-acme.out" a &&
	notebook -C "$BASIC" show acme --as-of 2026-11-20 >b &&
	test_cmp "$EXP/show-acme.out" b &&
	notebook -C "$BASIC" show "Stark Ind" --as-of 2026-11-20 >c &&
	head -n 1 c >first &&
	echo "Stark Industries (stark)" >want &&
	test_cmp want first
'

test_expect_success 'an ambiguous name lists the candidates and exits 2' '
	cp -R "$BASIC" amb &&
	write_file amb/clients/acme-labs.md <<-\EOF &&
	---
	name: Acme Labs
	status: prospect
	---
	EOF
	test_status 2 notebook -C amb show acme >out 2>err &&
	test_must_be_empty out &&
	cat >want <<-\EOF &&
	notebook: '"'"'acme'"'"' is ambiguous; it could be:
	  acme-corp  Acme Corp
	  acme-labs  Acme Labs
	EOF
	test_cmp want err &&
	notebook -C amb show acme-corp --as-of 2026-11-20 >out &&
	test_cmp "$EXP/show-acme.out" out
'

test_expect_success 'an unknown client exits 1, with a did-you-mean' '
	test_status 1 notebook -C "$BASIC" show acme-crop >out 2>err &&
	test_must_be_empty out &&
	echo "notebook: no client '"'"'acme-crop'"'"' (did you mean '"'"'acme-corp'"'"'?)" >want &&
	test_cmp want err &&
	test_status 1 notebook -C "$BASIC" show qqqqqqqq 2>err &&
	echo "notebook: no client '"'"'qqqqqqqq'"'"'; see '"'"'notebook list'"'"'" >want &&
	test_cmp want err
'

test_expect_success 'the sparkline counts contacts (not notes) per month, ASCII outside UTF-8' '
	LC_ALL=C LANG=C notebook -C "$BASIC" show stark --as-of 2026-11-20 >out &&
	sed -n "/^contacts per month/,/^$/p" out >spark &&
	cat >want <<-\EOF &&
	contacts per month, 2025-12 to 2026-11
	  __________##  2 contacts, monthly: 0 0 0 0 0 0 0 0 0 0 1 1
	EOF
	test_cmp want spark &&
	notebook -C "$BASIC" show acme-corp --as-of 2027-03-01 >out &&
	grep -q "^  ▁▁▁▁▁▁█▁▁▁▁▁  1 contact, monthly: 0 0 0 0 0 0 1 0 0 0 0 0$" out
'

test_expect_success 'the sparkline scales to the busiest month' '
	make_notebook nb-spark &&
	write_file nb-spark/clients/busy.md <<-\EOF &&
	---
	name: Busy
	---
	EOF
	for d in 2026-01-05 2026-01-06 2026-01-07 2026-01-08 2026-01-09 2026-01-12 2026-01-13 \
		2026-03-02 2026-05-04 2026-05-05 2026-08-03 2026-08-04 2026-08-05 2026-08-06; do
		m=${d%-*}; m=${m#*-}
		write_file nb-spark/journal/2026/$m/$d-busy-call.md <<-EOF || return 1
		---
		client: busy
		date: $d
		kind: call
		---
		Call.
		EOF
	done &&
	notebook -C nb-spark show busy --as-of 2026-11-20 >out &&
	grep -q "^  ▁█▁▂▁▃▁▁▅▁▁▁  14 contacts, monthly: 0 7 0 1 0 2 0 0 4 0 0 0$" out
'

test_expect_success 'a client with nothing logged' '
	notebook -C "$BASIC" show initech --as-of 2026-11-20 >out &&
	cat >want <<-\EOF &&
	Initech (initech)

	status on 2026-11-20: never
	  no contact logged yet

	profile
	  status    prospect, tier regular
	  cadence   30d (tier regular)
	  owner     A Tester
	  trust     healthy (clients/initech.md)
	  fit       good

	open promises
	  none

	timeline, newest first
	  no entries

	contacts per month, 2025-12 to 2026-11
	  ▁▁▁▁▁▁▁▁▁▁▁▁  0 contacts
	EOF
	test_cmp want out
'

test_expect_success 'a paused client is shown but not audited' '
	notebook -C "$BASIC" show paused-co --as-of 2026-11-20 >out &&
	sed -n 3p out >last &&
	echo "status on 2026-11-20: not audited (paused)" >want &&
	test_cmp want last
'

test_expect_success 'control sequences in names, moods, notes and promises are shown escaped' '
	notebook -C "$FIX/status-escape" show evil --as-of 2026-11-20 >out &&
	test_cmp "$EXP/escape-show.out" out &&
	! grep -q "$(printf "\033")" out &&
	! grep -q "$(printf "\007")" out &&
	grep -F "Paste \\e]52;c;ZXZpbA==\\x07 here" out &&
	grep -F "Evil \\e]0;pwned\\x07 Ltd (evil)" out
'

test_expect_success 'on a terminal: headings bold, overdue red, long lines wrapped, nothing cut' '
	/usr/bin/python3 "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C "$BASIC" show acme-corp --as-of 2026-11-20 >tty &&
	grep -q "^${ESC}\[1mAcme Corp (acme-corp)$" tty &&
	grep -q "^${ESC}\[1mopen promises${ESC}\[m$" tty &&
	grep -q "^  ${ESC}\[31m2026-11-17${ESC}\[m  ${ESC}\[31moverdue${ESC}\[m  Send revised timeline$" tty &&
	sed "s/${ESC}\[[0-9;]*m//g" tty >plain &&
	sed -n "/^open promises/,\$p" plain >got &&
	cat >want <<-\EOF &&
	open promises
	  2026-11-17  overdue  Send revised timeline
	                       journal/2026/10/2026-10-10-acme-corp-
	                         call.md:11
	  2026-11-27           Book the quarterly review
	                       clients/acme-corp.md:22

	timeline, newest first
	  2026-11-12  note                   Internal: draft the
	                                       revised timeline with
	                                       the team.
	  2026-10-10  call  frustrated  3/5  Jane felt the plan
	                                       ignored her team.

	contacts per month, 2025-12 to 2026-11
	  ▁▁▁▁▁▁▁▁▁▁█▁  1 contact, monthly: 0 0 0 0 0 0 0 0 0 0 1 0
	EOF
	test_cmp want got &&
	NO_COLOR=1 /usr/bin/python3 "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C "$BASIC" show acme-corp --as-of 2026-11-20 >nc &&
	test_cmp plain nc
'

test_expect_success 'at 60, 80 and 200 columns: long names, notes and promises fit and are whole' '
	make_notebook wide &&
	write_file wide/clients/tokyo.md <<-\EOF &&
	---
	name: 東京コンサルティング株式会社 国際事業部 東日本営業本部 第二営業グループ
	since: 2026-01-01
	trust: strained
	contacts:
	  - name: Zoë Ångström Ñuñez Ли́дия
	    role: Head of International Partnerships and Strategic Accounts, Asia-Pacific
	    email: zoe.angstrom.nunez@tokyo-consulting-international.example
	---
	- [ ] 見積書を送る、そして東京の事務所で打ち合わせの日程を調整する (Réviser le calendrier — équipe «vite») due:2026-11-01
	EOF
	mkdir -p wide/journal/2026/11 &&
	write_file wide/journal/2026/11/2026-11-02-tokyo-meeting.md <<-\EOF &&
	---
	client: tokyo
	date: 2026-11-02
	kind: meeting
	mood: apprehensive
	---
	A very long first line of the note that goes on and on about the meeting, the people in it, and what was agreed at the end.
	EOF
	notebook -C wide check &&
	for cols in 60 80 200; do
		/usr/bin/python3 "$FIX/status-tools/on-pty.py" $cols "$NOTEBOOK_BIN" -C wide show tokyo --as-of 2026-11-20 >s$cols &&
		/usr/bin/python3 "$TEST_DIRECTORY/tools/check_width.py" $cols s$cols &&
		tr -d " \n" <s$cols >flat$cols &&
		grep -qF "Averylongfirstlineofthenotethatgoesonandonaboutthemeeting,thepeopleinit,andwhatwasagreedattheend." flat$cols &&
		grep -qF "zoe.angstrom.nunez@tokyo-consulting-international.example" flat$cols &&
		grep -qF "見積書を送る、そして東京の事務所で打ち合わせの日程を調整する(Réviserlecalendrier—équipe«vite»)" flat$cols &&
		grep -qF "apprehensive" flat$cols ||
		return 1
	done
'

test_expect_success 'usage: --help, no client, two clients, bad option' '
	notebook -C "$BASIC" show --help >out &&
	head -n 1 out >first &&
	echo "usage: notebook show [--as-of DATE] [--limit N] [--since DATE] [--json]" >want &&
	test_cmp want first &&
	test_status 2 notebook -C "$BASIC" show 2>err &&
	grep -q "^usage: notebook show" err &&
	test_status 2 notebook -C "$BASIC" show acme globex 2>err &&
	grep -q "^notebook: one client at a time: unexpected '"'"'globex'"'"' (quote a name of several words)$" err &&
	test_status 2 notebook -C "$BASIC" show --frob acme 2>err
'

test_done
