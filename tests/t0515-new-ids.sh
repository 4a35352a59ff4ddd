#!/bin/sh
# notebook new: ids from names with accents and Latin letters folded, cut at
# a word boundary; a name or id taken already is refused; --since, --owner,
# and the owner of a team notebook.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	notebook init nb >/dev/null
'

new_id() {
	notebook -C nb new "$1" >out &&
	echo "new: $2" >expect &&
	test_cmp expect out &&
	test -f "nb/clients/$2.md"
}

test_expect_success 'accents and Latin letters fold to ASCII' '
	new_id "Société Générale Conseil" societe-generale-conseil &&
	new_id "Straße & Søn ÆØÅ" strasse-son-aeoa &&
	new_id "Łódź Œuvres Þórsson" lodz-oeuvres-thorsson &&
	new_id "Đặng Nguyễn Thị" dang-nguyen-thi &&
	new_id "Ștefan Țară" stefan-tara &&
	new_id "Ĳsselmeer Ħamrun ſtift" ijsselmeer-hamrun-stift &&
	new_id "Çağrı Öztürk İnşaat" cagri-ozturk-insaat
'

test_expect_success 'decomposed accents are dropped; apostrophes join a word' '
	new_id "$(printf "Re\314\201sume\314\201 Partners")" resume-partners &&
	new_id "O'"'"'Brien & Sons" obrien-sons &&
	new_id "L’Oréal Conseil" loreal-conseil
'

test_expect_success 'a long id is cut at the last word boundary within 63 characters' '
	new_id "The Extraordinarily Long Name of a Consulting Partnership for International Restructuring" \
		the-extraordinarily-long-name-of-a-consulting-partnership-for &&
	id=the-extraordinarily-long-name-of-a-consulting-partnership-for &&
	test ${#id} -le 63 &&
	word=$(printf "%070d" 0 | tr 0 b) &&
	new_id "$word Corp" "$(printf "%063d" 0 | tr 0 b)" &&
	notebook -C nb check
'

test_expect_success 'a name with no Latin letter needs --id' '
	test_status 2 notebook -C nb new "田中商事" 2>err &&
	echo "notebook: cannot make an id from '"'"'田中商事'"'"'; give one with --id" >expect &&
	test_cmp expect err &&
	notebook -C nb new "田中商事" --id tanaka >out &&
	echo "new: tanaka" >expect && test_cmp expect out
'

test_expect_success 'the same name, ignoring case, accents and punctuation, is refused' '
	head=$(git -C nb rev-parse HEAD) &&
	test_status 1 notebook -C nb new "SOCIETE generale, conseil" 2>err &&
	echo "notebook: a client named '"'"'Société Générale Conseil'"'"' exists already (nb/clients/societe-generale-conseil.md); to add another of that name, give it an id of its own with --id" >expect &&
	test_cmp expect err &&
	test_status 1 notebook -C nb new "田中商事" 2>err &&
	grep "a client named '"'"'田中商事'"'"' exists already" err &&
	test "$(git -C nb rev-parse HEAD)" = "$head" &&
	ls nb/clients >files &&
	! grep -- "-2\.md" files
'

test_expect_success 'a different name that makes a taken id is refused too' '
	test_status 1 notebook -C nb new "Societe-Generale Conseil!" --tier key 2>err &&
	grep "a client named" err &&
	test_status 1 notebook -C nb new "$(printf "%070d" 0 | tr 0 b) Holdings" 2>err &&
	echo "notebook: client '"'"'$(printf "%063d" 0 | tr 0 b)'"'"' exists already (nb/clients/$(printf "%063d" 0 | tr 0 b).md: $(printf "%070d" 0 | tr 0 b) Corp); give the new one an id of its own with --id" >expect &&
	test_cmp expect err
'

test_expect_success '--id makes a second client of one name deliberately' '
	notebook -C nb new "Société Générale Conseil" --id sgc-paris >out &&
	echo "new: sgc-paris" >expect && test_cmp expect out &&
	test_status 1 notebook -C nb new "Other" --id sgc-paris 2>err &&
	echo "notebook: client '"'"'sgc-paris'"'"' exists already (nb/clients/sgc-paris.md: Société Générale Conseil); give another id" >expect &&
	test_cmp expect err &&
	git -C nb status --porcelain >st && test_must_be_empty st &&
	git -C nb fsck --strict
'

test_expect_success '--since and --owner are written; a bad date is a usage error' '
	notebook -C nb new "Initech" --since 2024-02-29 --owner "Jo Park" >/dev/null &&
	cat >expect <<-\EOT &&
	---
	name: Initech
	status: active
	tier: regular
	since: 2024-02-29
	owner: Jo Park
	trust: healthy
	fit: good
	---
	# Initech

	EOT
	test_cmp expect nb/clients/initech.md &&
	test_status 2 notebook -C nb new "Bad" --since 2024-02-30 2>err &&
	head -1 err >first &&
	echo "notebook: '"'"'2024-02-30'"'"' is not a date (YYYY-MM-DD)" >expect &&
	test_cmp expect first &&
	test_status 2 notebook -C nb new "Bad" --owner "" &&
	! test -e nb/clients/bad.md &&
	notebook -C nb check
'

test_expect_success 'a notebook of one person: new writes no owner (notebook.yaml has it)' '
	notebook init solo >/dev/null &&
	notebook -C solo new "Acme" >/dev/null &&
	! grep "^owner:" solo/clients/acme.md &&
	notebook -C solo show acme >out &&
	grep "A Tester" out
'

test_expect_success 'a team notebook: the owner is the git user, not notebook.yaml owner' '
	notebook init team >/dev/null &&
	grep -x "owner: A Tester" team/notebook.yaml &&
	GIT_AUTHOR_NAME="Kim Other" notebook -C team new "Globex" >/dev/null &&
	grep -x "owner: Kim Other" team/clients/globex.md &&
	notebook -C team new "Hooli" >/dev/null &&
	grep -x "owner: A Tester" team/clients/hooli.md &&
	notebook -C team new "Umbrella" --owner "Sam Lee" >/dev/null &&
	grep -x "owner: Sam Lee" team/clients/umbrella.md &&
	notebook -C team list --json >out &&
	grep "\"owner\": \"Kim Other\"" out &&
	git -C team fsck --strict
'

test_done
