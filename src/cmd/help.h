/*
 * What each command's options do, one line each: the table behind
 * 'notebook help COMMAND' and 'notebook COMMAND --help', and behind the
 * did-you-mean of an unknown option. It agrees with the options listed in
 * notebook(1) for each command (tests/t0015-help.sh compares them).
 */
#ifndef NOTEBOOK_HELP_H
#define NOTEBOOK_HELP_H

#include <stdio.h>

struct help_option {
	const char *flags; /* "-k, --kind KIND" */
	const char *text;  /* one line */
};

/* The options of `command`, ending with { NULL, NULL }; NULL for an unknown command. */
const struct help_option *help_options(const char *command);

/*
 * Prints `usage` (the command's synopsis), then each option of `command`
 * on a line of its own, aligned, --help last.
 */
void help_print(FILE *out, const char *command, const char *usage);

/*
 * The long option of `command` nearest to `arg` ("--jsno": "--json"), for
 * a did-you-mean (the caller frees it); NULL when none is near.
 */
char *help_nearest_option(const char *command, const char *arg);

#endif
