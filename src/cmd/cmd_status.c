/* notebook status: the staleness audit of notebook-format(5), "The staleness rules". */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache/index.h"
#include "colors.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "json.h"
#include "load.h"
#include "report.h"
#include "stale.h"
#include "tally.h"
#include "term.h"
#include "text.h"
#include "util.h"
#include "status_rows.h"

static const char status_usage[] =
	"usage: notebook status [--as-of DATE] [--all] [--tag TAG] [--owner OWNER]\n"
	"                       [--tier TIER,...] [--state STATE,...] [--json]\n"
	"                       [--exit-code] [--no-color]\n";

struct status_opts {
	int all, json, exit_code, no_color;
	struct report_filter f;
};

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
static int shows_name(const struct term *term, const struct srow *c)
{
	if (!c->name || !*c->name)
		return 0;
	/* A pipe keeps every column, for whatever reads it. */
	return !term->tty || !name_repeats_id(c->name, c->id);
}

/* Whether the table lists the row: with --state every one (the user named them), else those that need attention, all with --all. */
static int row_listed(const struct srow *a, const struct status_opts *o)
{
	return o->all || o->f.states || a->attention;
}

/*
 * On a terminal the NAME column goes when every name only repeats its
 * id, and a name goes under its id when a column of its own would leave
 * WHY less than WHY_MIN columns: *names and *stack.
 */
static void text_layout(const struct term *term, const struct srows *rows,
			const struct status_opts *o, int *names, int *stack)
{
	size_t idw = 6, namew = 0;

	*names = *stack = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const struct srow *c = &rows->v[i];
		size_t w;

		if (!row_listed(c, o))
			continue;
		w = utf8_width(c->id, strlen(c->id));
		idw = w > idw ? w : idw;
		if (shows_name(term, c)) {
			*names = 1;
			w = utf8_width(c->name, strlen(c->name));
			namew = w > namew ? w : namew;
		}
	}
	if (!term->tty)
		*names = 1;
	else if (*names && (size_t)term->width < 7 + 2 + idw + 2 + namew + 2 + WHY_MIN)
		*stack = 1;
	if (*stack)
		*names = 0;
}

/* A row's cells into the table. */
static void text_row(struct table *tb, const struct term *term, const struct srow *a, int names,
		     int stack, struct buf *cell)
{
	table_add(tb, state_name(a->state), (enum term_color)a->color);
	buf_reset(cell);
	buf_add_escaped_str(cell, a->id);
	if (stack && shows_name(term, a)) {
		buf_addc(cell, '\n');
		buf_add_escaped_str(cell, a->name);
	}
	table_add(tb, buf_str(cell), COLOR_NONE);
	if (names) {
		buf_reset(cell);
		if (shows_name(term, a))
			buf_add_escaped_str(cell, a->name);
		table_add(tb, buf_str(cell), COLOR_NONE);
	}
	/* One part a reason: "; " between them on one line, a line each when wrapped. */
	buf_reset(cell);
	for (size_t k = 0; k < a->nreasons; k++) {
		if (k)
			buf_addc(cell, '\n');
		buf_add_escaped_str(cell, a->reasons[k]);
	}
	table_add(tb, buf_str(cell), COLOR_NONE);
}

static void print_text(FILE *out, const struct term *tp, const struct srows *rows,
		       const struct tally *t, const struct status_opts *o)
{
	struct term term = *tp;
	struct table tb;
	struct buf cell = BUF_INIT;
	size_t shown = 0;
	int names, stack;

	text_layout(&term, rows, o, &names, &stack);
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
	for (size_t i = 0; i < rows->n; i++) {
		if (!row_listed(&rows->v[i], o))
			continue;
		shown++;
		text_row(&tb, &term, &rows->v[i], names, stack, &cell);
	}
	if (shown)
		table_print(&tb, &term, out);
	buf_reset(&cell);
	summary_line(t, &cell);
	if (shown)
		fputc('\n', out);
	term_print_wrapped(&term, out, buf_str(&cell), 0, 2);
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

/* An array of the strings v[0..n), `depth` levels in (jw_texts()'s value). */
static void put_texts(struct buf *out, char *const *v, size_t n, int depth)
{
	struct jw_obj a;

	jw_open(&a, out, &status_layout, depth, jw_flat(&status_layout, depth, n, 0), '[');
	for (size_t i = 0; i < n; i++) {
		jw_next(&a);
		jw_put_text(out, v[i]);
	}
	jw_close(&a);
}

static void put_promises(struct buf *out, const struct audit *a, int depth)
{
	struct jw_obj v;

	jw_open(&v, out, &status_layout, depth, jw_flat(&status_layout, depth, a->noverdue, 1),
		'[');
	for (size_t i = 0; i < a->noverdue; i++) {
		const struct promise *p = a->overdue[i];
		struct jw_obj po;

		jw_next(&v);
		jw_open(&po, out, &status_layout, depth + 1, jw_flat(&status_layout, depth + 1, 4, 0),
			'{');
		jw_key(&po, "text");
		jw_put_text(out, p->text);
		jw_key(&po, "due");
		jw_put_day(out, p->has_due, p->due);
		jw_key(&po, "file");
		jw_put_text(out, p->path);
		jw_key(&po, "line");
		jw_put_int(out, p->line);
		jw_close(&po);
	}
	jw_close(&v);
}

/*
 * One client of status --json, `depth` levels in, written as it is read
 * (json.h, jw_open()): 2,000 clients made as jansson objects cost more
 * than the rest of the output.
 */
static void put_client(const struct notebook *nb, const struct audit *a, struct buf *out,
		       int depth)
{
	const struct client *c = a->client;
	char names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE], *flags[AUDIT_NFLAGS];
	int nflags = audit_flag_names(a, names);
	char dur[16];
	int cadence_days = a->cadence_days;
	struct jw_obj o;

	if (!a->has_last)
		cadence_days = date_add(a->as_of, a->cadence, 1) - a->as_of;
	duration_format(a->cadence, dur, sizeof(dur));
	for (int i = 0; i < nflags; i++)
		flags[i] = names[i];
	jw_open(&o, out, &status_layout, depth,
		jw_flat(&status_layout, depth, 26, c->ntags || nflags || a->nreasons || a->noverdue),
		'{');
	jw_key(&o, "id");
	jw_put_text(out, c->id);
	jw_key(&o, "name");
	jw_put_text(out, c->name);
	jw_key(&o, "status");
	jw_put_text(out, status_name(c->status));
	jw_key(&o, "tier");
	jw_put_text(out, tier_name(c->tier));
	jw_key(&o, "owner");
	jw_put_text(out, client_owner(nb, c));
	jw_key(&o, "tags");
	put_texts(out, c->tags, c->ntags, depth + 1);
	jw_key(&o, "state");
	jw_put_text(out, state_name(a->state));
	jw_key(&o, "last_contact");
	jw_put_day(out, a->has_last, a->last);
	jw_key(&o, "last_kind");
	jw_put_text(out, a->last_entry ? kind_name(a->last_entry->kind) : NULL);
	jw_key(&o, "days_since");
	jw_put_int_or_null(out, a->has_last, a->days_since);
	jw_key(&o, "cadence");
	jw_put_text(out, dur);
	jw_key(&o, "cadence_days");
	jw_put_int(out, cadence_days);
	jw_key(&o, "cadence_source");
	jw_put_text(out, cadence_sources[a->cadence_source]);
	jw_key(&o, "repair_override");
	buf_adds(out, a->repair_override ? "true" : "false");
	jw_key(&o, "next_due");
	jw_put_day(out, a->has_last, a->next_due);
	jw_key(&o, "days_overdue");
	jw_put_int_or_null(out, a->has_last, a->days_overdue);
	jw_key(&o, "trust");
	jw_put_text(out, trust_name(a->trust));
	jw_key(&o, "trust_since");
	jw_put_day(out, a->trust_entry != NULL, a->trust_entry ? a->trust_entry->day : 0);
	jw_key(&o, "fit");
	jw_put_text(out, fit_name(c->fit));
	jw_key(&o, "snooze");
	jw_put_day(out, c->has_snooze, c->snooze);
	jw_key(&o, "last_thanks");
	jw_put_day(out, a->has_thanks, a->last_thanks);
	jw_key(&o, "satisfaction");
	jw_put_int_or_null(out, a->satisfaction_latest != 0, a->satisfaction_latest);
	jw_key(&o, "needs_attention");
	buf_adds(out, audit_needs_attention(a) ? "true" : "false");
	jw_key(&o, "flags");
	put_texts(out, flags, (size_t)nflags, depth + 1);
	jw_key(&o, "reasons");
	put_texts(out, a->reasons, a->nreasons, depth + 1);
	jw_key(&o, "promises_overdue");
	put_promises(out, a, depth + 1);
	jw_close(&o);
}

/* The depth a client's object is written at in status --json (jw_print_stream()'s elements). */
#define ROW_DEPTH 2

static void client_put(void *ctx, size_t i, struct buf *out, int depth)
{
	const struct srows *rows = ctx;

	(void)depth;
	buf_add(out, rows->v[i].json, rows->v[i].jsonlen);
}

static void print_json(FILE *out, const struct srows *rows, const struct tally *t, day_t as_of)
{
	json_t *doc = json_object(), *sum = json_object();
	json_t *states = json_object(), *trust = json_object();
	struct jw_stream stream = { "clients", NULL, (void *)rows, NULL, rows->n, client_put };
	struct buf line = BUF_INIT;

	json_object_set_new(doc, "as_of", jw_day(1, as_of));
	json_object_set_new(doc, "clients", json_array());
	json_object_set_new(sum, "audited", json_integer((json_int_t)t->audited));
	json_object_set_new(sum, "attention", json_integer((json_int_t)t->attention));
	for (int s = STATE_STALE; s <= STATE_OK; s++) {
		size_t count = 0;
		for (size_t i = 0; i < rows->n; i++)
			count += rows->v[i].state == s;
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
	jw_print_stream(out, doc, &stream, &status_layout);
	buf_release(&line);
}

/* What the printers need of audit `a`, as a row of `rows`. */
static void flatten(struct srows *rows, const struct notebook *nb, const struct audit *a, int json)
{
	struct srow *w = srows_add(rows);
	const struct client *c = a->client;

	w->id = srows_dup(rows, c->id, strlen(c->id));
	w->name = c->name ? srows_dup(rows, c->name, strlen(c->name)) : NULL;
	w->nreasons = a->nreasons;
	w->reasons = arena_alloc(&rows->mem, (a->nreasons ? a->nreasons : 1) * sizeof(*w->reasons));
	for (size_t k = 0; k < a->nreasons; k++)
		w->reasons[k] = srows_dup(rows, a->reasons[k], strlen(a->reasons[k]));
	w->noverdue = a->noverdue;
	w->promises = arena_alloc(&rows->mem, (a->noverdue ? a->noverdue : 1) * sizeof(*w->promises));
	for (size_t k = 0; k < a->noverdue; k++) {
		char *p = xasprintf("%s:%d", a->overdue[k]->path, a->overdue[k]->line);
		w->promises[k] = srows_dup(rows, p, strlen(p));
		free(p);
	}
	if (json) {
		struct buf b = BUF_INIT;

		put_client(nb, a, &b, ROW_DEPTH);
		w->json = srows_dup(rows, b.data, b.len);
		w->jsonlen = b.len;
		buf_release(&b);
	}
	w->urgency = a->urgency;
	w->due0 = a->urgency == URGENCY_PROMISE ? a->overdue[0]->due : 0;
	w->days_overdue = a->days_overdue;
	w->nflags = audit_flag_count(a);
	w->state = a->state;
	w->trust = a->trust;
	w->attention = audit_needs_attention(a);
	w->color = audit_color(a);
	w->flags = a->flags;
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

/*
 * The key of status's answer (index_answer()): everything its output
 * depends on besides the files and the cache's fingerprint (this program,
 * notebook.yaml, the schemas, the timezone): the arguments, the day, the
 * terminal and the prefix of printed paths.
 */
static void answer_key(struct buf *key, int argc, char **argv, day_t today,
		       const struct term *term, const char *display)
{
	buf_printf(key, "status\n%d\n%d %d %d %d\n%s\n", (int)today, term->tty, term->color,
		   term->width, term->utf8, display ? display : "");
	for (int i = 1; i < argc; i++) {
		buf_adds(key, argv[i]);
		buf_addc(key, '\0');
	}
}

/*
 * With the file-system monitor on, the day (in the notebook's timezone)
 * and the answer kept for it: 1 when it was printed (*ret: its status).
 */
static int replayed(struct index *ix, const struct buf *key, int *ret)
{
	struct buf out = BUF_INIT;
	int hit;

	if (!ix || !key->len)
		return 0;
	hit = index_answer(ix, key->data, key->len, &out, ret);
	if (hit)
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&out);
	return hit;
}

/* The day status reports on: --as-of, else today in the notebook's timezone. */
static int status_day(struct cmd_ctx *ctx, const struct status_opts *o, day_t *today,
		      int *settled)
{
	struct notebook s;
	struct diags d = DIAGS_INIT;

	*settled = 0;
	if (o->f.has_as_of)
		return report_day(1, o->f.as_of, today);
	/* notebook.yaml's timezone, when it reads without a word to say */
	if (notebook_load_settings(ctx->root, &s, &d) == 0 && !d.n)
		*settled = 1;
	notebook_release(&s);
	diags_release(&d);
	return *settled ? report_day(0, 0, today) : 0;
}

struct status_run {
	struct notebook nb;
	struct audit *v;
	size_t n, left_out, said;
	struct srows rows; /* what is printed of each audit, sorted */
	struct tally t;
	int no_owner;
	int loaded; /* nb is to be released */
	struct status_delta sd; /* the kept answer a few changed files are taken into */
	int delta;              /* it was: nb holds only the clients to redo */
};

/* A run of clients audited by one thread: audits[i] for clients[i], kept[i] when listed. */
struct audit_run {
	const struct notebook *nb;
	const struct status_opts *o;
	day_t today;
	struct audit *v;
	unsigned char *kept;
	size_t from, to;
	pthread_t tid;
	int started;
};

static void *audit_some(void *arg)
{
	struct audit_run *a = arg;

	for (size_t i = a->from; i < a->to; i++) {
		const struct client *c = &a->nb->clients[i];
		if (!client_is_audited(c) || !report_filter_keeps(a->nb, &a->o->f, c))
			continue;
		audit_client(a->nb, c, a->today, &a->v[i]);
		if (a->o->f.states && !(a->o->f.states & 1u << a->v[i].state)) {
			audit_release(&a->v[i]);
			continue;
		}
		a->kept[i] = 1;
	}
	return NULL;
}

/* Clients a thread takes at least. */
#define AUDIT_RUN_MIN 512

/*
 * Audits the clients the filters keep into r->v (r->n of them), in runs
 * over the processors: each client's audit reads the model and writes its
 * own slot, nothing else.
 */
static void audit_clients(struct status_run *r, const struct status_opts *o, day_t today)
{
	long cpus = online_cpus();
	size_t n = r->nb.nclients, nruns = cpus > 1 ? (size_t)cpus : 1;
	unsigned char *kept = xcalloc(n ? n : 1, 1);
	struct audit_run runs[8];

	r->v = xcalloc(n ? n : 1, sizeof(*r->v));
	if (nruns > ARRAY_SIZE(runs))
		nruns = ARRAY_SIZE(runs);
	if (nruns > n / AUDIT_RUN_MIN)
		nruns = n / AUDIT_RUN_MIN ? n / AUDIT_RUN_MIN : 1;
	for (size_t k = 0; k < nruns; k++) {
		runs[k] = (struct audit_run){ &r->nb, o, today, r->v, kept, n * k / nruns,
					      n * (k + 1) / nruns, 0, 0 };
		if (k)
			runs[k].started = !pthread_create(&runs[k].tid, NULL, audit_some, &runs[k]);
	}
	audit_some(&runs[0]);
	for (size_t k = 1; k < nruns; k++) {
		if (runs[k].started)
			pthread_join(runs[k].tid, NULL);
		else
			audit_some(&runs[k]);
	}
	/* the kept ones to the front, in order */
	for (size_t i = 0; i < n; i++)
		if (kept[i])
			r->v[r->n++] = r->v[i];
	free(kept);
}

/* The answer kept for the files as they are, asked by the load (struct load_early). */
struct early_answer {
	struct index *ix;
	const struct buf *key;
	int status;
	struct status_run *r;
};

static int answer_early(void *arg)
{
	struct early_answer *e = arg;
	struct buf out = BUF_INIT;
	int hit = index_stat_answer(e->ix, e->key->data, e->key->len, &out, &e->status);

	if (hit)
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&out);
	return hit;
}

/* Counts the status runs a delta made, for the tests: NOTEBOOK_STATUS_DELTA_LOG names a file. */
static void delta_log(void)
{
	const char *path = getenv("NOTEBOOK_STATUS_DELTA_LOG");
	FILE *f = path && *path ? fopen(path, "a") : NULL;

	if (f) {
		fputs("delta\n", f);
		fclose(f);
	}
}

/* A few files changed since the answer kept: its rows, with those they touch to redo (status_delta.c). */
static int delta_early(void *arg, struct load_delta *dl)
{
	struct early_answer *e = arg;
	struct status_delta *sd = &e->r->sd;
	int status;

	if (!index_stat_parts(e->ix, e->key->data, e->key->len, &sd->out, &sd->parts, &status))
		return 0;
	if (!status_delta_plan(sd, dl)) {
		srows_release(&sd->rows);
		buf_reset(&sd->map);
		return 0;
	}
	e->r->delta = 1;
	delta_log();
	return 1;
}

/* The audits made rows (after the kept ones of a delta), sorted and counted. */
static void make_rows(struct status_run *r, const struct status_opts *o)
{
	size_t kept = 0;

	if (r->delta) {
		r->rows = r->sd.rows;
		memset(&r->sd.rows, 0, sizeof(r->sd.rows));
		kept = r->rows.n;
	}
	for (size_t i = 0; i < r->n; i++)
		flatten(&r->rows, &r->nb, &r->v[i], o->json);
	/* the kept rows are in order already: the new ones are merged in */
	srows_sort_from(&r->rows, kept);
	srows_tally(&r->rows, &r->t);
	r->t.left_out = r->left_out;
}

/*
 * Loads and audits; the exit status when it cannot, or when the load gave
 * the answer kept under `key` (when set) for the files as they are; else -1.
 */
static int audit_all(struct cmd_ctx *ctx, struct index *ix, const struct status_opts *o,
		     struct status_run *r, day_t *today, const struct buf *key)
{
	struct early_answer e = { ix, key, 0, r };
	struct load_early early = { answer_early, delta_early, &e };
	int rc;

	r->sd.json = o->json;
	r->sd.tag_or_owner = o->f.tag || o->f.owner;
	rc = report_load_indexed(ctx, ix, &r->nb, &r->left_out, &r->said, key->len ? &early : NULL);
	if (rc < 0)
		return EXIT_NO_NOTEBOOK;
	r->loaded = 1;
	if (rc == 1)
		return e.status;
	/* a delta: --tag and --owner found what they did (status_delta_plan()) */
	r->no_owner = r->delta ? 0 : filter_check(&r->nb, o->f.tag, o->f.owner);
	if (r->no_owner < 0)
		return EXIT_USAGE;
	if (report_day(o->f.has_as_of, o->f.as_of, today) < 0)
		return EXIT_USAGE;
	audit_clients(r, o, *today);
	make_rows(r, o);
	return -1;
}

/*
 * Whether the audit has findings: a file left out of it may hide
 * anything, and an owner no client has may be a misspelt name: not "all
 * well" (notebook(1), EXIT STATUS).
 */
static int has_findings(const struct status_run *r)
{
	if (r->left_out > 0 || r->no_owner > 0)
		return 1;
	for (size_t i = 0; i < r->rows.n; i++) {
		const struct srow *a = &r->rows.v[i];
		if (a->state == STATE_OVERDUE || a->state == STATE_STALE ||
		    (a->flags & FLAG_PROMISE_OVERDUE))
			return 1;
	}
	return 0;
}

static void print_audit(FILE *out, const struct status_run *r, const struct term *term,
			const struct status_opts *o, day_t today)
{
	if (o->json)
		print_json(out, &r->rows, &r->t, today);
	else
		print_text(out, term, &r->rows, &r->t, o);
}

/* Keeps the answer `text` and its parts (the rows and which entries name which clients). */
static void keep_answer(struct index *ix, const struct buf *key, struct status_run *r,
			const struct status_opts *o, const char *text, size_t len, int ret)
{
	struct buf map = BUF_INIT, parts = BUF_INIT;

	if (!r->delta)
		status_map_make(&r->nb, &map);
	status_parts_encode(&parts, &r->rows, o->json, text, len, r->delta ? &r->sd.map : &map);
	index_keep_answer(ix, key->data, key->len, text, len, &parts, ret);
	buf_release(&parts);
	buf_release(&map);
}

int cmd_status(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct status_opts o = { 0 };
	struct status_run r = { 0 };
	struct index *ix;
	struct term term;
	struct buf key = BUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	day_t today;
	int ret, settled;

	ret = parse_options(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	term_init(&term, stdout, o.no_color);
	ix = notebook_index_open(ctx->root, INDEX_DEFER);
	if (index_answers_on(ix)) {
		if (status_day(ctx, &o, &today, &settled) < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		if (o.f.has_as_of || settled)
			answer_key(&key, argc, argv, today, &term, ctx->display);
	}
	if (replayed(ix, &key, &ret))
		goto out;
	index_read(ix);
	ret = audit_all(ctx, ix, &o, &r, &today, &key);
	if (ret >= 0)
		goto out;
	/* a delta that writes no rows keeps no answer: the kept one stands (load_delta_stores()) */
	if (r.delta && !r.sd.keep)
		key.len = 0;
	/* printed once whole, to be kept as it was printed */
	out = key.len ? open_memstream(&text, &len) : NULL;
	if (out && (print_audit(out, &r, &term, &o, today), fclose(out) == 0)) {
		fwrite(text, 1, len, stdout);
	} else {
		key.len = 0;
		print_audit(stdout, &r, &term, &o, today);
	}
	ret = o.exit_code && has_findings(&r) ? EXIT_FINDINGS : EXIT_OK;
	/* an answer with something said on stderr is not kept: it would say it no more */
	if (key.len && !r.said && !r.left_out && !r.no_owner)
		keep_answer(ix, &key, &r, &o, text, len, ret);
out:
	/* main() returns next: the model and the audit go with the process (util.h) */
	for (size_t i = 0; i < r.n && !LEFT_AT_EXIT; i++)
		audit_release(&r.v[i]);
	if (!LEFT_AT_EXIT)
		free(r.v);
	srows_release(&r.rows);
	status_delta_release(&r.sd);
	if (r.loaded && !LEFT_AT_EXIT)
		notebook_release(&r.nb);
	free(text);
	buf_release(&key);
	index_close(ix);
	return ret;
}
