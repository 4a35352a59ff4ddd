#!/bin/sh
# notebook log: one entry file at its SPEC path, validated, committed alone.
. "$(dirname "$0")/lib.sh"

commit_files() {
	git diff-tree --no-commit-id --name-status -r "$1"
}

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
	test_status 1 notebook log acme -m x 2>../err &&
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

test_done
