/*
 * Places in a document as the Language Server Protocol counts them: a line
 * (0-based, lines end at "\n", a "\r" before it belongs to the end) and a
 * character offset in UTF-16 code units (0-based), as notebook(1) says for
 * `lsp`. The notebook's own findings count lines from 1 and columns in code
 * points from 1, after a leading byte order mark; these functions convert.
 */
#ifndef NOTEBOOK_LSP_POS_H
#define NOTEBOOK_LSP_POS_H

#include <stddef.h>

struct lsp_pos {
	long line, character;
};

struct lsp_range {
	struct lsp_pos start, end;
};

/* The byte offset of the start of 0-based `line`; `len` when past the end. */
size_t lsp_line_start(const char *s, size_t len, long line);
/* The byte offset where the line starting at `start` ends (its "\n" or "\r\n", or `len`). */
size_t lsp_line_end(const char *s, size_t len, size_t start);

/*
 * The byte offset of an LSP position. A character past the line's end
 * means its end, a line past the last means the end of the text (as the
 * protocol asks); a position inside a surrogate pair or in the middle of
 * an invalid byte sequence moves to the character's start.
 */
size_t lsp_offset(const char *s, size_t len, struct lsp_pos p);
/* The LSP position of byte offset `off` (clamped to `len`). */
struct lsp_pos lsp_pos_of(const char *s, size_t len, size_t off);
/*
 * The byte offset of a finding's place: 1-based `line` and `col` in code
 * points (a leading byte order mark not counted). Clamped to the line's
 * end; 0 for line 0.
 */
size_t lsp_offset_of_diag(const char *s, size_t len, int line, int col);

/*
 * A place remembered between calls, so that walking a text's lines in
 * order costs one pass: lsp_line_start_at() is lsp_line_start() from the
 * cursor on (from the start again when `line` is before it).
 */
struct lsp_cursor {
	long line;
	size_t off;
};

#define LSP_CURSOR_INIT { 0, 0 }

size_t lsp_line_start_at(const char *s, size_t len, struct lsp_cursor *c, long line);
/* UTF-16 units in s[from..to) (one line). */
long lsp_units(const char *s, size_t from, size_t to);
/*
 * The byte offset of 1-based column `col` (code points) on the line
 * [ls, le); the byte order mark of a text's first line is not counted.
 */
size_t lsp_col_offset(const char *s, size_t ls, size_t le, int col);

#endif
