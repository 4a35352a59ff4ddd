#!/bin/sh
# Every file is read by one reader (README "Bad input"): a FIFO is refused
# unread wherever a command reads one, never waited on; `timeout` only
# turns a hang into a failure.
. "$(dirname "$0")/lib.sh"

T=20

test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	printf "name\nAcme Corp\n" >acme.csv
'

test_expect_success 'import from a FIFO is refused with exit 3' '
	cd nb &&
	mkfifo ../pipe.csv &&
	test_status 3 timeout $T "$NOTEBOOK_BIN" import csv ../pipe.csv 2>../err &&
	echo "notebook: '"'"'../pipe.csv'"'"' is not a regular file" >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st && test_must_be_empty ../st
'

test_expect_success 'import beside a FIFO for the client schema: reported, no hang' '
	cd nb &&
	mkdir -p schema &&
	mkfifo schema/client.schema.yaml &&
	test_status 1 timeout $T "$NOTEBOOK_BIN" import csv ../acme.csv >../out 2>../err &&
	grep -x "schema/client.schema.yaml: error: not a regular file of at most 4 MiB; ignored" ../err &&
	rm schema/client.schema.yaml &&
	! test -e clients/acme-corp.md
'

test_expect_success 'the merge driver refuses a FIFO for a version' '
	cd nb &&
	mkfifo ../theirs &&
	printf -- "---\nname: A\n---\n" >../base &&
	cp ../base ../ours &&
	test_must_fail timeout $T "$NOTEBOOK_BIN" merge-driver ../base ../ours ../theirs clients/a.md 2>../err &&
	grep "not a regular file" ../err
'

test_done
