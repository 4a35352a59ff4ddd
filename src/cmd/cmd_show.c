/* notebook show: one client's profile, promises, timeline and status. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "colors.h"
#include "cmd.h"
#include "exchange/export.h"
#include "pager.h"
#include "people.h"
#include "help.h"
#include "report.h"
#include "resolve.h"
#include "stale.h"
#include "term.h"
#include "text.h"
#include "util.h"

static const char show_usage[] =
	"usage: notebook show [--as-of DATE] [--limit N] [--since DATE] [--json]\n"
	"                     [--no-pager] [--no-color] CLIENT\n";

/* What of the timeline to show: entries from `since`, the newest `limit` of them. */
struct timeline_opts {
	size_t limit;  /* 0: all */
	int has_since;
	day_t since;
};

enum { SPARK_MONTHS = 12 };

static void heading(const struct term *t, const char *title)
{
	printf("\n%s%s%s\n", term_on(t, COLOR_BOLD), title, term_off(t, COLOR_BOLD));
}

/* "  label     value", the value escaped and wrapped under itself on a terminal. */
static void field(const struct term *t, const char *label, const char *value)
{
	struct buf b = BUF_INIT;

	if (!value)
		return;
	buf_printf(&b, "%-9s ", label);
	buf_add_escaped_str(&b, value);
	term_print_wrapped(t, stdout, buf_str(&b), 2, 10);
	buf_release(&b);
}

/* Already escaped `s` after two blanks, wrapped on a terminal with continuation lines two further in. */
static void line(const struct term *t, const char *s)
{
	term_print_wrapped(t, stdout, s, 2, 2);
}

static void print_title(const struct client *c, const struct term *t)
{
	struct buf b = BUF_INIT;

	buf_add_escaped_str(&b, c->name ? c->name : c->id);
	buf_adds(&b, " (");
	buf_add_escaped_str(&b, c->id);
	buf_adds(&b, ")");
	/* Bold around the whole (wrapped) title. */
	fputs(term_on(t, COLOR_BOLD), stdout);
	term_print_wrapped(t, stdout, buf_str(&b), 0, 2);
	fputs(term_off(t, COLOR_BOLD), stdout);
	buf_release(&b);
}

static void print_profile(const struct notebook *nb, const struct client *c,
			  const struct audit *a, const struct term *t)
{
	struct buf b = BUF_INIT;
	char d[11], dur[16];

	heading(t, "profile");

	buf_printf(&b, "%s, tier %s", status_name(c->status), tier_name(c->tier));
	field(t, "status", buf_str(&b));
	buf_reset(&b);
	duration_format(a->cadence, dur, sizeof(dur));
	buf_adds(&b, dur);
	if (a->repair_override)
		buf_printf(&b, " (repair check-in while trust is %s)", trust_name(a->trust));
	else if (a->cadence_source == CADENCE_TAG)
		buf_printf(&b, " (tag '%s')", a->cadence_tag);
	else if (a->cadence_source == CADENCE_CLIENT)
		buf_adds(&b, " (client cadence)");
	else
		buf_printf(&b, " (tier %s)", tier_name(c->tier));
	field(t, "cadence", buf_str(&b));
	if (c->has_since) {
		date_format(c->since, d);
		field(t, "since", d);
	}
	field(t, "owner", client_owner(nb, c));
	if (c->ntags) {
		buf_reset(&b);
		for (size_t i = 0; i < c->ntags; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", c->tags[i]);
		field(t, "tags", buf_str(&b));
	}
	buf_reset(&b);
	buf_adds(&b, trust_name(a->trust));
	if (a->trust_entry) {
		date_format(a->trust_entry->day, d);
		buf_printf(&b, ", set by the %s of %s (%s)", kind_name(a->trust_entry->kind), d,
			   a->trust_entry->path);
	} else {
		buf_printf(&b, " (%s)", c->path);
	}
	field(t, "trust", buf_str(&b));
	field(t, "fit", fit_name(c->fit));
	if (c->has_snooze) {
		date_format(c->snooze, d);
		field(t, "snooze", d);
	}
	buf_release(&b);
}

/*
 * Each person on one line (name, role, every email and phone), then when
 * the notebook last has them in an entry, their birthday and notes.
 */
static void print_contacts(const struct client *c, day_t today, const struct term *t)
{
	struct buf b = BUF_INIT;

	if (!c->ncontacts)
		return;
	heading(t, "contacts");
	for (size_t i = 0; i < c->ncontacts; i++) {
		const struct contact *k = &c->contacts[i];
		const struct entry *e = contact_last_entry(c, k, today);
		char d[11];

		buf_reset(&b);
		buf_add_escaped_str(&b, k->name);
		if (k->role) {
			buf_adds(&b, ", ");
			buf_add_escaped_str(&b, k->role);
		}
		for (size_t j = 0; j < k->nemails; j++) {
			buf_adds(&b, ", ");
			buf_add_escaped_str(&b, k->emails[j]);
		}
		for (size_t j = 0; j < k->nphones; j++) {
			buf_adds(&b, ", ");
			buf_add_escaped_str(&b, k->phones[j]);
		}
		line(t, buf_str(&b));
		buf_reset(&b);
		if (e) {
			long days = (long)(today - e->day);
			date_format(e->day, d);
			if (days == 0)
				buf_printf(&b, "last spoke today (%s)", kind_name(e->kind));
			else
				buf_printf(&b, "last spoke %ld day%s ago (%s, %s)", days,
					   days == 1 ? "" : "s", kind_name(e->kind), d);
		} else {
			buf_adds(&b, "no entry with them yet");
		}
		if (k->birthday) {
			buf_adds(&b, "; birthday ");
			buf_add_escaped_str(&b, k->birthday);
		}
		/* Dim around the whole (wrapped) line. */
		fputs(term_on(t, COLOR_DIM), stdout);
		term_print_wrapped(t, stdout, buf_str(&b), 4, 2);
		fputs(term_off(t, COLOR_DIM), stdout);
		/* the notes line by line, each escaped and wrapped */
		for (const char *p = k->notes; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			buf_reset(&b);
			buf_add_escaped(&b, p, n);
			term_print_wrapped(t, stdout, buf_str(&b), 4, 2);
			p += n + (nl ? 1 : 0);
		}
	}
	buf_release(&b);
}

static void print_empathy(const struct client *c, const struct term *t)
{
	static const char *const parts[EMPATHY_COUNT] = { "says", "thinks", "does", "feels" };
	int any = 0;

	for (int i = 0; i < EMPATHY_COUNT; i++)
		any |= c->empathy[i] != NULL;
	if (!any)
		return;
	heading(t, "empathy map");
	for (int i = 0; i < EMPATHY_COUNT; i++)
		field(t, parts[i], c->empathy[i]);
}

static int promise_cmp(const void *x, const void *y)
{
	const struct promise *a = *(const struct promise *const *)x;
	const struct promise *b = *(const struct promise *const *)y;
	int c;

	if (a->has_due != b->has_due)
		return a->has_due ? -1 : 1;
	if (a->has_due && a->due != b->due)
		return a->due < b->due ? -1 : 1;
	c = strcmp(a->path ? a->path : "", b->path ? b->path : "");
	if (c)
		return c;
	return a->line - b->line;
}

static void add_open(const struct promise ***v, size_t *n, size_t *alloc,
		     const struct promise *p, size_t np)
{
	for (size_t i = 0; i < np; i++) {
		if (p[i].done)
			continue;
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = &p[i];
	}
}

static void print_promises(const struct client *c, day_t today, const struct term *t)
{
	const struct promise **v = NULL;
	size_t n = 0, alloc = 0;
	int any_overdue = 0, stack;
	size_t textw = 0, pathw = 0;
	struct table tb;
	struct buf b = BUF_INIT;

	add_open(&v, &n, &alloc, c->promises, c->npromises);
	for (size_t i = 0; i < c->nentries; i++)
		if (c->entries[i]->day <= today)
			add_open(&v, &n, &alloc, c->entries[i]->promises, c->entries[i]->npromises);
	if (n)
		qsort(v, n, sizeof(*v), promise_cmp);

	heading(t, "open promises");
	if (!n) {
		printf("  none\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t w = utf8_width(v[i]->text ? v[i]->text : "", v[i]->text ? strlen(v[i]->text) : 0);
		any_overdue |= v[i]->has_due && v[i]->due < today;
		textw = w > textw ? w : textw;
		buf_reset(&b);
		buf_printf(&b, "%s:%d", v[i]->path ? v[i]->path : c->path, v[i]->line);
		pathw = b.len > pathw ? b.len : pathw;
	}
	/*
	 * Columns: date, "overdue" (only when one is), text, file:line; on a
	 * terminal too narrow for all four, the file goes under the text.
	 */
	stack = t->width > 0 && (size_t)t->width < 12 + (any_overdue ? 9 : 0) + 2 + textw + 2 + pathw;
	table_init(&tb, (any_overdue ? 4 : 3) - stack, any_overdue ? 2 : 1);
	tb.indent = 2;
	if (stack)
		table_stack(&tb, any_overdue ? 2 : 1);
	for (size_t i = 0; i < n; i++) {
		const struct promise *p = v[i];
		char d[11] = "-";
		int overdue = p->has_due && p->due < today;

		if (p->has_due)
			date_format(p->due, d);
		table_add(&tb, d, overdue ? COLOR_RED : COLOR_NONE);
		if (any_overdue)
			table_add(&tb, overdue ? "overdue" : "", COLOR_RED);
		buf_reset(&b);
		buf_add_escaped_str(&b, p->text);
		if (!stack) {
			table_add(&tb, buf_str(&b), COLOR_NONE);
			buf_reset(&b);
		} else {
			buf_addc(&b, '\n');
		}
		buf_printf(&b, "%s:%d", p->path ? p->path : c->path, p->line);
		table_add(&tb, buf_str(&b), stack ? COLOR_NONE : COLOR_DIM);
	}
	table_print(&tb, t, stdout);
	table_release(&tb);
out:
	buf_release(&b);
	free(v);
}

static int kept_cmp(const void *x, const void *y)
{
	const struct promise *a = *(const struct promise *const *)x;
	const struct promise *b = *(const struct promise *const *)y;
	int c;

	if (a->done_on != b->done_on)
		return a->done_on > b->done_on ? -1 : 1;
	c = strcmp(a->path ? a->path : "", b->path ? b->path : "");
	return c ? c : a->line - b->line;
}

static void add_kept(const struct promise ***v, size_t *n, size_t *alloc,
		     const struct promise *p, size_t np, day_t today)
{
	for (size_t i = 0; i < np; i++) {
		if (!p[i].done || !p[i].has_done_on || p[i].done_on > today)
			continue;
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = &p[i];
	}
}

/*
 * The promises kept, with the day `notebook done` wrote (done:DATE),
 * latest first, up to KEPT_SHOWN of them; nothing when none has a date.
 */
#define KEPT_SHOWN 5
static void print_kept(const struct client *c, day_t today, const struct term *t)
{
	const struct promise **v = NULL;
	size_t n = 0, alloc = 0;
	struct table tb;
	struct buf b = BUF_INIT;

	add_kept(&v, &n, &alloc, c->promises, c->npromises, today);
	for (size_t i = 0; i < c->nentries; i++)
		add_kept(&v, &n, &alloc, c->entries[i]->promises, c->entries[i]->npromises, today);
	if (!n)
		goto out;
	qsort(v, n, sizeof(*v), kept_cmp);
	heading(t, "promises kept, latest first");
	table_init(&tb, 3, 1);
	for (size_t i = 0; i < n && i < KEPT_SHOWN; i++) {
		const struct promise *p = v[i];
		char d[11];

		date_format(p->done_on, d);
		buf_reset(&b);
		buf_printf(&b, "  done %s", d);
		table_add(&tb, buf_str(&b), COLOR_NONE);
		buf_reset(&b);
		buf_add_escaped_str(&b, p->text);
		table_add(&tb, buf_str(&b), COLOR_NONE);
		buf_reset(&b);
		buf_printf(&b, "%s:%d", p->path ? p->path : c->path, p->line);
		table_add(&tb, buf_str(&b), COLOR_DIM);
	}
	table_print(&tb, t, stdout);
	table_release(&tb);
	if (n > KEPT_SHOWN)
		printf("  and %zu more\n", n - KEPT_SHOWN);
out:
	buf_release(&b);
	free(v);
}

static void print_timeline(const struct client *c, day_t today, const struct term *t,
			   const struct timeline_opts *o)
{
	struct table tb;
	struct buf b = BUF_INIT;
	size_t shown = 0, left = 0;
	char d[11];

	heading(t, "timeline, newest first");
	table_init(&tb, 5, 4);
	tb.indent = 2;
	for (size_t i = c->nentries; i-- > 0;) {
		const struct entry *e = c->entries[i];

		if (e->day > today)
			continue;
		if ((o->has_since && e->day < o->since) || (o->limit && shown == o->limit)) {
			left++;
			continue;
		}
		shown++;
		date_format(e->day, d);
		table_add(&tb, d, COLOR_NONE);
		table_add(&tb, kind_name(e->kind), e->kind == KIND_NOTE ? COLOR_DIM : COLOR_CYAN);
		buf_reset(&b);
		if (e->mood)
			buf_add_escaped_str(&b, e->mood);
		table_add(&tb, buf_str(&b), COLOR_NONE);
		buf_reset(&b);
		if (e->satisfaction)
			buf_printf(&b, "%d/5", e->satisfaction);
		table_add(&tb, buf_str(&b), e->satisfaction && e->satisfaction <= 2 ?
			  COLOR_RED : COLOR_NONE);
		buf_reset(&b);
		if (e->summary)
			buf_add_escaped_str(&b, e->summary);
		table_add(&tb, buf_str(&b), COLOR_NONE);
	}
	if (shown)
		table_print(&tb, t, stdout);
	else
		printf("  no entries%s\n", left ? " in this span" : "");
	/* What --limit and --since left out, and how to see it. */
	if (left) {
		buf_reset(&b);
		buf_printf(&b, "%zu older entr%s not shown", left, left == 1 ? "y" : "ies");
		if (o->has_since) {
			date_format(o->since, d);
			buf_printf(&b, " (before %s)", d);
		}
		buf_adds(&b, "; --limit 0 shows them all");
		if (o->has_since)
			buf_adds(&b, " without --since");
		line(t, buf_str(&b));
	}
	table_release(&tb);
	buf_release(&b);
}

/* A month as a number: year × 12 + month − 1. */
static int month_of(day_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}

static void print_sparkline(const struct client *c, day_t today, const struct term *t)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char ascii[] = "_.:-=+*#";
	int counts[SPARK_MONTHS] = { 0 };
	int last = month_of(today), first = last - (SPARK_MONTHS - 1), max = 0, total = 0;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];
		int m;

		if (e->day > today || e->kind == KIND_NOTE)
			continue;
		m = month_of(e->day);
		if (m < first)
			continue;
		counts[m - first]++;
		total++;
	}
	for (int i = 0; i < SPARK_MONTHS; i++)
		if (counts[i] > max)
			max = counts[i];

	printf("\n%scontacts per month, %04d-%02d to %04d-%02d%s\n", term_on(t, COLOR_BOLD),
	       first / 12, first % 12 + 1, last / 12, last % 12 + 1, term_off(t, COLOR_BOLD));
	for (int i = 0; i < SPARK_MONTHS; i++) {
		int level = 0;
		if (counts[i])
			level = (counts[i] * 7 + max - 1) / max;
		if (t->utf8)
			buf_adds(&b, blocks[level]);
		else
			buf_addc(&b, ascii[level]);
	}
	buf_printf(&b, "  %d contact%s", total, total == 1 ? "" : "s");
	if (max) {
		buf_adds(&b, ", monthly:");
		for (int i = 0; i < SPARK_MONTHS; i++)
			buf_printf(&b, " %d", counts[i]);
	}
	term_print_wrapped(t, stdout, buf_str(&b), 2, 14);
	buf_release(&b);
}

static void print_status(const struct client *c, const struct audit *a, const struct term *t)
{
	char d[11];

	date_format(a->as_of, d);
	printf("\n%sstatus on %s%s", term_on(t, COLOR_BOLD), d, term_off(t, COLOR_BOLD));
	if (!client_is_audited(c)) {
		printf(": not audited (%s)\n", status_name(c->status));
		return;
	}
	printf(": %s%s%s\n", term_on(t, state_color(a->state)), state_name(a->state),
	       term_off(t, state_color(a->state)));
	for (size_t i = 0; i < a->nreasons; i++) {
		struct buf b = BUF_INIT;
		buf_add_escaped_str(&b, a->reasons[i]);
		line(t, buf_str(&b));
		buf_release(&b);
	}
}

/* {"as_of", "client"}: the client as export --format json writes it. */
static void print_json(const struct notebook *nb, const struct client *c, day_t today)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "as_of", jw_day(1, today));
	json_object_set_new(doc, "client", export_json_client(nb, c, today));
	jw_print(stdout, doc, &JW_INDENTED);
}

int cmd_show(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'l' },
		{ "since", required_argument, NULL, 's' },
		{ "no-pager", no_argument, NULL, 'P' },
		{ "no-color", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct notebook nb;
	struct audit a;
	struct term term;
	const struct client *c;
	day_t as_of = 0, today;
	struct timeline_opts tl = { 0 };
	int has_as_of = 0, no_color = 0, json = 0, no_pager = 0, opt, ret = EXIT_OK;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (report_parse_as_of(optarg, show_usage, &as_of) < 0)
				return EXIT_USAGE;
			has_as_of = 1;
			break;
		case 'l': {
			char *end;
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0 || errno)
				return usage_error(show_usage, "--limit wants a number of entries (0: all), "
						   "not '%s'", optarg);
			tl.limit = (size_t)v;
			break;
		}
		case 's':
			if (date_parse(optarg, strlen(optarg), &tl.since) < 0)
				return usage_error(show_usage, "--since wants a date YYYY-MM-DD, not '%s'",
						   optarg);
			tl.has_since = 1;
			break;
		case 'P':
			no_pager = 1;
			break;
		case 'n':
			no_color = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], show_usage);
			return EXIT_OK;
		default:
			return usage_error(show_usage, NULL);
		}
	}
	if (argc - optind > 1)
		return usage_error(show_usage, "one client at a time: unexpected '%s' (quote a name of"
				   " several words)", argv[optind + 1]);
	if (argc - optind != 1)
		return usage_error(show_usage, "which client? give its id or name");
	if (report_load(ctx, &nb) < 0)
		return EXIT_NO_NOTEBOOK;
	if (report_day(has_as_of, as_of, &today) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	c = resolve_client(&nb, argv[optind], &ret);
	if (!c)
		goto out;
	if (json) {
		print_json(&nb, c, today);
		goto out;
	}
	/* A long history reads in the user's pager on a terminal, as git log does. */
	if (!no_pager)
		pager_start();
	term_init(&term, stdout, no_color);
	audit_client(&nb, c, today, &a);
	/* What needs doing first, then who the client is and the history. */
	print_title(c, &term);
	print_status(c, &a, &term);
	print_profile(&nb, c, &a, &term);
	print_contacts(c, today, &term);
	print_empathy(c, &term);
	print_promises(c, today, &term);
	print_kept(c, today, &term);
	print_timeline(c, today, &term, &tl);
	print_sparkline(c, today, &term);
	audit_release(&a);
out:
	notebook_release(&nb);
	return ret;
}
