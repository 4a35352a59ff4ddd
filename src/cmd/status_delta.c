/*
 * status's rows flattened, kept beside its answer, and a status made from
 * them when few files changed (status_rows.h; README, "status").
 */
#include "status_rows.h"

#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "model.h"
#include "util.h"
#include "varint.h"

#define PARTS_MAGIC "nbst1\n"

struct srow *srows_add(struct srows *s)
{
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	return &s->v[s->n++];
}

const char *srows_dup(struct srows *s, const char *str, size_t len)
{
	return arena_strndup(&s->mem, str, len);
}

void srows_release(struct srows *s)
{
	free(s->v);
	arena_release(&s->mem);
	memset(s, 0, sizeof(*s));
}

static int str_cmp_null(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

/* audit_cmp() of the rows (src/stale.c): most urgent first. */
static int srow_cmp(const void *x, const void *y)
{
	const struct srow *a = x, *b = y;
	int c;

	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if (a->urgency == URGENCY_PROMISE && a->due0 != b->due0)
		return a->due0 < b->due0 ? -1 : 1;
	if (a->days_overdue != b->days_overdue)
		return a->days_overdue > b->days_overdue ? -1 : 1;
	if (a->nflags != b->nflags)
		return a->nflags > b->nflags ? -1 : 1;
	c = str_cmp_null(a->name, b->name);
	if (c)
		return c;
	return str_cmp_null(a->id, b->id);
}

void srows_sort_from(struct srows *s, size_t sorted)
{
	struct srow *v;
	size_t a = 0, b = sorted, k = 0;

	if (!sorted || s->n < 2) {
		if (s->n)
			qsort(s->v, s->n, sizeof(*s->v), srow_cmp);
		return;
	}
	qsort(s->v + sorted, s->n - sorted, sizeof(*s->v), srow_cmp);
	v = xreallocarray(NULL, s->n, sizeof(*v));
	while (a < sorted || b < s->n) {
		if (b == s->n || (a < sorted && srow_cmp(&s->v[a], &s->v[b]) <= 0))
			v[k++] = s->v[a++];
		else
			v[k++] = s->v[b++];
	}
	free(s->v);
	s->v = v;
	s->alloc = s->n;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void srows_tally(const struct srows *s, struct tally *t)
{
	const char **seen = NULL;
	size_t nseen = 0, alloc = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct srow *a = &s->v[i];

		tally_client(t, (enum contact_state)a->state, a->attention, (enum trust)a->trust,
			     a->flags, a->noverdue);
		for (size_t k = 0; a->attention && k < a->noverdue; k++) {
			ALLOC_GROW(seen, nseen + 1, alloc);
			seen[nseen++] = a->promises[k];
		}
	}
	/* A promise of an entry naming several clients is in each one's row: counted once. */
	if (nseen)
		qsort(seen, nseen, sizeof(*seen), cmp_cstr);
	for (size_t i = 0; i < nseen; i++)
		t->promises += !i || strcmp(seen[i], seen[i - 1]);
	free(seen);
}

/* ---- the parts, as bytes ---- */

/* Where `needle` (n bytes, n > 0) first is in `hay` (len bytes), or NULL. */
static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *p = hay, *end = hay + len;

	while ((size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1))) {
		if (!memcmp(p, needle, n))
			return p;
		p++;
	}
	return NULL;
}

static void put_str(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	vput_u(b, n);
	buf_add(b, s, n);
	buf_addc(b, '\0');
}

/* A string put_str() wrote, in place; NULL with r->bad set. */
static const char *get_str(struct vreader *r)
{
	uint64_t n = vget_u(r);
	const char *s = (const char *)r->p;

	if (r->bad || (uint64_t)(r->end - r->p) < n + 1 || r->p[n] != '\0' ||
	    memchr(s, '\0', (size_t)n)) {
		r->bad = 1;
		return NULL;
	}
	r->p += n + 1;
	return s;
}

static void put_row(struct buf *b, const struct srow *a, size_t off)
{
	put_str(b, a->id);
	vput_u(b, a->name != NULL);
	if (a->name)
		put_str(b, a->name);
	vput_u(b, a->nreasons);
	for (size_t k = 0; k < a->nreasons; k++)
		put_str(b, a->reasons[k]);
	vput_u(b, a->noverdue);
	for (size_t k = 0; k < a->noverdue; k++)
		put_str(b, a->promises[k]);
	vput_u(b, off);
	vput_u(b, a->json ? a->jsonlen : 0);
	vput_i(b, a->urgency);
	vput_i(b, a->due0);
	vput_i(b, a->days_overdue);
	vput_i(b, a->nflags);
	vput_i(b, a->state);
	vput_i(b, a->trust);
	vput_i(b, a->attention);
	vput_i(b, a->color);
	vput_u(b, a->flags);
}

static const char **get_strs(struct vreader *r, struct srows *s, size_t *n)
{
	const char **v;

	*n = (size_t)vget_u(r);
	if (r->bad || *n > (size_t)(r->end - r->p))
		return r->bad = 1, NULL;
	v = arena_alloc(&s->mem, (*n ? *n : 1) * sizeof(*v));
	for (size_t k = 0; k < *n; k++)
		v[k] = get_str(r);
	return v;
}

/* A row put_row() wrote, its object in `text` (len bytes): 0, or -1. */
static int get_row(struct vreader *r, struct srows *s, const char *text, size_t len)
{
	struct srow *a = srows_add(s);
	uint64_t off, n;

	a->id = get_str(r);
	a->name = vget_u(r) ? get_str(r) : NULL;
	a->reasons = get_strs(r, s, &a->nreasons);
	a->promises = get_strs(r, s, &a->noverdue);
	off = vget_u(r);
	n = vget_u(r);
	if (n && off <= len && n <= len - off) {
		a->json = text + off;
		a->jsonlen = (size_t)n;
	}
	a->urgency = (int)vget_i(r);
	a->due0 = (int)vget_i(r);
	a->days_overdue = (int)vget_i(r);
	a->nflags = (int)vget_i(r);
	a->state = (int)vget_i(r);
	a->trust = (int)vget_i(r);
	a->attention = (int)vget_i(r);
	a->color = (int)vget_i(r);
	a->flags = (unsigned)vget_u(r);
	if (a->state < STATE_STALE || a->state > STATE_OK || a->trust < TRUST_HEALTHY ||
	    a->trust > TRUST_REPAIRING || (n && !a->json))
		r->bad = 1;
	return r->bad ? -1 : 0;
}

void status_parts_encode(struct buf *out, const struct srows *s, int json, const char *text,
			 size_t len, const struct buf *map)
{
	size_t at = 0;

	buf_adds(out, PARTS_MAGIC);
	vput_u(out, (uint64_t)json);
	vput_u(out, s->n);
	for (size_t i = 0; i < s->n; i++) {
		const struct srow *a = &s->v[i];
		size_t off = 0;

		/* each object is in the answer, in the rows' order */
		if (json && a->json && a->jsonlen) {
			const char *p = find_bytes(text + at, len - at, a->json, a->jsonlen);
			if (!p) {
				buf_reset(out);
				return;
			}
			off = (size_t)(p - text);
			at = off + a->jsonlen;
		}
		put_row(out, a, off);
	}
	buf_add(out, map->data ? map->data : "", map->len);
}

/* ---- the map: which entries name which clients ---- */

struct fpos {
	const char *path;
	const struct entry *e; /* NULL: a client file */
	const struct client *c;
};

static int fpos_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fpos *)a)->path, ((const struct fpos *)b)->path);
}

/*
 * The entries in path order: the model's are by day, and a valid entry's
 * name starts with its folder and date (notebook-format(5)), so each day's
 * are sorted apart and the whole checked.
 */
static void sort_entry_paths(struct fpos *v, size_t n)
{
	size_t from = 0;
	int sorted = 1;

	for (size_t i = 1; i <= n; i++) {
		if (i < n && v[i].e->day == v[from].e->day)
			continue;
		if (i - from > 1)
			qsort(v + from, i - from, sizeof(*v), fpos_cmp);
		from = i;
	}
	for (size_t i = 1; i < n && sorted; i++)
		sorted = strcmp(v[i - 1].path, v[i].path) < 0;
	if (!sorted)
		qsort(v, n, sizeof(*v), fpos_cmp);
}

/*
 * A file of the map: its path's hash and its clients, 8 bytes: REF_CLIENT
 * for a client file, an entry's one client as its place among the map's
 * clients, or REF_MANY with where its list of several is in the map's
 * lists (a count and the places, varints).
 */
#define REF_CLIENT 0xffffffffu
#define REF_MANY 0x80000000u

static void put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	buf_add(b, x, 4);
}

static uint32_t get32(const unsigned char *x)
{
	return (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
}

/* A file of the map into `files` (its list of clients, when several, into `lists`). */
static void put_file(struct buf *files, struct buf *lists, const char *path, const size_t *k,
		     size_t nk, int client)
{
	put32(files, load_path_hash(path));
	if (client) {
		put32(files, REF_CLIENT);
	} else if (nk == 1 && k[0] < REF_MANY) {
		put32(files, (uint32_t)k[0]);
	} else {
		put32(files, REF_MANY | (uint32_t)lists->len);
		vput_u(lists, nk);
		for (size_t m = 0; m < nk; m++)
			vput_u(lists, k[m]);
	}
}

/* An entry's clients, each once, as their places in the sorted `ids` (n of them) into k[]. */
static size_t refs_of_ids(const char *const *all, size_t nall, char *const *ids, size_t n,
			  size_t *k)
{
	size_t nk = 0;

	for (size_t i = 0; i < n && nk < 64; i++) {
		size_t lo = 0, hi = nall, j = SIZE_MAX;
		int seen = 0;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(ids[i], all[mid]);
			if (!c) {
				j = mid;
				break;
			}
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		for (size_t m = 0; m < nk && !seen; m++)
			seen = k[m] == j;
		if (j != SIZE_MAX && !seen)
			k[nk++] = j;
	}
	return nk;
}

/* The map's three parts, one after another. */
static void map_join(struct buf *map, const struct buf *clients, size_t nfiles,
		     const struct buf *files, const struct buf *lists)
{
	buf_add(map, clients->data ? clients->data : "", clients->len);
	vput_u(map, nfiles);
	buf_add(map, files->data ? files->data : "", files->len);
	vput_u(map, lists->len);
	buf_add(map, lists->data ? lists->data : "", lists->len);
}

void status_map_make(const struct notebook *nb, struct buf *map)
{
	size_t n = nb->nclients + nb->nentries;
	struct fpos *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t *pos = xcalloc(nb->nclients ? nb->nclients : 1, sizeof(*pos));
	const char **ids = xcalloc(nb->nclients ? nb->nclients : 1, sizeof(*ids));
	struct buf clients = BUF_INIT, files = BUF_INIT, lists = BUF_INIT;

	for (size_t i = 0; i < nb->nclients; i++) {
		v[i] = (struct fpos){ nb->clients[i].path, NULL, &nb->clients[i] };
		ids[i] = nb->clients[i].id;
	}
	for (size_t i = 0; i < nb->nentries; i++)
		v[nb->nclients + i] = (struct fpos){ nb->entries[i].path, &nb->entries[i], NULL };
	qsort(v, nb->nclients, sizeof(*v), fpos_cmp);
	sort_entry_paths(v + nb->nclients, nb->nentries);
	for (size_t i = 0; i < nb->nclients; i++)
		pos[v[i].c - nb->clients] = i;
	vput_u(&clients, nb->nclients);
	for (size_t k = 0; k < nb->nclients; k++) {
		put_str(&clients, nb->clients[k].id);
		vput_u(&clients, pos[k]);
	}
	for (size_t i = 0; i < n; i++) {
		size_t k[64], nk = 0;

		if (v[i].e)
			nk = refs_of_ids(ids, nb->nclients, v[i].e->clients, v[i].e->nclients, k);
		put_file(&files, &lists, v[i].path, k, nk, !v[i].e);
	}
	map_join(map, &clients, n, &files, &lists);
	buf_release(&clients);
	buf_release(&files);
	buf_release(&lists);
	free(ids);
	free(pos);
	free(v);
}

/* ---- a status from the kept one ---- */

/* The map as read back: its clients (sorted by id) and each file's 8 bytes. */
struct map {
	const char **ids;
	size_t *cpos, nclients;
	const unsigned char *files; /* nfiles of 8 bytes (put_file()) */
	size_t nfiles;
	const unsigned char *lists;
	size_t lists_len;
	unsigned char *redo;       /* per client: to be redone */
	const unsigned char *ctab_end; /* where the clients' part ends */
};

static void map_release(struct map *m)
{
	free(m->ids);
	free(m->cpos);
	free(m->redo);
}

/* The map from `r`: 0, or -1 when it does not read. */
static int map_read(struct vreader *r, struct map *m)
{
	m->nclients = (size_t)vget_u(r);
	if (r->bad || m->nclients > (size_t)(r->end - r->p))
		return -1;
	m->ids = xcalloc(m->nclients + 1, sizeof(*m->ids));
	m->cpos = xcalloc(m->nclients + 1, sizeof(*m->cpos));
	m->redo = xcalloc(m->nclients + 1, 1);
	for (size_t k = 0; k < m->nclients; k++) {
		m->ids[k] = get_str(r);
		m->cpos[k] = (size_t)vget_u(r);
		if (k && !r->bad && strcmp(m->ids[k - 1], m->ids[k]) >= 0)
			r->bad = 1;
	}
	m->ctab_end = r->p;
	m->nfiles = (size_t)vget_u(r);
	if (r->bad || m->nfiles > (size_t)(r->end - r->p) / 8)
		return -1;
	m->files = r->p;
	r->p += m->nfiles * 8;
	m->lists_len = (size_t)vget_u(r);
	if (r->bad || m->lists_len != (size_t)(r->end - r->p))
		return -1;
	m->lists = r->p;
	for (size_t k = 0; k < m->nclients; k++)
		if (m->cpos[k] >= m->nfiles)
			return -1;
	return 0;
}

static uint32_t file_hash(const struct map *m, size_t p)
{
	return get32(m->files + 8 * p);
}

/*
 * File p's clients into k[] (room for 64): how many (0 for a client
 * file), or -1 when the map does not read.
 */
static int file_refs(const struct map *m, size_t p, size_t *k)
{
	uint32_t ref = get32(m->files + 8 * p + 4);
	struct vreader r;
	uint64_t n;

	if (ref == REF_CLIENT)
		return 0;
	if (!(ref & REF_MANY)) {
		k[0] = ref;
		return ref < m->nclients ? 1 : -1;
	}
	ref &= ~REF_MANY;
	if (ref >= m->lists_len)
		return -1;
	r = (struct vreader){ m->lists + ref, m->lists + m->lists_len, 0 };
	n = vget_u(&r);
	if (n == 0 || n > 64)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		k[i] = (size_t)vget_u(&r);
		if (r.bad || k[i] >= m->nclients)
			return -1;
	}
	return (int)n;
}

static int cmp_id(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* The client of `id`: its place in m->ids, or SIZE_MAX. */
static size_t map_client(const struct map *m, const char *id)
{
	const char **at = bsearch(id, m->ids, m->nclients, sizeof(*m->ids), cmp_id);

	return at ? (size_t)(at - m->ids) : SIZE_MAX;
}

/* The clients file p names, marked to redo: how many, or -1. */
static int redo_refs(struct map *m, size_t p)
{
	size_t k[64];
	int n = file_refs(m, p, k);

	for (int i = 0; i < n; i++)
		m->redo[k[i]] = 1;
	return n;
}

/* The clients of `ids` (an entry's) marked: 0, or -1 when one is not in the map. */
static int redo_ids(struct map *m, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = map_client(m, ids[i]);
		if (k == SIZE_MAX)
			return -1;
		m->redo[k] = 1;
	}
	return 0;
}

/* The id of clients/ID.md, in `id` (room for it). */
static const char *client_of_path(const char *path, char *id, size_t size)
{
	size_t n = strlen(path);

	if (n < 11 || n - 11 >= size || strncmp(path, "clients/", 8))
		return NULL;
	memcpy(id, path + 8, n - 11);
	id[n - 11] = '\0';
	return id;
}

/* A changed, added or removed file's clients marked to redo: 0, or -1 for a full run. */
static int mark_change(struct map *m, const struct load_change *ch, int *clients)
{
	char id[256];
	size_t k;

	if (ch->pos != SIZE_MAX && (ch->pos >= m->nfiles ||
				    (ch->path && file_hash(m, ch->pos) != load_path_hash(ch->path))))
		return -1;
	/* a client file gone: the full run says what of its entries */
	if (!ch->path)
		return redo_refs(m, ch->pos) > 0 ? 0 : -1;
	if (ch->client) {
		k = client_of_path(ch->path, id, sizeof(id)) ? map_client(m, id) : SIZE_MAX;
		if (k == SIZE_MAX || m->cpos[k] != ch->pos)
			return -1;
		m->redo[k] = 1;
		*clients = 1;
		return 0;
	}
	if (ch->pos != SIZE_MAX && redo_refs(m, ch->pos) <= 0)
		return -1;
	return redo_ids(m, ch->ids, ch->nids);
}

/* Whether file p names a client to redo: 1, 0, or -1 when the map does not read. */
static int file_redone(const struct map *m, size_t p)
{
	uint32_t ref = get32(m->files + 8 * p + 4);
	size_t k[64];
	int n;

	if (ref == REF_CLIENT)
		return 0;
	if (!(ref & REF_MANY))
		return ref < m->nclients ? m->redo[ref] : -1;
	n = file_refs(m, p, k);
	for (int i = 0; i < n; i++)
		if (m->redo[k[i]])
			return 1;
	return n < 0 ? -1 : 0;
}

/* Asks for the files of the clients to redo and the entries naming them: 0, or -1. */
static int want_files(struct map *m, struct load_delta *dl)
{
	size_t nch = load_delta_count(dl);

	for (size_t k = 0; k < m->nclients; k++)
		if (m->redo[k] && load_delta_want(dl, m->cpos[k], file_hash(m, m->cpos[k])) < 0)
			return -1;
	for (size_t p = 0; p < m->nfiles; p++) {
		int hit = file_redone(m, p), gone = 0;

		if (hit < 0)
			return -1;
		if (!hit)
			continue;
		for (size_t c = 0; c < nch && !gone; c++) {
			struct load_change ch;
			load_delta_change(dl, c, &ch);
			gone = !ch.path && ch.pos == p;
		}
		if (!gone && load_delta_want(dl, p, file_hash(m, p)) < 0)
			return -1;
	}
	return 0;
}

/* The map of the files as they are now, into sd->map. */
static void map_remake(struct status_delta *sd, const struct map *m, struct load_delta *dl,
		       const unsigned char *clients, size_t clients_len)
{
	size_t nitems = load_delta_items(dl), nch = load_delta_count(dl), c = 0;
	struct buf ctab = BUF_INIT, files = BUF_INIT, lists = BUF_INIT;

	buf_add(&ctab, clients, clients_len);
	/* the lists of the files kept are where they were */
	buf_add(&lists, m->lists, m->lists_len);
	for (size_t i = 0; i < nitems; i++) {
		struct load_change ch = { 0 };

		while (c < nch && (load_delta_change(dl, c, &ch), ch.item < i))
			c++;
		if (c < nch && ch.item == i) {
			size_t k[64];
			size_t nk = refs_of_ids(m->ids, m->nclients, (char *const *)ch.ids, ch.nids, k);
			put_file(&files, &lists, ch.path, k, nk, ch.client);
			continue;
		}
		buf_add(&files, m->files + 8 * load_delta_pos(dl, i), 8);
	}
	map_join(&sd->map, &ctab, nitems, &files, &lists);
	buf_release(&ctab);
	buf_release(&files);
	buf_release(&lists);
}

/* The kept rows from sd->parts into sd->rows; `r` left at the map. 0, or -1. */
static int rows_read(struct status_delta *sd, struct vreader *r)
{
	size_t n;

	r->p = (const unsigned char *)sd->parts.data;
	r->end = r->p + sd->parts.len;
	r->bad = 0;
	if (sd->parts.len < strlen(PARTS_MAGIC) || memcmp(r->p, PARTS_MAGIC, strlen(PARTS_MAGIC)))
		return -1;
	r->p += strlen(PARTS_MAGIC);
	if ((int)vget_u(r) != sd->json)
		return -1;
	n = (size_t)vget_u(r);
	if (r->bad || n > (size_t)(r->end - r->p))
		return -1;
	/* each row of status --json has its object in the answer */
	for (size_t i = 0; i < n; i++)
		if (get_row(r, &sd->rows, sd->out.data, sd->out.len) < 0 ||
		    (sd->json && !sd->rows.v[i].json))
			return -1;
	return 0;
}

/* The kept rows less those of the clients to redo. */
static void rows_drop(struct status_delta *sd, const struct map *m)
{
	const char **redo = NULL;
	size_t nredo = 0, alloc = 0, to = 0;

	for (size_t k = 0; k < m->nclients; k++)
		if (m->redo[k]) {
			ALLOC_GROW(redo, nredo + 1, alloc);
			redo[nredo++] = m->ids[k];
		}
	for (size_t i = 0; i < sd->rows.n; i++) {
		int drop = 0;

		for (size_t k = 0; k < nredo && !drop; k++)
			drop = !strcmp(sd->rows.v[i].id, redo[k]);
		if (!drop)
			sd->rows.v[to++] = sd->rows.v[i];
	}
	sd->rows.n = to;
	free(redo);
}

int status_delta_plan(struct status_delta *sd, struct load_delta *dl)
{
	struct map m = { 0 };
	struct vreader r;
	const unsigned char *clients;
	int ret = 0, changed_clients = 0;

	if (rows_read(sd, &r) < 0)
		goto out;
	clients = r.p;
	if (map_read(&r, &m) < 0 || m.nfiles != load_delta_rows(dl))
		goto out;
	for (size_t c = 0; c < load_delta_count(dl); c++) {
		struct load_change ch;

		load_delta_change(dl, c, &ch);
		if (mark_change(&m, &ch, &changed_clients) < 0)
			goto out;
	}
	/* --tag and --owner look at every client: a changed one may change what they find */
	if ((changed_clients && sd->tag_or_owner) || want_files(&m, dl) < 0)
		goto out;
	/* kept anew only when the changed files' rows are written */
	sd->keep = load_delta_stores(dl);
	if (sd->keep)
		map_remake(sd, &m, dl, clients, (size_t)(m.ctab_end - clients));
	rows_drop(sd, &m);
	ret = 1;
out:
	map_release(&m);
	return ret;
}

void status_delta_release(struct status_delta *sd)
{
	buf_release(&sd->out);
	buf_release(&sd->parts);
	buf_release(&sd->map);
	srows_release(&sd->rows);
}
