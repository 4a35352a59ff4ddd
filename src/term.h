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

/* A table of text cells printed with aligned columns. */
struct table_cell {
	char *text;             /* owned; already escaped, valid UTF-8 */
	size_t width;           /* display width of text */
	enum term_color color;
};

struct table {
	size_t ncols;
	size_t flex;            /* the column cut to fit the width (the last one, usually) */
	struct table_cell *cells; /* rows × ncols */
	size_t ncells, alloc;
};

void table_init(struct table *tb, size_t ncols, size_t flex);
/*
 * Adds the next cell (rows fill left to right) with `text` copied; text is
 * printed as given, so escape text from notes first (buf_add_escaped).
 */
void table_add(struct table *tb, const char *text, enum term_color color);
/*
 * Prints the table: columns padded to their widest cell and separated by
 * two spaces, trailing blanks dropped. When t->width is set and a row would
 * be wider, the flex column is cut (with an ellipsis) so the row fits; the
 * flex column never shrinks below 10 columns.
 */
void table_print(const struct table *tb, const struct term *t, FILE *out);
void table_release(struct table *tb);

#endif
