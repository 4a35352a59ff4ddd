#!/bin/sh
# status --json of many clients: laid out in runs by several threads and
# joined in order, it is one JSON document with every client once, in the
# order the text output lists them, the same from the cache and without,
# and the same with one processor (taskset), where every step runs alone.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: 700 clients, every third one with a call' '
	mkdir -p nb/clients nb/journal/2026/11 &&
	printf "owner: jo\n" >nb/notebook.yaml &&
	i=0 &&
	while [ $i -lt 700 ]; do
		id=$(printf "client-%03d" $i) &&
		printf -- "---\nname: Client %03d \"quoted\" \\\\ name\nsince: 2026-0%d-01\n---\n" \
			$i $((i % 9 + 1)) >nb/clients/$id.md &&
		if [ $((i % 3)) = 0 ]; then
			printf -- "---\nclient: %s\ndate: 2026-11-%02d\nkind: call\n---\nA call.\n" \
				$id $((i % 19 + 1)) >nb/journal/2026/11/2026-11-$(printf %02d $((i % 19 + 1)))-$id-call.md
		fi &&
		i=$((i + 1))
	done &&
	notebook -C nb check
'

test_expect_success 'one document, every client once, in the order of the text' '
	notebook -C nb status --all --json --as-of 2026-11-20 >out.json &&
	NOTEBOOK_NO_CACHE=1 notebook -C nb status --all --json --as-of 2026-11-20 >nocache.json &&
	test_cmp out.json nocache.json &&
	notebook -C nb status --all --json --as-of 2026-11-20 >again.json &&
	test_cmp out.json again.json &&
	python3 -c "
import json, sys
doc = json.load(open(\"out.json\"))
ids = [c[\"id\"] for c in doc[\"clients\"]]
assert len(ids) == 700 and len(set(ids)) == 700, len(ids)
assert doc[\"clients\"][0][\"name\"].endswith(\"\\\"quoted\\\" \\\\ name\"), doc[\"clients\"][0][\"name\"]
print(\"\n\".join(ids))
" >json.ids &&
	notebook -C nb status --all --as-of 2026-11-20 >out.txt &&
	awk "NR > 1 && \$2 ~ /^client-/ { print \$2 }" out.txt >text.ids &&
	test_cmp text.ids json.ids
'

test_expect_success 'one processor: the same answers, with and without the cache' '
	for args in "status --all --json --as-of 2026-11-20" "status --all --as-of 2026-11-20" \
		"status --as-of 2026-11-20" "list --json" "check"; do
		two=0 && notebook -C nb $args >two.out 2>&1 || two=$? &&
		rm -rf nb/.git/notebook nb/.notebook-cache &&
		one=0 && taskset -c 0 "$NOTEBOOK_BIN" -C nb $args >one.out 2>&1 || one=$? &&
		test "$one" = "$two" && test_cmp two.out one.out &&
		one=0 && taskset -c 0 "$NOTEBOOK_BIN" -C nb $args >one.out 2>&1 || one=$? &&
		test "$one" = "$two" && test_cmp two.out one.out || return 1
	done
'

test_done
