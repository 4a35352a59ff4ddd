/*
 * notebook hook install: git hooks, pre-commit and pre-merge-commit, that
 * run `notebook hook run NAME`, so a plain `git commit` and the merge
 * commit of a plain `git merge` or `git pull` validate the notebook too.
 * An existing hook that notebook did not write is kept unless --force.
 * notebook hook run NAME: what the hooks run (README, Sync; notebook(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "diag.h"
#include "help.h"
#include "fsutil.h"
#include "load.h"
#include "git/repo.h"
#include "git/repo_team.h"
#include "text.h"
#include "util.h"

static const char hook_usage[] =
	"usage: notebook hook install [--force]\n"
	"   or: notebook hook run pre-commit|pre-merge-commit\n";

/* The hooks notebook installs; the first line of each says it wrote it. */
static const char *const hook_names[] = { "pre-commit", "pre-merge-commit" };
static const char hook_mark[] = "# Installed by 'notebook hook install'";

static void hook_text(struct buf *b, const char *self, const char *prefix, const char *name)
{
	int merge = !strcmp(name, "pre-merge-commit");

	buf_printf(b, "#!/bin/sh\n"
		      "%s: validates the notebook\n"
		      "# files of each %s. Bypass once with 'git %s --no-verify'.\n"
		      "nb=", hook_mark, merge ? "merge commit" : "commit", merge ? "merge" : "commit");
	buf_add_sh_quoted(b, self ? self : "notebook");
	buf_adds(b, "\n[ -x \"$nb\" ] || nb=notebook\n");
	buf_adds(b, "\"$nb\" -C ");
	buf_add_sh_quoted(b, *prefix ? prefix : ".");
	buf_printf(b, " hook run %s && exit 0\n"
		      "status=$?\n", name);
	if (merge)
		buf_adds(b, "echo \"notebook: the pre-merge-commit hook refused the merge commit: the"
			    " merge leaves the problems above; fix them, 'git add' the files and"
			    " run 'git commit', or abort with 'git merge --abort'\" >&2\n");
	else
		buf_adds(b, "echo \"notebook: the pre-commit hook refused the commit: 'notebook check"
			    " --staged' found the problems above; fix them and commit again, or commit"
			    " anyway with 'git commit --no-verify'\" >&2\n");
	buf_adds(b, "exit $status\n");
}

/* Whether the hook at `path` is one notebook wrote (its second line says so). */
static int ours(const char *path)
{
	char *data = NULL;
	size_t len = 0;
	int ret;

	if (fs_read_file(path, 1 << 16, &data, &len) < 0)
		return 0;
	ret = strstr(data, hook_mark) != NULL;
	free(data);
	return ret;
}

static int hook_install(struct cmd_ctx *ctx, int force)
{
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	char *dir = NULL, *path[2] = { NULL, NULL }, *self = NULL, *prefix = NULL;
	struct stat st;
	int status = EXIT_GIT;

	if (repo_open(ctx->root, &r) < 0 || repo_hooks_dir(r, &dir) < 0)
		goto out;
	prefix = xstrdup(repo_prefix(r));
	if (*prefix)
		prefix[strlen(prefix) - 1] = '\0'; /* no trailing slash */
	for (size_t i = 0; i < 2; i++) {
		path[i] = xasprintf("%s/%s", dir, hook_names[i]);
		if (!lstat(path[i], &st) && !force && !ours(path[i])) {
			error("'%s' exists; keep it, or replace it with 'notebook hook install --force'",
			      path[i]);
			status = EXIT_FINDINGS;
			goto out;
		}
	}
	self = realpath("/proc/self/exe", NULL);
	status = EXIT_WRITE;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		error("cannot create '%s': %s", dir, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < 2; i++) {
		buf_reset(&text);
		hook_text(&text, self, prefix, hook_names[i]);
		if (fs_write_atomic_mode(path[i], text.data, text.len, 0755) < 0)
			goto out;
		printf_escaped("installed %s\n", path[i]);
	}
	status = EXIT_OK;
out:
	buf_release(&text);
	repo_free(r);
	free(dir);
	free(path[0]);
	free(path[1]);
	free(self);
	free(prefix);
	return status;
}

/* The findings of the notebook as commit `rev` has it (none when there is no such commit). */
static int commit_findings(struct cmd_ctx *ctx, const char *rev, struct diags *d)
{
	struct file_data *files = NULL;
	struct notebook nb = { 0 };
	size_t n = 0;
	int err = team_commit_files(ctx->root, rev, &files, &n);

	if (err)
		return err < 0 ? -1 : 0;
	notebook_load_files(ctx->root, files, n, &nb, d);
	notebook_release(&nb);
	repo_files_free(files, n);
	return 0;
}

extern char **environ;

/*
 * The findings of the commits being merged, which git names to the
 * pre-merge-commit hook in GITHEAD_<id> (MERGE_HEAD is written after the
 * hook), else MERGE_HEAD; *last is set to the last of them, malloc'd.
 */
static int merged_findings(struct cmd_ctx *ctx, struct diags *d, char **last)
{
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		if (strncmp(*e, "GITHEAD_", 8) || !eq)
			continue;
		if (strspn(*e + 8, "0123456789abcdef") != (size_t)(eq - *e - 8))
			continue;
		free(*last);
		*last = xstrndup(*e + 8, (size_t)(eq - *e - 8));
		if (commit_findings(ctx, *last, d) < 0)
			return -1;
	}
	if (*last)
		return 0;
	*last = xstrdup("MERGE_HEAD");
	return commit_findings(ctx, *last, d);
}

static int has_path(char **paths, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(paths[i], p))
			return 1;
	return 0;
}

/*
 * Says, once for each file, that its findings were there before this
 * commit (a teammate's commit that the commit does not touch) and do not
 * stop it.
 */
static void note_inherited(struct cmd_ctx *ctx, const struct diags *kept, const char *rev)
{
	for (size_t i = 0; i < kept->n; i++) {
		const char *p = kept->v[i].path;
		char id[8], *who = NULL;

		if (i && !strcmp(kept->v[i - 1].path, p))
			continue;
		if (team_last_change(ctx->root, rev, p, id, &who) == 0)
			fprintf_escaped(stderr, "notebook: '%s%s' was broken before this commit (last "
					"changed in %s by %s) and the commit leaves it as it is, so it "
					"goes ahead; fix that file in a commit of its own\n",
					ctx->display, p, id, who);
		else
			fprintf_escaped(stderr, "notebook: '%s%s' was broken before this commit and "
					"the commit leaves it as it is, so it goes ahead; fix that file "
					"in a commit of its own\n", ctx->display, p);
		free(who);
	}
}

/*
 * The hooks' check: the staged notebook's findings stop the commit when
 * they are the commit's doing: in a file it changes, or not there before
 * it (in HEAD, or for a merge in either side). A teammate's broken file
 * that the commit leaves alone is named and lets it through.
 */
static int hook_run(struct cmd_ctx *ctx, const char *name)
{
	struct file_data *files = NULL;
	struct notebook nb = { 0 };
	struct diags now = DIAGS_INIT, before = DIAGS_INIT, stop = DIAGS_INIT, kept = DIAGS_INIT;
	char **touched = NULL, *merged = NULL;
	size_t n = 0, nt = 0;
	int merge = !strcmp(name, "pre-merge-commit"), status = EXIT_GIT;

	if (repo_staged_files(ctx->root, &files, &n) < 0)
		goto out;
	if (notebook_load_files(ctx->root, files, n, &nb, &now) < 0 && !now.n) {
		status = EXIT_NO_NOTEBOOK;
		goto out;
	}
	if (!now.errors) {
		status = EXIT_OK;
		goto out;
	}
	if (commit_findings(ctx, "HEAD", &before) < 0 ||
	    (merge && merged_findings(ctx, &before, &merged) < 0) ||
	    (!merge && team_staged_changes(ctx->root, &touched, &nt) < 0))
		goto out;
	diags_sort(&now);
	for (size_t i = 0; i < now.n; i++) {
		const struct diag *g = &now.v[i];
		int old = diags_has(&before, g) && !has_path(touched, nt, g->path);
		diags_add(old ? &kept : &stop, g->path, g->line, g->col, g->sev, "%s", g->msg);
	}
	team_hint_renames(ctx->root, &stop);
	team_hint_renames(ctx->root, &kept);
	diags_print(&kept, ctx->display, stderr);
	if (kept.errors)
		note_inherited(ctx, &kept, merged ? merged : "HEAD");
	diags_print(&stop, ctx->display, stderr);
	status = stop.errors ? EXIT_FINDINGS : EXIT_OK;
out:
	notebook_release(&nb);
	repo_files_free(files, n);
	team_paths_free(touched, nt);
	free(merged);
	diags_release(&now);
	diags_release(&before);
	diags_release(&stop);
	diags_release(&kept);
	return status;
}

int cmd_hook(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, force = 0;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "fh", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], hook_usage);
			return EXIT_OK;
		default:
			return usage_error(hook_usage, NULL);
		}
	}
	if (argc == optind)
		return usage_error(hook_usage, "say what: install, or run HOOK");
	if (!strcmp(argv[optind], "run")) {
		if (argc - optind < 2)
			return usage_error(hook_usage, "say which hook: pre-commit or pre-merge-commit");
		if (strcmp(argv[optind + 1], hook_names[0]) && strcmp(argv[optind + 1], hook_names[1]))
			return usage_error(hook_usage, "unknown hook '%s' (pre-commit or "
					   "pre-merge-commit)", argv[optind + 1]);
		if (argc - optind > 2)
			return usage_error(hook_usage, "unexpected '%s'", argv[optind + 2]);
		return hook_run(ctx, argv[optind + 1]);
	}
	if (strcmp(argv[optind], "install"))
		return usage_error(hook_usage, "unknown hook action '%s' (install or run)", argv[optind]);
	if (argc - optind > 1)
		return usage_error(hook_usage, "unexpected '%s'", argv[optind + 1]);
	return hook_install(ctx, force);
}
