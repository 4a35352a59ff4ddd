#!/bin/sh
# bench/sync.sh CLIENTS ENTRIES: `notebook sync` against git's equivalent on
# the same repositories (README, Sync), for a generated notebook of CLIENTS
# clients x ENTRIES entries each (bench/gen). Prints one line per case,
#
#   case<TAB>notebook_seconds<TAB>git_seconds
#
# each figure the median of SYNC_RUNS (3) runs, notebook and git taking
# turns (A B A B) so that a drift of the machine's speed favours neither.
# Before every run both sides get the same starting state (prepared, not
# timed); a clone's notebook cache is brought up to date first, as the
# user's last command would have left it, except in the "fresh clone" cases.
#
#   uptodate     nothing to do            git fetch + git status
#   push         one local commit         git push
#   push-fresh   the same, fresh clone    git push
#   ff           one remote commit        git pull --ff-only
#   ff-fresh     the same, fresh clone    git pull --ff-only
#   merge        one commit each side     git pull --no-rebase + git push
#   first-push   to an empty remote       git push
#
# Environment: NOTEBOOK_BIN (build/notebook), SYNC_RUNS (3), SYNC_CASES
# (all of the above, separated by blanks), BENCH_SEED (1), SYNC_VERBOSE (0;
# 1: each run's time and its preparation's on stderr), SYNC_PROFILE_DIR
# (none; a folder: after the timed runs of the cases SYNC_PROFILE_CASES
# names, "merge" unless set, one more run of notebook's side under perf,
# its flat profile in profile-sync-CASE.txt there, as bench/profile.sh
# writes it). Everything it makes
# stays under bench/work/sync-CLIENTS-ENTRIES/.
set -eu

[ $# -eq 2 ] || { echo "usage: bench/sync.sh CLIENTS ENTRIES" >&2; exit 2; }
CLIENTS=$1
ENTRIES=$2
cd "$(dirname "$0")/.."
ROOT=$(pwd)
NB=${NOTEBOOK_BIN:-$ROOT/build/notebook}
RUNS=${SYNC_RUNS:-3}
CASES=${SYNC_CASES:-uptodate push push-fresh ff ff-fresh merge first-push}
SEED=${BENCH_SEED:-1}
W=$ROOT/bench/work/sync-$CLIENTS-$ENTRIES
AS_OF=2026-11-20
export TZ=UTC LC_ALL=C.UTF-8 GIT_MERGE_AUTOEDIT=no
unset NOTEBOOK_DIR NOTEBOOK_NOW GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

say() {
	printf 'sync.sh: %s\n' "$*" >&2
}

die() {
	say "$*"
	exit 1
}

[ -x "$NB" ] || die "no notebook binary at '$NB'; run 'make' first"
mkdir -p "$W/bin"
cp "$NB" "$W/bin/notebook"
NB=$W/bin/notebook
if [ ! -x "$W/bin/gen" ] || [ bench/gen.c -nt "$W/bin/gen" ] || [ src/date.c -nt "$W/bin/gen" ]; then
	# with the project's calendar, as bench/run.sh builds it
	cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc -o "$W/bin/gen" \
		bench/gen.c src/date.c || die "cannot build bench/gen.c"
fi

ident() {
	git -C "$1" config user.name "Bench Runner" &&
		git -C "$1" config user.email "bench@example.com"
}

# The notebook, its bare remote, and the clones: made once per sizes, seed and
# generator. The notebook bench/run.sh generated for these (bench/work/ref-C-E,
# its stamp naming the same sizes, seed and generator, and the generated
# commit) is used when there is one: its objects are linked into the remote
# (git never changes an object file; nothing is written in the notebook
# itself), rather than generated and packed again (minutes at 210,000 files).
want="$CLIENTS $ENTRIES $SEED $(cat bench/gen.c src/date.c | cksum | cut -d' ' -f1)"
REF=$ROOT/bench/work/ref-$CLIENTS-$ENTRIES
if [ "$(cat "$W/stamp" 2>/dev/null || :)" != "$want" ] || [ ! -s "$W/base" ]; then
	rm -rf "$W/gen" "$W/remote.git" "$W/a" "$W/b" "$W/p" "$W/f" "$W/f.packs" "$W/stamp" "$W/base"
	g=$(sed -n 2p "$REF.stamp" 2>/dev/null || :)
	if [ "$(head -n 1 "$REF.stamp" 2>/dev/null || :)" = "$want" ] && [ -n "$g" ] &&
		git -C "$REF" cat-file -e "$g^{commit}" 2>/dev/null; then
		say "cloning the notebook of $CLIENTS clients x $ENTRIES entries from ${REF#$ROOT/}"
		git clone -q --bare "$REF" "$W/remote.git" || die "cannot clone ${REF#$ROOT/}"
		b=$(git -C "$W/remote.git" symbolic-ref --short HEAD)
		git -C "$W/remote.git" update-ref "refs/heads/$b" "$g"
	else
		say "generating $CLIENTS clients x $ENTRIES entries in ${W#$ROOT/}"
		"$W/bin/gen" "$CLIENTS" "$ENTRIES" "$SEED" "$W/gen" >&2 || die "bench/gen failed"
		git clone -q --bare --no-local "$W/gen" "$W/remote.git"
		g=$(git -C "$W/gen" rev-parse HEAD)
		rm -rf "$W/gen"
	fi
	echo "$g" >"$W/base"
	for c in a b p; do
		git clone -q "$W/remote.git" "$W/$c" && ident "$W/$c"
	done
	echo "$want" >"$W/stamp"
fi
BRANCH=$(git -C "$W/a" symbolic-ref --short HEAD)
G=$(cat "$W/base")
CLIENT_T=$(git -C "$W/remote.git" ls-tree --name-only "$G" clients/ | LC_ALL=C sort |
	sed -n '1s|^clients/\(.*\)\.md$|\1|p')
CLIENT_O=$(git -C "$W/remote.git" ls-tree --name-only "$G" clients/ | LC_ALL=C sort |
	sed -n '2s|^clients/\(.*\)\.md$|\1|p')

# set_ref REPO REF ID
set_ref() {
	git -C "$1" update-ref "$2" "$3"
}

# at CLONE ID: the clone's branch, work tree and index at ID, its
# remote-tracking branch at G.
at() {
	git -C "$1" reset -q --hard "$2" && git -C "$1" clean -q -fd -- clients journal &&
		set_ref "$1" "refs/remotes/origin/$BRANCH" "$G"
}

# A commit of one new entry in a clone, made by `notebook log` as a user would.
n=0
logged() {
	n=$((n + 1))
	"$NB" -C "$1" log "$2" -k call -m "A benchmark call, number $n." --date $AS_OF >/dev/null
}

# T: the remote's commit (by clone b); O: clone a's own, on the same base G.
set_ref "$W/remote.git" "refs/heads/$BRANCH" "$G"
at "$W/b" "$G"
logged "$W/b" "$CLIENT_T"
T=$(git -C "$W/b" rev-parse HEAD)
git -C "$W/b" push -q origin "$BRANCH"
at "$W/a" "$G"
logged "$W/a" "$CLIENT_O"
O=$(git -C "$W/a" rev-parse HEAD)

# Brings clone a's cache up to date, as the user's last command left it.
warm() {
	"$NB" -C "$W/a" status >/dev/null 2>&1 || :
}

# loose: the loose objects of the fresh clone, sorted (those it was cloned
# with are in f.loose: a local clone links the remote's loose objects).
loose() {
	(cd "$W/f/.git/objects" && find . -path './??/*' -type f | LC_ALL=C sort)
}

# fresh ID: clone f of the remote as a fresh clone is, its branch at ID and
# no notebook cache yet. Cloned once; before each later run put back as it
# was cloned rather than cloned again (a checkout of every file: 10 s at
# 210,000 files on an idle machine, over a minute on a busy one, twice a
# run): its branch, index and work tree at ID, the objects a run added
# (loose ones not among those it was cloned with: f.loose; packs not among
# its first ones: f.packs) and the refs it made removed, the notebook's own
# files in .git gone.
fresh() {
	# cloned again when it is not a clone of this remote (a run of an
	# earlier notebook left it): it must have the commit it is put back at
	if [ ! -d "$W/f/.git" ] || [ ! -s "$W/f.packs" ] ||
		! git -C "$W/f" cat-file -e "$1^{commit}" 2>/dev/null; then
		rm -rf "$W/f" "$W/f.packs" && git clone -q "$W/remote.git" "$W/f" && ident "$W/f" &&
			ls "$W/f/.git/objects/pack" >"$W/f.packs" && loose >"$W/f.loose" || return 1
	fi
	git -C "$W/f" reset -q --hard "$1" && git -C "$W/f" clean -q -fd -- clients journal &&
		rm -rf "$W/f/.git/notebook" "$W/f/.git/notebook-"* "$W/f/.git/FETCH_HEAD" \
			"$W/f/.git/ORIG_HEAD" "$W/f/.git/refs/tags" "$W/f/.notebook-cache" &&
		loose | comm -23 - "$W/f.loose" | (cd "$W/f/.git/objects" && xargs -r rm -f) &&
		for p in "$W/f/.git/objects/pack/"*; do
			grep -qxF "${p##*/}" "$W/f.packs" || rm -f "$p" || return 1
		done &&
		set_ref "$W/f" "refs/remotes/origin/$BRANCH" "$1"
}

prepare() {
	case $1 in
	uptodate)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$G" && at "$W/a" "$G" &&
			set_ref "$W/a" "refs/remotes/origin/$BRANCH" "$G" && warm ;;
	push)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$G" && at "$W/a" "$G" && warm &&
			logged "$W/a" "$CLIENT_O" ;;
	push-fresh)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$G" && fresh "$G" &&
			mkdir -p "$W/f/journal/2026/11" &&
			printf -- '---\nclient: %s\ndate: %s\nkind: call\n---\nA fresh call.\n' \
				"$CLIENT_O" $AS_OF >"$W/f/journal/2026/11/$AS_OF-$CLIENT_O-call-fresh.md" &&
			git -C "$W/f" add journal && git -C "$W/f" commit -q -m "log: fresh" ;;
	ff)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$T" && at "$W/a" "$G" && warm ;;
	ff-fresh)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$T" && fresh "$G" ;;
	merge)
		set_ref "$W/remote.git" "refs/heads/$BRANCH" "$T" && at "$W/a" "$O" && warm ;;
	first-push)
		rm -rf "$W/empty.git" && git init -q --bare "$W/empty.git" &&
			git -C "$W/p" remote set-url origin "$W/empty.git" && at "$W/p" "$G" &&
			git -C "$W/p" update-ref -d "refs/remotes/origin/$BRANCH" &&
			{ "$NB" -C "$W/p" status >/dev/null 2>&1 || :; } ;;
	esac
}

# The clone each case runs in.
where() {
	case $1 in
	push-fresh | ff-fresh) echo "$W/f" ;;
	first-push) echo "$W/p" ;;
	*) echo "$W/a" ;;
	esac
}

git_side() {
	d=$(where "$1")
	case $1 in
	uptodate) git -C "$d" fetch -q && git -C "$d" status --porcelain >/dev/null ;;
	push | push-fresh | first-push) git -C "$d" push -q origin "$BRANCH" ;;
	ff | ff-fresh) git -C "$d" pull -q --ff-only ;;
	merge) git -C "$d" pull -q --no-rebase && git -C "$d" push -q origin "$BRANCH" ;;
	esac
}

nb_side() {
	"$NB" -C "$(where "$1")" sync >/dev/null
}

now() {
	date +%s%N
}

# timed CASE SIDE: the seconds one run took, after its preparation (both
# said on stderr with SYNC_VERBOSE=1).
timed() {
	tp=$(now)
	prepare "$1" >/dev/null 2>&1 || die "cannot prepare '$1'"
	t0=$(now)
	"$2" "$1" || die "$2 failed in case '$1'"
	t1=$(now)
	[ "${SYNC_VERBOSE:-0}" = 0 ] ||
		say "$1 $2: prepared in $(((t0 - tp) / 1000000)) ms, ran in $(((t1 - t0) / 1000000)) ms"
	echo "$(((t1 - t0) / 1000))"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e6 }'
}

for c in $CASES; do
	: >"$W/nb.times"
	: >"$W/git.times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		timed "$c" nb_side >>"$W/nb.times"
		timed "$c" git_side >>"$W/git.times"
		i=$((i + 1))
	done
	printf '%s\t%s\t%s\n' "$c" "$(median <"$W/nb.times")" "$(median <"$W/git.times")"
	if [ -n "${SYNC_PROFILE_DIR:-}" ] && echo " ${SYNC_PROFILE_CASES:-merge} " | grep -q " $c "; then
		prepare "$c" >/dev/null 2>&1 || die "cannot prepare '$c'"
		sh bench/profile.sh "$SYNC_PROFILE_DIR/profile-sync-$c.txt" "$NB" -C "$(where "$c")" sync
	fi
done
