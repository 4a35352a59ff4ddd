/* notebook new: a client file from the template, committed on its own. */
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

static const char new_usage[] =
	"usage: notebook new NAME [--id ID] [--tier key|regular|occasional] [--cadence DURATION] [--tag TAG]…\n";

#define ID_MAX 63

/* `base` with "-n" for n > 1, cut so that the whole stays within 63 bytes. */
static char *numbered_id(const char *base, int n)
{
	char suffix[16] = "";
	size_t keep = strlen(base);

	if (n > 1)
		snprintf(suffix, sizeof(suffix), "-%d", n);
	if (keep + strlen(suffix) > ID_MAX)
		keep = ID_MAX - strlen(suffix);
	while (keep && base[keep - 1] == '-')
		keep--;
	return xasprintf("%.*s%s", (int)keep, base, suffix);
}

static void client_text(struct buf *b, const char *name, const char *tier, const char *cadence,
			day_t today, char **tags, size_t ntags)
{
	char date[11];

	date_format(today, date);
	buf_adds(b, "---\nname: ");
	buf_add_yaml_scalar(b, name);
	buf_printf(b, "\nstatus: active\ntier: %s\n", tier);
	if (cadence)
		buf_printf(b, "cadence: %s\n", cadence);
	buf_printf(b, "since: %s\n", date);
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

int cmd_new(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "tier", required_argument, NULL, 't' },
		{ "cadence", required_argument, NULL, 'c' },
		{ "tag", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	struct diags d = DIAGS_INIT;
	const char *id_opt = NULL, *tier = "regular", *cadence = NULL, *name;
	char **tags = NULL, *base = NULL, *id = NULL, *rel = NULL, *path = NULL, *msg = NULL;
	size_t ntags = 0, tags_alloc = 0;
	struct duration dur;
	day_t today;
	int c, status;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			id_opt = optarg;
			break;
		case 't':
			if (tier_parse(optarg) < 0) {
				static const char *const tiers[] = { "key", "regular", "occasional", NULL };
				return choice_error(new_usage, "tier", optarg, tiers);
			}
			tier = optarg;
			break;
		case 'c':
			if (duration_parse(optarg, strlen(optarg), &dur) < 0)
				return usage_error(new_usage, "'%s' is not a duration (e.g. 14d, 3w, 2m, 1y)", optarg);
			cadence = optarg;
			break;
		case 'g':
			if (!*optarg || has_control(optarg))
				return usage_error(new_usage, "'%s' is not a tag", optarg);
			ALLOC_GROW(tags, ntags + 1, tags_alloc);
			tags[ntags++] = optarg;
			break;
		case 'h':
			help_print(stdout, argv[0], new_usage);
			return EXIT_OK;
		default:
			return usage_error(new_usage, NULL);
		}
	}
	if (argc - optind != 1) {
		free(tags);
		if (argc == optind)
			return usage_error(new_usage, "a name is needed");
		return usage_error(new_usage, "one name only: unexpected '%s' (quote a name of several"
				   " words)", argv[optind + 1]);
	}
	name = argv[optind];
	status = EXIT_USAGE;
	if (!*name || has_control(name)) {
		error("'%s' is not a name", name);
		goto out;
	}
	if (id_opt && !client_id_valid(id_opt)) {
		error("'%s' is not a client id: lowercase letters, digits and '-', "
		      "starting with a letter or digit, at most 63", id_opt);
		goto out;
	}
	base = id_opt ? xstrdup(id_opt) : id_from_name(name);
	if (!*base) {
		error("cannot make an id from '%s'; give one with --id", name);
		goto out;
	}
	status = writing_open(ctx, &r);
	if (status)
		goto out;
	status = EXIT_NO_NOTEBOOK;
	if (writing_today(ctx->root, &today) < 0)
		goto out;
	client_text(&text, name, tier, cadence, today, tags, ntags);
	status = EXIT_WRITE;
	if (fs_mkdirs(ctx->root, "clients") < 0)
		goto out;
	for (int n = 1; ; n++) {
		int ret;

		free(id);
		free(rel);
		free(path);
		id = numbered_id(base, n);
		rel = xasprintf("clients/%s.md", id);
		path = xasprintf("%s/%s", ctx->root, rel);
		if (n == 1 && validate_file(ctx->root, rel, text.data, text.len, &d) < 0) {
			writing_print_diags(ctx, &d);
			status = EXIT_FINDINGS;
			goto out;
		}
		ret = fs_create_exclusive(path, text.data, text.len);
		if (ret < 0)
			goto out;
		if (ret == 0)
			break;
		if (id_opt) {
			error("client '%s' exists already (%s%s)", id, ctx->display, rel);
			status = EXIT_FINDINGS;
			goto out;
		}
	}
	msg = xasprintf("new: %s", id);
	status = writing_commit(ctx, r, rel, msg);
out:
	diags_release(&d);
	buf_release(&text);
	repo_free(r);
	free(tags);
	free(base);
	free(id);
	free(rel);
	free(path);
	free(msg);
	return status;
}
