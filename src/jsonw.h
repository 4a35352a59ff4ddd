/*
 * A JSON writer for the interchange output (export --format json, show
 * --json, agenda --json): objects and arrays opened and closed in order,
 * two-space indentation, commas placed by the writer. Appends to a buffer;
 * strings go through buf_add_json_string (invalid UTF-8 becomes U+FFFD).
 */
#ifndef NOTEBOOK_JSONW_H
#define NOTEBOOK_JSONW_H

#include <stdint.h>

#include "buf.h"
#include "date.h"

/* Deeper than any output here nests; deeper levels are not indented further. */
#define JSONW_MAX_DEPTH 16

struct jsonw {
	struct buf *out;
	int depth;
	int count[JSONW_MAX_DEPTH]; /* values written so far at each depth */
	char close[JSONW_MAX_DEPTH]; /* '}' or ']' for what is open at each depth */
};

/* Starts writing into `out` (borrowed; the caller owns and frees it). */
void jsonw_init(struct jsonw *w, struct buf *out);

/*
 * Each value function takes the key it goes under, or NULL inside an array
 * (and for the outermost value). A NULL string is written as null.
 */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
void jsonw_end(struct jsonw *w); /* closes the innermost object or array */
void jsonw_str(struct jsonw *w, const char *key, const char *s);
void jsonw_int(struct jsonw *w, const char *key, int64_t n);
void jsonw_bool(struct jsonw *w, const char *key, int v);
void jsonw_null(struct jsonw *w, const char *key);
/* A date as "YYYY-MM-DD", or null when !has. */
void jsonw_date(struct jsonw *w, const char *key, int has, day_t day);
/* Ends the document with a newline. */
void jsonw_finish(struct jsonw *w);

#endif
