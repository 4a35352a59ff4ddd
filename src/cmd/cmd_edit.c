/*
 * notebook edit: opens a copy of a client file in the editor; when the
 * result does not validate, says why and offers to edit it again (as visudo
 * does); a valid result replaces the file and is committed on its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "editor.h"
#include "fsutil.h"
#include "load.h"
#include "git/merge.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"
#include "resolve.h"
#include "writing.h"

static const char edit_usage[] = "usage: notebook edit CLIENT\n";

struct edit_check {
	struct cmd_ctx *ctx;
	const char *rel;
};

static int check_client(struct buf *text, void *arg)
{
	struct edit_check *ec = arg;
	struct diags d = DIAGS_INIT;
	int ret = 0;

	if (validate_file(ec->ctx->root, ec->rel, buf_str(text), text->len, &d) < 0) {
		writing_print_diags(ec->ctx, &d);
		fprintf_escaped(stderr, "notebook: %s%s has errors; it is not saved yet\n",
			ec->ctx->display, ec->rel);
		ret = -1;
	}
	diags_release(&d);
	return ret;
}

/*
 * Keeps an edit that is not saved under the git directory (see README,
 * "Nothing typed is lost") and says where.
 */
static void keep_edit(struct cmd_ctx *ctx, struct repo *r, const char *id, const char *rel,
		      const struct buf *text)
{
	char *dir = repo_git_path(r, "notebook/recovered");
	char *name = xasprintf("%s.md", id);
	char *kept = editor_keep(dir, name, text);

	if (kept)
		fprintf_escaped(stderr, "notebook: your edit is kept in '%s': fix it, copy it over '%s%s' "
			"and run 'notebook commit'\n", kept, ctx->display, rel);
	free(kept);
	free(name);
	free(dir);
}

/*
 * Saves the edit and commits what was changed in this editor session
 * alone (README "What a command commits"): `before` is the file as the
 * editor was given it, `text` as it was saved. When the file held changes
 * made by hand and not committed, the commit is HEAD's version with this
 * session's changes merged in, and the earlier changes stay uncommitted;
 * when the two overlap (or the file is not in HEAD) the file is saved and
 * nothing is committed, as said on stderr. Returns EXIT_OK, EXIT_WRITE when
 * the file cannot be written, or as writing_commit_change() does.
 */
static int commit_edit(struct cmd_ctx *ctx, struct repo *r, const char *rel, const char *before,
		       size_t blen, const struct buf *text, const char *msg)
{
	struct diags d = DIAGS_INIT;
	struct buf merged = BUF_INIT;
	char *head = NULL, *path = NULL;
	size_t hlen = 0;
	int ret, status;

	ret = repo_head_file(r, rel, &head, &hlen);
	if (ret == 0 && hlen == blen && !memcmp(head, before, blen)) {
		/* no earlier hand edits: the file as saved is the commit */
		status = writing_commit_change(ctx, r, rel, buf_str(text), text->len, NULL, 0, msg);
		goto out;
	}
	if (ret == 0 && !merge_file(rel, before, blen, buf_str(text), text->len, head, hlen, &merged) &&
	    validate_file(ctx->root, rel, buf_str(&merged), merged.len, &d) == 0) {
		status = writing_commit_change(ctx, r, rel, buf_str(text), text->len,
					       buf_str(&merged), merged.len, msg);
		goto out;
	}
	path = xasprintf("%s/%s", ctx->root, rel);
	status = EXIT_WRITE;
	if (fs_write_atomic(path, buf_str(text), text->len) < 0)
		goto out;
	if (ret < 0)
		fprintf_escaped(stderr, "notebook: %s%s is saved but not committed\n",
				ctx->display, rel);
	else if (ret == 1)
		fprintf_escaped(stderr, "notebook: %s%s is saved but not committed: it is not "
				"committed yet at all; 'notebook commit' commits it\n",
				ctx->display, rel);
	else
		fprintf_escaped(stderr, "notebook: %s%s is saved but not committed: the lines "
				"edited now overlap changes made by hand before and not committed; "
				"review them with 'git diff', then run 'notebook commit'\n",
				ctx->display, rel);
	status = ret < 0 ? EXIT_GIT : EXIT_OK;
out:
	diags_release(&d);
	buf_release(&merged);
	free(head);
	free(path);
	return status;
}

int cmd_edit(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	struct edit_check ec;
	char *data = NULL, *now = NULL, *rel = NULL, *path = NULL, *msg = NULL, *suffix = NULL;
	const char *id;
	size_t len, nowlen;
	int ret, status;

	if ((status = parse_help_only(argc, argv, edit_usage)) >= 0)
		return status;
	if (argc - optind > 1)
		return usage_error(edit_usage, "one client at a time: unexpected '%s' (quote a name of"
				   " several words)", argv[optind + 1]);
	if (argc - optind != 1)
		return usage_error(edit_usage, "one client is needed");
	id = argv[optind];
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, NULL)))
		goto out;
	id = argv[optind];
	status = EXIT_NO_NOTEBOOK;
	rel = xasprintf("clients/%s.md", id);
	path = xasprintf("%s/%s", ctx->root, rel);
	if (writing_read(ctx->root, rel, &data, &len) < 0)
		goto out;
	buf_add(&text, data, len);
	ec.ctx = ctx;
	ec.rel = rel;
	suffix = xasprintf("-%s.md", id);
	ret = editor_edit_until_valid(&text, suffix, check_client, &ec);
	if (ret != 0) {
		fprintf_escaped(stderr, "notebook: %s%s is unchanged\n", ctx->display, rel);
		if (ret == 2)
			keep_edit(ctx, r, id, rel, &text);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (text.len == len && !memcmp(buf_str(&text), data, len)) {
		printf_escaped("no changes to %s%s\n", ctx->display, rel);
		status = EXIT_OK;
		goto out;
	}
	/*
	 * The file may have changed while the editor was open (a hand edit in
	 * another window, done, sync): writing over it would lose that change.
	 */
	if (writing_read(ctx->root, rel, &now, &nowlen) < 0 || nowlen != len ||
	    memcmp(now, data, len)) {
		error("'%s%s' changed while you were editing it; it is left as it is now",
		      ctx->display, rel);
		keep_edit(ctx, r, id, rel, &text);
		status = EXIT_FINDINGS;
		goto out;
	}
	msg = xasprintf("edit: %s", id);
	status = commit_edit(ctx, r, rel, data, len, &text, msg);
	if (status == EXIT_WRITE)
		keep_edit(ctx, r, id, rel, &text);
out:
	resolved_release(&ids);
	buf_release(&text);
	repo_free(r);
	free(data);
	free(now);
	free(rel);
	free(path);
	free(msg);
	free(suffix);
	return status;
}
