/* Text from notes made safe to print, and JSON strings. */
#ifndef NOTEBOOK_TEXT_H
#define NOTEBOOK_TEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/*
 * Appends `s` (n bytes) with everything a terminal could act on, or that
 * would show as nothing, escaped: C0 controls and DEL as \n, \t, \r, \e or
 * \xNN; C1 controls, bidirectional controls, line or paragraph separators
 * and invisible format characters (zero-width space, joiners outside the
 * scripts that need them, word joiner, byte order mark, tags: the list is
 * in text.c) as \u{XXXX}; bytes that are not UTF-8 as \xNN; and the
 * backslash itself as \\ so that the result is unambiguous.
 */
void buf_add_escaped(struct buf *b, const char *s, size_t n);
/* Writes `s` escaped as above. */
void fputs_escaped(const char *s, FILE *out);

/*
 * printf's formatting, except that the text of every %s and %c argument
 * is escaped with buf_add_escaped() (a width pads by display columns): a
 * message that names a file, a client or anything read from a note prints
 * it safely. Every message of the program goes through these (error(),
 * warning() and die() use them); a test greps src/ for raw printf calls.
 */
void buf_vprintf_escaped(struct buf *b, const char *fmt, va_list ap);
void buf_printf_escaped(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vfprintf_escaped(FILE *out, const char *fmt, va_list ap);
void fprintf_escaped(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void printf_escaped(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Makes the JSON text in `b` from byte `from` on (UTF-8, as a JSON writer
 * makes it) safe to show: DEL and the code points that buf_add_escaped
 * writes as \u{XXXX} become JSON \u escapes (a surrogate pair past
 * U+FFFF), and the hex digits of every \u escape are lowercase. Outside
 * strings JSON is ASCII, so only string contents change, and only in
 * spelling.
 */
void buf_json_safe(struct buf *b, size_t from);

/* 1 when `s` (n bytes) is valid UTF-8 (no overlongs, no surrogates); else 0 and *bad the offset of the first bad byte. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/*
 * Finds line `line` (1-based) of `s`: [*start, *end) without its line end
 * ("\n" or "\r\n"). 0, or -1 when there is no such line.
 */
int text_line_span(const char *s, size_t len, int line, size_t *start, size_t *end);

/* Display width of valid UTF-8 text (East Asian wide = 2, combining = 0). */
size_t utf8_width(const char *s, size_t n);

#endif
