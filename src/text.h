/* Text from notes made safe to print, and JSON strings. */
#ifndef NOTEBOOK_TEXT_H
#define NOTEBOOK_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/*
 * Appends `s` (n bytes) with everything a terminal could act on escaped:
 * C0 controls and DEL as \n, \t, \r, \e or \xNN; C1 controls (U+0080..U+009F)
 * and bidirectional overrides (U+202A..U+202E, U+2066..U+2069) and line or
 * paragraph separators as \u{XXXX}; bytes that are not UTF-8 as \xNN; and
 * the backslash itself as \\ so that the result is unambiguous.
 */
void buf_add_escaped(struct buf *b, const char *s, size_t n);
/* Writes `s` escaped as above. */
void fputs_escaped(const char *s, FILE *out);

/* Appends `s` as a JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD. */
void buf_add_json_string(struct buf *b, const char *s, size_t n);
void fputs_json_string(const char *s, FILE *out);

/* 1 when `s` (n bytes) is valid UTF-8 (no overlongs, no surrogates); else 0 and *bad the offset of the first bad byte. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/* Display width of valid UTF-8 text (East Asian wide = 2, combining = 0). */
size_t utf8_width(const char *s, size_t n);

#endif
