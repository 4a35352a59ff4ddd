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
 * Opens the repository of the notebook at `root` for syncing with the
 * remote named `remote` (NULL: none yet, for the driver's installation).
 * HEAD must name a branch with at least one commit. 0, or -1 with a message.
 */
int sync_open(const char *root, const char *remote, struct sync_repo **out);
void sync_free(struct sync_repo *s);

/* The branch HEAD names ("main"), borrowed. */
const char *sync_branch(const struct sync_repo *s);

/*
 * Registers notebook's merge driver for client files in this repository
 * only: `merge.notebook.driver` in its own config, running `self`, and a
 * line giving the notebook's clients' .md files `merge=notebook` in its
 * info/attributes. Nothing
 * is committed. 0, or -1 with a message.
 */
int sync_install_driver(struct sync_repo *s, const char *self);

/* 1 when a merge is in progress (MERGE_HEAD), else 0. */
int sync_merging(struct sync_repo *s);

/* Fetches the remote's branches. 0, or -1 with a message. */
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
 * merge in progress; client files both sides changed are merged by key
 * (merge.c), with conflict markers where needed. The paths still in
 * conflict are put in *paths (the caller frees with sync_paths_free()).
 */
int sync_merge(struct sync_repo *s, char ***paths, size_t *n);

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

/* Ends the merge in progress: index and work tree back to HEAD. */
int sync_abort(struct sync_repo *s);

/*
 * Pushes the branch to the remote and makes the remote's branch its
 * upstream. 0 when pushed; 1 when the remote refused the update (it moved
 * since the fetch, or a hook declined: fetch, merge and try again), with
 * the remote's reason, escaped, in *why (the caller frees it); -1 with a
 * message on any other failure.
 */
int sync_push(struct sync_repo *s, char **why);

#endif
