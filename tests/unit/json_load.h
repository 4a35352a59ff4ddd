/*
 * JSON text into a node tree (node.h) for the tests, with JSON's own typing:
 * strings are quoted scalars (SCALAR_STR, plain 0), numbers are SCALAR_INT
 * (no fraction or exponent) or SCALAR_FLOAT with their text as written, and
 * true, false and null are plain scalars. jansson parses and checks the text
 * and unescapes the strings; a walk over the same text in step with
 * jansson's values gives each node its 1-based line and column, which
 * jansson does not keep. Test-only.
 */
#ifndef NOTEBOOK_JSON_LOAD_H
#define NOTEBOOK_JSON_LOAD_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "util.h"

/* Where the walk is in the text jansson has already accepted. */
struct json_walk {
	const char *s;
	size_t len, i;
	int line, col;
	struct arena *a;
};

static void json_adv(struct json_walk *w)
{
	if (w->s[w->i] == '\n') {
		w->line++;
		w->col = 1;
	} else if (((unsigned char)w->s[w->i] & 0xc0) != 0x80) {
		w->col++;
	}
	w->i++;
}

static void json_ws(struct json_walk *w)
{
	while (w->i < w->len && strchr(" \t\r\n", w->s[w->i]) && w->s[w->i])
		json_adv(w);
}

static struct node *json_new(struct json_walk *w, enum node_kind kind)
{
	struct node *n = arena_alloc(w->a, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = w->line;
	n->col = w->col;
	return n;
}

/* Past a string literal, its escapes included (jansson has checked it). */
static void json_skip_string(struct json_walk *w)
{
	json_adv(w);
	while (w->s[w->i] != '"') {
		if (w->s[w->i] == '\\')
			json_adv(w);
		json_adv(w);
	}
	json_adv(w);
}

/* A string scalar of jansson's unescaped `v`, placed where the walk is. */
static struct node *json_string_node(struct json_walk *w, const char *s, size_t len)
{
	struct node *n = json_new(w, NODE_SCALAR);

	n->type = SCALAR_STR;
	n->str = arena_strndup(w->a, s, len);
	n->len = len;
	json_skip_string(w);
	return n;
}

/* A number, true, false or null: its text as written. */
static struct node *json_word(struct json_walk *w, json_t *v)
{
	struct node *n = json_new(w, NODE_SCALAR);
	size_t start = w->i;
	char *end;

	while (w->i < w->len && !strchr(" \t\r\n,]}", w->s[w->i]))
		json_adv(w);
	n->str = arena_strndup(w->a, w->s + start, w->i - start);
	n->len = w->i - start;
	n->plain = 1;
	if (json_is_boolean(v)) {
		n->type = SCALAR_BOOL;
		n->boolean = json_is_true(v);
	} else if (json_is_null(v)) {
		n->type = SCALAR_NULL;
	} else {
		n->num = strtod(n->str, &end);
		n->type = strpbrk(n->str, ".eE") ? SCALAR_FLOAT : SCALAR_INT;
		if (n->type == SCALAR_INT) {
			errno = 0;
			n->ival = strtoll(n->str, &end, 10);
			n->ival_ok = !errno;
		}
	}
	return n;
}

static struct node *json_node(struct json_walk *w, json_t *v);

static struct node *json_array_node(struct json_walk *w, json_t *v)
{
	struct node *n = json_new(w, NODE_SEQ);

	n->n = json_array_size(v);
	n->items = arena_alloc(w->a, (n->n ? n->n : 1) * sizeof(*n->items));
	json_adv(w);
	for (size_t k = 0; k < n->n; k++) {
		json_ws(w);
		n->items[k] = json_node(w, json_array_get(v, k));
		json_ws(w);
		json_adv(w); /* ',' or ']' */
	}
	if (!n->n) {
		json_ws(w);
		json_adv(w);
	}
	return n;
}

/* jansson keeps an object's members in the order of the text. */
static struct node *json_object_node(struct json_walk *w, json_t *v)
{
	struct node *n = json_new(w, NODE_MAP);
	void *it = json_object_iter(v);

	n->n = json_object_size(v);
	n->pairs = arena_alloc(w->a, (n->n ? n->n : 1) * sizeof(*n->pairs));
	json_adv(w);
	for (size_t k = 0; k < n->n; k++, it = json_object_iter_next(v, it)) {
		json_ws(w);
		n->pairs[k].key = json_string_node(w, json_object_iter_key(it),
						   json_object_iter_key_len(it));
		json_ws(w);
		json_adv(w); /* ':' */
		json_ws(w);
		n->pairs[k].value = json_node(w, json_object_iter_value(it));
		json_ws(w);
		json_adv(w); /* ',' or '}' */
	}
	if (!n->n) {
		json_ws(w);
		json_adv(w);
	}
	return n;
}

static struct node *json_node(struct json_walk *w, json_t *v)
{
	if (json_is_object(v))
		return json_object_node(w, v);
	if (json_is_array(v))
		return json_array_node(w, v);
	if (json_is_string(v))
		return json_string_node(w, json_string_value(v), json_string_length(v));
	return json_word(w, v);
}

/*
 * Parses `len` bytes of JSON into *out, all nodes in `a`. Returns 0, or -1
 * with "line:col: problem" in err. An object with a key twice is refused
 * (jansson would keep one of its values).
 */
static inline int json_load(const char *s, size_t len, struct arena *a, struct node **out,
			    char *err, size_t errlen)
{
	struct json_walk w = { s, len, 0, 1, 1, a };
	json_error_t e;
	json_t *v = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL |
			       JSON_REJECT_DUPLICATES, &e);

	*out = NULL;
	if (!v) {
		snprintf(err, errlen, "%d:%d: %.100s", e.line, e.column, e.text);
		return -1;
	}
	json_ws(&w);
	*out = json_node(&w, v);
	json_decref(v);
	return 0;
}

/* Reads a whole file into a malloc'd buffer; NULL when it cannot. */
static inline char *json_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

#endif
