#!/bin/sh
# The file-system monitor (notebook index --monitor watchman): turned on and
# off in the repository's own git config; with watchman answering, a warm
# run takes the files it says did not change from the cache without a
# stat; every change is seen by the next status whether watchman was up,
# down, restarted (its clock reset), late or asked with a clock it does not
# know. Each test file runs its own watchman (tests/lib.sh start_watchman).
. "$(dirname "$0")/lib.sh"

start_watchman

FIX=$SRC_ROOT/tests/fixtures
OLD='2026-01-01 00:00:00'
DB=nb/.git/notebook/index.db

# fresh: status --all --json of nb (and its stderr and status) is what a
# run without the cache says.
fresh() {
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json >expect 2>expect.err
	echo $? >expect.st
	notebook -C nb status --all --json >out 2>err
	echo $? >out.st
	test_cmp expect out && test_cmp expect.err err && test_cmp expect.st out.st
}

# monitor_state: the monitor's state kept with the cache ("" when none).
monitor_state() {
	sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'monitor'"
}

# set_clock CLOCK: the clock of the monitor's state made CLOCK.
set_clock() {
	python3 - "$DB" "$1" <<-\EOF
	import json, sqlite3, sys
	db = sqlite3.connect(sys.argv[1])
	state = json.loads(db.execute("SELECT value FROM meta WHERE key = 'monitor'").fetchone()[0])
	state["clock"] = sys.argv[2]
	db.execute("UPDATE meta SET value = ? WHERE key = 'monitor'", (json.dumps(state, separators=(",", ":")),))
	db.commit()
	EOF
}

# edit FILE FROM TO: replaces text in FILE in place (same inode).
edit() {
	sed "s/$2/$3/" "$1" >edit.tmp && cat edit.tmp >"$1" && rm -f edit.tmp
}

test_expect_success 'index --monitor watchman: on in .git/config, the tree untouched' '
	cp -R "$FIX/status-basic" nb &&
	git init -q nb &&
	git -C nb add . && git -C nb commit -q -m start &&
	find nb -path nb/.git -prune -o -type f -exec touch -d "$OLD" {} + &&
	notebook -C nb index --monitor watchman >out &&
	tail -n 1 out >last && echo "monitor: watchman" >expect && test_cmp expect last &&
	test "$(git -C nb config --local notebook.monitor)" = watchman &&
	test_must_be_empty "$(git -C nb status --porcelain)" &&
	test -n "$(monitor_state)" &&
	fresh
'

test_expect_success 'index --monitor none turns it off; another value is a usage error' '
	notebook -C nb index --monitor none >out &&
	! grep "^monitor:" out &&
	test_must_fail git -C nb config --local notebook.monitor &&
	test_must_fail --status=2 notebook -C nb index --monitor inotify 2>err &&
	grep "watchman" err &&
	notebook -C nb index --monitor watchman >/dev/null
'

test_expect_success 'a file the monitor vouches for is not even stat-ed' '
	notebook -C nb status >/dev/null &&
	touch nb/clients/globex.md &&
	# a whole read writes the row of the touched file and the clock of the monitor (a
	# status redoing the clients of a few changed files writes nothing)
	notebook -C nb list >/dev/null &&
	python3 "$TEST_DIRECTORY/tools/cache_tamper.py" "$DB" clients Globex Glxbex >tamper.out &&
	echo 1 >tamper.exp && test_cmp tamper.exp tamper.out &&
	notebook -C nb list >out &&
	grep "^globex  *Glxbex " out &&
	edit nb/clients/globex.md "^name: Globex$" "name: Globex" &&
	notebook -C nb list >out &&
	grep "^globex  *Globex " out
'

test_expect_success 'an edit made while watchman is up is seen' '
	edit nb/clients/acme-corp.md "^name: Acme Corp$" "name: Acme Up" &&
	fresh && grep "Acme Up" out
'

test_expect_success 'a same-size edit with the old mtime put back is seen' '
	notebook -C nb status >/dev/null &&
	edit nb/clients/acme-corp.md "^name: Acme Up$" "name: Acme Ok" &&
	touch -d "$OLD" nb/clients/acme-corp.md &&
	fresh && grep "Acme Ok" out
'

test_expect_success 'a renamed file and a deleted file are seen' '
	notebook -C nb status >/dev/null &&
	mv nb/clients/zenith.md nb/clients/zenith-two.md &&
	rm nb/clients/hooli.md &&
	fresh &&
	grep "\"zenith-two\"" out && ! grep "\"zenith\"" out && ! grep "\"hooli\"" out
'

test_expect_success 'an entry added and one edited in the journal are seen' '
	f=$(find nb/journal -name "*.md" | sort | head -n 1) &&
	cp "$f" "$(dirname "$f")/zz-copy.md" &&
	edit "$f" "^---$" "---" &&
	echo "one more line" >>"$f" &&
	fresh
'

test_expect_success 'an edit made while watchman is down is seen, and after it is back' '
	notebook -C nb status >/dev/null &&
	watchman_down &&
	edit nb/clients/acme-corp.md "^name: Acme Ok$" "name: Acme Dn" &&
	fresh && grep "Acme Dn" out &&
	watchman_up &&
	fresh &&
	edit nb/clients/acme-corp.md "^name: Acme Dn$" "name: Acme Bk" &&
	fresh && grep "Acme Bk" out
'

test_expect_success 'a watchman restart (its clock reset) loses no edit' '
	notebook -C nb status >/dev/null &&
	before=$(monitor_state) &&
	watchman_down &&
	edit nb/clients/acme-corp.md "^name: Acme Bk$" "name: Acme Rs" &&
	touch -d "$OLD" nb/clients/acme-corp.md &&
	watchman_up &&
	fresh && grep "Acme Rs" out &&
	test "$(monitor_state)" != "$before" &&
	edit nb/clients/acme-corp.md "^name: Acme Rs$" "name: Acme R2" &&
	fresh && grep "Acme R2" out
'

test_expect_success 'a late watchman (stopped) is not waited for: the stat walk answers' '
	notebook -C nb status >/dev/null &&
	pid=$(cat "$TRASH/watchman/pid") &&
	kill -STOP "$pid" &&
	edit nb/clients/acme-corp.md "^name: Acme R2$" "name: Acme Lt" &&
	{ fresh; ret=$?; kill -CONT "$pid"; test $ret = 0; } &&
	grep "Acme Lt" out &&
	fresh
'

test_expect_success 'a clock watchman does not know: every file is looked at' '
	notebook -C nb status >/dev/null &&
	set_clock "c:1:1:1:1" &&
	monitor_state | grep "\"clock\":\"c:1:1:1:1\"" &&
	edit nb/clients/acme-corp.md "^name: Acme Lt$" "name: Acme Ck" &&
	fresh && grep "Acme Ck" out
'

test_expect_success 'a notebook in a folder of a larger repository: watched from its top' '
	git init -q outer &&
	cp -R "$FIX/status-basic" outer/sub &&
	git -C outer add . && git -C outer commit -q -m start &&
	find outer/sub -type f -exec touch -d "$OLD" {} + &&
	notebook -C outer/sub index --monitor watchman >/dev/null &&
	test "$(git -C outer config --local notebook.monitor)" = watchman &&
	notebook -C outer/sub list >/dev/null &&
	sqlite3 outer/sub/.notebook-cache/index.db "SELECT value FROM meta WHERE key = \"monitor\"" >state &&
	grep "\"rel\":\"sub\"" state &&
	touch outer/sub/clients/globex.md &&
	notebook -C outer/sub list >/dev/null &&
	python3 "$TEST_DIRECTORY/tools/cache_tamper.py" outer/sub/.notebook-cache/index.db clients Globex Glxbex >tamper.out &&
	echo 1 >tamper.exp && test_cmp tamper.exp tamper.out &&
	notebook -C outer/sub list >out &&
	grep "^globex  *Glxbex " out &&
	edit outer/sub/clients/globex.md "^name: Globex$" "name: Globex Sub" &&
	notebook -C outer/sub list >out &&
	grep "^globex  *Globex Sub " out
'

test_expect_success 'a clone does not take the monitor from the notebook it copies' '
	git -C nb add -A && git -C nb commit -q -m more &&
	git clone -q nb copy &&
	test_must_fail git -C copy config --local notebook.monitor &&
	notebook -C copy index >out &&
	! grep "^monitor:" out
'

test_done
