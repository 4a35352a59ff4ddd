/*
 * git's index file, edited in place of libgit2's full parse (gitindex.h).
 * The format is git's Documentation/gitformat-index.txt: a 12-byte header
 * ("DIRC", version, entry count), the entries sorted by path and stage,
 * the extensions (4-byte signature, 32-bit size, data), and a SHA-1 of
 * everything before it. All numbers are big-endian.
 *
 * The only file using libcrypto (SHA-1, through the EVP interface).
 */
#include "gitindex.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fsutil.h"
#include "util.h"

#define HDR_LEN 12
#define TRAILER_LEN GITINDEX_OID_LEN
/* ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid, size, id, flags */
#define ENTRY_FIXED 62
#define OFF_MTIME 8
#define OFF_MODE 24
#define OFF_SIZE 36
#define OFF_ID 40
#define OFF_FLAGS 60

#define FLAG_EXTENDED 0x4000
#define FLAG_STAGE_SHIFT 12
#define FLAG_NAME_MASK 0x0fff
#define MODE_TYPE 0170000
#define MODE_GITLINK 0160000
#define MODE_DIR 0040000

/* Indexes from this size on have their checksum verified in a thread. */
#define VERIFY_THREAD_MIN (1 << 20)

/* Deeper cache trees than this are refused rather than recursed into. */
#define TREE_DEPTH_MAX 512

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned get_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void add_be32(struct buf *b, uint32_t v)
{
	unsigned char p[4];

	put_be32(p, v);
	buf_add(b, p, 4);
}

__attribute__((format(printf, 2, 3)))
static int unsupported(struct gitindex_why *why, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		vsnprintf(why->text, sizeof(why->text), fmt, ap);
		va_end(ap);
		why->fix[0] = '\0';
	}
	return GITINDEX_UNSUPPORTED;
}

/* An index neither this module nor libgit2 can write: the reason and its fix. */
__attribute__((format(printf, 3, 4)))
static int refused(struct gitindex_why *why, const char *fix, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		vsnprintf(why->text, sizeof(why->text), fmt, ap);
		va_end(ap);
		snprintf(why->fix, sizeof(why->fix), "%s", fix);
	}
	return GITINDEX_REFUSED;
}

void gitindex_entries_free(struct gitindex_entries *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

static int sha1(const void *p, size_t n, unsigned char out[GITINDEX_OID_LEN])
{
	unsigned int len = 0;

	return EVP_Digest(p, n, out, &len, EVP_sha1(), NULL) && len == GITINDEX_OID_LEN ? 0 : -1;
}

/* git's order of paths: bytes compared unsigned, a prefix first. */
static int name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Whether one path is a leading directory of the other. */
static int dir_file_clash(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen < blen)
		return b[alen] == '/' && !memcmp(a, b, alen);
	if (blen < alen)
		return a[blen] == '/' && !memcmp(a, b, blen);
	return 0;
}

/*
 * The new index as a list of pieces: runs of the old image taken as they
 * are (most of it, never copied in memory) and bytes made here (the
 * header, the new entries, smudged entries, the cache tree, the trailer).
 */
struct piece {
	const unsigned char *src; /* in the old image; NULL: in `made` at `off` */
	size_t off, len;
};

struct plan {
	struct piece *v;
	size_t n, alloc;
	struct buf made;
	int extended; /* an entry written has extended flags: the index must be version 3 */
};

static void plan_release(struct plan *pl)
{
	free(pl->v);
	buf_release(&pl->made);
}

/* Adds `len` bytes of the old image at `p`, joining the run before. */
static void plan_copy(struct plan *pl, const unsigned char *p, size_t len)
{
	struct piece *last = pl->n ? &pl->v[pl->n - 1] : NULL;

	if (!len)
		return;
	if (last && last->src && last->src + last->len == p) {
		last->len += len;
		return;
	}
	ALLOC_GROW(pl->v, pl->n + 1, pl->alloc);
	pl->v[pl->n++] = (struct piece){ p, 0, len };
}

/* Adds what was appended to pl->made since offset `from`. */
static void plan_made(struct plan *pl, size_t from)
{
	struct piece *last = pl->n ? &pl->v[pl->n - 1] : NULL;
	size_t len = pl->made.len - from;

	if (!len)
		return;
	if (last && !last->src && last->off + last->len == from) {
		last->len += len;
		return;
	}
	ALLOC_GROW(pl->v, pl->n + 1, pl->alloc);
	pl->v[pl->n++] = (struct piece){ NULL, from, len };
}

static const unsigned char *piece_data(const struct plan *pl, const struct piece *q)
{
	return q->src ? q->src : (const unsigned char *)pl->made.data + q->off;
}

/* A walk over the entries of an index image. */
struct walk {
	const unsigned char *idx;
	size_t end; /* where the entries and extensions end: the trailer */
	size_t pos;
	uint32_t version, count;
};

/* One entry as found in the image. */
struct ent {
	const unsigned char *p;
	size_t len; /* on disk, with padding */
	const char *name;
	size_t namelen;
	unsigned stage, flags2;
};

static int walk_start(struct walk *w, const unsigned char *idx, size_t len,
		      struct gitindex_why *why)
{
	if (len < HDR_LEN + TRAILER_LEN || memcmp(idx, "DIRC", 4))
		return unsupported(why, "not an index file");
	w->idx = idx;
	w->end = len - TRAILER_LEN;
	w->pos = HDR_LEN;
	w->version = get_be32(idx + 4);
	w->count = get_be32(idx + 8);
	if (w->version != 2 && w->version != 3)
		return unsupported(why, "index version %u", (unsigned)w->version);
	return 0;
}

/*
 * The next entry. An entry without a path (a split index's replaced entry)
 * is refused unless `empty_ok`.
 */
static int walk_entry(struct walk *w, struct ent *e, int empty_ok, struct gitindex_why *why)
{
	size_t avail = w->end - w->pos, fixed = ENTRY_FIXED;
	const unsigned char *p = w->idx + w->pos;
	unsigned flags;

	if (avail < ENTRY_FIXED)
		return unsupported(why, "a truncated index entry");
	flags = get_be16(p + OFF_FLAGS);
	e->flags2 = 0;
	if (flags & FLAG_EXTENDED) {
		if (w->version < 3 || avail < ENTRY_FIXED + 2)
			return unsupported(why, "a bad extended index entry");
		e->flags2 = get_be16(p + ENTRY_FIXED);
		fixed += 2;
	}
	e->name = (const char *)p + fixed;
	e->namelen = flags & FLAG_NAME_MASK;
	if (e->namelen == FLAG_NAME_MASK) {
		/* a long path: its length is where the NUL is */
		const char *nul = memchr(e->name, '\0', avail - fixed);
		if (!nul)
			return unsupported(why, "a truncated index entry");
		e->namelen = (size_t)(nul - e->name);
	} else if (e->namelen >= avail - fixed || e->name[e->namelen]) {
		return unsupported(why, "a bad index entry path");
	}
	if (!e->namelen && !empty_ok) /* as in a split index's replaced entries */
		return unsupported(why, "an index entry without a path");
	e->len = (fixed + e->namelen + 8) & ~(size_t)7;
	if (e->len > avail)
		return unsupported(why, "a truncated index entry");
	e->p = p;
	e->stage = (flags >> FLAG_STAGE_SHIFT) & 3;
	w->pos += e->len;
	return 0;
}

/* A sparse index's entry for a whole directory left out of the work tree. */
static int is_sparse_dir(const struct ent *e)
{
	return (get_be32(e->p + OFF_MODE) & MODE_TYPE) == MODE_DIR &&
	       e->name[e->namelen - 1] == '/';
}

/* Keeps a copy of the entry `e`, which the new index will not have as it is. */
static void keep_old(struct gitindex_entries *old, const struct ent *e)
{
	struct gitindex_entry *o;

	if (!old)
		return;
	ALLOC_GROW(old->v, old->n + 1, old->alloc);
	o = &old->v[old->n++];
	memset(o, 0, sizeof(*o));
	o->path = xstrndup(e->name, e->namelen);
	o->ctime_sec = get_be32(e->p);
	o->ctime_nsec = get_be32(e->p + 4);
	o->mtime_sec = get_be32(e->p + 8);
	o->mtime_nsec = get_be32(e->p + 12);
	o->dev = get_be32(e->p + 16);
	o->ino = get_be32(e->p + 20);
	o->mode = get_be32(e->p + OFF_MODE);
	o->uid = get_be32(e->p + 28);
	o->gid = get_be32(e->p + 32);
	o->size = get_be32(e->p + OFF_SIZE);
	memcpy(o->id, e->p + OFF_ID, GITINDEX_OID_LEN);
	o->flags2 = e->flags2;
	o->exact_flags = 1;
}

static int walk_next(struct walk *w, struct ent *e, struct gitindex_why *why)
{
	return walk_entry(w, e, 0, why);
}

int gitindex_find(const unsigned char *idx, size_t len, const char *const *paths, size_t n,
		  struct gitindex_entry *found)
{
	size_t *plen = xcalloc(n ? n : 1, sizeof(*plen)), j = 0;
	int ret = GITINDEX_UNSUPPORTED;
	struct walk w;
	struct ent e;

	for (size_t k = 0; k < n; k++) {
		found[k].path = NULL;
		plen[k] = strlen(paths[k]);
	}
	if (walk_start(&w, idx, len, NULL))
		goto out;
	for (uint32_t i = 0; i < w.count && j < n; i++) {
		int c = 1;

		if (walk_next(&w, &e, NULL))
			goto out;
		/* both sorted: a path passed over is not in the index */
		while (j < n && (c = name_cmp(paths[j], plen[j], e.name, e.namelen)) < 0)
			j++;
		if (j < n && !c && !e.stage) {
			found[j].path = paths[j];
			found[j].mode = get_be32(e.p + OFF_MODE);
			memcpy(found[j].id, e.p + OFF_ID, GITINDEX_OID_LEN);
			found[j].flags2 = e.flags2;
			j++;
		}
	}
	ret = 0;
out:
	free(plen);
	return ret;
}

/*
 * Steps over a version 4 entry, whose path is compressed against the one
 * before it (a varint of bytes to drop, then the rest, NUL-terminated).
 */
static int skip_v4_entry(struct walk *w, struct gitindex_why *why)
{
	size_t avail = w->end - w->pos, at = ENTRY_FIXED;
	const unsigned char *p = w->idx + w->pos, *nul;

	if (avail < ENTRY_FIXED + 2)
		return unsupported(why, "a truncated index entry");
	if (get_be16(p + OFF_FLAGS) & FLAG_EXTENDED)
		at += 2;
	while (at < avail && (p[at] & 0x80))
		at++;
	at++;
	if (at >= avail || !(nul = memchr(p + at, '\0', avail - at)))
		return unsupported(why, "a truncated index entry");
	w->pos += (size_t)(nul - p) + 1;
	return 0;
}

/* Whether a sparse directory `name` holds the notebook at `prefix`, or part of it. */
static int sparse_hides_notebook(const char *name, size_t len, const char *prefix)
{
	static const char *const dirs[] = { "clients/", "journal/", "schema/" };
	size_t plen = strlen(prefix);

	if (len <= plen)
		return !strncmp(prefix, name, len); /* the notebook is inside it */
	if (memcmp(name, prefix, plen))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (!strncmp(name + plen, dirs[i], strlen(dirs[i])))
			return 1;
	return 0;
}

int gitindex_check(const unsigned char *idx, size_t len, const char *prefix,
		   struct gitindex_why *why)
{
	int sparse = 0, err;
	struct walk w;
	struct ent e;

	if (len < HDR_LEN + TRAILER_LEN || memcmp(idx, "DIRC", 4))
		return unsupported(why, "not an index file");
	w.idx = idx;
	w.end = len - TRAILER_LEN;
	w.pos = HDR_LEN;
	w.version = get_be32(idx + 4);
	w.count = get_be32(idx + 8);
	if (w.version < 2 || w.version > 4)
		return unsupported(why, "index version %u", (unsigned)w.version);
	for (uint32_t i = 0; i < w.count; i++) {
		if (w.version == 4) {
			if ((err = skip_v4_entry(&w, why)))
				return err;
			continue;
		}
		if ((err = walk_entry(&w, &e, 1, why)))
			return err;
		if (e.namelen && is_sparse_dir(&e) && sparse_hides_notebook(e.name, e.namelen, prefix)) {
			int shown = (int)(e.namelen > 60 ? 60 : e.namelen);
			char *fix = xasprintf("add it to the sparse checkout ('git sparse-checkout add "
					      "%.*s') or run 'git sparse-checkout disable'",
					      shown - 1, e.name);

			err = refused(why, fix, "'%.*s' is a sparse directory (not checked out)",
				      shown, e.name);
			free(fix);
			return err;
		}
	}
	while (w.pos < w.end) {
		const unsigned char *p = w.idx + w.pos;
		uint32_t size;

		if (w.end - w.pos < 8 || (size = get_be32(p + 4)) > w.end - w.pos - 8)
			return unsupported(why, "a truncated index extension");
		if (!memcmp(p, "link", 4))
			return refused(why, "run 'git update-index --no-split-index' and 'git config "
				       "core.splitIndex false'", "it is a split index");
		if (!memcmp(p, "sdir", 4))
			sparse = 1;
		else if (!(p[0] >= 'A' && p[0] <= 'Z'))
			return refused(why, "", "it uses the extension '%c%c%c%c', which notebook "
				       "does not know", p[0], p[1], p[2], p[3]);
		w.pos += 8 + (size_t)size;
	}
	if (w.version == 4 && sparse)
		return refused(why, "run 'git update-index --index-version 3'",
			       "it is a sparse index of version 4");
	return w.version == 4 ? GITINDEX_UNSUPPORTED : 0;
}

/*
 * Adds a stage-0 entry for `u`, as git writes one: with the extended flags
 * `flags2` when there are any (skip-worktree), which need version 3.
 */
static void add_entry(struct plan *pl, const struct gitindex_entry *u, size_t plen,
		      unsigned flags2)
{
	struct buf *out = &pl->made;
	size_t at = out->len;
	const uint32_t words[] = { u->ctime_sec, u->ctime_nsec, u->mtime_sec, u->mtime_nsec,
				   u->dev, u->ino, u->mode, u->uid, u->gid, u->size };
	static const char nuls[8];
	size_t fixed = ENTRY_FIXED + (flags2 ? 2 : 0);
	size_t len = (fixed + plen + 8) & ~(size_t)7;
	unsigned char flags[4];
	unsigned f = plen < FLAG_NAME_MASK ? (unsigned)plen : FLAG_NAME_MASK;

	if (flags2) {
		f |= FLAG_EXTENDED;
		pl->extended = 1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		add_be32(out, words[i]);
	buf_add(out, u->id, GITINDEX_OID_LEN);
	flags[0] = (unsigned char)(f >> 8);
	flags[1] = (unsigned char)f;
	flags[2] = (unsigned char)(flags2 >> 8);
	flags[3] = (unsigned char)flags2;
	buf_add(out, flags, flags2 ? 4 : 2);
	buf_add(out, u->path, plen);
	buf_add(out, nuls, len - fixed - plen);
	plan_made(pl, at);
}

/* The extended flags a set entry gets: its own, or the replaced entry's skip-worktree. */
static unsigned new_flags2(const struct gitindex_entry *u, const struct ent *replaced)
{
	if (u->exact_flags)
		return u->flags2 & (GITINDEX_SKIP_WORKTREE | GITINDEX_INTENT_TO_ADD);
	return replaced ? replaced->flags2 & GITINDEX_SKIP_WORKTREE : 0;
}

/* Takes an entry over, with its size zeroed when it is racily clean. */
static void copy_entry(struct plan *pl, const struct ent *e, int64_t racy_sec)
{
	size_t at = pl->made.len;

	if (!racy_sec || (get_be32(e->p + OFF_MODE) & MODE_TYPE) == MODE_GITLINK ||
	    (int64_t)get_be32(e->p + OFF_MTIME) < racy_sec) {
		plan_copy(pl, e->p, e->len);
		return;
	}
	buf_add(&pl->made, e->p, e->len);
	put_be32((unsigned char *)pl->made.data + at + OFF_SIZE, 0);
	plan_made(pl, at);
}

/*
 * Whether the entry `e`, which no update names, stays: an entry in the way
 * of a new one (a file where the new path needs a directory, or a path
 * under the new file's name) is dropped, as `git add` drops it. Returns 1
 * (it stays) or 0 (dropped); an update inside a submodule is left to
 * libgit2 (GITINDEX_UNSUPPORTED), one inside a sparse directory refused
 * (GITINDEX_REFUSED), as `git add` refuses it.
 */
static int entry_stays(const struct ent *e, const struct gitindex_entry *u, const size_t *ulen,
		       size_t n, struct gitindex_why *why)
{
	int sparse = is_sparse_dir(e);

	for (size_t k = 0; k < n; k++) {
		if (sparse && ulen[k] > e->namelen && !memcmp(u[k].path, e->name, e->namelen)) {
			int shown = (int)(e->namelen > 60 ? 60 : e->namelen);
			char *fix = xasprintf("add it to the sparse checkout ('git sparse-checkout add "
					      "%.*s') or run 'git sparse-checkout disable'",
					      shown - 1, e->name);

			refused(why, fix, "'%.60s' is in the sparse directory '%.*s'", u[k].path,
				shown, e->name);
			free(fix);
			return GITINDEX_REFUSED;
		}
		if (u[k].remove || !dir_file_clash(u[k].path, ulen[k], e->name, e->namelen))
			continue;
		if ((get_be32(e->p + OFF_MODE) & MODE_TYPE) == MODE_GITLINK)
			return unsupported(why, "'%.60s' is in a submodule", u[k].path);
		return 0;
	}
	return 1;
}

/*
 * Copies the entries with the updates merged in, in path order; *count
 * gets the number written. A conflicted path that is updated becomes one
 * stage-0 entry (or none), as `git add` and `git rm` resolve it.
 */
static int merge_entries(struct walk *w, const struct gitindex_entry *u, const size_t *ulen,
			 size_t n, int64_t racy_sec, struct plan *out, uint32_t *count,
			 struct gitindex_entries *old, struct gitindex_why *why)
{
	const char *prev = NULL;
	size_t prevlen = 0, j = 0;
	uint32_t written = 0;
	struct ent e;
	int err;

	for (uint32_t i = 0; i < w->count; i++) {
		int c = 1;

		if ((err = walk_next(w, &e, why)))
			return err;
		if (prev && name_cmp(prev, prevlen, e.name, e.namelen) > 0)
			return unsupported(why, "index entries out of order");
		prev = e.name;
		prevlen = e.namelen;
		while (j < n && (c = name_cmp(u[j].path, ulen[j], e.name, e.namelen)) < 0) {
			if (!u[j].remove) {
				add_entry(out, &u[j], ulen[j], new_flags2(&u[j], NULL));
				written++;
			}
			j++;
		}
		if (j < n && !c) {
			if (e.stage)
				continue; /* a conflict stage: the update resolves it */
			keep_old(old, &e);
			if (!u[j].remove) {
				add_entry(out, &u[j], ulen[j], new_flags2(&u[j], &e));
				written++;
			}
			j++;
			continue;
		}
		if ((err = entry_stays(&e, u, ulen, n, why)) > 1)
			return err;
		if (!err) {
			keep_old(old, &e);
			continue;
		}
		copy_entry(out, &e, racy_sec);
		written++;
	}
	for (; j < n; j++) {
		if (!u[j].remove) {
			add_entry(out, &u[j], ulen[j], new_flags2(&u[j], NULL));
			written++;
		}
	}
	*count = written;
	return 0;
}

/* A reader over the cache tree extension's data. */
struct tree_rd {
	const unsigned char *p;
	size_t pos, end;
};

/* A decimal number, maybe negative, ending in `stop`. -1 when it is none. */
static int tree_number(struct tree_rd *rd, char stop, long *v)
{
	int neg = 0, digits = 0;
	long n = 0;

	if (rd->pos < rd->end && rd->p[rd->pos] == '-') {
		neg = 1;
		rd->pos++;
	}
	while (rd->pos < rd->end && rd->p[rd->pos] >= '0' && rd->p[rd->pos] <= '9') {
		if (n > 100000000L)
			return -1;
		n = n * 10 + (rd->p[rd->pos++] - '0');
		digits++;
	}
	if (!digits || rd->pos >= rd->end || rd->p[rd->pos] != stop)
		return -1;
	rd->pos++;
	*v = neg ? -n : n;
	return 0;
}

/*
 * Copies one cache-tree node and its subtrees. `paths` are the updated
 * paths relative to this node's directory: when there is any, the node is
 * written invalid (entry count -1, no tree id) and so are the subtrees on
 * their way, as git's cache_tree_invalidate_path() does.
 */
static int tree_node(struct tree_rd *rd, struct buf *out, const char **paths, size_t np,
		     int depth, struct gitindex_why *why)
{
	const unsigned char *nul;
	size_t name_at = rd->pos, counts_at, sub_at;
	long entries, subtrees;
	int err = 0;

	if (depth > TREE_DEPTH_MAX)
		return unsupported(why, "a cache tree nested too deep");
	nul = memchr(rd->p + rd->pos, '\0', rd->end - rd->pos);
	if (!nul)
		return unsupported(why, "a bad cache tree");
	rd->pos = (size_t)(nul - rd->p) + 1;
	counts_at = rd->pos;
	if (tree_number(rd, ' ', &entries) < 0)
		return unsupported(why, "a bad cache tree");
	sub_at = rd->pos;
	if (tree_number(rd, '\n', &subtrees) < 0 || subtrees < 0)
		return unsupported(why, "a bad cache tree");
	if (entries >= 0 && rd->end - rd->pos < GITINDEX_OID_LEN)
		return unsupported(why, "a bad cache tree");
	buf_add(out, rd->p + name_at, counts_at - name_at);
	if (np) {
		buf_adds(out, "-1 ");
		buf_add(out, rd->p + sub_at, rd->pos - sub_at);
	} else {
		buf_add(out, rd->p + counts_at, rd->pos - counts_at);
		if (entries >= 0)
			buf_add(out, rd->p + rd->pos, GITINDEX_OID_LEN);
	}
	if (entries >= 0)
		rd->pos += GITINDEX_OID_LEN;
	for (long s = 0; s < subtrees && !err; s++) {
		const char *child = (const char *)rd->p + rd->pos;
		const char **sub = NULL;
		size_t nsub = 0, clen;

		if (!memchr(child, '\0', rd->end - rd->pos))
			return unsupported(why, "a bad cache tree");
		clen = strlen(child);
		for (size_t k = 0; k < np; k++) {
			if (strncmp(paths[k], child, clen) || paths[k][clen] != '/')
				continue;
			if (!sub)
				sub = xcalloc(np, sizeof(*sub));
			sub[nsub++] = paths[k] + clen + 1;
		}
		err = tree_node(rd, out, sub, nsub, depth + 1, why);
		free(sub);
	}
	return err;
}

/*
 * Reads one cache-tree node under the directory `dir` ("" or "a/b/") and
 * its subtrees, adding the valid ones to `t`. -1 when the data is bad.
 */
static int tree_read(struct tree_rd *rd, const char *dir, struct gitindex_table *t, int depth)
{
	const unsigned char *nul;
	const char *name = (const char *)rd->p + rd->pos;
	char *path;
	long entries, subtrees;
	int err = 0;

	if (depth > TREE_DEPTH_MAX || !(nul = memchr(rd->p + rd->pos, '\0', rd->end - rd->pos)))
		return -1;
	rd->pos = (size_t)(nul - rd->p) + 1;
	if (tree_number(rd, ' ', &entries) < 0 || tree_number(rd, '\n', &subtrees) < 0 ||
	    subtrees < 0 || (entries >= 0 && rd->end - rd->pos < GITINDEX_OID_LEN))
		return -1;
	path = depth ? xasprintf("%s%s", dir, name) : xstrdup("");
	if (entries >= 0) {
		ALLOC_GROW(t->trees, t->ntrees + 1, t->talloc);
		t->trees[t->ntrees].dir = xstrdup(path);
		memcpy(t->trees[t->ntrees++].id, rd->p + rd->pos, GITINDEX_OID_LEN);
		rd->pos += GITINDEX_OID_LEN;
	}
	if (subtrees) {
		char *sub = depth ? xasprintf("%s/", path) : xstrdup("");

		for (long k = 0; k < subtrees && !err; k++)
			err = tree_read(rd, sub, t, depth + 1);
		free(sub);
	}
	free(path);
	return err;
}

static int cmp_tree(const void *a, const void *b)
{
	return strcmp(((const struct gitindex_tree *)a)->dir, ((const struct gitindex_tree *)b)->dir);
}

void gitindex_table_free(struct gitindex_table *t)
{
	for (size_t i = 0; i < t->ntrees; i++)
		free(t->trees[i].dir);
	free(t->trees);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int gitindex_table_load(const unsigned char *idx, size_t len, struct gitindex_table *t)
{
	struct walk w;
	struct ent e;

	memset(t, 0, sizeof(*t));
	if (walk_start(&w, idx, len, NULL))
		return GITINDEX_UNSUPPORTED;
	t->v = xcalloc(w.count ? w.count : 1, sizeof(*t->v));
	t->alloc = w.count ? w.count : 1;
	for (uint32_t i = 0; i < w.count; i++) {
		struct gitindex_item *it = &t->v[t->n++];

		if (walk_next(&w, &e, NULL))
			goto bad;
		it->path = e.name;
		it->len = e.namelen;
		it->stage = e.stage;
		it->mode = get_be32(e.p + OFF_MODE);
		it->id = e.p + OFF_ID;
		it->ctime_sec = get_be32(e.p);
		it->ctime_nsec = get_be32(e.p + 4);
		it->mtime_sec = get_be32(e.p + OFF_MTIME);
		it->mtime_nsec = get_be32(e.p + OFF_MTIME + 4);
		it->dev = get_be32(e.p + 16);
		it->ino = get_be32(e.p + 20);
		it->uid = get_be32(e.p + 28);
		it->gid = get_be32(e.p + 32);
		it->size = get_be32(e.p + OFF_SIZE);
		it->flags2 = e.flags2;
	}
	while (w.pos < w.end) {
		const unsigned char *p = w.idx + w.pos;
		uint32_t size;

		if (w.end - w.pos < 8 || (size = get_be32(p + 4)) > w.end - w.pos - 8)
			goto bad;
		if (!memcmp(p, "TREE", 4) && size) {
			struct tree_rd rd = { p + 8, 0, size };

			if (tree_read(&rd, "", t, 0) < 0) {
				/* a cache tree not understood only costs the shortcut */
				for (size_t k = 0; k < t->ntrees; k++)
					free(t->trees[k].dir);
				t->ntrees = 0;
			}
		}
		w.pos += 8 + (size_t)size;
	}
	if (t->ntrees) /* qsort wants a non-null base even for none */
		qsort(t->trees, t->ntrees, sizeof(*t->trees), cmp_tree);
	return 0;
bad:
	gitindex_table_free(t);
	return GITINDEX_UNSUPPORTED;
}

const unsigned char *gitindex_table_tree(const struct gitindex_table *t, const char *dir)
{
	struct gitindex_tree key = { (char *)dir, { 0 } };
	const struct gitindex_tree *found =
		t->ntrees ? bsearch(&key, t->trees, t->ntrees, sizeof(key), cmp_tree) : NULL;

	return found ? found->id : NULL;
}

static int rewrite_tree(const unsigned char *data, size_t size, const struct gitindex_entry *u,
			size_t n, struct plan *pl, struct gitindex_why *why)
{
	struct tree_rd rd = { data, 0, size };
	const char **paths = xcalloc(n ? n : 1, sizeof(*paths));
	struct buf *out = &pl->made;
	size_t at = out->len;
	int err;

	buf_add(out, "TREE\0\0\0\0", 8);
	for (size_t k = 0; k < n; k++)
		paths[k] = u[k].path;
	/* the root's name is empty; an empty extension is an empty tree cache */
	err = size ? tree_node(&rd, out, paths, n, 0, why) : 0;
	free(paths);
	if (!err && rd.pos != size)
		err = unsupported(why, "a bad cache tree");
	if (err)
		return err;
	put_be32((unsigned char *)out->data + at + 4, (uint32_t)(out->len - at - 8));
	plan_made(pl, at);
	return 0;
}

/* Copies, rewrites or drops each extension; refuses those not known. */
static int copy_extensions(struct walk *w, const struct gitindex_entry *u, size_t n,
			   struct plan *out, struct gitindex_why *why)
{
	while (w->pos < w->end) {
		const unsigned char *p = w->idx + w->pos;
		uint32_t size;
		int err;

		if (w->end - w->pos < 8)
			return unsupported(why, "a truncated index extension");
		size = get_be32(p + 4);
		if (size > w->end - w->pos - 8)
			return unsupported(why, "a truncated index extension");
		if (!memcmp(p, "TREE", 4)) {
			if ((err = rewrite_tree(p + 8, size, u, n, out, why)))
				return err;
		} else if (!memcmp(p, "REUC", 4) || !memcmp(p, "sdir", 4)) {
			plan_copy(out, p, 8 + (size_t)size);
		} else if (!memcmp(p, "EOIE", 4) || !memcmp(p, "IEOT", 4) || !memcmp(p, "UNTR", 4) ||
			   !memcmp(p, "FSMN", 4) || (p[0] >= 'A' && p[0] <= 'Z')) {
			/* git drops these when they no longer fit, and ignores and drops
			 * the optional ones (an upper-case first letter) it does not know */
		} else {
			/* "link" (split index), or a mandatory one not known */
			return unsupported(why, "index extension '%c%c%c%c'", p[0], p[1], p[2], p[3]);
		}
		w->pos += 8 + (size_t)size;
	}
	return 0;
}

static int check_updates(const struct gitindex_entry *u, size_t n, size_t *ulen,
			 struct gitindex_why *why)
{
	for (size_t k = 0; k < n; k++) {
		ulen[k] = strlen(u[k].path);
		if (!ulen[k] || u[k].path[0] == '/' || u[k].path[ulen[k] - 1] == '/')
			return unsupported(why, "a bad path '%.60s'", u[k].path);
		if (k && name_cmp(u[k - 1].path, ulen[k - 1], u[k].path, ulen[k]) >= 0)
			return unsupported(why, "paths not sorted");
	}
	return 0;
}

/* The SHA-1 of the pieces so far, added as the trailer. */
static int plan_trailer(struct plan *pl)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sum[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	size_t at = pl->made.len;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);

	for (size_t i = 0; ok && i < pl->n; i++)
		ok = EVP_DigestUpdate(ctx, piece_data(pl, &pl->v[i]), pl->v[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, sum, &len) && len == GITINDEX_OID_LEN;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	buf_add(&pl->made, sum, GITINDEX_OID_LEN);
	plan_made(pl, at);
	return 0;
}

/* The old image's checksum, verified beside the main work. */
struct verify {
	const unsigned char *idx;
	size_t end;
	int ok;
};

static void *verify_run(void *arg)
{
	static const unsigned char zeros[GITINDEX_OID_LEN];
	struct verify *v = arg;
	unsigned char sum[GITINDEX_OID_LEN];

	/* all zeros: git's index.skipHash wrote no checksum */
	v->ok = !memcmp(v->idx + v->end, zeros, GITINDEX_OID_LEN) ||
		(!sha1(v->idx, v->end, sum) && !memcmp(sum, v->idx + v->end, GITINDEX_OID_LEN));
	return NULL;
}

/*
 * gitindex_apply() as pieces of the old image and new bytes. Hashing a
 * large index twice (the old to verify it, the new to seal it) is most of
 * the work left, so the old one is verified in a thread of its own while
 * the new one is built and hashed.
 */
static int plan_build(struct plan *pl, const unsigned char *idx, size_t len,
		      const struct gitindex_entry *e, size_t n, int64_t racy_sec,
		      struct gitindex_entries *old, struct gitindex_why *why)
{
	size_t *ulen = xcalloc(n ? n : 1, sizeof(*ulen)), nold = old ? old->n : 0;
	struct verify v = { idx, 0, 0 };
	pthread_t th;
	int threaded = 0, err;
	uint32_t count = 0;
	struct walk w;

	if ((err = check_updates(e, n, ulen, why)) || (err = walk_start(&w, idx, len, why)))
		goto out;
	v.end = w.end;
	threaded = w.end >= VERIFY_THREAD_MIN && !pthread_create(&th, NULL, verify_run, &v);
	buf_add(&pl->made, idx, HDR_LEN); /* the count is set below */
	plan_made(pl, 0);
	if ((err = merge_entries(&w, e, ulen, n, racy_sec, pl, &count, old, why)) ||
	    (err = copy_extensions(&w, e, n, pl, why)))
		goto out;
	put_be32((unsigned char *)pl->made.data + 8, count);
	if (pl->extended && w.version < 3)
		put_be32((unsigned char *)pl->made.data + 4, 3);
	if (plan_trailer(pl) < 0)
		err = unsupported(why, "no SHA-1 from libcrypto");
out:
	if (threaded)
		pthread_join(th, NULL);
	else if (!err)
		verify_run(&v);
	if (!err && !v.ok)
		err = unsupported(why, "the index checksum does not match");
	if (err && old) {
		/* nothing taken out after all */
		for (size_t i = nold; i < old->n; i++)
			free((char *)old->v[i].path);
		old->n = nold;
	}
	free(ulen);
	return err;
}

int gitindex_apply(const unsigned char *idx, size_t len, const struct gitindex_entry *e,
		   size_t n, int64_t racy_sec, struct buf *out, struct gitindex_entries *old,
		   struct gitindex_why *why)
{
	struct plan pl = { NULL, 0, 0, BUF_INIT, 0 };
	int err = plan_build(&pl, idx, len, e, n, racy_sec, old, why);

	for (size_t i = 0; !err && i < pl.n; i++)
		buf_add(out, piece_data(&pl, &pl.v[i]), pl.v[i].len);
	plan_release(&pl);
	return err;
}

/*
 * Maps the index read-only (as git does: it is replaced by rename, never
 * rewritten in place); *st gets its stat data.
 */
static int map_index(const char *path, unsigned char **data, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *p;
	int ret = -1;

	*data = NULL;
	*len = 0;
	if (fd < 0 && errno == ENOENT)
		return GITINDEX_NOT_FOUND;
	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, st) < 0) {
		error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		error("'%s' is not a regular file", path);
		goto out;
	}
	ret = 0;
	if (!st->st_size)
		goto out; /* nothing to map: gitindex_apply() says it is no index */
	p = mmap(NULL, (size_t)st->st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED) {
		ret = error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	*data = p;
	*len = (size_t)st->st_size;
out:
	close(fd);
	return ret;
}

int gitindex_load(const char *path, unsigned char **data, size_t *len)
{
	struct stat st;

	return map_index(path, data, len, &st);
}

void gitindex_unload(unsigned char *data, size_t len)
{
	if (data)
		munmap(data, len);
}

/* Writes, syncs and closes the lock file, then renames it into place. */
static int commit_lock(int fd, const char *lock, const char *path, const struct plan *pl,
		       mode_t mode)
{
	int err = fchmod(fd, mode & 07777); /* keeps a shared repository's index group-writable */

	for (size_t i = 0; !err && i < pl->n; i++)
		err = fs_write_all(fd, (const char *)piece_data(pl, &pl->v[i]), pl->v[i].len);
	if (err < 0 || fsync(fd) < 0) {
		error("cannot write '%s': %s", lock, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return error("cannot write '%s': %s", lock, strerror(errno));
	if (rename(lock, path) < 0)
		return error("cannot rename '%s' to '%s': %s", lock, path, strerror(errno));
	return fs_sync_parent(path);
}

int gitindex_update_file(const char *path, const struct gitindex_entry *e, size_t n,
			 struct gitindex_entries *taken, struct gitindex_why *why)
{
	char *lock = xasprintf("%s.lock", path);
	unsigned char *old = NULL;
	struct plan pl = { NULL, 0, 0, BUF_INIT, 0 };
	struct stat st;
	size_t len = 0, ntaken = taken ? taken->n : 0;
	int fd, ret;

	fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		ret = errno == EEXIST ? GITINDEX_LOCKED
				      : error("cannot create '%s': %s", lock, strerror(errno));
		free(lock);
		return ret;
	}
	/* read under the lock, so no other git process can change it meanwhile */
	ret = map_index(path, &old, &len, &st);
	if (!ret)
		ret = plan_build(&pl, old, len, e, n, (int64_t)st.st_mtim.tv_sec, taken, why);
	if (ret == GITINDEX_NOT_FOUND && why)
		snprintf(why->text, sizeof(why->text), "no index file yet");
	if (!ret && commit_lock(fd, lock, path, &pl, st.st_mode) < 0)
		ret = -1;
	else if (ret)
		close(fd);
	if (ret)
		unlink(lock);
	for (size_t i = ntaken; ret && taken && i < taken->n; i++)
		free((char *)taken->v[i].path);
	if (ret && taken)
		taken->n = ntaken;
	plan_release(&pl);
	gitindex_unload(old, len);
	free(lock);
	return ret;
}
