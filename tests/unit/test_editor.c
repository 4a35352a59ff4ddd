/* Unit tests: where editor_keep() puts a text nobody may lose. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "editor.h"
#include "fsutil.h"
#include "tap.h"
#include "util.h"

/* The file's contents, malloc'd ("" when it cannot be read). */
static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;

	if (!path || fs_read_file(path, 1u << 20, &data, &len) < 0)
		return xstrdup("");
	return data;
}

int main(void)
{
	char base[] = "/tmp/notebook-unit-XXXXXX";
	struct buf text = BUF_INIT;
	struct stat st;
	char *dir, *tmp, *file, *p, *got, *errpath, *want, *gitdir, *bad, *rm;
	int saved, fd, ret;

	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 1;
	}
	dir = xasprintf("%s/git/notebook/recovered", base);
	tmp = xasprintf("%s/tmp", base);
	file = xasprintf("%s/file", base);
	gitdir = xasprintf("%s/git", base);
	mkdir(gitdir, 0700);
	mkdir(tmp, 0700);
	setenv("TMPDIR", tmp, 1);
	buf_adds(&text, "---\nclient: acme-corp\nkind: lunch\n---\nA note.\n");

	p = editor_keep(dir, "2026-11-20-acme-corp-call.md", &text);
	want = xasprintf("%s/2026-11-20-acme-corp-call.md", dir);
	is_str(p, want, "kept under the folder, made with its parent");
	free(want);
	got = slurp(p);
	is_str(got, buf_str(&text), "the text as it was");
	ok(p && !stat(p, &st) && (st.st_mode & 0777) == 0600, "readable by its owner only");
	free(got);
	free(p);
	p = editor_keep(dir, "2026-11-20-acme-corp-call.md", &text);
	want = xasprintf("%s/2026-11-20-acme-corp-call-2.md", dir);
	is_str(p, want, "a taken name gets -2 before the extension");
	free(want);
	free(p);

	/* A folder that cannot be made: the temporary directory instead. */
	fd = open(file, O_WRONLY | O_CREAT, 0600);
	close(fd);
	saved = dup(2);
	errpath = xasprintf("%s/stderr", base);
	if (!freopen(errpath, "w", stderr))
		return 1;
	bad = xasprintf("%s/recovered", file);
	p = editor_keep(bad, "acme-corp.md", &text);
	ok(p && !strncmp(p, tmp, strlen(tmp)) && strstr(p, "-acme-corp.md"),
	   "then in $TMPDIR, under a name that says what it is");
	got = slurp(p);
	is_str(got, buf_str(&text), "the text as it was, there too");
	free(got);
	free(p);

	/* Nowhere at all: printed, each line escaped, nothing returned. */
	setenv("TMPDIR", file, 1);
	buf_reset(&text);
	buf_adds(&text, "A note \033[31min red\nsecond line\n");
	p = editor_keep(NULL, "acme-corp.md", &text);
	fflush(stderr);
	dup2(saved, 2);
	ok(p == NULL, "nowhere to write: NULL");
	got = slurp(errpath);
	ok(strstr(got, "notebook: here is the text, to copy before it is gone:\n"
		       "A note \\e[31min red\nsecond line\n") != NULL,
	   "the text is printed, line by line, escaped");
	free(got);

	buf_release(&text);
	rm = xasprintf("rm -rf '%s'", base);
	ret = system(rm);
	ok(ret == 0, "the test's folder is removed");
	free(rm);
	free(bad);
	free(gitdir);
	free(errpath);
	free(file);
	free(tmp);
	free(dir);
	return done_testing();
}
