#!/bin/sh
# notebook import csv and import vcard: files as LibreOffice, Excel, Google
# Contacts, Apple Contacts, Thunderbird and khard write them
# (tests/fixtures/import/), bad rows and cards with their exact
# diagnostics, one commit, nothing overwritten, a second run changing
# nothing, and the vCard round trip.
. "$(dirname "$0")/lib.sh"

FX=$SRC_ROOT/tests/fixtures/import
PY=/usr/bin/python3
EXAMPLE=$SRC_ROOT/examples/consultancy
Q="'"

# example DIR: the example notebook in a git repository of its own.
example() {
	cp -R "$EXAMPLE" "$1" && rm -rf "$1/.notebook-cache" &&
	git -C "$1" init -q && git -C "$1" add -A && git -C "$1" commit -q -m example
}

commits() {
	git -C "$1" rev-list --count HEAD
}

test_expect_success 'from a spreadsheet in three commands: init, import --dry-run, import' '
	cat >clients.csv <<-\EOF &&
	Company,Contact,Email,Tier,Last contact,Owner
	Acme Corp,Jane Roe,jane@acme.example,key,2026-10-10,sam
	Globex,Hank Scorpio,,regular,2026-11-02,
	"Initech, Inc.",,,occasional,,priya
	EOF
	notebook init nb >/dev/null &&
	(cd nb && notebook import csv ../clients.csv --dry-run) >out 2>err &&
	cat >want <<-\EOF &&
	would create clients/acme-corp.md (Acme Corp, ../clients.csv line 2)
	would create journal/2026/10/2026-10-10-acme-corp-call.md (last contact, ../clients.csv line 2)
	would create clients/globex.md (Globex, ../clients.csv line 3)
	would create journal/2026/11/2026-11-02-globex-call.md (last contact, ../clients.csv line 3)
	would create clients/initech-inc.md (Initech, Inc., ../clients.csv line 4)
	would import: 3 clients new, 0 updated, 2 entries
	EOF
	test_cmp want out &&
	test_must_be_empty err &&
	test "$(commits nb)" = 1 &&
	test ! -e nb/clients/acme-corp.md &&
	(cd nb && notebook import csv ../clients.csv) >out 2>err &&
	sed "s/^would create/created/; s/^would import/imported/" want >want2 &&
	test_cmp want2 out &&
	test_must_be_empty err &&
	test "$(commits nb)" = 2 &&
	git -C nb log -1 --format=%s >msg &&
	echo "import: clients.csv (3 new, 0 updated, 2 entries)" >want &&
	test_cmp want msg &&
	git -C nb show --name-status --format= HEAD >files &&
	cat >want <<-\EOF &&
	A	clients/acme-corp.md
	A	clients/globex.md
	A	clients/initech-inc.md
	A	journal/2026/10/2026-10-10-acme-corp-call.md
	A	journal/2026/11/2026-11-02-globex-call.md
	EOF
	test_cmp want files &&
	git -C nb status --porcelain >st &&
	test_must_be_empty st &&
	git -C nb fsck --strict &&
	notebook -C nb check
'

test_expect_success 'the files it writes' '
	cat >want <<-\EOF &&
	---
	name: Acme Corp
	tier: key
	owner: sam
	contacts:
	  - name: Jane Roe
	    email: jane@acme.example
	---
	# Acme Corp

	EOF
	test_cmp want nb/clients/acme-corp.md &&
	cat >want <<-\EOF &&
	---
	client: acme-corp
	date: 2026-10-10
	kind: call
	with: [Jane Roe]
	---
	Imported from clients.csv.
	EOF
	test_cmp want nb/journal/2026/10/2026-10-10-acme-corp-call.md &&
	grep -q "^name: Initech, Inc.$" nb/clients/initech-inc.md
'

test_expect_success 'the first audit starts from the last contact in the file, not from today' '
	notebook -C nb status --json >st.json &&
	"$PY" - st.json <<-\EOF
	import json, sys
	c = {x["id"]: x for x in json.load(open(sys.argv[1]))["clients"]}
	assert c["acme-corp"]["last_contact"] == "2026-10-10", c["acme-corp"]
	assert c["acme-corp"]["last_kind"] == "call"
	assert c["globex"]["days_since"] == 18, c["globex"]
	assert c["initech-inc"]["state"] == "never"
	EOF
'

test_expect_success 'the same import again changes nothing' '
	head=$(git -C nb rev-parse HEAD) &&
	(cd nb && notebook import csv ../clients.csv) >out 2>err &&
	echo "nothing to import: the notebook already has what ../clients.csv holds" >want &&
	test_cmp want out &&
	test_must_be_empty err &&
	test "$(git -C nb rev-parse HEAD)" = "$head"
'

test_expect_success 'what a client file says is kept; what it lacks is added' '
	cat >more.csv <<-\EOF &&
	Client,Tier,Contact,Role,Tags
	acme corp,regular,Jane Roe,COO,consulting
	EOF
	(cd nb && notebook import csv ../more.csv) >out 2>err &&
	cat >want <<-\EOF &&
	kept clients/acme-corp.md: '"$Q"'tier'"$Q"' stays as the file has it (../more.csv line 2 says '"$Q"'regular'"$Q"')
	updated clients/acme-corp.md: tags, Jane Roe'"$Q"'s role
	imported: 0 clients new, 1 updated, 0 entries
	EOF
	test_cmp want out &&
	test_must_be_empty err &&
	cat >want <<-\EOF &&
	---
	name: Acme Corp
	tier: key
	owner: sam
	contacts:
	  - name: Jane Roe
	    email: jane@acme.example
	    role: COO
	tags: [consulting]
	---
	# Acme Corp

	EOF
	test_cmp want nb/clients/acme-corp.md &&
	notebook -C nb check &&
	git -C nb fsck --strict
'

test_expect_success 'bad rows: FILE:LINE:COL diagnostics, the valid rows still import, exit 1' '
	notebook init bad >/dev/null &&
	printf "Name,Tier,Status,Since,Cadence,Last contact\n" >rows.csv &&
	printf "Good One,key,active,2025-01-02,21,2026-11-01\n" >>rows.csv &&
	printf "Bad Tier,kye,active,,,\n" >>rows.csv &&
	printf "Bad Status,regular,actve,,,\n" >>rows.csv &&
	printf "Bad Date,regular,,2025-02-30,,\n" >>rows.csv &&
	printf "Bad Cadence,regular,,,soon,\n" >>rows.csv &&
	printf ",regular,,,,\n" >>rows.csv &&
	printf "\"Unclosed,regular\n" >>rows.csv &&
	test_status 1 notebook -C bad import csv rows.csv >out 2>err &&
	cat >want <<-\EOF &&
	rows.csv:3:10: error: '"$Q"'tier'"$Q"' must be one of key, regular, occasional, not '"$Q"'kye'"$Q"' (did you mean '"$Q"'key'"$Q"'?)
	rows.csv:4:20: error: '"$Q"'status'"$Q"' must be one of prospect, active, paused, former, not '"$Q"'actve'"$Q"' (did you mean '"$Q"'active'"$Q"'?)
	rows.csv:5:19: error: '"$Q"'2025-02-30'"$Q"' of '"$Q"'Since'"$Q"' is not a real day
	rows.csv:6:23: error: '"$Q"'cadence'"$Q"' must be a duration such as 14d, 2w, 3m or 1y, not '"$Q"'soon'"$Q"'
	rows.csv:7:1: error: no client name in this row
	rows.csv:8:1: error: quote not closed; a '"$Q"'"'"$Q"' inside a quoted field is written '"$Q"'""'"$Q"'
	EOF
	test_cmp want err &&
	cat >want <<-\EOF &&
	created clients/good-one.md (Good One, rows.csv line 2)
	created journal/2026/11/2026-11-01-good-one-call.md (last contact, rows.csv line 2)
	imported: 1 client new, 0 updated, 1 entry, 6 left out for errors
	EOF
	test_cmp want out &&
	cat >want <<-\EOF &&
	---
	name: Good One
	status: active
	tier: key
	cadence: 21d
	since: 2025-01-02
	---
	# Good One

	EOF
	test_cmp want bad/clients/good-one.md &&
	test "$(commits bad)" = 2 &&
	git -C bad fsck --strict
'

test_expect_success 'a CSV that is not UTF-8 (Excel'"$Q"'s plain "CSV" in Windows-1252) says how to save it' '
	printf "Name,Owner\r\nCaf\351 Noir,sam\r\n" >cp1252.csv &&
	test_status 1 notebook -C bad import csv cp1252.csv >out 2>err &&
	echo "cp1252.csv:2:4: error: not UTF-8; save the file as CSV with the character set UTF-8 (LibreOffice: Unicode (UTF-8); Excel: CSV UTF-8)" >want &&
	test_cmp want err &&
	test_must_be_empty out
'

test_expect_success 'columns: unknown ones are reported, --map names them, --map errors exit 2' '
	notebook init cols >/dev/null &&
	cat >cols.csv <<-\EOF &&
	Account Name,Région,Account Manager,Industry
	Acme Corp,Nord,sam,retail
	EOF
	(cd cols && notebook import csv ../cols.csv --dry-run) >out 2>err &&
	cat >want <<-\EOF &&
	../cols.csv:1:14: warning: column '"$Q"'Région'"$Q"' is not imported: it matches no field; map it with --map '"$Q"'Région=FIELD'"$Q"', or add the field to schema/client.schema.yaml
	../cols.csv:1:37: warning: column '"$Q"'Industry'"$Q"' is not imported: it matches no field; map it with --map '"$Q"'Industry=FIELD'"$Q"', or add the field to schema/client.schema.yaml
	EOF
	test_cmp want err &&
	grep -q "^would create clients/acme-corp.md (Acme Corp" out &&
	test_status 2 notebook -C cols import csv cols.csv --map Région=tgas 2>err &&
	echo "notebook: --map: no field '"$Q"'tgas'"$Q"' (did you mean '"$Q"'tags'"$Q"'?)" >want &&
	test_cmp want err &&
	test_status 2 notebook -C cols import csv cols.csv --map Country=tags 2>err &&
	echo "notebook: --map '"$Q"'Country=tags'"$Q"': the file has no column '"$Q"'Country'"$Q"'" >want &&
	test_cmp want err &&
	test_status 2 notebook -C cols import csv cols.csv --map Région 2>err &&
	head -n 1 err >got &&
	echo "notebook: --map wants COLUMN=FIELD, not '"$Q"'Région'"$Q"'" >want &&
	test_cmp want got &&
	(cd cols && notebook import csv ../cols.csv --map "Région=tags" --map Industry=- ) >out 2>err &&
	test_must_be_empty err &&
	grep -q "^tags: \[Nord\]$" cols/clients/acme-corp.md &&
	grep -q "^owner: sam$" cols/clients/acme-corp.md
'

test_expect_success 'a custom field of the notebook'"$Q"'s schema takes its column' '
	notebook init custom >/dev/null &&
	write_file custom/schema/client.schema.yaml <<-\EOF &&
	properties:
	  industry:
	    description: The client'"$Q"'s industry.
	    enum: [finance, retail, public]
	  employees:
	    type: integer
	EOF
	git -C custom add schema && git -C custom commit -q -m schema &&
	cat >custom.csv <<-\EOF &&
	Name,Industry,Employees
	Acme Corp,retail,250
	Globex,mining,40
	EOF
	test_status 1 notebook -C custom import csv custom.csv >out 2>err &&
	echo "custom.csv:3:8: error: '"$Q"'industry'"$Q"' must be one of finance, retail, public, not '"$Q"'mining'"$Q"'" >want &&
	test_cmp want err &&
	grep -q "^industry: retail$" custom/clients/acme-corp.md &&
	grep -q "^employees: 250$" custom/clients/acme-corp.md &&
	notebook -C custom check
'

test_expect_success 'no name column, or one field from two columns, stops before anything' '
	printf "Tier,Owner\nkey,sam\n" >noname.csv &&
	test_status 1 notebook -C cols import csv noname.csv 2>err &&
	echo "noname.csv:1:1: error: no column gives the client'"$Q"'s name (Name, Company, Client, Account…); say which with --map COLUMN=name" >want &&
	test_cmp want err &&
	printf "Company,Client\nA,B\n" >twice.csv &&
	test_status 1 notebook -C cols import csv twice.csv 2>err &&
	echo "twice.csv:1:9: error: columns '"$Q"'Company'"$Q"' and '"$Q"'Client'"$Q"' both give '"$Q"'name'"$Q"'; map one of them elsewhere with --map '"$Q"'Client=FIELD'"$Q"' (or '"$Q"'Client=-'"$Q"' to leave it out)" >want &&
	test_cmp want err
'

test_expect_success '--last-contact-kind, and a kind that is no contact is refused' '
	notebook init kinds >/dev/null &&
	printf "Name,Last contact\nAcme,2026-11-01\n" >k.csv &&
	(cd kinds && notebook import csv ../k.csv --last-contact-kind meeting) >out &&
	grep -q "^created journal/2026/11/2026-11-01-acme-meeting.md" out &&
	test_status 2 notebook -C kinds import csv k.csv --last-contact-kind note 2>err &&
	grep -q "^notebook: --last-contact-kind wants a kind of contact" err
'

test_expect_success 'LibreOffice Calc 7.4 CSV into the example notebook (--dates mdy)' '
	example ex &&
	test_status 1 notebook -C ex import csv "$FX/libreoffice-7.4-calc.csv" --dry-run >out 2>err &&
	sed "s|$FX/||" err >got &&
	echo "libreoffice-7.4-calc.csv:2:70: error: '"$Q"'01/06/25'"$Q"' of '"$Q"'Client since'"$Q"' could be day/month or month/day; give --dates dmy or --dates mdy, or write dates as YYYY-MM-DD" >want &&
	test_cmp want got &&
	(cd ex && notebook import csv "$FX/libreoffice-7.4-calc.csv" --dates mdy) >out 2>err &&
	test_must_be_empty err &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	created clients/acme-corp.md (Acme Corp, libreoffice-7.4-calc.csv line 2)
	created journal/2026/10/2026-10-10-acme-corp-call.md (last contact, libreoffice-7.4-calc.csv line 2)
	kept clients/harrow-vale.md: '"$Q"'tier'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 3 says '"$Q"'regular'"$Q"')
	kept clients/harrow-vale.md: '"$Q"'since'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 3 says '"$Q"'2024-03-15'"$Q"')
	kept clients/harrow-vale.md: '"$Q"'tags'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 3 says '"$Q"'logistics'"$Q"')
	kept clients/harrow-vale.md: '"$Q"'owner'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 3 says '"$Q"'sam'"$Q"')
	kept clients/harrow-vale.md: Helen Okafor'"$Q"'s '"$Q"'email'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 3 says '"$Q"'helen@harrowvale.example'"$Q"')
	kept clients/kestrel-analytics.md: '"$Q"'status'"$Q"' stays as the file has it (libreoffice-7.4-calc.csv line 5 says '"$Q"'prospect'"$Q"')
	created clients/marlow-print-daughters.md (Marlow "Print" & Daughters, libreoffice-7.4-calc.csv line 6)
	created journal/2026/09/2026-09-30-marlow-print-daughters-call.md (last contact, libreoffice-7.4-calc.csv line 6)
	imported: 2 clients new, 0 updated, 2 entries
	EOF
	test_cmp want got &&
	cat >want <<-\EOF &&
	---
	name: Acme Corp
	status: active
	tier: key
	since: 2025-01-06
	owner: sam
	tags:
	  - consulting
	  - restructuring
	contacts:
	  - name: Jane Roe
	    role: COO
	    email: jane@acme.example
	    phone: "+44 20 7946 0000"
	---
	# Acme Corp

	EOF
	test_cmp want ex/clients/acme-corp.md &&
	notebook -C ex check &&
	git -C ex fsck --strict &&
	test "$(commits ex)" = 2 &&
	notebook -C ex status --all --json >st.json &&
	"$PY" - st.json <<-\EOF
	import json, sys
	c = {x["id"]: x for x in json.load(open(sys.argv[1]))["clients"]}
	assert c["acme-corp"]["last_contact"] == "2026-10-10" and c["acme-corp"]["days_since"] == 41, c["acme-corp"]
	assert c["marlow-print-daughters"]["last_contact"] == "2026-09-30", c["marlow-print-daughters"]
	EOF
'

test_expect_success 'Excel 16 "CSV UTF-8" (BOM, CRLF, Alt+Enter in a cell, DD/MM/YYYY)' '
	test_status 1 notebook -C ex import csv "$FX/excel-16-csv-utf8.csv" --dates dmy >out 2>err &&
	sed "s|$FX/||" err >got &&
	echo "excel-16-csv-utf8.csv:5:40: error: '"$Q"'30/02/2026'"$Q"' of '"$Q"'Last contacted'"$Q"' is not a real day" >want &&
	test_cmp want got &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	updated clients/brackenridge-insurance.md: Dev Malhotra'"$Q"'s notes
	skipped brackenridge-insurance'"$Q"'s last contact 2026-11-02 (excel-16-csv-utf8.csv line 2): the notebook has a later one, 2026-11-10
	imported: 0 clients new, 1 updated, 0 entries, 1 left out for errors
	EOF
	test_cmp want got &&
	grep -q "^    notes: \"Claims team.\\\\nAsks for written summaries.\"$" ex/clients/brackenridge-insurance.md &&
	notebook -C ex show brackenridge --no-color >show.out &&
	sed -n "/^  Dev Malhotra/,/^  [^ ]/p" show.out >got &&
	cat >want <<-\EOF &&
	  Dev Malhotra, Head of Claims, dev.malhotra@brackenridge.example, +44 113 496 0722
	    last spoke 10 days ago (meeting, 2026-11-10)
	    Claims team.
	    Asks for written summaries.
	  Sarah Quinn, CIO, sarah.quinn@brackenridge.example
	EOF
	test_cmp want got
'

test_expect_success 'Excel 16 in a German locale: semicolons, DD.MM.YYYY, headers named with --map' '
	(cd ex && notebook import csv "$FX/excel-16-de-semicolon.csv" --map Firma=name \
		--map Ansprechpartner=contact --map Telefon=phone --map "Letzter Kontakt=last-contact" \
		--map Kategorien=tags) >out 2>err &&
	test_must_be_empty err &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	created clients/muller-sohne-gmbh.md (Müller & Söhne GmbH, excel-16-de-semicolon.csv line 2)
	created journal/2026/11/2026-11-03-muller-sohne-gmbh-call.md (last contact, excel-16-de-semicolon.csv line 2)
	created clients/brauerei-zur-linde.md (Brauerei Zur Linde, excel-16-de-semicolon.csv line 3)
	created journal/2026/10/2026-10-28-brauerei-zur-linde-call.md (last contact, excel-16-de-semicolon.csv line 3)
	imported: 2 clients new, 0 updated, 2 entries
	EOF
	test_cmp want got &&
	cat >want <<-\EOF &&
	---
	name: Brauerei Zur Linde
	tags:
	  - Gastronomie
	  - Getränke
	contacts:
	  - name: Anna Weiß
	    email: anna@zurlinde.example
	---
	# Brauerei Zur Linde

	EOF
	test_cmp want ex/clients/brauerei-zur-linde.md &&
	notebook -C ex check && git -C ex fsck --strict
'

test_expect_success 'Google Contacts vCard 3.0: ORG makes or finds the client; a card without ORG is reported' '
	test_status 1 notebook -C ex import vcard "$FX/google-contacts-2024.vcf" --dry-run >out 2>err &&
	sed "s|$FX/||" err >got &&
	echo "google-contacts-2024.vcf:26:1: error: card '"$Q"'Sam Nobody'"$Q"' has no ORG, so no client to put them at; add ORG (the client'"$Q"'s name)" >want &&
	test_cmp want got &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	would keep clients/acme-corp.md: Jane Roe'"$Q"'s '"$Q"'email'"$Q"' stays as the file has it (google-contacts-2024.vcf line 1 says '"$Q"'jane@acme.example, jane.roe@home.example'"$Q"')
	would keep clients/acme-corp.md: Jane Roe'"$Q"'s '"$Q"'phone'"$Q"' stays as the file has it (google-contacts-2024.vcf line 1 says '"$Q"'+44 7700 900123, +44 20 7946 0000'"$Q"')
	would update clients/acme-corp.md: Jane Roe'"$Q"'s birthday, Jane Roe'"$Q"'s notes
	would update clients/kestrel-analytics.md: 1 person (Tomás Ortega)
	would import: 0 clients new, 2 updated, 0 entries, 1 left out for errors
	EOF
	test_cmp want got &&
	head=$(git -C ex rev-parse HEAD) &&
	test_status 1 notebook -C ex import vcard "$FX/google-contacts-2024.vcf" >out 2>err &&
	test "$(git -C ex rev-list --count $head..HEAD)" = 1 &&
	grep -q "^    birthday: 1980-11-23$" ex/clients/acme-corp.md &&
	grep -q "^    notes: Met at the Leeds conference, 2024. Prefers calls before nine.$" ex/clients/acme-corp.md &&
	sed -n "/^  - name: Tomás Ortega$/,/^[^ ]/p" ex/clients/kestrel-analytics.md >got &&
	cat >want <<-\EOF &&
	  - name: Tomás Ortega
	    role: Head of Data
	    email: tomas@kestrel.example
	empathy:
	EOF
	test_cmp want got &&
	notebook -C ex check && git -C ex fsck --strict
'

test_expect_success 'Apple Contacts vCard: X-APPLE-OMIT-YEAR, type=pref, a folded PHOTO, ORG with a unit' '
	notebook -C ex import vcard "$FX/apple-contacts-macos-14.vcf" >out 2>err &&
	test_must_be_empty err &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	kept clients/marlow-print.md: Ruth Marlow'"$Q"'s '"$Q"'email'"$Q"' stays as the file has it (apple-contacts-macos-14.vcf line 1 says '"$Q"'ruth@marlowprint.example, ruth.m@home.example'"$Q"')
	kept clients/marlow-print.md: Ruth Marlow'"$Q"'s '"$Q"'phone'"$Q"' stays as the file has it (apple-contacts-macos-14.vcf line 1 says '"$Q"'+44 7700 900456'"$Q"')
	updated clients/marlow-print.md: Ruth Marlow'"$Q"'s birthday, Ruth Marlow'"$Q"'s notes, 1 person (Ellen Marlow)
	imported: 0 clients new, 1 updated, 0 entries
	EOF
	test_cmp want got &&
	grep -q "^    birthday: \"--04-12\"$" ex/clients/marlow-print.md &&
	grep -q "^    birthday: 1988-07-30$" ex/clients/marlow-print.md &&
	notebook -C ex check
'

test_expect_success 'Thunderbird 115 vCard 4.0: PREF=1, VALUE=TEXT, BDAY;VALUE=DATE; a bad BDAY is one card out' '
	test_status 1 notebook -C ex import vcard "$FX/thunderbird-115.vcf" >out 2>err &&
	sed "s|$FX/||" err >got &&
	echo "thunderbird-115.vcf:27:1: error: '"$Q"'BDAY'"$Q"' is '"$Q"'19710231'"$Q"', not a date (19800423, 1980-04-23 or --0423)" >want &&
	test_cmp want got &&
	sed "s|$FX/||" out >got &&
	cat >want <<-\EOF &&
	kept clients/harrow-vale.md: Martin Lyle'"$Q"'s '"$Q"'email'"$Q"' stays as the file has it (thunderbird-115.vcf line 1 says '"$Q"'martin.lyle@harrowvale.example, hr@harrowvale.example'"$Q"')
	updated clients/harrow-vale.md: Martin Lyle'"$Q"'s phone, Martin Lyle'"$Q"'s birthday, Martin Lyle'"$Q"'s notes
	imported: 0 clients new, 1 updated, 0 entries, 1 left out for errors
	EOF
	test_cmp want got &&
	notebook -C ex show harrow --no-color >show.out &&
	sed -n "/^  Martin Lyle/,/^$/p" show.out >got &&
	cat >want <<-\EOF &&
	  Martin Lyle, HR Director, martin.lyle@harrowvale.example, +44 121 496 0190
	    last spoke 42 days ago (meeting, 2026-10-09); birthday 1971-03-05
	    Union liaison.
	    Call before Thursday.

	EOF
	test_cmp want got
'

test_expect_success 'khard vCard: a line folded inside UTF-8 text, escaped ; , and newline' '
	notebook -C ex import vcard "$FX/khard-0.18.vcf" >out 2>err &&
	test_must_be_empty err &&
	cat >want <<-\EOF &&
	updated clients/lok-fu-trading.md: Chan Wing-kei'"$Q"'s email, Chan Wing-kei'"$Q"'s phone, Chan Wing-kei'"$Q"'s birthday, Chan Wing-kei'"$Q"'s notes
	imported: 0 clients new, 1 updated, 0 entries
	EOF
	test_cmp want out &&
	notebook -C ex show lok-fu --json >lok.json &&
	"$PY" - lok.json <<-\EOF &&
	import json, sys
	p = json.load(open(sys.argv[1]))["client"]["contacts"][0]
	assert p["name"] == "Chan Wing-kei" and p["birthday"] == "--09-18", p
	assert p["notes"] == "Prefers Cantonese for anything important; English for email. 陳永基 — tea, not coffee.\nNever book him on a Sunday.", p
	assert p["emails"] == ["wingkei@lokfu.example"] and p["phones"] == ["+852 2345 6789"], p
	EOF
	notebook -C ex check && git -C ex fsck --strict
'

test_expect_success 'every import again changes nothing' '
	head=$(git -C ex rev-parse HEAD) &&
	notebook -C ex import csv "$FX/libreoffice-7.4-calc.csv" --dates mdy >/dev/null 2>&1 &&
	test_status 1 notebook -C ex import csv "$FX/excel-16-csv-utf8.csv" --dates dmy >/dev/null 2>&1 &&
	test_status 1 notebook -C ex import vcard "$FX/google-contacts-2024.vcf" >/dev/null 2>&1 &&
	notebook -C ex import vcard "$FX/apple-contacts-macos-14.vcf" >/dev/null 2>&1 &&
	notebook -C ex import vcard "$FX/khard-0.18.vcf" >out 2>&1 &&
	echo "nothing to import: the notebook already has what $FX/khard-0.18.vcf holds" >want &&
	test_cmp want out &&
	test "$(git -C ex rev-parse HEAD)" = "$head" &&
	git -C ex status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'round trip: import vCard, export vCard, import again changes nothing' '
	notebook -C ex export --format vcard >all.vcf &&
	notebook init fresh >/dev/null &&
	notebook -C fresh import vcard all.vcf >out &&
	tail -n 1 out >got &&
	echo "imported: 15 clients new, 0 updated, 0 entries" >want &&
	test_cmp want got &&
	notebook -C fresh export --format vcard >again.vcf &&
	test_cmp all.vcf again.vcf &&
	head=$(git -C fresh rev-parse HEAD) &&
	notebook -C fresh import vcard again.vcf >out &&
	echo "nothing to import: the notebook already has what again.vcf holds" >want &&
	test_cmp want out &&
	test "$(git -C fresh rev-parse HEAD)" = "$head" &&
	notebook -C ex import vcard all.vcf >out &&
	echo "nothing to import: the notebook already has what all.vcf holds" >want &&
	test_cmp want out &&
	notebook -C fresh check && git -C fresh fsck --strict
'

test_expect_success 'bad cards: no END, no name, a line without a colon, an unknown charset' '
	printf "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:First\r\nORG:Acme Corp\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nORG:Acme Corp\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Colon\r\nno colon here\r\nORG:Acme Corp\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN;CHARSET=SHIFT_JIS:x\r\nORG:Acme Corp\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN;CHARSET=ISO-8859-1:Ren\351e Latin\r\nORG:Acme Corp\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Last\r\nORG:Acme Corp\r\n" >bad.vcf &&
	test_status 1 notebook -C fresh import vcard bad.vcf >out 2>err &&
	cat >want <<-\EOF &&
	bad.vcf:1:1: error: card without '"$Q"'END:VCARD'"$Q"' before the next '"$Q"'BEGIN:VCARD'"$Q"'
	bad.vcf:5:1: error: card without a name (FN or N)
	bad.vcf:11:1: error: a line without '"$Q"':'"$Q"' in a card; each line is NAME:value
	bad.vcf:15:1: error: '"$Q"'FN'"$Q"' has the character set '"$Q"'SHIFT_JIS'"$Q"'; export the cards as UTF-8
	bad.vcf:22:1: error: card without '"$Q"'END:VCARD'"$Q"'
	EOF
	test_cmp want err &&
	cat >want <<-\EOF &&
	updated clients/acme-corp.md: 1 person (Renée Latin)
	imported: 0 clients new, 1 updated, 0 entries, 5 left out for errors
	EOF
	test_cmp want out &&
	printf "not a card\n" >none.vcf &&
	test_status 1 notebook -C fresh import vcard none.vcf 2>err &&
	cat >want <<-\EOF &&
	none.vcf:1:1: error: not a vCard line (expected BEGIN:VCARD)
	none.vcf:1:1: error: no card in the file (no '"$Q"'BEGIN:VCARD'"$Q"')
	EOF
	test_cmp want err
'

test_expect_success 'a flow-style contacts list is not edited: it says how to fix it' '
	write_file fresh/clients/flow.md <<-\EOF &&
	---
	name: Flow Ltd
	contacts: [{name: Ann}]
	---
	EOF
	git -C fresh add clients/flow.md && git -C fresh commit -q -m flow &&
	printf "BEGIN:VCARD\r\nFN:Bo\r\nORG:Flow Ltd\r\nEND:VCARD\r\n" >flow.vcf &&
	test_status 1 notebook -C fresh import vcard flow.vcf >out 2>err &&
	echo "fresh/clients/flow.md:3:11: error: '"$Q"'contacts'"$Q"' is not a block list ('"$Q"'- name: …'"$Q"' on lines of their own); write it so to import people into it" >want &&
	test_cmp want err
'

test_expect_success 'usage: --help, a format that is not one, one file' '
	notebook import --help >out &&
	head -n 1 out >got &&
	echo "usage: notebook import csv FILE [--map COLUMN=FIELD]... [--dates dmy|mdy]" >want &&
	test_cmp want got &&
	test_status 2 notebook -C fresh import vcrad x.vcf 2>err &&
	echo "notebook: '"$Q"'vcrad'"$Q"' is not a format to import (did you mean '"$Q"'vcard'"$Q"'?)" >want &&
	test_cmp want err &&
	test_status 2 notebook -C fresh import csv 2>err &&
	head -n 1 err >got &&
	echo "notebook: import what? give csv or vcard and a file" >want &&
	test_cmp want got &&
	test_status 2 notebook -C fresh import vcard a.vcf --map a=tags 2>err &&
	head -n 1 err >got &&
	echo "notebook: --map and --dates are for csv" >want &&
	test_cmp want got &&
	test_status 3 notebook -C fresh import csv missing.csv 2>err &&
	grep -q "^notebook: cannot open .*missing.csv" err
'

test_done
