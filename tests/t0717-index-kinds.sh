#!/bin/sh
# The kinds of git index a commit meets (issue #11): a sparse index, one
# without a checksum (index.skipHash), version 4, extensions git may
# ignore or must understand, a skip-worktree entry, a staged directory
# where the new file goes. Each is either edited as `git add` would edit
# it, or refused before anything is written (exit 4, nothing changed);
# and an index left behind HEAD by an interrupted commit is repaired by
# the next writing command.
. "$(dirname "$0")/lib.sh"

# index_edit MODE [SIG]: rewrites .git/index: "ext SIG" adds an empty
# extension SIG; "nohash" writes an all-zero checksum (index.skipHash).
cat >"$TRASH/index-edit.py" <<\EOT
import hashlib, sys
path = ".git/index"
data = bytearray(open(path, "rb").read())
body = data[:-20]
if sys.argv[1] == "ext":
    body += sys.argv[2].encode() + b"\0\0\0\0"
    body += hashlib.sha1(body).digest()
elif sys.argv[1] == "nohash":
    body += b"\0" * 20
open(path, "wb").write(body)
EOT
index_edit() {
	/usr/bin/python3 "$TRASH/index-edit.py" "$@"
}

# exts: the extensions of .git/index, one a line.
exts() {
	/usr/bin/python3 - <<\EOT
import struct
data = open(".git/index", "rb").read()
version, count = struct.unpack(">II", data[4:12])
pos = 12
for _ in range(count):
    flags, = struct.unpack(">H", data[pos + 60:pos + 62])
    fixed = 64 if flags & 0x4000 else 62
    if version == 4:
        p = pos + fixed
        while data[p] & 0x80:
            p += 1
        pos = data.index(b"\0", p + 1) + 1
    else:
        pos += (fixed + data.index(b"\0", pos + fixed) - pos - fixed + 8) & ~7
while pos < len(data) - 20:
    ext, size = struct.unpack(">4sI", data[pos:pos + 8])
    print(ext.decode())
    pos += 8 + size
print("checksum", "none" if data[-20:] == b"\0" * 20 else "set")
EOT
}

# state: what a refused command leaves as it was.
state() {
	git rev-parse HEAD &&
	git status --porcelain --untracked-files=all &&
	cat .git/index | sha1sum
}

# writes_all: log, new, done and snooze each commit their file alone and
# leave nothing staged or changed.
writes_all() {
	notebook log acme-corp -m "Called." --promise "Send the plan due:2026-11-30" >/dev/null &&
	notebook new "Globex" >/dev/null &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	notebook snooze acme-corp 2w >/dev/null &&
	git log --format=%s -4 >"$TRASH/log" &&
	printf "%s\n" "snooze: acme-corp until 2026-12-04" "done: acme-corp: Send the plan" \
		"new: globex" "log: acme-corp call 2026-11-20" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/log" &&
	git status --porcelain >"$TRASH/st" &&
	test_must_be_empty "$TRASH/st" &&
	git fsck --strict
}

test_expect_success 'a sparse index with the notebook in its cone: edited in place, still sparse' '
	notebook init sparse >/dev/null &&
	cd sparse &&
	notebook new "Acme Corp" >/dev/null &&
	mkdir -p docs/old &&
	echo "archive" >docs/old/a.txt &&
	git add docs && git commit -q -m "docs" &&
	git sparse-checkout set --cone --sparse-index clients journal &&
	git ls-files --sparse >../ls &&
	grep -x "docs/" ../ls &&
	writes_all &&
	exts >../exts &&
	grep -x sdir ../exts &&
	git ls-files --sparse >../ls &&
	grep -x "docs/" ../ls &&
	grep -x "clients/globex.md" ../ls
'

cat >"$TRASH/sparse.err" <<EOT
notebook: cannot update the git index '$TRASH/sparse2/.git/index': 'journal/' is a sparse directory (not checked out); add it to the sparse checkout ('git sparse-checkout add journal') or run 'git sparse-checkout disable'
EOT

test_expect_success 'a sparse index leaving the journal out: refused before anything is written' '
	notebook init sparse2 >/dev/null &&
	cd sparse2 &&
	notebook new "Acme Corp" >/dev/null &&
	notebook log acme-corp -m "Before." >/dev/null &&
	git sparse-checkout set --cone --sparse-index clients &&
	state >../before &&
	for cmd in "log acme-corp -m Lost?" "new Globex" "snooze acme-corp 2w" "commit"; do
		test_status 4 notebook $cmd 2>../err || return 1
		test_cmp ../sparse.err ../err || return 1
	done &&
	state >../after &&
	test_cmp ../before ../after &&
	git sparse-checkout add journal &&
	notebook log acme-corp -m "Now." >/dev/null &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'a sparse checkout without a sparse index: files left out are not deleted' '
	notebook init sparse3 >/dev/null &&
	cd sparse3 &&
	notebook new "Acme Corp" >/dev/null &&
	notebook log acme-corp -m "Kept out of the work tree." >/dev/null &&
	git sparse-checkout set --cone clients &&
	! test -e journal &&
	git ls-files -t journal >../t &&
	grep -x "S journal/2026/11/2026-11-20-acme-corp-call.md" ../t &&
	head=$(git rev-parse HEAD) &&
	notebook commit >../out &&
	echo "nothing to commit" >../expect && test_cmp ../expect ../out &&
	test "$(git rev-parse HEAD)" = $head &&
	printf "\nMet at the fair.\n" >>clients/acme-corp.md &&
	notebook commit >/dev/null &&
	git diff-tree --no-commit-id --name-only -r HEAD >../files &&
	echo clients/acme-corp.md >../expect && test_cmp ../expect ../files &&
	git ls-files -t journal >../t2 && test_cmp ../t ../t2 &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'no checksum (index.skipHash): read, and written with one' '
	notebook init nohash >/dev/null &&
	cd nohash &&
	notebook new "Acme Corp" >/dev/null &&
	index_edit nohash &&
	exts >../exts && grep -x "checksum none" ../exts &&
	notebook log acme-corp -m "Called." >/dev/null &&
	exts >../exts && grep -x "checksum set" ../exts &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'an optional extension git does not know is dropped, as git drops it' '
	notebook init optional >/dev/null &&
	cd optional &&
	notebook new "Acme Corp" >/dev/null &&
	index_edit ext ZZZZ &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	index_edit ext ZZZZ &&
	notebook log acme-corp -m "Called." >/dev/null &&
	exts >../exts &&
	! grep -x ZZZZ ../exts &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

cat >"$TRASH/mandatory.err" <<EOT
notebook: cannot update the git index '$TRASH/mandatory/.git/index': it uses the extension 'zzzz', which notebook does not know
EOT

test_expect_success 'a mandatory extension not known: refused before anything is written' '
	notebook init mandatory >/dev/null &&
	cd mandatory &&
	notebook new "Acme Corp" >/dev/null &&
	index_edit ext zzzz &&
	! git status 2>../err &&
	grep "index uses zzzz extension" ../err &&
	git rev-parse HEAD >../before &&
	sha1sum .git/index >>../before &&
	test_status 4 notebook log acme-corp -m "Lost?" 2>../err &&
	test_cmp ../mandatory.err ../err &&
	test_status 4 notebook snooze acme-corp 2w 2>../err &&
	test_cmp ../mandatory.err ../err &&
	git rev-parse HEAD >../after &&
	sha1sum .git/index >>../after &&
	test_cmp ../before ../after &&
	! test -e journal/2026 &&
	! grep snooze clients/acme-corp.md
'

# skip_worktree VERSION: done and snooze keep a file skip-worktree.
skip_worktree() {
	notebook init sw$1 >/dev/null &&
	cd sw$1 &&
	notebook new "Acme Corp" >/dev/null &&
	notebook log acme-corp -m "Call." --promise "Send the plan due:2026-11-30" >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	git update-index --index-version $1 &&
	git update-index --skip-worktree clients/acme-corp.md $f &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	notebook snooze acme-corp 2w >/dev/null &&
	git ls-files -t clients/acme-corp.md $f >../t &&
	printf "S clients/acme-corp.md\nS %s\n" $f >../expect &&
	test_cmp ../expect ../t &&
	git ls-files -s clients/acme-corp.md $f | cut -d" " -f2 >../ids &&
	git rev-parse HEAD:clients/acme-corp.md HEAD:$f >../expect &&
	test_cmp ../expect ../ids &&
	git update-index --no-skip-worktree clients/acme-corp.md $f &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
}

test_expect_success 'done and snooze on skip-worktree files keep them skip-worktree' 'skip_worktree 3'
test_expect_success 'the same through libgit2 (index version 4)' 'skip_worktree 4'

# dir_in_the_way VERSION: a staged directory named like the new entry.
dir_in_the_way() {
	notebook init df$1 >/dev/null &&
	cd df$1 &&
	notebook new "Acme Corp" >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	mkdir -p $f &&
	echo inner >$f/inner &&
	git add $f/inner &&
	rm -r journal/2026 &&
	git update-index --index-version $1 &&
	notebook log acme-corp -m "Called." >../out &&
	grep -x "$f" ../out &&
	git ls-files -s journal >../ls &&
	git ls-files -s journal/.gitkeep $f >../expect &&
	test_cmp ../expect ../ls &&
	test "$(git rev-parse :$f)" = "$(git rev-parse HEAD:$f)" &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
}

test_expect_success 'a staged directory where the entry goes is dropped, as git add drops it' 'dir_in_the_way 2'
test_expect_success 'the same through libgit2 (index version 4)' 'dir_in_the_way 4'

# behind VERSION: the index left as it was before each kind of commit,
# then repaired by the next writing command.
behind() {
	notebook init behind$1 >/dev/null &&
	cd behind$1 &&
	notebook new "Acme Corp" >/dev/null &&
	git update-index --index-version $1 &&
	notebook log acme-corp -m "Call." --promise "Send the plan due:2026-11-30" >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	git rm -q --cached $f &&
	git status --porcelain >../st &&
	grep -x "D  $f" ../st &&
	notebook snooze acme-corp 2w >/dev/null 2>../err &&
	echo "notebook: warning: the index staged '$f' as it was before the last commit (a commit was interrupted); it is staged as committed now" >../expect &&
	test_cmp ../expect ../err &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git update-index --cacheinfo 100644,$(git rev-parse HEAD~1:clients/acme-corp.md),clients/acme-corp.md &&
	notebook done acme-corp "Send the plan" >/dev/null 2>../err &&
	grep -F "staged 'clients/acme-corp.md' as it was before the last commit" ../err &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	notebook new "Globex" >/dev/null &&
	git rm -q --cached clients/globex.md &&
	notebook commit >../out 2>../err &&
	echo "nothing to commit" >../expect &&
	test_cmp ../expect ../out &&
	grep -F "staged 'clients/globex.md' as it was" ../err &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
}

test_expect_success 'an index behind HEAD for our files is repaired by the next command' 'behind 2'
test_expect_success 'the same through libgit2 (index version 4)' 'behind 4'

test_expect_success 'a staged change of the user is not mistaken for it' '
	cd behind2 &&
	notebook log acme-corp -m "Again." >/dev/null &&
	echo "- [ ] More due:2026-12-10" >>clients/acme-corp.md &&
	git add clients/acme-corp.md &&
	notebook log acme-corp -m "Third." >/dev/null 2>../err &&
	test_must_be_empty ../err &&
	git status --porcelain >../st &&
	echo "M  clients/acme-corp.md" >../expect &&
	test_cmp ../expect ../st
'

test_done
