/*
 * JSON Schema patterns are ECMA-262 regular expressions; we match them with
 * POSIX regcomp(REG_EXTENDED). This translates the common subset:
 *
 *   - literals, '.', anchors, groups, '|', the quantifiers * + ? {n} {n,}
 *     {n,m} and bracket expressions, as in POSIX;
 *   - \d \D \w \W \s \S (inside brackets only \d \w \s);
 *   - escaped punctuation (\. \/ \- \[ …), \t \n \r \f \v, \uXXXX;
 *
 * and refuses, with the reason, what POSIX cannot express: lazy quantifiers,
 * (?…) groups, back-references, \b \B, \p{…} Unicode properties. Matching
 * is on bytes in the C locale (a UTF-8 locale makes it code points).
 */
#include <ctype.h>
#include <string.h>

#include "schema_int.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the four hex digits of \uXXXX at s[0..4) into *cp. */
static int read_u4(const char *s, size_t left, unsigned *cp)
{
	unsigned v = 0;

	if (left < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + (unsigned)h;
	}
	*cp = v;
	return 0;
}

static void add_utf8(struct buf *out, unsigned cp)
{
	if (cp < 0x80) {
		buf_addc(out, (char)cp);
	} else if (cp < 0x800) {
		buf_addc(out, (char)(0xc0 | cp >> 6));
		buf_addc(out, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_addc(out, (char)(0xe0 | cp >> 12));
		buf_addc(out, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_addc(out, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A literal character outside brackets, escaped when POSIX would read it as an operator. */
static void add_literal(struct buf *out, char c)
{
	if (strchr(".[]{}()*+?^$|\\", c))
		buf_addc(out, '\\');
	buf_addc(out, c);
}

static char control_escape(char c)
{
	switch (c) {
	case 't': return '\t';
	case 'n': return '\n';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'v': return '\v';
	}
	return 0;
}

/*
 * A bracket expression starting after '[' at s[*i]. POSIX has no escapes
 * inside brackets, so ']', '-' and '^' written escaped are placed where
 * POSIX reads them literally (first, last, not first).
 */
static int translate_bracket(const char *s, size_t len, size_t *i, struct buf *out,
			     const char **why)
{
	struct buf body = BUF_INIT;
	int neg = 0, rbracket = 0, dash = 0, caret = 0, ret = -1;
	size_t j = *i;

	if (j < len && s[j] == '^') {
		neg = 1;
		j++;
	}
	/* ECMA: "[]" matches nothing and "[^]" anything; POSIX has neither. */
	if (j < len && s[j] == ']') {
		*why = "an empty bracket expression '[]'";
		goto out;
	}
	while (j < len && s[j] != ']') {
		char c = s[j];
		if (c == '[' && j + 1 < len && (s[j + 1] == ':' || s[j + 1] == '.' || s[j + 1] == '=')) {
			/* ECMA reads "[:" literally; POSIX would start a class. */
			*why = "'[:', '[.' or '[=' inside a bracket expression";
			goto out;
		}
		if (c != '\\') {
			buf_addc(&body, c);
			j++;
			continue;
		}
		if (++j >= len) {
			*why = "a trailing backslash";
			goto out;
		}
		c = s[j++];
		if (c == 'd') {
			buf_adds(&body, "0-9");
		} else if (c == 'w') {
			buf_adds(&body, "A-Za-z0-9_");
		} else if (c == 's') {
			buf_adds(&body, "[:space:]");
		} else if (c == ']') {
			rbracket = 1;
		} else if (c == '-') {
			dash = 1;
		} else if (c == '^') {
			caret = 1;
		} else if (control_escape(c)) {
			buf_addc(&body, control_escape(c));
		} else if (c == 'u') {
			unsigned cp;
			if (read_u4(s + j, len - j, &cp) < 0) {
				*why = "'\\u' not followed by four hex digits";
				goto out;
			}
			j += 4;
			if (cp == ']' || cp == '-' || cp == '^') {
				rbracket |= cp == ']';
				dash |= cp == '-';
				caret |= cp == '^';
			} else {
				add_utf8(&body, cp);
			}
		} else if (isalnum((unsigned char)c)) {
			*why = "this escape inside a bracket expression";
			goto out;
		} else {
			buf_addc(&body, c);
		}
	}
	if (j >= len) {
		*why = "an unclosed '['";
		goto out;
	}
	j++; /* the closing ']' */
	if (caret && !neg && !body.len && !rbracket) {
		/* Only a caret: a literal outside brackets does it. */
		buf_adds(out, dash ? "[-^]" : "\\^");
	} else {
		buf_addc(out, '[');
		if (neg)
			buf_addc(out, '^');
		if (rbracket)
			buf_addc(out, ']');
		buf_add(out, body.data ? body.data : "", body.len);
		if (caret)
			buf_addc(out, '^');
		if (dash)
			buf_addc(out, '-');
		buf_addc(out, ']');
	}
	*i = j;
	ret = 0;
out:
	buf_release(&body);
	return ret;
}

/*
 * Hostile patterns. glibc's regcomp() copies a counted atom once per count
 * and nests the copies, so '((a{200}){200}){200}' asks for eight million
 * states, and runs of stacked quantifiers ('a***+++') make it build
 * states without end: a schema from a cloned notebook must not take the
 * tool's memory. ECMA-262 refuses a quantifier on a quantifier anyway;
 * the size of the expanded expression is bounded here, on the translated
 * ERE, counting each atom as one state and each count as copies.
 */
#define ERE_MAX_STATES 20000

struct ere_scan {
	const char *s;
	size_t len, i;
	int depth;
};

static void ere_count(struct ere_scan *e, unsigned long *copies)
{
	unsigned long lo = 0, hi = 0;
	int have_hi = 0;

	e->i++; /* '{' */
	while (e->i < e->len && isdigit((unsigned char)e->s[e->i]) && lo <= ERE_MAX_STATES)
		lo = lo * 10 + (unsigned long)(e->s[e->i++] - '0');
	if (e->i < e->len && e->s[e->i] == ',') {
		e->i++;
		while (e->i < e->len && isdigit((unsigned char)e->s[e->i]) && hi <= ERE_MAX_STATES) {
			hi = hi * 10 + (unsigned long)(e->s[e->i++] - '0');
			have_hi = 1;
		}
	}
	while (e->i < e->len && e->s[e->i] != '}')
		e->i++;
	e->i++;
	*copies = (have_hi && hi > lo ? hi : lo) + 1;
}

/*
 * The states of a group's body, up to its ')' or the end; above
 * ERE_MAX_STATES it stops counting (so nothing overflows).
 */
static unsigned long ere_alt(struct ere_scan *e)
{
	unsigned long total = 0, atom = 0;
	int last_quant = 0;

	while (e->i < e->len && total <= ERE_MAX_STATES) {
		char c = e->s[e->i];
		if (c == ')') {
			break;
		} else if (c == '(') {
			e->i++;
			if (++e->depth > 100)
				return ERE_MAX_STATES + 1;
			atom = ere_alt(e) + 1;
			e->depth--;
			e->i++; /* ')' */
			total += atom;
			last_quant = 0;
			continue;
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			unsigned long copies = 2;
			if (last_quant)
				return ERE_MAX_STATES + 1; /* 'a**': refused by the caller */
			if (c == '{')
				ere_count(e, &copies);
			else
				e->i++;
			if (copies > 1 && atom > (ERE_MAX_STATES + 1) / (copies - 1) + 1)
				return ERE_MAX_STATES + 1;
			total += atom * (copies - 1);
			last_quant = 1;
			continue;
		} else if (c == '[') {
			e->i++;
			if (e->i < e->len && e->s[e->i] == '^')
				e->i++;
			if (e->i < e->len && e->s[e->i] == ']')
				e->i++;
			while (e->i < e->len && e->s[e->i] != ']') {
				if (e->s[e->i] == '[' && e->i + 1 < e->len && e->s[e->i + 1] == ':') {
					const char *end = strstr(e->s + e->i + 2, ":]");
					e->i = end ? (size_t)(end - e->s) + 2 : e->len;
				} else {
					e->i++;
				}
			}
			e->i++;
		} else if (c == '\\') {
			e->i += 2;
		} else {
			e->i++;
		}
		atom = 1;
		total += 1;
		last_quant = 0;
	}
	return total;
}

static int ere_too_large(const char *s, size_t len, const char **why)
{
	struct ere_scan e = { s, len, 0, 0 };

	while (e.i < e.len) {
		if (ere_alt(&e) > ERE_MAX_STATES) {
			*why = "quantifiers that repeat a quantifier or expand too far "
			       "(more than 20000 states)";
			return 1;
		}
		e.i++; /* an unbalanced ')' */
	}
	return 0;
}

int schema_regex_translate(const char *s, size_t len, struct buf *out, const char **why)
{
	size_t i = 0;

	while (i < len) {
		char c = s[i];
		if (c == '[') {
			i++;
			if (translate_bracket(s, len, &i, out, why) < 0)
				return -1;
			continue;
		}
		if (c == '(' && i + 1 < len && s[i + 1] == '?') {
			*why = "'(?' groups (lookaround, non-capturing or named groups)";
			return -1;
		}
		if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < len && s[i + 1] == '?') {
			*why = "lazy quantifiers";
			return -1;
		}
		if (c != '\\') {
			buf_addc(out, c);
			i++;
			continue;
		}
		if (++i >= len) {
			*why = "a trailing backslash";
			return -1;
		}
		c = s[i++];
		switch (c) {
		case 'd': buf_adds(out, "[0-9]"); break;
		case 'D': buf_adds(out, "[^0-9]"); break;
		case 'w': buf_adds(out, "[A-Za-z0-9_]"); break;
		case 'W': buf_adds(out, "[^A-Za-z0-9_]"); break;
		case 's': buf_adds(out, "[[:space:]]"); break;
		case 'S': buf_adds(out, "[^[:space:]]"); break;
		case 'u': {
			unsigned cp;
			if (read_u4(s + i, len - i, &cp) < 0) {
				*why = "'\\u' not followed by four hex digits";
				return -1;
			}
			i += 4;
			if (cp < 0x80)
				add_literal(out, (char)cp);
			else
				add_utf8(out, cp);
			break;
		}
		case 'p':
		case 'P':
			*why = "Unicode property escapes ('\\p{…}')";
			return -1;
		case 'b':
		case 'B':
			*why = "word boundaries ('\\b', '\\B')";
			return -1;
		default:
			if (control_escape(c)) {
				buf_addc(out, control_escape(c));
			} else if (isalnum((unsigned char)c)) {
				*why = "this escape";
				return -1;
			} else {
				add_literal(out, c);
			}
		}
	}
	if (!out->data)
		buf_adds(out, "");
	if (ere_too_large(out->data, out->len, why))
		return -1;
	return 0;
}

/*
 * The fast path. Most patterns in schemas are a row of character classes
 * with counts ('^[a-z0-9][a-z0-9-]{0,62}$'), tested once per value of
 * every file, where regexec() costs more than the rest of the check. Such
 * a row is matched here greedily, which gives regexec()'s answer when no
 * class with a choice of count shares a byte with the class after it (so
 * that where one ends is never in doubt); anything else (groups, '|', '.',
 * negated classes, non-ASCII bytes, overlapping neighbours) is left to
 * regexec(). Only "does some part of the string match" is asked
 * (REG_NOSUB), and in the C locale a class of ASCII bytes takes no other
 * byte.
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
