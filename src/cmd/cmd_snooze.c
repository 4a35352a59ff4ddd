/*
 * notebook snooze: sets `snooze` in a client file's front matter by
 * rewriting that one line (or inserting it before the closing "---"), so
 * comments, key order and formatting stay as they were; commits that
 * change alone, made to HEAD's version too when the user has changed the
 * file by hand (README "What a command commits").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "load.h"
#include "node.h"
#include "text.h"
#include "util.h"
#include "resolve.h"
#include "writing.h"
#include "yaml.h"

static const char snooze_usage[] = "usage: notebook snooze CLIENT DURATION|DATE|off\n";

/* The new text: `data` with the snooze line set to `date`, or removed when `date` is NULL. */
static int set_snooze(const char *rel, const char *data, size_t len, const char *date,
		      struct buf *out, struct diags *d)
{
	struct yaml_doc doc;
	const struct node_pair *pair = NULL;
	struct fm_span fm;
	int ret = -1;

	yaml_doc_init(&doc);
	if (yaml_read_front_matter(rel, data, len, &doc, d) < 0)
		goto out;
	if (fm_split(data, len, &fm) != FM_OK || doc.root->kind != NODE_MAP) {
		error("cannot find the front matter of '%s'", rel);
		goto out;
	}
	for (size_t i = 0; i < doc.root->n; i++)
		if (!strcmp(doc.root->pairs[i].key->str, "snooze"))
			pair = &doc.root->pairs[i];
	if (pair) {
		size_t start, end, vstart, rest;

		if (pair->value->line != pair->key->line || pair->value->kind != NODE_SCALAR ||
		    text_line_span(data, len, pair->key->line, &start, &end) < 0) {
			error("cannot edit the snooze line of '%s'; edit it with 'notebook edit'", rel);
			goto out;
		}
		if (!date) {
			const char *nl = memchr(data + end, '\n', len - end);
			size_t next = nl ? (size_t)(nl - data) + 1 : len;

			buf_add(out, data, start);
			buf_add(out, data + next, len - next);
			ret = 0;
			goto out;
		}
		/* keep what follows the value: spaces and a comment */
		vstart = start + (size_t)pair->value->col - 1;
		if (!pair->value->len)
			vstart = start + (size_t)pair->key->col - 1 + strlen("snooze:");
		rest = end;
		for (size_t i = vstart; i < end; i++) {
			if (data[i] == '#' && (data[i - 1] == ' ' || data[i - 1] == '\t')) {
				rest = i;
				while (rest > vstart && (data[rest - 1] == ' ' || data[rest - 1] == '\t'))
					rest--;
				break;
			}
		}
		buf_add(out, data, start);
		buf_add(out, data + start, (size_t)pair->key->col - 1);
		buf_printf(out, "snooze: %s", date);
		buf_add(out, data + rest, len - rest);
	} else if (!date) {
		buf_add(out, data, len);
	} else {
		buf_add(out, data, fm.close);
		buf_printf(out, "snooze: %s%s", date, fm.crlf ? "\r\n" : "\n");
		buf_add(out, data + fm.close, len - fm.close);
	}
	ret = 0;
out:
	yaml_doc_release(&doc);
	return ret;
}

int cmd_snooze(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct diags d = DIAGS_INIT, hd = DIAGS_INIT;
	struct repo *r = NULL;
	struct buf text = BUF_INIT, head_text = BUF_INIT;
	struct duration dur;
	char *data = NULL, *head = NULL, *rel = NULL, *msg = NULL, date[11];
	const char *id, *when;
	size_t len, hlen = 0;
	day_t today, until;
	int is_date, off, status;

	if ((status = parse_help_only(argc, argv, snooze_usage)) >= 0)
		return status;
	if (argc - optind > 2)
		return usage_error(snooze_usage, "unexpected '%s' after the duration or date",
				   argv[optind + 2]);
	if (argc - optind != 2)
		return usage_error(snooze_usage, "a client and a duration or date are needed");
	id = argv[optind];
	when = argv[optind + 1];
	off = !strcmp(when, "off");
	is_date = !off && !date_parse(when, strlen(when), &until);
	if (!off && !is_date && duration_parse(when, strlen(when), &dur) < 0)
		return usage_error(snooze_usage, "'%s' is neither a duration (2w, 10d, 1m), a date "
				   "(YYYY-MM-DD) nor 'off'", when);
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, &today)))
		goto out;
	id = argv[optind];
	status = EXIT_NO_NOTEBOOK;
	if (!is_date)
		until = date_add(today, dur, 1);
	date_format(until, date);
	if (!off && until < today) {
		char now[11];

		date_format(today, now);
		status = usage_error(snooze_usage, "'%s' is in the past (today is %s); give a later "
				     "date, or 'off' to end the snooze", date, now);
		goto out;
	}
	rel = xasprintf("clients/%s.md", id);
	if (writing_read(ctx->root, rel, &data, &len) < 0)
		goto out;
	status = EXIT_FINDINGS;
	if (writing_head_version(ctx, r, rel, data, len, &head, &hlen) < 0)
		goto out;
	if (set_snooze(rel, data, len, off ? NULL : date, &text, &d) < 0 ||
	    validate_file(ctx->root, rel, text.data, text.len, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	if (off && text.len == len && !memcmp(text.data, data, len)) {
		printf_escaped("%s is not snoozed; nothing changed\n", id);
		status = EXIT_OK;
		goto out;
	}
	if (head && set_snooze(rel, head, hlen, off ? NULL : date, &head_text, &hd) < 0) {
		error("cannot set the snooze in the committed version of '%s%s'; commit your "
		      "changes to it first ('notebook commit'), then run this again",
		      ctx->display, rel);
		goto out;
	}
	msg = off ? xasprintf("snooze: %s off", id) : xasprintf("snooze: %s until %s", id, date);
	status = writing_commit_change(ctx, r, rel, text.data, text.len,
				       head ? head_text.data : NULL, head_text.len, msg);
out:
	resolved_release(&ids);
	diags_release(&d);
	diags_release(&hd);
	buf_release(&text);
	buf_release(&head_text);
	repo_free(r);
	free(data);
	free(head);
	free(rel);
	free(msg);
	return status;
}
