#!/bin/sh
# notebook search: FTS5 over client files and entries, ranked by bm25, with
# client, date and a highlighted snippet; phrase, prefix, AND/OR/NOT and
# field queries; malformed queries; text escaped; the same answers with and
# without the cache, in a plain folder and in a git repository.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
ESC=$(printf '\033')

test_expect_success 'a notebook to search' '
	make_notebook nb &&
	write_file nb/clients/acme-corp.md <<-EOF &&
	---
	name: Acme Corp
	tier: key
	tags: [consulting, restructuring]
	empathy:
	  says: The restructuring plan ignores our people.
	---
	# Acme Corp

	Long-standing client. Quarterly budget review every spring.
	EOF
	write_file nb/clients/globex.md <<-EOF &&
	---
	name: Globex
	---
	Globex makes widgets. The budget is tight this year.
	EOF
	printf -- "---\nname: Initech\n---\nPrinter ${ESC}[31mred${ESC}[0m trouble again.\n" >nb/clients/initech.md &&
	write_file nb/journal/2026/11/2026-11-20-acme-corp-call.md <<-EOF &&
	---
	client: acme-corp
	date: 2026-11-20
	kind: call
	---
	Jane felt the plan ignored her team. Listened, apologised for not
	explaining the impact on staff.

	- [ ] Send revised timeline due:2026-11-30
	EOF
	write_file nb/journal/2026/10/2026-10-05-globex-meeting.md <<-EOF &&
	---
	client: globex
	date: 2026-10-05
	kind: meeting
	---
	Budget meeting with the finance team. They want a revised quote.
	EOF
	write_file nb/journal/2026/11/2026-11-02-acme-corp-thanks.md <<-EOF &&
	---
	clients: [acme-corp, globex]
	date: 2026-11-02
	kind: thanks
	---
	Sent a thank-you note to Jane for the timeline workshop.
	EOF
	write_file nb/journal/2026/11/2026-11-03-nobody-call.md <<-EOF &&
	---
	client: nobody
	date: 2026-11-03
	kind: call
	---
	Budget call with a client we do not have.
	EOF
	echo "nb/journal/2026/11/2026-11-03-nobody-call.md:2:9: error: no client '\''nobody'\'': there is no clients/nobody.md" >nobody.err
'

test_expect_success 'words: ranked results with client, date and highlights' '
	notebook -C nb search budget >out 2>err &&
	cat >expect <<-EOF &&
	nb/clients/globex.md  globex
	    Globex makes widgets. The [budget] is tight this year.
	nb/journal/2026/10/2026-10-05-globex-meeting.md  2026-10-05  globex
	    [Budget] meeting with the finance team. They want a revised quote.
	nb/clients/acme-corp.md  acme-corp
	    # Acme Corp Long-standing client. Quarterly [budget] review every spring.
	EOF
	test_cmp expect out &&
	test_cmp nobody.err err
'

test_expect_success 'from inside the notebook paths are relative to the working directory' '
	(cd nb/journal && notebook search widgets) >out 2>/dev/null &&
	cat >expect <<-EOF &&
	../clients/globex.md  globex
	    Globex makes [widgets]. The budget is tight this year.
	EOF
	test_cmp expect out
'

test_expect_success 'a phrase' '
	notebook -C nb search "\"revised timeline\"" >out 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/journal/2026/11/2026-11-20-acme-corp-call.md  2026-11-20  acme-corp
	    ...Listened, apologised for not explaining the impact on staff. - [ ] Send [revised timeline]...
	EOF
	test_cmp expect out
'

test_expect_success 'a prefix, and an entry naming two clients' '
	notebook -C nb search "time*" >out 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/journal/2026/11/2026-11-02-acme-corp-thanks.md  2026-11-02  acme-corp,globex
	    Sent a thank-you note to Jane for the [timeline] workshop.
	nb/journal/2026/11/2026-11-20-acme-corp-call.md  2026-11-20  acme-corp
	    ...Listened, apologised for not explaining the impact on staff. - [ ] Send revised [timeline]...
	EOF
	test_cmp expect out
'

test_expect_success 'AND, OR, NOT; several words all match' '
	notebook -C nb search jane AND plan >and 2>/dev/null &&
	notebook -C nb search jane plan >words 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/journal/2026/11/2026-11-20-acme-corp-call.md  2026-11-20  acme-corp
	    [Jane] felt the [plan] ignored her team. Listened, apologised for not explaining...
	EOF
	test_cmp expect and && test_cmp expect words &&
	notebook -C nb search "jane OR widgets" >out 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/clients/globex.md  globex
	    Globex makes [widgets]. The budget is tight this year.
	nb/journal/2026/11/2026-11-02-acme-corp-thanks.md  2026-11-02  acme-corp,globex
	    Sent a thank-you note to [Jane] for the timeline workshop.
	nb/journal/2026/11/2026-11-20-acme-corp-call.md  2026-11-20  acme-corp
	    [Jane] felt the plan ignored her team. Listened, apologised for not explaining...
	EOF
	test_cmp expect out &&
	notebook -C nb search "budget NOT meeting" >out 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/clients/globex.md  globex
	    Globex makes widgets. The [budget] is tight this year.
	nb/clients/acme-corp.md  acme-corp
	    # Acme Corp Long-standing client. Quarterly [budget] review every spring.
	EOF
	test_cmp expect out
'

test_expect_success 'front matter is searched too, and front: and body: narrow it' '
	notebook -C nb search "front: restructuring" >out 2>/dev/null &&
	cat >expect <<-EOF &&
	nb/clients/acme-corp.md  acme-corp
	    ...key tags: [consulting, [restructuring]] empathy: says: The [restructuring] plan ignores our people.
	EOF
	test_cmp expect out &&
	test_must_fail --status=1 notebook -C nb search "body: restructuring" >out 2>/dev/null &&
	test_must_be_empty out
'

test_expect_success 'no match: nothing printed, exit 1' '
	test_must_fail --status=1 notebook -C nb search zebra >out 2>err &&
	test_must_be_empty out && test_cmp nobody.err err &&
	test_must_fail --status=1 notebook -C nb search --json zebra >out 2>/dev/null &&
	echo "[]" >expect && test_cmp expect out
'

test_expect_success 'an entry naming an unknown client is left out' '
	test_must_fail --status=1 notebook -C nb search "\"do not have\"" >out 2>/dev/null &&
	test_must_be_empty out
'

test_expect_success 'control sequences in a note are printed escaped' '
	notebook -C nb search printer >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	nb/clients/initech.md  initech
	    [Printer] \e[31mred\e[0m trouble again.
	EOF
	test_cmp expect out
'

test_expect_success '--json' '
	notebook -C nb search --json budget >out 2>/dev/null &&
	cat >expect <<-\EOF &&
	[
	  {"path": "clients/globex.md", "type": "client", "clients": ["globex"], "date": null, "snippet": "Globex makes widgets. The [budget] is tight this year."},
	  {"path": "journal/2026/10/2026-10-05-globex-meeting.md", "type": "entry", "clients": ["globex"], "date": "2026-10-05", "snippet": "[Budget] meeting with the finance team. They want a revised quote."},
	  {"path": "clients/acme-corp.md", "type": "client", "clients": ["acme-corp"], "date": null, "snippet": "# Acme Corp Long-standing client. Quarterly [budget] review every spring."}
	]
	EOF
	test_cmp expect out &&
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" out
'

test_expect_success '--limit' '
	notebook -C nb search --limit 1 budget >out 2>/dev/null &&
	head -n 2 expect >/dev/null &&
	printf "nb/clients/globex.md  globex\n    Globex makes widgets. The [budget] is tight this year.\n" >expect &&
	test_cmp expect out &&
	test_must_fail --status=2 notebook -C nb search --limit x budget 2>err
'

test_expect_success 'what a user types: words with punctuation, e-mail addresses, C++, AND NOT, -word' '
	make_notebook typed &&
	write_file typed/clients/acme.md <<-EOF &&
	---
	name: Acme
	---
	Main contact: jane@acme.example. Stack: C++ and Go.
	EOF
	write_file typed/clients/umbrella.md <<-EOF &&
	---
	name: Umbrella
	---
	Jane runs the check in desk; e-mail jane at acme.
	EOF
	write_file typed/journal/2026/11/2026-11-20-acme-call.md <<-EOF &&
	---
	client: acme
	date: 2026-11-20
	kind: call
	---
	Weekly check-in with Jane before the workshop.
	EOF
	notebook -C typed search check-in >out &&
	cat >expect <<-EOF &&
	typed/clients/umbrella.md  umbrella
	    Jane runs the [check in] desk; e-mail jane at acme.
	typed/journal/2026/11/2026-11-20-acme-call.md  2026-11-20  acme
	    Weekly [check-in] with Jane before the workshop.
	EOF
	test_cmp expect out &&
	notebook -C typed search jane@acme.example >out &&
	cat >expect <<-EOF &&
	typed/clients/acme.md  acme
	    Main contact: [jane@acme.example]. Stack: C++ and Go.
	EOF
	test_cmp expect out &&
	notebook -C typed search C++ >out &&
	cat >expect <<-EOF &&
	typed/clients/acme.md  acme
	    Main contact: jane@acme.example. Stack: [C]++ and Go.
	EOF
	test_cmp expect out &&
	notebook -C typed search Jane AND NOT workshop >out &&
	notebook -C typed search jane -workshop >out2 &&
	notebook -C typed search "jane NOT workshop" >out3 &&
	cat >expect <<-EOF &&
	typed/clients/umbrella.md  umbrella
	    [Jane] runs the check in desk; e-mail [jane] at acme.
	typed/clients/acme.md  acme
	    Main contact: [jane]@acme.example. Stack: C++ and Go.
	EOF
	test_cmp expect out && test_cmp expect out2 && test_cmp expect out3 &&
	notebook -C typed search "jane -(workshop OR desk)" >out &&
	cat >expect <<-EOF &&
	typed/clients/acme.md  acme
	    Main contact: [jane]@acme.example. Stack: C++ and Go.
	EOF
	test_cmp expect out &&
	notebook -C typed search --limit 1 -- -workshop jane >out &&
	cat >expect <<-EOF &&
	typed/clients/umbrella.md  umbrella
	    [Jane] runs the check in desk; e-mail [jane] at acme.
	EOF
	test_cmp expect out &&
	test_must_fail --status=1 notebook -C typed search "Portland OR" >out &&
	test_must_be_empty out &&
	notebook -C typed search "jane :)" "(acme" >out &&
	test $(wc -l <out) = 6
'

test_expect_success 'scripts written without spaces: any run of characters is found' '
	make_notebook cjk &&
	write_file cjk/clients/tanaka.md <<-EOF &&
	---
	name: 田中商事
	---
	田中さんと来週の会議について話した。価格の見直しが必要。
	EOF
	write_file cjk/clients/somchai.md <<-EOF &&
	---
	name: Somchai
	---
	ประชุมกับคุณสมชาย
	EOF
	notebook -C cjk search 田中 >a &&
	notebook -C cjk search "田中*" >b &&
	cat >expect <<-EOF &&
	cjk/clients/tanaka.md  tanaka
	    name: [田中]商事
	EOF
	test_cmp expect a && test_cmp expect b &&
	notebook -C cjk search 会議 >out &&
	test $(wc -l <out) = 2 &&
	grep "^cjk/clients/tanaka.md  tanaka\$" out &&
	grep "^    .*来週の\[会議\]につ" out &&
	notebook -C cjk search --json "価格の見直し" >out &&
	grep "\"snippet\": \".*\[価格の見直し\]" out &&
	notebook -C cjk search สมชาย >out &&
	grep "^cjk/clients/somchai.md" out &&
	test_must_fail --status=1 notebook -C cjk search 会社 >out &&
	test_must_be_empty out &&
	NOTEBOOK_NO_CACHE=1 notebook -C cjk search 田中 >c &&
	test_cmp a c
'

test_expect_success 'accents and case do not matter' '
	make_notebook acc &&
	write_file acc/clients/sgc.md <<-EOF &&
	---
	name: Société Générale Conseil
	---
	Réunion à Zürich.
	EOF
	notebook -C acc search societe zurich >a &&
	notebook -C acc search "SOCIÉTÉ" "Zürich" >b &&
	test_cmp a b && test $(wc -l <a) = 2
'

test_expect_success 'a cache from before the tokenizer changed is rebuilt' '
	sqlite3 cjk/.notebook-cache/index.db "PRAGMA user_version = 4" &&
	notebook -C cjk search 会議 >out &&
	grep "^cjk/clients/tanaka.md" out
'

test_expect_success 'what cannot be searched: one line saying what to do, exit 2' '
	test_must_fail --status=2 notebook -C nb search "NOT workshop" >out 2>err &&
	test_must_be_empty out &&
	grep -v "^nb/" err >msg &&
	echo "notebook: cannot search for '\''NOT workshop'\'': it only says what to leave out; add a word to find, as in '\''jane NOT workshop'\''" >expect &&
	test_cmp expect msg &&
	test_must_fail --status=2 notebook -C nb search "budget OR -widgets" 2>err &&
	grep -v "^nb/" err >msg &&
	echo "notebook: cannot search for '\''budget OR -widgets'\'': '\''-widgets'\'' only says what to leave out; add a word to find, as in '\''jane NOT workshop'\''" >expect &&
	test_cmp expect msg &&
	test_must_fail --status=2 notebook -C nb search "plan \"open" 2>err &&
	grep -v "^nb/" err >msg &&
	echo "notebook: cannot search for '\''plan \"open'\'': the quote at column 6 is not closed; close it, or leave it out to search for the words" >expect &&
	test_cmp expect msg &&
	for q in "*" "+++" "()" "- -"; do
		test_must_fail --status=2 notebook -C nb search "$q" 2>err &&
		grep -v "^nb/" err >msg &&
		echo "notebook: cannot search for '\''$q'\'': it holds no word to search for (punctuation is left out); to see every client, run '\''notebook list'\''" >expect &&
		test_cmp expect msg || return 1
	done &&
	test_must_fail --status=2 notebook -C nb search 2>err &&
	grep "^notebook: what to search for is missing" err
'

test_expect_success 'hostile queries: groups nested 50,000 deep, 129 words' '
	deep=$(python3 -c "print(\"(\" * 50000 + \"budget\" + \")\" * 50000)") &&
	notebook -C nb search "$deep" >out 2>/dev/null &&
	notebook -C nb search budget >expect 2>/dev/null &&
	test_cmp expect out &&
	many=$(python3 -c "print(\" \".join(\"w%d\" % i for i in range(129)))") &&
	test_must_fail --status=2 notebook -C nb search $many 2>err &&
	tail -n 1 err | sed "s/.*'"'"': //" >msg &&
	echo "it has 129 words and phrases; search takes at most 128, so leave some out" >expect &&
	test_cmp expect msg
'

test_expect_success 'the same answers without the cache (built in memory)' '
	for q in budget "time*" "jane OR widgets" printer; do
		notebook -C nb search --json "$q" >with 2>/dev/null &&
		NOTEBOOK_NO_CACHE=1 notebook -C nb search --json "$q" >without 2>/dev/null &&
		test_cmp with without || return 1
	done
'

test_expect_success 'an edit is seen by the next search; a deleted file is gone' '
	f=nb/clients/globex.md &&
	sed "s/widgets/gadgets/" $f >tmp && cat tmp >$f &&
	notebook -C nb search gadgets >out 2>/dev/null &&
	grep "^nb/clients/globex.md" out &&
	test_must_fail --status=1 notebook -C nb search widgets 2>/dev/null &&
	rm nb/journal/2026/10/2026-10-05-globex-meeting.md &&
	notebook -C nb search budget >out 2>/dev/null &&
	! grep globex-meeting out &&
	sqlite3 nb/.notebook-cache/index.db "SELECT count(*) FROM fts_content WHERE instr(c2, '\''widgets'\'') OR instr(c2, '\''quote'\'')" >n &&
	echo 0 >zero && test_cmp zero n
'

test_expect_success 'status fills the cache, search adds the text later' '
	rm -rf nb/.notebook-cache &&
	notebook -C nb status >/dev/null 2>&1 &&
	sqlite3 nb/.notebook-cache/index.db "SELECT count(*) FROM fts_content" >n &&
	echo 0 >zero && test_cmp zero n &&
	notebook -C nb search gadgets >out 2>/dev/null &&
	grep "^nb/clients/globex.md" out
'

test_expect_success 'a file edited between searches: its folder rewritten by status, every text still right' '
	notebook -C nb search budget >/dev/null 2>&1 &&
	find nb -name "*.md" -exec touch -d "2026-01-01 00:00:00" {} + &&
	notebook -C nb search budget >before 2>/dev/null &&
	f=nb/clients/globex.md &&
	sed "s/gadgets/sprockets/" $f >tmp && cat tmp >$f && touch -d "2026-01-01 00:00:00" $f &&
	notebook -C nb status >/dev/null 2>&1 &&
	notebook -C nb search budget >after 2>/dev/null &&
	sed "s/gadgets/sprockets/" before >expect &&
	test_cmp expect after &&
	notebook -C nb search sprockets >out 2>/dev/null &&
	grep "^nb/clients/globex.md" out &&
	test_must_fail --status=1 notebook -C nb search gadgets 2>/dev/null &&
	sqlite3 nb/.notebook-cache/index.db "SELECT count(*) FROM fts_content WHERE instr(c2, '\''gadgets'\'')" >n &&
	echo 0 >zero && test_cmp zero n &&
	sqlite3 nb/.notebook-cache/index.db "SELECT count(*) FROM fts_content WHERE c0 LIKE '\''clients/%'\''" >nc &&
	echo 3 >three && test_cmp three nc &&
	sed "s/sprockets/gadgets/" $f >tmp && cat tmp >$f
'

test_expect_success 'bold highlights on a terminal, markers with NO_COLOR' '
	python3 "$FIX/status-tools/on-pty.py" 80 "$NOTEBOOK_BIN" -C nb search gadgets >out &&
	printf "${ESC}[1mnb/clients/globex.md${ESC}[m  globex\n    Globex makes ${ESC}[1mgadgets${ESC}[m. The budget is tight this year.\n" >expect &&
	grep -v "^nb/journal" out >got &&
	test_cmp expect got &&
	NO_COLOR=1 python3 "$FIX/status-tools/on-pty.py" 80 "$NOTEBOOK_BIN" -C nb search gadgets >out &&
	grep -v "^nb/journal" out >got &&
	printf "nb/clients/globex.md  globex\n    Globex makes [gadgets]. The budget is tight this year.\n" >expect &&
	test_cmp expect got
'

test_expect_success 'search in a git repository' '
	cp -R nb repo && rm -rf repo/.notebook-cache &&
	git -C repo init -q && git -C repo add . && git -C repo commit -q -m init &&
	notebook -C repo search --json budget >out 2>/dev/null &&
	notebook -C nb search --json budget >expect 2>/dev/null &&
	test_cmp expect out &&
	test -f repo/.git/notebook/index.db &&
	git -C repo status --porcelain --ignored >st && test_must_be_empty st
'

test_done
