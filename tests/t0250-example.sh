#!/bin/sh
# The example notebook: it checks clean, and status as of its date shows the
# state and flags its README promises for each story.
. "$(dirname "$0")/lib.sh"

EX=$SRC_ROOT/examples/consultancy

test_expect_success 'the example notebook checks clean' '
	cp -R "$EX" ex &&
	notebook -C ex check 2>err &&
	test_must_be_empty err
'

test_expect_success 'each story shows its expected state and flags' '
	notebook -C ex status --all --json --as-of 2026-11-20 >out.json &&
	/usr/bin/python3 - out.json >got <<-\EOT &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	for c in d["clients"]:
	    print(c["id"], c["state"], " ".join(c["flags"]) or "-")
	EOT
	cat >want <<-\EOT &&
	oakmere-housing stale thanks-missing
	brackenridge-insurance overdue promise-overdue trust:strained thanks-missing satisfaction-low
	northgate-vets never -
	harrow-vale ok trust:repairing
	kestrel-analytics due -
	vantage-home-retail ok thanks-missing fit:poor
	marlow-print snoozed -
	fernhill-architects ok -
	lok-fu-trading ok -
	EOT
	test_cmp want got
'

test_expect_success 'without --all, the six that need attention (not the snoozed one); --exit-code says so' '
	test_must_fail --status=1 notebook -C ex status --as-of 2026-11-20 --exit-code --no-color >out &&
	grep -c "^[a-z]" out >n &&
	echo 6 >want && test_cmp want n &&
	! grep -q marlow-print out &&
	tail -n 1 out | grep "^6 of 9 clients need attention: .*; 1 snoozed$"
'

test_expect_success 'the check leaves the example untouched' '
	(cd "$EX" && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs sha256sum) >a &&
	(cd ex && find . -path ./.notebook-cache -prune -o -type f -print | sort | xargs sha256sum) >b &&
	test_cmp a b
'

test_done
