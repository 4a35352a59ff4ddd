/* vCard reading and writing: see vcard.h. */
#include "vcard.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "ics.h"
#include "text.h"
#include "util.h"

/* One content line, unfolded and split. */
struct prop {
	int line;
	char *name;      /* upper case, group removed */
	char *value;     /* raw: still escaped */
	char *type;      /* the TYPE values, upper case, comma-separated; "" when none */
	int pref;        /* PREF=n (4.0), or 1 for TYPE=PREF (3.0); 0 none */
	char *charset;   /* NULL when not given */
	int qp;          /* ENCODING=QUOTED-PRINTABLE */
	int year_omitted; /* X-APPLE-OMIT-YEAR: BDAY's year is a placeholder */
};

static void prop_release(struct prop *p)
{
	free(p->name);
	free(p->value);
	free(p->type);
	free(p->charset);
	memset(p, 0, sizeof(*p));
}

static void upcase(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Whether the parameters of a content line say ENCODING=QUOTED-PRINTABLE. */
static int is_qp(const char *s)
{
	static const char want[] = "QUOTED-PRINTABLE";
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	for (size_t i = 0; i + sizeof(want) - 1 <= n; i++)
		if (!strncasecmp(s + i, want, sizeof(want) - 1))
			return 1;
	return 0;
}

/*
 * The next logical line from data[*i]: continuation lines (starting with a
 * space or tab) joined, their break and first blank dropped. *line is the
 * physical line where it starts; *i and *line move past it.
 */
static char *next_line(const char *data, size_t len, size_t *i, int *line, int *start)
{
	struct buf b = BUF_INIT;

	*start = *line;
	while (*i < len) {
		size_t e = *i;
		while (e < len && data[e] != '\n' && data[e] != '\r')
			e++;
		buf_add(&b, data + *i, e - *i);
		if (e < len && data[e] == '\r')
			e++;
		if (e < len && data[e] == '\n')
			e++;
		*i = e;
		(*line)++;
		if (*i < len && (data[*i] == ' ' || data[*i] == '\t')) {
			(*i)++;
			continue;
		}
		/* quoted-printable soft line break: '=' at the end joins the next line */
		if (b.len && b.data[b.len - 1] == '=' && *i < len && is_qp(buf_str(&b))) {
			b.len--;
			b.data[b.len] = '\0';
			continue;
		}
		break;
	}
	return buf_detach(&b);
}

/* Splits "group.NAME;PARAM=V;…:value" into `p`; -1 when there is no ':'. */
static int split_prop(char *s, int line, struct prop *p)
{
	char *colon = NULL, *semi, *dot;
	int quoted = 0;
	struct buf types = BUF_INIT;

	memset(p, 0, sizeof(*p));
	p->line = line;
	for (char *q = s; *q; q++) {
		if (*q == '"')
			quoted = !quoted;
		else if (*q == ':' && !quoted) {
			colon = q;
			break;
		}
	}
	if (!colon)
		return -1;
	*colon = '\0';
	p->value = xstrdup(colon + 1);
	semi = strchr(s, ';');
	if (semi)
		*semi = '\0';
	dot = strrchr(s, '.');
	p->name = xstrdup(dot ? dot + 1 : s);
	upcase(p->name);
	while (semi) {
		char *param = semi + 1, *eq, *val;
		quoted = 0;
		semi = NULL;
		for (char *q = param; *q; q++) {
			if (*q == '"')
				quoted = !quoted;
			else if (*q == ';' && !quoted) {
				*q = '\0';
				semi = q;
				break;
			}
		}
		eq = strchr(param, '=');
		if (eq) {
			*eq = '\0';
			val = eq + 1;
		} else {
			/* 2.1 and 3.0 shorthand: TEL;WORK;VOICE means TYPE=WORK,VOICE */
			val = param;
			param = "TYPE";
		}
		/* unquote */
		if (*val == '"') {
			size_t n = strlen(val);
			val++;
			if (n >= 2 && val[n - 2] == '"')
				val[n - 2] = '\0';
		}
		upcase(param);
		if (!strcmp(param, "TYPE")) {
			char *v = xstrdup(val);
			upcase(v);
			if (types.len)
				buf_addc(&types, ',');
			buf_adds(&types, v);
			free(v);
		} else if (!strcmp(param, "PREF")) {
			p->pref = atoi(val) > 0 ? atoi(val) : 1;
		} else if (!strcmp(param, "CHARSET")) {
			free(p->charset);
			p->charset = xstrdup(val);
		} else if (!strcmp(param, "ENCODING")) {
			p->qp = !strcasecmp(val, "QUOTED-PRINTABLE");
		} else if (!strcmp(param, "X-APPLE-OMIT-YEAR")) {
			p->year_omitted = 1;
		}
	}
	p->type = buf_detach(&types);
	/* TYPE=PREF (3.0) is a preference too */
	if (!p->pref) {
		char *t = p->type;
		for (char *tok = t; tok && *tok;) {
			char *comma = strchr(tok, ',');
			size_t n = comma ? (size_t)(comma - tok) : strlen(tok);
			if (n == 4 && !strncmp(tok, "PREF", 4))
				p->pref = 1;
			tok = comma ? comma + 1 : NULL;
		}
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes quoted-printable in place. */
static void qp_decode(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (*r == '=' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
			*w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* ISO-8859-1 to UTF-8. */
static char *latin1_to_utf8(const char *s)
{
	struct buf b = BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, (char)(0xc0 | (*p >> 6)));
			buf_addc(&b, (char)(0x80 | (*p & 0x3f)));
		}
	}
	return buf_detach(&b);
}

/*
 * The value's text: quoted-printable decoded, converted from its CHARSET,
 * checked as UTF-8. NULL (after a diagnostic) when it cannot be.
 */
static char *decoded(struct prop *p, const char *path, struct diags *d)
{
	char *v = xstrdup(p->value);
	size_t bad;

	if (p->qp)
		qp_decode(v);
	if (p->charset && strcasecmp(p->charset, "UTF-8") && strcasecmp(p->charset, "UTF8") &&
	    strcasecmp(p->charset, "US-ASCII")) {
		if (!strcasecmp(p->charset, "ISO-8859-1") || !strcasecmp(p->charset, "LATIN1")) {
			char *u = latin1_to_utf8(v);
			free(v);
			v = u;
		} else {
			diags_add(d, path, p->line, 1, SEV_ERROR,
				  "'%s' has the character set '%s'; export the cards as UTF-8",
				  p->name, p->charset);
			free(v);
			return NULL;
		}
	}
	if (!utf8_valid(v, strlen(v), &bad)) {
		diags_add(d, path, p->line, 1, SEV_ERROR,
			  "'%s' is not UTF-8; export the cards as UTF-8 (or give CHARSET)", p->name);
		free(v);
		return NULL;
	}
	return v;
}

/*
 * Component `k` of a structured value (components separated by unescaped
 * ';'), unescaped: \n and \N a line break, \, \; \\ the character itself.
 * NULL when there is no such component or it is empty.
 */
static char *component(const char *v, int k, int structured)
{
	struct buf b = BUF_INIT;
	int at = 0;

	for (const char *p = v; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			if (at == k)
				buf_addc(&b, *p == 'n' || *p == 'N' ? '\n' : *p);
			continue;
		}
		if (structured && *p == ';') {
			if (at == k)
				break;
			at++;
			continue;
		}
		if (at == k)
			buf_addc(&b, *p);
	}
	/* trim blanks at either end */
	while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
		b.data[--b.len] = '\0';
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	{
		size_t lead = strspn(b.data, " ");
		char *s = xstrdup(b.data + lead);
		buf_release(&b);
		return *s ? s : (free(s), NULL);
	}
}

/* BDAY as "YYYY-MM-DD" or "--MM-DD"; NULL when not a date we can read. */
static char *bday_of(const char *v, int year_omitted)
{
	char digits[9];
	size_t n = 0;
	int no_year = 0;
	day_t day;

	if (!strncmp(v, "--", 2)) {
		no_year = 1;
		v += 2;
	}
	for (const char *p = v; *p && *p != 'T' && n < sizeof(digits) - 1; p++) {
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
		else if (*p != '-')
			return NULL;
	}
	digits[n] = '\0';
	if (no_year && n == 4) {
		char full[11];
		snprintf(full, sizeof(full), "2000-%.2s-%.2s", digits, digits + 2);
		if (date_parse(full, 10, &day) < 0)
			return NULL;
		return xasprintf("--%.2s-%.2s", digits, digits + 2);
	}
	if (n != 8 || no_year)
		return NULL;
	{
		char full[11];
		snprintf(full, sizeof(full), "%.4s-%.2s-%.2s", digits, digits + 4, digits + 6);
		if (date_parse(full, 10, &day) < 0)
			return NULL;
		if (year_omitted)
			return xasprintf("--%.2s-%.2s", digits + 4, digits + 6);
		return xstrdup(full);
	}
}

struct pref_value {
	char *v;
	int pref;
	size_t order;
};

static int pref_cmp(const void *x, const void *y)
{
	const struct pref_value *a = x, *b = y;
	int pa = a->pref ? a->pref : 1000, pb = b->pref ? b->pref : 1000;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sorts values by preference (PREF=1 first), else in file order, into a plain array. */
static char **by_pref(struct pref_value *v, size_t n)
{
	char **out;

	if (!n)
		return NULL;
	qsort(v, n, sizeof(*v), pref_cmp);
	out = xcalloc(n, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = v[i].v;
	return out;
}

static void card_release(struct vcard *c)
{
	free(c->fn);
	free(c->org);
	free(c->title);
	for (size_t i = 0; i < c->nemails; i++)
		free(c->emails[i]);
	free(c->emails);
	for (size_t i = 0; i < c->nphones; i++)
		free(c->phones[i]);
	free(c->phones);
	free(c->bday);
	free(c->note);
	free(c->client);
}

void vcard_free(struct vcard *cards, size_t n)
{
	for (size_t i = 0; i < n; i++)
		card_release(&cards[i]);
	free(cards);
}

/* A card under way. */
struct draft {
	struct vcard c;
	char *n;      /* N, for a card without FN */
	char *role;
	struct pref_value *emails, *phones;
	size_t nemails, ephones, alloc_e, alloc_p;
	int bad;
};

static void draft_release(struct draft *dr)
{
	card_release(&dr->c);
	free(dr->n);
	free(dr->role);
	for (size_t i = 0; i < dr->nemails; i++)
		free(dr->emails[i].v);
	for (size_t i = 0; i < dr->ephones; i++)
		free(dr->phones[i].v);
	free(dr->emails);
	free(dr->phones);
	memset(dr, 0, sizeof(*dr));
}

static void set_once(char **slot, char *v)
{
	if (*slot || !v) {
		free(v);
		return;
	}
	*slot = v;
}

static void add_prop(struct draft *dr, struct prop *p, const char *path, struct diags *d)
{
	char *v;

	if (!strcmp(p->name, "PHOTO") || !strcmp(p->name, "LOGO") || !strcmp(p->name, "SOUND") ||
	    !strcmp(p->name, "KEY"))
		return; /* binary data: nothing the notebook keeps */
	v = decoded(p, path, d);
	if (!v) {
		dr->bad = 1;
		return;
	}
	if (!strcmp(p->name, "FN")) {
		set_once(&dr->c.fn, component(v, 0, 0));
	} else if (!strcmp(p->name, "N")) {
		/* family;given;additional;prefixes;suffixes */
		char *family = component(v, 0, 1), *given = component(v, 1, 1);
		if (family || given)
			set_once(&dr->n, xasprintf("%s%s%s", given ? given : "", given && family ? " " : "",
						   family ? family : ""));
		free(family);
		free(given);
	} else if (!strcmp(p->name, "ORG")) {
		set_once(&dr->c.org, component(v, 0, 1));
	} else if (!strcmp(p->name, "TITLE")) {
		set_once(&dr->c.title, component(v, 0, 0));
	} else if (!strcmp(p->name, "ROLE")) {
		set_once(&dr->role, component(v, 0, 0));
	} else if (!strcmp(p->name, "EMAIL") || !strcmp(p->name, "TEL")) {
		char *t = component(v, 0, 0);
		int email = p->name[0] == 'E';
		if (t && !email && !strncasecmp(t, "tel:", 4))
			memmove(t, t + 4, strlen(t + 4) + 1);
		if (t && *t) {
			struct pref_value **arr = email ? &dr->emails : &dr->phones;
			size_t *n = email ? &dr->nemails : &dr->ephones;
			size_t *alloc = email ? &dr->alloc_e : &dr->alloc_p;
			int dup = 0;
			for (size_t i = 0; i < *n; i++)
				dup |= !strcmp((*arr)[i].v, t);
			if (dup) {
				free(t);
			} else {
				ALLOC_GROW(*arr, *n + 1, *alloc);
				(*arr)[*n].v = t;
				(*arr)[*n].pref = p->pref;
				(*arr)[*n].order = *n;
				(*n)++;
			}
		} else {
			free(t);
		}
	} else if (!strcmp(p->name, "BDAY")) {
		char *raw = component(v, 0, 0);
		char *b = raw ? bday_of(raw, p->year_omitted) : NULL;
		if (raw && !b) {
			diags_add(d, path, p->line, 1, SEV_ERROR,
				  "'BDAY' is '%s', not a date (19800423, 1980-04-23 or --0423)", raw);
			dr->bad = 1;
		}
		free(raw);
		set_once(&dr->c.bday, b);
	} else if (!strcmp(p->name, "NOTE")) {
		set_once(&dr->c.note, component(v, 0, 0));
	} else if (!strcmp(p->name, "X-NOTEBOOK-CLIENT")) {
		set_once(&dr->c.client, component(v, 0, 0));
	}
	free(v);
}

int vcard_parse(const char *path, const char *data, size_t len, struct vcard **cards,
		size_t *n, size_t *nbad, struct diags *d)
{
	struct draft dr;
	size_t i = 0, alloc = 0;
	int line = 1, start, in_card = 0, any = 0;

	*cards = NULL;
	*n = 0;
	*nbad = 0;
	memset(&dr, 0, sizeof(dr));
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		i = 3;
	if (memchr(data, '\0', len)) {
		diags_add(d, path, 0, 0, SEV_ERROR, "holds NUL bytes: not a vCard file");
		return -1;
	}
	while (i < len) {
		char *s = next_line(data, len, &i, &line, &start);
		struct prop p;

		if (!*s) {
			free(s);
			continue;
		}
		if (split_prop(s, start, &p) < 0) {
			if (in_card) {
				diags_add(d, path, start, 1, SEV_ERROR,
					  "a line without ':' in a card; each line is NAME:value");
				dr.bad = 1;
			} else {
				diags_add(d, path, start, 1, SEV_ERROR, "not a vCard line (expected BEGIN:VCARD)");
			}
			free(s);
			continue;
		}
		free(s);
		if (!strcmp(p.name, "BEGIN") && !strcasecmp(p.value, "VCARD")) {
			if (in_card) {
				diags_add(d, path, dr.c.line, 1, SEV_ERROR,
					  "card without 'END:VCARD' before the next 'BEGIN:VCARD'");
				draft_release(&dr);
				(*nbad)++;
			}
			in_card = 1;
			any = 1;
			dr.c.line = start;
		} else if (!strcmp(p.name, "END") && !strcasecmp(p.value, "VCARD") && in_card) {
			in_card = 0;
			if (!dr.c.fn && dr.n) {
				dr.c.fn = dr.n;
				dr.n = NULL;
			}
			if (!dr.c.title && dr.role) {
				dr.c.title = dr.role;
				dr.role = NULL;
			}
			if (!dr.c.fn && !dr.bad) {
				diags_add(d, path, dr.c.line, 1, SEV_ERROR, "card without a name (FN or N)");
				dr.bad = 1;
			}
			if (!dr.bad) {
				dr.c.emails = by_pref(dr.emails, dr.nemails);
				dr.c.nemails = dr.nemails;
				dr.c.phones = by_pref(dr.phones, dr.ephones);
				dr.c.nphones = dr.ephones;
				free(dr.emails);
				free(dr.phones);
				dr.emails = dr.phones = NULL;
				dr.nemails = dr.ephones = 0;
				ALLOC_GROW(*cards, *n + 1, alloc);
				(*cards)[(*n)++] = dr.c;
				memset(&dr.c, 0, sizeof(dr.c));
			} else {
				(*nbad)++;
			}
			draft_release(&dr);
		} else if (in_card) {
			add_prop(&dr, &p, path, d);
		} else {
			diags_add(d, path, start, 1, SEV_ERROR, "'%s' outside a card (no 'BEGIN:VCARD' before it)",
				  p.name);
		}
		prop_release(&p);
	}
	if (in_card) {
		diags_add(d, path, dr.c.line, 1, SEV_ERROR, "card without 'END:VCARD'");
		draft_release(&dr);
		(*nbad)++;
	}
	if (!any) {
		diags_add(d, path, 1, 1, SEV_ERROR, "no card in the file (no 'BEGIN:VCARD')");
		return -1;
	}
	return 0;
}

static void prop_text(struct buf *out, const char *name, const char *value)
{
	if (value && *value)
		ics_prop_text(out, name, value);
}

void vcard_write(struct buf *out, const struct vcard *c)
{
	struct buf line = BUF_INIT;

	ics_prop_raw(out, "BEGIN", "VCARD");
	ics_prop_raw(out, "VERSION", "4.0");
	prop_text(out, "FN", c->fn);
	if (c->org && *c->org) {
		/* ORG is structured: its ';' and ',' are escaped by the TEXT rules */
		prop_text(out, "ORG", c->org);
	}
	prop_text(out, "TITLE", c->title);
	for (size_t i = 0; i < c->nemails; i++)
		prop_text(out, i || c->nemails == 1 ? "EMAIL" : "EMAIL;PREF=1", c->emails[i]);
	for (size_t i = 0; i < c->nphones; i++)
		prop_text(out, i || c->nphones == 1 ? "TEL" : "TEL;PREF=1", c->phones[i]);
	if (c->bday) {
		/* 1980-04-23 as 19800423, --04-23 as --0423 (RFC 6350 4.3.1) */
		buf_reset(&line);
		for (const char *p = c->bday; *p; p++)
			if (*p != '-' || p < c->bday + 2)
				buf_addc(&line, *p);
		if (c->bday[0] != '-') {
			buf_reset(&line);
			for (const char *p = c->bday; *p; p++)
				if (*p != '-')
					buf_addc(&line, *p);
		}
		ics_prop_raw(out, "BDAY", buf_str(&line));
	}
	prop_text(out, "NOTE", c->note);
	prop_text(out, "X-NOTEBOOK-CLIENT", c->client);
	ics_prop_raw(out, "END", "VCARD");
	buf_release(&line);
}
