#!/bin/sh
# The cache (.git/notebook/index.db) is never trusted blindly: every cached
# file's record carries a checksum, and a record that does not match it is
# a miss (the file is read again), so a changed byte in the database never
# changes what status says. The search tables (FTS5's inverted index and
# texts) carry one checksum of all their rows: a search over tables that
# do not match it rebuilds them first, so a changed byte there never
# changes what search says either.
. "$(dirname "$0")/lib.sh"

# The cache as status leaves it, its output, and where each folder's blob
# lies in the database file. The files are dated in the past, so the cache
# trusts them (a file changed within 2 s of being cached is read again).
test_expect_success 'setup' '
	notebook init nb >/dev/null &&
	cd nb &&
	for n in "Acme Corp" Globex Initech Umbrella "Stark Industries"; do
		notebook new "$n" >/dev/null || return 1
	done &&
	notebook log acme-corp -k call -m "Called about the plan" --date 2026-11-01 \
		--promise "Send the plan due:2026-11-10" >/dev/null &&
	notebook log globex -k thanks -m "Thanks for the referral" --date 2026-10-01 >/dev/null &&
	notebook log initech -k call --trust strained -m "Missed deadline" --date 2026-11-12 >/dev/null &&
	find clients journal -type f -exec touch -d "2026-11-01 10:00" {} + &&
	notebook status --all >/dev/null &&
	notebook status --all >../pristine.out &&
	grep "promise .Send the plan. due 10 days ago" ../pristine.out &&
	grep "^overdue  *globex" ../pristine.out &&
	cp .git/notebook/index.db ../pristine.db
'

# flip.py SEED COUNT MODE: COUNT copies of the pristine database, each with
# one bit flipped (MODE blob: inside a folder'"'"'s blob; any: anywhere),
# each followed by status, which must print exactly what it printed before.
cat >flip.py <<\PY
import random, sqlite3, subprocess, sys
seed, count, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(seed)
want = open("../pristine.out").read()
data = open("../pristine.db", "rb").read()
con = sqlite3.connect("file:../pristine.db?mode=ro", uri=True)
ranges = []
for d, blob in con.execute("SELECT dir, data FROM dirs"):
    at = data.find(blob)
    assert at >= 0, d
    ranges.append((at, len(blob)))
con.close()
bad = 0
for i in range(count):
    b = bytearray(data)
    if mode == "blob":
        at, n = random.choice(ranges)
        off = at + random.randrange(n)
    else:
        off = random.randrange(len(b))
    bit = random.randrange(8)
    b[off] ^= 1 << bit
    open(".git/notebook/index.db", "wb").write(b)
    p = subprocess.run([sys.argv[4], "status", "--all"], capture_output=True, text=True)
    if p.stdout != want or p.returncode != 0 or p.stderr:
        bad += 1
        print("seed %d: the flip of bit %d of byte %d: exit %d, %s" %
              (seed, bit, off, p.returncode, p.stderr.strip() or "other output"))
sys.exit(1 if bad else 0)
PY

test_expect_success 'a client name and an entry'"'"'s client changed inside cached records: read again' '
	cd nb &&
	python3 - <<-\PY &&
	data = open("../pristine.db", "rb").read()
	# the client'"'"'s record (its name) and the entry'"'"'s (the client it names),
	# not the file names: "Globex" and "client: globex" are only in records
	assert data.count(b"Globex") > 0
	data = data.replace(b"Globex", b"Glebex").replace(b"\x07globex", b"\x07glebex")
	open(".git/notebook/index.db", "wb").write(data)
	PY
	notebook status --all >../out 2>../err &&
	test_cmp ../pristine.out ../out &&
	test_must_be_empty ../err &&
	notebook check &&
	notebook status --all >../out &&
	test_cmp ../pristine.out ../out
'

test_expect_success 'a promise changed inside a cached record: the overdue promise stays' '
	cd nb &&
	python3 - <<-\PY &&
	data = open("../pristine.db", "rb").read()
	assert data.count(b"Send the plan") > 0
	open(".git/notebook/index.db", "wb").write(data.replace(b"Send the plan", b"Send thE plan"))
	PY
	notebook status --all >../out 2>../err &&
	test_cmp ../pristine.out ../out &&
	test_must_be_empty ../err
'

test_expect_success 'random bit flips inside the cached records never change status' '
	cd nb &&
	python3 ../flip.py 7 200 blob "$NOTEBOOK_BIN"
'

test_expect_success 'random bit flips anywhere in the database never change status' '
	cd nb &&
	python3 ../flip.py 11 100 any "$NOTEBOOK_BIN"
'

# The search tables as the searches below leave them, with what each says.
test_expect_success 'setup: the search tables' '
	cd nb &&
	cp ../pristine.db .git/notebook/index.db &&
	notebook search plan >/dev/null &&
	for q in plan referral "missed OR called" deadline; do
		notebook search "$q" || return 1
	done >../search.out 2>../search.err &&
	test_must_be_empty ../search.err &&
	grep -F "Called about the [plan]" ../search.out &&
	cp .git/notebook/index.db ../search.db
'

# fts_flip.py SEED COUNT NOTEBOOK: COUNT copies of the search database, each
# with one bit flipped inside the search tables (an inverted-index block of
# fts_data or a text of fts_content, found in the file by their bytes),
# each followed by the searches, which must print what they printed before.
cat >fts_flip.py <<\PY
import random, sqlite3, subprocess, sys
seed, count, nb = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(seed)
want = open("../search.out").read()
data = open("../search.db", "rb").read()
con = sqlite3.connect("file:../search.db?mode=ro", uri=True)
ranges = []
for (block,) in con.execute("SELECT block FROM fts_data"):
    at = data.find(block)
    if len(block) > 8 and at >= 0:
        ranges.append((at, len(block)))
for row in con.execute("SELECT c1, c2 FROM fts_content"):
    for text in row:
        text = (text or "").encode()
        at = data.find(text)
        if len(text) > 8 and at >= 0:
            ranges.append((at, len(text)))
con.close()
assert len(ranges) > 5, ranges
bad = 0
for i in range(count):
    b = bytearray(data)
    at, n = random.choice(ranges)
    off = at + random.randrange(n)
    bit = random.randrange(8)
    b[off] ^= 1 << bit
    open(".git/notebook/index.db", "wb").write(b)
    out = err = ""
    for q in ["plan", "referral", "missed OR called", "deadline"]:
        p = subprocess.run([nb, "search", q], capture_output=True, text=True)
        out += p.stdout
        err += p.stderr
    if out != want or err:
        bad += 1
        print("seed %d: the flip of bit %d of byte %d: %s" % (seed, bit, off, err.strip() or "other output"))
sys.exit(1 if bad else 0)
PY

test_expect_success 'a word changed in the inverted index: search rebuilds it, says the same' '
	cd nb &&
	python3 - <<-\PY &&
	import sqlite3
	data = bytearray(open("../search.db", "rb").read())
	con = sqlite3.connect("file:../search.db?mode=ro", uri=True)
	changed = 0
	for (block,) in con.execute("SELECT block FROM fts_data"):
	    at = data.find(block)
	    word = block.find(b"plan")
	    if at >= 0 and word >= 0 and len(block) > 8:
	        data[at + word + 2] = ord("o")
	        changed += 1
	assert changed, "no block holds the word"
	open(".git/notebook/index.db", "wb").write(data)
	PY
	notebook search plan >../out 2>../err &&
	grep -F "Called about the [plan]" ../out &&
	test_must_be_empty ../err
'

test_expect_success 'random bit flips inside the search tables never change search' '
	cd nb &&
	python3 ../fts_flip.py 5 60 "$NOTEBOOK_BIN"
'

test_expect_success 'after a corrupted record, the cache is whole again' '
	cd nb &&
	python3 -c "
data = open(\"../pristine.db\", \"rb\").read()
open(\".git/notebook/index.db\", \"wb\").write(data.replace(b\"Stark Industries\", b\"Stark Industriez\"))
" &&
	notebook status --all >/dev/null &&
	python3 -c "
import sqlite3
con = sqlite3.connect(\".git/notebook/index.db\")
print(b\"\".join(b for d, b in con.execute(\"SELECT dir, data FROM dirs\")).count(b\"Stark Industriez\"))
" >../count &&
	echo 0 >../expect &&
	test_cmp ../expect ../count &&
	git status --porcelain >../st &&
	test_must_be_empty ../st
'

test_done
