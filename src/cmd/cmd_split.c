/*
 * notebook split FILE…: a journal entry file holding two entries between
 * conflict markers (a plain `git merge` or `git pull` of two entries added
 * under one name on two machines) becomes two entry files again. The
 * side already shared (the remote's: MERGE_HEAD's in a merge, HEAD's in a
 * rebase) keeps the name, where other clones may tick its promises; the
 * other takes the next free "-N" name, as sync names it (README, Sync).
 * Both are staged; the merge is finished with git.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "fsutil.h"
#include "git/repo_team.h"
#include "help.h"
#include "split.h"
#include "text.h"
#include "util.h"
#include "yaml.h"

static const char split_usage[] = "usage: notebook split FILE...\n";

/* `arg` (from the current directory) as a path from the notebook root, malloc'd, or NULL. */
static char *from_root(struct cmd_ctx *ctx, const char *arg)
{
	char *root = realpath(ctx->root, NULL), *dir, *real = NULL, *slash, *rel = NULL;
	const char *base;
	size_t n;

	/* the directory is resolved, the file itself never followed */
	slash = strrchr(arg, '/');
	dir = slash ? xstrndup(arg, (size_t)(slash - arg + (slash == arg))) : xstrdup(".");
	base = slash ? slash + 1 : arg;
	real = realpath(dir, NULL);
	if (root && real) {
		n = strlen(root);
		if (!strcmp(real, root))
			rel = xstrdup(base);
		else if (!strncmp(real, root, n) && real[n] == '/')
			rel = xasprintf("%s/%s", real + n + 1, base);
	}
	free(root);
	free(real);
	free(dir);
	return rel;
}

/* The next free name beside `rel`: "<stem>-N.md", N from 2. */
static char *free_name(struct cmd_ctx *ctx, const char *rel)
{
	size_t n = strlen(rel) - 3;
	char *stem = xstrndup(rel, n), *other = NULL;

	while (n && stem[n - 1] >= '0' && stem[n - 1] <= '9')
		n--;
	if (n && n < strlen(stem) && stem[n - 1] == '-')
		stem[n - 1] = '\0';
	for (int k = 2; k < 1000; k++) {
		char *full;
		struct stat st;
		int taken;

		free(other);
		other = xasprintf("%s-%d.md", stem, k);
		full = xasprintf("%s/%s", ctx->root, other);
		taken = lstat(full, &st) == 0 || errno != ENOENT || team_in_index(ctx->root, other);
		free(full);
		if (!taken)
			break;
	}
	free(stem);
	return other;
}

/* Splits one file: 0, or the exit status of what went wrong (said). */
static int split_one(struct cmd_ctx *ctx, const char *arg)
{
	struct buf first = BUF_INIT, second = BUF_INIT;
	char *rel = from_root(ctx, arg), *full = NULL, *data = NULL, *other = NULL, *paths[2];
	size_t len = 0, n;
	struct stat st;
	int status = EXIT_FINDINGS, keep_second;

	n = rel ? strlen(rel) : 0;
	if (!rel || strncmp(rel, "journal/", 8) || n < 12 || strcmp(rel + n - 3, ".md")) {
		error("'%s' is not a journal entry of the notebook at '%s'", arg, ctx->root);
		status = EXIT_USAGE;
		goto out;
	}
	full = xasprintf("%s/%s", ctx->root, rel);
	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode)) {
		error("cannot read '%s': %s", arg, lstat(full, &st) < 0 ? strerror(errno) :
		      "not a regular file");
		status = EXIT_NO_NOTEBOOK;
		goto out;
	}
	if (fs_read_file(full, MAX_FILE_SIZE, &data, &len) < 0) {
		status = EXIT_NO_NOTEBOOK;
		goto out;
	}
	if (!split_is_two_entries(data, len) || split_sides(data, len, &first, &second) < 0) {
		fprintf_escaped(stderr, "%s%s:1:1: error: not two entries between conflict markers; "
				"nothing to split\n", ctx->display, rel);
		goto out;
	}
	/* the shared side keeps the name: the second in a merge, the first in a rebase */
	keep_second = team_shared_side(ctx->root) != 1;
	other = free_name(ctx, rel);
	status = EXIT_WRITE;
	{
		const struct buf *moved = keep_second ? &first : &second;
		const struct buf *kept = keep_second ? &second : &first;
		char *to = xasprintf("%s/%s", ctx->root, other);
		int err = fs_create_exclusive(to, buf_str(moved), moved->len);

		if (err > 0)
			error("'%s%s' appeared meanwhile; run 'notebook split' again", ctx->display,
			      other);
		free(to);
		if (err || fs_write_atomic(full, buf_str(kept), kept->len) < 0)
			goto out;
	}
	paths[0] = rel;
	paths[1] = other;
	status = EXIT_GIT;
	if (team_stage(ctx->root, paths, 2) < 0)
		goto out;
	printf_escaped("split %s%s: %s entry keeps the name, %s is now %s%s; both staged\n",
		       ctx->display, rel, keep_second ? "the other side's" : "the shared",
		       keep_second ? "yours" : "the replayed one", ctx->display, other);
	status = EXIT_OK;
out:
	buf_release(&first);
	buf_release(&second);
	free(rel);
	free(full);
	free(data);
	free(other);
	return status;
}

int cmd_split(struct cmd_ctx *ctx, int argc, char **argv)
{
	int ret = parse_help_only(argc, argv, split_usage), status = EXIT_OK;

	if (ret >= 0)
		return ret;
	if (optind == argc)
		return usage_error(split_usage, "name the entry file to split");
	for (int i = optind; i < argc; i++) {
		int st = split_one(ctx, argv[i]);
		if (st && !status)
			status = st;
	}
	if (status == EXIT_OK)
		printf("finish the merge with 'git commit' (or 'git rebase --continue')\n");
	return status;
}
