/*
 * notebook sync [REMOTE | PATH | URL]: fetch the remote's branch (where the
 * user says: README, Sync), integrate it (up to
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
#include "help.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "git/repo.h"
#include "git/repo_sync.h"
#include "git/repo_team.h"
#include "text.h"
#include "util.h"

#define SYNC_TRIES 3

static const char sync_usage[] =
	"usage: notebook sync [REMOTE | PATH | URL] [--commit] [--dry-run]\n"
	"   or: notebook sync --continue [REMOTE | PATH | URL]\n"
	"   or: notebook sync --abort\n"
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
		team_hint_renames(ctx->root, &d);
		diags_print(&d, ctx->display, stderr);
		ret = 1;
	}
	notebook_release(&nb);
	diags_release(&d);
	return ret;
}

/*
 * A `remote:` in notebook.yaml is not where sync goes (README, Sync): the
 * notebook is shared, and a collaborator could point everyone's pushes at
 * a remote of their choosing. When it names another remote, say so.
 */
static void note_remote_setting(struct cmd_ctx *ctx, struct sync_repo *s)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	const char *set;

	notebook_load(ctx->root, 0, &nb, &d);
	set = nb.settings.remote;
	if (set && *set && strcmp(set, sync_remote_arg(s))) /* a misleading setting */
		fprintf_escaped(stderr, "notebook: warning: 'remote: %s' in %snotebook.yaml is "
				"ignored (sync goes to '%s', the branch's upstream or the remote "
				"named on the command line); delete that line\n", set,
				ctx->display, sync_label(s));
	notebook_release(&nb);
	diags_release(&d);
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

/* The paths in conflict (from the top of the work tree). */
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
static int sync_loop(struct cmd_ctx *ctx, struct sync_repo *s, int dry_run, int pending_push)
{
	char **paths = NULL, *why = NULL, *lock = NULL;
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
			printf_escaped("%s: %s\n", sync_where_branch(s), state_words(st));
			status = EXIT_OK;
			goto out;
		}
		switch (st) {
		case SYNC_UP_TO_DATE:
			if (pending_push)
				printf_escaped("pushed %s to %s\n", sync_branch(s), sync_where(s));
			else
				printf_escaped("up to date with %s\n", sync_where_branch(s));
			status = EXIT_OK;
			goto out;
		case SYNC_FAST_FORWARD:
			if (sync_fast_forward(s) < 0)
				goto out;
			printf_escaped("fast-forwarded to %s\n", sync_where_branch(s));
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
				if (sync_mark_stopped(s) < 0)
					goto out;
				error("the merge is not valid; fix the files above, then run "
				      "'notebook sync --continue' (or 'notebook sync --abort')");
				status = EXIT_FINDINGS;
				goto out;
			}
			if (sync_commit_merge(s) < 0)
				goto out;
			printf_escaped("merged %s\n", sync_where_branch(s));
			break;
		case SYNC_NO_UPSTREAM:
		case SYNC_AHEAD:
			break;
		}
		pushed = sync_push(s, &why);
		if (pushed < 0)
			goto out;
		if (!pushed) {
			printf_escaped("pushed %s to %s\n", sync_branch(s), sync_where(s));
			status = EXIT_OK;
			goto out;
		}
		pending_push = 1;
		fprintf_escaped(stderr, "notebook: '%s' refused the push of %s (%s)%s\n", sync_label(s),
			sync_branch(s), why, try + 1 < SYNC_TRIES ? "; fetching again" : "");
	}
	/* merged commits stay committed here: the next sync pushes them */
	lock = sync_lock_report(s);
	if (lock)
		error("'%s' refused the push %d times: %s; the commits stay here", sync_label(s),
		      SYNC_TRIES, lock);
	else
		error("'%s' refused the push %d times (%s); the commits stay here, "
		      "run 'notebook sync' again later", sync_label(s), SYNC_TRIES, why);
out:
	free(lock);
	free(why);
	sync_paths_free(paths, n);
	return status;
}

/* What to say of a merge in progress that cannot be continued or synced over. */
static int refuse_merge(enum sync_stop ms)
{
	if (ms == SYNC_INTERRUPTED)
		error("the last sync was interrupted while it merged (killed, or the machine "
		      "stopped), so its merge is incomplete and nothing of it was committed; run "
		      "'notebook sync --abort' to undo it, then 'notebook sync'");
	else if (ms == SYNC_FOREIGN_MERGE)
		error("a merge is in progress that no sync stopped on (git merge or git pull "
		      "started it, or a sync of an older notebook was interrupted); finish it with "
		      "git ('git commit'), or undo it with 'notebook sync --abort'");
	else
		error("a sync stopped on conflicts; fix them and run 'notebook sync --continue', "
		      "or 'notebook sync --abort'");
	return EXIT_CONFLICT;
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
	enum sync_stop ms;
	char **paths = NULL, *stopped_remote = NULL, *self = NULL;
	const char *where;
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
			help_print(stdout, argv[0], sync_usage);
			return EXIT_OK;
		default:
			return usage_error(sync_usage, NULL);
		}
	}
	if (modes > 1 || (modes && (commit || dry_run)))
		return usage_error(sync_usage, "--continue, --abort and --install-driver go alone");
	if (argc - optind > 1 || ((mode == MODE_INSTALL || mode == MODE_ABORT) && argc - optind))
		return usage_error(sync_usage, "unexpected '%s'",
				   argv[mode == MODE_INSTALL || mode == MODE_ABORT ? optind : optind + 1]);
	where = argc - optind ? argv[optind] : NULL;

	if (sync_open(ctx->root, &s) < 0)
		goto out;
	if (mode == MODE_INSTALL) {
		int added;
		self = realpath("/proc/self/exe", NULL);
		if (!self) {
			error("cannot find the notebook program itself");
			goto out;
		}
		if ((added = sync_install_driver(s, self)) < 0)
			goto out;
		printf(added ? "installed the merge driver for client files and entries in this "
			       "repository\n"
			     : "the merge driver is already installed in this repository; nothing "
			       "changed\n");
		status = EXIT_OK;
		goto out;
	}
	if (!dry_run && sync_locks(s) < 0)
		goto out;
	if (sync_merge_state(s, &ms, &stopped_remote) < 0)
		goto out;
	if (mode == MODE_ABORT) {
		if (ms == SYNC_NOT_MERGING) {
			error("no sync is stopped; nothing to abort");
			status = EXIT_FINDINGS;
			goto out;
		}
		if (sync_abort(s) < 0)
			goto out;
		printf("aborted the merge; back where the sync started\n");
		status = EXIT_OK;
		goto out;
	}
	/* --continue pushes where the stopped sync was syncing */
	if (sync_use_remote(s, where ? where : mode == MODE_CONTINUE ? stopped_remote : NULL) < 0 ||
	    (!dry_run && sync_locks(s) < 0))
		goto out;
	if (!where)
		note_remote_setting(ctx, s);
	if (mode == MODE_CONTINUE) {
		if (ms == SYNC_NOT_MERGING) {
			error("no sync is stopped; nothing to continue");
			status = EXIT_FINDINGS;
			goto out;
		}
		if (ms != SYNC_STOPPED) {
			status = refuse_merge(ms);
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
		printf_escaped("merged %s\n", sync_where_branch(s));
		status = sync_loop(ctx, s, 0, 0);
		goto out;
	}
	if (!dry_run && ms != SYNC_NOT_MERGING) {
		status = refuse_merge(ms);
		goto out;
	}
	if (!dry_run) {
		int resumed;
		if (sync_resume(s, &resumed) < 0)
			goto out;
		if (resumed)
			printf_escaped("fast-forwarded to %s (finishing a sync that was "
				       "interrupted)\n", sync_where_branch(s));
		if ((status = check_clean(ctx, commit)) != EXIT_OK)
			goto out;
		status = EXIT_GIT;
		if (commit && sync_reload_head(s) < 0) /* the commit moved the branch */
			goto out;
	}
	status = sync_loop(ctx, s, dry_run, 0);
out:
	sync_paths_free(paths, n);
	sync_free(s);
	free(stopped_remote);
	free(self);
	return status;
}
