#!/bin/sh
# The index after log, new, done and snooze, on indexes C git wrote: the
# user's staged changes stay staged, our file is clean, and each entry is
# what `git add` would have made; version 4, split and other indexes
# gitindex.c does not edit go through libgit2 and come out as right.
. "$(dirname "$0")/lib.sh"

# An independent reader of the index file: its version, its extensions,
# the cache tree (without ids), and the size field of the paths asked for.
cat >"$TRASH/index-dump.py" <<\EOT
import hashlib, struct, sys
data = open(sys.argv[1], "rb").read()
sig, version, count = struct.unpack(">4sII", data[:12])
assert sig == b"DIRC"
assert hashlib.sha1(data[:-20]).digest() == data[-20:], "bad checksum"
print("version", version)
if version == 4:
    sys.exit(0)
pos, sizes = 12, {}
for _ in range(count):
    size, = struct.unpack(">I", data[pos + 36:pos + 40])
    flags, = struct.unpack(">H", data[pos + 60:pos + 62])
    fixed = 64 if flags & 0x4000 else 62
    name = data[pos + fixed:data.index(b"\0", pos + fixed)].decode()
    sizes[name] = size
    pos += (fixed + len(name) + 8) & ~7
while pos < len(data) - 20:
    ext, size = struct.unpack(">4sI", data[pos:pos + 8])
    print("ext", ext.decode())
    if ext == b"TREE":
        t, end = pos + 8, pos + 8 + size
        while t < end:
            nul = data.index(b"\0", t)
            name = data[t:nul].decode()
            nl = data.index(b"\n", nul)
            entries, subtrees = data[nul + 1:nl].decode().split(" ")
            print("tree '%s' %s %s" % (name, entries, subtrees))
            t = nl + 1 + (20 if int(entries) >= 0 else 0)
    pos += 8 + size
for p in sys.argv[2:]:
    print("size", p, sizes.get(p, "none"))
EOT

dump_index() {
	/usr/bin/python3 "$TRASH/index-dump.py" .git/index "$@"
}

# before: what the checks compare with after a notebook command.
before() {
	cp .git/index "$TRASH/index.before" &&
	git diff --cached >"$TRASH/cached.before"
}

# after EXPECTED-STATUS-FILE PATH...: the repository is sound, `git status`
# says exactly what is expected, the staged changes are as they were, and
# the index holds what `git add PATH...` would have made of the old one.
after() {
	git fsck --strict &&
	git status --porcelain >"$TRASH/status" &&
	test_cmp "$1" "$TRASH/status" &&
	shift &&
	git diff --cached >"$TRASH/cached" &&
	test_cmp "$TRASH/cached.before" "$TRASH/cached" &&
	git diff --stat -- "$@" >"$TRASH/diffstat" &&
	test_must_be_empty "$TRASH/diffstat" &&
	cp "$TRASH/index.before" "$TRASH/index.git-add" &&
	GIT_INDEX_FILE="$TRASH/index.git-add" git add -- "$@" &&
	GIT_INDEX_FILE="$TRASH/index.git-add" git ls-files -s >"$TRASH/ls.git-add" &&
	git ls-files -s >"$TRASH/ls" &&
	test_cmp "$TRASH/ls.git-add" "$TRASH/ls"
}

# user_changes: a staged new file, a staged change, an unstaged change, an
# untracked file; and future.txt, whose mtime is after the index's, so
# that only gitindex.c smudges its size in the index (libgit2 smudges only
# entries whose contents changed): the witness of which path wrote it.
user_changes() {
	echo base >tracked.txt &&
	echo draft >notes.txt &&
	echo later >future.txt &&
	touch -d "2031-01-01 00:00:00" future.txt &&
	git add tracked.txt notes.txt future.txt &&
	git commit -q -m "user files" &&
	echo staged >>tracked.txt &&
	echo new >staged-new.txt &&
	git add tracked.txt staged-new.txt &&
	echo unstaged >>notes.txt &&
	echo untracked >untracked.txt
}

cat >"$TRASH/user.status" <<\EOT
 M notes.txt
A  staged-new.txt
M  tracked.txt
?? untracked.txt
EOT

test_expect_success 'setup: a notebook with the user'"'"'s own changes, index by C git' '
	notebook init nb >/dev/null &&
	cd nb &&
	notebook new "Acme Corp" >/dev/null &&
	notebook new "Globex" >/dev/null &&
	user_changes &&
	dump_index future.txt >../dump &&
	grep -x "ext TREE" ../dump &&
	grep -x "size future.txt 6" ../dump
'

test_expect_success 'log: the entry committed alone, staged changes still staged' '
	cd nb &&
	before &&
	notebook log acme-corp -m "Talked." --promise "Send the plan due:2026-11-30" >/dev/null &&
	dump_index future.txt >../dump &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	git diff-tree --no-commit-id --name-only -r HEAD >../files &&
	echo $f >../expect && test_cmp ../expect ../files &&
	after ../user.status $f
'

# Read before `git status` ran: git's refresh rewrites the index.
test_expect_success 'log: the cache tree kept, invalidated along the path only; racy entry smudged' '
	cat >expect <<-\EOT &&
	version 2
	ext TREE
	tree '"''"' -1 2
	tree '"'clients'"' 3 0
	tree '"'journal'"' -1 0
	size future.txt 0
	EOT
	test_cmp expect dump
'

test_expect_success 'new, done, snooze: the same' '
	cd nb &&
	before &&
	notebook new "Initech" >/dev/null &&
	after ../user.status clients/initech.md &&
	before &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	after ../user.status journal/2026/11/2026-11-20-acme-corp-call.md &&
	before &&
	notebook snooze globex 2w >/dev/null &&
	after ../user.status clients/globex.md
'

test_expect_success 'the user commits what they staged afterwards' '
	cd nb &&
	git commit -q -m "user: staged work" &&
	git diff-tree --no-commit-id --name-only -r HEAD >../files &&
	printf "staged-new.txt\ntracked.txt\n" >../expect &&
	test_cmp ../expect ../files &&
	git status --porcelain >../st &&
	printf " M notes.txt\n?? untracked.txt\n" >../expect &&
	test_cmp ../expect ../st &&
	git fsck --strict
'

test_expect_success 'an unborn branch: the first commit holds our file alone' '
	mkdir unborn &&
	cd unborn &&
	git init -q &&
	make_notebook . &&
	echo x >other.txt &&
	git add notebook.yaml other.txt &&
	before &&
	notebook new "Acme Corp" >/dev/null &&
	git ls-tree -r --name-only HEAD >../tree &&
	echo clients/acme-corp.md >../expect &&
	test_cmp ../expect ../tree &&
	printf "A  notebook.yaml\nA  other.txt\n" >../expect &&
	after ../expect clients/acme-corp.md &&
	git commit -q -m "user: the rest" &&
	git status --porcelain >../st &&
	test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'index version 4: left to libgit2, still version 4 and right' '
	notebook init v4 >/dev/null &&
	cd v4 &&
	notebook new "Acme Corp" >/dev/null &&
	user_changes &&
	git update-index --index-version 4 &&
	before &&
	notebook log acme-corp -m "Talked." >/dev/null &&
	after ../user.status journal/2026/11/2026-11-20-acme-corp-call.md &&
	dump_index >../dump &&
	echo "version 4" >../expect &&
	test_cmp ../expect ../dump &&
	git commit -q -m "user: staged work" &&
	git fsck --strict
'

cat >"$TRASH/split.err" <<EOT
notebook: cannot update the git index '$TRASH/split/.git/index': it is a split index; run 'git update-index --no-split-index' and 'git config core.splitIndex false'
EOT

test_expect_success 'a split index, which libgit2 1.5 cannot read: refused before anything is written' '
	notebook init split >/dev/null &&
	cd split &&
	notebook new "Acme Corp" >/dev/null &&
	user_changes &&
	git update-index --split-index &&
	dump_index >../dump &&
	grep -x "ext link" ../dump &&
	before &&
	head=$(git rev-parse HEAD) &&
	for cmd in "log acme-corp -m Talked." "new Globex" "snooze acme-corp 2w" "commit"; do
		test_status 4 notebook $cmd 2>../err || return 1
		test_cmp ../split.err ../err || return 1
	done &&
	test "$(git rev-parse HEAD)" = $head &&
	cmp .git/index ../index.before &&
	git status --porcelain >../st &&
	test_cmp ../user.status ../st &&
	git fsck --strict &&
	git update-index --no-split-index &&
	notebook log acme-corp -m "Talked." >/dev/null &&
	after ../user.status journal/2026/11/2026-11-20-acme-corp-call.md
'

test_expect_success 'EOIE and IEOT (index.threads) dropped, the rest right' '
	notebook init threads >/dev/null &&
	cd threads &&
	git config index.threads 2 &&
	git config index.recordEndOfIndexEntries true &&
	git config index.recordOffsetTable true &&
	notebook new "Acme Corp" >/dev/null &&
	user_changes &&
	dump_index >../dump &&
	grep -x "ext EOIE" ../dump &&
	grep -x "ext IEOT" ../dump &&
	before &&
	notebook log acme-corp -m "Talked." >/dev/null &&
	dump_index future.txt >../dump &&
	! grep "ext EOIE\|ext IEOT" ../dump &&
	grep -x "size future.txt 0" ../dump &&
	after ../user.status journal/2026/11/2026-11-20-acme-corp-call.md &&
	git commit -q -m "user: staged work" &&
	git fsck --strict
'

test_expect_success 'the untracked cache dropped, untracked files still listed' '
	notebook init untr >/dev/null &&
	cd untr &&
	notebook new "Acme Corp" >/dev/null &&
	user_changes &&
	git update-index --untracked-cache &&
	git status --porcelain >/dev/null &&
	dump_index >../dump &&
	grep -x "ext UNTR" ../dump &&
	before &&
	notebook log acme-corp -m "Talked." >/dev/null &&
	dump_index future.txt >../dump &&
	! grep -x "ext UNTR" ../dump &&
	grep -x "size future.txt 0" ../dump &&
	after ../user.status journal/2026/11/2026-11-20-acme-corp-call.md
'

# attr_notebook DIR: a notebook with one client, at DIR.
attr_notebook() {
	notebook init "$1" >/dev/null &&
	notebook -C "$1" new "Acme Corp" >/dev/null
}

test_expect_success 'attributes: text=auto' '
	attr_notebook auto &&
	cd auto &&
	printf "* text=auto\n" >.gitattributes &&
	git add .gitattributes &&
	git commit -q -m "text=auto" &&
	before &&
	notebook log acme-corp -m "Mail." >/dev/null &&
	after /dev/null journal/2026/11/2026-11-20-acme-corp-call.md
'

test_expect_success 'attributes: eol=crlf and ident apply as git add applies them' '
	attr_notebook crlf &&
	cd crlf &&
	printf "*.md text eol=crlf ident\n" >.gitattributes &&
	git add .gitattributes &&
	git commit -q -m "crlf and ident" &&
	before &&
	notebook log acme-corp -m "Ticket \$Id: 0123abcd \$ noted." >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	grep -F "\$Id: 0123abcd \$" $f &&
	git cat-file -p HEAD:$f >../blob &&
	grep -F "Ticket \$Id\$ noted." ../blob &&
	after /dev/null $f
'

test_expect_success 'attributes only in the index (deleted from the work tree) still apply' '
	attr_notebook idxattr &&
	cd idxattr &&
	printf "*.md ident\n" >journal/.gitattributes &&
	git add journal/.gitattributes &&
	git commit -q -m "journal ident" &&
	rm journal/.gitattributes &&
	before &&
	notebook log acme-corp -m "Ref \$Id: feed \$ here." >/dev/null &&
	f=journal/2026/11/2026-11-20-acme-corp-call.md &&
	git cat-file -p HEAD:$f >../blob &&
	grep -F "Ref \$Id\$ here." ../blob &&
	echo " D journal/.gitattributes" >../expect &&
	after ../expect $f
'

test_expect_success 'core.autocrlf: a file staged with CRLF keeps them, as with git add' '
	attr_notebook autocrlf &&
	cd autocrlf &&
	: >.gitattributes &&
	sed "s/\$/\r/" clients/acme-corp.md >crlf && mv crlf clients/acme-corp.md &&
	git add .gitattributes clients/acme-corp.md &&
	git commit -q -m "CRLF" &&
	git config core.autocrlf true &&
	sed "s/^tier: .*/tier: key\r/" clients/acme-corp.md >crlf && mv crlf clients/acme-corp.md &&
	before &&
	notebook commit -m "hand edit" >/dev/null &&
	git cat-file -p HEAD:clients/acme-corp.md >../blob &&
	tr -cd "\r" <../blob | wc -c | tr -d " " >../n &&
	wc -l <clients/acme-corp.md | tr -d " " >../expect &&
	test_cmp ../expect ../n &&
	after /dev/null clients/acme-corp.md
'

test_expect_success 'a conflicted index entry for our path: libgit2 resolves it' '
	notebook init conflict >/dev/null &&
	cd conflict &&
	notebook new "Acme Corp" >/dev/null &&
	f=clients/acme-corp.md &&
	id=$(git rev-parse HEAD:$f) &&
	printf "100644 %s 1\t%s\n100644 %s 2\t%s\n100644 %s 3\t%s\n" $id $f $id $f $id $f >../conflict.info &&
	git update-index --force-remove $f &&
	git update-index --index-info <../conflict.info &&
	git ls-files -s $f | wc -l | tr -d " " >../n && echo 3 >../expect && test_cmp ../expect ../n &&
	notebook snooze acme-corp 2w >/dev/null &&
	git ls-files -s $f | cut -f1 | cut -d" " -f3 >../stages &&
	echo 0 >../expect && test_cmp ../expect ../stages &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_done
