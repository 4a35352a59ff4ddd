#!/bin/sh
# status's kept answers (notebook(1), index --monitor): with the monitor on,
# a status asked again is answered from the cache without reading the
# notebook when watchman says exactly that no client or entry file changed;
# every change, another day, other arguments, another terminal width, a
# watchman down or restarted, a flipped byte in the kept answer: the next
# status is what a run without the cache says. An answer with something on
# standard error is never kept.
. "$(dirname "$0")/lib.sh"

start_watchman

FIX=$SRC_ROOT/tests/fixtures
DB=nb/.git/notebook/index.db

# untouched ARGS...: `status ARGS` reads no file or folder of the notebook
# (where strace can trace; elsewhere it only runs).
untouched() {
	if can_strace; then
		# LeakSanitizer cannot run under ptrace (the sanitizer build)
		ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" strace -f -o trace -e trace=openat,open,newfstatat,stat,lstat,getdents64 \
			"$NOTEBOOK_BIN" -C nb status "$@" >out 2>err
		echo $? >out.st &&
		! grep -E "nb/(clients|journal)" trace
	else
		notebook -C nb status "$@" >out 2>err
		echo $? >out.st
	fi
}

test_expect_success 'setup: a notebook with the monitor on' '
	cp -R "$FIX/status-basic" nb &&
	git init -q nb &&
	git -C nb add . && git -C nb commit -q -m start &&
	notebook -C nb index --monitor watchman >/dev/null &&
	test "$(kept_answers)" = 0
'

test_expect_success 'status asked again is answered without reading the notebook' '
	same_status --all --as-of 2026-11-20 &&
	test "$(kept_answers)" = 1 &&
	cp out first && cp out.st first.st &&
	untouched --all --as-of 2026-11-20 &&
	test_cmp first out && test_cmp first.st out.st && test_must_be_empty err
'

test_expect_success 'the exit status is kept with the answer (--exit-code)' '
	same_status --exit-code --as-of 2026-11-20 &&
	test "$(cat out.st)" = 1 &&
	untouched --exit-code --as-of 2026-11-20 &&
	test "$(cat out.st)" = 1 &&
	test_cmp expect out
'

test_expect_success 'other arguments, another day, JSON: answers of their own' '
	same_status --as-of 2026-11-20 &&
	same_status --as-of 2026-12-20 &&
	! test_cmp first out &&
	same_status --all --json --as-of 2026-11-20 &&
	same_status --all --as-of 2026-11-20 &&
	test_cmp first out
'

test_expect_success 'another terminal width, colours or none: answers of their own' '
	python3 "$TEST_DIRECTORY/fixtures/status-tools/on-pty.py" 60 \
		"$NOTEBOOK_BIN" -C nb status --all --as-of 2026-11-20 >pty60 &&
	python3 "$TEST_DIRECTORY/fixtures/status-tools/on-pty.py" 60 \
		"$NOTEBOOK_BIN" -C nb status --all --as-of 2026-11-20 >pty60.again &&
	test_cmp pty60 pty60.again &&
	python3 "$TEST_DIRECTORY/fixtures/status-tools/on-pty.py" 120 \
		"$NOTEBOOK_BIN" -C nb status --all --as-of 2026-11-20 >pty120 &&
	! test_cmp pty60 pty120 &&
	NOTEBOOK_NO_CACHE=1 python3 "$TEST_DIRECTORY/fixtures/status-tools/on-pty.py" 120 \
		"$NOTEBOOK_BIN" -C nb status --all --as-of 2026-11-20 >pty120.fresh &&
	test_cmp pty120.fresh pty120 &&
	same_status --all --as-of 2026-11-20 &&
	test_cmp first out
'

test_expect_success 'an edit, a new entry, a rename and a deletion are each seen' '
	edit_in_place nb/clients/acme-corp.md "^name: Acme Corp$" "name: Acme Kept" &&
	same_status --all --as-of 2026-11-20 && grep "Acme Kept" out &&
	f=$(find nb/journal -name "*.md" | sort | head -n 1) &&
	echo "One more line." >>"$f" &&
	same_status --all --as-of 2026-11-20 &&
	notebook -C nb log globex -k meeting -m "A new entry." --date 2026-11-19 >/dev/null &&
	same_status --all --as-of 2026-11-20 && grep "last meeting 1 day ago" out &&
	mv nb/clients/zenith.md nb/clients/zenith-two.md &&
	same_status --all --as-of 2026-11-20 && grep "zenith-two" out &&
	rm nb/clients/hooli.md &&
	same_status --all --as-of 2026-11-20 && ! grep "hooli" out &&
	mv nb/clients/zenith-two.md nb/clients/zenith.md &&
	git -C nb checkout -q clients/hooli.md &&
	same_status --all --as-of 2026-11-20 && grep "hooli" out &&
	test_must_be_empty err &&
	untouched --all --as-of 2026-11-20 && test_cmp expect out
'

test_expect_success 'notebook.yaml changed: the fingerprint is another, so is the answer' '
	same_status --all --as-of 2026-11-20 &&
	cp out before &&
	echo "cadence: 3d" >>nb/notebook.yaml &&
	same_status --all --as-of 2026-11-20 &&
	! test_cmp before out &&
	git -C nb checkout -q notebook.yaml &&
	same_status --all --as-of 2026-11-20 &&
	test_cmp before out
'

test_expect_success 'an answer with something on stderr is never kept: it is said every time' '
	printf -- "---\nname: [unclosed\n---\n" >nb/clients/broken.md &&
	same_status --all --as-of 2026-11-20 &&
	grep "clients/broken.md" err &&
	same_status --all --as-of 2026-11-20 &&
	grep "clients/broken.md" err &&
	rm nb/clients/broken.md &&
	same_status --all --as-of 2026-11-20 &&
	same_status --owner nobody-at-all --as-of 2026-11-20 &&
	test -s err &&
	same_status --owner nobody-at-all --as-of 2026-11-20 &&
	test -s err
'

test_expect_success 'a flipped byte in a kept answer is a miss, never a wrong answer' '
	same_status --all --as-of 2026-11-20 &&
	cp out right &&
	sqlite3 "$DB" "UPDATE answers SET out = CAST(replace(CAST(out AS TEXT), \"ok\", \"OK\") AS BLOB)" &&
	same_status --all --as-of 2026-11-20 &&
	test_cmp right out
'

test_expect_success 'an edit made while watchman is down is seen; after a restart too' '
	same_status --all --as-of 2026-11-20 &&
	watchman_down &&
	edit_in_place nb/clients/acme-corp.md "^name: Acme Kept$" "name: Acme Down" &&
	same_status --all --as-of 2026-11-20 && grep "Acme Down" out &&
	watchman_up &&
	same_status --all --as-of 2026-11-20 && grep "Acme Down" out &&
	edit_in_place nb/clients/acme-corp.md "^name: Acme Down$" "name: Acme Back" &&
	same_status --all --as-of 2026-11-20 && grep "Acme Back" out &&
	same_status --all --as-of 2026-11-20
'

test_expect_success 'a run without the monitor between two with it: each keeps its own answer' '
	same_status --all --as-of 2026-11-22 &&
	NOTEBOOK_MONITOR=none notebook -C nb status --all --as-of 2026-11-22 >none.out &&
	test_cmp expect none.out &&
	untouched --all --as-of 2026-11-22 &&
	test_cmp expect out &&
	NOTEBOOK_MONITOR=none notebook -C nb status --all --as-of 2026-11-22 >none.out &&
	test_cmp expect none.out &&
	untouched --all --as-of 2026-11-22 &&
	test_cmp expect out && test_must_be_empty err
'

test_expect_success 'a status killed while it keeps its answer: the next is right, the cache whole' '
	if ! can_strace; then say "skip: the exact kills need strace"; exit 0; fi &&
	for call in pwrite64 fdatasync; do
		n=1 && day=1 &&
		while :; do
			# a day of its own: an answer not kept yet, so this run keeps one
			as_of=$(printf 2027-%02d-%02d $((day / 28 + 1)) $((day % 28 + 1))) &&
			status_killed_at $call $n --all --as-of $as_of &&
			{ test "$(cat killed.st)" = 137 || break; } &&
			test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok &&
			same_status --all --as-of $as_of &&
			untouched --all --as-of $as_of &&
			test_cmp expect out &&
			n=$((n + 1)) && day=$((day + 1)) &&
			test $n -le 300 || return 1
		done &&
		say "$call: killed at each of its first $((n - 1)), then it finished" &&
		test $n -gt 1 || return 1
	done
'

test_expect_success 'with the monitor off an edit is seen, in the same second too' '
	notebook -C nb index --monitor none >/dev/null &&
	edit_in_place nb/clients/acme-corp.md "^name: Acme Back$" "name: Acme Off" &&
	same_status --all --as-of 2026-11-20 && grep "Acme Off" out &&
	same_status --all --as-of 2026-11-20 && grep "Acme Off" out &&
	edit_in_place nb/clients/acme-corp.md "^name: Acme Off$" "name: Acme Odd" &&
	same_status --all --as-of 2026-11-20 && grep "Acme Odd" out
'

test_done
