#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "text.h"
#include "util.h"

void diags_add(struct diags *d, const char *path, int line, int col,
	       enum severity sev, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	struct diag *g;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	g = &d->v[d->n++];
	g->path = xstrdup(path ? path : "");
	g->line = line;
	g->col = col;
	g->sev = sev;
	g->msg = buf_detach(&msg);
	if (sev == SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void diags_move(struct diags *to, struct diags *from)
{
	ALLOC_GROW(to->v, to->n + from->n, to->alloc);
	if (from->n)
		memcpy(to->v + to->n, from->v, from->n * sizeof(*from->v));
	to->n += from->n;
	to->errors += from->errors;
	to->warnings += from->warnings;
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

struct diag_at {
	struct diag g;
	size_t i;
};

static int diag_at_cmp(const void *pa, const void *pb)
{
	const struct diag_at *a = pa, *b = pb;
	int c = diag_cmp(&a->g, &b->g);

	if (c)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

void diags_sort(struct diags *d)
{
	size_t i, j = 0;

	struct diag_at *tmp;

	/* Keep the order of addition among equals: the index breaks ties. */
	if (d->n < 2)
		return;
	tmp = xreallocarray(NULL, d->n, sizeof(*tmp));
	for (i = 0; i < d->n; i++) {
		tmp[i].g = d->v[i];
		tmp[i].i = i;
	}
	qsort(tmp, d->n, sizeof(*tmp), diag_at_cmp);
	for (i = 0; i < d->n; i++) {
		struct diag *g = &tmp[i].g;
		if (j && !strcmp(d->v[j - 1].path, g->path) && d->v[j - 1].line == g->line &&
		    d->v[j - 1].col == g->col && d->v[j - 1].sev == g->sev &&
		    !strcmp(d->v[j - 1].msg, g->msg)) {
			if (g->sev == SEV_ERROR)
				d->errors--;
			else
				d->warnings--;
			free(g->path);
			free(g->msg);
			continue;
		}
		d->v[j++] = *g;
	}
	d->n = j;
	free(tmp);
}

void diags_print(const struct diags *d, const char *prefix, FILE *out)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		buf_reset(&b);
		if (prefix)
			buf_add_escaped(&b, prefix, strlen(prefix));
		buf_add_escaped(&b, g->path, strlen(g->path));
		if (g->line > 0) {
			buf_printf(&b, ":%d", g->line);
			if (g->col > 0)
				buf_printf(&b, ":%d", g->col);
		}
		buf_adds(&b, g->sev == SEV_ERROR ? ": error: " : ": warning: ");
		buf_add_escaped(&b, g->msg, strlen(g->msg));
		buf_addc(&b, '\n');
		fwrite(b.data, 1, b.len, out);
	}
	buf_release(&b);
}

void diags_print_json(const struct diags *d, const char *prefix, FILE *out)
{
	/* An object a line, one space in. */
	static const struct jw_layout layout = { 1, 1, 0 };
	json_t *all = json_array();

	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		char *path = xasprintf("%s%s", prefix ? prefix : "", g->path);
		json_t *o = json_object();

		json_object_set_new(o, "path", jw_text(path));
		json_object_set_new(o, "line", json_integer(g->line));
		json_object_set_new(o, "column", json_integer(g->col));
		json_object_set_new(o, "severity", jw_text(g->sev == SEV_ERROR ? "error" : "warning"));
		json_object_set_new(o, "message", jw_text(g->msg));
		json_array_append_new(all, o);
		free(path);
	}
	jw_print(out, all, &layout);
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int diags_has(const struct diags *d, const struct diag *g)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *h = &d->v[i];
		if (h->line == g->line && h->col == g->col && h->sev == g->sev &&
		    !strcmp(h->path, g->path) && !strcmp(h->msg, g->msg))
			return 1;
	}
	return 0;
}
