/*
 * What the writing commands (init, new, log, done, snooze, edit, commit)
 * share: opening the repository, today in the notebook's zone, client ids,
 * committing one file.
 */
#ifndef NOTEBOOK_WRITING_H
#define NOTEBOOK_WRITING_H

#include <stddef.h>

#include "buf.h"
#include "cmdctx.h"
#include "date.h"
#include "diag.h"
#include "git/repo.h"

/*
 * Opens the notebook's repository and checks that a commit can be made
 * (a branch, an identity) before anything is written. Returns EXIT_OK or
 * EXIT_GIT after a message.
 */
int writing_open(struct cmd_ctx *ctx, struct repo **r);

struct notebook;
struct resolved;

/*
 * The start of every command that changes clients' files, before anything
 * is written: replaces each of args[0..n) by the id of the client it names
 * (resolve_client_args(); the new strings belong to `keep`), checks that
 * each clients/<id>.md exists (writing_check_client()), opens the
 * repository (writing_open()) and, when `today` is not NULL, sets it
 * (writing_today()). Returns EXIT_OK, or the exit status after a message.
 */
int writing_start(struct cmd_ctx *ctx, char **args, size_t n, struct resolved *keep,
		  struct repo **r, day_t *today);

/*
 * Reads the whole notebook into `nb` for a command that must see every
 * file that could name the client `id` (rename, rm): a file with errors
 * stops it. Returns EXIT_OK with `nb` for the caller to release, else
 * EXIT_NO_NOTEBOOK or EXIT_FINDINGS after the diagnostics, with nothing
 * to release.
 */
int writing_load_whole(struct cmd_ctx *ctx, struct notebook *nb, const char *id);

/*
 * Today in the notebook's timezone (notebook.yaml's `timezone`, else the
 * system's; $NOTEBOOK_NOW when set). 0, or -1 with a message.
 */
int writing_today(const char *root, day_t *out);

/* 1 when `id` is a valid client id (^[a-z0-9][a-z0-9-]{0,62}$). */
int client_id_valid(const char *id);

/*
 * Checks that clients/<id>.md exists; else says so, with a "did you mean"
 * among the existing clients. 0 or -1.
 */
int writing_check_client(const char *root, const char *id);

/* Prints the diagnostics (sorted) with the display prefix on stderr. */
void writing_print_diags(struct cmd_ctx *ctx, struct diags *d);

/*
 * Commits `relpath` alone with `msg` and prints "msg" on stdout. Returns
 * EXIT_OK, or EXIT_GIT after a message.
 */
int writing_commit(struct cmd_ctx *ctx, struct repo *r, const char *relpath, const char *msg);

/*
 * Commits a command's own change to `relpath` and nothing the user
 * changed there by hand (README "What a command commits"). `wt` is the
 * work-tree file with the change, written first; `head` is HEAD's version
 * with the same change, committed (repo_commit_data()), so the hand edits
 * stay in the work tree, not staged. With `head` NULL the file has no hand
 * edits and `wt` is committed as written. Prints `msg` as
 * writing_commit() does. Returns EXIT_OK, EXIT_WRITE when the file
 * cannot be written, or EXIT_GIT after a message.
 */
int writing_commit_change(struct cmd_ctx *ctx, struct repo *r, const char *relpath,
			  const char *wt, size_t wlen, const char *head, size_t hlen,
			  const char *msg);

/*
 * HEAD's version of the root-relative `relpath`, for a command about to
 * change the file whose work-tree text is `wt`: 0 with *head NULL when
 * the file matches HEAD (no hand edits), 0 with *head set (malloc'd) when
 * it differs, -1 with a message when HEAD has no such file (it must be
 * committed first) or it cannot be read.
 */
int writing_head_version(struct cmd_ctx *ctx, struct repo *r, const char *relpath,
			 const char *wt, size_t wlen, char **head, size_t *hlen);

/*
 * Reads the root-relative file `relpath` (a regular file, never a symlink).
 * 0, or -1 with a message.
 */
int writing_read(const char *root, const char *relpath, char **data, size_t *len);

#endif
