#!/bin/sh
# status after a few files changed since its kept answer (notebook(1),
# status): it redoes only the clients those files touch, from the rows kept
# beside the answer, and what it prints (standard output and error, exit
# status) is what a run without the cache prints, byte for byte, for each
# kind of edit and each set of options. NOTEBOOK_STATUS_DELTA_LOG counts
# the runs made so, so that a test cannot pass on a full run alone. A
# client file added or removed, a file with something to say, an entry
# naming a client with no file: the full run. From eight changed files on,
# the run writes their rows and keeps its answer anew (killed while it does,
# the next run is still right).
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
PY=/usr/bin/python3
OLD='2026-01-01 00:00:00'
DB=nb/.notebook-cache/index.db
D=2026-11-20
NOTEBOOK_STATUS_DELTA_LOG=$TRASH/delta.log
export NOTEBOOK_STATUS_DELTA_LOG

# age: every file's and folder's mtime well in the past (rows trusted).
age() {
	find nb -name .notebook-cache -prune -o -exec touch -d "$OLD" {} +
}

# The option sets each edit is checked with (one kept answer each).
SETS='--json|--all --json||--all|--state stale,overdue,due|--exit-code --all|--tag consulting|--owner sam --exit-code'

# each_set delta|full|clients: for every option set, status is what a run
# without the cache says; `delta`: each was made by a delta, `full`: none
# was, `clients`: a delta but with --tag or --owner (a client file changed:
# what they find may change, the full run says; it writes the changed rows,
# and the answers kept before are then no longer of the files as they are:
# those sets come last).
each_set() {
	want=$1 &&
	old_ifs=$IFS && IFS='|' && set -- $SETS && IFS=$old_ifs &&
	for a in "$@"; do
		before=$(deltas) &&
		same_status $a --as-of $D &&
		after=$(deltas) &&
		w=$want &&
		case "$want $a" in clients*--tag*|clients*--owner*) w=full ;; clients*) w=delta ;; esac &&
		if test "$w" = delta; then
			test "$after" -eq $((before + 1))
		else
			test "$after" -eq "$before"
		fi || { say "set '$a': $before then $after deltas, want $w"; return 1; }
	done
}

# base: a fresh copy of the fixture, aged, and each set's answer kept.
base() {
	rm -rf nb && cp -R "$FIX/status-basic" nb && rm -rf nb/.notebook-cache && age &&
	each_set full
}

test_expect_success 'setup: each set of options keeps its answer' '
	base && test "$(kept_answers)" = 8 &&
	test "$(sqlite3 "$DB" "SELECT count(*) FROM answer_parts")" = 8
'

test_expect_success 'an entry body edited: a delta, twice in a row' '
	printf "One more line.\n" >>nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	each_set delta &&
	printf "And another.\n" >>nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	each_set delta
'

test_expect_success 'a change undone: still a delta, and the kept answer is right' '
	cp "$FIX/status-basic/journal/2026/11/2026-11-12-acme-corp-note.md" nb/journal/2026/11/ &&
	each_set delta
'

test_expect_success 'an entry moved earlier and later (last contact changes)' '
	base &&
	mv nb/journal/2026/11/2026-11-15-umbrella-call.md nb/journal/2026/11/2026-11-02-umbrella-call.md &&
	edit_in_place nb/journal/2026/11/2026-11-02-umbrella-call.md "^date: .*" "date: 2026-11-02" &&
	each_set delta &&
	mkdir -p nb/journal/2026/08 &&
	mv nb/journal/2026/09/2026-09-20-wayne-call.md nb/journal/2026/08/2026-08-01-wayne-call.md &&
	edit_in_place nb/journal/2026/08/2026-08-01-wayne-call.md "^date: .*" "date: 2026-08-01" &&
	each_set delta &&
	mv nb/journal/2026/08/2026-08-01-wayne-call.md nb/journal/2026/11/2026-11-19-wayne-call.md &&
	edit_in_place nb/journal/2026/11/2026-11-19-wayne-call.md "^date: .*" "date: 2026-11-19" &&
	each_set delta
'

test_expect_success 'an entry given to another client, and one naming two' '
	base &&
	mv nb/journal/2026/10/2026-10-10-acme-corp-call.md nb/journal/2026/10/2026-10-10-initech-call.md &&
	edit_in_place nb/journal/2026/10/2026-10-10-initech-call.md "^client: .*" "client: initech" &&
	each_set delta &&
	edit_in_place nb/journal/2026/10/2026-10-10-initech-call.md "^client: .*" "clients: [initech, stark]" &&
	each_set delta &&
	edit_in_place nb/journal/2026/10/2026-10-10-initech-call.md "^clients: .*" "clients: [initech, globex, hooli]" &&
	each_set delta &&
	edit_in_place nb/journal/2026/10/2026-10-24-hooli-meeting.md "^clients: .*" "clients: [hooli, stark, wayne]" &&
	each_set delta
'

test_expect_success 'an entry added and one deleted' '
	base &&
	write_file nb/journal/2026/11/2026-11-19-globex-call.md <<-\EOF &&
	---
	client: globex
	date: 2026-11-19
	kind: call
	---
	Caught up.
	EOF
	each_set delta &&
	rm nb/journal/2026/11/2026-11-18-stark-meeting.md &&
	each_set delta &&
	rm nb/journal/2026/09/2026-09-01-globex-apology.md nb/journal/2026/09/2026-09-02-globex-note.md &&
	each_set delta
'

test_expect_success 'a promise added, done, made overdue' '
	base &&
	printf -- "- [ ] Send the deck due:2026-11-30\n" >>nb/journal/2026/11/2026-11-19-zenith-thanks.md &&
	each_set delta &&
	edit_in_place nb/journal/2026/11/2026-11-19-zenith-thanks.md "due:2026-11-30" "due:2026-11-02" &&
	each_set delta &&
	edit_in_place nb/journal/2026/11/2026-11-19-zenith-thanks.md "^- \[ \] Send" "- [x] Send" &&
	each_set delta &&
	edit_in_place nb/journal/2026/11/2026-11-18-stark-meeting.md "due:2026-11-25" "due:2026-11-01" &&
	each_set delta
'

test_expect_success 'trust, thanks and satisfaction entries' '
	base &&
	write_file nb/journal/2026/11/2026-11-16-acme-corp-call.md <<-\EOF &&
	---
	client: acme-corp
	date: 2026-11-16
	kind: call
	trust: strained
	satisfaction: 1
	---
	Hard call.
	EOF
	each_set delta &&
	write_file nb/journal/2026/11/2026-11-17-globex-thanks.md <<-\EOF &&
	---
	client: globex
	date: 2026-11-17
	kind: thanks
	---
	Thanks for the intro.
	EOF
	each_set delta &&
	edit_in_place nb/journal/2026/11/2026-11-16-acme-corp-call.md "^trust: .*" "trust: repairing" &&
	each_set delta
'

test_expect_success 'a client file edited: tier, cadence, a long name, paused, an owner' '
	base &&
	edit_in_place nb/clients/umbrella.md "^tier: .*" "tier: occasional" &&
	each_set clients &&
	base &&
	edit_in_place nb/clients/umbrella.md "^name: .*" "name: Umbrella Holdings International Consolidated Group of Companies" &&
	each_set clients &&
	base &&
	printf "cadence: 5d\n" >cad && sed "2r cad" nb/clients/wayne.md >w.tmp && cat w.tmp >nb/clients/wayne.md &&
	each_set clients &&
	base &&
	edit_in_place nb/clients/hooli.md "^status: .*" "status: paused" &&
	each_set clients &&
	base &&
	edit_in_place nb/clients/acme-corp.md "^owner: .*" "owner: kim" &&
	each_set clients
'

test_expect_success 'a client file added or removed: the full run' '
	base &&
	write_file nb/clients/newco.md <<-\EOF &&
	---
	name: New Co
	status: active
	tier: key
	---
	EOF
	each_set full &&
	each_set full &&
	rm nb/clients/newco.md &&
	each_set full &&
	each_set full &&
	rm nb/clients/paused-co.md &&
	each_set full
'

test_expect_success 'an invalid edit, an unknown client: the full run, with its words' '
	base &&
	printf -- "---\nclient: acme-corp\ndate: [broken\n---\n" >nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	each_set full && test -s err &&
	base &&
	write_file nb/journal/2026/11/2026-11-19-nobody-call.md <<-\EOF &&
	---
	client: nobody
	date: 2026-11-19
	kind: call
	---
	Who?
	EOF
	each_set full && test -s err
'

test_expect_success 'eight changed files: their rows written, the answer kept anew' '
	base &&
	for f in nb/journal/2026/*/*.md; do printf "More.\n" >>"$f" || return 1; done &&
	sleep 2 &&
	one_set delta --json --as-of $D &&
	one_set full --json --as-of $D &&
	one_set full --json --as-of $D &&
	printf "Again.\n" >>nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	one_set delta --json --as-of $D &&
	one_set delta --json --as-of $D
'

test_expect_success 'an entry added by notebook log' '
	base && DB=nb/.git/notebook/index.db &&
	(cd nb && git init -q && git add -A && git commit -qm base) && age &&
	one_set full --all --as-of $D && one_set full --all --as-of $D &&
	(cd nb && NOTEBOOK_NOW=2026-11-20 notebook log globex -m "Called." >/dev/null) &&
	one_set delta --all --as-of $D &&
	printf "More.\n" >>nb/journal/2026/11/2026-11-20-globex-call.md &&
	one_set delta --all --as-of $D
'

test_expect_success 'on a terminal: the columns made again over every row' '
	base &&
	NOTEBOOK_NO_CACHE=1 "$PY" "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C nb status --as-of $D >expect &&
	"$PY" "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C nb status --as-of $D >out &&
	test_cmp expect out &&
	edit_in_place nb/clients/umbrella.md "^name: .*" "name: Umbrella Holdings International Consolidated Group" &&
	n=$(deltas) &&
	NOTEBOOK_NO_CACHE=1 "$PY" "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C nb status --as-of $D >expect &&
	"$PY" "$FIX/status-tools/on-pty.py" 60 "$NOTEBOOK_BIN" -C nb status --as-of $D >out &&
	test_cmp expect out && test "$(deltas)" -eq $((n + 1))
'

test_expect_success 'a delta killed while it writes its rows and keeps its answer: the next is right' '
	if ! can_strace; then say "skip: the exact kills need strace"; exit 0; fi &&
	for call in pwrite64 fdatasync; do
		n=1 &&
		while :; do
			rm -rf nb && cp -R "$FIX/status-basic" nb && rm -rf nb/.notebook-cache && age &&
			same_status --json --as-of $D &&
			for f in nb/journal/2026/*/*.md; do printf "More $n.\n" >>"$f" || return 1; done &&
			status_killed_at $call $n --json --as-of $D &&
			{ test "$(cat killed.st)" = 137 || break; } &&
			test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok &&
			same_status --json --as-of $D &&
			same_status --json --as-of $D &&
			n=$((n + 1)) &&
			test $n -le 100 || return 1
		done &&
		say "$call: killed at each of its first $((n - 1)), then it finished" &&
		test $n -gt 1 || return 1
	done
'

test_done
