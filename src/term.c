#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

static int locale_is_utf8(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		for (; *v; v++)
			if (!strncasecmp(v, "utf-8", 5) || !strncasecmp(v, "utf8", 4))
				return 1;
		return 0;
	}
	return 0;
}

static int env_columns(void)
{
	const char *v = getenv("COLUMNS");
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	n = strtol(v, &end, 10);
	if (*end || n <= 0 || n > 10000)
		return 0;
	return (int)n;
}

void term_init(struct term *t, FILE *out, int no_color)
{
	int fd = fileno(out);
	const char *nc = getenv("NO_COLOR");
	struct winsize ws;

	memset(t, 0, sizeof(*t));
	t->tty = fd >= 0 && isatty(fd);
	t->color = t->tty && !no_color && !(nc && *nc);
	t->utf8 = locale_is_utf8();
	if (!t->tty)
		return;
	if (!ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_col > 0)
		t->width = ws.ws_col;
	else if (!(t->width = env_columns()))
		t->width = 80;
}

static const char *const sgr[] = {
	[COLOR_NONE] = "",
	[COLOR_RED] = "\033[31m",
	[COLOR_BOLD_RED] = "\033[1;31m",
	[COLOR_GREEN] = "\033[32m",
	[COLOR_YELLOW] = "\033[33m",
	[COLOR_BLUE] = "\033[34m",
	[COLOR_MAGENTA] = "\033[35m",
	[COLOR_CYAN] = "\033[36m",
	[COLOR_DIM] = "\033[2m",
	[COLOR_BOLD] = "\033[1m",
};

const char *term_on(const struct term *t, enum term_color c)
{
	if (!t->color || c == COLOR_NONE || (size_t)c >= ARRAY_SIZE(sgr))
		return "";
	return sgr[c];
}

const char *term_off(const struct term *t, enum term_color c)
{
	if (!t->color || c == COLOR_NONE)
		return "";
	return "\033[m";
}

const char *term_ellipsis(const struct term *t)
{
	return t->utf8 ? "\xe2\x80\xa6" : "...";
}

/* Length of the UTF-8 sequence starting with byte `c` (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

size_t buf_add_fitted(struct buf *b, const char *s, size_t n, size_t width,
		      const char *ellipsis)
{
	size_t full = utf8_width(s, n), ew, used = 0, i = 0, start = b->len;

	if (full <= width) {
		buf_add(b, s, n);
		return full;
	}
	ew = utf8_width(ellipsis, strlen(ellipsis));
	if (ew > width)
		return 0;
	while (i < n) {
		size_t len = seq_len((unsigned char)s[i]), w;
		if (len > n - i)
			len = n - i;
		w = utf8_width(s + i, len);
		if (used + w + ew > width)
			break;
		buf_add(b, s + i, len);
		used += w;
		i += len;
	}
	/* No blank before the ellipsis: "11 days…", not "11 …". */
	while (b->len > start && b->data[b->len - 1] == ' ') {
		b->data[--b->len] = '\0';
		used--;
	}
	buf_adds(b, ellipsis);
	return used + ew;
}

void buf_add_escaped_str(struct buf *b, const char *s)
{
	if (s && *s)
		buf_add_escaped(b, s, strlen(s));
}

void table_init(struct table *tb, size_t ncols, size_t flex)
{
	memset(tb, 0, sizeof(*tb));
	tb->ncols = ncols;
	tb->flex = flex < ncols ? flex : ncols - 1;
}

void table_add(struct table *tb, const char *text, enum term_color color)
{
	struct table_cell *c;

	ALLOC_GROW(tb->cells, tb->ncells + 1, tb->alloc);
	c = &tb->cells[tb->ncells++];
	c->text = xstrdup(text ? text : "");
	c->width = utf8_width(c->text, strlen(c->text));
	c->color = color;
}

/*
 * Without a terminal nothing is cut, but one long value (a name of a few
 * MiB) must not pad every other row out to its width: columns are padded
 * to at most this many columns, and a wider cell is printed whole.
 */
#define MAX_PAD_WIDTH 200

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

void table_print(const struct table *tb, const struct term *t, FILE *out)
{
	size_t *colw = xcalloc(tb->ncols, sizeof(*colw));
	size_t nrows = (tb->ncells + tb->ncols - 1) / tb->ncols;
	struct buf cut = BUF_INIT;

	for (size_t i = 0; i < tb->ncells; i++)
		if (tb->cells[i].width > colw[i % tb->ncols])
			colw[i % tb->ncols] = tb->cells[i].width;
	if (t->width > 0) {
		size_t others = 2 * (tb->ncols - 1), avail;
		for (size_t c = 0; c < tb->ncols; c++)
			if (c != tb->flex)
				others += colw[c];
		avail = (size_t)t->width > others ? (size_t)t->width - others : 0;
		if (avail < 10)
			avail = 10;
		if (colw[tb->flex] > avail)
			colw[tb->flex] = avail;
	} else {
		for (size_t c = 0; c < tb->ncols; c++)
			if (colw[c] > MAX_PAD_WIDTH)
				colw[c] = MAX_PAD_WIDTH;
	}

	for (size_t r = 0; r < nrows; r++) {
		size_t pending = 0; /* blanks owed before the next non-empty cell */
		for (size_t c = 0; c < tb->ncols; c++) {
			size_t k = r * tb->ncols + c, w;
			const struct table_cell *cell;
			const char *text;

			if (k >= tb->ncells)
				break;
			cell = &tb->cells[k];
			text = cell->text;
			w = cell->width;
			if (w > colw[c] && t->width > 0) {
				buf_reset(&cut);
				w = buf_add_fitted(&cut, cell->text, strlen(cell->text),
						   colw[c], term_ellipsis(t));
				text = buf_str(&cut);
			}
			if (c)
				pending += 2;
			if (*text) {
				pad(out, pending);
				pending = 0;
				fprintf(out, "%s%s%s", term_on(t, cell->color), text,
					term_off(t, cell->color));
			}
			pending += w < colw[c] ? colw[c] - w : 0;
		}
		fputc('\n', out);
	}
	buf_release(&cut);
	free(colw);
}

void table_release(struct table *tb)
{
	for (size_t i = 0; i < tb->ncells; i++)
		free(tb->cells[i].text);
	free(tb->cells);
	memset(tb, 0, sizeof(*tb));
}
