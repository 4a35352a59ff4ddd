#!/bin/sh
# notebook help [COMMAND] and COMMAND --help: every option of every
# command, one line each, the same options as the command's section of
# notebook(1); unknown options and extra words named; option values
# refused with the valid ones listed and a did-you-mean only when near;
# --tag and --owner that no client has.
. "$(dirname "$0")/lib.sh"

MAN=$SRC_ROOT/doc/notebook.1

# The options (without -h/--help) in the options section of a help text on stdin.
help_flags() {
	sed -n "/^options:/,/^$/p" | python3 -c '
import re, sys
flags = set()
for line in sys.stdin:
    m = re.match(r"  (-\S.*?)(?:  |$)", line)
    if m:
        flags.update(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", m.group(1)))
flags -= {"-h", "--help"}
print("\n".join(sorted(flags)))'
}

# The options the man page lists (.It Fl ...) in the section of command $1.
man_flags() {
	python3 - "$MAN" "$1" <<-\EOF
	import re, sys
	text, cmd = open(sys.argv[1]).read().split("\n"), sys.argv[2]
	flags, inside = set(), False
	for line in text:
	    if line.startswith(".Ss ") or line.startswith(".Sh "):
	        inside = re.match(r"\.Ss notebook %s( |$)" % re.escape(cmd), line) is not None
	        continue
	    if inside and line.startswith(".It Fl"):
	        flags.update("-" + f for f in re.findall(r"\bFl (\S+)", line))
	print("\n".join(sorted(flags)))
	EOF
}

test_expect_success 'the commands' '
	notebook help >out &&
	sed -n "s/^  \([a-z-]*\)  .*/\1/p" out >commands &&
	grep -x log commands && grep -x help commands && grep -x merge-driver commands &&
	notebook --help >out2 && test_cmp out out2
'

test_expect_success 'every command: --help and help COMMAND agree, with the options of the man page, one line each' '
	while read cmd; do
		notebook $cmd --help >a 2>err && test_must_be_empty err &&
		notebook help $cmd >b &&
		test_cmp a b &&
		grep -x "  -h, --help *this help" a >/dev/null &&
		help_flags <a >got &&
		man_flags $cmd >want &&
		test_cmp want got &&
		sed -n "/^options:/,/^$/p" a | awk "length > 80 { print; bad = 1 } END { exit bad }" ||
		{ echo "help of $cmd" >&2; return 1; }
	done <commands
'

test_expect_success 'help: what each option does, aligned' '
	notebook help search >out &&
	cat >expect <<-\EOF &&
	usage: notebook search [--json] [--limit N] [--owner OWNER] [--no-color]
	                       QUERY...
	  QUERY: words (all must match), "a phrase", prefix*, OR, NOT word or -word,
	         (...), front:word, body:word

	options:
	  --json         the hits as a JSON array
	  -n, --limit N  at most N hits (default 20; 0: no limit)
	  --owner OWNER  only files of this owner'"'"'s clients (any case)
	  --no-color     no bold (also when NO_COLOR is set or not on a terminal)
	  -h, --help     this help

	See notebook(1), section '"'"'notebook search'"'"'.
	EOF
	test_cmp expect out
'

test_expect_success 'help of what is not a command' '
	test_must_fail --status=2 notebook help lgo 2>err &&
	echo "notebook: '"'"'lgo'"'"' is not a command (did you mean '"'"'log'"'"'?)" >expect &&
	test_cmp expect err &&
	test_must_fail --status=2 notebook help log done 2>err &&
	head -n 1 err >first &&
	echo "notebook: one command at a time, not '"'"'done'"'"'" >expect &&
	test_cmp expect first
'

test_expect_success 'setup: a notebook' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Hooli" --tag japan --tag Retail >/dev/null &&
	notebook -C nb new "Initech" --tag retail >/dev/null &&
	notebook -C nb log hooli -m "Call." --promise "Send the proposal due:2026-12-30" >/dev/null &&
	sed -i "s/^owner: .*/owner: Dana Ortiz/" nb/notebook.yaml &&
	git -C nb commit -q -am "owner" &&
	git -C nb rev-parse HEAD >head
'

# fails STATUS FIRST-LINE-OF-STDERR ARGS...: nothing written, nothing printed.
fails() {
	status=$1 line=$2 && shift 2 &&
	test_must_fail --status=$status notebook -C nb "$@" >out 2>err &&
	test_must_be_empty out &&
	head -n 1 err >first &&
	printf "%s\n" "$line" >expect &&
	test_cmp expect first &&
	git -C nb rev-parse HEAD >now && test_cmp head now &&
	git -C nb status --porcelain >st && test_must_be_empty st
}

test_expect_success '--help where an option wants a value is help, nothing written (it crashed)' '
	notebook -C nb log hooli -m -h >out 2>err &&
	test_must_be_empty err &&
	notebook help log >expect && test_cmp expect out &&
	git -C nb rev-parse HEAD >now && test_cmp head now &&
	git -C nb status --porcelain >st && test_must_be_empty st
'

test_expect_success 'an unknown option is named, wherever it stands' '
	fails 2 "notebook: unknown option '"'"'--foo'"'"' for '"'"'done'"'"'; see '"'"'notebook help done'"'"'" done hooli proposal --foo &&
	fails 2 "notebook: unknown option '"'"'--jsno'"'"' for '"'"'list'"'"' (did you mean '"'"'--json'"'"'?)" list --jsno &&
	fails 2 "notebook: unknown option '"'"'--dry-rn'"'"' for '"'"'sync'"'"' (did you mean '"'"'--dry-run'"'"'?)" sync --dry-rn &&
	fails 2 "notebook: unknown option '"'"'-x'"'"' for '"'"'status'"'"'; see '"'"'notebook help status'"'"'" status -x &&
	fails 2 "notebook: unknown option '"'"'--all'"'"' for '"'"'list'"'"'; see '"'"'notebook help list'"'"'" list --all &&
	fails 2 "notebook: '"'"'--tag'"'"' needs a value" status --tag &&
	fails 2 "notebook: '"'"'-k'"'"' needs a value" log hooli -m x -k &&
	fails 2 "notebook: '"'"'--json'"'"' takes no value" list --json=yes &&
	fails 2 "notebook: unknown option '"'"'--bogus'"'"' for '"'"'check'"'"'; see '"'"'notebook help check'"'"'" check clients/hooli.md --bogus
'

test_expect_success 'a word a command does not take is named' '
	fails 2 "notebook: unexpected '"'"'extra'"'"' after the promise'"'"'s text (quote a text of several words)" done hooli proposal extra &&
	fails 2 "notebook: unexpected '"'"'now'"'"' after the duration or date" snooze hooli 2w now &&
	fails 2 "notebook: one client at a time: unexpected '"'"'initech'"'"' (quote a name of several words)" edit hooli initech &&
	fails 2 "notebook: one client at a time: unexpected '"'"'initech'"'"' (quote a name of several words)" show hooli initech &&
	fails 2 "notebook: one name only: unexpected '"'"'Corp'"'"' (quote a name of several words)" new Acme Corp &&
	fails 2 "notebook: unexpected argument '"'"'hooli'"'"'" status hooli &&
	fails 2 "notebook: unexpected argument '"'"'hooli'"'"'" list hooli --json &&
	fails 2 "notebook: unexpected '"'"'now'"'"'" hook install now &&
	fails 2 "notebook: unexpected '"'"'there'"'"'" sync origin there &&
	fails 2 "notebook: init takes at most one directory: unexpected '"'"'b'"'"'" init a b
'

test_expect_success 'a value not among an option'"'"'s values: the values listed, a did-you-mean only when near' '
	kinds="call, meeting, email, message, thanks, apology, check-in, feedback, note" &&
	fails 2 "notebook: unknown kind '"'"'thank-you'"'"' (did you mean '"'"'thanks'"'"'?); one of: $kinds" log hooli -k thank-you -m x &&
	fails 2 "notebook: unknown kind '"'"'calll'"'"' (did you mean '"'"'call'"'"'?); one of: $kinds" log hooli -k calll -m x &&
	fails 2 "notebook: unknown kind '"'"'lunch'"'"'; one of: $kinds" log hooli -k lunch -m x &&
	fails 2 "notebook: unknown status '"'"'inactive'"'"'; one of: prospect, active, paused, former" list --status inactive &&
	fails 2 "notebook: unknown status '"'"'actve'"'"' (did you mean '"'"'active'"'"'?); one of: prospect, active, paused, former" list --status actve &&
	fails 2 "notebook: unknown trust '"'"'good'"'"'; one of: healthy, strained, repairing" log hooli --trust good -m x &&
	fails 2 "notebook: unknown tier '"'"'gold'"'"'; one of: key, regular, occasional" new Acme --tier gold &&
	fails 2 "notebook: unknown format '"'"'jsn'"'"' (did you mean '"'"'json'"'"'?); one of: text, json" check --format jsn
'

test_expect_success '--tag and --owner no client has: say so, list those there are' '
	fails 2 "notebook: no client has the tag '"'"'nosuchtag'"'"'; the tags in this notebook: japan, Retail" list --tag nosuchtag &&
	fails 2 "notebook: no client has the tag '"'"'nosuchtag'"'"'; the tags in this notebook: japan, Retail" status --tag nosuchtag &&
	notebook -C nb status --owner sam >out 2>err &&
	echo "notebook: warning: no client has the owner '"'"'sam'"'"'; the owners in this notebook: Dana Ortiz" >expect &&
	test_cmp expect err &&
	echo "no active or prospect clients to audit" >expect &&
	test_cmp expect out &&
	test_must_fail --status=1 notebook -C nb status --owner "dana ortis" --exit-code >out 2>err &&
	echo "notebook: warning: no client has the owner '"'"'dana ortis'"'"' (did you mean '"'"'Dana Ortiz'"'"'?); the owners in this notebook: Dana Ortiz" >expect &&
	test_cmp expect err
'

test_expect_success 'tags and owners match in any case' '
	notebook -C nb list --tag Japan >out &&
	grep "^hooli " out && ! grep initech out &&
	notebook -C nb list --tag RETAIL >out &&
	grep "^hooli " out && grep "^initech " out &&
	notebook -C nb status --all --tag JAPAN --owner "dana ortiz" --as-of 2026-11-20 >out &&
	grep hooli out && ! grep initech out
'

test_done
