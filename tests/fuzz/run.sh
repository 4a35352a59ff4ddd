#!/bin/sh
# Runs each libFuzzer target given for $FUZZ_SECONDS, seeded from the
# example notebook, the test fixtures and the regression inputs in
# tests/fuzz/regress/<target>/. Exits 1 when a target finds a crash; the
# input is kept in build-fuzz/findings/<target>/ to become a regression file.
# FUZZ_TIMEOUT (seconds, default 5) is the wall-clock time after which one
# input counts as a hang; raise it for long runs on a loaded machine.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build-fuzz
seconds=${FUZZ_SECONDS:-60}
status=0
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=$work/corpus/$name
	findings=$work/findings/$name
	mkdir -p "$corpus" "$findings"
	seeds=$work/seeds/$name
	rm -rf "$seeds"
	mkdir -p "$seeds"
	case $name in
	fuzz_dates)
		printf '2026-11-20' >"$seeds/d1"; printf '2024-02-29' >"$seeds/d2"
		printf '2026-11-20T10:00:00+01:00' >"$seeds/t1"; printf '14d' >"$seeds/u1"
		printf '1m' >"$seeds/u2"; printf '2y' >"$seeds/u3" ;;
	fuzz_gitindex)
		# index files as git writes them: plain, with a cache tree, with
		# an extended (v3) entry, with the untracked cache
		r=$work/seed-repo
		rm -rf "$r"
		git init -q "$r"
		mkdir -p "$r/clients" "$r/journal/2026/11"
		cp "$top"/examples/consultancy/clients/*.md "$r/clients/"
		echo note >"$r/journal/2026/11/2026-11-20-acme-corp-call.md"
		git -C "$r" add . && cp "$r/.git/index" "$seeds/added"
		git -C "$r" -c user.name=fuzz -c user.email=fuzz@localhost commit -qm seed &&
			cp "$r/.git/index" "$seeds/tree"
		echo new >"$r/clients/new.md"
		git -C "$r" add -N clients/new.md && cp "$r/.git/index" "$seeds/v3"
		git -C "$r" update-index --untracked-cache && git -C "$r" status -s >/dev/null &&
			cp "$r/.git/index" "$seeds/untracked"
		rm -rf "$r" ;;
	fuzz_query)
		# what users type, operators and all
		i=0
		for q in 'check-in' 'jane@acme.example' 'C++' '*' 'Jane AND NOT workshop' \
			'"revised timeline"' 'time*' '(a OR b) -c' 'front: x body:y' \
			"$(printf '\347\224\260\344\270\255*')" 'Portland OR' 'x "open'; do
			i=$((i + 1))
			printf '%s' "$q" >"$seeds/q$i"
		done ;;
	fuzz_merge)
		# ancestor, ours and theirs separated by NUL bytes: each client
		# file against itself and against its neighbours
		prev=$top/examples/consultancy/notebook.yaml
		i=0
		for f in "$top"/examples/consultancy/clients/*.md; do
			i=$((i + 1))
			{ cat "$f"; printf '\0'; cat "$f"; printf '\0'; cat "$prev"; } >"$seeds/pair$i"
			{ cat "$prev"; printf '\0'; cat "$f"; printf '\0'; cat "$f"; } >"$seeds/same$i"
			{ cat "$f"; printf '\0'; sed 's/^tier: .*/tier: gold/' "$f"; printf '\0'
			  sed 's/^cadence: .*/cadence: 3w/' "$f"; } >"$seeds/keys$i"
			prev=$f
		done ;;
	fuzz_import)
		cp "$top"/tests/fixtures/import/*.csv "$top"/tests/fixtures/import/*.vcf "$seeds/" ;;
	fuzz_lsp)
		# whole sessions as an editor writes them: open, edit, ask, close
		python3 "$top/tests/fuzz/lsp_seeds.py" "$seeds" ;;
	*)
		i=0
		find "$top/examples" "$top/tests/check" -type f \( -name '*.md' -o -name '*.yaml' \) |
		while read -r f; do
			i=$((i + 1))
			cp "$f" "$seeds/seed$i"
		done ;;
	esac
	[ -d "$top/tests/fuzz/regress/$name" ] && cp "$top/tests/fuzz/regress/$name"/* "$seeds/" 2>/dev/null
	dict=
	case $name in
	fuzz_body) dict=-dict=$top/tests/fuzz/markdown.dict ;;
	fuzz_lsp) dict=-dict=$top/tests/fuzz/lsp.dict ;;
	fuzz_dates | fuzz_gitindex | fuzz_import) ;;
	*) dict=-dict=$top/tests/fuzz/yaml.dict ;;
	esac
	echo "fuzz: $name for ${seconds}s"
	if ! "$bin" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-5}" -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$findings/" $dict "$corpus" "$seeds" \
		>"$work/$name.log" 2>&1; then
		echo "fuzz: $name FAILED; see $work/$name.log and $findings/" >&2
		tail -n 30 "$work/$name.log" >&2
		status=1
	else
		grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$name.log" | sed "s/^/fuzz: $name: /"
	fi
done
exit $status
