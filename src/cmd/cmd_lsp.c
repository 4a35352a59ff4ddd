/*
 * notebook lsp: the language server, on stdin and stdout (notebook(1),
 * README "Editors"). The protocol itself is in src/lsp/.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cmd.h"
#include "help.h"
#include "load.h"
#include "lsp/lsp.h"
#include "util.h"

static const char lsp_usage[] = "usage: notebook lsp [--stdio]\n";

int cmd_lsp(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stdio", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("NOTEBOOK_DIR");
	char *root = NULL, *display = NULL;
	int c, out, status;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			break; /* the only transport; editors' clients often say it */
		case 'h':
			help_print(stdout, argv[0], lsp_usage);
			return EXIT_OK;
		default:
			return usage_error(lsp_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(lsp_usage, "'%s' is not an option of lsp", argv[optind]);
	/* -C and NOTEBOOK_DIR name the notebook; else the editor's workspace does */
	if ((ctx->dir_opt || (env && *env)) && notebook_find(ctx->dir_opt, &root, &display) < 0)
		return EXIT_NO_NOTEBOOK;
	free(display);
	/*
	 * Only protocol goes to the editor: the server writes to a copy of
	 * stdout, and stdout itself becomes stderr for anything else.
	 */
	fflush(stdout);
	out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		free(root);
		error("cannot set up the output: %m");
		return EXIT_USAGE;
	}
	status = lsp_serve(root, STDIN_FILENO, out);
	close(out);
	free(root);
	return status;
}
