/* Two entries in one file (split.h). */
#include "split.h"

#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "util.h"
#include "yaml.h"

/* Whether the line at `p` (of `l` bytes, no line end) starts with the marker `m` as git writes it. */
static int is_mark(const char *p, size_t l, const char *m)
{
	return l >= 7 && !memcmp(p, m, 7) && (l == 7 || p[7] == ' ');
}

int split_sides(const char *data, size_t len, struct buf *first, struct buf *second)
{
	enum { BOTH, FIRST, BASE, SECOND } where = BOTH;
	int conflicts = 0;

	buf_reset(first);
	buf_reset(second);
	for (size_t i = 0; i < len;) {
		const char *p = data + i, *nl = memchr(p, '\n', len - i);
		size_t whole = nl ? (size_t)(nl - p) + 1 : len - i, l = nl ? (size_t)(nl - p) : len - i;

		if (l && p[l - 1] == '\r')
			l--;
		if (is_mark(p, l, "<<<<<<<")) {
			if (where != BOTH)
				return -1;
			where = FIRST;
		} else if (is_mark(p, l, "|||||||") && where == FIRST) {
			where = BASE;
		} else if (l == 7 && !memcmp(p, "=======", 7) && (where == FIRST || where == BASE)) {
			where = SECOND;
		} else if (is_mark(p, l, ">>>>>>>")) {
			if (where != SECOND)
				return -1;
			where = BOTH;
			conflicts++;
		} else {
			if (where == BOTH || where == FIRST)
				buf_add(first, p, whole);
			if (where == BOTH || where == SECOND)
				buf_add(second, p, whole);
		}
		i += whole;
	}
	return where == BOTH && conflicts ? 0 : -1;
}

/* Whether `b` is an entry: a front matter that reads as a mapping. */
static int whole_entry(const struct buf *b)
{
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	int ok;

	if (b->len < 4 || strncmp(buf_str(b), "---", 3))
		return 0;
	yaml_doc_init(&doc);
	ok = yaml_read_front_matter("entry", buf_str(b), b->len, &doc, &d) == 0;
	yaml_doc_release(&doc);
	diags_release(&d);
	return ok;
}

int split_is_two_entries(const char *data, size_t len)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int ret = split_sides(data, len, &a, &b) == 0 && whole_entry(&a) && whole_entry(&b) &&
		  (a.len != b.len || memcmp(a.data, b.data, a.len));

	buf_release(&a);
	buf_release(&b);
	return ret;
}

static const char marker_msg[] = "merge conflict marker left in the file";

void split_hint(const char *root, struct diags *d)
{
	struct diags out = DIAGS_INIT;
	char *done = NULL; /* the last path looked at */
	int two = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		int marker = !strncmp(g->msg, marker_msg, sizeof(marker_msg) - 1) &&
			     !strncmp(g->path, "journal/", 8);

		if (marker && (!done || strcmp(done, g->path))) {
			char *full = xasprintf("%s/%s", root, g->path), *data = NULL;
			size_t len = 0;
			free(done);
			done = xstrdup(g->path);
			two = fs_read_file(full, MAX_FILE_SIZE, &data, &len) == 0 &&
			      split_is_two_entries(data, len);
			free(full);
			free(data);
			if (two)
				diags_add(&out, g->path, 1, 1, SEV_ERROR,
					  "two entries in one file between conflict markers (both "
					  "sides of a merge added an entry of this name); keep both "
					  "with 'notebook split %s'", g->path);
		}
		if (marker && two)
			continue;
		diags_add(&out, g->path, g->line, g->col, g->sev, "%s", g->msg);
	}
	free(done);
	diags_release(d);
	*d = out;
}
