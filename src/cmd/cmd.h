/* The subcommands: one file each (cmd_<name>.c), dispatched by main.c. */
#ifndef NOTEBOOK_CMD_H
#define NOTEBOOK_CMD_H

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
 * Each command parses its own options (argv[0] is the command name) and
 * returns an exit status. They never call exit() themselves.
 */
int cmd_check(struct cmd_ctx *ctx, int argc, char **argv);
/* The reading commands: the audit and its views. */
int cmd_status(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_show(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_list(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_agenda(struct cmd_ctx *ctx, int argc, char **argv);
/* The writing commands (git.md): each commits only its own file. */
int cmd_init(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_new(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_log(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_done(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_snooze(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_assign(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_edit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_commit(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_hook(struct cmd_ctx *ctx, int argc, char **argv);
/* The cache and full-text search over it. */
int cmd_index(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_search(struct cmd_ctx *ctx, int argc, char **argv);
/* Interchange with other programs, and a client's life (rename, archive, rm). */
int cmd_export(struct cmd_ctx *ctx, int argc, char **argv);
/* The practice report: one HTML page (src/html/). */
int cmd_report(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_import(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_rename(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_archive(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_rm(struct cmd_ctx *ctx, int argc, char **argv);
/* Sync with a remote, and the merge driver git runs for client files. */
int cmd_sync(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_merge_driver(struct cmd_ctx *ctx, int argc, char **argv);
/* The language server for editors, on stdin and stdout. */
int cmd_lsp(struct cmd_ctx *ctx, int argc, char **argv);

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
