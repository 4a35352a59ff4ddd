#include "editor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "text.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"

char *editor_command(void)
{
	const char *e = getenv("VISUAL");
	char *cfg;

	if (!e || !*e)
		e = getenv("EDITOR");
	if (e && *e)
		return xstrdup(e);
	cfg = repo_user_editor();
	return cfg ? cfg : xstrdup("vi");
}

/* Runs `editor` on `path` through the shell, as git does, and waits. */
static int run_editor(const char *editor, const char *path)
{
	struct sigaction ign, old_int, old_quit;
	char *script = xasprintf("%s \"$@\"", editor);
	pid_t pid;
	int status, ret = -1;

	fflush(NULL);
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid < 0) {
		error("cannot start the editor: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
		fprintf_escaped(stderr, "notebook: cannot run the editor '%s': %s\n", editor, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			error("cannot wait for the editor: %s", strerror(errno));
			goto out;
		}
	}
	if (WIFSIGNALED(status))
		error("the editor '%s' died of signal %d", editor, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		error("the editor '%s' exited with status %d", editor, WEXITSTATUS(status));
	else
		ret = 0;
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(script);
	return ret;
}

/* Replaces the contents of the temporary file `path` with `text`. 0, or -1 with a message. */
static int write_temp(const char *path, const struct buf *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(buf_str(text), 1, text->len, f) != text->len || fclose(f)) {
		error("cannot write '%s': %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* A private temporary file whose name ends in `suffix`, holding `text`; malloc'd, or NULL. */
static char *make_temp(const struct buf *text, const char *suffix)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path;
	int fd;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	path = xasprintf("%s/notebook-XXXXXX%s", tmpdir, suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		error("cannot create a temporary file in '%s': %s", tmpdir, strerror(errno));
		free(path);
		return NULL;
	}
	close(fd);
	if (write_temp(path, text) < 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

/*
 * Runs the editor on `path` (which holds `text`) and reads the result back
 * into `text`. When the editor fails after changing the file, the file is
 * left where it is and its name said, so nothing typed is lost; *kept is
 * then set.
 */
static int edit_file(const char *path, struct buf *text, int *kept)
{
	char *editor = editor_command(), *data = NULL;
	size_t len;
	int ret = -1, failed;

	failed = run_editor(editor, path) < 0;
	if (fs_read_file(path, 64u << 20, &data, &len) < 0)
		goto out;
	if (failed) {
		if (len != text->len || memcmp(data, buf_str(text), len)) {
			fprintf_escaped(stderr, "notebook: what the editor wrote is kept in '%s'\n", path);
			*kept = 1;
		}
		goto out;
	}
	buf_reset(text);
	buf_add(text, data, len);
	ret = 0;
out:
	free(data);
	free(editor);
	return ret;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * Asks what to do about an invalid file, on the terminal: 'e' edit again,
 * 'q' quit. End of input or an interrupt (^C) is a quit too, so the caller
 * still keeps the text. Without a terminal on stdin nobody can answer: 0.
 */
static int ask_again(void)
{
	struct sigaction sa, old;
	char line[64];
	int ret = 0;

	if (!isatty(STDIN_FILENO)) {
		fputs("notebook: no terminal to ask on whether to edit again\n", stderr);
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt; /* no SA_RESTART: the read returns */
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old);
	for (;;) {
		fputs("(e)dit again, (q)uit without saving? ", stderr);
		fflush(stderr);
		if (!fgets(line, sizeof(line), stdin) || interrupted) {
			fputc('\n', stderr);
			break;
		}
		if (line[0] == 'e' || line[0] == 'E') {
			ret = 1;
			break;
		}
		if (line[0] == 'q' || line[0] == 'Q')
			break;
	}
	sigaction(SIGINT, &old, NULL);
	clearerr(stdin);
	return ret;
}

int editor_edit_until_valid(struct buf *text, const char *suffix,
			    int (*check)(struct buf *text, void *arg), void *arg)
{
	char *path = make_temp(text, suffix);
	int kept = 0, ret = -1;

	if (!path)
		return -1;
	for (int round = 1;; round++) {
		if (edit_file(path, text, &kept) < 0) {
			/* After an edit again, `text` holds the last round's text: keep it. */
			if (round > 1 && !kept)
				ret = 2;
			break;
		}
		ret = check(text, arg);
		if (ret >= 0)
			break;
		ret = 2;
		if (!ask_again())
			break;
		/* Edit again what was checked (the note's hint line gone). */
		ret = -1;
		if (write_temp(path, text) < 0)
			break;
	}
	/*
	 * Up to here the temporary file held the text, so a kill at the
	 * question loses nothing; from here the caller keeps it (ret 2).
	 */
	if (!kept)
		unlink(path);
	free(path);
	return ret;
}

/* Writes all of `text` to `fd` and closes it, durably. 0, or -1 with errno set. */
static int write_all(int fd, const struct buf *text)
{
	size_t off = 0;
	int e;

	while (off < text->len) {
		ssize_t w = write(fd, text->data + off, text->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			e = w < 0 ? errno : ENOSPC;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		e = errno;
		goto fail;
	}
	return close(fd);
fail:
	close(fd);
	errno = e;
	return -1;
}

char *editor_keep(const char *dir, const char *name, const struct buf *text)
{
	const char *tmpdir = getenv("TMPDIR");
	const char *dot = strrchr(name, '.');
	int stem = (int)(dot ? (size_t)(dot - name) : strlen(name));
	char *path = NULL, *suffix = NULL;
	struct buf out = BUF_INIT;
	int fd = -1;

	if (dir) {
		/* Its parent too ("<gitdir>/notebook" may not be there yet). */
		const char *slash = strrchr(dir, '/');
		if (slash && slash > dir) {
			char *parent = xasprintf("%.*s", (int)(slash - dir), dir);
			mkdir(parent, 0777);
			free(parent);
		}
	}
	if (dir && mkdir(dir, 0700) < 0 && errno != EEXIST) {
		error("cannot create '%s': %s", dir, strerror(errno));
		dir = NULL;
	}
	for (int n = 1; dir && n < 1000; n++) {
		free(path);
		if (n == 1)
			path = xasprintf("%s/%s", dir, name);
		else
			path = xasprintf("%s/%.*s-%d%s", dir, stem, name, n, dot ? dot : "");
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd >= 0) {
		if (!write_all(fd, text))
			return path;
		error("cannot keep the text in '%s': %s", path, strerror(errno));
		unlink(path);
	} else if (dir) {
		error("cannot keep the text in '%s': %s", path, strerror(errno));
	}
	free(path);

	/* Then in the temporary directory, as the editor's file was. */
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	suffix = xasprintf("-%s", name);
	path = xasprintf("%s/notebook-XXXXXX%s", tmpdir, suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	free(suffix);
	if (fd >= 0) {
		if (!write_all(fd, text))
			return path;
		unlink(path);
	}
	error("cannot keep the text in '%s' either: %s", tmpdir, strerror(errno));
	free(path);

	/* Nowhere to write it: the text itself, each line escaped, so it can still be copied. */
	fputs("notebook: here is the text, to copy before it is gone:\n", stderr);
	for (size_t i = 0; i < text->len;) {
		const char *nl = memchr(text->data + i, '\n', text->len - i);
		size_t end = nl ? (size_t)(nl - text->data) : text->len;
		buf_reset(&out);
		buf_add(&out, text->data + i, end - i);
		fprintf_escaped(stderr, "%s\n", buf_str(&out));
		i = end + 1;
	}
	buf_release(&out);
	return NULL;
}
