#!/bin/sh
# notebook lsp with a real editor's client: Debian's Neovim, headless, its
# built-in LSP client scripted in Lua (tests/lsp/neovim.lua). A typo's
# diagnostic and its range (in bytes after Neovim's own conversion from
# UTF-16), completion after kind: and client:, hover on a client id, and a
# quick fix applied by Neovim and sent back as an incremental change.
. "$(dirname "$0")/lib.sh"

if ! command -v nvim >/dev/null 2>&1; then
	say "skip: Neovim is not installed (.ci/deps.sh test installs it)"
	printf '1..0 # SKIP nvim is not installed\n'
	exit 0
fi

test_expect_success 'Neovim: diagnostic, completion, hover and a quick fix' '
	cp -R "$SRC_ROOT/examples/consultancy" nb &&
	mkdir -p nb/journal/2026/11 &&
	printf "%s\n" --- "date: 2026-11-20" "client: harrow-vale" "kind: meting  # é 😀" \
		"with: [Helen Okafor]" --- "A call." >nb/journal/2026/11/2026-11-20-harrow-vale-meeting.md &&
	# What the session found is in result; how Neovim exits is not tested.
	{ NB_BIN=$NOTEBOOK_BIN NB_ROOT=$TRASH/nb NB_RESULT=$TRASH/result \
		timeout 120 nvim --headless -u NONE -i NONE -n \
		-c "luafile $TEST_DIRECTORY/lsp/neovim.lua" >nvim.out 2>&1 </dev/null || :; } &&
	cat result &&
	echo ok >want &&
	test_cmp want result
'

test_done
