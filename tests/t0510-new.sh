#!/bin/sh
# notebook new: a client file from the template, committed alone.
. "$(dirname "$0")/lib.sh"

# commit_files REV: the paths REV changed, with their status.
test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb
'

test_expect_success 'new writes the template and commits it alone' '
	cd nb &&
	notebook new "Acme Corp" --tier key --cadence 21d --tag consulting --tag "Big: Deal" >../out &&
	echo "new: acme-corp" >../expect &&
	test_cmp ../expect ../out &&
	cat >../expect <<-\EOT &&
	---
	name: Acme Corp
	status: active
	tier: key
	cadence: 21d
	since: 2026-11-20
	tags: [consulting, "Big: Deal"]
	trust: healthy
	fit: good
	---
	# Acme Corp

	EOT
	test_cmp ../expect clients/acme-corp.md &&
	git log -1 --format=%s >../msg &&
	echo "new: acme-corp" >../expect &&
	test_cmp ../expect ../msg &&
	commit_files HEAD >../files &&
	printf "A\tclients/acme-corp.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	notebook check &&
	git fsck --strict
'

test_expect_success 'a name taken already is refused, --id makes a second one deliberately' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_status 1 notebook new "ACME corp" 2>../err &&
	echo "notebook: a client named '"'"'Acme Corp'"'"' exists already (clients/acme-corp.md); to add another of that name, give it an id of its own with --id" >../expect &&
	test_cmp ../expect ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	! test -e clients/acme-corp-2.md &&
	notebook new "ACME corp" --id acme-corp-east >../out &&
	echo "new: acme-corp-east" >../expect && test_cmp ../expect ../out &&
	grep -x "name: ACME corp" clients/acme-corp-east.md
'

test_expect_success 'ids: accents folded, runs of anything else one dash, trimmed, at most 63 at a word boundary' '
	cd nb &&
	notebook new "  Ünïcode & Co. — Ltd!! " >../out &&
	echo "new: unicode-co-ltd" >../expect && test_cmp ../expect ../out &&
	long=$(printf "%070d" 0 | tr 0 a) &&
	notebook new "$long Corp" >../out &&
	echo "new: $(printf "%063d" 0 | tr 0 a)" >../expect && test_cmp ../expect ../out
'

test_expect_success 'names that need quoting are quoted in YAML' '
	cd nb &&
	notebook new "yes: #1 \"quoted\"" --id quoted >/dev/null &&
	grep -x "name: \"yes: #1 \\\\\"quoted\\\\\"\"" clients/quoted.md &&
	notebook check
'

test_expect_success '--id: used as given; a taken or invalid one is refused' '
	cd nb &&
	notebook new "Globex Corporation" --id globex >../out &&
	echo "new: globex" >../expect && test_cmp ../expect ../out &&
	test_status 1 notebook new "Globex" --id globex 2>../err &&
	grep "client .globex. exists already" ../err &&
	test_status 2 notebook new "Bad" --id Bad_Id 2>../err &&
	grep "is not a client id" ../err &&
	test_status 2 notebook new "!!!" 2>../err &&
	grep "give one with --id" ../err
'

test_expect_success 'bad tier and cadence are usage errors, nothing written' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_status 2 notebook new "Initech" --tier gold &&
	test_status 2 notebook new "Initech" --cadence soon &&
	test_status 2 notebook new &&
	! test -e clients/initech.md &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'the commit holds the client file only, whatever else is staged or changed' '
	cd nb &&
	echo "# ../staged note" >>notebook.yaml &&
	git add notebook.yaml &&
	echo "# unstaged" >>notebook.yaml &&
	echo "extra" >untracked.txt &&
	notebook new "Initech" >/dev/null &&
	commit_files HEAD >../files &&
	printf "A\tclients/initech.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	printf "MM notebook.yaml\n?? untracked.txt\n" >../expect &&
	test_cmp ../expect ../st &&
	git diff --cached --name-only >../staged &&
	echo notebook.yaml >../expect &&
	test_cmp ../expect ../staged &&
	git fsck --strict
'

test_expect_success 'usage errors after --tag: exit 2, the usage, nothing leaked (the ASan build checks)' '
	cd nb &&
	cat >../new-usage <<-\EOT &&
	usage: notebook new NAME [--id ID] [--tier key|regular|occasional] [--cadence DURATION]
	                    [--since DATE] [--owner NAME] [--tag TAG]…
	EOT
	head=$(git rev-parse HEAD) &&
	for bad in "--tier bogus" "--cadence zz" "--since 2026-13-01" "--owner=" "--tag="; do
		test_status 2 notebook new Hooli --tag a --tag b $bad 2>../err || return 1
		tail -n 2 ../err >../usage &&
		test_cmp ../new-usage ../usage || return 1
	done &&
	test_status 2 notebook new --tag a 2>../err &&
	echo "notebook: a name is needed" >../expect &&
	head -n 1 ../err >../first &&
	test_cmp ../expect ../first &&
	test "$(git rev-parse HEAD)" = "$head" &&
	! test -e clients/hooli.md
'

test_done
