/*
 * The terminal: whether output goes to one, its width, colour, and aligned
 * tables that fit that width. Commands print through these so that a pipe
 * gets plain, complete text and a terminal gets colour and fitted columns.
 */
#ifndef NOTEBOOK_TERM_H
#define NOTEBOOK_TERM_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

enum term_color {
	COLOR_NONE, COLOR_RED, COLOR_BOLD_RED, COLOR_GREEN, COLOR_YELLOW,
	COLOR_BLUE, COLOR_MAGENTA, COLOR_CYAN, COLOR_DIM, COLOR_BOLD
};

struct term {
	int tty;    /* the output is a terminal */
	int color;  /* emit SGR colour codes */
	int width;  /* columns to fit into; 0: no limit (not a terminal) */
	int utf8;   /* the locale's charset is UTF-8 (for "…" and block glyphs) */
};

/*
 * Looks at `out`: colour only on a terminal, when `no_color` is 0 and
 * $NO_COLOR is unset or empty. The width of a terminal comes from
 * TIOCGWINSZ, else $COLUMNS, else 80; output that is not a terminal is not
 * cut. UTF-8 from $LC_ALL, else $LC_CTYPE, else $LANG.
 */
void term_init(struct term *t, FILE *out, int no_color);

/* The SGR sequence that starts colour `c`, and the one that ends it ("" when colour is off). */
const char *term_on(const struct term *t, enum term_color c);
const char *term_off(const struct term *t, enum term_color c);

/* "…" in UTF-8, "..." otherwise. */
const char *term_ellipsis(const struct term *t);

/*
 * Appends valid UTF-8 `s` (n bytes) to `b`, cut so that its display width
 * is at most `width`: when it does not fit, as much as fits before
 * `ellipsis` (whose display width counts) on a character boundary, blanks
 * before the ellipsis dropped. Returns
 * the display width appended.
 */
size_t buf_add_fitted(struct buf *b, const char *s, size_t n, size_t width,
		      const char *ellipsis);

/*
 * Appends NUL-terminated `s` escaped with buf_add_escaped(); NULL and ""
 * append nothing (and leave `b` a valid string).
 */
void buf_add_escaped_str(struct buf *b, const char *s);

/* One line of wrapped text: `len` bytes at `start`, after `indent` blanks. */
struct term_line {
	const char *start;
	size_t len;
	size_t indent;
	size_t width;   /* display width, indent included */
};

struct term_lines {
	struct term_line *v;
	size_t n, alloc;
};

#define TERM_LINES_INIT { NULL, 0, 0 }

/*
 * Appends to `out` the lines of valid UTF-8 `s` (n bytes) wrapped to
 * `width` display columns: broken after a blank (dropped), ',', '-' or
 * '/', else between characters when a word is wider than the line; lines
 * after the first are indented by `hang` (0 when the line would be too
 * narrow) and still fit `width`. The lines point into `s`.
 */
void term_wrap(struct term_lines *out, const char *s, size_t n, size_t width, size_t hang);
void term_lines_release(struct term_lines *l);

/*
 * Prints NUL-terminated, already escaped `s` after `indent` blanks: on a
 * terminal wrapped to its width, continuation lines `hang` further in; else
 * on one line, whole.
 */
void term_print_wrapped(const struct term *t, FILE *out, const char *s,
			size_t indent, size_t hang);

/*
 * A table of text cells printed with aligned columns. A cell's text may
 * hold parts separated by '\n' (a status line's reasons): they are joined
 * with "; " when they fit on one line, else each starts a line of its own.
 */
struct table_cell {
	char *text;             /* owned; already escaped, valid UTF-8 */
	char *joined;           /* owned; text with its parts joined by "; " */
	size_t width;           /* display width of joined */
	enum term_color color;
};

struct table {
	size_t ncols;
	size_t flex;            /* the column that takes the room left (the last one, usually) */
	size_t indent;          /* blanks before every line */
	unsigned long stacked;  /* columns whose parts are always on lines of their own */
	unsigned long kept;     /* columns not narrowed below their widest cell (ids) */
	size_t flex_want;       /* columns the flex column should get when others can narrow (0: a fair share) */
	struct table_cell *cells; /* rows × ncols */
	size_t ncells, alloc;
};

void table_init(struct table *tb, size_t ncols, size_t flex);
/*
 * On a terminal, the parts of column `col`'s cells always go on lines of
 * their own (an id above its name); call before adding cells.
 */
void table_stack(struct table *tb, size_t col);
/*
 * Column `col` (ids, which a user copies) is not narrowed below its widest
 * cell while that is at most a third of the line; the others give first.
 */
void table_keep(struct table *tb, size_t col);
/*
 * Adds the next cell (rows fill left to right) with `text` copied; text is
 * printed as given, so escape text from notes first (buf_add_escaped).
 */
void table_add(struct table *tb, const char *text, enum term_color color);
/*
 * Prints the table: columns padded to their widest cell and separated by
 * two spaces, trailing blanks dropped. Not on a terminal (t->width 0) every
 * row is one line and nothing is cut. On a terminal no line is wider than
 * t->width (down to about 40 columns) and nothing is cut: when a row does
 * not fit, the flex column gets the room the others leave, at least a fair
 * share (the widest other columns are narrowed for it), and a cell wider
 * than its column wraps onto continuation lines, indented by two (in the
 * first column and in columns 20 wide or more; flush in narrower ones).
 */
void table_print(const struct table *tb, const struct term *t, FILE *out);
void table_release(struct table *tb);

#endif
