/*
 * The repository layer's insides, shared by repo.c and repo_sync.c only
 * (the files that include <git2.h>).
 */
#ifndef NOTEBOOK_REPO_INT_H
#define NOTEBOOK_REPO_INT_H

#include <git2.h>

#include "repo.h"

struct repo {
	git_repository *git;
	char *workdir; /* with a trailing slash */
	char *gitdir;  /* with a trailing slash */
	char *prefix;  /* the notebook root inside the work tree: "" or "sub/dir/" */
};

/* error() with libgit2's last message; returns -1. */
int git_fail(const char *what);

#endif
