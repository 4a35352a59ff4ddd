/* notebook status: the staleness audit of notebook-format(5), "The staleness rules". */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "colors.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "json.h"
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
	struct report_filter f;
};

/*
 * Whether the audit lists `a`: with --state every client in those states
 * (the user named them), else those that need attention, all with --all.
 */
static int listed(const struct audit *a, const struct status_opts *o)
{
	return o->all || o->f.states || audit_needs_attention(a);
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

static const char *const cadence_sources[] = {
	[CADENCE_CLIENT] = "client", [CADENCE_TAG] = "tag", [CADENCE_TIER] = "tier",
};

/*
 * status --json: a member a line down to each client's fields; a list of
 * strings or promises, and an object of counts, on one line.
 */
static const struct jw_layout status_layout = { 2, 3, 1 };

static json_t *json_flags(const struct audit *a)
{
	json_t *v = json_array();
	char names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE];
	int n = audit_flag_names(a, names);

	for (int i = 0; i < n; i++)
		json_array_append_new(v, jw_text(names[i]));
	return v;
}

/* An integer, or null when !has. */
static json_t *json_int_or_null(int has, json_int_t n)
{
	return has ? json_integer(n) : json_null();
}

static json_t *json_client(const struct notebook *nb, const struct audit *a)
{
	const struct client *c = a->client;
	json_t *o = json_object(), *promises = json_array();
	char dur[16];
	int cadence_days = a->cadence_days;

	if (!a->has_last)
		cadence_days = date_add(a->as_of, a->cadence, 1) - a->as_of;
	duration_format(a->cadence, dur, sizeof(dur));

	json_object_set_new(o, "id", jw_text(c->id));
	json_object_set_new(o, "name", jw_text(c->name));
	json_object_set_new(o, "status", jw_text(status_name(c->status)));
	json_object_set_new(o, "tier", jw_text(tier_name(c->tier)));
	json_object_set_new(o, "owner", jw_text(client_owner(nb, c)));
	json_object_set_new(o, "tags", jw_texts(c->tags, c->ntags));
	json_object_set_new(o, "state", jw_text(state_name(a->state)));
	json_object_set_new(o, "last_contact", jw_day(a->has_last, a->last));
	json_object_set_new(o, "last_kind",
			    jw_text(a->last_entry ? kind_name(a->last_entry->kind) : NULL));
	json_object_set_new(o, "days_since", json_int_or_null(a->has_last, a->days_since));
	json_object_set_new(o, "cadence", jw_text(dur));
	json_object_set_new(o, "cadence_days", json_integer(cadence_days));
	json_object_set_new(o, "cadence_source", jw_text(cadence_sources[a->cadence_source]));
	json_object_set_new(o, "repair_override", json_boolean(a->repair_override));
	json_object_set_new(o, "next_due", jw_day(a->has_last, a->next_due));
	json_object_set_new(o, "days_overdue", json_int_or_null(a->has_last, a->days_overdue));
	json_object_set_new(o, "trust", jw_text(trust_name(a->trust)));
	json_object_set_new(o, "trust_since",
			    jw_day(a->trust_entry != NULL, a->trust_entry ? a->trust_entry->day : 0));
	json_object_set_new(o, "fit", jw_text(fit_name(c->fit)));
	json_object_set_new(o, "snooze", jw_day(c->has_snooze, c->snooze));
	json_object_set_new(o, "last_thanks", jw_day(a->has_thanks, a->last_thanks));
	json_object_set_new(o, "satisfaction",
			    json_int_or_null(a->satisfaction_latest != 0, a->satisfaction_latest));
	json_object_set_new(o, "needs_attention", json_boolean(audit_needs_attention(a)));
	json_object_set_new(o, "flags", json_flags(a));
	json_object_set_new(o, "reasons", jw_texts(a->reasons, a->nreasons));
	for (size_t i = 0; i < a->noverdue; i++) {
		const struct promise *p = a->overdue[i];
		json_t *po = json_object();

		json_object_set_new(po, "text", jw_text(p->text));
		json_object_set_new(po, "due", jw_day(p->has_due, p->due));
		json_object_set_new(po, "file", jw_text(p->path));
		json_object_set_new(po, "line", json_integer(p->line));
		json_array_append_new(promises, po);
	}
	json_object_set_new(o, "promises_overdue", promises);
	return o;
}

/* The clients of status --json, one at a time. */
struct client_stream {
	const struct notebook *nb;
	const struct audit *v;
	size_t n, i;
};

static json_t *next_client(void *ctx)
{
	struct client_stream *cs = ctx;

	return cs->i < cs->n ? json_client(cs->nb, &cs->v[cs->i++]) : NULL;
}

static void print_json(const struct notebook *nb, const struct audit *v, size_t n,
		       const struct tally *t, day_t as_of)
{
	json_t *doc = json_object(), *sum = json_object();
	json_t *states = json_object(), *trust = json_object();
	struct client_stream cs = { nb, v, n, 0 };
	struct jw_stream stream = { "clients", next_client, &cs };
	struct buf line = BUF_INIT;

	json_object_set_new(doc, "as_of", jw_day(1, as_of));
	json_object_set_new(doc, "clients", json_array());
	json_object_set_new(sum, "audited", json_integer((json_int_t)t->audited));
	json_object_set_new(sum, "attention", json_integer((json_int_t)t->attention));
	for (int s = STATE_STALE; s <= STATE_OK; s++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += v[i].state == (enum contact_state)s;
		json_object_set_new(states, state_name(s), json_integer((json_int_t)count));
	}
	json_object_set_new(sum, "states", states);
	json_object_set_new(sum, "snoozed", json_integer((json_int_t)t->snoozed));
	json_object_set_new(sum, "clients_with_promises_overdue",
			    json_integer((json_int_t)t->promise_clients));
	json_object_set_new(sum, "promises_overdue", json_integer((json_int_t)t->promises));
	json_object_set_new(trust, "strained", json_integer((json_int_t)t->trust[TRUST_STRAINED]));
	json_object_set_new(trust, "repairing", json_integer((json_int_t)t->trust[TRUST_REPAIRING]));
	json_object_set_new(sum, "trust", trust);
	json_object_set_new(sum, "thanks_missing", json_integer((json_int_t)t->thanks));
	json_object_set_new(sum, "fit", json_integer((json_int_t)t->fit));
	json_object_set_new(sum, "satisfaction_low", json_integer((json_int_t)t->satisfaction));
	json_object_set_new(sum, "left_out", json_integer((json_int_t)t->left_out));
	summary_line(t, &line);
	json_object_set_new(sum, "text", jw_text(buf_str(&line)));
	json_object_set_new(doc, "summary", sum);
	jw_print_stream(stdout, doc, &stream, &status_layout);
	buf_release(&line);
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
		int ret = report_filter_option(c, optarg, status_usage, &o->f);

		if (ret >= 0) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 'a':
			o->all = 1;
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
	no_owner = filter_check(&nb, o.f.tag, o.f.owner);
	if (no_owner < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (report_day(o.f.has_as_of, o.f.as_of, &today) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}

	v = xcalloc(nb.nclients ? nb.nclients : 1, sizeof(*v));
	for (size_t i = 0; i < nb.nclients; i++) {
		const struct client *c = &nb.clients[i];
		if (!client_is_audited(c) || !report_filter_keeps(&nb, &o.f, c))
			continue;
		audit_client(&nb, c, today, &v[n]);
		if (o.f.states && !(o.f.states & 1u << v[n].state)) {
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
