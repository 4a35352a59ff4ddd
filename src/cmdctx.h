/*
 * What the commands (src/cmd/) and the helpers they share below them
 * (writing.c, report.c, resolve.c, choice.c) have in common: the exit
 * statuses, the context main() hands every command, usage errors. Here
 * rather than in cmd/cmd.h so that nothing below the commands includes a
 * header of theirs.
 */
#ifndef NOTEBOOK_CMDCTX_H
#define NOTEBOOK_CMDCTX_H

/* Exit statuses (documented in notebook(1)). */
enum {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,  /* errors from check; attention needed under --exit-code */
	EXIT_USAGE = 2,
	EXIT_NO_NOTEBOOK = 3, /* no notebook found, or it cannot be read */
	EXIT_GIT = 4,       /* a git operation failed */
	EXIT_CONFLICT = 5,  /* sync stopped on conflicts */
	EXIT_WRITE = 6,     /* a notebook file cannot be written (a full disk, no permission) */
};

/* What main() hands every command. */
struct cmd_ctx {
	const char *name;     /* the subcommand's name */
	const char *dir_opt;  /* -C DIR, or NULL */
	char *root;           /* the notebook root, for NEED_NOTEBOOK commands */
	char *display;        /* prefix for printing root-relative paths */
};

/*
 * For commands whose only option is --help: parses argv with getopt_long.
 * Returns -1 to go on (optind is then at the first operand), else the exit
 * status to return (0 after printing the usage for --help, EXIT_USAGE).
 */
int parse_help_only(int argc, char **argv, const char *usage);

/* Prints a usage line and returns EXIT_USAGE. */
int usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
