/*
 * The loader: finds a notebook, reads its files, validates them and builds
 * the model. All I/O of reading a notebook happens here.
 */
#ifndef NOTEBOOK_LOAD_H
#define NOTEBOOK_LOAD_H

#include <stdint.h>

#include "diag.h"
#include "fsutil.h"
#include "model.h"

/*
 * Finds the notebook root: `dir` (from -C) when given, else $NOTEBOOK_DIR,
 * else the nearest ancestor of the working directory holding notebook.yaml.
 * On success *root is a malloc'd path and *display the prefix to put before
 * root-relative paths when printing them ("" when the root is the working
 * directory, "../" for its parent, "examples/consultancy/" for -C …).
 */
int notebook_find(const char *dir, char **root, char **display);

enum {
	LOAD_KEEP_INVALID = 1 << 0, /* unused for now */
};

/*
 * Reads the whole notebook at `root` into `nb`: notebook.yaml, the optional
 * schema/ extensions, clients/ and journal/. Files that fail
 * validation are reported in `d` and left out of the model; the cross-file
 * checks (unknown clients, duplicate ids, file names) run too. Returns 0
 * when it could read the notebook at all (even with findings), -1 when not
 * (no notebook.yaml, unreadable root).
 */
int notebook_load(const char *root, unsigned flags, struct notebook *nb, struct diags *d);

struct index;
/*
 * Opens the notebook's cache (index_open(), with INDEX_* flags) under the
 * fingerprint of what every cached record depends on: this program, the
 * schemas, notebook.yaml and the timezone. NULL when there is none.
 */
struct index *notebook_index_open(const char *root, unsigned flags);

/*
 * notebook_load() through the cache `ix` opened by the caller with
 * notebook_index_open() (search keeps the full text up to date this way).
 */
int notebook_load_with_index(const char *root, struct index *ix, struct notebook *nb,
			     struct diags *d);

struct stat_seen_table;
/*
 * notebook_load() through the cache, with the stat data of `seen` (taken
 * earlier in this run: statseen.h) for the files it has, instead of a stat
 * of each: a file changed since must have been forgotten there.
 */
int notebook_load_seen(const char *root, struct stat_seen_table *seen, struct notebook *nb,
		       struct diags *d);

/*
 * The notebook a part at a time, for a reader that never holds every
 * entry at once (notebook(1), report). load_parts_open() reads what
 * notebook_load_with_index() would of notebook.yaml and every client
 * file into `nb` (clients linked, no entries) and plans the journal's
 * parts: its folders two deep (journal/YYYY/MM) with those below them,
 * and runs of the files above, in path order. NULL when the notebook
 * cannot be read (release `nb` all the same).
 *
 * load_parts_read() reads part `k` into `part` (entries alone, in path
 * order, not linked; release it with notebook_release() before
 * load_parts_close()), with the cache `ix` of load_parts_open() (one
 * opened with INDEX_DEFER) and the rules across files against every
 * client file's id. (*ords)[i] is where the file of part->entries[i] is
 * among the part's files (malloc'd). The first reading of a part reports
 * in `d` and writes the cache back; a later one with `want` (a bit per
 * file of the part, in that order) reads only the files wanted, says
 * nothing and writes nothing. -1 when the part's files are no longer
 * those of its first reading (nothing read).
 */
struct load_parts;
struct load_parts *load_parts_open(const char *root, struct index *ix, struct notebook *nb,
				   struct diags *d);
size_t load_parts_count(const struct load_parts *lp);
/* The number of files of part k as first read. */
size_t load_parts_files(const struct load_parts *lp, size_t k);
int load_parts_read(struct load_parts *lp, size_t k, const unsigned char *want,
		    struct notebook *part, uint32_t **ords, struct diags *d);
void load_parts_close(struct load_parts *lp);

/*
 * What a load asks when the stat walk finds every file as the cache has
 * it (none added, removed or changed) and nothing to say of the folders
 * or notebook.yaml, before it decodes any record: a command whose answer
 * depends on nothing else may give the one it kept (index_stat_answer()).
 */
struct load_delta;
struct load_early {
	int (*answer)(void *arg); /* 1 when it answered: the load stops there */
	/*
	 * Or, when the stat walk found a few files changed, added or removed
	 * (the rest as the cache has them) and nothing to say of any (each
	 * changed one read and valid, naming only clients whose files the
	 * cache has), `delta` (when set) is asked which files the model is to
	 * hold (load_delta_want()): 1, and the load reads those alone and the
	 * changed ones; 0, and it reads the whole notebook.
	 */
	int (*delta)(void *arg, struct load_delta *dl);
	void *arg;
};

/*
 * What a delta (struct load_early) holds. A position is a file's place
 * among the files the cache has (index_rows() of them), in path order; an
 * item is a file found now, in path order.
 */
size_t load_delta_rows(const struct load_delta *dl);
size_t load_delta_items(const struct load_delta *dl);
/* The position of item i; SIZE_MAX for a file the cache does not have. */
size_t load_delta_pos(const struct load_delta *dl, size_t i);
/* A file changed, added or removed. */
struct load_change {
	size_t item;             /* SIZE_MAX: removed */
	size_t pos;              /* SIZE_MAX: added */
	int client;              /* a client file (an added or changed one; else an entry) */
	const char *path;        /* NULL: removed */
	const char *const *ids;  /* the clients an added or changed entry names now */
	size_t nids;
};
size_t load_delta_count(const struct load_delta *dl);
/*
 * Whether the delta writes the changed files' rows: when enough changed,
 * the command keeps its answer anew; else each run reads them again and
 * writes nothing, its answer kept as it was (as of the rows as they are).
 */
int load_delta_stores(const struct load_delta *dl);
void load_delta_change(const struct load_delta *dl, size_t k, struct load_change *out);
/* The item of clients/ID.md; SIZE_MAX when there is none. */
size_t load_delta_client(const struct load_delta *dl, const char *id);
/* What a file's position is checked with: a hash of its path. */
uint32_t load_path_hash(const char *path);
/*
 * The file at position `pos`, whose path has the hash `hash`, is to be in
 * the model: 0, or -1 when that position holds no such file now.
 */
int load_delta_want(struct load_delta *dl, size_t pos, uint32_t hash);

/*
 * notebook_load_with_index() that asks `early` (NULL: never) first: 1
 * when it answered (`nb` is then empty, to be released); 2 when its
 * delta took the few files changed (`nb` then holds those and the ones
 * asked for, linked).
 */
int notebook_load_early(const char *root, struct index *ix, struct notebook *nb,
			struct diags *d, const struct load_early *early);

/*
 * Checks the given files only (paths relative to the root, or absolute
 * inside it), with the rest of the notebook as context for the cross-file
 * checks.
 */
int notebook_check_paths(const char *root, char **paths, int npaths, struct diags *d);

/*
 * notebook.yaml alone into nb->settings (the defaults where it has
 * findings), as notebook_load() reads it, without a look at clients/ or
 * journal/: for a command that needs a setting and nothing else (sync's
 * `remote:`). The rest of `nb` stays empty; notebook_release() frees it.
 */
int notebook_load_settings(const char *root, struct notebook *nb, struct diags *d);

/*
 * Like notebook_load(), but reads notebook.yaml, schema/, clients/ and
 * journal/ from the given files instead of the disk (check --staged).
 */
int notebook_load_files(const char *root, const struct file_data *files, size_t n,
			struct notebook *nb, struct diags *d);

/*
 * Validates one file on its own (schema and the rules inside one file, not
 * those across files): `relpath` says what it is (notebook.yaml,
 * clients/<id>.md, journal/…/….md). The notebook's schema/ extensions under
 * `root` apply. Returns 0 when valid, else -1 with diagnostics in `d`.
 */
int validate_file(const char *root, const char *relpath, const char *data, size_t len,
		  struct diags *d);

/*
 * One text at a time, as a long-running reader of unsaved files needs it
 * (notebook lsp): the notebook's schemas compiled once by checker_open()
 * (NULL, with findings in `d`, when a schema is unusable; `root` NULL for
 * the built-in ones alone; `schema`, when not NULL, is the text of one
 * schema/NAME.schema.yaml to take instead of the disk's), then
 * checker_text() gives the findings
 * `check` gives for the file `relpath` were it to hold `data`. `ids` are
 * the ids of every client file in the notebook (one per file, so twice for
 * a duplicate), sorted and NULL-terminated: the cross-file rules (an entry
 * naming an unknown client, a duplicate client id) are checked against
 * them. Files that are not notebook files get no findings. Returns 0 when
 * the text has no errors, else -1. checker_free() frees the checker.
 */
struct checker;
struct checker *checker_open(const char *root, const struct file_data *schema, struct diags *d);
int checker_text(struct checker *ck, const char *relpath, const char *data, size_t len,
		 char **ids, size_t nids, struct diags *d);
void checker_free(struct checker *ck);

#endif
