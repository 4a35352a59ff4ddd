/*
 * The repository layer over libgit2: the only file including <git2.h>.
 * libgit2's 0 / <0 returns become 0 / -1 with a message here.
 */
#include "repo_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>

#include "buf.h"
#include "fsutil.h"
#include "gitindex.h"
#include "util.h"

#define LOCK_WAIT_MS 2000
#define MAX_RACES 1000

/* Whether the last git_fail() was the system refusing a write (a full disk). */
static int write_refused;

int repo_write_refused(void)
{
	return write_refused;
}

/*
 * libgit2 gives an operating-system error as its own words followed by
 * strerror()'s: a full disk, a quota or a read-only file system is known by
 * those, for the exit status of a file that cannot be written.
 */
static int refused_write(const git_error *e)
{
	static const int codes[] = { ENOSPC, EDQUOT, EFBIG, EROFS };

	if (!e || !e->message || e->klass != GIT_ERROR_OS)
		return 0;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strstr(e->message, strerror(codes[i])))
			return 1;
	return 0;
}

int git_fail(const char *what)
{
	const git_error *e = git_error_last();

	write_refused = refused_write(e);
	return error("%s: %s", what, e && e->message ? e->message : "unknown error");
}

static void lib_init(void)
{
	static int done;

	if (done)
		return;
	git_libgit2_init();
	/* exit 0 after a commit means the commit survives a power cut */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	/* a repository owned by someone else is refused, as git does */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
	/*
	 * A folder's tree is read once, then kept: libgit2 keeps no tree over
	 * 4 KiB, so a merge or a diff read the clients/ folder's tree (hundreds
	 * of KiB in a large notebook) again at every look.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)64 << 20);
	done = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * For retrying around another process's lock: returns 1 while the caller
 * should try again (after a short sleep), 0 once two seconds have passed
 * since *since (set on the first call of a streak).
 */
static int lock_wait(long long *since)
{
	long long now = now_ms();

	if (!*since)
		*since = now;
	if (now - *since >= LOCK_WAIT_MS)
		return 0;
	sleep_ms(10 + rand() % 40);
	return 1;
}

static int lock_error(const char *gitdir, const char *file)
{
	return error("cannot lock '%s%s.lock': another git process seems to be running; "
		     "if none is, remove the file and retry", gitdir, file);
}

int repo_notebook_path(const struct repo *r, const char *path)
{
	size_t plen = strlen(r->prefix);
	const char *rel, *base;

	if (strncmp(path, r->prefix, plen))
		return 0;
	rel = path + plen;
	base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	if (base[0] == '.' || !base[0] || base[strlen(base) - 1] == '~')
		return 0;
	return !strcmp(rel, "notebook.yaml") || !strncmp(rel, "clients/", 8) ||
	       !strncmp(rel, "journal/", 8) || !strncmp(rel, "schema/", 7);
}

static char *real_dir(const char *path)
{
	char *p = realpath(path, NULL);

	if (!p)
		error("cannot resolve '%s': %s", path, strerror(errno));
	return p;
}

/*
 * libgit2 1.5.1 reports a repository owned by another user as "not found"
 * when no safe.directory is configured at all (the failed config lookup
 * wins over GIT_EOWNER). Returns 1, with its work tree (or git directory)
 * in *where, when the repository that `root` is in belongs to someone
 * else, so that it is refused with the right message.
 */
static int foreign_repo(const char *root, char **where)
{
	git_buf path = GIT_BUF_INIT;
	struct stat st;
	size_t n;
	int ret = 0;

	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (git_repository_discover(&path, root, 0, NULL) < 0)
		goto out;
	n = strlen(path.ptr);
	*where = n > 6 && !strcmp(path.ptr + n - 6, "/.git/") ? xstrndup(path.ptr, n - 6)
							       : xstrdup(path.ptr);
	if ((!stat(path.ptr, &st) && st.st_uid != geteuid()) ||
	    (!stat(*where, &st) && st.st_uid != geteuid())) {
		ret = 1;
	} else {
		free(*where);
		*where = NULL;
	}
out:
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
	git_buf_dispose(&path);
	git_error_clear();
	return ret;
}

/* repo_open(), saying nothing when `quiet`. */
static int open_at(const char *root, struct repo **out, int quiet)
{
	struct repo *r = xcalloc(1, sizeof(*r));
	char *real_root = NULL, *real_wd = NULL, *foreign = NULL;
	const char *wd;
	size_t n;
	int err;

	lib_init();
	err = git_repository_open_ext(&r->git, root, 0, NULL);
	if (quiet && (err < 0 || !git_repository_workdir(r->git))) {
		git_error_clear();
		goto fail;
	}
	if ((err == GIT_ENOTFOUND || err == GIT_EOWNER) && foreign_repo(root, &foreign)) {
		error("refusing the repository in '%s': it belongs to another user; if you trust it, "
		      "run 'git config --global --add safe.directory %s'", foreign, foreign);
		free(foreign);
		goto fail;
	} else if (err == GIT_ENOTFOUND) {
		error("'%s' is not in a git work tree; writing commands need one "
		      "(make it with 'git init' or start with 'notebook init')", root);
		goto fail;
	} else if (err == GIT_EOWNER) {
		git_fail("refusing to use the repository");
		goto fail;
	} else if (err < 0) {
		git_fail("cannot open the repository");
		goto fail;
	}
	wd = git_repository_workdir(r->git);
	if (!wd) {
		error("the repository of '%s' is bare; writing commands need a work tree", root);
		goto fail;
	}
	r->gitdir = xstrdup(git_repository_path(r->git));
	real_root = quiet ? realpath(root, NULL) : real_dir(root);
	real_wd = quiet ? realpath(wd, NULL) : real_dir(wd);
	if (!real_root || !real_wd)
		goto fail;
	r->workdir = xasprintf("%s/", real_wd);
	n = strlen(real_wd);
	if (!strcmp(real_root, real_wd)) {
		r->prefix = xstrdup("");
	} else if (!strncmp(real_root, r->workdir, n + 1)) {
		r->prefix = xasprintf("%s/", real_root + n + 1);
	} else {
		if (!quiet)
			error("'%s' is not inside the work tree '%s'", root, wd);
		goto fail;
	}
	free(real_root);
	free(real_wd);
	*out = r;
	return 0;
fail:
	free(real_root);
	free(real_wd);
	repo_free(r);
	return -1;
}

int repo_open(const char *root, struct repo **out)
{
	return open_at(root, out, 0);
}

int repo_open_quiet(const char *root, struct repo **out)
{
	return open_at(root, out, 1);
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->workdir);
	free(r->gitdir);
	free(r->prefix);
	free(r);
}

const char *repo_prefix(const struct repo *r)
{
	return r->prefix;
}

int repo_init(const char *dir, int *created)
{
	git_repository *git = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	int err;

	lib_init();
	err = git_repository_open_ext(&git, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (!err) {
		*created = 0;
		if (!git_repository_workdir(git)) {
			git_repository_free(git);
			return error("'%s' is a bare repository; a notebook needs a work tree", dir);
		}
		git_repository_free(git);
		return 0;
	}
	if (err == GIT_EOWNER)
		return git_fail("refusing to use the repository");
	if (repo_signatures(NULL, &author, &committer) < 0)
		return -1;
	git_signature_free(author);
	git_signature_free(committer);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	if (git_repository_init_ext(&git, dir, &opts) < 0)
		return git_fail("cannot create a git repository");
	git_repository_free(git);
	*created = 1;
	return 0;
}

int repo_init_check(const char *dir)
{
	git_buf found = GIT_BUF_INIT;
	git_repository *git = NULL;
	git_signature *author = NULL, *committer = NULL;
	char *base = NULL, *top = NULL, *real = NULL;
	int ret = -1;

	lib_init();
	if (!(base = fs_real_nearest(dir)))
		goto out;
	/* ownership is not the question here: any repository around dir counts */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	if (!git_repository_discover(&found, base, 0, getenv("GIT_CEILING_DIRECTORIES")) &&
	    git_repository_open_ext(&git, found.ptr, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
		git_fail("cannot open the repository around the directory");
		goto out;
	}
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
	git_error_clear();
	if (git) {
		const char *wd = git_repository_workdir(git);
		size_t n;

		if (!wd) {
			error("'%s' is inside the git directory '%s'; make the notebook elsewhere",
			      dir, git_repository_path(git));
			goto out;
		}
		top = xstrdup(wd);
		n = strlen(top);
		if (n > 1 && top[n - 1] == '/')
			top[n - 1] = '\0';
		real = realpath(dir, NULL);
		if (!real || strcmp(real, top)) {
			error("'%s' is inside the git repository '%s'; a notebook needs a repository of "
			      "its own: make it in a directory outside '%s', or at its top with "
			      "'notebook init %s'", dir, top, top, top);
			goto out;
		}
	}
	/* the identity the first commit will need, before anything is made */
	if (repo_signatures(git, &author, &committer) < 0)
		goto out;
	ret = 0;
out:
	git_signature_free(author);
	git_signature_free(committer);
	git_repository_free(git);
	git_buf_dispose(&found);
	free(real);
	free(top);
	free(base);
	return ret;
}

/* The branch HEAD names ("refs/heads/main"), malloc'd; -1 when detached. */
static int head_branch(struct repo *r, char **refname)
{
	git_reference *head = NULL;
	int ret = -1;

	if (git_reference_lookup(&head, r->git, "HEAD") < 0)
		return git_fail("cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		error("HEAD is detached; check out a branch first (git switch BRANCH)");
		goto out;
	}
	*refname = xstrdup(git_reference_symbolic_target(head));
	ret = 0;
out:
	git_reference_free(head);
	return ret;
}

/*
 * Before the branch names a new commit: the commit must be on disk, and so
 * must the folders holding it (in the common git directory, for a linked
 * work tree). libgit2 fsyncs each object and its fan-out
 * folder, but not objects/ itself when it has just made that folder, so a
 * power cut could take the folder, and the objects in it, with it. And on
 * a full disk libgit2 1.5 can report a commit written that is not there
 * (the ref update then fails with "target OID ... doesn't exist"): this
 * says what happened instead.
 */
static int commit_stored(struct repo *r, const git_oid *id)
{
	char *dir = xasprintf("%sobjects", git_repository_commondir(r->git));
	git_odb *odb = NULL;
	struct statvfs vfs;
	int fd, ret = 0;

	if (git_repository_odb(&odb, r->git) < 0) {
		ret = git_fail("cannot open the object database");
		goto out;
	}
	if (!git_odb_exists(odb, id)) {
		int full = !statvfs(dir, &vfs) && vfs.f_bavail == 0;
		ret = error("cannot write the commit into '%s': %s", dir,
			    full ? strerror(ENOSPC) : "it is missing after it was written");
		goto out;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (fsync(fd) < 0 && errno != EINVAL))
		ret = error("cannot sync '%s': %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
out:
	git_odb_free(odb);
	free(dir);
	return ret;
}

static int check_index(struct repo *r);
static int repair_index(struct repo *r);

/*
 * A commit of a few paths in the middle of a merge, cherry-pick, revert,
 * rebase or `git am` would leave out what that operation is making (a merge
 * commit needs both parents): git refuses a partial commit then, and so do
 * the writing commands (README: "Every write goes through libgit2").
 * Bisecting is no such state (git commits during it). 0, or -1 with a
 * message saying how to get out of the state.
 */
static int check_no_operation(struct repo *r)
{
	switch (git_repository_state(r->git)) {
	case GIT_REPOSITORY_STATE_MERGE:
		return error("a merge is in progress; finish it ('git commit', or 'notebook sync "
			     "--continue' after a sync) or abort it ('git merge --abort', or 'notebook "
			     "sync --abort') first");
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		return error("a revert is in progress; finish it ('git revert --continue') or abort "
			     "it ('git revert --abort') first");
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		return error("a cherry-pick is in progress; finish it ('git cherry-pick --continue', "
			     "or 'notebook sync --continue' after a sync --rebase) or abort it ('git "
			     "cherry-pick --abort', or 'notebook sync --abort') first");
	case GIT_REPOSITORY_STATE_REBASE:
	case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
	case GIT_REPOSITORY_STATE_REBASE_MERGE:
		return error("a rebase is in progress; finish it ('git rebase --continue') or abort "
			     "it ('git rebase --abort') first");
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		return error("'git am' is in progress; finish it ('git am --continue') or abort it "
			     "('git am --abort') first");
	default:
		return 0;
	}
}

int repo_check_writable(struct repo *r)
{
	git_signature *author = NULL, *committer = NULL;
	char *ref = NULL;

	if (check_no_operation(r) < 0 || check_index(r) < 0)
		return -1;
	if (head_branch(r, &ref) < 0)
		return -1;
	free(ref);
	if (repair_index(r) < 0)
		return -1;
	if (repo_signatures(r->git, &author, &committer) < 0)
		return -1;
	git_signature_free(author);
	git_signature_free(committer);
	return 0;
}

char *repo_user_name(struct repo *r)
{
	return repo_ident_name(r->git);
}

/* What one path becomes in the commit. */
struct update {
	char *path;     /* in the tree: prefix + the notebook path */
	int remove;
	git_oid id;
	unsigned mode;
	struct stat st; /* all zero for `data`: git then compares the file afresh */
	const char *data; /* the bytes to commit instead of the work-tree file's, or NULL */
	size_t len;
};

static int cmp_update(const void *a, const void *b)
{
	return strcmp(((const struct update *)a)->path, ((const struct update *)b)->path);
}

/* Reads the file open at `fd` (`size` bytes, as fstat said) into a malloc'd buffer. */
/* The repository's core settings that decide what git add makes of a file. */
struct core {
	int filemode;   /* core.fileMode: the executable bit is trusted (default) */
	int symlinks;   /* core.symlinks: symbolic links are made as such (default) */
	int ignorecase; /* core.ignoreCase: names differing in case are one file */
};

static void read_core(struct repo *r, struct core *c)
{
	git_config *cfg = NULL;

	c->filemode = c->symlinks = 1;
	c->ignorecase = 0;
	if (git_repository_config_snapshot(&cfg, r->git) < 0) {
		git_error_clear();
		return;
	}
	if (git_config_get_bool(&c->filemode, cfg, "core.filemode") < 0)
		c->filemode = 1;
	if (git_config_get_bool(&c->symlinks, cfg, "core.symlinks") < 0)
		c->symlinks = 1;
	if (git_config_get_bool(&c->ignorecase, cfg, "core.ignorecase") < 0)
		c->ignorecase = 0;
	git_error_clear();
	git_config_free(cfg);
}

/*
 * The mode git add gives a regular file, from its stat data and the
 * index entry it replaces: with core.fileMode false the executable bit
 * is not trusted (the entry's mode is kept, a new file is 100644), with
 * core.symlinks false a file standing for a symbolic link stays one.
 */
static unsigned file_mode(struct repo *r, const struct update *u, const struct core *c)
{
	unsigned mode = (u->st.st_mode & 0100) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	const git_index_entry *ie = NULL;
	git_index *idx = NULL;

	if (c->filemode && c->symlinks)
		return mode;
	if (git_repository_index(&idx, r->git) == 0)
		ie = git_index_get_bypath(idx, u->path, 0);
	if (!c->symlinks && ie && ie->mode == GIT_FILEMODE_LINK)
		mode = GIT_FILEMODE_LINK;
	else if (!c->filemode)
		mode = ie && (ie->mode == GIT_FILEMODE_BLOB || ie->mode == GIT_FILEMODE_BLOB_EXECUTABLE)
			       ? ie->mode
			       : GIT_FILEMODE_BLOB;
	git_index_free(idx);
	git_error_clear();
	return mode;
}

/*
 * With core.ignoreCase, a path the index holds spelled in another case is
 * that file: the update takes the index's spelling, as git add does.
 * libgit2 loads the index case-insensitively then.
 */
static void case_alias(struct repo *r, struct update *u, size_t n)
{
	git_index *idx = NULL;

	if (git_repository_index(&idx, r->git) < 0) {
		git_error_clear();
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *ie = git_index_get_bypath(idx, u[i].path, 0);

		if (ie && strcmp(ie->path, u[i].path) && !strcasecmp(ie->path, u[i].path)) {
			free(u[i].path);
			u[i].path = xstrdup(ie->path);
		}
	}
	git_index_free(idx);
	git_error_clear();
}

/*
 * The blob git add would store for the work-tree file: its bytes through
 * the filters its attributes and the configuration ask for (none, for a
 * notebook's own files unless the user set some). The stat data recorded
 * is that of the very file read. Marks the update removed when the file
 * is gone.
 */
static int make_blob(struct repo *r, struct update *u, const char *full, const struct core *c)
{
	git_filter_list *fl = NULL;
	git_buf filtered = GIT_BUF_INIT;
	struct buf b = BUF_INIT;
	const char *data;
	int e, ret = -1;

	switch (fs_read_at(AT_FDCWD, full, SIZE_MAX, FS_SAFE, &b, &u->st, &e)) {
	case FS_READ_OK:
		break;
	case FS_READ_OPEN:
		if (e == ENOENT) {
			u->remove = 1;
			return 0;
		}
		/* fall through */
	case FS_READ_STAT:
	case FS_READ_IO:
		return error("cannot read '%s': %s", full, strerror(e));
	default:
		return error("'%s' is not a regular file", full);
	}
	/* the bytes the stat data describes: a file that shrank meanwhile is refused */
	if (b.len < (size_t)u->st.st_size) {
		error("cannot read '%s': it changed while read", full);
		goto out;
	}
	data = b.data ? b.data : "";
	u->mode = file_mode(r, u, c);
	if (git_filter_list_load(&fl, r->git, NULL, u->path, GIT_FILTER_TO_ODB,
				 GIT_FILTER_DEFAULT) < 0 ||
	    (fl && git_filter_list_apply_to_buffer(&filtered, fl, data, (size_t)u->st.st_size) < 0)) {
		git_fail("cannot filter a file for git");
		goto out;
	}
	if (fl ? git_blob_create_from_buffer(&u->id, r->git, filtered.ptr, filtered.size)
	       : git_blob_create_from_buffer(&u->id, r->git, data, (size_t)u->st.st_size)) {
		git_fail("cannot store a file in git");
		goto out;
	}
	ret = 0;
out:
	git_buf_dispose(&filtered);
	git_filter_list_free(fl);
	buf_release(&b);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The index entries the filters may read while the blobs are made, as
 * git add would: each directory's .gitattributes that the work tree lacks
 * (git reads a directory's attributes from the work tree, and from the
 * index only in its absence), and the paths' own entries (the crlf
 * filter's "auto" leaves a file alone whose staged version has CRs).
 * Sorted, none twice; the caller frees each and the array.
 */
static void attr_wanted(struct repo *r, const struct update *u, size_t n, char ***out,
			size_t *nout)
{
	char **v = NULL;
	size_t nv = 0, alloc = 0, k = 0;

	for (size_t i = 0; i < n; i++) {
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrdup(u[i].path);
		/* each directory from the top of the work tree down to the file's */
		for (const char *s = u[i].path; s; s = strchr(s, '/')) {
			char *path, *full;
			struct stat st;

			if (*s == '/')
				s++;
			path = xasprintf("%.*s.gitattributes", (int)(s - u[i].path), u[i].path);
			full = xasprintf("%s%s", r->workdir, path);
			if (lstat(full, &st) < 0 && (errno == ENOENT || errno == ENOTDIR)) {
				ALLOC_GROW(v, nv + 1, alloc);
				v[nv++] = path;
			} else {
				free(path);
			}
			free(full);
		}
	}
	if (nv)
		qsort(v, nv, sizeof(*v), cmp_str);
	for (size_t i = 0; i < nv; i++) {
		if (k && !strcmp(v[k - 1], v[i]))
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*out = v;
	*nout = k;
}

/* Copies the entries found on disk into the index in memory. */
static int attr_fill(git_index *mem, const unsigned char *img, size_t len, char **want,
		     size_t nwant)
{
	struct gitindex_entry *found = xcalloc(nwant ? nwant : 1, sizeof(*found));
	int ret = gitindex_find(img, len, (const char *const *)want, nwant, found);

	for (size_t k = 0; k < nwant && !ret; k++) {
		git_index_entry e;

		if (!found[k].path)
			continue;
		memset(&e, 0, sizeof(e));
		e.mode = found[k].mode;
		memcpy(e.id.id, found[k].id, GITINDEX_OID_LEN);
		e.path = found[k].path;
		if (git_index_add(mem, &e) < 0)
			ret = git_fail("cannot read the attributes in the index");
	}
	free(found);
	return ret;
}

/*
 * libgit2 loads the whole index for any attribute lookup, in case it
 * holds .gitattributes files; on a large notebook that cost more than all
 * the rest of a commit. So the repository gets, while the blobs are made,
 * an index in memory holding only the entries git add would read from the
 * index (attr_wanted()). Returns 0 with *mem set as the repository's
 * index, 1 when the index is one gitindex.c cannot walk (libgit2 then
 * loads it as before), or -1 with a message.
 */
static int attr_index_begin(struct repo *r, struct update *u, size_t n, git_index **mem)
{
	char *ipath = xasprintf("%sindex", r->gitdir);
	unsigned char *img = NULL;
	char **want = NULL;
	size_t len = 0, nwant = 0;
	int ret;

	*mem = NULL;
	ret = gitindex_load(ipath, &img, &len);
	if (ret == GITINDEX_NOT_FOUND)
		ret = 0; /* no index: nothing in it to read */
	if (ret)
		goto out;
	if (git_index_new(mem) < 0) {
		ret = git_fail("cannot make an index in memory");
		goto out;
	}
	if (img) {
		attr_wanted(r, u, n, &want, &nwant);
		ret = attr_fill(*mem, img, len, want, nwant);
	}
	if (!ret && git_repository_set_index(r->git, *mem) < 0)
		ret = git_fail("cannot set an index in memory");
out:
	if (ret == GITINDEX_UNSUPPORTED)
		ret = 1;
	if (ret) {
		git_index_free(*mem);
		*mem = NULL;
	}
	for (size_t k = 0; k < nwant; k++)
		free(want[k]);
	free(want);
	gitindex_unload(img, len);
	free(ipath);
	return ret;
}

/* Gives the repository back its index on disk, loaded when next needed. */
static void attr_index_end(struct repo *r, git_index *mem)
{
	if (!mem)
		return;
	git_repository_set_index(r->git, NULL);
	git_index_free(mem);
}

/* Hashes each path's work-tree file into a blob, or marks it removed. */
static int prepare_updates(struct repo *r, char *const *paths, size_t n, struct update *u)
{
	git_index *mem = NULL;
	struct core c;
	int ret = -1;

	read_core(r, &c);
	for (size_t i = 0; i < n; i++)
		u[i].path = xasprintf("%s%s", r->prefix, paths[i]);
	if (c.ignorecase)
		case_alias(r, u, n);
	if (attr_index_begin(r, u, n, &mem) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* the file as the caller named it; its entry maybe in the index's spelling */
		char *full = xasprintf("%s%s%s", r->workdir, r->prefix, paths[i]);
		int err = 0;

		if (!u[i].data) {
			err = make_blob(r, &u[i], full, &c);
		} else if (git_blob_create_from_buffer(&u[i].id, r->git, u[i].data, u[i].len) < 0) {
			err = git_fail("cannot store a file in git");
		} else {
			u[i].mode = file_mode(r, &u[i], &c);
		}
		free(full);
		if (err < 0)
			goto out;
	}
	ret = 0;
out:
	attr_index_end(r, mem);
	return ret;
}

/* The first tree, on an unborn branch: the upserted paths alone. */
static int first_tree(struct repo *r, struct update *u, size_t n, git_oid *out)
{
	git_index *idx = NULL;
	int ret = -1;

	if (git_index_new(&idx) < 0) {
		git_fail("cannot build a tree");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		git_index_entry e;

		if (u[i].remove)
			continue;
		memset(&e, 0, sizeof(e));
		e.mode = u[i].mode;
		git_oid_cpy(&e.id, &u[i].id);
		e.path = u[i].path;
		if (git_index_add(idx, &e) < 0) {
			git_fail("cannot build a tree");
			goto out;
		}
	}
	if (git_index_write_tree_to(out, idx, r->git) < 0) {
		git_fail("cannot build the commit's tree");
		goto out;
	}
	ret = 0;
out:
	git_index_free(idx);
	return ret;
}

/* The new tree: `base` with the updates applied. */
static int build_tree(struct repo *r, git_tree *base, struct update *u, size_t n, git_oid *out)
{
	git_tree_update *tu = xcalloc(n, sizeof(*tu));
	size_t k = 0;
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		if (u[i].remove) {
			git_tree_entry *e = NULL;
			if (git_tree_entry_bypath(&e, base, u[i].path) < 0)
				continue; /* not there: nothing to remove */
			git_tree_entry_free(e);
			tu[k].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			tu[k].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&tu[k].id, &u[i].id);
			tu[k].filemode = u[i].mode;
		}
		tu[k].path = u[i].path;
		k++;
	}
	git_error_clear();
	if (git_tree_create_updated(out, r->git, base, k, tu) < 0) {
		git_fail("cannot build the commit's tree");
		goto out;
	}
	ret = 0;
out:
	free(tu);
	return ret;
}

static void fill_time(git_index_time *t, uint32_t s, uint32_t ns)
{
	t->seconds = (int32_t)s;
	t->nanoseconds = ns;
}

/*
 * Notebook writers queue on a lock of their own around the whole commit
 * (branch update and index read-modify-write), so they never race each
 * other for git's locks or lose each other's index entries, however slow
 * the machine. The kernel drops it when a writer dies. It lives in the
 * common git directory, which the work trees made by `git worktree add`
 * share with the branches and objects. Returns the lock's descriptor, or
 * -1 with a message.
 */
/* writer_lock() when no other writer holds it, else -1 (quietly). */
static int writer_trylock(struct repo *r)
{
	char *lockpath = xasprintf("%snotebook-writer.flock", git_repository_commondir(r->git));
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		fd = -1;
	}
	free(lockpath);
	return fd;
}

static int writer_lock(struct repo *r)
{
	char *lockpath = xasprintf("%snotebook-writer.flock", git_repository_commondir(r->git));
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		error("cannot lock '%s': %s", lockpath, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(lockpath);
	return fd;
}

/* The extended flags notebook keeps or sets, in libgit2's terms (the same bits). */
#define KEPT_FLAGS (GIT_INDEX_ENTRY_SKIP_WORKTREE | GIT_INDEX_ENTRY_INTENT_TO_ADD)

/* A copy of the libgit2 index entry `c` into `old`, as it was. */
static void keep_old_git(struct gitindex_entries *old, const git_index_entry *c)
{
	struct gitindex_entry *o;

	if (!old)
		return;
	ALLOC_GROW(old->v, old->n + 1, old->alloc);
	o = &old->v[old->n++];
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(c->path);
	o->ctime_sec = (uint32_t)c->ctime.seconds;
	o->ctime_nsec = c->ctime.nanoseconds;
	o->mtime_sec = (uint32_t)c->mtime.seconds;
	o->mtime_nsec = c->mtime.nanoseconds;
	o->dev = c->dev;
	o->ino = c->ino;
	o->mode = c->mode;
	o->uid = c->uid;
	o->gid = c->gid;
	o->size = c->file_size;
	memcpy(o->id, c->id.id, GITINDEX_OID_LEN);
	o->flags2 = c->flags_extended & KEPT_FLAGS;
	o->exact_flags = 1;
}

/*
 * Drops the entries in the way of a file at `path`, as git add does: those
 * under `path` as if it were a directory, and a file where one of its
 * directories must be.
 */
static int drop_clashes(git_index *idx, const char *path, struct gitindex_entries *old)
{
	size_t len = strlen(path), pos;
	char *dir = xasprintf("%s/", path);
	int ret = 0;

	while (!ret && !git_index_find_prefix(&pos, idx, dir)) {
		const git_index_entry *c = git_index_get_byindex(idx, pos);

		if (!c || strncmp(c->path, dir, len + 1))
			break;
		if (!GIT_INDEX_ENTRY_STAGE(c))
			keep_old_git(old, c);
		if (git_index_remove(idx, c->path, GIT_INDEX_ENTRY_STAGE(c)) < 0)
			ret = git_fail("cannot update the index");
	}
	for (const char *s = strchr(path, '/'); !ret && s; s = strchr(s + 1, '/')) {
		char *lead = xstrndup(path, (size_t)(s - path));
		const git_index_entry *c = git_index_get_bypath(idx, lead, 0);

		if (c) {
			keep_old_git(old, c);
			if (git_index_remove(idx, lead, 0) < 0)
				ret = git_fail("cannot update the index");
		}
		free(lead);
	}
	git_error_clear();
	free(dir);
	return ret;
}

/* Sets or removes the entries `u` in libgit2's index in memory, as gitindex.c would. */
static int apply_libgit2(git_index *idx, const struct gitindex_entry *u, size_t n,
			 struct gitindex_entries *old)
{
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *cur = git_index_get_bypath(idx, u[i].path, 0);
		unsigned keep = 0;
		git_index_entry e;

		if (cur) {
			keep = cur->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE;
			keep_old_git(old, cur);
		}
		git_index_conflict_remove(idx, u[i].path); /* as git add resolves it */
		if (u[i].remove) {
			git_index_remove(idx, u[i].path, 0);
			continue;
		}
		if (drop_clashes(idx, u[i].path, old) < 0)
			return -1;
		memset(&e, 0, sizeof(e));
		fill_time(&e.ctime, u[i].ctime_sec, u[i].ctime_nsec);
		fill_time(&e.mtime, u[i].mtime_sec, u[i].mtime_nsec);
		e.dev = u[i].dev;
		e.ino = u[i].ino;
		e.mode = u[i].mode;
		e.uid = u[i].uid;
		e.gid = u[i].gid;
		e.file_size = u[i].size;
		memcpy(e.id.id, u[i].id, GITINDEX_OID_LEN);
		e.path = u[i].path;
		e.flags_extended = (uint16_t)(u[i].exact_flags ? u[i].flags2 & KEPT_FLAGS : keep);
		if (e.flags_extended)
			e.flags |= GIT_INDEX_ENTRY_EXTENDED;
		if (git_index_add(idx, &e) < 0)
			return git_fail("cannot update the index");
	}
	git_error_clear();
	return 0;
}

/*
 * update_index() through libgit2, which parses the whole index: for the
 * indexes gitindex.c leaves alone (version 4, or none yet).
 */
static int update_index_libgit2(struct repo *r, const struct gitindex_entry *u, size_t n,
				struct gitindex_entries *old)
{
	git_index *idx = NULL;
	long long since = 0;
	size_t nold = old ? old->n : 0;
	int ret = -1;

	if (git_repository_index(&idx, r->git) < 0) {
		git_fail("cannot open the index");
		goto out;
	}
	for (int tries = 0;; tries++) {
		int err;

		/*
		 * Re-read the index only when it changed on disk since libgit2
		 * loaded it (its stamp holds mtime in ns, size and inode); force a
		 * re-read after a lost race for the lock. Reading 200,000 entries
		 * twice was the bulk of a log on a large notebook.
		 */
		if (git_index_read(idx, tries > 0) < 0) {
			git_fail("cannot read the index");
			goto out;
		}
		for (size_t i = nold; old && i < old->n; i++)
			free((char *)old->v[i].path);
		if (old)
			old->n = nold;
		if (apply_libgit2(idx, u, n, old) < 0)
			goto out;
		git_error_clear();
		err = git_index_write(idx);
		if (!err)
			break;
		if (err == GIT_ELOCKED && lock_wait(&since))
			continue;
		if (err == GIT_ELOCKED)
			lock_error(r->gitdir, "index");
		else
			git_fail("cannot write the index");
		goto out;
	}
	ret = 0;
out:
	if (ret < 0 && old) {
		for (size_t i = nold; i < old->n; i++)
			free((char *)old->v[i].path);
		old->n = nold;
	}
	git_index_free(idx);
	return ret;
}

static void to_gitindex(const struct update *u, struct gitindex_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->path = u->path;
	e->remove = u->remove;
	if (u->remove)
		return;
	/* git's index keeps the low 32 bits of each, as here */
	e->ctime_sec = (uint32_t)u->st.st_ctim.tv_sec;
	e->ctime_nsec = (uint32_t)u->st.st_ctim.tv_nsec;
	e->mtime_sec = (uint32_t)u->st.st_mtim.tv_sec;
	e->mtime_nsec = (uint32_t)u->st.st_mtim.tv_nsec;
	e->dev = (uint32_t)u->st.st_dev;
	e->ino = (uint32_t)u->st.st_ino;
	e->mode = u->mode;
	e->uid = (uint32_t)u->st.st_uid;
	e->gid = (uint32_t)u->st.st_gid;
	e->size = (uint32_t)u->st.st_size;
	memcpy(e->id, u->id.id, GITINDEX_OID_LEN);
}

static int index_refused(const char *path, const struct gitindex_why *why)
{
	return error("cannot update the git index '%s': %s%s%s", path, why->text,
		     why->fix[0] ? "; " : "", why->fix);
}

/*
 * Sets the index entries `e` (sorted by path) and nothing else; the caller
 * holds writer_lock(). gitindex.c edits the index file directly, waiting
 * for a lock held by another git process the way the commit does; an index
 * it does not handle goes to libgit2. `old` (may be NULL) gets the entries
 * replaced or dropped, for undo_index().
 */
static int update_index(struct repo *r, const struct gitindex_entry *e, size_t n,
			struct gitindex_entries *old)
{
	char *path = xasprintf("%sindex", r->gitdir);
	struct gitindex_why why;
	long long since = 0;
	int ret;

	while ((ret = gitindex_update_file(path, e, n, old, &why)) == GITINDEX_LOCKED) {
		if (!lock_wait(&since)) {
			ret = lock_error(r->gitdir, "index");
			break;
		}
	}
	if (ret == GITINDEX_REFUSED)
		ret = index_refused(path, &why);
	else if (ret == GITINDEX_UNSUPPORTED || ret == GITINDEX_NOT_FOUND)
		ret = update_index_libgit2(r, e, n, old);
	free(path);
	return ret;
}

int repo_index_set(struct repo *r, const struct gitindex_entry *e, size_t n)
{
	return update_index(r, e, n, NULL);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct gitindex_entry *)a)->path,
		      ((const struct gitindex_entry *)b)->path);
}

/*
 * Puts back the index entries update_index() changed (`e`, with `old` the
 * entries it replaced or dropped), when the branch could not be moved:
 * the index then stages nothing of ours, as before. Says so when it
 * cannot.
 */
static void undo_index(struct repo *r, const struct gitindex_entry *e, size_t n,
		       const struct gitindex_entries *old)
{
	struct gitindex_entry *v = xcalloc(n + old->n + 1, sizeof(*v));
	size_t nv = 0, k = 0;

	for (size_t i = 0; i < old->n; i++)
		v[nv++] = old->v[i];
	for (size_t i = 0; i < n; i++) {
		int had = 0;

		for (size_t j = 0; j < old->n && !had; j++)
			had = !strcmp(old->v[j].path, e[i].path);
		if (!had) {
			memset(&v[nv], 0, sizeof(v[nv]));
			v[nv].path = e[i].path;
			v[nv++].remove = 1;
		}
	}
	qsort(v, nv, sizeof(*v), cmp_entry);
	for (size_t i = 0; i < nv; i++)
		if (!k || strcmp(v[k - 1].path, v[i].path))
			v[k++] = v[i];
	if (update_index(r, v, k, NULL) < 0)
		error("the index still stages what was to be committed; 'git status' shows it");
	free(v);
}

/*
 * Waits while another git process holds the index, before committing, so
 * that a commit is not made whose index update would then fail.
 */
static int wait_index_unlocked(struct repo *r)
{
	char *lock = xasprintf("%sindex.lock", r->gitdir);
	long long since = 0;
	struct stat st;
	int ret = 0;

	while (!lstat(lock, &st)) {
		if (!lock_wait(&since)) {
			ret = lock_error(r->gitdir, "index");
			break;
		}
	}
	free(lock);
	return ret;
}

/*
 * Whether the index is one a commit can update (README: "exit 4, nothing
 * changed"), checked before anything is written: gitindex.c or libgit2
 * must be able to write it back. 0, or -1 with a message saying how to
 * make it one.
 */
static int check_index(struct repo *r)
{
	char *path = xasprintf("%sindex", r->gitdir);
	unsigned char *img = NULL;
	struct gitindex_why why;
	size_t len = 0;
	int ret = gitindex_load(path, &img, &len);

	if (ret == GITINDEX_NOT_FOUND)
		ret = 0;
	else if (!ret && gitindex_check(img, len, r->prefix, &why) == GITINDEX_REFUSED)
		ret = index_refused(path, &why);
	else if (ret > 0)
		ret = 0;
	gitindex_unload(img, len);
	free(path);
	return ret;
}

/*
 * The git directory of the work tree holding `dir` (a ".git" folder, or
 * the one a ".git" file names), malloc'd with a trailing slash, or NULL.
 */
static char *find_gitdir(const char *dir)
{
	char *at = realpath(dir, NULL), *found = NULL;

	while (at && !found) {
		char *dotgit = xasprintf("%s/.git", strcmp(at, "/") ? at : "");
		struct stat st;
		char buf[4096], *slash;
		ssize_t n;
		int fd;

		if (!lstat(dotgit, &st) && S_ISDIR(st.st_mode)) {
			found = xasprintf("%s/", dotgit);
		} else if (!lstat(dotgit, &st) && S_ISREG(st.st_mode) &&
			   (fd = open(dotgit, O_RDONLY | O_CLOEXEC)) >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			buf[n > 0 ? n : 0] = '\0';
			if (!strncmp(buf, "gitdir: ", 8)) {
				buf[8 + strcspn(buf + 8, "\r\n")] = '\0';
				found = buf[8] == '/' ? xasprintf("%s/", buf + 8)
						      : xasprintf("%s/%s/", at, buf + 8);
			}
		}
		free(dotgit);
		if (found || !strcmp(at, "/"))
			break;
		slash = strrchr(at, '/');
		slash[slash == at ? 1 : 0] = '\0';
	}
	free(at);
	return found;
}

/* Appends the size, times and inode of `path` (or "-") to `b`. */
static void stamp_file(struct buf *b, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		buf_adds(b, "- ");
	else
		buf_printf(b, "%lld.%lld.%ld.%ld.%ld.%ld.%llu ", (long long)st.st_size,
			   (long long)st.st_ino, (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			   (long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec, (unsigned long long)st.st_dev);
}

/* Appends up to `max` bytes of `path` from `off` (from its end when negative) to `b`. */
static void stamp_bytes(struct buf *b, const char *path, long off, size_t max)
{
	char data[64];
	struct stat st;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd >= 0 && !fstat(fd, &st) && max <= sizeof(data) &&
	    (off >= 0 || st.st_size >= -off))
		n = pread(fd, data, max, off >= 0 ? off : st.st_size + off);
	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < n; i++)
		buf_printf(b, "%02x", (unsigned char)data[i]);
	buf_addc(b, ' ');
}

/*
 * What says that the index and HEAD are as they were: the index's
 * checksum and stat data, HEAD's and its branch's contents and stat data,
 * and packed-refs' stat data. A commit, checkout or index write changes
 * them (git and notebook replace each file by a rename).
 */
static void index_stamp(const char *gitdir, struct buf *b)
{
	char *path = xasprintf("%scommondir", gitdir), *common = NULL, head[512];
	ssize_t n;
	int fd;

	/* a linked work tree keeps its branches in the common directory */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		char dir[4096];

		n = read(fd, dir, sizeof(dir) - 1);
		close(fd);
		dir[n > 0 ? n : 0] = '\0';
		dir[strcspn(dir, "\r\n")] = '\0';
		if (dir[0])
			common = dir[0] == '/' ? xasprintf("%s/", dir) : xasprintf("%s%s/", gitdir, dir);
	}
	if (!common)
		common = xstrdup(gitdir);
	free(path);
	path = xasprintf("%sindex", gitdir);
	stamp_file(b, path);
	stamp_bytes(b, path, -GITINDEX_OID_LEN, GITINDEX_OID_LEN);
	free(path);
	path = xasprintf("%sHEAD", gitdir);
	stamp_file(b, path);
	n = -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, head, sizeof(head) - 1);
		close(fd);
	}
	free(path);
	head[n > 0 ? n : 0] = '\0';
	head[strcspn(head, "\r\n")] = '\0';
	buf_printf(b, "%s ", head);
	if (!strncmp(head, "ref: refs/", 10) && !strstr(head, "..")) {
		path = xasprintf("%s%s", common, head + 5);
		stamp_file(b, path);
		stamp_bytes(b, path, 0, 48);
		free(path);
	}
	path = xasprintf("%spacked-refs", common);
	stamp_file(b, path);
	free(path);
	free(common);
}

/*
 * Whether the stamp kept by the last check that found the index not
 * behind HEAD (index_stamp()) is the one of now, which goes to `now`.
 */
static int stamp_matches(const char *gitdir, struct buf *now)
{
	char *okpath = xasprintf("%snotebook-index-checked", gitdir), old[2048];
	ssize_t n = -1;
	int fd;

	buf_reset(now);
	index_stamp(gitdir, now);
	if ((fd = open(okpath, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, old, sizeof(old));
		close(fd);
	}
	free(okpath);
	return n >= 0 && (size_t)n == now->len && !memcmp(old, now->data, now->len);
}

/* Keeps the stamp: a hint only, written without fsync (a lost one costs a check). */
static void stamp_store(const char *gitdir, const struct buf *stamp)
{
	char *okpath = xasprintf("%snotebook-index-checked", gitdir);
	char *tmp = xasprintf("%s.%ld", okpath, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);

	if (fd >= 0) {
		if (write(fd, stamp->data, stamp->len) != (ssize_t)stamp->len || close(fd) < 0 ||
		    rename(tmp, okpath) < 0)
			unlink(tmp);
	}
	free(tmp);
	free(okpath);
}

/*
 * Finds and repairs an index that stages notebook files as an earlier
 * commit had them while HEAD and the work tree have them otherwise
 * (repo_index_behind()), so that the user's next plain `git commit` does
 * not undo them. Says what it repaired. With `try` (the read commands) it
 * never waits and never fails: when the writers' lock or the index is
 * held, or GIT_OPTIONAL_LOCKS=0 asks git commands not to write, it warns
 * instead. 0, or -1 with a message.
 */
static int repair(struct repo *r, int try)
{
	struct gitindex_entry *fix = NULL;
	size_t nfix = 0;
	const char *optional = getenv("GIT_OPTIONAL_LOCKS");
	char *ipath = NULL;
	struct gitindex_why why;
	int lockfd = -1, ret, err = 0;
	struct buf stamp = BUF_INIT;

	/* nothing changed since a check found the index not behind: no need to look */
	if (stamp_matches(r->gitdir, &stamp)) {
		r->clean = 1;
		buf_release(&stamp);
		return 0;
	}
	ret = repo_index_behind(r, &fix, &nfix, try);
	if (!ret && !nfix && r->compared) {
		r->clean = 1;
		stamp_store(r->gitdir, &stamp);
	}
	buf_release(&stamp);
	if (ret < 0 || !nfix)
		goto out;
	if (try && ((optional && !strcmp(optional, "0")) || access(r->gitdir, W_OK) < 0))
		goto warn;
	/* again under the writers' lock, so that no other writer is half-way */
	repo_index_behind_free(fix, nfix);
	fix = NULL;
	nfix = 0;
	if ((lockfd = try ? writer_trylock(r) : writer_lock(r)) < 0) {
		ret = try ? 0 : -1; /* a writer at work repairs it itself */
		goto out;
	}
	if ((ret = repo_index_behind(r, &fix, &nfix, try)) < 0 || !nfix)
		goto out;
	if (!try) {
		ret = update_index(r, fix, nfix, NULL);
		r->clean = !ret;
	} else {
		ipath = xasprintf("%sindex", r->gitdir);
		err = gitindex_update_file(ipath, fix, nfix, NULL, &why);
		if (err == GITINDEX_UNSUPPORTED)
			err = update_index_libgit2(r, fix, nfix, NULL);
		if (err)
			goto warn;
		r->clean = 1;
	}
	for (size_t i = 0; !ret && i < nfix; i++)
		warning("the index staged '%s' as it was before the last commit (a commit was "
			"interrupted); it is staged as committed now", fix[i].path + strlen(r->prefix));
	goto out;
warn:
	for (size_t i = 0; i < nfix; i++)
		warning("the index stages '%s' as it was before the last commit (a commit was "
			"interrupted), and 'git commit' would undo it; a writing command or 'notebook "
			"sync' stages it as committed", fix[i].path + strlen(r->prefix));
	ret = 0;
out:
	if (lockfd >= 0)
		close(lockfd);
	free(ipath);
	repo_index_behind_free(fix, nfix);
	return ret < 0 ? -1 : 0;
}

static int repair_index(struct repo *r)
{
	return repair(r, 0);
}

int repo_repair_index(struct repo *r)
{
	return repair(r, 0);
}

void repo_repair_index_at(const char *root)
{
	struct repo *r = NULL;
	struct buf stamp = BUF_INIT;
	char *gitdir = find_gitdir(root);

	/*
	 * Quietly nothing for a notebook outside git, or one repo_open()
	 * refuses; and libgit2 is not even started while the stamp says
	 * nothing changed since the last check.
	 */
	if (gitdir && !stamp_matches(gitdir, &stamp) && open_at(root, &r, 1) == 0)
		repair(r, 1);
	repo_free(r);
	buf_release(&stamp);
	free(gitdir);
}

static char *full_message(const char *msg)
{
	size_t n = strlen(msg);

	return xasprintf("%s%s", msg, n && msg[n - 1] == '\n' ? "" : "\n");
}

/* The message's first line, for the reflog. */
static char *subject_of(const char *msg)
{
	const char *nl = strchr(msg, '\n');

	return nl ? xstrndup(msg, (size_t)(nl - msg)) : xstrdup(msg);
}

/* One commit of updates, across its attempts (another writer may move the branch meanwhile). */
struct commit_job {
	struct repo *r;
	struct update *u;
	struct gitindex_entry *e;
	size_t n;
	struct gitindex_entries old; /* the index entries before update_index() */
	git_signature *author, *committer;
	char *refname, *message, *subject;
	int indexed;                 /* the index holds the updates */
	int races;                   /* times another writer moved the branch first */
	long long since;             /* lock_wait()'s clock */
};

enum { ATTEMPT_COMMITTED, ATTEMPT_UNCHANGED, ATTEMPT_AGAIN };

/*
 * One attempt: the tree of the branch's commit with the updates, a commit
 * of it, the index, then the branch moved. Returns ATTEMPT_COMMITTED,
 * ATTEMPT_UNCHANGED when the branch's tree already holds the updates,
 * ATTEMPT_AGAIN when the branch was locked or moved by another writer
 * (build on its commit), or -1 after a message.
 */
static int commit_attempt(struct commit_job *j)
{
	struct repo *r = j->r;
	git_reference *ref = NULL, *newref = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_oid tree_id, commit_id, parent_id;
	char *reflog = NULL;
	int err, born, ret = -1;

	err = git_reference_lookup(&ref, r->git, j->refname);
	if (err < 0 && err != GIT_ENOTFOUND) {
		git_fail("cannot read the branch");
		goto out;
	}
	born = !err;
	if (born) {
		if (git_reference_resolve(&newref, ref) < 0 ||
		    git_commit_lookup(&parent, r->git, git_reference_target(newref)) < 0) {
			git_fail("cannot read the branch's commit");
			goto out;
		}
		git_reference_free(newref);
		newref = NULL;
		git_oid_cpy(&parent_id, git_commit_id(parent));
		if (git_commit_tree(&base, parent) < 0) {
			git_fail("cannot read the branch's tree");
			goto out;
		}
		if (build_tree(r, base, j->u, j->n, &tree_id) < 0)
			goto out;
		if (git_oid_equal(&tree_id, git_tree_id(base))) {
			ret = ATTEMPT_UNCHANGED; /* the work tree already matches HEAD */
			goto out;
		}
	} else if (first_tree(r, j->u, j->n, &tree_id) < 0) {
		goto out;
	}
	if (git_tree_lookup(&tree, r->git, &tree_id) < 0 ||
	    git_commit_create(&commit_id, r->git, NULL, j->author, j->committer, NULL, j->message,
			      tree, born ? 1 : 0, (const git_commit **)&parent) < 0) {
		git_fail("cannot create the commit");
		goto out;
	}
	if (commit_stored(r, &commit_id) < 0)
		goto out;
	/*
	 * The index first, then the branch: a crash between the two leaves
	 * the paths staged as they are committed, which the next commit
	 * takes along, never staged as they were before (the other order
	 * left a new file staged for deletion). When the branch cannot be
	 * moved, the index is put back.
	 */
	if (!j->indexed) {
		if (update_index(r, j->e, j->n, &j->old) < 0)
			goto out;
		j->indexed = 1;
	}
	reflog = xasprintf("commit%s: %s", born ? "" : " (initial)", j->subject);
	git_error_clear();
	if (born)
		err = git_reference_create_matching(&newref, r->git, j->refname, &commit_id, 1,
						    &parent_id, reflog);
	else
		err = git_reference_create(&newref, r->git, j->refname, &commit_id, 0, reflog);
	if (!err) {
		ret = ATTEMPT_COMMITTED;
	} else if (err == GIT_ELOCKED) {
		if (lock_wait(&j->since))
			ret = ATTEMPT_AGAIN;
		else
			lock_error(git_repository_commondir(r->git), j->refname);
	} else if ((err == GIT_EMODIFIED || err == GIT_EEXISTS) && ++j->races < MAX_RACES) {
		/* another writer moved the branch first: build on its commit */
		j->since = 0;
		ret = ATTEMPT_AGAIN;
	} else {
		git_fail("cannot update the branch");
	}
out:
	free(reflog);
	git_reference_free(newref);
	git_reference_free(ref);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	return ret;
}

/* repo_commit_paths(), or repo_commit_data() when `data` is not NULL (n is 1). */
static int commit_updates(struct repo *r, char *const *paths, size_t n, const char *data,
			  size_t len, const char *msg)
{
	struct commit_job j = { r, NULL, NULL, n, { NULL, 0, 0 } };
	int ret = -1, lockfd = -1, a = ATTEMPT_AGAIN;

	j.u = xcalloc(n ? n : 1, sizeof(*j.u));
	j.e = xcalloc(n ? n : 1, sizeof(*j.e));
	j.message = full_message(msg);
	j.subject = subject_of(msg);
	j.u[0].data = data;
	j.u[0].len = len;
	if (check_no_operation(r) < 0 || head_branch(r, &j.refname) < 0 ||
	    repo_signatures(r->git, &j.author, &j.committer) < 0)
		goto out;
	/*
	 * repo_check_writable() checked the index before anything was written;
	 * should it have become one that cannot be written since, the index
	 * update below fails before the branch moves.
	 */
	if (prepare_updates(r, paths, n, j.u) < 0 || (lockfd = writer_lock(r)) < 0 ||
	    wait_index_unlocked(r) < 0)
		goto out;
	qsort(j.u, n, sizeof(*j.u), cmp_update);
	for (size_t i = 0; i < n; i++)
		to_gitindex(&j.u[i], &j.e[i]);
	while (a == ATTEMPT_AGAIN)
		if ((a = commit_attempt(&j)) < 0)
			goto out;
	if (!j.indexed && update_index(r, j.e, n, &j.old) < 0)
		goto out;
	j.indexed = 1;
	ret = a == ATTEMPT_COMMITTED ? 0 : 1;
	if (a == ATTEMPT_COMMITTED && r->clean) {
		/* the index was not behind, and the commit moved it along with the branch */
		struct buf stamp = BUF_INIT;

		index_stamp(r->gitdir, &stamp);
		stamp_store(r->gitdir, &stamp);
		buf_release(&stamp);
	}
out:
	if (ret < 0 && j.indexed)
		undo_index(r, j.e, n, &j.old);
	gitindex_entries_free(&j.old);
	for (size_t i = 0; i < n; i++)
		free(j.u[i].path);
	free(j.u);
	free(j.e);
	free(j.subject);
	free(j.message);
	free(j.refname);
	git_signature_free(j.author);
	git_signature_free(j.committer);
	if (lockfd >= 0)
		close(lockfd); /* releases the writers' lock */
	return ret;
}

int repo_commit_paths(struct repo *r, char *const *paths, size_t n, const char *msg)
{
	return commit_updates(r, paths, n, NULL, 0, msg);
}

int repo_commit_data(struct repo *r, const char *path, const char *data, size_t len,
		     const char *msg)
{
	char *paths[1];

	paths[0] = (char *)path;
	return commit_updates(r, paths, 1, data, len, msg);
}

/* HEAD's tree, or NULL (no error) on an unborn branch. */
static int head_tree(struct repo *r, git_tree **out)
{
	git_object *obj = NULL;
	int err;

	*out = NULL;
	err = git_revparse_single(&obj, r->git, "HEAD^{tree}");
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH)
		return 0;
	if (err < 0)
		return git_fail("cannot read HEAD");
	*out = (git_tree *)obj;
	return 0;
}

/* Whether the index marks `path` skip-worktree (libgit2's status does not heed it). */
static int skip_worktree(git_index *idx, const char *path)
{
	const git_index_entry *e = git_index_get_bypath(idx, path, 0);

	return e && (e->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE);
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct repo_change *)a)->path, ((const struct repo_change *)b)->path);
}

int repo_changes(struct repo *r, struct repo_change **v, size_t *n)
{
	struct core core;
	git_index *idx = NULL;
	git_status_options so = GIT_STATUS_OPTIONS_INIT;
	git_status_list *list = NULL;
	git_tree *head = NULL;
	struct repo_change *out = NULL;
	size_t nout = 0, alloc = 0, plen = strlen(r->prefix);
	int ret = -1;

	read_core(r, &core);
	if (head_tree(r, &head) < 0)
		return -1;
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, r->git, &so) < 0) {
		git_fail("cannot compare the work tree with HEAD");
		goto out;
	}
	if (git_repository_index(&idx, r->git) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *s = git_status_byindex(list, i);
		const git_diff_delta *d = s->index_to_workdir ? s->index_to_workdir : s->head_to_index;
		const char *path;
		git_tree_entry *te = NULL;
		struct stat st;
		char *full;
		int on_disk, in_head, same;

		if (!d)
			continue;
		path = d->new_file.path ? d->new_file.path : d->old_file.path;
		if (!repo_notebook_path(r, path))
			continue;
		if (skip_worktree(idx, path))
			continue; /* outside a sparse checkout: absent on purpose, as git status sees it */
		full = xasprintf("%s%s", r->workdir, path);
		on_disk = !lstat(full, &st);
		free(full);
		in_head = head && !git_tree_entry_bypath(&te, head, path);
		same = !on_disk && !in_head;
		if (on_disk && in_head) {
			git_oid id;
			same = !git_repository_hashfile(&id, r->git, path, GIT_OBJECT_BLOB, NULL) &&
			       git_oid_equal(&id, git_tree_entry_id(te));
			/* a mode changed is a change, where the executable bit is trusted */
			if (same && core.filemode && S_ISREG(st.st_mode) &&
			    git_tree_entry_filemode(te) !=
				    ((st.st_mode & 0100) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB))
				same = 0;
		}
		git_tree_entry_free(te);
		ALLOC_GROW(out, nout + 1, alloc);
		out[nout].path = xstrdup(path + plen);
		out[nout].status = same ? '=' : !in_head ? 'A' : !on_disk ? 'D' : 'M';
		nout++;
	}
	git_error_clear();
	if (nout)
		qsort(out, nout, sizeof(*out), cmp_change);
	*v = out;
	*n = nout;
	out = NULL;
	ret = 0;
out:
	repo_changes_free(out, nout);
	git_index_free(idx);
	git_status_list_free(list);
	git_tree_free(head);
	return ret;
}

void repo_changes_free(struct repo_change *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].path);
	free(v);
}

char *repo_blob_copy(const git_blob *blob, size_t *len)
{
	size_t n = (size_t)git_blob_rawsize(blob);
	char *p = xmalloc(n + 1);

	memcpy(p, git_blob_rawcontent(blob), n);
	p[n] = '\0';
	*len = n;
	return p;
}

int repo_head_file(struct repo *r, const char *path, char **data, size_t *len)
{
	git_tree *head = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	char *full = xasprintf("%s%s", r->prefix, path);
	int ret = -1;

	if (head_tree(r, &head) < 0)
		goto out;
	if (!head || git_tree_entry_bypath(&te, head, full) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		git_error_clear();
		ret = 1;
		goto out;
	}
	if (git_blob_lookup(&blob, r->git, git_tree_entry_id(te)) < 0) {
		git_fail("cannot read a file from HEAD");
		goto out;
	}
	*data = repo_blob_copy(blob, len);
	ret = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(head);
	free(full);
	return ret;
}

char *repo_git_path(struct repo *r, const char *name)
{
	/* The common one: a linked work tree's own folder goes with `git worktree remove`. */
	return xasprintf("%s%s", git_repository_commondir(r->git), name);
}

int repo_hooks_dir(struct repo *r, char **dir)
{
	git_config *cfg = NULL;
	git_buf hp = GIT_BUF_INIT;

	if (git_repository_config_snapshot(&cfg, r->git) < 0)
		return git_fail("cannot read the repository's configuration");
	if (!git_config_get_string_buf(&hp, cfg, "core.hooksPath") && hp.size) {
		if (hp.ptr[0] == '/')
			*dir = xstrdup(hp.ptr);
		else
			*dir = xasprintf("%s%s", r->workdir, hp.ptr);
	} else {
		*dir = xasprintf("%shooks", git_repository_commondir(r->git));
	}
	git_error_clear();
	git_buf_dispose(&hp);
	git_config_free(cfg);
	return 0;
}

int repo_staged_files(const char *root, struct file_data **files, size_t *n)
{
	struct repo *r = NULL;
	git_index *idx = NULL;
	struct file_data *v = NULL;
	size_t nv = 0, alloc = 0, plen;
	int ret = -1;

	if (repo_open(root, &r) < 0)
		return -1;
	plen = strlen(r->prefix);
	/* git commit -a and git commit PATH hand their hooks a temporary index */
	if (getenv("GIT_INDEX_FILE") && *getenv("GIT_INDEX_FILE")) {
		if (git_index_open(&idx, getenv("GIT_INDEX_FILE")) < 0) {
			git_fail("cannot read the index");
			goto out;
		}
	} else if (git_repository_index(&idx, r->git) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	for (size_t i = 0; i < git_index_entrycount(idx); i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		git_blob *blob = NULL;

		if (GIT_INDEX_ENTRY_STAGE(e) != 0 || !repo_notebook_path(r, e->path))
			continue;
		if (git_blob_lookup(&blob, r->git, &e->id) < 0) {
			git_fail("cannot read a staged file");
			goto out;
		}
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv].path = xstrdup(e->path + plen);
		v[nv].data = repo_blob_copy(blob, &v[nv].len);
		nv++;
		git_blob_free(blob);
	}
	*files = v;
	*n = nv;
	v = NULL;
	ret = 0;
out:
	repo_files_free(v, nv);
	git_index_free(idx);
	repo_free(r);
	return ret;
}

int repo_stage_paths(git_repository *git, const char *prefix, char *const *paths, size_t n)
{
	git_index *idx = NULL;
	int ret = -1;

	if (git_repository_index(&idx, git) < 0 || git_index_read(idx, 1) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf("%s%s", prefix, paths[i]);
		char *full = xasprintf("%s%s", git_repository_workdir(git), rel);
		struct stat st;
		int gone = lstat(full, &st) < 0 && errno == ENOENT, err;

		err = gone ? git_index_remove_bypath(idx, rel) : git_index_add_bypath(idx, rel);
		free(full);
		free(rel);
		if (err < 0) {
			git_fail("cannot stage a file");
			goto out;
		}
	}
	if (git_index_write(idx) < 0) {
		git_fail("cannot write the index");
		goto out;
	}
	ret = 0;
out:
	git_index_free(idx);
	return ret;
}

void repo_files_free(struct file_data *files, size_t n)
{
	for (size_t i = 0; files && i < n; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
}

char *repo_user_editor(void)
{
	return repo_user_config("core.editor");
}

char *repo_user_config(const char *key)
{
	git_config *cfg = NULL;
	git_buf path = GIT_BUF_INIT, val = GIT_BUF_INIT;
	const char *global = getenv("GIT_CONFIG_GLOBAL");
	char *ret = NULL;

	lib_init();
	if (git_config_new(&cfg) < 0)
		goto out;
	if (!git_config_find_xdg(&path))
		git_config_add_file_ondisk(cfg, path.ptr, GIT_CONFIG_LEVEL_XDG, NULL, 0);
	git_buf_dispose(&path);
	if (global && *global)
		git_config_add_file_ondisk(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	else if (!git_config_find_global(&path))
		git_config_add_file_ondisk(cfg, path.ptr, GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	if (!git_config_get_string_buf(&val, cfg, key) && val.size)
		ret = xstrdup(val.ptr);
out:
	git_error_clear();
	git_buf_dispose(&path);
	git_buf_dispose(&val);
	git_config_free(cfg);
	return ret;
}

/* The repository's own configuration file as a config of its own, or NULL (nothing said). */
static git_config *local_config(const char *root, git_repository **git)
{
	git_config *all = NULL, *local = NULL;

	lib_init();
	*git = NULL;
	if (git_repository_open_ext(git, root, 0, NULL) < 0 ||
	    git_repository_config(&all, *git) < 0 ||
	    git_config_open_level(&local, all, GIT_CONFIG_LEVEL_LOCAL) < 0)
		local = NULL;
	git_config_free(all);
	return local;
}

/* Whether `word` (lower case) is in the `n` bytes at `s`, in any case. */
static int has_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (!strncasecmp(s + i, word, w))
			return 1;
	return 0;
}

/*
 * A quick "unset" for repo_local_config(), without libgit2 (which costs
 * more than a whole warm status of a small notebook): `root` has a .git
 * folder of its own whose config file names neither the key's last part
 * nor an include. 0 when it cannot say.
 */
static int surely_unset(const char *root, const char *key)
{
	char *path = xasprintf("%s/.git/config", root);
	const char *name = strrchr(key, '.');
	struct buf b = BUF_INIT;
	int ret = 0;

	if (fs_read_at(AT_FDCWD, path, 1u << 20, FS_SAFE, &b, NULL, NULL) == FS_READ_OK)
		ret = !has_word(b.data, b.len, name ? name + 1 : key) &&
		      !has_word(b.data, b.len, "include");
	buf_release(&b);
	free(path);
	return ret;
}

char *repo_local_config(const char *root, const char *key)
{
	git_repository *git;
	git_config *cfg;
	git_buf val = GIT_BUF_INIT;
	char *ret = NULL;

	if (surely_unset(root, key))
		return NULL;
	cfg = local_config(root, &git);
	if (cfg && !git_config_get_string_buf(&val, cfg, key))
		ret = xstrdup(val.ptr);
	git_error_clear();
	git_buf_dispose(&val);
	git_config_free(cfg);
	git_repository_free(git);
	return ret;
}

int repo_set_local_config(const char *root, const char *key, const char *value)
{
	git_repository *git;
	git_config *cfg = local_config(root, &git);
	int ret = -1, rc;

	if (!cfg) {
		git_fail("cannot open the repository's config");
		goto out;
	}
	rc = value ? git_config_set_string(cfg, key, value) : git_config_delete_entry(cfg, key);
	if (rc < 0 && !(rc == GIT_ENOTFOUND && !value))
		git_fail("cannot write the repository's config");
	else
		ret = 0;
out:
	git_error_clear();
	git_config_free(cfg);
	git_repository_free(git);
	return ret;
}

/* The git directory named by a ".git" file ("gitdir: …"), malloc'd, or NULL. */
static char *gitdir_from_file(const char *root)
{
	struct buf b = BUF_INIT;
	char *path = xasprintf("%s/.git", root), *dir = NULL, *s, *end;

	if (fs_read_at(AT_FDCWD, path, 4096, FS_SAFE, &b, NULL, NULL) != FS_READ_OK)
		goto out;
	s = b.data;
	if (!s || strncmp(s, "gitdir:", 7))
		goto out;
	s += 7;
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strcspn(s, "\r\n");
	*end = '\0';
	if (!*s)
		goto out;
	dir = *s == '/' ? xstrdup(s) : xasprintf("%s/%s", root, s);
out:
	buf_release(&b);
	free(path);
	return dir;
}

char *repo_git_dir_at(const char *root)
{
	char *path = xasprintf("%s/.git", root), *gitdir = NULL;
	struct stat st;

	if (!lstat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			gitdir = xstrdup(path);
		else if (S_ISREG(st.st_mode))
			gitdir = gitdir_from_file(root);
		if (gitdir && (stat(gitdir, &st) < 0 || !S_ISDIR(st.st_mode))) {
			free(gitdir);
			gitdir = NULL;
		}
	}
	free(path);
	return gitdir;
}
