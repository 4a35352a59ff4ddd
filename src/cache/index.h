/*
 * The index: a cache of the parsed notebook in SQLite, and the full-text
 * search over it. The only file that sees <sqlite3.h> is index.c.
 *
 * Where: <gitdir>/notebook/index.db when the notebook root holds a .git
 * directory (or a .git file naming one, for worktrees), else
 * <root>/.notebook-cache/index.db (with a .gitignore of "*").
 *
 * What: one row per folder, a blob holding for each file in it its name
 * and stat data (size, mtime and ctime in ns, inode) and a record: bytes
 * the caller (the loader, through record.c) made of the file and reads
 * back, which the cache stores without knowing what they hold. A run
 * writes back only the folders where a file changed, appeared or went.
 * The search text is in an FTS5 table, added by the first search after a
 * file changed. A file changed within a couple of seconds before the run
 * that made its record is treated as possibly changed (git's
 * racily-clean rule) and read again. A fingerprint the caller gives (of
 * the tool, the schemas, notebook.yaml and the timezone: whatever every
 * record depends on) guards the rows: when it changes, every file is
 * read again.
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
struct index_row;
struct stat;

enum {
	INDEX_FULL_TEXT = 1 << 0,  /* keep the search text up to date too */
	INDEX_MEMORY = 1 << 1,     /* no usable cache on disk: use one in memory */
	INDEX_REBUILD = 1 << 2,    /* delete the cache on disk and start afresh */
	INDEX_REQUIRED = 1 << 3,   /* report why the cache on disk cannot be used */
	INDEX_DEFER = 1 << 4,      /* read no rows until index_read(): an answer may spare them */
};

/*
 * Opens the cache of the notebook at `root` and reads its rows in a
 * thread of its own. `fingerprint` (len bytes) is what every record
 * depends on besides its own file (the loader's notebook_index_open()
 * makes it): rows written under another are not used. Returns NULL when
 * the cache is off or unusable (with a message only under
 * INDEX_REQUIRED); the caller frees with index_close().
 */
struct index *index_open(const char *root, const void *fingerprint, size_t len,
			 unsigned flags);
void index_close(struct index *ix);

/* Starts reading the rows of a cache opened with INDEX_DEFER (once). */
void index_read(struct index *ix);

/*
 * For a reader that takes the notebook a folder at a time (the report):
 * drops the rows read so far and reads those of the folder `dir` alone, or
 * with `tree` of it and every folder below it, before it returns. A cache
 * opened with INDEX_DEFER and read this way only: index_store() then writes
 * and drops only among these folders, and the file-system monitor is not
 * asked (every file's stat data is compared) nor its state kept.
 */
void index_read_part(struct index *ix, const char *dir, int tree);

/*
 * --- answers: a command's whole output, kept for the files as they are ---
 *
 * With the file-system monitor on (monitor.h), a command may keep what it
 * printed under a key that holds everything else its output depends on
 * (its arguments, the day, the terminal); the cache adds its fingerprint.
 * index_answer() gives it back only when the monitor says exactly that no
 * client or entry file changed since a clock taken before the kept
 * answer's files were read. Call it before index_read(). 1 with the
 * output in `out` and the exit status in *status; 0 when there is none to
 * trust (the command then does its work, and may keep its answer).
 */
int index_answer(struct index *ix, const void *key, size_t len, struct buf *out, int *status);

/*
 * Whether answers can be kept at all: a cache on disk (opened with
 * INDEX_DEFER, its rows not read yet).
 */
int index_answers_on(struct index *ix);

/*
 * Without the monitor, the stat walk stands for it: the kept answer of
 * `key` when it was kept as of the rows this run read (the cache's count
 * of writes then is the same) and the loader found every file as its row
 * has it, none added or removed (load.h, struct load_early): 1 with the
 * output and exit status, as index_answer(); 0 otherwise (and always with
 * the monitor on).
 */
int index_stat_answer(struct index *ix, const void *key, size_t len, struct buf *out,
		      int *status);

/* The number of files the cache has a row of, once the rows are read. */
size_t index_rows(struct index *ix);

/*
 * Keeps `out` (`outlen` bytes) and `status` under `key`, as of the clock
 * index_answer() took, when it took one; without the monitor, as of the
 * rows as this run left them (index_store() says so, when no other run
 * wrote meanwhile). The last few answers are kept.
 */
void index_keep_answer(struct index *ix, const void *key, size_t len, const void *out,
		       size_t outlen, const struct buf *parts, int status);
/*
 * What a command keeps beside an answer (index_keep_answer()'s `parts`,
 * NULL: none) to make the next one from it when few files changed (status:
 * its rows and which entries name which clients), kept in the same
 * transaction, as of the rows as that run left them (their count of
 * writes, when no other run wrote meanwhile; else none is kept).
 * index_stat_parts() gives the answer kept under `key` and its parts when
 * the rows are still as that run left them, before this run wrote any (and,
 * without the monitor, the answer is index_stat_answer()'s): 1 with the
 * output, the parts and the exit status; 0 when either is missing or not
 * whole.
 */
int index_stat_parts(struct index *ix, const void *key, size_t len, struct buf *out,
		     struct buf *parts, int *status);

/* Where the cached row is among the cache's files, in path order (0 to index_rows()). */
size_t index_row_pos(const struct index *ix, const struct index_row *row);

/* --- the store: records by path and stat data, as opaque bytes --- */

/* A cached file: its record and the stat data it was made for (the cache's). */
struct index_row;

/* The stat data a record is kept for: size, times in ns, inode. */
struct index_key {
	int64_t size, mtime, ctime, ino;
};

void index_key_of(const struct stat *st, struct index_key *key);

enum index_state {
	INDEX_NONE,   /* nothing to store: the file could not be read */
	INDEX_CACHED, /* its cached row is current (index_use_row()) */
	INDEX_FRESH,  /* read now: its record is to be encoded and stored */
};

/* A search text to add (index_keep_text()), with its bytes after it. */
struct index_text;

struct arena;

/*
 * What the cache keeps of one file, one per file the caller reads: the
 * caller fills `path` and the cache the rest, through the calls below.
 * Small (a restored file needs only its row and state): the stat data of
 * a file read now is allocated apart (index_keep()), and so is a search
 * text; index_files_release() frees the texts left.
 */
struct index_file {
	const char *path;             /* from the root, borrowed */
	const struct index_row *row;  /* its cached row (index_match()), or NULL */
	struct index_key *key;        /* INDEX_FRESH: the stat data of the record stored */
	struct index_text *text;      /* its search text to add, or NULL */
	int64_t fts;                  /* the rowid of its search text, 0: none */
	enum index_state state;
};

/* Pairs each of `files` (sorted by path) with its cached row, if any. */
void index_match(struct index *ix, struct index_file *files, size_t n);

/*
 * A cached row's fields, read from its folder's blob once for all the
 * calls below (index_row_fields()): each read decodes them all again.
 */
struct index_cached {
	const unsigned char *rec;     /* the record, as the caller's encoder wrote it */
	size_t reclen;
	struct index_key key;         /* the stat data it was made for */
	int64_t seen;                 /* when it was made (ns) */
	int64_t fts;                  /* the rowid of its search text, 0: none */
};

/*
 * 0, or -1 when the row's checksum (its fields, record and name) does not
 * match: a damaged row, never to be used (its file is read again).
 */
int index_row_fields(const struct index *ix, const struct index_row *row,
		     struct index_cached *c);

/*
 * 1 when `st` (a file's stat data, taken now) is the row's (its fields `c`) and the row is
 * trusted: written under this fingerprint, and not racily clean (changed
 * within a couple of seconds before the run that cached it).
 */
int index_unchanged(const struct index *ix, const struct index_cached *c, const struct stat *st);
/* index_unchanged() of a regular file's stat data `k`, taken now. */
int index_unchanged_key(const struct index *ix, const struct index_cached *c,
			const struct index_key *k);

/* 1 when the file-system monitor is known to be off: every file is to be stat-ed. */
int index_monitor_off(const struct index *ix);

/*
 * 1 when the cache holds folder listings: a run has left rows (and maybe
 * an answer) to compare the files with. None (no cache yet): nothing the
 * stat walk could find as kept.
 */
int index_has_listings(struct index *ix);

/*
 * 1 when the file-system monitor (monitor.h, index --monitor) said the
 * row's file has not changed since the row was right: the row is trusted
 * without a stat. 0 when it said nothing of the kind (off, no exact answer).
 */
int index_vouched(const struct index *ix, const struct index_row *row);

/*
 * The memory the rows' records are in, for the caller to keep (and free())
 * as long as it uses what it read in place there; NULL when there are no
 * rows. Call it after index_store(): the cache no longer frees it.
 */
void *index_take_records(struct index *ix);

/* The file's row is current and its record was decoded: it is kept as it is. */
void index_use_row(struct index_file *f, const struct index_cached *c);

/*
 * A file read now, whose stat data (taken before reading) is `st`: kept
 * in `mem` (the caller's, to release once index_store() is done).
 */
void index_keep(struct index_file *f, const struct stat *st, struct arena *mem);

/*
 * 1 when the cache keeps search texts and the file has none yet: the
 * caller hands its text with index_keep_text().
 */
int index_wants_text(const struct index *ix, const struct index_file *f);

/*
 * The search text of a file whose record says it is valid: `len` bytes,
 * the front matter's `front_len` at `front`, the body from `body`
 * (copied; nothing when the search text is not kept).
 */
void index_keep_text(const struct index *ix, struct index_file *f, const char *text,
		     size_t len, size_t front, size_t front_len, size_t body);

/* Frees the search texts index_store() did not take (or all, without it). */
void index_files_release(struct index_file *files, size_t n);

/*
 * Writes back the folders where a file was read afresh, appeared or went
 * (and their search texts under INDEX_FULL_TEXT), each in a transaction
 * of its own, and drops the folders no file was found in; what another
 * run is writing meanwhile is left to that run. The record of files[i]
 * read afresh is what encode(arg, i, out) appends to `out`. When `ready`
 * is not NULL, it is called with `end` before any of files[0..end) is
 * looked at and returns once they are all settled: the caller's workers
 * may still be at them, and writing overlaps reading.
 */
void index_store(struct index *ix, struct index_file *files, size_t n,
		 void (*encode)(void *arg, size_t i, struct buf *out),
		 void (*ready)(void *arg, size_t end), void *arg);

/* --- the folders' listings, for the loader's walk --- */

/*
 * The listing of the folder `dir` (from the root) that the loader kept
 * (index_keep_listing()), `len` bytes, when `st` (the folder's stat data,
 * taken now) is the one it was made with and it is trusted (not made
 * within a couple of seconds of a change to the folder): the folder's
 * entries are then the same. NULL otherwise. Waits for the reader thread
 * to have read the listings (start it with index_read() first). Safe from
 * several threads, each asking for folders of its own.
 */
const void *index_listing(struct index *ix, const char *dir, const struct stat *st, size_t *len);

/*
 * Keeps the listing of `dir` read now (its bytes), whose stat data `st`
 * was taken before it was read; index_store_listings() writes it. Safe
 * from several threads.
 */
void index_keep_listing(struct index *ix, const char *dir, const struct stat *st,
			const void *data, size_t len);

/*
 * Writes the listings kept, and drops those of folders the walk did not
 * ask for (gone, or changed): after a walk of the whole notebook only.
 */
void index_store_listings(struct index *ix);

/*
 * index_store_listings() in a thread of its own, and then, when
 * index_store() wrote rows, SQLite's log copied into the database, while
 * the caller goes on; every later use of the cache waits for it.
 */
void index_settle(struct index *ix);

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
