#!/bin/sh
# A notebook's own schema (schema/*.schema.yaml, synced with the notebook)
# cannot make checking a file exhaust the machine: $ref chains that fan out
# are checked once per subschema and value, descriptions of alternatives
# of alternatives are not spelled out, and a schema that still needs too
# much work on a file is named in the finding. The timeouts only keep a
# regression from hanging the suite; each case takes milliseconds.
. "$(dirname "$0")/lib.sh"

# fan_out KEYWORD DEPTH WIDTH: a schema extension where d<i> is KEYWORD of
# WIDTH references to d<i+1>, down to a string of at most 20 characters,
# checked on the client field x-code.
fan_out() {
	python3 - "$@" <<-\PY
	import sys
	kw, depth, width = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
	print("$defs:")
	for i in range(depth):
	    refs = ", ".join("{$ref: '#/$defs/d%d'}" % (i + 1) for _ in range(width))
	    print("  d%d:\n    %s: [%s]" % (i, kw, refs))
	print("  d%d: {type: string, maxLength: 20}" % depth)
	print("properties:\n  x-code: {$ref: '#/$defs/d0'}")
	PY
}

test_expect_success 'setup' '
	make_notebook nb &&
	mkdir nb/schema &&
	printf -- "---\nname: Acme\nx-code: abc\n---\n" >nb/clients/acme.md
'

test_expect_success 'allOf of two $refs doubling over 30 levels: checked once, the right answer' '
	fan_out allOf 30 2 >nb/schema/client.schema.yaml &&
	test $(wc -c <nb/schema/client.schema.yaml) -lt 3000 &&
	timeout 120 "$NOTEBOOK_BIN" -C nb check >out 2>err &&
	test_must_be_empty err &&
	printf -- "---\nname: Bad\nx-code: abcdefghijklmnopqrstuvwxyz\n---\n" >nb/clients/bad.md &&
	test_status 1 timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	cat >expect <<-\EOF &&
	nb/clients/bad.md:3:9: error: '"'"'x-code'"'"' must be at most 20 characters long, not 26
	EOF
	test_cmp expect err
'

test_expect_success 'anyOf and oneOf fanning out: the right answer, no endless description' '
	fan_out anyOf 30 2 >nb/schema/client.schema.yaml &&
	test_status 1 timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	echo "nb/clients/bad.md:3:9: error: '"'"'x-code'"'"' matches none of the 2 allowed forms" >expect &&
	test_cmp expect err &&
	fan_out anyOf 4 30 >nb/schema/client.schema.yaml &&
	test_status 1 timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	echo "nb/clients/bad.md:3:9: error: '"'"'x-code'"'"' matches none of the 30 allowed forms" >expect &&
	test_cmp expect err &&
	rm nb/clients/bad.md &&
	fan_out oneOf 30 1 >nb/schema/client.schema.yaml &&
	timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	test_must_be_empty err
'

test_expect_success 'a schema that needs too much work on a file is named, the file not trusted' '
	python3 - >nb/schema/client.schema.yaml <<-\PY &&
	print("$defs:")
	for i in range(120):
	    print("  a%d: {allOf: [{$ref: '"'"'#/$defs/a%d'"'"'}], minLength: 1}" % (i, i + 1))
	print("  a120: {type: string}")
	print("properties:\n  x-code: {type: string}\n  tags:\n    items: {$ref: '"'"'#/$defs/a0'"'"'}")
	PY
	python3 -c "print(\"---\nname: Many tags\ntags: [\" + \", \".join(\"t%d\" % i for i in range(20000)) + \"]\n---\")" >nb/clients/many.md &&
	test_status 1 timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	cat >expect <<-\EOF &&
	nb/clients/many.md:2:1: error: not checked: the schema '"'"'schema/client.schema.yaml'"'"' takes more than 1000000 steps on this file; simplify its $ref, allOf, anyOf and oneOf
	EOF
	test_cmp expect err &&
	"$NOTEBOOK_BIN" -C nb list >out 2>err &&
	test_cmp expect err &&
	! grep "^many " out &&
	grep "^acme " out
'

test_expect_success 'an enum of 90,000 values: no endless "did you mean", a bounded scan' '
	rm -f nb/clients/many.md &&
	python3 - <<-\PY &&
	vals = ", ".join("value-%06d" % i for i in range(90000))
	open("nb/schema/client.schema.yaml", "w").write(
	    "properties:\n  x-code: {type: string}\n  tags:\n    items:\n      enum: [%s]\n" % vals)
	tags = ", ".join("valux-%06d" % i for i in range(3))
	open("nb/clients/few.md", "w").write("---\nname: Few\ntags: [%s]\n---\n" % tags)
	tags = ", ".join("valux-%06d" % i for i in range(20000))
	open("nb/clients/lots.md", "w").write("---\nname: Lots\ntags: [%s]\n---\n" % tags)
	PY
	test_status 1 timeout 120 "$NOTEBOOK_BIN" -C nb check 2>err &&
	grep "^nb/clients/few.md" err >few &&
	cat >expect <<-\EOF &&
	nb/clients/few.md:3:8: error: '"'"'tags[0]'"'"' must be one of the allowed values, not '"'"'valux-000000'"'"'
	nb/clients/few.md:3:22: error: '"'"'tags[1]'"'"' must be one of the allowed values, not '"'"'valux-000001'"'"'
	nb/clients/few.md:3:36: error: '"'"'tags[2]'"'"' must be one of the allowed values, not '"'"'valux-000002'"'"'
	EOF
	test_cmp expect few &&
	grep -x "nb/clients/lots.md:2:1: error: not checked: the schema '"'"'schema/client.schema.yaml'"'"' takes more than 1000000 steps on this file; simplify its \$ref, allOf, anyOf and oneOf" err
'

test_done
