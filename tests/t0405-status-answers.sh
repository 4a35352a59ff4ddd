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

# same ARGS...: `status ARGS` (stdout, stderr, exit status) is what a run
# without the cache says; its output is left in out.
same() {
	NOTEBOOK_NO_CACHE=1 notebook -C nb status "$@" >expect 2>expect.err
	echo $? >expect.st
	notebook -C nb status "$@" >out 2>err
	echo $? >out.st
	test_cmp expect out && test_cmp expect.err err && test_cmp expect.st out.st
}

answers() {
	sqlite3 "$DB" "SELECT count(*) FROM answers" 2>/dev/null || echo 0
}

# tamper FROM TO [--keep-sum]: text in the kept answers rewritten.
tamper() {
	python3 "$TEST_DIRECTORY/tools/answer_tamper.py" ${3:-} "$DB" "$1" "$2" >tamper.out &&
	test "$(cat tamper.out)" -ge 1
}

edit() {
	sed "s/$2/$3/" "$1" >edit.tmp && cat edit.tmp >"$1" && rm -f edit.tmp
}

test_expect_success 'setup: a notebook whose files are old' '
	cp -R "$FIX/status-basic" nb && rm -rf nb/.notebook-cache && age nb &&
	same --all --json --as-of 2026-11-20 &&
	test "$(answers)" = 1
'

test_expect_success 'status asked again prints the kept answer' '
	same --all --json --as-of 2026-11-20 &&
	tamper "Acme Corp" "Acme Cxrp" &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	grep "Acme Cxrp" out
'

test_expect_success 'an edit, in the same second as the answer, is seen' '
	edit nb/clients/acme-corp.md "^name: Acme Corp$" "name: Acme Cone" &&
	same --all --json --as-of 2026-11-20 && grep "Acme Cone" out &&
	edit nb/clients/acme-corp.md "^name: Acme Cone$" "name: Acme Ctwo" &&
	same --all --json --as-of 2026-11-20 && grep "Acme Ctwo" out
'

test_expect_success 'a touched file, a new file and a removed one are seen' '
	age nb && same --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" &&
	touch nb/clients/globex.md &&
	same --all --json --as-of 2026-11-20 && ! grep "Acme Cxxx" out &&
	write_file nb/clients/newco.md <<-EOF &&
	---
	name: New Co
	tier: key
	---
	EOF
	touch -d "$OLD" nb/clients/newco.md nb/clients &&
	same --all --json --as-of 2026-11-20 && grep "New Co" out &&
	rm nb/clients/newco.md && touch -d "$OLD" nb/clients &&
	same --all --json --as-of 2026-11-20 && ! grep "New Co" out
'

test_expect_success 'another day or other arguments: not that answer' '
	age nb && same --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" &&
	same --all --json --as-of 2026-11-21 &&
	same --json --as-of 2026-11-20 &&
	same --all --as-of 2026-11-20
'

test_expect_success 'a flipped byte in a kept answer is a miss, never a wrong answer' '
	age nb && same --all --json --as-of 2026-11-20 &&
	tamper "Acme Ctwo" "Acme Cxxx" --keep-sum &&
	same --all --json --as-of 2026-11-20
'

test_expect_success 'an answer with something on standard error is not kept' '
	printf -- "---\nname: [broken\n---\n" >nb/clients/broken.md && age nb &&
	n=$(answers) &&
	same --all --json --as-of 2026-11-22 && test -s err &&
	same --all --json --as-of 2026-11-22 && test -s err &&
	test "$(answers)" = "$n"
'

test_done
