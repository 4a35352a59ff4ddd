#!/bin/sh
# notebook sync over git:// against a `git daemon` on 127.0.0.1 with a
# free port, receive-pack enabled; the daemon is stopped at the end.
. "$(dirname "$0")/lib.sh"

# libgit2 1.5 (Debian 12) leaks pcre2 match data when a regex does not
# match (fixed upstream in libgit2 pull request 6382); git_remote_lookup
# hits it. Only allocations made inside libpcre2 are suppressed.
printf 'leak:libpcre2-8.so\n' >"$TRASH/lsan.supp"
LSAN_OPTIONS="suppressions=$TRASH/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

if ! test -x "$(git --exec-path)/git-daemon"; then
	say "skip: git daemon is not installed"
	printf '1..0 # SKIP git daemon is not installed\n'
	exit 0
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir srv &&
git init -q --bare srv/remote.git &&
git --git-dir=srv/remote.git config daemon.receivepack true
git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$TRASH/srv" \
	--export-all --enable=receive-pack "$TRASH/srv" >daemon.log 2>&1 &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; cd /; rm -rf "$TRASH"' EXIT
url=git://127.0.0.1:$port/remote.git
# wait for the daemon to listen
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	git ls-remote "$url" >/dev/null 2>&1 && break
	sleep 0.2
done

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
