/* The pager of pager.h, started as git starts one. */
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git/repo.h"
#include "util.h"

static pid_t pager_pid = -1;
static int pager_cols;

int pager_columns(void)
{
	return pager_pid > 0 ? pager_cols : 0;
}

/* At exit: the pager sees the end of its input, and the prompt waits for it. */
static void wait_for_pager(void)
{
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/*
 * The child: the pager with the pipe as its input. A command without
 * shell syntax is run itself, so that one that does not exist is known
 * (the parent reads errno from `report`, which exec closes); others go
 * through sh -c, as git runs them.
 */
static void run_pager(const char *pager, int in, int report)
{
	int err;

	if (dup2(in, STDIN_FILENO) < 0)
		goto fail;
	close(in);
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	signal(SIGPIPE, SIG_DFL);
	if (!pager[strcspn(pager, "|&;<>()$`\\\"' \t\n*?[#~=%")])
		execlp(pager, pager, (char *)NULL);
	else
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
fail:
	err = errno;
	if (write(report, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

int pager_start(void)
{
	const char *pager = getenv("GIT_PAGER");
	char *cfg = NULL;
	struct winsize ws;
	int data[2] = { -1, -1 }, report[2] = { -1, -1 }, err, ret = 0;
	ssize_t n;
	pid_t pid;

	if (pager_pid > 0 || !isatty(STDOUT_FILENO))
		return 0;
	if (!pager)
		pager = cfg = repo_user_config("core.pager");
	if (!pager)
		pager = getenv("PAGER");
	if (!pager)
		pager = "less";
	if (!*pager || !strcmp(pager, "cat"))
		goto out;
	pager_cols = !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 0 ? ws.ws_col : 80;
	if (pipe(data) < 0 || pipe(report) < 0 || fcntl(report[1], F_SETFD, FD_CLOEXEC) < 0)
		goto out;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		goto out;
	if (!pid) {
		close(data[1]);
		close(report[0]);
		run_pager(pager, data[0], report[1]);
	}
	close(report[1]);
	report[1] = -1;
	/* Nothing to read: exec went through, the pager runs. */
	do
		n = read(report[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		goto out;
	}
	if (dup2(data[1], STDOUT_FILENO) < 0)
		goto out;
	if (isatty(STDERR_FILENO))
		dup2(data[1], STDERR_FILENO);
	pager_pid = pid;
	atexit(wait_for_pager);
	ret = 1;
out:
	for (int i = 0; i < 2; i++) {
		if (data[i] >= 0)
			close(data[i]);
		if (report[i] >= 0)
			close(report[i]);
	}
	free(cfg);
	return ret;
}
