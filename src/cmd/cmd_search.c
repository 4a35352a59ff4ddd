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

int cmd_search(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'n' },
		{ "owner", required_argument, NULL, 'o' },
		{ "no-color", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diags d = DIAGS_INIT;
	struct notebook nb = { 0 };
	struct index *ix = NULL;
	struct search_hit *hits = NULL;
	struct doc *docs = NULL;
	struct buf query = BUF_INIT, fts = BUF_INIT, why = BUF_INIT, out = BUF_INIT;
	json_t *all = NULL;
	struct term term;
	size_t nhits = 0, ndocs = 0, shown = 0, limit = 20;
	int json = 0, no_color = 0, c, ret = EXIT_OK, rc, nopt = 0, nword = 0, no_owner = 0;
	int rebuilt = 0;
	const char *owner = NULL;
	char **optv = NULL, **wordv = NULL;

	/*
	 * "-word" leaves a word out (query.h), so only the options below are
	 * options; every other argument is the query's, "--" ending options.
	 */
	optv = xcalloc((size_t)argc + 1, sizeof(*optv));
	wordv = xcalloc((size_t)argc + 1, sizeof(*wordv));
	optv[nopt++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (++i < argc)
				wordv[nword++] = argv[i];
			break;
		}
		if (!strncmp(a, "--", 2) || !strcmp(a, "-h") || !strncmp(a, "-n", 2)) {
			optv[nopt++] = argv[i];
			/* --limit and --owner, or getopt's abbreviations of them, take the next argument. */
			if ((!strcmp(a, "-n") || is_long_opt(a, "--limit") || is_long_opt(a, "--owner")) &&
			    i + 1 < argc)
				optv[nopt++] = argv[++i];
		} else {
			wordv[nword++] = argv[i];
		}
	}
	optind = 0;
	while ((c = getopt_long(nopt, optv, "hn:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0) {
				ret = usage_error(search_usage, "--limit wants a number (0: no limit), not '%s'",
						  optarg);
				goto out;
			}
			limit = (size_t)v;
			break;
		}
		case 'o':
			owner = optarg;
			break;
		case 'c':
			no_color = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], search_usage);
			goto out;
		default:
			ret = usage_error(search_usage, NULL);
			goto out;
		}
	}
	for (int i = 0; i < nword; i++) {
		if (query.len)
			buf_addc(&query, ' ');
		buf_adds(&query, wordv[i]);
	}
	if (!query.len || strspn(buf_str(&query), " \t\r\n") == query.len) {
		ret = usage_error(search_usage, "what to search for is missing");
		goto out;
	}

	/* Without a usable cache on disk the search text is built in memory. */
	ix = notebook_index_open(ctx->root, INDEX_FULL_TEXT | INDEX_MEMORY);
again:
	if (!ix) {
		error("cannot search: no index could be opened");
		ret = EXIT_NO_NOTEBOOK;
		goto out;
	}
	rc = notebook_load_with_index(ctx->root, ix, &nb, &d);
	diags_sort(&d);
	if (!rebuilt)
		diags_print(&d, ctx->display, stderr);
	if (rc < 0) {
		ret = EXIT_NO_NOTEBOOK;
		goto out;
	}
	/* What the user typed is never handed to FTS5 as it is (query.h). */
	if (query_translate(buf_str(&query), words_of, ix, &fts, &why) < 0) {
		error("cannot search for '%s': %s", buf_str(&query), buf_str(&why));
		ret = EXIT_USAGE;
		goto out;
	}
	/* An owner no client has: a warning, and nothing found (exit 1). */
	if (owner && filter_check(&nb, NULL, owner) > 0)
		no_owner = 1;
	/*
	 * A few more than shown: entries naming unknown clients are indexed
	 * but left out; with --owner every hit, most of them someone else's.
	 */
	rc = index_search(ix, buf_str(&fts), limit && !owner ? limit + 100 : 0, &hits, &nhits, &why);
	if (rc == INDEX_DAMAGED && !rebuilt) {
		/* a damaged cache is rebuilt, never trusted (README, "The cache") */
		notebook_release(&nb);
		diags_release(&d);
		buf_reset(&fts);
		buf_reset(&why);
		index_close(ix);
		ix = notebook_index_open(ctx->root, INDEX_FULL_TEXT | INDEX_MEMORY | INDEX_REBUILD);
		rebuilt = 1;
		goto again;
	}
	if (rc == INDEX_DAMAGED) {
		error("cannot search: the search index in the cache does not match its checksum "
		      "even rebuilt; run 'notebook index --rebuild'");
		ret = EXIT_FINDINGS;
		goto out;
	}
	if (rc == -1) {
		error("cannot understand the query '%s': %s", buf_str(&query), buf_str(&why));
		ret = EXIT_USAGE;
		goto out;
	} else if (rc < 0) {
		ret = EXIT_FINDINGS;
		goto out;
	}

	docs = docs_of(&nb, &ndocs);
	term_init(&term, stdout, no_color);
	if (json)
		all = json_array();
	for (size_t i = 0; i < nhits && (!limit || shown < limit); i++) {
		struct doc key = { hits[i].path, NULL, NULL };
		const struct doc *doc = bsearch(&key, docs, ndocs, sizeof(*docs), cmp_doc);

		/* Files that failed validation are not in the model: left out. */
		if (!doc || no_owner || (owner && !doc_owned(&nb, doc, owner)))
			continue;
		if (json) {
			json_array_append_new(all, json_hit(doc, &hits[i]));
		} else {
			add_hit_text(&out, ctx, doc, &hits[i], &term);
		}
		shown++;
	}
	if (json)
		jw_write(&out, all, &JW_RECORDS);
	fwrite(buf_str(&out), 1, out.len, stdout);
	if (!shown)
		ret = EXIT_FINDINGS;
out:
	json_decref(all);
	free(optv);
	free(wordv);
	search_hits_free(hits, nhits);
	free(docs);
	notebook_release(&nb);
	index_close(ix);
	diags_release(&d);
	buf_release(&out);
	buf_release(&why);
	buf_release(&query);
	buf_release(&fts);
	return ret;
}
