/*
 * notebook commit: validates the notebook, then commits the hand edits
 * under notebook.yaml, clients/, journal/ and schema/ (added, changed and
 * deleted files, staged or not) with a message that says what changed:
 * "acme-corp: trust strained → repairing; 2 entries logged".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "load.h"
#include "model.h"
#include "node.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char commit_usage[] = "usage: notebook commit [-m MESSAGE]\n";

#define SUBJECT_MAX 72

/* What changed for one client. */
struct note {
	char *id;
	struct buf fields;  /* "trust strained → repairing; tags changed" */
	int client_added, client_removed;
	int logged, edited, removed;
	char *entry_trust;  /* the trust set by the latest added entry */
	char *entry_trust_date;
};

struct notes {
	struct note *v;
	size_t n, alloc;
};

static struct note *note_for(struct notes *ns, const char *id)
{
	for (size_t i = 0; i < ns->n; i++)
		if (!strcmp(ns->v[i].id, id))
			return &ns->v[i];
	ALLOC_GROW(ns->v, ns->n + 1, ns->alloc);
	memset(&ns->v[ns->n], 0, sizeof(ns->v[0]));
	ns->v[ns->n].id = xstrdup(id);
	return &ns->v[ns->n++];
}

static void notes_release(struct notes *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		free(ns->v[i].id);
		buf_release(&ns->v[i].fields);
		free(ns->v[i].entry_trust);
		free(ns->v[i].entry_trust_date);
	}
	free(ns->v);
}

/* A scalar's text made fit for a one-line message. */
/*
 * A value in a commit message, cut to 40 bytes on a character boundary and
 * escaped as every message is: git log prints messages raw to a terminal.
 */
static void add_value(struct buf *b, const struct node *n)
{
	size_t len = n->len > 40 ? 40 : n->len;

	while (len < n->len && len && ((unsigned char)n->str[len] & 0xc0) == 0x80)
		len--;
	buf_add_escaped(b, n->str, len);
	if (len < n->len)
		buf_adds(b, "…");
}

static int node_equal(const struct node *a, const struct node *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return 0;
	if (a->kind == NODE_SCALAR)
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	for (size_t i = 0; i < a->n; i++) {
		if (a->kind == NODE_SEQ && !node_equal(a->items[i], b->items[i]))
			return 0;
		if (a->kind == NODE_MAP && (!node_equal(a->pairs[i].key, b->pairs[i].key) ||
					    !node_equal(a->pairs[i].value, b->pairs[i].value)))
			return 0;
	}
	return 1;
}

static void add_part(struct buf *b, const char *s)
{
	if (b->len)
		buf_adds(b, "; ");
	buf_adds(b, s);
}

/* "key old → new" for each front-matter key that changed; "notes edited" for the body. */
static void describe_client(struct buf *out, const char *rel, const char *old, size_t oldlen,
			    const char *cur, size_t curlen)
{
	struct yaml_doc a, b;
	struct diags d = DIAGS_INIT;
	struct buf part = BUF_INIT;
	size_t before = out->len;

	yaml_doc_init(&a);
	yaml_doc_init(&b);
	if (yaml_read_front_matter(rel, old, oldlen, &a, &d) < 0 ||
	    yaml_read_front_matter(rel, cur, curlen, &b, &d) < 0) {
		add_part(out, "file edited");
		goto out;
	}
	for (size_t i = 0; i < b.root->n; i++) {
		const struct node *k = b.root->pairs[i].key, *nv = b.root->pairs[i].value;
		const struct node *ov = node_get(a.root, k->str);

		if (ov && node_equal(ov, nv))
			continue;
		buf_reset(&part);
		buf_add_escaped(&part, k->str, k->len);
		if (nv->kind != NODE_SCALAR || (ov && ov->kind != NODE_SCALAR)) {
			buf_adds(&part, " changed");
		} else if (ov) {
			buf_addc(&part, ' ');
			add_value(&part, ov);
			buf_adds(&part, " → ");
			add_value(&part, nv);
		} else {
			buf_adds(&part, " set to ");
			add_value(&part, nv);
		}
		add_part(out, part.data);
	}
	for (size_t i = 0; i < a.root->n; i++) {
		const char *k = a.root->pairs[i].key->str;
		if (!node_get(b.root, k)) {
			buf_reset(&part);
			buf_printf_escaped(&part, "%s removed", k);
			add_part(out, part.data);
		}
	}
	if (a.body_len != b.body_len || memcmp(a.body, b.body, a.body_len))
		add_part(out, "notes edited");
	if (out->len == before)
		add_part(out, "file edited");
out:
	buf_release(&part);
	diags_release(&d);
	yaml_doc_release(&a);
	yaml_doc_release(&b);
}

/* The clients an entry names, its date and the trust it sets. */
static void describe_entry(struct notes *ns, const char *rel, const char *data, size_t len,
			   char status)
{
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	const struct node *one, *many, *trust, *date;

	yaml_doc_init(&doc);
	if (yaml_read_front_matter(rel, data, len, &doc, &d) < 0)
		goto out;
	one = node_get(doc.root, "client");
	many = node_get(doc.root, "clients");
	trust = node_get(doc.root, "trust");
	date = node_get(doc.root, "date");
	for (size_t i = 0; ; i++) {
		const struct node *c = one ? (i ? NULL : one) :
				       many && many->kind == NODE_SEQ && i < many->n ? many->items[i] : NULL;
		struct note *nt;

		if (!c)
			break;
		if (c->kind != NODE_SCALAR)
			continue;
		nt = note_for(ns, c->str);
		if (status == 'A')
			nt->logged++;
		else if (status == 'D')
			nt->removed++;
		else
			nt->edited++;
		if (status == 'A' && trust && trust->kind == NODE_SCALAR && date &&
		    date->kind == NODE_SCALAR &&
		    (!nt->entry_trust_date || strcmp(date->str, nt->entry_trust_date) >= 0)) {
			free(nt->entry_trust);
			free(nt->entry_trust_date);
			nt->entry_trust = xstrdup(trust->str);
			nt->entry_trust_date = xstrdup(date->str);
		}
	}
out:
	diags_release(&d);
	yaml_doc_release(&doc);
}

static int in_changes(const struct repo_change *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].path, path))
			return 1;
	return 0;
}

/* The client's trust before these changes: from its unchanged entries, else its file in HEAD. */
static char *trust_before(struct repo *r, const struct notebook *nb, const char *id,
			  const struct repo_change *v, size_t n)
{
	const struct client *c = model_find_client(nb, id);
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	char *rel = NULL, *data = NULL, *ret = NULL;
	size_t len;

	for (size_t i = c ? c->nentries : 0; i-- > 0;) {
		const struct entry *e = c->entries[i];
		if (e->trust != TRUST_UNSET && !in_changes(v, n, e->path))
			return xstrdup(trust_name(e->trust));
	}
	yaml_doc_init(&doc);
	rel = xasprintf("clients/%s.md", id);
	if (repo_head_file(r, rel, &data, &len) == 0 &&
	    yaml_read_front_matter(rel, data, len, &doc, &d) == 0) {
		const struct node *t = node_get(doc.root, "trust");
		if (t && t->kind == NODE_SCALAR)
			ret = xstrdup(t->str);
	}
	diags_release(&d);
	yaml_doc_release(&doc);
	free(data);
	free(rel);
	return ret ? ret : xstrdup("healthy");
}

/* "1 entry logged", "2 entries logged"; nothing for 0. */
static void add_count(struct buf *b, int n, const char *what)
{
	char *s;

	if (!n)
		return;
	s = xasprintf("%d %s %s", n, n == 1 ? "entry" : "entries", what);
	add_part(b, s);
	free(s);
}

static void note_text(struct buf *b, struct note *nt, struct repo *r, const struct notebook *nb,
		      const struct repo_change *v, size_t n)
{
	struct buf parts = BUF_INIT;

	if (nt->client_added)
		add_part(&parts, "new client");
	if (nt->client_removed)
		add_part(&parts, "client removed");
	if (nt->fields.len)
		add_part(&parts, nt->fields.data);
	if (nt->entry_trust && !nt->client_added) {
		char *old = trust_before(r, nb, nt->id, v, n);
		if (strcmp(old, nt->entry_trust)) {
			struct buf t = BUF_INIT;
			buf_printf_escaped(&t, "trust %s → %s", old, nt->entry_trust);
			add_part(&parts, t.data);
			buf_release(&t);
		}
		free(old);
	}
	add_count(&parts, nt->logged, "logged");
	add_count(&parts, nt->edited, "edited");
	add_count(&parts, nt->removed, "removed");
	buf_add_escaped(b, nt->id, strlen(nt->id));
	buf_printf(b, ": %s", buf_str(&parts));
	buf_release(&parts);
}

static char *make_message(struct repo *r, const struct notebook *nb, const char *root,
			  const struct repo_change *v, size_t n)
{
	struct notes ns = { 0 };
	struct buf others = BUF_INIT, lines = BUF_INIT, msg = BUF_INIT;
	int settings = 0, schema = 0;

	for (size_t i = 0; i < n; i++) {
		const char *p = v[i].path;
		char *old = NULL, *cur = NULL;
		size_t oldlen = 0, curlen = 0;

		if (v[i].status == '=')
			continue;
		if (v[i].status != 'A' && repo_head_file(r, p, &old, &oldlen) != 0)
			old = NULL;
		if (v[i].status != 'D' && writing_read(root, p, &cur, &curlen) < 0)
			cur = NULL;
		if (!strcmp(p, "notebook.yaml")) {
			settings = 1;
		} else if (!strncmp(p, "schema/", 7)) {
			schema = 1;
		} else if (!strncmp(p, "clients/", 8) && strlen(p) > 11 &&
			   !strcmp(p + strlen(p) - 3, ".md") && !strchr(p + 8, '/')) {
			char *id = xstrndup(p + 8, strlen(p) - 11);
			struct note *nt = note_for(&ns, id);
			if (v[i].status == 'A')
				nt->client_added = 1;
			else if (v[i].status == 'D')
				nt->client_removed = 1;
			else if (old && cur)
				describe_client(&nt->fields, p, old, oldlen, cur, curlen);
			free(id);
		} else if (!strncmp(p, "journal/", 8)) {
			if (v[i].status == 'D' ? !!old : !!cur)
				describe_entry(&ns, p, v[i].status == 'D' ? old : cur,
					       v[i].status == 'D' ? oldlen : curlen, v[i].status);
		} else {
			add_part(&others, "files changed");
		}
		free(old);
		free(cur);
	}
	if (settings)
		add_part(&others, "settings changed");
	if (schema)
		add_part(&others, "schema changed");
	for (size_t i = 0; i < ns.n; i++) {
		if (lines.len)
			buf_addc(&lines, '\n');
		note_text(&lines, &ns.v[i], r, nb, v, n);
	}
	if (others.len) {
		if (lines.len)
			buf_addc(&lines, '\n');
		buf_add(&lines, others.data, others.len);
	}
	/* one line when it fits, or when one client's changes are all there is */
	for (size_t i = 0; i < lines.len; i++) {
		if (lines.data[i] == '\n')
			buf_adds(&msg, "; ");
		else
			buf_addc(&msg, lines.data[i]);
	}
	if (msg.len <= SUBJECT_MAX || ns.n <= 1)
		goto out;
	buf_reset(&msg);
	buf_printf(&msg, "%zu clients changed", ns.n);
	if (others.len)
		buf_printf(&msg, "; %s", others.data);
	buf_adds(&msg, "\n\n");
	buf_add(&msg, lines.data, lines.len);
out:
	buf_release(&others);
	buf_release(&lines);
	notes_release(&ns);
	return buf_detach(&msg);
}

int cmd_commit(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	struct repo_change *v = NULL;
	char **paths = NULL, *msg = NULL;
	const char *msg_opt = NULL;
	size_t n = 0, real = 0;
	int ch, ret, status;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "m:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			msg_opt = optarg;
			break;
		case 'h':
			help_print(stdout, argv[0], commit_usage);
			return EXIT_OK;
		default:
			return usage_error(commit_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(commit_usage, "commit takes no paths: it commits every notebook file changed");
	if (msg_opt && !*msg_opt)
		return usage_error(commit_usage, "the message is empty");
	status = writing_open(ctx, &r);
	if (status)
		goto out;
	status = EXIT_GIT;
	if (repo_changes(r, &v, &n) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		real += v[i].status != '=';
	status = EXIT_NO_NOTEBOOK;
	if (notebook_load(ctx->root, 0, &nb, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	if (d.n)
		writing_print_diags(ctx, &d);
	if (d.errors) {
		error("refusing to commit while errors remain; fix them and run 'notebook commit' again");
		status = EXIT_FINDINGS;
		goto out;
	}
	paths = xcalloc(n ? n : 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++)
		paths[i] = v[i].path;
	msg = msg_opt ? xstrdup(msg_opt) : make_message(r, &nb, ctx->root, v, n);
	status = EXIT_GIT;
	ret = n ? repo_commit_paths(r, paths, n, msg) : 1;
	if (ret < 0)
		goto out;
	if (ret > 0 || !real) {
		printf("nothing to commit\n");
	} else {
		const char *nl = strchr(msg, '\n');
		/* built escaped (git log prints it raw): printed as committed */
		printf("%.*s\n", nl ? (int)(nl - msg) : (int)strlen(msg), msg);
	}
	status = EXIT_OK;
out:
	notebook_release(&nb);
	diags_release(&d);
	repo_changes_free(v, n);
	repo_free(r);
	free(paths);
	free(msg);
	return status;
}
