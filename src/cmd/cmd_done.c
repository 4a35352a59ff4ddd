/*
 * notebook done: ticks the one open promise of a client matching a text,
 * in the client file or one of its entries, changing only "[ ]" to "[x]"
 * and adding " done:YYYY-MM-DD" (today) on that line, and commits that change alone: made to HEAD's version of
 * the file when the user has changed it by hand (README "What a command
 * commits").
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
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

/* The lines of `s`: where each starts, and its length without "\n". */
struct line_idx {
	const char **p;
	size_t *n;
	size_t count;
};

static void index_lines(const char *s, size_t len, struct line_idx *l)
{
	size_t alloc = 0, alloc2 = 0, i = 0;

	memset(l, 0, sizeof(*l));
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len;

		ALLOC_GROW(l->p, l->count + 1, alloc);
		ALLOC_GROW(l->n, l->count + 1, alloc2);
		l->p[l->count] = s + i;
		l->n[l->count] = e - i;
		l->count++;
		i = e + 1;
	}
}

static int same_line(const struct line_idx *a, size_t i, const struct line_idx *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->p[i], b->p[j], a->n[i]);
}

/*
 * The line of `h` (HEAD's version) that is line `line` of `w` (the work
 * tree's, changed by hand): lines before the first change and after the
 * last map one to one; between them, a line found as often in `h` as in
 * `w` maps to the same occurrence. 0 when it has no such line (the user
 * wrote or changed it and has not committed it).
 */
static int head_line(const char *w, size_t wlen, const char *h, size_t hlen, int line)
{
	struct line_idx lw, lh;
	size_t pre = 0, suf = 0, at = (size_t)line - 1, k = 0, cw = 0, ch = 0;
	int ret = 0;

	index_lines(w, wlen, &lw);
	index_lines(h, hlen, &lh);
	if (at >= lw.count)
		goto out;
	while (pre < lw.count && pre < lh.count && same_line(&lw, pre, &lh, pre))
		pre++;
	while (suf < lw.count - pre && suf < lh.count - pre &&
	       same_line(&lw, lw.count - 1 - suf, &lh, lh.count - 1 - suf))
		suf++;
	if (at < pre) {
		ret = line;
		goto out;
	}
	if (at >= lw.count - suf) {
		ret = (int)(at - (lw.count - suf) + (lh.count - suf)) + 1;
		goto out;
	}
	for (size_t i = pre; i < lw.count - suf; i++) {
		if (same_line(&lw, i, &lw, at)) {
			k += i < at;
			cw++;
		}
	}
	for (size_t j = pre; j < lh.count - suf; j++)
		ch += same_line(&lh, j, &lw, at);
	if (cw != ch)
		goto out;
	for (size_t j = pre; j < lh.count - suf; j++) {
		if (same_line(&lh, j, &lw, at) && k-- == 0) {
			ret = (int)j + 1;
			break;
		}
	}
out:
	free(lw.p);
	free(lw.n);
	free(lh.p);
	free(lh.n);
	return ret;
}

/*
 * `data` with the first "[ ]" on line `line` turned into "[x]" and
 * " done:DATE" at the end of that line (or a "done:" word there given
 * DATE), into `out`. 0, or -1 when the line has no "[ ]".
 */
static int tick(const char *data, size_t len, int line, const char *date, struct buf *out)
{
	size_t start, end, box = 0, tail, w;
	int found = 0;

	if (text_line_span(data, len, line, &start, &end) < 0)
		return -1;
	for (size_t i = start; i + 2 < end && !found; i++) {
		if (data[i] == '[' && data[i + 1] == ' ' && data[i + 2] == ']') {
			box = i;
			found = 1;
		}
	}
	if (!found)
		return -1;
	buf_add(out, data, box);
	buf_adds(out, "[x]");
	/* a done: word on the line already: its date is replaced */
	for (w = box + 3; w + 5 <= end; w++)
		if ((data[w - 1] == ' ' || data[w - 1] == '\t') && !memcmp(data + w, "done:", 5))
			break;
	if (w + 5 <= end) {
		size_t e = w;

		while (e < end && data[e] != ' ' && data[e] != '\t')
			e++;
		buf_add(out, data + box + 3, w - box - 3);
		buf_printf(out, "done:%s", date);
		buf_add(out, data + e, len - e);
		return 0;
	}
	tail = end;
	while (tail > box + 3 && (data[tail - 1] == ' ' || data[tail - 1] == '\t'))
		tail--;
	buf_add(out, data + box + 3, tail - box - 3);
	buf_printf(out, " done:%s", date);
	buf_add(out, data + end, len - end);
	return 0;
}

/*
 * The one open promise of the client `c` (`id`) that `text` matches, in
 * its file or its entries; NULL after a message when none or several do
 * (those are listed).
 */
static const struct promise *find_promise(struct cmd_ctx *ctx, const struct client *c,
					  const char *id, const char *text)
{
	const struct promise **found = NULL, *p = NULL;
	size_t nfound = 0, alloc = 0;

	add_matches(c->promises, c->npromises, text, &found, &nfound, &alloc);
	for (size_t i = 0; i < c->nentries; i++)
		add_matches(c->entries[i]->promises, c->entries[i]->npromises, text,
			    &found, &nfound, &alloc);
	if (nfound == 1) {
		p = found[0];
	} else if (nfound == 0) {
		error("no open promise of '%s' matches '%s'", id, text);
	} else {
		error("'%s' matches %zu open promises of '%s'; give more of the text:", text, nfound, id);
		for (size_t i = 0; i < nfound; i++) {
			fprintf_escaped(stderr, "  %s%s:%d: ", ctx->display, found[i]->path, found[i]->line);
			fputs_escaped(found[i]->text, stderr);
			fputc('\n', stderr);
		}
	}
	free(found);
	return p;
}

int cmd_done(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct notebook nb = { 0 };
	struct diags d = DIAGS_INIT;
	struct repo *r = NULL;
	const struct promise *p;
	const struct client *c;
	size_t len;
	struct buf ticked = BUF_INIT, head_text = BUF_INIT;
	char *data = NULL, *head = NULL, *msg = NULL, date[11];
	size_t hlen = 0;
	day_t today;
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
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, NULL)))
		goto out;
	id = argv[optind];
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
	if (!(p = find_promise(ctx, c, id, text)))
		goto out;
	status = EXIT_NO_NOTEBOOK; /* the file cannot be read or written */
	if (writing_read(ctx->root, p->path, &data, &len) < 0)
		goto out;
	status = EXIT_FINDINGS;
	if (writing_head_version(ctx, r, p->path, data, len, &head, &hlen) < 0)
		goto out;
	status = EXIT_NO_NOTEBOOK;
	if (writing_today(ctx->root, &today) < 0)
		goto out;
	date_format(today, date);
	status = EXIT_FINDINGS;
	if (head) {
		int hl = head_line(data, len, head, hlen, p->line);

		if (!hl || tick(head, hlen, hl, date, &head_text) < 0) {
			error("the promise at %s%s:%d is not committed as it stands (it was written "
			      "or changed by hand); commit it first ('notebook commit'), then run "
			      "this again", ctx->display, p->path, p->line);
			goto out;
		}
	}
	if (tick(data, len, p->line, date, &ticked) < 0) {
		error("cannot find the task item at %s%s:%d", ctx->display, p->path, p->line);
		goto out;
	}
	diags_release(&d);
	if (validate_file(ctx->root, p->path, ticked.data, ticked.len, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	msg = xasprintf("done: %s: %s", id, p->text);
	for (char *m = msg; *m; m++)
		if ((unsigned char)*m < 0x20 || *m == 0x7f)
			*m = ' ';
	status = writing_commit_change(ctx, r, p->path, ticked.data, ticked.len,
				       head ? head_text.data : NULL, head_text.len, msg);
out:
	resolved_release(&ids);
	if (loaded)
		notebook_release(&nb);
	diags_release(&d);
	repo_free(r);
	buf_release(&ticked);
	buf_release(&head_text);
	free(data);
	free(head);
	free(msg);
	return status;
}
