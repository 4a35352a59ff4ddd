#!/bin/sh
# notebook sync over ssh:// against OpenSSH's sshd, run by this test as the
# current user on a free port of 127.0.0.1 with its own configuration, a
# throwaway host key and a throwaway user key. The host key is checked
# against the test HOME's ~/.ssh/known_hosts (plain, hashed, changed,
# revoked), keys come from ssh-agent or ~/.ssh, a refused key fails.
. "$(dirname "$0")/lib.sh"

# libgit2 1.5 leaks pcre2 match data (see lsan_suppress in lib.sh). Its ssh
# transport also leaks on every connection: the known_hosts path (a git_str
# cleared, not freed) and libssh2's known-hosts list (freed only on failure). Those
# allocations come from libgit2's and libssh2's own code, which has no
# symbols to name: the stacks are cut to two frames (the allocator and its
# caller), so the suppressions match only memory allocated directly inside
# these libraries; notebook's own allocations, in the callbacks too, are
# still checked. Leaked libgit2 objects are caught by t0600 and t0610.
lsan_suppress libpcre2-8.so libgit2.so.1.5 libssh2.so.1
ASAN_OPTIONS="malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS

for prog in /usr/sbin/sshd ssh-keygen ssh-agent ssh-add; do
	if ! command -v "$prog" >/dev/null 2>&1; then
		say "skip: $prog is not installed (Debian: openssh-server, openssh-client)"
		printf '1..0 # SKIP %s is not installed\n' "$prog"
		exit 0
	fi
done

unset SSH_AUTH_SOCK SSH_AGENT_PID
user=$(id -un)
port=$(free_port)
sshd_dir=$TRASH/sshd
keys=$TRASH/keys
mkdir -p "$sshd_dir" "$keys" "$HOME/.ssh" srv
ssh-keygen -q -t ed25519 -N '' -C 'test host' -f "$sshd_dir/host_ed25519" &&
ssh-keygen -q -t ed25519 -N '' -C 'another host' -f "$keys/other_host" &&
ssh-keygen -q -t ecdsa -N '' -C 'an ecdsa host key' -f "$keys/ecdsa_host" &&
ssh-keygen -q -t ed25519 -N '' -C 'test user' -f "$keys/user" &&
ssh-keygen -q -t ed25519 -N '' -C 'unauthorized' -f "$keys/stranger" &&
ssh-keygen -q -t ed25519 -N 'correct horse' -C 'with a passphrase' -f "$keys/locked" || exit 1
cat "$keys/user.pub" "$keys/locked.pub" >"$sshd_dir/authorized_keys"
cat >"$sshd_dir/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $sshd_dir/host_ed25519
PidFile $sshd_dir/sshd.pid
AuthorizedKeysFile $sshd_dir/authorized_keys
StrictModes no
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
EOF
# privilege separation needs its empty directory when sshd runs as root
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p /run/sshd
fi
/usr/sbin/sshd -D -e -f "$sshd_dir/sshd_config" >"$sshd_dir/log" 2>&1 &
sshd=$!
agent=
trap 'kill "$sshd" 2>/dev/null; wait "$sshd" 2>/dev/null
	[ -n "$agent" ] && kill "$agent" 2>/dev/null
	cd /; rm -rf "$TRASH"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	grep -q 'Server listening' "$sshd_dir/log" && break
	sleep 0.2
done
if ! grep -q 'Server listening' "$sshd_dir/log"; then
	say "sshd did not start:"
	sed 's/^/# /' "$sshd_dir/log"
	exit 1
fi

git init -q --bare srv/remote.git
url="ssh://$user@127.0.0.1:$port$TRASH/srv/remote.git"
host_line="[127.0.0.1]:$port $(cut -d' ' -f1,2 "$sshd_dir/host_ed25519.pub")"
fp=$(ssh-keygen -lf "$sshd_dir/host_ed25519.pub" | cut -d' ' -f2)

# use_key NAME: ~/.ssh/id_ed25519 is that key of $keys (none: no key).
use_key() {
	rm -f "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
	if [ "$1" != none ]; then
		cp "$keys/$1" "$HOME/.ssh/id_ed25519" &&
		cp "$keys/$1.pub" "$HOME/.ssh/id_ed25519.pub" &&
		chmod 600 "$HOME/.ssh/id_ed25519"
	fi
}

# remote_has_no_main: nothing was pushed.
remote_has_no_main() {
	test_must_fail git -C "$TRASH/srv/remote.git" rev-parse -q --verify refs/heads/main >/dev/null
}

# remote_unchanged: main is where the file "before" says.
remote_unchanged() {
	git -C "$TRASH/srv/remote.git" rev-parse main >now &&
	test_cmp before now
}

# notebook_sync DIR: sync, never left hanging (a hang shows as status 124).
notebook_sync() {
	timeout 120 "$NOTEBOOK_BIN" -C "$1" sync
}

test_expect_success 'an unknown host key is refused: its fingerprint and how to trust it' '
	use_key user &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin "$url" &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	test_must_be_empty out &&
	grep -F "the ssh host key of '"'"'[127.0.0.1]:$port'"'"' is not known: ed25519 key $fp" err &&
	grep -F "ssh-keyscan -p $port -t ed25519 127.0.0.1 >>~/.ssh/known_hosts" err &&
	grep -F "cannot fetch: the ssh host key of" err &&
	test ! -e "$HOME/.ssh/known_hosts" &&
	remote_has_no_main
'

test_expect_success 'a known host key: the first sync pushes over ssh' '
	echo "$host_line" >"$HOME/.ssh/known_hosts" &&
	notebook_sync a >out 2>err &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict
'

test_expect_success 'two clones sync both ways over ssh' '
	sync_both_ways
'

test_expect_success 'a hashed known_hosts entry (ssh-keygen -H) is recognised' '
	echo "$host_line" >"$HOME/.ssh/known_hosts" &&
	ssh-keygen -q -H -f "$HOME/.ssh/known_hosts" >/dev/null 2>&1 &&
	rm -f "$HOME/.ssh/known_hosts.old" &&
	grep -q "^|1|" "$HOME/.ssh/known_hosts" &&
	! grep -q 127.0.0.1 "$HOME/.ssh/known_hosts" &&
	notebook_sync a >out &&
	echo "up to date with origin/main" >expect &&
	test_cmp expect out
'

test_expect_success 'a changed host key is refused, naming the line of the old one' '
	{
		echo "# a comment, then an entry for another host"
		echo "elsewhere.example $(cut -d" " -f1,2 "$sshd_dir/host_ed25519.pub")"
		echo "[127.0.0.1]:$port $(cut -d" " -f1,2 "$keys/other_host.pub")"
	} >"$HOME/.ssh/known_hosts" &&
	cp "$HOME/.ssh/known_hosts" known_hosts.before &&
	git -C srv/remote.git rev-parse main >before &&
	echo "- [ ] call back" >>a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	test_must_be_empty out &&
	grep -F "WARNING: the ssh host key of '"'"'[127.0.0.1]:$port'"'"' has CHANGED" err &&
	grep -F "may be intercepting the connection (an attack)" err &&
	grep -F "the key offered now: ed25519 key $fp" err &&
	grep -F "the old key is at $HOME/.ssh/known_hosts:3" err &&
	remote_unchanged &&
	test_cmp known_hosts.before "$HOME/.ssh/known_hosts"
'

# libgit2 1.5.1 then asks sshd for an ecdsa key only: the key exchange
# fails before notebook sees a key, and the message says why.
test_expect_success 'a host known only by a key of a type the server lacks: refused, the reason given' '
	echo "[127.0.0.1]:$port $(cut -d" " -f1,2 "$keys/ecdsa_host.pub")" >"$HOME/.ssh/known_hosts" &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "; ~/.ssh/known_hosts has a key of type ecdsa for '"'"'[127.0.0.1]:$port'"'"', so only a key of that type is asked for: see the server'"'"'s keys with '"'"'ssh-keyscan -p $port 127.0.0.1'"'"'" err &&
	remote_unchanged
'

test_expect_success 'a host key marked @revoked is refused even with a matching entry' '
	{
		echo "$host_line"
		echo "@revoked * $(cut -d" " -f1,2 "$sshd_dir/host_ed25519.pub")"
	} >"$HOME/.ssh/known_hosts" &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "is revoked at $HOME/.ssh/known_hosts:2" err &&
	remote_unchanged
'

test_expect_success 'a key from ssh-agent, none in ~/.ssh' '
	echo "$host_line" >"$HOME/.ssh/known_hosts" &&
	use_key none &&
	eval "$(ssh-agent -s -a "$TRASH/agent.sock")" >/dev/null &&
	echo "$SSH_AGENT_PID" >agent.pid &&
	ssh-add -q "$keys/user" 2>/dev/null &&
	notebook_sync a >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict
'
agent=$(cat agent.pid 2>/dev/null)

test_expect_success 'an agent with a refused key, then the key file: the file works' '
	SSH_AUTH_SOCK=$TRASH/agent.sock &&
	export SSH_AUTH_SOCK &&
	ssh-add -q -D 2>/dev/null &&
	ssh-add -q "$keys/stranger" 2>/dev/null &&
	use_key user &&
	echo "- [ ] send the notes" >>a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	notebook_sync a >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out
'

test_expect_success 'refused keys fail, each tried once, with the keys named' '
	SSH_AUTH_SOCK=$TRASH/agent.sock &&
	export SSH_AUTH_SOCK &&
	use_key stranger &&
	git -C srv/remote.git rev-parse main >before &&
	echo "- [ ] book the review" >>a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "the ssh server '"'"'127.0.0.1'"'"' refused the keys of '"'"'$user'"'"' (tried ssh-agent, ~/.ssh/id_ed25519)" err &&
	grep -F "ssh-add" err &&
	remote_unchanged
'

test_expect_success 'no agent and no key: a clear failure' '
	unset SSH_AUTH_SOCK &&
	use_key none &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "no ssh key to offer '"'"'127.0.0.1'"'"'" err &&
	grep -F "ssh-keygen -t ed25519" err &&
	remote_unchanged
'

test_expect_success 'a key with a passphrase and no terminal: skipped, saying why' '
	use_key locked &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "no usable ~/.ssh/id_ed25519, id_ecdsa, id_rsa (skipped ~/.ssh/id_ed25519: a key with a passphrase needs a terminal to ask it on, or ssh-agent: '"'"'ssh-add'"'"')" err &&
	remote_unchanged
'

test_expect_success 'on a terminal the passphrase is asked once, for fetch and push' '
	use_key locked &&
	python3 "$TEST_DIRECTORY/tools/on_tty.py" transcript \
		"Passphrase for '"'"'~/.ssh/id_ed25519'"'"': " "correct horse" \
		-- "$NOTEBOOK_BIN" -C a sync &&
	tr "\r" "\n" <transcript >lines &&
	test "$(grep -c "^Passphrase for" lines)" = 1 &&
	! grep -F "correct horse" lines &&
	grep -x "pushed main to origin" lines &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict
'

test_done
