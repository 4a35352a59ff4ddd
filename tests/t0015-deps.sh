#!/bin/sh
# .ci/deps.sh and the make targets that call it: make demo installs the
# build packages only; make check installs the test packages too without
# starting or enabling a service; without root the exact apt-get command.
# Runs the script against stand-ins for apt-get, dpkg-query, id and the
# service tools that record what they were asked (no package is installed).
. "$(dirname "$0")/lib.sh"

build_pkgs="gcc make pkg-config libgit2-dev libyaml-dev libcmark-dev libsqlite3-dev libssl-dev libjansson-dev libpcre2-dev libjemalloc-dev"

# fake/: dpkg-query reports every package missing until apt-get "installs"
# it (recorded in installed); apt-get records its arguments and whether a
# policy-rc.d forbidding every start was in place; dpkg-query -L lists a
# systemd unit and an init script for each server package.
setup_fakes() {
	rm -rf fake root && mkdir -p fake root &&
	: >installed && : >calls &&
	cat >fake/dpkg-query <<-\FAKE &&
	#!/bin/sh
	if [ "$1" = -L ]; then
		case $2 in
		openssh-server) printf "/lib/systemd/system/ssh.service\n/lib/systemd/system/ssh.socket\n/lib/systemd/system/ssh@.service\n" ;;
		lighttpd) printf "/lib/systemd/system/lighttpd.service\n" ;;
		esac
		exit 0
	fi
	p=$3
	grep -qx "$p" "$TRASH/installed" && printf "install ok installed" && exit 0
	exit 1
	FAKE
	cat >fake/apt-get <<-\FAKE &&
	#!/bin/sh
	echo "apt-get $*" >>"$TRASH/calls"
	[ "$1" = install ] || exit 0
	if [ -x "$NOTEBOOK_POLICY_RC_D" ]; then
		"$NOTEBOOK_POLICY_RC_D" ssh start
		echo "policy-rc.d: $?" >>"$TRASH/calls"
	else
		echo "policy-rc.d: none" >>"$TRASH/calls"
	fi
	for a; do case $a in -*|install) ;; *) echo "$a" >>"$TRASH/installed" ;; esac; done
	FAKE
	cat >fake/id <<-\FAKE &&
	#!/bin/sh
	echo "$FAKE_UID"
	FAKE
	printf "#!/bin/sh\necho \"deb-systemd-helper \$*\" >>\"\$TRASH/calls\"\n" >fake/deb-systemd-helper &&
	printf "#!/bin/sh\necho \"systemctl \$*\" >>\"\$TRASH/calls\"\n" >fake/systemctl &&
	chmod +x fake/* &&
	export TRASH NOTEBOOK_POLICY_RC_D=$TRASH/root/policy-rc.d
}

test_expect_success 'build: only the compiler and libraries are installed, said first' '
	setup_fakes &&
	FAKE_UID=0 PATH=$TRASH/fake:$PATH sh "$SRC_ROOT/.ci/deps.sh" build 2>err &&
	cat >expect <<-EOF &&
	apt-get update -q
	apt-get install -y -q --no-install-recommends $build_pkgs
	policy-rc.d: 101
	EOF
	test_cmp expect calls &&
	head -n 1 err >first &&
	echo "notebook: installing with apt-get: $build_pkgs" >expect &&
	test_cmp expect first &&
	! test -e root/policy-rc.d
'

test_expect_success 'test: servers installed with every start forbidden, their services disabled after' '
	setup_fakes &&
	FAKE_UID=0 PATH=$TRASH/fake:$PATH sh "$SRC_ROOT/.ci/deps.sh" test 2>err &&
	grep "^apt-get install .* openssh-server .* lighttpd " calls &&
	grep -x "policy-rc.d: 101" calls &&
	! grep -x "policy-rc.d: none" calls &&
	! test -e root/policy-rc.d &&
	for u in ssh.service ssh.socket lighttpd.service; do
		grep -x "deb-systemd-helper disable $u" calls &&
		grep -x "systemctl disable $u" calls &&
		grep -x "notebook: disabled the service '"'"'$u'"'"' of [a-z-]*" err || return 1
	done &&
	! grep "ssh@" calls &&
	! grep "systemctl \(start\|enable\|restart\)" calls &&
	grep -n "installing with apt-get:.*openssh-server" err | grep "^1:"
'

test_expect_success 'a policy-rc.d already there is kept as it was' '
	setup_fakes &&
	printf "#!/bin/sh\nexit 101\n# mine\n" >root/policy-rc.d && chmod +x root/policy-rc.d &&
	cp root/policy-rc.d mine &&
	FAKE_UID=0 PATH=$TRASH/fake:$PATH sh "$SRC_ROOT/.ci/deps.sh" build 2>err &&
	test_cmp mine root/policy-rc.d
'

test_expect_success 'nothing missing: nothing run, nothing said' '
	setup_fakes &&
	for p in $build_pkgs; do echo $p; done >installed &&
	FAKE_UID=0 PATH=$TRASH/fake:$PATH sh "$SRC_ROOT/.ci/deps.sh" build 2>err &&
	test_must_be_empty calls &&
	test_must_be_empty err
'

test_expect_success 'not root: the exact apt-get command, exit 1, nothing run' '
	setup_fakes &&
	test_must_fail --status=1 env FAKE_UID=1000 PATH=$TRASH/fake:$PATH sh "$SRC_ROOT/.ci/deps.sh" build 2>err &&
	cat >expect <<-EOF &&
	notebook: missing dependencies; install them with:
	  sudo apt-get install --no-install-recommends $build_pkgs
	EOF
	test_cmp expect err &&
	test_must_be_empty calls
'

test_expect_success 'make demo and plain make install no test package' '
	make -n -C "$SRC_ROOT" demo BUILD="$TRASH/b" >out 2>&1 &&
	grep "sh .ci/deps.sh build" out &&
	! grep "deps.sh test" out &&
	make -n -C "$SRC_ROOT" BUILD="$TRASH/b" >out 2>&1 &&
	! grep "deps.sh" out &&
	make -n -C "$SRC_ROOT" check BUILD="$TRASH/b" >out 2>&1 &&
	grep "sh .ci/deps.sh test" out
'

test_done
