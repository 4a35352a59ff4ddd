#!/bin/sh
# search on a client file near the 4 MiB cap with 100,000 matching lines:
# the snippet is cut from a window found in one pass over the matches
# (FTS5's snippet() compares every match with every other: 94 s for this
# file), and it still shows the best window. The timeout only keeps a
# regression from hanging the suite.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a 3.9 MB client file with 100,000 promises' '
	make_notebook nb &&
	python3 - <<-\PY &&
	lines = ["---", "name: Big", "---", "# Big", ""]
	for i in range(100000):
	    lines.append("- [ ] promise %d call due:2026-12-%02d" % (i, i % 28 + 1))
	lines[50005] = "- [ ] promise 50000 special call due:2026-12-02"
	open("nb/clients/big.md", "w").write("\n".join(lines) + "\n")
	open("nb/clients/small.md", "w").write("---\nname: Small\n---\nA promise kept.\n")
	PY
	test $(wc -c <nb/clients/big.md) -gt 3000000 &&
	test $(wc -c <nb/clients/big.md) -lt 4194304
'

test_expect_success 'a word on every line: both files, the snippet from the start' '
	timeout 300 "$NOTEBOOK_BIN" -C nb search promise >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	nb/clients/big.md  big
	    # Big - [ ] [promise] 0 call due:2026-12-01 - [ ] [promise] 1 call due...
	nb/clients/small.md  small
	    A [promise] kept.
	EOF
	test_cmp expect out
'

test_expect_success 'two words: the window holding both, wherever it is' '
	timeout 300 "$NOTEBOOK_BIN" -C nb search promise special >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	nb/clients/big.md  big
	    ...19 - [ ] [promise] 49999 call due:2026-12-20 - [ ] [promise] 50000 [special] call...
	EOF
	test_cmp expect out
'

test_expect_success 'a phrase on the last line: the end of the text, marked as one' '
	timeout 300 "$NOTEBOOK_BIN" -C nb search "\"promise 99999\"" >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	nb/clients/big.md  big
	    ...call due:2026-12-11 - [ ] [promise 99999] call due:2026-12-12
	EOF
	test_cmp expect out
'

test_expect_success 'a file with few matches keeps FTS5'"'"'s own snippet' '
	printf -- "---\nname: Few\n---\nWe made a promise to call. Then another promise.\n" >nb/clients/few.md &&
	"$NOTEBOOK_BIN" -C nb search another >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	nb/clients/few.md  few
	    We made a promise to call. Then [another] promise.
	EOF
	test_cmp expect out
'

test_done
