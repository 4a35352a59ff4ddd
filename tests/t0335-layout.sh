#!/bin/sh
# list, agenda, show and the list of candidates of an ambiguous client on a
# terminal 60, 80 and 200 columns wide, with long names and ids, CJK and
# combining marks: no line wider than the terminal, nothing cut, the same
# text as piped (where the layout does not change it). And the agenda lists
# a promise of an entry naming two clients once.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
TOOLS=$TEST_DIRECTORY/tools

on_pty() {
	"$PY" "$SRC_ROOT/tests/fixtures/status-tools/on-pty.py" "$@"
}

# squeeze: blanks and ';' left out of each line of stdin.
squeeze() {
	sed 's/[[:space:];]//g'
}

test_expect_success 'a notebook with long names, long promises and wide characters' '
	make_notebook nb &&
	write_file nb/clients/tokyo.md <<-\EOF &&
	---
	name: 東京コンサルティング株式会社 国際事業部 東日本営業本部 第二営業グループ
	since: 2026-01-01
	tags: [japan, consulting, retainer-with-a-long-tag-name]
	---
	- [ ] 見積書を送る、そして東京の事務所で打ち合わせの日程を調整する (Réviser le calendrier — équipe «vite») due:2026-11-01
	EOF
	write_file nb/clients/the-extraordinarily-long-named-international-holdings-group.md <<-\EOF &&
	---
	name: The Extraordinarily Long-Named International Holdings Group of Companies and Subsidiaries Worldwide Incorporated
	since: 2026-01-01
	trust: strained
	owner: Maximiliane Konstantinopoulou-Wittgenstein
	---
	EOF
	write_file nb/clients/zoe.md <<-\EOF &&
	---
	name: Zoë Ångström Ñuñez Ли́дия
	since: 2026-09-01
	cadence: 7d
	---
	EOF
	write_file nb/clients/acme.md <<-\EOF &&
	---
	name: Acme Holdings
	since: 2026-01-01
	---
	EOF
	mkdir -p nb/journal/2026/11 &&
	write_file nb/journal/2026/11/2026-11-02-acme-call.md <<-\EOF &&
	---
	clients: [acme, zoe]
	date: 2026-11-02
	kind: call
	---
	Talked.

	- [ ] Send the revised statement of work including the staffing plan, the budget and the timeline for the second phase due:2026-11-10
	EOF
	notebook -C nb check
'

test_expect_success 'list at 60, 80 and 200 columns: fits, whole, the same rows as piped' '
	notebook -C nb list --no-color | squeeze >want &&
	for cols in 60 80 200; do
		on_pty $cols "$NOTEBOOK_BIN" -C nb list >l$cols &&
		"$PY" "$TOOLS/check_width.py" $cols l$cols &&
		"$PY" "$TOOLS/table_rows.py" l$cols 1 2 >got &&
		test_cmp want got || return 1
	done
'

test_expect_success 'agenda at 60, 80 and 200 columns: fits, whole, the same rows as piped' '
	notebook -C nb agenda --as-of 2026-11-20 | sed 1d | squeeze >want &&
	for cols in 60 80 200; do
		on_pty $cols "$NOTEBOOK_BIN" -C nb agenda --as-of 2026-11-20 >a$cols &&
		"$PY" "$TOOLS/check_width.py" $cols a$cols &&
		"$PY" "$TOOLS/table_rows.py" a$cols 2 1 >got &&
		test_cmp want got || return 1
	done
'

test_expect_success 'agenda: a promise of an entry naming two clients is listed once, with both' '
	notebook -C nb agenda --as-of 2026-11-20 >out &&
	test $(grep -c "Send the revised statement" out) = 1 &&
	grep -q "^ *promise   acme, zoe  *Acme Holdings, Zoë Ångström Ñuñez Ли́дия: '"'"'Send the revised statement of work including the staffing plan, the budget and the timeline for the second phase'"'"' overdue since 2026-11-10$" out &&
	notebook -C nb agenda --ics --as-of 2026-11-20 >out.ics &&
	test $(grep -c "^SUMMARY:Acme Holdings: Send the revised" out.ics) = 1 &&
	test $(grep -c "^SUMMARY:Zoë Ångström Ñuñez Ли́дия: Send the revised" out.ics) = 1
'

test_expect_success 'show at 60, 80 and 200 columns: fits, every line of the piped output whole' '
	for c in tokyo the-extraordinarily-long-named-international-holdings-group zoe acme; do
		notebook -C nb show $c --as-of 2026-11-20 >piped &&
		for cols in 60 80 200; do
			on_pty $cols "$NOTEBOOK_BIN" -C nb show $c --as-of 2026-11-20 >s$cols &&
			"$PY" "$TOOLS/check_width.py" $cols s$cols &&
			sed "s/$(printf "\033")\[[0-9;]*m//g" s$cols | tr -d "\r" >plain &&
			sed -n "/^status on/,\$p" piped | tr -d " \n" >want &&
			sed -n "/^status on/,\$p" plain | tr -d " \n" >got &&
			test_cmp want got &&
			sed -n "1,/^open promises/p" piped | tr -d " \n" >want &&
			sed -n "1,/^open promises/p" plain | tr -d " \n" >got &&
			test_cmp want got || return 1
		done
	done
'

test_expect_success 'an ambiguous client: the candidates aligned and wrapped, never cut' '
	test_status 2 notebook -C nb show t 2>err &&
	cat >want <<-\EOF &&
	notebook: '"'"'t'"'"' is ambiguous; it could be:
	  the-extraordinarily-long-named-international-holdings-group  The Extraordinarily Long-Named International Holdings Group of Companies and Subsidiaries Worldwide Incorporated
	  tokyo                                                        東京コンサルティング株式会社 国際事業部 東日本営業本部 第二営業グループ
	EOF
	test_cmp want err &&
	sed 1d want | squeeze >want.rows &&
	for cols in 60 80 200; do
		test_status 2 on_pty $cols "$NOTEBOOK_BIN" -C nb show t >e$cols &&
		"$PY" "$TOOLS/check_width.py" $cols e$cols &&
		"$PY" "$TOOLS/table_rows.py" e$cols 2 1 >got &&
		test_cmp want.rows got || return 1
	done
'

test_done
