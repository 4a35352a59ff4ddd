/*
 * The index: a cache of the parsed notebook in SQLite, and the full-text
 * search over it. The only file that sees <sqlite3.h> is index.c.
 *
 * Where: <gitdir>/notebook/index.db when the notebook root holds a .git
 * directory (or a .git file naming one, for worktrees), else
 * <root>/.notebook-cache/index.db (with a .gitignore of "*").
 *
 * What: one row per folder, a blob holding for each client or entry file
 * in it its name and stat data (size, mtime and ctime in ns, inode) and
 * what the loader made of it (the client or entry, its promises, its
 * diagnostics, its references), so that a hit gives exactly what a fresh
 * parse gives; a run writes back only the folders where a file changed,
 * appeared or went. The search text is in an FTS5 table, added by the
 * first search after a file changed. A file changed within a couple of
 * seconds before the run that made its record is treated as possibly
 * changed (git's racily-clean rule) and re-parsed. A
 * fingerprint of the tool, the built-in schemas, notebook.yaml, schema/
 * and the timezone guards the rows: when it changes, every file is
 * re-parsed.
 *
 * The cache is never trusted blindly and never fatal: missing, corrupt,
 * foreign or locked, it is rebuilt or bypassed. NOTEBOOK_NO_CACHE=1 turns
 * it off (search then builds its index in memory).
 */
#ifndef NOTEBOOK_INDEX_H
#define NOTEBOOK_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct index;
struct stat;
struct item;
struct fs_cursor;

enum {
	INDEX_FULL_TEXT = 1 << 0,  /* keep the search text up to date too */
	INDEX_MEMORY = 1 << 1,     /* no usable cache on disk: use one in memory */
	INDEX_REBUILD = 1 << 2,    /* delete the cache on disk and start afresh */
	INDEX_REQUIRED = 1 << 3,   /* report why the cache on disk cannot be used */
};

/*
 * Opens the cache of the notebook at `root` and reads its rows. Call it
 * before notebook.yaml and schema/ are read (the fingerprint is taken
 * from them first). Returns NULL when the cache is off or unusable (with
 * a message only under INDEX_REQUIRED); the caller frees with
 * index_close().
 */
struct index *index_open(const char *root, unsigned flags);
void index_close(struct index *ix);

/* --- for the loader (load.c) --- */

/* Pairs each of `items` (sorted by path) with its cached row, if any. */
void index_match(struct index *ix, struct item *items, size_t n);

/*
 * In a worker thread: when the item's file has not changed since its row
 * was written, fills the item from the row (it->cached = 1) and returns 1;
 * else 0 and the caller parses the file.
 */
int index_restore(struct index *ix, struct item *it, struct fs_cursor *cur);

/*
 * In a worker thread, after a fresh parse of the file whose bytes are in
 * `text` and whose stat data (taken before reading) is `st`: marks the
 * item for index_store(), and takes the text (leaving `text` empty) when
 * the search text is kept.
 */
void index_keep(struct index *ix, struct item *it, const struct stat *st, struct buf *text);

/*
 * Writes back the folders where a file was parsed afresh, appeared or
 * went (and their search texts under INDEX_FULL_TEXT), each in a
 * transaction of its own, and drops the folders no file was found in;
 * what another run is writing meanwhile is left to that run.
 */
void index_store(struct index *ix, struct item *items, size_t n);

/*
 * index_store() while the workers are still at it, in a thread of its
 * own: before looking at any of items[0..end) it calls ready(arg, end),
 * which must return once they are all done. Writing thus overlaps reading.
 */
void index_store_progressive(struct index *ix, struct item *items, size_t n,
			     void (*ready)(void *arg, size_t end), void *arg);

/* --- for the commands --- */

/* Where the cache is ("…/index.db", or ":memory:"), borrowed. */
const char *index_path(const struct index *ix);

/* The number of files cached and the bytes on disk (database and log). */
int index_stats(struct index *ix, long long *files, long long *bytes);

/* One search result: the file, and the matching text with its highlights. */
struct search_hit {
	char *path;
	/*
	 * The snippet: text with each highlighted run between the bytes 0xfe
	 * and 0xff (which valid UTF-8 never holds), runs of white space as
	 * one blank.
	 */
	char *snippet;
};

/*
 * How many words the search text's tokenizer makes of `s` (n bytes): what
 * query_translate() (query.h) asks of each term.
 */
size_t index_query_words(struct index *ix, const char *s, size_t n);

/* index_search()'s result for search tables that do not match their checksum. */
#define INDEX_DAMAGED (-3)

/*
 * Runs the FTS5 query `query` over the search text, best first (bm25,
 * then path), at most `limit` hits (0: all). Returns 0, or -1 with the
 * reason in `why` when the query cannot be understood (the caller words
 * the message), -2 when the search failed otherwise (reported), or
 * INDEX_DAMAGED (nothing said) when the search tables of a cache on disk
 * do not match the checksum kept with them: damaged, to be rebuilt
 * (INDEX_REBUILD) rather than trusted.
 */
int index_search(struct index *ix, const char *query, size_t limit,
		 struct search_hit **hits, size_t *nhits, struct buf *why);
void search_hits_free(struct search_hit *hits, size_t n);

#endif
