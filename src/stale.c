/*
 * The staleness rules of notebook-format(5), Rules 1 to 6, as
 * pure functions of the parsed notebook and T: no disk, no clock.
 *
 * Decisions taken where the rules leave room (keep them in step with
 * notebook-format(5) and notebook(1)):
 * - Entries whose day is after T are ignored everywhere: contact, trust,
 *   thanks, satisfaction and the promises written in entries. A `since`
 *   after T still gives L (the relationship is planned: "ok" until it falls
 *   due, not "never"), as bench/peer.py reads it too.
 * - Entries are in "latest" order, (instant, path) ascending, as model_link()
 *   left them; "latest" is the last one. Kind `note` is not contact.
 * - days_since = T − L; N = date_add(L, C, 1); the due window starts at
 *   date_add(N, due-soon, -1); stale when T >= date_add(L, C, 2) (two
 *   cadences counted from L, so 2m from Jan 31 is Mar 31, not Mar 28);
 *   cadence_days = N − L.
 * - Cadence: the client's `cadence`, else the shortest tag-cadence of its
 *   tags (lengths compared with duration_cmp() from L, or from T when there
 *   is no L; on a tie the first of the client's tags wins), else the tier's.
 *   While current trust is strained or repairing, C is the shorter of C and
 *   repair-checkin; repair_override says that this changed C.
 * - Snoozed: a snooze date after T turns due, overdue and stale into
 *   snoozed; never stays never and ok stays ok.
 * - thanks-missing: the relationship starts at `since`, else at the day of
 *   the client's first entry (any kind, on or before T). It is flagged when
 *   start <= T − gratitude and no `thanks` entry has a day in
 *   (T − gratitude, T]. A client with no start is never flagged.
 * - satisfaction-low: the scores of entries on or before T, in latest
 *   order; flagged when the latest is 2 or less, or is 2 or more below the
 *   one before it.
 * - promise-overdue(n): open tasks with a due date strictly before T, from
 *   the client file and from its entries on or before T; listed by due date,
 *   then path, then line.
 * - Trust: the latest entry on or before T that sets one, else the client
 *   file's.
 * - Urgency, one scale for states and flags (enum urgency): stale, overdue,
 *   an overdue promise, never, trust, satisfaction, due, fit, thanks, then
 *   snoozed and ok. Reasons are listed most urgent first (the contact
 *   sentence first among equals); a snoozed client without flags does not
 *   need attention.
 * - Order: the urgency of the most urgent reason; among overdue promises
 *   the oldest first; then days past N descending (0 for never), flag
 *   count descending, name, id.
 *
 * Reasons are plain sentences. They hold text from the files (promise text)
 * as written: whoever prints them escapes them (text.h).
 */
#include "stale.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "util.h"

static const char *const state_names[] = {
	"stale", "overdue", "never", "due", "snoozed", "ok"
};

const char *state_name(enum contact_state s)
{
	return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "?";
}

int client_is_audited(const struct client *c)
{
	return c->status == STATUS_ACTIVE || c->status == STATUS_PROSPECT;
}

/* notebook-format(5), Rule 1: the latest non-note entry on or before T, else `since`. */
static void find_last_contact(const struct client *c, day_t t, struct audit *a)
{
	for (size_t i = c->nentries; i-- > 0;) {
		const struct entry *e = c->entries[i];

		if (e->day <= t && e->kind != KIND_NOTE) {
			a->has_last = 1;
			a->last = e->day;
			a->last_entry = e;
			return;
		}
	}
	if (c->has_since) {
		a->has_last = 1;
		a->last = c->since;
	}
}

/*
 * Current trust: the latest entry on or before T that sets one, else the
 * client file's. Also returns the first entry of the run of entries that
 * set that same state last (for "strained since …").
 */
static const struct entry *find_trust(const struct client *c, day_t t, struct audit *a)
{
	const struct entry *run_start = NULL;

	a->trust = c->trust == TRUST_UNSET ? TRUST_HEALTHY : c->trust;
	a->trust_entry = NULL;
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->day > t || e->trust == TRUST_UNSET)
			continue;
		if (!a->trust_entry || a->trust_entry->trust != e->trust)
			run_start = e;
		a->trust_entry = e;
		a->trust = e->trust;
	}
	return run_start;
}

/* notebook-format(5), Rule 2. */
static void choose_cadence(const struct settings *s, const struct client *c,
			   day_t from, struct audit *a)
{
	const struct tag_cadence *best = NULL;

	if (c->has_cadence) {
		a->cadence = c->cadence;
		a->cadence_source = CADENCE_CLIENT;
	} else {
		for (size_t i = 0; i < c->ntags; i++) {
			for (size_t j = 0; j < s->ntag_cadence; j++) {
				const struct tag_cadence *tc = &s->tag_cadence[j];

				/* Tags match in any case, as --tag does (notebook(1)). */
				if (strcasecmp(tc->tag, c->tags[i]))
					continue;
				if (!best || duration_cmp(tc->every, best->every, from) < 0)
					best = tc;
				break;
			}
		}
		if (best) {
			a->cadence = best->every;
			a->cadence_source = CADENCE_TAG;
			a->cadence_tag = best->tag;
		} else {
			a->cadence = s->cadence[(unsigned)c->tier < TIER_COUNT ? c->tier : TIER_REGULAR];
			a->cadence_source = CADENCE_TIER;
		}
	}
	if ((a->trust == TRUST_STRAINED || a->trust == TRUST_REPAIRING) &&
	    duration_cmp(s->repair_checkin, a->cadence, from) < 0) {
		a->cadence = s->repair_checkin;
		a->repair_override = 1;
	}
}

/* notebook-format(5), Rule 3. */
static void contact_state(const struct settings *s, const struct client *c,
			  day_t t, struct audit *a)
{
	day_t soon, stale_at;

	if (!a->has_last) {
		a->state = STATE_NEVER;
		a->days_overdue = 0;
		return;
	}
	a->next_due = date_add(a->last, a->cadence, 1);
	soon = date_add(a->next_due, s->due_soon, -1);
	stale_at = date_add(a->last, a->cadence, 2);
	a->days_since = t - a->last;
	a->days_overdue = t - a->next_due;
	a->cadence_days = a->next_due - a->last;
	if (t >= stale_at)
		a->state = STATE_STALE;
	else if (t > a->next_due)
		a->state = STATE_OVERDUE;
	else if (t >= soon)
		a->state = STATE_DUE;
	else
		a->state = STATE_OK;
	if (c->has_snooze && c->snooze > t && a->state != STATE_OK)
		a->state = STATE_SNOOZED;
}

static const char *promise_path(const struct promise *p)
{
	return p->path ? p->path : "";
}

static int promise_cmp(const void *x, const void *y)
{
	const struct promise *p = *(const struct promise *const *)x;
	const struct promise *q = *(const struct promise *const *)y;
	int c;

	if (p->due != q->due)
		return p->due < q->due ? -1 : 1;
	c = strcmp(promise_path(p), promise_path(q));
	if (c)
		return c;
	return (p->line > q->line) - (p->line < q->line);
}

static void add_overdue(const struct promise *v, size_t n, day_t t,
			struct audit *a, size_t *alloc)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].done || !v[i].has_due || v[i].due >= t)
			continue;
		ALLOC_GROW(a->overdue, a->noverdue + 1, *alloc);
		a->overdue[a->noverdue++] = &v[i];
	}
}

static void find_promises(const struct client *c, day_t t, struct audit *a)
{
	size_t alloc = 0;

	add_overdue(c->promises, c->npromises, t, a, &alloc);
	for (size_t i = 0; i < c->nentries; i++)
		if (c->entries[i]->day <= t)
			add_overdue(c->entries[i]->promises, c->entries[i]->npromises,
				    t, a, &alloc);
	if (a->noverdue > 1)
		qsort(a->overdue, a->noverdue, sizeof(*a->overdue), promise_cmp);
	if (a->noverdue)
		a->flags |= FLAG_PROMISE_OVERDUE;
}

static void find_thanks(const struct settings *s, const struct client *c,
			day_t t, struct audit *a)
{
	day_t bound = date_add(t, s->gratitude, -1);
	int has_start = 0;
	day_t start = 0;

	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->day > t)
			continue;
		if (!has_start) {
			has_start = 1;
			start = e->day;
		}
		if (e->kind == KIND_THANKS) {
			a->has_thanks = 1;
			a->last_thanks = e->day;
		}
	}
	if (c->has_since) {
		has_start = 1;
		start = c->since;
	}
	if (has_start && start <= bound && !(a->has_thanks && a->last_thanks > bound))
		a->flags |= FLAG_THANKS_MISSING;
}

/* Returns the entry holding the latest score, or NULL. */
static const struct entry *find_satisfaction(const struct client *c, day_t t,
					     struct audit *a)
{
	const struct entry *latest = NULL;

	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->day > t || e->satisfaction <= 0)
			continue;
		a->satisfaction_prev = a->satisfaction_latest;
		a->satisfaction_latest = e->satisfaction;
		latest = e;
	}
	if (latest && (a->satisfaction_latest <= 2 ||
		       (a->satisfaction_prev &&
			a->satisfaction_prev - a->satisfaction_latest >= 2)))
		a->flags |= FLAG_SATISFACTION_LOW;
	return latest;
}

/* "1 day", "3 days" (by hand: printf is most of an audit's time). */
static void add_count(struct buf *b, long n, const char *unit)
{
	unsigned long u = n < 0 ? 0 - (unsigned long)n : (unsigned long)n;
	char num[24], *p = num + sizeof(num);

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(num + sizeof(num) - p));
	buf_addc(b, ' ');
	buf_adds(b, unit);
	if (n != 1 && n != -1)
		buf_addc(b, 's');
}

static const char *unit_word(char unit)
{
	switch (unit) {
	case 'w':
		return "week";
	case 'm':
		return "month";
	case 'y':
		return "year";
	default:
		return "day";
	}
}

/* "today", "1 day ago", "41 days ago". */
static void add_ago(struct buf *b, long n)
{
	if (n == 0) {
		buf_adds(b, "today");
		return;
	}
	add_count(b, n, "day");
	buf_adds(b, " ago");
}

/* "every day", "every 30 days", "every month", "every 3 months". */
static void add_every(struct buf *b, struct duration d)
{
	buf_adds(b, "every ");
	if (d.n == 1)
		buf_adds(b, unit_word(d.unit));
	else
		add_count(b, d.n, unit_word(d.unit));
}

static void add_date(struct buf *b, day_t day)
{
	char s[11];

	date_format(day, s);
	buf_adds(b, s);
}

/*
 * The contact sentence. `stale_days` is the span of two cadences from L,
 * date_add(L, C, 2) − L (not always twice cadence_days: 2m from Jan 31).
 */
static void contact_reason(const struct client *c, const struct audit *a,
			   long stale_days, struct buf *b)
{
	if (a->state == STATE_SNOOZED) {
		buf_adds(b, "snoozed until ");
		add_date(b, c->snooze);
		buf_adds(b, "; ");
	}
	if (!a->has_last) {
		buf_adds(b, "no contact logged yet");
		return;
	}
	if (a->last_entry) {
		buf_adds(b, "last ");
		buf_adds(b, kind_name(a->last_entry->kind));
		buf_addc(b, ' ');
		add_ago(b, a->days_since);
	} else if (a->days_since < 0) {
		buf_adds(b, "the relationship begins on ");
		add_date(b, a->last);
		buf_adds(b, " (in ");
		add_count(b, -(long)a->days_since, "day");
		buf_adds(b, ")");
	} else {
		buf_adds(b, "no contact since the relationship began on ");
		add_date(b, a->last);
		buf_adds(b, " (");
		add_ago(b, a->days_since);
		buf_adds(b, ")");
	}
	buf_adds(b, ", ");
	add_every(b, a->cadence);
	if (a->repair_override)
		buf_printf(b, " while trust is %s", trust_name(a->trust));
	else if (a->cadence_source == CADENCE_TAG)
		buf_printf(b, " (tag '%s')", a->cadence_tag);
	else if (a->cadence_source == CADENCE_CLIENT)
		buf_adds(b, " (client cadence)");

	switch (a->state) {
	case STATE_OK:
		buf_adds(b, "; next due in ");
		add_count(b, -(long)a->days_overdue, "day");
		break;
	case STATE_DUE:
		if (a->days_overdue == 0) {
			buf_adds(b, "; due today");
		} else {
			buf_adds(b, "; due in ");
			add_count(b, -(long)a->days_overdue, "day");
		}
		break;
	case STATE_OVERDUE:
		buf_adds(b, "; ");
		add_count(b, a->days_overdue, "day");
		buf_adds(b, " overdue");
		break;
	case STATE_STALE:
		buf_adds(b, "; stale (");
		add_count(b, stale_days, "day");
		buf_adds(b, " or more)");
		break;
	default:
		break;
	}
}

/*
 * The reasons as they are built, each with its urgency; sorted (stably)
 * into audit->reasons at the end.
 */
struct reason_list {
	char **text;
	enum urgency *urgency;
	size_t n, alloc, ualloc;
};

static void push_reason(struct reason_list *l, struct buf *b, enum urgency u)
{
	ALLOC_GROW(l->text, l->n + 1, l->alloc);
	ALLOC_GROW(l->urgency, l->n + 1, l->ualloc);
	l->urgency[l->n] = u;
	l->text[l->n++] = buf_detach(b);
}

static enum urgency state_urgency(enum contact_state s)
{
	switch (s) {
	case STATE_STALE:
		return URGENCY_STALE;
	case STATE_OVERDUE:
		return URGENCY_OVERDUE;
	case STATE_NEVER:
		return URGENCY_NEVER;
	case STATE_DUE:
		return URGENCY_DUE;
	case STATE_SNOOZED:
		return URGENCY_SNOOZED;
	default:
		return URGENCY_OK;
	}
}

/* Moves the reasons into `a`, most urgent first (insertion sort: stable, and the lists are short). */
static void settle_reasons(struct reason_list *l, struct audit *a)
{
	for (size_t i = 1; i < l->n; i++) {
		char *t = l->text[i];
		enum urgency u = l->urgency[i];
		size_t j = i;

		for (; j > 0 && l->urgency[j - 1] > u; j--) {
			l->text[j] = l->text[j - 1];
			l->urgency[j] = l->urgency[j - 1];
		}
		l->text[j] = t;
		l->urgency[j] = u;
	}
	a->reasons = l->text;
	a->nreasons = l->n;
	a->urgency = l->n ? l->urgency[0] : URGENCY_OK;
	free(l->urgency);
}

static void build_reasons(const struct settings *s, const struct client *c,
			  const struct entry *trust_since, const struct entry *sat,
			  day_t stale_days, struct audit *a)
{
	struct buf b = BUF_INIT;
	struct reason_list l = { 0 };

	contact_reason(c, a, stale_days, &b);
	push_reason(&l, &b, state_urgency(a->state));

	for (size_t i = 0; i < a->noverdue; i++) {
		const struct promise *p = a->overdue[i];

		/* The whole text: a promise cut short is not the promise. */
		buf_adds(&b, "promise '");
		buf_adds(&b, p->text ? p->text : "");
		buf_adds(&b, "' due ");
		add_ago(&b, a->as_of - p->due);
		push_reason(&l, &b, URGENCY_PROMISE);
	}
	if (a->flags & FLAG_TRUST) {
		buf_printf(&b, "trust %s", trust_name(a->trust));
		if (trust_since) {
			buf_adds(&b, " since ");
			add_date(&b, trust_since->day);
			buf_printf(&b, " (%s)", kind_name(trust_since->kind));
		} else {
			buf_adds(&b, " (client file)");
		}
		push_reason(&l, &b, URGENCY_TRUST);
	}
	if (a->flags & FLAG_THANKS_MISSING) {
		if (a->has_thanks) {
			buf_adds(&b, "no thanks sent since ");
			add_date(&b, a->last_thanks);
			buf_adds(&b, " (");
			add_ago(&b, a->as_of - a->last_thanks);
			buf_adds(&b, ")");
		} else {
			buf_adds(&b, "no thanks sent in ");
			add_count(&b, s->gratitude.n, unit_word(s->gratitude.unit));
		}
		push_reason(&l, &b, URGENCY_THANKS);
	}
	if (a->flags & FLAG_FIT) {
		buf_printf(&b, "fit %s: decide whether to keep this client", fit_name(c->fit));
		push_reason(&l, &b, URGENCY_FIT);
	}
	if (a->flags & FLAG_SATISFACTION_LOW) {
		if (a->satisfaction_prev && a->satisfaction_prev - a->satisfaction_latest >= 2)
			buf_printf(&b, "satisfaction fell from %d to %d on ",
				   a->satisfaction_prev, a->satisfaction_latest);
		else
			buf_printf(&b, "satisfaction %d of 5 on ", a->satisfaction_latest);
		add_date(&b, sat->day);
		push_reason(&l, &b, URGENCY_SATISFACTION);
	}
	settle_reasons(&l, a);
	buf_release(&b);
}

void audit_client(const struct notebook *nb, const struct client *c, day_t as_of,
		  struct audit *out)
{
	const struct settings *s = &nb->settings;
	const struct entry *trust_since, *sat;
	day_t stale_days = 0;

	memset(out, 0, sizeof(*out));
	out->client = c;
	out->as_of = as_of;

	find_last_contact(c, as_of, out);
	trust_since = find_trust(c, as_of, out);
	choose_cadence(s, c, out->has_last ? out->last : as_of, out);
	contact_state(s, c, as_of, out);
	if (out->has_last)
		stale_days = date_add(out->last, out->cadence, 2) - out->last;

	find_promises(c, as_of, out);
	if (out->trust != TRUST_HEALTHY)
		out->flags |= FLAG_TRUST;
	find_thanks(s, c, as_of, out);
	if (c->fit != FIT_GOOD)
		out->flags |= FLAG_FIT;
	sat = find_satisfaction(c, as_of, out);

	build_reasons(s, c, trust_since, sat, stale_days, out);
}

void audit_release(struct audit *a)
{
	for (size_t i = 0; i < a->nreasons; i++)
		free(a->reasons[i]);
	free(a->reasons);
	free(a->overdue);
	a->reasons = NULL;
	a->nreasons = 0;
	a->overdue = NULL;
	a->noverdue = 0;
}

int audit_flag_count(const struct audit *a)
{
	int n = 0;

	for (unsigned f = a->flags; f; f &= f - 1)
		n++;
	return n;
}

int audit_flag_names(const struct audit *a, char names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE])
{
	int n = 0;

	if (a->flags & FLAG_PROMISE_OVERDUE)
		snprintf(names[n++], AUDIT_FLAG_NAME_SIZE, "promise-overdue");
	if (a->flags & FLAG_TRUST)
		snprintf(names[n++], AUDIT_FLAG_NAME_SIZE, "trust:%s", trust_name(a->trust));
	if (a->flags & FLAG_THANKS_MISSING)
		snprintf(names[n++], AUDIT_FLAG_NAME_SIZE, "thanks-missing");
	if (a->flags & FLAG_FIT)
		snprintf(names[n++], AUDIT_FLAG_NAME_SIZE, "fit:%s", fit_name(a->client->fit));
	if (a->flags & FLAG_SATISFACTION_LOW)
		snprintf(names[n++], AUDIT_FLAG_NAME_SIZE, "satisfaction-low");
	return n;
}

int audit_needs_attention(const struct audit *a)
{
	return (a->state != STATE_OK && a->state != STATE_SNOOZED) || a->flags != 0;
}

static int str_cmp_null(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

int audit_cmp(const void *x, const void *y)
{
	const struct audit *a = x, *b = y;
	int fa, fb, c;

	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if (a->urgency == URGENCY_PROMISE && a->overdue[0]->due != b->overdue[0]->due)
		return a->overdue[0]->due < b->overdue[0]->due ? -1 : 1;
	if (a->days_overdue != b->days_overdue)
		return a->days_overdue > b->days_overdue ? -1 : 1;
	fa = audit_flag_count(a);
	fb = audit_flag_count(b);
	if (fa != fb)
		return fa > fb ? -1 : 1;
	c = str_cmp_null(a->client->name, b->client->name);
	if (c)
		return c;
	return str_cmp_null(a->client->id, b->client->id);
}

enum contact_state audit_state(const struct notebook *nb, const struct client *c, day_t as_of)
{
	struct audit a;

	memset(&a, 0, sizeof(a));
	a.client = c;
	a.as_of = as_of;
	find_last_contact(c, as_of, &a);
	find_trust(c, as_of, &a);
	choose_cadence(&nb->settings, c, a.has_last ? a.last : as_of, &a);
	contact_state(&nb->settings, c, as_of, &a);
	return a.state;
}
