/*
 * notebook sync [REMOTE | PATH | URL]: fetch the remote's branch (where the
 * user says: README, Sync), integrate it (up to
 * date, fast-forward, or a merge commit with client files merged by key),
 * validate the result, push; a push refused because the remote moved is
 * retried after a new fetch and merge, SYNC_TRIES times in all. Conflicts
 * stop it with markers in the files (exit 5) until --continue or --abort.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "buf.h"
#include "help.h"
#include "diag.h"
#include "load.h"
#include "split.h"
#include "statseen.h"
#include "model.h"
#include "git/repo.h"
#include "git/repo_sync.h"
#include "git/repo_team.h"
#include "text.h"
#include "util.h"
#include "yaml.h"

#define SYNC_TRIES 3

static const char sync_usage[] =
	"usage: notebook sync [REMOTE | PATH | URL] [--commit] [--dry-run] [--[no-]rebase]\n"
	"   or: notebook sync --continue [REMOTE | PATH | URL]\n"
	"   or: notebook sync --abort\n"
	"   or: notebook sync --install-driver\n";

enum sync_mode { MODE_SYNC, MODE_CONTINUE, MODE_ABORT, MODE_INSTALL };

struct forget {
	struct stat_seen_table *seen;
	const char *prefix; /* the notebook's root in the work tree */
};

static void forget_path(void *arg, const char *path)
{
	struct forget *f = arg;
	size_t len = strlen(f->prefix);

	if (!strncmp(path, f->prefix, len))
		stat_seen_forget(f->seen, path + len);
}

/*
 * The notebook as a merge left it, through the cache: with `seen` (the
 * stat data of the hand-edit check, NULL: none), the files the merge did
 * not write are taken as that check saw them rather than each stat'd
 * again; `seen` is spent.
 */
static int load_merged(struct cmd_ctx *ctx, struct sync_repo *s, struct stat_seen_table *seen,
		       struct notebook *nb, struct diags *d)
{
	struct forget f = { seen, s ? sync_prefix(s) : "" };
	int ret;

	if (seen && seen->n && s && sync_merge_touched(s, forget_path, &f) == 0)
		ret = notebook_load_seen(ctx->root, seen, nb, d);
	else
		ret = notebook_load(ctx->root, 0, nb, d);
	if (seen)
		stat_seen_release(seen);
	return ret;
}

/*
 * The notebook's validity after a merge: 0 when it has no errors, else 1
 * (printed). The findings are kept in `out` when it is not NULL. `s` and
 * `seen`: load_merged().
 */
static int validate(struct cmd_ctx *ctx, struct diags *out, struct sync_repo *s,
		    struct stat_seen_table *seen)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	int ret = 0;

	if (load_merged(ctx, s, seen, &nb, &d) < 0 || d.errors) {
		split_hint(ctx->root, &d);
		diags_sort(&d);
		team_hint_renames(ctx->root, &d);
		diags_print(&d, ctx->display, stderr);
		ret = 1;
	}
	if (out)
		diags_move(out, &d);
	notebook_release(&nb);
	diags_release(&d);
	return ret;
}

/* The findings of the notebook as commit `rev` has it, or of the work tree when NULL. */
static void findings_of(struct cmd_ctx *ctx, const char *rev, struct diags *d)
{
	struct file_data *files = NULL;
	struct notebook nb = { 0 };
	size_t n = 0;

	if (!rev)
		notebook_load(ctx->root, 0, &nb, d);
	else if (team_commit_files(ctx->root, rev, &files, &n) == 0)
		notebook_load_files(ctx->root, files, n, &nb, d);
	notebook_release(&nb);
	repo_files_free(files, n);
}

/*
 * Names each file of `d` with an error that changed in what came in, with
 * the commit of `rev`'s history that last changed it and its author.
 */
static void note_origins(struct cmd_ctx *ctx, const struct diags *d,
			 const struct team_brought *b, const char *rev, const char *what)
{
	for (size_t i = 0; i < d->n; i++) {
		const char *p = d->v[i].path;
		char id[8], *who = NULL;

		if (d->v[i].sev != SEV_ERROR || (i && !strcmp(d->v[i - 1].path, p)) ||
		    !team_brought_changed(b, p))
			continue;
		if (team_last_change(ctx->root, rev, p, id, &who) == 0)
			fprintf_escaped(stderr, "notebook: '%s%s' came in broken (last changed in %s "
					"by %s)%s\n", ctx->display, p, id, who, what);
		else
			fprintf_escaped(stderr, "notebook: '%s%s' came in broken%s\n", ctx->display, p,
					what);
		free(who);
	}
}

static int cmp_count(const void *x, const void *y)
{
	const struct team_count *a = x, *b = y;
	int c = strcmp(a->client, b->client);

	return c ? c : strcmp(a->by, b->by);
}

/* "yours", "Ben's", "no owner": whose a client is, to the user `me`. */
static void add_whose(struct buf *b, const char *owner, const char *me)
{
	if (!owner)
		buf_adds(b, "no owner");
	else if (me && !strcasecmp(owner, me))
		buf_adds(b, "yours");
	else
		buf_printf(b, "%s's", owner);
}

/* Whether a client is the user's now: those are listed first. */
static int mine(const struct team_client *c, const char *me)
{
	return c->owner && me && !strcasecmp(c->owner, me);
}

static void print_clients(const char *title, const struct team_client *v, size_t n,
			  const char *me, int reassigned)
{
	struct buf b = BUF_INIT;

	if (!n)
		return;
	buf_adds(&b, title);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (mine(&v[i], me) != !pass)
				continue;
			buf_adds(&b, b.len > strlen(title) ? ", " : " ");
			buf_adds(&b, v[i].id);
			buf_adds(&b, " (");
			if (reassigned) {
				buf_adds(&b, "now ");
				add_whose(&b, v[i].owner, me);
				buf_adds(&b, ", was ");
				add_whose(&b, v[i].was, me);
			} else {
				add_whose(&b, v[i].owner, me);
			}
			buf_addc(&b, ')');
		}
	printf_escaped("%s\n", buf_str(&b));
	buf_release(&b);
}

/*
 * What came in, on standard output: "brought 3 entries: acme-corp: 2 by
 * Ben, 1 by Chloe; initech: 1 by Chloe", the new clients and those whose
 * owner changed, the user's own first (README, Sync).
 */
static void print_brought(struct cmd_ctx *ctx, struct team_brought *b, const char *verb)
{
	struct buf line = BUF_INIT;
	char *me = team_me(ctx->root);

	if (b->entries) {
		qsort(b->counts, b->ncounts, sizeof(*b->counts), cmp_count);
		buf_printf(&line, "%s %zu entr%s:", verb, b->entries, b->entries == 1 ? "y" : "ies");
		for (size_t i = 0; i < b->ncounts; i++) {
			int first = !i || strcmp(b->counts[i - 1].client, b->counts[i].client);
			if (first)
				buf_printf(&line, "%s %s:", i ? ";" : "", b->counts[i].client);
			buf_printf(&line, "%s %zu by %s", first ? "" : ",", b->counts[i].n,
				   b->counts[i].by);
		}
		printf_escaped("%s\n", buf_str(&line));
	}
	print_clients("new clients:", b->added, b->nadded, me, 0);
	print_clients("owners changed:", b->reassigned, b->nreassigned, me, 1);
	buf_release(&line);
	free(me);
}

static int cmp_id(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The ids of the client files in the work tree's clients/, sorted and
 * NULL-terminated, as the loader finds them: 0, or -1 when anything there is not a plain
 * file or folder of files (the whole notebook is read then).
 */
static int client_ids(struct cmd_ctx *ctx, char ***ids, size_t *n)
{
	char *dir = xasprintf("%s/clients", ctx->root);
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t alloc = 0;
	int ret = 0;

	free(dir);
	*ids = NULL;
	*n = 0;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (de->d_type != DT_REG) { /* a folder, a link, a type not told: the loader's */
			ret = -1;
			break;
		}
		if (len < 3 || strcmp(de->d_name + len - 3, ".md"))
			continue;
		ALLOC_GROW(*ids, *n + 2, alloc);
		(*ids)[(*n)++] = xstrndup(de->d_name, len - 3);
	}
	closedir(d);
	if (*n)
		qsort(*ids, *n, sizeof(**ids), cmp_id);
	else
		*ids = xcalloc(1, sizeof(**ids));
	(*ids)[*n] = NULL; /* NULL-terminated, as checker_text() takes them */
	return ret;
}

/*
 * Checks one changed file `rel` of the work tree alone, against the
 * client ids: 0 when it has no error (or is no notebook file), 1 when it
 * has one, -1 when it cannot be told alone (the loader's reading of it,
 * a client file gone, a folder too deep).
 */
static int changed_file_errors(struct cmd_ctx *ctx, struct checker *ck, int rootfd,
			       const char *rel, char **ids, size_t nids)
{
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	size_t len = strlen(rel), depth = 0;
	struct stat st;
	int ret = 0;

	(void)ctx;
	if (!strcmp(rel, "notebook.yaml") || !strncmp(rel, "schema/", 7))
		return -1; /* every file's findings may change */
	if (strncmp(rel, "clients/", 8) && strncmp(rel, "journal/", 8))
		return 0;
	for (const char *p = rel; *p; p++)
		if (*p == '/' && (p[1] == '.' || ++depth > 8))
			return p[1] == '.' ? 0 : -1; /* the loader skips dot names */
	if (len < 3 || strcmp(rel + len - 3, ".md"))
		return 0;
	if (fstatat(rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		/* a client gone can leave any entry naming an unknown client */
		return errno == ENOENT && strncmp(rel, "clients/", 8) ? 0 : -1;
	if (!S_ISREG(st.st_mode) ||
	    fs_read_at(rootfd, rel, MAX_FILE_SIZE, FS_SAFE, &b, NULL, NULL) != FS_READ_OK)
		ret = -1;
	else if (checker_text(ck, rel, buf_str(&b), b.len, ids, nids, &d) < 0)
		ret = 1;
	diags_release(&d);
	buf_release(&b);
	return ret;
}

/*
 * After a fast-forward over a work tree that held exactly HEAD's files
 * (repo_unchanged()): 1 when no file it changed has an error, each checked
 * alone against the ids of the client files, so that the notebook has no
 * error it did not have before (every other file, and notebook.yaml and
 * schema/, are as they were, and no client id went); 0 when that cannot be
 * told so: the whole notebook is read then (README, Sync).
 */
static int incoming_clean(struct cmd_ctx *ctx, const struct team_brought *b)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	struct checker *ck = NULL;
	char **ids = NULL;
	size_t nids = 0;
	int rootfd = -1, clean = 0;

	/* the settings as the loader reads them first (its timezone) */
	notebook_load_settings(ctx->root, &nb, &d);
	if (client_ids(ctx, &ids, &nids) < 0 || !(ck = checker_open(ctx->root, NULL, &d)) ||
	    (rootfd = open(ctx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		goto out;
	clean = 1;
	for (size_t i = 0; clean && i < b->nchanged; i++)
		clean = !changed_file_errors(ctx, ck, rootfd, b->changed[i], ids, nids);
out:
	if (rootfd >= 0)
		close(rootfd);
	checker_free(ck);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	notebook_release(&nb);
	diags_release(&d);
	return clean;
}

/*
 * After a fast-forward from `from` to `theirs` (or a merge of `theirs`
 * committed on `from`): says what came in, and checks it. EXIT_FINDINGS when the notebook has errors it
 * did not have before (named, with the commit and author that brought each
 * file), else EXIT_OK. `known` (taken, may be NULL) holds the work tree's
 * findings when they were just made: the notebook is not read again. With
 * `exact` (a fast-forward over a work tree that held exactly HEAD's files)
 * only the files that came in are read, when that tells (incoming_clean()).
 */
static int report_incoming(struct cmd_ctx *ctx, const char *from, const char *theirs,
			   struct diags *known, int exact)
{
	struct team_brought b;
	struct diags before = DIAGS_INIT, after = DIAGS_INIT, fresh = DIAGS_INIT;
	int status = EXIT_OK;

	if (team_brought(ctx->root, from, theirs, &b) < 0)
		return EXIT_GIT;
	print_brought(ctx, &b, "brought");
	if (!known && exact && incoming_clean(ctx, &b))
		goto out;
	if (known)
		diags_move(&after, known);
	else
		findings_of(ctx, NULL, &after);
	if (after.errors) /* what was broken before is not news: only then read it */
		findings_of(ctx, from, &before);
	for (size_t i = 0; i < after.n; i++)
		if (after.v[i].sev == SEV_ERROR && !diags_has(&before, &after.v[i]))
			diags_add(&fresh, after.v[i].path, after.v[i].line, after.v[i].col,
				  SEV_ERROR, "%s", after.v[i].msg);
	if (fresh.errors) {
		diags_sort(&fresh);
		team_hint_renames(ctx->root, &fresh);
		diags_print(&fresh, ctx->display, stderr);
		note_origins(ctx, &fresh, &b, "HEAD", "");
		error("files that came in do not validate (above): commands leave them out "
		      "until they are fixed; fix them and run 'notebook commit'");
		status = EXIT_FINDINGS;
	}
out:
	diags_release(&fresh);
	diags_release(&after);
	diags_release(&before);
	team_brought_release(&b);
	return status;
}

/*
 * A `remote:` in notebook.yaml is not where sync goes (README, Sync): the
 * notebook is shared, and a collaborator could point everyone's pushes at
 * a remote of their choosing. When it names another remote, say so.
 */
static void note_remote_setting(struct cmd_ctx *ctx, struct sync_repo *s)
{
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	const char *set;

	notebook_load_settings(ctx->root, &nb, &d); /* not the clients: a sync of a large notebook */
	set = nb.settings.remote;
	if (set && *set && strcmp(set, sync_remote_arg(s))) /* a misleading setting */
		fprintf_escaped(stderr, "notebook: warning: 'remote: %s' in %snotebook.yaml is "
				"ignored (sync goes to '%s', the branch's upstream or the remote "
				"named on the command line); delete that line\n", set,
				ctx->display, sync_label(s));
	notebook_release(&nb);
	diags_release(&d);
}

/*
 * Hand edits of notebook files: 0 when none (or committed with --commit);
 * *exact set when the work tree holds exactly HEAD's files, as git's stat
 * data of the index tells (no unknown or ignored file either).
 */
static int check_clean(struct cmd_ctx *ctx, int commit, int *exact, struct stat_seen_table *seen)
{
	struct repo *r = NULL;
	struct repo_change *v = NULL;
	size_t n = 0;
	int status = EXIT_GIT;

	if (repo_open(ctx->root, &r) < 0)
		goto out;
	status = EXIT_OK;
	*exact = 0;
	if (repo_unchanged_seen(r, seen)) { /* git's stat data tells, as for git status */
		*exact = 1;
		goto out;
	}
	status = EXIT_GIT;
	if (repo_changes(r, &v, &n) < 0)
		goto out;
	status = EXIT_OK;
	if (!n)
		goto out;
	if (commit) {
		char *args[] = { "commit", NULL };
		status = cmd_commit(ctx, 1, args);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		fprintf_escaped(stderr, "notebook: uncommitted change to '%s%s'\n", ctx->display, v[i].path);
	error("commit hand edits first with 'notebook commit', or run 'notebook sync --commit'");
	status = EXIT_FINDINGS;
out:
	repo_changes_free(v, n);
	repo_free(r);
	return status;
}

/*
 * Stages every notebook file that differs from HEAD, as the work tree has
 * it: the user's fixes to a stopped merge are wherever they made them (a
 * file restored, removed or edited, not only the files in conflict), and
 * what was validated in the work tree must be what is committed.
 */
static int stage_fixes(struct cmd_ctx *ctx, struct sync_repo *s)
{
	struct repo *r = NULL;
	struct repo_change *v = NULL;
	char **paths = NULL;
	size_t n = 0;
	int ret = -1;

	if (repo_open(ctx->root, &r) < 0 || repo_changes(r, &v, &n) < 0)
		goto out;
	paths = xcalloc(n ? n : 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++)
		paths[i] = v[i].path; /* borrowed */
	ret = sync_stage(s, paths, n);
out:
	free(paths);
	repo_changes_free(v, n);
	repo_free(r);
	return ret;
}

/*
 * Names a file deleted on one side and changed on the other: who deleted
 * it where, and the two ways to decide (README, Sync). 1 when it was one.
 */
static int say_deleted(struct cmd_ctx *ctx, struct sync_repo *s, const char *path, int verb)
{
	enum sync_conflict k = sync_conflict_kind(s, path);
	const char *rel = path + strlen(sync_prefix(s));
	char id[8], *who = NULL, rev[41];
	const char *there;

	if (k == SYNC_BOTH_CHANGED)
		return 0;
	/* the remote's side: MERGE_HEAD in a merge, HEAD in a replay */
	there = sync_is_replay(s) ? "HEAD" : "MERGE_HEAD";
	if (k == SYNC_DELETED_THERE) {
		if (!team_rev_hex(ctx->root, there, rev) &&
		    team_last_change(ctx->root, rev, rel, id, &who) == 0)
			fprintf_escaped(stderr, "conflict: %s%s: deleted on %s (in %s by %s), changed "
					"here\n", ctx->display, rel, sync_where_branch(s), id, who);
		else
			fprintf_escaped(stderr, "conflict: %s%s: deleted on %s, changed here\n",
					ctx->display, rel, sync_where_branch(s));
	} else {
		if (!team_rev_hex(ctx->root, there, rev) &&
		    team_last_change(ctx->root, rev, rel, id, &who) == 0)
			fprintf_escaped(stderr, "conflict: %s%s: deleted here, changed on %s (in %s by "
					"%s)\n", ctx->display, rel, sync_where_branch(s), id, who);
		else
			fprintf_escaped(stderr, "conflict: %s%s: deleted here, changed on %s\n",
					ctx->display, rel, sync_where_branch(s));
	}
	if (verb)
		fprintf_escaped(stderr, "notebook: keep it with 'git add %s%s', or delete it with "
				"'git rm %s%s'\n", ctx->display, rel, ctx->display, rel);
	free(who);
	return 1;
}

/* The paths in conflict (from the top of the work tree), each with what happened to it. */
static int report_conflicts(struct cmd_ctx *ctx, struct sync_repo *s, char **paths, size_t n)
{
	size_t deleted = 0;

	for (size_t i = 0; i < n; i++) {
		if (say_deleted(ctx, s, paths[i], 0))
			deleted++;
		else
			fprintf_escaped(stderr, "conflict: %s\n", paths[i]);
	}
	if (deleted == n)
		error("sync stopped: a file deleted on one side was changed on the other; keep each "
		      "with 'git add FILE' or delete it with 'git rm FILE', then run 'notebook sync "
		      "--continue' (or 'notebook sync --abort' to undo the merge)");
	else if (deleted)
		error("sync stopped on conflicts; keep the right lines between the <<<<<<< and "
		      ">>>>>>> markers in the files above, and keep each file deleted on one side "
		      "with 'git add FILE' or delete it with 'git rm FILE', then run 'notebook sync "
		      "--continue' (or 'notebook sync --abort' to undo the merge)");
	else
		error("sync stopped on conflicts; keep the right lines between the <<<<<<< and "
		      ">>>>>>> markers in the files above, then run 'notebook sync --continue' "
		      "(or 'notebook sync --abort' to undo the merge)");
	return EXIT_CONFLICT;
}

/*
 * --continue refuses while a file deleted on one side and changed on the
 * other is still undecided: keeping it or deleting it is the user's
 * choice, made with git add or git rm.
 */
static int refuse_undecided(struct cmd_ctx *ctx, struct sync_repo *s, char **paths, size_t n)
{
	size_t undecided = 0;

	for (size_t i = 0; i < n; i++)
		undecided += say_deleted(ctx, s, paths[i], 1);
	if (!undecided)
		return EXIT_OK;
	error("decide first: keep or delete each file above, then run 'notebook sync --continue'");
	return EXIT_CONFLICT;
}

static const char *state_words(enum sync_state st)
{
	switch (st) {
	case SYNC_NO_UPSTREAM:
		return "the remote has no such branch yet: a first push";
	case SYNC_UP_TO_DATE:
		return "up to date";
	case SYNC_AHEAD:
		return "local commits to push";
	case SYNC_FAST_FORWARD:
		return "remote commits to fast-forward to";
	case SYNC_DIVERGED:
		return "commits on both sides: a merge, then a push";
	}
	return "";
}

/*
 * A merge that did not validate: stopped for the user, with the files
 * that came in broken named. EXIT_FINDINGS, or EXIT_GIT.
 */
static int stop_invalid(struct cmd_ctx *ctx, struct sync_repo *s, struct diags *d)
{
	struct team_brought b;
	char theirs[41];

	if (sync_mark_stopped(s) < 0)
		return EXIT_GIT;
	if (!sync_theirs_hex(s, theirs) && team_brought(ctx->root, "HEAD", theirs, &b) == 0) {
		diags_sort(d);
		note_origins(ctx, d, &b, theirs, "");
		team_brought_release(&b);
	}
	error("the merge is not valid; fix the files above, then run "
	      "'notebook sync --continue' (or 'notebook sync --abort')");
	return EXIT_FINDINGS;
}

/* A merge of what was fetched: 0 to go on and push, else the exit status to stop with. */
static int merge_in(struct cmd_ctx *ctx, struct sync_repo *s, const char *from,
		    struct stat_seen_table *seen)
{
	char **paths = NULL, theirs[41];
	struct diags d = DIAGS_INIT;
	size_t n = 0;
	int status = EXIT_GIT;

	if (sync_merge(s, &paths, &n) < 0) {
		status = repo_write_refused() ? EXIT_WRITE : EXIT_GIT;
		goto out;
	}
	if (n) {
		status = report_conflicts(ctx, s, paths, n);
		goto out;
	}
	if (validate(ctx, &d, s, seen)) {
		status = stop_invalid(ctx, s, &d);
		goto out;
	}
	if (sync_commit_merge(s) < 0)
		goto out;
	printf_escaped("merged %s\n", sync_where_branch(s));
	if (!sync_theirs_hex(s, theirs)) /* the findings of the merged work tree, just made */
		report_incoming(ctx, from, theirs, &d, 0);
	status = EXIT_OK;
out:
	if (seen) /* stale once the merge wrote files */
		stat_seen_release(seen);
	diags_release(&d);
	sync_paths_free(paths, n);
	return status;
}

/*
 * After a replay: says so and what came in, and checks it; the replayed
 * commits are pushed only when the notebook has no new errors.
 */
static int replayed(struct cmd_ctx *ctx, struct sync_repo *s, size_t count, const char *from,
		    const char *theirs)
{
	int status;

	if (count)
		printf_escaped("replayed %zu local commit%s on %s\n", count, count == 1 ? "" : "s",
			       sync_where_branch(s));
	else
		printf_escaped("replayed the local commits on %s\n", sync_where_branch(s));
	status = report_incoming(ctx, from, theirs, NULL, 0);
	if (status == EXIT_FINDINGS)
		error("the replayed commits are not pushed; fix the files above, commit, and run "
		      "'notebook sync' again");
	return status;
}

/*
 * sync --rebase: the local commits replayed on the remote's (README,
 * Sync); a conflict stops as a merge does, a merge commit among them is
 * merged instead. 0 to go on and push, else the exit status.
 */
static int replay_in(struct cmd_ctx *ctx, struct sync_repo *s, const char *from)
{
	char **paths = NULL, theirs[41];
	size_t n = 0, count = 0;
	int err, status;

	if (sync_theirs_hex(s, theirs))
		return EXIT_GIT;
	err = sync_replay(s, &count, &paths, &n);
	if (err < 0)
		return EXIT_GIT;
	if (err == 2) {
		fprintf(stderr, "notebook: a merge commit is among the local commits; merging "
				"instead of replaying them\n");
		return merge_in(ctx, s, from, NULL);
	}
	status = err == 1 ? report_conflicts(ctx, s, paths, n) : replayed(ctx, s, count, from,
									   theirs);
	sync_paths_free(paths, n);
	return status;
}

/*
 * Integrates what was fetched, as `st` says: 0 to go on and push, else the
 * exit status to stop with (*done set when nothing is left to push).
 * `exact`: the work tree held exactly HEAD's files (check_clean()).
 */
static int integrate(struct cmd_ctx *ctx, struct sync_repo *s, enum sync_state st,
		     int pending_push, int rebase, int exact, struct stat_seen_table *seen,
		     int *done)
{
	char from[41];
	int status = EXIT_OK;

	*done = 1;
	sync_head_hex(s, from);
	switch (st) {
	case SYNC_UP_TO_DATE:
		if (pending_push)
			printf_escaped("pushed %s to %s\n", sync_branch(s), sync_where(s));
		else
			printf_escaped("up to date with %s\n", sync_where_branch(s));
		return EXIT_OK;
	case SYNC_FAST_FORWARD:
		if (sync_fast_forward(s) < 0)
			return repo_write_refused() ? EXIT_WRITE : EXIT_GIT;
		printf_escaped("fast-forwarded to %s\n", sync_where_branch(s));
		return report_incoming(ctx, from, "HEAD", NULL, exact);
	case SYNC_DIVERGED:
		status = rebase ? replay_in(ctx, s, from) : merge_in(ctx, s, from, seen);
		if (status != EXIT_OK)
			return status;
		break;
	case SYNC_NO_UPSTREAM:
	case SYNC_AHEAD:
		break;
	}
	*done = 0;
	return status;
}

/* Fetch, integrate, validate, push, until pushed or out of tries (`exact`: integrate()). */
static int sync_loop(struct cmd_ctx *ctx, struct sync_repo *s, int pending_push, int rebase,
		     int exact, struct stat_seen_table *seen)
{
	char *why = NULL, *lock = NULL;
	enum sync_state st;
	int status = EXIT_GIT;

	for (int try = 0; try < SYNC_TRIES; try++) {
		int pushed, done;

		free(why);
		why = NULL;
		if (sync_fetch(s) < 0 || sync_analyse(s, &st) < 0)
			goto out;
		status = integrate(ctx, s, st, pending_push, rebase, exact, seen, &done);
		if (done)
			goto out;
		status = EXIT_GIT;
		pushed = sync_push(s, &why);
		if (pushed < 0)
			goto out;
		if (!pushed) {
			printf_escaped("pushed %s to %s\n", sync_branch(s), sync_where(s));
			status = EXIT_OK;
			goto out;
		}
		pending_push = 1;
		fprintf_escaped(stderr, "notebook: '%s' refused the push of %s (%s)%s\n", sync_label(s),
			sync_branch(s), why, try + 1 < SYNC_TRIES ? "; fetching again" : "");
	}
	/* merged commits stay committed here: the next sync pushes them */
	lock = sync_lock_report(s);
	if (lock)
		error("'%s' refused the push %d times: %s; the commits stay here", sync_label(s),
		      SYNC_TRIES, lock);
	else
		error("'%s' refused the push %d times (%s); the commits stay here, "
		      "run 'notebook sync' again later", sync_label(s), SYNC_TRIES, why);
out:
	free(lock);
	free(why);
	return status;
}

/* --dry-run: fetch, and say what a sync would do and bring; nothing changes. */
static int mode_dry_run(struct cmd_ctx *ctx, struct sync_repo *s, int rebase)
{
	struct team_brought b;
	struct diags d = DIAGS_INIT, base = DIAGS_INIT, fresh = DIAGS_INIT;
	enum sync_state st;
	char theirs[41];

	if (sync_fetch(s) < 0 || sync_analyse(s, &st) < 0)
		return EXIT_GIT;
	printf_escaped("%s: %s\n", sync_where_branch(s),
		       st == SYNC_DIVERGED && rebase ? "commits on both sides: the local ones "
						       "replayed on the remote's, then a push"
						     : state_words(st));
	if (st != SYNC_FAST_FORWARD && st != SYNC_DIVERGED)
		return EXIT_OK;
	if (sync_theirs_hex(s, theirs) || team_brought(ctx->root, "HEAD", theirs, &b) < 0)
		return EXIT_GIT;
	print_brought(ctx, &b, "would bring");
	/* the remote's files that would come in broken: its findings not in HEAD's */
	findings_of(ctx, theirs, &d);
	findings_of(ctx, "HEAD", &base);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].sev == SEV_ERROR && team_brought_changed(&b, d.v[i].path) &&
		    !diags_has(&base, &d.v[i]))
			diags_add(&fresh, d.v[i].path, d.v[i].line, d.v[i].col, SEV_ERROR, "%s",
				  d.v[i].msg);
	diags_sort(&fresh);
	diags_print(&fresh, ctx->display, stderr);
	note_origins(ctx, &fresh, &b, theirs, " on the remote");
	diags_release(&fresh);
	diags_release(&base);
	diags_release(&d);
	team_brought_release(&b);
	return EXIT_OK;
}

/* What to say of a merge in progress that cannot be continued or synced over. */
static int refuse_merge(enum sync_stop ms)
{
	if (ms == SYNC_INTERRUPTED)
		error("the last sync was interrupted while it merged (killed, or the machine "
		      "stopped), so its merge is incomplete and nothing of it was committed; run "
		      "'notebook sync --abort' to undo it, then 'notebook sync'");
	else if (ms == SYNC_FOREIGN_MERGE)
		error("a merge is in progress that no sync stopped on (git merge or git pull "
		      "started it, or a sync of an older notebook was interrupted); finish it with "
		      "git ('git commit'), or undo it with 'notebook sync --abort'");
	else
		error("a sync stopped on conflicts; fix them and run 'notebook sync --continue', "
		      "or 'notebook sync --abort'");
	return EXIT_CONFLICT;
}

/* --install-driver: git's merge driver for client files and entries. */
static int mode_install(struct sync_repo *s)
{
	char *self = realpath("/proc/self/exe", NULL);
	int added;

	if (!self)
		return error("cannot find the notebook program itself"), EXIT_GIT;
	added = sync_install_driver(s, self);
	free(self);
	if (added < 0)
		return EXIT_GIT;
	printf(added ? "installed the merge driver for client files and entries in this "
		       "repository\n"
		     : "the merge driver is already installed in this repository; nothing "
		       "changed\n");
	return EXIT_OK;
}

/* --abort: back where the stopped sync started. */
static int mode_abort(struct sync_repo *s, enum sync_stop ms)
{
	if (ms == SYNC_NOT_MERGING) {
		error("no sync is stopped; nothing to abort");
		return EXIT_FINDINGS;
	}
	if (sync_abort(s) < 0)
		return EXIT_GIT;
	printf("aborted the merge; back where the sync started\n");
	return EXIT_OK;
}

/*
 * --continue: stage the fixed files, validate, commit the merge (or the
 * replayed commit, then replay the rest), then sync on where the stopped
 * sync was syncing.
 */
static int mode_continue(struct cmd_ctx *ctx, struct sync_repo *s, enum sync_stop ms, int rebase)
{
	char **paths = NULL, from[41], theirs[41];
	size_t n = 0;
	int status = EXIT_GIT, err;

	if (ms == SYNC_NOT_MERGING) {
		error("no sync is stopped; nothing to continue");
		return EXIT_FINDINGS;
	}
	if (ms != SYNC_STOPPED)
		return refuse_merge(ms);
	sync_head_hex(s, from);
	if ((!sync_is_replay(s) && team_rev_hex(ctx->root, "MERGE_HEAD", theirs)) ||
	    sync_conflicts(s, &paths, &n) < 0)
		goto out;
	if ((status = refuse_undecided(ctx, s, paths, n)) != EXIT_OK)
		goto out;
	status = EXIT_GIT;
	if (sync_stage(s, paths, n) < 0 || stage_fixes(ctx, s) < 0)
		goto out;
	if (validate(ctx, NULL, NULL, NULL)) {
		error("fix the files above, then run 'notebook sync --continue' again");
		status = EXIT_FINDINGS;
		goto out;
	}
	sync_paths_free(paths, n);
	paths = NULL;
	n = 0;
	if (sync_is_replay(s)) {
		if ((err = sync_replay_continue(s, &paths, &n)) < 0)
			goto out;
		if (err == 1) {
			status = report_conflicts(ctx, s, paths, n);
			goto out;
		}
		printf_escaped("replayed the local commits on %s\n", sync_where_branch(s));
		rebase = 1;
	} else {
		if (sync_commit_merge(s) < 0)
			goto out;
		printf_escaped("merged %s\n", sync_where_branch(s));
		report_incoming(ctx, from, theirs, NULL, 0);
	}
	status = sync_loop(ctx, s, 0, rebase, 0, NULL);
out:
	sync_paths_free(paths, n);
	return status;
}

/* A plain sync: finish an interrupted fast-forward, check hand edits, then the loop. */
static int mode_sync(struct cmd_ctx *ctx, struct sync_repo *s, enum sync_stop ms, int commit,
		     int rebase)
{
	struct stat_seen_table seen = STAT_SEEN_INIT;
	int resumed, status, exact = 0;

	if (ms != SYNC_NOT_MERGING)
		return refuse_merge(ms);
	if (sync_resume(s, &resumed) < 0)
		return EXIT_GIT;
	if (resumed)
		printf_escaped("fast-forwarded to %s (finishing a sync that was "
			       "interrupted)\n", sync_where_branch(s));
	/* the check's stat data, for a merge's validation (load_merged()) */
	if ((status = check_clean(ctx, commit, &exact, &seen)) != EXIT_OK)
		goto out;
	status = EXIT_GIT;
	if (commit && sync_reload_head(s) < 0) /* the commit moved the branch */
		goto out;
	/* a fast-forward that finished an interrupted one: its files are checked whole */
	status = sync_loop(ctx, s, 0, rebase, exact && !resumed, &seen);
out:
	stat_seen_release(&seen);
	return status;
}

int cmd_sync(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "commit", no_argument, NULL, 'c' },
		{ "continue", no_argument, NULL, 'C' },
		{ "abort", no_argument, NULL, 'A' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "install-driver", no_argument, NULL, 'I' },
		{ "rebase", no_argument, NULL, 'r' },
		{ "no-rebase", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sync_repo *s = NULL;
	enum sync_mode mode = MODE_SYNC;
	enum sync_stop ms;
	char *stopped_remote = NULL;
	const char *where;
	int ch, commit = 0, dry_run = 0, modes = 0, rebase = -1, status = EXIT_GIT;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "nh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			commit = 1;
			break;
		case 'C':
		case 'A':
		case 'I':
			mode = ch == 'C' ? MODE_CONTINUE : ch == 'A' ? MODE_ABORT : MODE_INSTALL;
			modes++;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'r':
		case 'R':
			rebase = ch == 'r';
			break;
		case 'h':
			help_print(stdout, argv[0], sync_usage);
			return EXIT_OK;
		default:
			return usage_error(sync_usage, NULL);
		}
	}
	if (modes > 1 || (modes && (commit || dry_run)))
		return usage_error(sync_usage, "--continue, --abort and --install-driver go alone");
	if (argc - optind > 1 || ((mode == MODE_INSTALL || mode == MODE_ABORT) && argc - optind))
		return usage_error(sync_usage, "unexpected '%s'",
				   argv[mode == MODE_INSTALL || mode == MODE_ABORT ? optind : optind + 1]);
	where = argc - optind ? argv[optind] : NULL;
	if (rebase < 0) /* the user's notebook.syncRebase, never the notebook's settings */
		rebase = sync_rebase_default();

	if (sync_open(ctx->root, &s) < 0)
		goto out;
	if (mode == MODE_INSTALL) {
		status = mode_install(s);
		goto out;
	}
	if ((!dry_run && sync_locks(s) < 0) || sync_merge_state(s, &ms, &stopped_remote) < 0)
		goto out;
	if (mode == MODE_ABORT) {
		status = mode_abort(s, ms);
		goto out;
	}
	/* --continue pushes where the stopped sync was syncing */
	if (sync_use_remote(s, where ? where : mode == MODE_CONTINUE ? stopped_remote : NULL) < 0 ||
	    (!dry_run && sync_locks(s) < 0))
		goto out;
	if (!where)
		note_remote_setting(ctx, s);
	if (mode == MODE_CONTINUE)
		status = mode_continue(ctx, s, ms, rebase);
	else if (dry_run)
		status = mode_dry_run(ctx, s, rebase);
	else
		status = mode_sync(ctx, s, ms, commit, rebase);
out:
	sync_free(s);
	free(stopped_remote);
	return status;
}
