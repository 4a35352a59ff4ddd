#!/bin/sh
# notebook sync killed (SIGKILL) at random instants some hundreds of times
# (issue #11): eight prepared situations (a merge, a fast-forward, a push,
# two entries of one name, a client file changed on both sides, twenty
# entries a side, a replay of sync --rebase with an entry of one name, a
# stopped sync's --continue) are copied afresh for each
# round, so a round costs a copy, the killed sync and the recovery. After
# every kill no notebook file is staged for deletion and every entry is on
# the remote or in the work tree; after the recovery the tool's messages
# lead to (lock named, --abort, --continue, --commit, sync), every entry
# is on the remote once, git status is clean and git fsck --strict passes.
# See tests/tools/sync_kill.py. Bounded by NOTEBOOK_SYNC_KILLS (default
# 400) and NOTEBOOK_SYNC_KILL_SECONDS (default 60) of wall-clock time,
# which a machine too busy to kill NOTEBOOK_SYNC_KILLS_LEAST (default 200)
# syncs in it stretches up to three times; fewer kills fail the test,
# unless the machine is so busy that a sync takes several times what it
# takes on an idle one (then the count is printed, and said to be low).
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

KILLS=${NOTEBOOK_SYNC_KILLS:-400}
SECONDS_MAX=${NOTEBOOK_SYNC_KILL_SECONDS:-60}
LEAST=${NOTEBOOK_SYNC_KILLS_LEAST:-200}

seed=${NOTEBOOK_RANDOM_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
say "seed $seed (rerun with NOTEBOOK_RANDOM_SEED=$seed)"

test_expect_success "syncs killed at random instants, at least $LEAST times: no entry lost, no deletion staged, fsck clean" '
	mkdir kills &&
	{ (cd kills && python3 "$TEST_DIRECTORY/tools/sync_kill.py" "$seed" "$KILLS" "$SECONDS_MAX" 2 "$LEAST") >kills.log 2>&1 ||
		{ cat kills.log; false; }; }
'
test -f kills.log && tail -n 2 kills.log | sed "s/^# //" | while read -r line; do say "$line"; done

test_done
