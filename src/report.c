#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "load.h"
#include "term.h"
#include "text.h"
#include "tz.h"
#include "util.h"

int report_load(const struct cmd_ctx *ctx, struct notebook *nb)
{
	struct diags d = DIAGS_INIT;
	int ret;

	ret = notebook_load(ctx->root, 0, nb, &d);
	diags_sort(&d);
	diags_print(&d, ctx->display, stderr);
	diags_release(&d);
	if (ret < 0)
		notebook_release(nb);
	return ret;
}

int report_parse_as_of(const char *arg, const char *usage, day_t *out)
{
	if (date_parse(arg, strlen(arg), out) < 0) {
		usage_error(usage, "--as-of wants a date YYYY-MM-DD, not '%s'", arg);
		return -1;
	}
	return 0;
}

int report_day(int has_as_of, day_t as_of, day_t *out)
{
	if (has_as_of) {
		*out = as_of;
		return 0;
	}
	return tz_today(out);
}

const char *client_owner(const struct notebook *nb, const struct client *c)
{
	return c->owner ? c->owner : nb->settings.owner;
}

int client_has_tag(const struct client *c, const char *tag)
{
	for (size_t i = 0; i < c->ntags; i++)
		if (!strcmp(c->tags[i], tag))
			return 1;
	return 0;
}

static int has_prefix_ci(const char *s, const char *prefix)
{
	return s && !strncasecmp(s, prefix, strlen(prefix));
}

static void print_candidates(const struct client **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs("  ", stderr);
		fputs_escaped(v[i]->id, stderr);
		fputs("  ", stderr);
		fputs_escaped(v[i]->name ? v[i]->name : "", stderr);
		fputc('\n', stderr);
	}
}

const struct client *report_find_client(const struct notebook *nb, const char *query)
{
	const struct client **hits = NULL, *found = NULL;
	size_t nhits = 0, alloc = 0;

	if (!*query)
		goto none;
	/* An id, exactly (ids are lowercase). */
	for (size_t i = 0; i < nb->nclients; i++)
		if (!strcasecmp(nb->clients[i].id, query)) {
			found = &nb->clients[i];
			goto out;
		}
	/* A name, case-insensitive. */
	for (size_t i = 0; i < nb->nclients; i++)
		if (nb->clients[i].name && !strcasecmp(nb->clients[i].name, query)) {
			ALLOC_GROW(hits, nhits + 1, alloc);
			hits[nhits++] = &nb->clients[i];
		}
	/* Else a prefix of an id or a name. */
	if (!nhits)
		for (size_t i = 0; i < nb->nclients; i++)
			if (has_prefix_ci(nb->clients[i].id, query) ||
			    has_prefix_ci(nb->clients[i].name, query)) {
				ALLOC_GROW(hits, nhits + 1, alloc);
				hits[nhits++] = &nb->clients[i];
			}
	if (nhits == 1) {
		found = hits[0];
		goto out;
	}
	if (nhits > 1) {
		error("'%s' is ambiguous; it could be:", query);
		print_candidates(hits, nhits);
		goto out;
	}
none:
	{
		const char **ids = xcalloc(nb->nclients + 1, sizeof(*ids));
		const char *near;
		for (size_t i = 0; i < nb->nclients; i++)
			ids[i] = nb->clients[i].id;
		near = nearest_word(query, ids);
		if (near)
			error("no client '%s' (did you mean '%s'?)", query, near);
		else
			error("no client '%s'; see 'notebook list'", query);
		free(ids);
	}
out:
	free(hits);
	return found;
}
