#!/bin/sh
# Installs what notebook needs to build and test on Debian: apt-get when
# root, else prints the exact command and stops.
set -u

# Build: compiler, make, pkg-config and the libraries (libssl-dev for
# libcrypto: ssh host-key hashes).
build_pkgs="gcc make pkg-config libgit2-dev libyaml-dev libcmark-dev libsqlite3-dev libssl-dev"
# Tests: git (to check what we write), prove (perl), python3 with an
# iCalendar parser (agenda --ics), mandoc (the man page lint), the servers
# sync is tested against: sshd (t0620), lighttpd with TLS (t0630).
test_pkgs="git perl python3 python3-icalendar mandoc tzdata python3-yaml python3-jsonschema sqlite3 openssh-server openssh-client lighttpd lighttpd-mod-openssl openssl"
extra_pkgs=${NOTEBOOK_EXTRA_PKGS:-}

missing=
for p in $build_pkgs $test_pkgs $extra_pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "notebook: cannot check for build dependencies (not a Debian system); need:$missing" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	echo "notebook: installing build dependencies:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || exit 1
	apt-get install -y -q --no-install-recommends $missing >&2 || exit 1
	exit 0
fi
echo "notebook: missing build dependencies; install them with:" >&2
echo "  sudo apt-get install$missing" >&2
exit 1
