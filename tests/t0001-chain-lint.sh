#!/bin/sh
# tests/lib.sh itself: a test body whose commands are not all joined by &&
# fails as a broken test, even when each of its commands succeeds.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a broken &&-chain fails the test; a whole one runs' '
	cat >inner.sh <<-EOF &&
	. "$TEST_DIRECTORY/lib.sh"
	test_expect_success "joined" "true && true"
	test_expect_success "broken" "true
	true"
	test_expect_success "a break inside braces, a loop or a subshell is their own" "{ false; true; } && for i in 1; do false; true; done && (false; true)"
	test_done
	EOF
	test_status 1 sh inner.sh >out 2>&1 &&
	grep "^ok 1 - joined" out &&
	grep "^not ok 2 - broken" out &&
	grep "^#   broken &&-chain" out &&
	grep "^ok 3 - " out &&
	grep "^1\.\.3" out
'

test_expect_success 'NOTEBOOK_TEST_CHAIN_LINT=0 turns the check off' '
	NOTEBOOK_TEST_CHAIN_LINT=0 test_status 0 sh inner.sh >out 2>&1 &&
	grep "^ok 2 - broken" out
'

test_done
