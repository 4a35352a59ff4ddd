#!/bin/sh
# status's kept answers without the file-system monitor (notebook(1)): a
# status asked again prints the answer kept for the files as they are when
# the stat walk finds every file as the cache has it; an edit (in the same
# second too), a touched, new or removed file, another day, other
# arguments, a flipped byte in the kept answer: the next status is what a
# run without the cache says. An answer with something on standard error
# is never kept.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
OLD='2026-01-01 00:00:00'
DB=nb/.notebook-cache/index.db

# age: every file's and folder's mtime well in the past (rows trusted).
age() {
	find nb -name .notebook-cache -prune -o -exec touch -d "$OLD" {} +
}

# tamper FROM TO [--keep-sum]: text in the kept answers rewritten.
tamper() {
	python3 "$TEST_DIRECTORY/tools/answer_tamper.py" ${3:-} "$DB" "$1" "$2" >tamper.out &&
	test "$(cat tamper.out)" -ge 1
}

test_expect_success 'setup: a notebook whose files are old' '
	cp -R "$FIX/status-basic" nb && rm -rf nb/.notebook-cache && age nb &&
	same_status --all --json --as-of 2026-11-20 &&
	test "$(kept_answers)" = 1
'

test_expect_success 'status asked again prints the kept answer' '
	same_status --all --json --as-of 2026-11-20 &&
	tamper "Acme Corp" "Acme Cxrp" &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	grep "Acme Cxrp" out
'

test_expect_success 'an edit, in the same second as the answer, is seen' '
	edit_in_place nb/clients/acme-corp.md "^name: Acme Corp$" "name: Acme Cone" &&
	same_status --all --json --as-of 2026-11-20 && grep "Acme Cone" out &&
	edit_in_place nb/clients/acme-corp.md "^name: Acme Cone$" "name: Acme Ctwo" &&
	same_status --all --json --as-of 2026-11-20 && grep "Acme Ctwo" out
'

test_expect_success 'a touched file, a new file and a removed one are seen' '
	age nb && same_status --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" &&
	touch nb/clients/globex.md &&
	same_status --all --json --as-of 2026-11-20 && ! grep "Acme Cxxx" out &&
	write_file nb/clients/newco.md <<-EOF &&
	---
	name: New Co
	tier: key
	---
	EOF
	touch -d "$OLD" nb/clients/newco.md nb/clients &&
	same_status --all --json --as-of 2026-11-20 && grep "New Co" out &&
	rm nb/clients/newco.md && touch -d "$OLD" nb/clients &&
	same_status --all --json --as-of 2026-11-20 && ! grep "New Co" out
'

test_expect_success 'another day or other arguments: not that answer' '
	age nb && same_status --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" &&
	same_status --all --json --as-of 2026-11-21 &&
	same_status --json --as-of 2026-11-20 &&
	same_status --all --as-of 2026-11-20
'

test_expect_success 'a flipped byte in a kept answer is a miss, never a wrong answer' '
	age nb && same_status --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" --keep-sum &&
	same_status --all --json --as-of 2026-11-20
'

test_expect_success 'an answer with something on standard error is not kept' '
	printf -- "---\nname: [broken\n---\n" >nb/clients/broken.md && age nb &&
	n=$(kept_answers) &&
	same_status --all --json --as-of 2026-11-22 && test -s err &&
	same_status --all --json --as-of 2026-11-22 && test -s err &&
	test "$(kept_answers)" = "$n"
'

test_expect_success 'a status without a cache killed while it writes one (its log copied in a thread of its own): the next is right' '
	if ! can_strace; then say "skip: the exact kills need strace"; exit 0; fi &&
	rm -f nb/clients/broken.md && age nb &&
	for call in pwrite64 fdatasync ftruncate; do
		n=1 &&
		while :; do
			rm -rf nb/.notebook-cache &&
			status_killed_at $call $n --all --json --as-of 2026-11-23 &&
			{ test "$(cat killed.st)" = 137 || break; } &&
			{ ! test -f "$DB" || test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok; } &&
			same_status --all --json --as-of 2026-11-23 &&
			same_status --all --json --as-of 2026-11-23 &&
			n=$((n + 1)) &&
			test $n -le 300 || return 1
		done &&
		say "$call: killed at each of its first $((n - 1)), then it finished" &&
		test $n -gt 1 || return 1
	done
'

test_done
