#!/bin/sh
# The hostile notebook (issue #7): files crafted to attack the tool. Links
# out of the notebook are refused and never written through, names and
# notes carrying terminal control sequences are printed escaped, and a
# client named like a path stays a name. Each case checks the exact exit
# status and diagnostic, and that nothing outside the notebook changed.
. "$(dirname "$0")/lib.sh"

# The guard against a hang: generous, and more so under valgrind.
T=10
[ -n "${NOTEBOOK_SLOW:-}" ] && T=300

# no_raw_controls FILE: no C0 control byte but LF and TAB, no DEL, no C1
# control (U+0080..U+009F in UTF-8), and the whole is valid UTF-8.
no_raw_controls() {
	if LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1" >"$1.bad"; then
		echo "raw control bytes in $1:" >&2
		od -c "$1.bad" | head -n 20 >&2
		return 1
	fi
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null
}

# snapshot DIR: a listing of every file under DIR with its inode, size,
# mode, link count and checksum, to compare before and after.
snapshot() {
	find "$1" -printf '%p %i %s %m %n %y\n' | sort &&
	find "$1" -type f -exec sha1sum {} + | sort
}

entry() {
	printf -- '---\nclient: %s\ndate: %s\nkind: call\n---\n' "$1" "$2"
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb new "Globex" >/dev/null &&
	mkdir outside &&
	printf "%s\n" "---" "name: Outside" "---" "- [ ] Outside promise" >outside/secret.md &&
	mkfifo outside/fifo.md &&
	snapshot outside >outside.before
'

test_expect_success 'a client file symlinked out of the notebook is refused, not read' '
	cd nb &&
	ln -s "$TRASH/outside/secret.md" clients/evil.md &&
	ln -s "$TRASH/outside/fifo.md" clients/pipe.md &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" check >../out 2>../err &&
	test_must_be_empty ../out &&
	cat >../expect <<-\EOF &&
	clients/evil.md: error: symbolic link leads out of the notebook; refused
	clients/pipe.md: error: symbolic link leads out of the notebook; refused
	EOF
	test_cmp ../expect ../err &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" show evil >../out 2>../err &&
	tail -n 1 ../err >../last &&
	echo "notebook: no client '"'"'evil'"'"'; see '"'"'notebook list'"'"'" >../expect &&
	test_cmp ../expect ../last &&
	test_status 0 timeout $T "$NOTEBOOK_BIN" status >../out 2>../err &&
	grep -c "leads out of the notebook" ../err >../n && echo 2 >../expect && test_cmp ../expect ../n
'

test_expect_success 'writing commands refuse a client whose file is a symlink out; the target is unchanged' '
	cd nb &&
	head=$(git rev-parse HEAD) &&
	for cmd in "log evil -m Hi" "log pipe -m Hi" "snooze evil 2w" "snooze pipe 2w" \
		   "done evil Outside" "done pipe Outside" "edit evil" "edit pipe"; do
		EDITOR=true test_status 1 timeout $T "$NOTEBOOK_BIN" $cmd 2>../err || return 1
		grep -x "notebook: '"'"'$TRASH/nb/clients/[a-z]*\.md'"'"' is a symlink, not a regular file" ../err ||
			{ cat ../err; return 1; }
	done &&
	test "$(git rev-parse HEAD)" = "$head" &&
	rm clients/evil.md clients/pipe.md &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	cd .. && snapshot outside >outside.after && test_cmp outside.before outside.after
'

test_expect_success 'a notebook folder symlinked out is refused and never written into' '
	cd nb &&
	mkdir -p journal/2026 &&
	ln -s "$TRASH/outside" journal/2026/11 &&
	test_status 6 "$NOTEBOOK_BIN" log acme-corp -m "Hi." 2>../err &&
	echo "notebook: '"'"'$TRASH/nb/journal/2026/11'"'"' is a symlink; notebook directories must be real directories" >../expect &&
	test_cmp ../expect ../err &&
	test_status 1 "$NOTEBOOK_BIN" check 2>../err &&
	echo "journal/2026/11: error: is a symbolic link; refused (a notebook'"'"'s folders must be real)" >../expect &&
	test_cmp ../expect ../err &&
	rm journal/2026/11 &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	cd .. && snapshot outside >outside.after && test_cmp outside.before outside.after
'

test_expect_success 'notebook.yaml symlinked out is refused' '
	cd nb &&
	mv notebook.yaml ../nb.yaml.real &&
	cp ../nb.yaml.real ../outside/nb.yaml &&
	ln -s "$TRASH/outside/nb.yaml" notebook.yaml &&
	test_status 1 "$NOTEBOOK_BIN" check 2>../err &&
	echo "notebook.yaml: error: is a symbolic link; refused" >../expect &&
	test_cmp ../expect ../err &&
	test_status 3 "$NOTEBOOK_BIN" log acme-corp -m "Hi." 2>../err &&
	echo "notebook: '"'"'$TRASH/nb/notebook.yaml'"'"' is a symlink; notebook files must be regular files" >../expect &&
	test_cmp ../expect ../err &&
	rm notebook.yaml && mv ../nb.yaml.real notebook.yaml && rm ../outside/nb.yaml &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'a client file hard-linked from outside: writes replace it, the outside file is untouched' '
	cd nb &&
	ln -f clients/acme-corp.md ../outside/hard.md &&
	printf "\n- [ ] Send the plan due:2026-11-30\n" >>clients/acme-corp.md &&
	git commit -q -m "a promise" clients/acme-corp.md &&
	cp ../outside/hard.md ../hard.copy &&
	ino=$(stat -c %i ../outside/hard.md) &&
	test "$(stat -c %h ../outside/hard.md)" = 2 &&
	notebook snooze acme-corp 2w >/dev/null &&
	test "$(stat -c %i ../outside/hard.md)" = "$ino" &&
	test "$(stat -c %h ../outside/hard.md)" = 1 &&
	test_cmp ../hard.copy ../outside/hard.md &&
	grep -x "snooze: 2026-12-04" clients/acme-corp.md &&
	ln -f clients/acme-corp.md ../outside/hard.md && cp ../outside/hard.md ../hard.copy &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	test_cmp ../hard.copy ../outside/hard.md &&
	grep -x -- "- \[x\] Send the plan due:2026-11-30 done:2026-11-20" clients/acme-corp.md &&
	ln -f clients/acme-corp.md ../outside/hard.md && cp ../outside/hard.md ../hard.copy &&
	printf "#!/bin/sh\nsed -i s/tier:.regular/tier:\\\\ key/ \"\$1\"\n" >../ed-key.sh && chmod +x ../ed-key.sh &&
	EDITOR=../ed-key.sh notebook edit acme-corp >/dev/null &&
	grep -x "tier: key" clients/acme-corp.md &&
	test_cmp ../hard.copy ../outside/hard.md &&
	rm ../outside/hard.md ../hard.copy &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'an entry naming ../../etc/passwd as its client: a clear error, never a path' '
	cd nb &&
	mkdir -p journal/2026/11 &&
	entry ../../etc/passwd 2026-11-19 >journal/2026/11/2026-11-19-acme-corp-call.md &&
	echo "Note." >>journal/2026/11/2026-11-19-acme-corp-call.md &&
	test_status 1 "$NOTEBOOK_BIN" check 2>../err &&
	echo "journal/2026/11/2026-11-19-acme-corp-call.md:2:9: error: '"'"'client'"'"' must be a client id (lowercase letters, digits and '"'"'-'"'"', at most 63 characters), not '"'"'../../etc/passwd'"'"'" >../expect &&
	test_cmp ../expect ../err &&
	rm journal/2026/11/2026-11-19-acme-corp-call.md &&
	for cmd in "log ../../etc/passwd -m x" "snooze ../../etc/passwd 2w" "done ../../etc/passwd x" "edit ../../etc/passwd"; do
		test_status 1 "$NOTEBOOK_BIN" $cmd 2>../err || return 1
		echo "notebook: no client '"'"'../../etc/passwd'"'"'; see '"'"'notebook list'"'"'" >../expect &&
		test_cmp ../expect ../err || return 1
	done &&
	test_status 2 "$NOTEBOOK_BIN" new Evil --id ../../etc/passwd 2>../err &&
	head -n 1 ../err >../first &&
	echo "notebook: '"'"'../../etc/passwd'"'"' is not a client id: lowercase letters, digits and '"'"'-'"'"', starting with a letter or digit, at most 63" >../expect &&
	test_cmp ../expect ../first &&
	test_status 1 "$NOTEBOOK_BIN" show ../../etc/passwd 2>../err &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'file names with newlines, escape sequences and dots are printed escaped' '
	cd nb &&
	cp clients/globex.md "$(printf "clients/evil\033]0;pwned\007.md")" &&
	cp clients/globex.md "$(printf "clients/new\nline.md")" &&
	cp clients/globex.md "clients/..md" &&
	cp clients/globex.md "$(printf "clients/c1\302\233.md")" &&
	entry acme-corp 2026-11-19 >"$(printf "journal/2026/11/2026-11-19-\033[2Jacme-call.md")" &&
	echo "Hostile name." >>"$(printf "journal/2026/11/2026-11-19-\033[2Jacme-call.md")" &&
	test_status 1 "$NOTEBOOK_BIN" check >../out 2>../err &&
	cat >../expect <<-\EOF &&
	clients/c1\u{009b}.md: error: '"'"'c1\u{009b}'"'"' is not a valid client id: rename the file to lowercase letters, digits and '"'"'-'"'"', at most 63, starting with a letter or digit (for example '"'"'clients/acme-corp.md'"'"')
	clients/evil\e]0;pwned\x07.md: error: '"'"'evil\e]0;pwned\x07'"'"' is not a valid client id: rename the file to lowercase letters, digits and '"'"'-'"'"', at most 63, starting with a letter or digit (for example '"'"'clients/acme-corp.md'"'"')
	clients/new\nline.md: error: '"'"'new\nline'"'"' is not a valid client id: rename the file to lowercase letters, digits and '"'"'-'"'"', at most 63, starting with a letter or digit (for example '"'"'clients/acme-corp.md'"'"')
	journal/2026/11/2026-11-19-\e[2Jacme-call.md: warning: file name disagrees with the entry'"'"'s date, client and kind; expected '"'"'journal/2026/11/2026-11-19-acme-corp-call.md'"'"'
	EOF
	test_cmp ../expect ../err &&
	for cmd in "status --all" "show acme-corp" "search Hostile" "agenda" "list" "check"; do
		"$NOTEBOOK_BIN" $cmd >../out 2>&1
		no_raw_controls ../out || return 1
	done &&
	"$NOTEBOOK_BIN" search Hostile >../out 2>/dev/null &&
	grep -F "journal/2026/11/2026-11-19-\e[2Jacme-call.md" ../out &&
	rm clients/evil* clients/new* clients/..md clients/c1* journal/2026/11/*acme-call.md &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'notes carrying OSC 52, title, cursor and C1 sequences are printed escaped' '
	cd nb &&
	f=journal/2026/11/2026-11-18-globex-call.md &&
	entry globex 2026-11-18 >$f &&
	printf "Clip \033]52;c;ZWNobyBwd25lZA==\007 title \033]0;pwned\033\\\\ move \033[2J\033[1;1H c1 \302\233""31m bell \007 bs \010 cr \r del \177 end\n\n- [ ] Send \033[31mred\033[0m plan due:2026-11-25\n" >>$f &&
	git add $f && git commit -q -m hostile $f &&
	notebook check &&
	for cmd in "status --all" "status --json" "show globex" "search Clip" "search plan" \
		   "agenda" "agenda --ics" "list --json" "list"; do
		# iCalendar lines end in CRLF (RFC 5545): only those CRs are allowed
		"$NOTEBOOK_BIN" $cmd 2>&1 | sed "s/\r\$//" >../out
		no_raw_controls ../out || { echo "from: $cmd"; return 1; }
	done &&
	notebook show globex >../out &&
	grep -F "Clip \e]52;c;ZWNobyBwd25lZA==\x07 title \e]0;pwned\e\\\\ move \e[2J\e[1;1H c1 \u{009b}31m bell \x07 bs \x08 cr \r del \x7f end" ../out &&
	grep -F "Send \e[31mred\e[0m plan" ../out &&
	notebook agenda >../out &&
	grep -F "Globex: '"'"'Send \e[31mred\e[0m plan'"'"'" ../out
'

test_done
