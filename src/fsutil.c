#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static int write_all(int fd, const char *data, size_t len)
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

/*
 * Writes `data` to a new temporary file beside `path` and fsyncs it. On
 * success *tmp is its malloc'd name.
 */
static int write_temp(const char *path, const char *data, size_t len, unsigned mode, char **tmp)
{
	char *dir = dir_of(path);
	char *name = xasprintf("%s/" FS_TMP_PREFIX "XXXXXX", dir);
	int fd, ret = -1;

	fd = mkstemp(name);
	if (fd < 0) {
		error("cannot create a file in '%s': %s", dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		error("cannot write '%s': %s", name, strerror(errno));
		close(fd);
		unlink(name);
		goto out;
	}
	if (close(fd) < 0) {
		error("cannot write '%s': %s", name, strerror(errno));
		unlink(name);
		goto out;
	}
	*tmp = name;
	name = NULL;
	ret = 0;
out:
	free(name);
	free(dir);
	return ret;
}

int fs_write_atomic(const char *path, const char *data, size_t len)
{
	return fs_write_atomic_mode(path, data, len, 0644);
}

int fs_write_atomic_mode(const char *path, const char *data, size_t len, unsigned mode)
{
	char *tmp = NULL;
	int ret = -1;

	if (write_temp(path, data, len, mode, &tmp) < 0)
		goto out;
	if (rename(tmp, path) < 0) {
		error("cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = fs_sync_parent(path);
out:
	free(tmp);
	return ret;
}

int fs_create_exclusive(const char *path, const char *data, size_t len)
{
	char *tmp = NULL;
	int ret = -1;

	if (write_temp(path, data, len, 0644, &tmp) < 0)
		goto out;
	if (link(tmp, path) < 0) {
		int e = errno;
		unlink(tmp);
		if (e == EEXIST) {
			ret = 1;
			goto out;
		}
		error("cannot create '%s': %s", path, strerror(e));
		goto out;
	}
	unlink(tmp);
	ret = fs_sync_parent(path);
out:
	free(tmp);
	return ret;
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	struct stat st;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP)
			error("'%s' is a symlink; notebook files must be regular files", path);
		else
			error("cannot open '%s': %s", path, strerror(e));
		errno = e;
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		error("'%s' is not a regular file", path);
		goto out;
	}
	if ((size_t)st.st_size > max) {
		error("'%s' is larger than %zu bytes", path, max);
		goto out;
	}
	for (;;) {
		ssize_t n;
		buf_grow(&b, 8192);
		n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error("cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		b.data[b.len] = '\0';
		if (b.len > max) {
			error("'%s' is larger than %zu bytes", path, max);
			goto out;
		}
	}
	*len = b.len;
	*data = buf_detach(&b);
	ret = 0;
out:
	buf_release(&b);
	close(fd);
	return ret;
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
