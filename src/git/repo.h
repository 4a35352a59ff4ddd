/*
 * The repository layer: everything notebook writes into git, through
 * libgit2. <git2.h> is included only by repo*.c; nothing here exposes its
 * types. Paths given to and returned by these functions are relative to
 * the notebook root, which may be a subdirectory of the work tree.
 */
#ifndef NOTEBOOK_REPO_H
#define NOTEBOOK_REPO_H

#include <stddef.h>

#include "fsutil.h"

struct repo;

/*
 * Opens the repository whose work tree holds the notebook at `root`, with
 * fsync of the git directory on. 0, or -1 with a message (not a git work
 * tree, a bare repository, a repository owned by someone else).
 */
int repo_open(const char *root, struct repo **out);

/*
 * Whether the last libgit2 failure reported was the system refusing a
 * write (a full disk, a quota, a read-only file system): exit status 6,
 * not 4 (README, exit statuses).
 */
int repo_write_refused(void);
void repo_free(struct repo *r);

/*
 * Makes `dir` (which must exist) a git repository unless it already is
 * the top of one; *created says which. 0, or -1 with a message.
 */
int repo_init(const char *dir, int *created);

/*
 * What init checks before it makes anything: `dir` (which need not exist)
 * is not inside another repository's work tree or git directory, though
 * it may be the top of a work tree; and there is a git identity to commit
 * with. 0, or -1 with a message saying what to do.
 */
int repo_init_check(const char *dir);

/*
 * Checks what a commit needs before anything is written: no merge,
 * cherry-pick, revert, rebase or `git am` in progress, an index that can
 * be written back (not split, no unknown mandatory extension, the
 * notebook's folders not sparse directories of a sparse index), HEAD
 * names a branch (born or not) and the user has a git identity. 0, or -1
 * with a message saying how to fix it.
 */
int repo_check_writable(struct repo *r);

/*
 * Repairs an index left behind HEAD for the notebook's files: a file the
 * index stages as an earlier commit had it (or lacks, or still has after
 * HEAD removed it) while HEAD and the work tree agree, which a commit
 * killed after its branch moved and before its index was written leaves,
 * and which the user's next plain `git commit` would undo or delete. Each
 * such file is staged as committed, with a warning naming it. Writing
 * commands run it from repo_check_writable(), sync when it opens the
 * repository. 0, or -1 with a message.
 */
int repo_repair_index(struct repo *r);

/*
 * repo_repair_index() for a read command, in the notebook at `root`: a
 * notebook outside git is quietly nothing, and so is any error. It never
 * waits: while another notebook writer or git command holds its lock, or
 * with GIT_OPTIONAL_LOCKS=0 (git's own "write nothing you need not"), it
 * only warns, naming the files (README, "Nothing half-written").
 */
void repo_repair_index_at(const char *root);

/*
 * The user's name as a commit's author would have it (GIT_AUTHOR_NAME,
 * else author.name, else user.name), malloc'd, or NULL.
 */
char *repo_user_name(struct repo *r);

/*
 * Commits the given paths as they are in the work tree, and nothing else:
 * the new tree is HEAD's tree with these paths updated (a path gone from
 * the work tree is removed). The index (which repo_check_writable()
 * checked before anything was written) gets these paths' entries first,
 * as `git add` makes them, and only then is the branch moved, with a
 * compare-and-swap retried when another writer moved it first: a crash in
 * between leaves the paths staged as committed, never staged as they were
 * before. When the branch cannot be moved the index is put back. A lock
 * held by another git process is waited on for about two seconds, then
 * reported. Whatever else the user staged stays staged. Returns 0 after a
 * commit, 1 when the paths already match HEAD (nothing committed), -1
 * with a message when nothing was committed.
 */
int repo_commit_paths(struct repo *r, char *const *paths, size_t n, const char *msg);

/*
 * repo_commit_paths() for one path, committing `data` (the bytes as git
 * stores them, as repo_head_file() gives them) instead of the work-tree
 * file, which is neither read nor changed. The path's index entry becomes
 * the committed blob with no file data recorded, so git compares the
 * work-tree file afresh: what the file holds beyond `data` shows as a
 * change not staged. Returns as repo_commit_paths() does.
 */
int repo_commit_data(struct repo *r, const char *path, const char *data, size_t len,
		     const char *msg);

/*
 * 1 when the notebook files surely match HEAD: staged as HEAD has them,
 * and each work-tree file with the stat data its index entry recorded or
 * else the same contents (as git status decides), no file the index does
 * not know; 0 when they may not, and repo_changes() is to say which
 * differ. Costs a stat of each file, not a read.
 */
int repo_unchanged(struct repo *r);

struct stat_seen_table;
/*
 * repo_unchanged(), keeping in `out` (empty: the caller's, to release) the
 * stat data of every notebook file it stats, from the notebook's root,
 * when it returns 1 (statseen.h); left empty when it returns 0.
 */
int repo_unchanged_seen(struct repo *r, struct stat_seen_table *out);

/* One path whose work-tree state differs from HEAD. */
struct repo_change {
	char *path;
	char status; /* 'A' added, 'M' modified, 'D' deleted (relative to HEAD); '='
		      * when the work tree matches HEAD and only the index differs */
};

/*
 * The notebook files (notebook.yaml, clients/, journal/, schema/) that
 * differ between HEAD and the work tree, whether staged or not, sorted by
 * path. Hidden files, editor backups (~) and notebook's own temporary
 * files are left out. The caller frees with repo_changes_free().
 */
int repo_changes(struct repo *r, struct repo_change **v, size_t *n);
void repo_changes_free(struct repo_change *v, size_t n);

/*
 * HEAD's version of `path` into a malloc'd NUL-terminated buffer. 0, 1
 * when HEAD has no such file (or no commit yet), -1 with a message.
 */
int repo_head_file(struct repo *r, const char *path, char **data, size_t *len);

/*
 * `name` inside the repository's git directory ("<gitdir>/notebook"; the
 * main one, for a linked work tree), malloc'd: a place of ours that git
 * neither tracks nor shows.
 */
char *repo_git_path(struct repo *r, const char *name);

/*
 * The git directory of a work tree whose top is `root`, found without
 * opening the repository: its .git folder, or the folder a .git file
 * ("gitdir: …", a linked work tree) names; malloc'd, NULL when `root`
 * holds neither.
 */
char *repo_git_dir_at(const char *root);

/*
 * The directory the repository's hooks live in (the git directory's
 * hooks/, or core.hooksPath), malloc'd; and the notebook root relative to
 * the top of the work tree ("" at the top), malloc'd.
 */
int repo_hooks_dir(struct repo *r, char **dir);
const char *repo_prefix(const struct repo *r);

/*
 * Every staged blob (stage 0 of the index) under clients/, journal/,
 * schema/ and notebook.yaml of the notebook at `root`, with its path
 * relative to the root. The caller frees with repo_files_free().
 */
int repo_staged_files(const char *root, struct file_data **files, size_t *n);
void repo_files_free(struct file_data *files, size_t n);

/*
 * core.editor from the user's own git configuration (global and XDG
 * files only, never a repository's), malloc'd, or NULL when unset.
 */
char *repo_user_editor(void);
/* The same for any string setting `key` ("core.pager"). */
char *repo_user_config(const char *key);

/*
 * A string setting of the repository that holds `root`, from its own
 * configuration only (.git/config: never the user's, the system's, nor a
 * file of the work tree), malloc'd, or NULL when unset or when `root` is
 * in no repository. Nothing is said.
 */
char *repo_local_config(const char *root, const char *key);
/* Sets `key` there to `value`, or removes it when `value` is NULL. 0, or -1 with a message. */
int repo_set_local_config(const char *root, const char *key, const char *value);

#endif
