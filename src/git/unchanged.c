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
 * hand edit is decided in one place. The folders are walked by a thread
 * per CPU, as git's preloaded index stats its files; the files whose
 * stat data does not vouch for them are hashed afterwards, one at a time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo_int.h"
#include "buf.h"
#include "gitindex.h"
#include "statseen.h"
#include "util.h"

/* Deeper folders than this are left to libgit2. */
#define DEPTH_MAX 64

struct look {
	struct repo *r;
	const struct gitindex_table *t;
	struct timespec index_mtime; /* entries at or after it are racily clean */
	int filemode;                /* core.filemode: the executable bit counts */
	size_t seen;                 /* index entries found matching a file */
	struct stat_seen_table *out; /* the files' stat data, when the caller keeps it */
	atomic_size_t nout;          /* the slots of out->v taken (one per index entry reserved) */
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

/* A file whose stat data does not vouch for it: its contents decide (file_ok()). */
struct doubt {
	char *rel;
	mode_t mode;
};

/* The folders left to walk, taken by each thread in turn (dir_ok()). */
struct walkq {
	struct look *l;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct task {
		int fd;
		char *rel; /* "…/clients/", from the top of the work tree */
		int depth;
	} *v;
	size_t n, alloc, next, active;
	struct doubt *doubts;
	size_t ndoubts, dalloc;
	atomic_int failed; /* read by the threads as they walk, without the lock */
};

/*
 * One work-tree file, `rel` from the top of the work tree, with its stat
 * data: 1 when its index entry's stat data says it is staged as it is, 2
 * when only its contents can tell (the stat data differs, or is as new as
 * the index), else 0.
 */
static int file_stat_ok(struct look *l, const char *rel, const struct stat *st, size_t *seen)
{
	const struct gitindex_item *it = entry_of(l->t, rel, strlen(rel));

	if (!it || !S_ISREG(st->st_mode) || (it->flags2 & GITINDEX_SKIP_WORKTREE))
		return 0;
	(*seen)++;
	return same_stat(l, it, st) && ts_before(it->mtime_sec, it->mtime_nsec, &l->index_mtime) ? 1
														: 2;
}

/* A file file_stat_ok() doubted: 1 when its contents are what the index stages. */
static int file_ok(struct look *l, const struct doubt *f)
{
	const struct gitindex_item *it = entry_of(l->t, f->rel, strlen(f->rel));
	git_oid id;

	if (git_repository_hashfile(&id, l->r->git, f->rel, GIT_OBJECT_BLOB, NULL) < 0) {
		git_error_clear();
		return 0;
	}
	if (l->filemode && it->mode != ((f->mode & 0100) ? 0100755 : 0100644))
		return 0;
	return !memcmp(id.id, it->id, GITINDEX_OID_LEN);
}

static void push_task(struct walkq *q, int fd, char *rel, int depth)
{
	pthread_mutex_lock(&q->lock);
	ALLOC_GROW(q->v, q->n + 1, q->alloc);
	q->v[q->n].fd = fd;
	q->v[q->n].rel = rel;
	q->v[q->n++].depth = depth;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

/*
 * The notebook's folder of task `k`, open at its fd: its files checked
 * (file_stat_ok()), its folders queued. 0 when none failed.
 */
static int dir_ok(struct walkq *q, struct task k, size_t *seen, struct arena *names)
{
	size_t skip = strlen(q->l->r->prefix);
	DIR *dir = fdopendir(k.fd);
	struct buf rel = BUF_INIT;
	struct dirent *de;
	int ok = dir != NULL && k.depth < DEPTH_MAX;

	if (!dir)
		close(k.fd);
	while (ok && !q->failed && (de = readdir(dir))) {
		const char *name = de->d_name;
		struct stat st;

		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		buf_reset(&rel);
		buf_adds(&rel, k.rel); /* not buf_printf(): a formatted print per file was most of the walk */
		buf_adds(&rel, name);
		if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ok = errno == ENOENT; /* gone since readdir: the index count tells */
		} else if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			buf_addc(&rel, '/');
			if ((ok = sub >= 0))
				push_task(q, sub, buf_detach(&rel), k.depth + 1);
		} else if (repo_notebook_path(q->l->r, buf_str(&rel))) {
			int r = file_stat_ok(q->l, buf_str(&rel), &st, seen);

			ok = r != 0;
			if (r && q->l->out) /* r != 0: one of the index's entries, seen once */
				stat_seen_put(&q->l->out->v[atomic_fetch_add(&q->l->nout, 1)], names,
					      buf_str(&rel) + skip, rel.len - skip, &st);
			if (r == 2) {
				pthread_mutex_lock(&q->lock);
				ALLOC_GROW(q->doubts, q->ndoubts + 1, q->dalloc);
				q->doubts[q->ndoubts].rel = buf_detach(&rel);
				q->doubts[q->ndoubts++].mode = st.st_mode;
				pthread_mutex_unlock(&q->lock);
			}
		}
	}
	if (dir)
		closedir(dir);
	buf_release(&rel);
	return ok;
}

/* A thread of the walk: folders from the queue until none is left or one failed. */
static void *walk_worker(void *arg)
{
	struct walkq *q = arg;
	struct arena names = ARENA_INIT;
	size_t seen = 0;

	for (;;) {
		struct task k;
		int ok;

		pthread_mutex_lock(&q->lock);
		while (q->next == q->n && q->active && !q->failed)
			pthread_cond_wait(&q->cond, &q->lock);
		if (q->next == q->n || q->failed) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		k = q->v[q->next++];
		q->active++;
		pthread_mutex_unlock(&q->lock);
		ok = dir_ok(q, k, &seen, &names);
		pthread_mutex_lock(&q->lock);
		q->active--;
		if (!ok)
			q->failed = 1;
		if (!ok || (!q->active && q->next == q->n))
			pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
	}
	pthread_mutex_lock(&q->lock);
	q->l->seen += seen;
	if (q->l->out)
		stat_seen_adopt(q->l->out, &names);
	pthread_mutex_unlock(&q->lock);
	arena_release(&names);
	return NULL;
}

/*
 * Walks the queued folders with a thread per CPU (up to four), as git's
 * preloaded index stats its files: 1 when every file checked is staged as
 * it is (the doubted ones by their contents, here, one at a time).
 */
static int walk_all(struct walkq *q)
{
	long cpus = online_cpus();
	pthread_t tids[3];
	size_t started = 0, want = cpus > 4 ? 3 : cpus > 1 ? (size_t)cpus - 1 : 0;
	int ok;

	for (size_t i = 0; i < want; i++)
		if (pthread_create(&tids[started], NULL, walk_worker, q) == 0)
			started++;
	walk_worker(q);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	ok = !q->failed;
	for (size_t i = 0; i < q->ndoubts; i++) {
		ok = ok && file_ok(q->l, &q->doubts[i]);
		free(q->doubts[i].rel);
	}
	for (size_t i = q->next; i < q->n; i++) /* left by a failure */
		close(q->v[i].fd);
	for (size_t i = 0; i < q->n; i++)
		free(q->v[i].rel);
	free(q->doubts);
	free(q->v);
	return ok;
}

/* The work tree against the index: 1 when every notebook file is staged as it is. */
static int worktree_ok(struct look *l)
{
	static const char *const dirs[] = { "clients", "journal", "schema" };
	struct repo *r = l->r;
	struct walkq q = { 0 };
	struct buf rel = BUF_INIT;
	size_t want = 0, seen = 0;
	struct stat st;
	char *full;
	int ok = 1;

	for (size_t i = 0; i < l->t->n; i++) {
		const struct gitindex_item *it = &l->t->v[i];

		buf_reset(&rel); /* the path NUL-terminated, without an allocation per entry */
		buf_add(&rel, it->path, it->len);
		if (repo_notebook_path(r, buf_str(&rel))) {
			want++;
			ok &= it->stage == 0 && (it->mode & 0170000) == 0100000;
		}
	}
	q.l = l;
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.cond, NULL);
	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]) && ok; k++) {
		int fd;

		buf_reset(&rel);
		buf_printf(&rel, "%s%s%s", r->workdir, r->prefix, dirs[k]);
		fd = open(buf_str(&rel), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			ok = errno == ENOENT;
			continue;
		}
		push_task(&q, fd, xasprintf("%s%s/", r->prefix, dirs[k]), 0);
	}
	ok = walk_all(&q) && ok;
	pthread_cond_destroy(&q.cond);
	pthread_mutex_destroy(&q.lock);
	full = xasprintf("%s%snotebook.yaml", r->workdir, r->prefix);
	if (ok && lstat(full, &st) == 0) {
		struct doubt f;
		int got;

		buf_reset(&rel);
		buf_printf(&rel, "%snotebook.yaml", r->prefix);
		got = file_stat_ok(l, buf_str(&rel), &st, &seen);
		f.rel = (char *)buf_str(&rel);
		f.mode = st.st_mode;
		ok = got == 1 || (got == 2 && file_ok(l, &f));
		l->seen += seen;
	} else if (ok) {
		ok = errno == ENOENT;
	}
	free(full);
	buf_release(&rel);
	return ok && l->seen == want;
}

int repo_unchanged_seen(struct repo *r, struct stat_seen_table *out)
{
	struct look l = { r, NULL, { 0, 0 }, 1, 0, out };
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
	atomic_init(&l.nout, out ? out->n : 0);
	if (out) /* a slot for each entry: every file stat'd has one, and is stat'd once */
		stat_seen_reserve(out, t.n);
	ret = worktree_ok(&l);
	if (out)
		out->n = atomic_load(&l.nout);
out:
	if (!ret && out) /* only the stat data of a work tree found unchanged is kept */
		stat_seen_release(out);
	git_error_clear();
	git_config_free(cfg);
	gitindex_table_free(&t);
	gitindex_unload(img, len);
	free(ipath);
	git_object_free(head);
	return ret;
}

int repo_unchanged(struct repo *r)
{
	return repo_unchanged_seen(r, NULL);
}
