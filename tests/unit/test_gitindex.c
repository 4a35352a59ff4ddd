/*
 * Unit tests for gitindex.c: index images built here byte by byte, edited
 * by gitindex_apply(), and read back with an independent small reader
 * (dump()) into text compared with what git's format says they must hold.
 * tests/t0590-log-index.sh checks the same against C git itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "git/gitindex.h"
#include "tap.h"
#include "util.h"

static void be32(struct buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, p, 4);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void sha1(const void *p, size_t n, unsigned char *out)
{
	unsigned int len;

	EVP_Digest(p, n, out, &len, EVP_sha1(), NULL);
}

static void img_start(struct buf *b, uint32_t version, uint32_t count)
{
	buf_reset(b);
	buf_add(b, "DIRC", 4);
	be32(b, version);
	be32(b, count);
}

/*
 * An entry whose fields say where they came from: ctime = 1000, mtime as
 * given, dev 1, ino 2, uid 3, gid 4, the id all `idbyte`. flags2 != 0
 * makes an extended entry (version 3).
 */
static void img_entry(struct buf *b, const char *path, unsigned stage, uint32_t mtime,
		      uint32_t size, uint32_t mode, unsigned flags2, unsigned char idbyte)
{
	size_t plen = strlen(path), fixed = flags2 ? 64 : 62;
	size_t len = (fixed + plen + 8) & ~(size_t)7;
	unsigned flags = (plen < 0xfff ? (unsigned)plen : 0xfff) | stage << 12 |
			 (flags2 ? 0x4000 : 0);
	unsigned char id[20], f[4] = { (unsigned char)(flags >> 8), (unsigned char)flags,
				       (unsigned char)(flags2 >> 8), (unsigned char)flags2 };
	static const char nuls[8];

	be32(b, 1000);
	be32(b, 0);
	be32(b, mtime);
	be32(b, 0);
	be32(b, 1);
	be32(b, 2);
	be32(b, mode);
	be32(b, 3);
	be32(b, 4);
	be32(b, size);
	memset(id, idbyte, sizeof(id));
	buf_add(b, id, 20);
	buf_add(b, f, flags2 ? 4 : 2);
	buf_add(b, path, plen);
	buf_add(b, nuls, len - fixed - plen);
}

static void img_ext(struct buf *b, const char *sig, const void *data, size_t len)
{
	buf_add(b, sig, 4);
	be32(b, (uint32_t)len);
	buf_add(b, data, len);
}

static void img_finish(struct buf *b)
{
	unsigned char sum[20];

	sha1(b->data, b->len, sum);
	buf_add(b, sum, 20);
}

/* A cache-tree node: name, counts, and the id (all `idbyte`) when valid. */
static void tree_node(struct buf *t, const char *name, int entries, int subtrees,
		      unsigned char idbyte)
{
	unsigned char id[20];

	buf_add(t, name, strlen(name) + 1);
	buf_printf(t, "%d %d\n", entries, subtrees);
	if (entries >= 0) {
		memset(id, idbyte, sizeof(id));
		buf_add(t, id, 20);
	}
}

/* The cache tree as text, one node per line, in the order stored. */
static void dump_tree(struct buf *out, const unsigned char *p, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *name = (const char *)p + pos;
		char *end;
		long entries, subtrees;

		pos += strlen(name) + 1;
		entries = strtol((const char *)p + pos, &end, 10);
		subtrees = strtol(end + 1, &end, 10);
		pos = (size_t)((const unsigned char *)end - p) + 1;
		buf_printf(out, "  tree '%s' %ld %ld", name, entries, subtrees);
		if (entries >= 0) {
			buf_printf(out, " %02x", p[pos]);
			pos += 20;
		}
		buf_addc(out, '\n');
	}
}

/*
 * An index image as text: the version and count, each entry (path, stage,
 * mtime, size, mode, id byte), each extension (the cache tree spelled
 * out), and whether the trailer is the SHA-1 of the rest.
 */
static char *dump(const struct buf *img)
{
	const unsigned char *p = (const unsigned char *)img->data;
	struct buf out = BUF_INIT;
	size_t pos = 12, end = img->len - 20;
	uint32_t count = rd32(p + 8);
	unsigned char sum[20];

	buf_printf(&out, "v%u %u\n", (unsigned)rd32(p + 4), (unsigned)count);
	for (uint32_t i = 0; i < count; i++) {
		unsigned flags = (unsigned)p[pos + 60] << 8 | p[pos + 61];
		size_t fixed = flags & 0x4000 ? 64 : 62;
		const char *name = (const char *)p + pos + fixed;
		size_t nlen = strlen(name);

		buf_printf(&out, "%s %u mtime=%u size=%u mode=%o id=%02x%s\n", name,
			   (flags >> 12) & 3, (unsigned)rd32(p + pos + 8),
			   (unsigned)rd32(p + pos + 36), (unsigned)rd32(p + pos + 24), p[pos + 40],
			   fixed == 64 ? (p[pos + 62] & 0x40 ? " skip-worktree" : " extended") : "");
		pos += (fixed + nlen + 8) & ~(size_t)7;
	}
	while (pos < end) {
		uint32_t size = rd32(p + pos + 4);

		buf_printf(&out, "%.4s %u\n", (const char *)p + pos, (unsigned)size);
		if (!memcmp(p + pos, "TREE", 4))
			dump_tree(&out, p + pos + 8, size);
		pos += 8 + size;
	}
	sha1(p, end, sum);
	buf_adds(&out, memcmp(sum, p + end, 20) ? "bad checksum\n" : "checksum ok\n");
	return buf_detach(&out);
}

static struct gitindex_entry upd(const char *path, uint32_t mtime, uint32_t size,
				 unsigned char idbyte)
{
	struct gitindex_entry e;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mtime_sec = mtime;
	e.size = size;
	e.mode = 0100644;
	memset(e.id, idbyte, sizeof(e.id));
	return e;
}

static struct gitindex_entry del(const char *path)
{
	struct gitindex_entry e;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.remove = 1;
	return e;
}

/* Applies and dumps; "unsupported: <why>" when refused. */
static char *apply(const struct buf *img, const struct gitindex_entry *e, size_t n,
		   int64_t racy)
{
	struct buf out = BUF_INIT;
	struct gitindex_why why;
	char *text;
	int err;

	err = gitindex_apply((const unsigned char *)img->data, img->len, e, n, racy, &out, NULL,
			     &why);
	if (err) {
		buf_release(&out);
		return xasprintf("unsupported: %s", why.text);
	}
	text = dump(&out);
	buf_release(&out);
	return text;
}

/* Three entries, a cache tree over them, resolve-undo and stat extensions. */
static void sample(struct buf *b)
{
	struct buf t = BUF_INIT, r = BUF_INIT;

	img_start(b, 2, 3);
	img_entry(b, "clients/acme.md", 0, 100, 11, 0100644, 0, 0xa1);
	img_entry(b, "journal/2026/11/a.md", 0, 100, 12, 0100644, 0, 0xa2);
	img_entry(b, "notebook.yaml", 0, 100, 13, 0100644, 0, 0xa3);
	tree_node(&t, "", 3, 2, 0xf0);
	tree_node(&t, "clients", 1, 0, 0xf1);
	tree_node(&t, "journal", 1, 1, 0xf2);
	tree_node(&t, "2026", 1, 1, 0xf3);
	tree_node(&t, "11", 1, 0, 0xf4);
	img_ext(b, "TREE", t.data, t.len);
	/* a resolve-undo record: path, three modes, the one id */
	buf_add(&r, "x", 2);
	buf_add(&r, "100644", 7);
	buf_add(&r, "0", 2);
	buf_add(&r, "0", 2);
	buf_add(&r, "01234567890123456789", 20);
	img_ext(b, "REUC", r.data, r.len);
	img_ext(b, "UNTR", "untracked", 9);
	img_ext(b, "IEOT", "offsets!", 8);
	img_ext(b, "EOIE", "0123456789abcdefghijklmnop", 24);
	img_finish(b);
	buf_release(&t);
	buf_release(&r);
}

static void test_insert_replace_remove(void)
{
	struct buf img = BUF_INIT;
	struct gitindex_entry e[2];
	char *got;

	sample(&img);
	e[0] = upd("journal/2026/11/b.md", 200, 7, 0xb1);
	got = apply(&img, e, 1, 0);
	is_str(got,
	       "v2 4\n"
	       "clients/acme.md 0 mtime=100 size=11 mode=100644 id=a1\n"
	       "journal/2026/11/a.md 0 mtime=100 size=12 mode=100644 id=a2\n"
	       "journal/2026/11/b.md 0 mtime=200 size=7 mode=100644 id=b1\n"
	       "notebook.yaml 0 mtime=100 size=13 mode=100644 id=a3\n"
	       "TREE 69\n"
	       "  tree '' -1 2\n"
	       "  tree 'clients' 1 0 f1\n"
	       "  tree 'journal' -1 1\n"
	       "  tree '2026' -1 1\n"
	       "  tree '11' -1 0\n"
	       "REUC 33\n"
	       "checksum ok\n",
	       "a new entry lands in path order; the cache tree is invalidated from the root "
	       "down to its directory; REUC kept; UNTR, IEOT, EOIE dropped");
	free(got);

	e[0] = upd("clients/acme.md", 300, 20, 0xc1);
	got = apply(&img, e, 1, 0);
	is_str(got,
	       "v2 3\n"
	       "clients/acme.md 0 mtime=300 size=20 mode=100644 id=c1\n"
	       "journal/2026/11/a.md 0 mtime=100 size=12 mode=100644 id=a2\n"
	       "notebook.yaml 0 mtime=100 size=13 mode=100644 id=a3\n"
	       "TREE 107\n"
	       "  tree '' -1 2\n"
	       "  tree 'clients' -1 0\n"
	       "  tree 'journal' 1 1 f2\n"
	       "  tree '2026' 1 1 f3\n"
	       "  tree '11' 1 0 f4\n"
	       "REUC 33\n"
	       "checksum ok\n",
	       "an existing entry is replaced; only its own directories lose their tree ids");
	free(got);

	e[0] = del("journal/2026/11/a.md");
	e[1] = upd("notebook.yaml", 400, 21, 0xd1);
	got = apply(&img, e, 2, 0);
	is_str(got,
	       "v2 2\n"
	       "clients/acme.md 0 mtime=100 size=11 mode=100644 id=a1\n"
	       "notebook.yaml 0 mtime=400 size=21 mode=100644 id=d1\n"
	       "TREE 69\n"
	       "  tree '' -1 2\n"
	       "  tree 'clients' 1 0 f1\n"
	       "  tree 'journal' -1 1\n"
	       "  tree '2026' -1 1\n"
	       "  tree '11' -1 0\n"
	       "REUC 33\n"
	       "checksum ok\n",
	       "a removal and a top-level file in one go");
	free(got);

	e[0] = del("journal/nothing.md");
	got = apply(&img, e, 1, 0);
	ok(strstr(got, "v2 3\n") && strstr(got, "  tree 'journal' -1 1\n  tree '2026' 1 1 f3\n"),
	   "removing a path the index lacks changes no entry; its directory is invalidated");
	free(got);

	e[0] = upd("a-first.md", 1, 1, 0x01);
	e[1] = upd("zz/last.md", 2, 2, 0x02);
	got = apply(&img, e, 2, 0);
	ok(!strncmp(got, "v2 5\na-first.md 0", 17) && strstr(got, "notebook.yaml 0 mtime=100 size=13 mode=100644 id=a3\nzz/last.md 0"),
	   "entries before the first and after the last");
	free(got);
	buf_release(&img);
}

static void test_racy(void)
{
	struct buf img = BUF_INIT;
	struct gitindex_entry e = upd("journal/x.md", 500, 5, 0xee);
	char *got;

	img_start(&img, 2, 4);
	img_entry(&img, "a.md", 0, 99, 10, 0100644, 0, 0x01);
	img_entry(&img, "b.md", 0, 100, 10, 0100644, 0, 0x02);
	img_entry(&img, "c.md", 0, 101, 10, 0100755, 0, 0x03);
	img_entry(&img, "sub", 0, 150, 10, 0160000, 0, 0x04);
	img_finish(&img);
	got = apply(&img, &e, 1, 100);
	is_str(got,
	       "v2 5\n"
	       "a.md 0 mtime=99 size=10 mode=100644 id=01\n"
	       "b.md 0 mtime=100 size=0 mode=100644 id=02\n"
	       "c.md 0 mtime=101 size=0 mode=100755 id=03\n"
	       "journal/x.md 0 mtime=500 size=5 mode=100644 id=ee\n"
	       "sub 0 mtime=150 size=10 mode=160000 id=04\n"
	       "checksum ok\n",
	       "entries as new as the old index are smudged (size 0), not our own, not a gitlink");
	free(got);
	got = apply(&img, &e, 1, 0);
	ok(strstr(got, "b.md 0 mtime=100 size=10"), "no smudging without a time");
	free(got);
	buf_release(&img);
}

static void test_v3_and_long_paths(void)
{
	struct buf img = BUF_INIT;
	char longpath[5000];
	struct gitindex_entry e[2];
	char *got, *want;

	memset(longpath, 'p', sizeof(longpath) - 1);
	memcpy(longpath, "long/", 5);
	longpath[sizeof(longpath) - 1] = '\0';
	img_start(&img, 3, 3);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0x4000, 0x01); /* skip-worktree */
	img_entry(&img, longpath, 0, 1, 2, 0100644, 0, 0x02);
	img_entry(&img, "m.md", 0, 1, 3, 0100644, 0, 0x03);
	img_finish(&img);
	e[0] = upd("b.md", 2, 4, 0x04);
	got = apply(&img, e, 1, 0);
	want = xasprintf("v3 4\n"
			 "a.md 0 mtime=1 size=1 mode=100644 id=01 skip-worktree\n"
			 "b.md 0 mtime=2 size=4 mode=100644 id=04\n"
			 "%s 0 mtime=1 size=2 mode=100644 id=02\n"
			 "m.md 0 mtime=1 size=3 mode=100644 id=03\n"
			 "checksum ok\n", longpath);
	is_str(got, want, "version 3: extended entries and a path over 4095 bytes kept as they are");
	free(got);
	free(want);

	longpath[4000] = '\0';
	e[0] = upd(longpath, 9, 9, 0x09);
	got = apply(&img, e, 1, 0);
	want = xasprintf("%s 0 mtime=9 size=9 mode=100644 id=09\n", longpath);
	ok(strstr(got, want) && strstr(got, "checksum ok"), "a new entry with a long path");
	free(got);
	free(want);

	e[0] = upd("a.md", 2, 4, 0x04);
	got = apply(&img, e, 1, 0);
	ok(!strncmp(got, "v3 3\na.md 0 mtime=2 size=4 mode=100644 id=04 skip-worktree\n", 58) &&
		   strstr(got, "checksum ok"),
	   "a skip-worktree entry set keeps skip-worktree");
	free(got);
	e[0].exact_flags = 1;
	got = apply(&img, e, 1, 0);
	ok(!strncmp(got, "v3 3\na.md 0 mtime=2 size=4 mode=100644 id=04\n", 45),
	   "exact flags (an undo) set them as given");
	free(got);

	img_start(&img, 2, 1);
	img_entry(&img, "m.md", 0, 1, 3, 0100644, 0, 0x03);
	img_finish(&img);
	e[0] = upd("a.md", 2, 4, 0x04);
	e[0].exact_flags = 1;
	e[0].flags2 = GITINDEX_SKIP_WORKTREE;
	got = apply(&img, e, 1, 0);
	is_str(got,
	       "v3 2\n"
	       "a.md 0 mtime=2 size=4 mode=100644 id=04 skip-worktree\n"
	       "m.md 0 mtime=1 size=3 mode=100644 id=03\n"
	       "checksum ok\n",
	       "an extended entry makes a version 2 index version 3, as git does");
	free(got);
	buf_release(&img);
}

/* What gitindex_apply() takes out of the index, kept for an undo. */
static void test_taken_out(void)
{
	struct buf img = BUF_INIT, out = BUF_INIT;
	struct gitindex_entries old = { NULL, 0, 0 };
	struct gitindex_entry e[2];
	struct gitindex_why why;
	char *got;

	img_start(&img, 3, 4);
	img_entry(&img, "a.md", 0, 7, 1, 0100644, 0x4000, 0x01);
	img_entry(&img, "b.md/inner", 0, 8, 2, 0100644, 0, 0x02);
	img_entry(&img, "c", 0, 9, 3, 0100644, 0, 0x03);
	img_entry(&img, "d.md", 0, 10, 4, 0100644, 0, 0x04);
	img_finish(&img);
	e[0] = upd("a.md", 20, 5, 0x0a);
	e[1] = upd("b.md", 21, 6, 0x0b);
	is_int(gitindex_apply((unsigned char *)img.data, img.len, e, 2, 0, &out, &old, &why), 0,
	       "apply with the old entries kept");
	ok(old.n == 2 && !strcmp(old.v[0].path, "a.md") && old.v[0].mtime_sec == 7 &&
		   old.v[0].flags2 == GITINDEX_SKIP_WORKTREE && old.v[0].exact_flags &&
		   old.v[0].id[0] == 0x01 && !strcmp(old.v[1].path, "b.md/inner") &&
		   old.v[1].size == 2 && old.v[1].dev == 1 && old.v[1].ino == 2 &&
		   old.v[1].uid == 3 && old.v[1].gid == 4 && old.v[1].ctime_sec == 1000,
	   "the entry replaced and the one dropped are kept whole");
	got = dump(&out);
	is_str(got,
	       "v3 4\n"
	       "a.md 0 mtime=20 size=5 mode=100644 id=0a skip-worktree\n"
	       "b.md 0 mtime=21 size=6 mode=100644 id=0b\n"
	       "c 0 mtime=9 size=3 mode=100644 id=03\n"
	       "d.md 0 mtime=10 size=4 mode=100644 id=04\n"
	       "checksum ok\n",
	       "a directory in the way of a new file is dropped, as git add drops it");
	free(got);
	e[0] = upd("c/new.md", 22, 7, 0x0c);
	is_int(gitindex_apply((unsigned char *)img.data, img.len, e, 1, 0, &out, &old, &why), 0,
	       "a file where a directory is needed");
	ok(old.n == 3 && !strcmp(old.v[2].path, "c"), "the file in the way is kept for an undo");
	gitindex_entries_free(&old);
	buf_release(&out);
	buf_release(&img);
}

/* What gitindex_check() says of an index before anything is written. */
static void test_check(void)
{
	struct buf img = BUF_INIT;
	struct gitindex_why why;

	sample(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), 0, "a plain index");

	img_start(&img, 4, 0);
	img_finish(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), GITINDEX_UNSUPPORTED,
	       "version 4 is for libgit2");

	img_start(&img, 2, 1);
	img_entry(&img, "", 0, 1, 1, 0100644, 0, 0x01);
	img_ext(&img, "link", "0123456789abcdefghij", 20);
	img_finish(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), GITINDEX_REFUSED,
	       "a split index is refused");
	is_str(why.text, "it is a split index", "with its reason");
	ok(strstr(why.fix, "git update-index --no-split-index") != NULL, "and its fix");

	img_start(&img, 2, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img_ext(&img, "abcd", "", 0);
	img_finish(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), GITINDEX_REFUSED,
	       "an unknown mandatory extension is refused");

	img_start(&img, 3, 2);
	img_entry(&img, "docs/", 0, 1, 1, 0040000, 0x4000, 0x01);
	img_entry(&img, "journal/", 0, 1, 1, 0040000, 0x4000, 0x02);
	img_ext(&img, "sdir", "", 0);
	img_finish(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), GITINDEX_REFUSED,
	       "a sparse directory holding the journal is refused");
	is_str(why.text, "'journal/' is a sparse directory (not checked out)", "named");
	is_int(gitindex_check((unsigned char *)img.data, img.len, "nb/", &why), 0,
	       "sparse directories outside a notebook in a folder are fine");
	is_int(gitindex_check((unsigned char *)img.data, img.len, "docs/nb/", &why),
	       GITINDEX_REFUSED, "a notebook inside a sparse directory is refused");

	img_start(&img, 4, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img.len = 12 + 62; /* version 4: a varint 0 (nothing dropped), the path, a NUL */
	buf_add(&img, "\0a.md", 6);
	img_ext(&img, "sdir", "", 0);
	img_finish(&img);
	is_int(gitindex_check((unsigned char *)img.data, img.len, "", &why), GITINDEX_REFUSED,
	       "a sparse index of version 4 is refused (libgit2 cannot write it)");
	buf_release(&img);
}

static void test_unsupported(void)
{
	struct buf img = BUF_INIT;
	struct gitindex_entry e[2];
	char *got;

	e[0] = upd("b.md", 1, 1, 0x0b);

	img_start(&img, 4, 0);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: index version 4", "index version 4");
	free(got);

	sample(&img);
	img.data[30] ^= 1;
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: the index checksum does not match", "a bad checksum");
	free(got);

	img_start(&img, 2, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img_ext(&img, "link", "0123456789abcdefghij", 20);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: index extension 'link'", "a split index");
	free(got);

	img_start(&img, 2, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img_ext(&img, "zzzz", "", 0);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: index extension 'zzzz'", "a mandatory extension not known");
	free(got);

	img_start(&img, 2, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img_ext(&img, "ZZZZ", "", 0);
	img_ext(&img, "sdir", "", 0);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got,
	       "v2 2\n"
	       "a.md 0 mtime=1 size=1 mode=100644 id=01\n"
	       "b.md 0 mtime=1 size=1 mode=100644 id=0b\n"
	       "sdir 0\n"
	       "checksum ok\n",
	       "an optional extension not known is dropped, as git drops it; sdir is kept");
	free(got);

	img_start(&img, 3, 2);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	img_entry(&img, "j/", 0, 1, 1, 0040000, 0x4000, 0x02);
	img_ext(&img, "sdir", "", 0);
	img_finish(&img);
	e[1] = upd("j/x.md", 1, 1, 0x0c);
	got = apply(&img, e + 1, 1, 0);
	is_str(got, "unsupported: 'j/x.md' is in the sparse directory 'j/'",
	       "a path inside a sparse directory");
	free(got);

	img_start(&img, 2, 3);
	img_entry(&img, "b.md", 1, 1, 1, 0100644, 0, 0x01);
	img_entry(&img, "b.md", 2, 1, 1, 0100644, 0, 0x02);
	img_entry(&img, "b.md", 3, 1, 1, 0100644, 0, 0x03);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "v2 1\nb.md 0 mtime=1 size=1 mode=100644 id=0b\nchecksum ok\n",
	       "a conflicted path becomes one stage-0 entry, as git add makes it");
	free(got);

	img_start(&img, 2, 1);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x01);
	buf_add(&img, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20);
	got = apply(&img, e, 1, 0);
	is_str(got,
	       "v2 2\n"
	       "a.md 0 mtime=1 size=1 mode=100644 id=01\n"
	       "b.md 0 mtime=1 size=1 mode=100644 id=0b\n"
	       "checksum ok\n",
	       "no checksum (index.skipHash) is read, and the new index has one");
	free(got);

	e[1] = upd("a.md", 1, 1, 0x0a);
	sample(&img);
	got = apply(&img, e, 2, 0);
	is_str(got, "unsupported: paths not sorted", "updates out of order");
	free(got);

	img_start(&img, 2, 2);
	img_entry(&img, "z.md", 0, 1, 1, 0100644, 0, 0x01);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x02);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: index entries out of order", "an index out of order");
	free(got);

	sample(&img);
	img.len -= 25; /* cut into the extensions, then a fresh trailer */
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: a truncated index extension", "a truncated extension");
	free(got);

	img_start(&img, 2, 5);
	img_entry(&img, "a.md", 0, 1, 1, 0100644, 0, 0x02);
	img_finish(&img);
	got = apply(&img, e, 1, 0);
	is_str(got, "unsupported: a truncated index entry", "fewer entries than the count");
	free(got);

	sample(&img);
	{
		const char *want[] = { ".gitattributes", "clients/acme.md", "journal/2026",
				       "journal/2026/11/a.md", "zz" };
		struct gitindex_entry f[5];

		is_int(gitindex_find((unsigned char *)img.data, img.len, want, 5, f), 0,
		       "find several paths in one pass");
		ok(!f[0].path && !f[2].path && !f[4].path, "absent paths and a directory are not found");
		ok(f[1].path == want[1] && f[1].id[0] == 0xa1 && f[1].mode == 0100644 &&
			   f[3].path == want[3] && f[3].id[0] == 0xa2,
		   "present paths are found with their mode and id");
		img_start(&img, 4, 0);
		img_finish(&img);
		is_int(gitindex_find((unsigned char *)img.data, img.len, want, 5, f),
		       GITINDEX_UNSUPPORTED, "find in a version 4 index");
	}
	buf_release(&img);
}

int main(void)
{
	test_insert_replace_remove();
	test_racy();
	test_v3_and_long_paths();
	test_taken_out();
	test_check();
	test_unsupported();
	return done_testing();
}
