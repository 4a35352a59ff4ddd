#!/bin/sh
# Reading a long history (issue #18 point 10): show puts the status first,
# --limit N and --since DATE cut the timeline and say what they left out,
# and on a terminal the output goes through the user's pager as git's does
# (GIT_PAGER, core.pager of the user's own git config, PAGER, less; LESS=FRX
# unless set), never one the notebook names, never when stdout is no
# terminal, never with --no-pager.
. "$(dirname "$0")/lib.sh"

PTY="/usr/bin/python3 $SRC_ROOT/tests/fixtures/status-tools/on-pty.py"

test_expect_success 'setup: a client with 200 entries, a fake pager' '
	make_notebook nb &&
	git -C nb init -q &&
	write_file nb/clients/busy.md <<-\EOF &&
	---
	name: Busy Corp
	since: 2026-01-01
	---
	EOF
	day=0 &&
	while [ $day -lt 200 ]; do
		d=$(date -u -d "2026-05-01 + $day days" +%Y-%m-%d) &&
		m=${d#*-} && m=${m%-*} &&
		write_file nb/journal/2026/$m/$d-busy-call.md <<-EOF || return 1
		---
		client: busy
		date: $d
		kind: call
		---
		Call number $day.
		EOF
		day=$((day + 1))
	done &&
	git -C nb add -A && git -C nb commit -q -m "200 entries" &&
	write_file pager <<-EOF &&
	#!/bin/sh
	echo "LESS=\${LESS-unset} LV=\${LV-unset} args=\$*" >"$TRASH/pager.env"
	cat >"$TRASH/pager.out"
	EOF
	chmod +x pager
'

test_expect_success 'the status comes first, the timeline has all 200, newest first' '
	notebook -C nb show busy >out &&
	sed -n 3p out >got &&
	echo "status on 2026-11-20: ok" >want && test_cmp want got &&
	grep -c "^  2026-.*call .*Call number" out >n && echo 200 >want && test_cmp want n &&
	grep -m1 "Call number" out | grep "2026-11-16  call" &&
	! grep "not shown" out
'

test_expect_success '--limit N: the newest N, and what is left out' '
	notebook -C nb show busy --limit 3 >out &&
	sed -n "/^timeline/,/^\$/p" out >got &&
	cat >want <<-\EOF &&
	timeline, newest first
	  2026-11-16  call      Call number 199.
	  2026-11-15  call      Call number 198.
	  2026-11-14  call      Call number 197.
	  197 older entries not shown; --limit 0 shows them all

	EOF
	test_cmp want got &&
	notebook -C nb show busy --limit 0 >out &&
	grep -c "Call number" out >n && echo 200 >want && test_cmp want n
'

test_expect_success '--since DATE: from that day on, with --limit or without' '
	notebook -C nb show busy --since 2026-11-15 >out &&
	sed -n "/^timeline/,/^\$/p" out >got &&
	cat >want <<-\EOF &&
	timeline, newest first
	  2026-11-16  call      Call number 199.
	  2026-11-15  call      Call number 198.
	  198 older entries not shown (before 2026-11-15); --limit 0 shows them all without --since

	EOF
	test_cmp want got &&
	notebook -C nb show busy --since 2026-11-01 --limit 1 >out &&
	grep "^  199 older entries not shown (before 2026-11-01)" out &&
	notebook -C nb show busy --since 2027-01-01 >out &&
	grep "^  no entries in this span$" out
'

test_expect_success 'bad --limit and --since are usage errors' '
	test_must_fail --status=2 notebook -C nb show busy --limit -1 2>err &&
	grep "^notebook: --limit wants a number of entries (0: all), not '"'"'-1'"'"'$" err &&
	test_must_fail --status=2 notebook -C nb show busy --limit ten 2>err &&
	test_must_fail --status=2 notebook -C nb show busy --since 2026-13-01 2>err &&
	grep "^notebook: --since wants a date YYYY-MM-DD, not '"'"'2026-13-01'"'"'$" err
'

test_expect_success 'on a terminal: GIT_PAGER gets the whole output, laid out for the terminal, LESS=FRX' '
	rm -f pager.out pager.env &&
	GIT_PAGER="$TRASH/pager" $PTY 60 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test_must_be_empty tty &&
	echo "LESS=FRX LV=-c args=" >want && test_cmp want pager.env &&
	grep -c "Call number" pager.out >n && echo 200 >want && test_cmp want n &&
	grep -q "^$(printf "\033")\[1mtimeline, newest first" pager.out &&
	# No line wider than the terminal (awk would count bytes, not columns).
	test "$(sed "s/$(printf "\033")\[[0-9;]*m//g" pager.out | wc -L)" -le 60 &&
	{ grep -q "^  ok" pager.out || grep -q "status on 2026-11-20" pager.out; }
'

test_expect_success 'the user'"'"'s own LESS is kept; a pager with arguments goes through the shell' '
	rm -f pager.out pager.env &&
	LESS=-R GIT_PAGER="$TRASH/pager --one '"'"'two words'"'"'" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test_must_be_empty tty &&
	echo "LESS=-R LV=-c args=--one two words" >want && test_cmp want pager.env
'

test_expect_success 'core.pager of the user'"'"'s git config, then PAGER' '
	rm -f pager.out pager.env &&
	git config --global core.pager "$TRASH/pager" &&
	$PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test_must_be_empty tty && test -s pager.out &&
	git config --global --unset core.pager &&
	rm -f pager.out &&
	PAGER="$TRASH/pager" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test_must_be_empty tty && test -s pager.out &&
	rm -f pager.out &&
	git config --global core.pager cat &&
	PAGER="$TRASH/pager" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	git config --global --unset core.pager &&
	test ! -e pager.out && grep -q "Call number 199" tty
'

test_expect_success 'never the notebook'"'"'s own config: core.pager in its repository is not run' '
	rm -f pager.out ran &&
	git -C nb config core.pager "touch $TRASH/ran" &&
	$PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	git -C nb config --unset core.pager &&
	test ! -e ran && grep -q "Call number 199" tty
'

test_expect_success 'no pager: --no-pager, GIT_PAGER cat or empty, stdout not a terminal, a pager that cannot run' '
	rm -f pager.out &&
	GIT_PAGER="$TRASH/pager" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy --no-pager >tty &&
	test ! -e pager.out && grep -q "Call number 199" tty &&
	GIT_PAGER=cat $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	grep -q "Call number 199" tty &&
	GIT_PAGER= PAGER="$TRASH/pager" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test ! -e pager.out && grep -q "Call number 199" tty &&
	GIT_PAGER="$TRASH/pager" notebook -C nb show busy >out &&
	test ! -e pager.out && grep -q "Call number 199" out &&
	GIT_PAGER="$TRASH/no-such-pager" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	grep -q "Call number 199" tty
'

test_expect_success 'a pager that quits early: exit 0, nothing said' '
	write_file quitter <<-\EOF &&
	#!/bin/sh
	head -n 1 >/dev/null
	EOF
	chmod +x quitter &&
	GIT_PAGER="$TRASH/quitter" $PTY 80 "$NOTEBOOK_BIN" -C nb show busy >tty &&
	test_must_be_empty tty
'

test_done
