#!/bin/sh
# A team's fortnight (issue 18, done when): three people share one notebook
# through a bare remote served by `git daemon` (and by path): Ann syncs by
# path, Ben over git:// writing his entries by hand with CRLF line ends,
# both with notebook.syncRebase; Chloe works with plain git (`git pull
# --rebase`, `git push`) with the merge driver and the hooks. Every day
# all three log entries and sync in an order drawn from a seeded random
# generator (NOTEBOOK_SEED, default 18); on given days the conflicts of
# the issue happen: one name logged twice (sync, and plain git), a broken
# file pushed, a teammate's broken file under Chloe's own commit, delete
# against edit, a merge leaving an entry of a removed client, a rename by
# hand. At the end every entry written anywhere is in every clone as its
# own file with its author, every conflict was reported, check is clean
# everywhere and the history has no merge commit.
. "$(dirname "$0")/lib.sh"
notebook() { s=$(date +%s.%N); "$NOTEBOOK_BIN" "$@"; r=$?; echo "$(echo "$(date +%s.%N) - $s" | bc) notebook $*" >>"$TRASH/../times.log"; return $r; }

lsan_suppress libpcre2-8.so

start_git_daemon

seed=${NOTEBOOK_SEED:-18}
say "seed $seed"
git config --global notebook.syncRebase true
git config --global pull.rebase true

# day N: the day's date (2026-11-10 is day 1), as the clock of every command.
day() {
	d=$(printf '2026-11-%02d' $((9 + $1)))
	NOTEBOOK_NOW=$d
	GIT_AUTHOR_DATE="${d}T10:00:00Z" GIT_COMMITTER_DATE="${d}T10:00:00Z"
	export NOTEBOOK_NOW GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# wrote WHO TEXT: an entry was written with this text by WHO (checked at the end).
wrote() {
	printf '%s\t%s\n' "$1" "$2" >>"$TRASH/written"
}

# ben_entry CLIENT KIND TEXT: Ben writes an entry by hand, CRLF line ends, and commits it.
ben_entry() {
	f=ben/journal/2026/11/$NOTEBOOK_NOW-$1-$2.md
	printf -- '---\r\nclient: %s\r\ndate: %s\r\nkind: %s\r\nby: Ben\r\n---\r\n%s\r\n' \
		"$1" "$NOTEBOOK_NOW" "$2" "$3" >"$f" &&
	notebook -C ben commit -m "entry: $1 $2" >/dev/null &&
	wrote Ben "$3"
}

# log WHO CLIENT KIND TEXT: an entry by notebook log.
log() {
	notebook -C "$(echo "$1" | tr A-Z a-z)" log "$2" -k "$3" -m "$4" >/dev/null &&
	wrote "$1" "$4"
}

# sync_of WHO: one sync of WHO's clone (Chloe's is git pull --rebase and
# git push), which must succeed.
sync_of() {
	case $1 in
	chloe)
		git -C chloe pull -q && git -C chloe push -q 2>/dev/null ;;
	*)
		notebook -C "$1" sync >"$TRASH/sync.out" 2>"$TRASH/sync.err" ||
		{ cat "$TRASH/sync.out" "$TRASH/sync.err" >&2; return 1; } ;;
	esac
}

# syncs DAY: the three sync in the order the seed draws for the day.
syncs() {
	for who in $(printf 'ann\nben\nchloe\n' |
		     awk -v s="$seed" -v d="$1" 'BEGIN { srand(s * 100 + d) }
						 { print rand() "\t" $0 }' | sort | cut -f2); do
		sync_of "$who" || { echo "day $1: the sync of $who failed" >&2; return 1; }
	done
}

# daily DAY: each logs one entry (different clients and kinds: no conflict).
daily() {
	set -- "$1" globex initech massive-dynamic
	log Ann "$(eval echo \${$((2 + $1 % 3))})" call "Day $1: Ann called." &&
	ben_entry "$(eval echo \${$((2 + ($1 + 1) % 3))})" email "Day $1: Ben wrote." &&
	log Chloe "$(eval echo \${$((2 + ($1 + 2) % 3))})" meeting "Day $1: Chloe met."
}

test_expect_success 'setup: the remote, three clones (by path, over git://), the driver and hooks on Chloe'"'"'s' '
	day 1 &&
	notebook init ann >/dev/null &&
	git -C ann config user.name Ann && git -C ann config user.email ann@example.com &&
	for c in "Globex" "Initech" "Massive Dynamic" "Bluth Group" "Temp Co" "Old Co"; do
		notebook -C ann new "$c" >/dev/null || return 1
	done &&
	log Ann bluth-group call "Day 1: Ann called Bluth." &&
	git -C ann remote add origin ../srv/remote.git &&
	notebook -C ann sync >/dev/null &&
	git clone -q "$url" ben && git clone -q "$url" chloe &&
	git -C ben config user.name Ben && git -C ben config user.email ben@example.com &&
	git -C chloe config user.name Chloe && git -C chloe config user.email chloe@example.com &&
	notebook -C chloe sync --install-driver >/dev/null &&
	notebook -C chloe hook install >/dev/null
'

test_expect_success 'day 1: a quiet day' '
	daily 1 && syncs 1
'

test_expect_success 'day 2: Ann and Ben log one name: both entries kept, the second renamed' '
	day 2 && daily 2 &&
	log Ann globex check-in "Day 2: Ann checked in." &&
	notebook -C ann sync >/dev/null &&
	ben_entry globex check-in "Day 2: Ben checked in too." &&
	notebook -C ben sync >out &&
	grep "^renamed journal/2026/11/2026-11-11-globex-check-in.md to journal/2026/11/2026-11-11-globex-check-in-2.md: the remote has an entry of that name$" out &&
	grep "^replayed 2 local commits on origin/main$" out &&
	syncs 2
'

test_expect_success 'day 3: Chloe and Ann log one name: git pull --rebase, then notebook split' '
	day 3 && daily 3 &&
	log Ann initech feedback "Day 3: Ann heard feedback." &&
	notebook -C ann sync >/dev/null &&
	log Chloe initech feedback "Day 3: Chloe heard feedback too." &&
	E=journal/2026/11/2026-11-12-initech-feedback.md &&
	test_must_fail git -C chloe pull -q 2>err &&
	grep "^notebook: .$E. is two entries of one name, both between the markers; keep both with .notebook split $E.$" err &&
	test_status 1 notebook -C chloe check 2>err &&
	grep "two entries in one file between conflict markers" err &&
	(cd chloe && notebook split $E >/dev/null && GIT_EDITOR=true git rebase --continue >/dev/null 2>&1) &&
	grep -x "Day 3: Ann heard feedback." chloe/$E &&
	grep -x "Day 3: Chloe heard feedback too." chloe/journal/2026/11/2026-11-12-initech-feedback-2.md &&
	git -C chloe push -q &&
	syncs 3
'

test_expect_success 'day 4: a quiet day' '
	day 4 && daily 4 && syncs 4
'

test_expect_success 'day 5: Chloe pushes a broken file with plain git: the fast-forward says so (exit 1)' '
	day 5 && daily 5 &&
	notebook -C ann sync >/dev/null &&
	git -C chloe pull -q &&
	sed -i "s/^tier: .*/tier: kye/" chloe/clients/massive-dynamic.md &&
	git -C chloe commit -q --no-verify -am "massive: tier" &&
	git -C chloe push -q &&
	test_status 1 notebook -C ann sync >out 2>err &&
	grep "^fast-forwarded to origin/main$" out &&
	grep "^ann/clients/massive-dynamic.md:4:7: error: .tier. must be one of" err &&
	grep "^notebook: .ann/clients/massive-dynamic.md. came in broken (last changed in $(git -C chloe rev-parse --short=7 HEAD) by Chloe)$" err &&
	sed -i "s/^tier: .*/tier: key/" ann/clients/massive-dynamic.md &&
	notebook -C ann commit >/dev/null &&
	notebook -C ann sync >/dev/null &&
	syncs 5
'

test_expect_success 'day 6: a teammate'"'"'s broken file does not stop Chloe'"'"'s own commit' '
	day 6 && daily 6 &&
	syncs 6 &&
	sed -i "s/^tier: .*/tier: gold/" ben/clients/globex.md &&
	git -C ben commit -q -am "globex: gold" &&
	notebook -C ben sync >/dev/null &&
	git -C chloe pull -q &&
	printf -- "---\nclient: initech\ndate: 2026-11-15\nkind: note\nby: Chloe\n---\nDay 6: Chloe noted.\n" \
		>chloe/journal/2026/11/2026-11-15-initech-note.md &&
	git -C chloe add journal && git -C chloe commit -q -m "note" 2>err &&
	wrote Chloe "Day 6: Chloe noted." &&
	grep "^notebook: .clients/globex.md. was broken before this commit (last changed in $(git -C ben rev-parse --short=7 HEAD) by Ben) and the commit leaves it as it is, so it goes ahead" err &&
	git -C chloe push -q &&
	sed -i "s/^tier: .*/tier: regular/" ben/clients/globex.md &&
	notebook -C ben commit >/dev/null &&
	notebook -C ben sync >/dev/null &&
	syncs 6
'

test_expect_success 'day 7: Ann removes a client Ben snoozes: said, and Ben chooses to keep it' '
	day 7 && daily 7 &&
	syncs 7 &&
	notebook -C ann rm temp-co >/dev/null &&
	notebook -C ann sync >/dev/null &&
	notebook -C ben snooze temp-co 2w >/dev/null &&
	test_status 5 notebook -C ben sync 2>err &&
	grep "^conflict: ben/clients/temp-co.md: deleted on origin/main (in $(git -C ann rev-parse --short=7 HEAD) by Ann), changed here$" err &&
	test_status 5 notebook -C ben sync --continue 2>err &&
	grep "^notebook: keep it with .git add ben/clients/temp-co.md., or delete it with .git rm ben/clients/temp-co.md.$" err &&
	git -C ben add clients/temp-co.md &&
	notebook -C ben sync --continue >/dev/null &&
	git -C ben cat-file -e origin/main:clients/temp-co.md &&
	syncs 7
'

test_expect_success 'day 8: a quiet day' '
	day 8 && daily 8 && syncs 8
'

test_expect_success 'day 9: a git merge leaving an entry of a removed client is stopped by the hook' '
	day 9 && daily 9 &&
	syncs 9 &&
	log Chloe old-co call "Day 9: Chloe called Old Co." &&
	notebook -C ann rm old-co >/dev/null &&
	notebook -C ann sync >/dev/null &&
	test_must_fail git -C chloe pull -q --no-rebase 2>err &&
	grep "^journal/2026/11/2026-11-18-old-co-call.md:2:9: error: no client .old-co.: there is no clients/old-co.md; clients/old-co.md was removed in $(git -C ann rev-parse --short=7 HEAD) by Ann$" err &&
	grep "^notebook: the pre-merge-commit hook refused the merge commit" err &&
	git -C chloe merge --abort &&
	git -C chloe pull -q &&
	git -C chloe show ORIG_HEAD:clients/old-co.md >chloe/clients/old-co.md &&
	git -C chloe add clients/old-co.md && git -C chloe commit -q -m "old-co back: an entry names it" &&
	git -C chloe push -q &&
	syncs 9
'

test_expect_success 'day 10: a quiet day' '
	day 10 && daily 10 && syncs 10
'

test_expect_success 'day 11: Ben renames a client by hand: Ann is told, and finishes it with rename' '
	day 11 && daily 11 &&
	syncs 11 &&
	git -C ben mv clients/bluth-group.md clients/bluth-holdings.md &&
	git -C ben commit -q -m "bluth is bluth holdings" &&
	notebook -C ben sync >/dev/null &&
	test_status 1 notebook -C ann sync >out 2>err &&
	grep "error: no client .bluth-group.: there is no clients/bluth-group.md; clients/bluth-group.md was renamed by hand to clients/bluth-holdings.md in $(git -C ben rev-parse --short=7 HEAD) by Ben; to rename its entries too, run .mv clients/bluth-holdings.md clients/bluth-group.md. and .notebook rename bluth-group bluth-holdings.$" err &&
	(cd ann && mv clients/bluth-holdings.md clients/bluth-group.md && notebook rename bluth-group bluth-holdings >/dev/null) &&
	notebook -C ann sync >/dev/null &&
	syncs 11
'

for d in 12 13 14; do
	test_expect_success "day $d: a quiet day" "day $d && daily $d && syncs $d"
done

test_expect_success 'the end: synced until quiet, every entry in every clone, once, with its author' '
	syncs 15 && syncs 16 &&
	main=$(git -C srv/remote.git rev-parse main) &&
	for c in ann ben chloe; do
		test "$(git -C $c rev-parse HEAD)" = "$main" || return 1
	done &&
	test $(wc -l <written) -ge 45 &&
	cr=$(printf "\r") &&
	while IFS="	" read -r who text; do
		for c in ann ben chloe; do
			grep -rlx -e "$text" -e "$text$cr" $c/journal >hits
			test $(wc -l <hits) = 1 ||
			{ echo "$c: \"$text\" in $(wc -l <hits) files" >&2; return 1; }
			tr -d "\r" <"$(cat hits)" | grep -qx "by: $who" ||
			{ echo "$c: \"$text\" is not by $who" >&2; return 1; }
		done
	done <written
'

test_expect_success 'the end: check is clean everywhere, no merge commit, fsck clean' '
	for c in ann ben chloe; do
		notebook -C $c check || return 1
		git -C $c status --porcelain >st && test_must_be_empty st || return 1
		git -C $c fsck --strict || return 1
	done &&
	test "$(git -C srv/remote.git rev-list --merges --count main)" = 0 &&
	git -C srv/remote.git fsck --strict
'

test_done
