#!/bin/sh
# A team's views (issue #18 point 6): --owner on status, list, agenda
# (text, JSON and iCalendar) and search, in any case and with or without
# accents; an owner no client has is a warning with a did-you-mean and
# empty output, exit 1 only under status --exit-code; --tier and --state
# on status and list, checked against the schema's values; notebook assign
# commits "owner ben → chloe" alone.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a team notebook of three owners' '
	notebook init nb >/dev/null &&
	sed -i "s/^owner: .*/owner: Dana Ortiz/" nb/notebook.yaml &&
	git -C nb commit -q -am "owner" &&
	notebook -C nb new "Acme Corp" --tier key --owner Ben --since 2026-08-01 >/dev/null &&
	notebook -C nb new "Globex" --tier key --owner "Chloé" --since 2026-08-01 >/dev/null &&
	notebook -C nb new "Initech" --tier key --owner Ben --since 2026-11-10 >/dev/null &&
	notebook -C nb new "Umbrella" --owner Ben --since 2026-06-01 >/dev/null &&
	notebook -C nb new "Hooli" --tier key --since 2026-08-01 --owner "Dana Ortiz" >/dev/null &&
	notebook -C nb log acme -m "Sent the invoice for October." --promise "Send the timeline due:2026-11-25" >/dev/null &&
	notebook -C nb log globex -m "Invoice query." --date 2026-11-19 >/dev/null &&
	git -C nb rev-parse HEAD >head
'

test_expect_success 'status --owner: in any case and with or without accents' '
	notebook -C nb status --all --owner ben >out &&
	awk "{print \$1, \$2}" out >got &&
	cat >expect <<-\EOF &&
	STATE CLIENT
	stale umbrella
	ok acme-corp
	ok initech
	 
	2 of
	EOF
	test_cmp expect got &&
	notebook -C nb status --all --owner CHLOE >out &&
	grep "^ok  *globex " out && test $(grep -c "^[a-z]" out) = 1
'

test_expect_success 'status --owner --tier --state: which of ben'"'"'s key clients have gone quiet' '
	notebook -C nb status --owner ben --tier key --state stale,overdue >out &&
	echo "no active or prospect clients to audit" >expect &&
	test_cmp expect out &&
	notebook -C nb status --owner ben --tier key,regular --state stale,overdue >out &&
	grep "^stale  umbrella " out && test $(grep -c "^[a-z]" out) = 1 &&
	notebook -C nb status --tier key --state STALE >out &&
	grep "^stale  hooli " out && ! grep umbrella out &&
	notebook -C nb status --state ok --tier key --tier regular >out &&
	grep "^ok  *acme-corp " out && grep "^ok  *initech " out && grep "^ok  *globex " out &&
	! grep stale out &&
	notebook -C nb status --json --state ok --owner ben >o.json &&
	python3 -c "
import json, sys
d = json.load(open(\"o.json\"))
ids = sorted(c[\"id\"] for c in d[\"clients\"])
assert ids == [\"acme-corp\", \"initech\"], ids
assert all(c[\"owner\"] == \"Ben\" for c in d[\"clients\"])
"
'

# refused STATUS FIRST-LINE-OF-STDERR ARGS...: nothing printed or written.
refused() {
	status=$1 line=$2 && shift 2 &&
	test_must_fail --status=$status notebook -C nb "$@" >out 2>err &&
	test_must_be_empty out &&
	head -n 1 err >first &&
	printf "%s\n" "$line" >expect &&
	test_cmp expect first
}

test_expect_success '--tier and --state values: the schema'"'"'s, with a did-you-mean' '
	refused 2 "notebook: unknown tier '"'"'kye'"'"' (did you mean '"'"'key'"'"'?); one of: key, regular, occasional" status --tier kye &&
	refused 2 "notebook: unknown tier '"'"'gold'"'"'; one of: key, regular, occasional" list --tier key,gold &&
	refused 2 "notebook: unknown state '"'"'stael'"'"' (did you mean '"'"'stale'"'"'?); one of: stale, overdue, never, due, snoozed, ok" status --state stael &&
	refused 2 "notebook: unknown state '"'"'quiet'"'"'; one of: stale, overdue, never, due, snoozed, ok" list --state quiet &&
	refused 2 "notebook: an empty state in '"'"'stale,'"'"'" status --state stale,
'

test_expect_success 'an owner no client has: a warning, nothing shown; exit 1 under --exit-code' '
	notebook -C nb status --owner bne >out 2>err &&
	echo "no active or prospect clients to audit" >expect && test_cmp expect out &&
	echo "notebook: warning: no client has the owner '"'"'bne'"'"' (did you mean '"'"'Ben'"'"'?); the owners in this notebook: Ben, Chloé, Dana Ortiz" >expect &&
	test_cmp expect err &&
	test_must_fail --status=1 notebook -C nb status --owner bne --exit-code >out 2>err &&
	test_cmp expect err &&
	notebook -C nb status --owner "eve" >out 2>err &&
	echo "notebook: warning: no client has the owner '"'"'eve'"'"'; the owners in this notebook: Ben, Chloé, Dana Ortiz" >expect &&
	test_cmp expect err &&
	notebook -C nb list --owner eve >out 2>err && test_must_be_empty out && test_cmp expect err &&
	notebook -C nb agenda --owner eve >out 2>err && test_cmp expect err &&
	grep "^nothing due from 2026-11-20 to 2026-12-04$" out &&
	test_must_fail --status=1 notebook -C nb search --owner eve invoice >out 2>err &&
	test_must_be_empty out && test_cmp expect err
'

test_expect_success 'an owner nobody has is exit 0 without --exit-code, but --exit-code still sees the rest' '
	test_status 1 notebook -C nb status --owner ben --exit-code >out &&
	test_status 0 notebook -C nb status --owner chloe --exit-code >out
'

test_expect_success 'list --owner, --tier, --state' '
	notebook -C nb list --owner BEN >out &&
	awk "{print \$1}" out >got &&
	printf "ID\nacme-corp\ninitech\numbrella\n" >expect && test_cmp expect got &&
	notebook -C nb list --owner ben --tier regular --json >o.json &&
	python3 -c "
import json
d = json.load(open(\"o.json\"))
assert [c[\"id\"] for c in d] == [\"umbrella\"], d
" &&
	notebook -C nb list --state stale >out &&
	awk "{print \$1}" out >got &&
	printf "ID\nhooli\numbrella\n" >expect && test_cmp expect got &&
	notebook -C nb list --state stale --as-of 2026-09-01 >out &&
	awk "{print \$1}" out >got &&
	printf "ID\nacme-corp\nglobex\nhooli\numbrella\n" >expect && test_cmp expect got
'

test_expect_success 'agenda --owner: text, JSON and one person'"'"'s calendar, the owner on each item' '
	notebook -C nb agenda --owner ben >out &&
	grep acme-corp out && grep initech out && ! grep globex out && ! grep hooli out &&
	notebook -C nb agenda --json --owner ben >o.json &&
	python3 -c "
import json
d = json.load(open(\"o.json\"))
assert d[\"items\"] and all(i[\"owner\"] == \"Ben\" for i in d[\"items\"]), d
" &&
	notebook -C nb agenda --ics >all.ics &&
	notebook -C nb agenda --ics --owner "chloe" >chloe.ics &&
	grep -c "^STATUS:NEEDS-ACTION" chloe.ics >n && echo 1 >expect && test_cmp expect n &&
	grep "^SUMMARY:Contact Globex" chloe.ics &&
	grep "^CATEGORIES:contact,Chloé" chloe.ics &&
	grep "^CATEGORIES:promise,Ben" all.ics &&
	grep "^CATEGORIES:contact,Dana Ortiz" all.ics &&
	grep "owner: Chloé" chloe.ics &&
	notebook -C nb agenda --ics --owner nobody >none.ics 2>err &&
	grep "^BEGIN:VCALENDAR" none.ics && grep "^END:VCALENDAR" none.ics &&
	! grep VTODO none.ics
'

test_expect_success 'search --owner: the client files and entries of that owner'"'"'s clients' '
	notebook -C nb search invoice --owner ben --json >o.json &&
	python3 -c "
import json
d = json.load(open(\"o.json\"))
assert d and all(h[\"clients\"] == [\"acme-corp\"] for h in d), d
" &&
	notebook -C nb search --owner=CHLOÉ invoice >out &&
	grep globex out && ! grep acme out &&
	notebook -C nb search --ow chloe -- invoice >out &&
	grep globex out
'

test_expect_success 'assign: the owner line alone changes, committed as "owner ben → chloe"' '
	notebook -C nb assign acme chloe >out 2>err &&
	echo "assign: acme-corp owner Ben → Chloé" >expect &&
	test_cmp expect out && test_must_be_empty err &&
	git -C nb log -1 --format=%s >msg && test_cmp expect msg &&
	git -C nb show --stat --format= HEAD >stat &&
	grep "clients/acme-corp.md | 2 +-" stat && test $(wc -l <stat) = 2 &&
	git -C nb show HEAD | grep "^[-+]owner" >diff &&
	printf "%s\n" "-owner: Ben" "+owner: Chloé" >expect && test_cmp expect diff &&
	git -C nb status --porcelain >st && test_must_be_empty st &&
	git -C nb fsck --strict &&
	notebook -C nb list --owner chloe >out &&
	grep "^acme-corp " out && grep "^globex " out
'

test_expect_success 'assign: the same owner changes nothing; a near miss warns; hand edits stay out' '
	git -C nb rev-parse HEAD >before &&
	notebook -C nb assign acme-corp "CHLOÉ" >out &&
	echo "acme-corp is Chloé'"'"'s already; nothing changed" >expect && test_cmp expect out &&
	git -C nb rev-parse HEAD >now && test_cmp before now &&
	echo "Hand note." >>nb/clients/initech.md &&
	notebook -C nb assign initech "Chloee" >out 2>err &&
	grep "did you mean '"'"'Chloé'"'"'" err &&
	echo "assign: initech owner Ben → Chloee" >expect && test_cmp expect out &&
	git -C nb show HEAD:clients/initech.md >committed &&
	! grep "Hand note" committed && grep "^owner: Chloee$" committed &&
	grep "Hand note" nb/clients/initech.md && grep "^owner: Chloee$" nb/clients/initech.md &&
	git -C nb status --porcelain >st && echo " M clients/initech.md" >expect && test_cmp expect st &&
	git -C nb checkout -q clients/initech.md
'

test_expect_success 'assign: a client without an owner of its own, a name YAML must quote' '
	notebook -C nb new "Stark" >/dev/null &&
	sed -i "/^owner:/d" nb/clients/stark.md && notebook -C nb commit -m "no owner" >/dev/null &&
	notebook -C nb assign stark "O'"'"'Brien: sales" >out &&
	echo "assign: stark owner Dana Ortiz → O'"'"'Brien: sales" >expect && test_cmp expect out &&
	notebook -C nb check &&
	notebook -C nb list --owner "o'"'"'brien: sales" >out && grep "^stark " out &&
	notebook -C nb assign globex ben >out &&
	echo "assign: globex owner Chloé → Ben" >expect && test_cmp expect out
'

test_expect_success 'assign: bad input is refused, nothing written' '
	git -C nb rev-parse HEAD >before &&
	refused 2 "notebook: a client and an owner are needed" assign acme &&
	refused 2 "notebook: unexpected '"'"'x'"'"' after the owner" assign acme ben x &&
	refused 2 "notebook: the owner is a name on one line, not '"'"'a\\nb'"'"'" assign acme "$(printf "a\nb")" &&
	test_must_fail --status=1 notebook -C nb assign nosuch ben 2>err &&
	git -C nb rev-parse HEAD >now && test_cmp before now &&
	git -C nb status --porcelain >st && test_must_be_empty st
'

test_done
