/*
 * The front-matter reader: our own checks on the raw bytes (size, NUL,
 * UTF-8, the '---' fences, tabs in indentation), then libyaml's event
 * parser building a node tree in the document's arena.
 *
 * Positions: lines and columns are 1-based and in the whole file; a column
 * counts characters (code points), as libyaml's marks do, after a leading
 * BOM. libyaml's marks are 0-based and count a lone CR, NEL, LS and PS as
 * line breaks where we count only LF, so a mark is converted through its
 * character index (mark.index) into the bytes we gave libyaml.
 */
#include "yaml.h"

#include <yaml_lib.h> /* libyaml's <yaml.h> */

#include <locale.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "frontmatter.h"
#include "room.h"
#include "text.h"
#include "util.h"

/* Values (scalars, sequences and mappings) one file may hold. */
#define MAX_NODES 100000

/* The text given to libyaml, and a cursor mapping its character indexes back to file positions. */
struct pos_map {
	const char *s;
	size_t len;
	int line0; /* file line of s[0]; s[0] is at column 1 */
	size_t ci, bi; /* the cursor: character index, byte offset */
	int line, col;
	int lf_only; /* no break but '\n': libyaml's own line and column are the file's */
};

struct frame {
	struct node *node;
	struct node **items; /* a mapping's keys and values alternate */
	size_t n, alloc;
};

struct reader {
	const char *path;
	const char *what; /* "front matter" or "this file", for messages */
	int want_map;
	struct diags *d;
	struct arena *arena;
	struct pos_map pm;
	struct frame *stack;
	size_t depth, stack_alloc;
	size_t nodes;
	int docs;
	struct node *root;
	int errors;
	int dups; /* duplicate keys: errors that leave the tree usable */
};

void yaml_doc_init(struct yaml_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
}

void yaml_doc_release(struct yaml_doc *doc)
{
	arena_release(&doc->arena);
	yaml_doc_init(doc);
}

const struct node *node_get(const struct node *map, const char *key)
{
	size_t klen;

	if (!map || map->kind != NODE_MAP || !key)
		return NULL;
	klen = strlen(key);
	for (size_t i = 0; i < map->n; i++) {
		const struct node *k = map->pairs[i].key;
		if (k->len == klen && !memcmp(k->str, key, klen))
			return map->pairs[i].value;
	}
	return NULL;
}

/* Length of the UTF-8 sequence led by `c` (the text is already valid). */
static size_t utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

/* The file position of byte `off` of `s` (which starts on `line0`, column 1). */
static void byte_pos(const char *s, size_t off, int line0, int *line, int *col)
{
	int l = line0, c = 1;
	size_t i = 0;

	while (i < off) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n') {
			l++;
			c = 1;
			i++;
		} else {
			c++;
			i += utf8_len(ch);
		}
	}
	*line = l;
	*col = c;
}

/*
 * Whether '\n' is the only line break in `s`. libyaml also breaks lines at
 * '\r', U+0085, U+2028 and U+2029, where the file's lines do not.
 */
static int lf_only(const char *s, size_t len)
{
	const char *end = s + len, *p;

	if (memchr(s, '\r', len))
		return 0;
	for (p = s; (p = memchr(p, 0xC2, (size_t)(end - p))) && p + 1 < end; p++)
		if ((unsigned char)p[1] == 0x85)
			return 0;
	for (p = s; (p = memchr(p, 0xE2, (size_t)(end - p))) && p + 2 < end; p++)
		if ((unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
			return 0;
	return 1;
}

static void pos_map_init(struct pos_map *pm, const char *s, size_t len, int line0)
{
	pm->s = s;
	pm->len = len;
	pm->line0 = line0;
	pm->ci = pm->bi = 0;
	pm->line = line0;
	pm->col = 1;
}

/*
 * The file position of libyaml's mark `m`: its own line and column when the
 * text breaks lines only at '\n', else counted from its character index.
 * Marks mostly come in increasing order, so the cursor moves forward; it
 * restarts when not.
 */
static void mark_pos(struct pos_map *pm, yaml_mark_t m, int *line, int *col)
{
	size_t index = m.index;

	if (pm->lf_only && m.line < (size_t)INT_MAX - (size_t)pm->line0 && m.column < INT_MAX) {
		*line = pm->line0 + (int)m.line;
		*col = (int)m.column + 1;
		return;
	}
	if (index < pm->ci)
		pos_map_init(pm, pm->s, pm->len, pm->line0);
	while (pm->ci < index && pm->bi < pm->len) {
		unsigned char ch = (unsigned char)pm->s[pm->bi];
		if (ch == '\n') {
			pm->line++;
			pm->col = 1;
			pm->bi++;
		} else {
			pm->col++;
			pm->bi += utf8_len(ch);
		}
		pm->ci++;
	}
	*line = pm->line;
	*col = pm->col;
}

static void error_at_mark(struct reader *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_at_mark(struct reader *r, yaml_mark_t m, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mark_pos(&r->pm, m, &line, &col);
	diags_add(r->d, r->path, line, col, SEV_ERROR, "%s", buf_str(&msg));
	buf_release(&msg);
	r->errors++;
}

/* libyaml's own error, with its problem text and position. */
static void parser_error(struct reader *r, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "cannot parse YAML";
	int line, col, cline, ccol;

	r->errors++;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diags_add(r->d, r->path, r->pm.line0, 1, SEV_ERROR, "out of memory while reading YAML");
		return;
	case YAML_READER_ERROR:
		/* The reader reports a byte offset, not a mark. */
		byte_pos(r->pm.s, p->problem_offset < r->pm.len ? p->problem_offset : r->pm.len,
			 r->pm.line0, &line, &col);
		diags_add(r->d, r->path, line, col, SEV_ERROR, "%s", problem);
		return;
	default:
		break;
	}
	mark_pos(&r->pm, p->problem_mark, &line, &col);
	if (p->context) {
		mark_pos(&r->pm, p->context_mark, &cline, &ccol);
		diags_add(r->d, r->path, line, col, SEV_ERROR, "%s (%s at line %d)", problem,
			  p->context, cline);
	} else {
		diags_add(r->d, r->path, line, col, SEV_ERROR, "%s", problem);
	}
}

/* Parses the digits of s[0..n) in `base` into *num and, when it fits, *ival. */
static int parse_digits(const char *s, size_t n, int base, int neg, struct node *v)
{
	uint64_t acc = 0;
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	double num = 0;
	int fits = 1;

	if (!n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int dig;
		char c = s[i];
		if (c >= '0' && c <= '9')
			dig = c - '0';
		else if (c >= 'a' && c <= 'f')
			dig = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			dig = c - 'A' + 10;
		else
			return -1;
		if (dig >= base)
			return -1;
		num = num * base + dig;
		if (fits && (acc > (limit - (uint64_t)dig) / (uint64_t)base))
			fits = 0;
		else if (fits)
			acc = acc * (uint64_t)base + (uint64_t)dig;
	}
	v->ival_ok = fits;
	if (fits)
		v->ival = neg ? (acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc) : (int64_t)acc;
	v->num = neg ? -num : num;
	return 0;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_core_float(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (!exp)
			return 0;
	}
	return i == n;
}

/* strtod in the C locale's notation whatever LC_NUMERIC says. */
static double c_strtod(const char *s, size_t n)
{
	char tmp[128];
	const char *dp = localeconv()->decimal_point;
	size_t dl = dp && *dp ? strlen(dp) : 1, j = 0;

	for (size_t i = 0; i < n && j + dl < sizeof(tmp) - 1; i++) {
		if (s[i] == '.' && dp && *dp) {
			memcpy(tmp + j, dp, dl);
			j += dl;
		} else {
			tmp[j++] = s[i];
		}
	}
	tmp[j] = '\0';
	return strtod(tmp, NULL);
}

static int word_in(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(*words, s, n))
			return 1;
	return 0;
}

/* Gives a plain scalar its YAML 1.2 core schema meaning. */
static void resolve_plain(struct node *v)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *s = v->str;
	size_t n = v->len;

	v->type = SCALAR_STR;
	/* Most values are words: only these first characters can mean more. */
	if (n && (!s[0] || !strchr("~nNtTfF0123456789+-.", s[0])))
		return;
	if (!n || word_in(s, n, nulls)) {
		v->type = SCALAR_NULL;
		return;
	}
	if (word_in(s, n, trues) || word_in(s, n, falses)) {
		v->type = SCALAR_BOOL;
		v->boolean = s[0] == 't' || s[0] == 'T';
		return;
	}
	if (n > 2 && s[0] == '0' && s[1] == 'o') {
		if (!parse_digits(s + 2, n - 2, 8, 0, v))
			v->type = SCALAR_INT;
		return;
	}
	if (n > 2 && s[0] == '0' && s[1] == 'x') {
		if (!parse_digits(s + 2, n - 2, 16, 0, v))
			v->type = SCALAR_INT;
		return;
	}
	{
		size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
		size_t j = i;
		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == n && j > i) {
			parse_digits(s + i, n - i, 10, s[0] == '-', v);
			v->num = c_strtod(s, n);
			v->type = SCALAR_INT;
			return;
		}
		if (word_in(s + i, n - i, infs)) {
			v->type = SCALAR_FLOAT;
			v->num = s[0] == '-' ? -INFINITY : INFINITY;
			return;
		}
	}
	if (word_in(s, n, nans)) {
		v->type = SCALAR_FLOAT;
		v->num = NAN;
		return;
	}
	if (is_core_float(s, n)) {
		v->type = SCALAR_FLOAT;
		v->num = c_strtod(s, n);
	}
}

static struct node *new_node(struct reader *r, enum node_kind kind, yaml_mark_t m)
{
	struct node *v;

	if (++r->nodes > MAX_NODES) {
		error_at_mark(r, m, "more than %d values in %s; split the data up", MAX_NODES, r->what);
		return NULL;
	}
	v = arena_alloc(r->arena, sizeof(*v));
	v->kind = kind;
	mark_pos(&r->pm, m, &v->line, &v->col);
	return v;
}

/*
 * Anchors, aliases and tags are refused: aliases would let a small file
 * expand without bound, and tags (!!str, !foo) would give a value a meaning
 * the schema does not ask for; quoting makes a value a string.
 */
static int refuse_extras(struct reader *r, const yaml_event_t *ev, const yaml_char_t *anchor,
			 const yaml_char_t *tag)
{
	if (anchor) {
		error_at_mark(r, ev->start_mark, "anchors and aliases are not allowed in %s", r->what);
		return -1;
	}
	if (tag) {
		const char *t = (const char *)tag;
		int core = !strncmp(t, "tag:yaml.org,2002:", 18);
		error_at_mark(r, ev->start_mark,
			      "tag '%s%s' is not allowed in %s; quote a value to make it a string",
			      core ? "!!" : "", core ? t + 18 : t, r->what);
		return -1;
	}
	return 0;
}

/* Checks that a node may stand where it starts: a key must be a scalar, the root a mapping. */
static int check_place(struct reader *r, const yaml_event_t *ev, enum node_kind kind)
{
	if (!r->depth) {
		if (r->root) {
			error_at_mark(r, ev->start_mark, "more than one YAML document in %s", r->what);
			return -1;
		}
		if (r->want_map && kind != NODE_MAP) {
			error_at_mark(r, ev->start_mark, "%s must be a mapping of keys to values",
				      strcmp(r->what, "front matter") ? "the file" : "front matter");
			return -1;
		}
		return 0;
	}
	{
		struct frame *f = &r->stack[r->depth - 1];
		if (f->node->kind == NODE_MAP && f->n % 2 == 0 && kind != NODE_SCALAR) {
			error_at_mark(r, ev->start_mark,
				      "a key must be a single value, not a %s",
				      kind == NODE_MAP ? "mapping" : "list");
			return -1;
		}
	}
	return 0;
}

/* Hands a finished node to its parent, or makes it the root. */
static void attach(struct reader *r, struct node *v)
{
	struct frame *f;

	if (!r->depth) {
		r->root = v;
		return;
	}
	f = &r->stack[r->depth - 1];
	ALLOC_GROW(f->items, f->n + 1, f->alloc);
	f->items[f->n++] = v;
}

static void push(struct reader *r, struct node *v)
{
	struct frame *f;

	if (r->depth == r->stack_alloc) {
		size_t old = r->stack_alloc;
		ALLOC_GROW(r->stack, r->depth + 1, r->stack_alloc);
		memset(r->stack + old, 0, (r->stack_alloc - old) * sizeof(*r->stack));
	}
	/* A frame keeps its item vector for the next collection at its depth. */
	f = &r->stack[r->depth++];
	f->node = v;
	f->n = 0;
}

struct key_ref {
	const struct node *key;
	size_t i;
};

static int key_ref_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
	int c = memcmp(a->key->str, b->key->str, n);

	if (c)
		return c;
	if (a->key->len != b->key->len)
		return a->key->len < b->key->len ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static int same_key(const struct node *a, const struct node *b)
{
	return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

static void duplicate(struct reader *r, const struct node *first, const struct node *again)
{
	struct buf k = BUF_INIT;

	buf_add(&k, "", 0); /* terminated even when the key is empty */
	buf_add_escaped(&k, again->str, again->len);
	diags_add(r->d, r->path, again->line, again->col, SEV_ERROR,
		  "duplicate key '%s' (first at line %d)", buf_str(&k), first->line);
	buf_release(&k);
	r->dups++;
}

/* Reports every key that repeats an earlier one of the same mapping. */
static void check_duplicates(struct reader *r, const struct node *map)
{
	size_t n = map->n;

	if (n <= 16) {
		for (size_t i = 1; i < n; i++) {
			for (size_t j = 0; j < i; j++) {
				if (same_key(map->pairs[j].key, map->pairs[i].key)) {
					duplicate(r, map->pairs[j].key, map->pairs[i].key);
					break;
				}
			}
		}
		return;
	}
	{
		struct key_ref *refs = xreallocarray(NULL, n, sizeof(*refs));
		size_t first = 0;

		for (size_t i = 0; i < n; i++) {
			refs[i].key = map->pairs[i].key;
			refs[i].i = i;
		}
		qsort(refs, n, sizeof(*refs), key_ref_cmp);
		for (size_t i = 1; i < n; i++) {
			if (same_key(refs[first].key, refs[i].key))
				duplicate(r, refs[first].key, refs[i].key);
			else
				first = i;
		}
		free(refs);
	}
}

/* Closes the innermost collection: its children move into the arena. */
static struct node *pop(struct reader *r)
{
	struct frame *f = &r->stack[--r->depth];
	struct node *v = f->node;

	if (v->kind == NODE_SEQ) {
		v->n = f->n;
		v->items = arena_alloc(r->arena, (f->n ? f->n : 1) * sizeof(*v->items));
		if (f->n)
			memcpy(v->items, f->items, f->n * sizeof(*v->items));
	} else {
		v->n = f->n / 2;
		v->pairs = arena_alloc(r->arena, (v->n ? v->n : 1) * sizeof(*v->pairs));
		for (size_t i = 0; i < v->n; i++) {
			v->pairs[i].key = f->items[2 * i];
			v->pairs[i].value = f->items[2 * i + 1];
		}
		check_duplicates(r, v);
	}
	f->node = NULL;
	f->n = 0;
	return v;
}

static struct node *scalar(struct reader *r, const yaml_event_t *ev)
{
	const char *val = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct node *v;

	if (memchr(val, '\0', len)) {
		error_at_mark(r, ev->start_mark, "a NUL character (U+0000) is not allowed in %s",
			      r->what);
		return NULL;
	}
	v = new_node(r, NODE_SCALAR, ev->start_mark);
	if (!v)
		return NULL;
	v->str = arena_strndup(r->arena, val, len);
	v->len = len;
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		v->plain = 1;
		resolve_plain(v);
	} else {
		v->type = SCALAR_STR;
	}
	return v;
}

/* One event; returns 1 at the end of the stream, 0 to go on, -1 to stop. */
static int on_event(struct reader *r, const yaml_event_t *ev)
{
	struct node *v;
	enum node_kind kind;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_NO_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++r->docs > 1) {
			error_at_mark(r, ev->start_mark, "more than one YAML document in %s", r->what);
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		error_at_mark(r, ev->start_mark, "anchors and aliases are not allowed in %s", r->what);
		return -1;
	case YAML_SCALAR_EVENT:
		if (refuse_extras(r, ev, ev->data.scalar.anchor, ev->data.scalar.tag) ||
		    check_place(r, ev, NODE_SCALAR))
			return -1;
		v = scalar(r, ev);
		if (!v)
			return -1;
		attach(r, v);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		kind = ev->type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ;
		if (kind == NODE_MAP ?
			    refuse_extras(r, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag) :
			    refuse_extras(r, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag))
			return -1;
		if (check_place(r, ev, kind))
			return -1;
		if (r->depth >= MAX_DEPTH) {
			/* Stop here: libyaml slows down quadratically on deep nesting. */
			error_at_mark(r, ev->start_mark, "values nested deeper than %d levels", MAX_DEPTH);
			return -1;
		}
		v = new_node(r, kind, ev->start_mark);
		if (!v)
			return -1;
		push(r, v);
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (!r->depth)
			return -1;
		v = pop(r);
		attach(r, v);
		return 0;
	}
	return 0;
}

/*
 * libyaml's allocator: the program's yaml_malloc(), yaml_realloc(),
 * yaml_free() and yaml_strdup() stand in for the library's (the shared
 * library calls them through the dynamic linker). libyaml allocates about
 * forty blocks and two 16-48 KiB buffers for every file it reads (README.md,
 * Dependencies), each freed before yaml_parser_delete() returns: while
 * parse_yaml() runs they come from a room on its stack (room.h); outside
 * it, and what does not fit, from the allocator, as the library's own
 * functions would have it.
 */
#define YAML_ROOM (128 * 1024)

void *yaml_malloc(size_t size);
void *yaml_realloc(void *ptr, size_t size);
void yaml_free(void *ptr);
yaml_char_t *yaml_strdup(const yaml_char_t *str);

void *yaml_malloc(size_t size)
{
	return room_malloc(size);
}

void *yaml_realloc(void *ptr, size_t size)
{
	return room_realloc(ptr, size);
}

void yaml_free(void *ptr)
{
	room_free(ptr);
}

yaml_char_t *yaml_strdup(const yaml_char_t *str)
{
	size_t n;
	yaml_char_t *p;

	if (!str)
		return NULL;
	n = strlen((const char *)str) + 1;
	p = room_malloc(n);
	if (p)
		memcpy(p, str, n);
	return p;
}

/* Runs libyaml over r->pm's text; 0 when no error was found. */
static int parse_yaml(struct reader *r)
{
	_Alignas(16) unsigned char room_bytes[YAML_ROOM];
	struct room room;
	yaml_parser_t parser;
	yaml_event_t ev;
	int ret = -1;

	/* libyaml's blocks in `room` until yaml_parser_delete() below */
	room_enter(&room, room_bytes, sizeof(room_bytes));
	if (!yaml_parser_initialize(&parser)) {
		room_leave(&room);
		diags_add(r->d, r->path, r->pm.line0, 1, SEV_ERROR, "out of memory while reading YAML");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)r->pm.s, r->pm.len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		int st;
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(r, &parser);
			goto out;
		}
		st = on_event(r, &ev);
		yaml_event_delete(&ev);
		if (st < 0)
			goto out;
		if (st > 0)
			break;
	}
	ret = r->errors ? -1 : 0;
out:
	yaml_parser_delete(&parser);
	room_leave(&room);
	for (size_t i = 0; i < r->stack_alloc; i++)
		free(r->stack[i].items);
	free(r->stack);
	r->stack = NULL;
	r->depth = r->stack_alloc = 0;
	return ret;
}

/* Checks every file gets: size, NUL bytes, UTF-8. Skips a BOM: *start is where the text begins. */
static int check_bytes(const char *path, const char *data, size_t len, size_t *start,
		       struct diags *d)
{
	const char *nul;
	size_t bad;
	int line, col;

	*start = 0;
	if (len > MAX_FILE_SIZE) {
		diags_add(d, path, 1, 1, SEV_ERROR,
			  "file is larger than 4 MiB (%zu bytes); notebook files are small text files",
			  len);
		return -1;
	}
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		*start = 3;
	nul = memchr(data + *start, '\0', len - *start);
	if (nul) {
		byte_pos(data + *start, (size_t)(nul - data) - *start, 1, &line, &col);
		diags_add(d, path, line, col, SEV_ERROR, "NUL byte in file; notebook files are UTF-8 text");
		return -1;
	}
	if (!utf8_valid(data + *start, len - *start, &bad)) {
		byte_pos(data + *start, bad, 1, &line, &col);
		diags_add(d, path, line, col, SEV_ERROR, "invalid UTF-8; notebook files are UTF-8 text");
		return -1;
	}
	return 0;
}

/*
 * YAML indents with spaces. A tab anywhere in a line's leading whitespace is
 * refused, before libyaml sees it: YAML would take a tab after a block
 * scalar's indentation as content, but front matter has no need of that and
 * the plain rule gives a clear message for the common mistake.
 */
static int check_tabs(const char *path, const char *s, size_t len, int line0, struct diags *d)
{
	size_t i = 0;
	int line = line0, ret = 0;

	while (i < len) {
		size_t j = i;
		int col = 1, tab_col = 0;
		while (j < len && (s[j] == ' ' || s[j] == '\t')) {
			if (s[j] == '\t' && !tab_col)
				tab_col = col;
			j++;
			col++;
		}
		if (tab_col && j < len && s[j] != '\n' && s[j] != '\r') {
			diags_add(d, path, line, tab_col, SEV_ERROR,
				  "tab in indentation; YAML indents with spaces");
			ret = -1;
		}
		while (j < len && s[j] != '\n')
			j++;
		i = j + 1;
		line++;
	}
	return ret;
}

static int read_yaml(struct reader *r, const char *text, size_t len, int line0,
		     struct yaml_doc *doc)
{
	int ret;

	r->arena = &doc->arena;
	pos_map_init(&r->pm, text, len, line0);
	r->pm.lf_only = lf_only(text, len);
	if (check_tabs(r->path, text, len, line0, r->d))
		return -1;
	ret = parse_yaml(r);
	if (ret)
		return -1;
	if (!r->root) {
		yaml_mark_t m = { 0, 0, 0 };
		r->root = new_node(r, r->want_map ? NODE_MAP : NODE_SCALAR, m);
		if (!r->root)
			return -1;
		if (r->root->kind == NODE_MAP) {
			r->root->pairs = arena_alloc(r->arena, sizeof(*r->root->pairs));
		} else {
			r->root->str = arena_strndup(r->arena, "", 0);
			r->root->type = SCALAR_NULL;
			r->root->plain = 1;
		}
	}
	doc->root = r->root;
	return r->dups ? -1 : 0;
}

int yaml_read_front_matter(const char *path, const char *data, size_t len,
			   struct yaml_doc *doc, struct diags *d)
{
	struct reader r = { 0 };
	struct fm_span fm;
	size_t start;

	r.path = path;
	r.what = "front matter";
	r.want_map = 1;
	r.d = d;
	doc->root = NULL;
	doc->body = NULL;
	doc->body_len = 0;
	if (!len) {
		diags_add(d, path, 1, 1, SEV_ERROR,
			  "empty file; a client or entry starts with a '---' line of front matter");
		return -1;
	}
	if (check_bytes(path, data, len, &start, d))
		return -1;
	switch (fm_split(data, len, &fm)) {
	case FM_OK:
		break;
	case FM_UNCLOSED:
		diags_add(d, path, 1, 1, SEV_ERROR,
			  "front matter opened here is never closed with '---'");
		return -1;
	default:
		diags_add(d, path, 1, 1, SEV_ERROR,
			  "no front matter; the file must start with a '---' line");
		return -1;
	}
	doc->fm_line = 2;
	doc->body = data + fm.body;
	doc->body_len = len - fm.body;
	doc->body_line = fm.body_line;
	return read_yaml(&r, data + fm.yaml, fm.close - fm.yaml, 2, doc);
}

int yaml_read_document(const char *path, const char *data, size_t len,
		       int want_map, struct yaml_doc *doc, struct diags *d)
{
	struct reader r = { 0 };
	size_t start = 0;

	r.path = path;
	r.what = "this file";
	r.want_map = want_map;
	r.d = d;
	doc->root = NULL;
	doc->body = NULL;
	doc->body_len = 0;
	doc->body_line = 0;
	doc->fm_line = 1;
	if (len && check_bytes(path, data, len, &start, d))
		return -1;
	return read_yaml(&r, data + start, len - start, 1, doc);
}

static int plain_ok(const char *s)
{
	static const char *const special[] = { "null", "true", "false", NULL };
	size_t n = strlen(s);

	if (!n || s[n - 1] == ' ')
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (size_t i = 0; special[i]; i++)
		if (!strcasecmp(s, special[i]))
			return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(" -_.,'&()/+", *p))
			continue;
		return 0;
	}
	return 1;
}

void buf_add_yaml_scalar(struct buf *b, const char *s)
{
	if (plain_ok(s)) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p == '\n') {
			buf_adds(b, "\\n");
		} else if (*p == '\t') {
			buf_adds(b, "\\t");
		} else if (*p < 0x20 || *p == 0x7f) {
			buf_printf(b, "\\x%02X", *p);
		} else {
			buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}
