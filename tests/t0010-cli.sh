#!/bin/sh
# The command line as a whole: --version, --help, usage errors, -C and
# NOTEBOOK_DIR, install, and the man page.
. "$(dirname "$0")/lib.sh"

test_expect_success '--version' '
	notebook --version >out &&
	grep "^notebook [0-9][0-9.]*$" out
'

test_expect_success '--help lists every command and exits 0' '
	notebook --help >out &&
	for c in check status show list agenda init new log done snooze edit commit hook; do
		grep "^  $c " out || return 1
	done
'

test_expect_success 'every command has --help on stdout with exit 0' '
	for c in $(notebook --help | sed -n "s/^  \([a-z]*\) .*/\1/p"); do
		notebook $c --help >out 2>err || { echo "$c --help failed"; return 1; }
		grep -i "usage: notebook $c" out || { echo "$c --help says no usage"; return 1; }
		test_must_be_empty err || return 1
	done
'

test_expect_success 'no command, an unknown command or option: usage, exit 2' '
	test_must_fail --status=2 notebook 2>err &&
	grep "^usage: notebook" err &&
	test_must_fail --status=2 notebook frobnicate 2>err &&
	grep "'"'"'frobnicate'"'"' is not a command" err &&
	test_must_fail --status=2 notebook --frob 2>err &&
	grep "unknown option" err &&
	test_must_fail --status=2 notebook -C 2>err
'

test_expect_success 'the notebook is found by -C, NOTEBOOK_DIR, or upwards' '
	make_notebook nb &&
	mkdir -p nb/journal/2026/11 elsewhere &&
	(cd nb/journal/2026/11 && notebook check) &&
	(cd elsewhere && NOTEBOOK_DIR=../nb notebook check) &&
	(cd elsewhere && notebook -C ../nb check) &&
	(cd elsewhere && notebook -C../nb check) &&
	(cd elsewhere && test_must_fail --status=3 notebook -C . check) 2>err &&
	grep "is not a notebook" err &&
	(cd elsewhere && test_must_fail --status=3 notebook -C ../missing check) 2>err &&
	grep "cannot use" err
'

test_expect_success 'a closed stdout is quiet, a full one is an error' '
	make_notebook nb2 &&
	(cd nb2 && notebook status --all | head -n 0) 2>err &&
	test_must_be_empty err &&
	if [ -w /dev/full ]; then
		(cd nb2 && test_must_fail --status=128 notebook --help >/dev/full) 2>err &&
		grep "cannot write output" err
	fi
'

test_expect_success 'make install puts the binary and the man page under DESTDIR' '
	make -s -C "$SRC_ROOT" install BUILD="$NOTEBOOK_BUILD" PREFIX=/usr DESTDIR="$TRASH/dest" >/dev/null &&
	test -x dest/usr/bin/notebook &&
	test -f dest/usr/share/man/man1/notebook.1 &&
	test -f dest/usr/share/man/man5/notebook-format.5 &&
	dest/usr/bin/notebook --version
'

test_expect_success 'the man pages are clean mdoc' '
	{ mandoc -Tlint -Wwarning "$SRC_ROOT/doc/notebook.1" "$SRC_ROOT/doc/notebook-format.5" >out 2>&1 || :; } &&
	test_must_be_empty out
'

test_done
