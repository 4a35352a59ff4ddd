#!/bin/sh
# What a failed write leaves (issue #11): a file that cannot be written
# (a full disk, a file-size limit) is exit status 6, not 3 ("no
# notebook"), with nothing changed; the temporary files a killed writer
# leaves behind are removed by the next write into their folder (only
# ours, only stale ones); a path named on the command line is written in
# a finding as reached from the working directory, never with the
# notebook's prefix twice.
. "$(dirname "$0")/lib.sh"

# limited NOTEBOOK-ARGS...: notebook with no file allowed to grow (ulimit
# -f 0; SIGXFSZ ignored, so a write fails with EFBIG, as on a full disk);
# its stderr and exit status go through a pipe (a file would fail too).
limited() {
	(ulimit -f 0 && trap "" XFSZ && "$NOTEBOOK_BIN" "$@"; echo "exit $?") 2>&1 | cat >"$TRASH/out"
}

state() {
	git rev-parse HEAD &&
	git status --porcelain --untracked-files=all &&
	find clients journal notebook.yaml -exec ls -ld {} + | sort
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	notebook log acme-corp -m "Call." --promise "Send the plan due:2026-11-30" >/dev/null
'

test_expect_success 'a file that cannot be written: exit 6, nothing changed, for each command' '
	cd nb &&
	state >../before &&
	for cmd in "log acme-corp -m Lost?" "new Globex" "done acme-corp Send" "snooze acme-corp 2w"; do
		limited $cmd &&
		grep -x "exit 6" ../out &&
		grep -x "notebook: cannot write '"'"'$TRASH/nb/[a-z0-9/]*/\.nb-tmp-[A-Za-z0-9]\{6\}'"'"': File too large" ../out &&
		test "$(wc -l <../out)" = 2 || { cat ../out; return 1; }
	done &&
	state >../after &&
	test_cmp ../before ../after &&
	git fsck --strict
'

test_expect_success 'exit status 6 is documented' '
	grep -A3 "^\.It 6$" "$SRC_ROOT/doc/notebook.1" | grep "cannot be written" &&
	grep "6 a file cannot be written" "$SRC_ROOT/README.md"
'

# temp NAME AGE: a file named like our temporary files in journal/2026/11,
# last written AGE ago ("now" for a fresh one).
temp() {
	echo "part of an entry" >"journal/2026/11/$1" &&
	touch -d "$2" "journal/2026/11/$1"
}

test_expect_success 'stale temporary files are removed by the next write into their folder' '
	cd nb &&
	temp .nb-tmp-Old001 "1 minute ago" &&
	temp .nb-tmp-Old002 "1 day ago" &&
	temp .nb-tmp-Fresh1 "now" &&
	temp .nb-tmp-Locked "1 hour ago" &&
	temp .nb-tmp-short "1 hour ago" &&
	mv journal/2026/11/.nb-tmp-short journal/2026/11/.nb-tmp-abc &&
	temp keep.nb-tmp-Old003 "1 hour ago" &&
	echo "outside" >../target &&
	ln -s ../../../../target journal/2026/11/.nb-tmp-Link01 &&
	mkfifo journal/2026/11/.nb-tmp-Fifo01 &&
	{ flock journal/2026/11/.nb-tmp-Locked sleep 60 & } &&
	locker=$! &&
	while flock -n journal/2026/11/.nb-tmp-Locked true; do sleep 0.01; done &&
	notebook log acme-corp -m "Again." >/dev/null &&
	kill $locker &&
	{ wait $locker 2>/dev/null; test $? -eq 143; } &&
	(cd journal/2026/11 && ls -a | grep "nb-tmp") >../ls &&
	printf "%s\n" .nb-tmp-Fifo01 .nb-tmp-Fresh1 .nb-tmp-Link01 .nb-tmp-Locked .nb-tmp-abc keep.nb-tmp-Old003 >../expect &&
	test_cmp ../expect ../ls &&
	test "$(cat ../target)" = outside
'

test_expect_success 'what a log killed before its file was in place left is removed later' '
	if ! strace -f -o /dev/null true 2>/dev/null; then
		echo "skipped: no strace" && return 0
	fi &&
	cd nb &&
	rm -f journal/2026/11/.nb-tmp-* journal/2026/11/keep.nb-tmp-* ../target &&
	test_status 137 strace -f -o /dev/null -e trace=link -e inject=link:signal=KILL \
		"$NOTEBOOK_BIN" log acme-corp -m "Killed before the link." >/dev/null 2>&1 &&
	ls -a journal/2026/11 | grep "^\.nb-tmp-" >../left &&
	test "$(wc -l <../left)" = 1 &&
	touch -d "1 minute ago" "journal/2026/11/$(cat ../left)" &&
	notebook log acme-corp -m "Next." >/dev/null &&
	! ls -a journal/2026/11 | grep "^\.nb-tmp-" &&
	git status --porcelain --untracked-files=all >../st &&
	test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a symlink named on the command line: its path once, from the working directory' '
	echo "---" >outside.md &&
	ln -s ../../outside.md nb/clients/evil.md &&
	test_status 1 notebook -C nb check nb/clients/evil.md 2>err &&
	echo "nb/clients/evil.md: error: symbolic link leads out of the notebook; refused" >expect &&
	test_cmp expect err &&
	(cd nb/clients && test_status 1 notebook check evil.md 2>../../err) &&
	echo "evil.md: error: symbolic link leads out of the notebook; refused" >expect &&
	sed "s|^../clients/|| " err >err.short &&
	test_cmp expect err.short &&
	test_status 1 notebook -C nb check outside.md 2>err &&
	echo "nb/../outside.md: error: not inside the notebook at '"'"'$TRASH/nb'"'"'" >expect &&
	test_cmp expect err &&
	test_status 1 notebook -C nb check nb/clients/none.md 2>err &&
	echo "nb/clients/none.md: error: cannot open: No such file or directory" >expect &&
	test_cmp expect err &&
	rm nb/clients/evil.md
'

test_done
