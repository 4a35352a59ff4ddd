/* A parsed file as bytes, for the cache: see record.c. */
#ifndef NOTEBOOK_RECORD_H
#define NOTEBOOK_RECORD_H

#include <stddef.h>

#include "buf.h"

struct item;

/* The records' layout: a change to it bumps this, and every record is made again. */
#define RECORD_FORMAT 1

/* Appends what was made of the item's file (its result fields) to `b`. */
void record_encode(const struct item *it, struct buf *b);

/*
 * Fills the item's result from a record record_encode() wrote for a file
 * of its kind and path. 0, or -1 with nothing filled when the record does
 * not read.
 */
int record_decode(struct item *it, const unsigned char *data, size_t len);

/* Undoes a record_decode() (the model record, diagnostics and references it filled). */
void record_undo(struct item *it);

#endif
