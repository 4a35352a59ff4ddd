/* The notebook for other programs: see export.h. */
#include "export.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "csv.h"
#include "people.h"
#include "report.h"
#include "stale.h"
#include "util.h"
#include "vcard.h"

static const char *const empathy_parts[EMPATHY_COUNT] = { "says", "thinks", "does", "feels" };

/* "promise-overdue", "trust:strained", …: the names status --json uses. */
static void flag_names(const struct audit *a, char names[5][32], int *n)
{
	*n = 0;
	if (a->flags & FLAG_PROMISE_OVERDUE)
		snprintf(names[(*n)++], 32, "promise-overdue");
	if (a->flags & FLAG_TRUST)
		snprintf(names[(*n)++], 32, "trust:%s", trust_name(a->trust));
	if (a->flags & FLAG_THANKS_MISSING)
		snprintf(names[(*n)++], 32, "thanks-missing");
	if (a->flags & FLAG_FIT)
		snprintf(names[(*n)++], 32, "fit:%s", fit_name(a->client->fit));
	if (a->flags & FLAG_SATISFACTION_LOW)
		snprintf(names[(*n)++], 32, "satisfaction-low");
}

static void strings(struct jsonw *w, const char *key, char *const *v, size_t n)
{
	jsonw_array(w, key);
	for (size_t i = 0; i < n; i++)
		jsonw_str(w, NULL, v[i]);
	jsonw_end(w);
}

static void promises(struct jsonw *w, const struct promise *p, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++) {
		jsonw_object(w, NULL);
		jsonw_str(w, "text", p[i].text);
		jsonw_date(w, "due", p[i].has_due, p[i].due);
		jsonw_bool(w, "done", p[i].done);
		jsonw_str(w, "file", p[i].path ? p[i].path : path);
		jsonw_int(w, "line", p[i].line);
		jsonw_end(w);
	}
}

/* An entry's date: "YYYY-MM-DD", or its instant in UTC when it had a time. */
static void entry_date(struct jsonw *w, const struct entry *e)
{
	char s[32];
	time_t t = (time_t)e->instant;
	struct tm tm;

	if (!e->has_time || !gmtime_r(&t, &tm)) {
		jsonw_date(w, "date", 1, e->day);
		return;
	}
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jsonw_str(w, "date", s);
}

static void entry(struct jsonw *w, const struct entry *e)
{
	jsonw_object(w, NULL);
	jsonw_str(w, "path", e->path);
	entry_date(w, e);
	jsonw_date(w, "day", 1, e->day);
	jsonw_str(w, "kind", kind_name(e->kind));
	strings(w, "clients", e->clients, e->nclients);
	strings(w, "with", e->with, e->nwith);
	jsonw_str(w, "mood", e->mood);
	if (e->satisfaction)
		jsonw_int(w, "satisfaction", e->satisfaction);
	else
		jsonw_null(w, "satisfaction");
	jsonw_str(w, "trust", e->trust == TRUST_UNSET ? NULL : trust_name(e->trust));
	jsonw_str(w, "summary", e->summary);
	jsonw_array(w, "promises");
	promises(w, e->promises, e->npromises, e->path);
	jsonw_end(w);
	jsonw_end(w);
}

static void contact(struct jsonw *w, const struct client *c, const struct contact *k, day_t today)
{
	const struct entry *e = contact_last_entry(c, k, today);

	jsonw_object(w, NULL);
	jsonw_str(w, "name", k->name);
	jsonw_str(w, "role", k->role);
	strings(w, "emails", k->emails, k->nemails);
	strings(w, "phones", k->phones, k->nphones);
	jsonw_str(w, "birthday", k->birthday);
	jsonw_str(w, "notes", k->notes);
	jsonw_date(w, "last_spoke", e != NULL, e ? e->day : 0);
	if (e)
		jsonw_int(w, "last_spoke_days", today - e->day);
	else
		jsonw_null(w, "last_spoke_days");
	jsonw_str(w, "last_spoke_entry", e ? e->path : NULL);
	jsonw_end(w);
}

/* The status figures of `status --json` for one client; null when it is not audited. */
static void audit(struct jsonw *w, const struct notebook *nb, const struct client *c, day_t today)
{
	struct audit a;
	char dur[16], names[5][32];
	int n;

	if (!client_is_audited(c)) {
		jsonw_null(w, "audit");
		return;
	}
	audit_client(nb, c, today, &a);
	jsonw_object(w, "audit");
	jsonw_str(w, "state", state_name(a.state));
	jsonw_bool(w, "needs_attention", audit_needs_attention(&a));
	jsonw_date(w, "last_contact", a.has_last, a.last);
	jsonw_str(w, "last_kind", a.last_entry ? kind_name(a.last_entry->kind) : NULL);
	if (a.has_last)
		jsonw_int(w, "days_since", a.days_since);
	else
		jsonw_null(w, "days_since");
	duration_format(a.cadence, dur, sizeof(dur));
	jsonw_str(w, "cadence", dur);
	jsonw_int(w, "cadence_days", a.cadence_days);
	jsonw_date(w, "next_due", a.has_last, a.next_due);
	if (a.has_last)
		jsonw_int(w, "days_overdue", a.days_overdue);
	else
		jsonw_null(w, "days_overdue");
	jsonw_str(w, "trust", trust_name(a.trust));
	flag_names(&a, names, &n);
	jsonw_array(w, "flags");
	for (int i = 0; i < n; i++)
		jsonw_str(w, NULL, names[i]);
	jsonw_end(w);
	strings(w, "reasons", a.reasons, a.nreasons);
	jsonw_end(w);
	audit_release(&a);
}

void export_json_client(struct jsonw *w, const char *key, const struct notebook *nb,
			const struct client *c, day_t today)
{
	char dur[16];
	int any = 0;

	jsonw_object(w, key);
	jsonw_str(w, "id", c->id);
	jsonw_str(w, "path", c->path);
	jsonw_str(w, "name", c->name);
	jsonw_str(w, "status", status_name(c->status));
	jsonw_str(w, "tier", tier_name(c->tier));
	if (c->has_cadence) {
		duration_format(c->cadence, dur, sizeof(dur));
		jsonw_str(w, "cadence", dur);
	} else {
		jsonw_null(w, "cadence");
	}
	jsonw_date(w, "since", c->has_since, c->since);
	jsonw_date(w, "snooze", c->has_snooze, c->snooze);
	jsonw_date(w, "archived", c->has_archived, c->archived);
	jsonw_str(w, "owner", client_owner(nb, c));
	strings(w, "tags", c->tags, c->ntags);
	jsonw_str(w, "trust", trust_name(c->trust));
	jsonw_str(w, "fit", fit_name(c->fit));
	jsonw_array(w, "contacts");
	for (size_t i = 0; i < c->ncontacts; i++)
		contact(w, c, &c->contacts[i], today);
	jsonw_end(w);
	for (int i = 0; i < EMPATHY_COUNT; i++)
		any |= c->empathy[i] != NULL;
	if (any) {
		jsonw_object(w, "empathy");
		for (int i = 0; i < EMPATHY_COUNT; i++)
			if (c->empathy[i])
				jsonw_str(w, empathy_parts[i], c->empathy[i]);
		jsonw_end(w);
	} else {
		jsonw_null(w, "empathy");
	}
	jsonw_array(w, "promises");
	promises(w, c->promises, c->npromises, c->path);
	jsonw_end(w);
	jsonw_array(w, "entries");
	for (size_t i = 0; i < c->nentries; i++)
		entry(w, c->entries[i]);
	jsonw_end(w);
	audit(w, nb, c, today);
	jsonw_end(w);
}

void export_json(const struct notebook *nb, day_t today, struct buf *out)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_object(&w, NULL);
	jsonw_int(&w, "notebook_export", 1);
	jsonw_date(&w, "as_of", 1, today);
	jsonw_str(&w, "owner", nb->settings.owner);
	jsonw_str(&w, "timezone", nb->settings.timezone);
	jsonw_array(&w, "clients");
	for (size_t i = 0; i < nb->nclients; i++)
		export_json_client(&w, NULL, nb, &nb->clients[i], today);
	jsonw_end(&w);
	jsonw_end(&w);
	jsonw_finish(&w);
}

static const char *const csv_header[] = {
	"id", "name", "status", "tier", "cadence", "owner", "tags", "since", "archived",
	"trust", "fit", "contacts", "state", "last_contact", "days_since", "cadence_days",
	"next_due", "days_overdue", "flags",
};

static void csv_date(struct buf *b, int has, day_t day)
{
	char d[11] = "";

	if (has)
		date_format(day, d);
	csv_add_field(b, d, ',', 0);
}

static void csv_int(struct buf *b, int has, long n)
{
	char s[24] = "";

	if (has)
		snprintf(s, sizeof(s), "%ld", n);
	csv_add_field(b, s, ',', 0);
}

void export_csv(const struct notebook *nb, day_t today, struct buf *out)
{
	struct buf cell = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(csv_header); i++)
		csv_add_field(out, csv_header[i], ',', i == 0);
	csv_end_row(out);
	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];
		struct audit a;
		char dur[16] = "", names[5][32];
		int audited = client_is_audited(c), nflags = 0;

		csv_add_field(out, c->id, ',', 1);
		csv_add_field(out, c->name, ',', 0);
		csv_add_field(out, status_name(c->status), ',', 0);
		csv_add_field(out, tier_name(c->tier), ',', 0);
		if (c->has_cadence)
			duration_format(c->cadence, dur, sizeof(dur));
		csv_add_field(out, dur, ',', 0);
		csv_add_field(out, client_owner(nb, c), ',', 0);
		buf_reset(&cell);
		for (size_t k = 0; k < c->ntags; k++)
			buf_printf(&cell, "%s%s", k ? ", " : "", c->tags[k]);
		csv_add_field(out, buf_str(&cell), ',', 0);
		csv_date(out, c->has_since, c->since);
		csv_date(out, c->has_archived, c->archived);
		csv_add_field(out, trust_name(c->trust), ',', 0);
		csv_add_field(out, fit_name(c->fit), ',', 0);
		buf_reset(&cell);
		for (size_t k = 0; k < c->ncontacts; k++)
			buf_printf(&cell, "%s%s", k ? "; " : "", c->contacts[k].name);
		csv_add_field(out, buf_str(&cell), ',', 0);
		if (audited)
			audit_client(nb, c, today, &a);
		csv_add_field(out, audited ? state_name(a.state) : "", ',', 0);
		csv_date(out, audited && a.has_last, audited ? a.last : 0);
		csv_int(out, audited && a.has_last, audited ? a.days_since : 0);
		csv_int(out, audited, audited ? a.cadence_days : 0);
		csv_date(out, audited && a.has_last, audited ? a.next_due : 0);
		csv_int(out, audited && a.has_last, audited ? a.days_overdue : 0);
		buf_reset(&cell);
		if (audited) {
			flag_names(&a, names, &nflags);
			for (int k = 0; k < nflags; k++)
				buf_printf(&cell, "%s%s", k ? " " : "", names[k]);
			audit_release(&a);
		}
		csv_add_field(out, buf_str(&cell), ',', 0);
		csv_end_row(out);
	}
	buf_release(&cell);
}

void export_vcard(const struct notebook *nb, struct buf *out)
{
	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];

		for (size_t k = 0; k < c->ncontacts; k++) {
			const struct contact *p = &c->contacts[k];
			struct vcard card = { 0 };

			card.fn = p->name;
			card.org = c->name;
			card.title = p->role;
			card.emails = p->emails;
			card.nemails = p->nemails;
			card.phones = p->phones;
			card.nphones = p->nphones;
			card.bday = p->birthday;
			card.note = p->notes;
			card.client = c->id;
			vcard_write(out, &card);
		}
	}
}
