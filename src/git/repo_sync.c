/*
 * The repository side of `notebook sync` (repo_sync.h), through libgit2:
 * fetch, fast-forward, a merge with client files merged by key, the merge
 * commit, push. libgit2's 0 / <0 returns become 0 / -1 with a message here.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>
#include <git2/sys/merge.h>

#include "buf.h"
#include "fsutil.h"
#include "merge.h"
#include "repo_int.h"
#include "repo_sync.h"
#include "transport.h"
#include "text.h"
#include "util.h"
#include "yaml.h"

struct sync_repo {
	struct repo *repo;
	git_repository *git;   /* the repository's, borrowed */
	git_reference *branch; /* what HEAD names, resolved */
	git_remote *remote;    /* NULL until sync_use_remote() */
	char *remote_name;     /* the remote's name; NULL for a path or URL */
	char *label;           /* the remote's name or URL, raw (printed escaped) */
	char *where;           /* what messages call the remote: its name or 'URL' */
	char *where_branch;    /* and its branch: "origin/main", "main of 'URL'" */
	char *rbranch;         /* the remote's branch: "main" */
	const char *workdir;   /* borrowed: with a trailing slash */
	const char *prefix;    /* borrowed: the notebook root in the work tree */
	char *tracking;        /* refs/remotes/<remote>/<branch>; NULL for a URL */
	git_oid theirs;        /* the remote's branch as last fetched */
	int have_theirs;       /* 0: the remote has no such branch */
	char *label_ours;      /* what conflict markers call the two sides */
	char *label_theirs;
	struct timespec started;   /* when this sync began */
	char *ref_lock;        /* a lock on the remote's branch that refused the last push */
	git_oid merging;       /* the remote's commit sync_merge() merges */
	struct buf renamed;    /* the record's "renamed\tNEW\tOLD" lines (split_journal) */
	git_strarray touched;  /* the paths the last merge's checkout looked at (merge_paths()) */
	int touched_known;     /* 0: it looked at every path */
	struct timespec ref_lock_mtime;
	int replaying;         /* a --rebase replay: the record keeps orig and todo */
	git_oid orig;          /* HEAD before the replay (what --abort goes back to) */
	git_oid *todo;         /* the local commits still to replay, oldest first */
	size_t ntodo;
};

static int holds_start_of(git_repository *git, const char *full, const git_oid *blob);

static void touched_release(struct sync_repo *s)
{
	for (size_t i = 0; i < s->touched.count; i++)
		free(s->touched.strings[i]);
	free(s->touched.strings);
	s->touched.strings = NULL;
	s->touched.count = 0;
	s->touched_known = 0;
}
static int remove_renamed_copies(struct sync_repo *s);
static void remove_checkout_lock(struct sync_repo *s, const git_diff_delta *d);

/*
 * A remote given as a relative path means a path from the top of the work
 * tree, as for git; libgit2 would take it from the working directory.
 */
static int relative_path_url(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	if (!*url || *url == '/' || strstr(url, "://"))
		return 0;
	return !colon || (slash && slash < colon); /* not user@host:path */
}

static int absolute_urls(struct sync_repo *s)
{
	const char *url = git_remote_url(s->remote), *push = git_remote_pushurl(s->remote);
	char *abs = NULL;
	int ret = 0;

	if (url && relative_path_url(url)) {
		abs = xasprintf("%s%s", s->workdir, url);
		if (git_remote_set_instance_url(s->remote, abs) < 0)
			ret = git_fail("cannot use the remote's URL");
		free(abs);
	}
	if (!ret && push && relative_path_url(push)) {
		abs = xasprintf("%s%s", s->workdir, push);
		if (git_remote_set_instance_pushurl(s->remote, abs) < 0)
			ret = git_fail("cannot use the remote's push URL");
		free(abs);
	}
	return ret;
}

int sync_open(const char *root, struct sync_repo **out)
{
	struct sync_repo *s = xcalloc(1, sizeof(*s));
	int err;

	clock_gettime(CLOCK_REALTIME, &s->started);
	if (repo_open(root, &s->repo) < 0)
		goto fail;
	s->git = s->repo->git;
	s->workdir = s->repo->workdir;
	s->prefix = s->repo->prefix;
	err = git_repository_head(&s->branch, s->git);
	if (err == GIT_EUNBORNBRANCH) {
		error("the branch has no commit yet; commit something first");
		goto fail;
	} else if (err < 0) {
		git_fail("cannot read HEAD");
		goto fail;
	}
	if (!git_reference_is_branch(s->branch)) {
		error("HEAD is not on a branch; check one out with 'git switch BRANCH'");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	sync_free(s);
	return -1;
}

/*
 * Whether a word from the command line that names no remote is a path or
 * a URL: it has a slash or a colon, or is "." or "..".
 */
static int looks_like_url(const char *w)
{
	return strchr(w, '/') || strchr(w, ':') || !strcmp(w, ".") || !strcmp(w, "..");
}

/* The branch's upstream remote and its branch, malloc'd, or 1 when it has none. */
static int upstream_of(struct sync_repo *s, char **remote, char **branch)
{
	git_buf rb = { 0 }, mb = { 0 };
	const char *name = git_reference_name(s->branch);
	int err, ret = 1;

	*remote = *branch = NULL;
	err = git_branch_upstream_remote(&rb, s->git, name);
	if (err == GIT_ENOTFOUND)
		goto out;
	if (err < 0) {
		ret = git_fail("cannot read the branch's upstream");
		goto out;
	}
	if (!strcmp(rb.ptr, "."))
		goto out; /* a local branch: not a remote to sync with */
	err = git_branch_upstream_merge(&mb, s->git, name);
	if (err < 0 && err != GIT_ENOTFOUND) {
		ret = git_fail("cannot read the branch's upstream");
		goto out;
	}
	*remote = xstrdup(rb.ptr);
	if (!err && !strncmp(mb.ptr, "refs/heads/", 11))
		*branch = xstrdup(mb.ptr + 11);
	ret = 0;
out:
	git_buf_dispose(&rb);
	git_buf_dispose(&mb);
	return ret;
}

int sync_use_remote(struct sync_repo *s, const char *where)
{
	char *up_remote = NULL, *up_branch = NULL, *url = NULL;
	const char *name = where;
	int err, ret = -1;

	if (!where) {
		if ((err = upstream_of(s, &up_remote, &up_branch)) < 0)
			goto out;
		name = err ? "origin" : up_remote;
	}
	err = git_remote_lookup(&s->remote, s->git, name);
	if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC) {
		if (!where) {
			error("no remote to sync with: the branch has no upstream and there is no "
			      "'origin'; name one with 'notebook sync REMOTE' (a remote, a path or a "
			      "URL), or add one with 'git remote add origin URL'");
			goto out;
		}
		if (!looks_like_url(where)) {
			error("no remote '%s'; name a remote ('git remote' lists them), give a path "
			      "or URL, or add it with 'git remote add %s URL'", where, where);
			goto out;
		}
		if (!strstr(where, "://") && relative_path_url(where)) {
			/* a path typed on the command line is from the current directory */
			url = realpath(where, NULL);
			if (!url) {
				error("cannot sync with '%s': %s", where, strerror(errno));
				goto out;
			}
		} else {
			url = xstrdup(where);
		}
		if (strpbrk(url, "\n\r")) {
			error("a URL cannot hold a line break");
			goto out;
		}
		if (git_remote_create_anonymous(&s->remote, s->git, url) < 0) {
			git_fail("cannot use the URL");
			goto out;
		}
		s->rbranch = xstrdup(sync_branch(s));
		s->label = xstrdup(where);
		s->where = xasprintf("'%s'", s->label);
		s->where_branch = xasprintf("%s of %s", s->rbranch, s->where);
		ret = 0;
		goto out;
	} else if (err < 0) {
		git_fail("cannot read the remote");
		goto out;
	}
	if (absolute_urls(s) < 0)
		goto out;
	s->remote_name = xstrdup(name);
	/* the upstream's own branch when it is this remote's; else the same name */
	s->rbranch = xstrdup(up_branch && !where ? up_branch : sync_branch(s));
	s->label = xstrdup(name);
	s->where = xstrdup(s->label);
	s->tracking = xasprintf("refs/remotes/%s/%s", name, s->rbranch);
	s->where_branch = xasprintf("%s/%s", s->where, s->rbranch);
	ret = 0;
out:
	free(url);
	free(up_remote);
	free(up_branch);
	return ret;
}

const char *sync_label(const struct sync_repo *s)
{
	return s->label;
}

const char *sync_where(const struct sync_repo *s)
{
	return s->where;
}

const char *sync_where_branch(const struct sync_repo *s)
{
	return s->where_branch;
}

const char *sync_remote_arg(const struct sync_repo *s)
{
	return s->remote_name ? s->remote_name : git_remote_url(s->remote);
}

void sync_free(struct sync_repo *s)
{
	if (!s)
		return;
	git_remote_free(s->remote);
	git_reference_free(s->branch);
	repo_free(s->repo);
	free(s->remote_name);
	free(s->label);
	free(s->where);
	free(s->where_branch);
	free(s->rbranch);
	free(s->tracking);
	free(s->label_ours);
	free(s->label_theirs);
	free(s->ref_lock);
	free(s->todo);
	buf_release(&s->renamed);
	touched_release(s);
	free(s);
}

void sync_head_hex(const struct sync_repo *s, char out[41])
{
	git_oid_tostr(out, 41, git_reference_target(s->branch));
}

int sync_theirs_hex(const struct sync_repo *s, char out[41])
{
	out[0] = '\0';
	if (!s->have_theirs)
		return 1;
	git_oid_tostr(out, 41, &s->theirs);
	return 0;
}

const char *sync_branch(const struct sync_repo *s)
{
	return git_reference_shorthand(s->branch);
}

/* Whether `text` holds `line` as a whole line. */
static int has_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (l == n && !memcmp(p, line, n))
			return 1;
		p += l + 1;
	}
	return 0;
}

int sync_install_driver(struct sync_repo *s, const char *self)
{
	git_config *cfg = NULL, *local = NULL;
	struct buf cmd = BUF_INIT, attrs = BUF_INIT;
	char *path = NULL, *dir = NULL, *line[2] = { NULL, NULL }, *old = NULL;
	size_t old_len = 0;
	git_buf had = { 0 };
	struct stat st;
	int same = 0, ret = -1;

	if (strpbrk(s->prefix, " \t\"\\#")) {
		error("the notebook's path '%s' has characters git attributes cannot match; "
		      "move it", s->prefix);
		goto out;
	}
	buf_add_sh_quoted(&cmd, self);
	buf_adds(&cmd, " merge-driver %O %A %B %P");
	if (git_repository_config(&cfg, s->git) < 0 ||
	    git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0) {
		git_fail("cannot read the repository's config");
		goto out;
	}
	same = git_config_get_string_buf(&had, local, "merge.notebook.driver") == 0 &&
	       !strcmp(had.ptr, buf_str(&cmd));
	git_error_clear();
	if (git_config_set_string(local, "merge.notebook.name",
				  "notebook: client files merged by front-matter key") < 0 ||
	    git_config_set_string(local, "merge.notebook.driver", buf_str(&cmd)) < 0) {
		git_fail("cannot set the merge driver in the repository's config");
		goto out;
	}
	dir = xasprintf("%sinfo", git_repository_path(s->git));
	path = xasprintf("%s/attributes", dir);
	/* client files, and entries (two clones ticking promises of one note) */
	line[0] = xasprintf("/%sclients/**/*.md merge=notebook", s->prefix);
	line[1] = xasprintf("/%sjournal/**/*.md merge=notebook", s->prefix);
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT) {
			error("cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
	} else if (fs_read_file(path, 1u << 20, &old, &old_len) < 0) {
		goto out;
	}
	if (old)
		buf_add(&attrs, old, old_len);
	for (size_t i = 0; i < 2; i++) {
		if (old && has_line(old, old_len, line[i]))
			continue;
		if (attrs.len && attrs.data[attrs.len - 1] != '\n')
			buf_addc(&attrs, '\n');
		buf_printf(&attrs, "%s\n", line[i]);
	}
	if (attrs.len != old_len) {
		if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
			error("cannot create '%s': %s", dir, strerror(errno));
			goto out;
		}
		if (fs_write_atomic(path, attrs.data, attrs.len) < 0)
			goto out;
	}
	ret = !same || attrs.len != old_len;
out:
	git_buf_dispose(&had);
	git_config_free(local);
	git_config_free(cfg);
	buf_release(&cmd);
	buf_release(&attrs);
	free(path);
	free(dir);
	free(line[0]);
	free(line[1]);
	free(old);
	return ret;
}

/*
 * The record of a merge sync started, <gitdir>/notebook-sync: "merging"
 * from before libgit2 writes MERGE_HEAD until the merge is committed, and
 * "stopped" once the whole merge (work tree and index, markers included)
 * is written and the sync stopped for the user to fix it; "fast-forward"
 * while the work tree is brought to the remote's commit, before the
 * branch moves. Only a stopped
 * sync may be continued: a sync killed while merging leaves MERGE_HEAD
 * with a work tree and index that may lack the remote's changes, and
 * committing those would push their removal (README, Sync).
 */
struct record {
	char state[16];
	git_oid ours, theirs;
	char *remote; /* a remote's name or a URL */
	char **renamed; /* pairs: a copy of ours split_journal() wrote, and its entry */
	size_t nrenamed;
	int has_orig;   /* a replay's: "orig" and "todo" lines */
	git_oid orig;
	git_oid *todo;
	size_t ntodo;
};

/*
 * The next of the record's "renamed\tCOPY\tENTRY" lines at *at (moved on):
 * 1 with both names malloc'd, 0 at the end.
 */
static int renamed_next(const char **at, char **copy, char **entry)
{
	const char *tab = strchr(*at, '\t'), *tab2, *end = strchr(*at, '\n');

	if (!tab || !end || !(tab2 = strchr(tab + 1, '\t')) || tab2 > end)
		return 0;
	*copy = xstrndup(tab + 1, (size_t)(tab2 - tab - 1));
	*entry = xstrndup(tab2 + 1, (size_t)(end - tab2 - 1));
	*at = end + 1;
	return 1;
}

/*
 * In "renamed" lines `lines`, the line whose copy (`field` 0) or entry (1)
 * is `name`: the other name, malloc'd; NULL if none.
 */
static char *renamed_find(const struct buf *lines, const char *name, int field)
{
	const char *at = buf_str(lines);
	char *v[2], *found = NULL;

	while (!found && renamed_next(&at, &v[0], &v[1])) {
		if (!strcmp(v[field], name))
			found = xstrdup(v[!field]);
		free(v[0]);
		free(v[1]);
	}
	return found;
}

static void record_release(struct record *r)
{
	free(r->remote);
	for (size_t i = 0; i < 2 * r->nrenamed; i++)
		free(r->renamed[i]);
	free(r->renamed);
	free(r->todo);
	memset(r, 0, sizeof(*r));
}

static char *record_path(const struct sync_repo *s)
{
	return xasprintf("%snotebook-sync", git_repository_path(s->git));
}

static int record_write(struct sync_repo *s, const char *state, const git_oid *ours,
			const git_oid *theirs)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	char *path = record_path(s), *text;
	int ret;

	git_oid_tostr(a, sizeof(a), ours);
	git_oid_tostr(b, sizeof(b), theirs);
	text = xasprintf("%s\nours %s\ntheirs %s\nremote %s\n%s", state, a, b, sync_remote_arg(s),
			 buf_str(&s->renamed));
	if (s->replaying) {
		struct buf more = BUF_INIT;
		buf_adds(&more, text);
		git_oid_tostr(a, sizeof(a), &s->orig);
		buf_printf(&more, "orig %s\n", a);
		for (size_t i = 0; i < s->ntodo; i++) {
			git_oid_tostr(a, sizeof(a), &s->todo[i]);
			buf_printf(&more, "todo %s\n", a);
		}
		free(text);
		text = buf_detach(&more);
	}
	ret = fs_write_atomic(path, text, strlen(text));
	free(text);
	free(path);
	return ret;
}

/* 0 with *r filled, 1 when there is no (readable) record, -1 with a message. */
static int record_read(const struct sync_repo *s, struct record *r)
{
	char *path = record_path(s), *text = NULL, *line, *next;
	size_t len;
	int got = 0, ret = 1;
	struct stat st;

	memset(r, 0, sizeof(*r));
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			ret = error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fs_read_file(path, 1 << 16, &text, &len) < 0) {
		ret = -1;
		goto out;
	}
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		git_oid id;

		if (!strcmp(line, "merging") || !strcmp(line, "stopped") ||
		    !strcmp(line, "fast-forward") || !strcmp(line, "replaying") ||
		    !strcmp(line, "replay-stopped")) {
			strcpy(r->state, line);
			got |= 1;
		} else if (!strncmp(line, "ours ", 5) && !git_oid_fromstr(&r->ours, line + 5)) {
			got |= 2;
		} else if (!strncmp(line, "theirs ", 7) && !git_oid_fromstr(&r->theirs, line + 7)) {
			got |= 4;
		} else if (!strncmp(line, "orig ", 5) && !git_oid_fromstr(&r->orig, line + 5)) {
			r->has_orig = 1;
		} else if (!strncmp(line, "todo ", 5) && !git_oid_fromstr(&id, line + 5)) {
			r->todo = xrealloc(r->todo, (r->ntodo + 1) * sizeof(*r->todo));
			git_oid_cpy(&r->todo[r->ntodo++], &id);
		} else if (!strncmp(line, "remote ", 7) && !r->remote) {
			r->remote = xstrdup(line + 7);
		} else if (!strncmp(line, "renamed\t", 8) && strchr(line + 8, '\t')) {
			char *tab = strchr(line + 8, '\t');
			r->renamed = xrealloc(r->renamed, 2 * (r->nrenamed + 1) * sizeof(char *));
			r->renamed[2 * r->nrenamed] = xstrndup(line + 8, (size_t)(tab - line - 8));
			r->renamed[2 * r->nrenamed + 1] = xstrdup(tab + 1);
			r->nrenamed++;
		}
	}
	if (got == 7)
		ret = 0;
out:
	if (ret)
		record_release(r);
	free(text);
	free(path);
	return ret;
}

static void record_remove(const struct sync_repo *s)
{
	char *path = record_path(s);

	if (unlink(path) < 0 && errno != ENOENT)
		error("cannot remove '%s': %s", path, strerror(errno));
	free(path);
}

/*
 * A stopped merge or replay that --abort begins to undo is marked
 * interrupted first ("merging", "replaying"): an --abort killed after its
 * reset wrote HEAD's index, before the merge state ended, would leave a
 * stop that --continue finishes as a merge without the remote's changes
 * (README, Sync: --continue finishes only a stop whose work tree and
 * index hold the whole merge). 0, or -1 with a message.
 */
static int record_unstop(const struct sync_repo *s)
{
	static const char *const from[] = { "stopped\n", "replay-stopped\n" };
	static const char *const to[] = { "merging\n", "replaying\n" };
	char *path = record_path(s), *text = NULL, *now = NULL;
	size_t len = 0;
	int ret = 0;

	if (access(path, F_OK) < 0)
		goto out; /* no record: nothing stopped */
	if (fs_read_file(path, 1 << 16, &text, &len) < 0) {
		ret = -1;
		goto out;
	}
	for (int i = 0; i < 2 && !now; i++)
		if (len >= strlen(from[i]) && !memcmp(text, from[i], strlen(from[i])))
			now = xasprintf("%s%s", to[i], text + strlen(from[i]));
	if (now)
		ret = fs_write_atomic(path, now, strlen(now));
out:
	free(now);
	free(text);
	free(path);
	return ret;
}

static int merge_head_id(const git_oid *id, void *data)
{
	git_oid_cpy(data, id);
	return 1; /* the first is enough */
}

/* MERGE_HEAD's (first) commit: 0, 1 when there is none, -1 with a message. */
static int merge_head(struct sync_repo *s, git_oid *id)
{
	int err;

	if (git_repository_state(s->git) != GIT_REPOSITORY_STATE_MERGE)
		return 1;
	memset(id, 0, sizeof(*id));
	err = git_repository_mergehead_foreach(s->git, merge_head_id, id);
	if (err == GIT_ENOTFOUND || (err >= 0 && git_oid_is_zero(id)))
		return 1;
	if (err < 0 && err != GIT_EUSER && git_oid_is_zero(id))
		return git_fail("cannot read MERGE_HEAD");
	return 0;
}

/* Whether HEAD is a merge commit of exactly `ours` and `theirs`. */
static int head_is_merge_of(struct sync_repo *s, const git_oid *ours, const git_oid *theirs)
{
	git_commit *c = NULL;
	int ret = 0;

	if (git_commit_lookup(&c, s->git, git_reference_target(s->branch)) < 0)
		return 0;
	ret = git_commit_parentcount(c) == 2 && git_oid_equal(git_commit_parent_id(c, 0), ours) &&
	      git_oid_equal(git_commit_parent_id(c, 1), theirs);
	git_commit_free(c);
	return ret;
}

/*
 * Where a replay (sync --rebase) that the record names stands: stopped on
 * conflicts with the whole commit written, or else interrupted; in both
 * cases the replay's original HEAD and the commits still to replay are
 * kept, for --continue and --abort (which never loses a local commit).
 */
static enum sync_stop replay_state(struct sync_repo *s, struct record *r)
{
	git_oid pick;
	int picking = git_repository_state(s->git) == GIT_REPOSITORY_STATE_CHERRYPICK &&
		      git_reference_name_to_id(&pick, s->git, "CHERRY_PICK_HEAD") == 0;

	git_error_clear();
	if (!r->has_orig)
		return SYNC_FOREIGN_MERGE;
	s->replaying = 1;
	git_oid_cpy(&s->orig, &r->orig);
	free(s->todo);
	s->todo = r->todo;
	s->ntodo = r->ntodo;
	r->todo = NULL;
	r->ntodo = 0;
	git_oid_cpy(&s->merging, &r->theirs);
	if (!strcmp(r->state, "replay-stopped") && picking && git_oid_equal(&pick, &r->theirs) &&
	    git_oid_equal(&r->ours, git_reference_target(s->branch)))
		return SYNC_STOPPED;
	return SYNC_INTERRUPTED;
}

int sync_merge_state(struct sync_repo *s, enum sync_stop *state, char **remote)
{
	struct record r;
	git_oid mh;
	int none, norecord;

	*state = SYNC_NOT_MERGING;
	if (remote)
		*remote = NULL;
	if ((none = merge_head(s, &mh)) < 0 || (norecord = record_read(s, &r)) < 0)
		return -1;
	if (!norecord && !strncmp(r.state, "replay", 6)) {
		*state = replay_state(s, &r);
		goto out;
	}
	if (none) {
		/* the merge ended by other means, or never began: the copies planned for it go */
		if (!norecord && strcmp(r.state, "fast-forward")) {
			if (remove_renamed_copies(s) < 0) {
				record_release(&r);
				return -1;
			}
			record_remove(s);
		}
		goto out;
	}
	*state = SYNC_FOREIGN_MERGE;
	if (norecord || !git_oid_equal(&r.theirs, &mh))
		goto out;
	if (git_oid_equal(&r.ours, git_reference_target(s->branch))) {
		*state = strcmp(r.state, "stopped") ? SYNC_INTERRUPTED : SYNC_STOPPED;
	} else if (head_is_merge_of(s, &r.ours, &r.theirs)) {
		/* killed after the merge commit, before the merge state was ended */
		if (git_repository_state_cleanup(s->git) < 0) {
			record_release(&r);
			return git_fail("cannot end the merge state");
		}
		record_remove(s);
		*state = SYNC_NOT_MERGING;
	}
out:
	if (!norecord && remote && *state != SYNC_NOT_MERGING) {
		*remote = r.remote;
		r.remote = NULL;
	}
	if (!norecord)
		record_release(&r);
	return 0;
}

int sync_mark_stopped(struct sync_repo *s)
{
	git_oid mh;
	int err = merge_head(s, &mh);

	if (err)
		return err < 0 ? -1 : error("no merge in progress");
	return record_write(s, "stopped", git_reference_target(s->branch), &mh);
}

/*
 * -1 after saying that the lock file `path` is in the way, when it exists
 * still after two seconds; else 0.
 */
static int lock_in_way(const struct sync_repo *s, const char *path)
{
	struct stat st;
	long long age;

	/* a git command at work holds it for moments: wait up to two seconds */
	for (int i = 0; lstat(path, &st) == 0; i++) {
		struct timespec ts = { 0, 50 * 1000000L };
		if (i == 40)
			break;
		nanosleep(&ts, NULL);
	}
	if (lstat(path, &st) < 0)
		return 0;
	age = (long long)(s->started.tv_sec - st.st_mtim.tv_sec);
	if (age < 0)
		age = 0;
	error("'%s' is in the way: a git command is using it, or one was killed while it did "
	      "(the file is %lld %s old); if no git command is running, remove it, then run "
	      "'notebook sync' again", path, age >= 120 ? age / 60 : age,
	      age >= 120 ? "minutes" : age == 1 ? "second" : "seconds");
	return -1;
}

int sync_locks(struct sync_repo *s)
{
	const char *gitdir = git_repository_path(s->git);
	/* what a sync locks in the git directory: libgit2 leaves these when killed */
	static const char *const top[] = {
		"index.lock", "HEAD.lock", "ORIG_HEAD.lock", "MERGE_HEAD.lock", "MERGE_MSG.lock",
		"MERGE_MODE.lock", "FETCH_HEAD.lock", "packed-refs.lock", "config.lock",
	};
	char *path;
	int ret = 0;

	for (size_t i = 0; !ret && i < sizeof(top) / sizeof(top[0]); i++) {
		path = xasprintf("%s%s", gitdir, top[i]);
		ret = lock_in_way(s, path);
		free(path);
	}
	if (!ret) {
		path = xasprintf("%s%s.lock", gitdir, git_reference_name(s->branch));
		ret = lock_in_way(s, path);
		free(path);
	}
	if (!ret && s->tracking) {
		path = xasprintf("%s%s.lock", gitdir, s->tracking);
		ret = lock_in_way(s, path);
		free(path);
	}
	return ret;
}

int sync_fetch(struct sync_repo *s)
{
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	struct transport *t = transport_new(git_remote_url(s->remote));
	char *spec = xasprintf("refs/heads/%s", s->rbranch);
	git_strarray specs = { &spec, 1 };
	const git_remote_head **heads = NULL;
	size_t n = 0;
	int err, ret = -1;

	transport_callbacks(t, &fo.callbacks);
	/* a URL has no remote-tracking branch: only its branch is fetched */
	err = git_remote_fetch(s->remote, s->tracking ? NULL : &specs, &fo, NULL);
	transport_end(t, err);
	if (err < 0) {
		git_fail("cannot fetch");
		goto out;
	}
	s->have_theirs = 0;
	if (s->tracking) {
		err = git_reference_name_to_id(&s->theirs, s->git, s->tracking);
		if (err < 0 && err != GIT_ENOTFOUND) {
			git_fail("cannot read the remote's branch");
			goto out;
		}
		s->have_theirs = !err;
	} else {
		if (git_remote_ls(&heads, &n, s->remote) < 0) {
			git_fail("cannot list the remote's branches");
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			if (!strcmp(heads[i]->name, spec)) {
				git_oid_cpy(&s->theirs, &heads[i]->oid);
				s->have_theirs = 1;
			}
		}
	}
	ret = 0;
out:
	free(spec);
	return ret;
}

/* The remote's branch as fetched: 0, 1 when it has none. */
static int tracking_id(struct sync_repo *s, git_oid *id)
{
	if (!s->have_theirs)
		return 1;
	git_oid_cpy(id, &s->theirs);
	return 0;
}

int sync_analyse(struct sync_repo *s, enum sync_state *state)
{
	git_oid theirs;
	const git_oid *ours = git_reference_target(s->branch);
	size_t ahead = 0, behind = 0;
	int err;

	if ((err = tracking_id(s, &theirs)) < 0)
		return -1;
	if (err) {
		*state = SYNC_NO_UPSTREAM;
		return 0;
	}
	if (git_oid_equal(ours, &theirs)) {
		*state = SYNC_UP_TO_DATE;
		return 0;
	}
	if (git_graph_ahead_behind(&ahead, &behind, s->git, ours, &theirs) < 0)
		return git_fail("cannot compare with the remote's branch");
	if (!behind)
		*state = SYNC_AHEAD;
	else if (!ahead)
		*state = SYNC_FAST_FORWARD;
	else
		*state = SYNC_DIVERGED;
	return 0;
}

/* Re-reads HEAD's branch after it moved. */
static int reload_branch(struct sync_repo *s)
{
	git_reference *ref = NULL;

	if (git_repository_head(&ref, s->git) < 0)
		return git_fail("cannot read HEAD");
	git_reference_free(s->branch);
	s->branch = ref;
	return 0;
}

/* Commit `id`'s tree, or NULL for no commit. 0, or -1 with a message. */
static int commit_tree_of(struct sync_repo *s, const git_oid *id, git_tree **tree)
{
	git_commit *c = NULL;
	int ret = 0;

	*tree = NULL;
	if (id && (git_commit_lookup(&c, s->git, id) < 0 || git_commit_tree(tree, c) < 0))
		ret = git_fail("cannot read a commit");
	git_commit_free(c);
	return ret;
}

/*
 * The changes from commit `from`'s tree (NULL: the empty tree) to commit
 * `to`'s into *diff, which the caller frees. 0, or -1 with a message.
 */
static int diff_commits(struct sync_repo *s, const git_oid *from, const git_oid *to,
			git_diff **diff)
{
	git_tree *ft = NULL, *tt = NULL;
	int ret = -1;

	*diff = NULL;
	if (commit_tree_of(s, from, &ft) == 0 && commit_tree_of(s, to, &tt) == 0)
		ret = repo_diff_trees(diff, s->git, ft, tt) < 0 ?
			git_fail("cannot compare with the remote's commit") : 0;
	git_tree_free(tt);
	git_tree_free(ft);
	return ret;
}

/* Calls fn() with each change from commit `from` to commit `to`: 0, or -1 with a message. */
static int each_change(struct sync_repo *s, const git_oid *from, const git_oid *to,
		       void (*fn)(struct sync_repo *s, const git_diff_delta *d))
{
	git_diff *diff = NULL;

	if (diff_commits(s, from, to, &diff) < 0)
		return -1;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++)
		fn(s, git_diff_get_delta(diff, i));
	git_diff_free(diff);
	return 0;
}

/* Whether the work-tree file `full` holds exactly blob `id`. */
static int holds_blob(const char *full, const git_oid *id)
{
	git_oid got;
	struct stat st;
	int ret;

	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	ret = git_odb_hashfile(&got, full, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&got, id);
	git_error_clear();
	return ret;
}

/*
 * Whether a file the fast-forward from `d`'s old to its new version
 * changes is in a state a checkout killed on the way leaves: the old
 * version, the new one, the start of the new one, or no file.
 */
static int left_by_checkout(struct sync_repo *s, const git_diff_delta *d)
{
	const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;
	char *full = xasprintf("%s%s", s->workdir, path);
	struct stat st;
	int ret;

	ret = (lstat(full, &st) < 0 && errno == ENOENT) ||
	      (d->status != GIT_DELTA_ADDED && holds_blob(full, &d->old_file.id)) ||
	      (d->status != GIT_DELTA_DELETED && holds_start_of(s->git, full, &d->new_file.id));
	if (!ret)
		error("'%s' changed since the sync that was interrupted while it fast-forwarded; "
		      "keep a copy, put it back with 'git checkout -- %s', then run 'notebook "
		      "sync' again", full, path);
	free(full);
	return ret;
}

/*
 * Finishes a fast-forward whose checkout was killed: when every file it
 * changes is as that checkout could have left it, the remote's versions
 * of those files are written (forced: the index was never updated) and
 * the branch is moved. 0, or -1 with a message.
 */
static int finish_fast_forward(struct sync_repo *s, const git_oid *theirs)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_commit *tc = NULL;
	git_diff *diff = NULL;
	git_reference *moved = NULL;
	char **paths = NULL;
	size_t n = 0;
	int ret = -1;

	if (diff_commits(s, git_reference_target(s->branch), theirs, &diff) < 0)
		goto out;
	if (git_commit_lookup(&tc, s->git, theirs) < 0) {
		git_fail("cannot read the remote's commit");
		goto out;
	}
	n = git_diff_num_deltas(diff);
	paths = xcalloc(n ? n : 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (!left_by_checkout(s, d))
			goto out;
		paths[i] = (char *)(d->new_file.path ? d->new_file.path : d->old_file.path);
	}
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.paths.strings = paths;
	co.paths.count = n;
	if (n && git_checkout_tree(s->git, (const git_object *)tc, &co) < 0) {
		git_fail("cannot update the work tree");
		goto out;
	}
	if (git_reference_set_target(&moved, s->branch, theirs, "sync: fast-forward") < 0) {
		git_fail("cannot move the branch");
		goto out;
	}
	ret = reload_branch(s);
out:
	free(paths);
	git_reference_free(moved);
	git_diff_free(diff);
	git_commit_free(tc);
	return ret;
}

int sync_resume(struct sync_repo *s, int *resumed)
{
	struct record r;
	int err, ret = 0;

	*resumed = 0;
	if ((err = record_read(s, &r)) != 0)
		return err < 0 ? -1 : repo_repair_index(s->repo);
	if (strcmp(r.state, "fast-forward"))
		goto out;
	if (git_oid_equal(&r.ours, git_reference_target(s->branch))) {
		if (finish_fast_forward(s, &r.theirs) < 0) {
			ret = -1;
			goto out;
		}
		*resumed = 1;
	}
	/* else the branch moved on: the fast-forward finished, or was overtaken */
	record_remove(s);
out:
	record_release(&r);
	/* an index left behind HEAD would show the merge's files staged as deletions */
	if (!ret && repo_repair_index(s->repo) < 0)
		ret = -1;
	return ret;
}

int sync_reload_head(struct sync_repo *s)
{
	return reload_branch(s);
}

/*
 * The paths that differ between the branch's tree and commit `c`'s, into
 * *paths (borrowed from *diff, which the caller frees): a checkout from
 * the one to the other writes these and no other, so it is told them
 * instead of comparing every file of the work tree with the index (a
 * second walk of a large notebook, after the check for hand edits).
 */
static int moved_paths(struct sync_repo *s, git_commit *c, const struct buf *skip,
		       git_diff **diff, char ***paths, size_t *n)
{
	size_t all;

	if (diff_commits(s, git_reference_target(s->branch), git_commit_id(c), diff) < 0)
		return -1;
	all = git_diff_num_deltas(*diff);
	*paths = xcalloc(all ? all : 1, sizeof(**paths));
	*n = 0;
	for (size_t i = 0; i < all; i++) {
		const git_diff_delta *d = git_diff_get_delta(*diff, i);
		char *p = (char *)(d->new_file.path ? d->new_file.path : d->old_file.path);
		char *entry = skip ? renamed_find(skip, p, 0) : NULL;
		if (!entry)
			(*paths)[(*n)++] = p;
		free(entry);
	}
	return 0;
}

static int move_branch_skip(struct sync_repo *s, const git_oid *to, int record,
			    const char *msg, const struct buf *skip);

/*
 * Moves the branch, index and work tree (clean) from HEAD to `to`; with
 * `record`, a checkout killed half way is finished by the next sync
 * (sync_resume). 0, or -1 with a message.
 */
static int move_branch(struct sync_repo *s, const git_oid *to, int record, const char *msg)
{
	return move_branch_skip(s, to, record, msg, NULL);
}

/* move_branch(), the copies the "renamed" lines `skip` name written and staged already */
static int move_branch_skip(struct sync_repo *s, const git_oid *to, int record,
			    const char *msg, const struct buf *skip)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_commit *c = NULL;
	git_reference *moved = NULL;
	git_diff *diff = NULL;
	char **paths = NULL;
	size_t n = 0;
	int err, ret = -1;

	if (git_oid_equal(to, git_reference_target(s->branch)))
		return 0;
	if (git_commit_lookup(&c, s->git, to) < 0) {
		git_fail("cannot read the commit to move to");
		goto out;
	}
	if (moved_paths(s, c, skip, &diff, &paths, &n) < 0)
		goto out;
	if (record && record_write(s, "fast-forward", git_reference_target(s->branch), to) < 0)
		goto out;
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.paths.strings = paths;
	co.paths.count = n;
	/* the few files themselves, without libgit2's reading and writing of the whole index */
	err = n && !skip ? repo_checkout_changes(s->repo, diff, to) : 1;
	if (err < 0) /* written part way: the record stays, as after a kill */
		goto out;
	if (!err) /* libgit2's index in memory, if it read one, is older than the file */
		git_repository_set_index(s->git, NULL);
	/* no paths is every path to libgit2; the same trees have nothing to write */
	if (err && n && (err = git_checkout_tree(s->git, (const git_object *)c, &co)) < 0) {
		git_fail("cannot update the work tree");
		/*
		 * Refused before it wrote anything (a file in the way): nothing to
		 * finish. Else (a full disk) the record stays, for the next sync
		 * to finish what was written, as after a kill (sync_resume()).
		 */
		if (record && err == GIT_ECONFLICT)
			record_remove(s);
		goto out;
	}
	if (git_reference_set_target(&moved, s->branch, to, msg) < 0) {
		git_fail("cannot move the branch");
		goto out;
	}
	if (record)
		record_remove(s);
	ret = reload_branch(s);
out:
	free(paths);
	git_diff_free(diff);
	git_reference_free(moved);
	git_commit_free(c);
	return ret;
}

int sync_fast_forward(struct sync_repo *s)
{
	git_oid theirs;

	if (tracking_id(s, &theirs))
		return -1;
	return move_branch(s, &theirs, 1, "sync: fast-forward");
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void sync_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

static int index_conflicts(git_index *idx, char ***paths, size_t *n)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *anc, *ours, *theirs;
	char **v = NULL;
	size_t nv = 0, alloc = 0;
	int err;

	if (git_index_conflict_iterator_new(&it, idx) < 0)
		return git_fail("cannot read the index's conflicts");
	while (!(err = git_index_conflict_next(&anc, &ours, &theirs, it))) {
		const char *p = ours ? ours->path : theirs ? theirs->path : anc->path;
		ALLOC_GROW(v, nv + 1, alloc);
		v[nv++] = xstrdup(p);
	}
	git_index_conflict_iterator_free(it);
	if (err != GIT_ITEROVER) {
		sync_paths_free(v, nv);
		return git_fail("cannot read the index's conflicts");
	}
	if (nv)
		qsort(v, nv, sizeof(*v), path_cmp);
	*paths = v;
	*n = nv;
	return 0;
}

enum sync_conflict sync_conflict_kind(struct sync_repo *s, const char *path)
{
	const git_index_entry *anc, *ours, *theirs;
	git_index *idx = NULL;
	enum sync_conflict k = SYNC_BOTH_CHANGED;

	if (git_repository_index(&idx, s->git) == 0 && git_index_read(idx, 1) == 0 &&
	    git_index_conflict_get(&anc, &ours, &theirs, idx, path) == 0 && anc)
		k = !theirs && ours ? SYNC_DELETED_THERE : !ours && theirs ? SYNC_DELETED_HERE
									  : SYNC_BOTH_CHANGED;
	/* in a replay HEAD's side is the remote's, and the commit replayed ours */
	if (s->replaying && k != SYNC_BOTH_CHANGED)
		k = k == SYNC_DELETED_THERE ? SYNC_DELETED_HERE : SYNC_DELETED_THERE;
	git_error_clear();
	git_index_free(idx);
	return k;
}

const char *sync_prefix(const struct sync_repo *s)
{
	return s->prefix;
}

int sync_conflicts(struct sync_repo *s, char ***paths, size_t *n)
{
	git_index *idx = NULL;
	int ret;

	if (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 1) < 0) {
		git_index_free(idx);
		return git_fail("cannot read the index");
	}
	ret = index_conflicts(idx, paths, n);
	git_index_free(idx);
	return ret;
}

/* Whether `path` (from the top of the work tree) is a client file of the notebook. */
static int is_client_file(const struct sync_repo *s, const char *path)
{
	size_t pn = strlen(s->prefix), n;
	const char *rest;

	if (strncmp(path, s->prefix, pn) || strncmp(path + pn, "clients/", 8))
		return 0;
	rest = path + pn + 8;
	n = strlen(rest);
	return n > 3 && !strchr(rest, '/') && !strcmp(rest + n - 3, ".md");
}

/* Whether `path` is a journal entry of the notebook. */
static int is_journal_file(const struct sync_repo *s, const char *path)
{
	size_t pn = strlen(s->prefix), n = strlen(path);

	return !strncmp(path, s->prefix, pn) && !strncmp(path + pn, "journal/", 8) &&
	       n > 3 && !strcmp(path + n - 3, ".md");
}

/* The three versions of a file a merge compares: the ancestor's, ours, theirs. */
struct versions {
	git_blob *blob[3];
	const char *data[3]; /* "" for a version that is absent */
	size_t len[3];
};

/*
 * Reads the versions of entries `anc`, `ours` and `theirs` (NULL: absent)
 * into *v, which versions_release() frees whatever this returns: 0, 1
 * when one is larger than a notebook file may be, -1 with a message.
 */
static int versions_read(git_repository *git, const git_index_entry *anc,
			 const git_index_entry *ours, const git_index_entry *theirs,
			 struct versions *v)
{
	const git_index_entry *e[3] = { anc, ours, theirs };

	memset(v, 0, sizeof(*v));
	for (int i = 0; i < 3; i++) {
		v->data[i] = "";
		if (!e[i])
			continue;
		if (git_blob_lookup(&v->blob[i], git, &e[i]->id) < 0)
			return git_fail("cannot read a blob");
		v->data[i] = git_blob_rawcontent(v->blob[i]);
		v->len[i] = (size_t)git_blob_rawsize(v->blob[i]);
		if (v->len[i] > MAX_FILE_SIZE)
			return 1;
	}
	return 0;
}

static void versions_release(struct versions *v)
{
	for (int i = 0; i < 3; i++)
		git_blob_free(v->blob[i]);
}

/*
 * Merges one conflicted client file (or journal entry) by key into the
 * work tree; a clean result is staged. 0, or -1 with a message.
 */
static int merge_client(struct sync_repo *s, git_index *idx, const char *path)
{
	const git_index_entry *anc, *ours, *theirs;
	const git_oid *remote_tip = s->replaying ? git_reference_target(s->branch) : &s->merging;
	struct versions v;
	struct merge_labels labels;
	size_t conflicts;
	struct buf out = BUF_INIT;
	char *full, *who = NULL, *label = NULL, id[8];
	int ret;

	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) < 0)
		return git_fail("cannot read a conflict");
	if (!ours || !theirs)
		return 0; /* removed on one side: left to the user */
	if ((ret = versions_read(s->git, anc, ours, theirs, &v)) != 0) {
		versions_release(&v);
		return ret < 0 ? -1 : 0; /* too large: left to the user */
	}
	labels.ours = s->label_ours;
	labels.theirs = s->label_theirs;
	/* the person who last changed the file on the remote's side (HEAD's in a replay) */
	if (team_last_change_git(s->git, remote_tip, path, id, &who) == 0) {
		char tip[8];
		git_oid_tostr(tip, sizeof(tip), remote_tip);
		label = xasprintf("%s, %s (%s)", who, s->where_branch, tip);
		if (s->replaying)
			labels.ours = label;
		else
			labels.theirs = label;
	}
	conflicts = merge_file_labeled(path, v.data[0], v.len[0], v.data[1], v.len[1], v.data[2],
				       v.len[2], &labels, &out);
	full = xasprintf("%s%s", s->workdir, path);
	ret = fs_write_atomic(full, buf_str(&out), out.len) < 0 ? -1 : 0;
	if (!ret && !conflicts && (git_index_conflict_remove(idx, path) < 0 ||
				   git_index_add_bypath(idx, path) < 0))
		ret = git_fail("cannot stage a merged file");
	versions_release(&v);
	buf_release(&out);
	free(full);
	free(who);
	free(label);
	return ret;
}

/*
 * libgit2's merge calls this for every file changed on both sides, in
 * place of its line merge: a client file is merged by key, so two
 * different keys are merged even when their lines touch, and two sides
 * adding one key at different places are a conflict rather than a
 * duplicate key; so is a journal entry both sides changed (promises
 * ticked on two machines), whose ticks merge line by line. A conflict is
 * left to merge_client(), which writes the markers. An entry added on
 * both sides under one name is two entries (split_journal()), and any
 * other file gets libgit2's own line merge.
 */
struct key_driver {
	git_merge_driver base;      /* first: libgit2 hands back this pointer */
	const struct sync_repo *s;  /* the sync in progress */
};

static int key_driver_apply(git_merge_driver *self, const char **path_out, uint32_t *mode_out,
			    git_buf *merged_out, const char *filter_name,
			    const git_merge_driver_source *src)
{
	struct key_driver *kd = (struct key_driver *)self;
	const git_index_entry *anc = git_merge_driver_source_ancestor(src);
	const git_index_entry *ours = git_merge_driver_source_ours(src);
	const git_index_entry *theirs = git_merge_driver_source_theirs(src);
	struct versions v;
	struct buf out = BUF_INIT;
	int ret;

	(void)filter_name;
	if (!kd->s || !ours || !theirs || strcmp(ours->path, theirs->path) ||
	    !(is_client_file(kd->s, ours->path) || (anc && is_journal_file(kd->s, ours->path))))
		return GIT_PASSTHROUGH;
	if ((ret = versions_read(git_merge_driver_source_repo(src), anc, ours, theirs, &v)) != 0)
		ret = ret < 0 ? -1 : GIT_PASSTHROUGH; /* too large: libgit2's line merge */
	else if (merge_file_labeled(ours->path, v.data[0], v.len[0], v.data[1], v.len[1],
				    v.data[2], v.len[2], &merge_default_labels, &out))
		ret = GIT_EMERGECONFLICT;
	/* git_buf_set copies with libgit2's allocator, which frees the result */
	else if (git_buf_set(merged_out, out.data ? out.data : "", out.len) < 0)
		ret = -1;
	else {
		*path_out = ours->path;
		*mode_out = ours->mode;
	}
	buf_release(&out);
	versions_release(&v);
	return ret;
}

static struct key_driver key_driver = {
	{ GIT_MERGE_DRIVER_VERSION, NULL, NULL, key_driver_apply },
	NULL,
};

/* The driver's name: the one `sync --install-driver` gives client files too. */
#define KEY_DRIVER "notebook"

static int key_driver_register(void)
{
	static int done;
	int err;

	if (done)
		return 0;
	err = git_merge_driver_register(KEY_DRIVER, &key_driver.base);
	if (err < 0 && err != GIT_EEXISTS)
		return git_fail("cannot register the merge of client files");
	done = 1;
	return 0;
}

static int write_blob(struct sync_repo *s, const git_oid *id, const char *path)
{
	git_blob *b = NULL;
	char *full = xasprintf("%s%s", s->workdir, path);
	int ret = -1;

	if (git_blob_lookup(&b, s->git, id) < 0)
		git_fail("cannot read a blob");
	else if (fs_write_atomic(full, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b)) == 0)
		ret = 0;
	git_blob_free(b);
	free(full);
	return ret;
}

/* Whether `name` is a file of tree `t` (NULL: none). */
static int in_tree(git_tree *t, const char *name)
{
	git_tree_entry *e = NULL;
	int found = t && git_tree_entry_bypath(&e, t, name) == 0;

	git_tree_entry_free(e);
	git_error_clear();
	return found;
}

/*
 * The name this machine's entry `path` takes when the other side has an
 * entry of that name: the first "-N" (from "-2", after any "-N" of its
 * own) in neither tree `a` nor `b` nor the work tree. malloc'd.
 */
static char *split_name(struct sync_repo *s, const char *path, git_tree *a, git_tree *b)
{
	struct stat st;
	char *stem, *other = NULL, *full = NULL;
	size_t n = strlen(path) - 3;

	stem = xstrndup(path, n);
	while (n && stem[n - 1] >= '0' && stem[n - 1] <= '9')
		n--;
	if (n && n < strlen(stem) && stem[n - 1] == '-')
		stem[n - 1] = '\0';
	for (int k = 2; k < 1000; k++) {
		free(other);
		free(full);
		other = xasprintf("%s-%d.md", stem, k);
		full = xasprintf("%s%s", s->workdir, other);
		if (!in_tree(a, other) && !in_tree(b, other) && lstat(full, &st) < 0 &&
		    errno == ENOENT)
			break;
	}
	free(stem);
	free(full);
	return other;
}

/* The copy plan_splits() planned for entry `path`, malloc'd; NULL if none. */
static char *planned_copy(const struct sync_repo *s, const char *path)
{
	return renamed_find(&s->renamed, path, 1);
}

/*
 * Notes in the record that this machine's entry `path` is copied under a
 * name split_name() finds free in trees `a` and `b` (NULL: the work tree
 * only), before the copy is written, so that --abort of a merge killed
 * after it removes the copy. The name, malloc'd; NULL with a message.
 */
static char *plan_copy(struct sync_repo *s, const char *path, git_tree *a, git_tree *b)
{
	char *copy = split_name(s, path, a, b);

	if (strpbrk(path, "\t\n"))
		return copy; /* a name the record cannot hold: --abort leaves its copy */
	buf_printf(&s->renamed, "renamed\t%s\t%s\n", copy, path);
	if (record_write(s, s->replaying ? "replaying" : "merging", git_reference_target(s->branch),
			 &s->merging) < 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

/*
 * Entries added under one name on both sides since their common ancestor
 * `base` (NULL: none) by commits `head` and `other`: before the merge (or
 * the replay of `other`) writes anything, each is noted in the record with
 * the name of its copy (split_name()), then this machine's version is
 * written there, so that wherever the merge is killed or fails, every
 * entry is committed or in the work tree (libgit2's checkout removes the
 * file of that name before it writes the conflict); split_journal() then
 * stages the copy. 0, or -1 with a message.
 */
static int plan_splits(struct sync_repo *s, const git_oid *base, const git_oid *head,
		       const git_oid *other)
{
	git_tree *ht = NULL, *ot = NULL;
	git_diff *diff = NULL;
	int ret = 0;

	if (commit_tree_of(s, head, &ht) < 0 || commit_tree_of(s, other, &ot) < 0 ||
	    diff_commits(s, base, other, &diff) < 0)
		ret = -1;
	for (size_t i = 0; !ret && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		git_tree_entry *e = NULL;
		char *copy = NULL;

		if (d->status != GIT_DELTA_ADDED || !is_journal_file(s, path) ||
		    git_tree_entry_bypath(&e, ht, path) < 0) {
			git_error_clear();
			continue;
		}
		if (git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB &&
		    !git_oid_equal(git_tree_entry_id(e), &d->new_file.id)) {
			/* in a replay HEAD's side is the remote's, and the commit replayed ours */
			if (!(copy = plan_copy(s, path, ht, ot)) ||
			    write_blob(s, s->replaying ? &d->new_file.id : git_tree_entry_id(e),
				       copy) < 0)
				ret = -1;
			free(copy);
		}
		git_tree_entry_free(e);
	}
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(ht);
	return ret;
}

/*
 * Two machines logged the same kind for the same client on the same day:
 * one name, two entries. Theirs keeps the name and ours takes the next
 * free "-N" suffix, both staged: theirs is already on the remote, where
 * other clones may tick its promises under that name, while ours was
 * added since the last sync and is known here only. Renaming theirs would
 * make such a tick a conflict with a different entry. The copy's name is
 * the one plan_splits() gave it before the merge, its version written.
 */
static int split_journal(struct sync_repo *s, git_index *idx, const char *path)
{
	const git_index_entry *anc, *ours, *theirs;
	char *other = NULL;
	int ret = -1;

	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) < 0)
		return git_fail("cannot read a conflict");
	if (anc || !ours || !theirs)
		return 0;
	/* planned unless libgit2 saw two entries where plan_splits() saw none */
	if (!(other = planned_copy(s, path)) && !(other = plan_copy(s, path, NULL, NULL)))
		return -1;
	/* in a replay HEAD's side is the remote's, and the commit replayed ours */
	if (s->replaying ? write_blob(s, &theirs->id, other) < 0 || write_blob(s, &ours->id, path) < 0
			 : write_blob(s, &ours->id, other) < 0 || write_blob(s, &theirs->id, path) < 0)
		goto out;
	printf_escaped("renamed %s to %s: the remote has an entry of that name\n", path, other);
	if (git_index_conflict_remove(idx, path) < 0 || git_index_add_bypath(idx, path) < 0 ||
	    git_index_add_bypath(idx, other) < 0) {
		git_fail("cannot stage a journal entry");
		goto out;
	}
	ret = 0;
out:
	free(other);
	return ret;
}

/*
 * A file libgit2 left in conflict: a client file or a changed entry is
 * merged again by key, with notebook's markers; an entry added on both
 * sides is split in two; anything else is left as libgit2 wrote it.
 */
static int merge_conflict(struct sync_repo *s, git_index *idx, const char *path)
{
	const git_index_entry *anc, *ours, *theirs;

	if (is_client_file(s, path))
		return merge_client(s, idx, path);
	if (!is_journal_file(s, path))
		return 0;
	if (git_index_conflict_get(&anc, &ours, &theirs, idx, path) < 0)
		return git_fail("cannot read a conflict");
	return anc ? merge_client(s, idx, path) : split_journal(s, idx, path);
}

int sync_head_short(char out[8])
{
	git_repository *r = NULL;
	git_oid id;
	int ret = -1;

	out[0] = '\0';
	git_libgit2_init(); /* counted: the merge driver opens no notebook */
	if (git_repository_open_ext(&r, ".", 0, NULL) == 0 &&
	    git_reference_name_to_id(&id, r, "HEAD") == 0) {
		git_oid_tostr(out, 8, &id);
		ret = 0;
	}
	git_error_clear();
	git_repository_free(r);
	git_libgit2_shutdown();
	return ret;
}

void sync_driver_labels(const char *path, const char *hex, char **ours, char **who)
{
	git_repository *r = NULL;
	git_oid id, start;
	char head[8] = "", last[8];

	*ours = *who = NULL;
	git_libgit2_init(); /* counted: the merge driver opens no notebook */
	if (git_repository_open_ext(&r, ".", 0, NULL) == 0) {
		if (git_reference_name_to_id(&id, r, "HEAD") == 0)
			git_oid_tostr(head, sizeof(head), &id);
		*ours = repo_label_here(r, *head ? head : "no commit");
		if (hex && path && git_oid_fromstr(&start, hex) == 0 &&
		    team_last_change_git(r, &start, path, last, who) != 0) {
			free(*who);
			*who = NULL;
		}
	}
	if (!*ours)
		*ours = xstrdup("this machine");
	git_error_clear();
	git_repository_free(r);
	git_libgit2_shutdown();
}

/*
 * What conflict markers call the two sides, as a user knows them: the
 * user on this machine and the remote's author, each with its short id.
 */
static void set_labels(struct sync_repo *s, const git_oid *theirs)
{
	char a[8], b[8];
	git_commit *c = NULL;
	const git_signature *who;

	git_oid_tostr(a, sizeof(a), git_reference_target(s->branch));
	git_oid_tostr(b, sizeof(b), theirs);
	free(s->label_ours);
	free(s->label_theirs);
	s->label_ours = repo_label_here(s->git, a);
	if (git_commit_lookup(&c, s->git, theirs) == 0 && (who = git_commit_author(c)) &&
	    who->name && *who->name)
		s->label_theirs = xasprintf("%s, %s (%s)", who->name, s->where_branch, b);
	else
		s->label_theirs = xasprintf("the remote, %s (%s)", s->where_branch, b);
	git_error_clear();
	git_commit_free(c);
}

/*
 * The paths of `diff` (from HEAD) whose work-tree file is HEAD's version,
 * or absent when HEAD has none: of the files a merge may write, those it
 * finds as HEAD left them (libgit2 refuses to write any other). The
 * array is malloc'd; its strings are the diff's.
 */
static char **unchanged_paths(struct sync_repo *s, git_diff *diff, size_t *n)
{
	char **v = xcalloc(git_diff_num_deltas(diff) + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char *full = xasprintf("%s%s", s->workdir, d->new_file.path);
		struct stat st;

		if (d->status == GIT_DELTA_ADDED ? lstat(full, &st) < 0 && errno == ENOENT
						 : holds_blob(full, &d->old_file.id))
			v[(*n)++] = (char *)d->new_file.path;
		free(full);
	}
	return v;
}

/*
 * Undoes a merge of `theirs` that failed with libgit2's merge state ended
 * (a full disk during its checkout ends it, the files written so far left
 * behind, which the next sync would take for hand edits): each of the
 * `n` paths `clean` (HEAD's before the merge) gets HEAD's version back in
 * the work tree and the index; the lock files of the checkout and the
 * copies planned for the merge go. Any other file is left alone. 0, or -1
 * with a message.
 */
static int undo_failed_merge(struct sync_repo *s, const git_oid *theirs, char **clean, size_t n)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_strarray ps = { clean, n };
	git_object *head = NULL;
	int ret = -1;

	if (each_change(s, git_reference_target(s->branch), theirs, remove_checkout_lock) < 0)
		return -1;
	co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED |
			       GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	co.paths = ps;
	if (n && (git_object_lookup(&head, s->git, git_reference_target(s->branch),
				    GIT_OBJECT_COMMIT) < 0 ||
		  git_reset_default(s->git, head, &ps) < 0 ||
		  git_checkout_tree(s->git, head, &co) < 0))
		git_fail("cannot put back the files the failed merge wrote");
	else if (remove_renamed_copies(s) == 0)
		ret = 0;
	git_object_free(head);
	return ret;
}

/* More paths than this, and the merge's checkout looks at every file. */
#define MERGE_PATHS_MAX 4096

/*
 * The paths either side changed since the merge base `base` (NULL: none)
 * into *out (the caller frees each and the array): the only paths whose
 * merged version can differ from HEAD's, renames included (a renamed
 * file's old and new paths are both changes of its side), so the only
 * ones the merge's checkout needs to look at. 0 with out->count 0 when
 * they are too many to list (or no base): every path is looked at then.
 */
static int merge_paths(struct sync_repo *s, const git_oid *base, const git_oid *theirs,
		       git_strarray *out)
{
	const git_oid *sides[2] = { git_reference_target(s->branch), theirs };
	size_t alloc = 0;

	out->strings = NULL;
	out->count = 0;
	if (!base)
		return 0;
	for (int k = 0; k < 2; k++) {
		git_diff *diff = NULL;

		if (diff_commits(s, base, sides[k], &diff) < 0)
			return -1;
		for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			ALLOC_GROW(out->strings, out->count + 2, alloc);
			out->strings[out->count++] = xstrdup(d->old_file.path);
			if (strcmp(d->old_file.path, d->new_file.path))
				out->strings[out->count++] = xstrdup(d->new_file.path);
		}
		git_diff_free(diff);
	}
	if (out->count > MERGE_PATHS_MAX || !out->count) {
		/* nothing changed on either side: no path at all would be every path too */
		for (size_t i = 0; i < out->count; i++)
			free(out->strings[i]);
		free(out->strings);
		out->strings = NULL;
		out->count = 0;
	}
	return 0;
}

/*
 * Merges the remote's commit `theirs` into the work tree and index with
 * libgit2: recorded first (a merge killed is known as such), the copies
 * of entries of one name written (plan_splits()). A failure that leaves
 * libgit2's merge state is left for --abort; one that ended it is undone
 * (undo_failed_merge()), and the record goes. 0, or -1 with a message.
 */
static int merge_in_tree(struct sync_repo *s, const git_oid *theirs)
{
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_annotated_commit *ac = NULL;
	git_diff *diff = NULL;
	char **clean = NULL;
	size_t nclean = 0;
	git_oid base;
	int err, ret = -1;

	if (git_annotated_commit_lookup(&ac, s->git, theirs) < 0)
		return git_fail("cannot read the remote's commit");
	set_labels(s, theirs);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_ALLOW_CONFLICTS;
	/* the markers merge.c writes in client files, in every file */
	co.our_label = s->label_ours;
	co.their_label = s->label_theirs;
	git_oid_cpy(&s->merging, theirs);
	buf_reset(&s->renamed);
	/* before MERGE_HEAD exists: a merge that is killed is known as such */
	if (key_driver_register() < 0 ||
	    record_write(s, "merging", git_reference_target(s->branch), theirs) < 0)
		goto out;
	if ((err = git_merge_base(&base, s->git, git_reference_target(s->branch), theirs)) < 0 &&
	    err != GIT_ENOTFOUND) {
		git_fail("cannot find where the branches parted");
		goto undo;
	}
	if (plan_splits(s, err ? NULL : &base, git_reference_target(s->branch), theirs) < 0 ||
	    diff_commits(s, git_reference_target(s->branch), theirs, &diff) < 0)
		goto undo;
	clean = unchanged_paths(s, diff, &nclean);
	/* the checkout looks at the paths either side changed, not at every file */
	if (merge_paths(s, err ? NULL : &base, theirs, &co.paths) < 0)
		goto undo;
	if (co.paths.count)
		co.checkout_strategy |= GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
	mo.default_driver = KEY_DRIVER;
	key_driver.s = s;
	err = git_merge(s->git, (const git_annotated_commit **)&ac, 1, &mo, &co);
	key_driver.s = NULL;
	if (err >= 0) {
		/* what it may have written, for sync_merge_touched() */
		touched_release(s);
		s->touched = co.paths;
		s->touched_known = co.paths.count > 0;
		co.paths.strings = NULL;
		co.paths.count = 0;
		ret = 0;
		goto out;
	}
	git_fail("cannot merge");
	if (git_repository_state(s->git) != GIT_REPOSITORY_STATE_NONE)
		goto out;
undo:
	if (undo_failed_merge(s, theirs, clean, nclean) == 0)
		record_remove(s);
out:
	for (size_t i = 0; i < co.paths.count; i++)
		free(co.paths.strings[i]);
	free(co.paths.strings);
	free(clean);
	git_diff_free(diff);
	git_annotated_commit_free(ac);
	return ret;
}

int sync_merge(struct sync_repo *s, char ***paths, size_t *n)
{
	git_index *idx = NULL;
	char **v = NULL;
	size_t nv = 0;
	git_oid theirs;
	int ret = -1;

	touched_release(s);
	if (tracking_id(s, &theirs) || merge_in_tree(s, &theirs) < 0)
		goto out;
	/* read again only when the file changed since (its stamp or its checksum) */
	if (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 0) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	if (index_conflicts(idx, &v, &nv) < 0)
		goto out;
	for (size_t i = 0; i < nv; i++)
		if (merge_conflict(s, idx, v[i]) < 0)
			goto out;
	/* as git_merge() wrote it when no conflict was settled here */
	if (nv && git_index_write(idx) < 0) {
		git_fail("cannot write the index");
		goto out;
	}
	sync_paths_free(v, nv);
	v = NULL;
	nv = 0;
	if (index_conflicts(idx, paths, n) < 0)
		goto out;
	/* the whole merge is written: only now may --continue finish it */
	if (*n && record_write(s, "stopped", git_reference_target(s->branch), &theirs) < 0)
		goto out;
	ret = 0;
out:
	sync_paths_free(v, nv);
	git_index_free(idx);
	return ret;
}

int sync_merge_touched(const struct sync_repo *s, void (*fn)(void *arg, const char *path),
		       void *arg)
{
	const char *at = buf_str(&s->renamed);
	char *copy, *entry;

	if (!s->touched_known)
		return -1;
	for (size_t i = 0; i < s->touched.count; i++)
		fn(arg, s->touched.strings[i]);
	while (renamed_next(&at, &copy, &entry)) {
		fn(arg, copy);
		fn(arg, entry);
		free(copy);
		free(entry);
	}
	return 0;
}

int sync_stage(struct sync_repo *s, char **paths, size_t n)
{
	return repo_stage_paths(s->git, "", paths, n);
}

int sync_commit_merge(struct sync_repo *s)
{
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL, *committer = NULL;
	git_commit *parents[2] = { NULL, NULL };
	git_oid tree_id, id, mh;
	char *msg = NULL;
	int err, ret = -1;

	/* the index as the disk has it: read again when its stamp or checksum changed */
	if (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 0) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	if (git_index_has_conflicts(idx)) {
		error("conflicts remain; fix the files, then run 'notebook sync --continue'");
		goto out;
	}
	if ((err = merge_head(s, &mh)) != 0) {
		if (err > 0)
			error("no merge in progress");
		goto out;
	}
	if (repo_signatures(s->git, &sig, &committer) < 0)
		goto out;
	if (git_index_write_tree(&tree_id, idx) < 0 || git_tree_lookup(&tree, s->git, &tree_id) < 0 ||
	    git_commit_lookup(&parents[0], s->git, git_reference_target(s->branch)) < 0 ||
	    git_commit_lookup(&parents[1], s->git, &mh) < 0) {
		git_fail("cannot prepare the merge commit");
		goto out;
	}
	msg = xasprintf("sync: merge %s\n", s->where_branch ? s->where_branch : "the remote");
	if (git_commit_create(&id, s->git, git_reference_name(s->branch), sig, committer, NULL, msg,
			      tree, 2, (const git_commit **)parents) < 0) {
		git_fail("cannot commit the merge");
		goto out;
	}
	if (git_repository_state_cleanup(s->git) < 0) {
		git_fail("cannot end the merge state");
		goto out;
	}
	record_remove(s);
	ret = reload_branch(s);
out:
	free(msg);
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_tree_free(tree);
	git_signature_free(sig);
	git_signature_free(committer);
	git_index_free(idx);
	return ret;
}

/*
 * Whether the work-tree file `full` holds the start of `blob`, up to all
 * of it: what a checkout killed while it wrote the file leaves.
 */
static int holds_start_of(git_repository *git, const char *full, const git_oid *blob)
{
	git_blob *b = NULL;
	char *data = NULL;
	size_t len = 0;
	struct stat st;
	int ret = 0;

	if (lstat(full, &st) < 0 || !S_ISREG(st.st_mode) || git_blob_lookup(&b, git, blob) < 0)
		goto out;
	if ((size_t)st.st_size > (size_t)git_blob_rawsize(b))
		goto out;
	if (!st.st_size) {
		ret = 1;
		goto out;
	}
	if (fs_read_file(full, (size_t)st.st_size, &data, &len) == 0)
		ret = !memcmp(data, git_blob_rawcontent(b), len);
out:
	free(data);
	git_blob_free(b);
	git_error_clear();
	return ret;
}

/*
 * A file the remote added (change `d`, from HEAD to the remote's commit)
 * that a merge wrote into the work tree, left behind by a reset when the
 * index never listed it (a merge killed before it wrote the index): it is
 * removed when it holds the remote's version or the start of it (killed
 * while writing it), which the remote keeps whole; anything else stays.
 */
static void remove_merged_addition(struct sync_repo *s, const git_diff_delta *d)
{
	char *full;

	if (d->status != GIT_DELTA_ADDED || d->new_file.mode != GIT_FILEMODE_BLOB)
		return;
	full = xasprintf("%s%s", s->workdir, d->new_file.path);
	if (holds_start_of(s->git, full, &d->new_file.id) && unlink(full) < 0 && errno != ENOENT)
		error("cannot remove '%s': %s", full, strerror(errno));
	free(full);
}

/*
 * Calls `fn` for each copy of our entries that a merge or a replay wrote
 * under a new name (two entries of one name: split_journal) that holds
 * our entry's version (or the start of it), which HEAD keeps under the
 * old name, and that HEAD has not. 0, 1 when there is no record, or -1
 * (with a message, from `fn` too).
 */
static int each_renamed_copy(struct sync_repo *s,
			     int (*fn)(struct sync_repo *s, const char *copy, void *data), void *data)
{
	struct record r;
	git_tree *ht = NULL;
	int err, ret = 0;

	if ((err = record_read(s, &r)) != 0)
		return err;
	if (commit_tree_of(s, git_reference_target(s->branch), &ht) < 0) {
		record_release(&r);
		return -1;
	}
	for (size_t i = 0; !ret && i < r.nrenamed; i++) {
		git_tree_entry *copy = NULL, *orig = NULL;
		char *full = xasprintf("%s%s", s->workdir, r.renamed[2 * i]);

		if (git_tree_entry_bypath(&copy, ht, r.renamed[2 * i]) == GIT_ENOTFOUND &&
		    git_tree_entry_bypath(&orig, ht, r.renamed[2 * i + 1]) == 0 &&
		    holds_start_of(s->git, full, git_tree_entry_id(orig)))
			ret = fn(s, r.renamed[2 * i], data);
		git_tree_entry_free(copy);
		git_tree_entry_free(orig);
		free(full);
	}
	git_error_clear();
	git_tree_free(ht);
	record_release(&r);
	return ret;
}

static int unlink_copy(struct sync_repo *s, const char *copy, void *data)
{
	char *full = xasprintf("%s%s", s->workdir, copy);

	(void)data;
	if (unlink(full) < 0 && errno != ENOENT)
		error("cannot remove '%s': %s", full, strerror(errno));
	free(full);
	return 0;
}

/*
 * The copies of our entries that a merge wrote under a new name, left
 * untracked when it was killed (or by index_to_head()), are removed.
 */
static int remove_renamed_copies(struct sync_repo *s)
{
	int err = each_renamed_copy(s, unlink_copy, NULL);

	return err > 0 ? repo_repair_index(s->repo) : err;
}

/*
 * The index is HEAD's before --abort's reset writes the work tree.
 * libgit2's hard reset removes the files the index has and HEAD has not
 * before it writes HEAD's, and its checkout writes an index without a
 * conflicted path it finds already as HEAD has it, which the reset's own
 * index adds back only after: killed in between, our entry's -N copy was
 * gone and its name not yet written back (the entry in HEAD only), or a
 * client file was staged for deletion. From HEAD's index the copies and
 * the remote's files are untracked, which the reset leaves (the copies go
 * after it: remove_renamed_copies()), and no path of HEAD is missing.
 * 0, or -1 with a message.
 */
static int index_to_head(struct sync_repo *s, git_commit *head)
{
	git_index *idx = NULL;
	git_tree *tree = NULL;
	int ret = 0;

	if (git_repository_index(&idx, s->git) < 0 || git_commit_tree(&tree, head) < 0 ||
	    git_index_read_tree(idx, tree) < 0 || git_index_write(idx) < 0)
		ret = git_fail("cannot put HEAD's files in the index");
	git_tree_free(tree);
	git_index_free(idx);
	return ret;
}

/*
 * The lock files libgit2's checkout leaves beside the files it was writing
 * when a merge was killed ("<file>.lock", in the work tree): while one is
 * there, the reset of --abort cannot write that file back and leaves it
 * missing, which the next sync would take for a hand deletion. Both paths
 * of change `d` (HEAD's side and the other's), which the merge could have
 * written, are freed.
 */
static void remove_checkout_lock(struct sync_repo *s, const git_diff_delta *d)
{
	const char *side[2] = { d->old_file.path, d->new_file.path };

	for (int k = 0; k < 2; k++) {
		struct stat st;
		char *lock = xasprintf("%s%s.lock", s->workdir, side[k]);

		if (lstat(lock, &st) == 0 && S_ISREG(st.st_mode) && unlink(lock) < 0 &&
		    errno != ENOENT)
			error("cannot remove '%s': %s", lock, strerror(errno));
		free(lock);
	}
}

int sync_abort(struct sync_repo *s)
{
	git_commit *head = NULL;
	git_reference *moved = NULL;
	git_oid mh;
	int none, ret = -1;

	if ((none = merge_head(s, &mh)) < 0 || record_unstop(s) < 0)
		goto out;
	/* what a killed checkout locked: a merge's of MERGE_HEAD, a replay's of the commit replayed */
	if ((s->replaying || !none) &&
	    each_change(s, git_reference_target(s->branch), s->replaying ? &s->merging : &mh,
			remove_checkout_lock) < 0)
		goto out;
	/* a replay goes back to the branch as it was before it */
	if (s->replaying) {
		if (git_reference_set_target(&moved, s->branch, &s->orig, "sync: abort the replay") < 0 ||
		    reload_branch(s) < 0) {
			git_fail("cannot move the branch back");
			goto out;
		}
	}
	if (git_commit_lookup(&head, s->git, git_reference_target(s->branch)) < 0) {
		git_fail("cannot read HEAD");
		goto out;
	}
	/*
	 * The remote's files the merge wrote go before the reset: libgit2's hard
	 * reset ends the merge state itself, so an --abort killed just after it
	 * would leave them untracked with no MERGE_HEAD to say whose they are,
	 * and the next sync would take them for hand edits.
	 */
	if (!none && each_change(s, git_commit_id(head), &mh, remove_merged_addition) < 0)
		goto out;
	if (index_to_head(s, head) < 0)
		goto out;
	if (git_reset(s->git, (const git_object *)head, GIT_RESET_HARD, NULL) < 0) {
		git_fail("cannot return to HEAD");
		goto out;
	}
	/* a replay's copies too: its cherry-pick writes no MERGE_HEAD */
	if (remove_renamed_copies(s) < 0)
		goto out;
	if (git_repository_state_cleanup(s->git) < 0) {
		git_fail("cannot end the merge state");
		goto out;
	}
	record_remove(s);
	ret = 0;
out:
	git_reference_free(moved);
	git_commit_free(head);
	return ret;
}

/* Notes why the remote refused a reference (untrusted words: printed escaped). */
static int push_status(const char *refname, const char *status, void *data)
{
	struct buf *why = data;

	(void)refname;
	if (status && !why->len)
		buf_adds(why, status);
	return 0;
}

/* The repository a local path or file:// URL names, malloc'd; NULL for any other URL. */
static char *local_path(const char *url)
{
	if (!strncmp(url, "file://", 7))
		return xstrdup(url + 7);
	return *url == '/' ? xstrdup(url) : NULL;
}

/* Notes the lock file on the remote's branch that refused a push, and its age. */
static void note_ref_lock(struct sync_repo *s, git_repository *r, const char *refname)
{
	struct stat st;

	free(s->ref_lock);
	s->ref_lock = xasprintf("%s%s.lock", git_repository_path(r), refname);
	if (lstat(s->ref_lock, &st) < 0) {
		free(s->ref_lock); /* gone already: another push held it */
		s->ref_lock = NULL;
		return;
	}
	s->ref_lock_mtime = st.st_mtim;
}

char *sync_lock_report(const struct sync_repo *s)
{
	struct buf b = BUF_INIT;
	struct tm tm;
	char when[32];
	int stale;

	if (!s->ref_lock)
		return NULL;
	stale = s->ref_lock_mtime.tv_sec < s->started.tv_sec ||
		(s->ref_lock_mtime.tv_sec == s->started.tv_sec &&
		 s->ref_lock_mtime.tv_nsec < s->started.tv_nsec);
	localtime_r(&s->ref_lock_mtime.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	buf_adds(&b, "the remote's branch is locked by '");
	buf_adds(&b, s->ref_lock); /* raw: the caller prints it escaped */
	if (stale)
		buf_printf(&b, "', made at %s, before this sync started: it is stale, left by a "
			   "push that was killed; if no push to '%s' is running, remove that file and "
			   "run 'notebook sync' again", when, s->label);
	else
		buf_printf(&b, "', made at %s by another push; run 'notebook sync' again later",
			   when);
	return buf_detach(&b);
}

/*
 * A push to a repository on this machine, done here rather than by
 * libgit2's local transport, which sets the remote's branch whatever it
 * holds by then: a sync that fetched before another sync's push would
 * replace that push. The objects are written to the remote as a pack,
 * then the branch is moved only if it still holds what we fetched, under
 * the branch's lock. 0 when pushed (the remote-tracking branch updated),
 * 1 with *why when the remote moved, -1 with a message.
 */
static int push_local(struct sync_repo *s, const char *path, char **why)
{
	git_repository *r = NULL;
	git_revwalk *walk = NULL;
	git_packbuilder *pb = NULL;
	git_reference *moved = NULL, *tracking = NULL;
	const git_oid *ours = git_reference_target(s->branch);
	const char *msg = "push: notebook sync";
	char *pack = NULL, *name = xasprintf("refs/heads/%s", s->rbranch);
	git_oid theirs;
	int had, err, ret = -1;

	had = !tracking_id(s, &theirs);
	if (git_repository_open_ext(&r, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_fail("cannot open the remote repository");
		goto out;
	}
	if (!git_repository_is_bare(r)) {
		error("'%s' is not a bare repository; sync pushes only to bare ones", path);
		goto out;
	}
	pack = xasprintf("%sobjects/pack", git_repository_path(r));
	if (git_revwalk_new(&walk, s->git) < 0 || git_revwalk_push(walk, ours) < 0 ||
	    (had && git_revwalk_hide(walk, &theirs) < 0) || git_packbuilder_new(&pb, s->git) < 0) {
		git_fail("cannot send the commits");
		goto out;
	}
	git_packbuilder_set_threads(pb, 0); /* one thread per CPU for the deltas, as git packs */
	/* a first push sends the packs that hold only the branch's objects as they are */
	if (!had && repo_push_pack_reuse(s->git, ours, pack, pb) < 0)
		goto out;
	if ((had && repo_push_insert_new(s->git, walk, pb) < 0) ||
	    (git_packbuilder_object_count(pb) &&
	     git_packbuilder_write(pb, pack, 0, NULL, NULL) < 0)) {
		git_fail("cannot send the commits");
		goto out;
	}
	err = had ? git_reference_create_matching(&moved, r, name, ours, 1, &theirs, msg)
		  : git_reference_create(&moved, r, name, ours, 0, msg);
	if (err == GIT_ELOCKED) {
		note_ref_lock(s, r, name);
		*why = xstrdup("another push is moving the remote's branch");
		ret = 1;
		goto out;
	} else if (err == GIT_EMODIFIED || err == GIT_EEXISTS) {
		*why = xstrdup("the remote's branch moved since the fetch");
		ret = 1;
		goto out;
	} else if (err < 0) {
		git_fail("cannot move the remote's branch");
		goto out;
	}
	if (s->tracking &&
	    git_reference_create(&tracking, s->git, s->tracking, ours, 1, "sync: push") < 0) {
		git_fail("pushed, but cannot update the remote-tracking branch");
		goto out;
	}
	git_oid_cpy(&s->theirs, ours);
	s->have_theirs = 1;
	ret = 0;
out:
	free(name);
	git_reference_free(tracking);
	git_reference_free(moved);
	git_packbuilder_free(pb);
	git_revwalk_free(walk);
	git_repository_free(r);
	free(pack);
	return ret;
}

int sync_push(struct sync_repo *s, char **why)
{
	git_push_options po = GIT_PUSH_OPTIONS_INIT;
	git_reference *ref = NULL;
	struct buf refused = BUF_INIT;
	char *spec = NULL, *upstream = NULL, *path;
	git_strarray specs;
	const git_error *e;
	struct transport *t;
	int err, ret = -1;

	*why = NULL;
	path = local_path(git_remote_pushurl(s->remote) ? git_remote_pushurl(s->remote)
						    : git_remote_url(s->remote));
	if (path) {
		err = push_local(s, path, why);
		free(path);
		if (err) {
			ret = err;
			goto out;
		}
		goto pushed;
	}
	spec = xasprintf("%s:refs/heads/%s", git_reference_name(s->branch), s->rbranch);
	specs.strings = &spec;
	specs.count = 1;
	po.pb_parallelism = 0; /* one thread per CPU for the deltas, as git packs */
	po.callbacks.push_update_reference = push_status;
	po.callbacks.payload = &refused;
	t = transport_new(git_remote_pushurl(s->remote) ? git_remote_pushurl(s->remote)
						       : git_remote_url(s->remote));
	transport_callbacks(t, &po.callbacks);
	err = git_remote_push(s->remote, &specs, &po);
	transport_end(t, err);
	if (err < 0) {
		e = git_error_last();
		/* a remote that moved since the fetch: fetch and merge again */
		if (e && e->message && (strstr(e->message, "fast-forward") ||
					strstr(e->message, "fastforward") ||
					strstr(e->message, "not present locally"))) {
			buf_adds(&refused, e->message);
			*why = buf_detach(&refused);
			ret = 1;
			goto out;
		}
		git_fail("cannot push");
		goto out;
	}
	if (refused.len) {
		*why = buf_detach(&refused);
		ret = 1;
		goto out;
	}
	if (s->tracking && git_reference_name_to_id(&s->theirs, s->git, s->tracking) == 0)
		s->have_theirs = 1;
pushed:
	/*
	 * A first sync to a remote makes it the branch's upstream; an upstream
	 * the user chose is never changed (a sync to another remote named on
	 * the command line leaves it), nor is one set to a URL.
	 */
	if (s->tracking) {
		char *up_remote = NULL, *up_branch = NULL;

		err = upstream_of(s, &up_remote, &up_branch);
		free(up_remote);
		free(up_branch);
		if (err < 0)
			goto out;
		upstream = xasprintf("%s/%s", s->remote_name, s->rbranch);
		if (err > 0 && git_reference_lookup(&ref, s->git, s->tracking) == 0 &&
		    git_branch_set_upstream(s->branch, upstream) < 0) {
			git_fail("pushed, but cannot set the branch's upstream");
			goto out;
		}
	}
	ret = 0;
out:
	git_reference_free(ref);
	buf_release(&refused);
	free(upstream);
	free(spec);
	return ret;
}

int sync_rebase_default(void)
{
	git_config *cfg = NULL;
	git_buf path = GIT_BUF_INIT;
	const char *global = getenv("GIT_CONFIG_GLOBAL"), *nosys = getenv("GIT_CONFIG_NOSYSTEM");
	int on = 0;

	/* the user's own configuration only: never the repository's, never the notebook's */
	git_libgit2_init();
	if (git_config_new(&cfg) < 0)
		goto out;
	if (!(nosys && *nosys && strcmp(nosys, "0")) && !git_config_find_system(&path))
		git_config_add_file_ondisk(cfg, path.ptr, GIT_CONFIG_LEVEL_SYSTEM, NULL, 0);
	git_buf_dispose(&path);
	if (!git_config_find_xdg(&path))
		git_config_add_file_ondisk(cfg, path.ptr, GIT_CONFIG_LEVEL_XDG, NULL, 0);
	git_buf_dispose(&path);
	if (global && *global)
		git_config_add_file_ondisk(cfg, global, GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	else if (!git_config_find_global(&path))
		git_config_add_file_ondisk(cfg, path.ptr, GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	if (git_config_get_bool(&on, cfg, "notebook.syncrebase") < 0)
		on = 0;
out:
	git_error_clear();
	git_buf_dispose(&path);
	git_config_free(cfg);
	git_libgit2_shutdown();
	return on;
}

int sync_is_replay(const struct sync_repo *s)
{
	return s->replaying;
}

/*
 * The local commits not on the remote's branch, oldest first, into *v:
 * 0, 2 when one of them is a merge (not replayed: sync merges instead),
 * -1 with a message.
 */
static int replay_list(struct sync_repo *s, const git_oid *onto, git_oid **v, size_t *n)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	size_t alloc = 0;
	int ret = -1;

	*v = NULL;
	*n = 0;
	if (git_revwalk_new(&walk, s->git) < 0 ||
	    git_revwalk_push(walk, git_reference_target(s->branch)) < 0 ||
	    git_revwalk_hide(walk, onto) < 0) {
		git_fail("cannot list the local commits");
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL;
		unsigned np;
		if (git_commit_lookup(&c, s->git, &oid) < 0) {
			git_fail("cannot read a local commit");
			goto out;
		}
		np = git_commit_parentcount(c);
		git_commit_free(c);
		if (np != 1) {
			ret = 2;
			goto out;
		}
		ALLOC_GROW(*v, *n + 1, alloc);
		git_oid_cpy(&(*v)[(*n)++], &oid);
	}
	ret = 0;
out:
	git_error_clear();
	git_revwalk_free(walk);
	return ret;
}

/* A commit of `tree` on `parent` with `like`'s author and message; the branch moves when `ref`. */
static int commit_like(struct sync_repo *s, git_commit *like, const git_oid *tree_id,
		       const git_oid *parent, const char *ref, git_oid *out)
{
	git_signature *sig = NULL, *committer = NULL;
	git_commit *p = NULL;
	git_tree *tree = NULL;
	int ret;

	if (repo_signatures(s->git, &sig, &committer) < 0)
		return -1;
	ret = git_tree_lookup(&tree, s->git, tree_id) < 0 ||
	      git_commit_lookup(&p, s->git, parent) < 0 ||
	      git_commit_create(out, s->git, ref, git_commit_author(like), committer,
				git_commit_message_encoding(like), git_commit_message(like), tree, 1,
				(const git_commit **)&p) < 0 ? git_fail("cannot commit a replayed commit")
							: 0;
	git_tree_free(tree);
	git_commit_free(p);
	git_signature_free(sig);
	git_signature_free(committer);
	return ret;
}

/*
 * Replays commit `id` on `tip` in memory: *next is the new commit (or
 * `tip` when nothing of it is left to replay), or *conflict is set; with
 * `split`, entries of one name are split (split_in_memory()) instead. 0,
 * or -1 with a message.
 */
/*
 * In the in-memory index `idx` of commit `c` replayed on `tip`, splits each
 * entry added under one name on both sides as split_journal() does in the
 * work tree: the remote's keeps the name, the replayed one takes the name
 * split_name() finds, noted in s->renamed (written by replay_move()). A
 * commit that changes an entry split before is not split again. 0 when no
 * conflict is left, 1 when one is, -1 with a message.
 */
static int split_in_memory(struct sync_repo *s, git_index *idx, git_commit *tip, git_commit *c)
{
	git_tree *tt = NULL, *ct = NULL;
	char **v = NULL;
	size_t nv = 0;
	int ret = -1;

	if (git_commit_tree(&tt, tip) < 0 || git_commit_tree(&ct, c) < 0) {
		git_fail("cannot read a commit to replay");
		goto out;
	}
	if (index_conflicts(idx, &v, &nv) < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; !ret && i < nv; i++) {
		const git_index_entry *anc, *ours, *theirs;
		git_index_entry keep, copy;
		char *other = NULL;

		/* a name the record cannot hold is left to the replay in the work tree */
		if (!is_journal_file(s, v[i]) || strpbrk(v[i], "\t\n") ||
		    (other = planned_copy(s, v[i]))) {
			free(other);
			ret = 1;
			break;
		}
		if (git_index_conflict_get(&anc, &ours, &theirs, idx, v[i]) < 0) {
			ret = git_fail("cannot read a conflict");
			break;
		}
		if (anc || !ours || !theirs || ours->mode != GIT_FILEMODE_BLOB ||
		    theirs->mode != GIT_FILEMODE_BLOB) {
			ret = 1;
			break;
		}
		keep = *ours;
		copy = *theirs;
		keep.path = v[i];
		other = split_name(s, v[i], tt, ct);
		copy.path = other;
		GIT_INDEX_ENTRY_STAGE_SET(&keep, 0);
		GIT_INDEX_ENTRY_STAGE_SET(&copy, 0);
		buf_printf(&s->renamed, "renamed\t%s\t%s\n", other, v[i]);
		if (git_index_conflict_remove(idx, v[i]) < 0 || git_index_add(idx, &keep) < 0 ||
		    git_index_add(idx, &copy) < 0)
			ret = git_fail("cannot replay a commit");
		free(other);
	}
out:
	sync_paths_free(v, nv);
	git_tree_free(ct);
	git_tree_free(tt);
	return ret;
}

/* Whether commit `c` changes an entry a replay in memory split (s->renamed). */
static int touches_split(struct sync_repo *s, git_commit *c)
{
	git_diff *diff = NULL;
	int ret = 0;

	if (!*buf_str(&s->renamed))
		return 0;
	if (diff_commits(s, git_commit_parent_id(c, 0), git_commit_id(c), &diff) < 0)
		return -1;
	for (size_t i = 0; !ret && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		char *copy = planned_copy(s, d->old_file.path);
		ret = copy != NULL;
		free(copy);
	}
	git_diff_free(diff);
	return ret;
}

static int replay_one(struct sync_repo *s, const git_oid *id, const git_oid *tip, git_oid *next,
		      int *conflict, int split)
{
	git_merge_options mo = GIT_MERGE_OPTIONS_INIT;
	git_commit *c = NULL, *t = NULL;
	git_index *idx = NULL;
	git_oid tree;
	int err, ret = -1;

	*conflict = 0;
	if (git_commit_lookup(&c, s->git, id) < 0 || git_commit_lookup(&t, s->git, tip) < 0) {
		git_fail("cannot read a commit to replay");
		goto out;
	}
	mo.default_driver = KEY_DRIVER;
	key_driver.s = s;
	err = git_cherrypick_commit(&idx, s->git, c, t, 0, &mo);
	key_driver.s = NULL;
	if (err < 0) {
		git_fail("cannot replay a commit");
		goto out;
	}
	if (split && (err = touches_split(s, c)) == 0 && git_index_has_conflicts(idx))
		err = split_in_memory(s, idx, t, c);
	if (err < 0)
		goto out;
	if (err > 0 || (!split && git_index_has_conflicts(idx))) {
		*conflict = 1;
		ret = 0;
		goto out;
	}
	if (git_index_write_tree_to(&tree, idx, s->git) < 0) {
		git_fail("cannot replay a commit");
		goto out;
	}
	if (git_oid_equal(&tree, git_commit_tree_id(t)))
		git_oid_cpy(next, tip); /* already there */
	else if (commit_like(s, c, &tree, tip, NULL, next) < 0)
		goto out;
	ret = 0;
out:
	git_index_free(idx);
	git_commit_free(t);
	git_commit_free(c);
	return ret;
}

/*
 * Replays commit `id` on HEAD in the work tree and index (a cherry-pick),
 * client files and entries merged by key as in a merge; the paths still
 * in conflict go to *paths, and the replay is recorded as stopped when
 * there are any. 0, or -1 with a message.
 */
static int replay_in_tree(struct sync_repo *s, const git_oid *id, char ***paths, size_t *n)
{
	git_cherrypick_options cpo = GIT_CHERRYPICK_OPTIONS_INIT;
	git_commit *c = NULL;
	git_index *idx = NULL;
	char **v = NULL, head[8], mine[8];
	const git_signature *who;
	size_t nv = 0;
	int err, ret = -1;

	if (git_commit_lookup(&c, s->git, id) < 0) {
		git_fail("cannot read a commit to replay");
		goto out;
	}
	git_oid_tostr(head, sizeof(head), git_reference_target(s->branch));
	git_oid_tostr(mine, sizeof(mine), id);
	free(s->label_ours);
	free(s->label_theirs);
	who = git_commit_author(c);
	s->label_ours = xasprintf("%s (%s)", s->where_branch, head);
	s->label_theirs = who && who->name && *who->name ?
		xasprintf("%s, replayed (%s)", who->name, mine) : xasprintf("replayed (%s)", mine);
	git_oid_cpy(&s->merging, id);
	buf_reset(&s->renamed);
	if (record_write(s, "replaying", git_reference_target(s->branch), id) < 0 ||
	    plan_splits(s, git_commit_parentcount(c) ? git_commit_parent_id(c, 0) : NULL,
			git_reference_target(s->branch), id) < 0)
		goto out;
	cpo.merge_opts.default_driver = KEY_DRIVER;
	cpo.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_ALLOW_CONFLICTS;
	cpo.checkout_opts.our_label = s->label_ours;
	cpo.checkout_opts.their_label = s->label_theirs;
	key_driver.s = s;
	err = git_cherrypick(s->git, c, &cpo);
	key_driver.s = NULL;
	if (err < 0) {
		git_fail("cannot replay a commit");
		goto out;
	}
	if (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 1) < 0 ||
	    index_conflicts(idx, &v, &nv) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	for (size_t i = 0; i < nv; i++)
		if (merge_conflict(s, idx, v[i]) < 0)
			goto out;
	/* as git_merge() wrote it when no conflict was settled here */
	if (nv && git_index_write(idx) < 0) {
		git_fail("cannot write the index");
		goto out;
	}
	if (index_conflicts(idx, paths, n) < 0)
		goto out;
	if (*n && record_write(s, "replay-stopped", git_reference_target(s->branch), id) < 0)
		goto out;
	ret = 0;
out:
	sync_paths_free(v, nv);
	git_index_free(idx);
	git_commit_free(c);
	return ret;
}

/* Commits the replayed commit the index holds (CHERRY_PICK_HEAD's author and message). */
static int replay_commit(struct sync_repo *s)
{
	git_index *idx = NULL;
	git_commit *c = NULL;
	git_oid tree, pick, out;
	int ret = -1;

	if (git_reference_name_to_id(&pick, s->git, "CHERRY_PICK_HEAD") < 0 ||
	    git_commit_lookup(&c, s->git, &pick) < 0) {
		git_fail("cannot read the commit being replayed");
		goto out;
	}
	if (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 1) < 0 ||
	    git_index_write_tree(&tree, idx) < 0) {
		git_fail("cannot read the index");
		goto out;
	}
	{
		/* a commit whose changes are all there already leaves nothing to commit */
		git_commit *h = NULL;
		int same = git_commit_lookup(&h, s->git, git_reference_target(s->branch)) == 0 &&
			   git_oid_equal(&tree, git_commit_tree_id(h));
		git_commit_free(h);
		if (!same && commit_like(s, c, &tree, git_reference_target(s->branch),
					 git_reference_name(s->branch), &out) < 0)
			goto out;
	}
	if (git_repository_state_cleanup(s->git) < 0) {
		git_fail("cannot end the replay state");
		goto out;
	}
	ret = reload_branch(s);
out:
	git_index_free(idx);
	git_commit_free(c);
	return ret;
}

/*
 * Replays s->todo on `onto`: in memory while each commit applies, in the
 * work tree at the first that does not (its conflicts resolved by key
 * where they can be). 0 when all are replayed and the branch holds them,
 * 1 when stopped on conflicts (*paths), -1 with a message.
 */
static int replay_run(struct sync_repo *s, const git_oid *onto, char ***paths, size_t *n)
{
	git_oid tip;

	git_oid_cpy(&tip, onto);
	while (s->ntodo) {
		git_oid next, id;
		int conflict;

		if (replay_one(s, &s->todo[0], &tip, &next, &conflict, 0) < 0)
			return -1;
		if (!conflict) {
			git_oid_cpy(&tip, &next);
			memmove(s->todo, s->todo + 1, --s->ntodo * sizeof(*s->todo));
			continue;
		}
		/* the record keeps the original HEAD and the rest before the branch moves */
		git_oid_cpy(&id, &s->todo[0]);
		memmove(s->todo, s->todo + 1, --s->ntodo * sizeof(*s->todo));
		if (record_write(s, "replaying", &tip, &id) < 0 || move_branch(s, &tip, 0,
									   "sync: replay") < 0)
			return -1;
		if (replay_in_tree(s, &id, paths, n) < 0)
			return -1;
		if (*n)
			return 1;
		if (replay_commit(s) < 0)
			return -1;
		git_oid_cpy(&tip, git_reference_target(s->branch));
	}
	if (move_branch(s, &tip, 1, "sync: replay") < 0)
		return -1;
	record_remove(s);
	s->replaying = 0;
	return 0;
}

/*
 * Moves from HEAD to `tip`, the replay built in memory, as a fast-forward
 * does (recorded: a move killed half way is finished by the next sync),
 * after the copies of entries of one name (s->renamed) are written and
 * staged: this machine's entries stay in the work tree wherever the move
 * is killed. 0, or -1 with a message.
 */
static int replay_move(struct sync_repo *s, const git_oid *tip)
{
	git_tree *tt = NULL;
	git_index *idx = NULL;
	char *copy, *path;
	int ret = -1;

	if (git_oid_equal(tip, git_reference_target(s->branch)))
		return 0;
	if (commit_tree_of(s, tip, &tt) < 0 ||
	    record_write(s, "fast-forward", git_reference_target(s->branch), tip) < 0)
		goto out;
	if (*buf_str(&s->renamed) &&
	    (git_repository_index(&idx, s->git) < 0 || git_index_read(idx, 1) < 0)) {
		git_fail("cannot read the index");
		goto out;
	}
	for (const char *at = buf_str(&s->renamed); renamed_next(&at, &copy, &path);) {
		git_tree_entry *e = NULL;
		int err = git_tree_entry_bypath(&e, tt, copy) < 0 ? git_fail("cannot read a commit")
			  : write_blob(s, git_tree_entry_id(e), copy) < 0 ||
					  git_index_add_bypath(idx, copy) < 0
			  ? git_fail("cannot stage a journal entry") : 0;
		if (!err)
			printf_escaped("renamed %s to %s: the remote has an entry of that name\n",
				       path, copy);
		git_tree_entry_free(e);
		free(copy);
		free(path);
		if (err)
			goto out;
	}
	if (idx && git_index_write(idx) < 0) {
		git_fail("cannot write the index");
		goto out;
	}
	ret = move_branch_skip(s, tip, 1, "sync: replay", &s->renamed);
out:
	git_index_free(idx);
	git_tree_free(tt);
	return ret;
}

/*
 * Replays s->todo on `onto` in memory, entries of one name split, then
 * moves there (replay_move()): 0, 1 when a commit has a conflict that is
 * not a split (nothing written: the replay in the work tree takes over),
 * -1 with a message.
 */
static int replay_memory(struct sync_repo *s, const git_oid *onto)
{
	git_oid tip, next;
	int conflict;

	buf_reset(&s->renamed);
	git_oid_cpy(&tip, onto);
	for (size_t i = 0; i < s->ntodo; i++) {
		if (replay_one(s, &s->todo[i], &tip, &next, &conflict, 1) < 0)
			return -1;
		if (conflict) {
			buf_reset(&s->renamed);
			return 1;
		}
		git_oid_cpy(&tip, &next);
	}
	s->ntodo = 0;
	s->replaying = 0;
	conflict = replay_move(s, &tip);
	buf_reset(&s->renamed);
	return conflict;
}

int sync_replay(struct sync_repo *s, size_t *count, char ***paths, size_t *n)
{
	git_oid theirs;
	int err;

	*paths = NULL;
	*n = 0;
	*count = 0;
	if (tracking_id(s, &theirs))
		return -1;
	if (key_driver_register() < 0)
		return -1;
	free(s->todo);
	if ((err = replay_list(s, &theirs, &s->todo, &s->ntodo)) != 0) {
		free(s->todo);
		s->todo = NULL;
		s->ntodo = 0;
		return err;
	}
	*count = s->ntodo;
	s->replaying = 1;
	git_oid_cpy(&s->orig, git_reference_target(s->branch));
	if ((err = replay_memory(s, &theirs)) != 1)
		return err;
	return replay_run(s, &theirs, paths, n);
}

int sync_replay_continue(struct sync_repo *s, char ***paths, size_t *n)
{
	*paths = NULL;
	*n = 0;
	if (key_driver_register() < 0 || replay_commit(s) < 0)
		return -1;
	return replay_run(s, git_reference_target(s->branch), paths, n);
}
