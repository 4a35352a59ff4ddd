#!/bin/sh
# notebook edit: the editor on a copy; invalid results are explained and
# may be edited again; a valid one is committed alone.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" --tier key >/dev/null &&
	printf "#!/bin/sh\nsed -i \"s/^tier: key/tier: regular/\" \"\$1\"\n" >ed-regular.sh &&
	printf "#!/bin/sh\nsed -i \"s/^tier: .*/tier: gold/\" \"\$1\"\n" >ed-gold.sh &&
	cat >ed-twice.sh <<-EOT &&
	#!/bin/sh
	if test -e "$TRASH/once"; then
		sed -i "s/^tier: .*/tier: occasional/" "\$1"
	else
		touch "$TRASH/once"
		sed -i "s/^tier: .*/tier: gold/" "\$1"
	fi
	EOT
	printf "#!/bin/sh\nexit 0\n" >ed-none.sh &&
	chmod +x ed-*.sh
'

test_expect_success 'a valid edit is committed alone' '
	cd nb &&
	echo "# mine" >>notebook.yaml &&
	EDITOR="$TRASH/ed-regular.sh" notebook edit acme-corp >../out &&
	echo "edit: acme-corp" >../expect &&
	test_cmp ../expect ../out &&
	grep -x "tier: regular" clients/acme-corp.md &&
	commit_files HEAD >../files &&
	printf "M\tclients/acme-corp.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	echo " M notebook.yaml" >../expect &&
	test_cmp ../expect ../st &&
	git checkout -q notebook.yaml &&
	git fsck --strict
'

test_expect_success 'an invalid edit is explained; quitting keeps the file as it was and the edit aside' '
	cd nb &&
	cp clients/acme-corp.md ../before &&
	sed "s/^tier: .*/tier: gold/" ../before >../gold &&
	head=$(git rev-parse HEAD) &&
	gitdir=$(cd .git && pwd) &&
	test_status 1 env EDITOR="$TRASH/ed-gold.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" ../tty \
		"(e)dit again" q -- "$NOTEBOOK_BIN" edit acme-corp &&
	tr -d "\r" <../tty >../shown &&
	line=$(grep -n "^tier:" ../gold | cut -d: -f1) &&
	cat >../expect <<-EOT &&
	clients/acme-corp.md:$line:7: error: '"'"'tier'"'"' must be one of key, regular, occasional, not '"'"'gold'"'"'
	notebook: clients/acme-corp.md has errors; it is not saved yet
	(e)dit again, (q)uit without saving? q
	notebook: clients/acme-corp.md is unchanged
	notebook: your edit is kept in '"'"'$gitdir/notebook/recovered/acme-corp.md'"'"': fix it, copy it over '"'"'clients/acme-corp.md'"'"' and run '"'"'notebook commit'"'"'
	EOT
	test_cmp ../expect ../shown &&
	test_cmp ../before clients/acme-corp.md &&
	test_cmp ../gold .git/notebook/recovered/acme-corp.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'without a terminal to ask on, the edit is kept too' '
	cd nb &&
	test_status 1 env EDITOR="$TRASH/ed-gold.sh" "$NOTEBOOK_BIN" edit acme-corp </dev/null 2>../err &&
	grep -x "notebook: no terminal to ask on whether to edit again" ../err &&
	grep "your edit is kept in .*/notebook/recovered/acme-corp-2.md" ../err &&
	test_cmp ../gold .git/notebook/recovered/acme-corp-2.md &&
	test_cmp ../before clients/acme-corp.md &&
	echo e | test_status 1 env EDITOR="$TRASH/ed-gold.sh" "$NOTEBOOK_BIN" edit acme-corp 2>../err &&
	test_cmp ../gold .git/notebook/recovered/acme-corp-3.md
'

test_expect_success 'edit again on the terminal, then a valid result is committed' '
	cd nb &&
	rm -f ../once &&
	EDITOR="$TRASH/ed-twice.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" ../tty "(e)dit again" e -- \
		"$NOTEBOOK_BIN" edit acme-corp &&
	test -e ../once &&
	grep "(e)dit again, (q)uit without saving? e" ../tty &&
	grep "edit: acme-corp" ../tty &&
	grep -x "tier: occasional" clients/acme-corp.md &&
	test "$(git log -1 --format=%s)" = "edit: acme-corp" &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a file changed while the editor was open is not written over; the edit is kept' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	cat >../ed-race.sh <<-EOT &&
	#!/bin/sh
	sed -i "s/^tier: .*/tier: key/" "\$1"
	echo "A line added by hand meanwhile." >>"$TRASH/nb/clients/acme-corp.md"
	EOT
	chmod +x ../ed-race.sh &&
	cp clients/acme-corp.md ../before &&
	head=$(git rev-parse HEAD) &&
	test_status 1 env EDITOR="$TRASH/ed-race.sh" "$NOTEBOOK_BIN" edit acme-corp </dev/null 2>../err &&
	head -n 1 ../err >../first &&
	echo "notebook: '"'"'clients/acme-corp.md'"'"' changed while you were editing it; it is left as it is now" >../expect &&
	test_cmp ../expect ../first &&
	grep "your edit is kept in .*/notebook/recovered/acme-corp.md" ../err &&
	{ cat ../before && echo "A line added by hand meanwhile."; } >../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	sed "s/^tier: .*/tier: key/" ../before >../expect &&
	test_cmp ../expect .git/notebook/recovered/acme-corp.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git checkout -q clients/acme-corp.md
'

test_expect_success 'no change, no commit' '
	cd nb &&
	edit_commits_nothing "$TRASH/ed-none.sh" acme-corp
'

test_expect_success 'unknown client and usage' '
	cd nb &&
	test_status 1 notebook edit acme-corpo 2>../err &&
	grep "did you mean .acme-corp." ../err &&
	test_status 2 notebook edit
'

test_done
