#include "html/html.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "text.h"

/* Past this many buffered bytes, html_raw() and friends write them out. */
#define HTML_CHUNK 65536

void buf_add_html(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	buf_grow(b, n);
	while (i < n) {
		unsigned c = p[i];

		if (c >= 0x80) {
			/*
			 * A run of bytes outside ASCII: text.h's escaping keeps
			 * what shows as itself and writes the rest as \u{XXXX}
			 * or \xNN, which hold no character HTML gives meaning to.
			 */
			size_t j = i;
			while (j < n && p[j] >= 0x80)
				j++;
			buf_add_escaped(b, s + i, j - i);
			i = j;
			continue;
		}
		switch (c) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		case '\t': case '\n': buf_addc(b, ' '); break;
		case 0x1b: buf_adds(b, "\\e"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(b, "\\x%02x", c);
			else
				buf_addc(b, (char)c);
			break;
		}
		i++;
	}
}

void html_init(struct html *h, FILE *f)
{
	h->f = f;
	buf_init(&h->b);
	h->failed = 0;
	h->err = 0;
}

int html_flush(struct html *h)
{
	size_t len = h->b.len;

	if (!h->failed && ((len && fwrite(h->b.data, 1, len, h->f) != len) || ferror(h->f))) {
		h->failed = 1;
		h->err = errno ? errno : EIO;
	}
	buf_reset(&h->b);
	if (h->failed) {
		errno = h->err;
		return -1;
	}
	return 0;
}

int html_finish(struct html *h)
{
	int ret = html_flush(h);

	buf_release(&h->b);
	return ret;
}

static void maybe_flush(struct html *h)
{
	if (h->b.len >= HTML_CHUNK)
		html_flush(h);
}

void html_raw(struct html *h, const char *markup)
{
	buf_adds(&h->b, markup);
	maybe_flush(h);
}

void html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&h->b, fmt, ap);
	va_end(ap);
	maybe_flush(h);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		buf_add_html(&h->b, s, strlen(s));
	maybe_flush(h);
}

void html_text_cut(struct html *h, const char *s, size_t max)
{
	size_t i = 0, chars = 0, cut = 0;

	if (!s)
		return;
	/* Characters are counted by their first bytes (not 10xxxxxx). */
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (chars == (max ? max - 1 : 0))
			cut = i;
		chars++;
	}
	if (chars <= max) {
		html_text(h, s);
		return;
	}
	buf_add_html(&h->b, s, cut);
	buf_adds(&h->b, "\xe2\x80\xa6");
	maybe_flush(h);
}
