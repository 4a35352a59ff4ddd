#!/bin/sh
# search finds a word's other forms (issue #18 point 10): FTS5's porter
# stemmer over unicode61, so "invoice" finds "invoices" and "invoiced";
# a quoted phrase still finds exactly the words given (case and accents
# aside); prefix* is a prefix of the words as written; an index of the
# format before stemming is rebuilt, not read.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: entries with forms of one word' '
	make_notebook nb &&
	write_file nb/clients/acme.md <<-\EOF &&
	---
	name: Acme
	since: 2026-01-01
	---
	Pays its invoices late.
	EOF
	write_file nb/clients/globex.md <<-\EOF &&
	---
	name: Globex
	since: 2026-01-01
	---
	EOF
	n=0 &&
	for text in "Sent the invoices for October." "Invoiced the workshop." \
		    "One invoice sent, at the Café Central." "Signed the contract; meetings weekly." \
		    "Talked about the meeting room."; do
		n=$((n + 1)) &&
		write_file nb/journal/2026/11/2026-11-0$n-globex-call.md <<-EOF || return 1
		---
		client: globex
		date: 2026-11-0$n
		kind: call
		---
		$text
		EOF
	done
'

# hits QUERY...: the paths search finds, sorted.
hits() {
	notebook -C nb search --json --limit 0 "$@" >hits.json &&
	python3 -c "
import json
for h in sorted(h[\"path\"] for h in json.load(open(\"hits.json\"))):
    print(h)
"
}

test_expect_success 'a word finds its other forms' '
	hits invoice >got &&
	cat >want <<-\EOF &&
	clients/acme.md
	journal/2026/11/2026-11-01-globex-call.md
	journal/2026/11/2026-11-02-globex-call.md
	journal/2026/11/2026-11-03-globex-call.md
	EOF
	test_cmp want got &&
	hits invoices >got && test_cmp want got &&
	hits meeting >got &&
	printf "%s\n" journal/2026/11/2026-11-04-globex-call.md journal/2026/11/2026-11-05-globex-call.md >want &&
	test_cmp want got &&
	hits signing contracts >got &&
	echo journal/2026/11/2026-11-04-globex-call.md >want && test_cmp want got
'

test_expect_success 'the snippet marks the form that is there' '
	notebook -C nb search invoiced >out &&
	grep -F "[Invoiced] the workshop." out &&
	grep -F "Sent the [invoices] for October." out
'

test_expect_success 'a quoted phrase is exact: the words as given, case and accents aside' '
	hits "\"the invoices\"" >got &&
	echo journal/2026/11/2026-11-01-globex-call.md >want && test_cmp want got &&
	test_must_fail --status=1 notebook -C nb search "\"the invoice\"" >out &&
	test_must_be_empty out &&
	hits "\"invoice\"" >got &&
	echo journal/2026/11/2026-11-03-globex-call.md >want && test_cmp want got &&
	hits "\"meetings\"" >got &&
	echo journal/2026/11/2026-11-04-globex-call.md >want && test_cmp want got &&
	hits "\"cafe central\"" >got &&
	echo journal/2026/11/2026-11-03-globex-call.md >want && test_cmp want got &&
	hits "“Meeting room”" >got &&
	echo journal/2026/11/2026-11-05-globex-call.md >want && test_cmp want got &&
	hits "\"invoice\" OR \"invoiced\"" >got &&
	printf "%s\n" journal/2026/11/2026-11-02-globex-call.md journal/2026/11/2026-11-03-globex-call.md >want &&
	test_cmp want got &&
	hits invoice -"\"invoices\"" >got &&
	printf "%s\n" journal/2026/11/2026-11-02-globex-call.md journal/2026/11/2026-11-03-globex-call.md >want &&
	test_cmp want got
'

test_expect_success 'prefix* is a prefix of the words as written' '
	hits "invoic*" >got &&
	cat >want <<-\EOF &&
	clients/acme.md
	journal/2026/11/2026-11-01-globex-call.md
	journal/2026/11/2026-11-02-globex-call.md
	journal/2026/11/2026-11-03-globex-call.md
	EOF
	test_cmp want got &&
	hits "invoiced*" >got &&
	echo journal/2026/11/2026-11-02-globex-call.md >want && test_cmp want got
'

test_expect_success 'a cache of the format before stemming is rebuilt, not read' '
	notebook -C nb search invoice >/dev/null &&
	db=nb/.notebook-cache/index.db &&
	sqlite3 $db "PRAGMA user_version" >v9 &&
	echo 10 >want && test_cmp want v9 &&
	sqlite3 $db "CREATE TABLE left_from_format_8(x); PRAGMA user_version = 8" &&
	hits invoice >got &&
	test $(wc -l <got) = 4 &&
	sqlite3 $db "PRAGMA user_version" >v && test_cmp want v &&
	sqlite3 $db "SELECT count(*) FROM sqlite_master WHERE name = '"'"'left_from_format_8'"'"'" >n &&
	echo 0 >want && test_cmp want n
'

test_done
