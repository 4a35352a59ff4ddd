#!/bin/sh
# notebook init refuses a directory inside another notebook or inside
# another repository's work tree (nothing made), and still makes a notebook
# in a new directory, an empty one, or at the top of a repository.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a notebook and a plain repository' '
	notebook init nb >/dev/null &&
	git init -q plain &&
	echo hello >plain/README &&
	git -C plain add README &&
	git -C plain commit -q -m readme
'

test_expect_success 'init in a new folder inside a notebook is refused, nothing made' '
	test_status 1 notebook init nb/sub 2>err &&
	echo "notebook: '"'"'nb/sub'"'"' is inside the notebook in '"'"'$TRASH/nb'"'"'; use that notebook (notebook -C '"'"'$TRASH/nb'"'"' ...), or make the new one outside it" >expect &&
	test_cmp expect err &&
	! test -e nb/sub &&
	test "$(git -C nb rev-list --count HEAD)" = 1 &&
	git -C nb status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'init in an existing folder of a notebook, or deeper, is refused' '
	test_status 1 notebook init nb/clients 2>err &&
	grep "'"'"'nb/clients'"'"' is inside the notebook in" err &&
	! test -e nb/clients/.git &&
	! test -e nb/clients/notebook.yaml &&
	(cd nb/journal && test_status 1 notebook init a/b) 2>err &&
	grep "'"'"'a/b'"'"' is inside the notebook in '"'"'$TRASH/nb'"'"'" err &&
	! test -e nb/journal/a &&
	test_status 1 notebook -C nb/clients init 2>err &&
	grep "is inside the notebook in" err &&
	git -C nb status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'a notebook outside git is an enclosing notebook too' '
	make_notebook loose &&
	test_status 1 notebook init loose/inner 2>err &&
	grep "is inside the notebook in '"'"'$TRASH/loose'"'"'" err &&
	! test -e loose/inner &&
	! test -e loose/.git
'

test_expect_success 'init inside a repository (not a notebook) is refused with exit 4' '
	test_status 4 notebook init plain/notes 2>err &&
	echo "notebook: '"'"'plain/notes'"'"' is inside the git repository '"'"'$TRASH/plain'"'"'; a notebook needs a repository of its own: make it in a directory outside '"'"'$TRASH/plain'"'"', or at its top with '"'"'notebook init $TRASH/plain'"'"'" >expect &&
	test_cmp expect err &&
	! test -e plain/notes &&
	mkdir plain/docs &&
	(cd plain/docs && test_status 4 notebook init) 2>err &&
	grep "'"'"'.'"'"' is inside the git repository '"'"'$TRASH/plain'"'"'" err &&
	! test -e plain/docs/.git &&
	! test -e plain/docs/notebook.yaml &&
	test_status 4 notebook init plain/.git/x 2>err &&
	grep "is inside the git repository" err &&
	! test -e plain/.git/x &&
	git -C plain status --porcelain >st &&
	test_must_be_empty st &&
	test "$(git -C plain rev-list --count HEAD)" = 1 &&
	git -C plain fsck --strict
'

test_expect_success 'GIT_CEILING_DIRECTORIES stops the search as it stops git' '
	mkdir plain/ceil &&
	GIT_CEILING_DIRECTORIES="$TRASH/plain" notebook init plain/ceil >out &&
	echo "initialized a notebook in '"'"'plain/ceil'"'"'" >expect &&
	test_cmp expect out &&
	git -C plain/ceil fsck --strict
'

test_expect_success 'the top of a repository still gets a notebook added' '
	notebook init plain >out &&
	echo "added a notebook in '"'"'plain'"'"'" >expect &&
	test_cmp expect out &&
	test "$(git -C plain log -1 --format=%s)" = "init: notebook"
'

test_expect_success 'an empty existing directory, a new one and a new nested one still work' '
	mkdir empty &&
	notebook init empty >out &&
	echo "initialized a notebook in '"'"'empty'"'"'" >expect &&
	test_cmp expect out &&
	notebook init fresh >out &&
	echo "initialized a notebook in '"'"'fresh'"'"'" >expect &&
	test_cmp expect out &&
	notebook init "deep/er/ Ünïcode" >out &&
	test "$(git -C "deep/er/ Ünïcode" log --format=%s)" = "init: notebook" &&
	mkdir here && (cd here && notebook init >../out) &&
	echo "initialized a notebook in '"'"'.'"'"'" >expect &&
	test_cmp expect out &&
	for d in empty fresh "deep/er/ Ünïcode" here; do
		git -C "$d" fsck --strict && notebook -C "$d" check || return 1
	done
'

test_done
