/*
 * Text folded for matching: lower case, accented Latin letters as their
 * plain ones ("Société Générale" matches "societe generale"). Pure.
 */
#ifndef NOTEBOOK_FOLD_H
#define NOTEBOOK_FOLD_H

#include "buf.h"

/*
 * Appends `s` lowercased, with the letters of Latin-1 and Latin Extended-A
 * (U+00C0..U+017F) as ASCII ("é" e, "ß" ss, "Æ" ae, "Ł" l); other bytes as
 * they are.
 */
void buf_add_folded(struct buf *b, const char *s);

/*
 * The client id a name gives: folded as above, then lowercase ASCII
 * letters and digits with every run of anything else one '-', no '-' at
 * either end, at most 63 bytes. "" when nothing is left. Caller frees.
 */
char *id_from_name(const char *name);

#endif
