# Test library for the shell tests: TAP output for prove, in the manner of
# git's t/test-lib.sh. Each test file sources this, then calls
# test_expect_success and ends with test_done.
#
# Every test file runs in its own temporary directory with its own HOME and
# git configuration (never the developer's), a fixed clock (NOTEBOOK_NOW)
# and a fixed timezone.

set -u

TEST_DIRECTORY=$(cd "$(dirname "$0")" && pwd)
SRC_ROOT=$(cd "$TEST_DIRECTORY/.." && pwd)
: "${NOTEBOOK_BIN:=$SRC_ROOT/build/notebook}"
: "${NOTEBOOK_BUILD:=$SRC_ROOT/build}"
export NOTEBOOK_BIN NOTEBOOK_BUILD SRC_ROOT TEST_DIRECTORY

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/notebook-test.XXXXXX")
# cleanup: what every test file leaves behind at exit (its watchman too).
cleanup() {
	[ -n "${WATCHMAN_SOCK:-}" ] && watchman_down
	cd / && rm -rf "$TRASH"
}
trap cleanup EXIT
HOME=$TRASH/home
mkdir -p "$HOME"
export HOME
export XDG_CONFIG_HOME=$HOME/.config
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
export GIT_AUTHOR_DATE='2026-11-20T10:00:00Z' GIT_COMMITTER_DATE='2026-11-20T10:00:00Z'
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
export NOTEBOOK_NOW=2026-11-20
unset NOTEBOOK_DIR VISUAL EDITOR GIT_DIR GIT_WORK_TREE NO_COLOR GIT_PAGER LESS NOTEBOOK_MONITOR WATCHMAN_SOCK
# show pages its output on a terminal; a test that wants a pager sets GIT_PAGER
export PAGER=cat
git config --global user.name 'A Tester'
git config --global user.email 'tester@example.com'
git config --global init.defaultBranch main
git config --global protocol.file.allow always

cd "$TRASH" || exit 1

test_count=0
test_failures=0

# lsan_suppress LIBRARY...: LeakSanitizer ignores leaks of memory allocated
# inside these libraries. libgit2 1.5 (Debian 12) leaks pcre2 match data
# when a regex does not match (fixed upstream in libgit2 pull request 6382);
# git_remote_lookup hits it, so every test that syncs names libpcre2-8.so.
lsan_suppress() {
	for lib in "$@"; do
		printf 'leak:%s\n' "$lib"
	done >"$TRASH/lsan.supp"
	LSAN_OPTIONS="suppressions=$TRASH/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export LSAN_OPTIONS
}

# free_port: a TCP port of 127.0.0.1 nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_git_daemon: serves the bare srv/remote.git (push enabled) with
# `git daemon` on a free port of 127.0.0.1, sets $url to it and $daemon to
# its pid, and stops it at exit. Skips the whole test file when git daemon
# is not installed.
start_git_daemon() {
	if ! test -x "$(git --exec-path)/git-daemon"; then
		say "skip: git daemon is not installed"
		printf '1..0 # SKIP git daemon is not installed\n'
		exit 0
	fi
	port=$(free_port)
	mkdir srv &&
	git init -q --bare srv/remote.git &&
	git --git-dir=srv/remote.git config daemon.receivepack true
	git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$TRASH/srv" \
		--export-all --enable=receive-pack "$TRASH/srv" >"$TRASH/daemon.log" 2>&1 &
	daemon=$!
	trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; cleanup' EXIT
	url=git://127.0.0.1:$port/remote.git
	# wait for the daemon to listen
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		git ls-remote "$url" >/dev/null 2>&1 && break
		sleep 0.2
	done
}

# sync_both_ways: clones b from srv/remote.git and points it at $url, then
# edits two different keys of acme-corp, one in b and one in a, and checks
# they sync both ways (push, merge and push, fast-forward) through
# `notebook_sync DIR`, which the test defines for its transport, into one
# merged file everywhere, with every repository fsck-clean.
sync_both_ways() {
	git clone -q srv/remote.git b &&
	git -C b remote set-url origin "$url" &&
	sed -i "s/^tier: .*/tier: regular/" b/clients/acme-corp.md &&
	notebook -C b commit >/dev/null &&
	notebook_sync b >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	sed -i "s/^status: .*/status: paused/" a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook_sync a >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	notebook_sync b >out &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out &&
	git -C srv/remote.git show main:clients/acme-corp.md >merged &&
	grep "^tier: regular$" merged &&
	grep "^status: paused$" merged &&
	test_cmp merged b/clients/acme-corp.md &&
	test "$(git -C b rev-parse HEAD)" = "$(git -C srv/remote.git rev-parse main)" &&
	git -C srv/remote.git fsck --strict &&
	git -C a fsck --strict &&
	git -C b fsck --strict
}

# as NAME COMMAND...: runs a command as the teammate NAME (the git identity).
as() {
	who=$1
	shift
	GIT_AUTHOR_NAME=$who GIT_COMMITTER_NAME=$who GIT_AUTHOR_EMAIL=$who@example.com \
	GIT_COMMITTER_EMAIL=$who@example.com "$@"
}

# two_clones: the notebook in a (its clients made by the test) pushed by
# `notebook sync` to a new bare remote.git, and cloned from there into b.
two_clones() {
	git init -q --bare remote.git &&
	git -C a remote add origin ../remote.git &&
	notebook -C a sync >/dev/null &&
	git clone -q remote.git b
}

# commit_files REV: the paths REV changed, with their status letters.
commit_files() {
	git diff-tree --no-commit-id --name-status -r "$1"
}

# hand_note PATH: what a write command says of hand edits it leaves out.
hand_note() {
	echo "notebook: the changes made by hand to '$1' are not in the commit; they stay in the file ('git diff' shows them)"
}

# write_promise_call: in the notebook in the current directory, a call with
# acme-corp on 2026-11-18 making two open promises.
write_promise_call() {
	write_file journal/2026/11/2026-11-18-acme-corp-call.md <<-\EOT
	---
	client: acme-corp
	date: 2026-11-18
	kind: call
	---
	Call.

	- [ ] Send the staffing plan due:2026-11-25
	- [ ] Book the workshop room due:2026-12-01
	EOT
}

# edit_commits_nothing EDITOR CLIENT: `notebook edit CLIENT` with an editor
# that changes nothing says so and makes no commit.
edit_commits_nothing() {
	head=$(git rev-parse HEAD) &&
	EDITOR=$1 notebook edit "$2" >../out &&
	echo "no changes to clients/$2.md" >../expect &&
	test_cmp ../expect ../out &&
	test "$(git rev-parse HEAD)" = "$head"
}

# notebook ARGS...: the binary under test.
notebook() {
	"$NOTEBOOK_BIN" "$@"
}

# same_status ARGS...: `notebook -C nb status ARGS` (stdout, stderr, exit
# status) is what a run without the cache says; its output is left in out,
# the cache-less run's in expect.
same_status() {
	NOTEBOOK_NO_CACHE=1 notebook -C nb status "$@" >expect 2>expect.err
	echo $? >expect.st
	notebook -C nb status "$@" >out 2>err
	echo $? >out.st
	test_cmp expect out && test_cmp expect.err err && test_cmp expect.st out.st
}

# kept_answers: how many answers status keeps in the cache $DB.
kept_answers() {
	sqlite3 "$DB" "SELECT count(*) FROM answers" 2>/dev/null || echo 0
}

# edit_in_place FILE FROM TO: sed's s/FROM/TO/ of FILE, its inode kept.
edit_in_place() {
	sed "s/$2/$3/" "$1" >edit.tmp && cat edit.tmp >"$1" && rm -f edit.tmp
}

# deltas: how many status runs a delta made so far (NOTEBOOK_STATUS_DELTA_LOG).
deltas() {
	if test -f "$NOTEBOOK_STATUS_DELTA_LOG"; then wc -l <"$NOTEBOOK_STATUS_DELTA_LOG"; else echo 0; fi
}

# one_set delta|full ARGS...: same_status ARGS; `delta`: made by a delta, `full`: not.
one_set() {
	want=$1 && shift && before=$(deltas) &&
	same_status "$@" &&
	if test "$want" = delta; then
		test "$(deltas)" -eq $((before + 1))
	else
		test "$(deltas)" -eq "$before"
	fi
}

# status_killed_at CALL N ARGS...: `notebook -C nb status ARGS` killed
# (strace) at its Nth CALL, in whichever thread; the exit status is left in
# killed.st (137 when the kill came).
status_killed_at() {
	call=$1 n=$2 && shift 2 &&
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" strace -f -o /dev/null \
		-e trace="$call" -e inject="$call":signal=KILL:when="$n" \
		"$NOTEBOOK_BIN" -C nb status "$@" >/dev/null 2>&1
	echo $? >killed.st
}

# can_strace: whether strace can trace here (the tests that kill or fail a
# command at an exact system call need it).
can_strace() {
	command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null
}

say() {
	printf '# %s\n' "$*"
}

# test_chain_lint 'COMMANDS': whether every command of a test body is
# joined to the next by && (a body that is not could fail in its middle and
# still pass). The trick of git's test-lib: after a command that fails,
# "(exit 117) && BODY" skips the whole chain and ends with 117; a command
# after a break in the chain runs (once, in a subshell whose output is
# thrown away) and the body ends with its status instead. Only the top
# level of a body is seen: what is inside ( ), { }, loops and ifs is
# skipped with the command it belongs to.
test_chain_lint() {
	(eval "(exit 117) && $1") >/dev/null 2>&1 </dev/null
	test $? -eq 117
}

# test_expect_success DESCRIPTION 'COMMANDS': the body must be one &&-chain
# (test_chain_lint; NOTEBOOK_TEST_CHAIN_LINT=0 turns the check off).
test_expect_success() {
	test_count=$((test_count + 1))
	if [ "${NOTEBOOK_TEST_CHAIN_LINT:-1}" != 0 ] && ! test_chain_lint "$2"; then
		test_failures=$((test_failures + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		printf '#   broken &&-chain: a command of this body is not joined to the next by &&\n'
		printf '%s\n' "$2" | sed 's/^/#   | /'
		return
	fi
	[ "${NOTEBOOK_TEST_CHAIN_LINT_ONLY:-0}" = 1 ] && { printf 'ok %d - %s\n' "$test_count" "$1"; return; }
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		printf 'ok %d - %s\n' "$test_count" "$1"
	else
		test_failures=$((test_failures + 1))
		printf 'not ok %d - %s\n' "$test_count" "$1"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

# test_must_fail [--status=N] COMMAND...: the command fails with exit
# status N (default: 1..125, never a signal or a sanitizer's report).
test_must_fail() {
	want=
	case "${1:-}" in
	--status=*) want=${1#--status=}; shift ;;
	esac
	"$@"
	got=$?
	if [ -n "$want" ]; then
		if [ "$got" -ne "$want" ]; then
			echo "test_must_fail: '$*' exited $got, wanted $want" >&2
			return 1
		fi
		return 0
	fi
	if [ "$got" -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ "$got" -gt 125 ]; then
		echo "test_must_fail: '$*' died with status $got" >&2
		return 1
	fi
	return 0
}

# test_status N COMMAND...: the command exits with exactly N.
test_status() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "test_status: '$*' exited $got, wanted $want" >&2
		return 1
	fi
}

# test_cmp EXPECTED ACTUAL
test_cmp() {
	diff -u "$1" "$2"
}

# test_must_be_empty FILE
test_must_be_empty() {
	if [ -s "$1" ]; then
		echo "'$1' is not empty:" >&2
		cat "$1" >&2
		return 1
	fi
}

# write_file PATH <<EOF ... : creates parent directories too.
write_file() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

# make_notebook DIR: a minimal valid notebook (not a git repository).
make_notebook() {
	mkdir -p "$1/clients" "$1/journal"
	printf 'owner: A Tester\ntimezone: UTC\n' >"$1/notebook.yaml"
}

# start_watchman: a watchman of the test file's own (socket, state, log
# and pid files in $TRASH/watchman; never the user's), stopped at exit, with
# WATCHMAN_SOCK exported. Skips the whole test file when watchman is not
# installed (sh .ci/deps.sh test installs it).
start_watchman() {
	if ! command -v watchman >/dev/null 2>&1; then
		say "skip: watchman is not installed (sh .ci/deps.sh test installs it)"
		printf '1..0 # SKIP watchman is not installed\n'
		exit 0
	fi
	mkdir -p "$TRASH/watchman"
	WATCHMAN_SOCK=$TRASH/watchman/sock
	export WATCHMAN_SOCK
	watchman_up || { echo "watchman did not start:" >&2; cat "$TRASH/watchman/log" >&2; exit 1; }
}

# watchman_up, watchman_down: start and stop the test's watchman (its
# clock starts afresh each time).
watchman_up() {
	wm=$TRASH/watchman
	rm -f "$WATCHMAN_SOCK" "$wm/pid"
	watchman --foreground --no-save-state --sockname="$WATCHMAN_SOCK" --statefile="$wm/state" \
		--logfile="$wm/log" --pidfile="$wm/pid" >>"$wm/out" 2>&1 </dev/null &
	for i in $(seq 100); do
		test -S "$WATCHMAN_SOCK" && test -s "$wm/pid" && return 0
		sleep 0.1
	done
	return 1
}

watchman_down() {
	pid=$(cat "$TRASH/watchman/pid" 2>/dev/null)
	watchman --no-spawn --sockname="$WATCHMAN_SOCK" shutdown-server >/dev/null 2>&1
	for i in $(seq 100); do
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	rm -f "$WATCHMAN_SOCK"
	return 0
}

test_done() {
	printf '1..%d\n' "$test_count"
	if [ "$test_failures" -ne 0 ]; then
		printf '# failed %d of %d\n' "$test_failures" "$test_count"
		exit 1
	fi
	exit 0
}

# NOTEBOOK_TEST_MONITOR=1: the whole file runs with the file-system monitor
# on (its own watchman, NOTEBOOK_MONITOR=watchman).
if [ "${NOTEBOOK_TEST_MONITOR:-0}" = 1 ]; then
	start_watchman
	NOTEBOOK_MONITOR=watchman
	export NOTEBOOK_MONITOR
fi
