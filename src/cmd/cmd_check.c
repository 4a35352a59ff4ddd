/* notebook check: validate the notebook, or the named files, or the staged blobs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "diag.h"
#include "load.h"
#include "split.h"
#include "git/repo.h"
#include "git/repo_team.h"
#include "util.h"

static const char check_usage[] =
	"usage: notebook check [--staged] [--format text|json] [PATH…]\n";

int cmd_check(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "staged", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diags d = DIAGS_INIT;
	struct notebook nb;
	int json = 0, staged = 0, c, status;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (!strcmp(optarg, "text"))
				json = 0;
			else
				return choice_error(check_usage, "format", optarg,
						    (const char *const[]){ "text", "json", NULL });
			break;
		case 's':
			staged = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], check_usage);
			return EXIT_OK;
		default:
			return usage_error(check_usage, NULL);
		}
	}
	if (staged && optind < argc)
		return usage_error(check_usage, "--staged checks the whole staged notebook; give no paths");
	if (staged) {
		struct file_data *files = NULL;
		size_t n = 0;
		if (repo_staged_files(ctx->root, &files, &n) < 0)
			return EXIT_GIT;
		if (notebook_load_files(ctx->root, files, n, &nb, &d) < 0 && !d.n) {
			notebook_release(&nb);
			repo_files_free(files, n);
			return EXIT_NO_NOTEBOOK;
		}
		notebook_release(&nb);
		repo_files_free(files, n);
	} else if (optind < argc) {
		if (notebook_check_paths(ctx->root, argv + optind, argc - optind, &d) < 0 && !d.n)
			return EXIT_NO_NOTEBOOK;
	} else {
		if (notebook_load(ctx->root, 0, &nb, &d) < 0 && !d.n) {
			notebook_release(&nb);
			return EXIT_NO_NOTEBOOK;
		}
		notebook_release(&nb);
	}
	split_hint(ctx->root, &d); /* two entries in one file, from a git merge */
	diags_sort(&d);
	team_hint_renames(ctx->root, &d); /* a client file renamed by hand */
	if (json)
		diags_print_json(&d, ctx->display, stdout);
	else
		diags_print(&d, ctx->display, stderr);
	status = d.errors ? EXIT_FINDINGS : EXIT_OK;
	diags_release(&d);
	return status;
}
