/*
 * The stat data of the notebook's files as one walk took it, kept for a
 * later look at the same files in the same run: sync's hand-edit check
 * (repo_unchanged_seen()) stats every file, and the load that validates a
 * merge (notebook_load_seen()) takes its stat data from there, for the
 * files the merge did not write, rather than stat them all again (README,
 * Sync).
 */
#ifndef NOTEBOOK_STATSEEN_H
#define NOTEBOOK_STATSEEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "arena.h"

struct stat_seen {
	const char *path; /* from the notebook's root, in the table's arena */
	int64_t size;
	struct timespec mtime, ctime;
	uint64_t ino;
	uint32_t mode;    /* 0: forgotten */
};

struct stat_seen_table {
	struct stat_seen *v;
	size_t n, alloc;
	struct arena names;
	uint32_t *slots; /* a hash of the paths: index + 1 into v, 0: empty */
	size_t nslots;
};

#define STAT_SEEN_INIT { NULL, 0, 0, ARENA_INIT, NULL, 0 }

/* Adds `path` (`len` bytes, from the notebook's root) with its stat data `st`. */
void stat_seen_add(struct stat_seen_table *t, const char *path, size_t len, const struct stat *st);

/*
 * Room for `n` files, for walkers that fill them at once: each takes a
 * slot of its own (t->v[i], i < n) and fills it with stat_seen_put(), its
 * path in an arena of its own, which it then gives to stat_seen_adopt();
 * the caller sets t->n to the slots filled.
 */
void stat_seen_reserve(struct stat_seen_table *t, size_t n);
void stat_seen_put(struct stat_seen *e, struct arena *names, const char *path, size_t len,
		   const struct stat *st);
void stat_seen_adopt(struct stat_seen_table *t, struct arena *names);

/* Makes the table ready for stat_seen_get() from several threads at once. */
void stat_seen_freeze(struct stat_seen_table *t);

/* `path`'s stat data into *st (the fields a stat compares: size, times, inode, mode): 1, or 0 when not seen. */
int stat_seen_get(struct stat_seen_table *t, const char *path, struct stat *st);

/* Forgets `path` (a file written since the walk): a later look stats it. */
void stat_seen_forget(struct stat_seen_table *t, const char *path);

void stat_seen_release(struct stat_seen_table *t);

#endif
