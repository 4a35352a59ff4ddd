/*
 * The requests that read a document (notebook(1), `lsp`): completion of
 * front-matter keys and values and of due: dates, hover (a key's schema
 * description, a client's status), go to definition and references
 * between entries and client files, and the quick fix of every
 * did-you-mean finding.
 */
#include "lsp/lsp_int.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "schema/schema.h"
#include "stale.h"
#include "util.h"
#include "yaml.h"

/* ---- what the schemas say of each key ---- */

static void field_release(struct lsp_field *f)
{
	free(f->name);
	free(f->desc);
	for (size_t i = 0; i < f->nvalues; i++)
		free(f->values[i]);
	free(f->values);
}

void lsp_fields_release(struct lsp_fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		field_release(&f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static char *scalar_dup(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && n->type != SCALAR_NULL ? xstrndup(n->str, n->len) : NULL;
}

/* The schema a "#/$defs/NAME" reference names, in the tree `root`; else NULL. */
static const struct node *deref(const struct node *root, const struct node *s)
{
	const struct node *ref = node_get(s, "$ref");

	if (!ref || ref->kind != NODE_SCALAR || strncmp(ref->str, "#/$defs/", 8))
		return NULL;
	return node_get(node_get(root, "$defs"), ref->str + 8);
}

static void add_values(struct lsp_field *f, const struct node *e)
{
	if (!e || e->kind != NODE_SEQ || f->nvalues)
		return;
	f->values = xcalloc(e->n ? e->n : 1, sizeof(*f->values));
	for (size_t i = 0; i < e->n; i++)
		if (e->items[i]->kind == NODE_SCALAR)
			f->values[f->nvalues++] = xstrndup(e->items[i]->str, e->items[i]->len);
}

static int says_date(const struct node *s)
{
	const struct node *fmt = node_get(s, "format"), *any = node_get(s, "anyOf");

	if (fmt && fmt->kind == NODE_SCALAR && !strcmp(fmt->str, "date"))
		return 1;
	if (any && any->kind == NODE_SEQ)
		for (size_t i = 0; i < any->n; i++)
			if (says_date(any->items[i]))
				return 1;
	return 0;
}

/* What one property's schema `s` (in the tree `root`) says, for completion and hover. */
static void field_from(struct lsp_field *f, const struct node *root, const char *name,
		       const struct node *s)
{
	const struct node *target = deref(root, s), *items = node_get(s, "items"), *type;

	f->name = xstrdup(name);
	f->desc = scalar_dup(node_get(s, "description"));
	if (!f->desc && target)
		f->desc = scalar_dup(node_get(target, "description"));
	add_values(f, node_get(s, "enum"));
	if (target)
		add_values(f, node_get(target, "enum"));
	if (items) {
		add_values(f, node_get(items, "enum"));
		if (deref(root, items))
			add_values(f, node_get(deref(root, items), "enum"));
	}
	f->date = says_date(s) || (target && says_date(target));
	type = node_get(s, "type");
	f->list = type && type->kind == NODE_SCALAR && !strcmp(type->str, "array");
}

static void fields_add(struct lsp_fields *out, const struct node *root)
{
	const struct node *props = node_get(root, "properties");

	if (!props || props->kind != NODE_MAP)
		return;
	out->v = xreallocarray(out->v, out->n + props->n + 1, sizeof(*out->v));
	for (size_t i = 0; i < props->n; i++) {
		const char *name = props->pairs[i].key->str;
		size_t k;
		for (k = 0; k < out->n && strcmp(out->v[k].name, name); k++)
			;
		if (k < out->n)
			continue; /* the built-in one stands */
		memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
		field_from(&out->v[out->n++], root, name, props->pairs[i].value);
	}
}

/* The notebook's own schema/NAME.schema.yaml, read into `doc`; -1 when there is none usable. */
static int read_extension(const char *root, const char *name, struct buf *b, struct yaml_doc *doc)
{
	char *path = xasprintf("%s/schema/%s.schema.yaml", root, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct diags d = DIAGS_INIT;
	struct stat st;
	int ret = -1;
	char chunk[65536];
	ssize_t r;

	free(path);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MAX_FILE_SIZE)
		goto out;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0 && b->len <= MAX_FILE_SIZE)
		buf_add(b, chunk, (size_t)r);
	if (b->len <= MAX_FILE_SIZE && yaml_read_document("schema", buf_str(b), b->len, 1, doc, &d) == 0)
		ret = 0;
out:
	diags_release(&d);
	close(fd);
	return ret;
}

void lsp_ensure_fields(struct lsp_server *s)
{
	static const char *const names[SCHEMA_KINDS] = { "notebook", "client", "entry" };

	if (s->fields_loaded)
		return;
	s->fields_loaded = 1;
	for (int k = 0; k < SCHEMA_KINDS; k++) {
		struct yaml_doc doc;
		struct diags d = DIAGS_INIT;
		size_t len;
		const char *text = builtin_schema(names[k], &len);

		yaml_doc_init(&doc);
		if (text && yaml_read_document(names[k], text, len, 1, &doc, &d) == 0)
			fields_add(&s->fields[k], doc.root);
		yaml_doc_release(&doc);
		diags_release(&d);
		if (s->root) {
			struct buf b = BUF_INIT;
			yaml_doc_init(&doc);
			if (read_extension(s->root, names[k], &b, &doc) == 0)
				fields_add(&s->fields[k], doc.root);
			yaml_doc_release(&doc);
			buf_release(&b);
		}
	}
}

/* ---- reading the document around a position ---- */

/* Which schema a document's path falls under; -1 for none. */
static int kind_of(const char *relpath)
{
	size_t n;

	if (!relpath)
		return -1;
	if (!strcmp(relpath, "notebook.yaml"))
		return SCHEMA_SETTINGS;
	n = strlen(relpath);
	if (n < 4 || strcmp(relpath + n - 3, ".md"))
		return -1;
	if (!strncmp(relpath, "clients/", 8))
		return SCHEMA_CLIENT;
	if (!strncmp(relpath, "journal/", 8))
		return SCHEMA_ENTRY;
	return -1;
}

/* Where a request points: the document, and the line around the position. */
struct spot {
	struct lsp_doc *doc;
	const char *s;
	size_t len;
	size_t off;          /* the position's byte offset */
	size_t ls, le;       /* its line */
	long line;
	int kind;            /* SCHEMA_*, -1 */
	int yaml;            /* the line is YAML: in the front matter or notebook.yaml */
	long fm_close;
};

static int spot_of(struct lsp_server *s, json_t *params, struct spot *sp, int *code,
		   const char **why)
{
	const char *uri;
	struct lsp_pos p;

	memset(sp, 0, sizeof(*sp));
	if (lsp_params_pos(params, &uri, &p) < 0) {
		*code = RPC_INVALID_PARAMS;
		*why = "expected textDocument.uri and position {line, character}";
		return -1;
	}
	sp->doc = lsp_doc_find(s, uri);
	if (!sp->doc)
		return 1; /* not open: nothing to say */
	sp->s = buf_str(&sp->doc->text);
	sp->len = sp->doc->text.len;
	sp->off = lsp_offset(sp->s, sp->len, p);
	/* a line past the end is the last one */
	sp->line = lsp_pos_of(sp->s, sp->len, sp->off).line;
	p.line = sp->line;
	sp->ls = lsp_line_start(sp->s, sp->len, p.line);
	sp->le = lsp_line_end(sp->s, sp->len, sp->ls);
	if (sp->ls > sp->len || sp->off < sp->ls) {
		sp->ls = sp->le = sp->off;
	}
	sp->kind = kind_of(sp->doc->relpath);
	if (sp->kind == SCHEMA_SETTINGS) {
		sp->yaml = 1;
	} else if (sp->kind >= 0) {
		sp->fm_close = lsp_fm_close(sp->s, sp->len);
		sp->yaml = p.line > 0 && (sp->fm_close < 0 || p.line < sp->fm_close);
	}
	return 0;
}

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '$';
}

/* The length of "key:" at s (a key at the line's start), else 0; *klen its key. */
static size_t key_at(const char *s, size_t n, size_t *klen)
{
	size_t i = 0;

	while (i < n && is_key_char(s[i]))
		i++;
	if (!i || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t'))
		return 0;
	*klen = i;
	return i + 1;
}

/*
 * The top-level key whose value the line `line` is part of: the line's own
 * ("key: …"), else the nearest line above that starts with one. Its text
 * through *key, *klen; 0 when there is none.
 */
static int governing_key(const struct spot *sp, const char **key, size_t *klen)
{
	size_t ls = sp->ls;

	for (;;) {
		size_t le = lsp_line_end(sp->s, sp->len, ls);
		if (ls < le && sp->s[ls] != ' ' && sp->s[ls] != '\t' && sp->s[ls] != '#' &&
		    sp->s[ls] != '-') {
			if (!key_at(sp->s + ls, le - ls, klen))
				return 0;
			*key = sp->s + ls;
			return 1;
		}
		if (!ls)
			return 0;
		/* the line before: back over its "\n" to the one before that */
		ls--;
		while (ls && sp->s[ls - 1] != '\n')
			ls--;
	}
}

static int key_is(const char *key, size_t klen, const char *name)
{
	return klen == strlen(name) && !memcmp(key, name, klen);
}

static const struct lsp_field *field_named(struct lsp_server *s, int kind, const char *key,
					   size_t klen)
{
	lsp_ensure_fields(s);
	if (kind < 0)
		return NULL;
	for (size_t i = 0; i < s->fields[kind].n; i++)
		if (key_is(key, klen, s->fields[kind].v[i].name))
			return &s->fields[kind].v[i];
	return NULL;
}

/* The word (id or key characters) around the position: [*a, *b). */
static void word_around(const struct spot *sp, size_t *a, size_t *b)
{
	size_t i = sp->off, j = sp->off;

	while (i > sp->ls && is_key_char(sp->s[i - 1]))
		i--;
	while (j < sp->le && is_key_char(sp->s[j]))
		j++;
	*a = i;
	*b = j;
}

/* ---- completion ---- */

static json_t *item(const char *label, int kind, const char *detail, const char *doc,
		    struct lsp_range edit, const char *text)
{
	json_t *it = json_pack("{s:s, s:i, s:{s:o, s:s}}", "label", label, "kind", kind, "textEdit",
			       "range", lsp_range_json(edit), "newText", text);

	if (!it)
		return NULL;
	if (detail)
		json_object_set_new(it, "detail", json_string(detail));
	if (doc)
		json_object_set_new(it, "documentation",
				    json_pack("{s:s, s:s}", "kind", "markdown", "value", doc));
	if (strcmp(label, text))
		json_object_set_new(it, "filterText", json_string(text));
	return it;
}

static void append(json_t *list, json_t *it)
{
	if (it)
		json_array_append_new(list, it);
}

/* Completion item kinds of the protocol. */
enum { CIK_TEXT = 1, CIK_VALUE = 12, CIK_PROPERTY = 10, CIK_ENUM_MEMBER = 20, CIK_REFERENCE = 18 };

static int key_present(const struct spot *sp, const char *name)
{
	long first = sp->kind == SCHEMA_SETTINGS ? 0 : 1;
	long last = sp->kind == SCHEMA_SETTINGS ? -1 : sp->fm_close;
	size_t n = strlen(name), ls = lsp_line_start(sp->s, sp->len, first), klen;

	for (long l = first; ls < sp->len && (last < 0 || l < last); l++) {
		size_t le = lsp_line_end(sp->s, sp->len, ls);
		const char *nl;
		if (l != sp->line && key_at(sp->s + ls, le - ls, &klen) && klen == n &&
		    !memcmp(sp->s + ls, name, n))
			return 1;
		nl = memchr(sp->s + ls, '\n', sp->len - ls);
		if (!nl)
			break;
		ls = (size_t)(nl - sp->s) + 1;
	}
	return 0;
}

static void complete_keys(struct lsp_server *s, const struct spot *sp, struct lsp_range r,
			  json_t *list)
{
	lsp_ensure_fields(s);
	for (size_t i = 0; i < s->fields[sp->kind].n; i++) {
		const struct lsp_field *f = &s->fields[sp->kind].v[i];
		char *text;
		if (key_present(sp, f->name))
			continue;
		text = xasprintf("%s: ", f->name);
		json_t *it = item(f->name, CIK_PROPERTY, NULL, f->desc, r, text);
		if (it)
			json_object_set_new(it, "filterText", json_string(f->name));
		append(list, it);
		free(text);
	}
}

static void complete_clients(struct lsp_server *s, struct lsp_range r, json_t *list)
{
	const struct notebook *nb = lsp_notebook(s);

	if (nb) {
		for (size_t i = 0; i < nb->nclients; i++) {
			const struct client *c = &nb->clients[i];
			append(list, item(c->name, CIK_REFERENCE, c->id, NULL, r, c->id));
		}
		return;
	}
	lsp_ensure_ids(s);
	for (size_t i = 0; i < s->nids; i++)
		if (!i || strcmp(s->ids[i], s->ids[i - 1]))
			append(list, item(s->ids[i], CIK_REFERENCE, NULL, NULL, r, s->ids[i]));
}

/* The ids the document's `client:` or `clients:` name. */
static size_t named_clients(const struct spot *sp, char ids[][64], size_t max)
{
	size_t k = 0, ls = lsp_line_start(sp->s, sp->len, 1);
	int in_list = 0; /* in the block list below a "clients:" line */

	for (long l = 1; ls < sp->len && (sp->fm_close < 0 || l < sp->fm_close) && k < max; l++) {
		size_t le = lsp_line_end(sp->s, sp->len, ls), klen, at, i, j;
		const char *nl;

		at = key_at(sp->s + ls, le - ls, &klen);
		if (at) {
			in_list = key_is(sp->s + ls, klen, "client") || key_is(sp->s + ls, klen, "clients");
			i = in_list ? ls + at : le;
		} else if (in_list) {
			/* "  - id" */
			for (i = ls; i < le && sp->s[i] == ' '; i++)
				;
			if (i == ls || i >= le || sp->s[i] != '-') {
				in_list = 0;
				i = le;
			} else {
				i++;
			}
		} else {
			i = le;
		}
		/* the ids on the line: plain, quoted or in a flow list */
		while (i < le && k < max) {
			while (i < le && strchr(" [],\"'", sp->s[i]))
				i++;
			for (j = i; j < le && is_key_char(sp->s[j]); j++)
				;
			if (j == i)
				break;
			if (j - i < 64) {
				memcpy(ids[k], sp->s + i, j - i);
				ids[k][j - i] = '\0';
				k++;
			}
			i = j;
		}
		nl = memchr(sp->s + ls, '\n', sp->len - ls);
		if (!nl)
			break;
		ls = (size_t)(nl - sp->s) + 1;
	}
	return k;
}

static void complete_people(struct lsp_server *s, const struct spot *sp, struct lsp_range r,
			    json_t *list)
{
	const struct notebook *nb = lsp_notebook(s);
	char ids[16][64];
	size_t n = named_clients(sp, ids, ARRAY_SIZE(ids));

	if (!nb)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct client *c = model_find_client(nb, ids[i]);
		if (!c)
			continue;
		for (size_t k = 0; k < c->ncontacts; k++) {
			const struct contact *p = &c->contacts[k];
			char *detail = p->role ? xasprintf("%s, %s", p->role, c->name) : xstrdup(c->name);
			/* a name YAML would misread is quoted */
			int quote = strpbrk(p->name, ":#,[]{}\"'") != NULL;
			char *text = quote ? xasprintf("\"%s\"", p->name) : xstrdup(p->name);
			append(list, item(p->name, CIK_VALUE, detail, NULL, r, text));
			free(text);
			free(detail);
		}
	}
}

static void complete_dates(struct lsp_server *s, struct lsp_range r, json_t *list, int future)
{
	static const struct {
		int days;
		const char *what;
	} offsets[] = {
		{ 0, "today" }, { 1, "tomorrow" }, { 2, "in 2 days" }, { 3, "in 3 days" },
		{ 7, "in a week" }, { 14, "in 2 weeks" }, { 30, "in 30 days" }, { -1, "yesterday" },
	};
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
					    "Friday", "Saturday", "Sunday" };
	day_t today = lsp_day_today(s);

	for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
		char d[11], sort[8];
		day_t day = today + offsets[i].days;
		int wd = date_weekday(day);
		if (offsets[i].days < 0 && future)
			continue;
		date_format(day, d);
		char *detail = xasprintf("%s, %s", offsets[i].what,
					 days[wd]);
		json_t *it = item(d, CIK_VALUE, detail, NULL, r, d);
		snprintf(sort, sizeof(sort), "%02zu", i);
		if (it)
			json_object_set_new(it, "sortText", json_string(sort));
		append(list, it);
		free(detail);
	}
}

static void complete_values(struct lsp_server *s, const struct spot *sp, const char *key,
			    size_t klen, struct lsp_range r, json_t *list)
{
	const struct lsp_field *f;

	if (sp->kind == SCHEMA_ENTRY && (key_is(key, klen, "client") || key_is(key, klen, "clients"))) {
		complete_clients(s, r, list);
		return;
	}
	if (sp->kind == SCHEMA_ENTRY && key_is(key, klen, "with")) {
		complete_people(s, sp, r, list);
		return;
	}
	f = field_named(s, sp->kind, key, klen);
	if (!f)
		return;
	for (size_t i = 0; i < f->nvalues; i++)
		append(list, item(f->values[i], CIK_ENUM_MEMBER, NULL, f->desc, r, f->values[i]));
	if (f->date)
		complete_dates(s, r, list, 0);
}

/* "- [ ] … due:" before the position in a body line: the offset after "due:", else 0. */
static size_t due_at(const struct spot *sp, size_t a)
{
	size_t i = sp->ls;

	if (a < sp->ls + 4 || memcmp(sp->s + a - 4, "due:", 4))
		return 0;
	if (a > sp->ls + 4 && sp->s[a - 5] != ' ' && sp->s[a - 5] != '\t')
		return 0;
	while (i < a && (sp->s[i] == ' ' || sp->s[i] == '\t'))
		i++;
	if (i + 1 < a && (sp->s[i] == '-' || sp->s[i] == '*' || sp->s[i] == '+') && sp->s[i + 1] == ' ') {
		i += 2;
	} else {
		size_t d = i;
		while (i < a && sp->s[i] >= '0' && sp->s[i] <= '9')
			i++;
		if (i == d || i + 1 >= a || (sp->s[i] != '.' && sp->s[i] != ')') || sp->s[i + 1] != ' ')
			return 0;
		i += 2;
	}
	while (i < a && sp->s[i] == ' ')
		i++;
	if (i + 3 > a || sp->s[i] != '[' || sp->s[i + 2] != ']' || !strchr(" xX", sp->s[i + 1]))
		return 0;
	return a;
}

json_t *lsp_completion(struct lsp_server *s, json_t *params, int *code, const char **why)
{
	struct spot sp;
	json_t *list;
	size_t a, b, i, klen;
	struct lsp_range r;
	int st = spot_of(s, params, &sp, code, why);

	if (st < 0)
		return NULL;
	list = json_array();
	if (st > 0 || sp.kind < 0)
		goto out;
	/* the partial word before the position is what an item replaces */
	for (a = sp.off; a > sp.ls && (is_key_char(sp.s[a - 1]) || sp.s[a - 1] == '.'); a--)
		;
	b = sp.off;
	r.start = lsp_pos_of(sp.s, sp.len, a);
	r.end = lsp_pos_of(sp.s, sp.len, b);
	if (!sp.yaml) {
		/* dates after due: in a task item, dd-mm digits included */
		size_t d = a;
		while (d > sp.ls && (sp.s[d - 1] == '-' || (sp.s[d - 1] >= '0' && sp.s[d - 1] <= '9')))
			d--;
		if (sp.line > sp.fm_close && sp.fm_close >= 0 && due_at(&sp, d)) {
			r.start = lsp_pos_of(sp.s, sp.len, d);
			complete_dates(s, r, list, 1);
		}
		goto out;
	}
	/* what is before the word on the line: nothing (a key), or "key:" and a value */
	for (i = sp.ls; i < a && sp.s[i] == ' '; i++)
		;
	if (i == a && i == sp.ls) {
		complete_keys(s, &sp, r, list);
	} else if (i == sp.ls && key_at(sp.s + sp.ls, sp.le - sp.ls, &klen) &&
		   sp.ls + klen < a) {
		complete_values(s, &sp, sp.s + sp.ls, klen, r, list);
	} else if (i < a && sp.s[i] == '-') {
		const char *key;
		if (governing_key(&sp, &key, &klen))
			complete_values(s, &sp, key, klen, r, list);
	}
out:
	return json_pack("{s:b, s:o}", "isIncomplete", 0, "items", list);
}

/* ---- hover ---- */

static void add_markdown_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* A client's status as `status` and `show` say it: state, then the reasons. */
static void client_status(struct lsp_server *s, const struct notebook *nb, const struct client *c,
			  struct buf *b)
{
	struct audit a;
	char d[11];

	audit_client(nb, c, lsp_day_today(s), &a);
	buf_adds(b, "**");
	add_markdown_escaped(b, c->name);
	buf_adds(b, "** (`");
	buf_adds(b, c->id);
	buf_adds(b, "`)");
	date_format(a.as_of, d);
	if (!client_is_audited(c)) {
		buf_printf(b, ": not audited (%s)\n", status_name(c->status));
	} else {
		buf_printf(b, ": %s on %s\n", state_name(a.state), d);
		for (size_t i = 0; i < a.nreasons; i++) {
			buf_adds(b, "\n- ");
			add_markdown_escaped(b, a.reasons[i]);
		}
		buf_addc(b, '\n');
	}
	audit_release(&a);
}

/* The client id under the position in an entry's client:/clients:, else 0. */
static int client_id_at(const struct spot *sp, char *id, size_t size, struct lsp_range *r)
{
	const char *key;
	size_t klen, a, b;

	if (!sp->yaml || sp->kind != SCHEMA_ENTRY || !governing_key(sp, &key, &klen) ||
	    !(key_is(key, klen, "client") || key_is(key, klen, "clients")))
		return 0;
	word_around(sp, &a, &b);
	if (a == b || b - a >= size)
		return 0;
	/* not the key itself */
	if (a == sp->ls && b < sp->le && sp->s[b] == ':')
		return 0;
	memcpy(id, sp->s + a, b - a);
	id[b - a] = '\0';
	if (r) {
		r->start = lsp_pos_of(sp->s, sp->len, a);
		r->end = lsp_pos_of(sp->s, sp->len, b);
	}
	return 1;
}

json_t *lsp_hover(struct lsp_server *s, json_t *params, int *code, const char **why)
{
	struct spot sp;
	struct buf b = BUF_INIT;
	struct lsp_range r;
	char id[64];
	size_t a, e, klen;
	int st = spot_of(s, params, &sp, code, why);
	json_t *res = NULL;

	if (st < 0)
		return NULL;
	if (st > 0 || sp.kind < 0 || !sp.yaml)
		return json_null();
	if (client_id_at(&sp, id, sizeof(id), &r)) {
		const struct notebook *nb = lsp_notebook(s);
		const struct client *c = nb ? model_find_client(nb, id) : NULL;
		if (!c)
			return json_null();
		client_status(s, nb, c, &b);
	} else {
		word_around(&sp, &a, &e);
		/* a key: the word at the line's start (or after "- "), followed by ':' */
		const struct lsp_field *f = NULL;
		if (a < e && e < sp.le && sp.s[e] == ':')
			f = field_named(s, sp.kind, sp.s + a, e - a);
		if (!f && key_at(sp.s + sp.ls, sp.le - sp.ls, &klen) && sp.off < sp.ls + klen) {
			a = sp.ls;
			e = sp.ls + klen;
			f = field_named(s, sp.kind, sp.s + a, klen);
		}
		if (!f)
			return json_null();
		buf_printf(&b, "**%s**", f->name);
		if (f->desc) {
			buf_adds(&b, ": ");
			add_markdown_escaped(&b, f->desc);
		}
		if (f->nvalues) {
			buf_adds(&b, "\n\nOne of: ");
			for (size_t i = 0; i < f->nvalues; i++)
				buf_printf(&b, "%s`%s`", i ? ", " : "", f->values[i]);
		}
		buf_addc(&b, '\n');
		r.start = lsp_pos_of(sp.s, sp.len, a);
		r.end = lsp_pos_of(sp.s, sp.len, e);
	}
	res = json_pack("{s:{s:s, s:s}, s:o}", "contents", "kind", "markdown", "value", buf_str(&b),
			"range", lsp_range_json(r));
	buf_release(&b);
	return res ? res : json_null();
}

/* ---- definition and references ---- */

static json_t *location(struct lsp_server *s, const char *relpath, struct lsp_range r)
{
	char *uri = lsp_uri_of(s, relpath);
	json_t *loc = json_pack("{s:s, s:o}", "uri", uri, "range", lsp_range_json(r));

	free(uri);
	return loc;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

json_t *lsp_definition(struct lsp_server *s, json_t *params, int *code, const char **why)
{
	struct spot sp;
	char id[64];
	const char *key = id;
	char **hit;
	struct lsp_range top = { { 0, 0 }, { 0, 0 } };
	json_t *list;
	int st = spot_of(s, params, &sp, code, why);

	if (st < 0)
		return NULL;
	if (st > 0 || !client_id_at(&sp, id, sizeof(id), NULL))
		return json_null();
	lsp_ensure_ids(s);
	hit = bsearch(&key, s->ids, s->nids, sizeof(*s->ids), cmp_cstr);
	if (!hit)
		return json_null();
	while (hit > s->ids && !strcmp(hit[-1], id))
		hit--;
	list = json_array();
	for (; hit < s->ids + s->nids && !strcmp(*hit, id); hit++)
		append(list, location(s, s->id_paths[hit - s->ids], top));
	return list;
}

/* Where `id` stands in the front matter of the entry file `relpath`: its range, else the first line. */
static struct lsp_range ref_range(struct lsp_server *s, const char *relpath, const char *id)
{
	struct lsp_range r = { { 0, 0 }, { 0, 0 } };
	char *path = xasprintf("%s/%s", s->root, relpath);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	char data[16384];
	ssize_t n;
	size_t idl = strlen(id);

	free(path);
	if (fd < 0)
		return r;
	n = read(fd, data, sizeof(data) - 1);
	close(fd);
	if (n <= 0)
		return r;
	data[n] = '\0';
	for (const char *p = data; (p = strstr(p, id)); p++) {
		/* the id as a word of its own, on a client: or clients: line or item */
		if ((p > data && is_key_char(p[-1])) || is_key_char(p[idl]))
			continue;
		r.start = lsp_pos_of(data, (size_t)n, (size_t)(p - data));
		r.end = lsp_pos_of(data, (size_t)n, (size_t)(p - data) + idl);
		if (r.start.line > 0)
			break;
	}
	return r;
}

json_t *lsp_references(struct lsp_server *s, json_t *params, int *code, const char **why)
{
	struct spot sp;
	const struct notebook *nb;
	const struct client *c;
	const char *base;
	char *id;
	json_t *list;
	struct lsp_range top = { { 0, 0 }, { 0, 0 } };
	int st = spot_of(s, params, &sp, code, why);

	if (st < 0)
		return NULL;
	if (st > 0)
		return json_null();
	list = json_array();
	if (sp.kind == SCHEMA_ENTRY) {
		/* from an id in an entry: the client's, as from its file */
		char buf[64];
		if (!client_id_at(&sp, buf, sizeof(buf), NULL))
			return list;
		id = xstrdup(buf);
	} else if (sp.kind == SCHEMA_CLIENT) {
		base = strrchr(sp.doc->relpath, '/');
		id = xstrndup(base + 1, strlen(base + 1) - 3);
	} else {
		return list;
	}
	nb = lsp_notebook(s);
	c = nb ? model_find_client(nb, id) : NULL;
	if (c) {
		if (json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration")))
			append(list, location(s, c->path, top));
		for (size_t i = 0; i < c->nentries; i++)
			append(list, location(s, c->entries[i]->path, ref_range(s, c->entries[i]->path, id)));
	}
	free(id);
	return list;
}

/* ---- code actions ---- */

static int before(struct lsp_pos a, struct lsp_pos b)
{
	return a.line < b.line || (a.line == b.line && a.character < b.character);
}

json_t *lsp_code_action(struct lsp_server *s, json_t *params, int *code, const char **why)
{
	const char *uri;
	struct lsp_range want;
	struct lsp_doc *doc;
	json_t *list;

	json_int_t l0, c0, l1, c1;

	if (json_unpack(params, "{s:{s:s}, s:{s:{s:I, s:I}, s:{s:I, s:I}}}", "textDocument", "uri",
			&uri, "range", "start", "line", &l0, "character", &c0, "end", "line", &l1,
			"character", &c1) < 0) {
		*code = RPC_INVALID_PARAMS;
		*why = "expected textDocument.uri and range";
		return NULL;
	}
	want.start.line = (long)l0;
	want.start.character = (long)c0;
	want.end.line = (long)l1;
	want.end.character = (long)c1;
	doc = lsp_doc_find(s, uri);
	list = json_array();
	if (!doc)
		return list;
	for (size_t i = 0; i < doc->nfindings; i++) {
		const struct lsp_finding *f = &doc->findings[i];
		struct lsp_range r = f->range;
		const char *text = buf_str(&doc->text);
		size_t a, b;
		char *title, *wrong;
		json_t *diag, *action;

		if (!f->suggest || before(want.end, r.start) || before(r.end, want.start))
			continue;
		a = lsp_offset(text, doc->text.len, r.start);
		b = lsp_offset(text, doc->text.len, r.end);
		/* a quoted value keeps its quotes */
		if (b - a >= 2 && (text[a] == '"' || text[a] == '\'') && text[b - 1] == text[a]) {
			a++;
			b--;
			r.start.character++;
			r.end.character--;
		}
		wrong = xstrndup(text + a, b - a);
		title = xasprintf("change '%s' to '%s'", wrong, f->suggest);
		diag = json_pack("{s:o, s:i, s:s, s:s}", "range", lsp_range_json(f->range), "severity",
				 f->error ? 1 : 2, "source", "notebook", "message", f->msg);
		action = json_pack("{s:s, s:s, s:[o], s:b, s:{s:{s:[{s:o, s:s}]}}}", "title", title,
				   "kind", "quickfix", "diagnostics", diag, "isPreferred", 1, "edit",
				   "changes", uri, "range", lsp_range_json(r), "newText", f->suggest);
		append(list, action);
		free(title);
		free(wrong);
	}
	return list;
}
