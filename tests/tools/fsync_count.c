/*
 * An LD_PRELOAD shim for the durability test: every fsync, fdatasync,
 * sync_file_range, syncfs and sync of the process is passed on and
 * recorded as one line "CALL PATH" (the file descriptor's path, read from
 * /proc/self/fd) appended to the file named by $FSYNC_COUNT_LOG. Without
 * that variable nothing is recorded.
 *
 * Built as a shared object (make $(BUILD)/tools/fsync_count.so), never
 * linked into the program under test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void record(const char *call, int fd)
{
	const char *log = getenv("FSYNC_COUNT_LOG");
	char link[64], path[4096], line[4200];
	ssize_t n;
	int out, saved = errno;

	if (!log || !*log)
		return;
	if (fd >= 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, path, sizeof(path) - 1);
		if (n < 0)
			n = 0;
		path[n] = '\0';
	} else {
		strcpy(path, "-");
	}
	n = snprintf(line, sizeof(line), "%s %s\n", call, path);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = (ssize_t)sizeof(line) - 1;
	/* one write of one line with O_APPEND: lines of threads never mix */
	out = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (out >= 0) {
		if (write(out, line, (size_t)n) < 0)
			; /* a lost line makes the test fail, which is what it should do */
		close(out);
	}
	errno = saved;
}

#define NEXT(type, name, args) \
	static type (*next) args; \
	if (!next) \
		*(void **)&next = dlsym(RTLD_NEXT, name)

int fsync(int fd)
{
	NEXT(int, "fsync", (int));
	record("fsync", fd);
	return next ? next(fd) : -1;
}

int fdatasync(int fd)
{
	NEXT(int, "fdatasync", (int));
	record("fdatasync", fd);
	return next ? next(fd) : -1;
}

int sync_file_range(int fd, off_t offset, off_t nbytes, unsigned int flags)
{
	NEXT(int, "sync_file_range", (int, off_t, off_t, unsigned int));
	record("sync_file_range", fd);
	return next ? next(fd, offset, nbytes, flags) : -1;
}

int syncfs(int fd)
{
	NEXT(int, "syncfs", (int));
	record("syncfs", fd);
	return next ? next(fd) : -1;
}

void sync(void)
{
	NEXT(void, "sync", (void));
	record("sync", -1);
	if (next)
		next();
}
