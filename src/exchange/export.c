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

static json_t *promises(const struct promise *p, size_t n, const char *path)
{
	json_t *v = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "text", jw_text(p[i].text));
		json_object_set_new(o, "due", jw_day(p[i].has_due, p[i].due));
		json_object_set_new(o, "done", json_boolean(p[i].done));
		json_object_set_new(o, "file", jw_text(p[i].path ? p[i].path : path));
		json_object_set_new(o, "line", json_integer(p[i].line));
		json_array_append_new(v, o);
	}
	return v;
}

/* An integer, or null when !has. */
static json_t *int_or_null(int has, json_int_t n)
{
	return has ? json_integer(n) : json_null();
}

/* An entry's date: "YYYY-MM-DD", or its instant in UTC when it had a time. */
static json_t *entry_date(const struct entry *e)
{
	char s[32];
	time_t t = (time_t)e->instant;
	struct tm tm;

	if (!e->has_time || !gmtime_r(&t, &tm))
		return jw_day(1, e->day);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return jw_text(s);
}

static json_t *entry(const struct entry *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", jw_text(e->path));
	json_object_set_new(o, "date", entry_date(e));
	json_object_set_new(o, "day", jw_day(1, e->day));
	json_object_set_new(o, "kind", jw_text(kind_name(e->kind)));
	json_object_set_new(o, "clients", jw_texts(e->clients, e->nclients));
	json_object_set_new(o, "with", jw_texts(e->with, e->nwith));
	json_object_set_new(o, "mood", jw_text(e->mood));
	json_object_set_new(o, "satisfaction", int_or_null(e->satisfaction != 0, e->satisfaction));
	json_object_set_new(o, "trust", jw_text(e->trust == TRUST_UNSET ? NULL : trust_name(e->trust)));
	json_object_set_new(o, "summary", jw_text(e->summary));
	json_object_set_new(o, "promises", promises(e->promises, e->npromises, e->path));
	return o;
}

static json_t *contact(const struct client *c, const struct contact *k, day_t today)
{
	const struct entry *e = contact_last_entry(c, k, today);
	json_t *o = json_object();

	json_object_set_new(o, "name", jw_text(k->name));
	json_object_set_new(o, "role", jw_text(k->role));
	json_object_set_new(o, "emails", jw_texts(k->emails, k->nemails));
	json_object_set_new(o, "phones", jw_texts(k->phones, k->nphones));
	json_object_set_new(o, "birthday", jw_text(k->birthday));
	json_object_set_new(o, "notes", jw_text(k->notes));
	json_object_set_new(o, "last_spoke", jw_day(e != NULL, e ? e->day : 0));
	json_object_set_new(o, "last_spoke_days", int_or_null(e != NULL, e ? today - e->day : 0));
	json_object_set_new(o, "last_spoke_entry", jw_text(e ? e->path : NULL));
	return o;
}

/* The status figures of `status --json` for one client; null when it is not audited. */
static json_t *audit(const struct notebook *nb, const struct client *c, day_t today)
{
	struct audit a;
	char dur[16], names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE];
	json_t *o, *flags;
	int n;

	if (!client_is_audited(c))
		return json_null();
	audit_client(nb, c, today, &a);
	o = json_object();
	json_object_set_new(o, "state", jw_text(state_name(a.state)));
	json_object_set_new(o, "needs_attention", json_boolean(audit_needs_attention(&a)));
	json_object_set_new(o, "last_contact", jw_day(a.has_last, a.last));
	json_object_set_new(o, "last_kind", jw_text(a.last_entry ? kind_name(a.last_entry->kind) : NULL));
	json_object_set_new(o, "days_since", int_or_null(a.has_last, a.days_since));
	duration_format(a.cadence, dur, sizeof(dur));
	json_object_set_new(o, "cadence", jw_text(dur));
	json_object_set_new(o, "cadence_days", json_integer(a.cadence_days));
	json_object_set_new(o, "next_due", jw_day(a.has_last, a.next_due));
	json_object_set_new(o, "days_overdue", int_or_null(a.has_last, a.days_overdue));
	json_object_set_new(o, "trust", jw_text(trust_name(a.trust)));
	n = audit_flag_names(&a, names);
	flags = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(flags, jw_text(names[i]));
	json_object_set_new(o, "flags", flags);
	json_object_set_new(o, "reasons", jw_texts(a.reasons, a.nreasons));
	audit_release(&a);
	return o;
}

json_t *export_json_client(const struct notebook *nb, const struct client *c, day_t today)
{
	json_t *o = json_object(), *v;
	char dur[16];
	int any = 0;

	json_object_set_new(o, "id", jw_text(c->id));
	json_object_set_new(o, "path", jw_text(c->path));
	json_object_set_new(o, "name", jw_text(c->name));
	json_object_set_new(o, "status", jw_text(status_name(c->status)));
	json_object_set_new(o, "tier", jw_text(tier_name(c->tier)));
	if (c->has_cadence)
		duration_format(c->cadence, dur, sizeof(dur));
	json_object_set_new(o, "cadence", jw_text(c->has_cadence ? dur : NULL));
	json_object_set_new(o, "since", jw_day(c->has_since, c->since));
	json_object_set_new(o, "snooze", jw_day(c->has_snooze, c->snooze));
	json_object_set_new(o, "archived", jw_day(c->has_archived, c->archived));
	json_object_set_new(o, "owner", jw_text(client_owner(nb, c)));
	json_object_set_new(o, "tags", jw_texts(c->tags, c->ntags));
	json_object_set_new(o, "trust", jw_text(trust_name(c->trust)));
	json_object_set_new(o, "fit", jw_text(fit_name(c->fit)));
	v = json_array();
	for (size_t i = 0; i < c->ncontacts; i++)
		json_array_append_new(v, contact(c, &c->contacts[i], today));
	json_object_set_new(o, "contacts", v);
	for (int i = 0; i < EMPATHY_COUNT; i++)
		any |= c->empathy[i] != NULL;
	v = any ? json_object() : json_null();
	for (int i = 0; any && i < EMPATHY_COUNT; i++)
		if (c->empathy[i])
			json_object_set_new(v, empathy_parts[i], jw_text(c->empathy[i]));
	json_object_set_new(o, "empathy", v);
	json_object_set_new(o, "promises", promises(c->promises, c->npromises, c->path));
	v = json_array();
	for (size_t i = 0; i < c->nentries; i++)
		json_array_append_new(v, entry(c->entries[i]));
	json_object_set_new(o, "entries", v);
	json_object_set_new(o, "audit", audit(nb, c, today));
	return o;
}

/* The clients of the export, one at a time. */
struct client_stream {
	const struct notebook *nb;
	day_t today;
	size_t i;
};

static json_t *next_client(void *ctx)
{
	struct client_stream *cs = ctx;

	if (cs->i >= cs->nb->nclients)
		return NULL;
	return export_json_client(cs->nb, &cs->nb->clients[cs->i++], cs->today);
}

void export_json(const struct notebook *nb, day_t today, struct buf *out)
{
	struct client_stream cs = { nb, today, 0 };
	struct jw_stream stream = { "clients", next_client, &cs };
	json_t *doc = json_object();

	json_object_set_new(doc, "notebook_export", json_integer(1));
	json_object_set_new(doc, "as_of", jw_day(1, today));
	json_object_set_new(doc, "owner", jw_text(nb->settings.owner));
	json_object_set_new(doc, "timezone", jw_text(nb->settings.timezone));
	json_object_set_new(doc, "clients", json_array());
	jw_write_stream(out, doc, &stream, &JW_INDENTED);
	json_decref(doc);
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
		char dur[16] = "", names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE];
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
			nflags = audit_flag_names(&a, names);
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
