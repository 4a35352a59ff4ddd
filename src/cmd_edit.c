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
#include "repo.h"
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
	if ((status = resolve_client_args(ctx->root, argv + optind, 1, &ids)))
		goto out;
	id = argv[optind];
	status = EXIT_FINDINGS;
	if (writing_check_client(ctx->root, id) < 0)
		goto out;
	status = writing_open(ctx, &r);
	if (status)
		goto out;
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
	status = EXIT_WRITE;
	if (fs_write_atomic(path, buf_str(&text), text.len) < 0) {
		keep_edit(ctx, r, id, rel, &text);
		goto out;
	}
	msg = xasprintf("edit: %s", id);
	status = writing_commit(ctx, r, rel, msg);
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
