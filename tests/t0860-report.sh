#!/bin/sh
# notebook report: the practice report as one HTML page. Its numbers are
# read back with Python's HTML parser and checked against status --json and
# export --format json (tests/tools/report_numbers.py); the page is opened in
# headless Chromium (tests/tools/browser.py, the DevTools protocol over a
# pipe) at a desktop and a phone's width: no console errors, no request
# but the page, no horizontal scroll on the phone, every section there.
# Hostile text is escaped; -o is atomic; bad options are refused.
. "$(dirname "$0")/lib.sh"

EX=$SRC_ROOT/examples/consultancy
TOOLS=$SRC_ROOT/tests/tools
PY=/usr/bin/python3
DAY=2026-11-20

# browser PAGE ARGS...: what Chromium saw, as JSON on stdout.
browser() {
	"$PY" "$TOOLS/browser.py" "$@"
}

# json_get FILE EXPR: the Python expression EXPR of the JSON in FILE (as d);
# a tuple is printed as its items, a space between.
json_get() {
	"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); r = eval(sys.argv[2]); print(*r) if isinstance(r, tuple) else print(r)' "$1" "$2"
}

# png_size FILE: "WIDTH HEIGHT" of a PNG.
png_size() {
	"$PY" -c 'import struct, sys; h = open(sys.argv[1], "rb").read(24); assert h[:8] == b"\x89PNG\r\n\x1a\n"; print(*struct.unpack(">II", h[16:24]))' "$1"
}

test_must_be_empty_dir() {
	test -z "$(ls -A "$1")"
}

test_expect_success 'report -o writes the page and prints its path' '
	notebook -C "$EX" report --as-of $DAY -o report.html >out 2>err &&
	echo report.html >want &&
	test_cmp want out &&
	test_must_be_empty err &&
	head -n 1 report.html | grep -x "<!DOCTYPE html>" &&
	tail -n 1 report.html | grep -x "</html>" &&
	! ls -a | grep nb-tmp
'

test_expect_success 'without -o the page goes to standard output, the same bytes' '
	notebook -C "$EX" report --as-of $DAY >stdout.html &&
	test_cmp report.html stdout.html &&
	notebook -C "$EX" report --as-of $DAY -o - >dash.html &&
	test_cmp report.html dash.html
'

test_expect_success 'the page names nothing outside itself and holds no script' '
	! grep -i "<script" report.html &&
	! grep -Ei "(src|href)=\"(https?:|//)" report.html &&
	! grep -Ei "url\(|@import|@font-face" report.html &&
	grep -F "Content-Security-Policy" report.html
'

test_expect_success 'its numbers agree with status --json and the entries' '
	notebook -C "$EX" status --json --all --as-of $DAY >status.json &&
	notebook -C "$EX" export --format json --as-of $DAY >export.json &&
	"$PY" "$TOOLS/report_numbers.py" report.html status.json export.json "$EX" >check.out &&
	grep "^ok: 9 clients, 12 months, 6 needing attention" check.out
'

test_expect_success 'the number check fails on a page whose numbers are wrong' '
	sed "s/href=\"#h1\" x=\"226\"/href=\"#h2\" x=\"226\"/" report.html >wrong.html &&
	! cmp -s report.html wrong.html &&
	test_status 1 "$PY" "$TOOLS/report_numbers.py" wrong.html status.json export.json "$EX" >check.out &&
	grep "^heatmap .* 2026-03: 2, entries 1" check.out
'

test_expect_success 'every chart has a title and a table of its numbers' '
	"$PY" - report.html <<-\EOF
	import re, sys
	page = open(sys.argv[1]).read()
	figs = re.findall(r"<figure>(.*?)</figure>\s*(<h4>Timeline</h4>)?", page, re.S)
	# a heatmap for each of the two owners, four practice charts, one chart a client
	assert len(figs) == 2 + 4 + 9, len(figs)
	for f, timeline in figs:
	    assert re.search(r"<svg role=\"img\" aria-labelledby=\"(chart\d+)\"[^>]*>\s*<title id=\"\1\">[^<]+</title>", f), f[:200]
	    # the heatmaps and practice charts carry a table; a client chart has its timeline after it
	    assert "<table" in f or timeline, f[:200]
	EOF
'

test_expect_success '--months and --as-of set the window' '
	notebook -C "$EX" report --as-of 2026-06-15 --months 3 >m3.html &&
	grep "data-as-of=\"2026-06-15\" data-months=\"3\"" m3.html &&
	grep -c "<g class=\"month\" data-month=\"2026-0[456]\" data-stale" m3.html >n &&
	echo 3 >want && test_cmp want n &&
	! grep "data-month=\"2026-03\"" m3.html &&
	notebook -C "$EX" status --json --all --as-of 2026-06-15 >s6.json &&
	notebook -C "$EX" export --format json --as-of 2026-06-15 >e6.json &&
	"$PY" "$TOOLS/report_numbers.py" m3.html s6.json e6.json "$EX"
'

test_expect_success '--owner and --tag keep their clients; --group tag groups the heatmap by tag' '
	notebook -C "$EX" report --as-of $DAY --owner TOM >tom.html &&
	grep -o "<article class=\"client\" id=\"c-[a-z-]*\"" tom.html | wc -l >n &&
	notebook -C "$EX" status --json --all --as-of $DAY --owner tom >st.json &&
	json_get st.json "len(d[\"clients\"])" >want &&
	test_cmp want n &&
	notebook -C "$EX" export --format json --as-of $DAY >ex.json &&
	"$PY" "$TOOLS/report_numbers.py" tom.html st.json ex.json "$EX" &&
	notebook -C "$EX" report --as-of $DAY --tag retainer --group tag >tag.html &&
	grep "<h3>Tag retainer" tag.html
'

test_expect_success 'an owner no client has is a warning and an empty page, as in status; an unknown tag is refused' '
	notebook -C "$EX" report --as-of $DAY --owner tomm -o x.html 2>err &&
	grep "warning: no client has the owner .tomm. (did you mean .tom.?); the owners in this notebook: priya, tom" err &&
	grep "data-clients=\"0\"" x.html &&
	rm x.html &&
	test_status 2 notebook -C "$EX" report --tag nope -o x.html 2>err &&
	grep "no client has the tag .nope." err &&
	test ! -e x.html
'

test_expect_success 'bad option values are refused (exit 2)' '
	test_status 2 notebook -C "$EX" report --months 0 2>err &&
	grep "months wants a number of months from 1 to 120, not .0." err &&
	test_status 2 notebook -C "$EX" report --months 121 2>err &&
	test_status 2 notebook -C "$EX" report --months 3x 2>err &&
	test_status 2 notebook -C "$EX" report --as-of 2026-13-01 2>err &&
	test_status 2 notebook -C "$EX" report --group tags 2>err &&
	grep "unknown group .tags. (did you mean .tag.?)" err &&
	test_status 2 notebook -C "$EX" report -o "" 2>err &&
	test_status 2 notebook -C "$EX" report extra 2>err &&
	grep "unexpected argument .extra." err
'

test_expect_success 'on a terminal without -o the page is refused (exit 2), nothing printed but why' '
	test_status 2 "$PY" "$SRC_ROOT/tests/fixtures/status-tools/on-pty.py" 80 \
		"$NOTEBOOK_BIN" -C "$EX" report >tty.out &&
	grep "the report is an HTML page: give -o FILE, or send the output to a file or a pipe" tty.out &&
	! grep -i "<html" tty.out
'

test_expect_success 'a file that does not validate is named on stderr and the page says it was left out' '
	notebook -C "$SRC_ROOT/tests/fixtures/status-invalid" report --as-of $DAY -o inv.html 2>err &&
	grep "clients/broken.md:3:7: error: .tier. must be one of key, regular, occasional" err &&
	grep "<strong>1 invalid file left out</strong>" inv.html &&
	! grep broken inv.html
'

test_expect_success 'no notebook: exit 3' '
	mkdir empty &&
	test_status 3 notebook -C empty report -o x.html 2>err &&
	test ! -e x.html
'

test_expect_success '-o into a missing folder or onto a folder: exit 6, nothing written' '
	test_status 6 notebook -C "$EX" report -o missing/r.html 2>err &&
	grep "cannot write .missing/r.html.: No such file or directory" err &&
	test ! -e missing &&
	mkdir adir &&
	test_status 6 notebook -C "$EX" report -o adir 2>err &&
	grep "cannot write .adir.: it is a directory" err &&
	test_must_be_empty_dir adir
'

# LeakSanitizer cannot run under strace (ptrace): leaks are checked by the other tests.
test_expect_success 'a write that fails half way leaves the old page whole and no temporary file' '
	if ! command -v strace >/dev/null; then say "strace missing"; exit 1; fi &&
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" && export ASAN_OPTIONS &&
	mkdir outdir && echo "old page" >outdir/r.html &&
	test_status 6 strace -f -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when=2 \
		"$NOTEBOOK_BIN" -C "$EX" report -o outdir/r.html 2>err &&
	grep "cannot write .outdir/r.html.: No space left on device" err &&
	echo "old page" >want && test_cmp want outdir/r.html &&
	test "$(ls -A outdir)" = r.html &&
	test_status 6 strace -f -o /dev/null -e trace=fsync -e inject=fsync:error=EIO \
		"$NOTEBOOK_BIN" -C "$EX" report -o outdir/r.html 2>err &&
	grep "cannot write .outdir/r.html.: Input/output error" err &&
	test_cmp want outdir/r.html &&
	test "$(ls -A outdir)" = r.html
'

test_expect_success 'a run killed half way leaves the old page; the next run removes its temporary file' '
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" && export ASAN_OPTIONS &&
	mkdir killed && echo "old page" >killed/r.html &&
	{ strace -f -o /dev/null -e trace=write -e inject=write:signal=KILL:when=2 \
		"$NOTEBOOK_BIN" -C "$EX" report -o killed/r.html 2>err; test $? -eq 137; } &&
	echo "old page" >want && test_cmp want killed/r.html &&
	ls -A killed >left && grep -x "r.html" left && grep "^\.nb-tmp-" left &&
	tmp=$(grep "^\.nb-tmp-" left) &&
	touch -d "2026-01-01" "killed/$tmp" &&
	echo "not ours" >killed/.nb-tmp-keep && touch -d "2026-01-01" killed/.nb-tmp-keep &&
	notebook -C "$EX" report --as-of $DAY -o killed/r.html &&
	ls -A killed >left && printf ".nb-tmp-keep\nr.html\n" >want && test_cmp want left &&
	test_cmp report.html killed/r.html
'

test_expect_success 'a read-only folder: exit 6' '
	mkdir ro && chmod 555 ro &&
	if [ "$(id -u)" = 0 ]; then
		# root writes anyway: run as nobody when possible
		if command -v setpriv >/dev/null; then
			chmod 755 "$TRASH" &&
			test_status 6 setpriv --reuid=65534 --regid=65534 --clear-groups \
				"$NOTEBOOK_BIN" -C "$EX" report -o "$TRASH/ro/r.html" 2>err
		fi
	else
		test_status 6 notebook -C "$EX" report -o ro/r.html 2>err
	fi &&
	test_must_be_empty_dir ro
'

write_hostile() {
	make_notebook hostile &&
	write_file hostile/clients/evil.md <<-\EOF &&
	---
	name: "<script>alert(1)</script> \"Q\" 'S' & \e[31m Co"
	since: 2026-01-05
	owner: "O'Neil <o@example.com>"
	tags: ["<i>t</i>"]
	trust: strained
	---
	- [ ] </table><b>bold</b> due:2026-11-01
	EOF
	write_file hostile/journal/2026/10/2026-10-02-evil-call.md <<-\EOF &&
	---
	client: evil
	date: 2026-10-02
	kind: call
	with: ["</td><script>x()</script>"]
	mood: "<u>cross</u>"
	satisfaction: 2
	trust: repairing
	---
	<img src=x onerror=alert(2)> and "quotes" RLO
	EOF
	sed -i "s/RLO/$(printf "\342\200\256")/" hostile/journal/2026/10/2026-10-02-evil-call.md &&
	write_file hostile/clients/long.md <<-EOF &&
	---
	name: $("$PY" -c "print(\"W\" * 300)")
	---
	EOF
	write_file hostile/journal/2026/11/2026-11-02-evil-thanks.md <<-\EOF
	---
	client: evil
	date: 2026-11-02
	kind: thanks
	---
	Thanks <a href="http://example.com/">here</a>
	EOF
}

test_expect_success 'hostile text: names, notes, tags and promises are escaped' '
	write_hostile &&
	notebook -C hostile check &&
	notebook -C hostile report --as-of $DAY -o hostile.html 2>err &&
	test_must_be_empty err &&
	! grep -i "<script" hostile.html &&
	! grep -i "<img" hostile.html &&
	! grep "<b>bold" hostile.html &&
	! grep "<u>cross" hostile.html &&
	! grep -i "<a href=\"http" hostile.html &&
	! grep "<i>t</i>" hostile.html &&
	! grep "$(printf "\033")" hostile.html &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Q&quot; &#39;S&#39; &amp; \\e[31m Co" hostile.html &&
	grep -F "&lt;/table&gt;&lt;b&gt;bold&lt;/b&gt;" hostile.html &&
	grep -F "&lt;img src=x onerror=alert(2)&gt;" hostile.html &&
	grep -F "O&#39;Neil &lt;o@example.com&gt;" hostile.html &&
	grep -F "\\u{202e}" hostile.html
'

# The rest needs a real browser.
if ! command -v chromium >/dev/null 2>&1; then
	say "skip: chromium is not installed (make check installs it: .ci/deps.sh)"
	test_done
fi

cat >probe.js <<\EOF
var arts = document.querySelectorAll("article.client");
var ids = [];
for (var i = 0; i < arts.length; i++) ids.push(arts[i].id.slice(2));
var links = document.querySelectorAll("ol.att a[href^='#c-']");
var broken = [];
for (var i = 0; i < links.length; i++)
	if (!document.getElementById(links[i].getAttribute("href").slice(1))) broken.push(links[i].href);
var wide = [];
var all = document.body.querySelectorAll("*");
for (var i = 0; i < all.length; i++) {
	var r = all[i].getBoundingClientRect();
	if (r.right > document.documentElement.clientWidth + 1 && !all[i].closest(".scroll") &&
	    !all[i].closest("details:not([open])")) wide.push(all[i].tagName + "." + all[i].className);
}
var svgs = document.querySelectorAll("svg:not(.defs)");
var untitled = 0;
for (var i = 0; i < svgs.length; i++) if (!svgs[i].querySelector("title")) untitled++;
var h3 = {};
for (var i = 0; i < arts.length; i++) h3[arts[i].id.slice(2)] = arts[i].querySelector("h3").textContent;
return {sections: ids, broken: broken, wide: wide.slice(0, 5), svgs: svgs.length, untitled: untitled,
	h3: h3, scripts: document.scripts.length, body_width: document.body.getBoundingClientRect().width};
EOF

test_expect_success 'Chromium at a desktop width: no console errors, no requests, every section' '
	browser report.html --width 1280 --height 900 --eval-file probe.js --screenshot desk.png >desk.json &&
	json_get desk.json "d[\"console\"]" >got && echo "[]" >want && test_cmp want got &&
	json_get desk.json "d[\"requests\"]" >got && test_cmp want got &&
	json_get status.json "[c[\"id\"] for c in d[\"clients\"]]" >want &&
	json_get desk.json "d[\"eval\"][\"sections\"]" >got && test_cmp want got &&
	json_get desk.json "d[\"eval\"][\"broken\"], d[\"eval\"][\"untitled\"], d[\"eval\"][\"scripts\"]" >got &&
	echo "[] 0 0" >want && test_cmp want got &&
	json_get desk.json "d[\"scroll_width\"] <= d[\"client_width\"]" >got &&
	echo True >want && test_cmp want got &&
	png_size desk.png >got && echo "1280 900" >want && test_cmp want got
'

test_expect_success 'Chromium at a phone width (375 px): no horizontal scroll, nothing past the edge' '
	browser report.html --width 375 --height 800 --mobile --eval-file probe.js --screenshot phone.png >phone.json &&
	json_get phone.json "d[\"console\"], d[\"requests\"]" >got && echo "[] []" >want && test_cmp want got &&
	json_get phone.json "d[\"scroll_width\"], d[\"client_width\"]" >got &&
	echo "375 375" >want && test_cmp want got &&
	json_get phone.json "d[\"eval\"][\"wide\"]" >got && echo "[]" >want && test_cmp want got &&
	json_get phone.json "len(d[\"eval\"][\"sections\"])" >got && echo 9 >want && test_cmp want got &&
	png_size phone.png >got && echo "375 800" >want && test_cmp want got
'

test_expect_success 'the browser checks fail on a page with an error, a request or a wide element' '
	sed -e "/Content-Security-Policy/d" \
	    -e "s|<main>|<main><script>console.error(\"boom\")</script><img src=\"http://127.0.0.1:9/x.png\" alt=\"\"><div style=\"width:2000px\">wide</div>|" \
		report.html >bad.html &&
	browser bad.html --width 375 --height 800 --mobile --eval-file probe.js >bad.json &&
	json_get bad.json "d[\"console\"]" >got && grep boom got &&
	json_get bad.json "d[\"requests\"]" >got && grep "http://127.0.0.1:9/x.png" got &&
	json_get bad.json "d[\"scroll_width\"] > 375" >got && echo True >want && test_cmp want got &&
	sed "s|<main>|<main><script>console.error(\"boom\")</script>|" report.html >csp.html &&
	browser csp.html --width 1280 --eval-file probe.js >csp.json &&
	json_get csp.json "len(d[\"console\"]) > 0" >got && test_cmp want got
'

test_expect_success 'Chromium shows hostile text as text: no script ran, the name reads as written, a 300-letter name wraps' '
	browser hostile.html --width 375 --height 800 --mobile --eval-file probe.js >h.json &&
	json_get h.json "d[\"console\"], d[\"requests\"], d[\"eval\"][\"scripts\"]" >got &&
	echo "[] [] 0" >want && test_cmp want got &&
	json_get h.json "d[\"eval\"][\"h3\"][\"evil\"]" >got &&
	printf "%s\n" "<script>alert(1)</script> \"Q\" '"'"'S'"'"' & \\e[31m Co evil" >want &&
	test_cmp want got &&
	json_get h.json "d[\"scroll_width\"], d[\"eval\"][\"wide\"]" >got && echo "375 []" >want &&
	test_cmp want got
'

test_done
