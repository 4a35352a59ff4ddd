#!/bin/sh
# notebook sync when the push is refused: a remote that moves between our
# fetch and our push (another clone's commit lands first) is fetched,
# merged and pushed again; a remote that refuses every push stops sync
# after its bounded tries with exit 4 and the local commits kept; syncs
# racing to one remote on a local path never replace each other's push.
# Hooks run only in git's receive-pack, so those remotes are served by
# `git daemon` on 127.0.0.1 with a free port, stopped at the end.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

start_git_daemon

hooks=$TRASH/srv/remote.git/hooks

# set_key DIR KEY VALUE: changes a top-level key of acme-corp by hand and commits it.
set_key() {
	sed -i "s/^$2: .*/$2: $3/" "$1/clients/acme-corp.md" &&
	notebook -C "$1" commit >/dev/null
}

test_expect_success 'setup: a notebook on the remote, a second clone' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin "$url" &&
	notebook -C a sync >/dev/null &&
	git clone -q "$url" b
'

# The update hook runs after receive-pack read our old and new values and
# before it moves the ref: the first time (no marker yet) it moves main to
# b's commit, waiting under refs/pending, so main is no longer what we
# fetched and git refuses our update, exactly as when b pushes first.
test_expect_success 'the remote moves between fetch and push: fetched, merged, pushed again' '
	set_key b status paused &&
	git -C b push -q origin main:refs/pending/b &&
	theirs=$(git -C b rev-parse HEAD) &&
	write_file "$hooks/update" <<-\EOF &&
	#!/bin/sh
	if test "$1" = refs/heads/main && ! test -f moved-once; then
		: >moved-once
		git update-ref refs/heads/main "$(git rev-parse refs/pending/b)"
	fi
	exit 0
	EOF
	chmod +x "$hooks/update" &&
	set_key a tier regular &&
	ours=$(git -C a rev-parse HEAD) &&
	notebook -C a sync >out 2>err &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	grep "^notebook: .origin. refused the push of main (.*); fetching again$" err &&
	test -f srv/remote.git/moved-once &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git rev-list main >history &&
	grep "^$theirs$" history &&
	grep "^$ours$" history &&
	test "$(git -C a rev-list --parents -1 HEAD | wc -w)" = 3 &&
	git -C srv/remote.git show main:clients/acme-corp.md >merged &&
	grep "^status: paused$" merged &&
	grep "^tier: regular$" merged &&
	git -C a status --porcelain >out &&
	test_must_be_empty out &&
	git -C a fsck --strict &&
	git -C srv/remote.git fsck --strict
'

test_expect_success 'a remote refusing every push: exit 4 after the bounded tries, nothing lost' '
	write_file "$hooks/pre-receive" <<-\EOF &&
	#!/bin/sh
	echo "pushes are closed" >&2
	exit 1
	EOF
	chmod +x "$hooks/pre-receive" &&
	before=$(git -C srv/remote.git rev-parse main) &&
	set_key a fit questionable &&
	ours=$(git -C a rev-parse HEAD) &&
	test_must_fail --status=4 notebook -C a sync >out 2>err &&
	test "$(grep -c "^notebook: .origin. refused the push of main (pre-receive hook declined)" err)" = 3 &&
	grep -x "notebook: .origin. refused the push 3 times (pre-receive hook declined); the commits stay here, run .notebook sync. again later" err &&
	test "$(git -C srv/remote.git rev-parse main)" = "$before" &&
	test "$(git -C a rev-parse HEAD)" = "$ours" &&
	grep "^fit: questionable$" a/clients/acme-corp.md &&
	git -C a status --porcelain >out &&
	test_must_be_empty out &&
	git -C a fsck --strict &&
	git -C srv/remote.git fsck --strict
'

test_expect_success 'once the remote accepts again, the kept commit is pushed' '
	rm "$hooks/pre-receive" &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git show main:clients/acme-corp.md | grep "^fit: questionable$"
'

# libgit2's local transport moves the remote's branch whatever it holds by
# then, so a sync that fetched before another's push replaced that push;
# sync pushes to a local path itself, moving the branch only if it still
# holds what was fetched. Three clones sync at once, five times: whatever
# a sync said it pushed must be in the remote's history right after.
test_expect_success 'three syncs at once over a local path: none replaces another'"'"'s push' '
	git init -q --bare local.git &&
	git -C a push -q ../local.git main &&
	for c in l1 l2 l3; do
		git clone -q local.git $c || return 1
	done &&
	for round in 1 2 3 4 5; do
		for c in l1 l2 l3; do
			notebook -C $c log acme-corp -k note -m "$c $round" >/dev/null || return 1
		done &&
		for c in l1 l2 l3; do
			(notebook -C $c sync >$c.out 2>$c.err; echo $? >$c.status) &
		done &&
		wait &&
		for c in l1 l2 l3; do
			case $(cat $c.status) in
			0) ;;
			4) grep "refused the push 3 times" $c.err || return 1 ;;
			*) cat $c.err; return 1 ;;
			esac &&
			if grep -q "^pushed main to origin$" $c.out; then
				git -C local.git merge-base --is-ancestor \
					"$(git -C $c rev-parse HEAD)" main || {
					echo "$c said it pushed, round $round, but local.git lost it"
					return 1
				}
			fi || return 1
		done || return 1
	done &&
	for c in l1 l2 l3 l1 l2 l3; do
		notebook -C $c sync >/dev/null || return 1
	done &&
	git -C local.git show main:journal >/dev/null &&
	for c in l1 l2 l3; do
		for round in 1 2 3 4 5; do
			git -C l1 grep -q "^$c $round$" HEAD -- journal || {
				echo "entry $c $round is missing"
				return 1
			}
		done || return 1
	done &&
	git -C local.git fsck --strict &&
	for c in l1 l2 l3; do
		git -C $c fsck --strict &&
		test "$(git -C $c rev-parse HEAD)" = "$(git -C local.git rev-parse main)" || return 1
	done
'

test_done
