#include "editor.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "repo.h"
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

int editor_edit(struct buf *text, const char *suffix)
{
	const char *tmpdir = getenv("TMPDIR");
	char *path, *editor = NULL, *data = NULL;
	size_t len;
	FILE *f;
	int fd, ret = -1;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	path = xasprintf("%s/notebook-XXXXXX%s", tmpdir, suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		error("cannot create a temporary file in '%s': %s", tmpdir, strerror(errno));
		free(path);
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f || fwrite(buf_str(text), 1, text->len, f) != text->len || fclose(f)) {
		error("cannot write '%s': %s", path, strerror(errno));
		if (!f)
			close(fd);
		goto out;
	}
	editor = editor_command();
	if (run_editor(editor, path) < 0)
		goto out;
	if (fs_read_file(path, 64u << 20, &data, &len) < 0)
		goto out;
	buf_reset(text);
	buf_add(text, data, len);
	ret = 0;
out:
	unlink(path);
	free(data);
	free(editor);
	free(path);
	return ret;
}

/* Asks what to do about an invalid file: 'e' edit again, 'q' (or end of input) quit. */
static int ask_again(void)
{
	char line[64];

	for (;;) {
		fputs("(e)dit again, (q)uit without saving? ", stderr);
		fflush(stderr);
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		if (line[0] == 'e' || line[0] == 'E')
			return 1;
		if (line[0] == 'q' || line[0] == 'Q')
			return 0;
	}
}

int editor_edit_until_valid(struct buf *text, const char *suffix,
			    int (*check)(struct buf *text, void *arg), void *arg)
{
	for (;;) {
		int ret;

		if (editor_edit(text, suffix) < 0)
			return -1;
		ret = check(text, arg);
		if (ret >= 0)
			return ret;
		if (!ask_again())
			return 1;
	}
}
