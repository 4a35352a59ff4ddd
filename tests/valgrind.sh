#!/bin/sh
# Runs a program under valgrind's memcheck; any error or leak makes it exit
# 126, which the tests count as a failure (never as an expected status).
# As $NOTEBOOK_BIN for the shell tests it runs $NOTEBOOK_REAL_BIN; given a
# program as its first argument (the unit tests) it runs that.
if [ -n "${NOTEBOOK_REAL_BIN:-}" ]; then
	prog=$NOTEBOOK_REAL_BIN
else
	prog=$1
	shift
fi
exec valgrind -q --error-exitcode=126 --leak-check=full \
	--suppressions="$(dirname "$0")/valgrind.supp" \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--child-silent-after-fork=yes "$prog" "$@"
