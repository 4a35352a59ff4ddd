#!/bin/sh
# Installs what notebook needs on Debian: apt-get when root, else prints the
# exact command and stops.
#
#   sh .ci/deps.sh build   the compiler and libraries only (make demo)
#   sh .ci/deps.sh test    those and the test packages (make check)
#
# The test packages include servers (openssh-server, lighttpd) that the
# tests start themselves on 127.0.0.1 and high ports. Debian starts and
# enables a server's service when it is installed; here nothing is started
# (a policy-rc.d that refuses every start while apt-get runs) and every
# service of a package this script installed is disabled afterwards.
set -u

mode=${1:-test}
case $mode in
build|test) ;;
*) echo "usage: sh .ci/deps.sh build|test" >&2; exit 2 ;;
esac

# Build: compiler, make, pkg-config and the libraries (libssl-dev for
# libcrypto: ssh host-key hashes; libjansson-dev: JSON output and the
# language server's parsing; libpcre2-dev: schema patterns; libjemalloc-dev:
# the allocator).
build_pkgs="gcc make pkg-config libgit2-dev libyaml-dev libcmark-dev libsqlite3-dev libssl-dev libjansson-dev libpcre2-dev libjemalloc-dev"
# Tests: git (to check what we write), prove (perl), python3 with an
# iCalendar parser (agenda --ics), mandoc (the man page lint), the servers
# sync is tested against: sshd (t0620), lighttpd with TLS (t0630), strace to
# kill or fail a command at an exact system call (t0716); python3-vobject
# reads exported vCards back (t0800); neovim is an LSP client nobody here
# wrote, for notebook lsp (t0851); chromium (headless, with a font to draw
# text in screenshots) opens report's page as a reader would (t0860);
# watchman is the file-system monitor (t0401, t0402 start their own).
test_pkgs="git perl python3 python3-icalendar python3-vobject mandoc tzdata python3-yaml python3-jsonschema sqlite3 openssh-server openssh-client lighttpd lighttpd-mod-openssl openssl strace neovim chromium fonts-dejavu-core watchman"
extra_pkgs=${NOTEBOOK_EXTRA_PKGS:-}
[ "$mode" = build ] && test_pkgs=

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "notebook: cannot check for dependencies (not a Debian system); need: $build_pkgs $test_pkgs $extra_pkgs" >&2
	exit 1
fi
missing=
for p in $build_pkgs $test_pkgs $extra_pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "notebook: missing dependencies; install them with:" >&2
	echo "  sudo apt-get install --no-install-recommends$missing" >&2
	[ "$mode" = test ] &&
		echo "notebook: (openssh-server and lighttpd are for the tests only; disable their services after installing: 'sudo systemctl disable --now ssh lighttpd')" >&2
	exit 1
fi

echo "notebook: installing with apt-get:$missing" >&2
echo "notebook: no service is started or enabled by this install" >&2

# A policy-rc.d that exits 101 ("action forbidden") makes invoke-rc.d and
# deb-systemd-invoke start nothing while the packages are configured. One
# that is already there (a container's) is left as it is.
policy=${NOTEBOOK_POLICY_RC_D:-/usr/sbin/policy-rc.d}
own_policy=
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# written by notebook .ci/deps.sh while it installs packages\nexit 101\n' > "$policy" &&
		chmod 755 "$policy" && own_policy=1 || exit 1
fi
cleanup() {
	[ -n "$own_policy" ] && rm -f "$policy"
	own_policy=
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || exit 1
apt-get install -y -q --no-install-recommends $missing >&2 || exit 1

# The services of what was just installed are disabled: the tests start
# their own servers, and the machine's owner decides whether it runs any.
for p in $missing; do
	for f in $(dpkg-query -L "$p" 2>/dev/null); do
		case $f in
		/lib/systemd/system/*.service | /lib/systemd/system/*.socket | \
		/usr/lib/systemd/system/*.service | /usr/lib/systemd/system/*.socket)
			unit=${f##*/}
			case $unit in *@*) continue ;; esac
			if command -v deb-systemd-helper >/dev/null 2>&1; then
				deb-systemd-helper disable "$unit" >/dev/null 2>&1
			fi
			if command -v systemctl >/dev/null 2>&1; then
				systemctl disable "$unit" >/dev/null 2>&1
			fi
			echo "notebook: disabled the service '$unit' of $p" >&2
			;;
		/etc/init.d/*)
			[ -x "$f" ] && command -v update-rc.d >/dev/null 2>&1 &&
				update-rc.d "${f##*/}" disable >/dev/null 2>&1
			;;
		esac
	done
done
exit 0
