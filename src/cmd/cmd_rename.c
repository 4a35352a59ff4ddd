/*
 * notebook rename OLD NEW: a client's new id. The client file moves, every
 * entry naming the client gets the new id in `client:` or `clients:`, and
 * the entries named after it (YYYY-MM-DD-<id>-<kind>) move to the new name;
 * all in one commit, so that git sees renames and `git log --follow`
 * finds the history.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "fmedit.h"
#include "fsutil.h"
#include "load.h"
#include "git/repo.h"
#include "resolve.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char rename_usage[] = "usage: notebook rename OLD NEW\n";

/* One file of the rename: where it was, where it goes, its new text. */
struct move {
	char *from, *to;  /* root-relative; equal when the file stays */
	struct buf text;
};

/* `rel` with its base name's "DATE-OLD-" made "DATE-NEW-", or NULL when not named after OLD. */
static char *renamed_entry(const char *rel, const char *old, const char *new_id)
{
	const char *base = strrchr(rel, '/');
	size_t ol = strlen(old);

	base = base ? base + 1 : rel;
	if (strlen(base) < 11 + ol + 1 || base[10] != '-' || strncmp(base + 11, old, ol) ||
	    base[11 + ol] != '-')
		return NULL;
	return xasprintf("%.*s%s%s", (int)(base + 11 - rel), rel, new_id, base + 11 + ol);
}

/* The entry's text with every mention of `old` in client/clients made `new_id`. */
static int rewrite_entry(const char *root, const char *rel, const char *old, const char *new_id,
			 struct buf *out, struct diags *d)
{
	struct yaml_doc doc;
	struct fmedit e;
	const struct node *n;
	char *data = NULL;
	size_t len;
	int ret = -1, found = 0;

	yaml_doc_init(&doc);
	memset(&e, 0, sizeof(e));
	if (writing_read(root, rel, &data, &len) < 0)
		goto out;
	if (yaml_read_front_matter(rel, data, len, &doc, d) < 0 ||
	    fmedit_init(&e, rel, data, len, doc.root, d) < 0)
		goto out;
	if ((n = node_get(doc.root, "client")) && n->kind == NODE_SCALAR && !strcmp(n->str, old)) {
		if (fmedit_replace_scalar(&e, n, new_id, d) < 0)
			goto out;
		found = 1;
	}
	if ((n = node_get(doc.root, "clients")) && n->kind == NODE_SEQ)
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->kind == NODE_SCALAR && !strcmp(n->items[i]->str, old)) {
				if (fmedit_replace_scalar(&e, n->items[i], new_id, d) < 0)
					goto out;
				found = 1;
			}
	if (!found) {
		diags_add(d, rel, 1, 1, SEV_ERROR, "does not name '%s' as the notebook read it", old);
		goto out;
	}
	fmedit_result(&e, out);
	ret = 0;
out:
	fmedit_release(&e);
	yaml_doc_release(&doc);
	free(data);
	return ret;
}

static int same_folder(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return sa && sb && sa - a == sb - b && !strncmp(a, b, (size_t)(sa - a));
}

static int path_exists(const char *root, const char *rel)
{
	struct stat st;
	char *abs = xasprintf("%s/%s", root, rel);
	int ret = lstat(abs, &st) == 0;

	free(abs);
	return ret;
}

/*
 * The moves renaming the client `c` to `new_id`: its file, and every entry
 * naming it (its new text and, when named after it, its new name), each
 * read and rewritten in memory; nothing is written. 0, or -1 after a
 * message; the moves made so far are the caller's to free either way.
 */
static int moves_plan(struct cmd_ctx *ctx, const struct notebook *nb, const struct client *c,
		      const char *new_id, struct move **mv, size_t *nmv, size_t *renamed,
		      struct diags *d)
{
	const char *old = c->id, *slash = strrchr(c->path, '/');
	char *to = xasprintf("%.*s%s.md", (int)(slash - c->path + 1), c->path, new_id), *data;
	size_t alloc = 0, len;
	struct move *m;

	if (model_find_client(nb, new_id) || path_exists(ctx->root, to)) {
		error("client '%s' exists already; pick another id", new_id);
		free(to);
		return -1;
	}
	ALLOC_GROW(*mv, *nmv + 1, alloc);
	m = &(*mv)[(*nmv)++];
	m->from = xstrdup(c->path);
	m->to = to;
	buf_init(&m->text);
	if (writing_read(ctx->root, c->path, &data, &len) < 0)
		return -1;
	buf_add(&m->text, data, len);
	free(data);
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		to = renamed_entry(e->path, old, new_id);
		if (to && path_exists(ctx->root, to)) {
			error("'%s%s' exists already; cannot rename '%s%s' to it", ctx->display, to,
			      ctx->display, e->path);
			free(to);
			return -1;
		}
		ALLOC_GROW(*mv, *nmv + 1, alloc);
		m = &(*mv)[(*nmv)++];
		m->from = xstrdup(e->path);
		m->to = to ? to : xstrdup(e->path);
		buf_init(&m->text);
		if (rewrite_entry(ctx->root, e->path, old, new_id, &m->text, d) < 0) {
			writing_print_diags(ctx, d);
			return -1;
		}
		*renamed += to != NULL;
	}
	return 0;
}

/*
 * Writes the moves: the new files first, then the old ones removed, each
 * folder synced once after its last removal. 0, or -1 after a message.
 */
static int moves_apply(struct cmd_ctx *ctx, const struct move *mv, size_t nmv)
{
	for (size_t i = 0; i < nmv; i++) {
		char *abs = xasprintf("%s/%s", ctx->root, mv[i].to);
		int ret = strcmp(mv[i].from, mv[i].to) ?
			fs_create_exclusive(abs, mv[i].text.data, mv[i].text.len) :
			fs_write_atomic(abs, mv[i].text.data, mv[i].text.len);
		if (ret > 0)
			ret = error("'%s%s' appeared meanwhile", ctx->display, mv[i].to);
		free(abs);
		if (ret < 0)
			return -1;
	}
	for (size_t i = 0; i < nmv; i++) {
		char *abs;

		if (!strcmp(mv[i].from, mv[i].to))
			continue;
		abs = xasprintf("%s/%s", ctx->root, mv[i].from);
		if (unlink(abs) < 0) {
			error("cannot remove '%s%s': %s", ctx->display, mv[i].from, strerror(errno));
			free(abs);
			return -1;
		}
		/* each folder's removals are synced once, after the last of them */
		if (i + 1 == nmv || !same_folder(mv[i].from, mv[i + 1].from) ||
		    !strcmp(mv[i + 1].from, mv[i + 1].to))
			fs_sync_parent(abs);
		free(abs);
	}
	return 0;
}

int cmd_rename(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct notebook nb;
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	struct resolved ids = RESOLVED_INIT;
	struct move *mv = NULL;
	size_t nmv = 0, renamed = 0;
	char **paths = NULL, *msg = NULL;
	const struct client *c;
	const char *old, *new_id;
	int status, loaded = 0;

	if ((status = parse_help_only(argc, argv, rename_usage)) >= 0)
		return status;
	if (argc - optind != 2)
		return usage_error(rename_usage, "the client's id and its new id are needed");
	new_id = argv[optind + 1];
	if (!client_id_valid(new_id))
		return usage_error(NULL, "'%s' is not a client id: lowercase letters, digits and '-', "
				   "starting with a letter or digit, at most 63", new_id);
	/* OLD as any command takes a client (id, name, prefix); NEW is an id */
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, NULL)))
		goto out;
	old = argv[optind];
	status = EXIT_FINDINGS;
	if (!strcmp(old, new_id)) {
		error("'%s' is its id already", old);
		goto out;
	}
	if ((status = writing_load_whole(ctx, &nb, old)))
		goto out;
	loaded = 1;
	status = EXIT_FINDINGS;
	c = model_find_client(&nb, old);
	if (!c) {
		error("no client '%s'", old);
		goto out;
	}
	if (moves_plan(ctx, &nb, c, new_id, &mv, &nmv, &renamed, &d) < 0)
		goto out;
	/* then write: new files first, the old ones removed after */
	status = EXIT_NO_NOTEBOOK;
	if (moves_apply(ctx, mv, nmv) < 0)
		goto out;
	paths = xcalloc(nmv * 2, sizeof(*paths));
	{
		size_t np = 0;
		for (size_t i = 0; i < nmv; i++) {
			paths[np++] = mv[i].to;
			if (strcmp(mv[i].from, mv[i].to))
				paths[np++] = mv[i].from;
		}
		msg = xasprintf("rename: %s to %s (%zu entr%s, %zu renamed)", old, new_id,
				c->nentries, c->nentries == 1 ? "y" : "ies", renamed);
		status = repo_commit_paths(r, paths, np, msg) < 0 ? EXIT_GIT : EXIT_OK;
	}
	if (status == EXIT_OK)
		printf_escaped("%s\n", msg);
	else
		error("the files are renamed but not committed; 'notebook commit' commits them");
out:
	for (size_t i = 0; i < nmv; i++) {
		free(mv[i].from);
		free(mv[i].to);
		buf_release(&mv[i].text);
	}
	free(mv);
	free(paths);
	free(msg);
	diags_release(&d);
	repo_free(r);
	if (loaded)
		notebook_release(&nb);
	resolved_release(&ids);
	return status;
}
