/*
 * HTML written from C: one escaping function for every text that comes
 * from files (names, notes, promises, tags), and a writer that streams
 * markup to a file in chunks, so a large report never sits in memory.
 * notebook(1), "report", says what the page holds.
 */
#ifndef NOTEBOOK_HTML_H
#define NOTEBOOK_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/*
 * Appends `s` (n bytes) as HTML text, safe both as element content and as
 * a quoted attribute value: & < > " ' become character references; a tab
 * or a line end becomes a space; other C0 controls and DEL are shown as
 * \e or \xNN, and what would show as nothing or turn text around (C1
 * controls, bidirectional controls, zero-width characters: text.h) as
 * \u{XXXX}; bytes that are not UTF-8 as \xNN. Nothing in the result can
 * open a tag, end an attribute or run as script.
 */
void buf_add_html(struct buf *b, const char *s, size_t n);

/*
 * A stream of HTML to `f`, buffered in `b`: written out whenever 64 KiB
 * are buffered, so the page is never held whole. After a write fails
 * nothing more is written (`failed`), and html_flush() keeps saying so.
 */
struct html {
	FILE *f;
	struct buf b;
	int failed, err; /* err: the errno of the failed write */
};

void html_init(struct html *h, FILE *f);
/*
 * Writes what is buffered. 0, or -1 when the stream has failed, now or
 * before (errno set to why).
 */
int html_flush(struct html *h);
/* html_flush(), then frees the buffer. 0 or -1 as html_flush(). */
int html_finish(struct html *h);

/* Markup: a literal of this program, never text from a file. */
void html_raw(struct html *h, const char *markup);
/* Markup with numbers and dates; every %s argument must be a literal of this program. */
void html_printf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text from a file (or NULL, written as nothing), escaped with buf_add_html(). */
void html_text(struct html *h, const char *s);
/*
 * The first `max` characters of `s` escaped, and an ellipsis when there
 * were more (a label that must fit a chart; its title gives the whole).
 */
void html_text_cut(struct html *h, const char *s, size_t max);

#endif
