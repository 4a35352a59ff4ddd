#!/bin/sh
# notebook status: the audit on fixture notebooks, as text, as JSON (checked
# against schema/status-output.json), filters, --exit-code, invalid files,
# escaped control sequences, and the terminal path (colour, width).
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
EXP=$FIX/status-expected
BASIC=$FIX/status-basic
PY=/usr/bin/python3

# on_pty COLS CMD...: CMD on a pseudo-terminal COLS wide; prints its output.
on_pty() {
	"$PY" "$FIX/status-tools/on-pty.py" "$@"
}

test_expect_success 'status lists the clients needing attention, most urgent first' '
	notebook -C "$BASIC" status --as-of 2026-11-20 >out 2>err &&
	test_cmp "$EXP/status.out" out &&
	test_must_be_empty err
'

test_expect_success 'status --all lists every audited client, paused ones left out' '
	notebook -C "$BASIC" status --all --as-of 2026-11-20 >out &&
	test_cmp "$EXP/status-all.out" out &&
	! grep paused-co out
'

test_expect_success 'T comes from NOTEBOOK_NOW without --as-of' '
	NOTEBOOK_NOW=2026-11-20 notebook -C "$BASIC" status >out &&
	test_cmp "$EXP/status.out" out
'

test_expect_success 'status --json gives every audited client and figure' '
	notebook -C "$BASIC" status --json --as-of 2026-11-20 >out.json &&
	test_cmp "$EXP/status.json" out.json
'

test_expect_success 'status --json validates against schema/status-output.json' '
	"$PY" - "$SRC_ROOT/schema/status-output.json" out.json <<-EOF
	import json, sys, jsonschema
	schema = json.load(open(sys.argv[1]))
	jsonschema.Draft202012Validator.check_schema(schema)
	doc = json.load(open(sys.argv[2]))
	jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
	assert [c["id"] for c in doc["clients"]] == ["globex", "acme-corp", "initech",
	    "stark", "hooli", "umbrella", "wayne", "zenith"], doc["clients"]
	assert doc["summary"]["audited"] == 8 and doc["summary"]["attention"] == 6
	assert doc["summary"]["snoozed"] == 1 and doc["summary"]["left_out"] == 0
	acme = doc["clients"][1]
	assert acme["promises_overdue"] == [{"text": "Send revised timeline", "due": "2026-11-17",
	    "file": "journal/2026/10/2026-10-10-acme-corp-call.md", "line": 11}], acme
	assert acme["flags"] == ["promise-overdue", "thanks-missing"], acme["flags"]
	EOF
'

test_expect_success 'the schema rejects output that breaks it' '
	sed "s/\"state\": \"stale\"/\"state\": \"late\"/" out.json >bad.json &&
	test_must_fail "$PY" -c "
import json, sys, jsonschema
jsonschema.validate(json.load(open(\"bad.json\")), json.load(open(\"$SRC_ROOT/schema/status-output.json\")))
" 2>/dev/null
'

test_expect_success '--owner filters by the client owner, else the notebook owner' '
	notebook -C "$BASIC" status --owner sam --as-of 2026-11-20 >out &&
	test_cmp "$EXP/status-owner.out" out &&
	notebook -C "$BASIC" status --json --owner "A Tester" --as-of 2026-11-20 >o.json &&
	! grep -q "\"acme-corp\"" o.json &&
	grep -c "^      \"id\"" o.json >n && echo 7 >want && test_cmp want n
'

test_expect_success '--tag filters by tag' '
	notebook -C "$BASIC" status --all --tag retainer --as-of 2026-11-20 >out &&
	cat >want <<-\EOF &&
	STATE  CLIENT    NAME            WHY
	ok     umbrella  Umbrella Group  fit poor: decide whether to keep this client; last call 5 days ago, every 21 days (tag '"'"'retainer'"'"'); next due in 16 days

	1 of 1 client needs attention: 1 with fit in question
	EOF
	test_cmp want out
'

test_expect_success '--exit-code: 1 when a client is overdue, stale or has a promise overdue' '
	test_status 1 notebook -C "$BASIC" status --exit-code --as-of 2026-11-20 >/dev/null &&
	test_status 0 notebook -C "$BASIC" status --as-of 2026-11-20 >/dev/null &&
	test_status 0 notebook -C "$BASIC" status --exit-code --tag retainer --as-of 2026-11-20 >/dev/null &&
	test_status 0 notebook -C "$BASIC" status --exit-code --tag it --as-of 2026-09-03 >/dev/null &&
	test_status 1 notebook -C "$BASIC" status --exit-code --tag it --as-of 2026-09-09 >/dev/null
'

test_expect_success 'no client left after the filters: a summary that says so, exit 0' '
	test_status 0 notebook -C "$BASIC" status --exit-code --owner "A Tester" --tag consulting --as-of 2026-11-20 >out &&
	echo "no active or prospect clients to audit" >want &&
	test_cmp want out
'

test_expect_success 'an invalid file is reported on stderr and the rest audited' '
	(cd "$FIX/status-invalid" && notebook status --as-of 2026-11-20) >out 2>err &&
	echo "clients/broken.md:3:7: error: '"'"'tier'"'"' must be one of key, regular, occasional, not '"'"'kee'"'"' (did you mean '"'"'key'"'"'?)" >want.err &&
	echo "notebook: client '"'"'broken'"'"' is left out until '"'"'clients/broken.md'"'"' is fixed" >>want.err &&
	test_cmp want.err err &&
	cat >want <<-\EOF &&
	STATE    CLIENT  NAME     WHY
	overdue  good    Good Co  last call 18 days ago, every 14 days; 4 days overdue; promise '"'"'Send the proposal'"'"' due 1 day ago

	1 of 1 client needs attention: 1 overdue, 1 with an overdue promise; 1 invalid file left out (see the errors above)
	EOF
	test_cmp want out &&
	test_status 1 notebook -C "$FIX/status-invalid" status --exit-code --as-of 2026-11-20 >/dev/null 2>&1
'

test_expect_success '--exit-code: an invalid file is not "all well" (exit 1, counted in the summary and the JSON)' '
	make_notebook nb-left &&
	write_file nb-left/clients/fine.md <<-\EOF &&
	---
	name: Fine Ltd
	since: 2026-11-01
	---
	EOF
	write_file nb-left/clients/broken.md <<-\EOF &&
	---
	name: Broken Ltd
	tier: kee
	---
	EOF
	test_status 1 notebook -C nb-left status --exit-code --as-of 2026-11-20 >out 2>err &&
	echo "nb-left/clients/broken.md:3:7: error: '"'"'tier'"'"' must be one of key, regular, occasional, not '"'"'kee'"'"' (did you mean '"'"'key'"'"'?)" >want.err &&
	echo "notebook: client '"'"'broken'"'"' is left out until '"'"'nb-left/clients/broken.md'"'"' is fixed" >>want.err &&
	test_cmp want.err err &&
	echo "no client needs attention (1 audited); 1 invalid file left out (see the errors above)" >want &&
	test_cmp want out &&
	test_status 0 notebook -C nb-left status --as-of 2026-11-20 >/dev/null 2>&1 &&
	notebook -C nb-left status --json --as-of 2026-11-20 >out.json 2>/dev/null &&
	"$PY" - out.json <<-\EOF &&
	import json, sys
	s = json.load(open(sys.argv[1]))["summary"]
	assert s["left_out"] == 1 and s["attention"] == 0, s
	assert s["text"].endswith("; 1 invalid file left out (see the errors above)"), s
	EOF
	rm nb-left/clients/broken.md &&
	test_status 0 notebook -C nb-left status --exit-code --as-of 2026-11-20 >out &&
	echo "no client needs attention (1 audited)" >want &&
	test_cmp want out
'

test_expect_success 'the summary counts promises, not client-promise pairs; clients first, in order of urgency' '
	make_notebook nb-pair &&
	for id in alpha beta; do
		printf -- "---\nname: %s\nsince: 2026-11-01\n---\n" $id >nb-pair/clients/$id.md || return 1
	done &&
	mkdir -p nb-pair/journal/2026/11 &&
	write_file nb-pair/journal/2026/11/2026-11-05-alpha-call.md <<-\EOF &&
	---
	clients: [alpha, beta]
	date: 2026-11-05
	kind: call
	---
	Joint call.

	- [ ] Send the joint plan due:2026-11-10
	EOF
	notebook -C nb-pair status --as-of 2026-11-20 >out &&
	tail -n 1 out >last &&
	echo "2 of 2 clients need attention: 2 with overdue promises (1 promise)" >want &&
	test_cmp want last &&
	notebook -C nb-pair status --json --as-of 2026-11-20 >out.json &&
	"$PY" - out.json <<-\EOF
	import json, sys
	s = json.load(open(sys.argv[1]))["summary"]
	assert s["promises_overdue"] == 1 and s["clients_with_promises_overdue"] == 2, s
	EOF
'

test_expect_success 'a snoozed client without flags does not need attention; with a flag it does' '
	make_notebook nb-snooze &&
	write_file nb-snooze/clients/quiet.md <<-\EOF &&
	---
	name: Quiet Co
	since: 2026-09-01
	snooze: 2026-12-01
	---
	EOF
	test_status 0 notebook -C nb-snooze status --exit-code --as-of 2026-11-20 >out &&
	echo "no client needs attention (1 audited); 1 snoozed" >want &&
	test_cmp want out &&
	printf -- "- [ ] Call back due:2026-11-10\n" >>nb-snooze/clients/quiet.md &&
	test_status 1 notebook -C nb-snooze status --exit-code --as-of 2026-11-20 >out &&
	cat >want <<-\EOF &&
	STATE    CLIENT  NAME      WHY
	snoozed  quiet   Quiet Co  promise '"'"'Call back'"'"' due 10 days ago; snoozed until 2026-12-01; no contact since the relationship began on 2026-09-01 (80 days ago), every 30 days

	1 of 1 client needs attention: 1 with an overdue promise; 1 snoozed
	EOF
	test_cmp want out
'

test_expect_success 'clients rank by their most urgent reason: an overdue promise before never and due, thanks-missing last' '
	make_notebook nb-rank &&
	printf -- "---\nname: Thanks Only\nsince: 2026-01-01\n---\n" >nb-rank/clients/thanks-only.md &&
	printf -- "---\nname: Never Co\n---\n" >nb-rank/clients/never-co.md &&
	printf -- "---\nname: Promised\nsince: 2026-11-15\n---\n- [ ] Send it due:2026-11-18\n" >nb-rank/clients/promised.md &&
	mkdir -p nb-rank/journal/2026/11 &&
	printf -- "---\nclient: thanks-only\ndate: 2026-11-19\nkind: call\n---\nHi.\n" >nb-rank/journal/2026/11/2026-11-19-thanks-only-call.md &&
	notebook -C nb-rank status --as-of 2026-11-20 >out &&
	cut -c1-21 out >got &&
	cat >want <<-\EOF &&
	STATE  CLIENT       N
	ok     promised     P
	never  never-co     N
	ok     thanks-only  T

	3 of 3 clients need a
	EOF
	test_cmp want got &&
	grep -q "^ok     thanks-only  Thanks Only  no thanks sent in 90 days; last call 1 day ago" out
'

test_expect_success 'diagnostics name files relative to the working directory' '
	(cd "$FIX" && notebook -C status-invalid status --as-of 2026-11-20 >/dev/null 2>"$TRASH/err") &&
	grep "^status-invalid/clients/broken.md:3:7: error: " err
'

test_expect_success 'control sequences in names and notes are printed escaped' '
	notebook -C "$FIX/status-escape" status --as-of 2026-11-20 >out &&
	test_cmp "$EXP/escape-status.out" out &&
	! grep -q "$(printf "\033")" out &&
	! grep -q "$(printf "\007")" out &&
	grep -F "Evil \\e]0;pwned\\x07 Ltd" out &&
	notebook -C "$FIX/status-escape" status --json --as-of 2026-11-20 >out.json &&
	grep -F "\"name\": \"Evil \\u001b]0;pwned\\u0007 Ltd\"" out.json
'

test_expect_success 'not a terminal: no colour, nothing cut, one line a client' '
	notebook -C "$BASIC" status --as-of 2026-11-20 >out &&
	! grep -q "$(printf "\033")" out &&
	grep -q "^stale    globex     Globex            last apology .*satisfaction fell from 4 to 2 on 2026-09-02; no thanks sent in 90 days$" out &&
	test $(wc -l <out) = 9
'

test_expect_success 'on a terminal: colour, reasons wrapped under WHY, a name that repeats its id left out' '
	on_pty 80 "$NOTEBOOK_BIN" -C "$BASIC" status --as-of 2026-11-20 >tty.out &&
	grep -q "$(printf "\033")\[1;31mstale$(printf "\033")\[m" tty.out &&
	grep -q "$(printf "\033")\[31moverdue$(printf "\033")\[m" tty.out &&
	sed "s/$(printf "\033")\[[0-9;]*m//g" tty.out >plain &&
	cat >want <<-\EOF &&
	STATE    CLIENT            WHY
	stale    globex            last apology 80 days ago, every 7 days while trust is
	                             strained; stale (14 days or more)
	                           trust strained since 2026-09-01 (apology)
	                           satisfaction fell from 4 to 2 on 2026-09-02
	                           no thanks sent in 90 days
	overdue  acme-corp         last call 41 days ago, every 30 days; 11 days overdue
	                           promise '"'"'Send revised timeline'"'"' due 3 days ago
	                           no thanks sent in 90 days
	never    initech           no contact logged yet
	ok       stark             satisfaction 2 of 5 on 2026-11-18
	         Stark Industries  no thanks sent in 90 days
	                           last meeting 2 days ago, every 30 days; next due in
	                             28 days
	due      hooli             last meeting 27 days ago, every 30 days; due in 3
	                             days
	ok       umbrella          fit poor: decide whether to keep this client
	         Umbrella Group    last call 5 days ago, every 21 days (tag '"'"'retainer'"'"');
	                             next due in 16 days

	6 of 8 clients need attention: 1 stale, 1 overdue, 1 with an overdue promise, 1
	  never contacted, 1 with trust strained, 2 with satisfaction low, 1 due, 1 with
	  fit in question, 3 with thanks missing; 1 snoozed
	EOF
	test_cmp want plain
'

test_expect_success 'an ok client that needs attention for its flags is not green' '
	grep -q "^$(printf "\033")\[33mok$(printf "\033")\[m  *stark" tty.out &&
	! grep -q "$(printf "\033")\[32mok" tty.out
'

test_expect_success 'at 200 columns a row that fits is one line, reasons joined by "; "' '
	on_pty 200 "$NOTEBOOK_BIN" -C "$BASIC" status --no-color --as-of 2026-11-20 >wide &&
	grep -q "^overdue  acme-corp                    last call 41 days ago, every 30 days; 11 days overdue; promise '"'"'Send revised timeline'"'"' due 3 days ago; no thanks sent in 90 days$" wide &&
	grep -q "^never    initech                      no contact logged yet$" wide &&
	grep -q "^ok       stark      Stark Industries  satisfaction 2 of 5 on 2026-11-18; no thanks" wide &&
	"$PY" "$TEST_DIRECTORY/tools/check_width.py" 200 wide
'

test_expect_success 'at 60, 80 and 200 columns and in the C locale: no line too wide, no reason cut' '
	notebook -C "$BASIC" status --json --as-of 2026-11-20 >basic.json &&
	for cols in 60 80 200; do
		on_pty $cols "$NOTEBOOK_BIN" -C "$BASIC" status --as-of 2026-11-20 >t$cols &&
		"$PY" "$TEST_DIRECTORY/tools/check_width.py" $cols t$cols &&
		"$PY" "$TEST_DIRECTORY/tools/status_rows.py" t$cols basic.json ||
		return 1
	done &&
	LC_ALL=C LANG=C on_pty 60 "$NOTEBOOK_BIN" -C "$BASIC" status --as-of 2026-11-20 >c60 &&
	"$PY" "$TEST_DIRECTORY/tools/check_width.py" 60 c60 &&
	"$PY" "$TEST_DIRECTORY/tools/status_rows.py" c60 basic.json
'

test_expect_success 'long names, long reasons, CJK and combining marks: every width from 60 to 200' '
	make_notebook nb-wide &&
	write_file nb-wide/clients/tokyo.md <<-\EOF &&
	---
	name: 東京コンサルティング株式会社 国際事業部 東日本営業本部 第二営業グループ
	since: 2026-01-01
	---
	- [ ] 見積書を送る、そして東京の事務所で打ち合わせの日程を調整する (Réviser le calendrier — équipe «vite») due:2026-11-01
	EOF
	write_file nb-wide/clients/the-extraordinarily-long-named-international-holdings-group.md <<-\EOF &&
	---
	name: The Extraordinarily Long-Named International Holdings Group of Companies and Subsidiaries Worldwide Incorporated
	since: 2026-01-01
	trust: strained
	fit: questionable
	---
	EOF
	write_file nb-wide/clients/zoe.md <<-\EOF &&
	---
	name: Zoë Ångström Ñuñez Ли́дия
	since: 2026-09-01
	cadence: 7d
	---
	EOF
	write_file nb-wide/clients/acme.md <<-\EOF &&
	---
	name: Acme
	since: 2026-01-01
	---
	EOF
	mkdir -p nb-wide/journal/2026/11 &&
	write_file nb-wide/journal/2026/11/2026-11-02-acme-call.md <<-\EOF &&
	---
	clients: [acme, zoe]
	date: 2026-11-02
	kind: call
	satisfaction: 2
	---
	Talked.

	- [ ] Send the revised statement of work including the staffing plan, the budget and the timeline for the second phase due:2026-11-10
	- [ ] Call back due:2026-11-12
	EOF
	notebook -C nb-wide status --json --as-of 2026-11-20 >wide.json &&
	cols=60 &&
	while [ $cols -le 200 ]; do
		on_pty $cols "$NOTEBOOK_BIN" -C nb-wide status --as-of 2026-11-20 >w$cols &&
		"$PY" "$TEST_DIRECTORY/tools/check_width.py" $cols w$cols &&
		"$PY" "$TEST_DIRECTORY/tools/status_rows.py" w$cols wide.json >/dev/null ||
		return 1
		cols=$((cols + 7))
	done &&
	grep -q "^$(printf "\033")\[31mok$(printf "\033")\[m     acme  " w200
'

test_expect_success 'usage: --help, bad options, bad dates' '
	notebook -C "$BASIC" status --help >out &&
	grep -q "^usage: notebook status " out &&
	test_status 2 notebook -C "$BASIC" status --bogus >out 2>err &&
	test_must_be_empty out &&
	grep -q "^usage: notebook status " err &&
	test_status 2 notebook -C "$BASIC" status --as-of 2026-02-30 >out 2>err &&
	grep -q "^notebook: --as-of wants a date YYYY-MM-DD, not '"'"'2026-02-30'"'"'$" err &&
	test_status 2 notebook -C "$BASIC" status extra 2>err &&
	grep -q "unexpected argument '"'"'extra'"'"'" err
'

test_expect_success 'status | head is quiet' '
	notebook -C "$BASIC" status --all --as-of 2026-11-20 2>err | head -n 1 >out &&
	test_must_be_empty err
'

test_done
