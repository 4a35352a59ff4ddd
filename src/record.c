/*
 * A parsed file as bytes: what the loader made of a client or entry file
 * (its diagnostics, references and model record), written for the cache
 * and read back by the loader. The cache (src/cache/) stores the bytes
 * without knowing what they hold; this file is the only one that knows
 * their layout (unsigned and zigzag varints, strings as length + 1): a
 * change to it bumps RECORD_FORMAT (record.h), which the loader puts in
 * the cache's fingerprint.
 */
#include "record.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "item.h"
#include "util.h"
#include "varint.h"

#define MAX_REFS 64 /* client ids an entry names (the loader keeps 64) */

/*
 * A string: 0 for NULL, else its length + 1 and its bytes with their
 * '\0', so that a string read back can point into the record.
 */
static void put_s(struct buf *b, const char *s)
{
	if (!s) {
		vput_u(b, 0);
		return;
	}
	size_t n = strlen(s);
	vput_u(b, n + 1);
	buf_add(b, s, n + 1);
}

static void put_strings(struct buf *b, char **v, size_t n)
{
	vput_u(b, n);
	for (size_t i = 0; i < n; i++)
		put_s(b, v[i]);
}

static void put_promises(struct buf *b, const struct promise *p, size_t n)
{
	vput_u(b, n);
	for (size_t i = 0; i < n; i++) {
		put_s(b, p[i].text);
		vput_u(b, (uint64_t)!!p[i].has_due);
		vput_i(b, p[i].due);
		vput_u(b, (uint64_t)!!p[i].done);
		vput_u(b, (uint64_t)!!p[i].has_done_on);
		vput_i(b, p[i].done_on);
		vput_i(b, p[i].line);
	}
}

/* The client's fields; its id and path are the file's own, not stored. */
static void put_client(struct buf *b, const struct client *c)
{
	put_s(b, c->name);
	vput_u(b, (uint64_t)c->status);
	vput_u(b, (uint64_t)c->tier);
	vput_u(b, (uint64_t)!!c->has_cadence);
	vput_i(b, c->cadence.n);
	vput_u(b, (unsigned char)c->cadence.unit);
	vput_u(b, (uint64_t)!!c->has_snooze);
	vput_i(b, c->snooze);
	vput_u(b, (uint64_t)!!c->has_since);
	vput_i(b, c->since);
	vput_u(b, (uint64_t)!!c->has_archived);
	vput_i(b, c->archived);
	put_s(b, c->owner);
	put_strings(b, c->tags, c->ntags);
	vput_i(b, c->trust);
	vput_u(b, (uint64_t)c->fit);
	vput_u(b, c->ncontacts);
	for (size_t i = 0; i < c->ncontacts; i++) {
		put_s(b, c->contacts[i].name);
		put_s(b, c->contacts[i].role);
		put_strings(b, c->contacts[i].emails, c->contacts[i].nemails);
		put_strings(b, c->contacts[i].phones, c->contacts[i].nphones);
		put_s(b, c->contacts[i].birthday);
		put_s(b, c->contacts[i].notes);
	}
	for (int i = 0; i < EMPATHY_COUNT; i++)
		put_s(b, c->empathy[i]);
	put_promises(b, c->promises, c->npromises);
}

static void put_entry(struct buf *b, const struct entry *e)
{
	vput_i(b, e->day);
	vput_i(b, e->instant);
	vput_u(b, (uint64_t)!!e->has_time);
	put_strings(b, e->clients, e->nclients);
	vput_u(b, (uint64_t)e->kind);
	put_strings(b, e->with, e->nwith);
	put_s(b, e->mood);
	vput_i(b, e->satisfaction);
	vput_i(b, e->trust);
	put_promises(b, e->promises, e->npromises);
	put_s(b, e->summary);
}

void record_encode(const struct item *it, struct buf *b)
{
	vput_u(b, (uint64_t)it->kind);
	vput_u(b, (uint64_t)it->ok);
	vput_u(b, it->diags.n);
	for (size_t i = 0; i < it->diags.n; i++) {
		const struct diag *g = &it->diags.v[i];
		put_s(b, g->path);
		vput_i(b, g->line);
		vput_i(b, g->col);
		vput_u(b, (uint64_t)g->sev);
		put_s(b, g->msg);
	}
	vput_u(b, it->nrefs);
	for (size_t i = 0; i < it->nrefs; i++) {
		put_s(b, it->refs[i].id);
		vput_i(b, it->refs[i].line);
		vput_i(b, it->refs[i].col);
	}
	if (it->ok && it->kind == FILE_CLIENT)
		put_client(b, it->client);
	else if (it->ok && it->kind == FILE_ENTRY)
		put_entry(b, it->entry);
}

static int get_int(struct vreader *r, int64_t lo, int64_t hi)
{
	int64_t v = vget_i(r);

	if (v < lo || v > hi) {
		r->bad = 1;
		return 0;
	}
	return (int)v;
}

static unsigned get_enum(struct vreader *r, unsigned count)
{
	uint64_t v = vget_u(r);

	if (v >= count) {
		r->bad = 1;
		return 0;
	}
	return (unsigned)v;
}

/* A string put_s() wrote: it points into the record, whose bytes it needs. */
static char *get_s(struct vreader *r)
{
	uint64_t n = vget_u(r);
	char *s;

	if (!n || r->bad)
		return NULL;
	if (n > (uint64_t)(r->end - r->p) || r->p[n - 1] != '\0' ||
	    memchr(r->p, '\0', (size_t)n - 1)) {
		r->bad = 1;
		return NULL;
	}
	s = (char *)r->p;
	r->p += n;
	return s;
}

/* A count of things each taking at least one byte: no more than the bytes left. */
static size_t get_count(struct vreader *r)
{
	uint64_t n = vget_u(r);

	if (n > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static char **get_strings(struct vreader *r, struct arena *mem, size_t *count)
{
	size_t n = get_count(r);
	char **v;

	*count = 0;
	if (!n)
		return NULL;
	v = arena_alloc(mem, n * sizeof(*v));
	for (size_t i = 0; i < n && !r->bad; i++) {
		v[i] = get_s(r);
		(*count)++;
	}
	return v;
}

static struct promise *get_promises(struct vreader *r, struct arena *mem, const char *path,
				   size_t *count)
{
	size_t n = get_count(r);
	struct promise *v;

	*count = 0;
	if (!n)
		return NULL;
	v = arena_alloc(mem, n * sizeof(*v));
	for (size_t i = 0; i < n && !r->bad; i++) {
		struct promise *p = &v[i];
		p->text = get_s(r);
		p->has_due = get_enum(r, 2);
		p->due = get_int(r, INT32_MIN, INT32_MAX);
		p->done = get_enum(r, 2);
		p->has_done_on = get_enum(r, 2);
		p->done_on = get_int(r, INT32_MIN, INT32_MAX);
		p->line = get_int(r, 0, INT_MAX);
		p->path = path;
		(*count)++;
	}
	return v;
}

/* Undoes a partial restore. */
void record_undo(struct item *it)
{
	diags_release(&it->diags);
	if (!it->refs_borrowed)
		free(it->refs);
	it->refs = NULL;
	it->nrefs = 0;
	if (it->kind == FILE_CLIENT && it->client)
		client_release(it->client);
	if (it->kind == FILE_ENTRY && it->entry)
		entry_release(it->entry);
	it->ok = 0;
}

/* The client id of "clients/<id>.md" (also in subfolders), in `mem`. */
static char *id_of_path(const char *relpath, struct arena *mem)
{
	const char *base = strrchr(relpath, '/');
	size_t n;

	base = base ? base + 1 : relpath;
	n = strlen(base);
	return arena_strndup(mem, base, n >= 3 ? n - 3 : n);
}

/* The client half of record_decode(): put_client()'s fields, in its order. */
static void get_client(struct vreader *r, struct item *it, struct arena *mem)
{
	struct client *c = it->client;
	size_t n;

	c->borrowed = 1;
	c->id = id_of_path(it->relpath, mem);
	c->path = it->relpath; /* the loader's walk's, in the notebook's `mem` too */
	c->name = get_s(r);
	c->status = get_enum(r, STATUS_FORMER + 1);
	c->tier = get_enum(r, TIER_COUNT);
	c->has_cadence = get_enum(r, 2);
	c->cadence.n = get_int(r, INT_MIN, INT_MAX);
	c->cadence.unit = (char)get_enum(r, 256);
	c->has_snooze = get_enum(r, 2);
	c->snooze = get_int(r, INT32_MIN, INT32_MAX);
	c->has_since = get_enum(r, 2);
	c->since = get_int(r, INT32_MIN, INT32_MAX);
	c->has_archived = get_enum(r, 2);
	c->archived = get_int(r, INT32_MIN, INT32_MAX);
	c->owner = get_s(r);
	c->tags = get_strings(r, mem, &c->ntags);
	c->trust = get_int(r, TRUST_HEALTHY, TRUST_REPAIRING);
	c->fit = get_enum(r, FIT_POOR + 1);
	n = get_count(r);
	if (n) {
		c->contacts = arena_alloc(mem, n * sizeof(*c->contacts));
		for (size_t i = 0; i < n && !r->bad; i++) {
			struct contact *k = &c->contacts[i];
			k->name = get_s(r);
			k->role = get_s(r);
			k->emails = get_strings(r, mem, &k->nemails);
			k->phones = get_strings(r, mem, &k->nphones);
			k->birthday = get_s(r);
			k->notes = get_s(r);
			c->ncontacts++;
		}
	}
	for (int i = 0; i < EMPATHY_COUNT; i++)
		c->empathy[i] = get_s(r);
	c->promises = get_promises(r, mem, c->path, &c->npromises);
	if (!c->id || !c->path || !c->name)
		r->bad = 1;
}

/* The entry half of record_decode(): put_entry()'s fields, in its order. */
static void get_entry(struct vreader *r, struct item *it, struct arena *mem)
{
	struct entry *e = it->entry;

	e->borrowed = 1;
	e->path = it->relpath;
	e->day = get_int(r, INT32_MIN, INT32_MAX);
	e->instant = vget_i(r);
	e->has_time = get_enum(r, 2);
	e->clients = get_strings(r, mem, &e->nclients);
	e->kind = get_enum(r, KIND_COUNT);
	e->with = get_strings(r, mem, &e->nwith);
	e->mood = get_s(r);
	e->satisfaction = get_int(r, 0, 5);
	e->trust = get_int(r, TRUST_UNSET, TRUST_REPAIRING);
	e->promises = get_promises(r, mem, e->path, &e->npromises);
	e->summary = get_s(r);
	if (!e->path)
		r->bad = 1;
	for (size_t i = 0; i < e->nclients; i++)
		if (!e->clients[i])
			r->bad = 1;
}

int record_decode(struct item *it, const unsigned char *data, size_t len, struct arena *mem)
{
	struct vreader r = { data, data + len, 0 };
	size_t n;

	if (get_enum(&r, FILE_ENTRY + 1) != (unsigned)it->kind || r.bad)
		return -1;
	it->ok = (unsigned char)get_enum(&r, 2);
	n = get_count(&r);
	for (size_t i = 0; i < n && !r.bad; i++) {
		char *path = get_s(&r);
		int line = get_int(&r, 0, INT_MAX);
		int col = get_int(&r, 0, INT_MAX);
		enum severity sev = get_enum(&r, 2);
		char *msg = get_s(&r);
		if (!r.bad)
			diags_add(&it->diags, path, line, col, sev, "%s", msg ? msg : "");
	}
	n = get_count(&r);
	if (n > MAX_REFS) {
		r.bad = 1;
	} else if (n) {
		/* The ids point into the record, as every string restored here does (get_s()). */
		struct item_ref *refs = arena_alloc(mem, n * sizeof(*refs));
		for (size_t i = 0; i < n && !r.bad; i++) {
			if (!(refs[i].id = get_s(&r))) {
				r.bad = 1;
				break;
			}
			refs[i].line = get_int(&r, 0, INT_MAX);
			refs[i].col = get_int(&r, 0, INT_MAX);
		}
		if (!r.bad) {
			it->refs = refs;
			it->nrefs = (uint32_t)n;
			it->refs_borrowed = 1;
		}
	}
	if (it->ok && it->kind == FILE_CLIENT && !r.bad)
		get_client(&r, it, mem);
	else if (it->ok && it->kind == FILE_ENTRY && !r.bad)
		get_entry(&r, it, mem);
	else if (it->ok)
		r.bad = 1;
	if (r.bad || r.p != r.end) {
		record_undo(it);
		return -1;
	}
	return 0;
}
