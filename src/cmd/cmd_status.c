/* notebook status: the staleness audit of SPEC "The staleness rules". */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "colors.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "report.h"
#include "stale.h"
#include "tally.h"
#include "term.h"
#include "text.h"
#include "util.h"

static const char status_usage[] =
	"usage: notebook status [--as-of DATE] [--all] [--tag TAG] [--owner OWNER]\n"
	"                       [--tier TIER,...] [--state STATE,...] [--json]\n"
	"                       [--exit-code] [--no-color]\n";

struct status_opts {
	int all, json, exit_code, no_color;
	int has_as_of;
	day_t as_of;
	const char *tag, *owner;
	unsigned tiers, states; /* bits of enum tier and enum contact_state; 0: any */
};

/*
 * Whether the audit lists `a`: with --state every client in those states
 * (the user named them), else those that need attention, all with --all.
 */
static int listed(const struct audit *a, const struct status_opts *o)
{
	return o->all || o->states || audit_needs_attention(a);
}

/*
 * The STATE cell's colour: its state's, but a client that needs attention
 * only for its flags is not shown as a green "ok" (an overdue promise is
 * red, as an overdue contact).
 */
static enum term_color audit_color(const struct audit *a)
{
	if (a->state != STATE_OK || !a->flags)
		return state_color(a->state);
	return a->urgency == URGENCY_PROMISE ? COLOR_RED : COLOR_YELLOW;
}

/* Below this many columns for WHY, a name goes under its id (on a terminal). */
#define WHY_MIN 50

/* Whether the NAME cell would show what the CLIENT cell shows. */
static int shows_name(const struct term *term, const struct client *c)
{
	if (!c->name || !*c->name)
		return 0;
	/* A pipe keeps every column, for whatever reads it. */
	return !term->tty || !name_repeats_id(c->name, c->id);
}

static void print_text(const struct audit *v, size_t n, const struct tally *t,
		       const struct status_opts *o)
{
	struct term term;
	struct table tb;
	struct buf cell = BUF_INIT;
	size_t shown = 0, idw = 6, namew = 0;
	int names = 0, stack = 0;

	term_init(&term, stdout, o->no_color);
	/*
	 * On a terminal the NAME column goes when every name only repeats its
	 * id, and a name goes under its id when a column of its own would leave
	 * WHY less than WHY_MIN columns.
	 */
	for (size_t i = 0; i < n; i++) {
		const struct client *c = v[i].client;
		size_t w;

		if (!listed(&v[i], o))
			continue;
		w = utf8_width(c->id, strlen(c->id));
		idw = w > idw ? w : idw;
		if (shows_name(&term, c)) {
			names = 1;
			w = utf8_width(c->name, strlen(c->name));
			namew = w > namew ? w : namew;
		}
	}
	if (!term.tty)
		names = 1;
	else if (names && (size_t)term.width < 7 + 2 + idw + 2 + namew + 2 + WHY_MIN)
		stack = 1;
	if (stack)
		names = 0;
	table_init(&tb, names ? 4 : 3, names ? 3 : 2);
	if (stack) {
		table_stack(&tb, 1);
		tb.flex_want = WHY_MIN;
	}
	table_add(&tb, "STATE", COLOR_BOLD);
	table_add(&tb, "CLIENT", COLOR_BOLD);
	if (names)
		table_add(&tb, "NAME", COLOR_BOLD);
	table_add(&tb, "WHY", COLOR_BOLD);
	for (size_t i = 0; i < n; i++) {
		const struct audit *a = &v[i];

		if (!listed(a, o))
			continue;
		shown++;
		table_add(&tb, state_name(a->state), audit_color(a));
		buf_reset(&cell);
		buf_add_escaped_str(&cell, a->client->id);
		if (stack && shows_name(&term, a->client)) {
			buf_addc(&cell, '\n');
			buf_add_escaped_str(&cell, a->client->name);
		}
		table_add(&tb, buf_str(&cell), COLOR_NONE);
		if (names) {
			buf_reset(&cell);
			if (shows_name(&term, a->client))
				buf_add_escaped_str(&cell, a->client->name);
			table_add(&tb, buf_str(&cell), COLOR_NONE);
		}
		/* One part a reason: "; " between them on one line, a line each when wrapped. */
		buf_reset(&cell);
		for (size_t k = 0; k < a->nreasons; k++) {
			if (k)
				buf_addc(&cell, '\n');
			buf_add_escaped_str(&cell, a->reasons[k]);
		}
		table_add(&tb, buf_str(&cell), COLOR_NONE);
	}
	if (shown)
		table_print(&tb, &term, stdout);
	buf_reset(&cell);
	summary_line(t, &cell);
	if (shown)
		fputc('\n', stdout);
	term_print_wrapped(&term, stdout, buf_str(&cell), 0, 2);
	table_release(&tb);
	buf_release(&cell);
}

/* JSON helpers: values appended to a buffer. */
static void json_str(struct buf *b, const char *s)
{
	if (!s)
		buf_adds(b, "null");
	else
		buf_add_json_string(b, s, strlen(s));
}

static void json_date(struct buf *b, int has, day_t day)
{
	char s[11];

	if (!has) {
		buf_adds(b, "null");
		return;
	}
	date_format(day, s);
	buf_printf(b, "\"%s\"", s);
}

static void json_key(struct buf *b, const char *indent, const char *key, int first)
{
	buf_printf(b, "%s\n%s\"%s\": ", first ? "" : ",", indent, key);
}

static const char *const cadence_sources[] = {
	[CADENCE_CLIENT] = "client", [CADENCE_TAG] = "tag", [CADENCE_TIER] = "tier",
};

static void json_flags(struct buf *b, const struct audit *a)
{
	int first = 1;
	char name[32];

	buf_addc(b, '[');
	for (unsigned f = 1; f <= FLAG_SATISFACTION_LOW; f <<= 1) {
		if (!(a->flags & f))
			continue;
		switch (f) {
		case FLAG_PROMISE_OVERDUE:
			snprintf(name, sizeof(name), "promise-overdue");
			break;
		case FLAG_TRUST:
			snprintf(name, sizeof(name), "trust:%s", trust_name(a->trust));
			break;
		case FLAG_THANKS_MISSING:
			snprintf(name, sizeof(name), "thanks-missing");
			break;
		case FLAG_FIT:
			snprintf(name, sizeof(name), "fit:%s", fit_name(a->client->fit));
			break;
		default:
			snprintf(name, sizeof(name), "satisfaction-low");
			break;
		}
		buf_printf(b, "%s\"%s\"", first ? "" : ", ", name);
		first = 0;
	}
	buf_addc(b, ']');
}

static void json_client(struct buf *b, const struct notebook *nb, const struct audit *a)
{
	const struct client *c = a->client;
	const char *in = "      ";
	char dur[16];
	int cadence_days = a->cadence_days;

	if (!a->has_last)
		cadence_days = date_add(a->as_of, a->cadence, 1) - a->as_of;
	duration_format(a->cadence, dur, sizeof(dur));

	buf_adds(b, "    {");
	json_key(b, in, "id", 1);
	json_str(b, c->id);
	json_key(b, in, "name", 0);
	json_str(b, c->name);
	json_key(b, in, "status", 0);
	json_str(b, status_name(c->status));
	json_key(b, in, "tier", 0);
	json_str(b, tier_name(c->tier));
	json_key(b, in, "owner", 0);
	json_str(b, client_owner(nb, c));
	json_key(b, in, "tags", 0);
	buf_addc(b, '[');
	for (size_t i = 0; i < c->ntags; i++) {
		if (i)
			buf_adds(b, ", ");
		json_str(b, c->tags[i]);
	}
	buf_addc(b, ']');
	json_key(b, in, "state", 0);
	json_str(b, state_name(a->state));
	json_key(b, in, "last_contact", 0);
	json_date(b, a->has_last, a->last);
	json_key(b, in, "last_kind", 0);
	json_str(b, a->last_entry ? kind_name(a->last_entry->kind) : NULL);
	json_key(b, in, "days_since", 0);
	if (a->has_last)
		buf_printf(b, "%d", a->days_since);
	else
		buf_adds(b, "null");
	json_key(b, in, "cadence", 0);
	json_str(b, dur);
	json_key(b, in, "cadence_days", 0);
	buf_printf(b, "%d", cadence_days);
	json_key(b, in, "cadence_source", 0);
	json_str(b, cadence_sources[a->cadence_source]);
	json_key(b, in, "repair_override", 0);
	buf_adds(b, a->repair_override ? "true" : "false");
	json_key(b, in, "next_due", 0);
	json_date(b, a->has_last, a->next_due);
	json_key(b, in, "days_overdue", 0);
	if (a->has_last)
		buf_printf(b, "%d", a->days_overdue);
	else
		buf_adds(b, "null");
	json_key(b, in, "trust", 0);
	json_str(b, trust_name(a->trust));
	json_key(b, in, "trust_since", 0);
	json_date(b, a->trust_entry != NULL, a->trust_entry ? a->trust_entry->day : 0);
	json_key(b, in, "fit", 0);
	json_str(b, fit_name(c->fit));
	json_key(b, in, "snooze", 0);
	json_date(b, c->has_snooze, c->snooze);
	json_key(b, in, "last_thanks", 0);
	json_date(b, a->has_thanks, a->last_thanks);
	json_key(b, in, "satisfaction", 0);
	if (a->satisfaction_latest)
		buf_printf(b, "%d", a->satisfaction_latest);
	else
		buf_adds(b, "null");
	json_key(b, in, "needs_attention", 0);
	buf_adds(b, audit_needs_attention(a) ? "true" : "false");
	json_key(b, in, "flags", 0);
	json_flags(b, a);
	json_key(b, in, "reasons", 0);
	buf_addc(b, '[');
	for (size_t i = 0; i < a->nreasons; i++) {
		if (i)
			buf_adds(b, ", ");
		json_str(b, a->reasons[i]);
	}
	buf_addc(b, ']');
	json_key(b, in, "promises_overdue", 0);
	buf_addc(b, '[');
	for (size_t i = 0; i < a->noverdue; i++) {
		const struct promise *p = a->overdue[i];
		buf_adds(b, i ? ", {" : "{");
		buf_adds(b, "\"text\": ");
		json_str(b, p->text);
		buf_adds(b, ", \"due\": ");
		json_date(b, p->has_due, p->due);
		buf_adds(b, ", \"file\": ");
		json_str(b, p->path);
		buf_printf(b, ", \"line\": %d}", p->line);
	}
	buf_adds(b, "]\n    }");
}

static void print_json(const struct notebook *nb, const struct audit *v, size_t n,
		       const struct tally *t, day_t as_of)
{
	static const char *const trusts[] = { "strained", "repairing" };
	struct buf b = BUF_INIT, line = BUF_INIT;

	buf_adds(&b, "{\n  \"as_of\": ");
	json_date(&b, 1, as_of);
	buf_adds(&b, ",\n  \"clients\": [");
	for (size_t i = 0; i < n; i++) {
		buf_adds(&b, i ? ",\n" : "\n");
		json_client(&b, nb, &v[i]);
	}
	buf_adds(&b, n ? "\n  ],\n" : "],\n");
	buf_printf(&b, "  \"summary\": {\n    \"audited\": %zu,\n    \"attention\": %zu,\n",
		   t->audited, t->attention);
	buf_adds(&b, "    \"states\": {");
	for (int s = STATE_STALE; s <= STATE_OK; s++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += v[i].state == (enum contact_state)s;
		buf_printf(&b, "%s\"%s\": %zu", s ? ", " : "", state_name(s), count);
	}
	buf_printf(&b, "},\n    \"snoozed\": %zu,\n    \"clients_with_promises_overdue\": %zu,\n"
		   "    \"promises_overdue\": %zu,\n", t->snoozed, t->promise_clients, t->promises);
	buf_adds(&b, "    \"trust\": {");
	for (int k = 0; k < 2; k++)
		buf_printf(&b, "%s\"%s\": %zu", k ? ", " : "", trusts[k],
			   t->trust[k ? TRUST_REPAIRING : TRUST_STRAINED]);
	buf_printf(&b, "},\n    \"thanks_missing\": %zu,\n    \"fit\": %zu,\n"
		   "    \"satisfaction_low\": %zu,\n    \"left_out\": %zu,\n", t->thanks, t->fit,
		   t->satisfaction, t->left_out);
	summary_line(t, &line);
	buf_adds(&b, "    \"text\": ");
	json_str(&b, buf_str(&line));
	buf_adds(&b, "\n  }\n}\n");
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_release(&line);
	buf_release(&b);
}

/* 0 to go on, -1 after --help (exit 0), else the usage exit status. */
static int parse_options(int argc, char **argv, struct status_opts *o)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },
		{ "tag", required_argument, NULL, 't' },
		{ "owner", required_argument, NULL, 'o' },
		{ "tier", required_argument, NULL, 'T' },
		{ "state", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "exit-code", no_argument, NULL, 'e' },
		{ "no-color", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (report_parse_as_of(optarg, status_usage, &o->as_of) < 0)
				return EXIT_USAGE;
			o->has_as_of = 1;
			break;
		case 'a':
			o->all = 1;
			break;
		case 't':
			o->tag = optarg;
			break;
		case 'o':
			o->owner = optarg;
			break;
		case 'T':
			if (choice_tiers(status_usage, optarg, &o->tiers))
				return EXIT_USAGE;
			break;
		case 'S':
			if (choice_states(status_usage, optarg, &o->states))
				return EXIT_USAGE;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'e':
			o->exit_code = 1;
			break;
		case 'n':
			o->no_color = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], status_usage);
			return -1;
		default:
			return usage_error(status_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(status_usage, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cmd_status(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct status_opts o = { 0 };
	struct notebook nb;
	struct audit *v = NULL;
	struct tally t = { 0 };
	size_t n = 0, left_out = 0;
	day_t today;
	int ret, findings, no_owner;

	ret = parse_options(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (report_load_counted(ctx, &nb, &left_out) < 0)
		return EXIT_NO_NOTEBOOK;
	no_owner = filter_check(&nb, o.tag, o.owner);
	if (no_owner < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (report_day(o.has_as_of, o.as_of, &today) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}

	v = xcalloc(nb.nclients ? nb.nclients : 1, sizeof(*v));
	for (size_t i = 0; i < nb.nclients; i++) {
		const struct client *c = &nb.clients[i];
		if (!client_is_audited(c))
			continue;
		if (o.tag && !client_has_tag(c, o.tag))
			continue;
		if (o.owner && !owner_is(&nb, c, o.owner))
			continue;
		if (o.tiers && !(o.tiers & 1u << c->tier))
			continue;
		audit_client(&nb, c, today, &v[n]);
		if (o.states && !(o.states & 1u << v[n].state)) {
			audit_release(&v[n]);
			continue;
		}
		n++;
	}
	qsort(v, n, sizeof(*v), audit_cmp);
	tally_all(&t, v, n);
	t.left_out = left_out;
	/*
	 * A file left out of the audit may hide anything, and an owner no
	 * client has may be a misspelt name: not "all well" (notebook(1),
	 * EXIT STATUS).
	 */
	findings = left_out > 0 || no_owner > 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].state == STATE_OVERDUE || v[i].state == STATE_STALE ||
		    (v[i].flags & FLAG_PROMISE_OVERDUE))
			findings = 1;
	}

	if (o.json)
		print_json(&nb, v, n, &t, today);
	else
		print_text(v, n, &t, &o);
	ret = o.exit_code && findings ? EXIT_FINDINGS : EXIT_OK;
out:
	for (size_t i = 0; i < n; i++)
		audit_release(&v[i]);
	free(v);
	notebook_release(&nb);
	return ret;
}
