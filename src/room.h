/*
 * A room: a block of memory (on the caller's stack) that hands out blocks
 * one after another, for a library that allocates many small blocks and
 * frees them all before it returns (libyaml for each file's front matter,
 * cmark for a body's task items). A block freed last is given back; what
 * does not fit goes to the allocator. The room of the running thread is
 * the one of room_enter(), until room_leave().
 */
#ifndef NOTEBOOK_ROOM_H
#define NOTEBOOK_ROOM_H

#include <stddef.h>

struct room {
	unsigned char *base;
	size_t size, used;
	struct room *outer; /* the room it was entered from, or NULL */
};

/* `bytes` (`size` of them, 16-byte aligned) become the thread's room, until room_leave(). */
void room_enter(struct room *rm, void *bytes, size_t size);
/* Every block given from `rm` must have been freed by now. */
void room_leave(struct room *rm);

/* malloc(), calloc(), realloc() and free() through the thread's room, when there is one. */
void *room_malloc(size_t size);
void *room_calloc(size_t n, size_t size);
void *room_realloc(void *ptr, size_t size);
void room_free(void *ptr);

#endif
