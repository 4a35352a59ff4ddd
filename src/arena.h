/* A bump allocator: many small allocations freed at once. */
#ifndef NOTEBOOK_ARENA_H
#define NOTEBOOK_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used; /* bytes handed out, for limits */
};

#define ARENA_INIT { NULL, 0 }

/* Zeroed, 16-byte aligned memory that lives until arena_release(). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_release(struct arena *a);

/* Moves the memory of `from` into `to` (which then releases it); `from` is left empty. */
void arena_adopt(struct arena *to, struct arena *from);

#endif
