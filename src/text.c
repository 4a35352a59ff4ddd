#include "text.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

/* Decodes one UTF-8 sequence; returns its length, or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2; min = 0x80; c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; min = 0x800; c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; min = 0x10000; c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned cp;
		if (p[i] < 0x80) {
			uint64_t w;
			/* ASCII, the most of any notebook: eight bytes at a time */
			while (n - i >= 8 && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ULL)))
				i += 8;
			while (i < n && p[i] < 0x80)
				i++;
			continue;
		}
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

/*
 * Code points a terminal acts on or shows as nothing: C1 controls, the
 * bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069), line and paragraph separators, and the invisible format
 * characters and fillers that would let two names that look the same
 * differ (soft hyphen, U+034F, Hangul fillers, U+180E, U+200B..U+200D,
 * U+2060..U+2064, U+206A..U+206F, U+FEFF, U+FFF0..U+FFFB, the musical and
 * shorthand format controls, tags U+E0000..U+E007F). Variation selectors
 * are kept: they change how the character before them looks.
 */
static int is_unsafe_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || cp == 0x34f ||
	       cp == 0x61c || cp == 0x115f || cp == 0x1160 || cp == 0x17b4 ||
	       cp == 0x17b5 || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	       cp == 0x3164 || cp == 0xfeff || cp == 0xffa0 ||
	       (cp >= 0xfff0 && cp <= 0xfffb) || (cp >= 0x1bca0 && cp <= 0x1bca3) ||
	       (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0000 && cp <= 0xe007f);
}

/* A character that shows as something and is not plain ASCII or Latin-1. */
static int is_visible_wide_script(unsigned cp)
{
	return cp >= 0x300 && !is_unsafe_cp(cp) && !(cp >= 0x2000 && cp <= 0x200a) &&
	       cp != 0x202f && cp != 0x205f && cp != 0x3000;
}

/*
 * A zero-width joiner or non-joiner between two visible characters of a
 * script that needs them (an emoji sequence, Persian or Indic text) changes
 * how they are drawn and is kept; anywhere else it is invisible and escaped.
 */
static int joiner_is_shown(const unsigned char *p, size_t i, size_t n, size_t len,
			   unsigned prev)
{
	unsigned next;

	if (!is_visible_wide_script(prev) || i + len >= n)
		return 0;
	if (!utf8_decode(p + i + len, n - i - len, &next))
		return 0;
	return is_visible_wide_script(next);
}

void buf_add_escaped(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned prev = 0;

	buf_grow(b, n);
	while (i < n) {
		unsigned c = p[i], cp;
		size_t len;

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\')
				buf_adds(b, "\\\\");
			else
				buf_addc(b, (char)c);
			prev = c;
			i++;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '\n': buf_adds(b, "\\n"); break;
			case '\t': buf_adds(b, "\\t"); break;
			case '\r': buf_adds(b, "\\r"); break;
			case 0x1b: buf_adds(b, "\\e"); break;
			default: buf_printf(b, "\\x%02x", c); break;
			}
			prev = 0;
			i++;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			buf_printf(b, "\\x%02x", c);
			prev = 0;
			i++;
			continue;
		}
		if (is_unsafe_cp(cp) &&
		    !((cp == 0x200c || cp == 0x200d) && joiner_is_shown(p, i, n, len, prev))) {
			buf_printf(b, "\\u{%04x}", cp);
			prev = 0;
		} else {
			buf_add(b, p + i, len);
			prev = cp;
		}
		i += len;
	}
}

void fputs_escaped(const char *s, FILE *out)
{
	struct buf b = BUF_INIT;

	buf_add_escaped(&b, s, strlen(s));
	fwrite(buf_str(&b), 1, b.len, out);
	buf_release(&b);
}

/* The escape for DEL or code point `cp` (len bytes of UTF-8), appended to `b`. */
static void add_json_escape(struct buf *b, unsigned cp)
{
	if (cp > 0xffff)
		/* JSON spells a code point past U+FFFF as a surrogate pair. */
		buf_printf(b, "\\u%04x\\u%04x", 0xd800 + ((cp - 0x10000) >> 10),
			   0xdc00 + ((cp - 0x10000) & 0x3ff));
	else
		buf_printf(b, "\\u%04x", cp);
}

void buf_json_safe(struct buf *b, size_t from)
{
	unsigned char *p = (unsigned char *)b->data;
	size_t i = from, n = b->len, run;
	char *tail;

	/* In place while nothing changes length. */
	for (;;) {
		unsigned c, cp = 0;
		size_t len;

		while (i < n && p[i] < 0x7f && p[i] != '\\')
			i++;
		if (i >= n)
			return;
		c = p[i];
		if (c == '\\') {
			/* An escape: \uXXXX gets lowercase hex digits, others stay. */
			if (i + 1 < n && p[i + 1] == 'u' && i + 6 <= n) {
				for (size_t k = i + 2; k < i + 6; k++)
					if (p[k] >= 'A' && p[k] <= 'F')
						p[k] += 'a' - 'A';
				i += 6;
			} else {
				i += 2;
			}
			continue;
		}
		len = c == 0x7f ? 1 : utf8_decode(p + i, n - i, &cp);
		if (c == 0x7f || (len && is_unsafe_cp(cp)))
			break;
		i += len ? len : 1;
	}
	/* Something to spell longer at i: the rest is rewritten. */
	tail = xmalloc(n - i);
	memcpy(tail, p + i, n - i);
	b->len = i;
	n -= i;
	p = (unsigned char *)tail;
	i = run = 0;
	while (i < n) {
		unsigned c = p[i], cp = 0;
		size_t len;

		if (c < 0x7f && c != '\\') {
			i++;
			continue;
		}
		if (c == '\\') {
			size_t k = i + 1 < n && p[i + 1] == 'u' && i + 6 <= n ? 6 : 2;
			buf_add(b, p + run, i - run);
			for (size_t j = i; j < i + k && j < n; j++)
				buf_addc(b, (char)(j >= i + 2 && p[j] >= 'A' && p[j] <= 'F' ?
						   p[j] + ('a' - 'A') : p[j]));
			i += k;
			run = i < n ? i : n;
			continue;
		}
		len = c == 0x7f ? 1 : utf8_decode(p + i, n - i, &cp);
		if (c != 0x7f && (!len || !is_unsafe_cp(cp))) {
			i += len ? len : 1;
			continue;
		}
		buf_add(b, p + run, i - run);
		add_json_escape(b, c == 0x7f ? 0x7f : cp);
		i += len;
		run = i;
	}
	if (run < n)
		buf_add(b, p + run, n - run);
	free(tail);
}

size_t utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0;

	while (i < n) {
		unsigned cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			w += 4; /* printed as \xNN */
			i++;
			continue;
		}
		i += len;
		if (cp < 0x300)
			w += 1;
		else if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b || cp == 0x200d ||
			 (cp >= 0xfe00 && cp <= 0xfe0f))
			w += 0;
		else if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
			 (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
			 (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
			 (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
			 (cp >= 0x20000 && cp <= 0x3fffd))
			w += 2;
		else
			w += 1;
	}
	return w;
}

/*
 * One conversion of a printf format, other than %s and %c, formatted with
 * its argument taken at its own type. `spec` holds it with '*' already
 * replaced by numbers.
 */
#define FORMAT_ONE(type) buf_printf(b, spec, va_arg(*ap, type))

static void format_one(struct buf *b, const char *spec, const char *len, char conv,
		       va_list *ap)
{
	int h = !strcmp(len, "h") || !strcmp(len, "hh");

	switch (conv) {
	case 'd': case 'i':
		if (!*len || h) FORMAT_ONE(int);
		else if (!strcmp(len, "l")) FORMAT_ONE(long);
		else if (!strcmp(len, "ll")) FORMAT_ONE(long long);
		else if (!strcmp(len, "z") || !strcmp(len, "t")) FORMAT_ONE(ptrdiff_t);
		else if (!strcmp(len, "j")) FORMAT_ONE(intmax_t);
		break;
	case 'u': case 'o': case 'x': case 'X':
		if (!*len || h) FORMAT_ONE(unsigned);
		else if (!strcmp(len, "l")) FORMAT_ONE(unsigned long);
		else if (!strcmp(len, "ll")) FORMAT_ONE(unsigned long long);
		else if (!strcmp(len, "z") || !strcmp(len, "t")) FORMAT_ONE(size_t);
		else if (!strcmp(len, "j")) FORMAT_ONE(uintmax_t);
		break;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(len, "L")) FORMAT_ONE(long double);
		else FORMAT_ONE(double);
		break;
	case 'p':
		FORMAT_ONE(void *);
		break;
	}
}

/* Appends `s` to `b` padded with blanks to `width` display columns. */
static void add_padded(struct buf *b, const struct buf *s, int width, int left)
{
	size_t w = utf8_width(s->data ? s->data : "", s->len);

	if (!left)
		for (; width > 0 && w < (size_t)width; w++)
			buf_addc(b, ' ');
	buf_add(b, buf_str(s), s->len);
	if (left)
		for (; width > 0 && w < (size_t)width; w++)
			buf_addc(b, ' ');
}

void buf_vprintf_escaped(struct buf *b, const char *fmt, va_list ap_in)
{
	va_list ap;
	struct buf arg = BUF_INIT;

	va_copy(ap, ap_in);
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		char spec[64], len[3] = "";
		size_t sn = 0;
		int width = -1, prec = -1, left = 0;

		if (!pct) {
			buf_adds(b, fmt);
			break;
		}
		buf_add(b, fmt, (size_t)(pct - fmt));
		fmt = pct + 1;
		if (*fmt == '%') {
			buf_addc(b, '%');
			fmt++;
			continue;
		}
		spec[sn++] = '%';
		for (; *fmt && strchr("-+ #0", *fmt); fmt++) {
			left |= *fmt == '-';
			if (sn < 8)
				spec[sn++] = *fmt;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = 1;
				width = -width;
			}
			fmt++;
		} else if (*fmt >= '0' && *fmt <= '9') {
			width = (int)strtol(fmt, (char **)&fmt, 10);
		}
		if (width >= 0)
			sn += (size_t)snprintf(spec + sn, sizeof(spec) - sn, "%d", width);
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				prec = (int)strtol(fmt, (char **)&fmt, 10);
			}
			if (prec >= 0)
				sn += (size_t)snprintf(spec + sn, sizeof(spec) - sn, ".%d", prec);
		}
		for (size_t k = 0; k < 2 && *fmt && strchr("hlLjzt", *fmt); k++)
			len[k] = *fmt++;
		if (!*fmt)
			break;
		buf_reset(&arg);
		if (*fmt == 's') {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			buf_add_escaped(&arg, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
			add_padded(b, &arg, width, left);
		} else if (*fmt == 'c') {
			char c = (char)va_arg(ap, int);
			buf_add_escaped(&arg, &c, 1);
			add_padded(b, &arg, width, left);
		} else {
			memcpy(spec + sn, len, strlen(len));
			sn += strlen(len);
			spec[sn++] = *fmt;
			spec[sn] = '\0';
			format_one(b, spec, len, *fmt, &ap);
		}
		fmt++;
	}
	va_end(ap);
	buf_release(&arg);
}

void buf_printf_escaped(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf_escaped(b, fmt, ap);
	va_end(ap);
}

void vfprintf_escaped(FILE *out, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vprintf_escaped(&b, fmt, ap);
	fwrite(buf_str(&b), 1, b.len, out);
	buf_release(&b);
}

void fprintf_escaped(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf_escaped(out, fmt, ap);
	va_end(ap);
}

void printf_escaped(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf_escaped(stdout, fmt, ap);
	va_end(ap);
}

int text_line_span(const char *s, size_t len, int line, size_t *start, size_t *end)
{
	size_t i = 0;

	for (int n = 1; n < line; n++) {
		const char *nl = memchr(s + i, '\n', len - i);
		if (!nl)
			return -1;
		i = (size_t)(nl - s) + 1;
	}
	if (i >= len && line > 1)
		return -1;
	*start = i;
	{
		const char *nl = memchr(s + i, '\n', len - i);
		*end = nl ? (size_t)(nl - s) : len;
	}
	if (*end > *start && s[*end - 1] == '\r')
		(*end)--;
	return 0;
}
