#!/bin/sh
# sync's check for hand edits, which takes git's stat data of the index
# for the files' state as git status does: every kind of hand edit stops
# it (a change, a new file, a deleted file, a mode change, a change that
# kept the size and the mtime, a staged change), and what is no edit
# does not (a touched file, an ignored file, a hidden file or an editor
# backup, the index's stat data gone stale). And a sync leaves the cache
# to the next command (README, Sync).
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

OLD='2026-01-01 00:00:00'

# stops REL: sync in a refuses, naming a/REL as an uncommitted change.
stops() {
	test_must_fail --status=1 notebook -C a sync >out 2>err &&
	grep "^notebook: uncommitted change to .a/$1.$" err &&
	test_must_be_empty out
}

# goes: sync in a finds no hand edit.
goes() {
	notebook -C a sync >out 2>err &&
	echo "up to date with origin/main" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
}

test_expect_success 'setup: a notebook, its remote, a clone' '
	notebook init a >/dev/null &&
	echo "timezone: UTC" >>a/notebook.yaml &&
	notebook -C a commit >/dev/null &&
	notebook -C a new "Acme Corp" --tier key >/dev/null &&
	notebook -C a new "Initech" --tier regular >/dev/null &&
	notebook -C a log acme-corp -k call -m "First call." --date 2026-11-02 >/dev/null &&
	two_clones &&
	goes
'

test_expect_success 'a changed file stops sync' '
	echo "One more line." >>a/clients/acme-corp.md &&
	stops clients/acme-corp.md &&
	git -C a checkout -q -- clients/acme-corp.md &&
	goes
'

test_expect_success 'a new file stops sync' '
	cp a/clients/initech.md a/clients/globex.md &&
	sed -i "s/^name: .*/name: Globex/" a/clients/globex.md &&
	stops clients/globex.md &&
	rm a/clients/globex.md &&
	goes
'

test_expect_success 'a deleted file stops sync' '
	rm a/clients/initech.md &&
	stops clients/initech.md &&
	git -C a checkout -q -- clients/initech.md &&
	goes
'

test_expect_success 'a file made executable stops sync' '
	chmod +x a/clients/initech.md &&
	stops clients/initech.md &&
	chmod -x a/clients/initech.md &&
	goes
'

test_expect_success 'a change of the same size with the old mtime stops sync' '
	touch -d "$OLD" a/clients/acme-corp.md &&
	git -C a update-index --refresh >/dev/null &&
	goes &&
	sed -i "s/^tier: key$/tier: kez/" a/clients/acme-corp.md &&
	touch -d "$OLD" a/clients/acme-corp.md &&
	stops clients/acme-corp.md &&
	git -C a checkout -q -- clients/acme-corp.md &&
	goes
'

test_expect_success 'an entry changed in the same second as its commit stops sync' '
	notebook -C a log initech -k call -m "A call." --date 2026-11-04 >/dev/null &&
	f=$(git -C a show --name-only --format= HEAD) &&
	sed -i "s/A call\./A cell./" "a/$f" &&
	stops "$f" &&
	git -C a checkout -q -- "$f" &&
	notebook -C a sync >out &&
	echo "pushed main to origin" >expect &&
	test_cmp expect out &&
	goes
'

test_expect_success 'a staged change stops sync' '
	echo "One more line." >>a/clients/acme-corp.md &&
	git -C a add clients/acme-corp.md &&
	stops clients/acme-corp.md &&
	git -C a reset -q -- clients/acme-corp.md &&
	git -C a checkout -q -- clients/acme-corp.md &&
	goes
'

test_expect_success 'a touched file, stale stat data, an ignored or hidden file, a backup: no edit' '
	touch a/clients/acme-corp.md a/journal/*/*/*.md &&
	goes &&
	echo "*.tmp" >a/.git/info/exclude &&
	echo scratch >a/clients/notes.tmp &&
	echo scratch >a/clients/.acme-corp.md.swp &&
	cp a/clients/acme-corp.md a/clients/acme-corp.md~ &&
	goes &&
	rm a/clients/notes.tmp a/clients/.acme-corp.md.swp a/clients/acme-corp.md~
'

test_expect_success 'a fast-forward leaves the cache to the next command (the timezone set by notebook.yaml)' '
	notebook -C b log initech -k email -m "From b." --date 2026-11-03 >/dev/null &&
	notebook -C b sync >/dev/null &&
	find a/clients a/journal a/notebook.yaml -type f -exec touch -d "$OLD" {} + &&
	(unset TZ && notebook -C a list >before) &&
	python3 "$TEST_DIRECTORY/tools/cache_tamper.py" a/.git/notebook/index.db clients \
		"Acme Corp" "Acme Cxrp" >tamper.out &&
	echo 1 >tamper.exp &&
	test_cmp tamper.exp tamper.out &&
	(unset TZ && notebook -C a sync >out) &&
	grep "^fast-forwarded to origin/main$" out &&
	(unset TZ && notebook -C a list >after) &&
	grep "Acme Cxrp" after
'

test_done
