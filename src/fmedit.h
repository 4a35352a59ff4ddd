/*
 * Edits of a client file's front matter that keep everything else as it
 * was (comments, key order, the body): keys added before the closing line,
 * people added to the end of `contacts`, fields added to one person. Each
 * edit is a list of insertions into the original text, applied at once.
 */
#ifndef NOTEBOOK_FMEDIT_H
#define NOTEBOOK_FMEDIT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "node.h"

struct fm_insert {
	size_t at;   /* byte offset in the original text */
	size_t skip; /* bytes of the original replaced from `at` (0: an insertion) */
	int rank;    /* at one offset: a person's fields, then new people, then top-level keys */
	char *text;  /* lines, each ending in "\n" (made "\r\n" for a CRLF file) */
};

struct fmedit {
	const char *path;     /* for diagnostics */
	const char *data;
	size_t len;
	const struct node *root; /* the parsed front matter (borrowed) */
	size_t close;         /* offset of the closing line */
	int crlf;
	int contacts_added;   /* a `contacts` key is queued (the file had none) */
	struct fm_insert *v;
	size_t n, alloc;
};

/*
 * Starts editing `data` (the file `path`) whose front matter parsed as
 * `root`. 0, or -1 with a diagnostic when the front matter's end cannot be
 * found.
 */
int fmedit_init(struct fmedit *e, const char *path, const char *data, size_t len,
		const struct node *root, struct diags *d);
void fmedit_release(struct fmedit *e);

/* Adds top-level lines ("key: value\n", unindented) before the closing line. */
void fmedit_add_top(struct fmedit *e, const char *lines);

/*
 * Adds one person to `contacts` (created when missing). `fields` are the
 * person's lines as for a mapping at indentation 0, the first being
 * "name: …\n". -1 with a diagnostic when `contacts` is not a block list.
 */
int fmedit_add_person(struct fmedit *e, const char *fields, struct diags *d);

/*
 * Adds lines (as for a mapping at indentation 0) to the person at index
 * `i` of `contacts`. -1 with a diagnostic when it is not a block mapping.
 */
int fmedit_add_to_person(struct fmedit *e, size_t i, const char *fields, struct diags *d);

/*
 * Sets the top-level `key` to `value` (written as given): its value on the
 * key's own line is replaced, a comment after it kept; a missing key is
 * added before the closing line. -1 with a diagnostic when the key's value
 * does not sit on its line (a block or a multi-line value).
 */
int fmedit_set(struct fmedit *e, const char *key, const char *value, struct diags *d);

/*
 * Replaces the scalar `n` (plain or quoted, on one line) with `text`,
 * which must need no escaping: in the same quotes when `n` was quoted,
 * else as given. -1 with a diagnostic when it spans lines.
 */
int fmedit_replace_scalar(struct fmedit *e, const struct node *n, const char *text,
			  struct diags *d);

/* The edited text, appended to `out`. */
void fmedit_result(const struct fmedit *e, struct buf *out);

#endif
