#!/bin/sh
# notebook commit: validates, then commits hand edits under the notebook's
# paths with a message that says what changed.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" --tier key >/dev/null &&
	notebook -C nb new "Globex" >/dev/null &&
	notebook -C nb log globex -m "Hello." >/dev/null
'

test_expect_success 'nothing to commit' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	notebook commit >../out &&
	echo "nothing to commit" >../expect &&
	test_cmp ../expect ../out &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'entries logged by hand and a trust change, in words' '
	cd nb &&
	write_file journal/2026/11/2026-11-19-acme-corp-apology.md <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-19
	kind: apology
	trust: strained
	---
	Sorry.
	EOT
	notebook commit >/dev/null &&
	test "$(git log -1 --format=%s)" = "acme-corp: trust healthy → strained; 1 entry logged" &&
	write_file journal/2026/11/2026-11-20-acme-corp-call.md <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-20
	kind: call
	trust: repairing
	---
	Listened.
	EOT
	write_file journal/2026/11/2026-11-20-acme-corp-check-in.md <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-20
	kind: check-in
	---
	Checked.
	EOT
	git add journal/2026/11/2026-11-20-acme-corp-call.md &&
	notebook commit >../out &&
	echo "acme-corp: trust strained → repairing; 2 entries logged" >../expect &&
	test_cmp ../expect ../out &&
	git log -1 --format=%s >../msg &&
	test_cmp ../expect ../msg &&
	commit_files HEAD >../files &&
	printf "A\tjournal/2026/11/2026-11-20-acme-corp-call.md\nA\tjournal/2026/11/2026-11-20-acme-corp-check-in.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'client fields, removed entries, settings; other files untouched' '
	cd nb &&
	sed -i "s/^tier: key/tier: regular/" clients/acme-corp.md &&
	echo "More." >>clients/acme-corp.md &&
	git rm -q journal/2026/11/2026-11-20-acme-corp-check-in.md &&
	sed -i "s/^due-soon: 3d/due-soon: 5d/" notebook.yaml &&
	echo "readme" >README &&
	git add README &&
	echo scratch >scratch.txt &&
	notebook commit >../out &&
	echo "acme-corp: tier key → regular; notes edited; 1 entry removed; settings changed" >../expect &&
	test_cmp ../expect ../out &&
	commit_files HEAD >../files &&
	printf "M\tclients/acme-corp.md\nD\tjournal/2026/11/2026-11-20-acme-corp-check-in.md\nM\tnotebook.yaml\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	printf "A  README\n?? scratch.txt\n" >../expect &&
	test_cmp ../expect ../st &&
	git rm -q --cached README && rm README scratch.txt
'

test_expect_success 'several clients: a short subject and a line each' '
	cd nb &&
	notebook new "Initech" >/dev/null &&
	sed -i "s/^fit: good/fit: questionable/" clients/initech.md &&
	sed -i "s/^trust: healthy/trust: strained/" clients/globex.md &&
	rm clients/initech.md &&
	write_file clients/umbrella-corporation-international.md <<-\EOT &&
	---
	name: Umbrella Corporation International
	---
	EOT
	notebook commit >../out &&
	echo "3 clients changed" >../expect &&
	test_cmp ../expect ../out &&
	git log -1 --format=%B >../msg &&
	cat >../expect <<-\EOT &&
	3 clients changed

	globex: trust healthy → strained
	initech: client removed
	umbrella-corporation-international: new client

	EOT
	test_cmp ../expect ../msg
'

test_expect_success 'errors: commit refuses and commits nothing' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	sed -i "s/^tier: regular/tier: gold/" clients/acme-corp.md &&
	test_status 1 notebook commit 2>../err &&
	grep "^clients/acme-corp.md:[0-9]*:[0-9]*: error: " ../err &&
	grep "refusing to commit while errors remain" ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	sed -i "s/^tier: gold/tier: key/" clients/acme-corp.md &&
	notebook commit -m "Fixed by hand" >../out &&
	echo "Fixed by hand" >../expect &&
	test_cmp ../expect ../out &&
	test "$(git log -1 --format=%s)" = "Fixed by hand" &&
	git fsck --strict
'

test_expect_success 'usage' '
	cd nb &&
	test_status 2 notebook commit some/path &&
	test_status 2 notebook commit -m ""
'

test_done
