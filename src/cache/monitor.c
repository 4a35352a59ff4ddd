/*
 * The file-system monitor (monitor.h): watchman's JSON protocol over its
 * unix socket. Each request is one JSON array on a line; each answer one
 * JSON object on a line ("error" set when the request failed; objects
 * marked "unilateral" are not answers and are skipped).
 *
 * The state the cache keeps: {"sock", "watch", "rel", "clock"}: where
 * watchman listens, the folder it watches and the notebook's place in it,
 * and the clock as of the last answer. A query "since" that clock lists
 * what changed after it; "is_fresh_instance" says watchman cannot know
 * (restarted, or a clock of another instance), and the loader stats
 * every file.
 */
#include "cache/monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "git/repo.h"
#include "json.h"
#include "util.h"

/*
 * How long watchman has to answer, all requests together, and how long it
 * may wait for the kernel's news of the latest changes (sync_timeout). A
 * late answer is no answer: the stat walk costs about a second at 200,000
 * files, so waiting longer than half of one saves nothing.
 */
#define MONITOR_WAIT_MS 500
#define MONITOR_SYNC_MS 400

extern char **environ;

struct conn {
	int fd;
	int64_t deadline; /* CLOCK_MONOTONIC, ms */
	struct buf in;
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for `events` on `fd` until the deadline: 1 ready, 0 late, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		int64_t left = deadline - mono_ms();
		int rc;

		if (left <= 0)
			return 0;
		rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return rc;
		return 1;
	}
}

/* The text of member `key` of `obj` when it is a string, else NULL (borrowed). */
static const char *member_text(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * The socket `watchman get-sockname` names (without starting a server),
 * malloc'd, or NULL.
 */
static char *spawn_sockname(int64_t deadline)
{
	char *argv[] = { "watchman", "--no-spawn", "--no-pretty", "get-sockname", NULL };
	posix_spawn_file_actions_t fa;
	struct buf out = BUF_INIT;
	char *ret = NULL;
	int fds[2], status;
	pid_t pid;
	json_t *doc;

	if (pipe(fds) < 0)
		return NULL;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "watchman", &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while (pid > 0 && wait_fd(fds[0], POLLIN, deadline) > 0) {
		char chunk[4096];
		ssize_t n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || out.len > 65536)
			break;
		buf_add(&out, chunk, (size_t)n);
	}
	close(fds[0]);
	if (pid > 0) {
		kill(pid, SIGKILL); /* gone already, unless it was late */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	doc = out.len ? json_loadb(out.data, out.len, 0, NULL) : NULL;
	if (member_text(doc, "sockname"))
		ret = xstrdup(member_text(doc, "sockname"));
	json_decref(doc);
	buf_release(&out);
	return ret;
}

static int conn_open(struct conn *c, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	c->fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -1;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	buf_release(&c->in);
}

/* Sends `req` (taken) as one line. 0, or -1 (late or broken). */
static int conn_send(struct conn *c, json_t *req)
{
	char *text = json_dumps(req, JSON_COMPACT);
	size_t len, off = 0;
	int ret = 0;

	json_decref(req);
	if (!text)
		return -1;
	len = strlen(text);
	text[len] = '\n'; /* the NUL goes: the line is sent by length */
	while (off < len + 1 && ret == 0) {
		ssize_t n;
		if (wait_fd(c->fd, POLLOUT, c->deadline) <= 0) {
			ret = -1;
			break;
		}
		n = send(c->fd, text + off, len + 1 - off, MSG_NOSIGNAL);
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			ret = -1;
		else if (n > 0)
			off += (size_t)n;
	}
	free(text);
	return ret;
}

/* The next line from watchman, parsed: a new reference, or NULL (late, broken, not JSON). */
static json_t *conn_line(struct conn *c)
{
	char *nl;
	json_t *doc;

	while (!(nl = c->in.len ? memchr(c->in.data, '\n', c->in.len) : NULL)) {
		char chunk[65536];
		ssize_t n;
		if (wait_fd(c->fd, POLLIN, c->deadline) <= 0)
			return NULL;
		n = read(c->fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		buf_add(&c->in, chunk, (size_t)n);
	}
	doc = json_loadb(c->in.data, (size_t)(nl - c->in.data), 0, NULL);
	memmove(c->in.data, nl + 1, c->in.len - (size_t)(nl + 1 - c->in.data));
	c->in.len -= (size_t)(nl + 1 - c->in.data);
	return doc;
}

/* Sends `req` (taken) and returns watchman's answer to it, or NULL (also for an error). */
static json_t *conn_call(struct conn *c, json_t *req)
{
	if (conn_send(c, req) < 0)
		return NULL;
	for (;;) {
		json_t *doc = conn_line(c);
		if (!json_is_object(doc)) {
			json_decref(doc);
			return NULL;
		}
		if (json_is_true(json_object_get(doc, "unilateral"))) {
			json_decref(doc);
			continue;
		}
		if (json_object_get(doc, "error")) {
			json_decref(doc);
			return NULL;
		}
		return doc;
	}
}

/* Connects to watchman: $WATCHMAN_SOCK, else the socket of `had`, else get-sockname's. */
static char *connect_any(struct conn *c, const char *had_sock)
{
	const char *env = getenv("WATCHMAN_SOCK");
	char *sock;

	if (env && *env)
		return conn_open(c, env) < 0 ? NULL : xstrdup(env);
	if (had_sock && conn_open(c, had_sock) == 0)
		return xstrdup(had_sock);
	sock = spawn_sockname(c->deadline);
	if (sock && conn_open(c, sock) < 0) {
		free(sock);
		sock = NULL;
	}
	return sock;
}

/* The notebook's watch (watch-project): 0 with *watch and *rel (malloc'd), or -1. */
static int watch_project(struct conn *c, const char *root, char **watch, char **rel)
{
	json_t *doc = conn_call(c, json_pack("[ss]", "watch-project", root));
	int ret = -1;

	if (member_text(doc, "watch")) {
		*watch = xstrdup(member_text(doc, "watch"));
		*rel = xstrdup(member_text(doc, "relative_path") ? member_text(doc, "relative_path") : "");
		ret = 0;
	}
	json_decref(doc);
	return ret;
}

/* The options every query and clock request carries. */
static json_t *request_opts(const char *rel)
{
	json_t *o = json_pack("{si}", "sync_timeout", MONITOR_SYNC_MS);

	if (*rel)
		json_object_set_new(o, "relative_root", json_string(rel));
	return o;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The paths of `files` into the answer, sorted. 0, or -1 when one is not
 * a name watchman could say exactly (not a string; a character it had to
 * replace), which makes the whole answer inexact.
 */
static int take_files(struct monitor_answer *a, const json_t *files)
{
	size_t i, n = json_array_size(files);

	if (!json_is_array(files))
		return -1;
	a->changed = xcalloc(n ? n : 1, sizeof(*a->changed));
	for (i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(files, i));
		if (!s || strstr(s, "\xef\xbf\xbd"))
			return -1;
		a->changed[a->nchanged++] = xstrdup(s);
	}
	qsort(a->changed, a->nchanged, sizeof(*a->changed), cmp_strp);
	return 0;
}

/*
 * A query since `clock`: sets a->exact and the changed paths when
 * watchman knows that clock, and returns the new clock (malloc'd), or
 * NULL when the query failed.
 */
static char *query_since(struct conn *c, const char *watch, const char *rel, const char *clock,
			 struct monitor_answer *a)
{
	json_t *o = request_opts(rel), *doc;
	char *ret = NULL;

	json_object_set_new(o, "since", json_string(clock));
	json_object_set_new(o, "fields", json_pack("[s]", "name"));
	json_object_set_new(o, "empty_on_fresh_instance", json_true());
	/* only what the loader reads: the client and entry files */
	json_object_set_new(o, "expression", json_pack("[s[ss][ss]]", "anyof", "dirname", "clients",
						      "dirname", "journal"));
	doc = conn_call(c, json_pack("[ssO]", "query", watch, o));
	json_decref(o);
	if (member_text(doc, "clock")) {
		ret = xstrdup(member_text(doc, "clock"));
		a->exact = json_is_false(json_object_get(doc, "is_fresh_instance")) &&
			   take_files(a, json_object_get(doc, "files")) == 0;
	}
	json_decref(doc);
	return ret;
}

/* The clock now (after watchman has caught up), malloc'd, or NULL. */
static char *clock_now(struct conn *c, const char *watch, const char *rel)
{
	json_t *doc = conn_call(c, json_pack("[sso]", "clock", watch, request_opts(rel)));
	char *ret = member_text(doc, "clock") ? xstrdup(member_text(doc, "clock")) : NULL;

	json_decref(doc);
	return ret;
}

int monitor_configured(const char *root)
{
	const char *env = getenv("NOTEBOOK_MONITOR");
	char *v;
	int on;

	if (env && *env)
		return !strcmp(env, MONITOR_WATCHMAN);
	v = repo_local_config(root, MONITOR_KEY);
	on = v && !strcmp(v, MONITOR_WATCHMAN);
	free(v);
	return on;
}

static void forget_changed(struct monitor_answer *a)
{
	for (size_t i = 0; i < a->nchanged; i++)
		free(a->changed[i]);
	free(a->changed);
	a->changed = NULL;
	a->nchanged = 0;
	a->exact = 0;
}

void monitor_ask(const char *root, const char *had, struct monitor_answer *a)
{
	struct conn c = { -1, mono_ms() + MONITOR_WAIT_MS, BUF_INIT };
	json_t *old = had ? json_loads(had, 0, NULL) : NULL;
	const char *hsock = member_text(old, "sock"), *hwatch = member_text(old, "watch");
	const char *hrel = member_text(old, "rel"), *hclock = member_text(old, "clock");
	char *sock, *watch = NULL, *rel = NULL, *clock = NULL;

	memset(a, 0, sizeof(*a));
	sock = connect_any(&c, hsock);
	if (!sock)
		goto out;
	if (hwatch && hrel && hclock && hsock && !strcmp(sock, hsock)) {
		watch = xstrdup(hwatch);
		rel = xstrdup(hrel);
		clock = query_since(&c, watch, rel, hclock, a);
		if (!clock)
			forget_changed(a);
	}
	if (!clock) {
		/* no clock yet, or watchman forgot the watch: watch now, stat every file */
		free(watch);
		free(rel);
		watch = rel = NULL;
		if (watch_project(&c, root, &watch, &rel) == 0)
			clock = clock_now(&c, watch, rel);
	}
	if (clock) {
		json_t *st = json_pack("{ssssssss}", "sock", sock, "watch", watch, "rel", rel,
				       "clock", clock);
		a->state = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(st);
		a->ok = a->state != NULL;
		a->moved = !a->exact || a->nchanged > 0;
	}
	if (!a->ok)
		forget_changed(a);
out:
	json_decref(old);
	conn_close(&c);
	free(sock);
	free(watch);
	free(rel);
	free(clock);
}

void monitor_answer_release(struct monitor_answer *a)
{
	forget_changed(a);
	free(a->state);
	memset(a, 0, sizeof(*a));
}

int monitor_watch(const char *root, struct buf *why)
{
	/* the first watch of a large notebook waits for watchman's crawl of it */
	struct conn c = { -1, mono_ms() + 60 * 1000, BUF_INIT };
	char *sock = connect_any(&c, NULL), *watch = NULL, *rel = NULL;
	int ret = -1;

	if (!sock)
		buf_printf(why, "watchman does not answer (is it installed and running?)");
	else if (watch_project(&c, root, &watch, &rel) < 0)
		buf_printf(why, "watchman cannot watch '%s'", root);
	else
		ret = 0;
	conn_close(&c);
	free(sock);
	free(watch);
	free(rel);
	return ret;
}
