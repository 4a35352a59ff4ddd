/*
 * JSON Schema patterns are ECMA-262 regular expressions; they are compiled
 * and matched with PCRE2, whose syntax is nearly ECMA-262's: UTF-8 with
 * Unicode properties (\p{Letter}, \P{…}), lookaround, lazy quantifiers, \b,
 * back-references; \uXXXX as ECMA-262 writes it (PCRE2_ALT_BSUX, and
 * \u{…} with PCRE2_EXTRA_ALT_BSUX); '$' only at the very end, as there.
 * \d and \w stay ASCII, as ECMA-262 has them (no PCRE2_UCP). A match may
 * take at most SCHEMA_MATCH_LIMIT steps and SCHEMA_DEPTH_LIMIT of
 * backtracking memory: a pattern that needs more on a value fails that
 * value with a message, rather than running for ever. JIT-compiled when
 * PCRE2 has JIT.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "schema_int.h"
#include "util.h"

#define SCHEMA_MATCH_LIMIT 1000000
#define SCHEMA_DEPTH_LIMIT 1000000 /* KiB of heap for backtracking */

struct sch_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
};

/*
 * ECMA-262 names a general category in full (\p{Letter}) or short (\p{L}),
 * with or without "General_Category=" or "gc="; PCRE2 10.42 knows only the
 * short names.
 */
static const char *const gc_names[][2] = {
	{ "Letter", "L" }, { "Cased_Letter", "L&" }, { "Uppercase_Letter", "Lu" },
	{ "Lowercase_Letter", "Ll" }, { "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
	{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Combining_Mark", "M" },
	{ "Nonspacing_Mark", "Mn" }, { "Spacing_Mark", "Mc" }, { "Enclosing_Mark", "Me" },
	{ "Number", "N" }, { "Decimal_Number", "Nd" }, { "digit", "Nd" },
	{ "Letter_Number", "Nl" }, { "Other_Number", "No" }, { "Punctuation", "P" },
	{ "punct", "P" }, { "Connector_Punctuation", "Pc" }, { "Dash_Punctuation", "Pd" },
	{ "Open_Punctuation", "Ps" }, { "Close_Punctuation", "Pe" },
	{ "Initial_Punctuation", "Pi" }, { "Final_Punctuation", "Pf" },
	{ "Other_Punctuation", "Po" }, { "Symbol", "S" }, { "Math_Symbol", "Sm" },
	{ "Currency_Symbol", "Sc" }, { "Modifier_Symbol", "Sk" }, { "Other_Symbol", "So" },
	{ "Separator", "Z" }, { "Space_Separator", "Zs" }, { "Line_Separator", "Zl" },
	{ "Paragraph_Separator", "Zp" }, { "Other", "C" }, { "Control", "Cc" },
	{ "cntrl", "Cc" }, { "Format", "Cf" }, { "Surrogate", "Cs" }, { "Private_Use", "Co" },
	{ "Unassigned", "Cn" },
};

/* `src` with each \p{…} and \P{…} general category in the spelling PCRE2 knows. */
static void property_names(const char *s, size_t len, struct buf *out)
{
	size_t i = 0;

	while (i < len) {
		size_t end, name;

		if (s[i] != '\\' || i + 1 >= len) {
			buf_addc(out, s[i++]);
			continue;
		}
		if ((s[i + 1] != 'p' && s[i + 1] != 'P') || i + 2 >= len || s[i + 2] != '{') {
			buf_add(out, s + i, 2);
			i += 2;
			continue;
		}
		name = i + 3;
		for (end = name; end < len && s[end] != '}'; end++)
			;
		if (end - name > 17 && !strncmp(s + name, "General_Category=", 17))
			name += 17;
		else if (end - name > 3 && !strncmp(s + name, "gc=", 3))
			name += 3;
		buf_add(out, s + i, 3);
		for (size_t k = 0; k < ARRAY_SIZE(gc_names); k++) {
			if (strlen(gc_names[k][0]) == end - name &&
			    !strncmp(s + name, gc_names[k][0], end - name)) {
				buf_adds(out, gc_names[k][1]);
				name = end;
				break;
			}
		}
		i = name;
	}
}

struct sch_regex *schema_regex_compile(const char *src, size_t len, struct buf *why)
{
	struct buf pat = BUF_INIT;
	struct sch_regex *re = NULL;
	pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
	pcre2_code *code;
	PCRE2_SIZE off;
	int err;

	if (!cctx)
		die("out of memory");
#ifdef PCRE2_EXTRA_ALT_BSUX
	pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_ALT_BSUX);
#endif
	property_names(src, len, &pat);
	code = pcre2_compile((PCRE2_SPTR)buf_str(&pat), pat.len,
			     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ALT_BSUX |
			     PCRE2_DOLLAR_ENDONLY | PCRE2_NO_AUTO_CAPTURE,
			     &err, &off, cctx);
	pcre2_compile_context_free(cctx);
	buf_release(&pat);
	if (!code) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(err, msg, sizeof(msg));
		buf_printf(why, "%s at offset %zu", (const char *)msg, (size_t)off);
		return NULL;
	}
	/* Without JIT (or where it cannot be had) the interpreter matches. */
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = xcalloc(1, sizeof(*re));
	re->code = code;
	re->mctx = pcre2_match_context_create(NULL);
	if (!re->mctx)
		die("out of memory");
	pcre2_set_match_limit(re->mctx, SCHEMA_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, SCHEMA_DEPTH_LIMIT);
	return re;
}

int schema_regex_match(const struct sch_regex *re, const char *s, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc;

	if (!md)
		die("out of memory");
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, md, re->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void schema_regex_free(struct sch_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	free(re);
}

/*
 * The fast path. Most patterns in schemas are a row of character classes
 * with counts ('^[a-z0-9][a-z0-9-]{0,62}$'), tested once per value of
 * every file, where a general matcher costs more than the rest of the
 * check. Such a row is matched here greedily, which gives PCRE2's answer when no
 * class with a choice of count shares a byte with the class after it (so
 * that where one ends is never in doubt); anything else (groups, '|', '.',
 * negated classes, non-ASCII bytes, overlapping neighbours) is left to
 * PCRE2. Only "does some part of the string match" is asked, and in
 * UTF-8 a class of ASCII characters takes no byte of another character.
 */
#define FAST_ATOMS 32
#define FAST_COUNT 1000

struct fast_atom {
	unsigned char set[32]; /* the bytes it takes */
	int min, max;          /* max -1: no limit */
};

struct sch_fast {
	int head, tail;        /* anchored at '^', at '$' */
	size_t n;
	struct fast_atom *atoms;
};

static void set_add(unsigned char *set, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi; c++)
		set[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int set_has(const unsigned char *set, unsigned char c)
{
	return set[c >> 3] >> (c & 7) & 1;
}

static int is_plain_literal(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '/' || c == ':' || c == '@' || c == ' ' ||
	       c == ',' || c == '=' || c == '%' || c == '#' || c == '&' || c == '~';
}

/*
 * One escape (after '\'), outside or inside brackets; -1 when not a simple
 * one. An escaped '[' inside brackets is refused: POSIX could read it with
 * what follows as a class ("[:", "[.", "[=").
 */
static int fast_escape(char c, unsigned char *set, int in_bracket)
{
	if (in_bracket && c == '[')
		return -1;
	if (c == 'd') {
		set_add(set, '0', '9');
	} else if (c == 'w') {
		set_add(set, '0', '9');
		set_add(set, 'A', 'Z');
		set_add(set, 'a', 'z');
		set_add(set, '_', '_');
	} else if (c && strchr(".-/+*?()[]{}|^$\\", c)) {
		set_add(set, (unsigned char)c, (unsigned char)c);
	} else {
		return -1;
	}
	return 0;
}

static int same_kind_range(unsigned char lo, unsigned char hi)
{
	return hi >= lo && ((isdigit(lo) && isdigit(hi)) || (islower(lo) && islower(hi)) ||
			    (isupper(lo) && isupper(hi)));
}

/* A bracket expression after '[' at s[*i]: ASCII letters, digits, ranges of them, simple escapes. */
static int fast_bracket(const char *s, size_t len, size_t *i, unsigned char *set)
{
	size_t j = *i;

	if (j >= len || s[j] == '^' || s[j] == ']')
		return -1;
	while (j < len && s[j] != ']') {
		unsigned char lo = (unsigned char)s[j];
		if (lo == '\\') {
			if (j + 1 >= len || fast_escape(s[j + 1], set, 1) < 0)
				return -1;
			j += 2;
			continue;
		}
		if (j + 2 < len && s[j + 1] == '-' && s[j + 2] != ']') {
			/* Only within a-z, A-Z or 0-9: no surprises from byte order. */
			if (!same_kind_range(lo, (unsigned char)s[j + 2]))
				return -1;
			set_add(set, lo, (unsigned char)s[j + 2]);
			j += 3;
			continue;
		}
		/* A '-' only last, where both dialects read it literally. */
		if (!isalnum(lo) && lo != '_' && !(lo == '-' && j + 1 < len && s[j + 1] == ']'))
			return -1;
		set_add(set, lo, lo);
		j++;
	}
	if (j >= len)
		return -1;
	*i = j + 1;
	return 0;
}

static int fast_number(const char *s, size_t len, size_t *j, long *v)
{
	if (*j >= len || !isdigit((unsigned char)s[*j]))
		return -1;
	*v = 0;
	while (*j < len && isdigit((unsigned char)s[*j])) {
		*v = *v * 10 + (s[(*j)++] - '0');
		if (*v > FAST_COUNT)
			return -1;
	}
	return 0;
}

/* A count after an atom at s[*i], if any: *, +, ?, {n}, {n,}, {n,m}. */
static int fast_count(const char *s, size_t len, size_t *i, int *min, int *max)
{
	size_t j = *i;
	long a, b;

	*min = *max = 1;
	if (j >= len)
		return 0;
	switch (s[j]) {
	case '*': *min = 0; *max = -1; break;
	case '+': *min = 1; *max = -1; break;
	case '?': *min = 0; *max = 1; break;
	case '{':
		j++;
		if (fast_number(s, len, &j, &a) < 0)
			return -1;
		b = a;
		if (j < len && s[j] == ',') {
			j++;
			b = -1;
			if (j < len && s[j] != '}' && fast_number(s, len, &j, &b) < 0)
				return -1;
		}
		if (j >= len || s[j] != '}' || (b >= 0 && b < a))
			return -1;
		*min = (int)a;
		*max = (int)b;
		*i = j + 1;
		return 0;
	default:
		return 0;
	}
	*i = j + 1;
	return 0;
}

/* Greedy is exact when a class with a choice of count is followed by a disjoint one that must appear. */
static int greedy_exact(const struct fast_atom *v, size_t n)
{
	for (size_t k = 0; k + 1 < n; k++) {
		if (v[k].min == v[k].max)
			continue;
		if (v[k + 1].min < 1)
			return 0;
		for (size_t b = 0; b < 32; b++)
			if (v[k].set[b] & v[k + 1].set[b])
				return 0;
	}
	return 1;
}

struct sch_fast *schema_fast_compile(const char *s, size_t len, struct arena *a)
{
	struct fast_atom atoms[FAST_ATOMS];
	size_t n = 0, i = 0;
	int head = 0, tail = 0;
	struct sch_fast *f;

	if (i < len && s[i] == '^') {
		head = 1;
		i++;
	}
	if (len > i && s[len - 1] == '$' && (len < 2 || s[len - 2] != '\\')) {
		tail = 1;
		len--;
	}
	while (i < len) {
		struct fast_atom *at;
		char c = s[i];
		if (n == FAST_ATOMS)
			return NULL;
		at = &atoms[n];
		memset(at->set, 0, sizeof(at->set));
		if (c == '[') {
			i++;
			if (fast_bracket(s, len, &i, at->set) < 0)
				return NULL;
		} else if (c == '\\') {
			if (i + 1 >= len || fast_escape(s[i + 1], at->set, 0) < 0)
				return NULL;
			i += 2;
		} else if (is_plain_literal(c)) {
			set_add(at->set, (unsigned char)c, (unsigned char)c);
			i++;
		} else {
			return NULL;
		}
		if (fast_count(s, len, &i, &at->min, &at->max) < 0)
			return NULL;
		/* Two counts in a row ('a{2}{3}', 'a+?') mean other things in each dialect. */
		if (i < len && strchr("*+?{", s[i]))
			return NULL;
		n++;
	}
	if (!greedy_exact(atoms, n))
		return NULL;
	f = arena_alloc(a, sizeof(*f));
	f->head = head;
	f->tail = tail;
	f->n = n;
	f->atoms = arena_alloc(a, (n ? n : 1) * sizeof(*f->atoms));
	memcpy(f->atoms, atoms, n * sizeof(*atoms));
	return f;
}

/* Whether the pattern matches at the start of `s`. */
static int fast_match_at(const struct sch_fast *f, const unsigned char *s)
{
	for (size_t k = 0; k < f->n; k++) {
		const struct fast_atom *at = &f->atoms[k];
		int got = 0;
		while ((at->max < 0 || got < at->max) && *s && set_has(at->set, *s)) {
			s++;
			got++;
		}
		if (got < at->min)
			return 0;
	}
	return !f->tail || !*s;
}

int schema_fast_match(const struct sch_fast *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (f->head)
		return fast_match_at(f, s);
	for (;; s++) {
		if (fast_match_at(f, s))
			return 1;
		if (!*s)
			return 0;
	}
}
