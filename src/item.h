/*
 * One file of the notebook as the loader handles it: where it is, its stat
 * data, and what came of parsing it. Shared by the loader (load.c) and the
 * record codec (record.c); nothing else should need it.
 */
#ifndef NOTEBOOK_ITEM_H
#define NOTEBOOK_ITEM_H

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "model.h"
#include "util.h"

enum file_kind { FILE_OTHER, FILE_SETTINGS, FILE_CLIENT, FILE_ENTRY };

/* A client id an entry names, and where. */
struct item_ref {
	const char *id;
	int line, col;
};


/*
 * One file to read: where it is, and what came of it. Workers fill the
 * result fields; the merge step reads them in path order. What the cache
 * keeps of it is beside it, in the loader's own array.
 */
struct item {
	char *relpath;               /* the walk's (load.c), not freed with the item */
	const struct file_data *mem; /* from memory instead of the disk */
	struct diags diags;
	union {                      /* by kind: its slot in the model's arrays */
		struct client *client;
		struct entry *entry;
	};
	/*
	 * entry references, for the cross-file check: one allocation, ids
	 * included (item_set_refs()), or restored from the cache, in its
	 * arena with the ids in the record (record_decode())
	 */
	struct item_ref *refs;
	uint32_t nrefs;              /* at most MAX_REFS */
	/* bytes, after the pointers: an item is 80 bytes, not 104 (210,000 of them) */
	unsigned char kind;          /* enum file_kind */
	unsigned char ok;
	unsigned char refs_borrowed; /* refs are in an arena, not malloc'd */
};

/*
 * Sets it->refs to `n` refs, the i-th naming lens[i] bytes at ids[i], in
 * one allocation (an entry per file: one malloc instead of four or more),
 * from `mem` when it is not NULL.
 */
static inline void item_set_refs(struct item *it, size_t n, const char *const *ids,
				 const size_t *lens, const int *lines, const int *cols,
				 struct arena *mem)
{
	size_t size = n * sizeof(struct item_ref);
	char *p;

	for (size_t i = 0; i < n; i++)
		size += lens[i] + 1;
	it->refs = mem ? arena_alloc(mem, size ? size : 1) : xmalloc(size ? size : 1);
	it->refs_borrowed = mem != NULL;
	p = (char *)(it->refs + n);
	for (size_t i = 0; i < n; i++) {
		memcpy(p, ids[i], lens[i]);
		p[lens[i]] = '\0';
		it->refs[i].id = p;
		it->refs[i].line = lines[i];
		it->refs[i].col = cols[i];
		p += lens[i] + 1;
	}
	it->nrefs = (uint32_t)n;
}

#endif
