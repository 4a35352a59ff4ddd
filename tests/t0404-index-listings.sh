#!/bin/sh
# The folders' listings in the cache: a folder whose stat data is what it
# was when its names were read is not read again (its names come from the
# cache), and any change to its entries is still seen: a file added,
# removed or renamed (even with the folder's mtime set back), a folder
# added, a folder become a symbolic link; a listing made within a couple
# of seconds of a change to its folder, or whose checksum fails, is not used.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
OLD='2026-01-01 00:00:00'

# age DIR: every file's and folder's mtime well in the past, so that the
# rows and listings the next run writes are trusted by the runs after it.
age() {
	find "$1" -name .notebook-cache -prune -o -exec touch -d "$OLD" {} +
}

fixture() {
	rm -rf "$2" && cp -R "$1" "$2" && rm -rf "$2/.notebook-cache"
}

db() {
	printf '%s/.notebook-cache/index.db' "$1"
}

# tamper DB DIR FROM TO [--keep-sum]: a name in DIR's cached listing rewritten.
tamper() {
	python3 "$TEST_DIRECTORY/tools/listing_tamper.py" ${5:-} "$1" "$2" "$3" "$4" >tamper.out &&
	echo 1 >tamper.exp &&
	test_cmp tamper.exp tamper.out
}

# agree DIR ARGS...: the command says the same from the cache as without it.
agree() {
	dir=$1
	shift
	NOTEBOOK_NO_CACHE=1 notebook -C "$dir" "$@" >expect 2>expect.err
	echo $? >expect.st
	notebook -C "$dir" "$@" >out 2>err
	echo $? >out.st
	test_cmp expect out && test_cmp expect.err err && test_cmp expect.st out.st
}

test_expect_success 'an unchanged folder is listed from the cache' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >before &&
	sqlite3 "$(db nb)" "SELECT dir FROM listings ORDER BY dir" >dirs &&
	grep "^clients$" dirs && grep "^journal/2026/11$" dirs &&
	tamper "$(db nb)" clients globex.md globey.md &&
	{ notebook -C nb list >after 2>err || :; } &&
	! test_cmp before after && grep "globey" err
'

test_expect_success 'a listing whose checksum fails is not used' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients globex.md globey.md --keep-sum &&
	notebook -C nb list >after &&
	test_cmp before after
'

test_expect_success 'a listing made just after its folder changed is not used' '
	fixture "$FIX/status-basic" nb && age nb &&
	touch nb/clients &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients globex.md globey.md &&
	notebook -C nb list >after &&
	test_cmp before after
'

test_expect_success 'a file added to a listed folder is seen, its mtime set back or not' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	write_file nb/clients/newco.md <<-EOF &&
	---
	name: New Co
	tier: key
	---
	EOF
	touch -d "$OLD" nb/clients/newco.md nb/clients &&
	agree nb list && grep "^newco  *New Co " out &&
	agree nb status --all --json --as-of 2026-11-20
'

test_expect_success 'a file removed or renamed in a listed folder is seen' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb status --all --json --as-of 2026-11-20 >/dev/null &&
	rm nb/journal/2026/11/2026-11-15-umbrella-call.md &&
	mv nb/clients/zenith.md nb/clients/zenith-two.md &&
	touch -d "$OLD" nb/journal/2026/11 nb/clients &&
	agree nb status --all --json --as-of 2026-11-20 &&
	agree nb list && grep "^zenith-two " out && ! grep "^zenith " out
'

test_expect_success 'a folder added below a listed folder is walked' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	mkdir -p nb/journal/2027/01 &&
	write_file nb/journal/2027/01/2027-01-05-globex-call.md <<-EOF &&
	---
	client: globex
	date: 2027-01-05
	kind: call
	---
	Talked.
	EOF
	age nb &&
	agree nb status --all --json --as-of 2027-01-10 &&
	grep "2027-01-05" out
'

test_expect_success 'a listed folder become a symbolic link is refused, as without the cache' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	mv nb/journal/2026/10 nb/october &&
	ln -s ../../october nb/journal/2026/10 &&
	agree nb status --all --json --as-of 2026-11-20 &&
	grep "symbolic link" err
'

test_expect_success 'a listing of a folder gone is dropped from the cache' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	rm -r nb/journal/2026/09 &&
	agree nb list &&
	sqlite3 "$(db nb)" "SELECT count(*) FROM listings WHERE dir = '\''journal/2026/09'\''" >n &&
	echo 0 >zero && test_cmp zero n
'

test_done
