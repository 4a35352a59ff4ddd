/*
 * Validating a node tree against a compiled schema, and wording what is
 * wrong (see the top of schema.c for the rules). Every function here takes
 * `d`: NULL asks only "is it valid?" and stops at the first failure, which
 * is what anyOf, oneOf, not and if need; otherwise every failure is
 * reported into `d`.
 */
#include "schema_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

/* How deep schemas may nest while checking one value ($ref cycles). */
#define MAX_SCHEMA_DEPTH 256
/* A description of what is allowed longer than this is not given (bytes). */
#define DESCRIBE_MAX 400
/* Values longer than this (in code points) are shortened in messages. */
#define SHOW_MAX 40

/*
 * A schema's work on one document is bounded: a result of validate() is
 * kept per (subschema, value, reporting or not) and reused, so $ref chains
 * that fan out (allOf: [{$ref: d1}, {$ref: d1}] at each level) cost one
 * check per subschema and value instead of 2^depth; and past MAX_STEPS
 * checks of one document it stops with a finding naming the schema.
 */
#define MAX_STEPS 1000000
/* An enum with more values than this gets no "did you mean". */
#define SUGGEST_MAX 1000

struct memo_slot {
	const struct sch *s;
	const struct node *n;
	unsigned char reported; /* computed with diagnostics */
	signed char result;
};

struct vctx {
	const char *path;
	unsigned flags;
	int depth;
	size_t steps;
	int over; /* MAX_STEPS reached: every check fails from then on */
	struct memo_slot *memo;
	size_t memo_n, memo_cap; /* used, allocated (a power of two) */
};

/* Where a value is in the document: a chain of keys and indices up to the root. */
struct vpath {
	const struct vpath *up;
	const char *key; /* NULL for an index */
	size_t idx;
	int is_key_name; /* the value is a key itself (propertyNames) */
};

static void report(const struct vctx *c, struct diags *d, const struct node *at,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(const struct vctx *c, struct diags *d, const struct node *at,
		   const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diags_add(d, c->path, at->line, at->col, SEV_ERROR, "%s", buf_str(&msg));
	buf_release(&msg);
}

static void add_path(struct buf *b, const struct vpath *p)
{
	if (!p || !p->up)
		return; /* the root has no name */
	add_path(b, p->up);
	if (p->is_key_name)
		return;
	if (p->key) {
		if (b->len)
			buf_addc(b, '.');
		buf_adds(b, p->key);
	} else {
		buf_printf(b, "[%zu]", p->idx);
	}
}

/* The path in words without quotes ("contacts[0].email"), or "" at the root. */
static char *path_text(const struct vpath *p)
{
	struct buf b = BUF_INIT;

	add_path(&b, p);
	return buf_detach(&b);
}

static int path_is_root(const struct vpath *p)
{
	return !p || !p->up;
}

/* "'contacts[0].email'", "the document", or "key 'x' in 'y'" for a key. */
static void add_subject(struct buf *b, const struct vpath *p, const struct node *n)
{
	char *t;

	if (p && p->is_key_name) {
		buf_printf(b, "key '%s'", n->str);
		if (!path_is_root(p->up)) {
			t = path_text(p->up);
			buf_printf(b, " in '%s'", t);
			free(t);
		}
		return;
	}
	if (path_is_root(p)) {
		buf_adds(b, "the document");
		return;
	}
	t = path_text(p);
	buf_printf(b, "'%s'", t);
	free(t);
}

/* " in 'contacts[0]'" after a message about a key of a nested mapping; nothing at the root. */
static void add_where(struct buf *b, const struct vpath *p)
{
	char *t;

	if (path_is_root(p))
		return;
	t = path_text(p);
	buf_printf(b, " in '%s'", t);
	free(t);
}

/* A scalar's text, shortened to SHOW_MAX code points. */
static void add_short(struct buf *b, const char *s, size_t len)
{
	size_t cps = 0, i;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++cps > SHOW_MAX)
			break;
	}
	buf_add(b, s, i);
	if (i < len)
		buf_adds(b, "…");
}

/* What the value is, after "not": "'kye'", "a list", "a mapping", "empty". */
static void add_value(struct buf *b, const struct node *n)
{
	if (n->kind == NODE_MAP) {
		buf_adds(b, "a mapping");
	} else if (n->kind == NODE_SEQ) {
		buf_adds(b, "a list");
	} else if (n->type == SCALAR_NULL && n->plain && !n->len) {
		buf_adds(b, "empty");
	} else {
		buf_addc(b, '\'');
		add_short(b, n->str, n->len);
		buf_addc(b, '\'');
	}
}

static unsigned node_types(const struct node *n, unsigned flags)
{
	unsigned t = 0;

	if (n->kind == NODE_MAP)
		return T_OBJ;
	if (n->kind == NODE_SEQ)
		return T_ARR;
	switch (n->type) {
	case SCALAR_NULL:
		return T_NULL;
	case SCALAR_BOOL:
		t = T_BOOL;
		break;
	case SCALAR_INT:
		t = T_INT | T_NUM;
		break;
	case SCALAR_FLOAT:
		t = T_NUM;
		if (isfinite(n->num) && n->num == floor(n->num))
			t |= T_INT;
		break;
	case SCALAR_STR:
		return T_STR;
	}
	if ((flags & SCHEMA_PLAIN_AS_STRING) && n->plain)
		t |= T_STR;
	return t;
}

static size_t code_points(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static void add_num(struct buf *b, double v)
{
	buf_printf(b, "%.15g", v);
}

/*
 * nearest_word(), and also a word with two neighbouring letters swapped
 * ("kye" for "key"), which plain edit distance counts as two edits.
 */
static const char *did_you_mean(const char *word, const char *const *cands)
{
	const char *near = nearest_word(word, cands);
	size_t len = strlen(word);

	/* Not when every letter differs ('x' for 'k'). */
	if (near) {
		size_t most = len > strlen(near) ? len : strlen(near);
		if (edit_distance(word, near, most) < most)
			return near;
	}
	for (; *cands; cands++) {
		const char *c = *cands;
		size_t i = 0;
		if (strlen(c) != len)
			continue;
		while (i < len && word[i] == c[i])
			i++;
		if (i + 1 < len && word[i] == c[i + 1] && word[i + 1] == c[i] &&
		    !strcmp(word + i + 2, c + i + 2))
			return c;
	}
	return NULL;
}

/* ---- equality and hashing (enum, const, uniqueItems) ---- */

static int scalar_is_num(const struct node *n)
{
	return n->type == SCALAR_INT || n->type == SCALAR_FLOAT;
}

int schema_node_equal(const struct node *a, const struct node *b, unsigned flags)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == NODE_SEQ) {
		if (a->n != b->n)
			return 0;
		for (size_t i = 0; i < a->n; i++)
			if (!schema_node_equal(a->items[i], b->items[i], flags))
				return 0;
		return 1;
	}
	if (a->kind == NODE_MAP) {
		if (a->n != b->n)
			return 0;
		for (size_t i = 0; i < a->n; i++) {
			const struct node *ka = a->pairs[i].key, *vb = NULL;
			for (size_t j = 0; j < b->n; j++) {
				const struct node *kb = b->pairs[j].key;
				if (ka->len == kb->len && !memcmp(ka->str, kb->str, ka->len)) {
					vb = b->pairs[j].value;
					break;
				}
			}
			if (!vb || !schema_node_equal(a->pairs[i].value, vb, flags))
				return 0;
		}
		return 1;
	}
	if (flags & SCHEMA_PLAIN_AS_STRING) {
		/* A plain 2024 equals the string "2024". */
		int as = a->type == SCALAR_STR, bs = b->type == SCALAR_STR;
		if (as != bs && ((as && b->plain && b->type != SCALAR_NULL) ||
				 (bs && a->plain && a->type != SCALAR_NULL)))
			return a->len == b->len && !memcmp(a->str, b->str, a->len);
	}
	if (scalar_is_num(a) && scalar_is_num(b)) {
		if (a->type == SCALAR_INT && b->type == SCALAR_INT && a->ival_ok && b->ival_ok)
			return a->ival == b->ival;
		return a->num == b->num;
	}
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case SCALAR_NULL:
		return 1;
	case SCALAR_BOOL:
		return a->boolean == b->boolean;
	default:
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	}
}

/* A hash that agrees with schema_node_equal() without the plain-as-string rule. */
static uint64_t node_hash(const struct node *n)
{
	uint64_t h = FNV_SEED ^ (uint64_t)n->kind;

	if (n->kind == NODE_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			uint64_t k = node_hash(n->items[i]);
			h = fnv_add(h, &k, sizeof(k));
		}
	} else if (n->kind == NODE_MAP) {
		uint64_t sum = 0;
		for (size_t i = 0; i < n->n; i++) {
			uint64_t k = fnv_add(FNV_SEED, n->pairs[i].key->str,
						n->pairs[i].key->len);
			k ^= node_hash(n->pairs[i].value) * 31;
			sum += k * 0x9e3779b97f4a7c15ull;
		}
		h = fnv_add(h, &sum, sizeof(sum));
	} else if (scalar_is_num(n)) {
		double v = n->num == 0 ? 0 : n->num;
		h = fnv_add(h ^ 0x77, &v, sizeof(v));
	} else {
		h = fnv_add(h ^ (uint64_t)n->type, n->str, n->len);
		if (n->type == SCALAR_BOOL)
			h ^= (uint64_t)n->boolean;
	}
	return h;
}

/* ---- describing what a schema wants ---- */

static int describe(const struct vctx *c, const struct sch *s, struct buf *b, int depth);

static void add_or_list(struct buf *b, char **parts, size_t n, const char *sep_last)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(b, i + 1 == n ? sep_last : ", ");
		buf_adds(b, parts[i]);
	}
}

static int describe_alternatives(const struct vctx *c, struct sch **list, size_t n,
				 struct buf *b, int depth)
{
	char **parts = xcalloc(n, sizeof(*parts));
	int ret = -1;
	size_t i, total = b->len;

	for (i = 0; i < n; i++) {
		struct buf one = BUF_INIT;
		if (describe(c, list[i], &one, depth + 1) < 0) {
			buf_release(&one);
			goto out;
		}
		total += one.len + 2;
		parts[i] = buf_detach(&one);
		/* Too long to read, and alternatives of alternatives multiply. */
		if (total > DESCRIBE_MAX)
			goto out;
	}
	add_or_list(b, parts, n, " or ");
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
	return ret;
}

static void describe_number(const struct sch *s, unsigned types, struct buf *b)
{
	int lower = s->numflags & (N_MIN | N_XMIN), upper = s->numflags & (N_MAX | N_XMAX);

	buf_adds(b, (types & T_INT) && !(types & T_NUM) ? "an integer" : "a number");
	if ((s->numflags & N_MIN) && (s->numflags & N_MAX)) {
		buf_adds(b, " from ");
		add_num(b, s->minimum);
		buf_adds(b, " to ");
		add_num(b, s->maximum);
	} else {
		if (s->numflags & N_XMIN) {
			buf_adds(b, " greater than ");
			add_num(b, s->xminimum);
		} else if (s->numflags & N_MIN) {
			buf_adds(b, " of ");
			add_num(b, s->minimum);
			buf_adds(b, " or more");
		}
		if (lower && upper)
			buf_adds(b, " and");
		if (s->numflags & N_XMAX) {
			buf_adds(b, " less than ");
			add_num(b, s->xmaximum);
		} else if (s->numflags & N_MAX) {
			buf_adds(b, " of ");
			add_num(b, s->maximum);
			buf_adds(b, " or less");
		}
	}
	if (s->numflags & N_MULT) {
		buf_adds(b, ", a multiple of ");
		add_num(b, s->multiple);
	}
}

static void describe_string(const struct sch *s, struct buf *b)
{
	if (s->format == FMT_DATE) {
		buf_adds(b, "a date (YYYY-MM-DD)");
		return;
	}
	if (s->format == FMT_DATETIME) {
		buf_adds(b, "an RFC 3339 date-time");
		return;
	}
	if (s->min_len == 1 && s->max_len < 0)
		buf_adds(b, "a non-empty string");
	else
		buf_adds(b, "a string");
	if (s->min_len > 1 && s->max_len >= 0)
		buf_printf(b, " of %lld to %lld characters", s->min_len, s->max_len);
	else if (s->min_len > 1)
		buf_printf(b, " of at least %lld characters", s->min_len);
	else if (s->max_len >= 0)
		buf_printf(b, " of at most %lld characters", s->max_len);
	if (s->pattern_src)
		buf_printf(b, " matching '%s'", s->pattern_src);
}

/* "strings" for a list whose items have one simple type, else NULL. */
static const char *plural_items(const struct sch *items)
{
	if (!items || items->boolean >= 0 || items->xmsg || items->has_enum)
		return NULL;
	switch (items->types) {
	case T_STR: return items->format == FMT_DATE ? "dates" : "strings";
	case T_INT: return "integers";
	case T_NUM: return "numbers";
	case T_INT | T_NUM: return "numbers";
	case T_BOOL: return "booleans";
	case T_OBJ: return "mappings";
	case T_ARR: return "lists";
	}
	return NULL;
}

static int describe_types(const struct sch *s, unsigned types, struct buf *b)
{
	char *parts[7];
	size_t n = 0;

	if (types & T_STR) {
		struct buf p = BUF_INIT;
		describe_string(s, &p);
		parts[n++] = buf_detach(&p);
	}
	if (types & (T_INT | T_NUM)) {
		struct buf p = BUF_INIT;
		describe_number(s, types, &p);
		parts[n++] = buf_detach(&p);
	}
	if (types & T_BOOL)
		parts[n++] = xstrdup("true or false");
	if (types & T_ARR) {
		const char *items = plural_items(s->items);
		parts[n++] = items ? xasprintf("a list of %s", items) : xstrdup("a list");
	}
	if (types & T_OBJ)
		parts[n++] = xstrdup("a mapping");
	if (types & T_NULL)
		parts[n++] = xstrdup("empty");
	add_or_list(b, parts, n, " or ");
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}

static int describe_enum(const struct sch *s, struct buf *b)
{
	if (!s->nenum || s->nenum > 12)
		return -1;
	for (size_t i = 0; i < s->nenum; i++)
		if (s->enums[i]->kind != NODE_SCALAR)
			return -1;
	if (s->nenum == 1) {
		buf_printf(b, "'%s'", s->enums[0]->str);
		return 0;
	}
	buf_adds(b, "one of ");
	for (size_t i = 0; i < s->nenum; i++) {
		if (i)
			buf_adds(b, ", ");
		add_short(b, s->enums[i]->str, s->enums[i]->len);
	}
	return 0;
}

/* A noun phrase for what `s` accepts ("an integer from 1 to 5"), or -1 when it has none. */
static int describe(const struct vctx *c, const struct sch *s, struct buf *b, int depth)
{
	if (depth > 8 || s->boolean >= 0)
		return -1;
	if (s->xmsg) {
		buf_adds(b, s->xmsg);
		return 0;
	}
	if (s->has_enum)
		return describe_enum(s, b);
	if (s->has_const) {
		if (s->cnst->kind != NODE_SCALAR)
			return -1;
		buf_printf(b, "'%s'", s->cnst->str);
		return 0;
	}
	if (s->format != FMT_NONE && (!s->types || s->types == T_STR)) {
		describe_string(s, b);
		return 0;
	}
	if (s->nany && !describe_alternatives(c, s->any, s->nany, b, depth))
		return 0;
	if (s->none && !describe_alternatives(c, s->one, s->none, b, depth))
		return 0;
	if (s->types)
		return describe_types(s, s->types, b);
	if (s->ref)
		return describe(c, s->ref, b, depth + 1);
	if (s->nall == 1)
		return describe(c, s->all[0], b, depth + 1);
	if (s->numflags)
		return describe_types(s, T_NUM, b);
	if (s->pattern_src || s->min_len >= 0 || s->max_len >= 0)
		return describe_types(s, T_STR, b);
	return -1;
}

/* "<subject> must be <what s accepts>, not <value>"; `fallback` when it cannot be put in words. */
static void must_be(const struct vctx *c, struct diags *d, const struct sch *s,
		    const struct node *n, const struct vpath *p, const char *fallback)
{
	struct buf m = BUF_INIT;

	add_subject(&m, p, n);
	buf_adds(&m, " must be ");
	if (describe(c, s, &m, 0) < 0)
		buf_adds(&m, fallback);
	buf_adds(&m, ", not ");
	add_value(&m, n);
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
}

/* ---- the keywords ---- */

static int validate(struct vctx *c, const struct sch *s, const struct node *n,
		    const struct vpath *p, struct diags *d);

/* A quoted "3" where a number was wanted: the fix is to drop the quotes. */
static int quoted_would_fit(const struct node *n, unsigned types)
{
	char *end;

	if (n->kind != NODE_SCALAR || n->type != SCALAR_STR || n->plain || !n->len)
		return 0;
	if ((types & T_BOOL) && (!strcmp(n->str, "true") || !strcmp(n->str, "false")))
		return 1;
	if (types & (T_INT | T_NUM)) {
		double v = strtod(n->str, &end);
		if (*end || end == n->str || !isfinite(v))
			return 0;
		return (types & T_NUM) || v == floor(v);
	}
	return 0;
}

static int check_type(struct vctx *c, const struct sch *s, const struct node *n,
		      const struct vpath *p, struct diags *d)
{
	struct buf m = BUF_INIT;

	if (!s->types || (node_types(n, c->flags) & s->types))
		return 0;
	if (!d)
		return -1;
	add_subject(&m, p, n);
	buf_adds(&m, " must be ");
	if (describe(c, s, &m, 0) < 0)
		describe_types(s, s->types, &m);
	buf_adds(&m, ", not ");
	add_value(&m, n);
	if (quoted_would_fit(n, s->types))
		buf_adds(&m, "; remove the quotes");
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
	return -1;
}

static int check_enum(struct vctx *c, const struct sch *s, const struct node *n,
		      const struct vpath *p, struct diags *d)
{
	const char **cands;
	const char *near = NULL;
	size_t k = 0;
	struct buf m = BUF_INIT;

	/* A long enum is work too: 64 values scanned count as one step. */
	c->steps += s->nenum / 64;
	if (c->steps > MAX_STEPS) {
		c->over = 1;
		return -1;
	}
	for (size_t i = 0; i < s->nenum; i++)
		if (schema_node_equal(n, s->enums[i], c->flags))
			return 0;
	if (!d)
		return -1;
	if (n->kind == NODE_SCALAR && (node_types(n, c->flags) & T_STR)) {
		cands = xcalloc(s->nenum + 1, sizeof(*cands));
		/* no "did you mean" among thousands: an edit distance to each is too much */
		for (size_t i = 0; i < s->nenum && s->nenum <= SUGGEST_MAX; i++)
			if (s->enums[i]->kind == NODE_SCALAR && s->enums[i]->type == SCALAR_STR)
				cands[k++] = s->enums[i]->str;
		near = did_you_mean(n->str, cands);
		add_subject(&m, p, n);
		buf_adds(&m, " must be ");
		if (describe(c, s, &m, 0) < 0)
			buf_adds(&m, "one of the allowed values");
		buf_adds(&m, ", not ");
		add_value(&m, n);
		if (near)
			buf_printf(&m, " (did you mean '%s'?)", near);
		report(c, d, n, "%s", buf_str(&m));
		free(cands);
		buf_release(&m);
	} else {
		must_be(c, d, s, n, p, "one of the allowed values");
	}
	return -1;
}

static int check_number(struct vctx *c, const struct sch *s, const struct node *n,
			const struct vpath *p, struct diags *d)
{
	double v = n->num;
	int ok = 1;

	if (!s->numflags || n->kind != NODE_SCALAR || !scalar_is_num(n))
		return 0;
	if ((s->numflags & N_MIN) && !(v >= s->minimum))
		ok = 0;
	if ((s->numflags & N_MAX) && !(v <= s->maximum))
		ok = 0;
	if ((s->numflags & N_XMIN) && !(v > s->xminimum))
		ok = 0;
	if ((s->numflags & N_XMAX) && !(v < s->xmaximum))
		ok = 0;
	if (ok && (s->numflags & N_MULT)) {
		double m = s->multiple;
		if (n->type == SCALAR_INT && n->ival_ok && m == floor(m) && m < 9007199254740992.0) {
			ok = n->ival % (int64_t)m == 0;
		} else {
			double q = v / m;
			ok = isfinite(q) && fabs(q - nearbyint(q)) <= 1e-9 * fmax(1.0, fabs(q));
		}
		if (!ok) {
			struct buf b = BUF_INIT;
			if (d) {
				add_subject(&b, p, n);
				buf_adds(&b, " must be a multiple of ");
				add_num(&b, m);
				buf_adds(&b, ", not ");
				add_value(&b, n);
				report(c, d, n, "%s", buf_str(&b));
				buf_release(&b);
			}
			return -1;
		}
	}
	if (ok)
		return 0;
	if (d)
		must_be(c, d, s, n, p, "a number in range");
	return -1;
}

/*
 * A schema pattern against a string, on the fast path when it has one. A
 * match that runs out of PCRE2's limits counts as no match: the value is
 * refused rather than checked for ever.
 */
static int pattern_matches(const struct sch_regex *re, const struct sch_fast *fast,
			   const char *str, size_t len)
{
	return fast ? schema_fast_match(fast, str) : schema_regex_match(re, str, len) == 1;
}

static int check_string(struct vctx *c, const struct sch *s, const struct node *n,
			const struct vpath *p, struct diags *d)
{
	size_t cps;
	day_t day;
	int64_t epoch;
	struct buf m = BUF_INIT;

	if (n->kind != NODE_SCALAR || !(node_types(n, c->flags) & T_STR))
		return 0;
	if (s->format == FMT_DATE && date_parse(n->str, n->len, &day) < 0)
		goto bad;
	if (s->format == FMT_DATETIME && datetime_parse(n->str, n->len, &epoch) < 0)
		goto bad;
	if (s->pattern && !pattern_matches(s->pattern, s->pattern_fast, n->str, n->len))
		goto bad;
	if (s->min_len < 0 && s->max_len < 0)
		return 0;
	cps = code_points(n->str, n->len);
	if (s->min_len >= 0 && cps < (unsigned long long)s->min_len) {
		if (!d)
			return -1;
		add_subject(&m, p, n);
		if (s->min_len == 1)
			buf_adds(&m, " must not be empty");
		else
			buf_printf(&m, " must be at least %lld characters long, not %zu", s->min_len, cps);
		goto report;
	}
	if (s->max_len >= 0 && cps > (unsigned long long)s->max_len) {
		if (!d)
			return -1;
		add_subject(&m, p, n);
		buf_printf(&m, " must be at most %lld character%s long, not %zu", s->max_len,
			   s->max_len == 1 ? "" : "s", cps);
		goto report;
	}
	return 0;
bad:
	if (d)
		must_be(c, d, s, n, p, "a string in the expected form");
	return -1;
report:
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
	return -1;
}

struct hashed_item {
	uint64_t hash;
	size_t i;
};

static int hashed_item_cmp(const void *pa, const void *pb)
{
	const struct hashed_item *a = pa, *b = pb;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* Reports items equal to an earlier one; hashing keeps long lists linear-ish. */
static int check_unique(struct vctx *c, const struct node *n, const struct vpath *p,
			struct diags *d)
{
	size_t cnt = n->n, i, j;
	struct hashed_item *order = NULL;
	char *dup_of = NULL;
	int ret = 0;

	if (cnt < 2)
		return 0;
	order = xreallocarray(NULL, cnt, sizeof(*order));
	dup_of = xcalloc(cnt, 1);
	for (i = 0; i < cnt; i++) {
		order[i].hash = node_hash(n->items[i]);
		order[i].i = i;
	}
	qsort(order, cnt, sizeof(*order), hashed_item_cmp);
	for (i = 0; i < cnt; i = j) {
		for (j = i + 1; j < cnt && order[j].hash == order[i].hash; j++)
			;
		for (size_t a = i; a < j; a++) {
			if (dup_of[order[a].i])
				continue;
			for (size_t b = a + 1; b < j; b++) {
				const struct node *x = n->items[order[a].i], *y = n->items[order[b].i];
				struct buf m = BUF_INIT;
				char *where;
				if (dup_of[order[b].i] || !schema_node_equal(x, y, 0))
					continue;
				dup_of[order[b].i] = 1;
				ret = -1;
				if (!d)
					goto out;
				where = path_text(p);
				buf_adds(&m, "duplicate ");
				if (y->kind == NODE_SCALAR) {
					add_value(&m, y);
					buf_adds(&m, " ");
				} else {
					buf_adds(&m, "item ");
				}
				if (*where)
					buf_printf(&m, "in '%s' (also at %s[%zu])", where, where,
						   order[a].i);
				else
					buf_printf(&m, "in the list (also at [%zu])", order[a].i);
				buf_adds(&m, "; each item must be unique");
				report(c, d, y, "%s", buf_str(&m));
				buf_release(&m);
				free(where);
			}
		}
	}
out:
	free(order);
	free(dup_of);
	return ret;
}

static int check_array(struct vctx *c, const struct sch *s, const struct node *n,
		       const struct vpath *p, struct diags *d)
{
	int ret = 0;
	struct buf m = BUF_INIT;

	if (n->kind != NODE_SEQ)
		return 0;
	if (s->min_items >= 0 && n->n < (unsigned long long)s->min_items) {
		if (!d)
			return -1;
		add_subject(&m, p, n);
		buf_printf(&m, " must have at least %lld item%s", s->min_items,
			   s->min_items == 1 ? "" : "s");
		if (n->n)
			buf_printf(&m, ", not %zu", n->n);
		report(c, d, n, "%s", buf_str(&m));
		buf_reset(&m);
		ret = -1;
	}
	if (s->max_items >= 0 && n->n > (unsigned long long)s->max_items) {
		if (!d)
			return -1;
		add_subject(&m, p, n);
		buf_printf(&m, " must have at most %lld item%s, not %zu", s->max_items,
			   s->max_items == 1 ? "" : "s", n->n);
		report(c, d, n, "%s", buf_str(&m));
		buf_reset(&m);
		ret = -1;
	}
	buf_release(&m);
	for (size_t i = 0; i < n->n; i++) {
		struct vpath ip = { p, NULL, i, 0 };
		const struct sch *is = i < s->nprefix ? s->prefix[i] : s->items;
		if (!is)
			continue;
		if (is->boolean == 0 && i >= s->nprefix) {
			/* "items: false": no more items than prefixItems names. */
			if (!d)
				return -1;
			add_subject(&m, p, n);
			buf_printf(&m, " must have at most %zu item%s, not %zu", s->nprefix,
				   s->nprefix == 1 ? "" : "s", n->n);
			report(c, d, n->items[i], "%s", buf_str(&m));
			buf_release(&m);
			ret = -1;
			break;
		}
		if (validate(c, is, n->items[i], &ip, d) < 0) {
			ret = -1;
			if (!d)
				return -1;
		}
	}
	if (s->unique && check_unique(c, n, p, d) < 0)
		ret = -1;
	return ret;
}

static const struct node *map_find(const struct node *map, const char *key, size_t len,
				   const struct node **keynode)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct node *k = map->pairs[i].key;
		if (k->len == len && !memcmp(k->str, key, len)) {
			if (keynode)
				*keynode = k;
			return map->pairs[i].value;
		}
	}
	return NULL;
}

static void unknown_key(struct vctx *c, const struct sch *s, const struct node *key,
			const struct vpath *p, struct diags *d)
{
	const char **cands = xcalloc(s->nprops + 1, sizeof(*cands));
	const char *near;
	struct buf m = BUF_INIT;

	for (size_t i = 0; i < s->nprops; i++)
		cands[i] = s->props[i].name;
	near = did_you_mean(key->str, cands);
	buf_printf(&m, "unknown key '%s'", key->str);
	add_where(&m, p);
	if (near)
		buf_printf(&m, " (did you mean '%s'?)", near);
	report(c, d, key, "%s", buf_str(&m));
	buf_release(&m);
	free(cands);
}

static int check_object(struct vctx *c, const struct sch *s, const struct node *n,
			const struct vpath *p, struct diags *d)
{
	int ret = 0;

	if (n->kind != NODE_MAP)
		return 0;
	for (size_t i = 0; i < s->nrequired; i++) {
		if (map_find(n, s->required[i], s->required_len[i], NULL))
			continue;
		ret = -1;
		if (!d)
			return -1;
		struct buf m = BUF_INIT;
		buf_printf(&m, "missing required key '%s'", s->required[i]);
		add_where(&m, p);
		report(c, d, n, "%s", buf_str(&m));
		buf_release(&m);
	}
	for (size_t i = 0; i < s->ndeps; i++) {
		const struct sch_dep *dep = &s->deps[i];
		const struct node *trigger = NULL;
		if (!map_find(n, dep->name, dep->len, &trigger))
			continue;
		for (size_t k = 0; k < dep->n; k++) {
			if (map_find(n, dep->names[k], dep->lens[k], NULL))
				continue;
			ret = -1;
			if (!d)
				return -1;
			struct buf m = BUF_INIT;
			buf_printf(&m, "missing key '%s', required when '%s' is set", dep->names[k],
				   dep->name);
			add_where(&m, p);
			report(c, d, n, "%s", buf_str(&m));
			buf_release(&m);
		}
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct node *key = n->pairs[i].key, *val = n->pairs[i].value;
		struct vpath kp = { p, key->str, 0, 0 };
		int known = 0;

		if (s->propnames) {
			struct vpath np = { p, key->str, 0, 1 };
			if (validate(c, s->propnames, key, &np, d) < 0) {
				ret = -1;
				if (!d)
					return -1;
			}
		}
		for (size_t k = 0; k < s->nprops; k++) {
			if (s->props[k].len != key->len || memcmp(s->props[k].name, key->str, key->len))
				continue;
			known = 1;
			if (validate(c, s->props[k].s, val, &kp, d) < 0) {
				ret = -1;
				if (!d)
					return -1;
			}
		}
		for (size_t k = 0; k < s->npprops; k++) {
			if (!pattern_matches(s->pprops[k].re, s->pprops[k].fast, key->str, key->len))
				continue;
			known = 1;
			if (validate(c, s->pprops[k].s, val, &kp, d) < 0) {
				ret = -1;
				if (!d)
					return -1;
			}
		}
		if (known || !s->addl)
			continue;
		if (s->addl->boolean == 0) {
			ret = -1;
			if (!d)
				return -1;
			unknown_key(c, s, key, p, d);
		} else if (validate(c, s->addl, val, &kp, d) < 0) {
			ret = -1;
			if (!d)
				return -1;
		}
	}
	return ret;
}

/* ---- combinators ---- */

static int only_required(const struct sch *s)
{
	return s->boolean < 0 && s->nrequired && !s->types && !s->xmsg && !s->has_enum &&
	       !s->has_const && !s->nprops && !s->npprops && !s->addl && !s->ndeps &&
	       !s->propnames && !s->nprefix && !s->items && s->min_items < 0 &&
	       s->max_items < 0 && !s->unique && s->min_len < 0 && s->max_len < 0 &&
	       !s->pattern && s->format == FMT_NONE && !s->numflags && !s->nall && !s->nany &&
	       !s->none && !s->not_ && !s->if_ && !s->ref;
}

static int all_single_required(struct sch **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!only_required(list[i]) || list[i]->nrequired != 1)
			return 0;
	return 1;
}

/* The types a schema can accept at all, looking through $ref; all of them when it does not say. */
static unsigned accepted_types(const struct sch *s, int depth)
{
	const unsigned all = T_NULL | T_BOOL | T_INT | T_NUM | T_STR | T_ARR | T_OBJ;

	if (s->boolean == 0)
		return 0;
	if (s->boolean == 1 || depth > 8)
		return all;
	if (s->types)
		return s->types & (s->ref ? accepted_types(s->ref, depth + 1) : all);
	if (s->ref)
		return accepted_types(s->ref, depth + 1);
	return all;
}

/* anyOf, or oneOf with no match: say what the alternatives wanted. */
static void report_no_match(struct vctx *c, struct sch **list, size_t cnt, const struct node *n,
			    const struct vpath *p, struct diags *d)
{
	unsigned have = node_types(n, c->flags);
	size_t fit = 0, fit_i = 0;
	struct buf m = BUF_INIT;

	if (n->kind == NODE_MAP && all_single_required(list, cnt)) {
		char **names = xcalloc(cnt, sizeof(*names));
		buf_adds(&m, "missing required key ");
		for (size_t i = 0; i < cnt; i++)
			names[i] = xasprintf("'%s'", list[i]->required[0]);
		add_or_list(&m, names, cnt, " or ");
		add_where(&m, p);
		for (size_t i = 0; i < cnt; i++)
			free(names[i]);
		free(names);
		goto report;
	}
	for (size_t i = 0; i < cnt; i++) {
		if (accepted_types(list[i], 0) & have) {
			fit++;
			fit_i = i;
		}
	}
	if (fit == 1 && cnt > 1) {
		/* Only one alternative is of the right kind: its own findings say most. */
		validate(c, list[fit_i], n, p, d);
		return;
	}
	add_subject(&m, p, n);
	buf_adds(&m, " must be ");
	if (describe_alternatives(c, list, cnt, &m, 0) < 0) {
		buf_reset(&m);
		add_subject(&m, p, n);
		buf_printf(&m, " matches none of the %zu allowed forms", cnt);
		report(c, d, n, "%s", buf_str(&m));
		buf_release(&m);
		return;
	}
	buf_adds(&m, ", not ");
	add_value(&m, n);
report:
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
}

static int check_any(struct vctx *c, const struct sch *s, const struct node *n,
		     const struct vpath *p, struct diags *d)
{
	for (size_t i = 0; i < s->nany; i++)
		if (validate(c, s->any[i], n, p, NULL) == 0)
			return 0;
	if (d)
		report_no_match(c, s->any, s->nany, n, p, d);
	return -1;
}

static int check_one(struct vctx *c, const struct sch *s, const struct node *n,
		     const struct vpath *p, struct diags *d)
{
	size_t matched = 0, first = 0, second = 0;
	struct buf m = BUF_INIT;

	for (size_t i = 0; i < s->none; i++) {
		if (validate(c, s->one[i], n, p, NULL) == 0) {
			if (!matched)
				first = i;
			else if (matched == 1)
				second = i;
			matched++;
		}
	}
	if (matched == 1)
		return 0;
	if (!d)
		return -1;
	if (!matched) {
		report_no_match(c, s->one, s->none, n, p, d);
		return -1;
	}
	if (n->kind == NODE_MAP && all_single_required(s->one, s->none)) {
		const struct node *k1 = NULL, *k2 = NULL;
		const struct sch *a = s->one[first], *b = s->one[second];
		map_find(n, a->required[0], a->required_len[0], &k1);
		map_find(n, b->required[0], b->required_len[0], &k2);
		buf_printf(&m, "only one of '%s' and '%s' may be set", a->required[0], b->required[0]);
		add_where(&m, p);
		report(c, d, k1 && k2 && (k2->line > k1->line || (k2->line == k1->line && k2->col > k1->col)) ? k2 : k1,
		       "%s", buf_str(&m));
		buf_release(&m);
		return -1;
	}
	add_subject(&m, p, n);
	buf_adds(&m, " must match exactly one of ");
	if (describe_alternatives(c, s->one, s->none, &m, 0) < 0) {
		buf_reset(&m);
		add_subject(&m, p, n);
		buf_printf(&m, " must match exactly one of %zu alternatives", s->none);
	}
	buf_printf(&m, ", but it matches %zu of them", matched);
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
	return -1;
}

static int check_not(struct vctx *c, const struct sch *s, const struct node *n,
		     const struct vpath *p, struct diags *d)
{
	struct buf m = BUF_INIT;

	if (validate(c, s->not_, n, p, NULL) < 0)
		return 0;
	if (!d)
		return -1;
	add_subject(&m, p, n);
	if (only_required(s->not_) && s->not_->nrequired == 1) {
		buf_reset(&m);
		buf_printf(&m, "key '%s' is not allowed", s->not_->required[0]);
		add_where(&m, p);
	} else {
		buf_adds(&m, " must not be ");
		if (describe(c, s->not_, &m, 0) < 0) {
			buf_reset(&m);
			add_subject(&m, p, n);
			buf_adds(&m, " is not allowed here");
		}
	}
	report(c, d, n, "%s", buf_str(&m));
	buf_release(&m);
	return -1;
}

/* Every keyword of `s` but x-message. */
static int check_all(struct vctx *c, const struct sch *s, const struct node *n,
		     const struct vpath *p, struct diags *d)
{
	int ret = 0;

#define STEP(call)                    \
	do {                          \
		if ((call) < 0) {     \
			ret = -1;     \
			if (!d)       \
				return -1; \
		}                     \
	} while (0)

	/* The value's own form: one message at most, the first that fails. */
	if (check_type(c, s, n, p, d) < 0)
		return -1;
	if (s->has_enum && check_enum(c, s, n, p, d) < 0) {
		ret = -1;
	} else if (s->has_const && !schema_node_equal(n, s->cnst, c->flags)) {
		if (d)
			must_be(c, d, s, n, p, "the one allowed value");
		ret = -1;
	} else if (check_number(c, s, n, p, d) < 0 || check_string(c, s, n, p, d) < 0) {
		ret = -1;
	}
	if (ret && !d)
		return -1;
	STEP(check_array(c, s, n, p, d));
	STEP(check_object(c, s, n, p, d));
	if (s->ref)
		STEP(validate(c, s->ref, n, p, d));
	for (size_t i = 0; i < s->nall; i++)
		STEP(validate(c, s->all[i], n, p, d));
	if (s->nany)
		STEP(check_any(c, s, n, p, d));
	if (s->none)
		STEP(check_one(c, s, n, p, d));
	if (s->not_)
		STEP(check_not(c, s, n, p, d));
	if (s->if_) {
		if (validate(c, s->if_, n, p, NULL) == 0) {
			if (s->then_)
				STEP(validate(c, s->then_, n, p, d));
		} else if (s->else_) {
			STEP(validate(c, s->else_, n, p, d));
		}
	}
#undef STEP
	return ret;
}

static size_t memo_hash(const struct sch *s, const struct node *n, int reported)
{
	uint64_t h = ((uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ULL) ^
		     ((uint64_t)(uintptr_t)n * 0xc2b2ae3d27d4eb4fULL) ^ (uint64_t)reported;

	return (size_t)(h ^ (h >> 29));
}

/* The slot for (s, n, reported): its own, or the empty one where it goes. */
static struct memo_slot *memo_find(const struct vctx *c, const struct sch *s,
				   const struct node *n, int reported)
{
	size_t mask = c->memo_cap - 1, i = memo_hash(s, n, reported) & mask;

	while (c->memo[i].s && !(c->memo[i].s == s && c->memo[i].n == n &&
				 c->memo[i].reported == reported))
		i = (i + 1) & mask;
	return &c->memo[i];
}

static void memo_put(struct vctx *c, const struct sch *s, const struct node *n,
		     int reported, int result)
{
	struct memo_slot *slot;

	if (2 * (c->memo_n + 1) > c->memo_cap) {
		struct memo_slot *old = c->memo;
		size_t old_cap = c->memo_cap;

		/*
		 * Small to start: one is made per file checked, and most files
		 * need a few dozen answers (a calloc of 256 slots per file was
		 * a tenth of a cold status).
		 */
		c->memo_cap = old_cap ? 2 * old_cap : 32;
		c->memo = xcalloc(c->memo_cap, sizeof(*c->memo));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].s)
				*memo_find(c, old[i].s, old[i].n, old[i].reported) = old[i];
		free(old);
	}
	slot = memo_find(c, s, n, reported);
	if (!slot->s)
		c->memo_n++;
	slot->s = s;
	slot->n = n;
	slot->reported = (unsigned char)reported;
	slot->result = (signed char)result;
}

static int validate_uncached(struct vctx *c, const struct sch *s, const struct node *n,
			     const struct vpath *p, struct diags *d);

/*
 * A value checked against a subschema a second time gets the first answer;
 * with `d`, the first check's findings are in `d` already. A result found
 * with findings also answers the same question asked without them.
 */
static int validate(struct vctx *c, const struct sch *s, const struct node *n,
		    const struct vpath *p, struct diags *d)
{
	int ret;

	if (s->boolean >= 0)
		return validate_uncached(c, s, n, p, d);
	if (c->over)
		return -1;
	if (++c->steps > MAX_STEPS) {
		c->over = 1;
		return -1;
	}
	/* Only what can be reached twice for one value is kept: $ref and the combinators. */
	if (!s->ref && !s->nall && !s->nany && !s->none && !s->not_ && !s->if_)
		return validate_uncached(c, s, n, p, d);
	if (c->memo_cap) {
		const struct memo_slot *m = memo_find(c, s, n, 1);
		if (m->s)
			return m->result;
		if (!d && (m = memo_find(c, s, n, 0))->s)
			return m->result;
	}
	ret = validate_uncached(c, s, n, p, d);
	if (!c->over)
		memo_put(c, s, n, d != NULL, ret);
	return ret;
}

static int validate_uncached(struct vctx *c, const struct sch *s, const struct node *n,
			     const struct vpath *p, struct diags *d)
{
	int ret;

	if (s->boolean == 1)
		return 0;
	if (s->boolean == 0) {
		if (d) {
			struct buf m = BUF_INIT;
			add_subject(&m, p, n);
			buf_adds(&m, " is not allowed here");
			report(c, d, n, "%s", buf_str(&m));
			buf_release(&m);
		}
		return -1;
	}
	if (c->depth >= MAX_SCHEMA_DEPTH) {
		if (d)
			report(c, d, n, "the schema refers to itself too deeply to check this value");
		return -1;
	}
	c->depth++;
	if (s->xmsg && d) {
		ret = check_all(c, s, n, p, NULL);
		if (ret < 0)
			must_be(c, d, s, n, p, s->xmsg);
	} else {
		ret = check_all(c, s, n, p, d);
	}
	c->depth--;
	return ret;
}

int schema_validate(const struct schema *s, const struct node *doc,
		    const char *path, unsigned flags, struct diags *d)
{
	struct vctx c = { 0 };
	struct vpath root = { NULL, NULL, 0, 0 };
	int ret = 0;

	c.path = path;
	c.flags = flags;
	if (validate(&c, s->root, doc, &root, d) < 0)
		ret = -1;
	if (!c.over && s->ext && validate(&c, s->ext, doc, &root, d) < 0)
		ret = -1;
	if (c.over && d)
		diags_add(d, path, doc->line, doc->col, SEV_ERROR,
			  "not checked: the schema%s%s%s takes more than %d steps on this file; "
			  "simplify its $ref, allOf, anyOf and oneOf",
			  s->ext_path ? " '" : "", s->ext_path ? s->ext_path : "",
			  s->ext_path ? "'" : "", MAX_STEPS);
	free(c.memo);
	return ret;
}
