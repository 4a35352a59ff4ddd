/* The subcommands: one file each (cmd_<name>.c), dispatched by main.c. */
#ifndef NOTEBOOK_CMD_H
#define NOTEBOOK_CMD_H

#include "cmdctx.h"

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
/* The writing commands (README, "What a command commits"): each commits only its own file. */
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
int cmd_split(struct cmd_ctx *ctx, int argc, char **argv);

#endif
