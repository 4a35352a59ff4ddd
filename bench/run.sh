#!/bin/sh
# bench/run.sh: `make bench`. Measures notebook against the SPEC's figures,
# side by side in one run, and writes the medians and ratios to
# bench/RESULTS.md.
#
# Sizes and runs (environment):
#   BENCH_CLIENTS (10000), BENCH_ENTRIES (20 per client), BENCH_SEED (1),
#   BENCH_RUNS (5 timed runs per command), BENCH_SMOKE=1 (200 x 5, one run
#   each, results to bench/work/RESULTS-smoke.md), NOTEBOOK_BIN (build/notebook).
#
# The reference notebook is made once under bench/work/ by bench/gen and
# reused while its sizes, seed and generator are unchanged. Every contender
# runs with a warm page cache (a warm-up run first): the figures compare
# parsing and auditing, not the disk.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
WORK=$BENCH/work
AS_OF=2026-11-20
PY=/usr/bin/python3

if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	CLIENTS=${BENCH_CLIENTS:-200}
	ENTRIES=${BENCH_ENTRIES:-5}
	RUNS=1
	WARMUP=0
	RESULTS=$WORK/RESULTS-smoke.md
else
	CLIENTS=${BENCH_CLIENTS:-10000}
	ENTRIES=${BENCH_ENTRIES:-20}
	RUNS=${BENCH_RUNS:-5}
	WARMUP=1
	RESULTS=${BENCH_RESULTS:-$BENCH/RESULTS.md}
fi
SEED=${BENCH_SEED:-1}
NB_BIN=${NOTEBOOK_BIN:-$ROOT/build/notebook}
export TZ=UTC LC_ALL=C.UTF-8
unset NOTEBOOK_DIR NOTEBOOK_NOW GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

say() {
	printf 'bench: %s\n' "$*" >&2
}

die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

for tool in hyperfine git cc; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' is missing; run 'make bench' (it installs hyperfine, time, nodejs, npm, python3-yaml)"
done
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
"$PY" -c 'import yaml; yaml.CLoader' 2>/dev/null ||
	die "PyYAML with its C loader is missing: apt-get install python3-yaml"
[ -x "$NB_BIN" ] || die "no notebook binary at '$NB_BIN'; run 'make' first"

mkdir -p "$WORK/bin" "$WORK/hf"
# A copy, so that a rebuild during the run cannot mix two versions.
cp "$NB_BIN" "$WORK/bin/notebook" || die "cannot copy '$NB_BIN'"
NB_BIN=$WORK/bin/notebook
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
rm -f "$WORK"/hf/*.json

# The generator and the floor, built from bench/*.c.
CFLAGS_BENCH="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra"
for prog in gen readall; do
	if [ ! -x "$WORK/bin/$prog" ] || [ "$BENCH/$prog.c" -nt "$WORK/bin/$prog" ]; then
		cc $CFLAGS_BENCH -o "$WORK/bin/$prog" "$BENCH/$prog.c" || die "cannot build bench/$prog.c"
	fi
done
GEN=$WORK/bin/gen
READALL=$WORK/bin/readall

# The Node peer's packages, when npm is there. Node from another source
# (NodeSource's bundles npm) conflicts with Debian's npm package, so it is
# installed here, when missing, and the peer left out if that fails.
HAVE_NODE=0
NODE_NOTE=
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	say "installing nodejs and npm for the Node peer"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2 ||
		say "cannot install nodejs and npm"
fi
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$BENCH/node_modules/gray-matter" ] ||
	   [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
		say "npm ci in bench/"
		(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in bench/"
	fi
	HAVE_NODE=1
else
	NODE_NOTE="node or npm is missing: the Node peer is left out"
fi

# make_notebook CLIENTS ENTRIES DIR: generates DIR once per sizes, seed and generator.
make_notebook() {
	stamp="$3.stamp"
	want="$1 $2 $SEED $(cksum <"$BENCH/gen.c" | cut -d' ' -f1)"
	if [ -d "$3/.git" ] && [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "$want" ]; then
		# Back to the generated commit: earlier runs of `log` added to it.
		git -C "$3" reset -q --hard "$(sed -n 2p "$stamp")" &&
			git -C "$3" clean -q -fd -- clients journal && return 0
	fi
	say "generating $1 clients x $2 entries in $3"
	rm -rf "$3" "$stamp"
	"$GEN" "$1" "$2" "$SEED" "$3" >&2 || die "bench/gen failed"
	git -C "$3" config user.name "Bench Runner"
	git -C "$3" config user.email "bench@example.com"
	printf '%s\n%s\n' "$want" "$(git -C "$3" rev-parse HEAD)" >"$stamp"
}

REF=$WORK/ref-$CLIENTS-$ENTRIES
SMALL=$WORK/small-10-20
make_notebook "$CLIENTS" "$ENTRIES" "$REF"
make_notebook 10 20 "$SMALL"
REF_SIZE=$("$READALL" "$REF")

# What the binary can do so far.
HELP=$("$NB_BIN" --help 2>&1 || true)
has_cmd() {
	printf '%s\n' "$HELP" | grep -q "^  $1 "
}
HAVE_STATUS=0
HAVE_LOG=0
has_cmd status && HAVE_STATUS=1
has_cmd log && HAVE_LOG=1
NOTES=$WORK/notes.txt
: >"$NOTES"
[ $HAVE_STATUS = 1 ] || echo "notebook has no 'status' command yet: its figures are skipped" >>"$NOTES"
[ $HAVE_LOG = 1 ] || echo "notebook has no 'log' command yet: its figures are skipped" >>"$NOTES"
[ -z "$NODE_NOTE" ] || echo "$NODE_NOTE" >>"$NOTES"

note() {
	say "$*"
	echo "$*" >>"$NOTES"
}

drop_cache() {
	rm -rf "$1/.git/notebook" "$1/.notebook-cache"
}

HF="hyperfine --style basic --runs $RUNS"
q() {
	# Quotes a path for the shell hyperfine runs commands in.
	printf "'%s'" "$1"
}

# 1. Agreement: the peers and `status --json` compute the same audit.
AGREE=$WORK/agree.txt
: >"$AGREE"
set -- "python=$WORK/peer-python.json"
"$PY" "$BENCH/peer.py" "$REF" "$AS_OF" >"$WORK/peer-python.json"
if [ $HAVE_NODE = 1 ]; then
	node "$BENCH/peer.js" "$REF" "$AS_OF" >"$WORK/peer-node.json"
	set -- "$@" "node=$WORK/peer-node.json"
fi
if [ $HAVE_STATUS = 1 ]; then
	drop_cache "$REF"
	if "$NB_BIN" -C "$REF" status --json --as-of "$AS_OF" >"$WORK/status.json"; then
		set -- "status=$WORK/status.json" "$@"
	else
		note "notebook status --json failed on the reference notebook"
	fi
fi
if "$PY" "$BENCH/compare.py" "$@" >"$AGREE" 2>&1; then
	say "$(tail -n 1 "$AGREE")"
else
	say "the audits disagree:"
	cat "$AGREE" >&2
fi

# 2. status without a cache against the floor and the peers.
set --
if [ $HAVE_STATUS = 1 ]; then
	set -- "$@" -n status-cold "$(q "$NB_BIN") -C $(q "$REF") status --json --as-of $AS_OF >/dev/null"
fi
set -- "$@" -n readall "$(q "$READALL") $(q "$REF") >/dev/null"
if [ $HAVE_NODE = 1 ]; then
	set -- "$@" -n peer-node "node $(q "$BENCH/peer.js") $(q "$REF") $AS_OF >/dev/null"
fi
set -- "$@" -n peer-python "$PY $(q "$BENCH/peer.py") $(q "$REF") $AS_OF >/dev/null"
say "cold: status without a cache, the floor, the peers"
$HF --warmup $WARMUP -i --prepare "rm -rf $(q "$REF/.git/notebook") $(q "$REF/.notebook-cache")" \
	--export-json "$WORK/hf/cold.json" "$@" >&2 || note "the cold measurement failed"

if [ $HAVE_STATUS = 1 ]; then
	# 3. status with a fresh cache against git status.
	"$NB_BIN" -C "$REF" status --json --as-of "$AS_OF" >/dev/null || true
	say "fresh: status with a fresh cache, git status"
	$HF --warmup $((WARMUP * 2)) -i --export-json "$WORK/hf/fresh.json" \
		-n status-fresh "$(q "$NB_BIN") -C $(q "$REF") status --json --as-of $AS_OF >/dev/null" \
		-n git-status "git -C $(q "$REF") status --porcelain >/dev/null" >&2 ||
		note "the fresh-cache measurement failed"

	# 4. status after one file changed: an entry gains a line before each run.
	one=$(cd "$REF" && find journal -name '*.md' | LC_ALL=C sort | head -n 1)
	say "changed: status after '$one' changed"
	$HF --warmup $WARMUP -i --prepare "printf 'One more line.\\n' >>$(q "$REF/$one")" \
		--export-json "$WORK/hf/changed.json" \
		-n status-one-changed "$(q "$NB_BIN") -C $(q "$REF") status --json --as-of $AS_OF >/dev/null" \
		-n status-fresh "$(q "$NB_BIN") -C $(q "$REF") status --json --as-of $AS_OF >/dev/null" >&2 ||
		note "the one-file-changed measurement failed"
	git -C "$REF" checkout -q -- "$one"

	# 5. peak memory of a cold status.
	drop_cache "$REF"
	/usr/bin/time -v "$NB_BIN" -C "$REF" status --json --as-of "$AS_OF" >/dev/null 2>"$WORK/time-v.txt" || true
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$WORK/time-v.txt" >"$WORK/rss-kb.txt"
fi

if [ $HAVE_LOG = 1 ]; then
	# 6. log against git add + git commit of a new entry file, and the index rewrite alone.
	CLIENT=$(cd "$REF/clients" && ls | LC_ALL=C sort | head -n 1 | sed 's/\.md$//')
	SMALL_CLIENT=$(cd "$SMALL/clients" && ls | LC_ALL=C sort | head -n 1 | sed 's/\.md$//')
	cat >"$WORK/new-entry.sh" <<EOF
#!/bin/sh
# Writes a new entry file in the reference notebook; its path goes to next-entry.
n=\$(cat $(q "$WORK/counter") 2>/dev/null || echo 0)
n=\$((n + 1))
echo "\$n" >$(q "$WORK/counter")
f=journal/2026/11/2026-11-20-$CLIENT-call-\$((n + 100)).md
printf -- '---\\nclient: $CLIENT\\ndate: 2026-11-20\\nkind: call\\n---\\nA benchmark call, number %d.\\n' "\$n" >$(q "$REF")/"\$f"
echo "\$f" >$(q "$WORK/next-entry")
EOF
	say "log: notebook log, git add + git commit, git update-index"
	$HF --warmup $WARMUP --prepare "sh $(q "$WORK/new-entry.sh")" --export-json "$WORK/hf/log.json" \
		-n log "$(q "$NB_BIN") -C $(q "$REF") log $CLIENT -k call -m 'A benchmark call.' --date $AS_OF >/dev/null" \
		-n git-add-commit "cd $(q "$REF") && f=\$(cat $(q "$WORK/next-entry")) && git add -- \"\$f\" && git commit -q -m 'log: bench' -- \"\$f\"" \
		-n git-update-index "cd $(q "$REF") && git update-index --add -- \"\$(cat $(q "$WORK/next-entry"))\"" >&2 ||
		note "the log measurement on the reference notebook failed"
	say "log on a 10-client notebook"
	$HF --warmup $WARMUP --export-json "$WORK/hf/log-small.json" \
		-n log-10-clients "$(q "$NB_BIN") -C $(q "$SMALL") log $SMALL_CLIENT -k call -m 'A benchmark call.' --date $AS_OF >/dev/null" >&2 ||
		note "the log measurement on the 10-client notebook failed"
fi

if has_cmd lsp; then
	# 7. notebook lsp: a change to a 3 KiB client file to its findings.
	say "lsp: findings after a change to a 3 KiB client file"
	"$PY" "$BENCH/lsp_latency.py" "$NB_BIN" "$REF" >"$WORK/lsp.txt" ||
		{ note "the lsp measurement failed"; : >"$WORK/lsp.txt"; }
else
	: >"$WORK/lsp.txt"
fi

if has_cmd report; then
	# 8. notebook report of the reference notebook (cache warm, as a reader
	# would run it after status): time, then peak memory and the page's size.
	say "report: notebook report of the reference notebook"
	$HF --warmup $WARMUP -i --export-json "$WORK/hf/report.json" \
		-n report "$(q "$NB_BIN") -C $(q "$REF") report --as-of $AS_OF -o $(q "$WORK/report.html") >/dev/null" >&2 ||
		note "the report measurement failed"
	/usr/bin/time -v "$NB_BIN" -C "$REF" report --as-of "$AS_OF" -o "$WORK/report.html" >/dev/null 2>"$WORK/time-v-report.txt" || true
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$WORK/time-v-report.txt" >"$WORK/rss-report-kb.txt"
	wc -c <"$WORK/report.html" 2>/dev/null | tr -d ' ' >"$WORK/report-bytes.txt"
fi

# The report.
{
	echo "nproc=$(nproc)"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "kernel=$(uname -sr)"
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "load=$LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end"
	echo "clients=$CLIENTS"
	echo "entries=$ENTRIES"
	echo "seed=$SEED"
	echo "runs=$RUNS"
	echo "warmup=$WARMUP"
	echo "files=$(echo "$REF_SIZE" | cut -d' ' -f2)"
	echo "bytes=$(echo "$REF_SIZE" | cut -d' ' -f4)"
	echo "notebook=$("$NB_BIN" --version 2>/dev/null || echo unknown) ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
	echo "git=$(git --version)"
	echo "node=$(node --version 2>/dev/null || echo none)"
	echo "python=$("$PY" -c 'import sys, yaml; print(sys.version.split()[0], "PyYAML", yaml.__version__)')"
	echo "hyperfine=$(hyperfine --version)"
	echo "rss_kb=$(cat "$WORK/rss-kb.txt" 2>/dev/null || true)"
	cat "$WORK/lsp.txt"
	echo "report_rss_kb=$(cat "$WORK/rss-report-kb.txt" 2>/dev/null || true)"
	echo "report_bytes=$(cat "$WORK/report-bytes.txt" 2>/dev/null || true)"
} >"$WORK/meta.txt"
"$PY" "$BENCH/report.py" "$WORK" >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
say "results written to ${RESULTS#$ROOT/}"
