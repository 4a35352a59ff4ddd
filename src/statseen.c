/* The stat data of one walk, looked up by path (statseen.h). */
#include <stdlib.h>
#include <string.h>

#include "statseen.h"
#include "util.h"

void stat_seen_put(struct stat_seen *e, struct arena *names, const char *path, size_t len,
		   const struct stat *st)
{
	e->path = arena_strndup(names, path, len);
	e->size = (int64_t)st->st_size;
	e->mtime = st->st_mtim;
	e->ctime = st->st_ctim;
	e->ino = (uint64_t)st->st_ino;
	e->mode = (uint32_t)st->st_mode;
}

void stat_seen_add(struct stat_seen_table *t, const char *path, size_t len, const struct stat *st)
{
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	stat_seen_put(&t->v[t->n++], &t->names, path, len, st);
	if (t->slots) { /* built again at the next look */
		free(t->slots);
		t->slots = NULL;
	}
}

void stat_seen_reserve(struct stat_seen_table *t, size_t n)
{
	ALLOC_GROW(t->v, t->n + n, t->alloc);
}

void stat_seen_adopt(struct stat_seen_table *t, struct arena *names)
{
	arena_adopt(&t->names, names);
	if (t->slots) {
		free(t->slots);
		t->slots = NULL;
	}
}

static uint64_t path_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of `path`: where it is, or the empty slot where it would be. */
static size_t slot_of(const struct stat_seen_table *t, const char *path)
{
	size_t k = (size_t)path_hash(path) & (t->nslots - 1);

	while (t->slots[k] && strcmp(t->v[t->slots[k] - 1].path, path))
		k = (k + 1) & (t->nslots - 1);
	return k;
}

static void build_slots(struct stat_seen_table *t)
{
	t->nslots = 16;
	while (t->nslots < 2 * t->n + 1)
		t->nslots *= 2;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].path)
			t->slots[slot_of(t, t->v[i].path)] = (uint32_t)(i + 1);
}

static struct stat_seen *find(struct stat_seen_table *t, const char *path)
{
	size_t k;

	if (!t->n || t->n >= UINT32_MAX)
		return NULL;
	if (!t->slots)
		build_slots(t);
	k = slot_of(t, path);
	return t->slots[k] ? &t->v[t->slots[k] - 1] : NULL;
}

void stat_seen_freeze(struct stat_seen_table *t)
{
	if (!t->slots && t->n && t->n < UINT32_MAX)
		build_slots(t);
}

int stat_seen_get(struct stat_seen_table *t, const char *path, struct stat *st)
{
	const struct stat_seen *e = find(t, path);

	if (!e || !e->mode) /* not seen, or forgotten */
		return 0;
	memset(st, 0, sizeof(*st));
	st->st_size = (off_t)e->size;
	st->st_mtim = e->mtime;
	st->st_ctim = e->ctime;
	st->st_ino = (ino_t)e->ino;
	st->st_mode = (mode_t)e->mode;
	return 1;
}

void stat_seen_forget(struct stat_seen_table *t, const char *path)
{
	struct stat_seen *e = find(t, path);

	/* its slot stays taken, and points to a file no one sees */
	if (e)
		e->mode = 0;
}

void stat_seen_release(struct stat_seen_table *t)
{
	free(t->v);
	free(t->slots);
	arena_release(&t->names);
	t->v = NULL;
	t->slots = NULL;
	t->n = t->alloc = t->nslots = 0;
}
