/*
 * notebook archive CLIENT: the relationship has ended; status former with
 * the day it ended (`archived`), so the audit leaves the client out while
 * its history stays. notebook rm CLIENT: a client file removed, only for a
 * client no entry names (one with a history is archived instead).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "date.h"
#include "fmedit.h"
#include "fsutil.h"
#include "load.h"
#include "git/repo.h"
#include "resolve.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char archive_usage[] = "usage: notebook archive CLIENT [--date DATE]\n";
static const char rm_usage[] = "usage: notebook rm CLIENT\n";

int cmd_archive(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	struct yaml_doc doc;
	struct fmedit e;
	struct resolved ids = RESOLVED_INIT;
	struct buf text = BUF_INIT;
	char *rel = NULL, *path = NULL, *msg = NULL, *data = NULL, date[11];
	const struct node *st, *ar;
	const char *id, *date_opt = NULL;
	size_t len;
	day_t day;
	int opt, status;

	yaml_doc_init(&doc);
	memset(&e, 0, sizeof(e));
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			date_opt = optarg;
			if (date_parse(optarg, strlen(optarg), &day) < 0)
				return usage_error(archive_usage, "--date wants a date YYYY-MM-DD, not '%s'", optarg);
			break;
		case 'h':
			help_print(stdout, argv[0], archive_usage);
			return EXIT_OK;
		default:
			return usage_error(archive_usage, NULL);
		}
	}
	if (argc - optind != 1)
		return usage_error(archive_usage, argc == optind ? "which client?" : "one client at a time");
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, date_opt ? NULL : &day)))
		goto out;
	id = argv[optind];
	status = EXIT_NO_NOTEBOOK;
	date_format(day, date);
	rel = xasprintf("clients/%s.md", id);
	path = xasprintf("%s/%s", ctx->root, rel);
	if (writing_read(ctx->root, rel, &data, &len) < 0)
		goto out;
	status = EXIT_FINDINGS;
	if (yaml_read_front_matter(rel, data, len, &doc, &d) < 0 ||
	    fmedit_init(&e, rel, data, len, doc.root, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	st = node_get(doc.root, "status");
	ar = node_get(doc.root, "archived");
	if (st && st->kind == NODE_SCALAR && !strcmp(st->str, "former") && ar && ar->kind == NODE_SCALAR &&
	    ar->len) {
		printf_escaped("'%s' is archived already (since %s)\n", id, ar->str);
		status = EXIT_OK;
		goto out;
	}
	if (fmedit_set(&e, "status", "former", &d) < 0 || fmedit_set(&e, "archived", date, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	fmedit_result(&e, &text);
	if (validate_file(ctx->root, rel, text.data, text.len, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	status = EXIT_NO_NOTEBOOK;
	if (fs_write_atomic(path, text.data, text.len) < 0)
		goto out;
	msg = xasprintf("archive: %s on %s", id, date);
	status = writing_commit(ctx, r, rel, msg);
out:
	fmedit_release(&e);
	yaml_doc_release(&doc);
	diags_release(&d);
	buf_release(&text);
	repo_free(r);
	free(data);
	free(rel);
	free(path);
	free(msg);
	resolved_release(&ids);
	return status;
}

int cmd_rm(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct notebook nb;
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	struct resolved ids = RESOLVED_INIT;
	const struct client *c;
	char *path = NULL, *msg = NULL;
	const char *id;
	int status, loaded = 0;

	if ((status = parse_help_only(argc, argv, rm_usage)) >= 0)
		return status;
	if (argc - optind != 1)
		return usage_error(rm_usage, argc == optind ? "which client?" : "one client at a time");
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, NULL)))
		goto out;
	id = argv[optind];
	if ((status = writing_load_whole(ctx, &nb, id)))
		goto out;
	loaded = 1;
	status = EXIT_FINDINGS;
	c = model_find_client(&nb, id);
	if (!c) {
		error("no client '%s'", id);
		goto out;
	}
	if (c->nentries) {
		error("'%s' has %zu entr%s (the first %s); a client with a history is archived, "
		      "not removed: notebook archive %s", id, c->nentries,
		      c->nentries == 1 ? "y" : "ies", c->entries[0]->path, id);
		goto out;
	}
	path = xasprintf("%s/%s", ctx->root, c->path);
	status = EXIT_NO_NOTEBOOK;
	if (unlink(path) < 0) {
		error("cannot remove '%s%s': %s", ctx->display, c->path, strerror(errno));
		goto out;
	}
	fs_sync_parent(path);
	msg = xasprintf("rm: %s", id);
	status = writing_commit(ctx, r, c->path, msg);
out:
	diags_release(&d);
	repo_free(r);
	if (loaded)
		notebook_release(&nb);
	free(path);
	free(msg);
	resolved_release(&ids);
	return status;
}
