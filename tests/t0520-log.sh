#!/bin/sh
# notebook log: one entry file at its path (notebook-format(5)), validated, committed alone.
. "$(dirname "$0")/lib.sh"

# sync goes through libgit2, whose regex library keeps its match data (see t0600)
lsan_suppress libpcre2-8.so

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb new "Globex" >/dev/null &&
	printf "#!/bin/sh\nprintf \"Talked about the plan.\\\\n\" >>\"\$1\"\n" >ed-note.sh &&
	printf "#!/bin/sh\nexit 0\n" >ed-empty.sh &&
	printf "#!/bin/sh\ntouch \"%s/marker\"\nexit 1\n" "$TRASH" >ed-marker.sh &&
	chmod +x ed-note.sh ed-empty.sh ed-marker.sh
'

test_expect_success 'log writes the entry and commits that file alone' '
	cd nb &&
	notebook log acme-corp -m "Jane felt unheard." --mood frustrated --satisfaction 3 \
		--trust repairing --promise "Send revised timeline due:2026-11-30" >../out &&
	printf "%s\n" "log: acme-corp call 2026-11-20" journal/2026/11/2026-11-20-acme-corp-call.md >../expect &&
	test_cmp ../expect ../out &&
	cat >../expect <<-\EOT &&
	---
	client: acme-corp
	date: 2026-11-20
	kind: call
	by: A Tester
	mood: frustrated
	satisfaction: 3
	trust: repairing
	---
	Jane felt unheard.

	- [ ] Send revised timeline due:2026-11-30
	EOT
	test_cmp ../expect journal/2026/11/2026-11-20-acme-corp-call.md &&
	git log -1 --format="%s|%an <%ae>" >../msg &&
	echo "log: acme-corp call 2026-11-20|A Tester <tester@example.com>" >../expect &&
	test_cmp ../expect ../msg &&
	commit_files HEAD >../files &&
	printf "A\tjournal/2026/11/2026-11-20-acme-corp-call.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	notebook check &&
	git fsck --strict
'

test_expect_success 'a taken name gets -2, then -3' '
	cd nb &&
	notebook log acme-corp -m "Again." >../out &&
	tail -n 1 ../out >../path &&
	echo journal/2026/11/2026-11-20-acme-corp-call-2.md >../expect &&
	test_cmp ../expect ../path &&
	notebook log acme-corp -m "Once more." >/dev/null &&
	test -f journal/2026/11/2026-11-20-acme-corp-call-3.md &&
	test "$(git log -1 --format=%s)" = "log: acme-corp call 2026-11-20"
'

test_expect_success 'kind, date and several clients' '
	cd nb &&
	notebook log acme-corp globex -k meeting --date 2026-10-03 -m "Joint review." >../out &&
	test "$(head -n 1 ../out)" = "log: acme-corp, globex meeting 2026-10-03" &&
	f=journal/2026/10/2026-10-03-acme-corp-meeting.md &&
	grep -x "clients: \[acme-corp, globex\]" $f &&
	grep -x "date: 2026-10-03" $f &&
	grep -x "kind: meeting" $f &&
	notebook log globex -k thanks --date 2026-09-30T23:30:00-02:00 -m "Thank-you card." >/dev/null &&
	grep -x "date: 2026-09-30T23:30:00-02:00" journal/2026/10/2026-10-01-globex-thanks.md &&
	notebook check
'

test_expect_success 'unknown client: an error with a did-you-mean, nothing written' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_status 1 notebook log acme-crop -m x 2>../err &&
	echo "notebook: no client '"'"'acme-crop'"'"' (did you mean '"'"'acme-corp'"'"'?)" >../expect &&
	test_cmp ../expect ../err &&
	test_status 1 notebook log acme-corpo -m x 2>../err &&
	grep "did you mean .acme-corp." ../err &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'bad options are usage errors' '
	cd nb &&
	test_status 2 notebook log acme-corp -k cal -m x 2>../err &&
	grep "did you mean .call." ../err &&
	test_status 2 notebook log acme-corp --satisfaction 6 -m x &&
	test_status 2 notebook log acme-corp --trust shaky -m x &&
	test_status 2 notebook log acme-corp --date 2026-02-30 -m x &&
	test_status 2 notebook log -m x &&
	test_status 2 notebook log acme-corp acme-corp -m x
'

test_expect_success 'a promise with an impossible due date fails validation, nothing written' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_must_fail notebook log globex -m x --promise "Call back due:2026-02-30" 2>../err &&
	grep "journal/2026/11/2026-11-20-globex-call.md:" ../err &&
	! test -e journal/2026/11/2026-11-20-globex-call.md &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'without -m the editor writes the note' '
	cd nb &&
	EDITOR="$TRASH/ed-note.sh" notebook log globex -k email >/dev/null &&
	cat >../expect <<-\EOT &&
	---
	client: globex
	date: 2026-11-20
	kind: email
	by: A Tester
	---

	Talked about the plan.
	EOT
	test_cmp ../expect journal/2026/11/2026-11-20-globex-email.md &&
	test "$(git log -1 --format=%s)" = "log: globex email 2026-11-20"
'

test_expect_success 'an empty note aborts cleanly' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_status 1 env EDITOR="$TRASH/ed-empty.sh" "$NOTEBOOK_BIN" log globex -k note 2>../err &&
	grep "aborting: the note is empty" ../err &&
	! test -e journal/2026/11/2026-11-20-globex-note.md &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'VISUAL wins over EDITOR; a failing editor aborts' '
	cd nb &&
	rm -f ../marker &&
	VISUAL="$TRASH/ed-note.sh" EDITOR="$TRASH/ed-marker.sh" notebook log globex -k message >/dev/null &&
	! test -e ../marker &&
	test_status 1 env EDITOR="$TRASH/ed-marker.sh" "$NOTEBOOK_BIN" log globex -k feedback 2>../err &&
	test -e ../marker &&
	grep "exited with status 1" ../err &&
	! test -e journal/2026/11/2026-11-20-globex-feedback.md
'

test_expect_success 'the editor comes from the user git config, never the repository' '
	cd nb &&
	rm -f ../marker &&
	git config core.editor "$TRASH/ed-marker.sh" &&
	git config --global core.editor "$TRASH/ed-note.sh" &&
	notebook log globex -k apology >/dev/null &&
	! test -e ../marker &&
	grep -x "Talked about the plan." journal/2026/11/2026-11-20-globex-apology.md &&
	git config --global --unset core.editor &&
	git config --unset core.editor
'

test_expect_success 'the commit holds the entry only; the user keeps their staged changes' '
	cd nb &&
	echo "More notes." >>clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	echo "# mine" >>notebook.yaml &&
	notebook log globex -k check-in -m "Checked in." >/dev/null &&
	commit_files HEAD >../files &&
	printf "A\tjournal/2026/11/2026-11-20-globex-check-in.md\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	printf "M  clients/acme-corp.md\n M notebook.yaml\n" >../expect &&
	test_cmp ../expect ../st &&
	git fsck --strict &&
	git reset -q --hard
'

test_expect_success 'a detached HEAD is refused before anything is written' '
	cd nb &&
	git checkout -q --detach &&
	test_status 4 notebook log globex -k note -m x 2>../err &&
	grep "HEAD is detached" ../err &&
	! test -e journal/2026/11/2026-11-20-globex-note.md &&
	git checkout -q main
'

test_expect_success 'without an identity: says how to set one, nothing written' '
	cd nb &&
	mkdir -p ../noid &&
	test_status 4 env HOME="$TRASH/noid" XDG_CONFIG_HOME="$TRASH/noid" \
		GIT_CONFIG_GLOBAL="$TRASH/noid/.gitconfig" "$NOTEBOOK_BIN" log globex -k note -m x 2>../err &&
	grep "git config --global user.name" ../err &&
	! test -e journal/2026/11/2026-11-20-globex-note.md &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'an index lock is waited on, then reported and kept; commit picks the entry up' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	touch .git/index.lock &&
	test_status 4 notebook log globex -k note -m "Locked out." 2>../err &&
	grep "cannot lock .*/.git/index.lock" ../err &&
	test -e .git/index.lock &&
	test "$(git rev-parse HEAD)" = "$head" &&
	rm .git/index.lock &&
	git status --porcelain >../st &&
	echo "?? journal/2026/11/2026-11-20-globex-note.md" >../expect &&
	test_cmp ../expect ../st &&
	notebook commit >/dev/null &&
	commit_files HEAD >../files &&
	printf "A\tjournal/2026/11/2026-11-20-globex-note.md\n" >../expect &&
	test_cmp ../expect ../files
'

test_expect_success 'a branch lock is waited on, then reported and kept' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	touch .git/refs/heads/main.lock &&
	test_status 4 notebook log globex -k feedback -m "Locked." 2>../err &&
	grep "cannot lock .*/.git/refs/heads/main.lock" ../err &&
	test -e .git/refs/heads/main.lock &&
	rm .git/refs/heads/main.lock &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git fsck --strict
'

test_expect_success 'an unborn branch: the first commit holds the entry alone' '
	git init -q unborn &&
	make_notebook unborn &&
	printf -- "---\nname: Initech\n---\n" >unborn/clients/initech.md &&
	notebook -C unborn log initech -m "First." >/dev/null &&
	git -C unborn ls-tree -r --name-only HEAD >files &&
	echo journal/2026/11/2026-11-20-initech-call.md >expect &&
	test_cmp expect files &&
	test "$(git -C unborn rev-list --count HEAD)" = 1 &&
	git -C unborn fsck --strict
'

test_expect_success 'a notebook inside a subdirectory of a work tree' '
	git init -q outer &&
	echo x >outer/README && git -C outer add README && git -C outer commit -q -m readme &&
	mkdir outer/notes &&
	make_notebook outer/notes &&
	printf -- "---\nname: Initech\n---\n" >outer/notes/clients/initech.md &&
	(cd outer/notes && notebook log initech -m "Nested.") >out &&
	git -C outer show --name-only --format= HEAD >files &&
	echo notes/journal/2026/11/2026-11-20-initech-call.md >expect &&
	test_cmp expect files &&
	git -C outer fsck --strict
'

test_expect_success 'outside a git work tree log refuses' '
	make_notebook plaindir &&
	printf -- "---\nname: Initech\n---\n" >plaindir/clients/initech.md &&
	test_status 4 notebook -C plaindir log initech -m x 2>err &&
	grep "not in a git work tree" err
'

# The editor scripts of the tests below: ed-lunch.sh makes the kind
# invalid and types a note; ed-fix.sh does that the first time and mends
# the kind to meeting the second; ed-cq.sh quits with an error as vim's :cq
# does; ed-die.sh types a note, then fails.
test_expect_success 'setup: editors that make mistakes' '
	cat >ed-lunch.sh <<-\EOT &&
	#!/bin/sh
	sed -i "s/^kind: call/kind: lunch/" "$1"
	echo "Discussed the budget over lunch." >>"$1"
	EOT
	cat >ed-fix.sh <<-\EOT &&
	#!/bin/sh
	if grep -q "^kind: lunch" "$1"; then
		sed -i "s/^kind: lunch/kind: meeting/" "$1"
	else
		sed -i "s/^kind: call/kind: lunch/" "$1"
		echo "Discussed the budget over lunch." >>"$1"
	fi
	EOT
	cat >ed-lunch-then-cq.sh <<-\EOT &&
	#!/bin/sh
	if grep -q "^kind: lunch" "$1"; then exit 1; fi
	sed -i "s/^kind: call/kind: lunch/" "$1"
	echo "Discussed the budget over lunch." >>"$1"
	EOT
	cat >ed-die.sh <<-\EOT &&
	#!/bin/sh
	echo "Typed, then the editor crashed." >>"$1"
	exit 3
	EOT
	chmod +x ed-*.sh &&
	notebook -C nb commit >/dev/null &&
	cat >entry-lunch <<-\EOT
	---
	client: acme-corp
	date: 2026-11-20
	kind: lunch
	by: A Tester
	---

	Discussed the budget over lunch.
	EOT
'

test_expect_success 'an invalid entry from the editor, no terminal: said for the file it would be, and kept' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	test_status 1 env EDITOR="$TRASH/ed-lunch.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null >../out 2>../err &&
	test_must_be_empty ../out &&
	gitdir=$(cd .git && pwd) &&
	cat >../expect <<-EOT &&
	journal/2026/11/2026-11-20-acme-corp-call-4.md:4:7: error: '"'"'kind'"'"' must be one of call, meeting, email, message, thanks, apology, check-in, feedback, note, not '"'"'lunch'"'"'
	notebook: journal/2026/11/2026-11-20-acme-corp-call-4.md has errors; it is not saved yet
	notebook: no terminal to ask on whether to edit again
	notebook: nothing is logged; the entry is kept in '"'"'$gitdir/notebook/recovered/2026-11-20-acme-corp-call-4.md'"'"': fix it, move it to '"'"'journal/2026/11/2026-11-20-acme-corp-call-4.md'"'"' and run '"'"'notebook commit'"'"'
	EOT
	test_cmp ../expect ../err &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4.md &&
	! test -e journal/2026/11/2026-11-20-acme-corp-call-4.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	test_status 1 env EDITOR="$TRASH/ed-lunch.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null 2>../err &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4-2.md &&
	grep "kept in .*/recovered/2026-11-20-acme-corp-call-4-2.md" ../err
'

test_expect_success 'on a terminal: edit again, and the mended entry is logged under its kind' '
	cd nb &&
	EDITOR="$TRASH/ed-fix.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" ../tty "(e)dit again" e -- \
		"$NOTEBOOK_BIN" log acme-corp &&
	tr -d "\r" <../tty >../shown &&
	cat >../expect <<-\EOT &&
	journal/2026/11/2026-11-20-acme-corp-call-4.md:4:7: error: '"'"'kind'"'"' must be one of call, meeting, email, message, thanks, apology, check-in, feedback, note, not '"'"'lunch'"'"'
	notebook: journal/2026/11/2026-11-20-acme-corp-call-4.md has errors; it is not saved yet
	(e)dit again, (q)uit without saving? e
	log: acme-corp meeting 2026-11-20
	journal/2026/11/2026-11-20-acme-corp-meeting.md
	EOT
	test_cmp ../expect ../shown &&
	sed "s/^kind: lunch/kind: meeting/" ../entry-lunch >../expect &&
	test_cmp ../expect journal/2026/11/2026-11-20-acme-corp-meeting.md &&
	git show --name-status --format=%s HEAD >../shown &&
	printf "log: acme-corp meeting 2026-11-20\n\nA\tjournal/2026/11/2026-11-20-acme-corp-meeting.md\n" >../expect &&
	test_cmp ../expect ../shown &&
	git fsck --strict
'

test_expect_success 'on a terminal: quit, or ^C at the question, keeps the entry' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	head=$(git rev-parse HEAD) &&
	test_status 1 env EDITOR="$TRASH/ed-lunch.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" ../tty \
		"(e)dit again" q -- "$NOTEBOOK_BIN" log acme-corp &&
	grep "(e)dit again, (q)uit without saving? q" ../tty &&
	grep "kept in .*/recovered/2026-11-20-acme-corp-call-4.md" ../tty &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4.md &&
	test_status 1 env EDITOR="$TRASH/ed-lunch.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" ../tty \
		"(e)dit again" "$(printf "\003")" -- "$NOTEBOOK_BIN" log acme-corp &&
	grep "kept in .*/recovered/2026-11-20-acme-corp-call-4-2.md" ../tty &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4-2.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'an editor that fails after an edit again still leaves the entry kept' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	test_status 1 env EDITOR="$TRASH/ed-lunch-then-cq.sh" python3 "$TEST_DIRECTORY/tools/on_tty.py" \
		../tty "(e)dit again" e -- "$NOTEBOOK_BIN" log acme-corp &&
	grep "the editor .*exited with status 1" ../tty &&
	grep "kept in .*/recovered/2026-11-20-acme-corp-call-4.md" ../tty &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4.md
'

test_expect_success 'an editor that fails after typing: its file is kept and named' '
	cd nb &&
	mkdir -p ../tmp &&
	test_status 1 env TMPDIR="$TRASH/tmp" EDITOR="$TRASH/ed-die.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null 2>../err &&
	kept=$(ls ../tmp/notebook-*-entry.md) &&
	grep -x "Typed, then the editor crashed." $kept &&
	grep -F "notebook: what the editor wrote is kept in '"'"'$TRASH/tmp/${kept##*/}'"'"'" ../err &&
	grep "exited with status 3" ../err &&
	rm -r ../tmp &&
	mkdir ../tmp &&
	printf "#!/bin/sh\nexit 1\n" >../ed-cq.sh && chmod +x ../ed-cq.sh &&
	test_status 1 env TMPDIR="$TRASH/tmp" EDITOR="$TRASH/ed-cq.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null 2>../err &&
	ls ../tmp >../left && test_must_be_empty ../left &&
	! grep kept ../err
'

test_expect_success 'an entry from the editor that cannot be written is kept' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	mkdir -p journal/2027 && echo x >journal/2027/01 &&
	test_status 6 env EDITOR="$TRASH/ed-note.sh" "$NOTEBOOK_BIN" log acme-corp --date 2027-01-05 </dev/null 2>../err &&
	grep "kept in .*/recovered/2027-01-05-acme-corp-call.md" ../err &&
	grep -x "Talked about the plan." .git/notebook/recovered/2027-01-05-acme-corp-call.md &&
	rm -r journal/2027
'

test_expect_success 'in a linked work tree the entry is kept in the main git directory, which outlives it' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	git worktree add -q ../linked -b linked &&
	(cd ../linked && test_status 1 env EDITOR="$TRASH/ed-lunch.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null 2>../err) &&
	gitdir=$(cd .git && pwd) &&
	grep -F "kept in '"'"'$gitdir/notebook/recovered/2026-11-20-acme-corp-call-4.md'"'"'" ../err &&
	git worktree remove ../linked &&
	git branch -q -D linked &&
	test_cmp ../entry-lunch .git/notebook/recovered/2026-11-20-acme-corp-call-4.md &&
	git fsck --strict
'

test_expect_success 'a note typed below a front matter whose end was deleted is kept, not taken for empty' '
	cd nb &&
	rm -rf .git/notebook/recovered &&
	printf "#!/bin/sh\nsed -i \"1!{/^---\\\$/d}\" \"\$1\"\necho \"A note worth keeping.\" >>\"\$1\"\n" >../ed-noclose.sh &&
	chmod +x ../ed-noclose.sh &&
	test_status 1 env EDITOR="$TRASH/ed-noclose.sh" "$NOTEBOOK_BIN" log acme-corp </dev/null 2>../err &&
	head -n 1 ../err >../first &&
	echo "journal/2026/11/2026-11-20-acme-corp-call-4.md:1:1: error: front matter opened here is never closed with '"'"'---'"'"'" >../expect &&
	test_cmp ../expect ../first &&
	! grep "the note is empty" ../err &&
	grep -x "A note worth keeping." .git/notebook/recovered/2026-11-20-acme-corp-call-4.md
'

test_expect_success 'an empty -m is refused like an empty note' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	for m in "" "   " "
	"; do
		test_status 2 notebook log globex -k thanks -m "$m" 2>../err &&
		head -n 1 ../err >../first &&
		echo "notebook: the note is empty: write it after -m, or leave -m out to write it in the editor" >../expect &&
		test_cmp ../expect ../first || return 1
	done &&
	test_status 2 notebook log globex -k thanks -m "" -m " " --promise "Send it due:2026-12-01" &&
	! test -e journal/2026/11/2026-11-20-globex-thanks.md &&
	test "$(git rev-parse HEAD)" = "$head" &&
	notebook log globex -k thanks -m "" -m "Sent a card." -m " " >/dev/null &&
	tail -n 1 journal/2026/11/2026-11-20-globex-thanks.md >../last &&
	echo "Sent a card." >../expect &&
	test_cmp ../expect ../last
'

test_expect_success 'a bad promise date names the file being written, not a committed one' '
	cd nb &&
	test -e journal/2026/11/2026-11-20-acme-corp-call-3.md &&
	test_status 1 notebook log acme-corp -m "Again." --promise "Call back due:2026-02-30" 2>../err &&
	echo "journal/2026/11/2026-11-20-acme-corp-call-4.md:9:17: error: '"'"'2026-02-30'"'"' is not a date (YYYY-MM-DD)" >../expect &&
	test_cmp ../expect ../err &&
	! test -e journal/2026/11/2026-11-20-acme-corp-call-4.md
'

test_expect_success '--with fills the entry'"'"'s with: list' '
	cd nb &&
	notebook log acme-corp -k meeting --with "Jane Roe" --with "  Roe, Jane " --with "Zoë Ñúñez" \
		--with "#1 fan" -m "Workshop." >../out &&
	test "$(tail -n 1 ../out)" = journal/2026/11/2026-11-20-acme-corp-meeting-2.md &&
	grep -x "with: \[Jane Roe, \"Roe, Jane\", Zoë Ñúñez, \"#1 fan\"\]" journal/2026/11/2026-11-20-acme-corp-meeting-2.md &&
	notebook check &&
	test_status 2 notebook log acme-corp --with "Jane" --with "Jane" -m x 2>../err &&
	grep "'"'"'Jane'"'"' is named twice in --with" ../err &&
	test_status 2 notebook log acme-corp --with "  " -m x 2>../err &&
	grep "with takes one person" ../err &&
	git fsck --strict
'

test_expect_success 'a future-dated entry is written with a warning' '
	cd nb &&
	notebook log globex -k meeting --date 2026-12-03 -m "Planned workshop." >../out 2>../err &&
	echo "journal/2026/12/2026-12-03-globex-meeting.md:3:7: warning: '"'"'2026-12-03'"'"' is after today (2026-11-20): the entry is written, and counts from that day on" >../expect &&
	test_cmp ../expect ../err &&
	printf "log: globex meeting 2026-12-03\njournal/2026/12/2026-12-03-globex-meeting.md\n" >../expect &&
	test_cmp ../expect ../out &&
	notebook log globex -k note --date 2026-11-20T23:59:00Z -m "Late today." >/dev/null 2>../err &&
	test_must_be_empty ../err &&
	git fsck --strict
'

test_expect_success 'a promise without due: is an open promise without a date, never overdue' '
	cd nb &&
	notebook new "Initech" >/dev/null &&
	notebook log initech -m "Kick-off." --promise "Send the deck" >/dev/null &&
	grep -x -- "- \[ \] Send the deck" journal/2026/11/2026-11-20-initech-call.md &&
	NOTEBOOK_NOW=2027-06-01 notebook show initech >../show &&
	grep "^  -  *Send the deck  *journal/2026/11/2026-11-20-initech-call.md:9$" ../show &&
	! grep overdue ../show &&
	NOTEBOOK_NOW=2027-06-01 notebook status --all --json >../st.json &&
	! grep "Send the deck" ../st.json &&
	notebook done initech "send the deck" >/dev/null &&
	grep -x -- "- \[x\] Send the deck done:2026-11-20" journal/2026/11/2026-11-20-initech-call.md
'

test_expect_success 'a due date the notebook would not read is refused' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	for p in "Send it Due:2026-12-01" "Send it due: 2026-12-01" "Send it due 2026-12-01" "Send it DUE:2026-12-01"; do
		test_status 2 notebook log initech -m x --promise "$p" 2>../err &&
		head -n 1 ../err >../first &&
		echo "notebook: in the promise '"'"'$p'"'"', write the date as '"'"'due:YYYY-MM-DD'"'"' (lowercase, no space), or leave it out for a promise without a date" >../expect &&
		test_cmp ../expect ../first || return 1
	done &&
	test "$(git rev-parse HEAD)" = "$head" &&
	notebook log initech -k note -m x --promise "Pay the dues 30 days after delivery" >/dev/null
'

test_expect_success 'two people log the same note the same day: both entries survive a sync' '
	git init -q --bare team.git &&
	notebook init ta >/dev/null &&
	notebook -C ta new "Acme Corp" >/dev/null &&
	git -C ta remote add origin ../team.git &&
	notebook -C ta sync >/dev/null &&
	git clone -q team.git tb &&
	git -C ta config user.name "Zoë Ána" &&
	git -C tb config user.name "Ben Okafor" &&
	notebook -C ta log acme-corp -m "Weekly call." >outa &&
	notebook -C tb log acme-corp -m "Weekly call." >outb &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	echo "ta/$f" >expect &&
	tail -1 outa >got && test_cmp expect got &&
	echo "tb/$f" >expect &&
	tail -1 outb >got && test_cmp expect got &&
	notebook -C ta sync >/dev/null &&
	notebook -C tb sync >/dev/null &&
	notebook -C ta sync >/dev/null &&
	for c in ta tb; do
		git -C $c ls-files journal/2026 >got.$c &&
		test "$(wc -l <got.$c)" = 2 &&
		cat $(sed "s|^|$c/|" got.$c) >all.$c &&
		grep -c -x "by: \"Zoë Ána\"\\|by: Zoë Ána" all.$c >n &&
		echo 1 >one && test_cmp one n &&
		grep -c -x "by: Ben Okafor" all.$c >n && test_cmp one n &&
		grep -c -x "Weekly call." all.$c >n && echo 2 >two && test_cmp two n &&
		notebook -C $c check >check.out &&
		git -C $c fsck --strict || return 1
	done &&
	test_cmp got.ta got.tb &&
	test "$(git -C ta rev-parse HEAD)" = "$(git -C tb rev-parse HEAD)" &&
	git -C team.git fsck --strict
'

test_done
