/*
 * An index left behind HEAD for the notebook's files (repo_int.h,
 * repo_index_behind()): what a commit killed after its branch moved and
 * before its index was written leaves, which the user's next plain `git
 * commit` would turn into an undone change or a deleted file (README,
 * "Nothing half-written").
 *
 * The index is compared with HEAD's tree folder by folder, for the
 * notebook's own folders (clients/, journal/, schema/) and notebook.yaml:
 * a folder whose cache-tree record (git's TREE extension) holds HEAD's
 * tree id is staged as HEAD has it and is not read further, so an index
 * git or notebook wrote since the last commit costs a few tree lookups;
 * the folders a commit of notebook changed (their records invalidated
 * along the path) are compared entry by entry.
 */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo_int.h"
#include "fsutil.h"
#include "gitindex.h"
#include "util.h"

/* More differing paths than this are not a commit left half-way: left alone. */
#define BEHIND_MAX_PATHS 100000
/* How far back in HEAD's history an index entry may be found, in commits. */
#define BEHIND_MAX_COMMITS 100

/* A notebook path whose index entry differs from HEAD's. */
struct cand {
	char *path;                   /* from the top of the work tree */
	int in_head, in_index;        /* which sides have it */
	git_oid head_id;
	unsigned head_mode;
	unsigned char idx_id[GITINDEX_OID_LEN];
	unsigned idx_mode;
	int64_t idx_ctime;            /* the stat data's ctime (ns) git recorded when it was staged */
	int seen_before;              /* its index state is one of an earlier commit */
};

/* Set while a read command looks: its failures are quiet (repo_repair_index_at()). */
static int quiet;

static int fail(const char *what)
{
	if (quiet) {
		git_error_clear();
		return -1;
	}
	return git_fail(what);
}

struct cmp {
	struct repo *r;
	const struct gitindex_table *t;
	struct cand *v;
	size_t n, alloc;
	int too_many;
};

static int is_file_mode(unsigned mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
	       mode == GIT_FILEMODE_LINK;
}

static void add_cand(struct cmp *c, char *path, const git_tree_entry *h,
		     const struct gitindex_item *it)
{
	struct cand *x;

	if (!repo_notebook_path(c->r, path) || c->too_many) {
		free(path);
		return;
	}
	if (c->n >= BEHIND_MAX_PATHS) {
		c->too_many = 1;
		free(path);
		return;
	}
	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	x->path = path;
	if (h) {
		x->in_head = 1;
		git_oid_cpy(&x->head_id, git_tree_entry_id(h));
		x->head_mode = git_tree_entry_filemode(h);
	}
	if (it) {
		x->in_index = 1;
		memcpy(x->idx_id, it->id, GITINDEX_OID_LEN);
		x->idx_mode = it->mode;
		x->idx_ctime = (int64_t)it->ctime_sec * 1000000000 + it->ctime_nsec;
	}
}

/* Orders a name (a folder's as if it ended in '/') as git sorts paths. */
static int key_cmp(const char *a, size_t al, int adir, const char *b, size_t bl, int bdir)
{
	size_t m = al < bl ? al : bl;
	int d = memcmp(a, b, m);
	unsigned ca, cb;

	if (d)
		return d;
	ca = m < al ? (unsigned char)a[m] : adir ? '/' : 0;
	cb = m < bl ? (unsigned char)b[m] : bdir ? '/' : 0;
	return (int)ca - (int)cb;
}

/* The first entry at or after `path` (`len` bytes) in [lo, hi). */
static size_t lower_bound(const struct gitindex_table *t, size_t lo, size_t hi, const char *path,
			  size_t len)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct gitindex_item *it = &t->v[mid];
		size_t m = it->len < len ? it->len : len;
		int d = memcmp(it->path, path, m);

		if (d < 0 || (!d && it->len < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int compare_dir(struct cmp *c, const char *dir, git_tree *head, size_t lo, size_t hi,
		       int depth);

/* Compares the folder `path` of HEAD (`h`, may be NULL) with the index entries [lo, hi). */
static int compare_sub(struct cmp *c, const char *path, const git_tree_entry *h, size_t lo,
		       size_t hi, int depth)
{
	git_tree *sub = NULL;
	char *dir = xasprintf("%s/", path);
	int ret;

	if (h && git_tree_lookup(&sub, c->r->git, git_tree_entry_id(h)) < 0) {
		free(dir);
		return fail("cannot read a tree of HEAD");
	}
	ret = compare_dir(c, dir, sub, lo, hi, depth + 1);
	git_tree_free(sub);
	free(dir);
	return ret;
}

/*
 * Compares the folder `dir` ("a/b/") of HEAD (`head`, NULL when HEAD has
 * no such folder) with the index entries [lo, hi), all under `dir`,
 * adding the notebook paths that differ to `c`.
 */
static int compare_dir(struct cmp *c, const char *dir, git_tree *head, size_t lo, size_t hi,
		       int depth)
{
	const struct gitindex_table *t = c->t;
	size_t dlen = strlen(dir), nh = head ? git_tree_entrycount(head) : 0, i = 0, j = lo;
	int ret = 0;

	if (depth > 256)
		return quiet ? -1 : error("a tree of HEAD nested too deep");
	if (lo < hi && t->v[lo].len == dlen && (t->v[lo].mode & 0170000) == 0040000)
		return 0; /* a sparse index's folder, not checked out: not repaired here */
	if (head && dlen) {
		char *name = xstrndup(dir, dlen - 1);
		const unsigned char *id = gitindex_table_tree(t, name);

		free(name);
		if (id && !memcmp(id, git_tree_id(head)->id, GITINDEX_OID_LEN))
			return 0; /* staged as HEAD has it */
	}
	while ((i < nh || j < hi) && !ret && !c->too_many) {
		const git_tree_entry *h = i < nh ? git_tree_entry_byindex(head, i) : NULL;
		const char *hname = h ? git_tree_entry_name(h) : NULL;
		int hdir = h && git_tree_entry_type(h) == GIT_OBJECT_TREE;
		const struct gitindex_item *it = j < hi ? &t->v[j] : NULL;
		const char *iname = it ? it->path + dlen : NULL;
		const char *slash = it ? memchr(iname, '/', it->len - dlen) : NULL;
		size_t ilen = it ? (slash ? (size_t)(slash - iname) : it->len - dlen) : 0;
		size_t jend = j + 1, k;
		int d, conflicted = 0;

		/* the index's next name: a file (all its stages), or a folder's entries */
		if (it) {
			while (jend < hi && t->v[jend].len >= dlen + ilen &&
			       !memcmp(t->v[jend].path + dlen, iname, ilen) &&
			       (slash ? t->v[jend].len > dlen + ilen &&
						t->v[jend].path[dlen + ilen] == '/'
				      : t->v[jend].len == dlen + ilen))
				jend++;
			for (k = j; !slash && k < jend; k++)
				conflicted |= t->v[k].stage != 0;
		}
		d = !h ? 1 : !it ? -1 : key_cmp(hname, strlen(hname), hdir, iname, ilen, !!slash);
		if (d <= 0 && hdir) {
			/* HEAD's folder, with the index's entries under it (or none) */
			char *path = xasprintf("%s%s", dir, hname);

			ret = compare_sub(c, path, h, j, d ? j : jend, depth);
			free(path);
			i++;
			if (!d)
				j = jend;
			continue;
		}
		if (d > 0 && slash) {
			/* a folder the index has and HEAD has not */
			char *path = xasprintf("%s%.*s", dir, (int)ilen, iname);

			ret = compare_sub(c, path, NULL, j, jend, depth);
			free(path);
			j = jend;
			continue;
		}
		if (d < 0) {
			/* a file of HEAD the index lacks */
			if (is_file_mode(git_tree_entry_filemode(h)))
				add_cand(c, xasprintf("%s%s", dir, hname), h, NULL);
			i++;
			continue;
		}
		if (d > 0) {
			/* a file the index has and HEAD has not */
			if (!conflicted)
				add_cand(c, xasprintf("%.*s", (int)it->len, it->path), NULL, it);
			j = jend;
			continue;
		}
		/* one file on both sides (a file and a folder of one name sort apart) */
		if (!conflicted && is_file_mode(git_tree_entry_filemode(h)) &&
		    (it->mode != git_tree_entry_filemode(h) ||
		     memcmp(it->id, git_tree_entry_id(h)->id, GITINDEX_OID_LEN)))
			add_cand(c, xasprintf("%s%s", dir, hname), h, it);
		i++;
		j = jend;
	}
	return ret;
}

/* Whether the candidate's index state is what the tree `tree` has at its path. */
static int state_in(git_tree *tree, const struct cand *x)
{
	git_tree_entry *e = NULL;
	int err = git_tree_entry_bypath(&e, tree, x->path), same;

	git_error_clear();
	if (err < 0)
		return !x->in_index;
	same = x->in_index && git_tree_entry_filemode(e) == x->idx_mode &&
	       !memcmp(git_tree_entry_id(e)->id, x->idx_id, GITINDEX_OID_LEN);
	git_tree_entry_free(e);
	return same;
}

/*
 * The candidates found in no earlier commit last time, kept in the git
 * directory's `notebook-behind` (what a walk of a hundred commits found
 * need not be found again at every command while a file the user staged
 * waits): the HEAD they were looked for from, then one line per
 * candidate, then a checksum; a file that does not check out is none.
 */
#define MEMO_NAME "notebook-behind"
/* More candidates than this are looked for in full (the memo is matched line by line). */
#define BEHIND_MEMO_MAX 1000

static void memo_line(struct buf *b, const struct cand *x)
{
	char hex[GITINDEX_OID_LEN * 2 + 1];

	for (size_t i = 0; i < GITINDEX_OID_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", x->idx_id[i]);
	buf_printf(b, "%d %o %s %s\n", x->in_index, x->idx_mode, hex, x->path);
}

/* The memo's HEAD into *from and its text of lines; 0, or -1 when there is none to trust. */
static int memo_read(struct repo *r, git_oid *from, struct buf *lines)
{
	char *path = xasprintf("%s%s", r->gitdir, MEMO_NAME);
	struct buf b = BUF_INIT;
	const char *text, *nl, *sum;
	char want[17];
	int ret = -1;

	if (fs_read_at(AT_FDCWD, path, 64 << 20, FS_SAFE, &b, NULL, NULL) != FS_READ_OK)
		goto out;
	text = buf_str(&b);
	sum = b.len >= 22 ? text + b.len - 22 : NULL;
	if (!sum || strncmp(sum, "\nsum ", 5) || strncmp(text, "notebook-behind 1\n", 18))
		goto out;
	snprintf(want, sizeof(want), "%016llx",
		 (unsigned long long)fnv_add(FNV_SEED, text, (size_t)(sum + 1 - text)));
	if (strncmp(sum + 5, want, 16) || !(nl = strchr(text + 18, '\n')) ||
	    nl - (text + 18) != GIT_OID_HEXSZ || git_oid_fromstrn(from, text + 18, GIT_OID_HEXSZ) < 0)
		goto out;
	buf_add(lines, nl + 1, (size_t)(sum + 1 - (nl + 1)));
	ret = 0;
out:
	git_error_clear();
	buf_release(&b);
	free(path);
	return ret;
}

/*
 * Writes the memo through a temporary file renamed into place, silently:
 * a memo that is not written, or torn by a crash (its checksum then fails),
 * costs a walk, nothing else.
 */
static void memo_put(const char *path, const struct buf *b)
{
	char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int ok = fd >= 0;

	if (ok) {
		ok = write(fd, b->data, b->len) == (ssize_t)b->len;
		ok = !close(fd) && ok && !rename(tmp, path);
	}
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
}

/* Keeps the candidates not seen before as of `head`; a failure costs only time. */
static void memo_write(struct repo *r, const git_oid *head, const struct cand *v, size_t n)
{
	char *path = xasprintf("%s%s", r->gitdir, MEMO_NAME);
	char hex[GIT_OID_HEXSZ + 1];
	struct buf b = BUF_INIT;
	size_t kept = 0;

	git_oid_tostr(hex, sizeof(hex), head);
	buf_printf(&b, "notebook-behind 1\n%s\n", hex);
	for (size_t i = 0; i < n; i++)
		if (!v[i].seen_before && !strchr(v[i].path, '\n')) {
			memo_line(&b, &v[i]);
			kept++;
		}
	buf_printf(&b, "sum %016llx\n", (unsigned long long)fnv_add(FNV_SEED, b.data, b.len));
	if (kept)
		memo_put(path, &b);
	buf_release(&b);
	free(path);
}

/*
 * When the branch last moved, in the file system's nanoseconds: the latest
 * change time of the branch's loose ref and of HEAD's reflog (a move
 * rewrites both); -1 when neither is there (a packed ref: unknown). The
 * file system's clock, not a reflog entry's date, which
 * GIT_COMMITTER_DATE can set to any time.
 */
static int64_t head_moved_at(struct repo *r)
{
	git_reference *head = NULL;
	const char *target;
	struct stat st;
	int64_t when = -1;
	char *p;

	if (git_reference_lookup(&head, r->git, "HEAD") == 0 &&
	    (target = git_reference_symbolic_target(head)) && !strncmp(target, "refs/heads/", 11)) {
		p = xasprintf("%s%s", git_repository_commondir(r->git), target);
		if (!lstat(p, &st))
			when = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
		free(p);
	}
	git_reference_free(head);
	git_error_clear();
	p = xasprintf("%slogs/HEAD", r->gitdir);
	if (!lstat(p, &st) && when >= 0 &&
	    (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec > when)
		when = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
	free(p);
	return when;
}

/*
 * Walks HEAD's history (without the commits `hide` reaches, when given)
 * and marks the candidates of `v` that `want` selects whose state an
 * earlier commit had; -1 when the history cannot be read.
 */
static int walk_before(struct repo *r, const git_oid *head, const git_oid *hide, struct cand *v,
		       size_t n, const unsigned char *want)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t left = 0, seen = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		left += want[i];
	if (!left)
		return 0;
	if (git_revwalk_new(&walk, r->git) < 0 || git_revwalk_push(walk, head) < 0 ||
	    (hide && git_revwalk_hide(walk, hide) < 0)) {
		git_revwalk_free(walk);
		return fail("cannot walk HEAD's history");
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (left && seen <= BEHIND_MAX_COMMITS && !git_revwalk_next(&id, walk)) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;

		if (seen++ == 0 && git_oid_equal(&id, head))
			continue; /* HEAD itself */
		if (git_commit_lookup(&commit, r->git, &id) < 0 || git_commit_tree(&tree, commit) < 0) {
			git_commit_free(commit);
			ret = fail("cannot read HEAD's history");
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (want[i] && !v[i].seen_before && state_in(tree, &v[i])) {
				v[i].seen_before = 1;
				left--;
			}
		git_tree_free(tree);
		git_commit_free(commit);
	}
	git_error_clear();
	git_revwalk_free(walk);
	return ret;
}

/*
 * Marks the candidates whose index state (an entry, or none) is the one
 * an earlier commit of HEAD's history had at that path: the index stages
 * the file as it was before, not as someone staged it since. A candidate
 * the memo says no commit up to its HEAD had is looked for only in the
 * commits since (those that HEAD reaches and the memo's HEAD does not).
 */
static int find_before(struct repo *r, const git_oid *head, struct cand *v, size_t n)
{
	unsigned char *full = xcalloc(n ? n : 1, 1), *since = xcalloc(n ? n : 1, 1);
	struct buf lines = BUF_INIT, line = BUF_INIT;
	git_oid from;
	git_commit *c = NULL;
	int64_t moved;
	/* a few candidates (a file or two the user staged), and a HEAD that still exists */
	int memo = n <= BEHIND_MEMO_MAX && memo_read(r, &from, &lines) == 0 &&
		   git_commit_lookup(&c, r->git, &from) == 0, ret;

	git_commit_free(c);
	git_error_clear();
	moved = head_moved_at(r);

	for (size_t i = 0; i < n; i++) {
		buf_reset(&line);
		memo_line(&line, &v[i]);
		/* a whole line of the memo: it starts the text or follows a newline */
		const char *at = memo ? strstr(buf_str(&lines), line.data) : NULL;
		while (at && at != lines.data && at[-1] != '\n')
			at = strstr(at + 1, line.data);
		since[i] = at != NULL;
		/*
		 * Staged after the branch last moved (the ctime git recorded
		 * later than the move, on the same clock): not what a command
		 * killed after moving the branch left behind, but a file staged
		 * since.
		 */
		if (v[i].in_index && moved >= 0 && (int64_t)v[i].idx_ctime > moved)
			since[i] = 0;
		else
			full[i] = !since[i];
	}
	ret = walk_before(r, head, NULL, v, n, full);
	if (!ret)
		ret = walk_before(r, head, &from, v, n, since);
	if (!ret && !quiet)
		memo_write(r, head, v, n);
	free(full);
	free(since);
	buf_release(&lines);
	buf_release(&line);
	return ret;
}

/*
 * Whether the work tree holds the file as HEAD has it (or lacks it, when
 * HEAD has none); `e` gets the index entry that stages that state.
 */
static int worktree_matches(struct repo *r, struct cand *x, struct gitindex_entry *e)
{
	char *full = xasprintf("%s%s", r->workdir, x->path);
	struct stat st;
	git_oid id;
	int ret = 0;

	memset(e, 0, sizeof(*e));
	e->path = x->path;
	if (!x->in_head) {
		e->remove = 1;
		ret = lstat(full, &st) < 0 && errno == ENOENT;
	} else if (!lstat(full, &st) && S_ISREG(st.st_mode) &&
		   !git_repository_hashfile(&id, r->git, x->path, GIT_OBJECT_BLOB, NULL) &&
		   git_oid_equal(&id, &x->head_id)) {
		e->ctime_sec = (uint32_t)st.st_ctim.tv_sec;
		e->ctime_nsec = (uint32_t)st.st_ctim.tv_nsec;
		e->mtime_sec = (uint32_t)st.st_mtim.tv_sec;
		e->mtime_nsec = (uint32_t)st.st_mtim.tv_nsec;
		e->dev = (uint32_t)st.st_dev;
		e->ino = (uint32_t)st.st_ino;
		e->mode = x->head_mode;
		e->uid = (uint32_t)st.st_uid;
		e->gid = (uint32_t)st.st_gid;
		e->size = (uint32_t)st.st_size;
		memcpy(e->id, x->head_id.id, GITINDEX_OID_LEN);
		ret = 1;
	}
	git_error_clear();
	free(full);
	return ret;
}

/* The table of an index only libgit2 reads (version 4), its paths borrowed from `idx`. */
static int table_libgit2(git_index *idx, struct gitindex_table *t)
{
	size_t n = git_index_entrycount(idx);

	memset(t, 0, sizeof(*t));
	t->v = xcalloc(n ? n : 1, sizeof(*t->v));
	t->alloc = n ? n : 1;
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);

		t->v[t->n].path = e->path;
		t->v[t->n].len = strlen(e->path);
		t->v[t->n].stage = (unsigned)GIT_INDEX_ENTRY_STAGE(e);
		t->v[t->n].mode = e->mode;
		t->v[t->n++].id = e->id.id;
	}
	/* git sorts by bytes; libgit2 may sort an ignore-case index otherwise */
	for (size_t i = 1; i < t->n; i++) {
		struct gitindex_item it = t->v[i];
		size_t k = i;

		while (k && key_cmp(t->v[k - 1].path, t->v[k - 1].len, 0, it.path, it.len, 0) > 0) {
			t->v[k] = t->v[k - 1];
			k--;
		}
		t->v[k] = it;
	}
	return 0;
}

/* HEAD's tree entry at `path` ("" for the root tree itself), as a tree or NULL. */
static int head_subtree(struct repo *r, git_tree *root, const char *path, git_tree **out)
{
	git_tree_entry *e = NULL;
	int err;

	*out = NULL;
	if (!*path)
		return git_tree_dup(out, root) < 0 ? fail("cannot read HEAD's tree") : 0;
	err = git_tree_entry_bypath(&e, root, path);
	git_error_clear();
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return fail("cannot read HEAD's tree");
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(out, r->git, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return fail("cannot read HEAD's tree");
	}
	git_tree_entry_free(e);
	return 0;
}

/* The range of the table's entries under the folder `dir` ("a/b/"). */
static void range_of(const struct gitindex_table *t, const char *dir, size_t *lo, size_t *hi)
{
	size_t len = strlen(dir);
	char *end = xstrdup(dir);

	end[len - 1] = '/' + 1; /* just after every "dir/..." */
	*lo = lower_bound(t, 0, t->n, dir, len);
	*hi = lower_bound(t, *lo, t->n, end, len);
	free(end);
}

/* Compares the notebook's folders and notebook.yaml with HEAD's tree `root`. */
static int compare_notebook(struct cmp *c, git_tree *root)
{
	static const char *const dirs[] = { "clients/", "journal/", "schema/" };
	struct repo *r = c->r;
	int ret = 0;

	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]) && !ret; k++) {
		char *dir = xasprintf("%s%s", r->prefix, dirs[k]);
		char *name = xstrndup(dir, strlen(dir) - 1);
		git_tree *sub = NULL;
		size_t lo, hi;

		range_of(c->t, dir, &lo, &hi);
		if (!(ret = head_subtree(r, root, name, &sub)))
			ret = compare_dir(c, dir, sub, lo, hi, 0);
		git_tree_free(sub);
		free(name);
		free(dir);
	}
	if (!ret) {
		char *path = xasprintf("%snotebook.yaml", r->prefix);
		size_t len = strlen(path), at = lower_bound(c->t, 0, c->t->n, path, len), end = at;
		const struct gitindex_item *it = NULL;
		git_tree_entry *h = NULL;
		int err = git_tree_entry_bypath(&h, root, path), conflicted = 0;

		git_error_clear();
		while (end < c->t->n && c->t->v[end].len == len && !memcmp(c->t->v[end].path, path, len))
			conflicted |= c->t->v[end++].stage != 0;
		if (end > at && !conflicted)
			it = &c->t->v[at];
		if (err < 0 && err != GIT_ENOTFOUND)
			ret = fail("cannot read HEAD's tree");
		else if (h && !is_file_mode(git_tree_entry_filemode(h)))
			; /* a folder of that name is not the notebook's file */
		else if (!conflicted && (h || it) &&
			 (!h || !it || it->mode != git_tree_entry_filemode(h) ||
			  memcmp(it->id, git_tree_entry_id(h)->id, GITINDEX_OID_LEN)))
			add_cand(c, xstrdup(path), h, it);
		git_tree_entry_free(h);
		free(path);
	}
	return ret;
}

int repo_index_is_head(struct repo *r, const struct gitindex_table *t, git_tree *root)
{
	struct cmp c = { r, t, NULL, 0, 0, 0 };
	int ret;

	quiet = 1;
	ret = compare_notebook(&c, root);
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].path);
	free(c.v);
	return ret < 0 ? -1 : !c.n && !c.too_many;
}

/* Whether the file `name` exists in the folder `dir` (ending in '/'). */
static int fs_exists_at(const char *dir, const char *name)
{
	char *path = xasprintf("%s%s", dir, name);
	struct stat st;
	int ret = lstat(path, &st) == 0;

	free(path);
	return ret;
}

/* Whether GIT_INDEX_FILE names an index other than the repository's own. */
static int other_index(const char *own)
{
	const char *e = getenv("GIT_INDEX_FILE");
	char *a, *b;
	int ret;

	if (!e || !*e)
		return 0;
	a = realpath(e, NULL);
	b = realpath(own, NULL);
	ret = !a || !b || strcmp(a, b);
	free(a);
	free(b);
	return ret;
}

int repo_index_behind(struct repo *r, struct gitindex_entry **fix, size_t *nfix, int be_quiet)
{
	struct cmp c = { r, NULL, NULL, 0, 0, 0 };
	struct gitindex_table t = { NULL, 0, 0, NULL, 0, 0 };
	git_index *gidx = NULL;
	git_commit *head = NULL;
	git_tree *root = NULL;
	char *ipath = xasprintf("%sindex", r->gitdir);
	unsigned char *img = NULL;
	size_t len = 0;
	git_oid id;
	int err, ret = -1;

	*fix = NULL;
	*nfix = 0;
	quiet = be_quiet;
	/*
	 * A merge, rebase or sync in progress stages what it is making; a git
	 * command that runs us from a hook may be committing another index;
	 * an index a read command cannot read is not its business.
	 */
	if (git_repository_state(r->git) != GIT_REPOSITORY_STATE_NONE ||
	    fs_exists_at(r->gitdir, "notebook-sync") || other_index(ipath) ||
	    (quiet && access(ipath, R_OK) < 0 && errno != ENOENT)) {
		ret = 0;
		goto out;
	}
	err = git_reference_name_to_id(&id, r->git, "HEAD");
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH) {
		git_error_clear();
		ret = 0;
		goto out;
	}
	if (err < 0 || git_commit_lookup(&head, r->git, &id) < 0 ||
	    git_commit_tree(&root, head) < 0) {
		fail("cannot read HEAD's commit");
		goto out;
	}
	err = gitindex_load(ipath, &img, &len);
	if (err < 0 || err == GITINDEX_NOT_FOUND) {
		ret = err < 0 ? -1 : 0; /* no index at all is git's own fresh state */
		goto out;
	}
	if (gitindex_table_load(img, len, &t)) {
		if (git_repository_index(&gidx, r->git) < 0 || git_index_read(gidx, 1) < 0) {
			fail("cannot read the index");
			goto out;
		}
		table_libgit2(gidx, &t);
	}
	c.t = &t;
	if (compare_notebook(&c, root) < 0)
		goto out;
	r->compared = 1;
	ret = 0;
	if (c.too_many || !c.n)
		goto out;
	if (find_before(r, &id, c.v, c.n) < 0) {
		ret = -1;
		goto out;
	}
	*fix = xcalloc(c.n, sizeof(**fix));
	for (size_t i = 0; i < c.n; i++) {
		if (c.v[i].seen_before && worktree_matches(r, &c.v[i], &(*fix)[*nfix])) {
			(*fix)[*nfix].path = c.v[i].path;
			c.v[i].path = NULL; /* the fix owns it now */
			(*nfix)++;
		}
	}
out:
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].path);
	free(c.v);
	gitindex_table_free(&t);
	git_index_free(gidx);
	gitindex_unload(img, len);
	free(ipath);
	git_tree_free(root);
	git_commit_free(head);
	return ret;
}

void repo_index_behind_free(struct gitindex_entry *fix, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)fix[i].path);
	free(fix);
}
