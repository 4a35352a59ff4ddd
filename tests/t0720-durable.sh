#!/bin/sh
# A command that exits 0 after a commit has made it durable (notebook(1), issue
# #7): an LD_PRELOAD shim (tests/tools/fsync_count.c) records every fsync
# with the path it was given, and the test checks that everything a power
# cut would need was synced: the written file before it is put in place,
# its folder after, each new git object and its folder, the branch ref, the
# reflogs and the index.
. "$(dirname "$0")/lib.sh"

SHIM=$NOTEBOOK_BUILD/tools/fsync_count.so
LOG=$TRASH/fsync.log

# The shim cannot see into valgrind's own loader; the sanitizers want to
# come first in the preload list.
if [ -n "${NOTEBOOK_SLOW:-}" ]; then
	echo "1..0 # SKIP the preloaded shim is not used under valgrind"
	exit 0
fi
if ! [ -f "$SHIM" ]; then
	echo "1..0 # SKIP $SHIM is not built (make $SHIM)"
	exit 0
fi
if ldd "$NOTEBOOK_BIN" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export ASAN_OPTIONS
fi

# synced NOTEBOOK-ARGS...: runs notebook under the shim in nb/, the list
# of fsynced paths (relative to nb/) in $LOG.
synced() {
	rm -f "$LOG" "$LOG.raw" &&
	find .git/objects -type f | sort >"$TRASH/objects.before" &&
	FSYNC_COUNT_LOG="$LOG.raw" LD_PRELOAD="$SHIM" "$NOTEBOOK_BIN" "$@" >"$TRASH/out" &&
	sed -e "s|^\([a-z_]*\) $TRASH/nb/|\1 |" -e "s|^\([a-z_]*\) $TRASH/nb\$|\1 .|" "$LOG.raw" >"$LOG" &&
	find .git/objects -type f | sort | comm -13 "$TRASH/objects.before" - >"$TRASH/objects.new"
}

# has PATH-REGEX: an fsync of a path matching the regex.
has() {
	grep -qx "\(fsync\|fdatasync\) $1" "$LOG" || {
		echo "no fsync of $1 in:" >&2
		cat "$LOG" >&2
		return 1
	}
}

# line PATH-REGEX: the line number of the first fsync matching it.
line() {
	grep -nx "\(fsync\|fdatasync\) $1" "$LOG" | head -n 1 | cut -d: -f1
}

# file_then_dir DIR: a temporary file in DIR synced before DIR itself.
file_then_dir() {
	has "$1/\.nb-tmp-[A-Za-z0-9]*" && has "$1" &&
	test "$(line "$1/\.nb-tmp-[A-Za-z0-9]*")" -lt "$(line "$1")"
}

# git_durable: the new loose objects and their folders, objects/ itself
# (a new fan-out folder is an entry in it) before the branch names the
# commit, the branch and HEAD's reflogs, the ref and its folder.
git_durable() {
	test -s "$TRASH/objects.new" &&
	nobj=$(wc -l <"$TRASH/objects.new") &&
	ntmp=$(grep -c "^fsync \.git/objects/tmp_object_git2_" "$LOG") &&
	test "$ntmp" -ge "$nobj" &&
	while read -r obj; do
		has "$(dirname "$obj")" || return 1
	done <"$TRASH/objects.new" &&
	has "\.git/objects" &&
	test "$(line "\.git/objects")" -lt "$(line "\.git/refs/heads/main\.lock")" &&
	has "\.git/refs/heads/main\.lock" && has "\.git/refs/heads" &&
	has "\.git/logs/refs/heads/main" && has "\.git/logs/HEAD"
}

# index_durable: the index written, then its rename made durable.
index_durable() {
	has "\.git/index\.lock" && has "\.git" &&
	last=$(grep -nx "\(fsync\|fdatasync\) \.git" "$LOG" | tail -n 1 | cut -d: -f1) &&
	test "$(line "\.git/index\.lock")" -lt "$last"
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null
'

test_expect_success 'the shim records what it is given' '
	cd nb &&
	FSYNC_COUNT_LOG="$LOG.raw" LD_PRELOAD="$SHIM" sh -c "sync" &&
	grep -x "sync -" "$LOG.raw"
'

test_expect_success 'log: the entry file, its new folders, the objects, ref and reflogs' '
	cd nb &&
	synced log acme-corp -m "Called." &&
	echo journal/2026/11/2026-11-20-acme-corp-call.md >../expect &&
	tail -n 1 "$TRASH/out" >../actual && test_cmp ../expect ../actual &&
	file_then_dir journal/2026/11 &&
	has journal && has journal/2026 &&
	git_durable &&
	git fsck --strict
'
test_expect_success 'log: the index, and the git directory after its rename' 'cd nb && index_durable'

test_expect_success 'log into an existing folder: the file and the folder' '
	cd nb &&
	synced log acme-corp -m "Again." --promise "Send the plan due:2026-11-30" &&
	file_then_dir journal/2026/11 &&
	git_durable
'

test_expect_success 'new: the client file and clients/' '
	cd nb &&
	synced new Globex &&
	file_then_dir clients &&
	git_durable
'
test_expect_success 'new: the index' 'cd nb && index_durable'

test_expect_success 'snooze and done: the file replaced, then its folder' '
	cd nb &&
	synced snooze globex 2w &&
	file_then_dir clients &&
	git_durable &&
	synced done acme-corp "Send the plan" &&
	file_then_dir journal/2026/11 &&
	git_durable
'

test_expect_success 'commit of hand edits: the objects, ref and reflogs' '
	cd nb &&
	printf "\nMet at the fair.\n" >>clients/globex.md &&
	synced commit &&
	git_durable &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'
test_expect_success 'commit: the index' 'cd nb && index_durable'

test_done
