#!/bin/sh
# notebook list: the clients, filtered by tag and status, as text or JSON.
. "$(dirname "$0")/lib.sh"

FIX=$SRC_ROOT/tests/fixtures
EXP=$FIX/status-expected
BASIC=$FIX/status-basic

test_expect_success 'list: every client by id, with name, status, tier, tags, owner' '
	notebook -C "$BASIC" list >out 2>err &&
	test_cmp "$EXP/list.out" out &&
	test_must_be_empty err
'

test_expect_success 'list --json' '
	notebook -C "$BASIC" list --json >out.json &&
	test_cmp "$EXP/list.json" out.json &&
	/usr/bin/python3 -c "
import json
v = json.load(open(\"out.json\"))
assert len(v) == 9 and v[0][\"owner\"] == \"sam\" and v[1][\"owner\"] == \"A Tester\", v
"
'

test_expect_success 'list --status and --tag filter' '
	notebook -C "$BASIC" list --status paused >out &&
	cat >want <<-\EOF &&
	ID         NAME       STATUS  TIER     TAGS  OWNER
	paused-co  Paused Co  paused  regular        A Tester
	EOF
	test_cmp want out &&
	notebook -C "$BASIC" list --tag retainer --json >out &&
	cat >want <<-\EOF &&
	[
	  {"id": "umbrella", "name": "Umbrella Group", "status": "active", "tier": "regular", "tags": ["retainer"], "owner": "A Tester"}
	]
	EOF
	test_cmp want out &&
	notebook -C "$BASIC" list --tag it --status prospect >out &&
	test_must_be_empty out &&
	notebook -C "$BASIC" list --tag it --status prospect --json >out &&
	echo "[]" >want &&
	test_cmp want out
'

test_expect_success 'a bad status is a usage error with a did-you-mean' '
	test_status 2 notebook -C "$BASIC" list --status pause >out 2>err &&
	test_must_be_empty out &&
	cat >want <<-\EOF &&
	notebook: unknown status '"'"'pause'"'"' (did you mean '"'"'paused'"'"'?); one of: prospect, active, paused, former
	usage: notebook list [--tag TAG] [--owner OWNER] [--status STATUS]
	                     [--tier TIER,...] [--state STATE,...] [--as-of DATE]
	                     [--json] [--no-color]
	EOF
	test_cmp want err
'

test_expect_success 'names are escaped' '
	notebook -C "$FIX/status-escape" list >out &&
	cat >want <<-\EOF &&
	ID    NAME                     STATUS  TIER     TAGS  OWNER
	evil  Evil \e]0;pwned\x07 Ltd  active  regular        A Tester
	EOF
	test_cmp want out
'

test_expect_success 'an invalid client file is reported and left out' '
	(cd "$FIX/status-invalid" && notebook list) >out 2>err &&
	grep -q "^clients/broken.md:3:7: error: " err &&
	cat >want <<-\EOF &&
	ID    NAME     STATUS  TIER  TAGS  OWNER
	good  Good Co  active  key         A Tester
	EOF
	test_cmp want out
'

test_expect_success 'usage' '
	notebook -C "$BASIC" list --help >out &&
	grep -q "^usage: notebook list" out &&
	test_status 2 notebook -C "$BASIC" list extra 2>err &&
	test_status 2 notebook -C "$BASIC" list --nope 2>err
'

test_done
