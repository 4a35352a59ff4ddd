#!/bin/sh
# new, done, snooze and commit killed (SIGKILL) at random moments, as
# t0580 does for log (issue #7): the repository stays `git fsck --strict`
# clean, every file is whole (its old or its new contents, never a part),
# and `notebook commit` picks up whatever was written but not committed.
. "$(dirname "$0")/lib.sh"

KILLS=${NOTEBOOK_KILLS:-15}

# rand N: a random number in 0..N-1
rand() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d " ") % $1 ))
}

# ms COMMAND...: how long one run takes, in milliseconds (at least 1).
ms() {
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	echo $(( ($(date +%s%N) - start) / 1000000 + 1 ))
}

# kill_during I COMMAND...: starts the command and kills it after a
# random part of $run_ms (plus a little), then checks the repository.
kill_during() {
	i=$1
	shift
	"$NOTEBOOK_BIN" "$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf "0.%03d" "$(rand $((run_ms + 5)))")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	git fsck --strict >../fsck.out 2>&1 || { echo "after kill $i of $*:"; cat ../fsck.out; return 1; }
	# how often a kill fell between writing the file and the commit
	if git status --porcelain | grep -q .; then echo "$i $1" >>../pending; fi
	# a lock left by the killed process is the user's to remove, as git says
	for l in .git/index.lock .git/refs/heads/main.lock .git/HEAD.lock; do
		if test -e $l; then echo "$i $l" >>../locks; rm -f $l; fi
	done
}

# whole: every notebook file validates (a part of one would not), and
# `notebook commit` leaves nothing uncommitted.
whole() {
	notebook check &&
	notebook commit >/dev/null 2>&1
	git status --porcelain --untracked-files=all >../st &&
	test_must_be_empty ../st &&
	git fsck --strict
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	: >../locks &&
	: >../pending
'

test_expect_success "snooze killed $KILLS times" '
	cd nb &&
	run_ms=$(ms notebook snooze acme-corp 1d) &&
	i=1 &&
	while test $i -le $KILLS; do
		kill_during $i snooze acme-corp ${i}d || return 1
		grep -x "snooze: 2026-1[12]-[0-9][0-9]" clients/acme-corp.md >/dev/null || return 1
		i=$((i + 1))
	done &&
	whole
'

test_expect_success "done killed $KILLS times" '
	cd nb &&
	i=1 &&
	while test $i -le $KILLS; do
		printf -- "- [ ] Promise %d due:2026-12-01\n" $i >>clients/acme-corp.md
		i=$((i + 1))
	done &&
	notebook commit >/dev/null &&
	run_ms=$(ms notebook done acme-corp "Promise 1") &&
	i=2 &&
	while test $i -le $KILLS; do
		kill_during $i done acme-corp "Promise $i" || return 1
		grep -x -- "- \[[ x]\] Promise $i due:2026-12-01\( done:2026-11-20\)\{0,1\}" clients/acme-corp.md >/dev/null || return 1
		i=$((i + 1))
	done &&
	whole
'

test_expect_success "new killed $KILLS times" '
	cd nb &&
	run_ms=$(ms notebook new "Client 0") &&
	i=1 &&
	while test $i -le $KILLS; do
		kill_during $i new "Client $i" || return 1
		i=$((i + 1))
	done &&
	whole &&
	for f in clients/client-*.md; do
		grep -x "name: Client [0-9]*" $f >/dev/null || return 1
	done
'

test_expect_success "commit of hand edits killed $KILLS times" '
	cd nb &&
	i=1 &&
	while test $i -le $KILLS; do
		printf "\nNote %d.\n" $i >>clients/acme-corp.md
		if test $i = 1; then
			run_ms=$(ms notebook commit)
		else
			kill_during $i commit || return 1
		fi
		i=$((i + 1))
	done &&
	whole
'

# for the record: how many kills landed inside the writing
sed "s/^/# stale lock after kill /" "$TRASH/locks"
echo "# $(wc -l <"$TRASH/pending") kills left a written file uncommitted"

test_done
