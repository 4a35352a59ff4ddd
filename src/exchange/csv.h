/*
 * CSV as RFC 4180 has it and as spreadsheets write it: a header row, comma
 * or semicolon (LibreOffice and Excel in locales with a decimal comma) or
 * tab between fields, fields quoted with '"' ("" inside for one quote) that
 * may hold the separator and line breaks, CRLF, LF or CR line ends, UTF-8
 * with or without a BOM. Pure: bytes in, rows out; bytes out.
 */
#ifndef NOTEBOOK_CSV_H
#define NOTEBOOK_CSV_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct csv_field {
	char *text;     /* unquoted, NUL-terminated */
	int line, col;  /* where it starts (1-based; col in characters) */
};

struct csv_row {
	struct csv_field *f;
	size_t n;
	int line;       /* the line the row starts on */
};

struct csv {
	struct csv_row *rows; /* rows[0] is the header; rows of empty fields only are left out */
	size_t n;
	char sep;             /* ',', ';' or '\t' */
	size_t bad;           /* rows left out for an error */
};

/*
 * Parses `data` (the file `path`). The separator is the one of ',', ';' and
 * tab found most often outside quotes in the first row (a comma on a tie).
 * Problems (not UTF-8, an unterminated quote, text after a closing quote)
 * go to `d` with their line and column; returns 0, or -1 when the file
 * cannot be read as CSV at all. csv_release() either way.
 */
int csv_parse(const char *path, const char *data, size_t len, struct csv *out, struct diags *d);
void csv_release(struct csv *c);

/*
 * Appends one field, quoted when it holds the separator, a quote, CR or LF;
 * other control characters but tab are written as \xNN.
 */
void csv_add_field(struct buf *b, const char *s, char sep, int first);
/* Ends a row with CRLF. */
void csv_end_row(struct buf *b);

#endif
