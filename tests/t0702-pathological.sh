#!/bin/sh
# Inputs on which our libraries slow down (issue #7): cmark 0.30.2 is
# quadratic on runs of brackets (CVE-2023-22486) and deep nesting, libyaml
# on deep flow nesting. Each file here is answered within a second on a
# developer machine (the timings are in the hardening report); `timeout 10`
# only turns a hang into a failure. Also: a 1 MiB line, a file over 4 MiB,
# a 1 GiB sparse file and a FIFO named like a client.
. "$(dirname "$0")/lib.sh"

# The guard against a hang: generous, and more so under valgrind.
T=10
[ -n "${NOTEBOOK_SLOW:-}" ] && T=300

J=journal/2026/11

# rep TEXT N: TEXT (awk escapes allowed) N times.
rep() {
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# entry KIND: the front matter of an acme-corp entry of that kind and a
# task, then a blank line so that what follows starts a new block.
entry() {
	printf -- '---\nclient: acme-corp\ndate: 2026-11-20\nkind: %s\n---\n- [ ] Follow up due:2026-11-25\n\n' "$1"
}

# check_file FILE EXPECTED-STATUS: `notebook check FILE` within the guard,
# its stderr in err, nothing on stdout.
check_file() {
	test_status "$2" timeout $T "$NOTEBOOK_BIN" check "$1" >out 2>err &&
	test_must_be_empty out
}

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	mkdir -p nb/$J &&
	# the scratch files the cases write beside the notebook files
	printf "%s\n" err expect n out st >>nb/.git/info/exclude
'

test_expect_success 'cmark: 10,000 "[" on one line' '
	cd nb &&
	{ entry call && rep "[" 10000 && echo; } >$J/2026-11-20-acme-corp-call.md &&
	check_file $J/2026-11-20-acme-corp-call.md 0 &&
	echo "$J/2026-11-20-acme-corp-call.md:8:1: warning: task items after 4000 '"'"'['"'"' are not read; split the notes up" >expect &&
	test_cmp expect err
'

test_expect_success 'cmark: 40,000 "![[]()" and 80,000 "[](" (CVE-2023-22486)' '
	cd nb &&
	{ entry email && rep "![[]()" 40000 && echo; } >$J/2026-11-20-acme-corp-email.md &&
	check_file $J/2026-11-20-acme-corp-email.md 0 &&
	echo "$J/2026-11-20-acme-corp-email.md:8:1: warning: task items after 4000 '"'"'['"'"' are not read; split the notes up" >expect &&
	test_cmp expect err &&
	{ entry message && rep "[](" 80000 && echo; } >$J/2026-11-20-acme-corp-message.md &&
	check_file $J/2026-11-20-acme-corp-message.md 0 &&
	echo "$J/2026-11-20-acme-corp-message.md:8:1: warning: task items after 4000 '"'"'['"'"' are not read; split the notes up" >expect &&
	test_cmp expect err
'

test_expect_success 'cmark: brackets spread over many lines; under the limit every task is read' '
	cd nb &&
	{ entry meeting && rep "[a](b) [c][d]\n" 1000 && echo "- [ ] Late task due:2026-11-26"; } \
		>$J/2026-11-20-acme-corp-meeting.md &&
	check_file $J/2026-11-20-acme-corp-meeting.md 0 && test_must_be_empty err &&
	{ entry meeting && rep "[a](b) [c][d]\n" 1500 && echo "- [ ] Lost task due:2026-11-26"; } \
		>$J/2026-11-20-acme-corp-meeting-2.md &&
	check_file $J/2026-11-20-acme-corp-meeting-2.md 0 &&
	echo "$J/2026-11-20-acme-corp-meeting-2.md:1341:1: warning: task items after 4000 '"'"'['"'"' are not read; split the notes up" >expect &&
	test_cmp expect err
'

test_expect_success 'cmark: 10,000 ">" and 10,000 nested list items' '
	cd nb &&
	{ entry thanks && rep ">" 10000 && echo " [ ] x"; } >$J/2026-11-20-acme-corp-thanks.md &&
	check_file $J/2026-11-20-acme-corp-thanks.md 0 && test_must_be_empty err &&
	{ entry apology && rep "> - " 5000 && echo "[ ] Deep task"; } >$J/2026-11-20-acme-corp-apology.md &&
	check_file $J/2026-11-20-acme-corp-apology.md 0 && test_must_be_empty err &&
	{ entry check-in && rep "- " 10000 && echo "[ ] Deeper task"; } >$J/2026-11-20-acme-corp-check-in.md &&
	check_file $J/2026-11-20-acme-corp-check-in.md 0 && test_must_be_empty err
'

test_expect_success 'cmark: 50,000 "*" and "_" in a run, 10,000 link reference definitions' '
	cd nb &&
	{ entry feedback && rep "*_" 25000 && echo; } >$J/2026-11-20-acme-corp-feedback.md &&
	check_file $J/2026-11-20-acme-corp-feedback.md 0 && test_must_be_empty err &&
	{ entry note && awk "BEGIN { for (i = 0; i < 10000; i++) printf \"[r%d]: /u%d\\n\", i, i }" &&
	  echo "- [ ] After the references"; } >$J/2026-11-20-acme-corp-note.md &&
	check_file $J/2026-11-20-acme-corp-note.md 0 &&
	echo "$J/2026-11-20-acme-corp-note.md:4007:1: warning: task items after 4000 '"'"'['"'"' are not read; split the notes up" >expect &&
	test_cmp expect err
'

test_expect_success 'a body with no task item is never given to cmark' '
	cd nb &&
	{ printf -- "---\nclient: acme-corp\ndate: 2026-11-19\nkind: call\n---\n" &&
	  rep "![[]()" 40000 && echo; } >$J/2026-11-19-acme-corp-call.md &&
	sed -i "s/!\[\[\]()/![(]()/g" $J/2026-11-19-acme-corp-call.md &&
	check_file $J/2026-11-19-acme-corp-call.md 0 && test_must_be_empty err
'

test_expect_success 'the whole notebook of them: status, show, search, agenda' '
	cd nb &&
	timeout $T "$NOTEBOOK_BIN" status >out 2>err &&
	grep -c "warning: task items after" err >n && echo 5 >expect && test_cmp expect n &&
	timeout $T "$NOTEBOOK_BIN" show acme-corp >out 2>/dev/null &&
	grep "Late task" out && grep "Deep task" out && grep "Deeper task" out &&
	! grep "Lost task" out &&
	! grep "After the references" out &&
	timeout $T "$NOTEBOOK_BIN" search follow >out 2>/dev/null &&
	timeout $T "$NOTEBOOK_BIN" agenda >out 2>/dev/null &&
	rm -f $J/*
'

test_expect_success 'YAML: 100,000 "[" of flow nesting' '
	cd nb &&
	f=$J/2026-11-20-acme-corp-call.md &&
	{ printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\nwith: " && rep "[" 100000 && printf "\n---\n"; } >$f &&
	check_file $f 1 &&
	echo "$f:5:70: error: values nested deeper than 64 levels" >expect &&
	test_cmp expect err &&
	{ printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\nwith: " && rep "{a: " 100000 && printf "\n---\n"; } >$f &&
	check_file $f 1 &&
	echo "$f:5:259: error: values nested deeper than 64 levels" >expect &&
	test_cmp expect err &&
	{ printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\nwith:\n" &&
	  awk "BEGIN { for (i = 0; i < 2000; i++) { for (j = 0; j < i; j++) printf \" \"; printf \"- \\n\" } }" &&
	  printf -- "---\n"; } >$f &&
	check_file $f 1 &&
	echo "$f:69:64: error: values nested deeper than 64 levels" >expect &&
	test_cmp expect err &&
	rm $f
'

test_expect_success 'a 1 MiB line in the front matter and in the body' '
	cd nb &&
	f=$J/2026-11-20-acme-corp-call.md &&
	{ printf -- "---\nclient: acme-corp\ndate: 2026-11-20\nkind: call\nmood: " && rep "a" 1048576 &&
	  printf "\n---\n- [ ] Long " && rep "b" 1048576 && echo; } >$f &&
	check_file $f 0 &&
	echo "$f:7:1: warning: task items after 256 KiB of text are not read; split the notes up" >expect &&
	test_cmp expect err &&
	timeout $T "$NOTEBOOK_BIN" status >/dev/null 2>&1 &&
	rm $f
'

test_expect_success 'a file over 4 MiB is refused by its size' '
	cd nb &&
	f=$J/2026-11-20-acme-corp-call.md &&
	{ entry call && rep "a" 4194304; } >$f &&
	check_file $f 1 &&
	echo "$f: error: file is 4194390 bytes, over the 4 MiB limit; split it" >expect &&
	test_cmp expect err &&
	rm $f
'

test_expect_success 'a 1 GiB sparse file named like a client: refused before reading' '
	cd nb &&
	truncate -s 1G clients/huge.md &&
	test_status 1 "$NOTEBOOK_BUILD/tools/peak_rss" ../rss timeout $T "$NOTEBOOK_BIN" check 2>err &&
	echo "clients/huge.md: error: file is 1073741824 bytes, over the 4 MiB limit; split it" >expect &&
	test_cmp expect err &&
	if [ -z "${NOTEBOOK_SLOW:-}" ]; then
		test "$(cat ../rss)" -lt 262144 || { echo "peak RSS $(cat ../rss) KiB"; return 1; }
	fi &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" show huge 2>err &&
	test_status 3 timeout $T "$NOTEBOOK_BIN" snooze huge 2w 2>err &&
	echo "notebook: '"'"'$TRASH/nb/clients/huge.md'"'"' is larger than 4194304 bytes" >expect &&
	test_cmp expect err &&
	EDITOR=true test_status 3 timeout $T "$NOTEBOOK_BIN" edit huge 2>err &&
	test_cmp expect err &&
	rm clients/huge.md &&
	git status --porcelain >st && test_must_be_empty st
'

test_expect_success 'a FIFO named like a client is never opened: refused, no hang' '
	cd nb &&
	mkfifo clients/pipe.md &&
	check_file clients/pipe.md 1 &&
	echo "clients/pipe.md: error: not a regular file; refused" >expect &&
	test_cmp expect err &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" check 2>err &&
	test_cmp expect err &&
	timeout $T "$NOTEBOOK_BIN" status >/dev/null 2>err &&
	echo "notebook: client '"'"'pipe'"'"' is left out until '"'"'clients/pipe.md'"'"' is fixed" >>expect &&
	test_cmp expect err &&
	for cmd in "log pipe -m Hi" "snooze pipe 2w" "done pipe x" "edit pipe"; do
		EDITOR=true test_status 1 timeout $T "$NOTEBOOK_BIN" $cmd 2>err || return 1
		echo "notebook: '"'"'$TRASH/nb/clients/pipe.md'"'"' is not a regular file" >expect &&
		test_cmp expect err || return 1
	done &&
	mkfifo $J/2026-11-20-acme-corp-call.md &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" check 2>err &&
	grep -x "$J/2026-11-20-acme-corp-call.md: error: not a regular file; refused" err &&
	rm clients/pipe.md $J/2026-11-20-acme-corp-call.md &&
	git status --porcelain >st && test_must_be_empty st
'

test_done
