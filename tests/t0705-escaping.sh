#!/bin/sh
# Every message that prints a path or a name escapes it as status does:
# file names a collaborator pushes (through sync's and the merge driver's
# messages) and invisible characters in names (zero-width, joiners, byte
# order marks, bidi controls). tests/tools/raw_prints.py checks that no
# printf-family call in src/ prints such text raw.
. "$(dirname "$0")/lib.sh"

lsan_suppress libpcre2-8.so

# no_raw_controls FILE: no C0 control but newline and no C1 control, no
# bidi control and no invisible format character in FILE (joiners are
# checked by the tests: kept inside an emoji sequence, escaped elsewhere).
no_raw_controls() {
	if LC_ALL=C grep -n "$(printf "[\001-\011\013-\037\177]")" "$1" ||
	   grep -nP "[\x{80}-\x{9f}\x{ad}\x{200b}\x{200e}\x{200f}\x{2028}-\x{202e}\x{2060}-\x{206f}\x{feff}\x{e0000}-\x{e007f}]" "$1"; then
		echo "raw control or invisible characters in $1" >&2
		return 1
	fi
}

test_expect_success 'no printf-family call in src/ prints a name or a path raw' '
	python3 "$TEST_DIRECTORY/tools/raw_prints.py" "$SRC_ROOT/src" >out &&
	test_must_be_empty out
'

test_expect_success 'the check finds a raw print of a path' '
	mkdir src &&
	cp "$SRC_ROOT"/src/cmd/cmd_merge_driver.c src/ &&
	sed -i "s/fprintf_escaped(stderr, \"notebook: %zu conflict/fprintf(stderr, \"notebook: %zu conflict/" src/cmd_merge_driver.c &&
	test_must_fail --status=1 python3 "$TEST_DIRECTORY/tools/raw_prints.py" src >out &&
	grep "^src/cmd_merge_driver.c:[0-9]*: '"'"'path'"'"' may hold untrusted text" out &&
	printf "void f(const char *p)\n{\n\tprintf(\"%%d %%s\\\\n\", 1,\n\t       p);\n\tputs(p);\n}\n" >src/x.c &&
	test_must_fail --status=1 python3 "$TEST_DIRECTORY/tools/raw_prints.py" src >out &&
	grep "^src/x.c:3: '"'"'p'"'"'" out &&
	grep "^src/x.c:5: '"'"'p'"'"'" out
'

clip=$(printf 'z\033]52;c;aGk=\007')
clip_esc='z\e]52;c;aGk=\x07'

test_expect_success 'sync: a hand-edited file with escapes in its name is named escaped' '
	git init -q --bare remote.git &&
	notebook init a >/dev/null &&
	notebook -C a new "Acme Corp" >/dev/null &&
	git -C a remote add origin ../remote.git &&
	notebook -C a sync >/dev/null &&
	cp a/clients/acme-corp.md "a/clients/$clip.md" &&
	test_must_fail --status=1 notebook -C a sync >out 2>err &&
	cat >expect <<-EOF &&
	notebook: uncommitted change to '"'"'a/clients/$clip_esc.md'"'"'
	notebook: commit hand edits first with '"'"'notebook commit'"'"', or run '"'"'notebook sync --commit'"'"'
	EOF
	test_cmp expect err &&
	test_must_be_empty out
'

test_expect_success 'sync: a conflict in a file a collaborator pushed is named escaped' '
	git -C a add -A && git -C a commit -q -m "a hostile name" &&
	notebook -C a sync >/dev/null &&
	git clone -q remote.git b &&
	sed -i "s/^tier: .*/tier: key/" "a/clients/$clip.md" &&
	sed -i "s/^tier: .*/tier: occasional/" "b/clients/$clip.md" &&
	git -C a commit -q -am a && git -C b commit -q -am b &&
	notebook -C a sync >/dev/null &&
	test_must_fail --status=5 notebook -C b sync >out 2>err &&
	head -n 1 err >first &&
	printf "conflict: clients/%s.md\n" "$clip_esc" >expect &&
	test_cmp expect first &&
	no_raw_controls err &&
	no_raw_controls out &&
	notebook -C b sync --abort >/dev/null
'

test_expect_success 'merge-driver: the path of a conflicted file is named escaped' '
	printf -- "---\nname: A\n---\nx\n" >base &&
	printf -- "---\nname: B\n---\nx\n" >ours &&
	printf -- "---\nname: C\n---\nx\n" >theirs &&
	test_must_fail --status=1 notebook merge-driver base ours theirs "clients/$clip.md" 2>err &&
	printf "notebook: 1 conflict in '"'"'clients/%s.md'"'"'\n" "$clip_esc" >expect &&
	test_cmp expect err
'

test_expect_success 'commit: a hand-edited value with escapes is escaped in the message git log prints' '
	notebook init cm >/dev/null &&
	notebook -C cm new "Acme Corp" >/dev/null &&
	sed -i "s/^name: .*/name: \"Acme \\\\e]52;c;aGk=\\\\a Corp\"/" cm/clients/acme-corp.md &&
	grep -F "name: \"Acme \\e]52;c;aGk=\\a Corp\"" cm/clients/acme-corp.md &&
	notebook -C cm commit >out &&
	cat >expect <<-\EOF &&
	acme-corp: name Acme Corp → Acme \e]52;c;aGk=\x07 Corp
	EOF
	test_cmp expect out &&
	git -C cm log -1 --format=%s >subject &&
	test_cmp expect subject &&
	git -C cm fsck --strict
'

test_expect_success 'an unknown client named with escapes and invisible characters is escaped' '
	test_must_fail --status=1 notebook -C a show "$(printf "x\033[2J\342\200\213y")" 2>err &&
	tail -n 1 err >last &&
	cat >expect <<-\EOF &&
	notebook: no client '"'"'x\e[2J\u{200b}y'"'"'; see '"'"'notebook list'"'"'
	EOF
	test_cmp expect last
'

test_expect_success 'invisible characters in names are escaped by status, list, agenda and show' '
	make_notebook nb &&
	zw=$(printf "\342\200\213") zwj=$(printf "\342\200\215") bom=$(printf "\357\273\277") \
	wj=$(printf "\342\201\240") rlo=$(printf "\342\200\256") &&
	printf -- "---\nname: Ac${zw}me${zwj}Corp${bom}x${wj}y${rlo}z\ntier: key\n---\n- [ ] Send ${zw}plan due:2026-11-21\n" >nb/clients/acme.md &&
	printf -- "---\nname: \360\237\221\251\342\200\215\360\237\222\273 Labs\n---\n" >nb/clients/labs.md &&
	notebook -C nb list >out &&
	grep -F "acme  Ac\u{200b}me\u{200d}Corp\u{feff}x\u{2060}y\u{202e}z  active" out &&
	grep -F "labs  $(printf "\360\237\221\251\342\200\215\360\237\222\273") Labs  " out &&
	for cmd in "status --all" "agenda" "show acme" "list" "search plan"; do
		notebook -C nb $cmd >out 2>&1
		no_raw_controls out || { echo "from: $cmd"; return 1; }
		grep -F "\\u{200b}" out || { echo "from: $cmd"; return 1; }
	done
'

test_done
