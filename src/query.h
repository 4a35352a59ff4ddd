/*
 * The search query language of notebook(1) (search), turned into an FTS5
 * query whose every term is quoted, so that what a user types is never
 * read as FTS5 syntax by accident.
 *
 * Plain words must all match; punctuation inside a word splits it into
 * parts that must follow each other ("check-in", "jane@acme.example");
 * "a phrase" (straight or curly quotes); prefix*; OR between two words
 * or groups; NOT word and -word leave out; AND is the default;
 * parentheses group; front: and body: look in one part of a file. The
 * operator words are upper case and operators only where they stand
 * between (or, for NOT, before) what they join: anywhere else, and in
 * lower case, they are words. A term with nothing but punctuation is
 * left out.
 */
#ifndef NOTEBOOK_QUERY_H
#define NOTEBOOK_QUERY_H

#include <stddef.h>

#include "buf.h"

/*
 * The byte that starts a quoted phrase in the FTS5 query: the index's
 * tokenizer then looks for its words as written, not stemmed, so that a
 * phrase is found exactly (notebook(1), search).
 */
#define QUERY_EXACT_MARK '\x01'

/* How many words the full-text index makes of `s` (n bytes). */
typedef size_t query_words_fn(void *arg, const char *s, size_t n);

/*
 * Translates `query` into an FTS5 query in `out`. `words` tells which
 * terms hold a word at all (the others are left out). Returns 0, or -1
 * with why the query cannot be searched in `why` (one line, lower case,
 * saying what to do; the caller names the query).
 */
int query_translate(const char *query, query_words_fn *words, void *arg,
		    struct buf *out, struct buf *why);

/*
 * The length in bytes of the character at `s` (of n bytes) when it
 * belongs to a script written without spaces between words (Chinese,
 * Japanese, Korean, Thai, Lao, Khmer, Myanmar, Yi), else 0. The index
 * makes each such character a word of its own, so that any run of them
 * is found as a phrase.
 */
size_t query_unspaced_char(const char *s, size_t n);

#endif
