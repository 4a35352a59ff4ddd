/* A room (room.h): blocks one after another, a block's size before it. */
#include "room.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ROOM_HEAD 16 /* a block's size, before it; keeps blocks 16-byte aligned */

static _Thread_local struct room *room_now;

void room_enter(struct room *rm, void *bytes, size_t size)
{
	rm->base = bytes;
	rm->size = size;
	rm->used = 0;
	rm->outer = room_now;
	room_now = rm;
}

void room_leave(struct room *rm)
{
	room_now = rm->outer;
}

static size_t span(size_t size)
{
	return ROOM_HEAD + ((size + ROOM_HEAD - 1) & ~(size_t)(ROOM_HEAD - 1));
}

/* The room, of the thread's, that gave `ptr`, or NULL. */
static struct room *room_of(const void *ptr)
{
	const unsigned char *p = ptr;

	for (struct room *rm = room_now; rm; rm = rm->outer)
		if (p >= rm->base && p < rm->base + rm->size)
			return rm;
	return NULL;
}

static size_t size_of(const unsigned char *p)
{
	size_t size;

	memcpy(&size, p - ROOM_HEAD, sizeof(size));
	return size;
}

/* 1 when `p` is the last block given from `rm`. */
static int is_last(const struct room *rm, const unsigned char *p)
{
	return p - ROOM_HEAD + span(size_of(p)) == rm->base + rm->used;
}

void *room_malloc(size_t size)
{
	struct room *rm = room_now;

	if (rm && size <= rm->size && span(size) <= rm->size - rm->used) {
		unsigned char *p = rm->base + rm->used;
		memcpy(p, &size, sizeof(size));
		rm->used += span(size);
		return p + ROOM_HEAD;
	}
	return malloc(size ? size : 1);
}

void *room_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	if (!room_now)
		return calloc(n ? n : 1, size ? size : 1);
	p = room_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void room_free(void *ptr)
{
	struct room *rm = room_of(ptr);
	unsigned char *p = ptr;

	if (!rm) {
		if (ptr)
			free(ptr);
		return;
	}
	if (is_last(rm, p))
		rm->used = (size_t)(p - ROOM_HEAD - rm->base);
}

void *room_realloc(void *ptr, size_t size)
{
	struct room *rm = room_of(ptr);
	unsigned char *p = ptr, *q;
	size_t old, at;

	if (!ptr)
		return room_malloc(size);
	if (!rm)
		return realloc(ptr, size ? size : 1);
	old = size_of(p);
	at = (size_t)(p - ROOM_HEAD - rm->base);
	/* the last block grows (or shrinks) where it is, when the room has space */
	if (is_last(rm, p) && size <= rm->size && span(size) <= rm->size - at) {
		memcpy(p - ROOM_HEAD, &size, sizeof(size));
		rm->used = at + span(size);
		return p;
	}
	q = room_malloc(size);
	if (q)
		memcpy(q, p, old < size ? old : size);
	return q;
}
