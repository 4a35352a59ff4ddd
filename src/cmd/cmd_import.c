/*
 * notebook import csv|vcard FILE: clients from a spreadsheet, people from
 * an address book. The file is read into records (a row, a card), which
 * import.c checks, matches against the notebook and commits as one commit.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "exchange/csv.h"
#include "date.h"
#include "fold.h"
#include "fsutil.h"
#include "exchange/import.h"
#include "load.h"
#include "model.h"
#include "people.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"
#include "exchange/vcard.h"
#include "writing.h"
#include "yaml.h"

static const char import_usage[] =
	"usage: notebook import csv FILE [--map COLUMN=FIELD]... [--dates dmy|mdy]\n"
	"                              [--last-contact-kind KIND] [--dry-run]\n"
	"       notebook import vcard FILE [--dry-run]\n";

/* The largest file imported: far more than any address book or client list. */
#define IMPORT_MAX (64u << 20)

enum target {
	T_SKIP, T_ID, T_NAME, T_CLIENT, T_TAGS, T_LAST, T_PERSON, T_ROLE, T_EMAIL, T_PHONE,
	T_BIRTHDAY, T_NOTES, T_COMPUTED, T_CUSTOM,
};

enum value_kind { V_TEXT, V_WORD, V_DATE, V_DURATION };

/* The fields a column can give, and the headers (folded, letters and digits only) that mean them. */
static const struct field {
	const char *name;
	enum target t;
	enum value_kind kind;
	const char *headers;
} fields[] = {
	{ "id", T_ID, V_TEXT, "id clientid" },
	{ "name", T_NAME, V_TEXT, "name company companyname client clientname account accountname "
	  "organisation organization organisationname organizationname customer customername business" },
	{ "status", T_CLIENT, V_WORD, "status clientstatus accountstatus" },
	{ "tier", T_CLIENT, V_WORD, "tier clienttier" },
	{ "cadence", T_CLIENT, V_DURATION, "cadence contactcadence contactfrequency frequency" },
	{ "snooze", T_CLIENT, V_DATE, "snooze snoozeuntil" },
	{ "since", T_CLIENT, V_DATE, "since clientsince customersince startdate relationshipstart" },
	{ "archived", T_CLIENT, V_DATE, "archived archivedon" },
	{ "owner", T_CLIENT, V_TEXT, "owner accountowner clientowner accountmanager assignedto "
	  "responsible salesrep" },
	{ "tags", T_TAGS, V_TEXT, "tags tag labels label categories category groups" },
	{ "trust", T_CLIENT, V_WORD, "trust" },
	{ "fit", T_CLIENT, V_WORD, "fit" },
	{ "last-contact", T_LAST, V_DATE, "lastcontact lastcontacted lastcontactdate lastcontactedon "
	  "lastactivity lastactivitydate lasttouch lastspoke" },
	{ "contact", T_PERSON, V_TEXT, "contact contactname contactperson primarycontact maincontact "
	  "contacts" },
	{ "role", T_ROLE, V_TEXT, "role title jobtitle position contactrole contacttitle" },
	{ "email", T_EMAIL, V_TEXT, "email emailaddress mail contactemail primaryemail" },
	{ "phone", T_PHONE, V_TEXT, "phone telephone tel phonenumber mobile mobilephone cell contactphone" },
	{ "birthday", T_BIRTHDAY, V_DATE, "birthday birthdate dateofbirth dob" },
	{ "notes", T_NOTES, V_TEXT, "notes note comments comment" },
	/* what export --format csv computes: read back, they are not data */
	{ "(computed)", T_COMPUTED, V_TEXT, "state dayssince cadencedays nextdue daysoverdue flags" },
};

/* A column and what it gives. */
struct column {
	char *header;
	enum target t;
	const struct field *f;  /* NULL for T_CUSTOM and T_SKIP */
	char *custom;           /* the custom field's name */
	int custom_raw;         /* the schema does not ask for a string: numbers stay numbers */
};

/* Letters and digits of `s`, folded: "E-mail Address" gives "emailaddress". */
static char *header_key(const char *s)
{
	struct buf f = BUF_INIT, out = BUF_INIT;

	fold_name(&f, s);
	for (const char *p = buf_str(&f); *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
			buf_addc(&out, *p);
	buf_release(&f);
	return buf_detach(&out);
}

static int in_list(const char *word, const char *list)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len == n && !strncmp(p, word, n))
			return 1;
		p += len + (sp ? 1 : 0);
	}
	return 0;
}

/* The notebook's own client fields (schema/client.schema.yaml's properties). */
struct customs {
	struct yaml_doc doc;
	char *data;
	const struct node *props;
};

static void customs_load(const char *root, struct customs *cu)
{
	struct diags d = DIAGS_INIT;
	char *path = xasprintf("%s/schema/client.schema.yaml", root);
	struct stat st;
	size_t len;

	memset(cu, 0, sizeof(*cu));
	yaml_doc_init(&cu->doc);
	if (!lstat(path, &st)) {
		/* problems in it are reported by every read of the notebook */
		if (fs_read_file(path, MAX_FILE_SIZE, &cu->data, &len) == 0 &&
		    yaml_read_document("schema/client.schema.yaml", cu->data, len, 1, &cu->doc, &d) == 0)
			cu->props = node_get(cu->doc.root, "properties");
	}
	if (cu->props && cu->props->kind != NODE_MAP)
		cu->props = NULL;
	diags_release(&d);
	free(path);
}

static void customs_release(struct customs *cu)
{
	yaml_doc_release(&cu->doc);
	free(cu->data);
}

/* The custom field a header names, or NULL; *raw: its schema's type is not string. */
static const char *custom_field(const struct customs *cu, const char *key, int *raw)
{
	if (!cu->props)
		return NULL;
	for (size_t i = 0; i < cu->props->n; i++) {
		const char *name = cu->props->pairs[i].key->str;
		char *k = header_key(name);
		int match = !strcmp(k, key);
		free(k);
		if (match) {
			const struct node *type = node_get(cu->props->pairs[i].value, "type");
			*raw = !(type && type->kind == NODE_SCALAR && !strcmp(type->str, "string"));
			return name;
		}
	}
	return NULL;
}

static int set_target(struct column *c, const char *field, const struct customs *cu)
{
	if (!strcmp(field, "-") || !strcmp(field, "skip")) {
		c->t = T_SKIP;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (fields[i].t != T_COMPUTED && !strcmp(fields[i].name, field)) {
			c->t = fields[i].t;
			c->f = &fields[i];
			return 0;
		}
	if (cu->props && node_get(cu->props, field)) {
		char *k = header_key(field);
		c->t = T_CUSTOM;
		c->custom = xstrdup(custom_field(cu, k, &c->custom_raw));
		free(k);
		return 0;
	}
	return -1;
}

struct maps {
	char **col, **field;
	size_t n, alloc;
};

/*
 * Gives each column its field: --map first, then the header's name and
 * synonyms, then the notebook's custom fields. Columns matching nothing
 * are reported (warning). -1 after a diagnostic when the columns cannot
 * be used (no name or id column; one field from two columns).
 */
static int map_columns(const struct csv_row *hdr, const struct maps *m, const struct customs *cu,
		       const char *src, struct column **out, struct diags *d)
{
	struct column *cols = xcalloc(hdr->n ? hdr->n : 1, sizeof(*cols));
	int have_name = 0, ret = 0;
	struct buf computed = BUF_INIT;

	for (size_t i = 0; i < hdr->n; i++) {
		struct column *c = &cols[i];
		char *key = header_key(hdr->f[i].text);
		int mapped = 0;

		c->header = xstrdup(hdr->f[i].text);
		c->t = T_SKIP;
		for (size_t k = 0; k < m->n; k++) {
			char *mk = header_key(m->col[k]);
			if (!strcmp(mk, key)) {
				set_target(c, m->field[k], cu);
				mapped = 1;
			}
			free(mk);
		}
		if (!mapped) {
			for (size_t k = 0; k < ARRAY_SIZE(fields) && !c->f; k++)
				if (in_list(key, fields[k].headers)) {
					c->t = fields[k].t;
					c->f = &fields[k];
				}
			if (!c->f) {
				const char *name = custom_field(cu, key, &c->custom_raw);
				if (name) {
					c->t = T_CUSTOM;
					c->custom = xstrdup(name);
				} else if (*hdr->f[i].text) {
					diags_add(d, src, hdr->f[i].line, hdr->f[i].col, SEV_WARNING,
						  "column '%s' is not imported: it matches no field; map it with "
						  "--map '%s=FIELD', or add the field to schema/client.schema.yaml",
						  hdr->f[i].text, hdr->f[i].text);
				}
			}
		}
		if (c->t == T_COMPUTED)
			buf_printf(&computed, "%s'%s'", computed.len ? ", " : "", c->header);
		have_name |= c->t == T_NAME || c->t == T_ID;
		free(key);
	}
	if (computed.len)
		diags_add(d, src, 1, 1, SEV_WARNING,
			  "columns %s are figures notebook computes (export --format csv); not imported",
			  buf_str(&computed));
	/* one field from two columns: fine for lists, not for one value */
	for (size_t i = 0; i < hdr->n && !ret; i++)
		for (size_t k = i + 1; k < hdr->n && !ret; k++) {
			const struct column *a = &cols[i], *b = &cols[k];
			int same = a->t == b->t && a->t != T_SKIP && a->t != T_COMPUTED &&
				a->t != T_TAGS && a->t != T_EMAIL && a->t != T_PHONE &&
				(a->t != T_CLIENT || a->f == b->f) &&
				(a->t != T_CUSTOM || !strcmp(a->custom, b->custom));
			if (same) {
				diags_add(d, src, hdr->f[k].line, hdr->f[k].col, SEV_ERROR,
					  "columns '%s' and '%s' both give '%s'; map one of them elsewhere "
					  "with --map '%s=FIELD' (or '%s=-' to leave it out)",
					  a->header, b->header, a->f ? a->f->name : a->custom, b->header, b->header);
				ret = -1;
			}
		}
	if (!have_name && !ret) {
		diags_add(d, src, 1, 1, SEV_ERROR,
			  "no column gives the client's name (Name, Company, Client, Account…); "
			  "say which with --map COLUMN=name");
		ret = -1;
	}
	buf_release(&computed);
	*out = cols;
	return ret;
}

static void columns_free(struct column *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cols[i].header);
		free(cols[i].custom);
	}
	free(cols);
}

/* `s` without blanks at either end, malloc'd. */
static char *trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return xstrndup(s, n);
}

/* Splits on any of `seps`, trimming; empty parts left out; duplicates once. */
static char **split(const char *s, const char *seps, size_t *n)
{
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, seps);
		char *part = xstrndup(s, len), *t = trimmed(part);
		int dup = 0;
		free(part);
		for (size_t i = 0; i < *n; i++)
			dup |= !strcmp(v[i], t);
		if (*t && !dup) {
			ALLOC_GROW(v, *n + 1, alloc);
			v[(*n)++] = t;
		} else {
			free(t);
		}
		s += len;
		if (*s)
			s++;
	}
	return v;
}

enum { ORDER_NONE, ORDER_DMY, ORDER_MDY };

static int num(const char *s, size_t n, int *out)
{
	int v = 0;

	if (!n || n > 4)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	*out = v;
	return 0;
}

/*
 * A date as spreadsheets write it: 2026-11-20 (a time after it is
 * dropped), 2026/11/20, 20.11.2026, and 20/11/2026 or 11/20/2026 (the
 * order from the numbers when one is over 12, else from `order`), a
 * two-digit year as 19xx from 70, else 20xx. Into "YYYY-MM-DD"; -1 with
 * *why set when it cannot be read.
 */
static int cell_date(const char *s, int order, char out[11], const char **why)
{
	int a, b, c, y, m, d;
	size_t l1, l2, l3;
	char sep;
	day_t day;

	*why = "is not a date; write dates as YYYY-MM-DD";
	l1 = strspn(s, "0123456789");
	sep = s[l1];
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	l2 = strspn(s + l1 + 1, "0123456789");
	if (s[l1 + 1 + l2] != sep)
		return -1;
	l3 = strspn(s + l1 + l2 + 2, "0123456789");
	{
		const char *rest = s + l1 + l2 + 2 + l3;
		/* a time of day after the date: dropped */
		if (*rest && *rest != ' ' && *rest != 'T')
			return -1;
	}
	if (num(s, l1, &a) < 0 || num(s + l1 + 1, l2, &b) < 0 || num(s + l1 + l2 + 2, l3, &c) < 0)
		return -1;
	if (l1 == 4) {
		y = a, m = b, d = c;
	} else if (sep == '.' || sep == '-') {
		y = c, m = b, d = a;
	} else {
		y = c;
		if (a > 12 || order == ORDER_DMY)
			d = a, m = b;
		else if (b > 12 || order == ORDER_MDY || a == b)
			m = a, d = b;
		else {
			*why = "could be day/month or month/day; give --dates dmy or --dates mdy, "
			       "or write dates as YYYY-MM-DD";
			return -1;
		}
	}
	if (l1 != 4 && l3 == 2)
		y += y >= 70 ? 1900 : 2000;
	else if (l1 != 4 && l3 != 4)
		return -1;
	if (date_from_ymd(y, m, d, &day) < 0) {
		*why = "is not a real day";
		return -1;
	}
	date_format(day, out);
	return 0;
}

static char **one(char *s)
{
	char **v = xcalloc(1, sizeof(*v));

	v[0] = s;
	return v;
}

/* Lowercase ASCII (status, tier, trust, fit as people type them: "Active"). */
static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* One row into a record; problems with its cells go to `d`. -1 when the row is left out. */
/* The row's contact people (its person columns, names split at ';') into r->p. */
static void row_people(const struct csv_row *row, const struct column *cols, size_t ncols,
		       struct irecord *r)
{
	for (size_t i = 0; i < row->n && i < ncols; i++) {
		char **names;
		size_t n;
		if (cols[i].t != T_PERSON)
			continue;
		names = split(row->f[i].text, ";", &n);
		for (size_t k = 0; k < n; k++) {
			struct iperson *p;
			r->p = xreallocarray(r->p, r->np + 1, sizeof(*r->p));
			p = &r->p[r->np++];
			memset(p, 0, sizeof(*p));
			p->name = names[k];
			p->line = row->f[i].line;
			p->col = row->f[i].col;
		}
		free(names);
	}
}

/* Adds the `n` strings `parts` (taken) to the list `key` of f[0..*nf), made when missing. */
static void list_add(struct ivalue **f, size_t *nf, const char *key, char **parts, size_t n,
		     const struct csv_field *cell)
{
	struct ivalue *had = NULL;

	for (size_t k = 0; k < *nf; k++)
		if (!strcmp((*f)[k].key, key))
			had = &(*f)[k];
	if (had) {
		for (size_t k = 0; k < n; k++) {
			had->v = xreallocarray(had->v, had->n + 1, sizeof(char *));
			had->v[had->n++] = parts[k];
		}
		free(parts);
	} else if (n) {
		ivalue_add(f, nf, key, parts, n, 1, cell->line, cell->col);
	} else {
		free(parts);
	}
}

/*
 * The value of `cell` in column `c` as the notebook writes it (dates as
 * YYYY-MM-DD, words lower case, a bare number of days as "Nd"), malloc'd;
 * NULL when there is none to import, or after a diagnostic (*bad set).
 */
static char *cell_value(const struct csv_field *cell, const struct column *c, int order,
			const char *src, int *bad, struct diags *d)
{
	char *v = trimmed(cell->text), date[11];
	const char *why;

	if (!*v || c->t == T_SKIP || c->t == T_COMPUTED || c->t == T_PERSON) {
		free(v);
		return NULL;
	}
	if (c->f && c->f->kind == V_DATE && !(c->t == T_BIRTHDAY && !strncmp(v, "--", 2))) {
		if (cell_date(v, order, date, &why) < 0) {
			diags_add(d, src, cell->line, cell->col, SEV_ERROR, "'%s' of '%s' %s",
				  v, c->header, why);
			*bad = 1;
			free(v);
			return NULL;
		}
		free(v);
		v = xstrdup(date);
	}
	if (c->f && c->f->kind == V_WORD)
		lower(v);
	if (c->f && c->f->kind == V_DURATION) {
		lower(v);
		if (strspn(v, "0123456789") == strlen(v)) {
			char *dv = xasprintf("%sd", v);
			free(v);
			v = dv;
		}
	}
	return v;
}

/* A field of the row's first person (role, email, phone, birthday, notes): takes `v`. */
static void person_field(struct iperson *first, const struct column *c, char *v,
			 const struct csv_field *cell, const char *src, struct diags *d)
{
	static const char *const keys[] = {
		[T_ROLE] = "role", [T_EMAIL] = "email", [T_PHONE] = "phone",
		[T_BIRTHDAY] = "birthday", [T_NOTES] = "notes",
	};
	const char *key = keys[c->t];
	size_t n;
	char **parts;

	if (!first) {
		diags_add(d, src, cell->line, cell->col, SEV_WARNING,
			  "'%s' is not imported: no contact person in this row to go with it "
			  "(a column such as Contact)", c->header);
		free(v);
		return;
	}
	if (c->t != T_EMAIL && c->t != T_PHONE) {
		ivalue_add(&first->f, &first->nf, key, one(v), 1, 0, cell->line, cell->col);
		return;
	}
	parts = split(v, c->t == T_EMAIL ? ",;" : ";", &n);
	free(v);
	list_add(&first->f, &first->nf, key, parts, n, cell);
}

static int row_record(const struct csv_row *row, const struct column *cols, size_t ncols,
		      int order, const char *src, struct irecord *r, struct diags *d)
{
	int bad = 0;
	struct iperson *first;

	memset(r, 0, sizeof(*r));
	r->line = row->line;
	/* people first, so that role, email … of the row have someone to go with */
	row_people(row, cols, ncols, r);
	first = r->np ? &r->p[0] : NULL;
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_field *cell = &row->f[i];
		const struct column *c = i < ncols ? &cols[i] : NULL;
		char *v;

		if (!c) {
			if (*cell->text) {
				diags_add(d, src, cell->line, cell->col, SEV_ERROR,
					  "more fields than the header has columns; quote a field that holds '%c'",
					  cell->text[0] ? ',' : ',');
				bad = 1;
			}
			continue;
		}
		if (!(v = cell_value(cell, c, order, src, &bad, d)))
			continue;
		switch (c->t) {
		case T_ID:
			r->id = v;
			r->id_line = cell->line;
			r->id_col = cell->col;
			break;
		case T_NAME:
			r->name = v;
			r->name_line = cell->line;
			r->name_col = cell->col;
			break;
		case T_CLIENT:
			ivalue_add(&r->f, &r->nf, c->f->name, one(v), 1, 0, cell->line, cell->col);
			break;
		case T_CUSTOM:
			ivalue_add(&r->f, &r->nf, c->custom, one(v), 1, 0, cell->line, cell->col);
			r->f[r->nf - 1].raw = c->custom_raw &&
				(strspn(v, "0123456789.-") == strlen(v) || !strcmp(v, "true") ||
				 !strcmp(v, "false"));
			break;
		case T_TAGS: {
			size_t n;
			char **tags = split(v, ",;", &n);
			list_add(&r->f, &r->nf, "tags", tags, n, cell);
			free(v);
			break;
		}
		case T_LAST:
			date_parse(v, 10, &r->last);
			r->has_last = 1;
			r->last_line = cell->line;
			r->last_col = cell->col;
			free(v);
			break;
		default:
			person_field(first, c, v, cell, src, d);
			break;
		}
	}
	if (!r->name && !r->id && !bad) {
		diags_add(d, src, row->line, 1, SEV_ERROR, "no client name in this row");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int read_source(const char *file, char **data, size_t *len)
{
	return fs_read_file(file, IMPORT_MAX, data, len);
}

static int import_csv(struct cmd_ctx *ctx, const char *file, const struct maps *m, int order,
		      struct import_opts *o, struct irecord **recs, size_t *nrecs, struct diags *d)
{
	struct csv csv;
	struct customs cu;
	struct column *cols = NULL;
	char *data = NULL;
	size_t len, alloc = 0;
	int ret = -1;

	memset(&csv, 0, sizeof(csv));
	customs_load(ctx->root, &cu);
	if (read_source(file, &data, &len) < 0)
		goto out;
	csv_parse(file, data, len, &csv, d);
	if (!csv.n) {
		if (!d->errors)
			diags_add(d, file, 1, 1, SEV_ERROR, "no header row: the file is empty");
		goto out;
	}
	/* --map names columns that exist */
	for (size_t k = 0; k < m->n; k++) {
		int found = 0;
		char *mk = header_key(m->col[k]);
		for (size_t i = 0; i < csv.rows[0].n; i++) {
			char *hk = header_key(csv.rows[0].f[i].text);
			found |= !strcmp(hk, mk);
			free(hk);
		}
		free(mk);
		if (!found) {
			usage_error(NULL, "--map '%s=%s': the file has no column '%s'", m->col[k],
				    m->field[k], m->col[k]);
			ret = -2;
			goto out;
		}
	}
	if (map_columns(&csv.rows[0], m, &cu, file, &cols, d) < 0)
		goto out;
	for (size_t i = 1; i < csv.n; i++) {
		struct irecord r;
		if (row_record(&csv.rows[i], cols, csv.rows[0].n, order, file, &r, d) < 0) {
			irecord_release(&r);
			o->left_out++;
			continue;
		}
		ALLOC_GROW(*recs, *nrecs + 1, alloc);
		(*recs)[(*nrecs)++] = r;
	}
	o->left_out += csv.bad;
	o->make_clients = 1;
	ret = 0;
out:
	if (cols)
		columns_free(cols, csv.n ? csv.rows[0].n : 0);
	csv_release(&csv);
	customs_release(&cu);
	free(data);
	return ret;
}

static int client_named(const struct notebook *nb, const char *name)
{
	for (size_t i = 0; i < nb->nclients; i++)
		if (person_same(name, nb->clients[i].name))
			return 1;
	return 0;
}

static int import_vcard(struct cmd_ctx *ctx, const struct notebook *nb, const char *file,
			struct import_opts *o, struct irecord **recs, size_t *nrecs, struct diags *d)
{
	struct vcard *cards = NULL;
	char *data = NULL;
	size_t len, n = 0;
	int ret = -1;

	if (read_source(file, &data, &len) < 0)
		goto out;
	if (vcard_parse(file, data, len, &cards, &n, &o->left_out, d) < 0)
		goto out;
	*recs = n ? xcalloc(n, sizeof(**recs)) : NULL;
	for (size_t i = 0; i < n; i++) {
		struct vcard *c = &cards[i];
		struct irecord *r = &(*recs)[*nrecs];
		struct iperson *p;

		memset(r, 0, sizeof(*r));
		r->line = c->line;
		/*
		 * The client it was exported from when this notebook has it; else
		 * the client named by ORG; a new one keeps the exported id when
		 * it is free, so that ids survive a move between notebooks.
		 */
		if (c->client && model_find_client(nb, c->client)) {
			r->id = xstrdup(c->client);
			r->id_line = c->line;
		} else if (c->org) {
			r->name = xstrdup(c->org);
			r->name_line = c->line;
			if (c->client && client_id_valid(c->client) && !client_named(nb, c->org)) {
				r->id = xstrdup(c->client);
				r->id_line = c->line;
			}
		} else {
			diags_add(d, file, c->line, 1, SEV_ERROR,
				  "card '%s' has no ORG, so no client to put them at; add ORG (the client's name)",
				  c->fn);
			o->left_out++;
			continue;
		}
		r->p = xcalloc(1, sizeof(*r->p));
		r->np = 1;
		p = &r->p[0];
		p->name = xstrdup(c->fn);
		p->line = c->line;
		p->col = 1;
		if (c->title)
			ivalue_add(&p->f, &p->nf, "role", one(xstrdup(c->title)), 1, 0, c->line, 1);
		if (c->nemails) {
			ivalue_add(&p->f, &p->nf, "email", c->emails, c->nemails, 1, c->line, 1);
			c->emails = NULL;
			c->nemails = 0;
		}
		if (c->nphones) {
			ivalue_add(&p->f, &p->nf, "phone", c->phones, c->nphones, 1, c->line, 1);
			c->phones = NULL;
			c->nphones = 0;
		}
		if (c->bday)
			ivalue_add(&p->f, &p->nf, "birthday", one(xstrdup(c->bday)), 1, 0, c->line, 1);
		if (c->note)
			ivalue_add(&p->f, &p->nf, "notes", one(xstrdup(c->note)), 1, 0, c->line, 1);
		(*nrecs)++;
	}
	o->make_clients = 1;
	ret = 0;
out:
	vcard_free(cards, n);
	free(data);
	return ret;
}

/* Adds the --map COLUMN=FIELD `arg` to `m`: -1, or the exit status after a usage error. */
static int map_add(struct cmd_ctx *ctx, struct maps *m, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct customs cu;
	struct column probe = { 0 };
	int ok;

	if (!eq || eq == arg || !eq[1])
		return usage_error(import_usage, "--map wants COLUMN=FIELD, not '%s'", arg);
	customs_load(ctx->root, &cu);
	ok = set_target(&probe, eq + 1, &cu) == 0;
	customs_release(&cu);
	free(probe.custom);
	if (!ok) {
		const char *names[ARRAY_SIZE(fields) + 1];
		const char *near;
		size_t k = 0;
		for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
			if (fields[i].t != T_COMPUTED)
				names[k++] = fields[i].name;
		names[k] = NULL;
		near = nearest_word(eq + 1, names);
		if (near)
			return usage_error(NULL, "--map: no field '%s' (did you mean '%s'?)",
					   eq + 1, near);
		return usage_error(NULL, "--map: no field '%s'; the fields are id, name, "
				   "status, tier, cadence, snooze, since, archived, owner, "
				   "tags, trust, fit, last-contact, contact, role, email, "
				   "phone, birthday, notes, a field of "
				   "schema/client.schema.yaml, or - to leave it out", eq + 1);
	}
	ALLOC_GROW(m->col, m->n + 1, m->alloc);
	m->field = xreallocarray(m->field, m->alloc, sizeof(*m->field));
	m->col[m->n] = xstrndup(arg, (size_t)(eq - arg));
	m->field[m->n] = xstrdup(eq + 1);
	m->n++;
	return -1;
}

/*
 * Reads the options into `m`, `o` and *order. Returns -1 to go on, else
 * the exit status (a usage error after its message, or EXIT_OK after
 * --help).
 */
static int import_parse(struct cmd_ctx *ctx, int argc, char **argv, struct maps *m,
			struct import_opts *o, int *order)
{
	static const struct option opts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "dates", required_argument, NULL, 'D' },
		{ "last-contact-kind", required_argument, NULL, 'k' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, status;

	o->last_kind = KIND_CALL;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if ((status = map_add(ctx, m, optarg)) >= 0)
				return status;
			break;
		case 'D':
			if (!strcmp(optarg, "dmy"))
				*order = ORDER_DMY;
			else if (!strcmp(optarg, "mdy"))
				*order = ORDER_MDY;
			else
				return usage_error(import_usage, "--dates wants dmy or mdy, not '%s'", optarg);
			break;
		case 'k': {
			int k = kind_parse(optarg);
			if (k < 0 || k == KIND_NOTE) {
				return usage_error(import_usage, "--last-contact-kind wants a kind of contact "
						   "(call, meeting, email, message, thanks, apology, check-in, "
						   "feedback), not '%s'", optarg);
			}
			o->last_kind = k;
			break;
		}
		case 'n':
			o->dry_run = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], import_usage);
			return EXIT_OK;
		default:
			return usage_error(import_usage, NULL);
		}
	}
	return -1;
}

int cmd_import(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const char *const formats[] = { "csv", "vcard", NULL };
	struct maps m = { 0 };
	struct import_opts o = { 0 };
	struct irecord *recs = NULL;
	struct diags d = DIAGS_INIT;
	struct notebook nb;
	struct repo *r = NULL;
	const char *format, *file;
	int order = ORDER_NONE, status, loaded = 0, ret;
	size_t nrecs = 0;

	if ((status = import_parse(ctx, argc, argv, &m, &o, &order)) >= 0)
		goto out;
	if (argc - optind != 2) {
		status = usage_error(import_usage, argc - optind < 2 ? "import what? give csv or vcard and a file" :
				     "one file at a time");
		goto out;
	}
	format = argv[optind];
	file = argv[optind + 1];
	if (strcmp(format, "csv") && strcmp(format, "vcard")) {
		const char *near = nearest_word(format, formats);
		status = near ? usage_error(NULL, "'%s' is not a format to import (did you mean '%s'?)", format, near) :
			usage_error(import_usage, "'%s' is not a format to import: csv or vcard", format);
		goto out;
	}
	if (!strcmp(format, "vcard") && (m.n || order != ORDER_NONE)) {
		status = usage_error(import_usage, "--map and --dates are for csv");
		goto out;
	}
	status = EXIT_NO_NOTEBOOK;
	if (notebook_load(ctx->root, 0, &nb, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	loaded = 1;
	/* the notebook's own problems are its own: said, but they stop nothing here */
	writing_print_diags(ctx, &d);
	diags_release(&d);
	if (!o.dry_run) {
		status = writing_open(ctx, &r);
		if (status)
			goto out;
	}
	o.source = file;
	ret = !strcmp(format, "csv") ? import_csv(ctx, file, &m, order, &o, &recs, &nrecs, &d) :
		import_vcard(ctx, &nb, file, &o, &recs, &nrecs, &d);
	if (ret == -2) {
		status = EXIT_USAGE;
		goto out;
	}
	if (ret < 0) {
		diags_sort(&d);
		diags_print(&d, "", stderr);
		status = d.errors ? EXIT_FINDINGS : EXIT_NO_NOTEBOOK;
		goto out;
	}
	status = import_run(ctx, r, &nb, recs, nrecs, &o, &d);
	diags_sort(&d);
	diags_print(&d, "", stderr);
	if (status == EXIT_OK && d.errors)
		status = EXIT_FINDINGS;
out:
	for (size_t i = 0; i < nrecs; i++)
		irecord_release(&recs[i]);
	free(recs);
	for (size_t i = 0; i < m.n; i++) {
		free(m.col[i]);
		free(m.field[i]);
	}
	free(m.col);
	free(m.field);
	diags_release(&d);
	repo_free(r);
	if (loaded)
		notebook_release(&nb);
	return status;
}
