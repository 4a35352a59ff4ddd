#!/bin/sh
# Every command finds the front matter by the reader's one rule (README "A notebook"):
# a byte order mark, fences that end in blanks and CRLF line ends
# are the same front matter to check, snooze and search.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: fences that end in blanks, after a BOM' '
	notebook init nb >/dev/null &&
	cd nb &&
	printf "\357\273\277--- \nname: Acme Corp\ntier: key\n---\t\n# Acme Corp\n\nrenewal talk\n" \
		>clients/acme-corp.md &&
	notebook check &&
	notebook commit -m setup >/dev/null
'

test_expect_success 'snooze adds its line before the closing fence' '
	cd nb &&
	notebook snooze acme-corp 2026-12-01 >../out &&
	echo "snooze: acme-corp until 2026-12-01" >../expect &&
	test_cmp ../expect ../out &&
	printf "\357\273\277--- \nname: Acme Corp\ntier: key\nsnooze: 2026-12-01\n---\t\n# Acme Corp\n\nrenewal talk\n" \
		>../expect &&
	test_cmp ../expect clients/acme-corp.md &&
	notebook check &&
	git fsck --strict
'

test_expect_success 'search tells the front matter from the body' '
	cd nb &&
	notebook search --limit 5 front:acme >../out &&
	grep acme-corp ../out &&
	notebook search --limit 5 body:renewal >../out &&
	grep acme-corp ../out &&
	test_must_fail notebook search --limit 5 front:renewal >../out
'

test_expect_success 'a CRLF file: snooze off keeps its line ends' '
	cd nb &&
	printf -- "---\r\nname: Beta\r\nsnooze: 2026-12-24\r\n...\r\n# Beta\r\n" >clients/beta.md &&
	notebook commit -m beta >/dev/null &&
	notebook snooze beta off >../out &&
	printf -- "---\r\nname: Beta\r\n...\r\n# Beta\r\n" >../expect &&
	test_cmp ../expect clients/beta.md &&
	git fsck --strict
'

test_done
