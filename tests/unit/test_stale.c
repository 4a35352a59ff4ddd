/*
 * The staleness rules (stale.c) and the model helpers (model.c), on
 * notebooks built by hand: no disk, no clock. The notebook's timezone is
 * taken as UTC here (an entry's day is its instant's UTC date).
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model.h"
#include "stale.h"
#include "tap.h"
#include "util.h"

/* Room for every fixture, so that pointers stay put until model_link(). */
#define CAP 64

static struct notebook nb;
static struct audit A;

static day_t D(const char *s)
{
	day_t d = -99999;

	if (date_parse(s, strlen(s), &d))
		printf("# bad fixture date %s\n", s);
	return d;
}

static void reset(void)
{
	audit_release(&A);
	notebook_release(&nb);
	nb.root = xstrdup("/nb");
	settings_defaults(&nb.settings);
	nb.clients = xcalloc(CAP, sizeof(*nb.clients));
	nb.entries = xcalloc(CAP, sizeof(*nb.entries));
}

static struct client *client(const char *id)
{
	struct client *c;

	if (nb.nclients == CAP)
		die("too many fixture clients");
	c = &nb.clients[nb.nclients++];
	c->id = xstrdup(id);
	c->path = xasprintf("clients/%s.md", id);
	c->name = xstrdup(id);
	c->status = STATUS_ACTIVE;
	c->tier = TIER_REGULAR;
	c->trust = TRUST_HEALTHY;
	c->fit = FIT_GOOD;
	return c;
}

static void tag(struct client *c, const char *t)
{
	c->tags = xreallocarray(c->tags, c->ntags + 1, sizeof(*c->tags));
	c->tags[c->ntags++] = xstrdup(t);
}

static struct duration dur(const char *s)
{
	struct duration d = { -1, '?' };

	if (duration_parse(s, strlen(s), &d))
		printf("# bad fixture duration %s\n", s);
	return d;
}

static void tag_cadence(const char *t, const char *every)
{
	struct settings *s = &nb.settings;

	s->tag_cadence = xreallocarray(s->tag_cadence, s->ntag_cadence + 1,
				       sizeof(*s->tag_cadence));
	s->tag_cadence[s->ntag_cadence].tag = xstrdup(t);
	s->tag_cadence[s->ntag_cadence].every = dur(every);
	s->ntag_cadence++;
}

/*
 * An entry naming `ids` (comma-separated) at `when` (a date, or a date-time
 * whose UTC date is its day), of kind `k`.
 */
static struct entry *entry(const char *ids, const char *when, enum kind k)
{
	struct entry *e;
	const char *p = ids;
	size_t len = strlen(when);

	if (nb.nentries == CAP)
		die("too many fixture entries");
	e = &nb.entries[nb.nentries++];
	while (*p) {
		size_t n = strcspn(p, ",");

		e->clients = xreallocarray(e->clients, e->nclients + 1, sizeof(*e->clients));
		e->clients[e->nclients++] = xstrndup(p, n);
		p += n + (p[n] == ',');
	}
	e->path = xasprintf("journal/%.4s/%.2s/%.10s-%s-%s.md", when, when + 5, when,
			    e->clients[0], kind_name(k));
	if (len == 10) {
		e->day = D(when);
		e->instant = (int64_t)e->day * 86400;
	} else {
		if (datetime_parse(when, len, &e->instant))
			printf("# bad fixture date-time %s\n", when);
		e->day = (day_t)(e->instant >= 0 ? e->instant / 86400
						 : -((-e->instant + 86399) / 86400));
		e->has_time = 1;
	}
	e->kind = k;
	e->trust = TRUST_UNSET;
	e->summary = xstrdup("");
	return e;
}

/* Before adding promises to it. */
static void set_path(struct entry *e, const char *path)
{
	free(e->path);
	e->path = xstrdup(path);
}

static void add_promise(struct promise **v, size_t *n, const char *path,
			const char *text, const char *due, int done, int line)
{
	struct promise *p;

	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->text = xstrdup(text);
	if (due) {
		p->has_due = 1;
		p->due = D(due);
	}
	p->done = done;
	p->path = path;
	p->line = line;
}

static void client_promise(struct client *c, const char *text, const char *due,
			   int done, int line)
{
	add_promise(&c->promises, &c->npromises, c->path, text, due, done, line);
}

static void entry_promise(struct entry *e, const char *text, const char *due,
			  int done, int line)
{
	add_promise(&e->promises, &e->npromises, e->path, text, due, done, line);
}

/* Links the notebook and audits client `id` as of T into A. */
static const struct audit *run(const char *id, const char *t)
{
	const struct client *c;

	audit_release(&A);
	memset(&A, 0, sizeof(A));
	model_link(&nb);
	c = model_find_client(&nb, id);
	if (!c) {
		printf("# no fixture client %s\n", id);
		exit(2);
	}
	audit_client(&nb, c, D(t), &A);
	return &A;
}

static const char *reason(size_t i)
{
	return i < A.nreasons ? A.reasons[i] : NULL;
}

static const char *fmt(day_t d)
{
	static char out[4][11];
	static int i;

	i = (i + 1) % 4;
	date_format(d, out[i]);
	return out[i];
}

static void test_names(void)
{
	is_str(tier_name(TIER_OCCASIONAL), "occasional", "tier name");
	is_str(status_name(STATUS_PROSPECT), "prospect", "status name");
	is_str(trust_name(TRUST_REPAIRING), "repairing", "trust name");
	is_str(trust_name(TRUST_UNSET), "healthy", "unset trust reads healthy");
	is_str(fit_name(FIT_QUESTIONABLE), "questionable", "fit name");
	is_str(kind_name(KIND_CHECKIN), "check-in", "kind check-in");
	is_str(kind_name(KIND_NOTE), "note", "kind note");
	is_int(kind_parse("check-in"), KIND_CHECKIN, "parse check-in");
	is_int(kind_parse("feedback"), KIND_FEEDBACK, "parse feedback");
	is_int(kind_parse("checkin"), -1, "parse checkin: unknown");
	is_int(kind_parse("Call"), -1, "names are case-sensitive");
	is_int(tier_parse("key"), TIER_KEY, "parse key");
	is_int(status_parse("former"), STATUS_FORMER, "parse former");
	is_int(trust_parse("strained"), TRUST_STRAINED, "parse strained");
	is_int(trust_parse(""), -1, "parse empty: unknown");
	is_int(fit_parse("poor"), FIT_POOR, "parse poor");
	is_int(fit_parse(NULL), -1, "parse NULL: unknown");
	for (int k = 0; k < KIND_COUNT; k++)
		is_int(kind_parse(kind_name(k)), k, "kind %s round-trips", kind_name(k));
	is_str(state_name(STATE_SNOOZED), "snoozed", "state name snoozed");
	is_str(state_name(STATE_STALE), "stale", "state name stale");
}

static void test_settings(void)
{
	struct settings s;

	settings_defaults(&s);
	ok(s.cadence[TIER_KEY].n == 14 && s.cadence[TIER_KEY].unit == 'd', "key 14d");
	ok(s.cadence[TIER_REGULAR].n == 30 && s.cadence[TIER_REGULAR].unit == 'd', "regular 30d");
	ok(s.cadence[TIER_OCCASIONAL].n == 90 && s.cadence[TIER_OCCASIONAL].unit == 'd', "occasional 90d");
	ok(s.due_soon.n == 3 && s.gratitude.n == 90 && s.repair_checkin.n == 7,
	   "due-soon 3d, gratitude 90d, repair-checkin 7d");
	is_str(s.remote, "origin", "remote origin");
	ok(!s.owner && !s.timezone && !s.ntag_cadence, "no owner, zone or tag cadence");
	settings_release(&s);
	ok(!s.remote, "released");
}

static void test_link(void)
{
	struct client *c;
	struct entry *e;

	reset();
	client("globex");
	client("acme");
	client("initech");
	entry("acme", "2026-11-10", KIND_CALL);
	e = entry("globex,acme", "2026-11-01", KIND_MEETING);
	e = entry("acme,nobody", "2026-10-01", KIND_EMAIL);
	e = entry("initech,initech", "2026-11-05", KIND_CALL);
	e = entry("acme", "2026-11-10T08:00:00Z", KIND_EMAIL);
	(void)e;
	model_link(&nb);
	is_str(nb.clients[0].id, "acme", "clients sorted by id (1)");
	is_str(nb.clients[1].id, "globex", "clients sorted by id (2)");
	is_str(nb.clients[2].id, "initech", "clients sorted by id (3)");
	is_str(nb.entries[0].path, "journal/2026/10/2026-10-01-acme-email.md", "entries by instant (1)");
	is_str(nb.entries[3].path, "journal/2026/11/2026-11-10-acme-call.md", "bare date before its date-time");
	is_str(nb.entries[4].path, "journal/2026/11/2026-11-10-acme-email.md", "date-time after");
	c = model_find_client(&nb, "acme");
	ok(c == &nb.clients[0], "find acme");
	ok(model_find_client(&nb, "nobody") == NULL, "find an unknown id: NULL");
	ok(model_find_client(&nb, "zzz") == NULL, "find past the end: NULL");
	ok(model_find_client(&nb, "a") == NULL, "find before the start: NULL");
	is_int(c->nentries, 4, "acme has 4 entries (a multi-client entry counts)");
	ok(c->entries[0] == &nb.entries[0] && c->entries[1] == &nb.entries[1] &&
	   c->entries[2] == &nb.entries[3] && c->entries[3] == &nb.entries[4],
	   "acme's entries in latest order");
	c = model_find_client(&nb, "globex");
	is_int(c->nentries, 1, "globex has the shared entry");
	is_str(c->entries[0]->path, "journal/2026/11/2026-11-01-globex-meeting.md", "the shared entry");
	c = model_find_client(&nb, "initech");
	is_int(c->nentries, 1, "an id named twice counts once");
	model_link(&nb);
	is_int(model_find_client(&nb, "acme")->nentries, 4, "linking again gives the same");
}

/* Due-soon, due, overdue and stale edges with L = 2026-10-01, C = 30d, due-soon 3d. */
static void test_edges(void)
{
	reset();
	client("acme");
	entry("acme", "2026-10-01", KIND_CALL);

	run("acme", "2026-10-27");
	is_int(A.state, STATE_OK, "T = N − due-soon − 1: ok");
	is_int(A.last, D("2026-10-01"), "L");
	is_str(fmt(A.next_due), "2026-10-31", "N = L + 30d");
	is_int(A.days_since, 26, "days since");
	is_int(A.days_overdue, -4, "days overdue negative");
	is_int(A.cadence_days, 30, "cadence days");
	is_str(reason(0), "last call 26 days ago, every 30 days; next due in 4 days", "ok reason");
	is_int(A.nreasons, 1, "one reason");
	ok(!audit_needs_attention(&A), "ok without flags needs no attention");

	run("acme", "2026-10-28");
	is_int(A.state, STATE_DUE, "T = N − due-soon: due");
	is_str(reason(0), "last call 27 days ago, every 30 days; due in 3 days", "due reason");
	ok(audit_needs_attention(&A), "due needs attention");

	run("acme", "2026-10-30");
	is_str(reason(0), "last call 29 days ago, every 30 days; due in 1 day", "due in 1 day");

	run("acme", "2026-10-31");
	is_int(A.state, STATE_DUE, "T = N: due");
	is_int(A.days_overdue, 0, "0 days past N");
	is_str(reason(0), "last call 30 days ago, every 30 days; due today", "due today");

	run("acme", "2026-11-01");
	is_int(A.state, STATE_OVERDUE, "T = N + 1: overdue");
	is_int(A.days_overdue, 1, "1 day past N");
	is_str(reason(0), "last call 31 days ago, every 30 days; 1 day overdue", "1 day overdue");

	run("acme", "2026-11-29");
	is_int(A.state, STATE_OVERDUE, "T = L + 2C − 1: overdue");
	is_str(reason(0), "last call 59 days ago, every 30 days; 29 days overdue", "29 days overdue");

	run("acme", "2026-11-30");
	is_int(A.state, STATE_STALE, "T = L + 2C: stale");
	is_str(reason(0), "last call 60 days ago, every 30 days; stale (60 days or more)", "stale reason");

	run("acme", "2026-10-01");
	is_int(A.state, STATE_OK, "T = L: ok");
	is_str(reason(0), "last call today, every 30 days; next due in 30 days", "contact today");
	run("acme", "2026-10-02");
	is_str(reason(0), "last call 1 day ago, every 30 days; next due in 29 days", "1 day ago");

	nb.settings.due_soon = dur("0d");
	run("acme", "2026-10-30");
	is_int(A.state, STATE_OK, "due-soon 0d: the day before N is ok");
	is_str(reason(0), "last call 29 days ago, every 30 days; next due in 1 day", "next due in 1 day");
	run("acme", "2026-10-31");
	is_int(A.state, STATE_DUE, "due-soon 0d: N is due");
}

static void test_months(void)
{
	struct client *c;

	reset();
	c = client("acme");
	c->has_cadence = 1;
	c->cadence = dur("1m");
	entry("acme", "2026-01-31", KIND_MEETING);
	run("acme", "2026-02-20");
	is_str(fmt(A.next_due), "2026-02-28", "Jan 31 + 1m = Feb 28");
	is_int(A.cadence_days, 28, "cadence 28 days here");
	is_int(A.cadence_source, CADENCE_CLIENT, "client's cadence");
	is_str(reason(0), "last meeting 20 days ago, every month (client cadence); next due in 8 days",
	       "every month");
	run("acme", "2026-02-25");
	is_int(A.state, STATE_DUE, "Feb 25 = N − 3: due");
	run("acme", "2026-03-30");
	is_int(A.state, STATE_OVERDUE, "Mar 30 = L + 2m − 1: overdue");
	is_int(A.days_overdue, 30, "30 days past Feb 28");
	run("acme", "2026-03-31");
	is_int(A.state, STATE_STALE, "Mar 31 = L + 2m (not Mar 28): stale");
	is_str(reason(0), "last meeting 59 days ago, every month (client cadence); stale (59 days or more)",
	       "stale after two calendar months");

	reset();
	c = client("acme");
	c->has_cadence = 1;
	c->cadence = dur("1m");
	entry("acme", "2024-01-31", KIND_CALL);
	run("acme", "2024-02-10");
	is_str(fmt(A.next_due), "2024-02-29", "Jan 31 + 1m in a leap year = Feb 29");

	reset();
	c = client("acme");
	c->has_cadence = 1;
	c->cadence = dur("1y");
	entry("acme", "2024-02-29", KIND_CALL);
	run("acme", "2025-03-01");
	is_str(fmt(A.next_due), "2025-02-28", "Feb 29 + 1y = Feb 28");
	is_int(A.state, STATE_OVERDUE, "overdue the day after");
	is_str(reason(0), "last call 366 days ago, every year (client cadence); 1 day overdue", "every year");
	run("acme", "2026-02-27");
	is_int(A.state, STATE_OVERDUE, "L + 2y − 1: overdue");
	run("acme", "2026-02-28");
	is_int(A.state, STATE_STALE, "L + 2y = 2026-02-28: stale");

	reset();
	c = client("acme");
	c->has_cadence = 1;
	c->cadence = dur("3m");
	entry("acme", "2026-08-20", KIND_CALL);
	run("acme", "2026-11-20");
	is_str(reason(0), "last call 92 days ago, every 3 months (client cadence); due today", "every 3 months");
	c = &nb.clients[0];
	c->cadence = dur("2w");
	run("acme", "2026-08-30");
	is_str(reason(0), "last call 10 days ago, every 2 weeks (client cadence); next due in 4 days",
	       "every 2 weeks");
}

static void test_snooze(void)
{
	struct client *c;

	reset();
	c = client("acme");
	c->has_snooze = 1;
	c->snooze = D("2026-11-21");
	entry("acme", "2026-10-01", KIND_CALL);
	run("acme", "2026-11-20");
	is_int(A.state, STATE_SNOOZED, "snooze after T: overdue becomes snoozed");
	is_int(A.days_overdue, 20, "days past N still counted");
	is_str(reason(0), "snoozed until 2026-11-21; last call 50 days ago, every 30 days", "snoozed reason");
	ok(!audit_needs_attention(&A), "snoozed without flags needs no attention (you chose to wait)");
	run("acme", "2026-11-21");
	is_int(A.state, STATE_OVERDUE, "snooze on T: overdue");
	run("acme", "2026-11-22");
	is_int(A.state, STATE_OVERDUE, "snooze before T: overdue");
	run("acme", "2026-10-29");
	is_int(A.state, STATE_SNOOZED, "due becomes snoozed");
	run("acme", "2026-10-10");
	is_int(A.state, STATE_OK, "ok stays ok");
	nb.clients[0].snooze = D("2027-06-01");
	run("acme", "2026-12-30");
	is_int(A.state, STATE_SNOOZED, "stale becomes snoozed");

	reset();
	c = client("acme");
	c->has_snooze = 1;
	c->snooze = D("2026-12-01");
	run("acme", "2026-11-20");
	is_int(A.state, STATE_NEVER, "never stays never");
	is_str(reason(0), "no contact logged yet", "never reason");
	is_int(A.days_overdue, 0, "never: 0 days past N");
}

static void test_future_and_notes(void)
{
	struct entry *e;

	reset();
	client("acme");
	entry("acme", "2026-10-01", KIND_CALL);
	entry("acme", "2026-11-15", KIND_NOTE);
	e = entry("acme", "2026-11-21", KIND_THANKS);
	e->trust = TRUST_STRAINED;
	e->satisfaction = 1;
	entry_promise(e, "future promise", "2026-11-01", 0, 9);
	entry("acme", "2026-11-21T00:00:00Z", KIND_MEETING);
	run("acme", "2026-11-20");
	is_str(fmt(A.last), "2026-10-01", "a note is not contact and later entries are ignored");
	ok(A.last_entry && A.last_entry->kind == KIND_CALL, "L's entry is the call");
	is_int(A.state, STATE_OVERDUE, "overdue");
	is_int(A.trust, TRUST_HEALTHY, "trust set after T ignored");
	ok(A.trust_entry == NULL, "no trust entry");
	is_int(A.satisfaction_latest, 0, "satisfaction after T ignored");
	is_int(A.noverdue, 0, "a promise in an entry after T ignored");
	ok(!A.has_thanks, "thanks after T ignored");
	is_int(A.flags, 0, "no flags");
	run("acme", "2026-11-21");
	is_str(fmt(A.last), "2026-11-21", "on the day itself they count");
	is_int(A.trust, TRUST_STRAINED, "trust counts");
	is_int(A.noverdue, 1, "the promise counts");

	reset();
	client("acme");
	entry("acme", "2026-11-15", KIND_NOTE);
	run("acme", "2026-11-20");
	is_int(A.state, STATE_NEVER, "only notes: never");
	ok(!A.has_last, "no L");
	is_str(reason(0), "no contact logged yet", "never reason");
	ok(audit_needs_attention(&A), "never needs attention");
}

static void test_ties(void)
{
	struct entry *e;

	reset();
	client("acme");
	e = entry("acme", "2026-11-10", KIND_EMAIL);
	set_path(e, "journal/2026/11/2026-11-10-acme-email.md");
	e->satisfaction = 2;
	e = entry("acme", "2026-11-10", KIND_CALL);
	set_path(e, "journal/2026/11/2026-11-10-acme-call.md");
	e->satisfaction = 5;
	run("acme", "2026-11-20");
	is_str(A.last_entry->path, "journal/2026/11/2026-11-10-acme-email.md", "same day: path order, email last");
	is_str(reason(1), "last email 10 days ago, every 30 days; next due in 20 days", "last email");
	is_int(A.satisfaction_latest, 2, "latest score from the later path");
	is_int(A.satisfaction_prev, 5, "previous from the earlier path");
	is_str(reason(0), "satisfaction fell from 5 to 2 on 2026-11-10", "fell on the same day");

	reset();
	client("acme");
	e = entry("acme", "2026-11-10T09:00:00Z", KIND_MEETING);
	set_path(e, "journal/2026/11/2026-11-10-acme-a-meeting.md");
	e = entry("acme", "2026-11-10", KIND_CALL);
	set_path(e, "journal/2026/11/2026-11-10-acme-z-call.md");
	run("acme", "2026-11-20");
	is_int(A.last_entry->kind, KIND_MEETING, "a date-time beats a bare date of the same day");
	e = entry("acme", "2026-11-10T08:59:59Z", KIND_EMAIL);
	run("acme", "2026-11-20");
	is_int(A.last_entry->kind, KIND_MEETING, "an earlier date-time does not");
}

static void test_multi(void)
{
	reset();
	client("acme");
	client("globex");
	entry("acme,globex", "2026-11-01", KIND_MEETING);
	entry("globex", "2026-09-01", KIND_CALL);
	run("acme", "2026-11-20");
	is_str(reason(0), "last meeting 19 days ago, every 30 days; next due in 11 days", "acme: shared meeting");
	run("globex", "2026-11-20");
	is_str(reason(0), "last meeting 19 days ago, every 30 days; next due in 11 days", "globex: shared meeting");
}

static void test_trust(void)
{
	struct client *c;
	struct entry *e;

	reset();
	client("acme");
	entry("acme", "2026-11-12", KIND_CALL);
	e = entry("acme", "2026-10-02", KIND_APOLOGY);
	e->trust = TRUST_STRAINED;
	e = entry("acme", "2026-10-10", KIND_CALL);
	e->trust = TRUST_STRAINED;
	e = entry("acme", "2026-12-01", KIND_CHECKIN);
	e->trust = TRUST_HEALTHY;
	run("acme", "2026-11-20");
	is_int(A.trust, TRUST_STRAINED, "trust set by an entry");
	is_str(A.trust_entry->path, "journal/2026/10/2026-10-10-acme-call.md", "the latest entry that set it");
	ok(A.flags & FLAG_TRUST, "trust flag");
	ok(A.repair_override, "repair-checkin overrides 30d");
	is_int(A.cadence.n, 7, "C = 7d");
	is_int(A.cadence_source, CADENCE_TIER, "source still the tier");
	is_int(A.state, STATE_OVERDUE, "8 days since L with C = 7d: overdue");
	is_str(reason(0), "last call 8 days ago, every 7 days while trust is strained; 1 day overdue",
	       "repair cadence in words");
	is_str(reason(1), "trust strained since 2026-10-02 (apology)", "trust reason: start of the run");
	is_int(A.nreasons, 2, "two reasons");
	run("acme", "2026-12-01");
	is_int(A.trust, TRUST_HEALTHY, "an entry on T restores it");
	ok(!(A.flags & FLAG_TRUST), "no trust flag");
	ok(!A.repair_override, "no override");

	reset();
	client("acme");
	entry("acme", "2026-11-12", KIND_CALL);
	e = entry("acme", "2026-10-02", KIND_APOLOGY);
	e->trust = TRUST_STRAINED;
	e = entry("acme", "2026-10-20", KIND_CHECKIN);
	e->trust = TRUST_REPAIRING;
	run("acme", "2026-11-14");
	is_str(reason(1), "last call 2 days ago, every 7 days while trust is repairing; next due in 5 days",
	       "while repairing");
	is_str(reason(0), "trust repairing since 2026-10-20 (check-in)", "a new state starts a new run");

	reset();
	c = client("acme");
	c->trust = TRUST_REPAIRING;
	entry("acme", "2026-11-18", KIND_CALL);
	run("acme", "2026-11-20");
	is_int(A.trust, TRUST_REPAIRING, "trust from the client file");
	ok(A.trust_entry == NULL, "no entry set it");
	is_str(reason(0), "trust repairing (client file)", "client-file trust reason");

	reset();
	c = client("acme");
	c->trust = TRUST_STRAINED;
	c->tier = TIER_KEY;
	e = entry("acme", "2026-11-10", KIND_CALL);
	nb.settings.repair_checkin = dur("21d");
	run("acme", "2026-11-20");
	ok(!A.repair_override, "repair-checkin longer than C: no override");
	is_int(A.cadence.n, 14, "C stays 14d");
	is_str(reason(1), "last call 10 days ago, every 14 days; next due in 4 days", "tier wording");

	reset();
	c = client("acme");
	c->trust = TRUST_STRAINED;
	e = entry("acme", "2026-11-10", KIND_CALL);
	e->trust = TRUST_HEALTHY;
	run("acme", "2026-11-20");
	is_int(A.trust, TRUST_HEALTHY, "an entry's healthy beats the client file");
	is_int(A.flags, 0, "no flag");
}

static void test_cadence_sources(void)
{
	struct client *c;

	reset();
	tag_cadence("retainer", "21d");
	tag_cadence("vip", "2w");
	tag_cadence("slow", "60d");
	c = client("acme");
	tag(c, "consulting");
	tag(c, "retainer");
	tag(c, "vip");
	tag(c, "slow");
	entry("acme", "2026-11-01", KIND_CALL);
	run("acme", "2026-11-10");
	is_int(A.cadence_source, CADENCE_TAG, "a tag's cadence");
	is_str(A.cadence_tag, "vip", "the shortest tag wins");
	is_str(reason(0), "last call 9 days ago, every 2 weeks (tag 'vip'); next due in 5 days", "tag wording");

	c = &nb.clients[0];
	c->has_cadence = 1;
	c->cadence = dur("45d");
	run("acme", "2026-11-10");
	is_int(A.cadence_source, CADENCE_CLIENT, "the client's cadence wins over tags");
	is_int(A.cadence.n, 45, "45d");
	is_str(reason(0), "last call 9 days ago, every 45 days (client cadence); next due in 36 days",
	       "client wording");

	reset();
	tag_cadence("vip", "2w");
	c = client("acme");
	tag(c, "VIP");
	entry("acme", "2026-11-01", KIND_CALL);
	run("acme", "2026-11-10");
	is_int(A.cadence_source, CADENCE_TAG, "a tag's cadence applies in any case");

	reset();
	tag_cadence("monthly", "1m");
	tag_cadence("thirty", "30d");
	c = client("acme");
	tag(c, "thirty");
	tag(c, "monthly");
	entry("acme", "2026-02-01", KIND_CALL);
	run("acme", "2026-02-10");
	is_str(A.cadence_tag, "monthly", "from Feb 1, 1m (28 days) is shorter than 30d");
	reset();
	tag_cadence("monthly", "1m");
	tag_cadence("thirty", "30d");
	c = client("acme");
	tag(c, "monthly");
	tag(c, "thirty");
	entry("acme", "2026-01-01", KIND_CALL);
	run("acme", "2026-01-10");
	is_str(A.cadence_tag, "thirty", "from Jan 1, 30d is shorter than 1m (31 days)");

	reset();
	tag_cadence("monthly", "1m");
	tag_cadence("thirty", "30d");
	c = client("acme");
	tag(c, "thirty");
	tag(c, "monthly");
	run("acme", "2026-02-01");
	is_str(A.cadence_tag, "monthly", "no L: compared from T (Feb: 1m shorter)");

	reset();
	tag_cadence("retainer", "21d");
	c = client("acme");
	tag(c, "other");
	c->tier = TIER_OCCASIONAL;
	entry("acme", "2026-11-01", KIND_CALL);
	run("acme", "2026-11-10");
	is_int(A.cadence_source, CADENCE_TIER, "no tag with a cadence: the tier");
	is_int(A.cadence.n, 90, "occasional 90d");

	reset();
	tag_cadence("retainer", "21d");
	c = client("acme");
	tag(c, "retainer");
	c->trust = TRUST_STRAINED;
	entry("acme", "2026-11-01", KIND_CALL);
	run("acme", "2026-11-05");
	ok(A.repair_override, "repair-checkin overrides a tag cadence");
	is_str(reason(1), "last call 4 days ago, every 7 days while trust is strained; due in 3 days",
	       "override wording wins over the tag");
}

static void test_since(void)
{
	struct client *c;

	reset();
	c = client("acme");
	c->has_since = 1;
	c->since = D("2026-10-01");
	run("acme", "2026-11-20");
	ok(A.has_last, "since is L");
	ok(A.last_entry == NULL, "no entry");
	is_int(A.state, STATE_OVERDUE, "overdue from since");
	is_str(reason(0),
	       "no contact since the relationship began on 2026-10-01 (50 days ago), every 30 days; 20 days overdue",
	       "since wording");
	entry("acme", "2026-11-01", KIND_NOTE);
	run("acme", "2026-11-20");
	ok(A.last_entry == NULL, "a note does not replace since");
	entry("acme", "2026-09-15", KIND_CALL);
	run("acme", "2026-11-20");
	is_str(fmt(A.last), "2026-09-15", "a contact entry beats since, even an earlier one");

	reset();
	c = client("acme");
	c->has_since = 1;
	c->since = D("2026-12-01");
	run("acme", "2026-11-20");
	is_int(A.state, STATE_OK, "since after T: planned, ok until due");
	is_int(A.days_since, -11, "days since negative");
	is_str(reason(0),
	       "the relationship begins on 2026-12-01 (in 11 days), every 30 days; next due in 41 days",
	       "future since wording");
	ok(!(A.flags & FLAG_THANKS_MISSING), "a future start is not thanks-missing");
	run("acme", "2026-11-30");
	is_str(reason(0),
	       "the relationship begins on 2026-12-01 (in 1 day), every 30 days; next due in 31 days",
	       "in 1 day");
	run("acme", "2026-12-01");
	is_str(reason(0),
	       "no contact since the relationship began on 2026-12-01 (today), every 30 days; next due in 30 days",
	       "since today");
}

/* gratitude 90d, T = 2026-11-20, so T − gratitude = 2026-08-22. */
static void test_thanks(void)
{
	struct client *c;

	reset();
	client("acme");
	entry("acme", "2026-08-22", KIND_THANKS);
	entry("acme", "2026-11-18", KIND_CALL);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "thanks exactly T − gratitude: flagged");
	ok(A.has_thanks, "has thanks");
	is_str(fmt(A.last_thanks), "2026-08-22", "last thanks");
	is_str(reason(0), "no thanks sent since 2026-08-22 (90 days ago)", "thanks reason with a date");
	ok(audit_needs_attention(&A), "ok with a flag needs attention");
	is_int(A.state, STATE_OK, "still ok");

	reset();
	client("acme");
	entry("acme", "2026-08-21", KIND_THANKS);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "thanks a day before the boundary: flagged");

	reset();
	client("acme");
	entry("acme", "2026-08-21", KIND_CALL);
	entry("acme", "2026-08-23", KIND_THANKS);
	run("acme", "2026-11-20");
	ok(!(A.flags & FLAG_THANKS_MISSING), "thanks a day after the boundary: not flagged");

	reset();
	client("acme");
	entry("acme", "2026-08-01", KIND_CALL);
	entry("acme", "2026-11-21", KIND_THANKS);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "thanks after T does not count");
	is_str(reason(1), "no thanks sent in 90 days", "never thanked wording");

	reset();
	c = client("acme");
	c->has_since = 1;
	c->since = D("2026-08-22");
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "since on the boundary: flagged");
	nb.clients[0].since = D("2026-08-23");
	run("acme", "2026-11-20");
	ok(!(A.flags & FLAG_THANKS_MISSING), "since a day later: not flagged");

	reset();
	client("acme");
	entry("acme", "2026-08-22", KIND_NOTE);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "first entry (a note) on the boundary starts it: flagged");
	reset();
	client("acme");
	entry("acme", "2026-08-23", KIND_NOTE);
	run("acme", "2026-11-20");
	ok(!(A.flags & FLAG_THANKS_MISSING), "first entry a day later: not flagged");

	reset();
	c = client("acme");
	c->has_since = 1;
	c->since = D("2026-10-01");
	entry("acme", "2026-01-01", KIND_CALL);
	run("acme", "2026-11-20");
	ok(!(A.flags & FLAG_THANKS_MISSING), "since wins over the first entry");

	reset();
	client("acme");
	run("acme", "2026-11-20");
	ok(!(A.flags & FLAG_THANKS_MISSING), "no start: never flagged");

	reset();
	nb.settings.gratitude = dur("3m");
	client("acme");
	entry("acme", "2026-08-20", KIND_THANKS);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_THANKS_MISSING, "gratitude 3m: thanks on T − 3m flagged");
	is_str(reason(1), "no thanks sent since 2026-08-20 (92 days ago)", "months wording");
	run("acme", "2026-11-19");
	ok(!(A.flags & FLAG_THANKS_MISSING), "a day earlier it was within 3 months");
}

static void scores(const int *v, size_t n)
{
	reset();
	client("acme");
	for (size_t i = 0; i < n; i++) {
		char day[32];
		struct entry *e;

		snprintf(day, sizeof(day), "2026-11-%02d", (int)i + 1);
		e = entry("acme", day, KIND_FEEDBACK);
		e->satisfaction = v[i];
	}
	entry("acme", "2026-11-19", KIND_THANKS);
	run("acme", "2026-11-20");
}

static void test_satisfaction(void)
{
	static const int fell2[] = { 4, 2 }, fell1[] = { 4, 3 }, fell31[] = { 3, 1 },
			 single2[] = { 2 }, five3[] = { 5, 3 }, rise[] = { 2, 3 },
			 three[] = { 5, 4, 2 }, zero[] = { 4, 0 };

	scores(fell2, 2);
	ok(A.flags & FLAG_SATISFACTION_LOW, "4 → 2 flagged");
	is_str(reason(0), "satisfaction fell from 4 to 2 on 2026-11-02", "fell wording");
	scores(fell1, 2);
	ok(!(A.flags & FLAG_SATISFACTION_LOW), "4 → 3 not flagged");
	is_int(A.nreasons, 1, "no satisfaction reason");
	scores(fell31, 2);
	ok(A.flags & FLAG_SATISFACTION_LOW, "3 → 1 flagged");
	is_str(reason(0), "satisfaction fell from 3 to 1 on 2026-11-02", "3 to 1 wording");
	scores(single2, 1);
	ok(A.flags & FLAG_SATISFACTION_LOW, "a single 2 flagged");
	is_int(A.satisfaction_prev, 0, "no previous");
	is_str(reason(0), "satisfaction 2 of 5 on 2026-11-01", "low score wording");
	scores(five3, 2);
	ok(A.flags & FLAG_SATISFACTION_LOW, "5 → 3 flagged");
	scores(rise, 2);
	ok(!(A.flags & FLAG_SATISFACTION_LOW), "2 → 3 not flagged");
	scores(three, 3);
	is_int(A.satisfaction_prev, 4, "previous is the one before the latest");
	is_str(reason(0), "satisfaction fell from 4 to 2 on 2026-11-03", "latest pair");
	scores(zero, 2);
	ok(!(A.flags & FLAG_SATISFACTION_LOW), "an entry without a score is skipped");
	is_int(A.satisfaction_latest, 4, "latest scored is 4");
}

static void test_promises(void)
{
	struct client *c;
	struct entry *e;
	const char *long_text =
		"Send the revised restructuring timeline and the staffing plan to \xc3\xa9quipe leads";

	reset();
	c = client("acme");
	client_promise(c, "due today", "2026-11-20", 0, 10);
	client_promise(c, "send timeline", "2026-11-19", 0, 11);
	client_promise(c, "already done", "2026-11-01", 1, 12);
	client_promise(c, "no date", NULL, 0, 13);
	e = entry("acme", "2026-11-18", KIND_CALL);
	entry_promise(e, "share the register", "2026-11-10", 0, 8);
	entry_promise(e, "same day later line", "2026-11-19", 0, 9);
	e = entry("acme", "2026-11-25", KIND_NOTE);
	entry_promise(e, "future entry", "2026-11-01", 0, 7);
	e = entry("acme", "2026-11-19", KIND_THANKS);
	run("acme", "2026-11-20");
	is_int(A.noverdue, 3, "three overdue promises");
	ok(A.flags & FLAG_PROMISE_OVERDUE, "promise flag");
	is_int(audit_flag_count(&A), 1, "counts once");
	is_str(A.overdue[0]->text, "share the register", "by due date first");
	is_str(A.overdue[1]->text, "send timeline", "then path (clients/ before journal/)");
	is_str(A.overdue[2]->text, "same day later line", "journal path last");
	is_str(A.overdue[2]->path, "journal/2026/11/2026-11-18-acme-call.md", "with its file");
	is_int(A.overdue[2]->line, 9, "and line");
	is_int(A.nreasons, 4, "contact + three promises");
	is_str(reason(0), "promise 'share the register' due 10 days ago", "promise wording");
	is_str(reason(1), "promise 'send timeline' due 1 day ago", "due 1 day ago");

	reset();
	c = client("acme");
	client_promise(c, "b", "2026-11-10", 0, 20);
	client_promise(c, "a", "2026-11-10", 0, 5);
	client_promise(c, long_text, "2026-11-17", 0, 30);
	entry("acme", "2026-11-19", KIND_THANKS);
	run("acme", "2026-11-20");
	is_str(A.overdue[0]->text, "a", "same due, same path: by line");
	is_str(reason(2),
	       "promise 'Send the revised restructuring timeline and the staffing plan to \xc3\xa9quipe leads' due 3 days ago",
	       "a long text whole: a promise cut short is not the promise");

	reset();
	c = client("acme");
	/* 59 ASCII bytes then a two-byte character straddling byte 60. */
	client_promise(c, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzz", "2026-11-19", 0, 1);
	entry("acme", "2026-11-19", KIND_THANKS);
	run("acme", "2026-11-20");
	is_str(reason(0),
	       "promise 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzz' due 1 day ago",
	       "multibyte text whole");
}

static void test_fit_and_full_reasons(void)
{
	struct client *c;
	struct entry *e;

	reset();
	c = client("acme");
	c->fit = FIT_POOR;
	entry("acme", "2026-11-19", KIND_THANKS);
	run("acme", "2026-11-20");
	ok(A.flags & FLAG_FIT, "fit flag");
	is_str(reason(0), "fit poor: decide whether to keep this client", "fit wording");
	ok(audit_needs_attention(&A), "ok with a fit flag needs attention");

	reset();
	c = client("acme");
	c->fit = FIT_QUESTIONABLE;
	c->has_since = 1;
	c->since = D("2025-01-01");
	client_promise(c, "send timeline", "2026-11-17", 0, 14);
	e = entry("acme", "2026-10-02", KIND_APOLOGY);
	e->trust = TRUST_STRAINED;
	e->satisfaction = 4;
	e = entry("acme", "2026-10-09", KIND_CALL);
	e->satisfaction = 2;
	run("acme", "2026-11-20");
	is_int(A.state, STATE_STALE, "stale: 42 days with C = 7d");
	is_int(audit_flag_count(&A), 5, "all five flags");
	is_int(A.nreasons, 6, "six reasons");
	is_str(reason(0), "last call 42 days ago, every 7 days while trust is strained; stale (14 days or more)",
	       "reason 1");
	is_str(reason(1), "promise 'send timeline' due 3 days ago", "reason 2");
	is_str(reason(2), "trust strained since 2026-10-02 (apology)", "reason 3");
	is_str(reason(3), "satisfaction fell from 4 to 2 on 2026-10-09", "reason 4: most urgent first");
	is_str(reason(4), "fit questionable: decide whether to keep this client", "reason 5");
	is_str(reason(5), "no thanks sent in 90 days", "reason 6");
	is_int(A.urgency, URGENCY_STALE, "the client's urgency is its most urgent reason's");
}

static void test_audited(void)
{
	struct client c;

	memset(&c, 0, sizeof(c));
	c.status = STATUS_ACTIVE;
	ok(client_is_audited(&c), "active is audited");
	c.status = STATUS_PROSPECT;
	ok(client_is_audited(&c), "prospect is audited");
	c.status = STATUS_PAUSED;
	ok(!client_is_audited(&c), "paused is not");
	c.status = STATUS_FORMER;
	ok(!client_is_audited(&c), "former is not");
}

static void test_order(void)
{
	static const char *const want[] = {
		"stale-b", "stale-a", "over-big", "over-flag", "over-a", "over-b",
		"never-flag", "never", "due", "ok-flag", "snoozed", "ok",
	};
	struct audit all[ARRAY_SIZE(want)];
	struct client *c;
	size_t n = 0;
	int good = 1;

	reset();
	/* T = 2026-11-20, regular 30d. */
	client("ok");
	entry("ok", "2026-11-10", KIND_CALL);
	entry("ok", "2026-11-10", KIND_THANKS);
	c = client("ok-flag");
	c->fit = FIT_POOR;
	entry("ok-flag", "2026-11-10", KIND_THANKS);
	c = client("snoozed");
	c->has_snooze = 1;
	c->snooze = D("2026-12-31");
	entry("snoozed", "2026-08-01", KIND_THANKS);
	client("due");
	entry("due", "2026-10-21", KIND_THANKS);
	client("never");
	c = client("never-flag");
	c->fit = FIT_QUESTIONABLE;
	c = client("over-a");
	c->name = (free(c->name), xstrdup("Alpha"));
	entry("over-a", "2026-10-10", KIND_THANKS);
	c = client("over-b");
	c->name = (free(c->name), xstrdup("Beta"));
	entry("over-b", "2026-10-10", KIND_THANKS);
	c = client("over-flag");
	c->name = (free(c->name), xstrdup("Zed"));
	c->fit = FIT_POOR;
	entry("over-flag", "2026-10-10", KIND_THANKS);
	client("over-big");
	entry("over-big", "2026-10-01", KIND_THANKS);
	c = client("stale-a");
	c->name = (free(c->name), xstrdup("Same"));
	entry("stale-a", "2026-09-01", KIND_THANKS);
	c = client("stale-b");
	c->name = (free(c->name), xstrdup("Same"));
	entry("stale-b", "2026-08-30", KIND_THANKS);
	/* stale-a and stale-b differ in days: b first. Make a tie by name + id too. */
	model_link(&nb);
	for (size_t i = 0; i < nb.nclients; i++)
		audit_client(&nb, &nb.clients[i], D("2026-11-20"), &all[n++]);
	qsort(all, n, sizeof(*all), audit_cmp);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i].client->id, want[i])) {
			printf("#   position %zu: got %s, want %s\n", i, all[i].client->id, want[i]);
			good = 0;
		}
	}
	ok(good, "by urgency (a snoozed client with only thanks-missing after an ok one with fit), then days past N, flags, name");
	is_int(all[0].state, STATE_STALE, "stale first");
	is_int(all[n - 1].state, STATE_OK, "ok last");
	ok(!audit_needs_attention(&all[n - 1]), "plain ok needs no attention");
	ok(audit_needs_attention(&all[n - 2]), "snoozed with a flag does");
	ok(audit_needs_attention(&all[n - 3]), "ok with a flag does");
	for (size_t i = 0; i < n; i++)
		audit_release(&all[i]);

	/* Equal state, days, flags and name: the id decides. */
	reset();
	c = client("b-id");
	c->name = (free(c->name), xstrdup("Same"));
	c = client("a-id");
	c->name = (free(c->name), xstrdup("Same"));
	model_link(&nb);
	audit_client(&nb, &nb.clients[1], D("2026-11-20"), &all[0]);
	audit_client(&nb, &nb.clients[0], D("2026-11-20"), &all[1]);
	qsort(all, 2, sizeof(*all), audit_cmp);
	is_str(all[0].client->id, "a-id", "a tie broken by id");
	audit_release(&all[0]);
	audit_release(&all[1]);
}

int main(void)
{
	test_names();
	test_settings();
	test_link();
	test_edges();
	test_months();
	test_snooze();
	test_future_and_notes();
	test_ties();
	test_multi();
	test_trust();
	test_cadence_sources();
	test_since();
	test_thanks();
	test_satisfaction();
	test_promises();
	test_fit_and_full_reasons();
	test_audited();
	test_order();
	audit_release(&A);
	notebook_release(&nb);
	return done_testing();
}
