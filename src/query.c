/*
 * The search query language (see query.h and notebook(1), search): a
 * lexer, then a small recursive-descent parser that writes the FTS5
 * query as it goes. Nothing of the user's text reaches FTS5 unquoted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query.h"
#include "util.h"

/* How deep groups (parentheses) may nest. */
#define MAX_DEPTH 16
/* How many words and phrases a query may have (FTS5's work grows faster than their number). */
#define MAX_TERMS 128

enum tok_type {
	T_WORD,   /* a word, or an operator word standing where no operator can */
	T_PHRASE, /* "…": s/n are the text between the quotes */
	T_LP,
	T_RP,
	T_MINUS,  /* - right before a word, phrase or group */
	T_FIELD,  /* front: or body: (s/n the name) */
	T_OR,
	T_AND,
	T_NOT,
	T_SKIP,   /* a parenthesis that pairs with none: punctuation */
};

struct tok {
	enum tok_type type;
	const char *s;
	size_t n;
	int prefix;   /* followed by '*' */
	size_t match; /* T_LP: the index of its T_RP */
};

struct parser {
	struct tok *t;
	size_t n;
	query_words_fn *words;
	void *arg;
	struct buf *why;
	int failed;
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The code point at s (n > 0 bytes) and its length; a bad byte is itself. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c = s[0];
	size_t want = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;

	if (c < 0x80 || want == 1 || want > n || c >= 0xf5) {
		*len = 1;
		return c;
	}
	c &= 0x3f >> (want - 1);
	for (size_t i = 1; i < want; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = 1;
			return s[0];
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*len = want;
	return c;
}

size_t query_unspaced_char(const char *s, size_t n)
{
	static const uint32_t ranges[][2] = {
		{ 0x0e00, 0x0eff },   /* Thai, Lao */
		{ 0x1000, 0x109f },   /* Myanmar */
		{ 0x1100, 0x11ff },   /* Hangul Jamo */
		{ 0x1780, 0x17ff },   /* Khmer */
		{ 0x2e80, 0x2fdf },   /* CJK and Kangxi radicals */
		{ 0x3005, 0x3007 },   /* 々 〆 〇 */
		{ 0x3021, 0x3029 },   /* Hangzhou numerals */
		{ 0x3031, 0x3035 },   /* kana repeat marks */
		{ 0x303b, 0x303c },
		{ 0x3040, 0x30ff },   /* Hiragana, Katakana */
		{ 0x3100, 0x312f },   /* Bopomofo */
		{ 0x3130, 0x318f },   /* Hangul compatibility Jamo */
		{ 0x31a0, 0x31bf },
		{ 0x31f0, 0x31ff },   /* Katakana phonetic extensions */
		{ 0x3400, 0x4dbf },   /* CJK extension A */
		{ 0x4e00, 0x9fff },   /* CJK unified ideographs */
		{ 0xa000, 0xa4cf },   /* Yi */
		{ 0xa960, 0xa97f },   /* Hangul Jamo extended A */
		{ 0xac00, 0xd7ff },   /* Hangul syllables, Jamo extended B */
		{ 0xf900, 0xfaff },   /* CJK compatibility ideographs */
		{ 0xff66, 0xff9f },   /* halfwidth Katakana */
		{ 0xffa0, 0xffdc },   /* halfwidth Hangul */
		{ 0x1b000, 0x1b16f }, /* Kana supplement and extensions */
		{ 0x20000, 0x3134f }, /* CJK extensions B to G */
	};
	size_t len;
	uint32_t c;

	if (!n || (unsigned char)s[0] < 0xe0)
		return 0;
	c = decode((const unsigned char *)s, n, &len);
	if (len == 1)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++)
		if (c >= ranges[i][0] && c <= ranges[i][1])
			return len;
	return 0;
}

/* ---- the lexer ---- */

/* The length of an opening or closing quote at s: '"', U+201C or U+201D. */
static size_t quote_at(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '"')
		return 1;
	if (n >= 3 && !memcmp(s, "\xe2\x80", 2) && (s[2] == '\x9c' || s[2] == '\x9d'))
		return 3;
	return 0;
}

/* Could what starts at s be a word, a phrase or a group (for a leading '-')? */
static int starts_operand(const char *s, size_t n)
{
	unsigned char c = n ? (unsigned char)s[0] : 0;

	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80 || c == '"' || c == '(';
}

/* The field at s ("front:" or "body:"), its name's length, else 0. */
static size_t field_at(const char *s, size_t n)
{
	if (n >= 6 && !strncasecmp(s, "front:", 6))
		return 5;
	if (n >= 5 && !strncasecmp(s, "body:", 5))
		return 4;
	return 0;
}

static void push(struct tok **v, size_t *n, size_t *alloc, struct tok t)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = t;
}

/* The column (in characters, from 1) of byte `off` of `s`. */
static size_t column_of(const char *s, size_t off)
{
	size_t col = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int lex(const char *q, struct tok **out, size_t *nout, struct buf *why)
{
	size_t len = strlen(q), i = 0, n = 0, alloc = 0;
	struct tok *v = NULL;

	while (i < len) {
		size_t f, k, j;

		if (is_space((unsigned char)q[i])) {
			i++;
			continue;
		}
		if (q[i] == '(') {
			push(&v, &n, &alloc, (struct tok){ T_LP, q + i, 1, 0, 0 });
			i++;
			continue;
		}
		if (q[i] == '-' && starts_operand(q + i + 1, len - i - 1)) {
			push(&v, &n, &alloc, (struct tok){ T_MINUS, q + i, 1, 0, 0 });
			i++;
			continue;
		}
		if ((f = field_at(q + i, len - i))) {
			push(&v, &n, &alloc, (struct tok){ T_FIELD, q + i, f, 0, 0 });
			i += f + 1;
			continue;
		}
		if ((k = quote_at(q + i, len - i))) {
			size_t start = i + k, close = 0;
			for (j = start; j < len && !(close = quote_at(q + j, len - j)); j++)
				;
			if (!close) {
				buf_printf(why, "the quote at column %zu is not closed; close it, or leave"
					   " it out to search for the words", column_of(q, i));
				free(v);
				return -1;
			}
			push(&v, &n, &alloc, (struct tok){ T_PHRASE, q + start, j - start, 0, 0 });
			i = j + close;
			if (i < len && q[i] == '*') {
				v[n - 1].prefix = 1;
				i++;
			}
			continue;
		}
		/* A word runs to the next blank; closing parentheses at its end are peeled off. */
		for (j = i; j < len && !is_space((unsigned char)q[j]); j++)
			;
		for (k = j; k > i + 1 && q[k - 1] == ')'; k--)
			;
		{
			struct tok t = { T_WORD, q + i, k - i, 0, 0 };
			if (t.n && t.s[t.n - 1] == '*') {
				t.prefix = 1;
				t.n--;
			}
			if (!t.prefix && t.n == 2 && !memcmp(t.s, "OR", 2))
				t.type = T_OR;
			else if (!t.prefix && t.n == 3 && !memcmp(t.s, "AND", 3))
				t.type = T_AND;
			else if (!t.prefix && t.n == 3 && !memcmp(t.s, "NOT", 3))
				t.type = T_NOT;
			push(&v, &n, &alloc, t);
		}
		for (; k < j; k++)
			push(&v, &n, &alloc, (struct tok){ T_RP, q + k, 1, 0, 0 });
		i = j;
	}
	*out = v;
	*nout = n;
	return 0;
}

/* Pairs the parentheses; one that pairs with none is punctuation. */
static void pair_parens(struct tok *t, size_t n)
{
	size_t *stack = xcalloc(n + 1, sizeof(*stack)), depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (t[i].type == T_LP) {
			stack[depth++] = i;
		} else if (t[i].type == T_RP) {
			if (depth) {
				t[stack[--depth]].match = i;
			} else {
				t[i].type = T_SKIP;
			}
		}
	}
	while (depth)
		t[stack[--depth]].type = T_SKIP;
	free(stack);
	/* Groups nested deeper than anyone writes are punctuation: the parser recurses. */
	for (size_t i = 0; i < n; i++) {
		if (t[i].type == T_LP && depth >= MAX_DEPTH) {
			t[i].type = T_SKIP;
			t[t[i].match].type = T_SKIP;
		} else if (t[i].type == T_LP) {
			depth++;
		} else if (t[i].type == T_RP) {
			depth--;
		}
	}
}

/* ---- the parser, writing FTS5 ---- */

/* Can a word, phrase or group start at p (before `end`)? */
static int can_start(const struct parser *ps, size_t p, size_t end)
{
	for (; p < end; p++) {
		switch (ps->t[p].type) {
		case T_WORD: case T_PHRASE: case T_LP: case T_FIELD: case T_MINUS:
			return 1;
		case T_NOT: case T_SKIP:
			continue;
		default:
			return 0;
		}
	}
	return 0;
}

/*
 * A term quoted for FTS5 ("" inside doubled), or nothing when it holds no
 * word; a phrase the user quoted (`exact`) starts with QUERY_EXACT_MARK.
 */
static void add_term(struct parser *ps, struct buf *b, const char *s, size_t n, int prefix,
		     int exact)
{
	if (!ps->words(ps->arg, s, n))
		return;
	buf_addc(b, '"');
	if (exact)
		buf_addc(b, QUERY_EXACT_MARK);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

static void parse_or(struct parser *ps, size_t *p, size_t end, struct buf *out);

/* One word, phrase, group or field: into `out` (nothing when it holds no word). */
static void parse_atom(struct parser *ps, size_t *p, size_t end, struct buf *out)
{
	struct tok *t = &ps->t[*p];

	switch (t->type) {
	case T_SKIP:
	case T_RP:
		(*p)++;
		return;
	case T_LP: {
		struct buf inner = BUF_INIT;
		size_t close = t->match;
		*p += 1;
		parse_or(ps, p, close, &inner);
		*p = close + 1;
		if (inner.len)
			buf_printf(out, "(%s)", buf_str(&inner));
		buf_release(&inner);
		return;
	}
	case T_FIELD: {
		struct buf inner = BUF_INIT;
		enum tok_type next = *p + 1 < end ? ps->t[*p + 1].type : T_SKIP;
		if (next != T_WORD && next != T_PHRASE && next != T_LP) {
			/* front: with nothing to look for: the word itself. */
			add_term(ps, out, t->s, t->n, 0, 0);
			(*p)++;
			return;
		}
		(*p)++;
		parse_atom(ps, p, end, &inner);
		if (inner.len)
			buf_printf(out, "%s : %s", t->n == 5 ? "front" : "body", buf_str(&inner));
		buf_release(&inner);
		return;
	}
	default:
		add_term(ps, out, t->s, t->n, t->prefix, t->type == T_PHRASE);
		(*p)++;
		return;
	}
}

/* Words to find and words to leave out, up to an OR that joins or `end`. */
static void parse_and(struct parser *ps, size_t *p, size_t end, struct buf *out)
{
	struct buf find = BUF_INIT, leave = BUF_INIT, one = BUF_INIT;
	size_t nfind = 0, nleave = 0, units = 0, first = *p;

	while (*p < end && !ps->failed) {
		struct tok *t = &ps->t[*p];
		int out_of = 0;

		if (t->type == T_OR && units && can_start(ps, *p + 1, end))
			break;
		if (t->type == T_AND && units && can_start(ps, *p + 1, end)) {
			(*p)++;
			continue;
		}
		if (t->type == T_MINUS || (t->type == T_NOT && can_start(ps, *p + 1, end))) {
			out_of = 1;
			(*p)++;
			while (*p < end && ps->t[*p].type == T_NOT)
				(*p)++;
			if (*p >= end)
				break;
		}
		units++;
		buf_reset(&one);
		parse_atom(ps, p, end, &one);
		if (!one.len)
			continue;
		if (out_of) {
			buf_adds(&leave, nleave++ ? " OR " : "");
			buf_add(&leave, one.data, one.len);
		} else {
			buf_adds(&find, nfind++ ? " AND " : "");
			buf_add(&find, one.data, one.len);
		}
	}
	if (!ps->failed && nleave && !nfind) {
		const struct tok *a = &ps->t[first], *z = &ps->t[*p - 1];
		const char *stop = z->s + z->n;
		if (z->type == T_PHRASE)
			stop += quote_at(stop, strlen(stop));
		if (first == 0 && *p >= ps->n)
			buf_adds(ps->why, "it only says what to leave out");
		else {
			/* the hint stays one line: a line end typed in the query is shown as a blank */
			buf_addc(ps->why, '\'');
			for (const char *c = a->s; c < stop; c++)
				buf_addc(ps->why, *c == '\n' || *c == '\r' ? ' ' : *c);
			buf_adds(ps->why, "' only says what to leave out");
		}
		buf_adds(ps->why, "; add a word to find, as in 'jane NOT workshop'");
		ps->failed = 1;
	}
	if (!ps->failed && nfind) {
		if (!nleave)
			buf_add(out, find.data, find.len);
		else
			buf_printf(out, "%s%s%s NOT %s%s%s", nfind > 1 ? "(" : "", buf_str(&find),
				   nfind > 1 ? ")" : "", nleave > 1 ? "(" : "", buf_str(&leave),
				   nleave > 1 ? ")" : "");
	}
	buf_release(&find);
	buf_release(&leave);
	buf_release(&one);
}

/* Branches joined by OR, up to `end`. */
static void parse_or(struct parser *ps, size_t *p, size_t end, struct buf *out)
{
	struct buf all = BUF_INIT, one = BUF_INIT, first = BUF_INIT;
	size_t n = 0;

	for (;;) {
		buf_reset(&one);
		parse_and(ps, p, end, &one);
		if (ps->failed)
			break;
		if (one.len) {
			if (!n)
				buf_add(&first, one.data, one.len);
			buf_adds(&all, n++ ? " OR " : "");
			buf_printf(&all, "(%s)", buf_str(&one));
		}
		if (*p >= end)
			break;
		(*p)++; /* the OR */
	}
	if (!ps->failed && n)
		buf_add(out, n == 1 ? first.data : all.data, n == 1 ? first.len : all.len);
	buf_release(&all);
	buf_release(&one);
	buf_release(&first);
}

int query_translate(const char *query, query_words_fn *words, void *arg,
		    struct buf *out, struct buf *why)
{
	struct parser ps = { NULL, 0, words, arg, why, 0 };
	size_t p = 0;

	size_t nterms = 0;

	if (lex(query, &ps.t, &ps.n, why) < 0)
		return -1;
	for (size_t i = 0; i < ps.n; i++)
		nterms += ps.t[i].type == T_WORD || ps.t[i].type == T_PHRASE;
	if (nterms > MAX_TERMS) {
		buf_printf(why, "it has %zu words and phrases; search takes at most %d, so leave"
			   " some out", nterms, MAX_TERMS);
		free(ps.t);
		return -1;
	}
	pair_parens(ps.t, ps.n);
	parse_or(&ps, &p, ps.n, out);
	free(ps.t);
	if (ps.failed)
		return -1;
	if (!out->len) {
		buf_adds(why, "it holds no word to search for (punctuation is left out);"
			 " to see every client, run 'notebook list'");
		return -1;
	}
	return 0;
}
