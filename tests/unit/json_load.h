/*
 * A small JSON reader for the tests: JSON text into a node tree (node.h),
 * with JSON's own typing: strings are quoted scalars (SCALAR_STR, plain 0),
 * numbers are SCALAR_INT (no fraction or exponent) or SCALAR_FLOAT, and
 * true, false and null are plain scalars. \u escapes, surrogate pairs
 * included, become UTF-8. Lines and columns are 1-based. Test-only.
 */
#ifndef NOTEBOOK_JSON_LOAD_H
#define NOTEBOOK_JSON_LOAD_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "util.h"

struct json_reader {
	const char *s;
	size_t len, i;
	int line, col;
	struct arena *a;
	char err[160];
	int depth;
};

static void json_adv(struct json_reader *r)
{
	if (r->s[r->i] == '\n') {
		r->line++;
		r->col = 1;
	} else if (((unsigned char)r->s[r->i] & 0xc0) != 0x80) {
		r->col++;
	}
	r->i++;
}

static void json_ws(struct json_reader *r)
{
	while (r->i < r->len && strchr(" \t\r\n", r->s[r->i]) && r->s[r->i])
		json_adv(r);
}

static int json_fail(struct json_reader *r, const char *what)
{
	if (!r->err[0])
		snprintf(r->err, sizeof(r->err), "%d:%d: %s", r->line, r->col, what);
	return -1;
}

static struct node *json_new(struct json_reader *r, enum node_kind kind)
{
	struct node *n = arena_alloc(r->a, sizeof(*n));

	n->kind = kind;
	n->line = r->line;
	n->col = r->col;
	return n;
}

static int json_hex4(struct json_reader *r, unsigned *out)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		char c;
		if (r->i >= r->len)
			return json_fail(r, "short \\u escape");
		c = r->s[r->i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return json_fail(r, "bad \\u escape");
		json_adv(r);
	}
	*out = v;
	return 0;
}

static void json_put_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(b, (char)(0xc0 | cp >> 6));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addc(b, (char)(0xe0 | cp >> 12));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | cp >> 18));
		buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A string literal at r->i (the opening quote) into a scalar node. */
static struct node *json_string(struct json_reader *r)
{
	struct node *n = json_new(r, NODE_SCALAR);
	struct buf b = BUF_INIT;

	json_adv(r);
	for (;;) {
		char c;
		if (r->i >= r->len) {
			json_fail(r, "unterminated string");
			goto fail;
		}
		c = r->s[r->i];
		if (c == '"') {
			json_adv(r);
			break;
		}
		if ((unsigned char)c < 0x20) {
			json_fail(r, "control character in string");
			goto fail;
		}
		if (c != '\\') {
			buf_addc(&b, c);
			json_adv(r);
			continue;
		}
		json_adv(r);
		if (r->i >= r->len) {
			json_fail(r, "unterminated escape");
			goto fail;
		}
		c = r->s[r->i];
		json_adv(r);
		switch (c) {
		case '"': buf_addc(&b, '"'); break;
		case '\\': buf_addc(&b, '\\'); break;
		case '/': buf_addc(&b, '/'); break;
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'n': buf_addc(&b, '\n'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (json_hex4(r, &cp) < 0)
				goto fail;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (r->i + 1 >= r->len || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u') {
					json_fail(r, "lone high surrogate");
					goto fail;
				}
				json_adv(r);
				json_adv(r);
				if (json_hex4(r, &lo) < 0)
					goto fail;
				if (lo < 0xdc00 || lo > 0xdfff) {
					json_fail(r, "bad low surrogate");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				json_fail(r, "lone low surrogate");
				goto fail;
			}
			json_put_utf8(&b, cp);
			break;
		}
		default:
			json_fail(r, "bad escape");
			goto fail;
		}
	}
	n->type = SCALAR_STR;
	n->len = b.len;
	n->str = arena_strndup(r->a, buf_str(&b), b.len);
	buf_release(&b);
	return n;
fail:
	buf_release(&b);
	return NULL;
}

static struct node *json_number(struct json_reader *r)
{
	struct node *n = json_new(r, NODE_SCALAR);
	size_t start = r->i;
	int is_float = 0;
	char *text, *end;

	if (r->s[r->i] == '-')
		json_adv(r);
	if (r->i >= r->len || r->s[r->i] < '0' || r->s[r->i] > '9') {
		json_fail(r, "bad number");
		return NULL;
	}
	while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
		json_adv(r);
	if (r->i < r->len && r->s[r->i] == '.') {
		is_float = 1;
		json_adv(r);
		while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
			json_adv(r);
	}
	if (r->i < r->len && (r->s[r->i] == 'e' || r->s[r->i] == 'E')) {
		is_float = 1;
		json_adv(r);
		if (r->i < r->len && (r->s[r->i] == '+' || r->s[r->i] == '-'))
			json_adv(r);
		while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9')
			json_adv(r);
	}
	text = arena_strndup(r->a, r->s + start, r->i - start);
	n->str = text;
	n->len = r->i - start;
	n->plain = 1;
	n->num = strtod(text, &end);
	if (is_float) {
		n->type = SCALAR_FLOAT;
	} else {
		n->type = SCALAR_INT;
		errno = 0;
		n->ival = strtoll(text, &end, 10);
		n->ival_ok = !errno;
	}
	return n;
}

static struct node *json_value(struct json_reader *r);

static struct node *json_word(struct json_reader *r, const char *w, enum scalar_type t, int bval)
{
	struct node *n = json_new(r, NODE_SCALAR);
	size_t wl = strlen(w);

	if (r->len - r->i < wl || memcmp(r->s + r->i, w, wl)) {
		json_fail(r, "unexpected character");
		return NULL;
	}
	for (size_t k = 0; k < wl; k++)
		json_adv(r);
	n->type = t;
	n->boolean = bval;
	n->plain = 1;
	n->str = w;
	n->len = wl;
	return n;
}

static struct node *json_container(struct json_reader *r, int is_map)
{
	struct node *n = json_new(r, is_map ? NODE_MAP : NODE_SEQ);
	struct node **items = NULL;
	struct node_pair *pairs = NULL;
	size_t cnt = 0, alloc = 0;
	char close = is_map ? '}' : ']';

	if (++r->depth > 200) {
		json_fail(r, "nested too deeply");
		return NULL;
	}
	json_adv(r);
	json_ws(r);
	if (r->i < r->len && r->s[r->i] == close) {
		json_adv(r);
		goto done;
	}
	for (;;) {
		struct node *key = NULL, *val;
		json_ws(r);
		if (is_map) {
			if (r->i >= r->len || r->s[r->i] != '"') {
				json_fail(r, "expected a key");
				goto fail;
			}
			if (!(key = json_string(r)))
				goto fail;
			json_ws(r);
			if (r->i >= r->len || r->s[r->i] != ':') {
				json_fail(r, "expected ':'");
				goto fail;
			}
			json_adv(r);
		}
		if (!(val = json_value(r)))
			goto fail;
		if (is_map) {
			ALLOC_GROW(pairs, cnt + 1, alloc);
			pairs[cnt].key = key;
			pairs[cnt].value = val;
		} else {
			ALLOC_GROW(items, cnt + 1, alloc);
			items[cnt] = val;
		}
		cnt++;
		json_ws(r);
		if (r->i < r->len && r->s[r->i] == ',') {
			json_adv(r);
			continue;
		}
		if (r->i < r->len && r->s[r->i] == close) {
			json_adv(r);
			break;
		}
		json_fail(r, "expected ',' or a closing bracket");
		goto fail;
	}
done:
	n->n = cnt;
	if (is_map) {
		n->pairs = arena_alloc(r->a, (cnt ? cnt : 1) * sizeof(*pairs));
		if (cnt)
			memcpy(n->pairs, pairs, cnt * sizeof(*pairs));
	} else {
		n->items = arena_alloc(r->a, (cnt ? cnt : 1) * sizeof(*items));
		if (cnt)
			memcpy(n->items, items, cnt * sizeof(*items));
	}
	free(items);
	free(pairs);
	r->depth--;
	return n;
fail:
	free(items);
	free(pairs);
	return NULL;
}

static struct node *json_value(struct json_reader *r)
{
	json_ws(r);
	if (r->i >= r->len) {
		json_fail(r, "unexpected end of input");
		return NULL;
	}
	switch (r->s[r->i]) {
	case '{': return json_container(r, 1);
	case '[': return json_container(r, 0);
	case '"': return json_string(r);
	case 't': return json_word(r, "true", SCALAR_BOOL, 1);
	case 'f': return json_word(r, "false", SCALAR_BOOL, 0);
	case 'n': return json_word(r, "null", SCALAR_NULL, 0);
	}
	return json_number(r);
}

/*
 * Parses `len` bytes of JSON into *out, all nodes in `a`. Returns 0, or -1
 * with "line:col: problem" in err.
 */
static inline int json_load(const char *s, size_t len, struct arena *a, struct node **out,
			    char *err, size_t errlen)
{
	struct json_reader r = { s, len, 0, 1, 1, a, "", 0 };

	*out = json_value(&r);
	if (*out) {
		json_ws(&r);
		if (r.i != r.len) {
			json_fail(&r, "trailing characters");
			*out = NULL;
		}
	}
	if (!*out) {
		snprintf(err, errlen, "%s", r.err);
		return -1;
	}
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
