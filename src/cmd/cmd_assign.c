/*
 * notebook assign CLIENT OWNER: sets `owner` in a client file's front
 * matter (that one line rewritten, or added before the closing "---") and
 * commits that change alone, "assign: acme-corp owner ben → chloe", as
 * snooze does (README "What a command commits").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "fmedit.h"
#include "load.h"
#include "node.h"
#include "report.h"
#include "resolve.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char assign_usage[] = "usage: notebook assign CLIENT OWNER\n";

/* `data` with `owner: <value>` set, into `out`; -1 with diagnostics in `d`. */
static int set_owner(const char *rel, const char *data, size_t len, const char *value,
		     struct buf *out, struct diags *d)
{
	struct yaml_doc doc;
	struct fmedit e;
	int ret = -1;

	yaml_doc_init(&doc);
	memset(&e, 0, sizeof(e));
	if (yaml_read_front_matter(rel, data, len, &doc, d) < 0 ||
	    fmedit_init(&e, rel, data, len, doc.root, d) < 0 ||
	    fmedit_set(&e, "owner", value, d) < 0)
		goto out;
	fmedit_result(&e, out);
	ret = 0;
out:
	fmedit_release(&e);
	yaml_doc_release(&doc);
	return ret;
}

/*
 * The owners the notebook has (of clients, and its own), to write a new
 * owner as the team already spells them ("Chloe" for "chloe") and to warn
 * of a near miss ("chloee"). Files that do not load are no matter here.
 */
static const char *known_spelling(struct cmd_ctx *ctx, const char *owner, char **old_owner,
				  const char *id)
{
	struct notebook nb;
	struct diags d = DIAGS_INIT;
	const char **v = NULL, *near = NULL;
	char *same = NULL;
	size_t n = 0, alloc = 0, k;

	if (notebook_load(ctx->root, 0, &nb, &d) < 0) {
		diags_release(&d);
		return owner;
	}
	for (size_t i = 0; i < nb.nclients; i++) {
		const char *o = client_owner(&nb, &nb.clients[i]);

		if (!strcmp(nb.clients[i].id, id) && o)
			*old_owner = xstrdup(o);
		if (!o || !strcmp(nb.clients[i].id, id))
			continue;
		if (names_equal(o, owner) && !same)
			same = xstrdup(o);
		for (k = 0; k < n && !names_equal(v[k], o); k++)
			;
		if (k < n)
			continue;
		ALLOC_GROW(v, n + 2, alloc);
		v[n++] = o;
		v[n] = NULL;
	}
	if (!same && n) {
		near = choice_near_name(owner, v, n);
		if (near)
			warning("no other client has the owner '%s' (did you mean '%s'?); assigning "
				"it all the same", owner, near);
	}
	free(v);
	notebook_release(&nb);
	diags_release(&d);
	return same ? same : owner;
}

int cmd_assign(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct diags d = DIAGS_INIT, hd = DIAGS_INIT;
	struct repo *r = NULL;
	struct buf text = BUF_INIT, head_text = BUF_INIT, value = BUF_INIT;
	char *data = NULL, *head = NULL, *rel = NULL, *msg = NULL, *old = NULL;
	const char *id, *owner = NULL, *spelt = NULL;
	size_t len, hlen = 0;
	int status;

	if ((status = parse_help_only(argc, argv, assign_usage)) >= 0)
		return status;
	if (argc - optind > 2)
		return usage_error(assign_usage, "unexpected '%s' after the owner", argv[optind + 2]);
	if (argc - optind != 2)
		return usage_error(assign_usage, "a client and an owner are needed");
	owner = argv[optind + 1];
	if (!*owner || strspn(owner, " \t") == strlen(owner) || strpbrk(owner, "\n\r"))
		return usage_error(assign_usage, "the owner is a name on one line, not '%s'", owner);
	if ((status = writing_start(ctx, argv + optind, 1, &ids, &r, NULL)))
		goto out;
	id = argv[optind];
	spelt = known_spelling(ctx, owner, &old, id);
	if (old && !strcmp(old, spelt)) {
		printf_escaped("%s is %s's already; nothing changed\n", id, spelt);
		status = EXIT_OK;
		goto out;
	}
	buf_add_yaml_scalar(&value, spelt);
	rel = xasprintf("clients/%s.md", id);
	status = EXIT_NO_NOTEBOOK;
	if (writing_read(ctx->root, rel, &data, &len) < 0)
		goto out;
	status = EXIT_FINDINGS;
	if (writing_head_version(ctx, r, rel, data, len, &head, &hlen) < 0)
		goto out;
	if (set_owner(rel, data, len, buf_str(&value), &text, &d) < 0 ||
	    validate_file(ctx->root, rel, text.data, text.len, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	if (head && set_owner(rel, head, hlen, buf_str(&value), &head_text, &hd) < 0) {
		error("cannot set the owner in the committed version of '%s%s'; commit your "
		      "changes to it first ('notebook commit'), then run this again",
		      ctx->display, rel);
		goto out;
	}
	msg = old ? xasprintf("assign: %s owner %s \xe2\x86\x92 %s", id, old, spelt)
		  : xasprintf("assign: %s owner %s", id, spelt);
	status = writing_commit_change(ctx, r, rel, text.data, text.len,
				       head ? head_text.data : NULL, head_text.len, msg);
out:
	if (spelt && spelt != owner)
		free((char *)spelt);
	resolved_release(&ids);
	diags_release(&d);
	diags_release(&hd);
	buf_release(&text);
	buf_release(&head_text);
	buf_release(&value);
	repo_free(r);
	free(data);
	free(head);
	free(rel);
	free(msg);
	free(old);
	return status;
}
