/*
 * What a team's history says about the notebook's files (repo_team.h),
 * through libgit2: libgit2's 0 / <0 returns become 0 / -1 with a message.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "repo_int.h"
#include "repo_team.h"
#include "util.h"
#include "yaml.h"

/* How far back a search of history goes: a fortnight of a busy team, many times over. */
#define HISTORY_LIMIT 5000

/* The commit `rev` names: 0, 1 when there is none, -1 with a message. */
static int lookup_commit(git_repository *git, const char *rev, git_commit **out)
{
	git_object *obj = NULL;
	int err = git_revparse_single(&obj, git, rev);

	*out = NULL;
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH || err == GIT_EAMBIGUOUS) {
		git_error_clear();
		return 1;
	}
	if (err < 0)
		return git_fail("cannot read a commit");
	err = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0) {
		git_error_clear();
		return 1;
	}
	return 0;
}

struct collect {
	struct repo *r;
	struct file_data *v;
	size_t n, alloc;
	int failed;
};

static int collect_blob(const char *dir, const git_tree_entry *e, void *data)
{
	struct collect *c = data;
	char *path;
	git_blob *blob = NULL;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	path = xasprintf("%s%s", dir, git_tree_entry_name(e));
	if (!repo_notebook_path(c->r, path)) {
		free(path);
		return 0;
	}
	if (git_blob_lookup(&blob, c->r->git, git_tree_entry_id(e)) < 0) {
		free(path);
		c->failed = 1;
		return -1;
	}
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	c->v[c->n].path = xstrdup(path + strlen(c->r->prefix));
	c->v[c->n].data = repo_blob_copy(blob, &c->v[c->n].len);
	c->n++;
	git_blob_free(blob);
	free(path);
	return 0;
}

int team_commit_files(const char *root, const char *rev, struct file_data **files, size_t *n)
{
	struct repo *r = NULL;
	git_commit *c = NULL;
	git_tree *t = NULL;
	struct collect col = { 0 };
	int err, ret = -1;

	*files = NULL;
	*n = 0;
	if (repo_open(root, &r) < 0)
		return -1;
	if ((err = lookup_commit(r->git, rev, &c)) != 0) {
		ret = err;
		goto out;
	}
	if (git_commit_tree(&t, c) < 0) {
		git_fail("cannot read a commit's files");
		goto out;
	}
	col.r = r;
	if (git_tree_walk(t, GIT_TREEWALK_PRE, collect_blob, &col) < 0 || col.failed) {
		git_fail("cannot read a commit's files");
		repo_files_free(col.v, col.n);
		goto out;
	}
	*files = col.v;
	*n = col.n;
	ret = 0;
out:
	git_tree_free(t);
	git_commit_free(c);
	repo_free(r);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void team_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

int team_staged_changes(const char *root, char ***paths, size_t *n)
{
	struct repo *r = NULL;
	git_index *idx = NULL;
	git_commit *head = NULL;
	git_tree *t = NULL;
	git_diff *diff = NULL;
	const char *alt = getenv("GIT_INDEX_FILE");
	char **v = NULL;
	size_t nv = 0, alloc = 0, plen;
	int err, ret = -1;

	*paths = NULL;
	*n = 0;
	if (repo_open(root, &r) < 0)
		return -1;
	plen = strlen(r->prefix);
	/* git commit -a and git commit PATH hand their hooks a temporary index */
	if ((alt && *alt) ? git_index_open(&idx, alt) < 0 : git_repository_index(&idx, r->git) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	if ((err = lookup_commit(r->git, "HEAD", &head)) < 0)
		goto out;
	if ((!err && git_commit_tree(&t, head) < 0) ||
	    git_diff_tree_to_index(&diff, r->git, t, idx, NULL) < 0) {
		git_fail("cannot compare the index with HEAD");
		goto out;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (!repo_notebook_path(r, p))
			continue;
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrdup(p + plen);
	}
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_str);
	*paths = v;
	*n = nv;
	ret = 0;
out:
	git_diff_free(diff);
	git_tree_free(t);
	git_commit_free(head);
	git_index_free(idx);
	repo_free(r);
	return ret;
}

/* The blob `full` names in commit `c` into *id: 0, or 1 when it has none. */
static int blob_in(git_commit *c, const char *full, git_oid *id)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int ret = 1;

	if (git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&e, t, full) == 0) {
		git_oid_cpy(id, git_tree_entry_id(e));
		ret = 0;
	}
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(t);
	return ret;
}

/*
 * Whether commit `c` changed `full`: its version differs from that of
 * every parent (a merge that took one side's version changed nothing).
 */
static int changed_in(git_commit *c, const char *full)
{
	git_oid mine, theirs;
	int have = !blob_in(c, full, &mine);
	unsigned np = git_commit_parentcount(c);

	if (!np)
		return have;
	for (unsigned i = 0; i < np; i++) {
		git_commit *p = NULL;
		int same;

		if (git_commit_parent(&p, c, i) < 0) {
			git_error_clear();
			continue;
		}
		same = blob_in(p, full, &theirs) ? !have : have && git_oid_equal(&mine, &theirs);
		git_commit_free(p);
		if (same)
			return 0;
	}
	return 1;
}

/* The author's name of commit `c`, malloc'd. */
static char *author_of(git_commit *c)
{
	const git_signature *a = git_commit_author(c);

	return xstrdup(a && a->name && *a->name ? a->name : "someone");
}

int team_last_change_git(git_repository *git, const git_oid *start, const char *full,
			 char id[8], char **author)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int ret = 1;

	id[0] = '\0';
	*author = NULL;
	if (git_revwalk_new(&walk, git) < 0 || git_revwalk_push(walk, start) < 0) {
		git_revwalk_free(walk);
		return git_fail("cannot read the history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	for (int k = 0; k < HISTORY_LIMIT && git_revwalk_next(&oid, walk) == 0; k++) {
		git_commit *c = NULL;
		if (git_commit_lookup(&c, git, &oid) < 0)
			break;
		if (changed_in(c, full)) {
			git_oid_tostr(id, 8, &oid);
			*author = author_of(c);
			git_commit_free(c);
			ret = 0;
			break;
		}
		git_commit_free(c);
	}
	git_error_clear();
	git_revwalk_free(walk);
	return ret;
}

int team_last_change(const char *root, const char *rev, const char *path, char id[8],
		     char **author)
{
	struct repo *r = NULL;
	git_commit *start = NULL;
	char *full = NULL;
	int err, ret = -1;

	id[0] = '\0';
	*author = NULL;
	if (repo_open(root, &r) < 0)
		return -1;
	if ((err = lookup_commit(r->git, rev, &start)) != 0) {
		ret = err;
		goto out;
	}
	full = xasprintf("%s%s", r->prefix, path);
	ret = team_last_change_git(r->git, git_commit_id(start), full, id, author);
out:
	free(full);
	git_commit_free(start);
	repo_free(r);
	return ret;
}

/* Appends the client files (clients/<id>.md) of `t` absent from `than` to *v. */
static void added_clients(git_repository *git, git_tree *t, git_tree *than, const char *prefix,
			  char ***v, size_t *n, size_t *alloc)
{
	git_diff *diff = NULL;
	size_t plen = strlen(prefix);

	if (repo_diff_trees(&diff, git, than, t) < 0) {
		git_error_clear();
		return;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *p = d->new_file.path;
		if (d->status != GIT_DELTA_ADDED || strncmp(p, prefix, plen) ||
		    strncmp(p + plen, "clients/", 8) || strchr(p + plen + 8, '/'))
			continue;
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = xstrdup(p + plen);
	}
	git_diff_free(diff);
}

/* The client files on disk (clients/<id>.md) that HEAD's tree `t` lacks. */
static void new_on_disk(struct repo *r, git_tree *t, char ***v, size_t *n, size_t *alloc)
{
	char *dir = xasprintf("%s%sclients", r->workdir, r->prefix);
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		git_tree_entry *e = NULL;
		char *full;

		if (de->d_name[0] == '.' || l < 4 || strcmp(de->d_name + l - 3, ".md"))
			continue;
		full = xasprintf("%sclients/%s", r->prefix, de->d_name);
		if (git_tree_entry_bypath(&e, t, full) == GIT_ENOTFOUND) {
			ALLOC_GROW(*v, *n + 1, *alloc);
			(*v)[(*n)++] = xasprintf("clients/%s", de->d_name);
		}
		git_error_clear();
		git_tree_entry_free(e);
		free(full);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* The client id of "clients/<id>.md", malloc'd. */
static char *id_of(const char *rel)
{
	return xstrndup(rel + 8, strlen(rel + 8) - 3);
}

/*
 * Walks history from `start` for the newest commit that removed `full`:
 * the client files it added go to *v, its short id to `short_id` and its
 * author to *who. Nothing set when none did.
 */
static void find_removal(struct repo *r, git_commit *start, const char *full, char ***v,
			 size_t *n, size_t *alloc, char short_id[8], char **who)
{
	git_revwalk *walk = NULL;
	git_oid oid;

	if (git_revwalk_new(&walk, r->git) < 0 || git_revwalk_push(walk, git_commit_id(start)) < 0)
		goto out;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	for (int k = 0; !*short_id && k < HISTORY_LIMIT && git_revwalk_next(&oid, walk) == 0; k++) {
		git_commit *c = NULL, *p = NULL;
		git_tree *ct = NULL, *pt = NULL;
		git_oid had;

		if (git_commit_lookup(&c, r->git, &oid) == 0 && git_commit_parentcount(c) &&
		    git_commit_parent(&p, c, 0) == 0 && blob_in(c, full, &had) &&
		    !blob_in(p, full, &had) && git_commit_tree(&ct, c) == 0 &&
		    git_commit_tree(&pt, p) == 0) {
			added_clients(r->git, ct, pt, r->prefix, v, n, alloc);
			git_oid_tostr(short_id, 8, &oid);
			*who = author_of(c);
		}
		git_tree_free(pt);
		git_tree_free(ct);
		git_commit_free(p);
		git_commit_free(c);
	}
out:
	git_error_clear();
	git_revwalk_free(walk);
}

/*
 * The commit being merged: MERGE_HEAD, or what git names in GITHEAD_<id>
 * to a hook (git writes MERGE_HEAD only after pre-merge-commit ran). 0,
 * or 1 when no merge is in progress.
 */
static int other_side(git_repository *git, git_commit **out)
{
	extern char **environ;

	if (lookup_commit(git, "MERGE_HEAD", out) == 0)
		return 0;
	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		char *hex;
		int err;

		if (strncmp(*e, "GITHEAD_", 8) || !eq)
			continue;
		hex = xstrndup(*e + 8, (size_t)(eq - *e - 8));
		err = strspn(hex, "0123456789abcdef") == strlen(hex) ? lookup_commit(git, hex, out) : 1;
		free(hex);
		if (!err)
			return 0;
	}
	return 1;
}

/*
 * The hint for a missing client `id`: where its file went (renamed by
 * hand, in a commit or not yet committed, or removed) and how to finish
 * such a rename; NULL when history does not show it. During a merge, the
 * other side's history is read when HEAD still has the file.
 */
static char *rename_hint(struct repo *r, const char *id)
{
	git_commit *head = NULL, *other = NULL;
	git_oid had;
	struct buf b = BUF_INIT;
	char **v = NULL, *full = xasprintf("%sclients/%s.md", r->prefix, id), *who = NULL, *to;
	char short_id[8] = "";
	size_t n = 0, alloc = 0;

	if (lookup_commit(r->git, "HEAD", &head) != 0)
		goto out;
	if (blob_in(head, full, &had)) {
		find_removal(r, head, full, &v, &n, &alloc, short_id, &who);
	} else if (other_side(r->git, &other) == 0 && blob_in(other, full, &had)) {
		find_removal(r, other, full, &v, &n, &alloc, short_id, &who);
	} else {
		/* removed since HEAD: a rename not committed yet */
		git_tree *ht = NULL;
		if (git_commit_tree(&ht, head) == 0)
			new_on_disk(r, ht, &v, &n, &alloc);
		git_tree_free(ht);
	}
	if (!n && *short_id)
		buf_printf(&b, "clients/%s.md was removed in %s by %s", id, short_id, who);
	if (n != 1)
		goto out; /* none, or several: no guess */
	buf_printf(&b, "clients/%s.md was renamed by hand to %s", id, v[0]);
	if (*short_id)
		buf_printf(&b, " in %s by %s", short_id, who);
	else
		buf_adds(&b, " (not committed)");
	to = id_of(v[0]);
	buf_printf(&b, "; to rename its entries too, run 'mv %s clients/%s.md' and "
		   "'notebook rename %s %s'", v[0], id, id, to);
	free(to);
out:
	git_error_clear();
	team_paths_free(v, n);
	git_commit_free(other);
	git_commit_free(head);
	free(full);
	free(who);
	return b.len ? buf_detach(&b) : (buf_release(&b), NULL);
}

void team_hint_renames(const char *root, struct diags *d)
{
	static const char lead[] = "no client '";
	struct repo *r = NULL;
	char **ids = NULL, **hints = NULL;
	size_t n = 0, alloc = 0, halloc = 0;

	for (size_t i = 0; i < d->n; i++) {
		const char *m = d->v[i].msg, *end;
		char *id, *hint = NULL, *msg;
		size_t k;

		if (strncmp(m, lead, sizeof(lead) - 1) || !(end = strchr(m + sizeof(lead) - 1, '\'')))
			continue;
		if (!r && repo_open_quiet(root, &r) < 0)
			break;
		id = xstrndup(m + sizeof(lead) - 1, (size_t)(end - m - (sizeof(lead) - 1)));
		for (k = 0; k < n && strcmp(ids[k], id); k++)
			;
		if (k == n) {
			ALLOC_GROW(ids, n + 1, alloc);
			ALLOC_GROW(hints, n + 1, halloc);
			ids[n] = id;
			hints[n++] = strchr(id, '/') ? NULL : rename_hint(r, id);
		} else {
			free(id);
		}
		hint = hints[k];
		if (!hint)
			continue;
		msg = xasprintf("%s; %s", m, hint);
		free(d->v[i].msg);
		d->v[i].msg = msg;
	}
	for (size_t k = 0; k < n; k++) {
		free(ids[k]);
		free(hints[k]);
	}
	free(ids);
	free(hints);
	repo_free(r);
}

/* The text of blob `id`, malloc'd and NUL-terminated, or NULL. */
static char *blob_text(git_repository *git, const git_oid *id, size_t *len)
{
	git_blob *b = NULL;
	char *t;

	if (git_blob_lookup(&b, git, id) < 0) {
		git_error_clear();
		return NULL;
	}
	*len = (size_t)git_blob_rawsize(b);
	t = xmalloc(*len + 1);
	memcpy(t, git_blob_rawcontent(b), *len);
	t[*len] = '\0';
	git_blob_free(b);
	return t;
}

/* A scalar's text under `key`, malloc'd, or NULL. */
static char *scalar(const struct node *root, const char *key)
{
	const struct node *n = node_get(root, key);

	return n && n->kind == NODE_SCALAR && n->len ? xstrdup(n->str) : NULL;
}

/* Reads the front matter of blob `id`: 0 with doc->root set, else -1. */
static int read_blob_doc(git_repository *git, const git_oid *id, const char *path,
			 struct yaml_doc *doc, char **text)
{
	struct diags d = DIAGS_INIT;
	size_t len = 0;
	int ret = -1;

	*text = blob_text(git, id, &len);
	if (*text && (yaml_read_front_matter(path, *text, len, doc, &d) == 0 || doc->root))
		ret = doc->root ? 0 : -1;
	diags_release(&d);
	return ret;
}

static void count_entry(struct team_brought *b, const char *client, const char *by, size_t *alloc)
{
	for (size_t i = 0; i < b->ncounts; i++)
		if (!strcmp(b->counts[i].client, client) && !strcmp(b->counts[i].by, by)) {
			b->counts[i].n++;
			return;
		}
	ALLOC_GROW(b->counts, b->ncounts + 1, *alloc);
	b->counts[b->ncounts].client = xstrdup(client);
	b->counts[b->ncounts].by = xstrdup(by);
	b->counts[b->ncounts++].n = 1;
}

/* Counts a new entry: each client it names, with who logged it. */
static void add_entry(struct team_brought *b, git_repository *git, const git_diff_delta *d,
		      const char *rel, const char *author, size_t *alloc)
{
	struct yaml_doc doc;
	const struct node *n;
	char *text = NULL, *by;

	yaml_doc_init(&doc);
	b->entries++;
	if (read_blob_doc(git, &d->new_file.id, rel, &doc, &text) < 0) {
		count_entry(b, "?", author ? author : "someone", alloc);
		goto out;
	}
	by = scalar(doc.root, "by");
	if (!by)
		by = xstrdup(author ? author : "someone");
	if ((n = node_get(doc.root, "client")) && n->kind == NODE_SCALAR)
		count_entry(b, n->str, by, alloc);
	else if ((n = node_get(doc.root, "clients")) && n->kind == NODE_SEQ)
		for (size_t i = 0; i < n->n; i++)
			if (n->items[i]->kind == NODE_SCALAR)
				count_entry(b, n->items[i]->str, by, alloc);
	free(by);
out:
	free(text);
	yaml_doc_release(&doc);
}

/* The owner of a client file's blob, malloc'd, or NULL. */
static char *owner_of(git_repository *git, const git_oid *id, const char *rel)
{
	struct yaml_doc doc;
	char *text = NULL, *o = NULL;

	yaml_doc_init(&doc);
	if (read_blob_doc(git, id, rel, &doc, &text) == 0)
		o = scalar(doc.root, "owner");
	free(text);
	yaml_doc_release(&doc);
	return o;
}

static void add_client(struct team_client **v, size_t *n, const char *rel, char *owner,
		       char *was)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].id = xstrndup(rel + 8, strlen(rel + 8) - 3);
	(*v)[*n].owner = owner;
	(*v)[(*n)++].was = was;
}

/* Whether two owners are one person: the same name in any case. */
static int same_owner(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcasecmp(a, b));
}

/* The authors of the commits that added each entry in `to` since `from`. */
struct adder {
	char *path, *author;
};

static void find_adders(git_repository *git, const git_oid *from, const git_oid *to,
			struct adder **v, size_t *n)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t alloc = 0;

	if (git_revwalk_new(&walk, git) < 0 || git_revwalk_push(walk, to) < 0 ||
	    git_revwalk_hide(walk, from) < 0)
		goto out;
	for (int k = 0; k < HISTORY_LIMIT && git_revwalk_next(&oid, walk) == 0; k++) {
		git_commit *c = NULL, *p = NULL;
		git_tree *ct = NULL, *pt = NULL;
		git_diff *diff = NULL;

		if (git_commit_lookup(&c, git, &oid) == 0 && git_commit_parentcount(c) == 1 &&
		    git_commit_parent(&p, c, 0) == 0 && git_commit_tree(&ct, c) == 0 &&
		    git_commit_tree(&pt, p) == 0 &&
		    repo_diff_trees(&diff, git, pt, ct) == 0) {
			for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
				const git_diff_delta *d = git_diff_get_delta(diff, i);
				if (d->status != GIT_DELTA_ADDED)
					continue;
				ALLOC_GROW(*v, *n + 1, alloc);
				(*v)[*n].path = xstrdup(d->new_file.path);
				(*v)[(*n)++].author = author_of(c);
			}
		}
		git_diff_free(diff);
		git_tree_free(pt);
		git_tree_free(ct);
		git_commit_free(p);
		git_commit_free(c);
	}
out:
	git_error_clear();
	git_revwalk_free(walk);
}

static const char *adder_of(const struct adder *v, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].path, path))
			return v[i].author;
	return NULL;
}

/* Fills *b from the diff of the two trees. */
static void brought_from_diff(struct team_brought *b, struct repo *r, git_diff *diff,
			      const struct adder *adders, size_t nadders)
{
	size_t plen = strlen(r->prefix), calloc_ = 0, challoc = 0;

	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *full = d->new_file.path ? d->new_file.path : d->old_file.path;
		const char *rel = full + plen;

		if (!repo_notebook_path(r, full))
			continue;
		ALLOC_GROW(b->changed, b->nchanged + 1, challoc);
		b->changed[b->nchanged++] = xstrdup(rel);
		if (d->status == GIT_DELTA_DELETED)
			continue;
		if (!strncmp(rel, "journal/", 8) && d->status == GIT_DELTA_ADDED) {
			add_entry(b, r->git, d, rel, adder_of(adders, nadders, full), &calloc_);
		} else if (!strncmp(rel, "clients/", 8) && !strchr(rel + 8, '/') &&
			   strlen(rel) > 11 && !strcmp(rel + strlen(rel) - 3, ".md")) {
			char *owner = owner_of(r->git, &d->new_file.id, rel), *was = NULL;
			if (d->status == GIT_DELTA_ADDED) {
				add_client(&b->added, &b->nadded, rel, owner, NULL);
				continue;
			}
			was = owner_of(r->git, &d->old_file.id, rel);
			if (!same_owner(owner, was)) {
				add_client(&b->reassigned, &b->nreassigned, rel, owner, was);
				continue;
			}
			free(owner);
			free(was);
		}
	}
	if (b->nchanged)
		qsort(b->changed, b->nchanged, sizeof(*b->changed), cmp_str);
}

int team_brought(const char *root, const char *from, const char *to, struct team_brought *b)
{
	struct repo *r = NULL;
	git_commit *fc = NULL, *tc = NULL;
	git_tree *ft = NULL, *tt = NULL;
	git_diff *diff = NULL;
	struct adder *adders = NULL;
	size_t nadders = 0;
	git_oid base;
	int ret = -1;

	memset(b, 0, sizeof(*b));
	if (repo_open(root, &r) < 0)
		return -1;
	if (lookup_commit(r->git, to, &tc) != 0 || lookup_commit(r->git, from, &fc)) {
		error("cannot read the commits synced");
		goto out;
	}
	/* what `to` brought since the two sides parted (`from` itself after a fast-forward) */
	{
		git_commit *side = fc;
		fc = NULL;
		if (git_merge_base(&base, r->git, git_commit_id(side), git_commit_id(tc)) < 0 ||
		    git_commit_lookup(&fc, r->git, &base) < 0) {
			git_commit_free(side);
			git_fail("cannot find the commit both sides share");
			goto out;
		}
		git_commit_free(side);
	}
	if (git_commit_tree(&ft, fc) < 0 || git_commit_tree(&tt, tc) < 0 ||
	    repo_diff_trees(&diff, r->git, ft, tt) < 0) {
		git_fail("cannot compare the commits synced");
		goto out;
	}
	find_adders(r->git, git_commit_id(fc), git_commit_id(tc), &adders, &nadders);
	brought_from_diff(b, r, diff, adders, nadders);
	ret = 0;
out:
	for (size_t i = 0; i < nadders; i++) {
		free(adders[i].path);
		free(adders[i].author);
	}
	free(adders);
	git_diff_free(diff);
	git_tree_free(tt);
	git_tree_free(ft);
	git_commit_free(tc);
	git_commit_free(fc);
	repo_free(r);
	return ret;
}

static void clients_release(struct team_client *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].owner);
		free(v[i].was);
	}
	free(v);
}

void team_brought_release(struct team_brought *b)
{
	for (size_t i = 0; i < b->ncounts; i++) {
		free(b->counts[i].client);
		free(b->counts[i].by);
	}
	free(b->counts);
	clients_release(b->added, b->nadded);
	clients_release(b->reassigned, b->nreassigned);
	team_paths_free(b->changed, b->nchanged);
	memset(b, 0, sizeof(*b));
}

int team_brought_changed(const struct team_brought *b, const char *path)
{
	return b->nchanged &&
	       bsearch(&path, b->changed, b->nchanged, sizeof(*b->changed), cmp_str) != NULL;
}

char *team_me(const char *root)
{
	struct repo *r = NULL;
	char *me = NULL;

	if (repo_open_quiet(root, &r) == 0)
		me = repo_ident_name(r->git);
	repo_free(r);
	return me;
}

int team_rev_hex(const char *root, const char *rev, char out[41])
{
	struct repo *r = NULL;
	git_commit *c = NULL;
	int ret = 1;

	out[0] = '\0';
	if (repo_open_quiet(root, &r) == 0 && lookup_commit(r->git, rev, &c) == 0) {
		git_oid_tostr(out, 41, git_commit_id(c));
		ret = 0;
	}
	git_commit_free(c);
	repo_free(r);
	return ret;
}

char *repo_label_here(git_repository *git, const char *id)
{
	char host[256] = "", *me = repo_ident_name(git), *label;

	git_error_clear();
	if (gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	if (me && *host)
		label = xasprintf("%s on %s (%s)", me, host, id);
	else if (me)
		label = xasprintf("%s on this machine (%s)", me, id);
	else
		label = xasprintf("this machine (%s)", id);
	free(me);
	return label;
}

int team_shared_side(const char *root)
{
	struct repo *r = NULL;
	int st, ret = 0;

	if (repo_open_quiet(root, &r) < 0)
		return 0;
	st = git_repository_state(r->git);
	if (st == GIT_REPOSITORY_STATE_MERGE)
		ret = 2;
	else if (st != GIT_REPOSITORY_STATE_NONE)
		ret = 1;
	repo_free(r);
	return ret;
}

int team_stage(const char *root, char **paths, size_t n)
{
	struct repo *r = NULL;
	int ret;

	if (repo_open(root, &r) < 0)
		return -1;
	ret = repo_stage_paths(r->git, r->prefix, paths, n);
	repo_free(r);
	return ret;
}

int team_in_index(const char *root, const char *path)
{
	struct repo *r = NULL;
	git_index *idx = NULL;
	size_t pos;
	char *rel;
	int ret = 0;

	if (repo_open_quiet(root, &r) < 0)
		return 0;
	rel = xasprintf("%s%s", r->prefix, path);
	if (git_repository_index(&idx, r->git) == 0 && git_index_read(idx, 0) == 0)
		ret = git_index_find(&pos, idx, rel) == 0 ||
		      git_index_get_bypath(idx, rel, 1) || git_index_get_bypath(idx, rel, 2) ||
		      git_index_get_bypath(idx, rel, 3);
	git_error_clear();
	free(rel);
	git_index_free(idx);
	repo_free(r);
	return ret;
}
