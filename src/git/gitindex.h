/*
 * A narrow editor of git's index file (versions 2 and 3): sets or removes
 * a few stage-0 entries and copies the rest through as bytes. libgit2 1.5
 * parses every entry of an index into its own structures (an allocation
 * and a hash insert each), which on a notebook of 200,000 files took most
 * of a `log`; a commit of one file needs one entry changed.
 *
 * It edits what `git add` edits, as git does: a conflicted path becomes
 * one stage-0 entry, an entry in the way of a new one (a file where a
 * directory is needed, or the other way round) is dropped, skip-worktree
 * is kept. A sparse index (the "sdir" extension) is edited outside its
 * sparse directories. Version 4 it reports as GITINDEX_UNSUPPORTED without
 * touching anything, and the caller falls back to libgit2; a split index
 * and unknown mandatory extensions neither can write (gitindex_check()).
 */
#ifndef NOTEBOOK_GITINDEX_H
#define NOTEBOOK_GITINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define GITINDEX_OID_LEN 20

/* Results besides 0 (done) and -1 (an error, with a message). */
enum {
	GITINDEX_NOT_FOUND = 1,   /* no index file */
	GITINDEX_UNSUPPORTED = 2, /* an index this module leaves to libgit2 */
	GITINDEX_LOCKED = 3,      /* index.lock exists: another git process */
	GITINDEX_REFUSED = 4      /* an index neither this module nor libgit2 can write */
};

/* The extended flags (version 3 entries) kept or set. */
#define GITINDEX_SKIP_WORKTREE 0x4000
#define GITINDEX_INTENT_TO_ADD 0x2000

/* One stage-0 entry to set (stat data of the work-tree file) or remove. */
struct gitindex_entry {
	const char *path; /* from the top of the work tree, '/'-separated */
	int remove;
	uint32_t ctime_sec, ctime_nsec, mtime_sec, mtime_nsec;
	uint32_t dev, ino, mode, uid, gid, size;
	unsigned char id[GITINDEX_OID_LEN];
	unsigned flags2;  /* extended flags (GITINDEX_SKIP_WORKTREE) */
	int exact_flags;  /* 0: keep the replaced entry's skip-worktree; 1: flags2 as given */
};

/* Why an index was left to libgit2, for a caller that wants to say so (may be NULL). */
struct gitindex_why {
	char text[96];
	char fix[160]; /* how the user can make it one that can be written, or "" */
};

/* Entries taken out of an index, each path malloc'd (gitindex_entries_free()). */
struct gitindex_entries {
	struct gitindex_entry *v;
	size_t n, alloc;
};

void gitindex_entries_free(struct gitindex_entries *l);

/*
 * Whether the index image `idx` can be edited, before anything is written:
 * 0 by this module; GITINDEX_UNSUPPORTED (version 4) by libgit2; or
 * GITINDEX_REFUSED with the reason and the fix in *why, when neither can
 * write it: a split index ("link"), a mandatory extension not known, a
 * sparse index of version 4, or a sparse directory entry inside `prefix`
 * (the notebook's folder from the top of the work tree, "" or ending in
 * '/'). An image that is not an index at all is GITINDEX_UNSUPPORTED too
 * (libgit2 then says what is wrong with it).
 */
int gitindex_check(const unsigned char *idx, size_t len, const char *prefix,
		   struct gitindex_why *why);

/*
 * Maps the index file at `path` for reading; the caller gives it back with
 * gitindex_unload(). 0, GITINDEX_NOT_FOUND when there is no such file, or
 * -1 with a message.
 */
int gitindex_load(const char *path, unsigned char **data, size_t *len);
void gitindex_unload(unsigned char *data, size_t len);

/*
 * Looks up the stage-0 entries of `n` paths (sorted by bytes compared
 * unsigned, none twice) in one pass over the index image `idx`: found[i]
 * gets the path, mode, id and extended flags of paths[i], or a NULL path when the index
 * has no such entry. 0, or GITINDEX_UNSUPPORTED when the image cannot be
 * walked. The checksum is not verified: this is for reading, never for
 * writing back.
 */
int gitindex_find(const unsigned char *idx, size_t len, const char *const *paths, size_t n,
		  struct gitindex_entry *found);

/*
 * The index image `idx` with the entries `e` (sorted by path as unsigned
 * bytes, no path twice) applied, appended to `out`: a stage-0 entry set or
 * removed per item (its conflict stages dropped, entries in its way
 * dropped), the cache tree (TREE) invalidated along each path, the
 * resolve-undo records (REUC) and the sparse index marker (sdir) kept,
 * extensions not known that git may ignore dropped as git drops them, and
 * the extensions that hold entry
 * offsets or stat data of their own (EOIE, IEOT, UNTR, FSMN) dropped, as
 * git drops them when they no longer fit. Entries whose mtime is at or
 * after `racy_sec` (the old index file's mtime, in seconds; 0 for none)
 * have their size set to 0, so that git compares their contents rather
 * than trust stat data as old as the index ("racy git"). The stage-0
 * entries replaced or dropped are added to `old` (may be NULL), so that
 * the change can be undone. An index whose checksum is all zeros (git's
 * index.skipHash) is read without checking it; the new one always has its
 * checksum, which every git reads. Returns 0, or GITINDEX_UNSUPPORTED
 * (GITINDEX_REFUSED for a path in a sparse directory) with the reason in
 * *why and `out` and `old` unchanged.
 */
int gitindex_apply(const unsigned char *idx, size_t len, const struct gitindex_entry *e,
		   size_t n, int64_t racy_sec, struct buf *out, struct gitindex_entries *old,
		   struct gitindex_why *why);

/* One entry of an index, for reading (gitindex_table_load()). */
struct gitindex_item {
	const char *path; /* into the image: not NUL-terminated; `len` bytes */
	size_t len;
	unsigned stage, mode;
	const unsigned char *id;
	/* the stat data git recorded of the work-tree file, and the extended flags */
	uint32_t ctime_sec, ctime_nsec, mtime_sec, mtime_nsec, dev, ino, uid, gid, size;
	unsigned flags2;
};

/* A directory whose cache-tree record (the TREE extension) is valid. */
struct gitindex_tree {
	char *dir; /* from the top of the work tree, no trailing '/'; "" is the top */
	unsigned char id[GITINDEX_OID_LEN];
};

/* An index's entries in its order (by path as bytes, then stage), and its valid cache tree. */
struct gitindex_table {
	struct gitindex_item *v;
	size_t n, alloc;
	struct gitindex_tree *trees; /* sorted by dir */
	size_t ntrees, talloc;
};

/*
 * Reads the entries and the cache tree of the index image `idx` (which
 * must outlive the table) into `t`. 0, or GITINDEX_UNSUPPORTED (version
 * 4, a split index's empty entries, a damaged image) with `t` empty. The
 * checksum is not verified: this is for reading, never for writing back.
 */
int gitindex_table_load(const unsigned char *idx, size_t len, struct gitindex_table *t);
void gitindex_table_free(struct gitindex_table *t);

/*
 * The tree id the cache tree records for the directory `dir` (as in
 * struct gitindex_tree), or NULL when it records none or an invalid one:
 * git keeps it for each directory whose entries have not changed since a
 * tree was written from them, so an equal id in HEAD's tree means the
 * index stages that directory as HEAD has it.
 */
const unsigned char *gitindex_table_tree(const struct gitindex_table *t, const char *dir);

/*
 * gitindex_apply() on the index file at `path`, in git's lock protocol:
 * `path`.lock is created exclusively first, the index read under it, the
 * new index written and fsynced into the lock file, renamed over `path`,
 * and the directory fsynced. The new file keeps the old one's permission
 * bits. Returns 0; GITINDEX_LOCKED when the lock file exists (nothing
 * done, no message); GITINDEX_UNSUPPORTED, GITINDEX_REFUSED or
 * GITINDEX_NOT_FOUND (no index file yet) with the lock removed and nothing
 * written; or -1 with a message. `old` (may be NULL) gets the entries
 * replaced or dropped, and is unchanged unless 0 is returned.
 */
int gitindex_update_file(const char *path, const struct gitindex_entry *e, size_t n,
			 struct gitindex_entries *old, struct gitindex_why *why);

#endif
