/*
 * The repository layer's insides, shared by repo.c and repo_sync.c only
 * (the files that include <git2.h>).
 */
#ifndef NOTEBOOK_REPO_INT_H
#define NOTEBOOK_REPO_INT_H

#include <git2.h>

#include "repo.h"

struct repo {
	git_repository *git;
	char *workdir; /* with a trailing slash */
	char *gitdir;  /* with a trailing slash */
	char *prefix;  /* the notebook root inside the work tree: "" or "sub/dir/" */
	int compared;  /* the index was compared with HEAD (not skipped in a merge) */
	int clean;     /* the index is known not to be behind HEAD (repo_repair_index()) */
};

struct gitindex_entry;

/*
 * The notebook files (under clients/, journal/, schema/, and
 * notebook.yaml) the index stages as an earlier commit of HEAD's history
 * had them, while the work tree has them as HEAD does (behind.c): each
 * gets an entry in *fix (its path malloc'd) that stages it as committed.
 * Nothing during a merge, rebase or other operation or a stopped sync,
 * while GIT_INDEX_FILE names another index, and nothing when more than a
 * 100,000 files differ. Free with repo_index_behind_free().
 * 0, or -1 with a message (none when `quiet`).
 */
int repo_index_behind(struct repo *r, struct gitindex_entry **fix, size_t *nfix, int quiet);
void repo_index_behind_free(struct gitindex_entry *fix, size_t n);

/*
 * repo_open() saying nothing: -1 when there is no repository with a work
 * tree holding `root` to read, or it cannot be opened.
 */
int repo_open_quiet(const char *root, struct repo **out);

/*
 * Sets the index entries `e` (sorted by path as unsigned bytes, no path
 * twice) and nothing else, waiting for a lock another git process holds
 * the way a commit does (gitindex.c; libgit2 for an index it leaves
 * alone). 0, or -1 with a message.
 */
int repo_index_set(struct repo *r, const struct gitindex_entry *e, size_t n);

/*
 * Writes the changes `diff` (from HEAD's tree to commit `to`'s) into
 * the work tree and the index, as a safe checkout of those paths does,
 * without reading or writing the rest of the index (ffcheckout.c).
 * Returns 0 when done; 1 when it is left to libgit2's checkout (a file
 * the change touches is not as HEAD has it, a filter or an unusual path
 * or mode, too many changes), with nothing written; -1 with a message
 * when writing failed part way.
 */
int repo_checkout_changes(struct repo *r, git_diff *diff, const git_oid *to);

struct gitindex_table;
/*
 * Whether the index `t` stages the notebook's files (clients/, journal/,
 * schema/, notebook.yaml) as HEAD's tree `root` has them, conflicted
 * entries aside (behind.c): 1 when it does, 0 when some differ, -1 when
 * a tree could not be read (nothing said).
 */
int repo_index_is_head(struct repo *r, const struct gitindex_table *t, git_tree *root);

/*
 * The objects reachable from `tip`, for a first push into the local
 * remote's pack folder `to` (pushpack.c): each pack of `git` that holds
 * only such objects is copied there as it is, the others are inserted
 * into `pb` for the caller to write. 0, or -1 with a message.
 */
int repo_push_pack_reuse(git_repository *git, const git_oid *tip, const char *to,
			 git_packbuilder *pb);

/*
 * git_diff_tree_to_tree(out, git, a, b, NULL), reading only the folders
 * whose ids differ (treediff.c).
 */
int repo_diff_trees(git_diff **out, git_repository *git, git_tree *a, git_tree *b);

/*
 * Inserts into `pb` the commits `walk` gives (the pushed branch's, those
 * the remote has hidden) and the objects of each commit's tree its first
 * parent's tree does not hold at the same path: every object the remote
 * lacks (each one new to the branch first appears in some commit of the
 * walk), reading only the folders that changed, where libgit2's
 * git_packbuilder_insert_walk() reads every tree of the hidden commits.
 * 0, or -1 (libgit2's error set).
 */
int repo_push_insert_new(git_repository *git, git_revwalk *walk, git_packbuilder *pb);

/* error() with libgit2's last message; returns -1. */
int git_fail(const char *what);

/*
 * Whether `path` (from the top of the work tree) is a notebook file of
 * `r`: notebook.yaml, or under clients/, journal/ or schema/ of its root,
 * neither hidden nor an editor's backup.
 */
int repo_notebook_path(const struct repo *r, const char *path);

/* A blob's bytes, NUL-terminated, malloc'd; its size into *len. */
char *repo_blob_copy(const git_blob *blob, size_t *len);

/*
 * Stages in the index of `git` the work tree's version of each path
 * (`prefix` followed by it, from the top of the work tree), or its removal
 * when the file is gone, ending a conflict on it as git add does, then
 * writes the index. 0, or -1 with a message.
 */
int repo_stage_paths(git_repository *git, const char *prefix, char *const *paths, size_t n);

/*
 * The author and committer a commit is made with, as git chooses them
 * from the environment and the configuration of `git` (the user's own
 * configuration when `git` is NULL); the caller frees both. 0, or -1 with
 * a message saying what to set.
 */
int repo_signatures(git_repository *git, git_signature **author, git_signature **committer);

/* The author's name as repo_signatures() would choose it, malloc'd, or NULL. */
char *repo_ident_name(git_repository *git);

/*
 * The newest commit reachable from `start` that changed `full` (a path
 * from the top of the work tree): its short id into `id`, its author's
 * name into *author (malloc'd). 0, 1 when none, -1 with a message
 * (repo_team.c; team_last_change() is the same from a notebook root).
 */
int team_last_change_git(git_repository *git, const git_oid *start, const char *full,
			 char id[8], char **author);

/*
 * What conflict markers call this side: "NAME on HOST (abc1234)", the
 * user's git author name and this machine's name, with `id`; malloc'd.
 */
char *repo_label_here(git_repository *git, const char *id);

#endif
