/*
 * notebook sync [REMOTE]: fetch the remote's branch, integrate it (up to
 * date, fast-forward, or a merge commit with client files merged by key),
 * validate the result, push; a push refused because the remote moved is
 * retried after a new fetch and merge, SYNC_TRIES times in all. Conflicts
 * stop it with markers in the files (exit 5) until --continue or --abort.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "repo.h"
#include "repo_sync.h"
#include "text.h"
#include "util.h"

#define SYNC_TRIES 3

static const char sync_usage[] =
	"usage: notebook sync [REMOTE] [--commit] [--dry-run]\n"
	"   or: notebook sync --continue | --abort\n"
	"   or: notebook sync --install-driver\n";

enum sync_mode { MODE_SYNC, MODE_CONTINUE, MODE_ABORT, MODE_INSTALL };

/* The notebook's validity after a merge: 0 when it has no errors, else 1 (printed). */
static int validate(struct cmd_ctx *ctx)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	int ret = 0;

	if (notebook_load(ctx->root, 0, &nb, &d) < 0 || d.errors) {
		diags_sort(&d);
		diags_print(&d, ctx->display, stderr);
		ret = 1;
	}
	notebook_release(&nb);
	diags_release(&d);
	return ret;
}

/* The remote named in notebook.yaml (default "origin"), malloc'd. */
static char *configured_remote(struct cmd_ctx *ctx)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	char *name;

	notebook_load(ctx->root, 0, &nb, &d);
	name = xstrdup(nb.settings.remote && *nb.settings.remote ? nb.settings.remote : "origin");
	notebook_release(&nb);
	diags_release(&d);
	return name;
}

/* Hand edits of notebook files: 0 when none (or committed with --commit). */
static int check_clean(struct cmd_ctx *ctx, int commit)
{
	struct repo *r = NULL;
	struct repo_change *v = NULL;
	size_t n = 0;
	int status = EXIT_GIT;

	if (repo_open(ctx->root, &r) < 0 || repo_changes(r, &v, &n) < 0)
		goto out;
	status = EXIT_OK;
	if (!n)
		goto out;
	if (commit) {
		char *args[] = { "commit", NULL };
		status = cmd_commit(ctx, 1, args);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		fprintf_escaped(stderr, "notebook: uncommitted change to '%s%s'\n", ctx->display, v[i].path);
	error("commit hand edits first with 'notebook commit', or run 'notebook sync --commit'");
	status = EXIT_FINDINGS;
out:
	repo_changes_free(v, n);
	repo_free(r);
	return status;
}

/*
 * Whether a merge is in progress (hand edits are expected then): 1 or 0,
 * or -1 when the repository cannot be opened (said once, here).
 */
static int merge_stopped(struct cmd_ctx *ctx)
{
	struct sync_repo *s = NULL;
	int ret = -1;

	if (sync_open(ctx->root, NULL, &s) == 0)
		ret = sync_merging(s);
	sync_free(s);
	return ret;
}

/*
 * Stages every notebook file that differs from HEAD, as the work tree has
 * it: the user's fixes to a stopped merge are wherever they made them (a
 * file restored, removed or edited, not only the files in conflict), and
 * what was validated in the work tree must be what is committed.
 */
static int stage_fixes(struct cmd_ctx *ctx, struct sync_repo *s)
{
	struct repo *r = NULL;
	struct repo_change *v = NULL;
	char **paths = NULL;
	size_t n = 0;
	int ret = -1;

	if (repo_open(ctx->root, &r) < 0 || repo_changes(r, &v, &n) < 0)
		goto out;
	paths = xcalloc(n ? n : 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++)
		paths[i] = v[i].path; /* borrowed */
	ret = sync_stage(s, paths, n);
out:
	free(paths);
	repo_changes_free(v, n);
	repo_free(r);
	return ret;
}

static int report_conflicts(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf_escaped(stderr, "conflict: %s\n", paths[i]);
	error("sync stopped on conflicts; keep the right lines between the <<<<<<< and >>>>>>> "
	      "markers in the files above, then run 'notebook sync --continue' "
	      "(or 'notebook sync --abort' to undo the merge)");
	return EXIT_CONFLICT;
}

static const char *state_words(enum sync_state st)
{
	switch (st) {
	case SYNC_NO_UPSTREAM:
		return "the remote has no such branch yet: a first push";
	case SYNC_UP_TO_DATE:
		return "up to date";
	case SYNC_AHEAD:
		return "local commits to push";
	case SYNC_FAST_FORWARD:
		return "remote commits to fast-forward to";
	case SYNC_DIVERGED:
		return "commits on both sides: a merge, then a push";
	}
	return "";
}

/* Fetch, integrate, validate, push, until pushed or out of tries. */
static int sync_loop(struct cmd_ctx *ctx, struct sync_repo *s, const char *remote,
		     int dry_run, int pending_push)
{
	char **paths = NULL, *why = NULL;
	size_t n = 0;
	enum sync_state st;
	int status = EXIT_GIT;

	for (int try = 0; try < SYNC_TRIES; try++) {
		int pushed;

		free(why);
		why = NULL;

		if (sync_fetch(s) < 0 || sync_analyse(s, &st) < 0)
			goto out;
		if (dry_run) {
			printf_escaped("%s/%s: %s\n", remote, sync_branch(s), state_words(st));
			status = EXIT_OK;
			goto out;
		}
		switch (st) {
		case SYNC_UP_TO_DATE:
			printf_escaped(pending_push ? "pushed %s to %s\n" : "up to date with %s/%s\n",
			       pending_push ? sync_branch(s) : remote,
			       pending_push ? remote : sync_branch(s));
			status = EXIT_OK;
			goto out;
		case SYNC_FAST_FORWARD:
			if (sync_fast_forward(s) < 0)
				goto out;
			printf_escaped("fast-forwarded to %s/%s\n", remote, sync_branch(s));
			status = EXIT_OK;
			goto out;
		case SYNC_DIVERGED:
			if (sync_merge(s, &paths, &n) < 0)
				goto out;
			if (n) {
				status = report_conflicts(paths, n);
				goto out;
			}
			if (validate(ctx)) {
				error("the merge is not valid; fix the files above, then run "
				      "'notebook sync --continue' (or 'notebook sync --abort')");
				status = EXIT_FINDINGS;
				goto out;
			}
			if (sync_commit_merge(s) < 0)
				goto out;
			printf_escaped("merged %s/%s\n", remote, sync_branch(s));
			break;
		case SYNC_NO_UPSTREAM:
		case SYNC_AHEAD:
			break;
		}
		pushed = sync_push(s, &why);
		if (pushed < 0)
			goto out;
		if (!pushed) {
			printf_escaped("pushed %s to %s\n", sync_branch(s), remote);
			status = EXIT_OK;
			goto out;
		}
		pending_push = 1;
		fprintf_escaped(stderr, "notebook: '%s' refused the push of %s (%s)%s\n", remote,
			sync_branch(s), why, try + 1 < SYNC_TRIES ? "; fetching again" : "");
	}
	/* merged commits stay committed here: the next sync pushes them */
	error("'%s' refused the push %d times (%s); the commits stay here, "
	      "run 'notebook sync' again later", remote, SYNC_TRIES, why);
out:
	free(why);
	sync_paths_free(paths, n);
	return status;
}

int cmd_sync(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "commit", no_argument, NULL, 'c' },
		{ "continue", no_argument, NULL, 'C' },
		{ "abort", no_argument, NULL, 'A' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "install-driver", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sync_repo *s = NULL;
	enum sync_mode mode = MODE_SYNC;
	char **paths = NULL, *remote = NULL, *self = NULL;
	size_t n = 0;
	int ch, commit = 0, dry_run = 0, modes = 0, status = EXIT_GIT;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "nh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			commit = 1;
			break;
		case 'C':
			mode = MODE_CONTINUE;
			modes++;
			break;
		case 'A':
			mode = MODE_ABORT;
			modes++;
			break;
		case 'I':
			mode = MODE_INSTALL;
			modes++;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'h':
			fputs(sync_usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(sync_usage, NULL);
		}
	}
	if (modes > 1 || (modes && (commit || dry_run)))
		return usage_error(sync_usage, "--continue, --abort and --install-driver go alone");
	if (argc - optind > 1 || (mode == MODE_INSTALL && argc - optind))
		return usage_error(sync_usage, "too many arguments");
	remote = argc - optind ? xstrdup(argv[optind]) : configured_remote(ctx);

	if (mode == MODE_INSTALL) {
		if (sync_open(ctx->root, NULL, &s) < 0)
			goto out;
		self = realpath("/proc/self/exe", NULL);
		if (!self) {
			error("cannot find the notebook program itself");
			goto out;
		}
		if (sync_install_driver(s, self) < 0)
			goto out;
		printf("installed the merge driver for client files in this repository\n");
		status = EXIT_OK;
		goto out;
	}
	if (mode == MODE_SYNC && !dry_run) {
		int stopped = merge_stopped(ctx);
		if (stopped < 0 || (!stopped && (status = check_clean(ctx, commit)) != EXIT_OK))
			goto out;
	}
	status = EXIT_GIT;
	if (sync_open(ctx->root, remote, &s) < 0)
		goto out;
	if (mode == MODE_ABORT || mode == MODE_CONTINUE) {
		if (!sync_merging(s)) {
			error("no sync is stopped; nothing to %s",
			      mode == MODE_ABORT ? "abort" : "continue");
			status = EXIT_FINDINGS;
			goto out;
		}
		if (mode == MODE_ABORT) {
			if (sync_abort(s) < 0)
				goto out;
			printf("aborted the merge; back where the sync started\n");
			status = EXIT_OK;
			goto out;
		}
		if (sync_conflicts(s, &paths, &n) < 0 || sync_stage(s, paths, n) < 0 ||
		    stage_fixes(ctx, s) < 0)
			goto out;
		if (validate(ctx)) {
			error("fix the files above, then run 'notebook sync --continue' again");
			status = EXIT_FINDINGS;
			goto out;
		}
		if (sync_commit_merge(s) < 0)
			goto out;
		printf_escaped("merged %s/%s\n", remote, sync_branch(s));
		status = sync_loop(ctx, s, remote, 0, 0);
		goto out;
	}
	if (sync_merging(s)) {
		error("a sync stopped on conflicts; fix them and run 'notebook sync --continue', "
		      "or 'notebook sync --abort'");
		status = EXIT_CONFLICT;
		goto out;
	}
	status = sync_loop(ctx, s, remote, dry_run, 0);
out:
	sync_paths_free(paths, n);
	sync_free(s);
	free(remote);
	free(self);
	return status;
}
