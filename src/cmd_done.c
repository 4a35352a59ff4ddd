/*
 * notebook done: ticks the one open promise of a client matching a text,
 * in the client file or one of its entries, changing only "[ ]" to "[x]"
 * on that line, and commits that file.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "load.h"
#include "model.h"
#include "text.h"
#include "util.h"
#include "resolve.h"
#include "writing.h"

static const char done_usage[] = "usage: notebook done CLIENT TEXT\n";

static void add_matches(const struct promise *v, size_t n, const char *text,
			const struct promise ***out, size_t *nout, size_t *alloc)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].done || !v[i].text || !strcasestr(v[i].text, text))
			continue;
		ALLOC_GROW(*out, *nout + 1, *alloc);
		(*out)[(*nout)++] = &v[i];
	}
}

/* Turns the first "[ ]" on line `line` into "[x]". */
static int tick(char *data, size_t len, int line)
{
	size_t start, end;

	if (line_span(data, len, line, &start, &end) < 0)
		return -1;
	for (size_t i = start; i + 2 < end; i++) {
		if (data[i] == '[' && data[i + 1] == ' ' && data[i + 2] == ']') {
			data[i + 1] = 'x';
			return 0;
		}
	}
	return -1;
}

int cmd_done(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	const struct promise **found = NULL, *p;
	const struct client *c;
	size_t nfound = 0, alloc = 0, len;
	char *data = NULL, *path = NULL, *msg = NULL;
	const char *id, *text;
	int loaded = 0, status;

	if ((status = parse_help_only(argc, argv, done_usage)) >= 0)
		return status;
	if (argc - optind > 2)
		return usage_error(done_usage, "unexpected '%s' after the promise's text (quote a text of"
				   " several words)", argv[optind + 2]);
	if (argc - optind != 2)
		return usage_error(done_usage, "a client and the promise's text are needed");
	id = argv[optind];
	text = argv[optind + 1];
	if (!*text)
		return usage_error(done_usage, "the promise's text is empty");
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
	loaded = 1;
	if (notebook_load(ctx->root, 0, &nb, &d) < 0)
		goto out;
	status = EXIT_FINDINGS;
	c = model_find_client(&nb, id);
	if (!c) {
		writing_print_diags(ctx, &d);
		error("cannot read the client '%s'; fix the errors above", id);
		goto out;
	}
	add_matches(c->promises, c->npromises, text, &found, &nfound, &alloc);
	for (size_t i = 0; i < c->nentries; i++)
		add_matches(c->entries[i]->promises, c->entries[i]->npromises, text,
			    &found, &nfound, &alloc);
	if (nfound == 0) {
		error("no open promise of '%s' matches '%s'", id, text);
		goto out;
	}
	if (nfound > 1) {
		error("'%s' matches %zu open promises of '%s'; give more of the text:", text, nfound, id);
		for (size_t i = 0; i < nfound; i++) {
			fprintf_escaped(stderr, "  %s%s:%d: ", ctx->display, found[i]->path, found[i]->line);
			fputs_escaped(found[i]->text, stderr);
			fputc('\n', stderr);
		}
		goto out;
	}
	p = found[0];
	status = EXIT_NO_NOTEBOOK; /* the file cannot be read or written */
	if (writing_read(ctx->root, p->path, &data, &len) < 0)
		goto out;
	status = EXIT_FINDINGS;
	if (tick(data, len, p->line) < 0) {
		error("cannot find the task item at %s%s:%d", ctx->display, p->path, p->line);
		goto out;
	}
	diags_release(&d);
	if (validate_file(ctx->root, p->path, data, len, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	path = xasprintf("%s/%s", ctx->root, p->path);
	status = EXIT_WRITE;
	if (fs_write_atomic(path, data, len) < 0)
		goto out;
	msg = xasprintf("done: %s: %s", id, p->text);
	for (char *m = msg; *m; m++)
		if ((unsigned char)*m < 0x20 || *m == 0x7f)
			*m = ' ';
	status = writing_commit(ctx, r, p->path, msg);
out:
	resolved_release(&ids);
	free(found);
	if (loaded)
		notebook_release(&nb);
	diags_release(&d);
	repo_free(r);
	free(data);
	free(path);
	free(msg);
	return status;
}
