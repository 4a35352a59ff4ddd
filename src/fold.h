/*
 * Latin letters written without their accents, for client ids made from
 * names and for comparing names the way a user means them (README
 * "Client ids").
 */
#ifndef NOTEBOOK_FOLD_H
#define NOTEBOOK_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Decodes the UTF-8 character at `s` (`n` bytes left): its length in
 * bytes with *cp set, or 0 when the bytes are not valid UTF-8.
 */
size_t fold_utf8_decode(const char *s, size_t n, uint32_t *cp);

/*
 * The lowercase ASCII a letter is written with when its accents are
 * dropped: "e" for é, "ss" for ß, "o" for ø, "ae" for æ, "l" for ł, "oe"
 * for œ, "th" for þ, "d" for đ; for ASCII letters and digits, themselves
 * in lowercase. Covers Latin-1 Supplement, Latin Extended-A, the Latin
 * Extended-B letters of Romanian and Vietnamese, and the Vietnamese block
 * of Latin Extended Additional. "" for a combining accent (U+0300..U+036F,
 * as in decomposed text) and for apostrophes inside words ('’ʼ); NULL
 * for anything else (punctuation, spaces, other scripts).
 */
const char *fold_latin(uint32_t cp);

/*
 * A key for comparing names: folded as above, every run of other
 * characters that are not letters of another script one space, no space
 * at either end; letters of other scripts kept as they are. So "Société
 * Générale  Conseil" and "societe generale conseil" have one key. Malloc'd.
 */
char *fold_name_key(const char *s);

/*
 * Appends `s` folded for comparing names as typed: letters as fold_latin()
 * gives them (lowercase, without accents, apostrophes dropped), runs of
 * blanks one space, none at either end; everything else as it is.
 */
void fold_name(struct buf *out, const char *s);

/*
 * The client id a name gives (README "Client ids"): letters folded as
 * fold_latin() says, lowercase, apostrophes dropped, every run of anything
 * else one '-', no '-' at either end; over 63 bytes it is cut at the last
 * word boundary that fits (a first word longer than that at 63). "" when
 * nothing is left. Caller frees.
 */
char *id_from_name(const char *name);

#endif
