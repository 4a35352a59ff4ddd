#!/bin/sh
# notebook done and snooze: one line of one file changes, byte for byte
# the rest stays, and that file alone is committed.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	write_file clients/acme-corp.md <<-\EOT &&
	---
	# a comment that must survive
	name: Acme Corp
	tier: key     # our biggest
	tags: [consulting]
	---
	# Acme Corp

	- [ ] Send the revised restructuring timeline due:2026-11-30
	- [x] Share the risk register due:2026-11-10
	EOT
	write_promise_call &&
	notebook commit -m "setup" >/dev/null
'

test_expect_success 'done ticks the one matching promise in an entry' '
	cd nb &&
	notebook done acme-corp "WORKSHOP" >../out &&
	echo "done: acme-corp: Book the workshop room" >../expect &&
	test_cmp ../expect ../out &&
	commit_files HEAD >../files &&
	printf "M\tjournal/2026/11/2026-11-18-acme-corp-call.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git diff -U0 HEAD~1 HEAD | sed -n "/^@@/,\$p" | grep -v "^@@" >../diff &&
	cat >../expect <<-\EOT &&
	-- [ ] Book the workshop room due:2026-12-01
	+- [x] Book the workshop room due:2026-12-01 done:2026-11-20
	EOT
	test_cmp ../expect ../diff &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'done in the client file itself' '
	cd nb &&
	notebook done acme-corp "restructuring timeline" >/dev/null &&
	commit_files HEAD >../files &&
	printf "M\tclients/acme-corp.md\n" >../expect &&
	test_cmp ../expect ../files &&
	grep -x -- "- \[x\] Send the revised restructuring timeline due:2026-11-30 done:2026-11-20" clients/acme-corp.md
'

test_expect_success 'ambiguity lists the candidates with file:line; no match is an error' '
	cd nb &&
	write_file journal/2026/11/2026-11-19-acme-corp-email.md <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-19
	kind: email
	---
	- [ ] Send the budget due:2026-11-28
	EOT
	notebook commit -m "another" >/dev/null &&
	head=$(git rev-parse HEAD) &&
	test_status 1 notebook done acme-corp send 2>../err &&
	cat >../expect <<-\EOT &&
	notebook: '"'"'send'"'"' matches 2 open promises of '"'"'acme-corp'"'"'; give more of the text:
	  journal/2026/11/2026-11-18-acme-corp-call.md:8: Send the staffing plan
	  journal/2026/11/2026-11-19-acme-corp-email.md:6: Send the budget
	EOT
	test_cmp ../expect ../err &&
	test_status 1 notebook done acme-corp "fly to the moon" 2>../err &&
	grep "no open promise of .acme-corp. matches .fly to the moon." ../err &&
	test_status 1 notebook done acme-corp "risk register" &&
	test_status 1 notebook done acme-crop budget &&
	test_status 2 notebook done acme-corp &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'snooze DURATION inserts one line, keeping the rest byte for byte' '
	cd nb &&
	cp clients/acme-corp.md ../before &&
	notebook snooze acme-corp 2w >../out &&
	echo "snooze: acme-corp until 2026-12-04" >../expect &&
	test_cmp ../expect ../out &&
	sed "/^tags:/a snooze: 2026-12-04" ../before >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	commit_files HEAD >../files &&
	printf "M\tclients/acme-corp.md\n" >../expect &&
	test_cmp ../expect ../files &&
	notebook check
'

test_expect_success 'snooze DATE rewrites the line, keeping its comment' '
	cd nb &&
	sed -i "s/^snooze: .*/snooze: 2026-12-04   # holidays/" clients/acme-corp.md &&
	notebook commit -m "comment" >/dev/null &&
	cp clients/acme-corp.md ../before &&
	notebook snooze acme-corp 2027-01-15 >/dev/null &&
	sed "s/^snooze: 2026-12-04 /snooze: 2027-01-15 /" ../before >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	test "$(git log -1 --format=%s)" = "snooze: acme-corp until 2027-01-15" &&
	notebook snooze acme-corp 1m >/dev/null &&
	grep -x "snooze: 2026-12-20   # holidays" clients/acme-corp.md
'

test_expect_success 'snooze keeps CRLF line ends' '
	cd nb &&
	printf -- "---\r\nname: Globex\r\n---\r\nBody\r\n" >clients/globex.md &&
	notebook commit -m "globex" >/dev/null &&
	notebook snooze globex 10d >/dev/null &&
	printf -- "---\r\nname: Globex\r\nsnooze: 2026-11-30\r\n---\r\nBody\r\n" >../expect &&
	test_cmp ../expect clients/globex.md &&
	git fsck --strict
'

test_expect_success 'snooze: bad arguments' '
	cd nb &&
	test_status 2 notebook snooze globex soon &&
	test_status 2 notebook snooze globex 2026-02-30 &&
	test_status 2 notebook snooze globex &&
	test_status 1 notebook snooze globx 2w 2>../err &&
	grep "did you mean .globex." ../err
'

test_expect_success 'done and snooze commit their file only, staged changes stay staged' '
	cd nb &&
	echo "# mine" >>notebook.yaml &&
	git add notebook.yaml &&
	notebook snooze globex 3w >/dev/null &&
	commit_files HEAD >../files &&
	printf "M\tclients/globex.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	echo "M  notebook.yaml" >../expect &&
	test_cmp ../expect ../st
'

test_expect_success 'symlinks leading out of the notebook are never written through' '
	mkdir -p outside/clients &&
	printf -- "---\nname: Evil\n---\n- [ ] Steal due:2026-12-01\n" >outside/clients/evil.md &&
	cp outside/clients/evil.md evil.before &&
	ln -s "$TRASH/outside/clients/evil.md" nb/clients/evil.md &&
	test_must_fail notebook -C nb snooze evil 2w 2>err &&
	grep "not a regular file" err &&
	test_must_fail notebook -C nb done evil steal &&
	rm nb/clients/evil.md &&
	git init -q linked &&
	make_notebook linked &&
	rmdir linked/clients &&
	ln -s "$TRASH/outside/clients" linked/clients &&
	test_must_fail notebook -C linked snooze evil 2w 2>err &&
	grep "clients. is a symlink" err &&
	test_cmp evil.before outside/clients/evil.md
'

test_done
