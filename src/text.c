#include "text.h"

#include <string.h>
#include <wchar.h>

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

static int is_unsafe_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

void buf_add_escaped(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_grow(b, n);
	while (i < n) {
		unsigned c = p[i], cp;
		size_t len;

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\')
				buf_adds(b, "\\\\");
			else
				buf_addc(b, (char)c);
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
			i++;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			buf_printf(b, "\\x%02x", c);
			i++;
		} else if (is_unsafe_cp(cp)) {
			buf_printf(b, "\\u{%04x}", cp);
			i += len;
		} else {
			buf_add(b, p + i, len);
			i += len;
		}
	}
}

void fputs_escaped(const char *s, FILE *out)
{
	struct buf b = BUF_INIT;

	buf_add_escaped(&b, s, strlen(s));
	fwrite(buf_str(&b), 1, b.len, out);
	buf_release(&b);
}

void buf_add_json_string(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_grow(b, n + 2);
	buf_addc(b, '"');
	while (i < n) {
		unsigned c = p[i], cp;
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n': buf_adds(b, "\\n"); break;
			case '\t': buf_adds(b, "\\t"); break;
			case '\r': buf_adds(b, "\\r"); break;
			case '\b': buf_adds(b, "\\b"); break;
			case '\f': buf_adds(b, "\\f"); break;
			default: buf_printf(b, "\\u%04x", c); break;
			}
			i++;
		} else if (c < 0x80) {
			buf_addc(b, (char)c);
			i++;
		} else {
			size_t len = utf8_decode(p + i, n - i, &cp);
			if (!len) {
				buf_adds(b, "\xef\xbf\xbd");
				i++;
			} else if (is_unsafe_cp(cp)) {
				buf_printf(b, "\\u%04x", cp);
				i += len;
			} else {
				buf_add(b, p + i, len);
				i += len;
			}
		}
	}
	buf_addc(b, '"');
}

void fputs_json_string(const char *s, FILE *out)
{
	struct buf b = BUF_INIT;

	buf_add_json_string(&b, s ? s : "", s ? strlen(s) : 0);
	fwrite(buf_str(&b), 1, b.len, out);
	buf_release(&b);
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
