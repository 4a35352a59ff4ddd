#!/bin/sh
# notebook report writes its page as it makes it, in chunks of about
# 64 KiB (src/html/html.h), never holding it whole. The example's page is
# the one stored in tests/fixtures/report-expected (made before the page
# was streamed chunk by chunk through -o's file unbuffered); a page of many
# chunks is the same bytes whether it goes to -o, standard output or a
# pipe, and complete; strace shows the chunks, and a full disk half way
# through leaves the old page whole, no temporary file, and nothing written
# after the failed write (exit 6, as notebook(1) says).
#
# When the page changes on purpose, remake the stored one with
#   TZ=UTC build/notebook -C examples/consultancy report --as-of 2026-11-20 \
#       -o tests/fixtures/report-expected/consultancy-2026-11-20.html
. "$(dirname "$0")/lib.sh"

EX=$SRC_ROOT/examples/consultancy
EXPECTED=$SRC_ROOT/tests/fixtures/report-expected
PY=/usr/bin/python3
DAY=2026-11-20
CFLAGS_BENCH="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror"

# test_skip DESCRIPTION REASON
test_skip() {
	test_count=$((test_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$test_count" "$1" "$2"
}

# writes TRACE PART: the sizes of the write(2) calls strace -y saw on a
# file whose path holds PART, one a line ("-1" for a failed one).
writes() {
	"$PY" - "$1" "$2" <<-\EOF
	import re, sys
	for line in open(sys.argv[1]):
	    m = re.search(r"write\(\d+<([^>]*)>, .*\) = (-?\d+)", line)
	    if m and sys.argv[2] in m.group(1):
	        print(m.group(2))
	EOF
}

# whole PAGE STATUS-JSON: the page is complete, one section per client
# status audits, in its order, each closed.
whole() {
	"$PY" - "$1" "$2" <<-\EOF
	import json, re, sys
	page = open(sys.argv[1], encoding="utf-8").read()
	ids = [c["id"] for c in json.load(open(sys.argv[2]))["clients"]]
	assert page.startswith("<!DOCTYPE html>\n"), page[:40]
	assert page.endswith("</footer>\n</body>\n</html>\n"), page[-80:]
	got = re.findall(r'<article class="client" id="c-([^"]+)"', page)
	assert got == ids, (len(got), len(ids))
	assert page.count("</article>") == len(ids)
	assert page.count("<figure>") == page.count("</figure>")
	print("ok: %d clients, %d bytes" % (len(ids), len(page.encode())))
	EOF
}

test_expect_success 'the example notebook: the stored page, by -o, on standard output and through a pipe' '
	notebook -C "$EX" report --as-of $DAY -o ex.html >out 2>err &&
	echo ex.html >want && test_cmp want out &&
	test_must_be_empty err &&
	test_cmp "$EXPECTED/consultancy-$DAY.html" ex.html &&
	notebook -C "$EX" report --as-of $DAY >ex-stdout.html &&
	test_cmp ex.html ex-stdout.html &&
	notebook -C "$EX" report --as-of $DAY -o - | cat >ex-pipe.html &&
	test_cmp ex.html ex-pipe.html
'

test_expect_success 'setup: a notebook of 150 clients (bench/gen), its page several chunks long' '
	cc $CFLAGS_BENCH -I"$SRC_ROOT/src" -o gen "$SRC_ROOT/bench/gen.c" "$SRC_ROOT/src/date.c" &&
	./gen 150 4 42 nb >/dev/null &&
	notebook -C nb status --json --all --as-of $DAY >status.json &&
	notebook -C nb report --as-of $DAY -o big.html >/dev/null 2>err &&
	test_must_be_empty err &&
	test "$(wc -c <big.html)" -gt $((6 * 65536))
'

test_expect_success 'a page of many chunks: complete, and the same bytes by -o, on standard output and through a pipe' '
	whole big.html status.json >out &&
	grep "^ok: 130 clients" out &&
	notebook -C nb report --as-of $DAY >big-stdout.html &&
	test_cmp big.html big-stdout.html &&
	notebook -C nb report --as-of $DAY | cat >big-pipe.html &&
	test_cmp big.html big-pipe.html &&
	notebook -C nb report --as-of $DAY --months 120 --group tag -o m120.html >/dev/null &&
	notebook -C nb report --as-of $DAY --months 120 --group tag | cat >m120-pipe.html &&
	test_cmp m120.html m120-pipe.html &&
	whole m120.html status.json
'

standard_output_full() {
	test_status 128 notebook -C nb report --as-of $DAY >/dev/full 2>err &&
	grep "cannot write output: No space left on device" err
}

if test -w /dev/full; then
	test_expect_success 'standard output that cannot be written: exit 128, as for any output (notebook(1))' '
		standard_output_full
	'
else
	test_skip 'standard output that cannot be written' 'no /dev/full'
fi

if ! can_strace; then
	test_skip 'the page goes out as it is made' 'strace cannot trace here'
	test_skip 'a full disk half way through the page' 'strace cannot trace here'
	test_done
fi

# LeakSanitizer cannot run under strace (ptrace): leaks are checked by the other tests.
ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

test_expect_success 'the page goes out as it is made: one write a chunk, none much over 64 KiB' '
	strace -f -y -o trace -e trace=write "$NOTEBOOK_BIN" -C nb report --as-of $DAY -o streamed.html >/dev/null &&
	test_cmp big.html streamed.html &&
	writes trace /.nb-tmp- >sizes &&
	"$PY" - sizes big.html <<-\EOF &&
	import os, sys
	sizes = [int(s) for s in open(sys.argv[1])]
	assert len(sizes) >= 6, sizes
	assert sum(sizes) == os.path.getsize(sys.argv[2]), (sum(sizes), os.path.getsize(sys.argv[2]))
	assert all(65536 <= s <= 65536 + 8192 for s in sizes[:-1]), sizes
	assert 0 < sizes[-1] <= 65536 + 8192, sizes
	EOF
	strace -f -y -o trace -e trace=write "$NOTEBOOK_BIN" -C nb report --as-of $DAY >streamed-out.html &&
	test_cmp big.html streamed-out.html &&
	writes trace /streamed-out.html >sizes &&
	test "$(wc -l <sizes)" -ge 6 &&
	! grep -v "^[0-9]" sizes
'

test_expect_success 'a full disk half way through the page: exit 6, the old page whole, no temporary file, nothing written after' '
	mkdir outdir && echo "old page" >outdir/r.html && echo "old page" >want &&
	test_status 6 strace -f -y -o trace -e trace=write -e inject=write:error=ENOSPC:when=3 \
		"$NOTEBOOK_BIN" -C nb report --as-of $DAY -o outdir/r.html >out 2>err &&
	grep "cannot write .outdir/r.html.: No space left on device" err &&
	test_must_be_empty out &&
	test_cmp want outdir/r.html &&
	test "$(ls -A outdir)" = r.html &&
	writes trace /.nb-tmp- >sizes &&
	test "$(wc -l <sizes)" -eq 3 &&
	test "$(tail -n 1 sizes)" = -1 &&
	test_status 6 strace -f -y -o trace -e trace=write -e inject=write:error=ENOSPC:when=1 \
		"$NOTEBOOK_BIN" -C nb report --as-of $DAY -o outdir/r.html 2>err &&
	grep "cannot write .outdir/r.html.: No space left on device" err &&
	writes trace /.nb-tmp- >sizes &&
	echo -1 >one && test_cmp one sizes &&
	test_cmp want outdir/r.html &&
	test "$(ls -A outdir)" = r.html &&
	test_status 6 strace -f -o /dev/null -e trace=write -e inject=write:error=EFBIG:when=5 \
		"$NOTEBOOK_BIN" -C nb report --as-of $DAY -o outdir/r.html 2>err &&
	grep "cannot write .outdir/r.html.: File too large" err &&
	test_cmp want outdir/r.html &&
	test "$(ls -A outdir)" = r.html
'

test_done
