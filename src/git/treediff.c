/*
 * A diff of two trees that reads only the folders that differ, as git's
 * tree diff does: the paths that changed are found first, skipping every
 * subtree whose id is the same on both sides, then libgit2 compares those
 * paths alone (its diff walks every entry of both trees otherwise: 42,000
 * files of a large notebook for one new entry).
 */
#include <stdlib.h>
#include <string.h>

#include "repo_int.h"
#include "buf.h"
#include "util.h"

/* More changed paths than this: libgit2 compares the whole trees. */
#define PATHS_MAX 4096

struct changed {
	char **v;
	size_t n, alloc;
	int over; /* more than PATHS_MAX */
};

static void add_path(struct changed *c, const char *prefix, const char *name)
{
	if (c->n >= PATHS_MAX) {
		c->over = 1;
		return;
	}
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n++] = xasprintf("%s%s", prefix, name);
}

static int is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

static int walk_pair(git_repository *git, git_tree *a, git_tree *b, const char *prefix,
		     struct changed *c);

/* Walks the entries `ea` (of a) and `eb` (of b), either NULL, of one name. */
static int walk_entry(git_repository *git, const git_tree_entry *ea, const git_tree_entry *eb,
		      const char *prefix, struct changed *c)
{
	const char *name = git_tree_entry_name(ea ? ea : eb);
	git_tree *ta = NULL, *tb = NULL;
	char *sub;
	int ret = 0;

	if (ea && eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
	    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
		return 0;
	if ((ea && !is_tree(ea)) || (eb && !is_tree(eb)))
		add_path(c, prefix, name);
	if (!is_tree(ea) && !is_tree(eb))
		return 0;
	if ((is_tree(ea) && git_tree_lookup(&ta, git, git_tree_entry_id(ea)) < 0) ||
	    (is_tree(eb) && git_tree_lookup(&tb, git, git_tree_entry_id(eb)) < 0))
		ret = -1;
	sub = xasprintf("%s%s/", prefix, name);
	if (!ret)
		ret = walk_pair(git, ta, tb, sub, c);
	free(sub);
	git_tree_free(ta);
	git_tree_free(tb);
	return ret;
}

/*
 * git's order of the entries of a tree: names compared as bytes, a
 * folder's as though it ended in '/'.
 */
static int entry_cmp(const git_tree_entry *ea, const git_tree_entry *eb)
{
	const char *a = git_tree_entry_name(ea), *b = git_tree_entry_name(eb);
	size_t la = strlen(a), lb = strlen(b), m = la < lb ? la : lb;
	int d = memcmp(a, b, m);
	unsigned ca, cb;

	if (d)
		return d;
	ca = la > m ? (unsigned char)a[m] : is_tree(ea) ? '/' : 0;
	cb = lb > m ? (unsigned char)b[m] : is_tree(eb) ? '/' : 0;
	return (int)ca - (int)cb;
}

/*
 * The paths under `prefix` that differ between trees a and b (either
 * NULL), their entries walked side by side in git's order, as git's tree
 * diff walks them (a lookup by name of each entry in the other tree was
 * most of a diff of a folder of 10,000 clients). A file and a folder of
 * one name are two entries: the file's path and the folder's paths.
 */
static int walk_pair(git_repository *git, git_tree *a, git_tree *b, const char *prefix,
		     struct changed *c)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	int ret = 0;

	while (!ret && !c->over && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int d = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);

		ret = walk_entry(git, d <= 0 ? ea : NULL, d >= 0 ? eb : NULL, prefix, c);
		i += d <= 0;
		j += d >= 0;
	}
	return ret;
}

int repo_diff_trees(git_diff **out, git_repository *git, git_tree *a, git_tree *b)
{
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	struct changed c = { 0 };
	int ret;

	if (walk_pair(git, a, b, "", &c) < 0 || c.over) {
		git_error_clear();
		ret = git_diff_tree_to_tree(out, git, a, b, NULL);
	} else if (!c.n) {
		ret = git_diff_tree_to_tree(out, git, NULL, NULL, NULL); /* nothing differs */
	} else {
		o.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH; /* the paths as they are, no patterns */
		o.pathspec.strings = c.v;
		o.pathspec.count = c.n;
		ret = git_diff_tree_to_tree(out, git, a, b, &o);
	}
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i]);
	free(c.v);
	return ret;
}
