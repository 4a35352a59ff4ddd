/* Growable byte strings, in the manner of git's strbuf. */
#ifndef NOTEBOOK_BUF_H
#define NOTEBOOK_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

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

/*
 * Appending, inline where there is room (the JSON writer and the cache's
 * blobs append a few bytes at a time, millions of times a run).
 */
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n)
		buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap - b->len < 2)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends `s` in single quotes for sh: a word that sh reads back as `s`. */
void buf_add_sh_quoted(struct buf *b, const char *s);
/* Borrowed view of the contents, "" when empty. */
const char *buf_str(const struct buf *b);

#endif
