#!/bin/sh
# bench/monitor.sh NOTEBOOK_DIR: the file-system monitor's figure. Times a
# warm `status --json` with the monitor on (a watchman of its own, started
# here and stopped at the end), the same without it (the stat walk), and
# `git status --porcelain`, in interleaved runs (A B C A B C ...) so that a
# drift of the machine's speed favours none, and prints one line per case,
# "case<TAB>seconds" (the median of the runs):
#
#   status-monitor	0.081
#   status-stat	0.912
#   git-status	0.655
#
# Environment: BENCH_RUNS (5), NOTEBOOK_BIN (build/notebook), BENCH_AS_OF
# (2026-11-20). Exit 2 when watchman is not installed (nothing printed).
set -eu

[ $# = 1 ] || { echo "usage: bench/monitor.sh NOTEBOOK_DIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
NB_BIN=${NOTEBOOK_BIN:-$(pwd)/build/notebook}
DIR=$(cd "$1" && pwd)
RUNS=${BENCH_RUNS:-5}
AS_OF=${BENCH_AS_OF:-2026-11-20}
export TZ=UTC LC_ALL=C.UTF-8
unset NOTEBOOK_DIR NOTEBOOK_NOW NOTEBOOK_NO_CACHE NOTEBOOK_MONITOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

command -v watchman >/dev/null 2>&1 || { echo "bench/monitor.sh: watchman is not installed" >&2; exit 2; }
[ -x "$NB_BIN" ] || { echo "bench/monitor.sh: no notebook binary at '$NB_BIN'" >&2; exit 1; }

WM=$(mktemp -d "${TMPDIR:-/tmp}/notebook-monitor.XXXXXX")
WATCHMAN_SOCK=$WM/sock
export WATCHMAN_SOCK
stop() {
	watchman --no-spawn --sockname="$WATCHMAN_SOCK" shutdown-server >/dev/null 2>&1 || :
	rm -rf "$WM"
}
trap stop EXIT
trap 'exit 1' HUP INT TERM
watchman --foreground --no-save-state --sockname="$WATCHMAN_SOCK" --statefile="$WM/state" \
	--logfile="$WM/log" --pidfile="$WM/pid" >"$WM/out" 2>&1 </dev/null &
i=0
while ! [ -S "$WATCHMAN_SOCK" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "bench/monitor.sh: watchman did not start" >&2; exit 1; }
	sleep 0.1
done
watchman --no-spawn --no-pretty --sockname="$WATCHMAN_SOCK" watch-project "$DIR" >/dev/null

# One run of a case, in seconds (wall clock).
run_case() {
	start=$(date +%s%N)
	case $1 in
	status-monitor) NOTEBOOK_MONITOR=watchman "$NB_BIN" -C "$DIR" status --json --as-of "$AS_OF" >/dev/null || : ;;
	status-stat) NOTEBOOK_MONITOR=none "$NB_BIN" -C "$DIR" status --json --as-of "$AS_OF" >/dev/null || : ;;
	git-status) git -C "$DIR" status --porcelain >/dev/null || : ;;
	esac
	end=$(date +%s%N)
	echo $(((end - start) / 1000)) >>"$WM/$1.us"
}

CASES="status-monitor status-stat git-status"
# warm-up: the cache filled and the monitor's clock kept, the page cache warm
for c in $CASES; do run_case "$c"; done
run_case status-monitor
for c in $CASES; do rm -f "$WM/$c.us"; done
n=0
while [ $n -lt "$RUNS" ]; do
	for c in $CASES; do run_case "$c"; done
	n=$((n + 1))
done
for c in $CASES; do
	sort -n "$WM/$c.us" | awk -v c="$c" '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s\t%.3f\n", c, m / 1e6 }'
done
