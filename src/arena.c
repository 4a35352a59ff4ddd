#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, off;
	_Alignas(16) unsigned char mem[];
};

#define CHUNK_MIN 8192

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;

	n = (n + 15) & ~(size_t)15;
	if (!n)
		n = 16;
	if (!c || c->size - c->off < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
		if (a->head && size < a->head->size * 2 && a->head->size < (1u << 20))
			size = a->head->size * 2 > n ? a->head->size * 2 : n;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->off = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->mem + c->off;
	c->off += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_adopt(struct arena *to, struct arena *from)
{
	struct arena_chunk *c = from->head;

	if (!c)
		return;
	/* behind `to`'s current chunk, which keeps taking its allocations */
	while (c->next)
		c = c->next;
	if (to->head) {
		c->next = to->head->next;
		to->head->next = from->head;
	} else {
		to->head = from->head;
	}
	to->used += from->used;
	from->head = NULL;
	from->used = 0;
}
