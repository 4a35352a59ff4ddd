/*
 * The checkout of a fast-forward (repo_int.h, repo_checkout_changes()):
 * the few files a pulled commit changes are written and their index
 * entries set, the rest of the index copied through as bytes
 * (gitindex.c). libgit2's checkout reads every entry of the index into
 * its own structures and writes them all back, which on a notebook of
 * 210,000 files was most of a fast-forward's time, however few files it
 * changed.
 *
 * It is a safe checkout, as `git pull --ff-only` and libgit2's are: every
 * file it replaces or removes must hold what HEAD has (its contents hashed
 * through the filters git applies, such as the end-of-line conversion
 * .gitattributes asks for; its index entry HEAD's), a file it adds must
 * not be there yet, and no folder on the way may be a symbolic link or a
 * file. Anything else (a hand edit, an unusual path or mode, a change to
 * .gitattributes) is left to libgit2, with nothing written here, so that
 * what is refused, and how, is decided in one place. Each file is written
 * through the filters libgit2's checkout would apply, and as git writes it
 * (the old one unlinked, the new one created in its place), so that a sync
 * killed on the way leaves each file as HEAD has it, gone, or the start of
 * the new one, which the next sync finishes (README, Sync); the index is
 * written last. libgit2's index in memory is then older than the file: the
 * caller drops it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo_int.h"

#include <git2/sys/repository.h>
#include "buf.h"
#include "fsutil.h"
#include "gitindex.h"
#include "util.h"

/* More changes than this are left to libgit2's checkout. */
#define CHANGES_MAX 512

struct change {
	const git_diff_delta *d;
	const char *path; /* from the top of the work tree */
	char *full;
	int old, new;     /* HEAD has the file; the commit has it */
	git_filter_list *fl; /* what writing the commit's version goes through, or NULL */
};

static int cmp_change(const void *x, const void *y)
{
	return strcmp(((const struct change *)x)->path, ((const struct change *)y)->path);
}

/*
 * Whether `path` is one this module writes: its names neither empty nor
 * hidden (".git" and its kind among them, left to libgit2's own checks),
 * no backslash or control character, no "git~1".
 */
static int plain_path(const char *path)
{
	const char *p = path;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (!n || p[0] == '.' || (n == 5 && !strncasecmp(p, "git~1", 5)))
			return 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == '\\' || p[i] == 0x7f)
				return 0;
		if (!end)
			return 1;
		p = end + 1;
	}
	return 0;
}

static int plain_mode(uint16_t mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/*
 * A second handle on the repository, for the attributes alone: its index
 * an empty one in memory. libgit2's attribute lookup reads .gitattributes
 * from the index as well as from the work tree, and reads the whole index
 * to do so; HEAD's and the commit's own .gitattributes are asked for
 * instead (filters_of()). NULL when it cannot be opened.
 */
static git_repository *attr_handle(struct repo *r)
{
	git_repository *g = NULL;
	git_index *empty = NULL;

	if (git_repository_open_ext(&g, r->workdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_index_new(&empty) < 0) {
		git_repository_free(g);
		g = NULL;
	} else {
		git_repository_set_index(g, empty);
	}
	git_index_free(empty);
	git_error_clear();
	return g;
}

/*
 * The filters libgit2's checkout writes `c`'s file through (an end-of-line
 * conversion, ident) into c->fl, NULL for none: as the attributes of the
 * work tree's .gitattributes files, HEAD's, commit `to`'s, the
 * repository's and the system's, and core.autocrlf, ask. 1, or 0 when
 * they cannot be told.
 */
static int filters_of(git_repository *attrs, struct change *c, const git_oid *to)
{
	git_filter_options o = GIT_FILTER_OPTIONS_INIT;
	int ok;

	o.flags = GIT_FILTER_ATTRIBUTES_FROM_HEAD | GIT_FILTER_ATTRIBUTES_FROM_COMMIT;
	git_oid_cpy(&o.attr_commit_id, to);
	ok = attrs && git_filter_list_load_ext(&c->fl, attrs, NULL, c->path,
					       GIT_FILTER_TO_WORKTREE, &o) == 0;
	git_error_clear();
	return ok;
}

/*
 * Whether the folders on the way to `c`'s file are real folders (or, for
 * a file the commit adds, missing from some depth on), as a checkout needs
 * them: no symbolic link to follow out of the work tree, no file in the way.
 */
static int folders_fit(struct repo *r, const struct change *c)
{
	struct buf dir = BUF_INIT;
	const char *slash;
	int ok = 1;

	buf_adds(&dir, r->workdir);
	for (const char *p = c->path; ok && (slash = strchr(p, '/')); p = slash + 1) {
		struct stat st;

		buf_add(&dir, p, (size_t)(slash - p + 1));
		if (lstat(buf_str(&dir), &st) == 0) {
			ok = S_ISDIR(st.st_mode);
		} else {
			ok = errno == ENOENT && !c->old;
			break; /* nothing deeper is there either */
		}
	}
	buf_release(&dir);
	return ok;
}

/*
 * Whether `c`'s work-tree file is as HEAD has it: its contents (through
 * the filters git stages it through, as `attrs` has them) and executable
 * bit HEAD's, or no file when HEAD has none.
 */
static int file_as_head(git_repository *attrs, const struct change *c)
{
	struct stat st;
	git_oid id;
	int ok;

	if (!c->old)
		return lstat(c->full, &st) < 0 && errno == ENOENT;
	if (lstat(c->full, &st) < 0 || !S_ISREG(st.st_mode) ||
	    ((st.st_mode & 0100) != 0) != (c->d->old_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE))
		return 0;
	ok = git_repository_hashfile(&id, attrs, c->full, GIT_OBJECT_BLOB, c->path) == 0 &&
	     git_oid_equal(&id, &c->d->old_file.id);
	git_error_clear();
	return ok;
}

/* A path to look up in the index: a change's, or (c NULL) a folder a file HEAD lacks needs. */
struct lookup {
	const char *path;
	const struct change *c;
};

static int cmp_lookup(const void *x, const void *y)
{
	return strcmp(((const struct lookup *)x)->path, ((const struct lookup *)y)->path);
}

/*
 * The paths of `v` and the folders on the way to each file HEAD lacks,
 * sorted, into *out (the folders' names malloc'd into *dirs): their count,
 * or 0 when a path is there twice (a folder that is a changed file).
 */
static size_t lookups_of(const struct change *v, size_t n, struct lookup **out, char ***dirs,
			 size_t *ndirs)
{
	size_t k = 0, j = 1, alloc = n, dalloc = 0;

	*out = xcalloc(alloc, sizeof(**out));
	*dirs = NULL;
	*ndirs = 0;
	for (size_t i = 0; i < n; i++) {
		ALLOC_GROW(*out, k + 1, alloc);
		(*out)[k].path = v[i].path;
		(*out)[k++].c = &v[i];
		for (const char *sl = v[i].old ? NULL : strchr(v[i].path, '/'); sl;
		     sl = strchr(sl + 1, '/')) {
			ALLOC_GROW(*dirs, *ndirs + 1, dalloc);
			(*dirs)[*ndirs] = xstrndup(v[i].path, (size_t)(sl - v[i].path));
			ALLOC_GROW(*out, k + 1, alloc);
			(*out)[k].path = (*dirs)[(*ndirs)++];
			(*out)[k++].c = NULL;
		}
	}
	qsort(*out, k, sizeof(**out), cmp_lookup);
	for (size_t i = 1; i < k; i++) {
		if (strcmp((*out)[j - 1].path, (*out)[i].path))
			(*out)[j++] = (*out)[i];
		else if ((*out)[i].c || (*out)[j - 1].c)
			return 0;
		/* else a folder two added files share: once */
	}
	return j;
}

/*
 * Whether the index stages each of `v` as HEAD has it: the entry with
 * HEAD's mode and blob, no skip-worktree or intent-to-add flag; none for
 * a file HEAD lacks, nor for a folder on its way (a file staged there
 * would be dropped). One pass over the index image.
 */
static int index_as_head(struct repo *r, const struct change *v, size_t n)
{
	char *ipath = xasprintf("%sindex", r->gitdir), **dirs = NULL;
	struct lookup *l = NULL;
	size_t ndirs = 0, k = lookups_of(v, n, &l, &dirs, &ndirs);
	const char **paths = xcalloc(k ? k : 1, sizeof(*paths));
	struct gitindex_entry *found = xcalloc(k ? k : 1, sizeof(*found));
	struct gitindex_why why;
	unsigned char *img = NULL;
	size_t len = 0;
	int ok = 0;

	for (size_t i = 0; i < k; i++)
		paths[i] = l[i].path;
	if (!k || getenv("GIT_INDEX_FILE") || gitindex_load(ipath, &img, &len) != 0 ||
	    gitindex_check(img, len, r->prefix, &why) != 0 ||
	    gitindex_find(img, len, paths, k, found) != 0)
		goto out;
	ok = 1;
	for (size_t i = 0; ok && i < k; i++) {
		const git_diff_file *o = l[i].c ? &l[i].c->d->old_file : NULL;

		if (!o || !l[i].c->old)
			ok = !found[i].path;
		else
			ok = found[i].path && found[i].mode == o->mode && !found[i].flags2 &&
			     !memcmp(found[i].id, o->id.id, GITINDEX_OID_LEN);
	}
out:
	git_error_clear();
	gitindex_unload(img, len);
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	free(l);
	free(found);
	free(paths);
	free(ipath);
	return ok;
}

/*
 * The changes of `diff` (to commit `to`) into *v, sorted by path, each
 * with its filters as `attrs` has them: 1 when each is one this module
 * writes.
 */
static int changes_of(struct repo *r, git_repository *attrs, git_diff *diff, const git_oid *to,
		      struct change **v, size_t *n)
{
	size_t all = git_diff_num_deltas(diff);
	int ok = all <= CHANGES_MAX;

	*v = xcalloc(all ? all : 1, sizeof(**v));
	*n = 0;
	for (size_t i = 0; ok && i < all; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct change *c = &(*v)[(*n)++];

		c->d = d;
		c->old = d->status != GIT_DELTA_ADDED;
		c->new = d->status != GIT_DELTA_DELETED;
		c->path = c->new ? d->new_file.path : d->old_file.path;
		c->full = xasprintf("%s%s", r->workdir, c->path);
		ok = (d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_DELETED ||
		      d->status == GIT_DELTA_MODIFIED) &&
		     (!c->old || plain_mode(d->old_file.mode)) &&
		     (!c->new || plain_mode(d->new_file.mode)) && plain_path(c->path) &&
		     (!c->old || !strcmp(d->old_file.path, c->path)) &&
		     filters_of(attrs, c, to);
	}
	if (ok)
		qsort(*v, *n, sizeof(**v), cmp_change);
	for (size_t i = 1; ok && i < *n; i++)
		ok = strcmp((*v)[i - 1].path, (*v)[i].path) != 0;
	return ok;
}

/* Removes `c`'s file, then the folders it leaves empty, as git does. 0, or -1 with a message. */
static int remove_file(struct repo *r, const struct change *c)
{
	size_t top = strlen(r->workdir);
	char *dir = xstrdup(c->full), *slash;

	if (unlink(c->full) < 0 && errno != ENOENT) {
		free(dir);
		return error("cannot update the work tree: cannot remove '%s': %s", c->full,
			     strerror(errno));
	}
	while ((slash = strrchr(dir, '/')) && (size_t)(slash - dir) >= top) {
		*slash = '\0';
		if (rmdir(dir) < 0)
			break; /* not empty, or in use: it stays */
	}
	free(dir);
	return 0;
}

/* The index entry of a file just written, from its stat data. */
static void entry_of_file(struct gitindex_entry *e, const struct change *c, const struct stat *st)
{
	memset(e, 0, sizeof(*e));
	e->path = c->path;
	/* git's index keeps the low 32 bits of each */
	e->ctime_sec = (uint32_t)st->st_ctim.tv_sec;
	e->ctime_nsec = (uint32_t)st->st_ctim.tv_nsec;
	e->mtime_sec = (uint32_t)st->st_mtim.tv_sec;
	e->mtime_nsec = (uint32_t)st->st_mtim.tv_nsec;
	e->dev = (uint32_t)st->st_dev;
	e->ino = (uint32_t)st->st_ino;
	e->mode = c->d->new_file.mode;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->size = (uint32_t)st->st_size;
	memcpy(e->id, c->d->new_file.id.id, GITINDEX_OID_LEN);
}

/*
 * Writes the commit's version of `c`'s file in place of HEAD's, its
 * folders made as needed, and fills its index entry *e. 0, or -1 with a
 * message.
 */
static int write_file(struct repo *r, const struct change *c, struct gitindex_entry *e)
{
	mode_t mode = c->d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0777 : 0666;
	const char *slash = strrchr(c->path, '/');
	git_buf filtered = { NULL, 0, 0 };
	git_blob *b = NULL;
	const char *data;
	size_t len;
	struct stat st;
	int fd = -1, ret = -1;

	if (git_blob_lookup(&b, r->git, &c->d->new_file.id) < 0 ||
	    (c->fl && git_filter_list_apply_to_blob(&filtered, c->fl, b) < 0)) {
		git_fail("cannot update the work tree: cannot read a file of the remote's commit");
		goto out;
	}
	data = c->fl ? filtered.ptr : git_blob_rawcontent(b);
	len = c->fl ? filtered.size : (size_t)git_blob_rawsize(b);
	if (slash) {
		char *top = xstrndup(r->workdir, strlen(r->workdir) - 1);
		char *dir = xstrndup(c->path, (size_t)(slash - c->path));
		int made = fs_mkdirs(top, dir);

		free(dir);
		free(top);
		if (made < 0)
			goto out;
	}
	if (unlink(c->full) < 0 && errno != ENOENT) {
		error("cannot update the work tree: cannot replace '%s': %s", c->full,
		      strerror(errno));
		goto out;
	}
	fd = open(c->full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 || fs_write_all(fd, data, len) < 0 ||
	    fstat(fd, &st) < 0) {
		error("cannot update the work tree: cannot write '%s': %s", c->full,
		      strerror(errno));
		goto out;
	}
	entry_of_file(e, c, &st);
	ret = 0;
out:
	if (fd >= 0 && close(fd) < 0 && !ret)
		ret = error("cannot update the work tree: cannot write '%s': %s", c->full,
			    strerror(errno));
	git_buf_dispose(&filtered);
	git_blob_free(b);
	return ret;
}

/* Removes and writes the files of `v`, then sets their index entries. 0, or -1 with a message. */
static int write_changes(struct repo *r, const struct change *v, size_t n)
{
	struct gitindex_entry *e = xcalloc(n, sizeof(*e));
	int ret = 0;

	/* removals first: a file removed may be a folder the commit's files need */
	for (size_t i = 0; !ret && i < n; i++) {
		e[i].path = v[i].path;
		e[i].remove = 1;
		if (!v[i].new)
			ret = remove_file(r, &v[i]);
	}
	for (size_t i = 0; !ret && i < n; i++)
		if (v[i].new)
			ret = write_file(r, &v[i], &e[i]);
	if (!ret)
		ret = repo_index_set(r, e, n);
	free(e);
	return ret;
}

int repo_checkout_changes(struct repo *r, git_diff *diff, const git_oid *to)
{
	git_repository *attrs = attr_handle(r);
	struct change *v = NULL;
	size_t n = 0;
	int ok, ret = 1;

	ok = attrs && changes_of(r, attrs, diff, to, &v, &n) && n;
	for (size_t i = 0; ok && i < n; i++)
		ok = folders_fit(r, &v[i]) && file_as_head(attrs, &v[i]);
	if (ok && index_as_head(r, v, n))
		ret = write_changes(r, v, n);
	for (size_t i = 0; i < n; i++) {
		git_filter_list_free(v[i].fl);
		free(v[i].full);
	}
	free(v);
	git_repository_free(attrs);
	return ret;
}
