/* notebook agenda: what falls due in the next days, by date, or as iCalendar. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "exchange/ics.h"
#include "json.h"
#include "people.h"
#include "report.h"
#include "stale.h"
#include "term.h"
#include "text.h"
#include "tz.h"
#include "util.h"

#ifndef NOTEBOOK_VERSION
#define NOTEBOOK_VERSION "0.1.0"
#endif

static const char agenda_usage[] =
	"usage: notebook agenda [--days N] [--as-of DATE] [--owner OWNER] [--ics|--json]\n"
	"                       [--no-color]\n";

enum item_kind { ITEM_CONTACT, ITEM_CHECKIN, ITEM_PROMISE, ITEM_BIRTHDAY };

static const char *const item_names[] = { "contact", "check-in", "promise", "birthday" };

/* One thing on the agenda. */
struct item {
	day_t day;        /* the date it is listed under (T when overdue) */
	day_t due;        /* when it fell or falls due */
	enum item_kind kind;
	int overdue;
	int never;        /* a contact never logged */
	day_t snoozed_until; /* nonzero: due moved to the end of a snooze */
	const struct client *client;
	const struct promise *promise;
	const struct contact *person; /* ITEM_BIRTHDAY */
	int age;          /* the age it brings, 0 when the year is not known */
	int has_last;
	day_t last;
	const struct entry *last_entry;
	enum trust trust;
	day_t done;       /* nonzero: done that day (--ics lists it as completed) */
	const struct entry *done_by; /* the contact that did it */
};

/* How far back --ics keeps a to-do that was done, marked COMPLETED (notebook(1)). */
enum { DONE_DAYS = 30 };

struct agenda {
	struct item *v;
	size_t n, alloc;
};

static const char *client_label(const struct client *c)
{
	return c->name ? c->name : c->id;
}

static int item_cmp(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	c = strcmp(client_label(a->client), client_label(b->client));
	if (c)
		return c;
	c = strcmp(a->client->id, b->client->id);
	if (c)
		return c;
	if (a->person)
		return strcmp(a->person->name, b->person->name);
	if (!a->promise)
		return 0;
	c = strcmp(a->promise->path ? a->promise->path : "", b->promise->path ? b->promise->path : "");
	if (c)
		return c;
	return a->promise->line - b->promise->line;
}

static struct item *add_item(struct agenda *ag, const struct client *c, enum item_kind kind)
{
	struct item *it;

	ALLOC_GROW(ag->v, ag->n + 1, ag->alloc);
	it = &ag->v[ag->n++];
	memset(it, 0, sizeof(*it));
	it->client = c;
	it->kind = kind;
	return it;
}

/* Open promises with a due date, overdue or due by `end`. */
static void add_promises(struct agenda *ag, const struct client *c, const struct promise *p,
			 size_t np, day_t today, day_t end)
{
	for (size_t i = 0; i < np; i++) {
		struct item *it;

		if (p[i].done || !p[i].has_due || p[i].due > end)
			continue;
		it = add_item(ag, c, ITEM_PROMISE);
		it->promise = &p[i];
		it->due = p[i].due;
		it->overdue = p[i].due < today;
		it->day = it->overdue ? today : p[i].due;
	}
}

/* The birthdays of a client's people from today to `end` (not for former clients). */
static void add_birthdays(struct agenda *ag, const struct client *c, day_t today, day_t end)
{
	if (c->status == STATUS_FORMER)
		return;
	for (size_t k = 0; k < c->ncontacts; k++) {
		struct item *it;
		day_t when;
		int age;

		if (contact_next_birthday(&c->contacts[k], today, &when, &age) < 0 || when > end)
			continue;
		it = add_item(ag, c, ITEM_BIRTHDAY);
		it->person = &c->contacts[k];
		it->age = age;
		it->day = it->due = when;
	}
}

static void collect(struct agenda *ag, const struct notebook *nb, day_t today, day_t end,
		    const char *owner)
{
	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];
		struct audit a;
		day_t due;

		if (owner && !owner_is(nb, c, owner))
			continue;
		add_birthdays(ag, c, today, end);
		if (!client_is_audited(c))
			continue;
		audit_client(nb, c, today, &a);
		due = a.has_last ? a.next_due : today;
		if (c->has_snooze && c->snooze > today && c->snooze > due)
			due = c->snooze;
		if (due <= end) {
			struct item *it = add_item(ag, c, a.trust == TRUST_HEALTHY ?
						   ITEM_CONTACT : ITEM_CHECKIN);
			it->due = due;
			it->overdue = due < today;
			it->day = it->overdue ? today : due;
			it->never = !a.has_last;
			if (due != (a.has_last ? a.next_due : today))
				it->snoozed_until = c->snooze;
			it->has_last = a.has_last;
			it->last = a.last;
			it->last_entry = a.last_entry;
			it->trust = a.trust;
		}
		audit_release(&a);

		add_promises(ag, c, c->promises, c->npromises, today, end);
		for (size_t k = 0; k < c->nentries; k++)
			if (c->entries[k]->day <= today)
				add_promises(ag, c, c->entries[k]->promises,
					     c->entries[k]->npromises, today, end);
	}
	if (ag->n)
		qsort(ag->v, ag->n, sizeof(*ag->v), item_cmp);
}

/*
 * The to-dos done from today - DONE_DAYS to today, as the calendar had
 * them before: the contact (or check-in) due before each contact in that
 * time, with the date, kind and trust of the audit of the day before it,
 * and every promise ticked in that time (done:DATE). Their UIDs are those
 * the open to-dos had, so a calendar that imported an earlier --ics marks
 * them completed instead of keeping them open or losing them.
 */
static void collect_done(struct agenda *ag, const struct notebook *nb, day_t today,
			 const char *owner)
{
	day_t from = today - DONE_DAYS;

	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];
		day_t seen = 0;

		if (owner && !owner_is(nb, c, owner))
			continue;
		for (size_t k = 0; k < c->npromises + c->nentries; k++) {
			const struct promise *p;
			size_t np;

			if (k < c->npromises) {
				p = &c->promises[k];
				np = 1;
			} else {
				const struct entry *e = c->entries[k - c->npromises];
				if (e->day > today)
					continue;
				p = e->promises;
				np = e->npromises;
			}
			for (size_t j = 0; j < np; j++) {
				struct item *it;

				if (!p[j].done || !p[j].has_due || !p[j].has_done_on ||
				    p[j].done_on < from || p[j].done_on > today)
					continue;
				it = add_item(ag, c, ITEM_PROMISE);
				it->promise = &p[j];
				it->day = it->due = p[j].due;
				it->done = p[j].done_on;
			}
		}
		if (!client_is_audited(c))
			continue;
		for (size_t k = 0; k < c->nentries; k++) {
			const struct entry *e = c->entries[k];
			struct audit before;
			struct item *it;
			day_t due;

			if (e->kind == KIND_NOTE || e->day < from || e->day > today || e->day == seen)
				continue;
			seen = e->day;
			audit_client(nb, c, e->day - 1, &before);
			due = before.has_last ? before.next_due : e->day;
			if (c->has_snooze && c->snooze > e->day - 1 && c->snooze > due)
				due = c->snooze;
			it = add_item(ag, c, before.trust == TRUST_HEALTHY ? ITEM_CONTACT : ITEM_CHECKIN);
			it->day = it->due = due;
			it->never = !before.has_last;
			it->trust = before.trust;
			it->done = e->day;
			it->done_by = e;
			audit_release(&before);
		}
	}
}

/* The item in words, unescaped: "overdue since 2026-11-09; last call on 2026-10-10". */
static void describe(const struct item *it, struct buf *b)
{
	char d[11];

	if (it->done) {
		date_format(it->done, d);
		if (it->promise)
			buf_printf(b, "'%s' done on %s", it->promise->text ? it->promise->text : "", d);
		else
			buf_printf(b, "done on %s: %s", d, kind_name(it->done_by->kind));
		return;
	}
	if (it->kind == ITEM_BIRTHDAY) {
		buf_printf(b, "%s's birthday", it->person->name);
		if (it->age)
			buf_printf(b, " (%d)", it->age);
		if (it->person->role)
			buf_printf(b, "; %s", it->person->role);
		return;
	}
	if (it->kind == ITEM_PROMISE) {
		buf_printf(b, "'%s'", it->promise->text ? it->promise->text : "");
		if (it->overdue) {
			date_format(it->due, d);
			buf_printf(b, " overdue since %s", d);
		}
		return;
	}
	if (it->kind == ITEM_CHECKIN)
		buf_printf(b, "repair check-in (trust %s)", trust_name(it->trust));
	else
		buf_adds(b, "keep in touch");
	if (it->never) {
		buf_adds(b, "; no contact logged yet");
		return;
	}
	if (it->overdue) {
		date_format(it->due, d);
		buf_printf(b, "; overdue since %s", d);
	} else if (it->snoozed_until) {
		date_format(it->snoozed_until, d);
		buf_printf(b, " (snoozed until %s)", d);
	}
	date_format(it->last, d);
	if (it->last_entry)
		buf_printf(b, "; last %s on %s", kind_name(it->last_entry->kind), d);
	else
		buf_printf(b, "; relationship began on %s", d);
}

/* Orders items by promise (NULL first), then position: to find one promise's items. */
static int by_promise(const void *x, const void *y)
{
	const struct item *a = *(const struct item *const *)x, *b = *(const struct item *const *)y;
	uintptr_t p = (uintptr_t)a->promise, q = (uintptr_t)b->promise;

	if (p != q)
		return p < q ? -1 : 1;
	return (a > b) - (a < b);
}

/*
 * For each item, the first item of the same promise (a promise of an entry
 * naming several clients is an item per client): the text lists it once,
 * with every client, where the first one is.
 */
static size_t *first_of_promise(const struct agenda *ag)
{
	const struct item **v = xcalloc(ag->n ? ag->n : 1, sizeof(*v));
	size_t *first = xcalloc(ag->n ? ag->n : 1, sizeof(*first));

	for (size_t i = 0; i < ag->n; i++) {
		v[i] = &ag->v[i];
		first[i] = i;
	}
	qsort(v, ag->n, sizeof(*v), by_promise);
	for (size_t i = 1; i < ag->n; i++)
		if (v[i]->promise && v[i]->promise == v[i - 1]->promise)
			first[v[i] - ag->v] = first[v[i - 1] - ag->v];
	free(v);
	return first;
}

static void print_text(const struct agenda *ag, day_t today, day_t end, int no_color)
{
	static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	struct term term;
	struct table tb;
	struct buf b = BUF_INIT, text = BUF_INIT;
	char d[11], e[11];
	size_t *first;
	day_t shown_day = 0;
	int any = 0;

	term_init(&term, stdout, no_color);
	date_format(today, d);
	date_format(end, e);
	if (!ag->n) {
		printf("nothing due from %s to %s\n", d, e);
		return;
	}
	printf("%sagenda from %s to %s%s\n", term_on(&term, COLOR_BOLD), d, e,
	       term_off(&term, COLOR_BOLD));
	first = first_of_promise(ag);
	table_init(&tb, 4, 3);
	/* Ids whole where that leaves the text room enough; on a narrow terminal they wrap too. */
	if (term.width >= 80)
		table_keep(&tb, 2);
	for (size_t i = 0; i < ag->n; i++) {
		const struct item *it = &ag->v[i];
		int label = 0;

		if (first[i] != i)
			continue;
		buf_reset(&b);
		if (!any || shown_day != it->day) {
			date_format(it->day, d);
			buf_printf(&b, "%s %s%s", d, wdays[date_weekday(it->day)],
				   it->day == today ? " (today)" : "");
		}
		any = 1;
		shown_day = it->day;
		table_add(&tb, buf_str(&b), COLOR_BOLD);
		table_add(&tb, item_names[it->kind], it->overdue ? COLOR_RED :
			  it->kind == ITEM_CHECKIN ? COLOR_YELLOW : COLOR_CYAN);
		/* The clients (several for a promise of an entry naming several), then their names. */
		buf_reset(&b);
		buf_reset(&text);
		for (size_t k = i; k < ag->n; k++) {
			const struct client *c = ag->v[k].client;

			if (first[k] != i)
				continue;
			if (b.len)
				buf_adds(&b, ", ");
			buf_add_escaped_str(&b, c->id);
			/* On a terminal a name that only repeats its id is not said twice. */
			if (term.tty && c->name && name_repeats_id(c->name, c->id))
				continue;
			if (label++)
				buf_adds(&text, ", ");
			buf_adds(&text, client_label(c));
		}
		table_add(&tb, buf_str(&b), COLOR_NONE);
		if (label)
			buf_adds(&text, ": ");
		describe(it, &text);
		buf_reset(&b);
		buf_add_escaped(&b, buf_str(&text), text.len);
		table_add(&tb, buf_str(&b), COLOR_NONE);
	}
	table_print(&tb, &term, stdout);
	table_release(&tb);
	free(first);
	buf_release(&text);
	buf_release(&b);
}

/* What an item is, for its UID: stable while the item stays the same. */
static char *item_key(const struct item *it)
{
	struct buf key = BUF_INIT;
	char d[11];

	/* A client never contacted is due every day until it is: no date in its key. */
	if (it->never)
		snprintf(d, sizeof(d), "never");
	else
		date_format(it->due, d);
	buf_printf(&key, "%s|%s|%s", it->client->id, item_names[it->kind], d);
	if (it->promise)
		buf_printf(&key, "|%s|%s", it->promise->path ? it->promise->path : "",
			   it->promise->text ? it->promise->text : "");
	if (it->person)
		buf_printf(&key, "|%s", it->person->name);
	return buf_detach(&key);
}

struct keyed {
	char *key;
	size_t idx;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/*
 * The UIDs of all items: a hash of what each is, the second and later of
 * equal ones (the same promise twice in one file) with "#2", "#3", … added
 * to the key in agenda order. A done contact whose to-do is the same as
 * one still open or done later (a contact that did not move the due date)
 * gets NULL: it is left out. Caller frees the array and its strings.
 */
static char **item_uids(const struct agenda *ag)
{
	struct keyed *k = xcalloc(ag->n ? ag->n : 1, sizeof(*k));
	char **uids = xcalloc(ag->n ? ag->n : 1, sizeof(*uids));
	size_t count = 0;

	for (size_t i = 0; i < ag->n; i++) {
		k[i].key = item_key(&ag->v[i]);
		k[i].idx = i;
	}
	qsort(k, ag->n, sizeof(*k), keyed_cmp);
	for (size_t i = 0; i < ag->n; i++) {
		char uid[64], *key;

		count = i && !strcmp(k[i].key, k[i - 1].key) ? count + 1 : 1;
		if (count > 1 && ag->v[k[i].idx].done && !ag->v[k[i].idx].promise)
			continue;
		key = count > 1 ? xasprintf("%s#%zu", k[i].key, count) : xstrdup(k[i].key);
		ics_uid(key, uid, sizeof(uid));
		uids[k[i].idx] = xstrdup(uid);
		free(key);
	}
	for (size_t i = 0; i < ag->n; i++)
		free(k[i].key);
	free(k);
	return uids;
}

/*
 * CATEGORIES: the item's kind, then its client's owner, so that a
 * calendar app shows whose it is and can filter by person (Thunderbird,
 * Outlook and Apple's apps show categories; ORGANIZER and ATTENDEE want
 * an e-mail address, which an owner is not).
 */
static void add_categories(struct buf *out, const struct notebook *nb, const struct item *it)
{
	const char *v[2] = { item_names[it->kind], client_owner(nb, it->client) };

	ics_prop_list(out, "CATEGORIES", v, v[1] ? 2 : 1);
}

/* The description's last line: whose the item is. */
static void add_owner_line(struct buf *text, const struct notebook *nb, const struct item *it)
{
	const char *owner = client_owner(nb, it->client);

	if (owner)
		buf_printf(text, "\nowner: %s", owner);
}

static void print_ics(const struct notebook *nb, const struct agenda *ag, day_t today)
{
	struct buf out = BUF_INIT, text = BUF_INIT;
	char **uids = item_uids(ag);
	char stamp[32];
	int y, m, d;

	/* DTSTAMP: the start of T in UTC, so that output is a function of the notebook and T. */
	date_to_ymd(today, &y, &m, &d);
	snprintf(stamp, sizeof(stamp), "%04d%02d%02dT000000Z", y, m, d);
	ics_begin_calendar(&out, "-//notebook//notebook " NOTEBOOK_VERSION "//EN");
	for (size_t i = 0; i < ag->n; i++) {
		const struct item *it = &ag->v[i];
		const char *label = client_label(it->client);

		if (!uids[i])
			continue;
		if (it->kind == ITEM_BIRTHDAY) {
			/* an event of the whole day, not a task: nothing to tick off */
			ics_prop_raw(&out, "BEGIN", "VEVENT");
			ics_prop_raw(&out, "UID", uids[i]);
			ics_prop_raw(&out, "DTSTAMP", stamp);
			ics_prop_date(&out, "DTSTART", it->due);
			ics_prop_date(&out, "DTEND", it->due + 1);
			buf_reset(&text);
			buf_printf(&text, "Birthday: %s (%s)", it->person->name, label);
			ics_prop_text(&out, "SUMMARY", buf_str(&text));
			buf_reset(&text);
			describe(it, &text);
			add_owner_line(&text, nb, it);
			ics_prop_text(&out, "DESCRIPTION", buf_str(&text));
			add_categories(&out, nb, it);
			ics_prop_raw(&out, "TRANSP", "TRANSPARENT");
			ics_prop_raw(&out, "END", "VEVENT");
			free(uids[i]);
			continue;
		}
		ics_prop_raw(&out, "BEGIN", "VTODO");
		ics_prop_raw(&out, "UID", uids[i]);
		ics_prop_raw(&out, "DTSTAMP", stamp);
		ics_prop_date(&out, "DUE", it->due);
		buf_reset(&text);
		switch (it->kind) {
		case ITEM_PROMISE:
			buf_printf(&text, "%s: %s", label, it->promise->text ? it->promise->text : "");
			break;
		case ITEM_CHECKIN:
			buf_printf(&text, "Repair check-in with %s", label);
			break;
		default:
			buf_printf(&text, "Contact %s", label);
			break;
		}
		ics_prop_text(&out, "SUMMARY", buf_str(&text));
		buf_reset(&text);
		describe(it, &text);
		if (it->promise)
			buf_printf(&text, "\n%s:%d", it->promise->path ? it->promise->path : it->client->path,
				   it->promise->line);
		add_owner_line(&text, nb, it);
		ics_prop_text(&out, "DESCRIPTION", buf_str(&text));
		add_categories(&out, nb, it);
		if (it->done) {
			char when[32];
			time_t t = (time_t)(tz_day_start(it->done) + 12 * 3600);
			struct tm tm;

			/* noon of the day in the notebook's zone: the same day in any calendar */
			gmtime_r(&t, &tm);
			strftime(when, sizeof(when), "%Y%m%dT%H%M%SZ", &tm);
			ics_prop_raw(&out, "STATUS", "COMPLETED");
			ics_prop_raw(&out, "COMPLETED", when);
			ics_prop_raw(&out, "PERCENT-COMPLETE", "100");
		} else {
			ics_prop_raw(&out, "STATUS", "NEEDS-ACTION");
		}
		ics_prop_raw(&out, "END", "VTODO");
		free(uids[i]);
	}
	ics_end_calendar(&out);
	fwrite(buf_str(&out), 1, out.len, stdout);
	free(uids);
	buf_release(&text);
	buf_release(&out);
}

/* {"from", "to", "items": [...]}: every item with its figures (notebook(1)). */
static void print_json(const struct notebook *nb, const struct agenda *ag, day_t today, day_t end)
{
	struct buf text = BUF_INIT;
	json_t *doc = json_object(), *items = json_array();

	json_object_set_new(doc, "from", jw_day(1, today));
	json_object_set_new(doc, "to", jw_day(1, end));
	for (size_t i = 0; i < ag->n; i++) {
		const struct item *it = &ag->v[i];
		json_t *o = json_object();

		json_object_set_new(o, "date", jw_day(1, it->day));
		json_object_set_new(o, "due", jw_day(!it->never, it->due));
		json_object_set_new(o, "kind", jw_text(item_names[it->kind]));
		json_object_set_new(o, "client", jw_text(it->client->id));
		json_object_set_new(o, "name", jw_text(client_label(it->client)));
		json_object_set_new(o, "owner", jw_text(client_owner(nb, it->client)));
		json_object_set_new(o, "overdue", json_boolean(it->overdue));
		buf_reset(&text);
		describe(it, &text);
		json_object_set_new(o, "text", jw_text(buf_str(&text)));
		switch (it->kind) {
		case ITEM_PROMISE:
			json_object_set_new(o, "promise", jw_text(it->promise->text));
			json_object_set_new(o, "file", jw_text(it->promise->path ? it->promise->path
									   : it->client->path));
			json_object_set_new(o, "line", json_integer(it->promise->line));
			break;
		case ITEM_BIRTHDAY:
			json_object_set_new(o, "person", jw_text(it->person->name));
			json_object_set_new(o, "age", it->age ? json_integer(it->age) : json_null());
			break;
		default:
			json_object_set_new(o, "last_contact", jw_day(it->has_last, it->last));
			json_object_set_new(o, "last_kind",
					    jw_text(it->last_entry ? kind_name(it->last_entry->kind) : NULL));
			json_object_set_new(o, "snoozed_until",
					    jw_day(it->snoozed_until != 0, it->snoozed_until));
			json_object_set_new(o, "trust", jw_text(trust_name(it->trust)));
			break;
		}
		json_array_append_new(items, o);
	}
	json_object_set_new(doc, "items", items);
	jw_print(stdout, doc, &JW_INDENTED);
	buf_release(&text);
}

static int parse_days(const char *s, int *out)
{
	char *end;
	long n;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	if (*end || n > 3660)
		return -1;
	*out = (int)n;
	return 0;
}

int cmd_agenda(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "days", required_argument, NULL, 'n' },
		{ "as-of", required_argument, NULL, 'd' },
		{ "owner", required_argument, NULL, 'o' },
		{ "ics", no_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-color", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct agenda ag = { 0 };
	struct notebook nb;
	day_t as_of = 0, today;
	const char *owner = NULL;
	int owner_none = 0, days = 14, has_as_of = 0, ics = 0, json = 0, no_color = 0, opt, ret = EXIT_OK;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			if (parse_days(optarg, &days) < 0) {
				ret = usage_error(agenda_usage, "--days wants a number of days from 0 to 3660, "
						  "not '%s'", optarg);
				return ret;
			}
			break;
		case 'd':
			if (report_parse_as_of(optarg, agenda_usage, &as_of) < 0)
				return EXIT_USAGE;
			has_as_of = 1;
			break;
		case 'o':
			owner = optarg;
			break;
		case 'i':
			ics = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'c':
			no_color = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], agenda_usage);
			return EXIT_OK;
		default:
			return usage_error(agenda_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(agenda_usage, "unexpected argument '%s'", argv[optind]);
	if (ics && json)
		return usage_error(agenda_usage, "--ics or --json, not both");
	if (report_load(ctx, &nb) < 0)
		return EXIT_NO_NOTEBOOK;
	if (report_day(has_as_of, as_of, &today) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	/* An owner no client has: a warning, and an agenda (or a calendar) with nothing in it. */
	if (owner && filter_check(&nb, NULL, owner) > 0)
		owner_none = 1;
	if (!owner_none)
		collect(&ag, &nb, today, today + days, owner);
	if (!owner_none && ics)
		collect_done(&ag, &nb, today, owner);
	if (ics)
		print_ics(&nb, &ag, today);
	else if (json)
		print_json(&nb, &ag, today, today + days);
	else
		print_text(&ag, today, today + days, no_color);
out:
	free(ag.v);
	notebook_release(&nb);
	return ret;
}
