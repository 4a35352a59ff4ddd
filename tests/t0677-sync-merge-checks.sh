#!/bin/sh
# What a merge validates (README, Sync): the files it did not write are
# taken as the hand-edit check just saw them (their cached records), so a
# file the merge rewrote must be read again: a client file the remote broke
# and an entry it moved to an unknown client stop the merge (exit 1, not
# pushed), in a notebook at the top of its repository and in one in a
# folder of it; a clean merge of the same shape is committed and pushed.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

# Files this old are trusted by their stat data (none is racily clean).
OLD='2026-01-01 00:00:00'

# aged DIR: every file of the notebook in DIR made old, then its cache
# brought up to date, as a command of the user would leave it: its
# records are restored by their stat data.
aged() {
	find "$1" -name .git -prune -o -type f -exec touch -d "$OLD" {} + &&
	notebook -C "$1" status >/dev/null
}

# setup DIR: a notebook in DIR (a repository's top or a folder of it) with
# two clients and an entry, pushed to DIR's remote.git, cloned into DIR-b
# (the other side); both caches up to date.
setup() {
	notebook -C "$1" new "Acme Corp" >/dev/null &&
	notebook -C "$1" new "Initech" >/dev/null &&
	notebook -C "$1" log acme-corp -m "Call." --date 2026-11-02 >/dev/null &&
	aged "$1"
}

# diverge DIR OTHER: a commit of each side, OTHER's (made by hand with
# git, as a collaborator without notebook would) pushed; DIR aged().
n=0
diverge() {
	n=$((n + 1)) &&
	git -C "$2" commit -q -am "by hand" &&
	git -C "$2" push -q &&
	notebook -C "$1" log initech -m "Mail $n." --date 2026-11-03 >/dev/null &&
	aged "$1"
}

test_expect_success 'setup: a notebook at the top of its repository, and a clone' '
	notebook init a >/dev/null &&
	setup a &&
	two_clones &&
	notebook -C b status >/dev/null
'

test_expect_success 'a client file the merge rewrote broken stops it: not committed, not pushed' '
	sed -i "s/^name: .*/name: [broken/" b/clients/acme-corp.md &&
	diverge a b &&
	before=$(git -C a rev-parse HEAD) &&
	remote=$(git -C remote.git rev-parse main) &&
	test_must_fail --status=1 notebook -C a sync >out 2>err &&
	grep "clients/acme-corp.md" err &&
	grep "the merge is not valid" err &&
	test "$(git -C a rev-parse HEAD)" = "$before" &&
	test "$(git -C remote.git rev-parse main)" = "$remote" &&
	notebook -C a sync --abort >/dev/null &&
	git -C b revert --no-edit HEAD >/dev/null &&
	git -C b push -q &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null
'

test_expect_success 'an entry the merge moved to an unknown client stops it' '
	f=$(cd b && ls journal/2026/11/*acme-corp*) &&
	sed -i "s/^client: .*/client: nobody-here/" "b/$f" &&
	diverge a b &&
	remote=$(git -C remote.git rev-parse main) &&
	test_must_fail --status=1 notebook -C a sync >out 2>err &&
	grep "nobody-here" err &&
	grep "the merge is not valid" err &&
	test "$(git -C remote.git rev-parse main)" = "$remote" &&
	notebook -C a sync --abort >/dev/null &&
	git -C b revert --no-edit HEAD >/dev/null &&
	git -C b push -q &&
	notebook -C a sync >/dev/null &&
	notebook -C b sync >/dev/null
'

test_expect_success 'a clean change of a cached file by the remote is merged, validated and pushed' '
	sed -i "s/^name: .*/name: Acme Corporation/" b/clients/acme-corp.md &&
	diverge a b &&
	notebook -C a sync >out 2>err &&
	grep "^merged origin/main$" out &&
	grep "^pushed main to origin$" out &&
	notebook -C a show acme-corp >show &&
	grep "Acme Corporation" show &&
	git -C a status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'setup: a notebook in a folder of its repository, and a clone' '
	git init -q outer &&
	notebook init nb >/dev/null &&
	rm -rf nb/.git &&
	mv nb outer/nb &&
	git -C outer add nb &&
	git -C outer commit -q -m "a notebook in a folder" &&
	setup outer/nb &&
	git init -q --bare outer.git &&
	git -C outer remote add origin ../outer.git &&
	git -C outer push -q -u origin main &&
	git clone -q outer.git outer-b &&
	notebook -C outer-b/nb status >/dev/null
'

test_expect_success 'in a folder: a client file the merge rewrote broken stops it' '
	sed -i "s/^name: .*/name: [broken/" outer-b/nb/clients/acme-corp.md &&
	diverge outer/nb outer-b &&
	remote=$(git -C outer.git rev-parse main) &&
	test_must_fail --status=1 notebook -C outer/nb sync >out 2>err &&
	grep "clients/acme-corp.md" err &&
	grep "the merge is not valid" err &&
	test "$(git -C outer.git rev-parse main)" = "$remote"
'

test_done
