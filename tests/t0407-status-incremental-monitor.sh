#!/bin/sh
# status after a few files changed, with the file-system monitor on
# (notebook(1), index --monitor): watchman says what changed since the kept
# answer's clock, and the run redoes only the clients those files touch
# from the rows kept beside that answer, printing what a run without the
# cache prints; an edit while watchman is down, a watchman restarted: the
# same. NOTEBOOK_STATUS_DELTA_LOG counts the runs made so.
. "$(dirname "$0")/lib.sh"

start_watchman

FIX=$SRC_ROOT/tests/fixtures
DB=nb/.git/notebook/index.db
D=2026-11-20
NOTEBOOK_STATUS_DELTA_LOG=$TRASH/delta.log
export NOTEBOOK_STATUS_DELTA_LOG

test_expect_success 'setup: a notebook with the monitor on, its answers kept' '
	cp -R "$FIX/status-basic" nb &&
	find nb -exec touch -d "2026-01-01 00:00:00" {} + &&
	git init -q nb &&
	git -C nb add . && git -C nb commit -q -m start &&
	notebook -C nb index --monitor watchman >/dev/null &&
	one_set full --json --as-of $D &&
	one_set full --all --as-of $D &&
	one_set full --json --as-of $D &&
	test "$(kept_answers)" = 2
'

test_expect_success 'an entry edited, twice: each a delta' '
	printf "One more line.\n" >>nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	one_set delta --json --as-of $D &&
	one_set delta --all --as-of $D &&
	edit_in_place nb/journal/2026/11/2026-11-18-stark-meeting.md "due:2026-11-25" "due:2026-11-01" &&
	one_set delta --json --as-of $D &&
	one_set delta --all --as-of $D
'

test_expect_success 'an entry added and one removed, a client file edited' '
	write_file nb/journal/2026/11/2026-11-19-globex-call.md <<-\EOF &&
	---
	client: globex
	date: 2026-11-19
	kind: call
	---
	Caught up.
	EOF
	rm nb/journal/2026/09/2026-09-20-wayne-call.md &&
	edit_in_place nb/clients/umbrella.md "^tier: .*" "tier: key" &&
	one_set delta --json --as-of $D &&
	one_set delta --all --as-of $D
'

test_expect_success 'an edit while watchman is down, then a restart: still right' '
	watchman_down &&
	printf "Down.\n" >>nb/journal/2026/11/2026-11-15-umbrella-call.md &&
	same_status --json --as-of $D &&
	watchman_up &&
	same_status --json --as-of $D &&
	printf "Up.\n" >>nb/journal/2026/11/2026-11-15-umbrella-call.md &&
	same_status --json --as-of $D &&
	same_status --all --as-of $D
'

test_expect_success 'a client file added: the full run, then deltas again' '
	write_file nb/clients/newco.md <<-\EOF &&
	---
	name: New Co
	status: active
	tier: key
	---
	EOF
	one_set full --json --as-of $D &&
	one_set full --json --as-of $D &&
	printf "Again.\n" >>nb/journal/2026/11/2026-11-12-acme-corp-note.md &&
	one_set delta --json --as-of $D
'

test_done
