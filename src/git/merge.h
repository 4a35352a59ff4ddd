/*
 * The three-way merge of a client file: front matter key by key, the body
 * line by line. Pure functions of bytes: no files, no repository.
 */
#ifndef NOTEBOOK_MERGE_H
#define NOTEBOOK_MERGE_H

#include <stddef.h>

#include "buf.h"

/*
 * What the conflict markers call the two sides: "<<<<<<< " and the ours
 * label, "=======", ">>>>>>> " and the theirs label, each on a line of its
 * own. Labels are one line (a newline in one is written as a space).
 */
struct merge_labels {
	const char *ours;
	const char *theirs;
};

/* The labels merge_lines() and merge_file() use: "ours" and "theirs". */
extern const struct merge_labels merge_default_labels;

/*
 * A line-by-line three-way merge (diff3) of `a` (ours) and `b` (theirs)
 * against their common ancestor `o`, appended to `out`. A region changed
 * on one side only takes that side; the same change on both sides is
 * taken once; different changes to one region are written between
 * conflict markers, unless every line of it is at most a task item ticked
 * or unticked on one side (two promises ticked on two machines), when
 * both sides' ticks are taken. Returns the number of conflicts written.
 */
size_t merge_lines(const char *o, size_t olen, const char *a, size_t alen,
		   const char *b, size_t blen, struct buf *out);
/* The same with the markers naming the sides as `labels` says. */
size_t merge_lines_labeled(const char *o, size_t olen, const char *a, size_t alen,
			   const char *b, size_t blen, const struct merge_labels *labels,
			   struct buf *out);

/*
 * Merges a client (or any front-matter Markdown) file, appended to `out`.
 * The front matter is merged by top-level key, each key's block (its line
 * and the lines under it) taken as text, so ours' order, comments and
 * formatting stay byte for byte: a key changed, added or removed on one
 * side takes that side; changed differently on both, it is a conflict
 * around the two versions of that key's block. Keys theirs added go after
 * the key they follow in theirs. The body is merged with merge_lines().
 * When a side's front matter cannot be read (or `o` is empty because the
 * file is new on both sides and they differ), the whole file is merged
 * line by line. `path` names the file in nothing but the reader's
 * diagnostics, which are discarded. Returns the number of conflicts.
 */
size_t merge_file(const char *path, const char *o, size_t olen,
		  const char *a, size_t alen, const char *b, size_t blen,
		  struct buf *out);
/* The same with the markers naming the sides as `labels` says. */
size_t merge_file_labeled(const char *path, const char *o, size_t olen,
			  const char *a, size_t alen, const char *b, size_t blen,
			  const struct merge_labels *labels, struct buf *out);

/*
 * Both sides whole between one pair of markers, `a` then `b`, each ending
 * in a line end: what the merge driver writes for a journal entry both
 * sides added under one name, so that `notebook split` can make it two
 * entries again. Appended to `out`.
 */
void merge_both_whole(const char *a, size_t alen, const char *b, size_t blen,
		      const struct merge_labels *labels, struct buf *out);

#endif
