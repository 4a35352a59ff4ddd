/*
 * The practice report: figures computed from the parsed notebook and the
 * audit (stale.h), written as one HTML page (notebook(1), "report").
 *
 * Decisions (keep them in step with notebook(1) and the README):
 * - The report covers the clients `status` audits, after --owner and
 *   --tag: active and prospect ones. The window is the last N calendar
 *   months, T's month the last; each month "ends" on its last day, T's
 *   month on T. Nothing after T is read.
 * - The state at a month's end is the audit recomputed as of that day
 *   (audit_client()). A client counts from the month its relationship
 *   started (`since`, else its first entry; a client with neither counts
 *   throughout); at T every client counts, as in `status`.
 * - Heatmap: a month's cell holds the client's entries of a contact kind
 *   (all but `note`) that month; a month without contact at whose end the
 *   client was overdue or stale is marked missed.
 * - A promise's outcome as of T: kept on time (ticked with a day on or
 *   before its due day, or ticked with a day and no due day), kept late,
 *   open past due, open, or done without the day written (old ticks). The
 *   practice's share kept on time counts the promises due in each month:
 *   on time / (on time + late + open past due). A promise of an entry
 *   naming two clients counts once.
 * - Days between contacts: the gaps between a client's distinct contact
 *   days that end in the window (the first measured from the last contact
 *   before it); the median against the cadence of the audit at T.
 * - Thanks sent: `thanks` entries in each month, each entry once.
 */
#include "html/report_html.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "choice.h"
#include "html/html.h"
#include "fsutil.h"
#include "load.h"
#include "report.h"
#include "stale.h"
#include "tally.h"
#include "util.h"
#include "varint.h"

/* Okabe and Ito's colours, told apart with every common colour blindness. */
#define OI_ORANGE "#E69F00"
#define OI_SKY "#56B4E9"
#define OI_GREEN "#009E73"
#define OI_YELLOW "#F0E442"
#define OI_BLUE "#0072B2"
#define OI_VERMILLION "#D55E00"
#define OI_PURPLE "#CC79A7"
#define OI_GREY "#999999"

enum outcome { OUT_ON_TIME, OUT_LATE, OUT_OVERDUE, OUT_OPEN, OUT_UNDATED, OUT_COUNT };

static const char *const outcome_words[OUT_COUNT] = {
	"kept on time", "kept late", "open, past due", "open", "done, day not written",
};
static const char *const outcome_class[OUT_COUNT] = {
	"ontime", "late", "overdue", "open", "undated",
};

static const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* The fill of each contact state in charts, and its text colour on it. */
static const char *const state_fill[STATE_OK + 1] = {
	[STATE_STALE] = OI_VERMILLION, [STATE_OVERDUE] = OI_ORANGE, [STATE_NEVER] = OI_PURPLE,
	[STATE_DUE] = OI_YELLOW, [STATE_SNOOZED] = OI_SKY, [STATE_OK] = OI_GREEN,
};

struct month {
	day_t first, end; /* end: its last day, or T in T's month */
	int y, m;
};

struct row {
	const struct client *c;
	struct audit audit;   /* as of T */
	signed char *state;   /* per month: the contact state at its end; -1 before the client counts */
	int *contacts;        /* per month: entries of a contact kind */
	int median_gap;       /* days; -1 with no gap in the window */
	int ngaps;
	size_t first, n;      /* read a part at a time: its entries, r->slims[first..first + n) */
};

/*
 * An entry as a client's figures need it, read a part at a time
 * (report_html_scan()): no text, and where it is whole for its client's
 * section (its record in the spill file, else its file's place in the
 * notebook, to read it again). One for each client of the report it names.
 */
struct slim {
	int64_t instant;
	/*
	 * Where it is: its record's offset in the spill file (r->spill), else
	 * its part << 32 and where its file is among the part's; either is in
	 * path order.
	 */
	uint64_t at;
	uint32_t client;      /* index in nb->clients */
	uint32_t len;         /* its record's length in the spill file */
	day_t day;
	unsigned char kind;   /* with SLIM_PROMISES when it has promises (r->proms, by `at`) */
	signed char trust;
	unsigned char sat;
};

#define SLIM_PROMISES 0x80

/* An entry's promises, kept from the first reading (an overdue one is an audit's reason). */
struct prom_set {
	uint64_t at;          /* its slims' */
	struct promise *v;
	size_t n;
};

struct report {
	const struct notebook *nb;
	const struct report_opts *o;
	struct month *mon;
	int nmon;
	day_t start;               /* the window's first day */
	struct row *rows;          /* in the audit's order, most urgent first */
	size_t nrows;
	unsigned char *in;         /* by index in nb->clients: in the report */
	int (*states)[STATE_OK + 1]; /* per month */
	int *thanks;               /* per month */
	int (*promises)[OUT_COUNT]; /* per month that promises fall due in */
	int ptotal[OUT_COUNT];     /* the window's */
	int nchart;                /* for ids of chart titles */
	/* read a part at a time (report_html_scan()); lp NULL: the whole notebook is in nb */
	struct load_parts *lp;
	struct slim *slims;
	size_t nslims, slims_alloc;
	struct prom_set *proms;
	size_t nproms, proms_alloc;
	struct arena mem;          /* the promises' */
	/* the entries of the report's clients, whole, as the first reading wrote them (-1: none) */
	int spill;
	uint64_t spilled;
	struct buf out;            /* the spill file's bytes still to write */
	int spill_failed;
	int changed;               /* a part's files changed between two readings */
};

/* The month of the window holding `day`, or -1. */
static int month_index(const struct report *r, day_t day)
{
	int y, m, d, k;

	if (day < r->start || day > r->o->as_of)
		return -1;
	date_to_ymd(day, &y, &m, &d);
	k = (y * 12 + m - 1) - (r->mon[0].y * 12 + r->mon[0].m - 1);
	return k >= 0 && k < r->nmon ? k : -1;
}

static void make_months(struct report *r)
{
	int y, m, d;

	date_to_ymd(r->o->as_of, &y, &m, &d);
	r->nmon = r->o->months;
	r->mon = xcalloc((size_t)r->nmon, sizeof(*r->mon));
	for (int k = r->nmon - 1; k >= 0; k--) {
		struct month *mo = &r->mon[k];
		day_t next;

		mo->y = y;
		mo->m = m;
		date_from_ymd(y, m, 1, &mo->first);
		if (m == 12)
			date_from_ymd(y + 1, 1, 1, &next);
		else
			date_from_ymd(y, m + 1, 1, &next);
		mo->end = k == r->nmon - 1 ? r->o->as_of : next - 1;
		if (--m == 0) {
			m = 12;
			y--;
		}
	}
	r->start = r->mon[0].first;
}

/* Whether the relationship had started by `day` (notebook(1), report). */
static int client_started(const struct client *c, day_t day)
{
	if (c->has_since)
		return c->since <= day;
	return !c->nentries || c->entries[0]->day <= day;
}

static enum outcome promise_outcome(const struct promise *p, day_t t)
{
	if (p->done && !(p->has_done_on && p->done_on > t)) {
		if (!p->has_done_on)
			return OUT_UNDATED;
		return p->has_due && p->done_on > p->due ? OUT_LATE : OUT_ON_TIME;
	}
	return p->has_due && p->due < t ? OUT_OVERDUE : OUT_OPEN;
}

static int int_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

/* The median of the gaps between contact days that end in the window. */
static void contact_gaps(const struct report *r, struct row *w)
{
	const struct client *c = w->c;
	int *gaps = NULL;
	size_t n = 0, alloc = 0;
	int has_prev = 0;
	day_t prev = 0;

	w->median_gap = -1;
	w->ngaps = 0;
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->kind == KIND_NOTE || e->day > r->o->as_of)
			continue;
		if (has_prev && e->day == prev)
			continue;
		if (has_prev && e->day >= r->start) {
			ALLOC_GROW(gaps, n + 1, alloc);
			gaps[n++] = e->day - prev;
		}
		prev = e->day;
		has_prev = 1;
	}
	if (n) {
		qsort(gaps, n, sizeof(*gaps), int_cmp);
		w->median_gap = n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2] + 1) / 2;
		w->ngaps = (int)n;
	}
	free(gaps);
}

static void fill_row(struct report *r, struct row *w)
{
	const struct client *c = w->c;

	w->state = xcalloc((size_t)r->nmon, sizeof(*w->state));
	w->contacts = xcalloc((size_t)r->nmon, sizeof(*w->contacts));
	for (int k = 0; k < r->nmon; k++) {
		if (k < r->nmon - 1 && !client_started(c, r->mon[k].end)) {
			w->state[k] = -1;
			continue;
		}
		if (k == r->nmon - 1)
			w->state[k] = (signed char)w->audit.state;
		else
			w->state[k] = (signed char)audit_state(r->nb, c, r->mon[k].end);
		r->states[k][w->state[k]]++;
	}
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];
		int k = month_index(r, e->day);

		if (k >= 0 && e->kind != KIND_NOTE)
			w->contacts[k]++;
	}
	contact_gaps(r, w);
}

static void count_promise(struct report *r, const struct promise *p)
{
	enum outcome out;
	int k;

	if (!p->has_due)
		return;
	k = month_index(r, p->due);
	if (k < 0)
		return;
	out = promise_outcome(p, r->o->as_of);
	r->promises[k][out]++;
	r->ptotal[out]++;
}

/* Practice-wide counts over entries: each entry once, however many clients it names. */
static void count_entries(struct report *r)
{
	const struct notebook *nb = r->nb;

	for (size_t i = 0; i < nb->nentries; i++) {
		const struct entry *e = &nb->entries[i];
		int in = 0;

		if (e->day > r->o->as_of)
			continue;
		for (size_t j = 0; j < e->nclients && !in; j++) {
			const struct client *c = model_find_client(nb, e->clients[j]);
			in = c && r->in[c - nb->clients];
		}
		if (!in)
			continue;
		if (e->kind == KIND_THANKS && month_index(r, e->day) >= 0)
			r->thanks[month_index(r, e->day)]++;
		for (size_t j = 0; j < e->npromises; j++)
			count_promise(r, &e->promises[j]);
	}
	for (size_t i = 0; i < r->nrows; i++)
		for (size_t j = 0; j < r->rows[i].c->npromises; j++)
			count_promise(r, &r->rows[i].c->promises[j]);
}

static int row_cmp(const void *x, const void *y)
{
	return audit_cmp(&((const struct row *)x)->audit, &((const struct row *)y)->audit);
}

/* The window, the counts' arrays and the rows of the clients in the report, not yet audited. */
static void report_select(struct report *r)
{
	const struct notebook *nb = r->nb;
	const struct report_opts *o = r->o;

	make_months(r);
	r->states = xcalloc((size_t)r->nmon, sizeof(*r->states));
	r->thanks = xcalloc((size_t)r->nmon, sizeof(*r->thanks));
	r->promises = xcalloc((size_t)r->nmon, sizeof(*r->promises));
	r->in = xcalloc(nb->nclients ? nb->nclients : 1, 1);
	r->rows = xcalloc(nb->nclients ? nb->nclients : 1, sizeof(*r->rows));
	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];

		if (!client_is_audited(c))
			continue;
		if (o->tag && !client_has_tag(c, o->tag))
			continue;
		if (o->owner && !owner_is(nb, c, o->owner))
			continue;
		r->in[i] = 1;
		r->rows[r->nrows++].c = c;
	}
}

static void report_build(struct report *r)
{
	report_select(r);
	for (size_t i = 0; i < r->nrows; i++)
		audit_client(r->nb, r->rows[i].c, r->o->as_of, &r->rows[i].audit);
	qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	for (size_t i = 0; i < r->nrows; i++)
		fill_row(r, &r->rows[i]);
	count_entries(r);
}

static void report_release(struct report *r)
{
	for (size_t i = 0; i < r->nrows; i++) {
		audit_release(&r->rows[i].audit);
		free(r->rows[i].state);
		free(r->rows[i].contacts);
	}
	free(r->rows);
	free(r->in);
	free(r->states);
	free(r->thanks);
	free(r->promises);
	free(r->mon);
	free(r->slims);
	free(r->proms);
	arena_release(&r->mem);
}

/* ---- writing ---- */

static void put_date(struct html *h, day_t day)
{
	char s[11];

	date_format(day, s);
	html_raw(h, s);
}

static void put_month(struct html *h, const struct month *mo)
{
	html_printf(h, "%04d-%02d", mo->y, mo->m);
}

static void put_month_words(struct html *h, const struct month *mo)
{
	html_printf(h, "%s %d", month_abbr[mo->m - 1], mo->y);
}

/* The name a client goes by: its name, else its id. */
static const char *client_label(const struct client *c)
{
	return c->name && *c->name ? c->name : c->id;
}

static void client_link(struct html *h, const struct client *c)
{
	html_raw(h, "<a href=\"#c-");
	html_text(h, c->id);
	html_raw(h, "\">");
	html_text(h, client_label(c));
	html_raw(h, "</a>");
}

static const char css[] =
	":root{--ink:#1b1b1b;--muted:#555;--rule:#d4d4d4;--accent:#0072B2}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0 auto;max-width:64rem;padding:1rem;font:15px/1.45 system-ui,-apple-system,"
	"\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;color:var(--ink);background:#fff;"
	"overflow-wrap:break-word}\n"
	"h1{font-size:1.5rem;margin:.2rem 0}\n"
	"h2{font-size:1.25rem;margin:2.2rem 0 .6rem;border-bottom:2px solid var(--ink)}\n"
	"h3{font-size:1.1rem;margin:0 0 .3rem}\n"
	"h4{font-size:1rem;margin:1rem 0 .3rem}\n"
	"a{color:var(--accent)}\n"
	".muted,figcaption{color:var(--muted)}\n"
	"nav ul,.legend{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}\n"
	"figure{margin:1rem 0}\n"
	"figcaption{font-size:.9rem}\n"
	"svg{display:block;width:100%;height:auto;max-width:100%}svg[viewBox^=\"0 0 400 \"]{max-width:min(100%,600px)}svg.defs{position:absolute;width:0;height:0}\n"
	"svg text{font-family:system-ui,\"DejaVu Sans\",sans-serif;fill:#1b1b1b}\n"
	/* The heatmap's text (its cells: heat_cells()), and the numbers table's columns of months. */
	".hrow text{font-size:10px}.hrow a text{font-size:10.5px}table.heat :is(td,th)+:is(td,th)+:is(td,th){text-align:right;font-variant-numeric:tabular-nums}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0}\n"
	"th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid var(--rule);vertical-align:top}\n"
	"th{font-weight:600;white-space:nowrap}td time{white-space:nowrap}\n"
	/* The timeline's and the promises' cells, by column: day, kind, with, satisfaction, trust, note; promise, made, due, done, outcome. */
	".timeline td:first-child,.stack.promises td:nth-child(n+2):nth-child(-n+4){white-space:nowrap}"
	".timeline td:nth-child(3),.timeline td:nth-child(6),.stack.promises td:first-child{overflow-wrap:anywhere}"
	".timeline :is(td,th):nth-child(4){text-align:right;font-variant-numeric:tabular-nums}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"details{margin:.3rem 0}\n"
	"summary{cursor:pointer;color:var(--muted);font-size:.9rem}\n"
	".big{font-size:1.2rem;font-weight:600}.lead{font-weight:600}\n"
	"ol.att{list-style:none;padding:0}\n"
	".att>li{border-left:.4rem solid " OI_GREY ";padding:.15rem .6rem;margin:.5rem 0}\n"
	".att ul{margin:.1rem 0;padding-left:1.1rem}\n"
	".state{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .35rem;"
	"border:1px solid var(--ink);border-radius:.2rem;margin-right:.3rem}\n"
	".att>li.st-stale,.st-stale{border-color:" OI_VERMILLION "}"
	".att>li.st-overdue,.st-overdue{border-color:" OI_ORANGE "}"
	".att>li.st-never,.st-never{border-color:" OI_PURPLE "}.att>li.st-due,.st-due{border-color:" OI_YELLOW "}"
	".att>li.st-snoozed,.st-snoozed{border-color:" OI_SKY "}.att>li.st-ok,.st-ok{border-color:" OI_GREEN "}\n"
	".client{border-top:1px solid var(--rule);margin-top:1.6rem;padding-top:.8rem}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.05rem .8rem;margin:.4rem 0}\n"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}\n"
	".sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;"
	"border:1px solid #555}\n"
	".out-overdue,.out-late{font-weight:600}\n"
	"@media (max-width:40rem){body{padding:.6rem;font-size:14px}.big{font-size:1.05rem}"
	"table.stack thead{display:none}"
	"table.stack tr{display:block;border-bottom:1px solid var(--rule);padding:.3rem 0}"
	"table.stack td{display:block;border:0;padding:.05rem 0;text-align:left}table.stack td:empty{display:none}"
	"table.stack td::before{color:var(--muted)}.timeline td:nth-child(4){text-align:left}"
	".timeline td:nth-child(1)::before{content:\"day: \"}.timeline td:nth-child(2)::before{content:\"kind: \"}"
	".timeline td:nth-child(3)::before{content:\"with: \"}.timeline td:nth-child(4)::before{content:\"satisfaction: \"}"
	".timeline td:nth-child(5)::before{content:\"trust: \"}.timeline td:nth-child(6)::before{content:\"note: \"}"
	".stack.promises td:nth-child(1)::before{content:\"promise: \"}.stack.promises td:nth-child(2)::before{content:\"made: \"}"
	".stack.promises td:nth-child(3)::before{content:\"due: \"}.stack.promises td:nth-child(4)::before{content:\"done: \"}"
	".stack.promises td:nth-child(5)::before{content:\"outcome: \"}"
	"}\n"
	"@media print{body{max-width:none;font-size:10pt;padding:0}nav,summary{display:none}"
	"figure,tr,.att>li{break-inside:avoid}h2,h3,h4{break-after:avoid}"
	"a{color:inherit;text-decoration:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void write_head(struct html *h, const struct report *r)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 /* Nothing from elsewhere, and no script: the page is all there is. */
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		 "style-src 'unsafe-inline'; img-src data:\">\n"
		 "<meta name=\"generator\" content=\"notebook report\">\n<title>");
	html_raw(h, "Practice report");
	if (r->nb->settings.owner) {
		html_raw(h, ": ");
		html_text(h, r->nb->settings.owner);
	}
	html_raw(h, ", ");
	put_date(h, r->o->as_of);
	html_raw(h, "</title>\n<style>\n");
	html_raw(h, css);
	html_raw(h, "</style>\n</head>\n");
}

static void write_intro(struct html *h, const struct report *r)
{
	const struct report_opts *o = r->o;

	html_printf(h, "<body data-as-of=\"");
	put_date(h, o->as_of);
	html_printf(h, "\" data-months=\"%d\" data-clients=\"%zu\">\n<header>\n<h1>Practice report",
		    r->nmon, r->nrows);
	if (r->nb->settings.owner) {
		html_raw(h, ": ");
		html_text(h, r->nb->settings.owner);
	}
	html_raw(h, "</h1>\n<p>As of <time>");
	put_date(h, o->as_of);
	html_raw(h, "</time>, over the ");
	if (r->nmon == 1)
		html_raw(h, "month of ");
	else
		html_printf(h, "%d months from ", r->nmon);
	put_month_words(h, &r->mon[0]);
	if (r->nmon > 1) {
		html_raw(h, " to ");
		put_month_words(h, &r->mon[r->nmon - 1]);
	}
	html_printf(h, ": %zu client%s", r->nrows, r->nrows == 1 ? "" : "s");
	if (o->owner) {
		html_raw(h, " of owner &#8220;");
		html_text(h, o->owner);
		html_raw(h, "&#8221;");
	}
	if (o->tag) {
		html_raw(h, " tagged &#8220;");
		html_text(h, o->tag);
		html_raw(h, "&#8221;");
	}
	html_raw(h, " (active and prospect).");
	if (o->left_out)
		html_printf(h, " <strong>%zu invalid file%s left out</strong> (<code>notebook check</code> "
			    "names the errors).", o->left_out, o->left_out == 1 ? "" : "s");
	html_raw(h, "</p>\n<nav aria-label=\"Contents\"><ul>"
		 "<li><a href=\"#attention\">Needs attention</a></li>"
		 "<li><a href=\"#heatmap\">Contact by month</a></li>"
		 "<li><a href=\"#practice\">The practice</a></li>"
		 "<li><a href=\"#clients\">Clients</a></li></ul></nav>\n</header>\n");
}

/*
 * The colour of a client in the list: its state's, but one that is ok and
 * needs attention for its flags is not shown green (as `status` colours
 * it): an overdue promise as overdue, the other flags as due.
 */
static const char *attention_class(const struct audit *a)
{
	if (a->state != STATE_OK || !a->flags)
		return state_name(a->state);
	return a->urgency == URGENCY_PROMISE ? "overdue" : "due";
}

/* The attention list, under status's summary line. */
static void write_attention(struct html *h, const struct report *r)
{
	struct audit *v = xcalloc(r->nrows ? r->nrows : 1, sizeof(*v));
	struct tally t = { 0 };
	struct buf line = BUF_INIT;

	/* Copies that only borrow: tally_all() reads them. */
	for (size_t i = 0; i < r->nrows; i++)
		v[i] = r->rows[i].audit;
	tally_all(&t, v, r->nrows);
	summary_line(&t, &line);
	free(v);
	html_printf(h, "<section id=\"attention\">\n<h2>Needs attention</h2>\n"
		    "<p class=\"lead\" data-attention=\"%zu\">", t.attention);
	html_text(h, buf_str(&line));
	html_raw(h, "</p>\n");
	buf_release(&line);
	html_raw(h, "<p class=\"muted\">The audit of <code>notebook status</code>, most urgent first; "
		 "each name leads to the client's section.</p>\n<ol class=\"att\">\n");
	for (size_t i = 0; i < r->nrows; i++) {
		const struct audit *a = &r->rows[i].audit;

		if (!audit_needs_attention(a))
			continue;
		html_printf(h, "<li class=\"st-%s\" data-id=\"", attention_class(a));
		html_text(h, a->client->id);
		html_printf(h, "\" data-state=\"%s\"><span class=\"state st-%s\">%s</span> ",
			    state_name(a->state), state_name(a->state), state_name(a->state));
		client_link(h, a->client);
		html_raw(h, "<ul>");
		for (size_t k = 0; k < a->nreasons; k++) {
			html_raw(h, "<li>");
			html_text(h, a->reasons[k]);
			html_raw(h, "</li>");
		}
		html_raw(h, "</ul></li>\n");
	}
	html_raw(h, "</ol>\n</section>\n");
}

/* <figure><svg role=img aria-labelledby=…><title>TITLE</title>: the opening of a chart. */
static int open_chart(struct html *h, struct report *r, int width, int height, const char *title)
{
	int id = ++r->nchart;

	/*
	 * Scaled to the page's width, and on a wide screen to at most 1.5 times
	 * its own size. Charts are 400 units wide, so that their text stays
	 * readable at a phone's width (notebook(1), report).
	 */
	html_printf(h, "<figure>\n<svg role=\"img\" aria-labelledby=\"chart%d\" viewBox=\"0 0 %d %d\"", id, width,
		    height);
	/* 400 units wide, the most common width, is the style sheet's. */
	if (width != 400)
		html_printf(h, " style=\"max-width:%dpx\"", width * 3 / 2);
	html_printf(h, ">\n<title id=\"chart%d\">", id);
	html_text(h, title);
	html_raw(h, "</title>\n");
	return id;
}

/* Month names along the bottom of a chart whose months start at x0, each w wide. */
static void month_axis(struct html *h, const struct report *r, double x0, double w, int y)
{
	int step = r->nmon <= 12 ? 1 : r->nmon <= 24 ? 2 : r->nmon <= 48 ? 4 : r->nmon <= 72 ? 12 : 24;

	for (int k = 0; k < r->nmon; k++) {
		const struct month *mo = &r->mon[k];

		if ((r->nmon - 1 - k) % step)
			continue;
		if (step >= 12) {
			/* Years apart: the year alone. */
			html_printf(h, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>",
				    x0 + w * k + w / 2, y, mo->y);
			continue;
		}
		html_printf(h, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
			    x0 + w * k + w / 2, y, month_abbr[mo->m - 1]);
		/* The year under January, and under the first month unless January is next to it. */
		if (mo->m == 1 || (k == 0 && (mo->m != 12 || r->nmon == 1)))
			html_printf(h, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%d</text>",
				    x0 + w * k + w / 2, y + 11, mo->y);
	}
	html_raw(h, "\n");
}

static void details_open(struct html *h, const char *what)
{
	html_raw(h, "<details><summary>");
	html_raw(h, what);
	html_raw(h, "</summary>\n<div class=\"scroll\">");
}

static void details_close(struct html *h)
{
	html_raw(h, "</div></details>\n");
}

/* ---- the heatmap ---- */

struct hrow {
	const struct row *w;
	const char *group; /* the owner or tag, NULL for none */
};

static int hrow_cmp(const void *x, const void *y)
{
	const struct hrow *a = x, *b = y;
	int c;

	if (!a->group != !b->group)
		return a->group ? -1 : 1;
	if (a->group && (c = strcasecmp(a->group, b->group)))
		return c;
	if ((c = strcasecmp(client_label(a->w->c), client_label(b->w->c))))
		return c;
	return strcmp(a->w->c->id, b->w->c->id);
}

#define HEAT_LABEL 132
#define HEAT_CADENCE 34
#define HEAT_ROW 18

static const char *heat_fill(int n)
{
	return n <= 0 ? "#EEEEEE" : n == 1 ? "#BFDDF2" : n == 2 ? OI_SKY : OI_BLUE;
}

static int heat_cellw(const struct report *r)
{
	return r->nmon <= 12 ? 20 : r->nmon <= 24 ? 10 : r->nmon <= 48 ? 5 : 2;
}

/*
 * The heatmap's cells, defined once in a hidden SVG and placed with <use>,
 * which keeps a large notebook's page small: #h0 to #h9 hold that many
 * entries (#h9 also more, with the count written over it), #h a dark cell
 * with no count, #hx a month missed. Cells too narrow for a gap between
 * them touch and carry no mark: the colour and the table say it.
 */
static void heat_cells(struct html *h, const struct report *r)
{
	int cw = heat_cellw(r), x = cw < 10 ? 0 : 1, rw = cw < 10 ? cw : cw - 2;

	/* A cell's month k is at x = data-x0 + k * data-w. */
	html_printf(h, "<svg class=\"defs\" aria-hidden=\"true\" data-x0=\"%d\" data-w=\"%d\"><defs>",
		    HEAT_LABEL + HEAT_CADENCE, cw);
	for (int c = 0; c <= 9; c++) {
		html_printf(h, "<g id=\"h%d\"><rect x=\"%d\" y=\"1\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
			    c, x, rw, HEAT_ROW - 2, heat_fill(c));
		if (c && cw >= 10)
			/* Attributes, not the style sheet: a copy placed with <use> may not take its rules. */
			html_printf(h, "<text x=\"%d\" y=\"13\" font-size=\"10\" text-anchor=\"middle\"%s>%d</text>",
				    cw / 2, c >= 3 ? " style=\"fill:#fff\"" : "", c);
		html_raw(h, "</g>");
	}
	html_printf(h, "<rect id=\"h\" x=\"%d\" y=\"1\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, rw,
		    HEAT_ROW - 2, heat_fill(3));
	if (cw >= 10)
		html_printf(h, "<g id=\"hx\"><rect x=\"%d\" y=\"1\" width=\"%d\" height=\"%d\" fill=\"none\" "
			    "stroke=\"" OI_VERMILLION "\" stroke-width=\"2\"/><path d=\"M%d %dl6 6m0 -6l-6 6\" "
			    "stroke=\"" OI_VERMILLION "\" stroke-width=\"1.8\"/></g>", x, rw, HEAT_ROW - 2,
			    cw / 2 - 3, HEAT_ROW / 2 - 3);
	else
		html_printf(h, "<rect id=\"hx\" x=\"0\" y=\"1\" width=\"%d\" height=\"%d\" fill=\"" OI_VERMILLION
			    "\"/>", rw, HEAT_ROW - 2);
	html_raw(h, "</defs></svg>\n");
}

static void heat_group(struct html *h, struct report *r, const struct hrow *v, size_t n,
		       const char *group)
{
	int cellw = heat_cellw(r);
	int x0 = HEAT_LABEL + HEAT_CADENCE;
	int width = x0 + cellw * r->nmon + 4;
	int height = 30 + HEAT_ROW * (int)n + 4;
	struct buf title = BUF_INIT;

	html_raw(h, "<h3>");
	if (group) {
		html_raw(h, r->o->group == GROUP_TAG ? "Tag " : "Owner ");
		html_text(h, group);
	} else {
		html_raw(h, r->o->group == GROUP_TAG ? "No tag" : "No owner");
	}
	html_printf(h, " <span class=\"muted\">(%zu client%s)</span></h3>\n", n, n == 1 ? "" : "s");
	buf_printf(&title, "Contact by month, %zu client%s: entries of a contact kind in each month; "
		   "a cross marks a month without contact at whose end the client was overdue or stale",
		   n, n == 1 ? "" : "s");
	open_chart(h, r, width, height, buf_str(&title));
	buf_release(&title);
	html_printf(h, "<text x=\"%d\" y=\"12\" font-size=\"10\" font-weight=\"600\">every</text>\n",
		    HEAT_LABEL);
	month_axis(h, r, x0, cellw, 12);
	for (size_t i = 0; i < n; i++) {
		const struct row *w = v[i].w;
		char dur[16];

		duration_format(w->audit.cadence, dur, sizeof(dur));
		/* A row is moved into place whole; its cells are the shapes heat_cells() defines. */
		html_raw(h, "<g class=\"hrow\" data-id=\"");
		html_text(h, w->c->id);
		html_printf(h, "\" transform=\"translate(0,%d)\"><a href=\"#c-", 30 + HEAT_ROW * (int)i);
		html_text(h, w->c->id);
		html_raw(h, "\"><title>");
		html_text(h, client_label(w->c));
		html_raw(h, "</title><text y=\"13\">");
		html_text_cut(h, client_label(w->c), 19);
		html_printf(h, "</text></a><text x=\"%d\" y=\"13\">%s</text>", HEAT_LABEL, dur);
		for (int k = 0; k < r->nmon; k++) {
			int s = w->state[k], c = w->contacts[k];

			if (s < 0 && !c)
				continue;
			if (!c && (s == STATE_OVERDUE || s == STATE_STALE))
				html_printf(h, "<use href=\"#hx\" x=\"%d\"/>", x0 + cellw * k);
			else if (c <= 9)
				html_printf(h, "<use href=\"#h%d\" x=\"%d\"/>", c, x0 + cellw * k);
			else if (cellw < 10)
				html_printf(h, "<use data-n=\"%d\" href=\"#h9\" x=\"%d\"/>", c, x0 + cellw * k);
			else
				html_printf(h, "<use data-n=\"%d\" href=\"#h\" x=\"%d\"/>"
					    "<text x=\"%d\" y=\"13\" text-anchor=\"middle\" style=\"fill:#fff\">%d</text>",
					    c, x0 + cellw * k,
					    x0 + cellw * k + cellw / 2, c);
		}
		html_raw(h, "</g>\n");
	}
	html_raw(h, "</svg>\n<figcaption>Each cell counts the month's entries of a contact kind; "
		 "&#215; marks a month without contact at whose end the client was overdue or stale. "
		 "The column &#8220;every&#8221; is the client's cadence today.</figcaption>\n");
	details_open(h, "The numbers");
	html_raw(h, "<table class=\"heat\"><thead><tr><th>client</th><th>every</th>");
	for (int k = 0; k < r->nmon; k++) {
		html_raw(h, "<th class=\"n\">");
		put_month(h, &r->mon[k]);
		html_raw(h, "</th>");
	}
	html_raw(h, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *w = v[i].w;
		char dur[16];

		duration_format(w->audit.cadence, dur, sizeof(dur));
		html_raw(h, "<tr><td>");
		client_link(h, w->c);
		html_printf(h, "</td><td>%s</td>", dur);
		for (int k = 0; k < r->nmon; k++) {
			int s = w->state[k], c = w->contacts[k];

			if (s < 0 && !c)
				html_raw(h, "<td>");
			else if (!c && (s == STATE_OVERDUE || s == STATE_STALE))
				html_printf(h, "<td>0 (%s)", state_name(s));
			else
				html_printf(h, "<td>%d", c);
		}
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "</tbody></table>");
	details_close(h);
	html_raw(h, "</figure>\n");
}

static void write_heatmap(struct html *h, struct report *r)
{
	const struct notebook *nb = r->nb;
	struct hrow *v = NULL;
	size_t n = 0, alloc = 0;

	html_raw(h, "<section id=\"heatmap\">\n<h2>Contact by month</h2>\n"
		 "<ul class=\"legend\" aria-hidden=\"true\">"
		 "<li><span class=\"sw\" style=\"background:#EEEEEE\"></span>no contact</li>"
		 "<li><span class=\"sw\" style=\"background:#BFDDF2\"></span>1</li>"
		 "<li><span class=\"sw\" style=\"background:" OI_SKY "\"></span>2</li>"
		 "<li><span class=\"sw\" style=\"background:" OI_BLUE "\"></span>3 or more</li>"
		 "<li><span class=\"sw\" style=\"border:2px solid " OI_VERMILLION "\"></span>&#215; missed: "
		 "overdue or stale at the month's end</li></ul>\n");
	for (size_t i = 0; i < r->nrows; i++) {
		const struct row *w = &r->rows[i];

		if (r->o->group == GROUP_OWNER) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n].w = w;
			v[n++].group = client_owner(nb, w->c);
			continue;
		}
		if (!w->c->ntags) {
			ALLOC_GROW(v, n + 1, alloc);
			v[n].w = w;
			v[n++].group = NULL;
		}
		for (size_t t = 0; t < w->c->ntags; t++) {
			if (r->o->tag && !names_equal(w->c->tags[t], r->o->tag))
				continue;
			ALLOC_GROW(v, n + 1, alloc);
			v[n].w = w;
			v[n++].group = w->c->tags[t];
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), hrow_cmp);
	if (n)
		heat_cells(h, r);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		while (j < n && !v[j].group == !v[i].group &&
		       (!v[i].group || !strcasecmp(v[i].group, v[j].group)))
			j++;
		heat_group(h, r, v + i, j - i, v[i].group);
		i = j;
	}
	if (!n)
		html_raw(h, "<p>No clients.</p>\n");
	html_raw(h, "</section>\n");
	free(v);
}

/* ---- the practice's figures ---- */

#define BAR_X0 30
#define BAR_W 360
#define BAR_TOP 10
#define BAR_H 100

/* Horizontal grid lines and their labels from 0 to max, `ticks` steps. */
static void bar_grid(struct html *h, int max, int ticks, const char *unit)
{
	for (int t = 0; t <= ticks; t++) {
		double y = BAR_TOP + BAR_H - (double)BAR_H * t / ticks;
		int v = max * t / ticks;

		html_printf(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#D4D4D4\"/>"
			    "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">%d%s</text>\n",
			    BAR_X0, BAR_X0 + BAR_W, y, y, BAR_X0 - 4, y + 3, v, unit);
	}
}

static int nice_max(int v)
{
	static const int steps[] = { 4, 8, 12, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000,
				     6000, 10000, 20000, 40000, 60000, 100000 };

	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (v <= steps[i])
			return steps[i];
	return v;
}

static void write_states(struct html *h, struct report *r)
{
	double w = (double)BAR_W / r->nmon;
	int max = 0;

	for (int k = 0; k < r->nmon; k++) {
		int sum = 0;
		for (int s = 0; s <= STATE_OK; s++)
			sum += r->states[k][s];
		max = sum > max ? sum : max;
	}
	max = nice_max(max ? max : 1);
	html_raw(h, "<h3 id=\"states\">Clients by state at each month's end</h3>\n"
		 "<ul class=\"legend\" aria-hidden=\"true\">");
	for (int s = 0; s <= STATE_OK; s++)
		html_printf(h, "<li><span class=\"sw\" style=\"background:%s\"></span>%s</li>",
			    state_fill[s], state_name(s));
	html_raw(h, "</ul>\n");
	open_chart(h, r, BAR_X0 + BAR_W + 10, BAR_TOP + BAR_H + 34,
		   "Clients by contact state at the end of each month (the audit recomputed as of that day; "
		   "the last month as of the report's day)");
	bar_grid(h, max, 4, "");
	for (int k = 0; k < r->nmon; k++) {
		double y = BAR_TOP + BAR_H;

		html_printf(h, "<g class=\"month\" data-month=\"%04d-%02d\"", r->mon[k].y, r->mon[k].m);
		for (int s = 0; s <= STATE_OK; s++)
			html_printf(h, " data-%s=\"%d\"", state_name(s), r->states[k][s]);
		html_raw(h, ">");
		for (int s = 0; s <= STATE_OK; s++) {
			double bh = (double)BAR_H * r->states[k][s] / max;

			if (!r->states[k][s])
				continue;
			y -= bh;
			html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
				    "stroke=\"#fff\" stroke-width=\"0.5\"><title>%s %d: %d %s</title></rect>",
				    BAR_X0 + w * k + w * 0.15, y, w * 0.7, bh, state_fill[s],
				    month_abbr[r->mon[k].m - 1], r->mon[k].y, r->states[k][s], state_name(s));
		}
		html_raw(h, "</g>\n");
	}
	month_axis(h, r, BAR_X0, w, BAR_TOP + BAR_H + 14);
	html_raw(h, "</svg>\n<figcaption>Bars stack the states from stale (bottom) to ok (top). A client "
		 "counts from the month its relationship started.</figcaption>\n");
	details_open(h, "The numbers");
	html_raw(h, "<table class=\"states\"><thead><tr><th>month's end</th>");
	for (int s = 0; s <= STATE_OK; s++)
		html_printf(h, "<th class=\"n\">%s</th>", state_name(s));
	html_raw(h, "</tr></thead><tbody>\n");
	for (int k = 0; k < r->nmon; k++) {
		html_raw(h, "<tr><td>");
		put_date(h, r->mon[k].end);
		html_raw(h, "</td>");
		for (int s = 0; s <= STATE_OK; s++)
			html_printf(h, "<td class=\"n\">%d</td>", r->states[k][s]);
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "</tbody></table>");
	details_close(h);
	html_raw(h, "</figure>\n");
}

static int share_pct(const int *o)
{
	int den = o[OUT_ON_TIME] + o[OUT_LATE] + o[OUT_OVERDUE];

	return den ? (o[OUT_ON_TIME] * 100 + den / 2) / den : -1;
}

static void write_promises(struct html *h, struct report *r)
{
	double w = (double)BAR_W / r->nmon;
	int den = r->ptotal[OUT_ON_TIME] + r->ptotal[OUT_LATE] + r->ptotal[OUT_OVERDUE];
	int pct = share_pct(r->ptotal);

	html_raw(h, "<h3 id=\"promises\">Promises kept on time</h3>\n");
	if (pct < 0)
		html_raw(h, "<p class=\"big\" data-share=\"\">No promise fell due in these months.</p>\n");
	else
		html_printf(h, "<p class=\"big\" data-share=\"%d\">%d%% &#8212; %d of %d promises that fell "
			    "due in these months were kept on time</p>\n", pct, pct, r->ptotal[OUT_ON_TIME], den);
	html_printf(h, "<p class=\"muted\">%d kept late, %d still open past their day", r->ptotal[OUT_LATE],
		    r->ptotal[OUT_OVERDUE]);
	if (r->ptotal[OUT_UNDATED])
		html_printf(h, "; %d ticked without the day written (not counted)", r->ptotal[OUT_UNDATED]);
	html_raw(h, ".</p>\n");
	open_chart(h, r, BAR_X0 + BAR_W + 10, BAR_TOP + BAR_H + 34,
		   "Share of the promises due in each month that were kept on time, in per cent");
	bar_grid(h, 100, 4, "%");
	for (int k = 0; k < r->nmon; k++) {
		const int *o = r->promises[k];
		int p = share_pct(o), d = o[OUT_ON_TIME] + o[OUT_LATE] + o[OUT_OVERDUE];
		double x = BAR_X0 + w * k;

		html_printf(h, "<g class=\"month\" data-month=\"%04d-%02d\" data-due=\"%d\" data-ontime=\"%d\" "
			    "data-late=\"%d\" data-overdue=\"%d\">", r->mon[k].y, r->mon[k].m, d,
			    o[OUT_ON_TIME], o[OUT_LATE], o[OUT_OVERDUE]);
		if (p >= 0) {
			double bh = (double)BAR_H * p / 100;
			html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				    "<title>%s %d: %d of %d kept on time</title></rect>"
				    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%d/%d</text>",
				    x + w * 0.15, BAR_TOP + BAR_H - bh, w * 0.7, bh, OI_GREEN,
				    month_abbr[r->mon[k].m - 1], r->mon[k].y, o[OUT_ON_TIME], d,
				    x + w / 2, BAR_TOP + BAR_H - bh - 3 < 10 ? 10.0 : BAR_TOP + BAR_H - bh - 3,
				    o[OUT_ON_TIME], d);
		}
		html_raw(h, "</g>\n");
	}
	month_axis(h, r, BAR_X0, w, BAR_TOP + BAR_H + 14);
	html_raw(h, "</svg>\n<figcaption>Each bar is the share of that month's due promises kept on "
		 "time (kept by their day / all due, kept late and open past due included); no bar: none "
		 "fell due.</figcaption>\n");
	details_open(h, "The numbers");
	html_raw(h, "<table class=\"promises\"><thead><tr><th>due in</th><th class=\"n\">due</th>"
		 "<th class=\"n\">on time</th><th class=\"n\">late</th><th class=\"n\">open past due</th>"
		 "<th class=\"n\">day not written</th><th class=\"n\">share</th></tr></thead><tbody>\n");
	for (int k = 0; k < r->nmon; k++) {
		const int *o = r->promises[k];
		int p = share_pct(o);

		html_raw(h, "<tr><td>");
		put_month(h, &r->mon[k]);
		html_printf(h, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
			    "<td class=\"n\">%d</td><td class=\"n\">%d</td>",
			    o[OUT_ON_TIME] + o[OUT_LATE] + o[OUT_OVERDUE], o[OUT_ON_TIME], o[OUT_LATE],
			    o[OUT_OVERDUE], o[OUT_UNDATED]);
		if (p >= 0)
			html_printf(h, "<td class=\"n\">%d%%</td></tr>\n", p);
		else
			html_raw(h, "<td class=\"n\">&#8211;</td></tr>\n");
	}
	html_raw(h, "</tbody></table>");
	details_close(h);
	html_raw(h, "</figure>\n");
}

enum { GAP_NONE, GAP_WITHIN, GAP_15, GAP_2, GAP_OVER, GAP_COUNT };

static const char *const gap_words[GAP_COUNT] = {
	"fewer than two contacts", "within the cadence", "up to 1.5 times the cadence",
	"1.5 to 2 times the cadence", "more than twice the cadence",
};

static int gap_bucket(const struct row *w)
{
	int c = w->audit.cadence_days;

	if (w->median_gap < 0 || c <= 0)
		return GAP_NONE;
	if (w->median_gap <= c)
		return GAP_WITHIN;
	if (2 * w->median_gap <= 3 * c)
		return GAP_15;
	if (w->median_gap <= 2 * c)
		return GAP_2;
	return GAP_OVER;
}

static int median_of(int *v, size_t n)
{
	if (!n)
		return -1;
	qsort(v, n, sizeof(*v), int_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2] + 1) / 2;
}

static void write_rhythm(struct html *h, struct report *r)
{
	int count[GAP_COUNT] = { 0 }, max = 0;
	int *gaps = xcalloc(r->nrows ? r->nrows : 1, sizeof(int));
	int *cads = xcalloc(r->nrows ? r->nrows : 1, sizeof(int));
	size_t n = 0;
	int mg, mc;

	for (size_t i = 0; i < r->nrows; i++) {
		const struct row *w = &r->rows[i];

		count[gap_bucket(w)]++;
		if (w->median_gap >= 0) {
			gaps[n] = w->median_gap;
			cads[n++] = w->audit.cadence_days;
		}
	}
	mg = median_of(gaps, n);
	mc = median_of(cads, n);
	for (int b = 0; b < GAP_COUNT; b++)
		max = count[b] > max ? count[b] : max;
	html_raw(h, "<h3 id=\"rhythm\">Days between contacts against the cadence</h3>\n");
	if (mg >= 0)
		html_printf(h, "<p class=\"big\" data-median-gap=\"%d\" data-median-cadence=\"%d\">The median "
			    "client went %d days between contacts, against a median cadence of %d days</p>\n",
			    mg, mc, mg, mc);
	else
		html_raw(h, "<p class=\"big\">No client had two contacts in these months.</p>\n");
	open_chart(h, r, 400, 10 + 24 * GAP_COUNT,
		   "Clients by their median days between contacts in these months, against their cadence");
	for (int b = 0; b < GAP_COUNT; b++) {
		int order[GAP_COUNT] = { GAP_WITHIN, GAP_15, GAP_2, GAP_OVER, GAP_NONE };
		int g = order[b];
		static const char *const fill[GAP_COUNT] = {
			[GAP_NONE] = OI_GREY, [GAP_WITHIN] = OI_GREEN, [GAP_15] = OI_YELLOW,
			[GAP_2] = OI_ORANGE, [GAP_OVER] = OI_VERMILLION,
		};
		double bw = max ? 200.0 * count[g] / max : 0;
		int y = 6 + 24 * b;

		html_printf(h, "<g data-bucket=\"%d\" data-clients=\"%d\"><text x=\"0\" y=\"%d\" font-size=\"10\">"
			    "%s</text><rect x=\"150\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\">"
			    "<title>%s: %d</title></rect><text x=\"%.1f\" y=\"%d\" font-size=\"10\">%d</text></g>\n",
			    g, count[g], y + 12, gap_words[g], y, bw, fill[g], gap_words[g], count[g],
			    154 + bw, y + 12, count[g]);
	}
	html_raw(h, "</svg>\n<figcaption>A client's gaps are the days between its contacts that end in "
		 "these months, the first counted from the contact before them; each client's own figure "
		 "is in its section.</figcaption>\n");
	details_open(h, "The numbers");
	html_raw(h, "<table class=\"rhythm\"><thead><tr><th>median gap</th><th class=\"n\">clients</th>"
		 "</tr></thead><tbody>\n");
	for (int g = GAP_WITHIN; g < GAP_COUNT; g++)
		html_printf(h, "<tr><td>%s</td><td class=\"n\">%d</td></tr>\n", gap_words[g], count[g]);
	html_printf(h, "<tr><td>%s</td><td class=\"n\">%d</td></tr>\n", gap_words[GAP_NONE], count[GAP_NONE]);
	html_raw(h, "</tbody></table>");
	details_close(h);
	html_raw(h, "</figure>\n");
	free(gaps);
	free(cads);
}

static void write_thanks(struct html *h, struct report *r)
{
	double w = (double)BAR_W / r->nmon;
	int max = 0, total = 0;

	for (int k = 0; k < r->nmon; k++) {
		max = r->thanks[k] > max ? r->thanks[k] : max;
		total += r->thanks[k];
	}
	max = nice_max(max ? max : 1);
	html_raw(h, "<h3 id=\"thanks\">Thanks sent</h3>\n");
	html_printf(h, "<p class=\"big\" data-thanks=\"%d\">%d thank-you%s in these months</p>\n", total,
		    total, total == 1 ? "" : "s");
	open_chart(h, r, BAR_X0 + BAR_W + 10, BAR_TOP + BAR_H + 34, "Thanks entries in each month");
	bar_grid(h, max, 4, "");
	for (int k = 0; k < r->nmon; k++) {
		double bh = (double)BAR_H * r->thanks[k] / max, x = BAR_X0 + w * k;

		html_printf(h, "<g class=\"month\" data-month=\"%04d-%02d\" data-thanks=\"%d\">", r->mon[k].y,
			    r->mon[k].m, r->thanks[k]);
		if (r->thanks[k])
			html_printf(h, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
				    "<title>%s %d: %d</title></rect>", x + w * 0.15, BAR_TOP + BAR_H - bh,
				    w * 0.7, bh, OI_BLUE, month_abbr[r->mon[k].m - 1], r->mon[k].y, r->thanks[k]);
		html_raw(h, "</g>\n");
	}
	month_axis(h, r, BAR_X0, w, BAR_TOP + BAR_H + 14);
	html_raw(h, "</svg>\n");
	details_open(h, "The numbers");
	html_raw(h, "<table class=\"thanks\"><thead><tr><th>month</th><th class=\"n\">thanks</th></tr>"
		 "</thead><tbody>\n");
	for (int k = 0; k < r->nmon; k++) {
		html_raw(h, "<tr><td>");
		put_month(h, &r->mon[k]);
		html_printf(h, "</td><td class=\"n\">%d</td></tr>\n", r->thanks[k]);
	}
	html_raw(h, "</tbody></table>");
	details_close(h);
	html_raw(h, "</figure>\n");
}

static void write_practice(struct html *h, struct report *r)
{
	html_raw(h, "<section id=\"practice\">\n<h2>The practice</h2>\n");
	write_promises(h, r);
	write_rhythm(h, r);
	write_states(h, r);
	write_thanks(h, r);
	html_raw(h, "</section>\n");
}

/* ---- one client ---- */

#define CL_X0 22
#define CL_W 368

static double day_x(const struct report *r, day_t day)
{
	double span = (double)(r->o->as_of + 1 - r->start);

	return CL_X0 + CL_W * (double)(day - r->start) / span + CL_W / span / 2;
}

static double sat_y(int s)
{
	return 88 - (s - 1) * 18;
}

/*
 * A mark for an entry: its shape and colour say its kind (the legend says
 * which; client_grid() defines them). The timeline under the chart gives
 * each entry's day and kind in words.
 */
static void entry_mark(struct html *h, const struct entry *e, double x)
{
	const char *mark;

	switch (e->kind) {
	case KIND_THANKS:
		mark = "et";
		break;
	case KIND_APOLOGY:
	case KIND_FEEDBACK:
		mark = "ea";
		break;
	case KIND_NOTE:
		mark = "en";
		break;
	default:
		mark = "ec";
		break;
	}
	html_printf(h, "<use href=\"#%s\" x=\"%.0f\"/>", mark, x);
}

/* The trust before the window: the latest entry before it that sets one, else the file's. */
static enum trust trust_before(const struct report *r, const struct client *c)
{
	enum trust t = c->trust == TRUST_UNSET ? TRUST_HEALTHY : c->trust;

	for (size_t i = 0; i < c->nentries && c->entries[i]->day < r->start; i++)
		if (c->entries[i]->trust != TRUST_UNSET)
			t = c->entries[i]->trust;
	return t;
}

/*
 * What every client's chart shares, the scale of satisfaction and the
 * months, defined once in a hidden SVG; each chart draws it with <use>,
 * which keeps a large notebook's page a third smaller.
 */
static void client_grid(struct html *h, const struct report *r)
{
	html_raw(h, "<svg class=\"defs\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">"
		 "<defs><g id=\"client-grid\">");
	for (int s = 1; s <= 5; s++)
		html_printf(h, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#E4E4E4\"/>"
			    "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"end\">%d</text>",
			    CL_X0, CL_X0 + CL_W, (int)sat_y(s), (int)sat_y(s), CL_X0 - 5, (int)sat_y(s) + 3, s);
	for (int k = 0; k < r->nmon; k++) {
		double x = day_x(r, r->mon[k].first) - CL_W / (double)(r->o->as_of + 1 - r->start) / 2;
		html_printf(h, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"8\" y2=\"110\" stroke=\"#EEEEEE\"/>", x, x);
	}
	month_axis(h, r, CL_X0, CL_W / (double)r->nmon, 122);
	/* The marks of entries (entry_mark()) and of satisfaction scores, placed by x and y. */
	html_raw(h, "</g><path id=\"et\" d=\"M0 97l5 5l-5 5l-5 -5z\" fill=\"" OI_GREEN "\"/>"
		 "<path id=\"ea\" d=\"M0 97l5 9h-10z\" fill=\"" OI_VERMILLION "\"/>"
		 "<circle id=\"en\" cy=\"102\" r=\"4\" fill=\"#fff\" stroke=\"" OI_GREY "\" stroke-width=\"1.5\"/>"
		 "<circle id=\"ec\" cy=\"102\" r=\"4.5\" fill=\"" OI_BLUE "\"/>"
		 "<circle id=\"s\" r=\"3.5\" fill=\"" OI_BLUE "\"/></defs></svg>\n");
}

static void client_chart(struct html *h, struct report *r, const struct row *w)
{
	const struct client *c = w->c;
	struct buf title = BUF_INIT;
	enum trust t = trust_before(r, c);
	int nsat = 0, first = 1;

	buf_adds(&title, "Entries, satisfaction (1 to 5) and trust changes of ");
	buf_adds(&title, client_label(c));
	buf_adds(&title, " over these months");
	open_chart(h, r, CL_X0 + CL_W + 10, 136, buf_str(&title));
	buf_release(&title);
	/* The grid and the months are the same in every client's chart: drawn once (client_grid()). */
	html_raw(h, "<use href=\"#client-grid\"/>\n");
	/* Trust changes: a dashed line and the new state, in words. */
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];
		double x;

		if (e->day < r->start || e->day > r->o->as_of || e->trust == TRUST_UNSET || e->trust == t)
			continue;
		t = e->trust;
		x = day_x(r, e->day);
		html_printf(h, "<g class=\"trust\" data-trust=\"%s\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"8\" "
			    "y2=\"110\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
			    "<text x=\"%.1f\" y=\"8\" font-size=\"9\" text-anchor=\"%s\">trust %s</text></g>\n",
			    trust_name(t), x, x, t == TRUST_HEALTHY ? OI_GREEN : t == TRUST_STRAINED ?
			    OI_VERMILLION : OI_ORANGE, x + (x > CL_X0 + CL_W - 70 ? -3 : 3),
			    x > CL_X0 + CL_W - 70 ? "end" : "start", trust_name(t));
	}
	/* Satisfaction as a line through the scores. */
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->day < r->start || e->day > r->o->as_of || !e->satisfaction)
			continue;
		if (first)
			html_raw(h, "<polyline fill=\"none\" stroke=\"" OI_BLUE "\" stroke-width=\"2\" points=\"");
		html_printf(h, "%s%.0f,%.0f", first ? "" : " ", day_x(r, e->day), sat_y(e->satisfaction));
		first = 0;
		nsat++;
	}
	if (!first)
		html_raw(h, "\"/>\n");
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];
		char d[11];

		if (e->day < r->start || e->day > r->o->as_of || !e->satisfaction)
			continue;
		date_format(e->day, d);
		html_printf(h, "<use class=\"sat\" href=\"#s\" x=\"%.0f\" y=\"%.0f\" data-day=\"%s\" "
			    "data-satisfaction=\"%d\"><title>%s: satisfaction %d of 5</title></use>",
			    day_x(r, e->day), sat_y(e->satisfaction), d, e->satisfaction, d, e->satisfaction);
	}
	if (!nsat)
		html_printf(h, "<text x=\"%d\" y=\"55\" font-size=\"10\" text-anchor=\"middle\" "
			    "fill=\"#555\">no satisfaction scores in these months</text>", CL_X0 + CL_W / 2);
	html_raw(h, "\n");
	for (size_t i = 0; i < c->nentries; i++) {
		const struct entry *e = c->entries[i];

		if (e->day >= r->start && e->day <= r->o->as_of)
			entry_mark(h, e, day_x(r, e->day));
	}
	html_raw(h, "</svg>\n</figure>\n");
}

static void facts(struct html *h, const struct report *r, const struct row *w)
{
	const struct audit *a = &w->audit;
	const struct client *c = w->c;
	const char *owner = client_owner(r->nb, c);
	char dur[16];

	duration_format(a->cadence, dur, sizeof(dur));
	html_raw(h, "<dl class=\"facts\">");
	html_printf(h, "<dt>state</dt><dd><span class=\"state st-%s\">%s</span></dd>", state_name(a->state),
		    state_name(a->state));
	html_raw(h, "<dt>last contact</dt><dd>");
	if (a->has_last) {
		put_date(h, a->last);
		html_printf(h, " (%d day%s ago", a->days_since, a->days_since == 1 ? "" : "s");
		if (a->last_entry)
			html_printf(h, ", %s", kind_name(a->last_entry->kind));
		html_raw(h, ")");
	} else {
		html_raw(h, "none yet");
	}
	html_printf(h, "</dd><dt>cadence</dt><dd>every %s", dur);
	if (a->repair_override)
		html_printf(h, " while trust is %s", trust_name(a->trust));
	if (a->has_last) {
		html_raw(h, "; next due ");
		put_date(h, a->next_due);
	}
	html_raw(h, "</dd><dt>between contacts</dt><dd");
	if (w->median_gap >= 0)
		html_printf(h, " data-median-gap=\"%d\" data-cadence-days=\"%d\">median %d days over %d gap%s",
			    w->median_gap, a->cadence_days, w->median_gap, w->ngaps, w->ngaps == 1 ? "" : "s");
	else
		html_raw(h, ">fewer than two contacts in these months");
	html_printf(h, "</dd><dt>trust</dt><dd>%s</dd><dt>fit</dt><dd>%s</dd><dt>tier</dt><dd>%s, %s</dd>",
		    trust_name(a->trust), fit_name(c->fit), tier_name(c->tier), status_name(c->status));
	if (owner) {
		html_raw(h, "<dt>owner</dt><dd>");
		html_text(h, owner);
		html_raw(h, "</dd>");
	}
	if (c->ntags) {
		html_raw(h, "<dt>tags</dt><dd>");
		for (size_t i = 0; i < c->ntags; i++) {
			if (i)
				html_raw(h, ", ");
			html_text(h, c->tags[i]);
		}
		html_raw(h, "</dd>");
	}
	if (c->has_snooze) {
		html_raw(h, "<dt>snoozed until</dt><dd>");
		put_date(h, c->snooze);
		html_raw(h, "</dd>");
	}
	html_raw(h, "</dl>\n");
}

static void timeline(struct html *h, const struct report *r, const struct row *w)
{
	const struct client *c = w->c;
	size_t before = 0, shown = 0;

	for (size_t i = 0; i < c->nentries; i++) {
		before += c->entries[i]->day < r->start;
		shown += c->entries[i]->day >= r->start && c->entries[i]->day <= r->o->as_of;
	}
	html_raw(h, "<h4>Timeline</h4>\n");
	if (!shown) {
		html_raw(h, "<p>No entries in these months.</p>\n");
	} else {
		/* Cells carry no attributes: the style sheet labels and aligns them by column. */
		html_raw(h, "<table class=\"stack timeline\"><thead><tr><th>day</th><th>kind</th><th>with</th>"
			 "<th>satisfaction</th><th>trust</th><th>note</th></tr></thead><tbody>\n");
		for (size_t i = c->nentries; i-- > 0;) {
			const struct entry *e = c->entries[i];

			if (e->day < r->start || e->day > r->o->as_of)
				continue;
			html_raw(h, "<tr><td>");
			put_date(h, e->day);
			html_printf(h, "<td>%s<td>", kind_name(e->kind));
			for (size_t k = 0; k < e->nwith; k++) {
				if (k)
					html_raw(h, ", ");
				html_text(h, e->with[k]);
			}
			html_raw(h, "<td>");
			if (e->satisfaction)
				html_printf(h, "%d", e->satisfaction);
			html_raw(h, "<td>");
			if (e->trust != TRUST_UNSET)
				html_raw(h, trust_name(e->trust));
			html_raw(h, "<td>");
			if (e->mood) {
				html_raw(h, "<em>");
				html_text(h, e->mood);
				html_raw(h, "</em> ");
			}
			html_text(h, e->summary);
			html_raw(h, "</td></tr>\n");
		}
		html_raw(h, "</tbody></table>\n");
	}
	if (before)
		html_printf(h, "<p class=\"muted\">%zu earlier entr%s before ", before, before == 1 ? "y" : "ies");
	if (before) {
		put_month_words(h, &r->mon[0]);
		html_raw(h, ".</p>\n");
	}
}

/* A promise is listed when it is open, or fell due, was ticked or was made in the window. */
static int promise_shown(const struct report *r, const struct promise *p, const struct entry *e)
{
	enum outcome out = promise_outcome(p, r->o->as_of);

	return out == OUT_OPEN || out == OUT_OVERDUE || (p->has_due && p->due >= r->start) ||
	       (p->has_done_on && p->done_on >= r->start) || (e && e->day >= r->start);
}

static void promise_row(struct html *h, const struct report *r, const struct promise *p,
			const struct entry *e)
{
	enum outcome out = promise_outcome(p, r->o->as_of);

	html_raw(h, "<tr><td>");
	html_text(h, p->text);
	html_raw(h, "</td><td>");
	if (e)
		put_date(h, e->day);
	else
		html_raw(h, "client file");
	html_raw(h, "</td><td>");
	if (p->has_due)
		put_date(h, p->due);
	html_raw(h, "</td><td>");
	if (p->done && p->has_done_on && p->done_on <= r->o->as_of)
		put_date(h, p->done_on);
	else if (p->done && !p->has_done_on)
		html_raw(h, "yes");
	html_printf(h, "</td><td class=\"out-%s\">%s</td></tr>\n", outcome_class[out],
		    outcome_words[out]);
}

static void promises(struct html *h, const struct report *r, const struct row *w)
{
	const struct client *c = w->c;
	size_t shown = 0, hidden = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->npromises; i++) {
			if (!promise_shown(r, &c->promises[i], NULL)) {
				hidden += pass == 0;
				continue;
			}
			if (pass == 0)
				shown++;
			else
				promise_row(h, r, &c->promises[i], NULL);
		}
		for (size_t i = 0; i < c->nentries; i++) {
			const struct entry *e = c->entries[i];

			if (e->day > r->o->as_of)
				continue;
			for (size_t j = 0; j < e->npromises; j++) {
				if (!promise_shown(r, &e->promises[j], e)) {
					hidden += pass == 0;
					continue;
				}
				if (pass == 0)
					shown++;
				else
					promise_row(h, r, &e->promises[j], e);
			}
		}
		if (pass == 0 && !shown)
			break;
		if (pass == 0) {
			html_raw(h, "<h4>Promises</h4>\n<table class=\"stack promises\"><thead><tr><th>promise</th>"
				 "<th>made</th><th>due</th><th>done</th><th>outcome</th></tr></thead><tbody>\n");
		}
	}
	if (shown)
		html_raw(h, "</tbody></table>\n");
	if (hidden)
		html_printf(h, "<p class=\"muted\">%zu earlier promise%s kept.</p>\n", hidden,
			    hidden == 1 ? "" : "s");
}

static void write_client(struct html *h, struct report *r, const struct row *w)
{
	const struct client *c = w->c;
	const struct audit *a = &w->audit;

	html_raw(h, "<article class=\"client\" id=\"c-");
	html_text(h, c->id);
	html_printf(h, "\" data-state=\"%s\">\n<h3>", state_name(a->state));
	html_text(h, client_label(c));
	if (c->name && *c->name && !name_repeats_id(c->name, c->id)) {
		html_raw(h, " <span class=\"muted\">");
		html_text(h, c->id);
		html_raw(h, "</span>");
	}
	html_raw(h, "</h3>\n");
	facts(h, r, w);
	if (audit_needs_attention(a) && a->nreasons) {
		html_raw(h, "<ul class=\"why\">");
		for (size_t k = 0; k < a->nreasons; k++) {
			html_raw(h, "<li>");
			html_text(h, a->reasons[k]);
			html_raw(h, "</li>");
		}
		html_raw(h, "</ul>\n");
	}
	client_chart(h, r, w);
	timeline(h, r, w);
	promises(h, r, w);
	html_raw(h, "<p><a href=\"#attention\">&#8593; back to the list</a></p>\n</article>\n");
}

/* ---- the notebook a part at a time ---- */

/* Whether ids[i] already came earlier in ids (an entry naming a client twice is its once). */
static int id_seen_before(char **ids, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(ids[j], ids[i]))
			return 1;
	return 0;
}

static char *mem_str(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Copies of n promises in `a`, their path `path`. */
static struct promise *mem_promises(struct arena *a, const struct promise *v, size_t n,
				    const char *path)
{
	struct promise *p = n ? arena_alloc(a, n * sizeof(*p)) : NULL;

	for (size_t i = 0; i < n; i++) {
		p[i] = v[i];
		p[i].text = mem_str(a, v[i].text);
		p[i].path = path;
	}
	return p;
}

/*
 * The spill file: the entries of the report's clients written whole as
 * the first reading goes, each read back when its client's section is
 * written, so that no more than one client's entries are in memory then.
 * A string is its length + 1 and its bytes with their '\0' (0: NULL), to
 * be read in place.
 */
#define SPILL_CHUNK 65536

static void spill_s(struct buf *b, const char *s)
{
	if (!s) {
		vput_u(b, 0);
		return;
	}
	vput_u(b, strlen(s) + 1);
	buf_add(b, s, strlen(s) + 1);
}

/* Writes out what is buffered, at its offset (pwrite(2): the page's own writes are write(2)'s). */
static void spill_flush(struct report *r)
{
	const char *p = r->out.data;
	size_t n = r->out.len;
	uint64_t at = r->spilled - n;

	while (n && !r->spill_failed) {
		ssize_t k = pwrite(r->spill, p, n, (off_t)at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			r->spill_failed = 1;
		else {
			p += k;
			n -= (size_t)k;
			at += (uint64_t)k;
		}
	}
	buf_reset(&r->out);
}

/* Appends the entry to the spill file: where and how long its record is. */
static void spill_entry(struct report *r, const struct entry *e, uint64_t *at, uint32_t *len)
{
	size_t start = r->out.len;

	vput_i(&r->out, e->day);
	vput_i(&r->out, e->instant);
	vput_u(&r->out, (uint64_t)e->kind);
	vput_u(&r->out, (uint64_t)e->satisfaction);
	vput_i(&r->out, e->trust);
	spill_s(&r->out, e->path);
	spill_s(&r->out, e->mood);
	spill_s(&r->out, e->summary);
	vput_u(&r->out, e->nwith);
	for (size_t i = 0; i < e->nwith; i++)
		spill_s(&r->out, e->with[i]);
	vput_u(&r->out, e->npromises);
	for (size_t i = 0; i < e->npromises; i++) {
		const struct promise *p = &e->promises[i];
		spill_s(&r->out, p->text);
		vput_u(&r->out, (p->has_due ? 1u : 0) | (p->done ? 2u : 0) | (p->has_done_on ? 4u : 0));
		vput_i(&r->out, p->due);
		vput_i(&r->out, p->done_on);
		vput_i(&r->out, p->line);
	}
	if (r->out.len - start > UINT32_MAX)
		r->spill_failed = 1;
	*at = r->spilled;
	*len = (uint32_t)(r->out.len - start);
	r->spilled += r->out.len - start;
	if (r->out.len >= SPILL_CHUNK)
		spill_flush(r);
}

static const char *unspill_s(struct vreader *v)
{
	uint64_t n = vget_u(v);
	const char *s = (const char *)v->p;

	if (!n)
		return NULL;
	if (n > (uint64_t)(v->end - v->p) || v->p[n - 1]) {
		v->bad = 1;
		return NULL;
	}
	v->p += n;
	return s;
}

/* An entry from its spilled record (`len` bytes at `data`, which its strings point into). */
static int unspill_entry(struct entry *e, const unsigned char *data, size_t len, struct arena *a)
{
	struct vreader v = { data, data + len, 0 };
	uint64_t n;

	memset(e, 0, sizeof(*e));
	e->day = (day_t)vget_i(&v);
	e->instant = vget_i(&v);
	e->kind = (enum kind)vget_u(&v);
	e->satisfaction = (int)vget_u(&v);
	e->trust = (enum trust)vget_i(&v);
	e->path = (char *)unspill_s(&v);
	e->mood = (char *)unspill_s(&v);
	e->summary = (char *)unspill_s(&v);
	n = vget_u(&v);
	if (n > len)
		return -1;
	e->with = n ? arena_alloc(a, n * sizeof(char *)) : NULL;
	e->nwith = (size_t)n;
	for (size_t i = 0; i < n; i++)
		e->with[i] = (char *)unspill_s(&v);
	n = vget_u(&v);
	if (n > len)
		return -1;
	e->promises = n ? arena_alloc(a, n * sizeof(*e->promises)) : NULL;
	e->npromises = (size_t)n;
	for (size_t i = 0; i < n; i++) {
		struct promise *p = &e->promises[i];
		unsigned flags;
		p->text = (char *)unspill_s(&v);
		flags = (unsigned)vget_u(&v);
		p->has_due = flags & 1;
		p->done = flags >> 1 & 1;
		p->has_done_on = flags >> 2 & 1;
		p->due = (day_t)vget_i(&v);
		p->done_on = (day_t)vget_i(&v);
		p->line = (int)vget_i(&v);
		p->path = e->path;
	}
	e->borrowed = 1;
	return v.bad || v.p != v.end ? -1 : 0;
}

/*
 * Keeps the entry's promises (once, however many clients it names) under
 * `at`, which grows from one entry to the next: r->proms is in its order.
 * SLIM_PROMISES when it has any, else 0.
 */
static unsigned char keep_promises(struct report *r, const struct entry *e, uint64_t at)
{
	if (!e->npromises)
		return 0;
	ALLOC_GROW(r->proms, r->nproms + 1, r->proms_alloc);
	r->proms[r->nproms].at = at;
	r->proms[r->nproms].v = mem_promises(&r->mem, e->promises, e->npromises,
					     mem_str(&r->mem, e->path));
	r->proms[r->nproms++].n = e->npromises;
	return SLIM_PROMISES;
}

static int prom_cmp(const void *key, const void *elem)
{
	uint64_t a = *(const uint64_t *)key, b = ((const struct prom_set *)elem)->at;

	return (a > b) - (a < b);
}

/* An entry of the first reading: kept slim for each client of the report it names, and counted once. */
static void scan_entry(struct report *r, const struct entry *e, uint32_t part, uint32_t ord)
{
	const struct notebook *nb = r->nb;
	uint64_t at = (uint64_t)part << 32 | ord;
	uint32_t len = 0;
	unsigned char prom = 0;
	int in = 0;

	for (size_t k = 0; k < e->nclients; k++) {
		const struct client *c = model_find_client(nb, e->clients[k]);
		struct slim *sl;

		if (!c || !r->in[c - nb->clients] || id_seen_before(e->clients, k))
			continue;
		if (!in && r->spill >= 0)
			spill_entry(r, e, &at, &len);
		if (!in)
			prom = keep_promises(r, e, at);
		in = 1;
		ALLOC_GROW(r->slims, r->nslims + 1, r->slims_alloc);
		sl = &r->slims[r->nslims++];
		sl->instant = e->instant;
		sl->at = at;
		sl->client = (uint32_t)(c - nb->clients);
		sl->len = len;
		sl->day = e->day;
		sl->kind = (unsigned char)e->kind | prom;
		sl->trust = (signed char)e->trust;
		sl->sat = (unsigned char)e->satisfaction;
	}
	/* as count_entries() counts them */
	if (!in || e->day > r->o->as_of)
		return;
	if (e->kind == KIND_THANKS && month_index(r, e->day) >= 0)
		r->thanks[month_index(r, e->day)]++;
	for (size_t j = 0; j < e->npromises; j++)
		count_promise(r, &e->promises[j]);
}

/* By client, then in the "latest" order (the parts and their files are in path order). */
static int slim_cmp(const void *x, const void *y)
{
	const struct slim *a = x, *b = y;

	if (a->client != b->client)
		return a->client < b->client ? -1 : 1;
	if (a->instant != b->instant)
		return a->instant < b->instant ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

/*
 * The row's figures from its slim entries, as report_build() makes them
 * from the whole model: its client's entries stand in for the time it
 * takes, with what the audit and the figures read of them.
 */
static void scan_row(struct report *r, struct row *w)
{
	struct client *c = (struct client *)w->c;
	struct entry *v = xcalloc(w->n ? w->n : 1, sizeof(*v));
	struct entry **p = xcalloc(w->n ? w->n : 1, sizeof(*p));

	for (size_t i = 0; i < w->n; i++) {
		const struct slim *sl = &r->slims[w->first + i];

		v[i].instant = sl->instant;
		v[i].day = sl->day;
		v[i].kind = (enum kind)(sl->kind & ~SLIM_PROMISES);
		v[i].trust = (enum trust)sl->trust;
		v[i].satisfaction = sl->sat;
		if (sl->kind & SLIM_PROMISES) {
			const struct prom_set *ps = bsearch(&sl->at, r->proms, r->nproms,
							    sizeof(*r->proms), prom_cmp);
			v[i].promises = ps->v;
			v[i].npromises = ps->n;
		}
		p[i] = &v[i];
	}
	c->entries = p;
	c->nentries = w->n;
	audit_client(r->nb, c, r->o->as_of, &w->audit);
	fill_row(r, w);
	/* the section's audit is made again from the whole entries (write_parts()) */
	w->audit.last_entry = NULL;
	w->audit.trust_entry = NULL;
	c->entries = NULL;
	c->nentries = 0;
	free(p);
	free(v);
}

/*
 * jemalloc's control, when it is the allocator (the Makefile's ALLOC,
 * README.md): a weak reference, NULL with the C library's.
 */
extern int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen)
	__attribute__((weak));

/*
 * A part's memory back to the system once it is read: the workers that
 * read it freed it into heaps of their own threads (arenas), which keep
 * it for a while.
 */
static void trim(void)
{
	if (mallctl) {
		/* 4096: MALLCTL_ARENAS_ALL, every arena */
		mallctl("thread.tcache.flush", NULL, NULL, NULL, 0);
		mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
		return;
	}
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* An unnamed file in `dir` for the spill, or -1. */
static int spill_open(const char *dir)
{
	char *tmp = xasprintf("%s/" FS_TMP_PREFIX "XXXXXX", dir);
	int fd = mkstemp(tmp);

	if (fd >= 0)
		unlink(tmp);
	free(tmp);
	return fd;
}

/* The first reading: each part once, into the rows' figures (report_build()'s). */
static void scan_parts(struct report *r, struct diags *d)
{
	const struct notebook *nb = r->nb;
	size_t k = 0;

	report_select(r);
	for (size_t part = 0; part < load_parts_count(r->lp); part++) {
		struct notebook pn;
		uint32_t *ords;

		/* a part read again (the spill failed) may have changed since */
		if (load_parts_read(r->lp, part, NULL, &pn, &ords, d) < 0)
			r->changed = 1;
		for (size_t i = 0; i < pn.nentries; i++)
			scan_entry(r, &pn.entries[i], (uint32_t)part, ords[i]);
		free(ords);
		notebook_release(&pn);
		trim();
	}
	if (r->spill >= 0)
		spill_flush(r);
	buf_release(&r->out);
	if (r->nslims)
		qsort(r->slims, r->nslims, sizeof(*r->slims), slim_cmp);
	/* The rows are in nb->clients' order still, as the slims are. */
	for (size_t i = 0; i < r->nrows; i++) {
		struct row *w = &r->rows[i];
		uint32_t ci = (uint32_t)(w->c - nb->clients);

		while (k < r->nslims && r->slims[k].client < ci)
			k++;
		w->first = k;
		while (k < r->nslims && r->slims[k].client == ci)
			k++;
		w->n = k - w->first;
		scan_row(r, w);
	}
	qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	for (size_t i = 0; i < r->nrows; i++)
		for (size_t j = 0; j < r->rows[i].c->npromises; j++)
			count_promise(r, &r->rows[i].c->promises[j]);
}

struct report *report_html_scan(const struct notebook *nb, struct load_parts *lp,
				const struct report_opts *o, const char *spill_dir, struct diags *d)
{
	struct report *r = xcalloc(1, sizeof(*r));
	struct diags first = DIAGS_INIT;

	r->nb = nb;
	r->o = o;
	r->lp = lp;
	r->spill = spill_dir ? spill_open(spill_dir) : -1;
	scan_parts(r, r->spill >= 0 ? &first : d);
	if (r->spill >= 0 && r->spill_failed) {
		/* No room for it (a full disk): read again, and the sections' entries from the notebook. */
		close(r->spill);
		report_release(r);
		memset(r, 0, sizeof(*r));
		r->nb = nb;
		r->o = o;
		r->lp = lp;
		r->spill = -1;
		scan_parts(r, d);
	} else if (r->spill >= 0) {
		diags_move(d, &first);
	}
	diags_release(&first);
	return r;
}

void report_html_free(struct report *r)
{
	if (!r)
		return;
	if (r->spill >= 0)
		close(r->spill);
	report_release(r);
	free(r);
}

/* The entries of a run of sections, read again whole: by part and place, in that order. */
struct batch {
	struct arena mem;
	struct placed {
		uint32_t part, ord;
		struct entry *e;
	} *v;
	size_t n, alloc;
};

/* Entries of the sections' clients held at once, at most (about 300 bytes each). */
#define BATCH_ENTRIES 32768

static void entry_copy(struct arena *a, struct entry *to, const struct entry *e)
{
	*to = *e;
	to->path = mem_str(a, e->path);
	to->clients = e->nclients ? arena_alloc(a, e->nclients * sizeof(char *)) : NULL;
	for (size_t i = 0; i < e->nclients; i++)
		to->clients[i] = mem_str(a, e->clients[i]);
	to->with = e->nwith ? arena_alloc(a, e->nwith * sizeof(char *)) : NULL;
	for (size_t i = 0; i < e->nwith; i++)
		to->with[i] = mem_str(a, e->with[i]);
	to->mood = mem_str(a, e->mood);
	to->summary = mem_str(a, e->summary);
	to->promises = mem_promises(a, e->promises, e->npromises, to->path);
	to->borrowed = 1;
}

/* Reads the entries of rows [from, to) again, whole, into `b`. -1 when a part changed since. */
static int batch_read(struct report *r, size_t from, size_t to, struct batch *b)
{
	size_t nparts = load_parts_count(r->lp);
	unsigned char **want = xcalloc(nparts ? nparts : 1, sizeof(*want));
	int ret = 0;

	for (size_t i = from; i < to; i++)
		for (size_t j = 0; j < r->rows[i].n; j++) {
			const struct slim *sl = &r->slims[r->rows[i].first + j];
			uint32_t part = (uint32_t)(sl->at >> 32), ord = (uint32_t)sl->at;
			if (!want[part])
				want[part] = xcalloc(load_parts_files(r->lp, part) / 8 + 1, 1);
			want[part][ord / 8] |= (unsigned char)(1u << (ord % 8));
		}
	for (size_t part = 0; part < nparts && !ret; part++) {
		struct notebook pn;
		uint32_t *ords;

		if (!want[part])
			continue;
		if (load_parts_read(r->lp, part, want[part], &pn, &ords, NULL) < 0) {
			ret = -1;
			break;
		}
		for (size_t i = 0; i < pn.nentries; i++) {
			ALLOC_GROW(b->v, b->n + 1, b->alloc);
			b->v[b->n].part = (uint32_t)part;
			b->v[b->n].ord = ords[i];
			b->v[b->n].e = arena_alloc(&b->mem, sizeof(struct entry));
			entry_copy(&b->mem, b->v[b->n++].e, &pn.entries[i]);
		}
		free(ords);
		notebook_release(&pn);
	}
	for (size_t part = 0; part < nparts; part++)
		free(want[part]);
	free(want);
	return ret;
}

static int placed_cmp(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;

	if (a->part != b->part)
		return a->part < b->part ? -1 : 1;
	return (a->ord > b->ord) - (a->ord < b->ord);
}

/* A client's section with `p`, its entries (as many as the row says), lent to it while it is written. */
static void write_with_entries(struct html *h, struct report *r, struct row *full,
			       struct entry **p)
{
	struct client *c = (struct client *)full->c;

	c->entries = p;
	c->nentries = full->n;
	audit_client(r->nb, c, r->o->as_of, &full->audit);
	write_client(h, r, full);
	audit_release(&full->audit);
	c->entries = NULL;
	c->nentries = 0;
}

/* A client's section with its entries read again whole. -1 when one is missing now. */
static int write_part_client(struct html *h, struct report *r, const struct row *w,
			     const struct batch *b)
{
	struct entry **p = xcalloc(w->n ? w->n : 1, sizeof(*p));
	struct row full = *w;
	int ret = 0;

	for (size_t i = 0; i < w->n && !ret; i++) {
		const struct slim *sl = &r->slims[w->first + i];
		struct placed key = { (uint32_t)(sl->at >> 32), (uint32_t)sl->at, NULL };
		const struct placed *at = bsearch(&key, b->v, b->n, sizeof(*b->v), placed_cmp);

		if (!at)
			ret = -1;
		else
			p[i] = at->e;
	}
	if (!ret)
		write_with_entries(h, r, &full, p);
	free(p);
	return ret;
}

/* A client's section with its entries read back from the spill file. -1 when one does not read. */
static int write_spilled_client(struct html *h, struct report *r, const struct row *w,
				struct buf *b)
{
	struct entry *v = xcalloc(w->n ? w->n : 1, sizeof(*v));
	struct entry **p = xcalloc(w->n ? w->n : 1, sizeof(*p));
	size_t *off = xcalloc(w->n ? w->n : 1, sizeof(*off));
	struct arena a = ARENA_INIT;
	struct row full = *w;
	int ret = 0;

	/* Its records one after another in `b`, then read in place (b does not move again). */
	buf_reset(b);
	for (size_t i = 0; i < w->n && !ret; i++) {
		const struct slim *sl = &r->slims[w->first + i];
		size_t got = 0;

		off[i] = b->len;
		buf_grow(b, sl->len);
		while (got < sl->len && !ret) {
			ssize_t k = pread(r->spill, b->data + b->len + got, sl->len - got,
					  (off_t)(sl->at + got));
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				ret = -1;
			got += k > 0 ? (size_t)k : 0;
		}
		b->len += got;
	}
	for (size_t i = 0; i < w->n && !ret; i++) {
		ret = unspill_entry(&v[i], (unsigned char *)b->data + off[i], r->slims[w->first + i].len, &a);
		p[i] = &v[i];
	}
	if (!ret)
		write_with_entries(h, r, &full, p);
	arena_release(&a);
	free(off);
	free(p);
	free(v);
	return ret;
}

/* Every client's section, a run of them at a time. -1 when the notebook changed meanwhile. */
static int write_parts(struct html *h, struct report *r)
{
	size_t i = 0;

	if (r->spill >= 0) {
		struct buf b = BUF_INIT;
		int ret = 0;

		for (size_t k = 0; k < r->nrows && !ret && !h->failed; k++)
			ret = write_spilled_client(h, r, &r->rows[k], &b);
		buf_release(&b);
		return ret;
	}

	while (i < r->nrows && !h->failed) {
		struct batch b = { ARENA_INIT, NULL, 0, 0 };
		size_t end = i, n = 0;
		int ret;

		while (end < r->nrows && (end == i || n + r->rows[end].n <= BATCH_ENTRIES))
			n += r->rows[end++].n;
		ret = batch_read(r, i, end, &b);
		for (size_t k = i; k < end && !ret && !h->failed; k++)
			ret = write_part_client(h, r, &r->rows[k], &b);
		arena_release(&b.mem);
		free(b.v);
		if (ret < 0)
			return -1;
		i = end;
	}
	return 0;
}

static int write_page(FILE *f, struct report *r)
{
	struct html h;
	int ret, changed = r->changed;

	html_init(&h, f);
	write_head(&h, r);
	write_intro(&h, r);
	html_raw(&h, "<main>\n");
	write_attention(&h, r);
	write_heatmap(&h, r);
	write_practice(&h, r);
	html_raw(&h, "<section id=\"clients\">\n<h2>Clients</h2>\n");
	/* What every client's chart shows, said once (each chart has its own title). */
	html_raw(&h, "<p class=\"muted\">In each client's chart the line is satisfaction (1 to 5); below it each "
		 "entry: &#9679; contact, &#9670; thanks, &#9650; apology or feedback, &#9675; note; dashed lines "
		 "mark changes of trust. The timeline under the chart holds the same.</p>\n");
	client_grid(&h, r);
	/* A failed write (a full disk) ends the page here: nothing more would be written. */
	if (r->lp)
		changed |= write_parts(&h, r) < 0;
	else
		for (size_t i = 0; i < r->nrows && !h.failed; i++)
			write_client(&h, r, &r->rows[i]);
	if (!r->nrows)
		html_raw(&h, "<p>No clients.</p>\n");
	html_raw(&h, "</section>\n</main>\n<footer><p class=\"muted\">Written by <code>notebook report</code> "
		 "from the notebook's files; it needs nothing else to be read or printed.</p></footer>\n"
		 "</body>\n</html>\n");
	ret = html_finish(&h);
	return changed ? -2 : ret;
}

int report_html_page(FILE *f, struct report *r)
{
	return write_page(f, r);
}

struct report *report_html_build(const struct notebook *nb, const struct report_opts *o)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->nb = nb;
	r->o = o;
	r->spill = -1;
	report_build(r);
	return r;
}
