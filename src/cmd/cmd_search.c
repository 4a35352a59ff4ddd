/*
 * notebook search: full text over client files and journal entries (FTS5
 * in the index), best match first, each with its client, date and the
 * matching words highlighted.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "json.h"
#include "diag.h"
#include "cache/index.h"
#include "load.h"
#include "query.h"
#include "report.h"
#include "term.h"
#include "text.h"
#include "util.h"

static const char search_usage[] =
	"usage: notebook search [--json] [--limit N] [--owner OWNER] [--no-color]\n"
	"                       QUERY...\n"
	"  QUERY: words (all must match), \"a phrase\", prefix*, OR, NOT word or -word,\n"
	"         (...), front:word, body:word\n";

static size_t words_of(void *ix, const char *s, size_t n)
{
	return index_query_words(ix, s, n);
}

/* What a hit's file is in the model. */
struct doc {
	const char *path;
	const struct client *client;
	const struct entry *entry;
};

/* Whether `doc` belongs to `owner`: its client's, or one of its entry's clients'. */
static int doc_owned(const struct notebook *nb, const struct doc *doc, const char *owner)
{
	if (doc->client)
		return owner_is(nb, doc->client, owner);
	for (size_t i = 0; i < doc->entry->nclients; i++) {
		const struct client *c = model_find_client(nb, doc->entry->clients[i]);
		if (c && owner_is(nb, c, owner))
			return 1;
	}
	return 0;
}

/* Whether `a` is the option `opt` ("--limit"), or getopt's abbreviation of it. */
static int is_long_opt(const char *a, const char *opt)
{
	size_t n = strlen(a);

	return n > 2 && !strncmp(opt, a, n);
}

static int cmp_doc(const void *a, const void *b)
{
	return strcmp(((const struct doc *)a)->path, ((const struct doc *)b)->path);
}

static struct doc *docs_of(const struct notebook *nb, size_t *n)
{
	struct doc *v = xcalloc(nb->nclients + nb->nentries + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < nb->nclients; i++)
		v[(*n)++] = (struct doc){ nb->clients[i].path, &nb->clients[i], NULL };
	for (size_t i = 0; i < nb->nentries; i++)
		v[(*n)++] = (struct doc){ nb->entries[i].path, NULL, &nb->entries[i] };
	qsort(v, *n, sizeof(*v), cmp_doc);
	return v;
}

/* The snippet with its highlights as `on` … `off`; its text escaped when `escape`. */
static void add_snippet(struct buf *b, const char *s, const char *on, const char *off,
			int escape)
{
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, "\xfe\xff");
		if (escape)
			buf_add_escaped(b, p, n);
		else
			buf_add(b, p, n);
		p += n;
		if (*p == '\xfe')
			buf_adds(b, on);
		else if (*p == '\xff')
			buf_adds(b, off);
		if (*p)
			p++;
	}
}

static void add_hit_text(struct buf *b, const struct cmd_ctx *ctx, const struct doc *doc,
			 const struct search_hit *hit, const struct term *t)
{
	int bold = t->color;

	if (bold)
		buf_adds(b, term_on(t, COLOR_BOLD));
	buf_add_escaped_str(b, ctx->display);
	buf_add_escaped_str(b, doc->path);
	if (bold)
		buf_adds(b, term_off(t, COLOR_BOLD));
	if (doc->entry) {
		char date[11];
		date_format(doc->entry->day, date);
		buf_printf(b, "  %s ", date);
		for (size_t i = 0; i < doc->entry->nclients; i++) {
			buf_adds(b, i ? "," : " ");
			buf_add_escaped_str(b, doc->entry->clients[i]);
		}
	} else {
		buf_adds(b, "  ");
		buf_add_escaped_str(b, doc->client->id);
	}
	buf_adds(b, "\n    ");
	add_snippet(b, hit->snippet, bold ? term_on(t, COLOR_BOLD) : "[",
		    bold ? term_off(t, COLOR_BOLD) : "]", 1);
	buf_adds(b, "\n");
}

static json_t *json_hit(const struct doc *doc, const struct search_hit *hit)
{
	json_t *o = json_object();
	struct buf snippet = BUF_INIT;

	json_object_set_new(o, "path", jw_text(doc->path));
	json_object_set_new(o, "type", jw_text(doc->entry ? "entry" : "client"));
	if (doc->entry)
		json_object_set_new(o, "clients", jw_texts(doc->entry->clients, doc->entry->nclients));
	else
		json_object_set_new(o, "clients", jw_texts(&doc->client->id, 1));
	json_object_set_new(o, "date", jw_day(doc->entry != NULL, doc->entry ? doc->entry->day : 0));
	add_snippet(&snippet, hit->snippet, "[", "]", 0);
	json_object_set_new(o, "snippet", jw_textn(snippet.data ? snippet.data : "", snippet.len));
	buf_release(&snippet);
	return o;
}

struct search_opts {
	int json, no_color;
	size_t limit;
	const char *owner;
	struct buf query;
};

/*
 * "-word" leaves a word out (query.h), so only the options of search_opts
 * are options; every other argument is the query's, "--" ending options.
 * Splits argv into optv (argv[0] and the options) and wordv (the query).
 */
static void split_args(int argc, char **argv, char **optv, int *nopt, char **wordv, int *nword)
{
	optv[(*nopt)++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (++i < argc)
				wordv[(*nword)++] = argv[i];
			break;
		}
		if (!strncmp(a, "--", 2) || !strcmp(a, "-h") || !strncmp(a, "-n", 2)) {
			optv[(*nopt)++] = argv[i];
			/* --limit and --owner, or getopt's abbreviations of them, take the next argument. */
			if ((!strcmp(a, "-n") || is_long_opt(a, "--limit") || is_long_opt(a, "--owner")) &&
			    i + 1 < argc)
				optv[(*nopt)++] = argv[++i];
		} else {
			wordv[(*nword)++] = argv[i];
		}
	}
}

static int getopt_search(int nopt, char **optv, struct search_opts *o)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "owner", required_argument, NULL, 'o' },
		{ "no-color", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(nopt, optv, "hn:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = 1;
			break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0)
				return usage_error(search_usage, "--limit wants a number (0: no limit), not '%s'",
						   optarg);
			o->limit = (size_t)v;
			break;
		}
		case 'o':
			o->owner = optarg;
			break;
		case 'c':
			o->no_color = 1;
			break;
		case 'h':
			help_print(stdout, optv[0], search_usage);
			return -1;
		default:
			return usage_error(search_usage, NULL);
		}
	}
	return 0;
}

/* 0 with the options and the query in `o`, -1 after --help, or an exit status. */
static int parse_options(int argc, char **argv, struct search_opts *o)
{
	char **optv = xcalloc((size_t)argc + 1, sizeof(*optv));
	char **wordv = xcalloc((size_t)argc + 1, sizeof(*wordv));
	int nopt = 0, nword = 0, ret;

	split_args(argc, argv, optv, &nopt, wordv, &nword);
	ret = getopt_search(nopt, optv, o);
	for (int i = 0; !ret && i < nword; i++) {
		if (o->query.len)
			buf_addc(&o->query, ' ');
		buf_adds(&o->query, wordv[i]);
	}
	if (!ret && (!o->query.len || strspn(buf_str(&o->query), " \t\r\n") == o->query.len))
		ret = usage_error(search_usage, "what to search for is missing");
	free(optv);
	free(wordv);
	return ret;
}

/* What search_notebook() leaves for the caller to print and release. */
struct search_run {
	struct diags d;
	struct notebook nb;
	struct index *ix;
	struct search_hit *hits;
	size_t nhits;
	int no_owner;
};

/* Loads the notebook and runs the query: 0, or an exit status. */
static int search_notebook(const struct cmd_ctx *ctx, const struct search_opts *o, struct search_run *r)
{
	struct buf fts = BUF_INIT, why = BUF_INIT;
	int rc, ret = 0, rebuilt = 0;
	const char *query = buf_str(&o->query);

	/* Without a usable cache on disk the search text is built in memory. */
	r->ix = notebook_index_open(ctx->root, INDEX_FULL_TEXT | INDEX_MEMORY);
again:
	if (!r->ix) {
		error("cannot search: no index could be opened");
		ret = EXIT_NO_NOTEBOOK;
		goto out;
	}
	rc = notebook_load_with_index(ctx->root, r->ix, &r->nb, &r->d);
	diags_sort(&r->d);
	if (!rebuilt)
		diags_print(&r->d, ctx->display, stderr);
	if (rc < 0) {
		ret = EXIT_NO_NOTEBOOK;
		goto out;
	}
	/* What the user typed is never handed to FTS5 as it is (query.h). */
	if (query_translate(query, words_of, r->ix, &fts, &why) < 0) {
		error("cannot search for '%s': %s", query, buf_str(&why));
		ret = EXIT_USAGE;
		goto out;
	}
	/* An owner no client has: a warning, and nothing found (exit 1). */
	if (o->owner && filter_check(&r->nb, NULL, o->owner) > 0)
		r->no_owner = 1;
	/*
	 * A few more than shown: entries naming unknown clients are indexed
	 * but left out; with --owner every hit, most of them someone else's.
	 */
	rc = index_search(r->ix, buf_str(&fts), o->limit && !o->owner ? o->limit + 100 : 0, &r->hits,
			  &r->nhits, &why);
	if (rc == INDEX_DAMAGED && !rebuilt) {
		/* a damaged cache is rebuilt, never trusted (README, "The cache") */
		notebook_release(&r->nb);
		diags_release(&r->d);
		buf_reset(&fts);
		buf_reset(&why);
		index_close(r->ix);
		r->ix = notebook_index_open(ctx->root, INDEX_FULL_TEXT | INDEX_MEMORY | INDEX_REBUILD);
		rebuilt = 1;
		goto again;
	}
	if (rc == INDEX_DAMAGED) {
		error("cannot search: the search index in the cache does not match its checksum "
		      "even rebuilt; run 'notebook index --rebuild'");
		ret = EXIT_FINDINGS;
	} else if (rc == -1) {
		error("cannot understand the query '%s': %s", query, buf_str(&why));
		ret = EXIT_USAGE;
	} else if (rc < 0) {
		ret = EXIT_FINDINGS;
	}
out:
	buf_release(&why);
	buf_release(&fts);
	return ret;
}

/* Prints the hits that are in the model (and the owner's): 0, or 1 for none. */
static int print_hits(const struct cmd_ctx *ctx, const struct search_opts *o, const struct search_run *r)
{
	struct buf out = BUF_INIT;
	json_t *all = o->json ? json_array() : NULL;
	struct term term;
	size_t ndocs, shown = 0;
	struct doc *docs = docs_of(&r->nb, &ndocs);

	term_init(&term, stdout, o->no_color);
	for (size_t i = 0; i < r->nhits && (!o->limit || shown < o->limit); i++) {
		struct doc key = { r->hits[i].path, NULL, NULL };
		const struct doc *doc = bsearch(&key, docs, ndocs, sizeof(*docs), cmp_doc);

		/* Files that failed validation are not in the model: left out. */
		if (!doc || r->no_owner || (o->owner && !doc_owned(&r->nb, doc, o->owner)))
			continue;
		if (all)
			json_array_append_new(all, json_hit(doc, &r->hits[i]));
		else
			add_hit_text(&out, ctx, doc, &r->hits[i], &term);
		shown++;
	}
	if (all)
		jw_write(&out, all, &JW_RECORDS);
	fwrite(buf_str(&out), 1, out.len, stdout);
	json_decref(all);
	free(docs);
	buf_release(&out);
	return shown ? EXIT_OK : EXIT_FINDINGS;
}

int cmd_search(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct search_opts o = { .limit = 20, .query = BUF_INIT };
	struct search_run r = { .d = DIAGS_INIT };
	int ret = parse_options(argc, argv, &o);

	if (ret)
		ret = ret < 0 ? EXIT_OK : ret;
	else if (!(ret = search_notebook(ctx, &o, &r)))
		ret = print_hits(ctx, &o, &r);
	search_hits_free(r.hits, r.nhits);
	notebook_release(&r.nb);
	index_close(r.ix);
	diags_release(&r.d);
	buf_release(&o.query);
	return ret;
}
