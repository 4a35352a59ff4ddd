/* A parsed file as bytes, for the cache: see record.c. */
#ifndef NOTEBOOK_RECORD_H
#define NOTEBOOK_RECORD_H

#include <stddef.h>

#include "buf.h"

struct item;

/* The records' layout: a change to it bumps this, and every record is made again. */
#define RECORD_FORMAT 2 /* 2: strings end in '\0', read in place */

/* Appends what was made of the item's file (its result fields) to `b`. */
void record_encode(const struct item *it, struct buf *b);

/*
 * Fills the item's result from a record record_encode() wrote for a file
 * of its kind and path. 0, or -1 with nothing filled when the record does
 * not read. Nothing is copied that need not be: the client's or entry's
 * strings point into `data`, which must live as long as they do, and its
 * arrays are taken from `mem` (the model's memory then, with `borrowed`
 * set).
 */
struct arena;
int record_decode(struct item *it, const unsigned char *data, size_t len, struct arena *mem);

/* Undoes a record_decode() (the model record, diagnostics and references it filled). */
void record_undo(struct item *it);

#endif
