/* Importing records into the notebook: see import.h. */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmdctx.h"
#include "fmedit.h"
#include "fold.h"
#include "fsutil.h"
#include "load.h"
#include "people.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

void ivalue_add(struct ivalue **f, size_t *n, const char *key, char **v, size_t nv, int list,
		int line, int col)
{
	struct ivalue *x;

	*f = xreallocarray(*f, *n + 1, sizeof(**f));
	x = &(*f)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->key = xstrdup(key);
	x->v = v;
	x->n = nv;
	x->list = list;
	x->line = line;
	x->col = col;
}

static void ivalues_release(struct ivalue *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].key);
		for (size_t j = 0; j < f[i].n; j++)
			free(f[i].v[j]);
		free(f[i].v);
	}
	free(f);
}

void irecord_release(struct irecord *r)
{
	free(r->id);
	free(r->name);
	ivalues_release(r->f, r->nf);
	for (size_t i = 0; i < r->np; i++) {
		free(r->p[i].name);
		ivalues_release(r->p[i].f, r->p[i].nf);
	}
	free(r->p);
	memset(r, 0, sizeof(*r));
}

/* Where each line of a generated text came from, for its diagnostics. */
struct linemap {
	int *line, *col;
	size_t n, alloc;
};

static void lm_note(struct linemap *lm, const struct buf *b, int line, int col)
{
	size_t lines = 0;

	if (!lm)
		return;
	for (size_t i = 0; i < b->len; i++)
		lines += b->data[i] == '\n';
	while (lm->n < lines) {
		ALLOC_GROW(lm->line, lm->n + 1, lm->alloc);
		lm->col = xreallocarray(lm->col, lm->alloc, sizeof(int));
		lm->line[lm->n] = line;
		lm->col[lm->n] = col;
		lm->n++;
	}
}

/* A scalar: plain when it reads back as the same string (or `raw`), else quoted. */
static void add_scalar(struct buf *b, const char *s, int raw)
{
	size_t n = strlen(s);
	int plain = n > 0 && !raw;

	if (raw) {
		buf_adds(b, s);
		return;
	}
	/* dates, durations, words, e-mail addresses: [A-Za-z0-9][A-Za-z0-9._@+-]* */
	for (size_t i = 0; i < n && plain; i++) {
		char c = s[i];
		plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			(i > 0 && (c == '.' || c == '_' || c == '-' || c == '@' || c == '+'));
	}
	if (plain) {
		/* not a word YAML reads as null, a boolean or a number */
		static const char *const special[] = { "null", "Null", "NULL", "true", "True", "TRUE",
						       "false", "False", "FALSE", NULL };
		int digits = 1;
		for (size_t i = 0; special[i]; i++)
			if (!strcmp(s, special[i]))
				plain = 0;
		for (size_t i = 0; i < n; i++)
			if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' || s[i] == '_'))
				digits = 0;
		if (digits && strchr(s, '-') && strlen(s) == 10)
			digits = 0; /* a date is a string under the core schema */
		if (digits)
			plain = 0;
	}
	if (plain)
		buf_adds(b, s);
	else
		buf_add_yaml_scalar(b, s);
}

/* "key: value\n", or "key:\n  - a\n  - b\n" for a list; at indentation 0. */
static void add_value(struct buf *b, const struct ivalue *v)
{
	buf_adds(b, v->key);
	buf_addc(b, ':');
	if (v->list && v->n != 1) {
		buf_addc(b, '\n');
		for (size_t i = 0; i < v->n; i++) {
			buf_adds(b, "  - ");
			add_scalar(b, v->v[i], v->raw);
			buf_addc(b, '\n');
		}
		return;
	}
	buf_addc(b, ' ');
	if (v->list && v->n == 1 && !strcmp(v->key, "tags")) {
		buf_adds(b, "[");
		add_scalar(b, v->v[0], v->raw);
		buf_adds(b, "]\n");
		return;
	}
	add_scalar(b, v->v[0], v->raw);
	buf_addc(b, '\n');
}

/* A person's lines at indentation 0: "name: …" first. */
static void person_fields(struct buf *b, const struct iperson *p, struct linemap *lm, int indent_lines)
{
	struct buf one = BUF_INIT;

	(void)indent_lines;
	if (p->name) {
		buf_adds(b, "name: ");
		add_scalar(b, p->name, 0);
		buf_addc(b, '\n');
		lm_note(lm, b, p->line, p->col);
	}
	for (size_t i = 0; i < p->nf; i++) {
		buf_reset(&one);
		add_value(&one, &p->f[i]);
		buf_add(b, one.data, one.len);
		lm_note(lm, b, p->f[i].line, p->f[i].col);
	}
	buf_release(&one);
}

/* Indents every line of `s` by `n` spaces, the first by `first` instead. */
static void add_indented(struct buf *b, const char *s, const char *first, const char *rest)
{
	int start = 1;

	for (const char *p = s; *p; p++) {
		if (start)
			buf_adds(b, p == s ? first : rest);
		buf_addc(b, *p);
		start = *p == '\n';
	}
}

/* The order fields are written in a new client file; custom fields after them. */
static const char *const client_order[] = {
	"status", "tier", "cadence", "snooze", "since", "archived", "owner", "tags", "trust", "fit",
};

static int field_rank(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(client_order); i++)
		if (!strcmp(client_order[i], key))
			return (int)i;
	return (int)ARRAY_SIZE(client_order);
}

/*
 * A whole new client file: front matter with the name, the fields and the
 * people, then a heading. `lm`, when given, learns each line's source.
 */
static void client_text(struct buf *b, const char *name, int name_line, int name_col,
			struct ivalue *f, size_t nf, struct iperson *p, size_t np,
			struct linemap *lm, int first_line)
{
	struct buf one = BUF_INIT;

	buf_adds(b, "---\n");
	lm_note(lm, b, first_line, 1);
	buf_adds(b, "name: ");
	add_scalar(b, name, 0);
	buf_addc(b, '\n');
	lm_note(lm, b, name_line, name_col);
	for (int rank = 0; rank <= (int)ARRAY_SIZE(client_order); rank++)
		for (size_t i = 0; i < nf; i++) {
			if (field_rank(f[i].key) != rank)
				continue;
			add_value(b, &f[i]);
			lm_note(lm, b, f[i].line, f[i].col);
		}
	if (np) {
		buf_adds(b, "contacts:\n");
		lm_note(lm, b, p[0].line, p[0].col);
	}
	for (size_t i = 0; i < np; i++) {
		struct linemap sub = { 0 };
		size_t before = b->len;
		buf_reset(&one);
		person_fields(&one, &p[i], lm ? &sub : NULL, 0);
		add_indented(b, buf_str(&one), "  - ", "    ");
		if (lm) {
			/* the person's lines map one to one */
			size_t k = 0;
			for (size_t j = before; j < b->len; j++) {
				if (b->data[j] != '\n')
					continue;
				ALLOC_GROW(lm->line, lm->n + 1, lm->alloc);
				lm->col = xreallocarray(lm->col, lm->alloc, sizeof(int));
				lm->line[lm->n] = k + 1 < sub.n ? sub.line[k + 1] : p[i].line;
				lm->col[lm->n] = k + 1 < sub.n ? sub.col[k + 1] : p[i].col;
				lm->n++;
				k++;
			}
			free(sub.line);
			free(sub.col);
		}
	}
	buf_adds(b, "---\n# ");
	buf_adds(b, name);
	buf_adds(b, "\n\n");
	lm_note(lm, b, first_line, 1);
	buf_release(&one);
}

/* One client of the plan. */
struct iclient {
	char *id;
	char *name;
	int name_line, name_col;
	const struct client *old;   /* the existing client, or NULL: a new file */
	struct ivalue *f;
	size_t nf;
	struct iperson *p;
	size_t np;
	int has_last;
	day_t last;
	int last_line;
	char *last_with;            /* the one person of the record that gave the last contact */
	int line;                   /* the first record's */
};

struct plan {
	struct iclient *v;
	size_t n, alloc;
};

static void iclient_release(struct iclient *c)
{
	free(c->id);
	free(c->name);
	ivalues_release(c->f, c->nf);
	for (size_t i = 0; i < c->np; i++) {
		free(c->p[i].name);
		ivalues_release(c->p[i].f, c->p[i].nf);
	}
	free(c->p);
	free(c->last_with);
}

static char **dup_strings(char *const *v, size_t n)
{
	char **out = n ? xcalloc(n, sizeof(*out)) : NULL;

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void copy_value(struct ivalue **f, size_t *n, const struct ivalue *v)
{
	ivalue_add(f, n, v->key, dup_strings(v->v, v->n), v->n, v->list, v->line, v->col);
	(*f)[*n - 1].raw = v->raw;
}

static const struct ivalue *find_value(const struct ivalue *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return &f[i];
	return NULL;
}

static int same_values(const struct ivalue *a, const struct ivalue *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

static void values_text(struct buf *b, const struct ivalue *v)
{
	for (size_t i = 0; i < v->n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", v->v[i]);
}

/*
 * Merges the fields `f` into `*into`: a new key is added; the same value
 * again is nothing; a different one is an error at the later value.
 */
static void merge_fields(struct ivalue **into, size_t *n, const struct ivalue *f, size_t nf,
			 const char *src, const char *whose, struct diags *d)
{
	for (size_t i = 0; i < nf; i++) {
		const struct ivalue *had = find_value(*into, *n, f[i].key);
		if (!had) {
			copy_value(into, n, &f[i]);
		} else if (!same_values(had, &f[i])) {
			struct buf x = BUF_INIT, y = BUF_INIT;
			values_text(&x, had);
			values_text(&y, &f[i]);
			diags_add(d, src, f[i].line, f[i].col, SEV_WARNING,
				  "'%s' of '%s' is '%s' here but '%s' on line %d; the first is kept",
				  f[i].key, whose, buf_str(&y), buf_str(&x), had->line);
			buf_release(&x);
			buf_release(&y);
		}
	}
}

static void merge_people(struct iclient *c, const struct iperson *p, size_t np, const char *src,
			 struct diags *d)
{
	for (size_t i = 0; i < np; i++) {
		struct iperson *into = NULL;
		for (size_t k = 0; k < c->np; k++)
			if (person_same(c->p[k].name, p[i].name))
				into = &c->p[k];
		if (!into) {
			c->p = xreallocarray(c->p, c->np + 1, sizeof(*c->p));
			into = &c->p[c->np++];
			memset(into, 0, sizeof(*into));
			into->name = xstrdup(p[i].name);
			into->line = p[i].line;
			into->col = p[i].col;
		}
		merge_fields(&into->f, &into->nf, p[i].f, p[i].nf, src, p[i].name, d);
	}
}

/* A record checked alone: its client as a new file must be valid. Diagnostics go to the source. */
static int check_record(const char *root, const struct irecord *r, const char *id,
			const char *src, struct diags *d)
{
	struct buf text = BUF_INIT;
	struct linemap lm = { 0 };
	struct diags mine = DIAGS_INIT;
	char *rel = xasprintf("clients/%s.md", id);
	int ret;

	client_text(&text, r->name ? r->name : id, r->name_line ? r->name_line : r->line,
		    r->name_col ? r->name_col : 1, r->f, r->nf, r->p, r->np, &lm, r->line);
	ret = validate_file(root, rel, text.data, text.len, &mine);
	for (size_t i = 0; i < mine.n; i++) {
		const struct diag *x = &mine.v[i];
		int line = r->line, col = 1;
		if (x->line > 0 && (size_t)x->line <= lm.n) {
			line = lm.line[x->line - 1];
			col = lm.col[x->line - 1];
		}
		diags_add(d, src, line, col, x->sev, "%s", x->msg);
	}
	diags_release(&mine);
	free(lm.line);
	free(lm.col);
	free(rel);
	buf_release(&text);
	return ret;
}

/* The id for a new client named `name`: from the name, numbered past those taken. */
static char *new_id(const struct notebook *nb, const struct plan *pl, const char *base)
{
	for (int n = 1;; n++) {
		char *id = n == 1 ? xstrdup(base) : xasprintf("%.*s-%d", 58, base, n);
		int taken = model_find_client(nb, id) != NULL;
		for (size_t i = 0; i < pl->n && !taken; i++)
			taken = !strcmp(pl->v[i].id, id);
		if (!taken)
			return id;
		free(id);
	}
}

/* The plan's client a record is about (made when new); NULL after a diagnostic. */
static struct iclient *client_for(struct plan *pl, const struct notebook *nb, const struct irecord *r,
				  const struct import_opts *o, struct diags *d)
{
	const struct client *old = NULL;
	char *id = NULL;
	struct iclient *c;

	if (r->id) {
		for (size_t i = 0; i < pl->n; i++)
			if (!strcmp(pl->v[i].id, r->id))
				return &pl->v[i];
		old = model_find_client(nb, r->id);
		if (!old && !client_id_valid(r->id)) {
			diags_add(d, o->source, r->id_line, r->id_col, SEV_ERROR,
				  "'%s' is not a client id (lowercase letters, digits and '-', at most 63)", r->id);
			return NULL;
		}
		id = xstrdup(r->id);
	}
	if (!id && r->name) {
		for (size_t i = 0; i < pl->n; i++)
			if (person_same(pl->v[i].name, r->name))
				return &pl->v[i];
		for (size_t i = 0; i < nb->nclients && !old; i++)
			if (person_same(nb->clients[i].name, r->name))
				old = &nb->clients[i];
		if (old) {
			id = xstrdup(old->id);
		} else {
			char *base = id_from_name(r->name);
			if (!*base) {
				diags_add(d, o->source, r->name_line, r->name_col, SEV_ERROR,
					  "cannot make a client id from '%s'; give one in an id column", r->name);
				free(base);
				return NULL;
			}
			id = new_id(nb, pl, base);
			free(base);
		}
	}
	if (!id) {
		diags_add(d, o->source, r->line, 1, SEV_ERROR, "no client name here");
		return NULL;
	}
	for (size_t i = 0; i < pl->n; i++)
		if (!strcmp(pl->v[i].id, id)) {
			free(id);
			return &pl->v[i];
		}
	if (!old && !o->make_clients) {
		diags_add(d, o->source, r->line, 1, SEV_ERROR, "no client '%s'", id);
		free(id);
		return NULL;
	}
	ALLOC_GROW(pl->v, pl->n + 1, pl->alloc);
	c = &pl->v[pl->n++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->old = old;
	c->name = xstrdup(old ? old->name : r->name ? r->name : id);
	c->name_line = r->name_line ? r->name_line : r->line;
	c->name_col = r->name_col ? r->name_col : 1;
	c->line = r->line;
	return c;
}

/* The client's latest contact (not a note) on or after `day`, or NULL. */
static const struct entry *contact_since(const struct client *c, day_t day)
{
	if (!c)
		return NULL;
	for (size_t i = c->nentries; i-- > 0;)
		if (c->entries[i]->kind != KIND_NOTE && c->entries[i]->day >= day)
			return c->entries[i];
	return NULL;
}

/* The value of a node as an ivalue-comparable list of strings. */
static size_t node_strings(const struct node *n, const char **out, size_t max)
{
	size_t k = 0;

	if (!n)
		return 0;
	if (n->kind == NODE_SCALAR) {
		if (n->type == SCALAR_NULL && !n->len)
			return 0;
		out[k++] = n->str;
	} else if (n->kind == NODE_SEQ) {
		for (size_t i = 0; i < n->n && k < max; i++)
			if (n->items[i]->kind == NODE_SCALAR)
				out[k++] = n->items[i]->str;
	}
	return k;
}

static int node_same(const struct node *n, const struct ivalue *v)
{
	const char *have[64];
	size_t k = node_strings(n, have, ARRAY_SIZE(have));

	if (k != v->n)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (strcmp(have[i], v->v[i]))
			return 0;
	return 1;
}

/* What happened to one client, for the report. */
struct outcome {
	struct buf added;  /* "tier, owner, 2 people (…)" */
	int changed;
};

static void note_added(struct outcome *oc, const char *what)
{
	if (oc->added.len)
		buf_adds(&oc->added, ", ");
	buf_adds(&oc->added, what);
	oc->changed = 1;
}

/*
 * The existing client's file with what the plan adds: fields it lacks, the
 * people it lacks, the fields its people lack. Differing values are kept
 * and reported on stdout.
 */
static int edit_existing(const char *root, const struct iclient *c, const struct import_opts *o,
			 struct buf *out, struct outcome *oc, struct diags *d)
{
	struct yaml_doc doc;
	struct fmedit e;
	char *data = NULL;
	size_t len;
	int ret = -1;
	const struct node *contacts;
	struct buf one = BUF_INIT, who = BUF_INIT;
	size_t newpeople = 0;

	yaml_doc_init(&doc);
	memset(&e, 0, sizeof(e));
	if (writing_read(root, c->old->path, &data, &len) < 0)
		goto out;
	if (yaml_read_front_matter(c->old->path, data, len, &doc, d) < 0 ||
	    fmedit_init(&e, c->old->path, data, len, doc.root, d) < 0)
		goto out;
	for (size_t i = 0; i < c->nf; i++) {
		const struct node *have = node_get(doc.root, c->f[i].key);
		if (!have) {
			buf_reset(&one);
			add_value(&one, &c->f[i]);
			fmedit_add_top(&e, buf_str(&one));
			note_added(oc, c->f[i].key);
		} else if (!node_same(have, &c->f[i])) {
			buf_reset(&one);
			values_text(&one, &c->f[i]);
			printf_escaped("%s %s: '%s' stays as the file has it (%s line %d says '%s')\n",
				       o->dry_run ? "would keep" : "kept", c->old->path, c->f[i].key,
				       o->source, c->f[i].line, buf_str(&one));
		}
	}
	contacts = node_get(doc.root, "contacts");
	for (size_t i = 0; i < c->np; i++) {
		const struct iperson *p = &c->p[i];
		size_t at = SIZE_MAX;
		if (contacts && contacts->kind == NODE_SEQ)
			for (size_t k = 0; k < contacts->n && at == SIZE_MAX; k++) {
				const struct node *nm = node_get(contacts->items[k], "name");
				if (contacts->items[k]->kind == NODE_MAP && nm && nm->kind == NODE_SCALAR &&
				    person_same(nm->str, p->name))
					at = k;
			}
		if (at == SIZE_MAX) {
			buf_reset(&one);
			person_fields(&one, p, NULL, 0);
			if (fmedit_add_person(&e, buf_str(&one), d) < 0)
				goto out;
			buf_printf(&who, "%s%s", newpeople++ ? ", " : "", p->name);
			continue;
		}
		buf_reset(&one);
		for (size_t j = 0; j < p->nf; j++) {
			const struct node *have = node_get(contacts->items[at], p->f[j].key);
			if (!have) {
				struct buf what = BUF_INIT;
				add_value(&one, &p->f[j]);
				buf_printf(&what, "%s's %s", p->name, p->f[j].key);
				note_added(oc, buf_str(&what));
				buf_release(&what);
			} else if (!node_same(have, &p->f[j])) {
				struct buf v = BUF_INIT;
				values_text(&v, &p->f[j]);
				printf_escaped("%s %s: %s's '%s' stays as the file has it (%s line %d says '%s')\n",
					       o->dry_run ? "would keep" : "kept", c->old->path, p->name,
					       p->f[j].key, o->source, p->f[j].line, buf_str(&v));
				buf_release(&v);
			}
		}
		if (one.len && fmedit_add_to_person(&e, at, buf_str(&one), d) < 0)
			goto out;
	}
	if (newpeople) {
		buf_reset(&one);
		buf_printf(&one, "%zu %s (%s)", newpeople, newpeople == 1 ? "person" : "people",
			   buf_str(&who));
		note_added(oc, buf_str(&one));
	}
	fmedit_result(&e, out);
	ret = 0;
out:
	fmedit_release(&e);
	yaml_doc_release(&doc);
	buf_release(&one);
	buf_release(&who);
	free(data);
	return ret;
}

static void entry_text(struct buf *b, const struct iclient *c, const struct import_opts *o)
{
	const char *base = strrchr(o->source, '/');
	char date[11];

	date_format(c->last, date);
	buf_printf(b, "---\nclient: %s\ndate: %s\nkind: %s\n", c->id, date, kind_name(o->last_kind));
	if (c->last_with) {
		buf_adds(b, "with: [");
		buf_add_yaml_scalar(b, c->last_with);
		buf_adds(b, "]\n");
	}
	buf_printf(b, "---\nImported from %s.\n", base ? base + 1 : o->source);
}

/* A free journal path for the client's last contact (-2, -3 … when taken). */
static char *entry_path(const char *root, const struct iclient *c, const struct import_opts *o)
{
	int y, m, dd;
	char date[11];

	date_to_ymd(c->last, &y, &m, &dd);
	date_format(c->last, date);
	for (int n = 1;; n++) {
		char *rel = n == 1 ?
			xasprintf("journal/%04d/%02d/%s-%s-%s.md", y, m, date, c->id, kind_name(o->last_kind)) :
			xasprintf("journal/%04d/%02d/%s-%s-%s-%d.md", y, m, date, c->id,
				  kind_name(o->last_kind), n);
		char *abs = xasprintf("%s/%s", root, rel);
		struct stat st;
		int taken = !lstat(abs, &st); /* never opened: a FIFO there must not block */

		free(abs);
		if (!taken)
			return rel;
		free(rel);
	}
}

/* Moves diagnostics about notebook files to `d`, their paths as reached from the working directory. */
static void move_notebook_diags(struct diags *d, struct diags *from, const char *display)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct diag *x = &from->v[i];
		char *path = xasprintf("%s%s", display ? display : "", x->path);
		diags_add(d, path, x->line, x->col, x->sev, "%s", x->msg);
		free(path);
	}
	diags_release(from);
}

struct out_file {
	char *rel;
	struct buf text;
	int create;
};

/* What an import makes: the files to write, and how many of each. */
struct import_out {
	struct out_file *files;
	size_t nfiles, alloc;
	size_t created, updated, entries, bad;
};

/* Step 1: each record on its own, then grouped by client into `pl`. */
static void plan_records(struct cmd_ctx *ctx, const struct notebook *nb, struct irecord *recs,
			 size_t nrecs, const struct import_opts *o, struct plan *pl,
			 struct import_out *io, struct diags *d)
{
	for (size_t i = 0; i < nrecs; i++) {
		struct irecord *rec = &recs[i];
		size_t before = pl->n;
		struct iclient *c = client_for(pl, nb, rec, o, d);
		if (!c || check_record(ctx->root, rec, c->id, o->source, d) < 0) {
			/* a client this record alone brought in goes with it */
			if (pl->n > before)
				iclient_release(&pl->v[--pl->n]);
			io->bad++;
			continue;
		}
		merge_fields(&c->f, &c->nf, rec->f, rec->nf, o->source, c->name, d);
		merge_people(c, rec->p, rec->np, o->source, d);
		if (rec->has_last && (!c->has_last || rec->last > c->last)) {
			c->has_last = 1;
			c->last = rec->last;
			c->last_line = rec->last_line;
			free(c->last_with);
			c->last_with = rec->np == 1 ? xstrdup(rec->p[0].name) : NULL;
		}
	}
}

/* A new slot in io->files, zeroed. */
static struct out_file *new_out_file(struct import_out *io)
{
	struct out_file *of;

	ALLOC_GROW(io->files, io->nfiles + 1, io->alloc);
	of = &io->files[io->nfiles];
	memset(of, 0, sizeof(*of));
	return of;
}

static void out_file_release(struct out_file *of)
{
	free(of->rel);
	buf_release(&of->text);
}

/*
 * Step 2, for the client file: new, or the existing one with what the
 * import adds. -1 when the client is left out for errors (reported).
 */
static int plan_client_file(struct cmd_ctx *ctx, struct iclient *c, const struct import_opts *o,
			     struct import_out *io, struct diags *d)
{
	struct out_file *of = new_out_file(io);
	struct outcome oc = { BUF_INIT, 0 };
	struct diags mine = DIAGS_INIT;

	of->rel = xasprintf("clients/%s.md", c->id);
	if (!c->old) {
		client_text(&of->text, c->name, 0, 0, c->f, c->nf, c->p, c->np, NULL, 0);
		of->create = 1;
		oc.changed = 1;
	} else if (edit_existing(ctx->root, c, o, &of->text, &oc, &mine) < 0) {
		goto bad;
	}
	if (oc.changed && validate_file(ctx->root, of->rel, of->text.data, of->text.len, &mine) < 0)
		goto bad;
	diags_release(&mine);
	if (!oc.changed) {
		out_file_release(of);
	} else if (of->create) {
		printf_escaped("%s %s (%s, %s line %d)\n", o->dry_run ? "would create" : "created",
			       of->rel, c->name, o->source, c->line);
		io->created++;
		io->nfiles++;
	} else {
		printf_escaped("%s %s: %s\n", o->dry_run ? "would update" : "updated", of->rel,
			       buf_str(&oc.added));
		io->updated++;
		io->nfiles++;
	}
	buf_release(&oc.added);
	return 0;
bad:
	move_notebook_diags(d, &mine, ctx->display);
	io->bad++;
	out_file_release(of);
	buf_release(&oc.added);
	return -1;
}

/* Step 2, for the last contact: an entry, unless the notebook has that contact or a later one. */
static void plan_entry_file(struct cmd_ctx *ctx, struct iclient *c, const struct import_opts *o,
			    struct import_out *io, struct diags *d)
{
	const struct entry *e = contact_since(c->old, c->last);
	struct diags mine = DIAGS_INIT;
	struct out_file *of;

	if (e) {
		char d1[11], d2[11];
		date_format(c->last, d1);
		date_format(e->day, d2);
		/* the entry an earlier import made is the same contact: nothing to say */
		if (e->day > c->last)
			printf_escaped("%s %s's last contact %s (%s line %d): the notebook has a "
				       "later one, %s\n", o->dry_run ? "would skip" : "skipped", c->id,
				       d1, o->source, c->last_line, d2);
		return;
	}
	of = new_out_file(io);
	of->rel = entry_path(ctx->root, c, o);
	of->create = 1;
	entry_text(&of->text, c, o);
	if (validate_file(ctx->root, of->rel, of->text.data, of->text.len, &mine) < 0) {
		move_notebook_diags(d, &mine, ctx->display);
		out_file_release(of);
		return;
	}
	printf_escaped("%s %s (last contact, %s line %d)\n", o->dry_run ? "would create" : "created",
		       of->rel, o->source, c->last_line);
	io->entries++;
	io->nfiles++;
}

/* Step 3: writes the files (their folders made first); 0, or -1 after a message. */
static int write_files(struct cmd_ctx *ctx, const struct import_out *io, char **paths)
{
	for (size_t i = 0; i < io->nfiles; i++) {
		const struct out_file *f = &io->files[i];
		char *abs = xasprintf("%s/%s", ctx->root, f->rel);
		const char *slash = strrchr(f->rel, '/');
		char *dir = xstrndup(f->rel, (size_t)(slash - f->rel));
		int ret = fs_mkdirs(ctx->root, dir);
		free(dir);
		if (ret == 0)
			ret = f->create ? fs_create_exclusive(abs, f->text.data, f->text.len) :
				fs_write_atomic(abs, f->text.data, f->text.len);
		if (ret > 0)
			ret = error("'%s%s' appeared while importing; run the import again", ctx->display,
				    f->rel);
		free(abs);
		if (ret < 0)
			return -1;
		paths[i] = f->rel;
	}
	return 0;
}

int import_run(struct cmd_ctx *ctx, struct repo *r, const struct notebook *nb,
	       struct irecord *recs, size_t nrecs, const struct import_opts *o, struct diags *d)
{
	struct plan pl = { 0 };
	struct import_out io = { 0 };
	char **paths = NULL;
	char *msg = NULL;
	const char *base = strrchr(o->source, '/');
	int status = EXIT_OK;

	plan_records(ctx, nb, recs, nrecs, o, &pl, &io, d);
	/* 2. the files */
	for (size_t i = 0; i < pl.n; i++) {
		if (plan_client_file(ctx, &pl.v[i], o, &io, d) == 0 && pl.v[i].has_last)
			plan_entry_file(ctx, &pl.v[i], o, &io, d);
	}
	io.bad += o->left_out;
	if (io.bad)
		status = EXIT_FINDINGS;
	if (!io.nfiles) {
		printf_escaped("nothing to import: the notebook already has what %s holds%s\n", o->source,
			       io.bad ? " (but for what was left out above)" : "");
		goto out;
	}
	printf("%s%zu client%s new, %zu updated, %zu entr%s", o->dry_run ? "would import: " : "imported: ",
	       io.created, io.created == 1 ? "" : "s", io.updated, io.entries,
	       io.entries == 1 ? "y" : "ies");
	if (io.bad)
		printf(", %zu left out for errors", io.bad);
	printf("\n");
	if (o->dry_run)
		goto out;
	/* 3. write, then one commit */
	paths = xcalloc(io.nfiles, sizeof(*paths));
	if (write_files(ctx, &io, paths) < 0) {
		status = EXIT_NO_NOTEBOOK;
		goto out;
	}
	msg = xasprintf("import: %s (%zu new, %zu updated, %zu entr%s)", base ? base + 1 : o->source,
			io.created, io.updated, io.entries, io.entries == 1 ? "y" : "ies");
	if (repo_commit_paths(r, paths, io.nfiles, msg) < 0) {
		error("the files are written but not committed; 'notebook commit' commits them");
		status = EXIT_GIT;
	}
out:
	for (size_t i = 0; i < io.nfiles; i++)
		out_file_release(&io.files[i]);
	free(io.files);
	free(paths);
	free(msg);
	for (size_t i = 0; i < pl.n; i++)
		iclient_release(&pl.v[i]);
	free(pl.v);
	return status;
}
