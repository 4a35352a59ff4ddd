#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
		if (names_equal(c->tags[i], tag))
			return 1;
	return 0;
}

const struct client *report_find_client(const struct notebook *nb, const char *query)
{
	int status;

	return resolve_client(nb, query, &status);
}
