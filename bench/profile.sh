#!/bin/sh
# bench/profile.sh FILE COMMAND...: the functions COMMAND spends its time in
# (perf's flat profile, every symbol with 1% of the samples or more, at most
# 25 lines) into FILE; FILE is left empty when perf cannot record here.
# Used by bench/run.sh (status) and bench/sync.sh (SYNC_PROFILE_DIR).
pf=$1
shift
perf record -q -F 2999 -o "$pf.data" -- "$@" >/dev/null 2>&1 &&
	perf report -q -i "$pf.data" --stdio --no-children --sort dso,symbol --percent-limit 1 2>/dev/null |
	sed -e '/^$/d' -e 's/[[:space:]-]*$//' | head -n 25 >"$pf" || : >"$pf"
rm -f "$pf.data"
