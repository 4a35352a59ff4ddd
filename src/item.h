/*
 * One file of the notebook as the loader handles it: where it is, its stat
 * data, and what came of parsing it. Shared by the loader (load.c) and the
 * cache (index.c); nothing else should need it.
 */
#ifndef NOTEBOOK_ITEM_H
#define NOTEBOOK_ITEM_H

#include <stdint.h>

#include "diag.h"
#include "load.h"
#include "model.h"

struct index_row;

enum file_kind { FILE_OTHER, FILE_SETTINGS, FILE_CLIENT, FILE_ENTRY };

/*
 * One file to read: where it is, and what came of it. Workers fill the
 * result fields; the merge step reads them in path order.
 */
struct item {
	char *relpath;
	enum file_kind kind;
	int cached;                  /* the result came from the cache, not a parse */
	const struct file_data *mem; /* from memory instead of the disk */

	struct diags diags;
	int ok;
	union {                      /* by kind: its slot in the model's arrays */
		struct client *client;
		struct entry *entry;
	};
	/* entry references, for the cross-file check: (id, line, col) */
	char **ref_ids;
	int *ref_line, *ref_col;
	size_t nrefs;

	/* the cache (index.c) */
	struct index_row *row;       /* its cached record, NULL when none */
	int64_t size, mtime, ctime, ino; /* the stat data (ns) the result is for */
	int fresh;                   /* parsed from the disk now: to be cached */
	int64_t fts;                 /* the rowid of its search text, 0: none */
	char *text;                  /* the file's bytes, for the search text */
	size_t text_len;
};

#endif
