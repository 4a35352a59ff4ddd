#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

/* The directory part of `path` ("." when it has none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int fs_sync_parent(const char *path)
{
	char *dir = dir_of(path);
	int fd, ret = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = error("cannot open '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (fsync(fd) < 0 && errno != EINVAL)
		ret = error("cannot sync '%s': %s", dir, strerror(errno));
	close(fd);
out:
	free(dir);
	return ret;
}

int fs_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Whether `name` is one of our temporary files: the prefix and mkstemp's six characters. */
static int is_temp_name(const char *name)
{
	size_t n = strlen(FS_TMP_PREFIX);

	if (strncmp(name, FS_TMP_PREFIX, n) || strlen(name + n) != 6)
		return 0;
	for (const char *p = name + n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/*
 * Removes the temporary files a killed writer left in `dir`. Only ours:
 * named as write_temp() names them, regular files of this user. Only stale
 * ones: a writer holds a lock on its temporary file from just after making
 * it until it is in place, so a file nobody holds a lock on, and older
 * than FS_TMP_STALE_SEC (past the moment between making and locking), is
 * one whose writer died. Nothing here is an error: a file that cannot be
 * looked at is left alone.
 */
void fs_remove_stale_temps(const char *dir)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	time_t now = time(NULL);
	DIR *dh = dfd < 0 ? NULL : fdopendir(dfd);
	struct dirent *de;

	if (!dh) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(dh))) {
		struct stat st;
		int fd;

		if (!is_temp_name(de->d_name))
			continue;
		fd = openat(dfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    st.st_mtime + FS_TMP_STALE_SEC <= now && !flock(fd, LOCK_EX | LOCK_NB))
			unlinkat(dfd, de->d_name, 0);
		close(fd);
	}
	closedir(dh);
}

/*
 * Writes `data` to a new temporary file beside `path` and fsyncs it. On
 * success *tmp is its malloc'd name and *fdp its descriptor, open and
 * locked (fs_remove_stale_temps() leaves it alone) until the caller has put
 * it in place and closes it.
 */
static int write_temp(const char *path, const char *data, size_t len, unsigned mode, char **tmp,
		      int *fdp)
{
	char *dir = dir_of(path);
	char *name = xasprintf("%s/" FS_TMP_PREFIX "XXXXXX", dir);
	int fd, ret = -1;

	fs_remove_stale_temps(dir);
	fd = mkstemp(name);
	if (fd < 0) {
		error("cannot create a file in '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX) < 0 || fchmod(fd, (mode_t)mode) < 0 ||
	    fs_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		error("cannot write '%s': %s", name, strerror(errno));
		unlink(name);
		close(fd);
		goto out;
	}
	*tmp = name;
	*fdp = fd;
	name = NULL;
	ret = 0;
out:
	free(name);
	free(dir);
	return ret;
}

/*
 * Closes the temporary file once it is in place as `name`, then syncs the
 * folder that holds it; a failed close is reported. 0 or -1.
 */
static int close_temp(int fd, const char *name)
{
	if (close(fd) < 0)
		return error("cannot write '%s': %s", name, strerror(errno));
	return fs_sync_parent(name);
}

int fs_write_atomic(const char *path, const char *data, size_t len)
{
	return fs_write_atomic_mode(path, data, len, 0644);
}

int fs_write_atomic_mode(const char *path, const char *data, size_t len, unsigned mode)
{
	char *tmp = NULL;
	int fd = -1, ret = -1;

	if (write_temp(path, data, len, mode, &tmp, &fd) < 0)
		goto out;
	if (rename(tmp, path) < 0) {
		error("cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp);
		close(fd);
		goto out;
	}
	ret = close_temp(fd, path);
out:
	free(tmp);
	return ret;
}

int fs_create_exclusive(const char *path, const char *data, size_t len)
{
	char *tmp = NULL;
	int fd = -1, ret = -1;

	if (write_temp(path, data, len, 0644, &tmp, &fd) < 0)
		goto out;
	if (link(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		close(fd);
		if (e == EEXIST) {
			ret = 1;
			goto out;
		}
		error("cannot create '%s': %s", path, strerror(e));
		goto out;
	}
	unlink(tmp);
	ret = close_temp(fd, path);
out:
	free(tmp);
	return ret;
}

int fs_read_at(int dirfd, const char *name, size_t max, unsigned flags, struct buf *out,
	       struct stat *stp, int *errnum)
{
	int oflags = O_RDONLY | O_CLOEXEC | O_NOCTTY, fd, ret = FS_READ_OK, e_;
	size_t len0 = out->len;
	struct stat st;

	if (!errnum)
		errnum = &e_;
	*errnum = 0;
	if (flags & FS_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	if (flags & FS_REGULAR)
		oflags |= O_NONBLOCK; /* a FIFO opens without a writer, to be refused unread */
	fd = openat(dirfd, name, oflags);
	if (fd < 0) {
		*errnum = errno;
		return (flags & FS_NOFOLLOW) && errno == ELOOP ? FS_READ_SYMLINK : FS_READ_OPEN;
	}
	if (fstat(fd, &st) < 0) {
		*errnum = errno;
		ret = FS_READ_STAT;
		goto out;
	}
	if (stp)
		*stp = st;
	if ((flags & FS_REGULAR) && !S_ISREG(st.st_mode)) {
		ret = FS_READ_IRREGULAR;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		ret = FS_READ_TOO_BIG;
		goto out;
	}
	if (S_ISREG(st.st_mode))
		buf_grow(out, (size_t)st.st_size + 1);
	for (;;) {
		ssize_t r;

		buf_grow(out, 65536);
		r = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*errnum = errno;
			ret = FS_READ_IO;
			goto out;
		}
		if (!r)
			break;
		out->len += (size_t)r;
		out->data[out->len] = '\0';
		if (out->len - len0 > max) {
			ret = FS_READ_GREW;
			goto out;
		}
		/*
		 * All the bytes the stat data promised: done, without the read
		 * that would return 0 (one system call per file of a notebook).
		 * What is appended after the stat is the next read's.
		 */
		if (S_ISREG(st.st_mode) && st.st_size > 0 && out->len - len0 == (size_t)st.st_size)
			break;
	}
out:
	close(fd);
	if (ret != FS_READ_OK) {
		out->len = len0;
		if (out->data)
			out->data[len0] = '\0';
	}
	return ret;
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	int e, ret;

	ret = fs_read_at(AT_FDCWD, path, max, FS_SAFE, &b, NULL, &e);
	switch (ret) {
	case FS_READ_OK:
		*len = b.len;
		*data = buf_detach(&b);
		return 0;
	case FS_READ_SYMLINK:
		error("'%s' is a symlink; notebook files must be regular files", path);
		break;
	case FS_READ_OPEN:
		error("cannot open '%s': %s", path, strerror(e));
		break;
	case FS_READ_STAT:
	case FS_READ_IRREGULAR:
		error("'%s' is not a regular file", path);
		break;
	case FS_READ_TOO_BIG:
	case FS_READ_GREW:
		error("'%s' is larger than %zu bytes", path, max);
		break;
	default:
		error("cannot read '%s': %s", path, strerror(e));
		break;
	}
	buf_release(&b);
	errno = e;
	return -1;
}

int fs_mkdirs(const char *base, const char *rel)
{
	struct buf path = BUF_INIT;
	const char *p = rel;
	int ret = -1;

	buf_adds(&path, base);
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		struct stat st;

		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n + (end ? 1 : 0);
			continue;
		}
		buf_addc(&path, '/');
		buf_add(&path, p, n);
		if (lstat(path.data, &st) == 0) {
			if (S_ISLNK(st.st_mode)) {
				error("'%s' is a symlink; notebook directories must be real directories", path.data);
				goto out;
			}
			if (!S_ISDIR(st.st_mode)) {
				error("'%s' is not a directory", path.data);
				goto out;
			}
		} else if (errno != ENOENT) {
			error("cannot read '%s': %s", path.data, strerror(errno));
			goto out;
		} else if (mkdir(path.data, 0777) < 0 && errno != EEXIST) {
			error("cannot create '%s': %s", path.data, strerror(errno));
			goto out;
		} else if (fs_sync_parent(path.data) < 0) {
			goto out;
		}
		p += n + (end ? 1 : 0);
	}
	ret = 0;
out:
	buf_release(&path);
	return ret;
}

char *fs_real_nearest(const char *path)
{
	char *p = xstrdup(path), *real = NULL;

	for (;;) {
		char *slash;

		if ((real = realpath(p, NULL)) || errno != ENOENT)
			break;
		slash = strrchr(p, '/');
		while (slash && slash > p && slash[-1] == '/')
			slash--;
		if (!slash) {
			strcpy(p, ".");
			continue;
		}
		slash[slash == p] = '\0';
	}
	if (!real)
		error("cannot resolve '%s': %s", p, strerror(errno));
	free(p);
	return real;
}

void fs_cursor_release(struct fs_cursor *cur)
{
	if (cur->dirfd >= 0)
		close(cur->dirfd);
	free(cur->dir);
	cur->dirfd = -1;
	cur->dir = NULL;
	cur->len = 0;
}

int fs_cursor_dir(struct fs_cursor *cur, int rootfd, const char *relpath,
		  const char **name)
{
	const char *slash = strrchr(relpath, '/');
	size_t len = slash ? (size_t)(slash - relpath) : 0;

	*name = slash ? slash + 1 : relpath;
	if (!slash)
		return rootfd;
	if (cur->dirfd < 0 || cur->len != len || memcmp(cur->dir, relpath, len)) {
		fs_cursor_release(cur);
		cur->dir = xstrndup(relpath, len);
		cur->len = len;
		cur->dirfd = openat(rootfd, cur->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	return cur->dirfd;
}
