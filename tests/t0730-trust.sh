#!/bin/sh
# A notebook repository owned by another user (issue #7) is refused by
# every command that opens it through libgit2, as git refuses it, with a
# message naming the work tree and git's safe.directory remedy; nothing is
# written. Read-only commands, which read plain files, still answer.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root to give the repository to another user"
	exit 0
fi
if ! id nobody >/dev/null 2>&1; then
	echo "1..0 # SKIP there is no user 'nobody' to own the repository"
	exit 0
fi

# libgit2 1.5's pcre2 leak under LeakSanitizer, as in t0600.
printf 'leak:libpcre2-8.so\n' >"$TRASH/lsan.supp"
LSAN_OPTIONS="suppressions=$TRASH/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

# snapshot: every path of the notebook and its repository, with owner,
# size and content, but the read commands' cache.
snapshot() {
	(cd "$TRASH/nb" &&
	 find . -printf '%p %u %s %m\n' | sort &&
	 find . -type f -exec sha1sum {} + | sort)
}

test_expect_success 'setup: a notebook whose repository belongs to nobody' '
	git init -q --bare remote.git &&
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb log acme-corp -m "Called." --promise "Send the plan due:2026-11-30" >/dev/null &&
	git -C nb remote add origin ../remote.git &&
	notebook -C nb sync >/dev/null &&
	chown -R nobody nb &&
	snapshot >before
'

test_expect_success 'git itself refuses it' '
	test_status 128 git -C nb status 2>err &&
	grep "dubious ownership" err
'

test_expect_success 'every command that opens the repository refuses it, exit 4' '
	cd nb &&
	echo "notebook: refusing the repository in '"'"'$TRASH/nb'"'"': it belongs to another user; if you trust it, run '"'"'git config --global --add safe.directory $TRASH/nb'"'"'" >../expect &&
	printf "#!/bin/sh\necho ran >%s/editor-ran\n" "$TRASH" >../ed.sh && chmod +x ../ed.sh &&
	for cmd in "log acme-corp -m Hi" "new Globex" "done acme-corp Send" "snooze acme-corp 2w" \
		   "edit acme-corp" "commit" "check --staged" "hook install" "sync"; do
		EDITOR=../ed.sh test_status 4 "$NOTEBOOK_BIN" $cmd >../out 2>../err || return 1
		test_must_be_empty ../out || return 1
		test_cmp ../expect ../err || { echo "from: $cmd"; return 1; }
	done &&
	! test -e ../editor-ran &&
	cd .. && snapshot >after && test_cmp before after &&
	git -C remote.git log --format=%s >log && test "$(wc -l <log)" = 3
'

test_expect_success 'read commands read the plain files and answer, writing no cache' '
	cd nb &&
	notebook check &&
	notebook status --all >../out &&
	grep "acme-corp" ../out &&
	notebook show acme-corp >/dev/null &&
	notebook search acme >../out &&
	grep "acme-corp" ../out &&
	cd .. && snapshot >after && test_cmp before after
'

test_expect_success 'with safe.directory set by the user, it is used again' '
	git config --global --add safe.directory "$TRASH/nb" &&
	cd nb &&
	notebook log acme-corp -m "Trusted now." >../out &&
	echo "log: acme-corp call 2026-11-20" >../expect &&
	head -n 1 ../out >../first && test_cmp ../expect ../first &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_done
