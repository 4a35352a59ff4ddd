#!/bin/sh
# notebook init: a git repository, the notebook's files, a first commit.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init makes a notebook with one commit' '
	notebook init nb >out &&
	echo "initialized a notebook in '"'"'nb'"'"'" >expect &&
	test_cmp expect out &&
	git -C nb log --format="%s|%an <%ae>|%cn" >log &&
	echo "init: notebook|A Tester <tester@example.com>|A Tester" >expect &&
	test_cmp expect log &&
	git -C nb ls-tree -r --name-only HEAD >files &&
	printf "%s\n" .gitattributes .gitignore clients/.gitkeep journal/.gitkeep notebook.yaml >expect &&
	test_cmp expect files &&
	git -C nb status --porcelain >st &&
	test_must_be_empty st &&
	git -C nb fsck --strict &&
	test "$(git -C nb symbolic-ref HEAD)" = refs/heads/main
'

test_expect_success 'the settings, attributes and ignores are fit for a notebook' '
	grep -x "owner: A Tester" nb/notebook.yaml &&
	grep -x "\*.md text eol=lf" nb/.gitattributes &&
	grep -x ".notebook-cache/" nb/.gitignore &&
	git -C nb check-attr eol -- clients/x.md >attr &&
	echo "clients/x.md: eol: lf" >expect &&
	test_cmp expect attr &&
	notebook -C nb check
'

test_expect_success 'init refuses to overwrite an existing notebook' '
	cp nb/notebook.yaml before &&
	test_status 1 notebook init nb 2>err &&
	grep "already holds a notebook" err &&
	test_cmp before nb/notebook.yaml &&
	test "$(git -C nb rev-list --count HEAD)" = 1
'

test_expect_success 'init -C DIR works there' '
	mkdir there &&
	notebook -C there init >out &&
	test -f there/notebook.yaml &&
	test "$(git -C there log --format=%s)" = "init: notebook"
'

test_expect_success 'init adds a notebook to a repository plain git made' '
	git init -q plain &&
	echo hello >plain/README &&
	git -C plain add README &&
	git -C plain commit -q -m "readme" &&
	echo staged >plain/other &&
	git -C plain add other &&
	notebook init plain >out &&
	echo "added a notebook in '"'"'plain'"'"'" >expect &&
	test_cmp expect out &&
	git -C plain log --format=%s >log &&
	printf "init: notebook\nreadme\n" >expect &&
	test_cmp expect log &&
	git -C plain show --name-only --format= HEAD >files &&
	printf "%s\n" .gitattributes .gitignore clients/.gitkeep journal/.gitkeep notebook.yaml >expect &&
	test_cmp expect files &&
	git -C plain status --porcelain >st &&
	echo "A  other" >expect &&
	test_cmp expect st &&
	git -C plain fsck --strict
'

test_expect_success 'without a git identity init says how to set one and writes nothing' '
	mkdir -p noid-home &&
	test_status 4 env HOME="$TRASH/noid-home" XDG_CONFIG_HOME="$TRASH/noid-home/.config" \
		GIT_CONFIG_GLOBAL="$TRASH/noid-home/.gitconfig" "$NOTEBOOK_BIN" init noid 2>err &&
	grep "git config --global user.name" err &&
	! test -e noid/.git &&
	! test -e noid/notebook.yaml
'

test_expect_success 'init DIR takes one directory' '
	test_status 2 notebook init a b
'

test_done
