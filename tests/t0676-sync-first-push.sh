#!/bin/sh
# A first push to a local remote (README, Sync): a pack of the clone that
# holds only the branch's objects is sent as it is, the objects in no such
# pack are packed anew, and a pack holding anything else (another
# branch's objects) is never copied: the remote gets the branch's objects
# and no others, and git finds it whole.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

test_expect_success 'setup: a notebook, packed' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	notebook -C a log acme-corp -m "Call." >/dev/null &&
	git -C a gc -q &&
	test "$(ls a/.git/objects/pack/*.pack | wc -l)" = 1
'

test_expect_success 'its one pack goes as it is' '
	git init -q --bare r1.git &&
	git -C a remote add origin ../r1.git &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	(cd a/.git/objects/pack && ls pack-*.pack pack-*.idx) >expect &&
	(cd r1.git/objects/pack && ls pack-*.pack pack-*.idx) >got &&
	test_cmp expect got &&
	git -C r1.git fsck --full --strict 2>err &&
	test "$(git -C r1.git rev-parse main)" = "$(git -C a rev-parse main)"
'

test_expect_success 'a pack and loose objects: both sent, the remote whole' '
	notebook -C a log acme-corp -k email -m "Mail." >/dev/null &&
	git -C a count-objects -v | grep -q "^count: [1-9]" &&
	git init -q --bare r2.git &&
	git -C a remote set-url origin ../r2.git &&
	git -C a update-ref -d refs/remotes/origin/main &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	git -C r2.git fsck --full --strict &&
	git -C a rev-list --objects main | cut -d" " -f1 | sort >want &&
	git -C r2.git rev-list --objects main | cut -d" " -f1 | sort >have &&
	test_cmp want have
'

test_expect_success 'a pack holding another branch is not copied: none of its objects go' '
	git -C a checkout -q -b other &&
	notebook -C a log acme-corp -k meeting -m "Secret." >/dev/null &&
	secret=$(git -C a rev-parse other:journal) &&
	git -C a checkout -q main &&
	git -C a gc -q &&
	git init -q --bare r3.git &&
	git -C a remote set-url origin ../r3.git &&
	git -C a update-ref -d refs/remotes/origin/main &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	git -C r3.git fsck --full --strict &&
	test_must_fail git -C r3.git cat-file -e "$secret" &&
	git -C a rev-list --objects main | cut -d" " -f1 | sort >want &&
	git -C r3.git rev-list --objects --all | cut -d" " -f1 | sort >have &&
	test_cmp want have &&
	git -C r3.git count-objects -v | sed -n "s/^in-pack: //p" >n &&
	test "$(cat n)" = "$(wc -l <want)"
'

test_done
