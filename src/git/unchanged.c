/*
 * Whether the notebook's files surely match HEAD (repo.h,
 * repo_unchanged()), found the way git status finds it: the index stages
 * them as HEAD has them (its cache tree, else entry by entry: behind.c),
 * and every file in the work tree has the stat data its index entry
 * recorded, or, when not (or when the entry is as new as the index file
 * itself, git's "racily clean" rule), the same contents. Any doubt (a file
 * the index does not know, a conflict, a sparse or skip-worktree entry, a
 * symbolic link, an index only libgit2 reads) answers "maybe": the caller
 * then asks libgit2's status (repo_changes()), so that what counts as a
 * hand edit is decided in one place.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo_int.h"
#include "buf.h"
#include "gitindex.h"
#include "util.h"

/* Deeper folders than this are left to libgit2. */
#define DEPTH_MAX 64

struct look {
	struct repo *r;
	const struct gitindex_table *t;
	struct timespec index_mtime; /* entries at or after it are racily clean */
	int filemode;                /* core.filemode: the executable bit counts */
	size_t seen;                 /* index entries found matching a file */
};

/* The stage-0 entry of `path` (`len` bytes) in the table sorted by path, or NULL. */
static const struct gitindex_item *entry_of(const struct gitindex_table *t, const char *path,
					     size_t len)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct gitindex_item *it = &t->v[mid];
		size_t m = it->len < len ? it->len : len;
		int d = memcmp(it->path, path, m);

		if (!d)
			d = it->len < len ? -1 : it->len > len ? 1 : (int)it->stage;
		if (!d)
			return it;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int ts_before(uint32_t sec, uint32_t nsec, const struct timespec *ts)
{
	return sec < (uint32_t)ts->tv_sec || (sec == (uint32_t)ts->tv_sec && nsec < ts->tv_nsec);
}

/* Whether `st` is the stat data `it` recorded, as git compares it. */
static int same_stat(const struct look *l, const struct gitindex_item *it, const struct stat *st)
{
	unsigned want = (st->st_mode & 0100) && l->filemode ? 0100755 : 0100644;

	if (!l->filemode && (it->mode == 0100755 || it->mode == 0100644))
		want = it->mode;
	return it->mode == want && it->size == (uint32_t)st->st_size &&
	       it->mtime_sec == (uint32_t)st->st_mtim.tv_sec &&
	       it->mtime_nsec == (uint32_t)st->st_mtim.tv_nsec &&
	       it->ctime_sec == (uint32_t)st->st_ctim.tv_sec &&
	       it->ctime_nsec == (uint32_t)st->st_ctim.tv_nsec &&
	       it->ino == (uint32_t)st->st_ino && it->dev == (uint32_t)st->st_dev &&
	       it->uid == (uint32_t)st->st_uid && it->gid == (uint32_t)st->st_gid;
}

/*
 * One work-tree file, `rel` from the top of the work tree, with its stat
 * data: 1 when the index stages it as it is, else 0.
 */
static int file_ok(struct look *l, const char *rel, const struct stat *st)
{
	const struct gitindex_item *it = entry_of(l->t, rel, strlen(rel));
	git_oid id;

	if (!it || !S_ISREG(st->st_mode) || (it->flags2 & GITINDEX_SKIP_WORKTREE))
		return 0;
	l->seen++;
	if (same_stat(l, it, st) && ts_before(it->mtime_sec, it->mtime_nsec, &l->index_mtime))
		return 1;
	/* stat data that differs, or as new as the index: the contents decide */
	if (git_repository_hashfile(&id, l->r->git, rel, GIT_OBJECT_BLOB, NULL) < 0) {
		git_error_clear();
		return 0;
	}
	if (l->filemode && it->mode != ((st->st_mode & 0100) ? 0100755 : 0100644))
		return 0;
	return !memcmp(id.id, it->id, GITINDEX_OID_LEN);
}

/* `b` cut back to its first `at` bytes. */
static void cut(struct buf *b, size_t at)
{
	b->len = at;
	if (b->data)
		b->data[at] = '\0';
}

/* The notebook's folder `rel` ("…/clients/", from the top of the work tree), open at `fd`. */
static int dir_ok(struct look *l, int fd, struct buf *rel, int depth)
{
	DIR *dir = fdopendir(fd);
	size_t at = rel->len;
	struct dirent *de;
	int ok = dir != NULL && depth < DEPTH_MAX;

	if (!dir)
		close(fd);
	while (ok && (de = readdir(dir))) {
		const char *name = de->d_name;
		struct stat st;

		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		cut(rel, at);
		buf_adds(rel, name);
		if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ok = errno == ENOENT; /* gone since readdir: the index count tells */
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			buf_addc(rel, '/');
			ok = sub >= 0 && dir_ok(l, sub, rel, depth + 1);
		} else if (repo_notebook_path(l->r, buf_str(rel))) {
			ok = file_ok(l, buf_str(rel), &st);
		}
	}
	if (dir)
		closedir(dir);
	cut(rel, at);
	return ok;
}

/* The work tree against the index: 1 when every notebook file is staged as it is. */
static int worktree_ok(struct look *l)
{
	static const char *const dirs[] = { "clients", "journal", "schema" };
	struct repo *r = l->r;
	struct buf rel = BUF_INIT;
	size_t want = 0;
	struct stat st;
	char *full;
	int ok = 1;

	for (size_t i = 0; i < l->t->n; i++) {
		const struct gitindex_item *it = &l->t->v[i];
		char *path = xstrndup(it->path, it->len);

		if (repo_notebook_path(r, path)) {
			want++;
			ok &= it->stage == 0 && (it->mode & 0170000) == 0100000;
		}
		free(path);
	}
	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]) && ok; k++) {
		int fd;

		buf_reset(&rel);
		buf_printf(&rel, "%s%s", r->workdir, r->prefix);
		buf_adds(&rel, dirs[k]);
		fd = open(buf_str(&rel), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			ok = errno == ENOENT;
			continue;
		}
		buf_reset(&rel);
		buf_printf(&rel, "%s%s/", r->prefix, dirs[k]);
		ok = dir_ok(l, fd, &rel, 0);
	}
	full = xasprintf("%s%snotebook.yaml", r->workdir, r->prefix);
	if (ok && lstat(full, &st) == 0) {
		buf_reset(&rel);
		buf_printf(&rel, "%snotebook.yaml", r->prefix);
		ok = file_ok(l, buf_str(&rel), &st);
	} else if (ok) {
		ok = errno == ENOENT;
	}
	free(full);
	buf_release(&rel);
	return ok && l->seen == want;
}

int repo_unchanged(struct repo *r)
{
	struct look l = { r, NULL, { 0, 0 }, 1, 0 };
	struct gitindex_table t = { NULL, 0, 0, NULL, 0, 0 };
	git_object *head = NULL;
	git_config *cfg = NULL;
	char *ipath = xasprintf("%sindex", r->gitdir);
	unsigned char *img = NULL;
	size_t len = 0;
	struct stat st;
	int ret = 0;

	if (git_repository_state(r->git) != GIT_REPOSITORY_STATE_NONE || getenv("GIT_INDEX_FILE") ||
	    git_revparse_single(&head, r->git, "HEAD^{tree}") < 0 ||
	    gitindex_load(ipath, &img, &len) != 0)
		goto out;
	/* after the load: an index written since only makes more entries racy */
	if (stat(ipath, &st) < 0 || gitindex_table_load(img, len, &t))
		goto out;
	l.index_mtime = st.st_mtim;
	l.t = &t;
	if (git_repository_config_snapshot(&cfg, r->git) == 0 &&
	    git_config_get_bool(&l.filemode, cfg, "core.filemode") < 0)
		l.filemode = 1;
	if (repo_index_is_head(r, &t, (git_tree *)head) != 1)
		goto out;
	ret = worktree_ok(&l);
out:
	git_error_clear();
	git_config_free(cfg);
	gitindex_table_free(&t);
	gitindex_unload(img, len);
	free(ipath);
	git_object_free(head);
	return ret;
}
