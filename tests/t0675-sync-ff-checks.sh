#!/bin/sh
# What a fast-forward checks (README, Sync): over a clean work tree only
# the files that came in are read, each against the client files' ids;
# what they bring broken is named exactly (path:line:col, the commit and
# its author, exit 1), in a clone with a cache and in a fresh one alike; a
# file broken before and left alone is no news; and what only the whole
# notebook tells (a client file gone, a schema changed) is still
# found where it breaks, in a file the fast-forward did not touch.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

test_expect_success 'setup: a remote, two clones, an entry of each client' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --owner Ann >/dev/null &&
	notebook -C a new "Initech" --owner Ben >/dev/null &&
	notebook -C a new "Globex" --owner Ben >/dev/null &&
	notebook -C a log acme-corp -m "Call." --date 2026-11-02 >/dev/null &&
	notebook -C a log globex -m "Call." --date 2026-11-03 >/dev/null &&
	two_clones &&
	git -C b config user.name B && git -C b config user.email b@example.com &&
	notebook -C b status >/dev/null
'

# entry FILE CLIENT DATE: a call entry with that front matter, written by hand.
entry() {
	mkdir -p "$(dirname "$1")" &&
	printf -- "---\nclient: %s\ndate: %s\nkind: call\n---\nA call.\n" "$2" "$3" >"$1"
}

test_expect_success 'a clean fast-forward is quiet (exit 0)' '
	as Ben notebook -C a log initech -m "Mail." --date 2026-11-04 >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >out 2>err &&
	printf "fast-forwarded to origin/main\nbrought 1 entry: initech: 1 by Ben\n" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'an entry that comes in naming no client is named exactly (exit 1)' '
	entry a/journal/2026/11/2026-11-05-initek-call.md initek 2026-11-05 &&
	as Ben git -C a add journal && as Ben git -C a commit -q -m "log: initek" &&
	git -C a push -q origin main &&
	id=$(git -C a rev-parse --short=7 HEAD) &&
	test_status 1 notebook -C b sync >out 2>err &&
	grep "^b/journal/2026/11/2026-11-05-initek-call.md:2:9: error: no client .initek. (did you mean .initech.?)$" err &&
	grep "^notebook: .b/journal/2026/11/2026-11-05-initek-call.md. came in broken (last changed in $id by Ben)$" err &&
	test "$(grep -c "error:" err)" = 1 &&
	test "$(git -C b rev-parse HEAD)" = "$(git -C remote.git rev-parse main)"
'

test_expect_success 'a file broken before and left alone is no news; a new one is' '
	entry a/journal/2026/11/2026-11-06-acme-corp-call.md acme-corp 2026-11-31 &&
	as Ben git -C a add journal && as Ben git -C a commit -q -m "log: a bad date" &&
	git -C a push -q origin main &&
	id=$(git -C a rev-parse --short=7 HEAD) &&
	test_status 1 notebook -C b sync >out 2>err &&
	grep "^b/journal/2026/11/2026-11-06-acme-corp-call.md:3:7: error: " err &&
	grep "^notebook: .b/journal/2026/11/2026-11-06-acme-corp-call.md. came in broken (last changed in $id by Ben)$" err &&
	! grep initek err &&
	as Ben notebook -C a log acme-corp -m "Met." --date 2026-11-07 >/dev/null &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >out 2>err &&
	test_must_be_empty err
'

test_expect_success 'the same in a fresh clone, with no cache yet' '
	rm -rf c && git clone -q remote.git c &&
	git -C c reset -q --hard HEAD~3 &&
	test_status 1 notebook -C c sync >out 2>err &&
	grep "^c/journal/2026/11/2026-11-05-initek-call.md:2:9: error: no client .initek. (did you mean .initech.?)$" err &&
	grep "^c/journal/2026/11/2026-11-06-acme-corp-call.md:3:7: error: " err &&
	test "$(grep -c "error:" err)" = 2 &&
	test_status 1 notebook -C c check >/dev/null 2>&1
'

test_expect_success 'a client file gone breaks an entry the fast-forward left alone: named (exit 1)' '
	git -C a rm -q clients/globex.md && as Ben git -C a commit -q -m "globex: gone" &&
	git -C a push -q origin main &&
	test_status 1 notebook -C b sync >out 2>err &&
	grep "^b/journal/2026/11/2026-11-03-globex-call.md:2:9: error: no client .globex." err &&
	test "$(grep -c "error:" err)" = 1
'

test_expect_success 'a schema that came in breaks a file left alone: named (exit 1)' '
	mkdir -p a/schema &&
	printf "properties:\n  name:\n    maxLength: 5\n" >a/schema/client.schema.yaml &&
	as Ben git -C a add schema && as Ben git -C a commit -q -m "schema: short names" &&
	git -C a push -q origin main &&
	test_status 1 notebook -C b sync >out 2>err &&
	grep "^b/clients/acme-corp.md:[0-9]*:[0-9]*: error: .name. must be at most 5 characters long" err &&
	grep "^b/clients/initech.md:2:7: error: .name. must be at most 5 characters long, not 7$" err
'

test_done
