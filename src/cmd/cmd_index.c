/* notebook index: brings the cache up to date (or rebuilds it) and says where it is. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "help.h"
#include "diag.h"
#include "cache/index.h"
#include "load.h"
#include "text.h"
#include "util.h"

static const char index_usage[] =
	"usage: notebook index [--rebuild]\n"
	"  brings the cache of parsed files and search text up to date and shows where it is;\n"
	"  --rebuild deletes it first. NOTEBOOK_NO_CACHE=1 makes every command bypass it.\n";

/* Prints a path under the root as the user would type it, others in full. */
static void print_path(const struct cmd_ctx *ctx, const char *path)
{
	size_t rl = strlen(ctx->root);

	if (!strncmp(path, ctx->root, rl) && path[rl] == '/') {
		fputs_escaped(ctx->display, stdout);
		path += rl + 1;
	}
	fputs_escaped(path, stdout);
}

int cmd_index(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rebuild", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diags d = DIAGS_INIT;
	struct notebook nb;
	struct index *ix;
	unsigned flags = INDEX_FULL_TEXT | INDEX_REQUIRED;
	long long files, bytes;
	int c, ret = EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			flags |= INDEX_REBUILD;
			break;
		case 'h':
			help_print(stdout, argv[0], index_usage);
			return EXIT_OK;
		default:
			return usage_error(index_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(index_usage, "unexpected argument '%s'", argv[optind]);
	ix = notebook_index_open(ctx->root, flags);
	if (!ix)
		return EXIT_FINDINGS;
	if (notebook_load_with_index(ctx->root, ix, &nb, &d) < 0) {
		ret = EXIT_NO_NOTEBOOK;
	} else if (index_stats(ix, &files, &bytes) < 0) {
		ret = EXIT_FINDINGS;
	} else {
		fputs("index: ", stdout);
		print_path(ctx, index_path(ix));
		printf("\nfiles: %lld\nsize: %lld bytes\n", files, bytes);
	}
	diags_sort(&d);
	diags_print(&d, ctx->display, stderr);
	diags_release(&d);
	notebook_release(&nb);
	index_close(ix);
	return ret;
}
