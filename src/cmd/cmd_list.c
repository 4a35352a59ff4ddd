/* notebook list: the clients, one a line, or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "json.h"
#include "report.h"
#include "stale.h"
#include "term.h"
#include "text.h"
#include "util.h"

static const char list_usage[] =
	"usage: notebook list [--tag TAG] [--owner OWNER] [--status STATUS]\n"
	"                     [--tier TIER,...] [--state STATE,...] [--as-of DATE]\n"
	"                     [--json] [--no-color]\n";

static void add_escaped_cell(struct table *tb, const char *s, enum term_color color)
{
	struct buf b = BUF_INIT;

	if (s)
		buf_add_escaped_str(&b, s);
	table_add(tb, buf_str(&b), color);
	buf_release(&b);
}

/* "a,b" piped (one word for scripts); "a, b" on a terminal, where it may wrap. */
static void tags_joined(const struct client *c, const struct term *t, struct buf *b)
{
	for (size_t i = 0; i < c->ntags; i++) {
		if (i)
			buf_adds(b, t->tty ? ", " : ",");
		buf_adds(b, c->tags[i]);
	}
}

static json_t *json_client(const struct notebook *nb, const struct client *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", jw_text(c->id));
	json_object_set_new(o, "name", jw_text(c->name));
	json_object_set_new(o, "status", jw_text(status_name(c->status)));
	json_object_set_new(o, "tier", jw_text(tier_name(c->tier)));
	json_object_set_new(o, "tags", jw_texts(c->tags, c->ntags));
	json_object_set_new(o, "owner", jw_text(client_owner(nb, c)));
	return o;
}

struct list_opts {
	struct report_filter f;
	int status; /* an enum client_status, or -1: any */
	int json, no_color;
};

/* 0, -1 after --help, or an exit status. */
static int parse_options(int argc, char **argv, struct list_opts *o)
{
	static const struct option opts[] = {
		{ "tag", required_argument, NULL, 't' },
		{ "owner", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "tier", required_argument, NULL, 'T' },
		{ "state", required_argument, NULL, 'S' },
		{ "as-of", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-color", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const statuses[] = { "prospect", "active", "paused", "former", NULL };
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		int ret = report_filter_option(c, optarg, list_usage, &o->f);

		if (ret >= 0) {
			if (ret)
				return ret;
			continue;
		}
		switch (c) {
		case 's':
			o->status = status_parse(optarg);
			if (o->status < 0)
				return choice_error(list_usage, "status", optarg, statuses);
			break;
		case 'j':
			o->json = 1;
			break;
		case 'n':
			o->no_color = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], list_usage);
			return -1;
		default:
			return usage_error(list_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(list_usage, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Whether the filters of `o` keep the client `cl`. */
static int list_wanted(const struct notebook *nb, const struct list_opts *o, day_t today,
		       const struct client *cl)
{
	struct audit a;
	int in;

	if (!report_filter_keeps(nb, &o->f, cl))
		return 0;
	if (o->status >= 0 && cl->status != (enum client_status)o->status)
		return 0;
	if (!o->f.states)
		return 1;
	/* A state is the audit's: only active and prospect clients have one. */
	if (!client_is_audited(cl))
		return 0;
	audit_client(nb, cl, today, &a);
	in = !!(o->f.states & 1u << a.state);
	audit_release(&a);
	return in;
}

static void add_row(struct table *tb, const struct notebook *nb, const struct client *cl,
		    const struct term *term)
{
	struct buf tags = BUF_INIT;

	add_escaped_cell(tb, cl->id, COLOR_NONE);
	add_escaped_cell(tb, cl->name, COLOR_NONE);
	add_escaped_cell(tb, status_name(cl->status),
			 cl->status == STATUS_ACTIVE ? COLOR_GREEN :
			 cl->status == STATUS_PROSPECT ? COLOR_CYAN : COLOR_DIM);
	add_escaped_cell(tb, tier_name(cl->tier), COLOR_NONE);
	tags_joined(cl, term, &tags);
	add_escaped_cell(tb, buf_str(&tags), COLOR_NONE);
	add_escaped_cell(tb, client_owner(nb, cl), COLOR_NONE);
	buf_release(&tags);
}

int cmd_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct list_opts o = { .status = -1 };
	day_t today = 0;
	struct notebook nb;
	struct term term;
	struct table tb;
	json_t *all = NULL;
	size_t shown = 0;
	int ret = parse_options(argc, argv, &o);

	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (report_load(ctx, &nb) < 0)
		return EXIT_NO_NOTEBOOK;
	/* An owner no client has: a warning and no clients (notebook(1), list). */
	if (filter_check(&nb, o.f.tag, o.f.owner) < 0 ||
	    (o.f.states && report_day(o.f.has_as_of, o.f.as_of, &today) < 0)) {
		notebook_release(&nb);
		return EXIT_USAGE;
	}

	term_init(&term, stdout, o.no_color);
	table_init(&tb, 6, 1);
	table_keep(&tb, 0);
	table_add(&tb, "ID", COLOR_BOLD);
	table_add(&tb, "NAME", COLOR_BOLD);
	table_add(&tb, "STATUS", COLOR_BOLD);
	table_add(&tb, "TIER", COLOR_BOLD);
	table_add(&tb, "TAGS", COLOR_BOLD);
	table_add(&tb, "OWNER", COLOR_BOLD);
	if (o.json)
		all = json_array();
	for (size_t i = 0; i < nb.nclients; i++) {
		const struct client *cl = &nb.clients[i];

		if (!list_wanted(&nb, &o, today, cl))
			continue;
		if (o.json)
			json_array_append_new(all, json_client(&nb, cl));
		else
			add_row(&tb, &nb, cl, &term);
		shown++;
	}
	if (o.json)
		jw_print(stdout, all, &JW_RECORDS);
	else if (shown)
		table_print(&tb, &term, stdout);
	table_release(&tb);
	notebook_release(&nb);
	return EXIT_OK;
}
