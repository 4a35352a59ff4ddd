/*
 * The one way every command finds the client a user names (notebook(1),
 * CLIENTS): its id; else its name, in any case and with or without
 * accents ("societe generale conseil"); else a unique prefix of an id or
 * a name ("umb", "Acme"); else a unique prefix of a word of a name
 * ("conseil"). Several matches are listed, id and name aligned.
 */
#ifndef NOTEBOOK_RESOLVE_H
#define NOTEBOOK_RESOLVE_H

#include <stddef.h>

#include "buf.h"

struct notebook;
struct client;

/*
 * The client of `nb` that `query` names. On none or several, says so on
 * stderr and returns NULL with the exit status in *status: EXIT_USAGE when
 * several match, EXIT_FINDINGS when none does.
 */
const struct client *resolve_client(const struct notebook *nb, const char *query, int *status);

/* The ids resolve_client_args() put in place of what the user typed. */
struct resolved {
	char **ids;
	size_t n;
};

#define RESOLVED_INIT { NULL, 0 }

/*
 * For the writing commands, before they touch anything: replaces each of
 * args[0..n) by the id of the client it names. An argument naming an
 * existing clients/ID.md is kept as it is without reading the notebook;
 * the others are looked up in it (client files that fail validation are
 * found by id only). The new strings belong to `keep`. Returns 0, else
 * says what is wrong and returns EXIT_USAGE (several match, or two
 * arguments name one client) or EXIT_FINDINGS (no such client).
 */
int resolve_client_args(const char *root, char **args, size_t n, struct resolved *keep);
void resolved_release(struct resolved *keep);


#endif
