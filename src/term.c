#include "term.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pager.h"
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
	/* A pager on the terminal shows what the terminal would (pager.h). */
	if (fd == STDOUT_FILENO && pager_columns()) {
		t->tty = 1;
		t->width = pager_columns();
	}
	t->color = t->tty && !no_color && !(nc && *nc);
	t->utf8 = locale_is_utf8();
	if (!t->tty || t->width)
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

/* Display width of the character of `len` bytes at `s`. */
static size_t char_width(const char *s, size_t len)
{
	return utf8_width(s, len);
}

/*
 * Where the next line of `s` (n bytes) ends when it may be `width` columns
 * wide: after the last blank, ',', '-' or '/' that fits, else after the last
 * character that fits (at least one character, so that the wrap moves on).
 * *w gets the display width up to the end; *next where the following line
 * starts (blanks at the break skipped).
 */
static size_t line_end(const char *s, size_t n, size_t width, size_t *w, size_t *next)
{
	/* Break candidates: after a blank (best), else after ',', '/' or a hyphen between letters. */
	size_t i = 0, used = 0, sp = 0, sp_w = 0, mark = 0, mark_w = 0;

	while (i < n) {
		size_t len = seq_len((unsigned char)s[i]), cw;

		if (len > n - i)
			len = n - i;
		cw = char_width(s + i, len);
		if (used + cw > width && i > 0)
			break;
		used += cw;
		i += len;
		if (s[i - 1] == ' ') {
			sp = i;
			sp_w = used;
		} else if (s[i - 1] == ',' || s[i - 1] == '/' ||
			   (s[i - 1] == '-' && i >= 2 && i < n && isalpha((unsigned char)s[i - 2]) &&
			    isalpha((unsigned char)s[i]))) {
			/* "check-|in", never "2026-|09-02" */
			mark = i;
			mark_w = used;
		}
	}
	if (i < n && s[i] == ' ') {
		/* The line ends at the end of a word. */
	} else if (i < n && (sp || mark)) {
		i = sp ? sp : mark;
		used = sp ? sp_w : mark_w;
	}
	*next = i;
	/* Blanks at the break: dropped from this line and the next. */
	while (i > 0 && s[i - 1] == ' ') {
		i--;
		used--;
	}
	while (*next < n && s[*next] == ' ')
		(*next)++;
	*w = used;
	return i;
}

void term_wrap(struct term_lines *out, const char *s, size_t n, size_t width, size_t hang)
{
	size_t i = 0, first = 1;

	if (width < 1)
		width = 1;
	if (hang + 8 > width)
		hang = 0;
	do {
		struct term_line *l;
		size_t lw, next, room = first ? width : width - hang, end;

		end = line_end(s + i, n - i, room, &lw, &next);
		ALLOC_GROW(out->v, out->n + 1, out->alloc);
		l = &out->v[out->n++];
		l->start = s + i;
		l->len = end;
		l->indent = first ? 0 : hang;
		l->width = lw + l->indent;
		i += next;
		first = 0;
	} while (i < n);
}

void term_lines_release(struct term_lines *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void term_print_wrapped(const struct term *t, FILE *out, const char *s,
			size_t indent, size_t hang)
{
	struct term_lines lines = TERM_LINES_INIT;
	size_t n = strlen(s), width;

	if (t->width <= 0) {
		fprintf(out, "%*s%s\n", (int)indent, "", s);
		return;
	}
	width = (size_t)t->width > indent ? (size_t)t->width - indent : 1;
	term_wrap(&lines, s, n, width, hang);
	for (size_t i = 0; i < lines.n; i++)
		fprintf(out, "%*s%.*s\n", (int)(indent + lines.v[i].indent), "",
			(int)lines.v[i].len, lines.v[i].start);
	term_lines_release(&lines);
}

void table_init(struct table *tb, size_t ncols, size_t flex)
{
	memset(tb, 0, sizeof(*tb));
	tb->ncols = ncols;
	tb->flex = flex < ncols ? flex : ncols - 1;
}

void table_stack(struct table *tb, size_t col)
{
	if (col < 8 * sizeof(tb->stacked))
		tb->stacked |= 1UL << col;
}

static int is_stacked(const struct table *tb, size_t col)
{
	return col < 8 * sizeof(tb->stacked) && (tb->stacked >> col & 1);
}

void table_keep(struct table *tb, size_t col)
{
	if (col < 8 * sizeof(tb->kept))
		tb->kept |= 1UL << col;
}

static int is_kept(const struct table *tb, size_t col)
{
	return col < 8 * sizeof(tb->kept) && (tb->kept >> col & 1);
}

void table_add(struct table *tb, const char *text, enum term_color color)
{
	struct table_cell *c;
	struct buf joined = BUF_INIT;
	size_t col = tb->ncells % tb->ncols;

	ALLOC_GROW(tb->cells, tb->ncells + 1, tb->alloc);
	c = &tb->cells[tb->ncells++];
	c->text = xstrdup(text ? text : "");
	/* Its width on one line: parts joined with "; ". */
	for (const char *p = c->text; *p; p++) {
		if (*p == '\n')
			buf_adds(&joined, "; ");
		else
			buf_addc(&joined, *p);
	}
	c->joined = buf_detach(&joined);
	c->width = utf8_width(c->joined, strlen(c->joined));
	if (is_stacked(tb, col)) {
		/* As wide as its widest part. */
		const char *p = c->text;
		c->width = 0;
		for (;;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p), w = utf8_width(p, len);
			if (w > c->width)
				c->width = w;
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	c->color = color;
}

/*
 * Without a terminal nothing is cut, but one long value (a name of a few
 * MiB) must not pad every other row out to its width: columns are padded
 * to at most this many columns, and a wider cell is printed whole.
 */
#define MAX_PAD_WIDTH 200

/* The wrapped column is given at least this many columns, or half the line, while the others can give. */
#define FLEX_MIN 30
/* The flex column is not squeezed below this while the others can still give. */
#define FLEX_FLOOR 16
/* No column is squeezed below this, unless its widest cell is narrower. */
#define COLUMN_MIN 8
/* ...nor below its longest word (a date, a kind) up to this width. */
#define WORD_MAX 14

/* Display width of the longest run of `s` the wrap would not break (up to WORD_MAX). */
static size_t longest_word(const char *s)
{
	size_t best = 0, start = 0, i = 0, n = strlen(s);

	for (; i <= n; i++) {
		if (i == n || s[i] == ' ' || s[i] == '\n' || s[i] == ',' || s[i] == '/') {
			size_t w = utf8_width(s + start, i - start);
			if (w > best)
				best = w;
			start = i + 1;
		}
	}
	return best < WORD_MAX ? best : WORD_MAX;
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

/*
 * Column widths for a terminal `width` wide: natural widths when the rows
 * fit; else the flex column takes what is left, and when that is less than
 * its share the widest other columns are narrowed to a common cap (a very
 * long name wraps in its own column instead of pushing every row's WHY off
 * the screen).
 */
static void fit_columns(const struct table *tb, size_t width, size_t *colw)
{
	size_t seps = tb->indent + 2 * (tb->ncols - 1), total = seps, others = 0, want, cap, hi;
	size_t *minw;

	for (size_t c = 0; c < tb->ncols; c++)
		total += colw[c];
	if (total <= width)
		return;
	for (size_t c = 0; c < tb->ncols; c++)
		if (c != tb->flex)
			others += colw[c];
	want = width > seps ? (width - seps) / 2 : 1;
	if (want > FLEX_MIN)
		want = FLEX_MIN + (want - FLEX_MIN) / 2;
	if (tb->flex_want)
		want = tb->flex_want;
	if (want > colw[tb->flex])
		want = colw[tb->flex];
	if (width >= seps + others + want) {
		colw[tb->flex] = width - seps - others;
		return;
	}
	/*
	 * The largest cap on the other columns that leaves `want` to the flex
	 * column, no column narrower than its longest word or kept id; when
	 * that leaves the flex column too little (an 80-column id on a
	 * 60-column terminal), ids may wrap, and then words too.
	 */
	minw = xcalloc(tb->ncols, sizeof(*minw));
	hi = 0;
	for (size_t c = 0; c < tb->ncols; c++)
		if (c != tb->flex && colw[c] > hi)
			hi = colw[c];
	for (int pass = 0; pass < 3; pass++) {
		memset(minw, 0, tb->ncols * sizeof(*minw));
		for (size_t i = 0; pass < 2 && i < tb->ncells; i++) {
			size_t c = i % tb->ncols, w = longest_word(tb->cells[i].text);

			if (!pass && (is_stacked(tb, c) || is_kept(tb, c))) {
				/* The first part (an id) whole, while it takes at most a third of the line. */
				const char *p = tb->cells[i].text, *nl = strchr(p, '\n');
				w = utf8_width(p, nl ? (size_t)(nl - p) : strlen(p));
				if (w > width / 3)
					w = width / 3;
			}
			if (w > minw[c])
				minw[c] = w;
		}
		for (cap = hi; cap > COLUMN_MIN; cap--) {
			size_t sum = 0;
			for (size_t c = 0; c < tb->ncols; c++)
				if (c != tb->flex)
					sum += colw[c] < cap ? colw[c] : cap < minw[c] ? minw[c] : cap;
			if (width >= seps + sum + want)
				break;
		}
		others = 0;
		for (size_t c = 0; c < tb->ncols; c++)
			if (c != tb->flex)
				others += colw[c] < cap ? colw[c] : cap < minw[c] ? minw[c] : cap;
		if (width >= seps + others + FLEX_FLOOR)
			break;
	}
	others = 0;
	for (size_t c = 0; c < tb->ncols; c++) {
		if (c == tb->flex)
			continue;
		if (colw[c] > cap)
			colw[c] = cap < minw[c] ? minw[c] : cap;
		others += colw[c];
	}
	free(minw);
	colw[tb->flex] = width > seps + others + 1 ? width - seps - others : 1;
}

/*
 * The lines of one cell in a column `w` wide: its parts joined when that
 * fits, else each part on lines of its own, wrapped, continuation lines
 * indented by two.
 */
static void cell_lines(const struct table_cell *cell, size_t w, int stacked, size_t hang,
		       struct term_lines *out)
{
	const char *p = cell->text;

	out->n = 0;
	if (cell->width <= w && !stacked) {
		ALLOC_GROW(out->v, 1, out->alloc);
		out->v[0].start = cell->joined;
		out->v[0].len = strlen(cell->joined);
		out->v[0].indent = 0;
		out->v[0].width = cell->width;
		out->n = 1;
		return;
	}
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		term_wrap(out, p, len, w, hang);
		if (!nl)
			break;
		p = nl + 1;
	}
}

void table_print(const struct table *tb, const struct term *t, FILE *out)
{
	size_t *colw = xcalloc(tb->ncols, sizeof(*colw));
	size_t nrows = (tb->ncells + tb->ncols - 1) / tb->ncols;
	struct term_lines *lines = xcalloc(tb->ncols, sizeof(*lines));

	for (size_t i = 0; i < tb->ncells; i++)
		if (tb->cells[i].width > colw[i % tb->ncols])
			colw[i % tb->ncols] = tb->cells[i].width;
	if (t->width > 0) {
		fit_columns(tb, (size_t)t->width, colw);
	} else {
		for (size_t c = 0; c < tb->ncols; c++)
			if (colw[c] > MAX_PAD_WIDTH)
				colw[c] = MAX_PAD_WIDTH;
	}

	for (size_t r = 0; r < nrows; r++) {
		size_t height = 1;

		for (size_t c = 0; c < tb->ncols; c++) {
			size_t k = r * tb->ncols + c;

			lines[c].n = 0;
			if (k >= tb->ncells)
				continue;
			if (t->width > 0) {
				/*
				 * Continuation lines two further in: in the first
				 * column (where a row starts) and in wide ones; a
				 * narrow column wraps flush, its words need the room.
				 */
				cell_lines(&tb->cells[k], colw[c], is_stacked(tb, c),
					   !c || colw[c] >= 20 ? 2 : 0, &lines[c]);
			} else {
				/* Not a terminal: one line, whole. */
				ALLOC_GROW(lines[c].v, 1, lines[c].alloc);
				lines[c].v[0].start = tb->cells[k].joined;
				lines[c].v[0].len = strlen(tb->cells[k].joined);
				lines[c].v[0].indent = 0;
				lines[c].v[0].width = tb->cells[k].width;
				lines[c].n = 1;
			}
			if (lines[c].n > height)
				height = lines[c].n;
		}
		for (size_t h = 0; h < height; h++) {
			size_t pending = tb->indent; /* blanks owed before the next non-empty text */

			for (size_t c = 0; c < tb->ncols; c++) {
				size_t k = r * tb->ncols + c, w = 0;

				if (c)
					pending += 2;
				if (k < tb->ncells && h < lines[c].n && lines[c].v[h].len) {
					const struct term_line *l = &lines[c].v[h];
					enum term_color color = tb->cells[k].color;

					pad(out, pending + l->indent);
					pending = 0;
					fprintf(out, "%s%.*s%s", term_on(t, color), (int)l->len,
						l->start, term_off(t, color));
					w = l->width;
				}
				pending += w < colw[c] ? colw[c] - w : 0;
			}
			fputc('\n', out);
		}
	}
	for (size_t c = 0; c < tb->ncols; c++)
		term_lines_release(&lines[c]);
	free(lines);
	free(colw);
}

void table_release(struct table *tb)
{
	for (size_t i = 0; i < tb->ncells; i++) {
		free(tb->cells[i].text);
		free(tb->cells[i].joined);
	}
	free(tb->cells);
	memset(tb, 0, sizeof(*tb));
}
