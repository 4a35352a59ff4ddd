#!/bin/sh
# notebook sync over smart HTTP: lighttpd, run by this test on free ports
# of 127.0.0.1, serves `git http-backend` through CGI with basic
# authentication required for fetch and push; one port plain http, one
# https with a throwaway self-signed certificate. Credentials come from a
# credential helper in the test HOME's ~/.gitconfig, and never show up in
# the output or the notebook.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
if ! test -x "$lighttpd"; then
	say "skip: lighttpd is not installed (Debian: lighttpd, lighttpd-mod-openssl)"
	printf '1..0 # SKIP lighttpd is not installed\n'
	exit 0
fi
backend=$(git --exec-path)/git-http-backend
if ! test -x "$backend"; then
	say "skip: git http-backend is not installed"
	printf '1..0 # SKIP git http-backend is not installed\n'
	exit 0
fi

port=$(free_port)
sport=$(free_port)
while [ "$sport" = "$port" ]; do
	sport=$(free_port)
done
password=Tr0ub4dor-s3cret-$$
httpd=$TRASH/httpd
mkdir -p "$httpd" srv www
printf 'alice:%s\n' "$password" >"$httpd/users"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 \
	-addext 'subjectAltName=IP:127.0.0.1,DNS:127.0.0.1' \
	-keyout "$httpd/key.pem" -out "$httpd/cert.pem" 2>/dev/null &&
cat "$httpd/key.pem" "$httpd/cert.pem" >"$httpd/server.pem" || exit 1
cat >"$httpd/lighttpd.conf" <<EOF
server.document-root = "$TRASH/www"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$httpd/pid"
server.errorlog = "$httpd/error.log"
server.modules = ( "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi", "mod_openssl" )
alias.url = ( "/git/" => "$backend/" )
\$HTTP["url"] =~ "^/git/" {
	cgi.assign = ( "" => "" )
	setenv.set-environment = ( "GIT_PROJECT_ROOT" => "$TRASH/srv", "GIT_HTTP_EXPORT_ALL" => "1" )
}
auth.backend = "plain"
auth.backend.plain.userfile = "$httpd/users"
auth.require = ( "/git/" => ( "method" => "basic", "realm" => "notebook test", "require" => "valid-user" ) )
\$SERVER["socket"] == "127.0.0.1:$sport" {
	ssl.engine = "enable"
	ssl.pemfile = "$httpd/server.pem"
}
EOF
"$lighttpd" -D -f "$httpd/lighttpd.conf" >"$httpd/out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; cd /; rm -rf "$TRASH"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	grep -q 'server started' "$httpd/error.log" 2>/dev/null && break
	sleep 0.2
done
if ! grep -q 'server started' "$httpd/error.log" 2>/dev/null; then
	say "lighttpd did not start:"
	sed 's/^/# /' "$httpd/out" "$httpd/error.log" 2>/dev/null
	exit 1
fi

git init -q --bare srv/remote.git
url=http://127.0.0.1:$port/git/remote.git
surl=https://127.0.0.1:$sport/git/remote.git

# The credential helper: logs each action and what it was given (outside
# the notebook), answers `get` with the password in helper.password.
printf '%s\n' "$password" >helper.password
write_file helper.sh <<EOF
#!/bin/sh
echo "action \$1" >>"$TRASH/helper.log"
cat >>"$TRASH/helper.log"
if [ "\$1" = get ]; then
	printf 'username=alice\npassword=%s\n' "\$(cat "$TRASH/helper.password")"
fi
exit 0
EOF
chmod +x helper.sh

# notebook_sync DIR: sync with no terminal, never left hanging (status
# 124); all its output is kept in all-output too.
notebook_sync() {
	timeout 120 "$NOTEBOOK_BIN" -C "$1" sync </dev/null >"$TRASH/sync.out" 2>"$TRASH/sync.err"
	status=$?
	cat "$TRASH/sync.out" "$TRASH/sync.err" >>"$TRASH/all-output"
	cat "$TRASH/sync.out"
	cat "$TRASH/sync.err" >&2
	return $status
}

# no_password FILE...: the password appears nowhere in them.
no_password() {
	if grep -r -F -l -e "$password" "$@"; then
		echo "the password leaked into the files above" >&2
		return 1
	fi
}

test_expect_success 'no credential helper and no terminal: a clear failure, nothing pushed' '
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	git -C a remote add origin "$url" &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	test_must_be_empty out &&
	grep -F "cannot fetch: http://127.0.0.1:$port asks for a username and password, and no credential helper gave them" err &&
	grep -F "git config --global credential.helper" err &&
	test_must_fail git -C srv/remote.git rev-parse -q --verify refs/heads/main
'

test_expect_success 'credentials from the helper: the first sync pushes, the helper stores them' '
	git config --global credential.helper "$TRASH/helper.sh" &&
	notebook_sync a >out 2>err &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict &&
	grep "^action" helper.log >actions &&
	printf "action get\naction store\n" >expect &&
	test_cmp expect actions &&
	sed -n "2,3p" helper.log >asked &&
	printf "protocol=http\nhost=127.0.0.1:%s\n" "$port" >expect &&
	test_cmp expect asked &&
	grep -F "username=alice" helper.log
'

test_expect_success 'two clones sync both ways over http' '
	sync_both_ways
'

test_expect_success 'a wrong password fails at once and the helper is told to erase it' '
	echo wrong-password >helper.password &&
	: >helper.log &&
	git -C srv/remote.git rev-parse main >before &&
	echo "- [ ] call back" >>a/clients/acme-corp.md &&
	notebook -C a commit >/dev/null &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "cannot fetch: http://127.0.0.1:$port refused the password for '"'"'alice'"'"' (1 try); the credential helpers were told to erase it" err &&
	grep "^action" helper.log >actions &&
	printf "action get\naction erase\n" >expect &&
	test_cmp expect actions &&
	grep -F "password=wrong-password" helper.log &&
	git -C srv/remote.git rev-parse main >now &&
	test_cmp before now
'

test_expect_success 'https with an untrusted self-signed certificate is refused' '
	printf "%s\n" "$password" >helper.password &&
	git -C a remote set-url origin "$surl" &&
	: >helper.log &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "cannot fetch: the certificate of https://127.0.0.1:$sport is not trusted" err &&
	grep -F "http.sslCAInfo" err &&
	test_must_be_empty helper.log &&
	git -C srv/remote.git rev-parse main >now &&
	test_cmp before now
'

test_expect_success 'https trusted through the user'"'"'s http.sslCAInfo' '
	git config --global http.sslCAInfo "$httpd/cert.pem" &&
	notebook_sync a >out 2>err &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	test "$(git -C srv/remote.git rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C srv/remote.git fsck --strict
'

test_expect_success 'the repository'"'"'s own config chooses no credential helper' '
	git config --global --unset credential.helper &&
	write_file evil.sh <<-EOF &&
	#!/bin/sh
	echo ran >"$TRASH/evil.ran"
	EOF
	chmod +x evil.sh &&
	git -C a config credential.helper "$TRASH/evil.sh" &&
	test_must_fail --status=4 notebook_sync a >out 2>err &&
	grep -F "no credential helper gave them" err &&
	test ! -e evil.ran &&
	git -C a config --unset credential.helper
'

test_expect_success 'helpers by bare name (git credential-store) and as a "!" shell command' '
	printf "http://alice:%s@127.0.0.1:%s\n" "$password" "$port" >"$HOME/.git-credentials" &&
	git config --global credential.helper store &&
	notebook_sync b >out 2>err &&
	test_must_be_empty err &&
	rm "$HOME/.git-credentials" &&
	git config --global credential.helper \
		"!f() { test \"\$1\" = get && printf \"username=alice\\npassword=%s\\n\" \"\$(cat $TRASH/helper.password)\"; }; f" &&
	notebook_sync b >out 2>err &&
	test_must_be_empty err &&
	git config --global --unset credential.helper
'

test_expect_success 'on a terminal: a prompt (the password not echoed), progress on one line' '
	test_must_fail git config --global credential.helper &&
	git clone -q srv/remote.git c &&
	git -C c remote set-url origin "$url" &&
	git -C c reset -q --hard HEAD~2 &&
	git -C c remote set-head origin -d &&
	git -C c update-ref -d refs/remotes/origin/main &&
	rm -f c/.git/ORIG_HEAD &&
	git -C c reflog expire --expire=now --all &&
	git -C c gc -q --prune=now &&
	: >helper.log &&
	python3 "$TEST_DIRECTORY/tools/on_tty.py" transcript "Username for '"'"'http://127.0.0.1:$port'"'"': " alice \
		"Password for '"'"'alice'"'"' at '"'"'http://127.0.0.1:$port'"'"': " "$password" \
		-- "$NOTEBOOK_BIN" -C c sync &&
	tr "\r" "\n" <transcript >lines &&
	cat lines >>all-output &&
	grep -F "Username for '"'"'http://127.0.0.1:$port'"'"': alice" lines &&
	grep -x "Password for '"'"'alice'"'"' at '"'"'http://127.0.0.1:$port'"'"': " lines &&
	grep "^receiving objects: 100% ([0-9]*/[0-9]*), [0-9.]* [KMi]*B" lines &&
	grep -x "fast-forwarded to origin/main" lines &&
	test "$(git -C c rev-parse HEAD)" = "$(git -C srv/remote.git rev-parse main)" &&
	test_must_be_empty helper.log
'

test_expect_success 'the password appears in no output and nowhere in the notebooks' '
	test -s all-output &&
	no_password a b all-output &&
	no_password "$HOME/.gitconfig"
'

test_done
