#!/bin/sh
# notebook edit commits what was changed in that editor session and
# nothing the user changed in the file by hand before it: the commit is
# HEAD's version with the session's changes merged in; the earlier changes
# stay in the file, uncommitted. Changes that overlap them are saved, not
# committed, and said so.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a client, and editors that change one line each' '
	notebook init nb >/dev/null &&
	cd nb &&
	write_file clients/acme-corp.md <<-\EOT &&
	---
	name: Acme Corp
	tier: key
	status: active
	---
	# Acme Corp

	Prefers calls in the morning.

	- [ ] Send the deck due:2026-11-30
	EOT
	notebook commit -m setup >/dev/null &&
	write_file "$TRASH/ed-status.sh" <<-\EOT &&
	#!/bin/sh
	sed -i "s/^status: active/status: paused/" "$1"
	EOT
	write_file "$TRASH/ed-tier.sh" <<-\EOT &&
	#!/bin/sh
	sed -i "s/^tier: .*/tier: occasional/" "$1"
	EOT
	write_file "$TRASH/ed-nothing.sh" <<-\EOT &&
	#!/bin/sh
	exit 0
	EOT
	chmod +x "$TRASH"/ed-*.sh
'

test_expect_success 'no earlier hand edits: the file as saved is committed, nothing said' '
	cd nb &&
	EDITOR="$TRASH/ed-status.sh" notebook edit acme-corp >../out 2>../err &&
	echo "edit: acme-corp" >../expect &&
	test_cmp ../expect ../out &&
	test_must_be_empty ../err &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git show HEAD:clients/acme-corp.md | grep -x "status: paused" &&
	sed -i "s/^status: paused/status: active/" clients/acme-corp.md &&
	notebook commit -m back >/dev/null
'

test_expect_success 'a tier changed by hand before the session stays out of the commit' '
	cd nb &&
	sed -i "s/^tier: key/tier: regular/" clients/acme-corp.md &&
	printf "\nTheir CFO left.\n" >>clients/acme-corp.md &&
	git show HEAD:clients/acme-corp.md >../before &&
	cp clients/acme-corp.md ../hand &&
	EDITOR="$TRASH/ed-status.sh" notebook edit acme-corp >../out 2>../err &&
	echo "edit: acme-corp" >../expect &&
	test_cmp ../expect ../out &&
	hand_note clients/acme-corp.md >../expect &&
	test_cmp ../expect ../err &&
	sed "s/^status: active/status: paused/" ../before >../expect &&
	git show HEAD:clients/acme-corp.md >../committed &&
	test_cmp ../expect ../committed &&
	sed "s/^status: active/status: paused/" ../hand >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	git status --porcelain >../st &&
	echo " M clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st &&
	git diff -U0 | grep "^[-+]" | grep -v "^\(---\|+++\) " >../diff &&
	cat >../expect <<-\EOT &&
	-tier: key
	+tier: regular
	+
	+Their CFO left.
	EOT
	test_cmp ../expect ../diff &&
	git fsck --strict
'

test_expect_success 'a session that changes the line changed by hand: saved, not committed' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	EDITOR="$TRASH/ed-tier.sh" notebook edit acme-corp >../out 2>../err &&
	test_must_be_empty ../out &&
	echo "notebook: clients/acme-corp.md is saved but not committed: the lines edited now overlap changes made by hand before and not committed; review them with '"'"'git diff'"'"', then run '"'"'notebook commit'"'"'" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	grep -x "tier: occasional" clients/acme-corp.md &&
	grep -x "Their CFO left." clients/acme-corp.md &&
	git show HEAD:clients/acme-corp.md | grep -x "tier: key"
'

test_expect_success 'a session that changes nothing says so and commits nothing' '
	cd nb &&
	edit_commits_nothing "$TRASH/ed-nothing.sh" acme-corp
'

test_expect_success 'notebook commit then takes the rest; the tree is clean' '
	cd nb &&
	notebook commit -m rest >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git show HEAD:clients/acme-corp.md | grep -x "tier: occasional" &&
	git fsck --strict
'

test_done
