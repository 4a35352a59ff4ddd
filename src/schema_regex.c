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
	return 0;
}
