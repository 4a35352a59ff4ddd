#!/bin/sh
# bench/run.sh: `make bench`. Measures notebook against the SPEC's figures,
# side by side in one run, at two sizes, and writes the medians and ratios to
# bench/RESULTS.md.
#
# Sizes and runs (environment):
#   BENCH_SIZES ("2000x20 10000x20": clients x entries per client; the last
#   is the reference, where log, lsp and report are measured too),
#   BENCH_CLIENTS and BENCH_ENTRIES (one size instead), BENCH_SEED (1),
#   BENCH_RUNS (5 timed runs per command), BENCH_PEER_RUNS (3, for the slow
#   peers), BENCH_SYNC_RUNS (3, per case of bench/sync.sh), BENCH_SYNC_SIZES
#   (the sizes bench/sync.sh runs at: all of BENCH_SIZES), BENCH_SMOKE=1 (200 x 5, one run each, results to
#   bench/work/RESULTS-smoke.md), NOTEBOOK_BIN (build/notebook),
#   BENCH_BASELINE (a git revision of this repository, or a notebook binary:
#   that earlier build runs as one more contender of the cold, fresh-cache and
#   report figures, so that "no figure got worse" is measured on the same
#   machine in the same rounds rather than read against an older RESULTS.md
#   from another machine).
#
# Each notebook is made once under bench/work/ by bench/gen and reused while
# its sizes, seed and generator are unchanged. Contenders run interleaved
# (bench/interleave.py: A B A B ...), each with a warm page cache (a warm-up
# round first): the figures compare parsing and auditing, not the disk.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BENCH=$ROOT/bench
WORK=$BENCH/work
AS_OF=2026-11-20
PY=/usr/bin/python3

if [ "${BENCH_SMOKE:-0}" = 1 ]; then
	SIZES="${BENCH_CLIENTS:-200}x${BENCH_ENTRIES:-5}"
	RUNS=1
	PEER_RUNS=1
	SYNC_RUNS=1
	WARMUP=0
	RESULTS=$WORK/RESULTS-smoke.md
else
	SIZES=${BENCH_SIZES:-2000x20 10000x20}
	if [ -n "${BENCH_CLIENTS:-}${BENCH_ENTRIES:-}" ]; then
		SIZES="${BENCH_CLIENTS:-10000}x${BENCH_ENTRIES:-20}"
	fi
	RUNS=${BENCH_RUNS:-5}
	PEER_RUNS=${BENCH_PEER_RUNS:-3}
	SYNC_RUNS=${BENCH_SYNC_RUNS:-3}
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

for tool in git cc; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "'$tool' is missing; run 'make bench' (it installs time, nodejs, npm, python3-yaml)"
done
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
"$PY" -c 'import yaml; yaml.CLoader' 2>/dev/null ||
	die "PyYAML with its C loader is missing: apt-get install python3-yaml"
[ -x "$NB_BIN" ] || die "no notebook binary at '$NB_BIN'; run 'make' first"

mkdir -p "$WORK/bin"
# A copy, so that a rebuild during the run cannot mix two versions.
cp "$NB_BIN" "$WORK/bin/notebook" || die "cannot copy '$NB_BIN'"
NB_BIN=$WORK/bin/notebook
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
START=$(date +%s)
rm -rf "$WORK"/hf "$WORK"/size-*

# The generator (with the project's calendar, src/date.c) and the floor.
CFLAGS_BENCH="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -I$ROOT/src"
cc $CFLAGS_BENCH -o "$WORK/bin/gen" "$BENCH/gen.c" "$ROOT/src/date.c" || die "cannot build bench/gen.c"
cc $CFLAGS_BENCH -o "$WORK/bin/readall" "$BENCH/readall.c" || die "cannot build bench/readall.c"
GEN=$WORK/bin/gen
READALL=$WORK/bin/readall

# The earlier build, when asked for: a binary as given, or a revision built
# from `git archive` in a folder of its own (never this work tree).
BASE_BIN=
BASE_NAME=
if [ -n "${BENCH_BASELINE:-}" ]; then
	if [ -f "$BENCH_BASELINE" ] && [ -x "$BENCH_BASELINE" ]; then
		cp "$BENCH_BASELINE" "$WORK/bin/notebook-baseline" || die "cannot copy '$BENCH_BASELINE'"
		BASE_NAME=$BENCH_BASELINE
	else
		rev=$(git -C "$ROOT" rev-parse --verify --short "$BENCH_BASELINE^{commit}" 2>/dev/null) ||
			die "BENCH_BASELINE '$BENCH_BASELINE' is neither a notebook binary nor a revision"
		say "building the baseline $rev"
		rm -rf "$WORK/baseline-src"
		mkdir -p "$WORK/baseline-src"
		git -C "$ROOT" archive "$rev" | tar -x -C "$WORK/baseline-src" || die "cannot unpack $rev"
		make -C "$WORK/baseline-src" -j"$(nproc)" build/notebook >&2 ||
			die "cannot build the baseline $rev"
		cp "$WORK/baseline-src/build/notebook" "$WORK/bin/notebook-baseline" || die "cannot copy the baseline"
		BASE_NAME="$rev ($(git -C "$ROOT" log -1 --format=%cs "$rev"))"
	fi
	BASE_BIN=$WORK/bin/notebook-baseline
fi
# The figures the baseline has a command for (an earlier build may not have report).
base_has() {
	[ -n "$BASE_BIN" ] && "$BASE_BIN" --help 2>&1 | grep -q "^  $1 "
}

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
	want="$1 $2 $SEED $(cat "$BENCH/gen.c" "$ROOT/src/date.c" | cksum | cut -d' ' -f1)"
	if [ -d "$3/.git" ] && [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "$want" ]; then
		# Back to the generated commit and configuration: earlier runs of
		# `log` added commits, bench/monitor.sh may have set a monitor.
		cp "$stamp.config" "$3/.git/config" &&
			git -C "$3" reset -q --hard "$(sed -n 2p "$stamp")" &&
			git -C "$3" clean -q -fd -- clients journal && return 0
	fi
	say "generating $1 clients x $2 entries in $3"
	rm -rf "$3" "$stamp"
	"$GEN" "$1" "$2" "$SEED" "$3" >&2 || die "bench/gen failed"
	git -C "$3" config user.name "Bench Runner"
	git -C "$3" config user.email "bench@example.com"
	cp "$3/.git/config" "$stamp.config"
	printf '%s\n%s\n' "$want" "$(git -C "$3" rev-parse HEAD)" >"$stamp"
}

SMALL=$WORK/small-10-20
make_notebook 10 20 "$SMALL"

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

IL="$PY $BENCH/interleave.py --runs $RUNS --warmup $WARMUP"
q() {
	# Quotes a path for the shell hyperfine runs commands in.
	printf "'%s'" "$1"
}

# measure_status OUT REF: agreement, cold, fresh, one changed and peak memory
# of status on the notebook REF; the results go under OUT.
measure_status() {
	out=$1 ref=$2
	nb="$(q "$NB_BIN") -C $(q "$ref") status --json --as-of $AS_OF"
	cold_prep="rm -rf $(q "$ref/.git/notebook") $(q "$ref/.notebook-cache")"

	# Agreement: the peers and `status --json` compute the same audit.
	set -- "python=$out/peer-python.json"
	"$PY" "$BENCH/peer.py" "$ref" "$AS_OF" >"$out/peer-python.json"
	if [ $HAVE_NODE = 1 ]; then
		node "$BENCH/peer.js" "$ref" "$AS_OF" >"$out/peer-node.json"
		set -- "$@" "node=$out/peer-node.json"
	fi
	if [ $HAVE_STATUS = 1 ]; then
		drop_cache "$ref"
		if "$NB_BIN" -C "$ref" status --json --as-of "$AS_OF" >"$out/status.json"; then
			set -- "status=$out/status.json" "$@"
		else
			note "$SIZE: notebook status --json failed"
		fi
	fi
	if "$PY" "$BENCH/compare.py" "$@" >"$out/agree.txt" 2>&1; then
		say "$(tail -n 1 "$out/agree.txt")"
	else
		say "the audits disagree:"
		cat "$out/agree.txt" >&2
	fi

	# status without a cache against the floor, then against the peers.
	set --
	[ $HAVE_STATUS = 0 ] || set -- status-cold "$nb"
	[ -z "$BASE_BIN" ] || [ $HAVE_STATUS = 0 ] ||
		set -- "$@" status-cold-baseline "$(q "$BASE_BIN") -C $(q "$ref") status --json --as-of $AS_OF"
	say "cold: status without a cache, the floor"
	$IL --prepare "$cold_prep" --export "$out/hf/cold.json" \
		"$@" readall "$(q "$READALL") $(q "$ref")" || note "$SIZE: the cold measurement failed"
	set --
	[ $HAVE_STATUS = 0 ] || set -- status-cold "$nb"
	[ $HAVE_NODE = 0 ] || set -- "$@" peer-node "node $(q "$BENCH/peer.js") $(q "$ref") $AS_OF"
	# The page cache is warm from the rounds above: no warm-up round for the slow peers.
	say "peers: status without a cache, the Node and Python peers"
	$IL --runs "$PEER_RUNS" --warmup 0 --prepare "$cold_prep" --export "$out/hf/peers.json" "$@" \
		peer-python "$PY $(q "$BENCH/peer.py") $(q "$ref") $AS_OF" || note "$SIZE: the peers' measurement failed"
	[ $HAVE_STATUS = 1 ] || return 0

	# status with a fresh cache against git status (and the baseline, on a
	# copy of its own: a cache is kept for the binary that wrote it).
	"$NB_BIN" -C "$ref" status --json --as-of "$AS_OF" >/dev/null || true
	set --
	if [ -n "$BASE_BIN" ]; then
		rm -rf "$ref.baseline"
		cp -a "$ref" "$ref.baseline"
		"$BASE_BIN" -C "$ref.baseline" status --json --as-of "$AS_OF" >/dev/null || true
		set -- status-fresh-baseline "$(q "$BASE_BIN") -C $(q "$ref.baseline") status --json --as-of $AS_OF"
	fi
	say "fresh: status with a fresh cache, git status"
	$IL --warmup $((WARMUP * 2)) --export "$out/hf/fresh.json" \
		status-fresh "$nb" git-status "git -C $(q "$ref") status --porcelain" "$@" ||
		note "$SIZE: the fresh-cache measurement failed"

	# status after one file changed (an entry gains a line before each of
	# its runs) against status with a fresh cache (a status run before each)
	# that makes its answer afresh: the answers status keeps are dropped
	# before it, so that both contenders read, link and audit the notebook
	# (and against a fresh cache that prints its kept answer, status-kept,
	# in the same rounds: a status run before it keeps the answer for the
	# files as they are).
	one=$(cd "$ref" && find journal -name '*.md' | LC_ALL=C sort | head -n 1)
	forget="python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"DELETE FROM answers\"); c.commit()' $(q "$ref/.git/notebook/index.db")"
	say "changed: status after '$one' changed"
	$IL --export "$out/hf/changed.json" \
		--prepare-for status-one-changed "printf 'One more line.\\n' >>$(q "$ref/$one")" \
		--prepare-for status-kept "$nb" \
		--prepare-for status-fresh "$nb && $forget" \
		status-one-changed "$nb" status-kept "$nb" status-fresh "$nb" ||
		note "$SIZE: the one-file-changed measurement failed"
	git -C "$ref" checkout -q -- "$one"

	# where the time goes: perf's flat profile of each kind of status run.
	if command -v perf >/dev/null 2>&1; then
		say "profiles: status with a fresh cache, after one file changed, without a cache"
		"$NB_BIN" -C "$ref" status --json --as-of "$AS_OF" >/dev/null || true
		profile "$out/profile-fresh.txt" "$NB_BIN" -C "$ref" status --json --as-of "$AS_OF"
		printf 'One more line.\n' >>"$ref/$one"
		profile "$out/profile-changed.txt" "$NB_BIN" -C "$ref" status --json --as-of "$AS_OF"
		git -C "$ref" checkout -q -- "$one"
		drop_cache "$ref"
		profile "$out/profile-cold.txt" "$NB_BIN" -C "$ref" status --json --as-of "$AS_OF"
	fi

	# peak memory of a cold status.
	drop_cache "$ref"
	/usr/bin/time -v "$NB_BIN" -C "$ref" status --json --as-of "$AS_OF" >/dev/null 2>"$out/time-v.txt" || true
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$out/time-v.txt" >"$out/rss-kb.txt"
	if [ -n "$BASE_BIN" ]; then
		drop_cache "$ref"
		/usr/bin/time -v "$BASE_BIN" -C "$ref" status --json --as-of "$AS_OF" >/dev/null 2>"$out/time-v-baseline.txt" || true
		sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$out/time-v-baseline.txt" >"$out/rss-baseline-kb.txt"
	fi
}

# profile FILE COMMAND...: the functions COMMAND spends its time in
# (bench/profile.sh).
profile() {
	sh "$BENCH/profile.sh" "$@"
}

# measure_log OUT REF: log against git add + git commit of a new entry file,
# and the index rewrite alone; and log on the 10-client notebook.
measure_log() {
	out=$1 ref=$2
	CLIENT=$(cd "$ref/clients" && ls | LC_ALL=C sort | head -n 1 | sed 's/\.md$//')
	SMALL_CLIENT=$(cd "$SMALL/clients" && ls | LC_ALL=C sort | head -n 1 | sed 's/\.md$//')
	cat >"$WORK/new-entry.sh" <<EOS
#!/bin/sh
# Writes a new entry file in the reference notebook; its path goes to next-entry.
n=\$(cat $(q "$WORK/counter") 2>/dev/null || echo 0)
n=\$((n + 1))
echo "\$n" >$(q "$WORK/counter")
f=journal/2026/11/2026-11-20-$CLIENT-call-\$((n + 100)).md
printf -- '---\\nclient: $CLIENT\\ndate: 2026-11-20\\nkind: call\\n---\\nA benchmark call, number %d.\\n' "\$n" >$(q "$ref")/"\$f"
echo "\$f" >$(q "$WORK/next-entry")
EOS
	say "log: notebook log, git add + git commit, git update-index"
	$IL --prepare "sh $(q "$WORK/new-entry.sh")" --export "$out/hf/log.json" \
		log "$(q "$NB_BIN") -C $(q "$ref") log $CLIENT -k call -m 'A benchmark call.' --date $AS_OF" \
		git-add-commit "cd $(q "$ref") && f=\$(cat $(q "$WORK/next-entry")) && git add -- \"\$f\" && git commit -q -m 'log: bench' -- \"\$f\"" \
		git-update-index "cd $(q "$ref") && git update-index --add -- \"\$(cat $(q "$WORK/next-entry"))\"" ||
		note "the log measurement on the reference notebook failed"
	say "log on a 10-client notebook"
	$IL --export "$out/hf/log-small.json" \
		log-10-clients "$(q "$NB_BIN") -C $(q "$SMALL") log $SMALL_CLIENT -k call -m 'A benchmark call.' --date $AS_OF" ||
		note "the log measurement on the 10-client notebook failed"
}

# measure_reference OUT REF: what is measured on the reference notebook only.
measure_reference() {
	out=$1 ref=$2
	[ $HAVE_LOG = 0 ] || measure_log "$out" "$ref"
	if has_cmd lsp; then
		# notebook lsp: a change to a 3 KiB client file to its findings.
		say "lsp: findings after a change to a 3 KiB client file"
		"$PY" "$BENCH/lsp_latency.py" "$NB_BIN" "$ref" >"$out/lsp.txt" ||
			{ note "the lsp measurement failed"; : >"$out/lsp.txt"; }
	fi
	if has_cmd report; then
		# notebook report (cache warm, as a reader would run it after
		# status): time, then peak memory and the page's size.
		say "report: notebook report of the reference notebook"
		set --
		! base_has report || [ ! -d "$ref.baseline" ] ||
			set -- report-baseline "$(q "$BASE_BIN") -C $(q "$ref.baseline") report --as-of $AS_OF -o $(q "$WORK/report-baseline.html")"
		$IL --export "$out/hf/report.json" \
			report "$(q "$NB_BIN") -C $(q "$ref") report --as-of $AS_OF -o $(q "$WORK/report.html")" "$@" ||
			note "the report measurement failed"
		if base_has report && [ -d "$ref.baseline" ]; then
			/usr/bin/time -v "$BASE_BIN" -C "$ref.baseline" report --as-of "$AS_OF" -o "$WORK/report-baseline.html" >/dev/null 2>"$out/time-v-report-baseline.txt" || true
			sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$out/time-v-report-baseline.txt" >"$out/rss-report-baseline-kb.txt"
		fi
		/usr/bin/time -v "$NB_BIN" -C "$ref" report --as-of "$AS_OF" -o "$WORK/report.html" >/dev/null 2>"$out/time-v-report.txt" || true
		sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$out/time-v-report.txt" >"$out/rss-report-kb.txt"
		wc -c <"$WORK/report.html" 2>/dev/null | tr -d ' ' >"$out/report-bytes.txt"
	fi
}

# measure_others OUT CLIENTS ENTRIES REF: the rows of bench/sync.sh (sync
# against git) and bench/monitor.sh (status with the watchman monitor against
# git status), when they are there.
measure_others() {
	out=$1
	if [ -x "$BENCH/sync.sh" ] && ! echo " $SYNC_SIZES " | grep -q " $SIZE "; then
		note "$SIZE: sync not measured in this run (BENCH_SYNC_SIZES is '$SYNC_SIZES')"
	elif [ -x "$BENCH/sync.sh" ]; then
		say "sync: bench/sync.sh $2 $3"
		# with perf, a profile of the merge case (profile-sync-merge.txt)
		pdir=
		! command -v perf >/dev/null 2>&1 || pdir=$out
		NOTEBOOK_BIN=$NB_BIN SYNC_RUNS=$SYNC_RUNS BENCH_SEED=$SEED SYNC_PROFILE_DIR=$pdir \
			"$BENCH/sync.sh" "$2" "$3" >"$out/sync.tsv" ||
			{ note "$SIZE: bench/sync.sh failed"; : >"$out/sync.tsv"; }
	else
		note "$SIZE: sync not measured (no executable bench/sync.sh)"
	fi
	if [ ! -x "$BENCH/monitor.sh" ]; then
		note "$SIZE: the watchman monitor not measured (no executable bench/monitor.sh)"
	elif ! command -v watchman >/dev/null 2>&1; then
		note "$SIZE: the watchman monitor not measured (watchman is not installed)"
	else
		say "monitor: bench/monitor.sh"
		NOTEBOOK_BIN=$NB_BIN BENCH_RUNS=$RUNS "$BENCH/monitor.sh" "$4" >"$out/monitor.tsv" ||
			{ note "$SIZE: bench/monitor.sh failed"; : >"$out/monitor.tsv"; }
	fi
}

LAST_SIZE=$(echo $SIZES | awk '{ print $NF }')
SYNC_SIZES=${BENCH_SYNC_SIZES:-$SIZES}
for SIZE in $SIZES; do
	clients=${SIZE%x*} entries=${SIZE#*x}
	case "$clients$entries" in
	*[!0-9]*|'') die "bad size '$SIZE' in BENCH_SIZES (want CLIENTSxENTRIES)" ;;
	esac
	ref=$WORK/ref-$clients-$entries
	out=$WORK/size-$SIZE
	mkdir -p "$out/hf"
	make_notebook "$clients" "$entries" "$ref"
	say "size $SIZE: $("$READALL" "$ref" | cut -d' ' -f1-4)"
	{
		echo "clients=$clients"
		echo "entries=$entries"
		echo "files=$("$READALL" "$ref" | cut -d' ' -f2)"
		echo "bytes=$("$READALL" "$ref" | cut -d' ' -f4)"
		echo "reference=$([ "$SIZE" = "$LAST_SIZE" ] && echo 1 || echo 0)"
	} >"$out/meta.txt"
	measure_status "$out" "$ref"
	[ "$SIZE" != "$LAST_SIZE" ] || measure_reference "$out" "$ref"
	measure_others "$out" "$clients" "$entries" "$ref"
	cat "$out/lsp.txt" >>"$out/meta.txt" 2>/dev/null || true
	for f in rss-kb rss-report-kb report-bytes rss-baseline-kb rss-report-baseline-kb; do
		echo "$(echo $f | tr - _)=$(cat "$out/$f.txt" 2>/dev/null || true)" >>"$out/meta.txt"
	done
done

# The report.
{
	echo "nproc=$(nproc)"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "memory=$(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
	echo "kernel=$(uname -sr)"
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "load=$LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') at the end"
	echo "sizes=$SIZES"
	echo "seed=$SEED"
	echo "runs=$RUNS"
	echo "peer_runs=$PEER_RUNS"
	echo "warmup=$WARMUP"
	echo "smoke=${BENCH_SMOKE:-0}"
	echo "notebook=$("$NB_BIN" --version 2>/dev/null || echo unknown) ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
	echo "git=$(git --version)"
	echo "node=$(node --version 2>/dev/null || echo none)"
	echo "python=$("$PY" -c 'import sys, yaml; print(sys.version.split()[0], "PyYAML", yaml.__version__)')"
	echo "watchman=$(watchman --version 2>/dev/null || echo none)"
	echo "baseline=$BASE_NAME"
	echo "seconds=$(($(date +%s) - START))"
} >"$WORK/meta.txt"
"$PY" "$BENCH/report.py" "$WORK" >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
say "results written to ${RESULTS#$ROOT/}"
