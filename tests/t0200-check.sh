#!/bin/sh
# notebook check: every bad-input case of notebook(1) has a fixture in tests/check/<case>/
# (files at their notebook paths, laid over tests/check/base/) and its exact
# diagnostics in tests/check/<case>.err.
. "$(dirname "$0")/lib.sh"

CASES=$TEST_DIRECTORY/check

# setup_case NAME DIR: the base notebook with the case's files laid over it.
setup_case() {
	rm -rf "$2"
	cp -R "$CASES/base" "$2"
	if [ -d "$CASES/$1" ]; then
		cp -R "$CASES/$1/." "$2/"
	fi
}

# run_case NAME: check the case's notebook against NAME.err; exit 1 when it
# holds errors, else 0; never a crash or a hang.
run_case() {
	setup_case "$1" "nb-$1"
	want=0
	grep -q ': error: ' "$CASES/$1.err" && want=1
	(cd "nb-$1" && timeout 10 "$NOTEBOOK_BIN" check) >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "exit status $got, wanted $want" >&2
		cat err >&2
		return 1
	fi
	test_must_be_empty out && test_cmp "$CASES/$1.err" err
}

test_expect_success 'a valid notebook checks silently' '
	setup_case base nb &&
	(cd nb && notebook check) >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

for err in "$CASES"/*.err; do
	name=$(basename "$err" .err)
	test_expect_success "bad input: $name" "run_case $name"
done

test_expect_success 'status reports a bad timezone once too, beside the other problems' '
	for c in bad-timezone bad-timezone-and-more duplicate-key-and-more; do
		setup_case $c nb-st &&
		git init -q nb-st &&
		(cd nb-st && notebook status) >out 2>err.all &&
		# the findings, as check gives them; then the clients left out, named
		grep -v "^notebook: .* left out until" err.all >err &&
		test_cmp "$CASES/$c.err" err || return 1
	done
'

test_expect_success 'a BOM and CRLF line ends read like plain LF' '
	setup_case base nb &&
	printf "\357\273\277---\r\nname: Initech\r\ntier: key\r\n---\r\n# Initech\r\n\r\n- [ ] Call back due:2026-12-01\r\n" >nb/clients/initech.md &&
	(cd nb && notebook check) 2>err &&
	test_must_be_empty err
'

test_expect_success 'a file over 4 MiB is refused unread' '
	setup_case base nb &&
	{ printf -- "---\nname: Big\n---\n"; head -c 5000000 /dev/zero | tr "\0" "a"; } >nb/clients/big.md &&
	(cd nb && test_must_fail --status=1 notebook check) 2>err &&
	echo "clients/big.md: error: file is 5000018 bytes, over the 4 MiB limit; split it" >want &&
	test_cmp want err
'

test_expect_success 'a 1 GiB sparse file is refused at once' '
	setup_case base nb &&
	truncate -s 1G nb/clients/sparse.md &&
	(cd nb && test_must_fail --status=1 timeout 5 "$NOTEBOOK_BIN" check) 2>err &&
	grep "^clients/sparse.md: error: file is 1073741824 bytes" err
'

test_expect_success 'a symlink leading out of the notebook is refused' '
	setup_case base nb &&
	echo "---" >outside.md && echo "name: Outside" >>outside.md && echo "---" >>outside.md &&
	ln -s "$TRASH/outside.md" nb/clients/outside.md &&
	ln -s /etc/passwd nb/clients/passwd.md &&
	(cd nb && test_must_fail --status=1 notebook check) 2>err &&
	cat >want <<-\EOT &&
	clients/outside.md: error: symbolic link leads out of the notebook; refused
	clients/passwd.md: error: symbolic link leads out of the notebook; refused
	EOT
	test_cmp want err
'

test_expect_success 'a symlinked folder is refused, not followed' '
	setup_case base nb &&
	mkdir -p elsewhere/2026 &&
	test ! -e nb/journal &&
	ln -s "$TRASH/elsewhere" nb/journal &&
	(cd nb && test_must_fail --status=1 notebook check) 2>err &&
	echo "journal: error: is a symbolic link; refused (a notebook'"'"'s folders must be real)" >want &&
	test_cmp want err
'

test_expect_success 'a FIFO named like a client does not hang the check' '
	setup_case base nb &&
	mkfifo nb/clients/fifo.md &&
	(cd nb && test_must_fail --status=1 timeout 5 "$NOTEBOOK_BIN" check) 2>err &&
	echo "clients/fifo.md: error: not a regular file; refused" >want &&
	test_cmp want err
'

test_expect_success 'all problems of all files in one run' '
	setup_case base nb &&
	for err in "$CASES"/*.err; do
		name=$(basename "$err" .err)
		case $name in duplicate-id|bad-id|file-name|unknown-client|client-and-clients|no-client|impossible-date) continue ;; esac
		cp -R "$CASES/$name/." nb/ 2>/dev/null
		rm -f nb/clients/initech.md
	done &&
	cp -R "$CASES/unknown-client/." nb/ &&
	cp "$CASES/unknown-key/clients/initech.md" nb/clients/one.md &&
	cp "$CASES/bad-enum/clients/initech.md" nb/clients/two.md &&
	(cd nb && test_must_fail --status=1 notebook check) 2>err &&
	grep -c ": error: " err >count &&
	test "$(cat count)" -ge 6 &&
	grep "^clients/one.md:2:1: " err &&
	grep "^clients/two.md:3:" err &&
	grep "^journal/2026/11/2026-11-20-acme-crop-call.md:" err
'

test_expect_success 'check names only the files asked about' '
	setup_case bad-enum nb &&
	cp "$CASES/unknown-key/clients/initech.md" nb/clients/other.md &&
	(cd nb && test_must_fail --status=1 notebook check clients/other.md) 2>err &&
	! grep initech.md err &&
	grep "^clients/other.md:" err
'

test_expect_success 'paths are shown as reached from the working directory' '
	setup_case bad-enum nb &&
	test_must_fail --status=1 notebook -C nb check 2>err &&
	grep "^nb/clients/initech.md:3:7: error: " err &&
	mkdir -p nb/journal/2026 &&
	(cd nb/journal/2026 && test_must_fail --status=1 notebook check) 2>err &&
	grep "^\.\./\.\./clients/initech.md:3:7: error: " err
'

test_expect_success 'check --format json for editors' '
	setup_case bad-enum nb &&
	(cd nb && test_must_fail --status=1 notebook check --format json) >out 2>err &&
	test_must_be_empty err &&
	/usr/bin/python3 -c "
import json, sys
d = json.load(open(\"out\"))
assert isinstance(d, list) and len(d) == 2, d
for g in d:
    assert set(g) == {\"path\", \"line\", \"column\", \"severity\", \"message\"}, g
    assert g[\"path\"] == \"clients/initech.md\" and g[\"severity\"] == \"error\", g
assert [g[\"line\"] for g in d] == [3, 4], d
"
'

test_expect_success 'a notebook with nothing wrong gives [] in json' '
	setup_case base nb &&
	(cd nb && notebook check --format json) >out &&
	echo "[]" >want &&
	test_cmp want out
'

test_expect_success 'no notebook here: exit 3 and how to make one' '
	mkdir -p empty &&
	(cd empty && test_must_fail --status=3 notebook check) 2>err &&
	grep "not in a notebook" err
'

test_expect_success 'usage errors exit 2' '
	setup_case base nb &&
	(cd nb && test_must_fail --status=2 notebook check --format xml) 2>err &&
	grep "unknown format" err &&
	test_must_fail --status=2 notebook chekc 2>err &&
	grep "did you mean '"'"'check'"'"'" err
'

test_expect_success 'check changes no file of the notebook' '
	setup_case bad-enum nb &&
	(cd nb && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs sha256sum) >before &&
	(cd nb && test_must_fail --status=1 notebook check) 2>/dev/null &&
	(cd nb && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs sha256sum) >after &&
	test_cmp before after
'

test_expect_success 'check --staged validates the staged blobs, not the work tree' '
	setup_case base st &&
	(cd st && git init -q && git add -A && git commit -q -m init) &&
	(cd st && notebook check --staged) &&
	printf -- "---\nname: X\ntier: kye\n---\n" >st/clients/x.md &&
	(cd st && git add clients/x.md) &&
	printf -- "---\nname: X\ntier: key\n---\n" >st/clients/x.md &&
	(cd st && notebook check) &&
	(cd st && test_must_fail --status=1 notebook check --staged) 2>err &&
	echo "clients/x.md:3:7: error: '"'"'tier'"'"' must be one of key, regular, occasional, not '"'"'kye'"'"' (did you mean '"'"'key'"'"'?)" >want &&
	test_cmp want err &&
	(cd st && git add clients/x.md && notebook check --staged)
'

test_expect_success 'check --staged takes no paths' '
	(cd st && test_must_fail --status=2 notebook check --staged clients/x.md) 2>err &&
	grep "give no paths" err
'

test_done
