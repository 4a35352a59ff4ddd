/*
 * The three-way merge of a client file (merge.h): a small diff3 over
 * lines, built on a longest-common-subsequence match of the ancestor
 * against each side, and a merge of the front matter by top-level key
 * block, using the front-matter reader only to find where each key's
 * block starts and to check that every side reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "frontmatter.h"
#include "merge.h"
#include "util.h"
#include "yaml.h"

/* Above this many cells, the changed middle of a diff is not matched. */
#define LCS_MAX_CELLS ((size_t)1 << 22)

struct line {
	const char *p;
	size_t n; /* with its '\n', when it has one */
};

struct lines {
	struct line *v;
	size_t n, alloc;
};

static void split_lines(const char *s, size_t len, struct lines *l)
{
	const char *end = s + len;

	l->v = NULL;
	l->n = l->alloc = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		ALLOC_GROW(l->v, l->n + 1, l->alloc);
		l->v[l->n].p = s;
		l->v[l->n].n = n;
		l->n++;
		s += n;
	}
}

/* The lines from `i` on; an empty file has no array to point into. */
static const struct line *line_at(const struct lines *l, size_t i)
{
	return l->v ? l->v + i : NULL;
}

static int line_eq(const struct line *x, const struct line *y)
{
	return x->n == y->n && !memcmp(x->p, y->p, x->n);
}

/*
 * match[i] is the index in `x` of the line matched to o[i] by a longest
 * common subsequence, or -1. Common prefix and suffix are matched first;
 * a middle too large to tabulate is left unmatched (more conflicts, never
 * a wrong merge).
 */
static void lcs_match(const struct lines *o, const struct lines *x, long *match)
{
	size_t pre = 0, suf = 0, n, m, i, j;
	uint32_t *t = NULL;

	for (i = 0; i < o->n; i++)
		match[i] = -1;
	while (pre < o->n && pre < x->n && line_eq(&o->v[pre], &x->v[pre])) {
		match[pre] = (long)pre;
		pre++;
	}
	while (suf < o->n - pre && suf < x->n - pre &&
	       line_eq(&o->v[o->n - 1 - suf], &x->v[x->n - 1 - suf])) {
		match[o->n - 1 - suf] = (long)(x->n - 1 - suf);
		suf++;
	}
	n = o->n - pre - suf;
	m = x->n - pre - suf;
	if (!n || !m || (n + 1) > LCS_MAX_CELLS / (m + 1))
		return;
	/* t[i][j]: the LCS length of o[pre+i..] and x[pre+j..] */
	t = xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (i = n; i-- > 0;) {
		for (j = m; j-- > 0;) {
			if (line_eq(&o->v[pre + i], &x->v[pre + j]))
				T(i, j) = T(i + 1, j + 1) + 1;
			else
				T(i, j) = T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
		}
	}
	i = j = 0;
	while (i < n && j < m) {
		if (line_eq(&o->v[pre + i], &x->v[pre + j]) && T(i, j) == T(i + 1, j + 1) + 1) {
			match[pre + i] = (long)(pre + j);
			i++;
			j++;
		} else if (T(i + 1, j) >= T(i, j + 1)) {
			i++;
		} else {
			j++;
		}
	}
#undef T
	free(t);
}

static int range_eq(const struct line *x, size_t xn, const struct line *y, size_t yn)
{
	if (xn != yn)
		return 0;
	for (size_t i = 0; i < xn; i++)
		if (!line_eq(&x[i], &y[i]))
			return 0;
	return 1;
}

static void add_range(struct buf *out, const struct line *v, size_t n, int need_nl)
{
	for (size_t i = 0; i < n; i++)
		buf_add(out, v[i].p, v[i].n);
	if (need_nl && n && v[n - 1].p[v[n - 1].n - 1] != '\n')
		buf_addc(out, '\n');
}

const struct merge_labels merge_default_labels = { "ours", "theirs" };

/* A marker line: `mark` and the label, whose line ends become spaces. */
static void add_mark(struct buf *out, const char *mark, const char *label)
{
	buf_adds(out, mark);
	if (label && *label) {
		buf_addc(out, ' ');
		for (; *label; label++)
			buf_addc(out, *label == '\n' || *label == '\r' ? ' ' : *label);
	}
	buf_addc(out, '\n');
}

static void add_conflict(struct buf *out, const struct line *a, size_t an,
			 const struct line *b, size_t bn, const struct merge_labels *lb)
{
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addc(out, '\n');
	add_mark(out, "<<<<<<<", lb->ours);
	add_range(out, a, an, 1);
	add_mark(out, "=======", NULL);
	add_range(out, b, bn, 1);
	add_mark(out, ">>>>>>>", lb->theirs);
}

/*
 * The length of line `l` without its line end and without a last
 * " done:YYYY-MM-DD" word (what notebook done adds beside the tick).
 */
static size_t tick_core(const struct line *l)
{
	static const char tmpl[] = " done:####-##-##";
	size_t n = l->n, k = sizeof(tmpl) - 1;

	if (n && l->p[n - 1] == '\n')
		n--;
	if (n && l->p[n - 1] == '\r')
		n--;
	if (n < k)
		return n;
	for (size_t i = 0; i < k; i++) {
		char c = l->p[n - k + i];
		if (tmpl[i] == '#' ? (c < '0' || c > '9') : c != tmpl[i])
			return n;
	}
	return n - k;
}

/*
 * Whether `x` is the ancestor's line `o` with only a task item's box
 * ticked or unticked: "[ ]" against "[x]" or "[X]", and a " done:DATE"
 * word at its end added, removed or changed; nothing else changed.
 */
static int tick_only(const struct line *o, const struct line *x)
{
	size_t on = tick_core(o), xn = tick_core(x), i;

	if (on != xn)
		return 0;
	for (i = 0; i < on && o->p[i] == x->p[i]; i++)
		;
	if (i == on)
		return 1;
	if (!i || i + 1 >= on || o->p[i - 1] != '[' || o->p[i + 1] != ']' ||
	    memcmp(o->p + i + 1, x->p + i + 1, on - i - 1))
		return 0;
	return (o->p[i] == ' ' && (x->p[i] == 'x' || x->p[i] == 'X')) ||
	       (x->p[i] == ' ' && (o->p[i] == 'x' || o->p[i] == 'X'));
}

/*
 * Two machines ticking different promises of one note change adjacent
 * lines, which a line merge must call a conflict. When every line of the
 * region is at most ticked or unticked, and never two ways, the ticks of
 * both sides are taken line by line.
 */
static int merge_ticks(struct buf *out, const struct line *o, size_t on,
		       const struct line *a, size_t an, const struct line *b, size_t bn)
{
	if (an != on || bn != on)
		return 0;
	for (size_t i = 0; i < on; i++)
		if (!tick_only(&o[i], &a[i]) || !tick_only(&o[i], &b[i]) ||
		    (!line_eq(&a[i], &o[i]) && !line_eq(&b[i], &o[i]) && !line_eq(&a[i], &b[i])))
			return 0;
	for (size_t i = 0; i < on; i++)
		add_range(out, line_eq(&a[i], &o[i]) ? &b[i] : &a[i], 1, 0);
	return 1;
}

/* One unstable region: the same on both sides, one side's change, or a conflict. */
static size_t merge_chunk(struct buf *out, const struct line *o, size_t on,
			  const struct line *a, size_t an, const struct line *b, size_t bn,
			  const struct merge_labels *lb)
{
	if (range_eq(a, an, o, on)) {
		add_range(out, b, bn, 0);
	} else if (range_eq(b, bn, o, on) || range_eq(a, an, b, bn)) {
		add_range(out, a, an, 0);
	} else if (merge_ticks(out, o, on, a, an, b, bn)) {
		return 0;
	} else {
		add_conflict(out, a, an, b, bn, lb);
		return 1;
	}
	return 0;
}

size_t merge_lines(const char *o, size_t olen, const char *a, size_t alen,
		   const char *b, size_t blen, struct buf *out)
{
	return merge_lines_labeled(o, olen, a, alen, b, blen, &merge_default_labels, out);
}

size_t merge_lines_labeled(const char *o, size_t olen, const char *a, size_t alen,
			   const char *b, size_t blen, const struct merge_labels *labels,
			   struct buf *out)
{
	struct lines lo, la, lb;
	long *ma, *mb;
	size_t io = 0, ia = 0, ib = 0, conflicts = 0;

	split_lines(o, olen, &lo);
	split_lines(a, alen, &la);
	split_lines(b, blen, &lb);
	ma = xcalloc(lo.n + 1, sizeof(*ma));
	mb = xcalloc(lo.n + 1, sizeof(*mb));
	lcs_match(&lo, &la, ma);
	lcs_match(&lo, &lb, mb);
	while (io < lo.n || ia < la.n || ib < lb.n) {
		size_t k, ea, eb;

		if (io < lo.n && ma[io] == (long)ia && mb[io] == (long)ib) {
			buf_add(out, lo.v[io].p, lo.v[io].n);
			io++;
			ia++;
			ib++;
			continue;
		}
		/* the next ancestor line both sides kept ends the region */
		for (k = io; k < lo.n && (ma[k] < 0 || mb[k] < 0); k++)
			;
		ea = k < lo.n ? (size_t)ma[k] : la.n;
		eb = k < lo.n ? (size_t)mb[k] : lb.n;
		conflicts += merge_chunk(out, line_at(&lo, io), k - io, line_at(&la, ia), ea - ia,
					 line_at(&lb, ib), eb - ib, labels);
		io = k;
		ia = ea;
		ib = eb;
	}
	free(ma);
	free(mb);
	free(lo.v);
	free(la.v);
	free(lb.v);
	return conflicts;
}

/* A top-level key's block: its line and every line up to the next key's. */
struct block {
	const char *key;
	const char *p;
	size_t n;
	int used;
};

/* One side of a file, cut into pieces that point into its bytes. */
struct side {
	struct yaml_doc doc;
	const char *head;   /* the opening '---' line (and a BOM) */
	size_t head_n;
	const char *pre;    /* lines before the first key (comments) */
	size_t pre_n;
	struct block *v;
	size_t n;
	const char *close;  /* the closing '---' or '...' line */
	size_t close_n;
	const char *body;
	size_t body_n;
};

/* The offset of the start of line `want`, walking from `off` on line `line`. */
static size_t line_start(const char *s, size_t len, size_t off, int line, int want)
{
	while (line < want && off < len) {
		const char *nl = memchr(s + off, '\n', len - off);
		off = nl ? (size_t)(nl - s) + 1 : len;
		line++;
	}
	return off;
}

/* 0 when the side reads and its keys each start a line of their own, else -1. */
static int side_read(const char *path, const char *s, size_t len, struct side *sd)
{
	struct diags d = DIAGS_INIT;
	struct fm_span fm;
	const struct node *root;
	size_t off, next, close_off;
	int line, ret = -1;

	yaml_doc_init(&sd->doc);
	sd->v = NULL;
	sd->n = 0;
	if (!len) {
		sd->head = sd->pre = sd->close = sd->body = "";
		sd->head_n = sd->pre_n = sd->close_n = sd->body_n = 0;
		return 0;
	}
	if (yaml_read_front_matter(path, s, len, &sd->doc, &d) < 0 || !sd->doc.root ||
	    sd->doc.root->kind != NODE_MAP || fm_split(s, len, &fm) != FM_OK)
		goto out;
	root = sd->doc.root;
	sd->head = s;
	sd->head_n = fm.yaml;
	close_off = fm.close;
	sd->close = s + close_off;
	sd->close_n = fm.body - fm.close;
	sd->body = s + fm.body;
	sd->body_n = len - fm.body;
	sd->v = xcalloc(root->n ? root->n : 1, sizeof(*sd->v));
	off = sd->head_n;
	line = 2;
	for (size_t i = 0; i < root->n; i++) {
		const struct node *k = root->pairs[i].key;
		if (k->col != 1 || k->line < line || k->line >= fm.close_line ||
		    (i && k->line == line))
			goto out;
		off = line_start(s, len, off, line, k->line);
		line = k->line;
		if (!i) {
			sd->pre = s + sd->head_n;
			sd->pre_n = off - sd->head_n;
		}
		sd->v[i].key = k->str;
		sd->v[i].p = s + off;
	}
	for (size_t i = 0; i < root->n; i++) {
		next = i + 1 < root->n ? (size_t)(sd->v[i + 1].p - s) : close_off;
		sd->v[i].n = next - (size_t)(sd->v[i].p - s);
	}
	if (!root->n) {
		sd->pre = s + sd->head_n;
		sd->pre_n = close_off - sd->head_n;
	}
	sd->n = root->n;
	ret = 0;
out:
	diags_release(&d);
	return ret;
}

static void side_release(struct side *sd)
{
	free(sd->v);
	yaml_doc_release(&sd->doc);
}

static struct block *find_block(struct side *sd, const char *key)
{
	for (size_t i = 0; i < sd->n; i++)
		if (!strcmp(sd->v[i].key, key))
			return &sd->v[i];
	return NULL;
}

static int block_eq(const struct block *x, const struct block *y)
{
	return x->n == y->n && !memcmp(x->p, y->p, x->n);
}

static void add_block_conflict(struct buf *out, const struct block *a, const struct block *b,
			       const struct merge_labels *lb)
{
	add_mark(out, "<<<<<<<", lb->ours);
	if (a)
		buf_add(out, a->p, a->n);
	add_mark(out, "=======", NULL);
	if (b)
		buf_add(out, b->p, b->n);
	add_mark(out, ">>>>>>>", lb->theirs);
}

/* A key of ours (a) against the ancestor (o, or NULL) and theirs (b, or NULL). */
static size_t merge_ours_key(struct buf *out, const struct block *o,
			     const struct block *a, const struct block *b,
			     const struct merge_labels *lb)
{
	if (b && block_eq(a, b)) {
		buf_add(out, a->p, a->n);
	} else if (o && block_eq(a, o)) {
		if (b)
			buf_add(out, b->p, b->n);
	} else if ((o && b && block_eq(b, o)) || (!o && !b)) {
		buf_add(out, a->p, a->n);
	} else {
		add_block_conflict(out, a, b, lb);
		return 1;
	}
	return 0;
}

/* A key only theirs has: added by theirs, or kept by theirs and removed by ours. */
static size_t merge_theirs_key(struct buf *out, const struct block *o, const struct block *b,
			       const struct merge_labels *lb)
{
	if (!o) {
		buf_add(out, b->p, b->n);
	} else if (!block_eq(b, o)) {
		add_block_conflict(out, NULL, b, lb);
		return 1;
	}
	return 0;
}

/* Theirs' keys missing from ours whose nearest preceding key in theirs is ours' `anchor` (-1: none). */
static size_t add_theirs_after(struct buf *out, struct side *so, struct side *sa,
			       struct side *sb, long anchor, const struct merge_labels *lb)
{
	size_t conflicts = 0;

	for (size_t t = 0; t < sb->n; t++) {
		long at = -1;
		if (find_block(sa, sb->v[t].key))
			continue;
		for (size_t u = t; u-- > 0;) {
			struct block *x = find_block(sa, sb->v[u].key);
			if (x) {
				at = (long)(x - sa->v);
				break;
			}
		}
		if (at == anchor)
			conflicts += merge_theirs_key(out, find_block(so, sb->v[t].key), &sb->v[t],
						      lb);
	}
	return conflicts;
}

size_t merge_file(const char *path, const char *o, size_t olen,
		  const char *a, size_t alen, const char *b, size_t blen,
		  struct buf *out)
{
	return merge_file_labeled(path, o, olen, a, alen, b, blen, &merge_default_labels, out);
}

size_t merge_file_labeled(const char *path, const char *o, size_t olen,
			  const char *a, size_t alen, const char *b, size_t blen,
			  const struct merge_labels *lb, struct buf *out)
{
	struct side so, sa, sb;
	size_t conflicts = 0;
	int ok;

	ok = !side_read(path, o, olen, &so);
	ok &= alen && !side_read(path, a, alen, &sa);
	ok &= blen && !side_read(path, b, blen, &sb);
	if (!ok) {
		if (alen)
			side_release(&sa);
		if (blen)
			side_release(&sb);
		side_release(&so);
		return merge_lines_labeled(o, olen, a, alen, b, blen, lb, out);
	}
	buf_add(out, sa.head, sa.head_n);
	conflicts += merge_lines_labeled(so.pre, so.pre_n, sa.pre, sa.pre_n, sb.pre, sb.pre_n, lb,
					 out);
	conflicts += add_theirs_after(out, &so, &sa, &sb, -1, lb);
	for (size_t i = 0; i < sa.n; i++) {
		conflicts += merge_ours_key(out, find_block(&so, sa.v[i].key), &sa.v[i],
					    find_block(&sb, sa.v[i].key), lb);
		conflicts += add_theirs_after(out, &so, &sa, &sb, (long)i, lb);
	}
	buf_add(out, sa.close, sa.close_n);
	conflicts += merge_lines_labeled(so.body, so.body_n, sa.body, sa.body_n, sb.body, sb.body_n,
					 lb, out);
	side_release(&sa);
	side_release(&sb);
	side_release(&so);
	return conflicts;
}

void merge_both_whole(const char *a, size_t alen, const char *b, size_t blen,
		      const struct merge_labels *labels, struct buf *out)
{
	add_mark(out, "<<<<<<<", labels->ours);
	buf_add(out, a, alen);
	if (alen && a[alen - 1] != '\n')
		buf_addc(out, '\n');
	add_mark(out, "=======", NULL);
	buf_add(out, b, blen);
	if (blen && b[blen - 1] != '\n')
		buf_addc(out, '\n');
	add_mark(out, ">>>>>>>", labels->theirs);
}
