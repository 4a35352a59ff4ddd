/*
 * What `status` prints of each client, flattened (no pointer into the
 * model): the rows its printers run from, for a whole run and for one that
 * redoes only the clients a few changed files touch (status_delta.c), so
 * that both print the same bytes. Kept beside status's answer (the cache's
 * answer parts, index_keep_answer()) with which entries name which clients.
 */
#ifndef NOTEBOOK_STATUS_ROWS_H
#define NOTEBOOK_STATUS_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "tally.h"

struct srow {
	const char *id, *name;   /* name: NULL when none */
	const char **reasons;
	size_t nreasons;
	const char **promises;   /* its overdue promises, each "path:line", for the tally */
	size_t noverdue;
	const char *json;        /* its object in status --json, or NULL */
	size_t jsonlen;
	int urgency, due0, days_overdue, nflags; /* audit_cmp()'s keys */
	int state, trust, attention, color;
	unsigned flags;
};

struct srows {
	struct srow *v;
	size_t n, alloc;
	struct arena mem; /* the rows' strings and arrays */
};

/* A row's room, its strings to be set (copies in s->mem: srows_dup()). */
struct srow *srows_add(struct srows *s);
const char *srows_dup(struct srows *s, const char *str, size_t len);
void srows_release(struct srows *s);
/* audit_cmp()'s order, the first `sorted` rows in it already. */
void srows_sort_from(struct srows *s, size_t sorted);
/* tally_all() of the rows. */
void srows_tally(const struct srows *s, struct tally *t);

struct notebook;
/*
 * The parts kept beside an answer: the rows (their objects as offsets into
 * `text`, the answer, when `json`) and `map` (status_map_make()).
 */
void status_parts_encode(struct buf *out, const struct srows *s, int json, const char *text,
			 size_t len, const struct buf *map);
/*
 * Which entries name which clients, by each file's place among the
 * notebook's files in path order (the cache's positions, load.h): nb as
 * loaded whole, every file valid.
 */
void status_map_make(const struct notebook *nb, struct buf *map);

/* A status made from a kept one and the few files changed since (struct load_early's delta). */
struct status_delta {
	struct buf out, parts; /* the kept answer and its parts */
	struct srows rows;     /* the kept rows but those of the clients redone */
	struct buf map;        /* the map of the files as they are now */
	int keep;              /* the answer is kept anew (load_delta_stores()) */
	int json;
	int tag_or_owner;      /* --tag or --owner: a changed client file may change what they find */
};

struct load_delta;
/*
 * From the kept parts (sd->parts, sd->out) and what changed: the files
 * the model is to hold asked for, the kept rows of the clients to redo
 * dropped, the new map made. 1, or 0 when the run is to be made whole.
 */
int status_delta_plan(struct status_delta *sd, struct load_delta *dl);
void status_delta_release(struct status_delta *sd);

#endif
