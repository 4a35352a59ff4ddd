/*
 * notebook hook install: a pre-commit hook running `notebook check
 * --staged`, so a plain `git commit` validates the notebook too. An
 * existing hook is kept unless --force.
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
#include "help.h"
#include "fsutil.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"

static const char hook_usage[] = "usage: notebook hook install [--force]\n";

/* Appends `s` in single quotes for sh. */
static void add_sh_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

static void hook_text(struct buf *b, const char *self, const char *prefix)
{
	buf_adds(b, "#!/bin/sh\n"
		    "# Installed by 'notebook hook install': validates the staged notebook\n"
		    "# files before each commit. Bypass once with 'git commit --no-verify'.\n"
		    "nb=");
	add_sh_quoted(b, self ? self : "notebook");
	buf_adds(b, "\n[ -x \"$nb\" ] || nb=notebook\n");
	buf_adds(b, "\"$nb\" -C ");
	add_sh_quoted(b, *prefix ? prefix : ".");
	buf_adds(b, " check --staged && exit 0\n"
		    "status=$?\n"
		    "echo \"notebook: the pre-commit hook refused the commit: 'notebook check"
		    " --staged' found the problems above; fix them and commit again, or commit"
		    " anyway with 'git commit --no-verify'\" >&2\n"
		    "exit $status\n");
}

int cmd_hook(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	char *dir = NULL, *path = NULL, *self = NULL, *prefix = NULL;
	struct stat st;
	int ch, force = 0, status = EXIT_GIT;

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
		return usage_error(hook_usage, "say what: install");
	if (strcmp(argv[optind], "install"))
		return usage_error(hook_usage, "unknown hook action '%s' (only 'install')", argv[optind]);
	if (argc - optind > 1)
		return usage_error(hook_usage, "unexpected '%s'", argv[optind + 1]);
	if (repo_open(ctx->root, &r) < 0 || repo_hooks_dir(r, &dir) < 0)
		goto out;
	prefix = xstrdup(repo_prefix(r));
	if (*prefix)
		prefix[strlen(prefix) - 1] = '\0'; /* no trailing slash */
	path = xasprintf("%s/pre-commit", dir);
	if (!lstat(path, &st) && !force) {
		error("'%s' exists; keep it, or replace it with 'notebook hook install --force'", path);
		status = EXIT_FINDINGS;
		goto out;
	}
	self = realpath("/proc/self/exe", NULL);
	hook_text(&text, self, prefix);
	status = EXIT_WRITE;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		error("cannot create '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (fs_write_atomic_mode(path, text.data, text.len, 0755) < 0)
		goto out;
	printf_escaped("installed %s\n", path);
	status = EXIT_OK;
out:
	buf_release(&text);
	repo_free(r);
	free(dir);
	free(path);
	free(self);
	free(prefix);
	return status;
}
