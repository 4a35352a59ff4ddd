#!/bin/sh
# The benchmark harness on a small notebook: the generator is deterministic
# and writes a valid notebook, the floor reads every file once, and the peers
# compute the same audit as `notebook status --json`.
. "$(dirname "$0")/lib.sh"

BENCH=$SRC_ROOT/bench
CFLAGS_BENCH="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror"

# test_skip DESCRIPTION REASON
test_skip() {
	test_count=$((test_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$test_count" "$1" "$2"
}

test_expect_success 'gen and readall build without warnings' '
	cc $CFLAGS_BENCH -I"$SRC_ROOT/src" -o gen "$BENCH/gen.c" "$SRC_ROOT/src/date.c" &&
	cc $CFLAGS_BENCH -o readall "$BENCH/readall.c"
'

test_expect_success 'gen makes a committed notebook' '
	./gen 150 4 42 nb >out &&
	echo "gen: 751 files in nb" >expect &&
	test_cmp expect out &&
	git -C nb status --porcelain >status &&
	test_must_be_empty status &&
	git -C nb log --format="%an <%ae> %ad %s" --date=iso-strict >log &&
	echo "Bench Generator <bench@example.com> 2026-11-20T09:00:00+00:00 bench: 150 clients, 4 entries each, seed 42" >expect &&
	test_cmp expect log &&
	git -C nb fsck --strict
'

test_expect_success 'the same arguments give the same tree and commit' '
	./gen 150 4 42 nb2 >/dev/null &&
	git -C nb rev-parse HEAD "HEAD^{tree}" >one &&
	git -C nb2 rev-parse HEAD "HEAD^{tree}" >two &&
	test_cmp one two
'

test_expect_success 'another seed gives another notebook' '
	./gen 150 4 43 nb3 >/dev/null &&
	git -C nb rev-parse "HEAD^{tree}" >one &&
	git -C nb3 rev-parse "HEAD^{tree}" >three &&
	! cmp -s one three
'

test_expect_success 'gen refuses to write over a notebook' '
	test_status 1 ./gen 3 1 42 nb 2>err &&
	echo "gen: '\''nb'\'' already holds a notebook; remove it first" >expect &&
	test_cmp expect err
'

test_expect_success 'bad arguments are a usage error' '
	test_status 2 ./gen 3 x 42 nbx 2>err &&
	test_status 2 ./gen 3 1 2>err &&
	test ! -e nbx
'

test_expect_success 'one file per client and per entry, at the paths of notebook-format(5) and their sizes' '
	(cd nb && ls clients | wc -l) >n && echo 150 >expect && test_cmp expect n &&
	(cd nb && find journal -type f | wc -l) >n && echo 600 >expect && test_cmp expect n &&
	{ (cd nb && find journal -type f | grep -Ev "^journal/[0-9]{4}/[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9][a-z0-9-]*-(call|meeting|email|message|thanks|apology|check-in|feedback|note)(-[0-9]+)?\.md$") >bad || :; } &&
	test_must_be_empty bad &&
	(cd nb && find clients -type f -size -1024c -o -type f -size +3072c) >bad &&
	test_must_be_empty bad &&
	(cd nb && find journal -type f -size -300c -o -type f -size +1024c) >bad &&
	test_must_be_empty bad
'

test_expect_success 'readall reads every file once' '
	./readall nb >out &&
	bytes=$(cd nb && cat notebook.yaml clients/* $(find journal -type f) | wc -c) &&
	sed "s/ check .*//" out >got &&
	echo "files 751 bytes $bytes" >expect &&
	test_cmp expect got
'

test_expect_success 'notebook check passes on the generated notebook' '
	{ test_status 0 notebook -C nb check 2>err >out || { cat err; false; }; } &&
	test_must_be_empty err
'

have_yaml=0
/usr/bin/python3 -c 'import yaml; yaml.CLoader' 2>/dev/null && have_yaml=1

if [ $have_yaml = 1 ]; then
	test_expect_success 'the Python peer sees every state in the mix' '
		/usr/bin/python3 "$BENCH/peer.py" nb 2026-11-20 >py.json &&
		/usr/bin/python3 -c "import json, sys; print(\" \".join(sorted({c[\"state\"] for c in json.load(open(\"py.json\"))[\"clients\"]})))" >states &&
		echo "due never ok overdue snoozed stale" >expect &&
		test_cmp expect states
	'
else
	test_skip 'the Python peer sees every state in the mix' 'no python3-yaml'
fi

if "$NOTEBOOK_BIN" --help 2>/dev/null | grep -q '^  status ' && [ $have_yaml = 1 ]; then
	test_expect_success 'the Python peer agrees with notebook status --json' '
		notebook -C nb status --json --as-of 2026-11-20 >status.json &&
		/usr/bin/python3 "$BENCH/compare.py" status=status.json python=py.json
	'
else
	test_skip 'the Python peer agrees with notebook status --json' 'no status command or no python3-yaml'
fi

if [ -d "$BENCH/node_modules/gray-matter" ] && command -v node >/dev/null 2>&1 && [ $have_yaml = 1 ]; then
	test_expect_success 'the Node peer agrees with the Python peer' '
		node "$BENCH/peer.js" nb 2026-11-20 >node.json &&
		/usr/bin/python3 "$BENCH/compare.py" python=py.json node=node.json
	'
	if [ -s status.json ]; then
		test_expect_success 'the Node peer agrees with notebook status --json' '
			/usr/bin/python3 "$BENCH/compare.py" status=status.json node=node.json
		'
	else
		test_skip 'the Node peer agrees with notebook status --json' 'no output from notebook status --json'
	fi
else
	test_skip 'the Node peer agrees with the Python peer' 'bench/node_modules absent (npm ci in bench/)'
	test_skip 'the Node peer agrees with notebook status --json' 'bench/node_modules absent'
fi

test_expect_success 'interleave.py runs the contenders in turn, warm-up round first' '
	/usr/bin/python3 "$BENCH/interleave.py" --runs 2 --warmup 1 --export il.json \
		--prepare-for b "echo p >>order" a "echo a >>order" b "echo b >>order" 2>/dev/null &&
	printf "%s\n" a p b a p b a p b >expect &&
	test_cmp expect order &&
	/usr/bin/python3 -c "import json; print(*[(r[\"command\"], len(r[\"times\"])) for r in json.load(open(\"il.json\"))[\"results\"]])" >got &&
	echo "('"'"'a'"'"', 2) ('"'"'b'"'"', 2)" >expect &&
	test_cmp expect got
'

test_expect_success 'interleave.py stops at a contender that fails' '
	test_status 1 /usr/bin/python3 "$BENCH/interleave.py" --runs 1 --warmup 0 a "exit 3;" 2>err &&
	echo "interleave.py: a exited with status 3" >expect &&
	test_cmp expect err
'

test_expect_success 'report.py folds in the rows of sync.sh and monitor.sh, and says what was not measured' '
	mkdir -p work/size-3x1/hf work/size-4x1 &&
	printf "sizes=3x1 4x1\nsmoke=1\n" >work/meta.txt &&
	printf "clients=3\nentries=1\nfiles=7\nreference=0\n" >work/size-3x1/meta.txt &&
	printf "clients=4\nentries=1\nfiles=9\nreference=1\n" >work/size-4x1/meta.txt &&
	printf "uptodate\t0.3\t0.2\npush\t0.2\t0.1\nfirst-push\t1.0\t0.4\n" >work/size-3x1/sync.tsv &&
	printf "status-monitor\t0.05\nstatus-stat\t0.6\ngit-status\t0.5\n" >work/size-4x1/monitor.tsv &&
	echo "{\"results\": [{\"command\": \"status-fresh\", \"median\": 0.2, \"min\": 0.1, \"max\": 0.3, \"times\": [0.2]}, {\"command\": \"git-status\", \"median\": 0.4, \"min\": 0.4, \"max\": 0.4, \"times\": [0.4]}]}" >work/size-3x1/hf/fresh.json &&
	/usr/bin/python3 "$BENCH/report.py" work >out &&
	grep -F "| \`status\` fresh cache vs \`git status\` | 3 × 1 (7 files) | 200.0 ms vs 400.0 ms | 0.50× | ≤ 1× (SPEC, #15) | PASS |" out &&
	grep -F "| \`status\` fresh cache vs \`git status\` | 4 × 1 (9 files) | — | — | ≤ 1× (SPEC, #15) | not measured |" out &&
	grep -F "| \`sync\`: up to date vs \`git fetch\` + \`git status\` | 3 × 1 (7 files) | 300.0 ms vs 200.0 ms | 1.50× | ≤ 1.5× (SPEC, #15) | PASS |" out &&
	grep -F "| \`sync\`: push of one new commit vs \`git push\` | 3 × 1 (7 files) | 200.0 ms vs 100.0 ms | 2.00× | — | — |" out &&
	grep -F "| \`sync\`: first push to an empty remote vs \`git push\` | 3 × 1 (7 files) | 1.00 s vs 400.0 ms | 2.50× | ≤ 2× (SPEC, #15) | MISS |" out &&
	grep -F "| \`sync\` against git (bench/sync.sh) | 4 × 1 (9 files) | — | — | ≤ 1.5× git (first push ≤ 2×) | not measured |" out &&
	grep -F "| warm \`status\` with the watchman monitor vs \`git status\` | 4 × 1 (9 files) | 50.0 ms vs 500.0 ms | 0.10× | ≤ 0.15× (SPEC, #15) | PASS |" out &&
	grep -F "| warm \`status\` with the watchman monitor vs \`git status\` | 3 × 1 (7 files) | — | — | ≤ 0.15× (SPEC, #15, at 210,000 files) | not measured |" out
'

test_expect_success 'report.py compares one file changed with the kept answer of the same rounds, and shows the merge profile' '
	rm -rf work && mkdir -p work/size-3x1/hf &&
	printf "sizes=3x1\nsmoke=1\n" >work/meta.txt &&
	printf "clients=3\nentries=1\nfiles=7\nreference=1\n" >work/size-3x1/meta.txt &&
	echo "{\"results\": [{\"command\": \"status-fresh\", \"median\": 0.1, \"min\": 0.1, \"max\": 0.1, \"times\": [0.1]}, {\"command\": \"git-status\", \"median\": 0.4, \"min\": 0.4, \"max\": 0.4, \"times\": [0.4]}]}" >work/size-3x1/hf/fresh.json &&
	echo "{\"results\": [{\"command\": \"status-one-changed\", \"median\": 0.22, \"min\": 0.22, \"max\": 0.22, \"times\": [0.22]}, {\"command\": \"status-kept\", \"median\": 0.2, \"min\": 0.2, \"max\": 0.2, \"times\": [0.2]}, {\"command\": \"status-fresh\", \"median\": 0.5, \"min\": 0.5, \"max\": 0.5, \"times\": [0.5]}]}" >work/size-3x1/hf/changed.json &&
	printf "    42.00%%  notebook  [.] merge_walk\n" >work/size-3x1/profile-sync-merge.txt &&
	/usr/bin/python3 "$BENCH/report.py" work >out &&
	grep -F "| \`status\` after one file changed vs fresh cache, the kept answer printed | 3 × 1 (7 files) | 220.0 ms vs 200.0 ms | 1.10× | ≤ 1.1× (SPEC, #15) | PASS |" out &&
	grep -F "| \`status\` after one file changed vs fresh cache, its answer made afresh | 3 × 1 (7 files) | 220.0 ms vs 500.0 ms | 0.44× | ≤ 1.1× (SPEC, #15) | PASS |" out &&
	grep -A4 -F "\`sync\` of one commit each side (merge + push, bench/sync.sh), 3 × 1 (7 files):" out >prof &&
	grep -F "42.00%  notebook  [.] merge_walk" prof
'

test_done
