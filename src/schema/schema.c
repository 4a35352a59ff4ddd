/*
 * The schema validator: JSON Schema (draft 2020-12) over node trees. This
 * file compiles schemas; schema_check.c validates documents and words the
 * findings; schema_regex.c compiles and matches patterns.
 *
 * Keywords: type (a name or a list; "integer" accepts 1.0), enum, const,
 * required, properties, additionalProperties, patternProperties,
 * dependentRequired, propertyNames, items, prefixItems, minItems, maxItems,
 * uniqueItems, minLength, maxLength (in code points), pattern, minimum,
 * maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, allOf, anyOf,
 * oneOf, not, if/then/else, $defs and local $ref ("#", "#/$defs/x", any
 * JSON pointer into the same file, with ~0 ~1 and %-escapes), the boolean
 * schemas true and false, and format "date" (YYYY-MM-DD, a real day) and
 * "date-time" (RFC 3339), which are assertions here. Other keywords and
 * formats are ignored; $id, $anchor, $dynamicRef, remote refs and
 * unevaluated* are not supported. Patterns are ECMA-262, compiled with PCRE2
 * (schema_regex.c says how close the two are and the limits of a match);
 * each is compiled once, here.
 *
 * Equality for enum, const and uniqueItems is JSON's: 1 equals 1.0, and
 * mappings are equal when they hold the same keys with equal values.
 *
 * Messages. Every problem in a document is reported, each at the line and
 * column of the node at fault, naming the value by its path
 * ('contacts[0].email'). A schema may carry the non-standard keyword
 * `x-message`: a phrase saying what a valid value is, e.g.
 *
 *     x-message: a client id (lowercase letters, digits and '-')
 *
 * When that (sub)schema fails, its findings are replaced by one message,
 * "'client' must be a client id (lowercase letters, digits and '-'), not
 * 'Acme'". Without it the message is built from the schema itself ("must
 * be an integer from 1 to 5", "must be one of key, regular, occasional"),
 * and anyOf/oneOf say what each alternative wanted.
 *
 * Typing. By default a scalar's own type decides, as in JSON. With
 * SCHEMA_PLAIN_AS_STRING (YAML files) a plain scalar written as a number or
 * a boolean (name: 2024) also counts as the string it was written as, for
 * "type: string", string keywords and string enum values; a quoted "3" is
 * still not an integer, and an empty value (null) is never a string.
 * uniqueItems keeps JSON typing (2024 and "2024" are two items).
 *
 * Validation is reentrant: a compiled schema may be shared by threads.
 *
 * A notebook's own schema. A notebook may hold schema/client.schema.yaml
 * (entry, notebook likewise) extending the built-in schema: it is passed
 * to schema_compile() as `ext`. Its `properties` are added to the built-in
 * root's `properties`, so they are custom fields rather than unknown keys
 * (when it names a built-in field, both schemas must hold). Its other
 * keywords must hold too, e.g. `required: [industry]` makes a custom field
 * mandatory. Its `additionalProperties` is ignored, with a warning: the
 * built-in schema already refuses unknown keys. Its $refs point into the
 * extension file itself. For example:
 *
 *     properties:
 *       industry:
 *         description: The client's industry.
 *         enum: [finance, retail, public]
 *     required: [industry]
 */
#include "schema_int.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct memo_ent {
	const struct node *n;
	struct sch *s;
};

struct pending_ref {
	struct sch *s;
	const struct node *at;   /* the $ref's value, for messages */
	const struct node *root; /* the document it points into */
	const char *path;
};

struct cctx {
	struct schema *out;
	struct diags *d;
	const char *path;
	const struct node *root;
	int failed;
	struct memo_ent *memo;
	size_t memo_cap, memo_n;
	struct pending_ref *refs;
	size_t nrefs, alloc_refs;
};

static const char *const type_names[] = {
	"null", "boolean", "integer", "number", "string", "array", "object", NULL,
};

static void bad(struct cctx *c, const struct node *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct cctx *c, const struct node *at, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diags_add(c->d, c->path, at ? at->line : 0, at ? at->col : 0, SEV_ERROR, "%s",
		  buf_str(&msg));
	buf_release(&msg);
	c->failed = 1;
}

/* The text of a scalar that can stand for a name in a schema (a string or a plain scalar). */
static const char *name_text(const struct node *n)
{
	if (!n || n->kind != NODE_SCALAR)
		return NULL;
	if (n->type != SCALAR_STR && !n->plain)
		return NULL;
	return n->str;
}

static int is_number(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && (n->type == SCALAR_INT || n->type == SCALAR_FLOAT);
}

static size_t memo_hash(const struct node *n, size_t cap)
{
	uintptr_t h = (uintptr_t)n;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

static struct sch *memo_find(struct cctx *c, const struct node *n)
{
	if (!c->memo_cap)
		return NULL;
	for (size_t i = memo_hash(n, c->memo_cap);; i = (i + 1) & (c->memo_cap - 1)) {
		if (!c->memo[i].n)
			return NULL;
		if (c->memo[i].n == n)
			return c->memo[i].s;
	}
}

static void memo_put(struct cctx *c, const struct node *n, struct sch *s)
{
	if ((c->memo_n + 1) * 2 > c->memo_cap) {
		size_t cap = c->memo_cap ? c->memo_cap * 2 : 64;
		struct memo_ent *old = c->memo;
		size_t old_cap = c->memo_cap;
		c->memo = xcalloc(cap, sizeof(*c->memo));
		c->memo_cap = cap;
		c->memo_n = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].n)
				memo_put(c, old[i].n, old[i].s);
		free(old);
	}
	size_t i = memo_hash(n, c->memo_cap);
	while (c->memo[i].n)
		i = (i + 1) & (c->memo_cap - 1);
	c->memo[i].n = n;
	c->memo[i].s = s;
	c->memo_n++;
}

/* A deep copy of `n` into the schema's arena (enum and const values). */
static struct node *copy_node(struct arena *a, const struct node *n)
{
	struct node *m = arena_alloc(a, sizeof(*m));

	*m = *n;
	m->str = NULL;
	m->items = NULL;
	m->pairs = NULL;
	if (n->kind == NODE_SCALAR) {
		m->str = arena_strndup(a, n->str ? n->str : "", n->str ? n->len : 0);
	} else if (n->kind == NODE_SEQ) {
		m->items = arena_alloc(a, (n->n ? n->n : 1) * sizeof(*m->items));
		for (size_t i = 0; i < n->n; i++)
			m->items[i] = copy_node(a, n->items[i]);
	} else {
		m->pairs = arena_alloc(a, (n->n ? n->n : 1) * sizeof(*m->pairs));
		for (size_t i = 0; i < n->n; i++) {
			m->pairs[i].key = copy_node(a, n->pairs[i].key);
			m->pairs[i].value = copy_node(a, n->pairs[i].value);
		}
	}
	return m;
}

static struct sch *compile_node(struct cctx *c, const struct node *n);

static int get_count(struct cctx *c, const struct node *v, const char *kw, long long *out)
{
	if (!is_number(v) || !isfinite(v->num) || v->num < 0 || v->num != floor(v->num) ||
	    v->num > 1e15) {
		bad(c, v, "'%s' must be a whole number, 0 or more", kw);
		return -1;
	}
	*out = (long long)v->num;
	return 0;
}

static int get_number(struct cctx *c, const struct node *v, const char *kw, double *out)
{
	if (!is_number(v)) {
		bad(c, v, "'%s' must be a number", kw);
		return -1;
	}
	*out = v->num;
	return 0;
}

static int get_type(struct cctx *c, const struct node *v, unsigned *out)
{
	const struct node *one = v;
	size_t n = 1;

	*out = 0;
	if (v->kind == NODE_SEQ)
		n = v->n;
	for (size_t i = 0; i < n; i++) {
		const char *t;
		size_t k;
		if (v->kind == NODE_SEQ)
			one = v->items[i];
		t = name_text(one);
		if (!t) {
			bad(c, one, "'type' must be a type name or a list of them");
			return -1;
		}
		for (k = 0; type_names[k]; k++)
			if (!strcmp(t, type_names[k]))
				break;
		if (!type_names[k]) {
			const char *near = nearest_word(t, type_names);
			if (near)
				bad(c, one, "unknown type '%s' (did you mean '%s'?)", t, near);
			else
				bad(c, one, "unknown type '%s'; the types are null, boolean, integer, number, string, array and object",
				    t);
			return -1;
		}
		*out |= 1u << k;
	}
	return 0;
}

static struct sch **compile_list(struct cctx *c, const struct node *v, const char *kw, size_t *n)
{
	struct sch **list;

	if (v->kind != NODE_SEQ || !v->n) {
		bad(c, v, "'%s' must be a non-empty list of schemas", kw);
		return NULL;
	}
	list = arena_alloc(&c->out->arena, v->n * sizeof(*list));
	for (size_t i = 0; i < v->n; i++)
		list[i] = compile_node(c, v->items[i]);
	*n = v->n;
	return list;
}

static const char **name_list(struct cctx *c, const struct node *v, const char *kw,
			      size_t **lens, size_t *n)
{
	const char **names;

	if (v->kind != NODE_SEQ) {
		bad(c, v, "'%s' must be a list of key names", kw);
		return NULL;
	}
	names = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(*names));
	*lens = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(**lens));
	for (size_t i = 0; i < v->n; i++) {
		if (!name_text(v->items[i])) {
			bad(c, v->items[i], "'%s' must be a list of key names", kw);
			return NULL;
		}
		names[i] = arena_strndup(&c->out->arena, v->items[i]->str, v->items[i]->len);
		(*lens)[i] = v->items[i]->len;
	}
	*n = v->n;
	return names;
}

static struct sch_regex *compile_pattern(struct cctx *c, const struct node *v, const char *kw,
					struct sch_fast **fast)
{
	struct buf why = BUF_INIT;
	struct sch_regex *re;

	*fast = NULL;
	if (!v || v->kind != NODE_SCALAR || v->type != SCALAR_STR) {
		if (!name_text(v)) {
			bad(c, v, "'%s' must be a regular expression written as a string", kw);
			return NULL;
		}
	}
	re = schema_regex_compile(v->str, v->len, &why);
	if (!re) {
		bad(c, v, "pattern '%s' is not a valid regular expression: %s", v->str, buf_str(&why));
		buf_release(&why);
		return NULL;
	}
	ALLOC_GROW(c->out->regs, c->out->nregs + 1, c->out->alloc_regs);
	c->out->regs[c->out->nregs++] = re;
	*fast = schema_fast_compile(v->str, v->len, &c->out->arena);
	return re;
}

static void compile_properties(struct cctx *c, struct sch *s, const struct node *v)
{
	if (v->kind != NODE_MAP) {
		bad(c, v, "'properties' must be a mapping of key names to schemas");
		return;
	}
	s->props = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(*s->props));
	for (size_t i = 0; i < v->n; i++) {
		s->props[i].name = arena_strndup(&c->out->arena, v->pairs[i].key->str,
						 v->pairs[i].key->len);
		s->props[i].len = v->pairs[i].key->len;
		s->props[i].s = compile_node(c, v->pairs[i].value);
	}
	s->nprops = v->n;
}

static void compile_pattern_properties(struct cctx *c, struct sch *s, const struct node *v)
{
	if (v->kind != NODE_MAP) {
		bad(c, v, "'patternProperties' must be a mapping of patterns to schemas");
		return;
	}
	s->pprops = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(*s->pprops));
	for (size_t i = 0; i < v->n; i++) {
		s->pprops[i].src = arena_strndup(&c->out->arena, v->pairs[i].key->str,
						 v->pairs[i].key->len);
		s->pprops[i].re = compile_pattern(c, v->pairs[i].key, "patternProperties",
						   &s->pprops[i].fast);
		s->pprops[i].s = compile_node(c, v->pairs[i].value);
		if (!s->pprops[i].re)
			return;
		s->npprops = i + 1;
	}
}

static void compile_dependent_required(struct cctx *c, struct sch *s, const struct node *v)
{
	if (v->kind != NODE_MAP) {
		bad(c, v, "'dependentRequired' must be a mapping of key names to lists of key names");
		return;
	}
	s->deps = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(*s->deps));
	for (size_t i = 0; i < v->n; i++) {
		struct sch_dep *dep = &s->deps[i];
		dep->name = arena_strndup(&c->out->arena, v->pairs[i].key->str,
					  v->pairs[i].key->len);
		dep->len = v->pairs[i].key->len;
		dep->names = name_list(c, v->pairs[i].value, "dependentRequired", &dep->lens, &dep->n);
		if (!dep->names)
			return;
		s->ndeps = i + 1;
	}
}

static void compile_enum(struct cctx *c, struct sch *s, const struct node *v)
{
	if (v->kind != NODE_SEQ) {
		bad(c, v, "'enum' must be a list of values");
		return;
	}
	s->enums = arena_alloc(&c->out->arena, (v->n ? v->n : 1) * sizeof(*s->enums));
	for (size_t i = 0; i < v->n; i++)
		s->enums[i] = copy_node(&c->out->arena, v->items[i]);
	s->nenum = v->n;
	s->has_enum = 1;
}

static void compile_format(struct sch *s, const struct node *v)
{
	const char *f = name_text(v);

	/* Other formats are annotations: ignored, as the specification allows. */
	if (f && !strcmp(f, "date"))
		s->format = FMT_DATE;
	else if (f && !strcmp(f, "date-time"))
		s->format = FMT_DATETIME;
}

static void add_ref(struct cctx *c, struct sch *s, const struct node *v)
{
	struct pending_ref *p;

	if (!v || v->kind != NODE_SCALAR || v->type != SCALAR_STR) {
		if (!name_text(v)) {
			bad(c, v, "'$ref' must be a string");
			return;
		}
	}
	s->ref_src = arena_strndup(&c->out->arena, v->str, v->len);
	ALLOC_GROW(c->refs, c->nrefs + 1, c->alloc_refs);
	p = &c->refs[c->nrefs++];
	p->s = s;
	p->at = v;
	p->root = c->root;
	p->path = c->path;
}

static const char *const keywords[] = {
	"type", "enum", "const", "required", "properties", "patternProperties",
	"additionalProperties", "dependentRequired", "propertyNames", "items", "prefixItems",
	"minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf",
	"anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$defs", "x-message",
	"description", "title", NULL,
};

/*
 * Unknown keywords are ignored, as JSON Schema wants; one that looks like a
 * misspelt keyword ('propertes') gets a warning, or it would silently do nothing.
 */
static void near_keyword(struct cctx *c, const struct node *key)
{
	const char *near;

	if (key->len < 4)
		return; /* short words are near too many */
	for (const char *const *k = keywords; *k; k++)
		if (!strcmp(*k, key->str))
			return; /* an annotation we know ('description', 'title') */
	near = nearest_word(key->str, keywords);
	if (!near)
		return;
	diags_add(c->d, c->path, key->line, key->col, SEV_WARNING,
		  "unknown keyword '%s' is ignored (did you mean '%s'?)", key->str, near);
}

/* The numeric keywords: 1 when `k` is one of them (compiled into `s`), else 0. */
static int compile_number_keyword(struct cctx *c, struct sch *s, const char *k,
				  const struct node *v)
{
	const struct {
		const char *name;
		double *dst;
		unsigned flag;
	} bounds[] = {
		{ "minimum", &s->minimum, N_MIN },
		{ "maximum", &s->maximum, N_MAX },
		{ "exclusiveMinimum", &s->xminimum, N_XMIN },
		{ "exclusiveMaximum", &s->xmaximum, N_XMAX },
	};
	double num;

	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		if (strcmp(k, bounds[i].name))
			continue;
		if (!get_number(c, v, k, bounds[i].dst))
			s->numflags |= bounds[i].flag;
		return 1;
	}
	if (strcmp(k, "multipleOf"))
		return 0;
	if (get_number(c, v, k, &num))
		return 1;
	if (!(num > 0) || !isfinite(num)) {
		bad(c, v, "'multipleOf' must be a number greater than 0");
		return 1;
	}
	s->multiple = num;
	s->numflags |= N_MULT;
	return 1;
}

static void compile_keyword(struct cctx *c, struct sch *s, const struct node *key,
			    const struct node *v)
{
	struct arena *a = &c->out->arena;
	const char *k = key->str;

	if (!strcmp(k, "type")) {
		get_type(c, v, &s->types);
	} else if (!strcmp(k, "enum")) {
		compile_enum(c, s, v);
	} else if (!strcmp(k, "const")) {
		s->cnst = copy_node(a, v);
		s->has_const = 1;
	} else if (!strcmp(k, "required")) {
		s->required = name_list(c, v, k, &s->required_len, &s->nrequired);
	} else if (!strcmp(k, "properties")) {
		compile_properties(c, s, v);
	} else if (!strcmp(k, "patternProperties")) {
		compile_pattern_properties(c, s, v);
	} else if (!strcmp(k, "additionalProperties")) {
		s->addl = compile_node(c, v);
	} else if (!strcmp(k, "dependentRequired")) {
		compile_dependent_required(c, s, v);
	} else if (!strcmp(k, "propertyNames")) {
		s->propnames = compile_node(c, v);
	} else if (!strcmp(k, "items")) {
		s->items = compile_node(c, v);
	} else if (!strcmp(k, "prefixItems")) {
		s->prefix = compile_list(c, v, k, &s->nprefix);
	} else if (!strcmp(k, "minItems")) {
		get_count(c, v, k, &s->min_items);
	} else if (!strcmp(k, "maxItems")) {
		get_count(c, v, k, &s->max_items);
	} else if (!strcmp(k, "uniqueItems")) {
		if (v->kind != NODE_SCALAR || v->type != SCALAR_BOOL)
			bad(c, v, "'uniqueItems' must be true or false");
		else
			s->unique = v->boolean;
	} else if (!strcmp(k, "minLength")) {
		get_count(c, v, k, &s->min_len);
	} else if (!strcmp(k, "maxLength")) {
		get_count(c, v, k, &s->max_len);
	} else if (!strcmp(k, "pattern")) {
		s->pattern = compile_pattern(c, v, k, &s->pattern_fast);
		if (s->pattern)
			s->pattern_src = arena_strndup(a, v->str, v->len);
	} else if (!strcmp(k, "format")) {
		compile_format(s, v);
	} else if (compile_number_keyword(c, s, k, v)) {
		/* minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf */
	} else if (!strcmp(k, "allOf")) {
		s->all = compile_list(c, v, k, &s->nall);
	} else if (!strcmp(k, "anyOf")) {
		s->any = compile_list(c, v, k, &s->nany);
	} else if (!strcmp(k, "oneOf")) {
		s->one = compile_list(c, v, k, &s->none);
	} else if (!strcmp(k, "not")) {
		s->not_ = compile_node(c, v);
	} else if (!strcmp(k, "if")) {
		s->if_ = compile_node(c, v);
	} else if (!strcmp(k, "then")) {
		s->then_ = compile_node(c, v);
	} else if (!strcmp(k, "else")) {
		s->else_ = compile_node(c, v);
	} else if (!strcmp(k, "$ref")) {
		add_ref(c, s, v);
	} else if (!strcmp(k, "$defs")) {
		/* Compiled so that mistakes in unused definitions show too. */
		if (v->kind != NODE_MAP) {
			bad(c, v, "'$defs' must be a mapping of names to schemas");
			return;
		}
		for (size_t i = 0; i < v->n; i++)
			compile_node(c, v->pairs[i].value);
	} else if (!strcmp(k, "x-message")) {
		if (!name_text(v))
			bad(c, v, "'x-message' must be a string");
		else
			s->xmsg = arena_strndup(a, v->str, v->len);
	} else {
		/* Anything else is an annotation or not supported: ignored. */
		near_keyword(c, key);
	}
}

static struct sch *compile_node(struct cctx *c, const struct node *n)
{
	struct sch *s = memo_find(c, n);

	if (s)
		return s;
	s = arena_alloc(&c->out->arena, sizeof(*s));
	s->line = n->line;
	s->col = n->col;
	s->min_items = s->max_items = s->min_len = s->max_len = -1;
	memo_put(c, n, s);
	if (n->kind == NODE_SCALAR && n->type == SCALAR_BOOL) {
		s->boolean = n->boolean;
		return s;
	}
	s->boolean = -1;
	if (n->kind != NODE_MAP) {
		bad(c, n, "a schema must be a mapping of keywords, or true or false");
		return s;
	}
	for (size_t i = 0; i < n->n; i++)
		compile_keyword(c, s, n->pairs[i].key, n->pairs[i].value);
	return s;
}

/* Decodes %XX escapes of a URI fragment into `out`. */
static int percent_decode(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s != '%') {
			buf_addc(out, *s);
			continue;
		}
		char hex[3] = { s[1], s[1] ? s[2] : 0, 0 };
		char *end;
		long v = strtol(hex, &end, 16);
		if (!hex[0] || !hex[1] || *end)
			return -1;
		buf_addc(out, (char)v);
		s += 2;
	}
	return 0;
}

/* Walks a JSON pointer ("/a/b~1c/0", already %-decoded) through a node tree. */
static const struct node *follow_pointer(const struct node *n, const char *p, size_t len)
{
	struct buf tok = BUF_INIT;
	size_t i = 0;

	while (n && i < len) {
		if (p[i] != '/') {
			n = NULL;
			break;
		}
		buf_reset(&tok);
		for (i++; i < len && p[i] != '/'; i++) {
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				buf_addc(&tok, p[i + 1] == '0' ? '~' : '/');
				i++;
			} else {
				buf_addc(&tok, p[i]);
			}
		}
		if (n->kind == NODE_MAP) {
			const struct node *next = NULL;
			for (size_t k = 0; k < n->n; k++) {
				const struct node *key = n->pairs[k].key;
				if (key->len == tok.len && !memcmp(key->str, buf_str(&tok), tok.len)) {
					next = n->pairs[k].value;
					break;
				}
			}
			n = next;
		} else if (n->kind == NODE_SEQ) {
			char *end;
			unsigned long idx;
			errno = 0;
			idx = strtoul(buf_str(&tok), &end, 10);
			if (!tok.len || *end || errno || idx >= n->n ||
			    (tok.len > 1 && tok.data[0] == '0'))
				n = NULL;
			else
				n = n->items[idx];
		} else {
			n = NULL;
		}
	}
	buf_release(&tok);
	return n;
}

/* Resolves every $ref met so far; resolving may compile more schemas and so meet more. */
static void resolve_refs(struct cctx *c)
{
	struct buf frag = BUF_INIT;

	for (size_t i = 0; i < c->nrefs; i++) {
		struct pending_ref p = c->refs[i];
		const char *src = p.s->ref_src;
		const struct node *target;

		c->path = p.path;
		c->root = p.root;
		if (src[0] != '#') {
			bad(c, p.at, "'$ref' '%s' is not supported; only references inside the same file ('#/$defs/name') are",
			    src);
			continue;
		}
		buf_reset(&frag);
		if (percent_decode(src + 1, &frag) < 0) {
			bad(c, p.at, "'$ref' '%s' has a bad %%-escape", src);
			continue;
		}
		if (frag.len && frag.data[0] != '/') {
			bad(c, p.at, "'$ref' '%s' is not supported: anchors ('#name') are not, JSON pointers ('#/…') are",
			    src);
			continue;
		}
		target = follow_pointer(p.root, buf_str(&frag), frag.len);
		if (!target) {
			bad(c, p.at, "'$ref' '%s' points to nothing in this file", src);
			continue;
		}
		p.s->ref = compile_node(c, target);
	}
	buf_release(&frag);
}

static struct sch *compile_doc(struct cctx *c, const struct node *root, const char *path)
{
	struct sch *s;

	c->path = path;
	c->root = root;
	s = compile_node(c, root);
	resolve_refs(c);
	return s;
}

/* Adds the extension's properties to the built-in root's and leaves the rest in `ext`. */
static void merge_ext(struct cctx *c, struct sch *root, struct sch *ext, const struct node *ext_node)
{
	struct sch_prop *props;

	if (ext->boolean >= 0 || root->boolean >= 0)
		return;
	if (ext->addl) {
		const struct node *at = NULL;
		for (size_t i = 0; i < ext_node->n; i++)
			if (!strcmp(ext_node->pairs[i].key->str, "additionalProperties"))
				at = ext_node->pairs[i].key;
		diags_add(c->d, c->path, at ? at->line : 0, at ? at->col : 0, SEV_WARNING,
			  "'additionalProperties' is ignored in a notebook's schema: the built-in schema already refuses unknown keys");
		ext->addl = NULL;
	}
	if (!ext->nprops)
		return;
	props = arena_alloc(&c->out->arena, (root->nprops + ext->nprops) * sizeof(*props));
	if (root->nprops)
		memcpy(props, root->props, root->nprops * sizeof(*props));
	memcpy(props + root->nprops, ext->props, ext->nprops * sizeof(*props));
	root->props = props;
	root->nprops += ext->nprops;
	ext->props = NULL;
	ext->nprops = 0;
}

struct schema *schema_compile(const struct node *root, const char *path,
			      const struct node *ext, const char *ext_path,
			      struct diags *d)
{
	struct cctx c = { 0 };
	struct schema *s = xcalloc(1, sizeof(*s));

	c.out = s;
	c.d = d;
	s->root = compile_doc(&c, root, path);
	if (ext) {
		s->ext = compile_doc(&c, ext, ext_path);
		s->ext_path = arena_strndup(&s->arena, ext_path, strlen(ext_path));
		c.path = ext_path;
		merge_ext(&c, s->root, s->ext, ext);
	}
	free(c.memo);
	free(c.refs);
	if (c.failed) {
		schema_free(s);
		return NULL;
	}
	return s;
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nregs; i++)
		schema_regex_free(s->regs[i]);
	free(s->regs);
	arena_release(&s->arena);
	free(s);
}
