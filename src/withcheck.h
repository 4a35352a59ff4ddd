/*
 * The names of `log --with` checked against the people of the clients the
 * entry is for (their `contacts`): a near miss gets a "did you mean", an
 * unknown name a warning. Never an error: the entry is written either way.
 */
#ifndef NOTEBOOK_WITHCHECK_H
#define NOTEBOOK_WITHCHECK_H

#include <stddef.h>

/*
 * Reads clients/<id>.md of each of `ids` under `root` and warns on stderr
 * (notebook: warning: …) about each of `names` that none of them has
 * among its contacts. A client file that cannot be read is passed over
 * (the entry's own checks report it).
 */
void with_check(const char *root, char *const *ids, size_t nids, char *const *names, size_t n);

#endif
