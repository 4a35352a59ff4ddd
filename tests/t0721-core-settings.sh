#!/bin/sh
# The repository's core settings (issue #11): a commit stores what `git
# add` would store, as git reads core.fileMode (false: the executable bit
# is not trusted), core.symlinks (false: a file standing for a symbolic
# link stays a link), core.ignoreCase (true: a name the index spells in
# another case is that file) and core.autocrlf. Each case compares the
# index and the commit with `git add` run on a copy of the old index.
. "$(dirname "$0")/lib.sh"

# like_git_add PATH NOTEBOOK-ARGS...: runs notebook, then checks that the
# index is what `git add PATH` makes of the old one and that HEAD holds
# PATH's entry as that index does.
like_git_add() {
	p=$1
	shift
	cp .git/index "$TRASH/index.copy" &&
	notebook "$@" >/dev/null &&
	GIT_INDEX_FILE="$TRASH/index.copy" git add -- "$p" &&
	GIT_INDEX_FILE="$TRASH/index.copy" git ls-files -s >"$TRASH/ls.git-add" &&
	git ls-files -s >"$TRASH/ls" &&
	test_cmp "$TRASH/ls.git-add" "$TRASH/ls" &&
	GIT_INDEX_FILE="$TRASH/index.copy" git ls-files -s -- "$p" | cut -f1 | cut -d" " -f1,2 >"$TRASH/want" &&
	test -s "$TRASH/want" &&
	git ls-tree HEAD -- "$(sed "s/.*\t//" "$TRASH/ls.git-add" | grep -ix -- "$p")" | cut -f1 | cut -d" " -f1,3 >"$TRASH/got" &&
	test_cmp "$TRASH/want" "$TRASH/got" &&
	git fsck --strict
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null
'

test_expect_success 'core.fileMode true: a chmod +x is committed, as git add does' '
	cd nb &&
	chmod +x clients/acme-corp.md &&
	like_git_add clients/acme-corp.md commit &&
	git ls-tree HEAD clients/acme-corp.md | cut -d" " -f1 >../mode &&
	echo 100755 >../expect && test_cmp ../expect ../mode &&
	chmod -x clients/acme-corp.md &&
	like_git_add clients/acme-corp.md commit
'

test_expect_success 'core.fileMode false: the executable bit is not trusted' '
	cd nb &&
	git config core.fileMode false &&
	chmod +x clients/acme-corp.md &&
	printf "\nMet at the fair.\n" >>clients/acme-corp.md &&
	like_git_add clients/acme-corp.md commit &&
	git ls-tree HEAD clients/acme-corp.md | cut -d" " -f1 >../mode &&
	echo 100644 >../expect && test_cmp ../expect ../mode &&
	like_git_add clients/acme-corp.md snooze acme-corp 2w &&
	notebook new "Globex" >/dev/null &&
	chmod +x clients/globex.md &&
	like_git_add clients/globex.md snooze globex 1w &&
	git ls-tree HEAD clients/globex.md | cut -d" " -f1 >../mode &&
	test_cmp ../expect ../mode &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'core.fileMode false: an entry already executable stays so' '
	cd nb &&
	git update-index --chmod=+x clients/globex.md &&
	git commit -q -m "globex executable" &&
	chmod -x clients/globex.md &&
	like_git_add clients/globex.md snooze globex 3w &&
	git ls-tree HEAD clients/globex.md | cut -d" " -f1 >../mode &&
	echo 100755 >../expect && test_cmp ../expect ../mode &&
	git config core.fileMode true &&
	chmod +x clients/globex.md clients/acme-corp.md &&
	git config core.fileMode false
'

test_expect_success 'core.symlinks false: a file standing for a symbolic link stays a link' '
	cd nb &&
	git config core.symlinks false &&
	link=$(printf "acme-corp.md" | git hash-object -w --stdin) &&
	git update-index --add --cacheinfo 120000,$link,clients/current.link &&
	git commit -q -m "a link" &&
	printf "globex.md" >clients/current.link &&
	like_git_add clients/current.link commit &&
	git ls-tree HEAD clients/current.link | cut -d" " -f1 >../mode &&
	echo 120000 >../expect && test_cmp ../expect ../mode &&
	git cat-file -p HEAD:clients/current.link >../target &&
	printf "globex.md" >../expect && test_cmp ../expect ../target &&
	git rm -q clients/current.link && git commit -q -m "no link" &&
	git config core.symlinks true
'

test_expect_success 'core.ignoreCase true: the index'"'"'s spelling of a name is that file' '
	cd nb &&
	git config core.ignoreCase true &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	F=journal/2026/11/2026-11-20-ACME-CORP-call.md &&
	old=$(echo "an older draft" | git hash-object -w --stdin) &&
	git update-index --add --cacheinfo 100644,$old,$F &&
	notebook log acme-corp -m "Spelled in lower case." >../out &&
	echo $f >../expect && tail -n 1 ../out >../actual && test_cmp ../expect ../actual &&
	id=$(git hash-object $f) &&
	git ls-files -s journal/2026 >../ls &&
	printf "100644 %s 0\t%s\n" $id $F >../expect && test_cmp ../expect ../ls &&
	git ls-tree -r HEAD journal/2026 >../tree &&
	printf "100644 blob %s\t%s\n" $id $F >../expect && test_cmp ../expect ../tree &&
	git fsck --strict &&
	git rm -q --cached $F && rm $f && git commit -q -m "drop the test entry" &&
	git config core.ignoreCase false
'

test_expect_success 'core.autocrlf true and input: line ends converted as git add converts them' '
	cd nb &&
	git config core.autocrlf true &&
	sed "s/\$/\r/" clients/acme-corp.md >../crlf && cp ../crlf clients/acme-corp.md &&
	printf "More notes.\r\n" >>clients/acme-corp.md &&
	like_git_add clients/acme-corp.md commit &&
	! git cat-file -p HEAD:clients/acme-corp.md | grep -q "$(printf "\r")" &&
	git config core.autocrlf input &&
	notebook snooze acme-corp 4w >/dev/null &&
	! git cat-file -p HEAD:clients/acme-corp.md | grep -q "$(printf "\r")" &&
	git config --unset core.autocrlf
'

test_done
