/* notebook: the entry point and the command table. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/help.h"
#include "git/repo.h"
#include "json.h"
#include "load.h"
#include "text.h"
#include "util.h"

#ifndef NOTEBOOK_VERSION
#define NOTEBOOK_VERSION "0.1.0"
#endif

/*
 * jemalloc's settings, when it is the allocator (the Makefile's ALLOC,
 * README.md, Dependencies); the C library's allocator never reads them.
 * libyaml's two input buffers (16 and 48 KiB) are allocated and freed for
 * every file it reads: a thread cache for blocks up to 64 KiB keeps them,
 * where jemalloc's default (32 KiB) sent the larger to its arenas each time.
 */
const char *malloc_conf = "tcache_max:65536";

/*
 * NEED_NOTEBOOK: run inside a notebook. READS_REPO: a read command, which
 * repairs an index left behind HEAD when it can (repo_repair_index_at()).
 */
enum { NEED_NOTEBOOK = 1 << 0, READS_REPO = 1 << 1 };

struct command {
	const char *name;
	int (*fn)(struct cmd_ctx *, int, char **);
	unsigned flags;
	const char *summary;
};

/* notebook help [COMMAND]: the commands, or one command's --help. */
static int cmd_help(struct cmd_ctx *ctx, int argc, char **argv);

static const struct command commands[] = {
	{ "check", cmd_check, NEED_NOTEBOOK | READS_REPO, "validate the notebook's files" },
	{ "status", cmd_status, NEED_NOTEBOOK | READS_REPO, "the staleness audit: who needs attention" },
	{ "show", cmd_show, NEED_NOTEBOOK | READS_REPO, "one client: profile, promises, timeline, status" },
	{ "list", cmd_list, NEED_NOTEBOOK | READS_REPO, "the clients" },
	{ "agenda", cmd_agenda, NEED_NOTEBOOK | READS_REPO, "what falls due in the next days (--ics)" },
	{ "report", cmd_report, NEED_NOTEBOOK | READS_REPO, "the practice over the months, as one HTML page" },
	{ "init", cmd_init, 0, "create a notebook in a git repository" },
	{ "new", cmd_new, NEED_NOTEBOOK, "add a client from the template; commits it" },
	{ "log", cmd_log, NEED_NOTEBOOK, "write a journal entry; commits it" },
	{ "done", cmd_done, NEED_NOTEBOOK, "tick a client's open promise; commits it" },
	{ "snooze", cmd_snooze, NEED_NOTEBOOK, "set a client's snooze date; commits it" },
	{ "assign", cmd_assign, NEED_NOTEBOOK, "give a client to another owner; commits it" },
	{ "edit", cmd_edit, NEED_NOTEBOOK, "edit a client file, validated; commits it" },
	{ "commit", cmd_commit, NEED_NOTEBOOK, "validate and commit hand edits" },
	{ "hook", cmd_hook, NEED_NOTEBOOK, "install git hooks that validate commits and merges" },
	{ "index", cmd_index, NEED_NOTEBOOK | READS_REPO, "bring the cache up to date (--rebuild) and show it" },
	{ "search", cmd_search, NEED_NOTEBOOK | READS_REPO, "full text over clients and entries, best first" },
	{ "export", cmd_export, NEED_NOTEBOOK | READS_REPO, "the notebook as JSON, CSV or vCard for other programs" },
	{ "import", cmd_import, NEED_NOTEBOOK, "clients from a spreadsheet (csv), people from vCards; one commit" },
	{ "rename", cmd_rename, NEED_NOTEBOOK, "give a client a new id, its entries too; one commit" },
	{ "archive", cmd_archive, NEED_NOTEBOOK, "end a relationship: status former, kept out of the audit" },
	{ "rm", cmd_rm, NEED_NOTEBOOK, "remove a client that has no entries" },
	{ "sync", cmd_sync, NEED_NOTEBOOK, "fetch, merge, validate and push (--continue, --abort)" },
	{ "merge-driver", cmd_merge_driver, 0, "git's merge driver for client files (sync --install-driver)" },
	{ "lsp", cmd_lsp, 0, "the language server for editors (LSP on stdin and stdout)" },
	{ "split", cmd_split, NEED_NOTEBOOK, "two entries left in one file by a git merge: two files again" },
	{ "help", cmd_help, 0, "a command's options, one line each: notebook help COMMAND" },
};

static const char usage_text[] =
	"usage: notebook [-C DIR] [--version] [--help] COMMAND [ARGS]\n";

static void print_help(FILE *out)
{
	fputs(usage_text, out);
	fputs("\ncommands:\n", out);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fputs("\nSee 'notebook COMMAND --help' and notebook(1).\n", out);
}

/* The running command's arguments, for naming what getopt_long() refused. */
static struct {
	int argc;
	char **argv;
} running;

/*
 * Says what getopt_long() found wrong in the running command's arguments
 * (opterr is 0, so it said nothing): the option, named, with a
 * did-you-mean; or that it needs a value, or takes none.
 */
static void say_option_problem(void)
{
	const char *cmd = running.argv ? running.argv[0] : "";
	const char *arg = running.argv && optind > 0 && optind <= running.argc ?
			  running.argv[optind - 1] : "";
	const struct help_option *o = help_options(cmd);
	char *near = NULL;

	if (!strncmp(arg, "--", 2)) {
		size_t len = strcspn(arg, "=");
		char *name = xstrndup(arg, len);
		int known = 0;
		for (size_t i = 0; o && o[i].flags && !known; i++) {
			const char *p = strstr(o[i].flags, name);
			known = p && (p[len] == ' ' || p[len] == ',' || !p[len]);
		}
		if (known && arg[len] == '=')
			error("'%s' takes no value", name);
		else if (known)
			error("'%s' needs a value", name);
		else if ((near = help_nearest_option(cmd, name)))
			error("unknown option '%s' for '%s' (did you mean '%s'?)", name, cmd, near);
		else
			error("unknown option '%s' for '%s'; see 'notebook help %s'", name, cmd, cmd);
		free(name);
	} else if (optopt) {
		char flag[3] = { '-', (char)optopt, '\0' };
		int known = 0;
		for (size_t i = 0; o && o[i].flags && !known; i++)
			known = !strncmp(o[i].flags, flag, 2) && strchr(", ", o[i].flags[2] ? o[i].flags[2] : ' ');
		if (known)
			error("'%s' needs a value", flag);
		else
			error("unknown option '%s' for '%s'; see 'notebook help %s'", flag, cmd, cmd);
	} else {
		error("unknown option '%s' for '%s'; see 'notebook help %s'", arg, cmd, cmd);
	}
	free(near);
}

int usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs("notebook: ", stderr);
		va_start(ap, fmt);
		vfprintf_escaped(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	} else {
		say_option_problem();
	}
	if (usage)
		fputs(usage, stderr);
	return EXIT_USAGE;
}

int parse_help_only(int argc, char **argv, const char *usage)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	/* Options anywhere, so that "done acme text --foo" names '--foo'. */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch != 'h')
			return usage_error(usage, NULL);
		help_print(stdout, argv[0], usage);
		return EXIT_OK;
	}
	return -1;
}

/* Flushes stdout and reports a failed write; a closed pipe is quiet. */
static int finish_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		error("cannot write output: %s", strerror(errno));
		return status ? status : 128;
	}
	return status;
}

static int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	char *help_argv[] = { NULL, "--help", NULL };
	const char *names[ARRAY_SIZE(commands) + 1];
	const char *near;

	if (argc < 2) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return usage_error("usage: notebook help [COMMAND]\n", "one command at a time, not '%s'",
				   argv[2]);
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++) {
		names[k] = commands[k].name;
		if (!strcmp(commands[k].name, argv[1]) && commands[k].fn != cmd_help) {
			help_argv[0] = argv[1];
			running.argc = 2;
			running.argv = help_argv;
			return commands[k].fn(ctx, 2, help_argv);
		}
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help_print(stdout, "help", "usage: notebook help [COMMAND]\n"
			   "  the commands, or every option of COMMAND with one line each\n");
		return EXIT_OK;
	}
	names[ARRAY_SIZE(commands)] = NULL;
	near = nearest_word(argv[1], names);
	if (near)
		return usage_error(NULL, "'%s' is not a command (did you mean '%s'?)", argv[1], near);
	return usage_error(usage_text, "'%s' is not a command; see 'notebook --help'", argv[1]);
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	const struct command *cmd = NULL;
	int i, status;

	signal(SIGPIPE, SIG_IGN);
	jw_setup();
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-C")) {
			if (++i >= argc)
				return usage_error(usage_text, "-C needs a directory");
			ctx.dir_opt = argv[i];
		} else if (!strncmp(a, "-C", 2)) {
			ctx.dir_opt = a + 2;
		} else if (!strcmp(a, "--version")) {
			printf("notebook %s\n", NOTEBOOK_VERSION);
			return finish_stdout(0);
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			print_help(stdout);
			return finish_stdout(0);
		} else if (a[0] == '-') {
			return usage_error(usage_text, "unknown option '%s'", a);
		} else {
			break;
		}
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
		if (!strcmp(commands[k].name, argv[i]))
			cmd = &commands[k];
	if (!cmd) {
		const char *names[ARRAY_SIZE(commands) + 1];
		const char *near;
		for (size_t k = 0; k < ARRAY_SIZE(commands); k++)
			names[k] = commands[k].name;
		names[ARRAY_SIZE(commands)] = NULL;
		near = nearest_word(argv[i], names);
		if (near)
			return usage_error(NULL, "'%s' is not a command (did you mean '%s'?)", argv[i], near);
		return usage_error(usage_text, "'%s' is not a command; see 'notebook --help'", argv[i]);
	}
	ctx.name = cmd->name;
	if (cmd->flags & NEED_NOTEBOOK) {
		/*
		 * --help anywhere before "--" is help, even where it would be an
		 * option's value ("log acme -m -h" ran without a notebook root):
		 * the command is asked for its help alone, outside any notebook.
		 */
		for (int k = i + 1; k < argc && strcmp(argv[k], "--"); k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
				char *help_argv[] = { argv[i], "--help", NULL };
				opterr = 0;
				running.argc = 2;
				running.argv = help_argv;
				return finish_stdout(cmd->fn(&ctx, 2, help_argv));
			}
		if (notebook_find(ctx.dir_opt, &ctx.root, &ctx.display) < 0)
			return EXIT_NO_NOTEBOOK;
		if (cmd->flags & READS_REPO)
			repo_repair_index_at(ctx.root);
	}
	/* Option errors are worded by usage_error(), naming the option. */
	opterr = 0;
	running.argc = argc - i;
	running.argv = argv + i;
	status = cmd->fn(&ctx, argc - i, argv + i);
	free(ctx.root);
	free(ctx.display);
	return finish_stdout(status);
}
