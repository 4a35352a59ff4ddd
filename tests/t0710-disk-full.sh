#!/bin/sh
# Writing commands on a full disk (issue #7): a tmpfs with a size limit,
# filled up but for a few pages. Each command fails with a clear message
# and exit status, leaves no temporary file, lock or partial file, and the
# repository stays `git fsck --strict` clean; `log` may keep its whole
# entry file (never the user's note lost) and says how to commit it. After
# space is freed the same command works.
. "$(dirname "$0")/lib.sh"

MNT=$TRASH/mnt
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=2m,mode=0755 tmpfs "$MNT" 2>/dev/null; then
	echo "1..0 # SKIP cannot mount a tmpfs here (needs root and mount permission)"
	exit 0
fi
trap 'cd /; umount "$MNT" 2>/dev/null; rm -rf "$TRASH"' EXIT

# The test's own git commands take no optional locks (git status would
# otherwise refresh the index, which needs space too).
GIT_OPTIONAL_LOCKS=0
export GIT_OPTIONAL_LOCKS

# fill FREE-KIB: leaves about that much space on the tmpfs.
fill() {
	rm -f "$MNT/filler" &&
	avail=$(df -k --output=avail "$MNT" | tail -n 1) &&
	if [ "$avail" -gt "$1" ]; then
		dd if=/dev/zero of="$MNT/filler" bs=1k count=$((avail - $1)) 2>/dev/null
	fi
	return 0
}

# no_leftovers: no temporary file of ours or libgit2's, no lock.
no_leftovers() {
	find "$MNT/nb" \( -name '.nb-tmp-*' -o -name '*.lock' -o -name 'tmp_*' \) >"$TRASH/left" &&
	test_must_be_empty "$TRASH/left"
}

# state: what must not change when a command fails.
state() {
	git -C "$MNT/nb" rev-parse HEAD &&
	git -C "$MNT/nb" status --porcelain --untracked-files=all &&
	(cd "$MNT/nb" && find clients journal notebook.yaml -type f -exec sha1sum {} + | sort)
}

test_expect_success 'setup: a notebook on a 2 MiB tmpfs' '
	notebook init "$MNT/nb" >/dev/null &&
	cd "$MNT/nb" &&
	notebook new "Acme Corp" >/dev/null &&
	notebook log acme-corp -m "First call." --promise "Send the plan due:2026-11-30" >/dev/null &&
	notebook status >/dev/null
'

# try KIB CMD...: CMD with about KIB KiB free. It either fits (exit 0), or
# fails before writing anything (exit 6: a file cannot be written; nothing
# changed), or writes its whole file and fails to commit it (exit 4: the
# message says so, and `notebook commit` commits it once there is space).
# Never a temporary file, lock or broken repository left behind.
try() {
	kib=$1
	shift
	state >"$TRASH/before" &&
	head=$(git rev-parse HEAD) &&
	fill "$kib" &&
	notebook "$@" >"$TRASH/out" 2>"$TRASH/err"
	st=$?
	case $st in
	0)
		test "$(git rev-parse HEAD^)" = "$head" ;;
	6)
		grep -x "notebook: cannot write '$MNT/nb/[a-z/0-9]*/\.nb-tmp-[A-Za-z0-9]*': No space left on device" "$TRASH/err" &&
		state >"$TRASH/after" && test_cmp "$TRASH/before" "$TRASH/after" ;;
	4)
		test "$(git rev-parse HEAD)" = "$head" &&
		! grep -F "doesn't exist" "$TRASH/err" &&
		f=$(sed -n "s/^notebook: '\(.*\.md\)' is written but not committed; 'notebook commit' commits it$/\1/p" "$TRASH/err") &&
		test -n "$f" &&
		git status --porcelain --untracked-files=all >"$TRASH/st" &&
		{ grep -x "?? $f" "$TRASH/st" || grep -x " M $f" "$TRASH/st"; } &&
		test "$(wc -l <"$TRASH/st")" = 1 &&
		notebook check "$f" ;;
	*)
		false ;;
	esac || { echo "$* with $kib KiB free: exit $st"; cat "$TRASH/err"; return 1; }
	no_leftovers || { rm -f "$MNT/filler"; return 1; }
	git fsck --strict || { echo "fsck failed: $* with $kib KiB free"; rm -f "$MNT/filler"; return 1; }
	rm -f "$MNT/filler" &&
	if [ $st = 4 ]; then notebook commit >/dev/null; fi &&
	git status --porcelain --untracked-files=all >"$TRASH/st" &&
	test_must_be_empty "$TRASH/st"
}

# Each writing command at several amounts of free space, from none to
# enough for the file but not for git's objects, index and ref.
for kib in 0 4 8 12 16 20 24 32; do
	test_expect_success "new, log, done, snooze with $kib KiB free" '
		cd "$MNT/nb" &&
		notebook log acme-corp -m "Call." --promise "Task '$kib' due:2026-11-30" >/dev/null &&
		try '$kib' new "Client '$kib'" &&
		try '$kib' log acme-corp -m "Written on a full disk." &&
		try '$kib' done acme-corp "Task '$kib'" &&
		try '$kib' snooze acme-corp '$((kib + 1))'d
	'
done

test_expect_success 'log with no space: nothing written' '
	cd "$MNT/nb" &&
	state >"$TRASH/before" &&
	fill 0 &&
	test_status 6 notebook log acme-corp -m "Lost?" 2>"$TRASH/err" &&
	grep -x "notebook: cannot write '"'"'$MNT/nb/journal/2026/11/\.nb-tmp-[A-Za-z0-9]*'"'"': No space left on device" "$TRASH/err" &&
	state >"$TRASH/after" && test_cmp "$TRASH/before" "$TRASH/after" &&
	no_leftovers && git fsck --strict
'

test_expect_success 'commit of hand edits with no space: refused, the edits kept' '
	cd "$MNT/nb" &&
	printf "\nMet at the fair.\n" >>clients/acme-corp.md &&
	head=$(git rev-parse HEAD) &&
	state >"$TRASH/before" &&
	fill 0 &&
	test_status 4 notebook commit 2>"$TRASH/err" &&
	grep "No space left on device" "$TRASH/err" &&
	state >"$TRASH/after" && test_cmp "$TRASH/before" "$TRASH/after" &&
	no_leftovers && git fsck --strict &&
	rm -f "$MNT/filler" &&
	notebook commit >"$TRASH/out" &&
	test "$(git rev-parse HEAD^)" = "$head" &&
	git status --porcelain >"$TRASH/st" && test_must_be_empty "$TRASH/st"
'

test_expect_success 'read commands on a full disk still answer (the cache is only a cache)' '
	cd "$MNT/nb" &&
	rm -rf .git/notebook &&
	fill 0 &&
	notebook status >"$TRASH/out" &&
	notebook show acme-corp >/dev/null &&
	notebook check &&
	rm -f "$MNT/filler"
'

test_expect_success 'after space is freed every command works' '
	cd "$MNT/nb" &&
	rm -f "$MNT/filler" &&
	notebook new Globex >/dev/null &&
	notebook log globex -m "Hello." --promise "Call back due:2026-11-28" >/dev/null &&
	notebook done globex "Call back" >/dev/null &&
	notebook snooze acme-corp 2w >/dev/null &&
	git status --porcelain >"$TRASH/st" && test_must_be_empty "$TRASH/st" &&
	notebook check && no_leftovers && git fsck --strict
'

test_done
