#!/bin/sh
# The people at a client (contacts with birthdays, notes, several emails and
# phones), show --json, agenda --json, birthdays in agenda and agenda --ics,
# and export --format json|csv|vcard, each read back by an independent
# parser: python3-jsonschema, Python's csv module, python3-vobject and
# python3-icalendar.
. "$(dirname "$0")/lib.sh"

SCHEMA=$SRC_ROOT/schema/export.json
# Debian's Python, which has the parsers (.ci/deps.sh installs them).
PY=/usr/bin/python3

make_notebook nb
write_file nb/clients/acme-corp.md <<'EOF'
---
name: Acme Corp
tier: key
since: 2025-01-06
tags: [consulting]
contacts:
  - name: Jane Roe
    role: COO
    email: [jane@acme.example, jane.roe@home.example]
    phone: "+44 20 7946 0000"
    birthday: 1980-11-23
    notes: "Prefers calls; \"no\" means later, not never"
  - name: Éloïse Martin-Dupré
    role: Head of People, Paris
    birthday: --12-01
  - name: Bob Stone
    phone: ["+1 555 0100", "+1 555 0199"]
---
# Acme Corp
EOF
write_file nb/clients/globex.md <<'EOF'
---
name: Globex, "the" Company
status: former
archived: 2026-06-30
contacts:
  - name: Hank Scorpio
    birthday: --11-22
---
EOF
write_file nb/journal/2026/10/2026-10-10-acme-corp-call.md <<'EOF'
---
client: acme-corp
date: 2026-10-10
kind: call
with: [jane roe]
---
Talked through the plan.
EOF
write_file nb/journal/2026/11/2026-11-12-acme-corp-note.md <<'EOF'
---
client: acme-corp
date: 2026-11-12
kind: note
with: [Jane Roe]
---
A note is not speaking to her.
EOF

validate() {
	"$PY" - "$SCHEMA" "$@" <<-\EOF
	import json, sys, jsonschema
	schema = json.load(open(sys.argv[1]))
	jsonschema.Draft202012Validator.check_schema(schema)
	which, path = sys.argv[2], sys.argv[3]
	if which != "export":
	    schema = {"$defs": schema["$defs"], "$ref": "#/$defs/" + which}
	jsonschema.validate(json.load(open(path)), schema, cls=jsonschema.Draft202012Validator)
	EOF
}

test_expect_success 'contacts: birthday, notes, several emails and phones are valid' '
	notebook -C nb check >out 2>err &&
	test_must_be_empty err
'

test_expect_success 'contacts: a bad birthday, a misspelt key and an empty email, with positions' '
	cp -R nb bad &&
	write_file bad/clients/initech.md <<-\EOF &&
	---
	name: Initech
	contacts:
	  - name: Bill
	    birthday: --02-30
	  - name: Peter
	    brithday: 1975-05-01
	    email: []
	    note: x
	---
	EOF
	test_status 1 notebook -C bad check 2>err &&
	cat >want <<-\EOF &&
	bad/clients/initech.md:5:15: error: '"'"'contacts[0].birthday'"'"' must be a date such as 1980-04-23, or --04-23 without the year, not '"'"'--02-30'"'"'
	bad/clients/initech.md:7:5: error: unknown key '"'"'brithday'"'"' in '"'"'contacts[1]'"'"' (did you mean '"'"'birthday'"'"'?)
	bad/clients/initech.md:8:12: error: '"'"'contacts[1].email'"'"' must have at least 1 item
	bad/clients/initech.md:9:5: error: unknown key '"'"'note'"'"' in '"'"'contacts[1]'"'"' (did you mean '"'"'notes'"'"'?)
	EOF
	test_cmp want err
'

test_expect_success 'show: each person with the last entry with them, birthday and notes' '
	notebook -C nb show acme-corp --no-color >out &&
	sed -n "/^contacts$/,/^$/p" out >got &&
	cat >want <<-\EOF &&
	contacts
	  Jane Roe, COO, jane@acme.example, jane.roe@home.example, +44 20 7946 0000
	    last spoke 41 days ago (call, 2026-10-10); birthday 1980-11-23
	    Prefers calls; "no" means later, not never
	  Éloïse Martin-Dupré, Head of People, Paris
	    no entry with them yet; birthday --12-01
	  Bob Stone, +1 555 0100, +1 555 0199
	    no entry with them yet

	EOF
	test_cmp want got
'

test_expect_success 'show --json: the client with its people, entries and figures, valid' '
	notebook -C nb show acme --json >show.json &&
	validate show show.json &&
	"$PY" - show.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["as_of"] == "2026-11-20"
	c = d["client"]
	assert c["id"] == "acme-corp" and c["tier"] == "key"
	jane = c["contacts"][0]
	assert jane == {"name": "Jane Roe", "role": "COO",
	    "emails": ["jane@acme.example", "jane.roe@home.example"],
	    "phones": ["+44 20 7946 0000"], "birthday": "1980-11-23",
	    "notes": "Prefers calls; \"no\" means later, not never",
	    "last_spoke": "2026-10-10", "last_spoke_days": 41,
	    "last_spoke_entry": "journal/2026/10/2026-10-10-acme-corp-call.md"}, jane
	assert c["contacts"][1]["last_spoke"] is None
	assert [e["kind"] for e in c["entries"]] == ["call", "note"]
	assert c["audit"]["state"] == "stale", c["audit"]
	assert c["audit"]["last_contact"] == "2026-10-10"
	EOF
'

test_expect_success 'agenda: birthdays in the window, with the age when the year is known' '
	notebook -C nb agenda --days 14 --no-color >out &&
	grep "birthday" out >got &&
	cat >want <<-\EOF &&
	2026-11-23 Mon          birthday  acme-corp  Acme Corp: Jane Roe'"'"'s birthday (46); COO
	2026-12-01 Tue          birthday  acme-corp  Acme Corp: Éloïse Martin-Dupré'"'"'s birthday; Head of People, Paris
	EOF
	test_cmp want got &&
	notebook -C nb agenda --days 2 --no-color >out &&
	! grep birthday out
'

test_expect_success 'agenda --json: every item, birthdays too, valid against the schema' '
	notebook -C nb agenda --days 14 --json >agenda.json &&
	validate agenda agenda.json &&
	"$PY" - agenda.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["from"] == "2026-11-20" and d["to"] == "2026-12-04"
	b = [i for i in d["items"] if i["kind"] == "birthday"]
	assert [(i["date"], i["person"], i["age"]) for i in b] == [
	    ("2026-11-23", "Jane Roe", 46), ("2026-12-01", "Éloïse Martin-Dupré", None)], b
	c = [i for i in d["items"] if i["kind"] == "contact"]
	assert c[0]["client"] == "acme-corp" and c[0]["overdue"], c
	EOF
'

test_expect_success 'agenda --ics: birthdays are all-day events python3-icalendar reads' '
	notebook -C nb agenda --days 14 --ics >agenda.ics &&
	"$PY" - agenda.ics <<-\EOF
	import sys, datetime, icalendar
	cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
	ev = [c for c in cal.walk("VEVENT")]
	got = [(str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in ev]
	assert got == [
	    ("Birthday: Jane Roe (Acme Corp)", datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)),
	    ("Birthday: Éloïse Martin-Dupré (Acme Corp)", datetime.date(2026, 12, 1), datetime.date(2026, 12, 2)),
	], got
	assert str(ev[1]["DESCRIPTION"]) == "Éloïse Martin-Dupré'"'"'s birthday; Head of People, Paris\nowner: A Tester", ev[1]["DESCRIPTION"]
	assert len(set(str(c["UID"]) for c in cal.subcomponents)) == len(cal.subcomponents)
	EOF
'

test_expect_success 'a 29 February birthday falls on 28 February in other years' '
	cp -R nb leap &&
	sed -i "s/birthday: --12-01/birthday: 1992-02-29/" leap/clients/acme-corp.md &&
	notebook -C leap agenda --as-of 2027-02-20 --days 10 --json >leap.json &&
	"$PY" - leap.json <<-\EOF
	import json, sys
	b = [i for i in json.load(open(sys.argv[1]))["items"] if i["kind"] == "birthday"]
	assert [(i["date"], i["age"]) for i in b] == [("2027-02-28", 35)], b
	EOF
'

test_expect_success 'export --format json: every client, valid against schema/export.json' '
	notebook -C nb export --format json >export.json &&
	validate export export.json &&
	"$PY" - export.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["notebook_export"] == 1 and d["owner"] == "A Tester" and d["timezone"] == "UTC"
	assert [c["id"] for c in d["clients"]] == ["acme-corp", "globex"]
	g = d["clients"][1]
	assert g["name"] == "Globex, \"the\" Company" and g["status"] == "former"
	assert g["archived"] == "2026-06-30" and g["audit"] is None
	EOF
'

test_expect_success 'export json of the example notebook is valid too; --output writes a file' '
	notebook -C "$SRC_ROOT/examples/consultancy" export --format json --as-of 2026-11-20 \
		--output ex.json >out &&
	test_must_be_empty out &&
	validate export ex.json &&
	notebook -C "$SRC_ROOT/examples/consultancy" export --format json --as-of 2026-11-20 >ex2.json &&
	test_cmp ex.json ex2.json
'

test_expect_success 'export --format csv: one header row, a row per client, read by Python csv' '
	notebook -C nb export --format csv >clients.csv &&
	"$PY" - clients.csv <<-\EOF
	import csv, sys
	raw = open(sys.argv[1], "rb").read()
	assert raw.endswith(b"\r\n") and b"\r\n" in raw.split(b"\r\n", 1)[0] + b"\r\n"
	rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
	assert rows[0] == ["id", "name", "status", "tier", "cadence", "owner", "tags", "since",
	    "archived", "trust", "fit", "contacts", "state", "last_contact", "days_since",
	    "cadence_days", "next_due", "days_overdue", "flags"], rows[0]
	assert len(rows) == 3
	acme = dict(zip(rows[0], rows[1]))
	assert acme["contacts"] == "Jane Roe; Éloïse Martin-Dupré; Bob Stone", acme
	assert (acme["state"], acme["last_contact"], acme["days_since"], acme["cadence_days"],
	    acme["next_due"], acme["days_overdue"]) == ("stale", "2026-10-10", "41", "14",
	    "2026-10-24", "27"), acme
	assert acme["flags"] == "thanks-missing", acme
	globex = dict(zip(rows[0], rows[2]))
	assert globex["name"] == "Globex, \"the\" Company" and globex["state"] == ""
	EOF
'

test_expect_success 'export --format vcard: vCard 4.0 that python3-vobject reads back as exported' '
	notebook -C nb export --format vcard >people.vcf &&
	"$PY" - people.vcf <<-\EOF
	import sys, vobject
	raw = open(sys.argv[1], "rb").read().decode("utf-8")
	assert all(len(l.encode()) <= 75 for l in raw.split("\r\n")), "lines folded at 75 octets"
	cards = list(vobject.readComponents(raw))
	got = []
	for c in cards:
	    assert c.version.value == "4.0"
	    got.append((c.fn.value, c.org.value,
	        c.title.value if hasattr(c, "title") else None,
	        [e.value for e in c.contents.get("email", [])],
	        [t.value for t in c.contents.get("tel", [])],
	        c.bday.value if hasattr(c, "bday") else None,
	        c.note.value if hasattr(c, "note") else None,
	        c.contents["x-notebook-client"][0].value))
	assert got == [
	    ("Jane Roe", ["Acme Corp"], "COO", ["jane@acme.example", "jane.roe@home.example"],
	     ["+44 20 7946 0000"], "19801123", "Prefers calls; \"no\" means later, not never", "acme-corp"),
	    ("Éloïse Martin-Dupré", ["Acme Corp"], "Head of People, Paris", [], [], "--1201", None, "acme-corp"),
	    ("Bob Stone", ["Acme Corp"], None, [], ["+1 555 0100", "+1 555 0199"], None, None, "acme-corp"),
	    ("Hank Scorpio", ["Globex, \"the\" Company"], None, [], [], "--1122", None, "globex"),
	], got
	EOF
'

test_expect_success 'export: usage errors exit 2' '
	test_status 2 notebook -C nb export 2>err &&
	grep -q "^notebook: which format? give --format json, csv or vcard$" err &&
	test_status 2 notebook -C nb export --format vcf 2>err &&
	head -n 1 err >got &&
	echo "notebook: unknown format '"'"'vcf'"'"'; json, csv or vcard" >want &&
	test_cmp want got &&
	test_status 2 notebook -C nb export --format jsno 2>err &&
	head -n 1 err >got &&
	echo "notebook: unknown format '"'"'jsno'"'"' (did you mean '"'"'json'"'"'?)" >want &&
	test_cmp want got &&
	notebook export --help >out &&
	head -n 1 out >first &&
	echo "usage: notebook export --format json|csv|vcard [--output FILE] [--as-of DATE]" >want &&
	test_cmp want first
'

test_expect_success 'log --with: names checked against the contacts, a warning and a did-you-mean' '
	notebook init withnb >/dev/null &&
	cp nb/clients/acme-corp.md withnb/clients/ &&
	git -C withnb add clients && git -C withnb commit -q -m acme &&
	(cd withnb && notebook log acme-corp -m "Talked." --with "jane  ROE" --with "Eloise Martin-Dupre" \
		--with "Jnae Roe" --with "Sam Other") >out 2>err &&
	cat >want <<-\EOF &&
	notebook: warning: '"'"'Jnae Roe'"'"' is not among the contacts of acme-corp (did you mean '"'"'Jane Roe'"'"'?)
	notebook: warning: '"'"'Sam Other'"'"' is not among the contacts of acme-corp; add them to the client'"'"'s contacts to see when you last spoke
	EOF
	test_cmp want err &&
	grep -q "^journal/2026/11/2026-11-20-acme-corp-call.md$" out &&
	git -C withnb fsck --strict &&
	notebook -C withnb show acme-corp --no-color >show.out &&
	grep -A1 "^  Jane Roe" show.out | tail -n 1 >got &&
	echo "    last spoke today (call); birthday 1980-11-23" >want &&
	test_cmp want got
'

test_expect_success 'agenda: --ics and --json together is a usage error' '
	test_status 2 notebook -C nb agenda --ics --json 2>err &&
	grep -q "^notebook: --ics or --json, not both$" err
'

test_expect_success 'export: a file with control characters is reported and left out, never printed raw' '
	cp -R nb esc &&
	printf -- "---\nname: \"Evil\\e]52;c;Zm9v\\aCo\"\ncontacts:\n  - name: \"Mal\\e[2Jlory\"\n---\n" >esc/clients/evil.md &&
	test_status 1 notebook -C esc check 2>err &&
	notebook -C esc export --format csv >e.csv 2>err &&
	grep -q "^esc/clients/evil.md:2:12: error: control characters are not allowed" err &&
	notebook -C esc export --format vcard >e.vcf &&
	notebook -C esc export --format json >e.json &&
	! grep -q "$(printf "\033")" e.csv e.vcf e.json &&
	! grep -q "^evil," e.csv
'

test_done
