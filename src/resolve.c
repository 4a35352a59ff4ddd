/* Finding the client a user names: see resolve.h. */
#include "resolve.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmdctx.h"
#include "diag.h"
#include "load.h"
#include "fold.h"
#include "model.h"
#include "term.h"
#include "text.h"
#include "util.h"
#include "writing.h"

/* ---- matching ---- */

struct cand {
	const char *id;
	const char *name; /* NULL when unknown */
	char *folded;     /* the name folded, or NULL */
};

static int has_prefix(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* A word of `s` (after a blank or '-') begins with `prefix`. */
static int word_has_prefix(const char *s, const char *prefix)
{
	for (const char *p = s; p && *p; p++)
		if ((p == s || p[-1] == ' ' || p[-1] == '-') && has_prefix(p, prefix))
			return 1;
	return 0;
}

/* The candidates, aligned: id and name, wrapped (never cut) on a terminal. */
static void say_candidates(const char *query, const struct cand *v, const size_t *hits, size_t n)
{
	struct term t;
	struct table tb;
	struct buf b = BUF_INIT;

	error("'%s' is ambiguous; it could be:", query);
	term_init(&t, stderr, 1);
	table_init(&tb, 2, 1);
	tb.indent = 2;
	table_keep(&tb, 0);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		buf_add_escaped_str(&b, v[hits[i]].id);
		table_add(&tb, buf_str(&b), COLOR_NONE);
		buf_reset(&b);
		buf_add_escaped_str(&b, v[hits[i]].name);
		table_add(&tb, buf_str(&b), COLOR_NONE);
	}
	table_print(&tb, &t, stderr);
	table_release(&tb);
	buf_release(&b);
}

static void say_none(const char *query, const struct cand *v, size_t n)
{
	const char **words = xcalloc(n + 1, sizeof(*words));
	const char *near;
	struct buf f = BUF_INIT;

	for (size_t i = 0; i < n; i++)
		words[i] = v[i].id;
	near = nearest_word(query, words);
	if (!near) {
		/* A name misspelt: suggest that client's id. */
		fold_name(&f, query);
		for (size_t i = 0; i < n; i++)
			words[i] = v[i].folded ? v[i].folded : "";
		near = nearest_word(buf_str(&f), words);
		for (size_t i = 0; near && i < n; i++)
			if (words[i] == near)
				near = v[i].id;
	}
	if (near)
		error("no client '%s' (did you mean '%s'?)", query, near);
	else
		error("no client '%s'; see 'notebook list'", query);
	free(words);
	buf_release(&f);
}

/*
 * The candidate `query` names: its index, or -1 after saying so with the
 * exit status in *status.
 */
static long find(const struct cand *v, size_t n, const char *query, int *status)
{
	struct buf f = BUF_INIT;
	size_t *hits = xcalloc(n + 1, sizeof(*hits)), nhits = 0;
	long found = -1;

	fold_name(&f, query);
	for (size_t i = 0; i < n && !nhits; i++)
		if (!strcmp(v[i].id, query))
			hits[nhits++] = i;
	for (size_t i = 0; i < n && !nhits; i++)
		if (!strcasecmp(v[i].id, query))
			hits[nhits++] = i;
	if (!f.len)
		goto out;
	if (!nhits)
		for (size_t i = 0; i < n; i++)
			if (v[i].folded && !strcmp(v[i].folded, buf_str(&f)))
				hits[nhits++] = i;
	if (!nhits)
		for (size_t i = 0; i < n; i++)
			if (!strncasecmp(v[i].id, query, strlen(query)) ||
			    has_prefix(v[i].folded, buf_str(&f)))
				hits[nhits++] = i;
	if (!nhits)
		for (size_t i = 0; i < n; i++)
			if (word_has_prefix(v[i].id, buf_str(&f)) ||
			    word_has_prefix(v[i].folded, buf_str(&f)))
				hits[nhits++] = i;
out:
	if (nhits == 1) {
		found = (long)hits[0];
	} else if (nhits > 1) {
		say_candidates(query, v, hits, nhits);
		*status = EXIT_USAGE;
	} else {
		say_none(query, v, n);
		*status = EXIT_FINDINGS;
	}
	free(hits);
	buf_release(&f);
	return found;
}

static void fold_cands(struct cand *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		if (!v[i].name)
			continue;
		fold_name(&b, v[i].name);
		v[i].folded = buf_detach(&b);
	}
}

static void free_cands(struct cand *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].folded);
	free(v);
}

const struct client *resolve_client(const struct notebook *nb, const char *query, int *status)
{
	struct cand *v = xcalloc(nb->nclients + 1, sizeof(*v));
	long i;

	for (size_t k = 0; k < nb->nclients; k++)
		v[k] = (struct cand){ nb->clients[k].id, nb->clients[k].name, NULL };
	fold_cands(v, nb->nclients);
	i = find(v, nb->nclients, query, status);
	free_cands(v, nb->nclients);
	return i < 0 ? NULL : &nb->clients[i];
}

/* ---- for the writing commands ---- */

static int is_client_file(const char *root, const char *id)
{
	struct stat st;
	char *path;
	int ret;

	if (!client_id_valid(id))
		return 0;
	path = xasprintf("%s/clients/%s.md", root, id);
	ret = !lstat(path, &st);
	free(path);
	return ret;
}

static int cmp_cand(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->id, ((const struct cand *)b)->id);
}

/*
 * Every client: those of the model with their names, and the files of
 * clients/ that failed validation by id only. The ids borrow from `nb` and
 * `files`.
 */
static struct cand *all_clients(const char *root, const struct notebook *nb, char ***files,
				size_t *n)
{
	char *dir = xasprintf("%s/clients", root);
	DIR *dh = opendir(dir);
	struct dirent *de;
	struct cand *v = NULL;
	size_t alloc = 0, nfiles = 0, falloc = 0;

	*n = 0;
	*files = NULL;
	for (size_t i = 0; i < nb->nclients; i++) {
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = (struct cand){ nb->clients[i].id, nb->clients[i].name, NULL };
	}
	qsort(v, *n, sizeof(*v), cmp_cand);
	while (dh && (de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		struct cand key;
		if (len <= 3 || strcmp(de->d_name + len - 3, ".md") || de->d_name[0] == '.')
			continue;
		ALLOC_GROW(*files, nfiles + 2, falloc);
		(*files)[nfiles] = xstrndup(de->d_name, len - 3);
		(*files)[nfiles + 1] = NULL;
		key.id = (*files)[nfiles++];
		if (!nb->nclients || !bsearch(&key, v, nb->nclients, sizeof(*v), cmp_cand)) {
			ALLOC_GROW(v, *n + 1, alloc);
			v[(*n)++] = (struct cand){ key.id, NULL, NULL };
		}
	}
	if (dh)
		closedir(dh);
	free(dir);
	return v;
}

int resolve_client_args(const char *root, char **args, size_t n, struct resolved *keep)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	struct cand *v = NULL;
	char **files = NULL, **typed = xcalloc(n + 1, sizeof(*typed));
	size_t nv = 0;
	int loaded = 0, status = 0;

	for (size_t i = 0; i < n && !status; i++) {
		long k;
		typed[i] = args[i];
		if (is_client_file(root, args[i]))
			continue;
		if (!loaded) {
			loaded = 1;
			/* What is wrong with the files is the command's to say, later. */
			notebook_load(root, 0, &nb, &d);
			v = all_clients(root, &nb, &files, &nv);
			fold_cands(v, nv);
		}
		k = find(v, nv, args[i], &status);
		if (k < 0)
			break;
		keep->ids = xreallocarray(keep->ids, keep->n + 1, sizeof(*keep->ids));
		keep->ids[keep->n++] = args[i] = xstrdup(v[k].id);
	}
	for (size_t i = 0; i < n && !status; i++)
		for (size_t j = 0; j < i && !status; j++)
			if (!strcmp(args[i], args[j])) {
				error("'%s' and '%s' are the same client ('%s'); name it once",
				      typed[j], typed[i], args[i]);
				status = EXIT_USAGE;
			}
	if (loaded) {
		free_cands(v, nv);
		for (size_t i = 0; files && files[i]; i++)
			free(files[i]);
		free(files);
		notebook_release(&nb);
		diags_release(&d);
	}
	free(typed);
	return status;
}

void resolved_release(struct resolved *keep)
{
	for (size_t i = 0; i < keep->n; i++)
		free(keep->ids[i]);
	free(keep->ids);
	keep->ids = NULL;
	keep->n = 0;
}
