/* Growable byte strings, in the manner of git's strbuf. */
#ifndef NOTEBOOK_BUF_H
#define NOTEBOOK_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte string. `data` is NULL until the
 * first byte is added; buf_str() gives "" in that case. The buffer owns
 * `data`: buf_release() frees it and leaves an empty buffer behind,
 * buf_detach() hands it to the caller (who then frees it).
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Returns the contents (never NULL, caller frees) and leaves `b` empty. */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends `s` in single quotes for sh: a word that sh reads back as `s`. */
void buf_add_sh_quoted(struct buf *b, const char *s);
/* Borrowed view of the contents, "" when empty. */
const char *buf_str(const struct buf *b);

#endif
