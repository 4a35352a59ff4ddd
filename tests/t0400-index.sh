#!/bin/sh
# The index (the SQLite cache of the parsed notebook): a cache hit gives
# exactly what a fresh parse gives, an answer is never stale (edits in the
# same second, touch, rename, delete, new files, notebook.yaml and schema/
# changes), a broken, foreign or unusable cache is rebuilt or bypassed, and
# concurrent runs never corrupt it.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
OLD='2026-01-01 00:00:00'

# age DIR: every file's mtime well in the past, so that the rows the next
# run writes are not racily clean and later runs take them from the cache.
age() {
	find "$1" -name .notebook-cache -prune -o -type f -exec touch -d "$OLD" {} +
}

# fixture SRC DST: a copy of a fixture notebook, without any cache that
# runs on the source tree left in it.
fixture() {
	rm -rf "$2" && cp -R "$1" "$2" && rm -rf "$2/.notebook-cache"
}

# db DIR: the cache of a plain-directory notebook.
db() {
	printf '%s/.notebook-cache/index.db' "$1"
}

# tamper DB PATH FROM TO: rewrites text inside the cached record of PATH's
# folder (same length) with the checksums made anew, so that output
# showing TO proves the record was used instead of the file.
tamper() {
	python3 "$TEST_DIRECTORY/tools/cache_tamper.py" "$1" "$(dirname "$2")" "$3" "$4" >tamper.out &&
	echo 1 >tamper.exp &&
	test_cmp tamper.exp tamper.out
}

# same_cold_warm DIR ARGS...: the command's stdout, stderr and status are
# the same without the cache, when it fills the cache, and from the cache.
same_cold_warm() {
	dir=$1
	shift
	rm -rf "$dir/.notebook-cache"
	NOTEBOOK_NO_CACHE=1 notebook -C "$dir" "$@" >cold.out 2>cold.err
	echo $? >cold.st
	test ! -e "$dir/.notebook-cache" || return 1
	notebook -C "$dir" "$@" >fill.out 2>fill.err
	echo $? >fill.st
	test -f "$(db "$dir")" || return 1
	notebook -C "$dir" "$@" >warm.out 2>warm.err
	echo $? >warm.st
	for f in out err st; do
		test_cmp cold.$f fill.$f && test_cmp cold.$f warm.$f || return 1
	done
}

for fx in status-basic status-invalid status-escape; do
	test_expect_success "cold and warm agree on $fx (status --json, check, list, agenda)" "
		fixture '$FIX/$fx' $fx && age $fx &&
		same_cold_warm $fx status --all --json --as-of 2026-11-20 &&
		same_cold_warm $fx status --all --as-of 2026-11-20 &&
		same_cold_warm $fx check &&
		same_cold_warm $fx list --json &&
		same_cold_warm $fx agenda --days 30
	"
done

test_expect_success 'cold and warm agree on the example notebook' '
	fixture "$SRC_ROOT/examples/consultancy" ex && age ex &&
	same_cold_warm ex status --all --json --as-of 2026-11-20 &&
	same_cold_warm ex check &&
	same_cold_warm ex show harrow-vale &&
	test -s warm.out
'

test_expect_success 'a warm run takes unchanged files from the cache' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients/acme-corp.md "Acme Corp" "Acme Cxrp" &&
	notebook -C nb list >after &&
	sed "s/Acme Corp/Acme Cxrp/" before >expect &&
	test_cmp expect after &&
	! test_cmp before after
'

test_expect_success 'a touched file is read again (same content, same answer)' '
	touch nb/clients/acme-corp.md &&
	notebook -C nb list >out &&
	test_cmp before out
'

test_expect_success 'a file changed within the same second is read again' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	f=nb/clients/acme-corp.md &&
	sed "s/^name: Acme Corp$/name: Acme One/" $f >tmp && cat tmp >$f &&
	notebook -C nb list >first &&
	sed "s/^name: Acme One$/name: Acme Two/" $f >tmp && cat tmp >$f &&
	notebook -C nb list >second &&
	grep "Acme One" first && grep "Acme Two" second
'

test_expect_success 'a same-size rewrite with the old mtime is read again' '
	age nb && notebook -C nb list >/dev/null &&
	f=nb/clients/acme-corp.md &&
	sed "s/^name: Acme Two$/name: Acme Six/" $f >tmp && cat tmp >$f &&
	touch -d "$OLD" $f &&
	notebook -C nb list >out &&
	grep "Acme Six" out
'

# With the monitor on (NOTEBOOK_TEST_MONITOR=1, t0401) watchman vouches for
# a file not changed since its clock, racily clean or not: no stat rule.
if [ -z "${NOTEBOOK_MONITOR:-}" ]; then
test_expect_success 'racily clean rows are not trusted' '
	fixture "$FIX/status-basic" nb && age nb &&
	touch nb/clients/globex.md &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients/globex.md Globex Glxbex &&
	notebook -C nb list >after &&
	test_cmp before after
'
fi

test_expect_success 'a renamed client is seen under its new name' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >/dev/null &&
	mv nb/clients/zenith.md nb/clients/zenith-two.md &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb list >expect 2>expect.err &&
	notebook -C nb list >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	grep "^zenith-two " out && ! grep "^zenith " out
'

test_expect_success 'a deleted file is gone from the answer and the cache' '
	rm nb/journal/2026/11/2026-11-15-umbrella-call.md &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json --as-of 2026-11-20 >expect &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	test_cmp expect out &&
	sqlite3 "$(db nb)" "SELECT count(*) FROM dirs WHERE instr(data, CAST('\''umbrella-call'\'' AS BLOB))" >n &&
	echo 0 >zero && test_cmp zero n
'

test_expect_success 'a new file is seen' '
	write_file nb/clients/newco.md <<-EOF &&
	---
	name: New Co
	tier: key
	---
	EOF
	notebook -C nb list >out &&
	grep "^newco  *New Co " out
'

# dirs DIR: the folders the cache of a plain-directory notebook holds, with their file counts.
dirs() {
	sqlite3 "$(db "$1")" "SELECT dir, files FROM dirs ORDER BY dir"
}

test_expect_success 'one file changed: its folder is written again, the other files keep their records' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients/acme-corp.md "Acme Corp" "Acme Cxrp" &&
	f=nb/clients/globex.md &&
	sed "s/^name: Globex$/name: Globox/" $f >tmp && cat tmp >$f && touch -d "$OLD" $f &&
	notebook -C nb list >after &&
	sed -e "s/Acme Corp/Acme Cxrp/" -e "s/Globex /Globox /" before >expect &&
	test_cmp expect after &&
	sqlite3 "$(db nb)" "SELECT count(*) FROM dirs WHERE dir = '\''clients'\''
		AND instr(data, CAST('\''Globox'\'' AS BLOB)) AND instr(data, CAST('\''Acme Cxrp'\'' AS BLOB))" >n &&
	echo 1 >one && test_cmp one n &&
	notebook -C nb list >again &&
	test_cmp expect again
'

test_expect_success 'a folder removed: gone from the answer and the cache' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb status --all --json --as-of 2026-11-20 >/dev/null &&
	dirs nb >had &&
	grep "^journal/2026/10|2$" had &&
	rm -r nb/journal/2026/10 &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json --as-of 2026-11-20 >expect &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	test_cmp expect out &&
	# a status that redoes only what a few changed files touch writes no
	# rows (notebook(1), status); a command that reads the whole notebook does
	notebook -C nb list >/dev/null &&
	dirs nb >has &&
	grep -v "^journal/2026/10|" had >want &&
	test_cmp want has
'

test_expect_success 'a folder added: its files are seen and cached' '
	mkdir -p nb/journal/2026/08 &&
	write_file nb/journal/2026/08/2026-08-03-hooli-call.md <<-EOF &&
	---
	client: hooli
	date: 2026-08-03
	kind: call
	---
	Early call.
	EOF
	age nb &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json --as-of 2026-11-20 >expect &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	test_cmp expect out &&
	dirs nb >has &&
	grep "^journal/2026/08|1$" has &&
	tamper "$(db nb)" journal/2026/08/2026-08-03-hooli-call.md "Early call" "Early cxll" &&
	notebook -C nb show hooli >shown &&
	grep "Early cxll" shown
'

test_expect_success 'a file that is no longer readable drops out of its folder, the others stay' '
	f=nb/journal/2026/11/2026-11-18-stark-meeting.md &&
	mv $f stark.keep && mkfifo $f &&
	test_must_fail --status=1 notebook -C nb check 2>err &&
	grep "stark-meeting.md: error: not a regular file; refused" err &&
	dirs nb >has &&
	grep "^journal/2026/11|3$" has &&
	rm $f && mv stark.keep $f && touch -d "$OLD" $f &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json --as-of 2026-11-20 >expect &&
	notebook -C nb status --all --json --as-of 2026-11-20 >out &&
	test_cmp expect out &&
	dirs nb >has &&
	grep "^journal/2026/11|4$" has
'

test_expect_success 'a change to notebook.yaml revalidates every file' '
	fixture "$FIX/status-basic" nb && age nb &&
	notebook -C nb list >before &&
	tamper "$(db nb)" clients/acme-corp.md "Acme Corp" "Acme Cxrp" &&
	printf "# a comment\n" >>nb/notebook.yaml && touch -d "$OLD" nb/notebook.yaml &&
	notebook -C nb list >after &&
	test_cmp before after
'

test_expect_success 'a schema/ extension revalidates every file' '
	notebook -C nb list >/dev/null &&
	tamper "$(db nb)" clients/acme-corp.md "Acme Corp" "Acme Cxrp" &&
	mkdir -p nb/schema &&
	printf "properties:\n  name:\n    maxLength: 5\n" >nb/schema/client.schema.yaml &&
	test_status 1 env NOTEBOOK_NO_CACHE=1 "$NOTEBOOK_BIN" -C nb check >expect 2>&1 &&
	test_status 1 notebook -C nb check >out 2>&1 &&
	test_cmp expect out &&
	! grep Cxrp out
'

test_expect_success 'garbage in place of the cache: rebuilt, same answer' '
	fixture "$FIX/status-basic" nb && age nb &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --as-of 2026-11-20 >expect 2>expect.err &&
	mkdir -p nb/.notebook-cache &&
	head -c 20000 /dev/urandom >"$(db nb)" &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	sqlite3 "$(db nb)" "PRAGMA integrity_check" >ic && echo ok >ok && test_cmp ok ic &&
	notebook -C nb status --all --as-of 2026-11-20 >out &&
	test_cmp expect out
'

test_expect_success 'a SQLite database of another shape: replaced' '
	rm -f "$(db nb)"* &&
	sqlite3 "$(db nb)" "CREATE TABLE files(x); INSERT INTO files VALUES (1); PRAGMA user_version = 7" &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	sqlite3 "$(db nb)" "SELECT files > 0 FROM dirs WHERE dir = '\''clients'\''" >n &&
	echo 1 >one && test_cmp one n
'

test_expect_success 'a cache of another format version: replaced' '
	sqlite3 "$(db nb)" "PRAGMA user_version" >v0 &&
	sqlite3 "$(db nb)" "PRAGMA user_version = 99" &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	sqlite3 "$(db nb)" "PRAGMA user_version" >v && test_cmp v0 v
'

test_expect_success 'a cache that cannot be created is bypassed' '
	rm -rf nb/.notebook-cache && echo not a folder >nb/.notebook-cache &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	rm nb/.notebook-cache && mkdir -p "$(db nb)" &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	rm -rf nb/.notebook-cache
'

if [ "$(id -u)" -ne 0 ]; then
	test_expect_success 'a read-only cache folder is bypassed' '
		notebook -C nb list >/dev/null &&
		chmod a-w nb/.notebook-cache && rm -f "$(db nb)-wal" "$(db nb)-shm" &&
		notebook -C nb status --all --as-of 2026-11-20 >out 2>err;
		st=$?; chmod u+w nb/.notebook-cache;
		test $st -eq 0 && test_cmp expect out && test_cmp expect.err err
	'
fi

test_expect_success 'a locked cache: the run still answers, nothing is written' '
	age nb && notebook -C nb list >/dev/null &&
	printf "# changed\n" >>nb/clients/hooli.md &&
	{ ( sqlite3 "$(db nb)" "BEGIN IMMEDIATE; SELECT 1;" && sleep 3 ) >/dev/null & } &&
	sleep 1 &&
	notebook -C nb status --all --as-of 2026-11-20 >out 2>err &&
	wait &&
	test_cmp expect out && test_cmp expect.err err
'

test_expect_success 'NOTEBOOK_NO_CACHE=1 leaves no cache behind' '
	rm -rf nb/.notebook-cache &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --as-of 2026-11-20 >/dev/null &&
	test ! -e nb/.notebook-cache
'

test_expect_success 'a plain folder: .notebook-cache ignored by git' '
	notebook -C nb list >/dev/null &&
	echo "*" >expect && test_cmp expect nb/.notebook-cache/.gitignore
'

test_expect_success 'in a git repository the cache is under .git and the tree stays clean' '
	fixture "$FIX/status-basic" repo &&
	git -C repo init -q && git -C repo add . && git -C repo commit -q -m init &&
	notebook -C repo status --as-of 2026-11-20 >/dev/null &&
	test -f repo/.git/notebook/index.db && test ! -e repo/.notebook-cache &&
	git -C repo status --porcelain --ignored >st && test_must_be_empty st
'

test_expect_success 'a worktree (.git file) keeps its cache in its own git dir' '
	git -C repo worktree add -q ../wt &&
	notebook -C wt status --as-of 2026-11-20 >/dev/null &&
	test -f repo/.git/worktrees/wt/notebook/index.db && test ! -e wt/.notebook-cache &&
	git -C wt status --porcelain --ignored >st && test_must_be_empty st
'

test_expect_success 'notebook index shows the cache; --rebuild makes it anew' '
	notebook -C repo index >out &&
	size=$(($(stat -c %s repo/.git/notebook/index.db) + $(stat -c %s repo/.git/notebook/index.db-wal 2>/dev/null || echo 0))) &&
	printf "index: repo/.git/notebook/index.db\nfiles: 19\nsize: %s bytes\n" $size >expect &&
	{ test -z "${NOTEBOOK_MONITOR:-}" || echo "monitor: watchman" >>expect; } &&
	test_cmp expect out &&
	notebook -C repo index --rebuild >out &&
	head -n 2 out >top && head -n 2 expect >etop && test_cmp etop top &&
	(cd repo/clients && notebook index) >out &&
	head -n 1 out >top && echo "index: ../.git/notebook/index.db" >etop && test_cmp etop top
'

test_expect_success 'notebook index with the cache off says so' '
	NOTEBOOK_NO_CACHE=1 test_must_fail --status=1 notebook -C repo index >out 2>err &&
	echo "notebook: the cache is off (NOTEBOOK_NO_CACHE is set)" >expect &&
	test_cmp expect err && test_must_be_empty out &&
	test_must_fail --status=2 notebook -C repo index --bogus 2>err
'

test_expect_success 'deleting the cache loses nothing' '
	notebook -C repo status --all --json --as-of 2026-11-20 >before &&
	rm -rf repo/.git/notebook &&
	notebook -C repo status --all --json --as-of 2026-11-20 >after &&
	test_cmp before after
'

test_expect_success 'concurrent runs with edits never corrupt the cache' '
	fixture "$FIX/status-basic" cc && age cc &&
	i=0 &&
	while [ $i -lt 10 ]; do
		notebook -C cc status --all --json --as-of 2026-11-20 >/dev/null 2>&1 &
		notebook -C cc check >/dev/null 2>&1 &
		printf "\nedit %s\n" $i >>cc/clients/acme-corp.md &&
		write_file cc/journal/2026/11/2026-11-1$i-stark-call.md <<-EOF &&
		---
		client: stark
		date: 2026-11-1$i
		kind: call
		---
		Call $i.
		EOF
		i=$((i + 1))
	done &&
	wait &&
	sqlite3 "$(db cc)" "PRAGMA integrity_check" >ic && echo ok >ok && test_cmp ok ic &&
	NOTEBOOK_NO_CACHE=1 notebook -C cc status --all --json --as-of 2026-11-20 >expect 2>expect.err &&
	notebook -C cc status --all --json --as-of 2026-11-20 >out 2>err &&
	test_cmp expect out && test_cmp expect.err err &&
	test_status 0 env NOTEBOOK_NO_CACHE=1 "$NOTEBOOK_BIN" -C cc check >expect 2>&1 &&
	test_status 0 notebook -C cc check >out 2>&1 &&
	test_cmp expect out
'

# A run reads a half-written file and is held just after that read
# (strace); meanwhile the file is finished and another run reads it whole
# and keeps its rows (and, with the monitor, its clock: a status asked
# anew, not a delta of a kept answer); then the held run writes its row of
# the half file. The next runs must not take that row for the file as it
# is (the held run's read of the half file, 18 bytes, is checked).
test_expect_success 'a row of a file read before another run kept its state is not trusted' '
	if ! can_strace; then say "skip: holding a run at a read needs strace"; exit 0; fi &&
	fixture "$FIX/status-basic" late && age late &&
	notebook -C late status --all --json --as-of 2026-11-20 >/dev/null &&
	notebook -C late status --all --json --as-of 2026-11-20 >/dev/null &&
	f=journal/2026/11/2026-11-19-stark-call.md &&
	printf -- "---\nclient: stark\n" >late/$f &&
	{ strace -f -o strace.out -P "$PWD/late/$f" -e trace=read -e inject=read:delay_exit=3s \
		"$NOTEBOOK_BIN" -C late check >/dev/null 2>&1 & } &&
	pid=$! &&
	n=0 &&
	until ls -l /proc/$(cat /proc/$pid/task/*/children 2>/dev/null | tr -d " ")/fd 2>/dev/null |
		grep -q "$f"; do
		n=$((n + 1)) && test $n -lt 1000 && sleep 0.01 || break
	done &&
	sleep 1 &&
	printf -- "---\nclient: stark\ndate: 2026-11-19\nkind: call\n---\nCalled.\n" >late/$f &&
	notebook -C late status --all --json --as-of 2026-11-22 >/dev/null &&
	{ wait $pid || :; } &&
	grep -q "= 18 (DELAYED)" strace.out &&
	NOTEBOOK_NO_CACHE=1 notebook -C late status --all --json --as-of 2026-11-21 >expect &&
	notebook -C late status --all --json --as-of 2026-11-21 >out &&
	test_cmp expect out &&
	test_status 0 env NOTEBOOK_NO_CACHE=1 "$NOTEBOOK_BIN" -C late check >expect 2>&1 &&
	test_status 0 notebook -C late check >out 2>&1 &&
	test_cmp expect out
'

test_expect_success 'read commands change nothing but the cache' '
	fixture "$FIX/status-basic" ro && age ro &&
	(cd ro && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs md5sum) >sum1 &&
	notebook -C ro status >/dev/null && notebook -C ro check >/dev/null &&
	notebook -C ro list >/dev/null && notebook -C ro search acme >/dev/null &&
	(cd ro && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs md5sum) >sum2 &&
	test_cmp sum1 sum2
'

test_done
