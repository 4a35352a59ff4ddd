/* CSV reading and writing: see csv.h. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

/* The separator: the most frequent of , ; tab outside quotes on the first row. */
static char guess_sep(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

struct cursor {
	const char *s;
	size_t i, len;
	int line, col;
};

/* Moves past one byte, counting lines (CRLF, LF or CR) and characters. */
static void step(struct cursor *c)
{
	unsigned char ch = (unsigned char)c->s[c->i++];

	if (ch == '\n' || (ch == '\r' && (c->i >= c->len || c->s[c->i] != '\n'))) {
		c->line++;
		c->col = 1;
	} else if ((ch & 0xc0) != 0x80 && ch != '\r') {
		c->col++;
	}
}

static int at_row_end(const struct cursor *c)
{
	return c->i >= c->len || c->s[c->i] == '\n' || c->s[c->i] == '\r';
}

static void skip_row_end(struct cursor *c)
{
	if (c->i < c->len && c->s[c->i] == '\r')
		step(c);
	if (c->i < c->len && c->s[c->i] == '\n')
		step(c);
}

static void add_field(struct csv_row *row, size_t *alloc, struct buf *text, int line, int col)
{
	struct csv_field *f;

	ALLOC_GROW(row->f, row->n + 1, *alloc);
	f = &row->f[row->n++];
	f->text = buf_detach(text);
	f->line = line;
	f->col = col;
}

static void row_release(struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->f[i].text);
	free(row->f);
	row->f = NULL;
	row->n = 0;
}

/*
 * Reads the quoted field at the cursor (on its '"') into `text`, a doubled
 * quote as one and a line break inside as "\n", up to the separator or
 * the row's end. 0, or -1 after a diagnostic when the quote is not closed
 * or text follows it.
 */
static int quoted_field(struct cursor *c, const char *path, char sep, struct buf *text,
			struct diags *d)
{
	const char *data = c->s;
	size_t len = c->len;
	int line = c->line, col = c->col;

	step(c);
	for (;;) {
		if (c->i >= len) {
			diags_add(d, path, line, col, SEV_ERROR,
				  "quote not closed; a '\"' inside a quoted field is written '\"\"'");
			return -1;
		}
		if (data[c->i] == '"') {
			if (c->i + 1 < len && data[c->i + 1] == '"') {
				buf_addc(text, '"');
				step(c);
				step(c);
				continue;
			}
			step(c);
			break;
		}
		/* a line break inside quotes is kept as "\n" */
		if (data[c->i] == '\r') {
			step(c);
			if (c->i < len && data[c->i] == '\n')
				step(c);
			buf_addc(text, '\n');
			continue;
		}
		buf_addc(text, data[c->i]);
		step(c);
	}
	if (!at_row_end(c) && data[c->i] != sep) {
		diags_add(d, path, c->line, c->col, SEV_ERROR,
			  "text after the closing quote of a field; quote the whole field "
			  "and write a '\"' inside it as '\"\"'");
		while (!at_row_end(c) && data[c->i] != sep)
			step(c);
		return -1;
	}
	return 0;
}

int csv_parse(const char *path, const char *data, size_t len, struct csv *out, struct diags *d)
{
	struct cursor c = { data, 0, len, 1, 1 };
	struct buf text = BUF_INIT;
	size_t rows_alloc = 0, bad;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		c.i = 3;
	if (!utf8_valid(data + c.i, len - c.i, &bad)) {
		struct cursor at = c;
		while (at.i < c.i + bad)
			step(&at);
		diags_add(d, path, at.line, at.col, SEV_ERROR,
			  "not UTF-8; save the file as CSV with the character set UTF-8 "
			  "(LibreOffice: Unicode (UTF-8); Excel: CSV UTF-8)");
		return -1;
	}
	if (memchr(data, '\0', len)) {
		diags_add(d, path, 0, 0, SEV_ERROR, "holds NUL bytes: not a CSV file");
		return -1;
	}
	out->sep = guess_sep(data + c.i, len - c.i);
	while (c.i < len) {
		struct csv_row row = { NULL, 0, c.line };
		size_t falloc = 0;
		int empty = 1, row_bad = 0;

		for (;;) {
			int line = c.line, col = c.col;

			buf_reset(&text);
			if (c.i < len && data[c.i] == '"') {
				if (quoted_field(&c, path, out->sep, &text, d) < 0)
					row_bad = 1;
			} else {
				while (!at_row_end(&c) && data[c.i] != out->sep) {
					buf_addc(&text, data[c.i]);
					step(&c);
				}
			}
			if (text.len)
				empty = 0;
			add_field(&row, &falloc, &text, line, col);
			if (c.i < len && data[c.i] == out->sep) {
				step(&c);
				continue;
			}
			skip_row_end(&c);
			break;
		}
		if (row_bad) {
			/* a row that cannot be read is kept out; its error is reported */
			out->bad++;
			row_release(&row);
			continue;
		}
		if (empty) {
			row_release(&row);
			continue;
		}
		ALLOC_GROW(out->rows, out->n + 1, rows_alloc);
		out->rows[out->n++] = row;
	}
	buf_release(&text);
	return ret;
}

void csv_release(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		row_release(&c->rows[i]);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/*
 * One character of a field; a control character other than tab and line
 * ends (which a terminal could act on when the file is printed) is written
 * visibly as \xNN.
 */
static void add_char(struct buf *b, char c)
{
	unsigned char u = (unsigned char)c;

	if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f)
		buf_printf(b, "\\x%02X", u);
	else
		buf_addc(b, c);
}

void csv_add_field(struct buf *b, const char *s, char sep, int first)
{
	if (!first)
		buf_addc(b, sep);
	if (!s)
		return;
	/* a field that begins with a byte order mark is quoted, so that a reader
	 * does not take the mark for the file's own when the field comes first */
	if (!strchr(s, sep) && !strpbrk(s, "\"\r\n") && strncmp(s, "\xEF\xBB\xBF", 3)) {
		for (; *s; s++)
			add_char(b, *s);
		return;
	}
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		add_char(b, *s);
	}
	buf_addc(b, '"');
}

void csv_end_row(struct buf *b)
{
	buf_adds(b, "\r\n");
}
