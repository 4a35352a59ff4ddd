#!/bin/sh
# Limits (issue #7): a file over 4 MiB is refused without being read, names
# of 255 bytes and paths near PATH_MAX, a line of nearly 4 MiB, and more
# than 100,000 files, each with a clear message and bounded memory: peak
# RSS is measured by tests/tools/peak_rss (wait4) against generous bounds
# that catch unbounded growth, not small changes.
. "$(dirname "$0")/lib.sh"

PEAK=$NOTEBOOK_BUILD/tools/peak_rss

# Under valgrind the RSS is valgrind's and the notebook is made smaller.
MEASURE=1
NCLIENTS=1000
NENTRIES=101
if [ -n "${NOTEBOOK_SLOW:-}" ]; then
	MEASURE=
	NCLIENTS=20
	NENTRIES=5
fi
# AddressSanitizer's shadow memory and quarantine grow every figure.
SCALE=1
if ldd "$NOTEBOOK_BIN" 2>/dev/null | grep -q libasan; then
	SCALE=4
fi

# rss_below KIB COMMAND...: runs COMMAND (exit status in $st), and checks
# its peak RSS is under KIB KiB (times SCALE).
rss_below() {
	limit=$(($1 * SCALE))
	shift
	"$PEAK" "$TRASH/rss" "$@"
	st=$?
	if [ -n "$MEASURE" ] && [ "$(cat "$TRASH/rss")" -ge "$limit" ]; then
		echo "peak RSS $(cat "$TRASH/rss") KiB, limit $limit KiB: $*" >&2
		return 1
	fi
	echo "peak RSS $(cat "$TRASH/rss") KiB: ${*#$NOTEBOOK_BIN }" >>"$TRASH/rss.log"
	return 0
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	printf "%s\n" err expect out >>nb/.git/info/exclude
'

test_expect_success 'a 40 MiB file is refused by its size, never read whole' '
	cd nb &&
	rss_below 1000000 "$NOTEBOOK_BIN" check && test $st = 0 &&
	base=$(cat "$TRASH/rss") &&
	head -c 41943040 /dev/zero | tr "\0" a >clients/big.md &&
	rss_below $((base + 16384)) "$NOTEBOOK_BIN" check 2>err && test $st = 1 &&
	echo "clients/big.md: error: file is 41943040 bytes, over the 4 MiB limit; split it" >expect &&
	test_cmp expect err &&
	rss_below $((base + 16384)) "$NOTEBOOK_BIN" check clients/big.md 2>err && test $st = 1 &&
	test_cmp expect err &&
	test_status 3 notebook snooze big 2w 2>err &&
	echo "notebook: '"'"'$TRASH/nb/clients/big.md'"'"' is larger than 4194304 bytes" >expect &&
	test_cmp expect err &&
	rm clients/big.md
'

test_expect_success 'names of 255 bytes: a clear error, the rest still read' '
	cd nb &&
	long=$(awk "BEGIN { for (i = 0; i < 252; i++) printf \"b\" }") &&
	cp clients/acme-corp.md clients/$long.md &&
	printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\n---\nLong.\n" \
		>journal/x$long &&
	mv journal/x$long journal/$long.md &&
	test_status 1 notebook check 2>err &&
	cat >expect <<-EOF &&
	clients/$long.md: error: '"'"'$long'"'"' is not a valid client id: rename the file to lowercase letters, digits and '"'"'-'"'"', at most 63, starting with a letter or digit (for example '"'"'clients/acme-corp.md'"'"')
	journal/$long.md: warning: file name disagrees with the entry'"'"'s date, client and kind; expected '"'"'journal/2026/11/2026-11-20-acme-corp-call.md'"'"'
	EOF
	test_cmp expect err &&
	notebook status >out 2>/dev/null &&
	rm clients/$long.md journal/$long.md
'

test_expect_success 'a client name of 300 characters makes an id of 63; a 64-character id is refused' '
	cd nb &&
	name=$(awk "BEGIN { for (i = 0; i < 300; i++) printf \"A\" }") &&
	notebook new "$name" >out &&
	id=$(awk "BEGIN { for (i = 0; i < 63; i++) printf \"a\" }") &&
	echo "new: $id" >expect && test_cmp expect out &&
	test_status 2 notebook new x --id "${id}a" 2>err &&
	echo "notebook: '"'"'${id}a'"'"' is not a client id: lowercase letters, digits and '"'"'-'"'"', starting with a letter or digit, at most 63" >expect &&
	head -n 1 err >out && test_cmp expect out &&
	git status --porcelain >out && test_must_be_empty out
'

test_expect_success 'a path near PATH_MAX: 15 folders of 250 bytes are read, 17 folders refused' '
	cd nb &&
	seg=$(awk "BEGIN { for (i = 0; i < 250; i++) printf \"d\" }") &&
	(
		cd journal &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
			mkdir $seg && cd $seg || exit 1
		done &&
		printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\n---\nDeep.\n" \
			>2026-11-20-acme-corp-call.md &&
		mkdir x && cd x && mkdir y && cd y &&
		printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\n---\nDeeper.\n" \
			>2026-11-20-acme-corp-call.md
	) &&
	test_status 1 notebook check 2>err &&
	test "$(wc -l <err)" = 2 &&
	grep "^journal/$seg/.*/2026-11-20-acme-corp-call.md: warning: file name disagrees" err &&
	grep "^journal/$seg/.*: error: folders nested too deep; not read$" err &&
	test "$(awk "{ print length(\$0) }" err | sort -n | tail -n 1)" -gt 3800 &&
	rm -rf journal/$seg
'

test_expect_success 'a line of nearly 4 MiB: read, with bounded memory and output' '
	cd nb &&
	rows=$(notebook list | wc -l) &&
	{ printf -- "---\nname: " && head -c 4194000 /dev/zero | tr "\0" a && printf "\n---\n"; } >clients/long.md &&
	rss_below 400000 "$NOTEBOOK_BIN" check && test $st = 0 &&
	rss_below 400000 "$NOTEBOOK_BIN" status >out 2>err && test $st = 0 &&
	rss_below 400000 "$NOTEBOOK_BIN" list >out && test $st = 0 &&
	test "$(wc -l <out)" = $((rows + 1)) &&
	test "$(wc -c <out)" -lt 4200000 &&
	rm clients/long.md
'

test_expect_success "more than 100,000 files ($NCLIENTS clients, $NENTRIES entries each)" '
	cd nb &&
	rm -f clients/*.md &&
	mkdir -p journal/2026/11 &&
	awk -v nc=$NCLIENTS -v ne=$NENTRIES "BEGIN {
		for (c = 0; c < nc; c++) {
			f = sprintf(\"clients/c%04d.md\", c)
			printf \"---\\nname: Client %d\\ntier: regular\\n---\\n# Client %d\\n\\n- [ ] Call back due:2026-12-%02d\\n\", c, c, c % 28 + 1 >f
			close(f)
			for (e = 0; e < ne; e++) {
				f = sprintf(\"journal/2026/11/2026-11-%02d-c%04d-call-%d.md\", e % 20 + 1, c, e + 2)
				printf \"---\\nclient: c%04d\\ndate: 2026-11-%02d\\nkind: call\\n---\\nNote %d about client %d.\\n\", c, e % 20 + 1, e, c >f
				close(f)
			}
		}
	}" &&
	test "$(find clients journal -name "*.md" | wc -l)" = $((NCLIENTS * (NENTRIES + 1))) &&
	rm -rf .git/notebook &&
	rss_below 400000 "$NOTEBOOK_BIN" check && test $st = 0 &&
	rss_below 400000 "$NOTEBOOK_BIN" status --all >out && test $st = 0 &&
	tail -n 1 out >last &&
	echo "no client needs attention ($NCLIENTS audited)" >expect && test_cmp expect last &&
	rss_below 400000 "$NOTEBOOK_BIN" status --json >out && test $st = 0 &&
	rss_below 400000 "$NOTEBOOK_BIN" show c0007 >out && test $st = 0 &&
	grep "Call back" out &&
	NOTEBOOK_NO_CACHE=1 rss_below 400000 "$NOTEBOOK_BIN" status >out && test $st = 0
'

test_expect_success 'the first search (it builds the full-text cache) in bounded memory' '
	cd nb &&
	rss_below 400000 "$NOTEBOOK_BIN" search "client 7" >out && test $st = 0 &&
	grep -F "about [client] [7]." out
'

test_expect_success 'later searches in bounded memory' '
	cd nb &&
	rss_below 400000 "$NOTEBOOK_BIN" search "client 7" >out && test $st = 0 &&
	grep -F "about [client] [7]." out &&
	rss_below 400000 "$NOTEBOOK_BIN" search --json about >out && test $st = 0
'

# the figures, as TAP comments for the record
[ -f "$TRASH/rss.log" ] && sed 's/^/# /' "$TRASH/rss.log"

test_done
