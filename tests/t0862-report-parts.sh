#!/bin/sh
# notebook report reads the notebook a part at a time (notebook(1),
# report): the clients, then each folder of the journal for the figures,
# each client's entries set aside in an unnamed file and read back for its
# section. Its page is the one the whole notebook in memory gives
# (NOTEBOOK_REPORT_WHOLE=1, without the cache), byte for byte: with the
# cache warm, stale (a client's entries in files cached and changed),
# another's or none; on standard output; with no room for the set-aside
# file (its entries read again from the notebook); for entries of one day
# in folders of every depth, an entry naming two clients, hostile text
# and files left out. The cache it writes is the one status reads.
. "$(dirname "$0")/lib.sh"

DAY=2026-11-20
PY=/usr/bin/python3
CFLAGS_BENCH="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror"

# whole ARGS...: the page of the whole notebook in memory, without the cache,
# to whole.html, its standard error to whole.err.
whole() {
	NOTEBOOK_REPORT_WHOLE=1 NOTEBOOK_NO_CACHE=1 notebook -C nb report --as-of $DAY "$@" \
		-o whole.html >/dev/null 2>whole.err
}

# parts ARGS...: the page read a part at a time, to parts.html (in out/,
# which holds nothing else after), its standard error to parts.err.
parts() {
	rm -rf out && mkdir out &&
	notebook -C nb report --as-of $DAY "$@" -o out/parts.html >/dev/null 2>parts.err &&
	test "$(ls -A out)" = parts.html &&
	mv out/parts.html parts.html
}

# same ARGS...: both pages and their messages are the same.
same() {
	whole "$@" && parts "$@" &&
	test_cmp whole.html parts.html &&
	test_cmp whole.err parts.err
}

# entry PATH CLIENT(S) DATE KIND [BODY]: an entry file.
entry() {
	write_file "nb/$1" <<-EOF
	---
	$2
	date: $3
	kind: $4
	satisfaction: 4
	---
	${5:-The $4 of $3 at $1.}
	EOF
}

test_expect_success 'setup: 150 clients (bench/gen), entries in folders of every depth, hostile text' '
	cc $CFLAGS_BENCH -I"$SRC_ROOT/src" -o gen "$SRC_ROOT/bench/gen.c" "$SRC_ROOT/src/date.c" &&
	./gen 150 4 42 nb >/dev/null &&
	A=$(ls nb/clients | sed -n "1s/\.md$//p") && B=$(ls nb/clients | sed -n "2s/\.md$//p") &&
	echo "$A" >a-id &&
	entry journal/2026/10/2026-10-07-$A-call.md "client: $A" 2026-10-07 call &&
	entry journal/2026/10/sub/2026-10-07-$A-note.md "client: $A" 2026-10-07 note &&
	entry journal/2026/10-old/2026-10-07-$A-email.md "client: $A" 2026-10-07 email &&
	entry journal/stray/2026-10-07-$A-message.md "client: $A" 2026-10-07 message &&
	entry journal/2026-10-07-$A-check-in.md "client: $A" 2026-10-07 check-in &&
	entry journal/2026/09/2026-09-15-$A-meeting.md "clients: [$A, $B]" 2026-09-15 meeting \
		"- [ ] send the plan due:2026-10-01" &&
	write_file nb/clients/evil.md <<-\EOF &&
	---
	name: "<script>alert(1)</script> \"Q\" &"
	since: 2026-01-05
	owner: "O'\''Neil <o@example.com>"
	---
	- [ ] </table><b>bold</b> due:2026-11-01
	EOF
	entry journal/2026/10/2026-10-02-evil-call.md "client: evil" 2026-10-02 call \
		"<img src=x onerror=alert(2)> and \"quotes\"" &&
	entry journal/2026/11/2026-11-02-evil-thanks.md "client: evil" 2026-11-02 thanks &&
	entry journal/2026/11/2026-11-03-nobody-call.md "client: nobody" 2026-11-03 call &&
	write_file nb/journal/2026/11/2026-11-04-evil-call.md <<-\EOF
	---
	client: evil
	date: [
	---
	EOF
'

test_expect_success 'no cache: the same page and messages as the whole notebook in memory' '
	NOTEBOOK_NO_CACHE=1 same &&
	grep "2 entries are left out until fixed" parts.err &&
	! grep -i "<script" parts.html &&
	! grep -i "<img" parts.html &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &amp;" parts.html &&
	grep -F "&lt;/table&gt;&lt;b&gt;bold&lt;/b&gt;" parts.html &&
	test ! -e nb/.git/notebook/index.db
'

test_expect_success 'entries of one day in five folders come in path order; one naming two clients once each' '
	A=$(cat a-id) && B=$(ls nb/clients | sed -n "2s/\.md$//p") &&
	"$PY" - parts.html "$A" "$B" <<-\EOF
	import re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	def section(id):
	    return page.split("<article class=\"client\" id=\"c-%s\"" % id)[1].split("</article>")[0]
	kinds = re.findall(r"<tr><td>2026-10-07<td>([a-z-]+)<td>", section(sys.argv[2]))
	# newest first: the reverse of the path order of journal/2026-10-07-…,
	# journal/2026/10-old/, journal/2026/10/2026-…, journal/2026/10/sub/, journal/stray/
	assert kinds == ["message", "note", "call", "email", "check-in"], kinds
	for id in sys.argv[2:]:
	    sec = section(id)
	    assert sec.count("<tr><td>2026-09-15<td>meeting<td>") == 1, (id, sec.count("2026-09-15"))
	    assert sec.count("<tr><td>send the plan</td>") == 1, (id, sec.count("send the plan"))
	EOF
'

test_expect_success 'a cache written now (by status), then read: the same page' '
	notebook -C nb status --as-of $DAY >/dev/null 2>&1 &&
	test -f nb/.git/notebook/index.db &&
	same &&
	same --months 3 --group tag &&
	same --owner "$(sed -n "s/^owner: //p" nb/notebook.yaml)" &&
	same --tag retainer
'

test_expect_success 'a stale cache: a client whose entries are cached and changed, added and gone' '
	A=$(cat a-id) &&
	sed -i "s/^The call of/Changed: the call of/" nb/journal/2026/10/2026-10-07-$A-call.md &&
	rm nb/journal/2026/10/sub/2026-10-07-$A-note.md &&
	entry journal/2026/08/2026-08-08-$A-thanks.md "client: $A" 2026-08-08 thanks &&
	same &&
	grep -F "Changed: the call of" parts.html &&
	same
'

test_expect_success 'the cache the report writes is the one status reads' '
	rm -f nb/.git/notebook/index.db* &&
	parts &&
	test -f nb/.git/notebook/index.db &&
	notebook -C nb status --json --all --as-of $DAY >cached.json 2>/dev/null &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --json --all --as-of $DAY >plain.json 2>/dev/null &&
	test_cmp plain.json cached.json &&
	same
'

test_expect_success 'a cache of another notebook.yaml (its fingerprint): the same page' '
	echo "# a comment changes the fingerprint" >>nb/notebook.yaml &&
	same &&
	same
'

test_expect_success 'on standard output, and with no folder to set the entries aside in' '
	whole &&
	notebook -C nb report --as-of $DAY >stdout.html 2>/dev/null &&
	test_cmp whole.html stdout.html &&
	TMPDIR=$PWD/missing notebook -C nb report --as-of $DAY >fallback.html 2>/dev/null &&
	test_cmp whole.html fallback.html &&
	test ! -e missing
'

if ! can_strace; then
	say "skip: strace cannot trace here"
	test_done
fi

# LeakSanitizer cannot run under strace (ptrace): leaks are checked by the other tests.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

# Without the cache, the set-aside file's are the only pwrite(2)s.
test_expect_success 'no room to set the entries aside (a full disk): read again from the notebook, the same page' '
	whole &&
	rm -rf out && mkdir out &&
	NOTEBOOK_NO_CACHE=1 strace -f -y -o trace -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC:when=1 \
		"$NOTEBOOK_BIN" -C nb report --as-of $DAY -o out/parts.html >/dev/null 2>parts.err &&
	grep "pwrite64(.*/out/.nb-tmp-.*(deleted).* = -1 ENOSPC" trace &&
	test "$(grep -c pwrite64 trace)" = 1 &&
	test "$(ls -A out)" = parts.html &&
	test_cmp whole.html out/parts.html &&
	test_cmp whole.err parts.err
'

test_done
