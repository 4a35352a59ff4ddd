/*
 * notebook new: a client file from the template, committed on its own;
 * never a second client of one name or id unless asked with --id.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "date.h"
#include "fold.h"
#include "fsutil.h"
#include "load.h"
#include "model.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char new_usage[] =
	"usage: notebook new NAME [--id ID] [--tier key|regular|occasional] [--cadence DURATION]\n"
	"                    [--since DATE] [--owner NAME] [--tag TAG]…\n";


static void client_text(struct buf *b, const char *name, const char *tier, const char *cadence,
			day_t since, const char *owner, char **tags, size_t ntags)
{
	char date[11];

	date_format(since, date);
	buf_adds(b, "---\nname: ");
	buf_add_yaml_scalar(b, name);
	buf_printf(b, "\nstatus: active\ntier: %s\n", tier);
	if (cadence)
		buf_printf(b, "cadence: %s\n", cadence);
	buf_printf(b, "since: %s\n", date);
	if (owner) {
		buf_adds(b, "owner: ");
		buf_add_yaml_scalar(b, owner);
		buf_addc(b, '\n');
	}
	if (ntags) {
		buf_adds(b, "tags: [");
		for (size_t i = 0; i < ntags; i++) {
			if (i)
				buf_adds(b, ", ");
			buf_add_yaml_scalar(b, tags[i]);
		}
		buf_adds(b, "]\n");
	}
	buf_adds(b, "trust: healthy\nfit: good\n---\n# ");
	buf_adds(b, name);
	buf_adds(b, "\n\n");
}

static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	return 0;
}

static int same_name(const char *a, const char *b)
{
	char *ka = fold_name_key(a), *kb = fold_name_key(b);
	int same = *ka && !strcmp(ka, kb);

	free(ka);
	free(kb);
	return same;
}

/*
 * A team notebook (README "Client ids"): more than one person's name
 * among notebook.yaml's owner, the clients' owners and the git user's.
 */
static int team_notebook(const struct notebook *nb, const char *user)
{
	if (nb->settings.owner && !same_name(nb->settings.owner, user))
		return 1;
	for (size_t i = 0; i < nb->nclients; i++)
		if (nb->clients[i].owner && !same_name(nb->clients[i].owner, user))
			return 1;
	return 0;
}

/*
 * Refuses a second client for one name: an existing client with the same
 * name (ignoring case, accents and punctuation) unless the id was given,
 * or with the id. 0, or -1 after a message.
 */
static int check_new(struct cmd_ctx *ctx, const struct notebook *nb, const char *name,
		     const char *id, int id_given)
{
	for (size_t i = 0; i < nb->nclients && !id_given; i++) {
		const struct client *c = &nb->clients[i];

		if (c->name && same_name(c->name, name))
			return error("a client named '%s' exists already (%s%s); to add another of "
				     "that name, give it an id of its own with --id", c->name,
				     ctx->display, c->path);
	}
	for (size_t i = 0; i < nb->nclients; i++) {
		const struct client *c = &nb->clients[i];

		if (!strcmp(c->id, id))
			return error("client '%s' exists already (%s%s%s%s); %s", id, ctx->display,
				     c->path, c->name ? ": " : "", c->name ? c->name : "",
				     id_given ? "give another id"
					      : "give the new one an id of its own with --id");
	}
	return 0;
}

/* What the command line asks for. `tags` points into argv; the array is the caller's to free. */
struct new_opts {
	const char *name, *id, *tier, *cadence, *owner;
	char **tags;
	size_t ntags, tags_alloc;
	day_t since;
	int has_since;
};

/*
 * Reads the options and the name into `o`. Returns -1 to go on, else the
 * exit status (a usage error after its message, or EXIT_OK after --help).
 */
static int new_parse(int argc, char **argv, struct new_opts *o)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "tier", required_argument, NULL, 't' },
		{ "cadence", required_argument, NULL, 'c' },
		{ "tag", required_argument, NULL, 'g' },
		{ "since", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const tiers[] = { "key", "regular", "occasional", NULL };
	struct duration dur;
	int c;

	o->tier = "regular";
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->id = optarg;
			break;
		case 't':
			if (tier_parse(optarg) < 0)
				return choice_error(new_usage, "tier", optarg, tiers);
			o->tier = optarg;
			break;
		case 'c':
			if (duration_parse(optarg, strlen(optarg), &dur) < 0)
				return usage_error(new_usage, "'%s' is not a duration (e.g. 14d, 3w, 2m, 1y)",
						   optarg);
			o->cadence = optarg;
			break;
		case 'g':
			if (!*optarg || has_control(optarg))
				return usage_error(new_usage, "'%s' is not a tag", optarg);
			ALLOC_GROW(o->tags, o->ntags + 1, o->tags_alloc);
			o->tags[o->ntags++] = optarg;
			break;
		case 's':
			if (date_parse(optarg, strlen(optarg), &o->since) < 0)
				return usage_error(new_usage, "'%s' is not a date (YYYY-MM-DD)", optarg);
			o->has_since = 1;
			break;
		case 'o':
			if (!*optarg || has_control(optarg))
				return usage_error(new_usage, "'%s' is not a name", optarg);
			o->owner = optarg;
			break;
		case 'h':
			help_print(stdout, argv[0], new_usage);
			return EXIT_OK;
		default:
			return usage_error(new_usage, NULL);
		}
	}
	if (argc == optind)
		return usage_error(new_usage, "a name is needed");
	if (argc - optind != 1)
		return usage_error(new_usage, "one name only: unexpected '%s' (quote a name of several"
				   " words)", argv[optind + 1]);
	o->name = argv[optind];
	return -1;
}

/*
 * Writes the client file `text` as clients/<id>.md, which must not exist
 * yet, and commits it. Returns the exit status.
 */
static int new_write(struct cmd_ctx *ctx, struct repo *r, const char *id, const struct buf *text)
{
	struct diags d = DIAGS_INIT;
	char *rel = NULL, *path = NULL, *msg = NULL;
	int status = EXIT_WRITE, ret;

	if (fs_mkdirs(ctx->root, "clients") < 0)
		goto out;
	rel = xasprintf("clients/%s.md", id);
	path = xasprintf("%s/%s", ctx->root, rel);
	if (validate_file(ctx->root, rel, text->data, text->len, &d) < 0) {
		writing_print_diags(ctx, &d);
		status = EXIT_FINDINGS;
		goto out;
	}
	ret = fs_create_exclusive(path, text->data, text->len);
	if (ret < 0)
		goto out;
	if (ret > 0) {
		error("client '%s' exists already (%s%s)", id, ctx->display, rel);
		status = EXIT_FINDINGS;
		goto out;
	}
	msg = xasprintf("new: %s", id);
	status = writing_commit(ctx, r, rel, msg);
out:
	diags_release(&d);
	free(rel);
	free(path);
	free(msg);
	return status;
}

/* The checks before anything is written: 0, or the exit status after a message. */
static int new_check_args(const struct new_opts *o)
{
	if (!*o->name || has_control(o->name)) {
		error("'%s' is not a name", o->name);
		return EXIT_USAGE;
	}
	if (o->id && !client_id_valid(o->id)) {
		error("'%s' is not a client id: lowercase letters, digits and '-', "
		      "starting with a letter or digit, at most 63", o->id);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_new(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct new_opts o = { 0 };
	struct notebook nb = { 0 };
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	struct diags d = DIAGS_INIT;
	char *id = NULL, *user = NULL;
	const char *owner;
	int status, loaded = 0;

	status = new_parse(argc, argv, &o);
	if (status >= 0 || (status = new_check_args(&o)))
		goto out;
	id = o.id ? xstrdup(o.id) : id_from_name(o.name);
	status = writing_open(ctx, &r);
	if (status)
		goto out;
	status = EXIT_NO_NOTEBOOK;
	if (!o.has_since && writing_today(ctx->root, &o.since) < 0)
		goto out;
	loaded = 1;
	if (notebook_load(ctx->root, 0, &nb, &d) < 0)
		goto out;
	diags_release(&d); /* other files' problems are not this command's */
	status = EXIT_FINDINGS;
	if (check_new(ctx, &nb, o.name, id, o.id != NULL) < 0)
		goto out;
	if (!*id) {
		error("cannot make an id from '%s'; give one with --id", o.name);
		status = EXIT_USAGE;
		goto out;
	}
	user = repo_user_name(r);
	owner = o.owner ? o.owner : user && team_notebook(&nb, user) ? user : NULL;
	client_text(&text, o.name, o.tier, o.cadence, o.since, owner, o.tags, o.ntags);
	status = new_write(ctx, r, id, &text);
out:
	if (loaded)
		notebook_release(&nb);
	diags_release(&d);
	buf_release(&text);
	repo_free(r);
	free(o.tags);
	free(id);
	free(user);
	return status;
}
