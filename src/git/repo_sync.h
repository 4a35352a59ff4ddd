/*
 * The repository side of `notebook sync` and of the merge driver's
 * installation, through libgit2 (repo_sync.c; no libgit2 type escapes).
 * Paths given back are relative to the top of the work tree.
 */
#ifndef NOTEBOOK_REPO_SYNC_H
#define NOTEBOOK_REPO_SYNC_H

#include <stddef.h>

struct sync_repo;

/*
 * Opens the repository of the notebook at `root` for syncing (or for the
 * driver's installation). HEAD must name a branch with at least one
 * commit. 0, or -1 with a message.
 */
int sync_open(const char *root, struct sync_repo **out);
void sync_free(struct sync_repo *s);

/*
 * Chooses where to sync, the user's choice alone (README, Sync): `where`
 * as typed on the command line, a remote's name, else a path (from the
 * current directory) or a URL; when NULL, the branch's upstream, else the
 * remote "origin". Never a setting of the notebook. 0, or -1 with a message.
 */
int sync_use_remote(struct sync_repo *s, const char *where);

/* Reads HEAD again, after another commit moved it. 0, or -1 with a message. */
int sync_reload_head(struct sync_repo *s);

/* HEAD's commit id in hex into `out`. */
void sync_head_hex(const struct sync_repo *s, char out[41]);
/* The remote's branch as last fetched, in hex into `out`: 0, or 1 when it has none. */
int sync_theirs_hex(const struct sync_repo *s, char out[41]);

/* The branch HEAD names ("main"), borrowed. */
const char *sync_branch(const struct sync_repo *s);

/*
 * What messages call the remote ("origin", or "'../remote.git'") and its
 * branch ("origin/main", "main of '../remote.git'"), raw (to be printed
 * escaped), borrowed.
 */
const char *sync_where(const struct sync_repo *s);
/* The remote's name or URL, unquoted, raw, borrowed. */
const char *sync_label(const struct sync_repo *s);
const char *sync_where_branch(const struct sync_repo *s);

/* The remote as sync_use_remote() takes it again (its name, or the URL), borrowed. */
const char *sync_remote_arg(const struct sync_repo *s);

/*
 * Registers notebook's merge driver for client files in this repository
 * only: `merge.notebook.driver` in its own config, running `self`, and a
 * line giving the notebook's clients' .md files `merge=notebook` in its
 * info/attributes. Nothing is committed. 1 when it added anything, 0
 * when all of it was there already, -1 with a message.
 */
int sync_install_driver(struct sync_repo *s, const char *self);

/*
 * The short id (7 hex digits) of HEAD of the repository around the current
 * directory, into `out`: 0, or -1 (and "") when there is none. No message.
 */
int sync_head_short(char out[8]);

/*
 * For the merge driver, in the repository around the current directory:
 * what the markers call this side ("NAME on HOST (abc1234)", malloc'd) and
 * the author of the newest commit from `hex` (the commit git merges) that
 * changed `path`, malloc'd, or NULL. No message.
 */
void sync_driver_labels(const char *path, const char *hex, char **ours, char **who);

/* Where a merge stands (README, Sync). */
enum sync_stop {
	SYNC_NOT_MERGING,   /* no merge in progress */
	SYNC_STOPPED,       /* a sync stopped with the whole merge written: --continue */
	SYNC_INTERRUPTED,   /* a sync killed while it merged: only --abort */
	SYNC_FOREIGN_MERGE, /* a merge no sync of this notebook left (git merge, git pull) */
};

/*
 * Where the merge in progress stands, checked against the record a sync
 * keeps of its own merges (the commits on both sides); *remote (when
 * non-NULL) is set to the stopped sync's remote, malloc'd, or NULL. A
 * merge that was committed but whose state was not ended (a sync killed
 * in between) is ended here. 0, or -1 with a message.
 */
int sync_merge_state(struct sync_repo *s, enum sync_stop *state, char **remote);

/*
 * Finishes a fast-forward that a killed sync left half written (its
 * record says so and HEAD has not moved): when every file it changes
 * holds the old version, the new one, the start of the new one or
 * nothing, the remote's versions are written and the branch moved, and
 * *resumed is set to 1. A file changed since is named instead (-1).
 * Then an index left behind HEAD is repaired (repo_repair_index()).
 */
int sync_resume(struct sync_repo *s, int *resumed);

/*
 * Records the merge in progress as stopped for the user (its result did
 * not validate), so --continue may finish it. 0, or -1 with a message.
 */
int sync_mark_stopped(struct sync_repo *s);

/*
 * 0 when none of the lock files a sync takes in the git directory exists
 * (the index's, HEAD's, the merge state's, the branch's, the remote-
 * tracking branch's once a remote is chosen); else -1 after saying which
 * one is in the way, how old it is, and what to do.
 */
int sync_locks(struct sync_repo *s);

/* Fetches the remote's branch(es). 0, or -1 with a message. */
int sync_fetch(struct sync_repo *s);

enum sync_state {
	SYNC_NO_UPSTREAM,  /* the remote has no such branch yet */
	SYNC_UP_TO_DATE,   /* nothing to fetch, nothing to push */
	SYNC_AHEAD,        /* only local commits: push */
	SYNC_FAST_FORWARD, /* only remote commits */
	SYNC_DIVERGED,     /* both: a merge */
};

/* Where HEAD stands against the fetched remote branch. */
int sync_analyse(struct sync_repo *s, enum sync_state *state);

/* Moves the branch, index and work tree to the remote's commit. */
int sync_fast_forward(struct sync_repo *s);

/*
 * Merges the remote's branch into the work tree and index, leaving a
 * merge in progress, recorded as stopped when conflicts remain; client files both sides changed are merged by key
 * (merge.c), with conflict markers where needed. The paths still in
 * conflict are put in *paths (the caller frees with sync_paths_free()).
 */
int sync_merge(struct sync_repo *s, char ***paths, size_t *n);

/*
 * The files the last sync_merge() may have written, from the top of the
 * work tree: `fn` is called with each (the paths either side changed since
 * the merge base, and the copies of entries of one name), then 0; -1 when
 * it may have written any file (too many paths changed, or no merge).
 */
int sync_merge_touched(const struct sync_repo *s, void (*fn)(void *arg, const char *path),
		       void *arg);

/* What each side did to a file in conflict. */
enum sync_conflict {
	SYNC_BOTH_CHANGED,  /* changed on both sides: markers in the file */
	SYNC_DELETED_THERE, /* changed here, deleted on the remote */
	SYNC_DELETED_HERE,  /* deleted here, changed on the remote */
};

/* What happened to `path` (from the top of the work tree), from the index's conflict. */
enum sync_conflict sync_conflict_kind(struct sync_repo *s, const char *path);

/* The notebook root inside the work tree ("" or "sub/dir/"), borrowed. */
const char *sync_prefix(const struct sync_repo *s);

/* The paths the index holds in conflict, sorted. */
int sync_conflicts(struct sync_repo *s, char ***paths, size_t *n);
void sync_paths_free(char **paths, size_t n);

/* Stages the work tree's version of each path (a fixed conflict). */
int sync_stage(struct sync_repo *s, char **paths, size_t n);

/*
 * Commits the merge in progress from the index (HEAD and MERGE_HEAD as
 * parents) and ends the merge state. -1 with a message while conflicts
 * remain.
 */
int sync_commit_merge(struct sync_repo *s);

/*
 * Ends the merge in progress: index and work tree back to HEAD, and the
 * files the remote added that the merge wrote, and the copies of our
 * entries it wrote under a new name, unchanged since, removed.
 */
int sync_abort(struct sync_repo *s);

/*
 * Pushes the branch to the remote's branch, which becomes its upstream
 * when it has none (a remote named, not a URL). 0 when pushed; 1 when the remote refused the update (it moved
 * since the fetch, or a hook declined: fetch, merge and try again), with
 * the remote's reason, escaped, in *why (the caller frees it); -1 with a
 * message on any other failure.
 */
int sync_push(struct sync_repo *s, char **why);

/*
 * When the last refused push found the remote's branch locked (a local
 * remote): a sentence naming the lock file, saying whether it is stale
 * (made before this sync started) and what to do, malloc'd and raw (to be
 * printed escaped); else NULL.
 */
char *sync_lock_report(const struct sync_repo *s);

/* notebook.syncRebase from the user's own git configuration (never the repository's): 0 or 1. */
int sync_rebase_default(void);

/*
 * sync --rebase: replays the local commits not on the remote's branch,
 * oldest first, on the remote's commit (their authors and messages kept),
 * client files and entries merged by key as in a merge; *count says how
 * many there were. 0 when all are replayed and the branch, index and work
 * tree hold them; 1 when a commit stopped on conflicts (the paths in
 * *paths, freed by the caller; the replay is recorded for --continue and
 * --abort); 2 when a merge commit is among them (nothing changed: merge
 * instead); -1 with a message.
 */
int sync_replay(struct sync_repo *s, size_t *count, char ***paths, size_t *n);

/* --continue of a stopped replay: commits the fixed commit, replays the rest; as sync_replay. */
int sync_replay_continue(struct sync_repo *s, char ***paths, size_t *n);

/* Whether the stopped (or interrupted) sync is a replay (sync_merge_state() says). */
int sync_is_replay(const struct sync_repo *s);

#endif
