#!/bin/sh
# notebook sync under random concurrent use: a bare remote, three clones,
# 50 random operations per clone interleaved (log, new, done, snooze, hand
# edits committed, sync, sometimes two syncs at once; conflicts resolved by
# hand and --continue), then sync until quiet, and checks that no entry,
# value or ticked promise was lost silently and that every clone holds the
# same valid tree (tests/tools/sync_random.py says how). The seed is
# printed; NOTEBOOK_RANDOM_SEED=N reruns its operations (which of two
# simultaneous pushes wins is up to the machine).
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

seed=${NOTEBOOK_RANDOM_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
ops=${NOTEBOOK_RANDOM_OPS:-50}
say "seed $seed (rerun with NOTEBOOK_RANDOM_SEED=$seed)"

test_expect_success "3 clones, $ops random operations each, synced until quiet: nothing lost" '
	mkdir run &&
	{ (cd run && python3 "$TEST_DIRECTORY/tools/sync_random.py" "$seed" "$ops") >random.log 2>&1 ||
		{ cat random.log; false; }; }
'
test -f random.log && say "$(tail -n 1 random.log)"

test_done
