#!/bin/sh
# log, done and new killed (SIGKILL) at random instants, a few hundred
# times (issue #11): after every kill no notebook file is staged for
# deletion or staged as it was before HEAD (the user's next plain `git
# commit` would undo it), and the user's own staged file stays staged;
# at the end `git fsck --strict` is clean, every command that finished has
# its file committed, every file a killed command left is whole and is
# committed by `notebook commit`. Bounded by NOTEBOOK_KILLS (default 300)
# and NOTEBOOK_KILL_SECONDS (default 45) of wall-clock time.
. "$(dirname "$0")/lib.sh"

KILLS=${NOTEBOOK_KILLS:-300}
SECONDS_MAX=${NOTEBOOK_KILL_SECONDS:-45}

# git status would refresh the index itself; the test only looks at it
GIT_OPTIONAL_LOCKS=0
export GIT_OPTIONAL_LOCKS

# rand N: a random number in 0..N-1
rand() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d " ") % $1 ))
}

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# ms COMMAND...: how long one run takes, in milliseconds (at least 1).
ms() {
	start=$(now_ms)
	"$@" >/dev/null 2>&1
	echo $(( $(now_ms) - start + 1 ))
}

# index_sound: no notebook file staged for deletion or staged with less
# than HEAD has (a tick undone: the only lines a staged change may take
# out are open promises, which done ticks), a new file staged only as the
# work tree has it; the user's file still staged.
index_sound() {
	git status --porcelain >"$TRASH/st" || return 1
	if grep "^D\|^.D" "$TRASH/st"; then
		echo "a file staged for deletion after $1"
		return 1
	fi
	grep -qx "A  user.txt" "$TRASH/st" || { echo "the user's staged file lost after $1"; return 1; }
	git diff --cached -U0 -- clients journal >"$TRASH/cached" &&
	if grep "^-" "$TRASH/cached" | grep -v "^---" | grep -v "^-- \[ \] Promise"; then
		echo "a staged change takes something of HEAD out after $1"
		return 1
	fi
	git diff --cached --name-only --diff-filter=A -- clients journal >"$TRASH/added" &&
	while read -r p; do
		if [ "$(git rev-parse ":$p")" != "$(git hash-object "$p")" ]; then
			echo "'$p' staged as the work tree does not have it after $1"
			return 1
		fi
	done <"$TRASH/added"
}

test_expect_success 'setup: a client with many promises, a file the user staged' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	i=1 &&
	while test $i -le $KILLS; do
		printf -- "- [ ] Promise %04d due:2026-12-01\n" $i
		i=$((i + 1))
	done >>clients/acme-corp.md &&
	notebook commit >/dev/null &&
	echo mine >user.txt &&
	git add user.txt &&
	: >../finished &&
	: >../locks
'

test_expect_success "log, done and new killed at random, up to $KILLS times" '
	cd nb &&
	log_ms=$(ms notebook log acme-corp -m "Warm-up.") &&
	done_ms=$(ms notebook done acme-corp "Promise 0001") &&
	new_ms=$(ms notebook new "Client 0") &&
	start=$(now_ms) &&
	i=2 && kills=0 &&
	while test $i -le $KILLS && test $(( $(now_ms) - start )) -lt $((SECONDS_MAX * 1000)); do
		case $((i % 3)) in
		0) set -- log acme-corp -m "Entry $i." && run_ms=$log_ms ;;
		1) set -- done acme-corp "$(printf "Promise %04d" $i)" && run_ms=$done_ms ;;
		2) set -- new "Client $i" && run_ms=$new_ms ;;
		esac
		"$NOTEBOOK_BIN" "$@" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf "0.%03d" "$(rand $((run_ms + 5)))")"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		st=$?
		if test $st = 0; then echo "$i $1" >>../finished; else kills=$((kills + 1)); fi
		index_sound "run $i ($*), exit $st" || return 1
		for l in .git/index.lock .git/refs/heads/main.lock; do
			if test -e $l; then echo "$i $l" >>../locks; rm -f $l; fi
		done
		i=$((i + 1))
	done &&
	echo "$kills" >../kills &&
	echo "$((i - 2))" >../runs &&
	git fsck --strict
'

test_expect_success 'every finished command is committed; what the killed ones left is whole' '
	cd nb &&
	while read -r i cmd; do
		case $cmd in
		log) git grep -q "Entry $i\." HEAD -- journal ;;
		done) git show HEAD:clients/acme-corp.md | grep -qx -- "- \[x\] $(printf "Promise %04d" $i) due:2026-12-01 done:2026-11-20" ;;
		new) git cat-file -e HEAD:clients/client-$i.md ;;
		esac || { echo "run $i ($cmd) finished but is not committed"; return 1; }
	done <../finished &&
	notebook check &&
	notebook commit >/dev/null &&
	git status --porcelain --untracked-files=all >../st &&
	echo "A  user.txt" >../expect &&
	test_cmp ../expect ../st &&
	git fsck --strict
'

echo "# $(cat "$TRASH/runs" 2>/dev/null) runs, $(cat "$TRASH/kills" 2>/dev/null) killed before they finished, $(wc -l <"$TRASH/locks") stale locks removed"

test_done
