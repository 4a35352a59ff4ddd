#!/bin/sh
# A client's life: rename (the file, every entry naming it and the entries
# named after it, in one commit that git log --follow sees through),
# archive (status former with the day) and rm (only without entries).
. "$(dirname "$0")/lib.sh"

Q="'"
PY=/usr/bin/python3

test_expect_success 'rename on a notebook with 1,000 entries for the client: one commit, same audit' '
	notebook init nb >/dev/null &&
	(cd nb && notebook new "Acme Corp" --tier key >/dev/null && notebook new Globex >/dev/null) &&
	"$PY" - nb <<-\EOF &&
	import os, sys, datetime
	root = sys.argv[1]
	kinds = ["call", "meeting", "email", "thanks", "note"]
	day = datetime.date(2024, 1, 1)
	for i in range(1000):
	    d = day + datetime.timedelta(days=i // 2)
	    kind = kinds[i % 5]
	    folder = os.path.join(root, "journal", "%04d" % d.year, "%02d" % d.month)
	    os.makedirs(folder, exist_ok=True)
	    if i % 50 == 7:
	        # an entry for two clients, named after the other one
	        name = "%s-globex-%s.md" % (d.isoformat(), kind)
	        head = "clients: [globex, acme-corp]"
	    elif i % 50 == 9:
	        name = "%s-acme-corp-%s.md" % (d.isoformat(), kind)
	        head = "clients:\n  - \"acme-corp\"\n  - globex"
	    else:
	        name = "%s-acme-corp-%s.md" % (d.isoformat(), kind)
	        head = "client: acme-corp   # the client"
	    path = os.path.join(folder, name)
	    n = 2
	    while os.path.exists(path):
	        path = os.path.join(folder, name[:-3] + "-%d.md" % n)
	        n += 1
	    with open(path, "w") as f:
	        f.write("---\n%s\ndate: %s\nkind: %s\n---\nEntry %d.\n\n- [ ] Promise %d due:%s\n"
	                % (head, d.isoformat(), kind, i, i, (d + datetime.timedelta(days=30)).isoformat()))
	EOF
	git -C nb add -A && git -C nb commit -q -m "1000 entries" &&
	notebook -C nb check &&
	notebook -C nb status --all --json >before.json &&
	before=$(git -C nb rev-parse HEAD) &&
	notebook -C nb rename "Acme Corp" acme >out 2>err &&
	echo "rename: acme-corp to acme (1000 entries, 980 renamed)" >want &&
	test_cmp want out &&
	test_must_be_empty err &&
	test "$(git -C nb rev-list --count $before..HEAD)" = 1 &&
	git -C nb status --porcelain >st &&
	test_must_be_empty st &&
	git -C nb fsck --strict &&
	notebook -C nb check &&
	notebook -C nb status --all --json >after.json &&
	sed "s/\"acme-corp\"/\"acme\"/g; s/-acme-corp-/-acme-/g" before.json >want.json &&
	# the audit is the same, but for the id and the file names (cmp: the lines are long)
	cmp want.json after.json &&
	test ! -e nb/clients/acme-corp.md &&
	git -C nb show --format= --name-status -M HEAD >names &&
	grep -c "^R" names >renames &&
	echo 981 >want &&
	test_cmp want renames &&
	grep -q "^R100	clients/acme-corp.md	clients/acme.md$" names &&
	grep -c "^M" names >mods &&
	echo 20 >want &&
	test_cmp want mods
'

test_expect_success 'rename keeps comments and quoting style; git log --follow finds the history' '
	f=$(ls nb/journal/2024/01/2024-01-01-acme-call.md) &&
	grep -q "^client: acme   # the client$" "$f" &&
	git -C nb log --follow --format=%s -- clients/acme.md >log &&
	cat >want <<-\EOF &&
	rename: acme-corp to acme (1000 entries, 980 renamed)
	new: acme-corp
	EOF
	test_cmp want log &&
	git -C nb log --follow --format=%s -- journal/2024/01/2024-01-01-acme-call.md >log &&
	cat >want <<-\EOF &&
	rename: acme-corp to acme (1000 entries, 980 renamed)
	1000 entries
	EOF
	test_cmp want log &&
	grep -rl "^  - \"acme\"$" nb/journal | head -n 1 | grep -q . &&
	grep -rl "^clients: \[globex, acme\]$" nb/journal | head -n 1 | grep -q .
'

test_expect_success 'rename: refused to an existing id, to a bad id, for an unknown client' '
	test_status 1 notebook -C nb rename acme globex 2>err &&
	echo "notebook: client '"$Q"'globex'"$Q"' exists already; pick another id" >want &&
	test_cmp want err &&
	test_status 2 notebook -C nb rename acme "Acme!" 2>err &&
	echo "notebook: '"$Q"'Acme!'"$Q"' is not a client id: lowercase letters, digits and '"$Q"'-'"$Q"', starting with a letter or digit, at most 63" >want &&
	test_cmp want err &&
	test_status 1 notebook -C nb rename acem acme-2 2>err &&
	echo "notebook: no client '"$Q"'acem'"$Q"' (did you mean '"$Q"'acme'"$Q"'?)" >want &&
	test_cmp want err &&
	test_status 2 notebook -C nb rename acme 2>err &&
	head -n 1 err >got &&
	echo "notebook: the client'"$Q"'s id and its new id are needed" >want &&
	test_cmp want got
'

test_expect_success 'rename is refused while a file cannot be read (it could name the client)' '
	mkdir -p nb/journal/2026 &&
	printf -- "---\nclient: acme\ndate: 2026-02-30\nkind: call\n---\n" >nb/journal/2026/bad.md &&
	head=$(git -C nb rev-parse HEAD) &&
	test_status 1 notebook -C nb rename acme acme-co 2>err &&
	tail -n 1 err >got &&
	echo "notebook: fix the files above first: a file that cannot be read could name '"$Q"'acme'"$Q"'" >want &&
	test_cmp want got &&
	test "$(git -C nb rev-parse HEAD)" = "$head" &&
	test -e nb/clients/acme.md &&
	rm -r nb/journal/2026
'

test_expect_success 'archive: status former and the day, kept out of the audit, comments kept' '
	notebook init life >/dev/null &&
	write_file life/clients/acme.md <<-\EOF &&
	---
	name: Acme
	status: active   # since the 2024 contract
	tier: key
	---
	# Acme
	EOF
	git -C life add -A && git -C life commit -q -m acme &&
	notebook -C life status --all >st &&
	grep -q "^never  *acme " st &&
	notebook -C life archive acme >out &&
	echo "archive: acme on 2026-11-20" >want &&
	test_cmp want out &&
	cat >want <<-\EOF &&
	---
	name: Acme
	status: former   # since the 2024 contract
	tier: key
	archived: 2026-11-20
	---
	# Acme
	EOF
	test_cmp want life/clients/acme.md &&
	notebook -C life status --all >st &&
	! grep -q "acme" st &&
	git -C life log -1 --format=%s >msg &&
	echo "archive: acme on 2026-11-20" >want &&
	test_cmp want msg &&
	git -C life fsck --strict &&
	notebook -C life archive acme >out &&
	echo "'"$Q"'acme'"$Q"' is archived already (since 2026-11-20)" >want &&
	test_cmp want out &&
	test "$(git -C life rev-list --count HEAD)" = 3
'

test_expect_success 'archive --date; an archived date already there is replaced' '
	(cd life && notebook new Globex >/dev/null) &&
	sed -i "s/^status: active$/status: paused\narchived:/" life/clients/globex.md &&
	git -C life commit -q -am paused &&
	notebook -C life archive globex --date 2026-06-30 >out &&
	grep -q "^status: former$" life/clients/globex.md &&
	grep -q "^archived: 2026-06-30$" life/clients/globex.md &&
	test_status 2 notebook -C life archive globex --date 2026-06-31 2>err &&
	head -n 1 err >got &&
	echo "notebook: --date wants a date YYYY-MM-DD, not '"$Q"'2026-06-31'"$Q"'" >want &&
	test_cmp want got
'

test_expect_success 'rm: only a client without entries; one with a history is to be archived' '
	(cd life && notebook new "Short Lived" >/dev/null) &&
	notebook -C life rm "short lived" >out &&
	echo "rm: short-lived" >want &&
	test_cmp want out &&
	test ! -e life/clients/short-lived.md &&
	git -C life show --name-status --format=%s HEAD >got &&
	printf "rm: short-lived\n\nD\tclients/short-lived.md\n" >want &&
	test_cmp want got &&
	(cd life && notebook log globex -m "Called." >/dev/null) &&
	test_status 1 notebook -C life rm globex 2>err &&
	echo "notebook: '"$Q"'globex'"$Q"' has 1 entry (the first journal/2026/11/2026-11-20-globex-call.md); a client with a history is archived, not removed: notebook archive globex" >want &&
	test_cmp want err &&
	test -e life/clients/globex.md &&
	git -C life fsck --strict &&
	notebook -C life check
'

test_done
