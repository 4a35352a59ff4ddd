#include "report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cache/index.h"
#include "choice.h"
#include "diag.h"
#include "load.h"
#include "resolve.h"
#include "term.h"
#include "text.h"
#include "tz.h"
#include "util.h"

int report_load(const struct cmd_ctx *ctx, struct notebook *nb)
{
	return report_load_counted(ctx, nb, NULL);
}

int report_load_counted(const struct cmd_ctx *ctx, struct notebook *nb, size_t *left_out)
{
	struct index *ix = notebook_index_open(ctx->root, 0);
	int ret = report_load_indexed(ctx, ix, nb, left_out, NULL, NULL);

	index_close(ix);
	return ret;
}

int report_load_indexed(const struct cmd_ctx *ctx, struct index *ix, struct notebook *nb,
			size_t *left_out, size_t *said, const struct load_early *early)
{
	struct diags d = DIAGS_INIT;
	int ret;

	ret = notebook_load_early(ctx->root, ix, nb, &d, early);
	if (said)
		*said = d.n;
	report_print_diags(ctx, &d, left_out);
	diags_release(&d);
	if (ret < 0)
		notebook_release(nb);
	return ret;
}

void report_print_diags(const struct cmd_ctx *ctx, struct diags *d, size_t *left_out)
{
	diags_sort(d);
	diags_print(d, ctx->display, stderr);
	if (left_out) {
		/* Sorted by path: count the paths that have an error, naming the clients. */
		const char *last = NULL;
		size_t entries = 0;
		*left_out = 0;
		for (size_t i = 0; i < d->n; i++) {
			const char *p = d->v[i].path;
			size_t n = strlen(p);
			if (d->v[i].sev != SEV_ERROR || (last && !strcmp(last, p)))
				continue;
			last = p;
			(*left_out)++;
			if (!strncmp(p, "clients/", 8) && n > 11 && !strchr(p + 8, '/'))
				fprintf_escaped(stderr, "notebook: client '%.*s' is left out until "
						"'%s%s' is fixed\n", (int)(n - 11), p + 8, ctx->display, p);
			else if (!strncmp(p, "journal/", 8))
				entries++;
		}
		if (entries)
			fprintf(stderr, "notebook: %zu entr%s left out until fixed\n", entries,
				entries == 1 ? "y is" : "ies are");
	}
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

int owner_is(const struct notebook *nb, const struct client *c, const char *owner)
{
	const char *o = client_owner(nb, c);

	return o && names_equal(o, owner);
}

int client_has_tag(const struct client *c, const char *tag)
{
	for (size_t i = 0; i < c->ntags; i++)
		if (names_equal(c->tags[i], tag))
			return 1;
	return 0;
}

int name_repeats_id(const char *name, const char *id)
{
	const unsigned char *p = (const unsigned char *)name, *q = (const unsigned char *)id;

	for (;;) {
		while (*p && *p < 0x80 && !isalnum(*p))
			p++;
		while (*q && !isalnum(*q))
			q++;
		if (!*p || !*q)
			return !*p && !*q;
		/* Anything outside ASCII ("Café") says more than the id does. */
		if (*p >= 0x80 || tolower(*p) != tolower(*q))
			return 0;
		p++;
		q++;
	}
}

const struct client *report_find_client(const struct notebook *nb, const char *query)
{
	int status;

	return resolve_client(nb, query, &status);
}

int report_filter_option(int c, const char *arg, const char *usage, struct report_filter *f)
{
	switch (c) {
	case 't':
		f->tag = arg;
		return 0;
	case 'o':
		f->owner = arg;
		return 0;
	case 'T':
		return choice_tiers(usage, arg, &f->tiers) ? EXIT_USAGE : 0;
	case 'S':
		return choice_states(usage, arg, &f->states) ? EXIT_USAGE : 0;
	case 'd':
		if (report_parse_as_of(arg, usage, &f->as_of) < 0)
			return EXIT_USAGE;
		f->has_as_of = 1;
		return 0;
	}
	return -1;
}

int report_filter_keeps(const struct notebook *nb, const struct report_filter *f,
			const struct client *c)
{
	return (!f->tag || client_has_tag(c, f->tag)) && (!f->owner || owner_is(nb, c, f->owner)) &&
	       (!f->tiers || (f->tiers & 1u << c->tier));
}
