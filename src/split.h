/*
 * Two entries in one file: what a plain `git merge` leaves when both sides
 * added an entry of one name (README, Sync; notebook split). Pure parts
 * (the two sides of a conflicted file) and the check's hint.
 */
#ifndef NOTEBOOK_SPLIT_H
#define NOTEBOOK_SPLIT_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/*
 * The two versions of a file with conflict markers: lines outside the
 * markers go to both, "<<<<<<<" to "|||||||" or "=======" to `first`,
 * "=======" to ">>>>>>>" to `second` (a diff3 base section is dropped).
 * 0 when the file holds at least one whole conflict and nothing
 * unbalanced, else -1 (the buffers then hold nothing useful).
 */
int split_sides(const char *data, size_t len, struct buf *first, struct buf *second);

/*
 * Whether `data` is two whole, different entries between conflict
 * markers: both sides start with a front matter ("---").
 */
int split_is_two_entries(const char *data, size_t len);

/*
 * Replaces the conflict-marker findings of each journal entry in `d` that
 * holds two whole entries (read from the work tree under `root`) with one
 * that says so and names the command that keeps both.
 */
void split_hint(const char *root, struct diags *d);

#endif
