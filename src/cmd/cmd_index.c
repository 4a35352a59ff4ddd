/* notebook index: brings the cache up to date (or rebuilds it) and says where it is. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "help.h"
#include "diag.h"
#include "cache/index.h"
#include "cache/monitor.h"
#include "git/repo.h"
#include "load.h"
#include "text.h"
#include "util.h"

static const char index_usage[] =
	"usage: notebook index [--rebuild] [--monitor watchman|none]\n"
	"  brings the cache of parsed files and search text up to date and shows where it is;\n"
	"  --rebuild deletes it first; --monitor turns the file-system monitor on or off.\n"
	"  NOTEBOOK_NO_CACHE=1 makes every command bypass the cache.\n";

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

/*
 * --monitor: kept in the repository's own git config (never in the
 * notebook's files, which a clone brings). Turning it on has watchman
 * watch the notebook now; one that does not answer is only a warning:
 * every command then stats every file, as without a monitor.
 */
static int set_monitor(const struct cmd_ctx *ctx, const char *value)
{
	struct buf why = BUF_INIT;
	int on = !strcmp(value, MONITOR_WATCHMAN);

	if (!on && strcmp(value, "none"))
		return usage_error(index_usage, "--monitor takes 'watchman' or 'none', not '%s'", value);
	if (repo_set_local_config(ctx->root, MONITOR_KEY, on ? MONITOR_WATCHMAN : NULL) < 0)
		return EXIT_FINDINGS;
	if (on && monitor_watch(ctx->root, &why) < 0)
		warning("%s; until it does, every command stats every file", buf_str(&why));
	buf_release(&why);
	return EXIT_OK;
}

int cmd_index(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rebuild", no_argument, NULL, 'r' },
		{ "monitor", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diags d = DIAGS_INIT;
	struct notebook nb;
	struct index *ix;
	unsigned flags = INDEX_FULL_TEXT | INDEX_REQUIRED;
	const char *monitor = NULL;
	long long files, bytes;
	int c, ret = EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			flags |= INDEX_REBUILD;
			break;
		case 'm':
			monitor = optarg;
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
	if (monitor && (ret = set_monitor(ctx, monitor)) != EXIT_OK)
		return ret;
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
		if (monitor_configured(ctx->root))
			fputs("monitor: watchman\n", stdout);
	}
	diags_sort(&d);
	diags_print(&d, ctx->display, stderr);
	diags_release(&d);
	notebook_release(&nb);
	index_close(ix);
	return ret;
}
