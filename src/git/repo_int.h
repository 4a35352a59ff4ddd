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

/*
 * The author and committer a commit is made with, as git chooses them
 * from the environment and the configuration of `git` (the user's own
 * configuration when `git` is NULL); the caller frees both. 0, or -1 with
 * a message saying what to set.
 */
int repo_signatures(git_repository *git, git_signature **author, git_signature **committer);

/* The author's name as repo_signatures() would choose it, malloc'd, or NULL. */
char *repo_ident_name(git_repository *git);

#endif
