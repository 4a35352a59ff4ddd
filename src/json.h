/*
 * The JSON that notebook prints (status, list, search, check --format json,
 * agenda, show and export): every document is a jansson value (json_t)
 * built with jansson's own calls and the helpers below, and written out
 * here, in the layout each command has always had. Strings go through
 * jw_text, which turns invalid UTF-8 into U+FFFD (jansson accepts only
 * UTF-8); on the way out, DEL and the code points a terminal would act on
 * or show as nothing (text.h) are written as \u escapes.
 */
#ifndef NOTEBOOK_JSON_H
#define NOTEBOOK_JSON_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "date.h"

/*
 * Where a document breaks its lines: `indent` spaces a level; an object or
 * array `flat_depth` or more levels down (when not 0), and one that holds
 * no object or array when `flat_leaves` is set, goes on one line, with ", "
 * and ": " between its parts. Everything else has a member a line.
 */
struct jw_layout {
	int indent;
	int flat_depth;
	int flat_leaves;
};

/* A member a line, two spaces a level: export, show --json, agenda --json. */
extern const struct jw_layout JW_INDENTED;
/* An array of objects, one object a line: list --json, search --json. */
extern const struct jw_layout JW_RECORDS;

/* A string of the NUL-terminated `s`, or null when `s` is NULL. A new reference. */
json_t *jw_text(const char *s);
/* A string of the `n` bytes at `s` (no NUL inside). A new reference. */
json_t *jw_textn(const char *s, size_t n);
/* An array of the strings v[0..n). A new reference. */
json_t *jw_texts(char *const *v, size_t n);
/* "YYYY-MM-DD", or null when !has. A new reference. */
json_t *jw_day(int has, day_t day);

/* Appends the text of `doc` in layout `l`, then a newline. Borrows `doc`. */
void jw_write(struct buf *out, const json_t *doc, const struct jw_layout *l);
/* jw_write to `out`, then drops the caller's reference to `doc`. */
void jw_print(FILE *out, json_t *doc, const struct jw_layout *l);

/*
 * A document's one long array, made an element at a time so that it is
 * never whole in memory: the array is member `key` of the document (an
 * object holding an empty array there), or the document itself (an empty
 * array) when `key` is NULL. next(ctx) returns each element as a new
 * reference, and NULL after the last; each is written and dropped.
 */
struct jw_stream {
	const char *key;
	json_t *(*next)(void *ctx);
	void *ctx;
	/*
	 * Or, when `item` is set, the `n` elements by number: made in any
	 * order, from several threads at once (a long stream is laid out in
	 * parallel, each thread its own run of elements, then joined in order).
	 */
	json_t *(*item)(void *ctx, size_t i);
	size_t n;
	/*
	 * Or, when `put` is set (with `item` NULL), the `n` elements by
	 * number, each written straight into `out` as the value it stands for
	 * would be laid out `depth` levels in (jw_open() and the calls after
	 * it), from several threads at once as `item`'s: no jansson value is
	 * made for an element. jw_print_stream() calls it in order from one
	 * thread instead, writing the document to its file a part at a time.
	 */
	void (*put)(void *ctx, size_t i, struct buf *out, int depth);
};

/* jw_write and jw_print with the array of `stream` (NULL: none) filled in. */
void jw_write_stream(struct buf *out, const json_t *doc, const struct jw_stream *stream,
		     const struct jw_layout *l);
void jw_print_stream(FILE *out, json_t *doc, const struct jw_stream *stream,
		     const struct jw_layout *l);

/*
 * An object or array written straight into a buffer as jw_write() lays
 * out the jansson value it stands for, `depth` levels in, in layout `l`:
 * jw_open(), then for each member jw_key() (for each element jw_next())
 * and its value (a jw_put_*() or a nested jw_open()), then jw_close().
 * `flat` (all on one line) is what jw_flat() says of the value.
 */
struct jw_obj {
	struct buf *out;
	const struct jw_layout *l;
	int depth, flat;
	size_t n;
	char close;
};

/*
 * Whether a value `depth` levels in with `size` members (or elements) goes
 * on one line in layout `l`; `nested` says whether any of them is a
 * non-empty object or array.
 */
int jw_flat(const struct jw_layout *l, int depth, size_t size, int nested);
/* Opens an object ('{') or an array ('['). */
void jw_open(struct jw_obj *o, struct buf *out, const struct jw_layout *l, int depth, int flat,
	     char open);
/* Before an element of an array. */
void jw_next(struct jw_obj *o);
/* Before a member's value: its separator and its key. */
void jw_key(struct jw_obj *o, const char *key);
void jw_close(struct jw_obj *o);
/* jw_text(s)'s value, and jw_day()'s, as jw_write() spells them. */
void jw_put_text(struct buf *out, const char *s);
void jw_put_day(struct buf *out, int has, day_t day);
/* An integer; and one or null when !has. */
void jw_put_int(struct buf *out, long long n);
void jw_put_int_or_null(struct buf *out, int has, long long n);

/* Makes jansson allocate through xmalloc (no allocation fails); once, before any value. */
void jw_setup(void);

#endif
