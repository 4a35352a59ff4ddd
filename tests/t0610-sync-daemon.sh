#!/bin/sh
# notebook sync over git:// against a `git daemon` on 127.0.0.1 with a
# free port, receive-pack enabled; the daemon is stopped at the end.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

start_git_daemon

test_expect_success 'a first sync over git:// to an empty remote' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin "$url" &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict
'

test_expect_success 'a merge of different keys over git://, pushed back' '
	git clone -q "$url" b &&
	sed -i "s/^tier: .*/tier: regular/" b/clients/acme-corp.md &&
	notebook -C b commit >/dev/null &&
	notebook -C b sync >/dev/null &&
	sed -i "s/^status: .*/status: paused/" a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook -C a sync >out &&
	printf "merged origin/main\npushed main to origin\n" >expect &&
	test_cmp expect out &&
	git -C srv/remote.git show main:clients/acme-corp.md >merged &&
	grep "^tier: regular$" merged &&
	grep "^status: paused$" merged &&
	git -C srv/remote.git fsck --strict &&
	notebook -C b sync >out &&
	echo "fast-forwarded to origin/main" >expect &&
	test_cmp expect out &&
	test_cmp merged b/clients/acme-corp.md
'

test_done
