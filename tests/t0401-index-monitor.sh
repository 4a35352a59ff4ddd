#!/bin/sh
# t0400's freshness tests of the cache again, with the file-system monitor
# on: its own watchman for the whole file and NOTEBOOK_MONITOR=watchman
# (tests/lib.sh, NOTEBOOK_TEST_MONITOR=1). Skipped without watchman.
NOTEBOOK_TEST_MONITOR=1 exec sh "$(dirname "$0")/t0400-index.sh"
