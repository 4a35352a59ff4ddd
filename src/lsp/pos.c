/* Converting places between byte offsets, LSP positions and findings' lines and columns. */
#include "lsp/pos.h"

#include <string.h>

size_t lsp_line_start(const char *s, size_t len, long line)
{
	size_t off = 0;

	while (line > 0) {
		const char *nl = memchr(s + off, '\n', len - off);
		if (!nl)
			return len;
		off = (size_t)(nl - s) + 1;
		line--;
	}
	return off;
}

size_t lsp_line_end(const char *s, size_t len, size_t start)
{
	const char *nl = start < len ? memchr(s + start, '\n', len - start) : NULL;
	size_t end = nl ? (size_t)(nl - s) : len;

	if (end > start && s[end - 1] == '\r')
		end--;
	return end;
}

/*
 * The length in bytes of the well-formed UTF-8 sequence at s[0..n), and in
 * UTF-16 units through *units; a byte that starts no well-formed sequence
 * counts as one byte and one unit.
 */
static size_t utf8_step(const unsigned char *s, size_t n, int *units)
{
	size_t need;
	unsigned int cp;

	*units = 1;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 1;
	}
	if (n < need)
		return 1;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 1;
	if (need == 4)
		*units = 2;
	return need;
}

size_t lsp_offset(const char *s, size_t len, struct lsp_pos p)
{
	size_t start, end, off;
	long ch = 0;

	if (p.line < 0)
		return 0;
	start = lsp_line_start(s, len, p.line);
	if (start >= len)
		return len;
	end = lsp_line_end(s, len, start);
	off = start;
	while (off < end) {
		int units;
		size_t step = utf8_step((const unsigned char *)s + off, end - off, &units);
		if (ch + units > p.character)
			break;
		ch += units;
		off += step;
	}
	return off;
}

struct lsp_pos lsp_pos_of(const char *s, size_t len, size_t off)
{
	struct lsp_pos p = { 0, 0 };
	size_t start = 0, i;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++)
		if (s[i] == '\n') {
			p.line++;
			start = i + 1;
		}
	for (i = start; i < off;) {
		int units;
		size_t step = utf8_step((const unsigned char *)s + i, off - i, &units);
		p.character += units;
		i += step;
	}
	return p;
}

size_t lsp_offset_of_diag(const char *s, size_t len, int line, int col)
{
	size_t ls;

	if (line < 1)
		return 0;
	ls = lsp_line_start(s, len, line - 1);
	return lsp_col_offset(s, ls, lsp_line_end(s, len, ls), col);
}

size_t lsp_line_start_at(const char *s, size_t len, struct lsp_cursor *c, long line)
{
	if (line < c->line) {
		c->line = 0;
		c->off = 0;
	}
	while (c->line < line) {
		const char *nl = c->off < len ? memchr(s + c->off, '\n', len - c->off) : NULL;
		if (!nl)
			return len;
		c->off = (size_t)(nl - s) + 1;
		c->line++;
	}
	return c->off;
}

long lsp_units(const char *s, size_t from, size_t to)
{
	long units = 0;

	while (from < to) {
		int u;
		from += utf8_step((const unsigned char *)s + from, to - from, &u);
		units += u;
	}
	return units;
}

size_t lsp_col_offset(const char *s, size_t ls, size_t le, int col)
{
	size_t off = ls;

	if (ls == 0 && le >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		off = 3;
	for (int c = 1; c < col && off < le; c++) {
		int units;
		off += utf8_step((const unsigned char *)s + off, le - off, &units);
	}
	return off;
}
