/* Front-matter edits that keep the rest of the file: see fmedit.h. */
#include "fmedit.h"

#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "util.h"
#include "text.h"

int fmedit_init(struct fmedit *e, const char *path, const char *data, size_t len,
		const struct node *root, struct diags *d)
{
	struct fm_span fm;

	memset(e, 0, sizeof(*e));
	e->path = path;
	e->data = data;
	e->len = len;
	e->root = root;
	if (fm_split(data, len, &fm) != FM_OK || !root || root->kind != NODE_MAP) {
		diags_add(d, path, 1, 1, SEV_ERROR, "cannot find the end of the front matter");
		return -1;
	}
	e->close = fm.close;
	e->crlf = fm.crlf;
	return 0;
}

void fmedit_release(struct fmedit *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].text);
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = 0;
}

/* Queues `lines`, each indented by `indent` spaces, at offset `at`. */
static void insert(struct fmedit *e, size_t at, int rank, const char *lines, int indent)
{
	struct buf b = BUF_INIT;
	const char *p = lines;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		for (int i = 0; i < indent; i++)
			buf_addc(&b, ' ');
		buf_add(&b, p, n);
		buf_adds(&b, e->crlf ? "\r\n" : "\n");
		p += n + (nl ? 1 : 0);
	}
	ALLOC_GROW(e->v, e->n + 1, e->alloc);
	e->v[e->n].at = at;
	e->v[e->n].skip = 0;
	e->v[e->n].rank = rank;
	e->v[e->n].text = buf_detach(&b);
	e->n++;
}

void fmedit_add_top(struct fmedit *e, const char *lines)
{
	insert(e, e->close, 2, lines, 0);
}

/* The offset where line `line` (1-based) starts; the text's end past the last. */
static size_t line_start(const struct fmedit *e, int line)
{
	size_t start, end;

	if (text_line_span(e->data, e->len, line, &start, &end) < 0)
		return e->len;
	return start;
}

/* Indentation of the line [s, end): spaces before the first other byte; -1 when blank. */
static int indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n || s[i] == '\r')
		return -1;
	return (int)i;
}

/*
 * The offset just past the last line, from `line` on, that belongs to a
 * block at indentation `indent`: lines indented deeper, or at `indent`
 * starting with "- " when `dash` (further items of the same list). Blank
 * lines and comments inside are kept in; the closing line ends it.
 */
static size_t block_end(const struct fmedit *e, int line, int indent, int dash)
{
	size_t end_ok = line_start(e, line + 1);

	for (int l = line + 1;; l++) {
		size_t s, en;
		int in;

		if (text_line_span(e->data, e->len, l, &s, &en) < 0 || s >= e->close)
			break;
		in = indent_of(e->data + s, en - s);
		if (in < 0)
			continue;
		if (in > indent || (dash && in == indent && en - s > (size_t)in + 1 &&
				     e->data[s + in] == '-' && e->data[s + in + 1] == ' ')) {
			if (e->data[s + in] != '#')
				end_ok = line_start(e, l + 1);
			continue;
		}
		break;
	}
	return end_ok;
}

static const struct node *contacts_pair_key(const struct fmedit *e, const struct node **value)
{
	for (size_t i = 0; i < e->root->n; i++)
		if (!strcmp(e->root->pairs[i].key->str, "contacts")) {
			*value = e->root->pairs[i].value;
			return e->root->pairs[i].key;
		}
	return NULL;
}

/* The byte at a node's position. */
static char char_at(const struct fmedit *e, const struct node *n)
{
	size_t s = line_start(e, n->line) + (size_t)n->col - 1;

	return s < e->len ? e->data[s] : '\0';
}

/* "- " before the first line of `fields` and two spaces before the others. */
static char *as_item(const char *fields)
{
	struct buf b = BUF_INIT;
	int first = 1;

	for (const char *p = fields; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		buf_adds(&b, first ? "- " : "  ");
		buf_add(&b, p, n);
		buf_addc(&b, '\n');
		first = 0;
		p += n + (nl ? 1 : 0);
	}
	return buf_detach(&b);
}

int fmedit_add_person(struct fmedit *e, const char *fields, struct diags *d)
{
	const struct node *value = NULL, *key = contacts_pair_key(e, &value);
	char *item = as_item(fields);
	int ret = 0;

	if (!key) {
		if (!e->contacts_added)
			insert(e, e->close, 1, "contacts:", 0);
		e->contacts_added = 1;
		insert(e, e->close, 1, item, 2);
	} else if (value->kind == NODE_SCALAR && value->type == SCALAR_NULL && !value->len) {
		/* "contacts:" with nothing under it yet */
		insert(e, line_start(e, key->line + 1), 1, item, key->col - 1 + 2);
	} else if (value->kind == NODE_SEQ && value->n && char_at(e, value) == '-') {
		int dash = value->col - 1;
		insert(e, block_end(e, value->items[value->n - 1]->line, dash, 1), 1, item, dash);
	} else {
		diags_add(d, e->path, value->line, value->col, SEV_ERROR,
			  "'contacts' is not a block list ('- name: …' on lines of their own); "
			  "write it so to import people into it");
		ret = -1;
	}
	free(item);
	return ret;
}

int fmedit_add_to_person(struct fmedit *e, size_t i, const char *fields, struct diags *d)
{
	const struct node *value = NULL, *key = contacts_pair_key(e, &value);
	const struct node *item;

	if (!key || value->kind != NODE_SEQ || i >= value->n || char_at(e, value) != '-' ||
	    value->items[i]->kind != NODE_MAP || char_at(e, value->items[i]) == '{') {
		diags_add(d, e->path, key ? key->line : 1, key ? key->col : 1, SEV_ERROR,
			  "cannot add to person %zu of 'contacts': not a block mapping", i + 1);
		return -1;
	}
	item = value->items[i];
	/* the item's own lines: deeper than its dash, up to the next item */
	insert(e, block_end(e, item->line, value->col - 1, 0), 0, fields, item->col - 1);
	return 0;
}

int fmedit_replace_scalar(struct fmedit *e, const struct node *n, const char *text,
			  struct diags *d)
{
	size_t s, end, at, len;
	char q;

	if (n->kind != NODE_SCALAR || text_line_span(e->data, e->len, n->line, &s, &end) < 0) {
		diags_add(d, e->path, n->line, n->col, SEV_ERROR, "cannot edit this value in place");
		return -1;
	}
	at = s + (size_t)n->col - 1;
	q = at < end ? e->data[at] : '\0';
	if (q == '"' || q == '\'') {
		/* quoted: up to the closing quote on the same line */
		size_t i = at + 1;
		while (i < end && !(e->data[i] == q && e->data[i - 1] != '\\'))
			i++;
		if (i >= end) {
			diags_add(d, e->path, n->line, n->col, SEV_ERROR,
				  "cannot edit a quoted value that spans lines; edit it by hand");
			return -1;
		}
		len = i + 1 - at;
	} else {
		len = n->len;
		if (at + len > end || memcmp(e->data + at, n->str, len)) {
			diags_add(d, e->path, n->line, n->col, SEV_ERROR,
				  "cannot edit a value that spans lines; edit it by hand");
			return -1;
		}
	}
	ALLOC_GROW(e->v, e->n + 1, e->alloc);
	e->v[e->n].at = at;
	e->v[e->n].skip = len;
	e->v[e->n].rank = 0;
	/* a quoted value stays quoted the same way (`text` needs no escape in it) */
	e->v[e->n].text = q == '"' || q == '\'' ? xasprintf("%c%s%c", q, text, q) : xstrdup(text);
	e->n++;
	return 0;
}

int fmedit_set(struct fmedit *e, const char *key, const char *value, struct diags *d)
{
	for (size_t i = 0; i < e->root->n; i++) {
		const struct node *k = e->root->pairs[i].key, *v = e->root->pairs[i].value;
		if (strcmp(k->str, key))
			continue;
		if (v->kind == NODE_SCALAR && v->line == k->line && !(v->type == SCALAR_NULL && !v->len))
			return fmedit_replace_scalar(e, v, value, d);
		if (v->kind == NODE_SCALAR && v->type == SCALAR_NULL && !v->len) {
			/* "key:" with nothing after it: the value goes after the colon */
			size_t s, end;
			text_line_span(e->data, e->len, k->line, &s, &end);
			ALLOC_GROW(e->v, e->n + 1, e->alloc);
			e->v[e->n].at = s + (size_t)k->col - 1 + k->len + 1;
			e->v[e->n].skip = 0;
			e->v[e->n].rank = 0;
			e->v[e->n].text = xasprintf(" %s", value);
			e->n++;
			return 0;
		}
		diags_add(d, e->path, v->line, v->col, SEV_ERROR,
			  "cannot set '%s' here: its value is not on its line; edit it by hand", key);
		return -1;
	}
	{
		char *line = xasprintf("%s: %s", key, value);
		fmedit_add_top(e, line);
		free(line);
	}
	return 0;
}

static int insert_cmp(const void *x, const void *y)
{
	const struct fm_insert *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->rank - b->rank;
}

void fmedit_result(const struct fmedit *e, struct buf *out)
{
	struct fm_insert *v = xcalloc(e->n ? e->n : 1, sizeof(*v));
	size_t at = 0;

	/* stable: insertions at one offset keep the order they were made in */
	if (e->n)
		memcpy(v, e->v, e->n * sizeof(*v));
	for (size_t i = 1; i < e->n; i++)
		for (size_t j = i; j > 0 && insert_cmp(&v[j - 1], &v[j]) > 0; j--) {
			struct fm_insert t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < e->n; i++) {
		if (v[i].at < at)
			continue; /* inside a replaced span: cannot happen with distinct edits */
		buf_add(out, e->data + at, v[i].at - at);
		buf_adds(out, v[i].text);
		at = v[i].at + v[i].skip;
	}
	buf_add(out, e->data + at, e->len - at);
	free(v);
}
