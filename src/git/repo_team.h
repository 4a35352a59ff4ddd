/*
 * What a team's history says about the notebook's files, through libgit2
 * (repo_team.c): the files of a commit, who last changed a file and in
 * which commit, what a commit range brought, and hints for findings that
 * a teammate's commit explains (README, Sync; notebook(1), hook).
 * Paths are relative to the notebook root.
 */
#ifndef NOTEBOOK_REPO_TEAM_H
#define NOTEBOOK_REPO_TEAM_H

#include <stddef.h>

#include "diag.h"
#include "fsutil.h"

/*
 * The notebook's files (notebook.yaml, schema/, clients/, journal/) as the
 * commit `rev` ("HEAD", "MERGE_HEAD", a hex id) has them, for
 * notebook_load_files(); freed with repo_files_free(). 0, 1 when there is
 * no such commit (nothing set), -1 with a message.
 */
int team_commit_files(const char *root, const char *rev, struct file_data **files, size_t *n);

/*
 * The notebook paths the index (or GIT_INDEX_FILE, as a hook is given)
 * stages differently from HEAD, sorted; the caller frees them with
 * team_paths_free(). 0, or -1 with a message.
 */
int team_staged_changes(const char *root, char ***paths, size_t *n);
void team_paths_free(char **paths, size_t n);

/*
 * The newest commit reachable from `rev` that changed `path`: its short
 * id (7 hex digits) into `id` and its author's name into *author
 * (malloc'd, raw). 0, 1 when none was found (within the last few thousand
 * commits), -1 with a message.
 */
int team_last_change(const char *root, const char *rev, const char *path, char id[8],
		     char **author);

/*
 * Adds to each "no client 'ID'" finding in `d` what history explains it
 * with: clients/ID.md renamed by hand (removed in the commit, or the
 * uncommitted change, that added another client file), and the commands
 * that finish such a rename with `notebook rename`. Nothing is printed;
 * a repository that cannot be read adds nothing.
 */
void team_hint_renames(const char *root, struct diags *d);

/* One line of what a sync brought: entries of a client by one person. */
struct team_count {
	char *client, *by; /* raw */
	size_t n;
};

/* A client that came in new, or whose owner changed. */
struct team_client {
	char *id, *owner, *was; /* raw; owner and was NULL when none */
};

/*
 * What the commits from `from` (exclusive) to `to` brought: entries added,
 * counted by client and by who logged them (the entry's `by:`, else the
 * author of the commit that added it), new clients, clients whose owner
 * changed, and every notebook path changed.
 */
struct team_brought {
	size_t entries;
	struct team_count *counts; /* by client, then by person */
	size_t ncounts;
	struct team_client *added, *reassigned;
	size_t nadded, nreassigned;
	char **changed; /* sorted */
	size_t nchanged;
};

/*
 * Fills *b with what `to` brought since it parted from `from` (commit ids
 * or names such as "HEAD"): the changes from their merge base to `to`. 0,
 * or -1 with a message. The caller frees with team_brought_release().
 */
int team_brought(const char *root, const char *from, const char *to, struct team_brought *b);
void team_brought_release(struct team_brought *b);

/* Whether `path` is among b->changed. */
int team_brought_changed(const struct team_brought *b, const char *path);

/* The commit `rev` names, in hex into `out`: 0, or 1 when there is none (no message). */
int team_rev_hex(const char *root, const char *rev, char out[41]);

/*
 * Which side of the merge in progress is the one already shared: 2 when
 * the second side of conflict markers is (a merge: MERGE_HEAD), 1 when the
 * first is (a rebase or cherry-pick replays local commits onto HEAD), 0
 * when nothing is in progress.
 */
int team_shared_side(const char *root);

/*
 * Stages the work tree's version of each path (from the notebook root),
 * or its removal when the file is gone, ending a conflict on it as git
 * add does. 0, or -1 with a message.
 */
int team_stage(const char *root, char **paths, size_t n);

/* Whether the index lists `path` (from the notebook root) at any stage. */
int team_in_index(const char *root, const char *path);

/* The user's name as their commits give it (the git author), malloc'd, or NULL. */
char *team_me(const char *root);

#endif
