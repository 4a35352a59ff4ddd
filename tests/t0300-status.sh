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
	    "hooli", "wayne", "umbrella", "stark", "zenith"], doc["clients"]
	assert doc["summary"]["audited"] == 8 and doc["summary"]["attention"] == 7
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
	ok     umbrella  Umbrella Group  last call 5 days ago, every 21 days (tag '"'"'retainer'"'"'); next due in 16 days; fit poor: decide whether to keep this client

	1 of 1 client needs attention: 1 fit in question
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
	test_cmp want.err err &&
	cat >want <<-\EOF &&
	STATE    CLIENT  NAME     WHY
	overdue  good    Good Co  last call 18 days ago, every 14 days; 4 days overdue; promise '"'"'Send the proposal'"'"' due 1 day ago

	1 of 1 client needs attention: 1 overdue, 1 promise overdue
	EOF
	test_cmp want out &&
	test_status 1 notebook -C "$FIX/status-invalid" status --exit-code --as-of 2026-11-20 >/dev/null 2>&1
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

test_expect_success 'not a terminal: no colour, nothing cut' '
	notebook -C "$BASIC" status --as-of 2026-11-20 >out &&
	! grep -q "$(printf "\033")" out &&
	grep -q "satisfaction fell from 4 to 2 on 2026-09-02$" out
'

test_expect_success 'on a terminal: colour, and rows cut to its width with an ellipsis' '
	on_pty 80 "$NOTEBOOK_BIN" -C "$BASIC" status --as-of 2026-11-20 >tty.out &&
	grep -q "$(printf "\033")\[1;31mstale$(printf "\033")\[m" tty.out &&
	grep -q "$(printf "\033")\[31moverdue$(printf "\033")\[m" tty.out &&
	sed "s/$(printf "\033")\[[0-9;]*m//g" tty.out >plain &&
	cat >want <<-\EOF &&
	STATE    CLIENT     NAME              WHY
	stale    globex     Globex            last apology 80 days ago, every 7 days wh…
	overdue  acme-corp  Acme Corp         last call 41 days ago, every 30 days; 11…
	never    initech    Initech           no contact logged yet
	due      hooli      Hooli             last meeting 27 days ago, every 30 days;…
	snoozed  wayne      Wayne Holdings    snoozed until 2026-12-01; last call 61 da…
	ok       umbrella   Umbrella Group    last call 5 days ago, every 21 days (tag…
	ok       stark      Stark Industries  last meeting 2 days ago, every 30 days; n…

	7 of 8 clients need attention: 1 stale, 1 overdue, 1 never contacted, 1 due, 1 snoozed, 1 promise overdue, 1 trust strained, 3 thanks missing, 1 fit in question, 2 satisfaction low
	EOF
	test_cmp want plain
'

test_expect_success 'a wider terminal shows more; the flex column keeps 10 columns at least' '
	on_pty 120 "$NOTEBOOK_BIN" -C "$BASIC" status --no-color --as-of 2026-11-20 >wide &&
	grep -q "^never    initech    Initech           no contact logged yet$" wide &&
	grep -q "^overdue  acme-corp  Acme Corp         last call 41 days ago, every 30 days; 11 days overdue; promise '"'"'Send revised time…$" wide &&
	on_pty 20 "$NOTEBOOK_BIN" -C "$BASIC" status --no-color --as-of 2026-11-20 >narrow &&
	grep -q "^stale    globex     Globex            last apol…$" narrow
'

test_expect_success 'NO_COLOR and --no-color turn colour off on a terminal' '
	NO_COLOR=1 on_pty 80 "$NOTEBOOK_BIN" -C "$BASIC" status --as-of 2026-11-20 >a &&
	! grep -q "$(printf "\033")" a &&
	on_pty 80 "$NOTEBOOK_BIN" -C "$BASIC" status --no-color --as-of 2026-11-20 >b &&
	! grep -q "$(printf "\033")" b &&
	test_cmp a b
'

test_expect_success 'ASCII dots for the ellipsis outside a UTF-8 locale' '
	LC_ALL=C LANG=C on_pty 80 "$NOTEBOOK_BIN" -C "$BASIC" status --no-color --as-of 2026-11-20 >c &&
	grep -q "^stale    globex     Globex            last apology 80 days ago, every 7 days\.\.\.$" c
'

test_expect_success 'the cut never splits a UTF-8 sequence, at any width' '
	make_notebook nb-wide &&
	write_file nb-wide/clients/tokyo.md <<-\EOF &&
	---
	name: Café Tōkyō 東京
	since: 2026-01-01
	---
	- [ ] Réviser le calendrier — équipe 東京 «vite» due:2026-11-01
	EOF
	"$PY" - "$NOTEBOOK_BIN" <<-\EOF
	import fcntl, os, pty, struct, subprocess, sys, termios, unicodedata
	def run(cols):
	    master, slave = pty.openpty()
	    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
	    p = subprocess.Popen([sys.argv[1], "-C", "nb-wide", "status", "--no-color",
	                          "--as-of", "2026-11-20"], stdout=slave)
	    os.close(slave)
	    out = b""
	    while True:
	        try:
	            chunk = os.read(master, 65536)
	        except OSError:
	            break
	        if not chunk:
	            break
	        out += chunk
	    os.close(master)
	    assert p.wait() == 0
	    return out.replace(b"\r\n", b"\n")
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	cut_after_multibyte = 0
	for cols in range(140, 201):
	    row = run(cols).decode("utf-8").split("\n")[1]  # decoding fails on a split sequence
	    assert row.startswith("stale  tokyo   Café Tōkyō 東京  "), row
	    assert width(row) <= cols, (cols, row, width(row))
	    if row.endswith("…") and ord(row[-2]) > 0x7f:
	        cut_after_multibyte += 1
	assert cut_after_multibyte >= 3, cut_after_multibyte
	EOF
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
