/*
 * bench/readall: the floor. Reads every file of a notebook once, in one
 * thread: notebook.yaml, then clients/ and journal/ walked recursively with
 * opendir/readdir; each regular file opened, read to its end and closed.
 * Nothing is parsed. Prints how many files and bytes it read.
 *
 *   readall DIR
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tally {
	unsigned long files;
	unsigned long long bytes;
	unsigned char sum; /* touches the bytes so the reads cannot be skipped */
};

static char buf[1 << 16];

static int read_file(const char *path, struct tally *t)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "readall: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "readall: cannot read '%s': %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		t->bytes += (unsigned long long)n;
		t->sum ^= (unsigned char)buf[n - 1];
	}
	close(fd);
	t->files++;
	return 0;
}

/* Walks `path` (a buffer of `cap` bytes holding a directory's path). */
static int walk(char *path, size_t cap, struct tally *t)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	size_t len = strlen(path);
	int ret = 0;

	if (!dir) {
		fprintf(stderr, "readall: cannot open directory '%s': %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		unsigned char type = de->d_type;
		size_t nl = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (len + 1 + nl + 1 > cap) {
			fprintf(stderr, "readall: path too long under '%s'\n", path);
			ret = -1;
			continue;
		}
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, nl + 1);
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (lstat(path, &st) == 0)
				type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR) {
			if (walk(path, cap, t) < 0)
				ret = -1;
		} else if (type == DT_REG) {
			if (read_file(path, t) < 0)
				ret = -1;
		}
		path[len] = '\0';
	}
	closedir(dir);
	return ret;
}

int main(int argc, char **argv)
{
	static char path[4096];
	struct tally t = { 0 };
	static const char *const parts[] = { "clients", "journal" };
	int ret = 0;

	if (argc != 2) {
		fputs("usage: readall DIR\n", stderr);
		return 2;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/notebook.yaml", argv[1]) >= sizeof(path) ||
	    read_file(path, &t) < 0)
		ret = 1;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[1], parts[i]);
		if (walk(path, sizeof(path), &t) < 0)
			ret = 1;
	}
	printf("files %lu bytes %llu check %u\n", t.files, t.bytes, t.sum);
	return ret;
}
