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
trap 'cd /; rm -rf "$TRASH"' EXIT
HOME=$TRASH/home
mkdir -p "$HOME"
export HOME
export XDG_CONFIG_HOME=$HOME/.config
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
export GIT_AUTHOR_DATE='2026-11-20T10:00:00Z' GIT_COMMITTER_DATE='2026-11-20T10:00:00Z'
export TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
export NOTEBOOK_NOW=2026-11-20
unset NOTEBOOK_DIR VISUAL EDITOR GIT_DIR GIT_WORK_TREE NO_COLOR
git config --global user.name 'A Tester'
git config --global user.email 'tester@example.com'
git config --global init.defaultBranch main
git config --global protocol.file.allow always

cd "$TRASH" || exit 1

test_count=0
test_failures=0

# notebook ARGS...: the binary under test.
notebook() {
	"$NOTEBOOK_BIN" "$@"
}

say() {
	printf '# %s\n' "$*"
}

# test_expect_success DESCRIPTION 'COMMANDS'
test_expect_success() {
	test_count=$((test_count + 1))
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

test_done() {
	printf '1..%d\n' "$test_count"
	if [ "$test_failures" -ne 0 ]; then
		printf '# failed %d of %d\n' "$test_failures" "$test_count"
		exit 1
	fi
	exit 0
}
