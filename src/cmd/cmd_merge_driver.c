/*
 * notebook merge-driver BASE OURS THEIRS [PATH]: git's merge driver for
 * client files (git config merge.notebook.driver, set up by `notebook sync
 * --install-driver`). Merges the three versions by front-matter key and
 * body line (merge.c) into OURS; exits 0 when clean, 1 when conflict
 * markers were written, as git expects.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "fsutil.h"
#include "git/merge.h"
#include "git/repo_sync.h"
#include "text.h"
#include "util.h"
#include "yaml.h"

static const char merge_driver_usage[] =
	"usage: notebook merge-driver BASE OURS THEIRS [PATH]\n";

extern char **environ;

/*
 * What the markers call the two sides, as a user knows them: the user on
 * this machine, and the person who last changed the file in what git
 * merges, which `git merge` names in GITHEAD_<id>=<name> (the branch, or
 * the id itself after `git pull`).
 */
static void driver_labels(struct merge_labels *lb, const char *path, char **ours,
			  char **theirs)
{
	const char *name = NULL, *hex = NULL;
	char *who = NULL, *id = NULL;
	struct buf b = BUF_INIT;
	int n = 0;

	for (char **e = environ; *e; e++) {
		const char *eq = strchr(*e, '=');
		if (strncmp(*e, "GITHEAD_", 8) || !eq || eq - *e - 8 < 7)
			continue;
		hex = *e + 8;
		name = eq + 1;
		n++;
	}
	if (n == 1)
		id = xstrndup(hex, (size_t)(strchr(hex, '=') - hex));
	sync_driver_labels(path, id, ours, &who);
	/* one line: merge.c makes breaks spaces */
	if (n == 1 && strcmp(name, id))
		buf_printf(&b, "%s, %s (%.7s)", who ? who : "the other side", name, id);
	else if (n == 1)
		buf_printf(&b, "%s (%.7s)", who ? who : "the other side", id);
	else
		buf_adds(&b, who ? who : "the other side");
	*theirs = buf_detach(&b);
	lb->ours = *ours;
	lb->theirs = *theirs;
	free(who);
	free(id);
}

/*
 * Whether both sides added a journal entry under `path` (no base) and the
 * two differ: two entries, never one merged line by line.
 */
static int both_added_entry(const char *path, size_t olen, const char *a, size_t alen,
			    const char *b, size_t blen)
{
	size_t n = strlen(path);

	return !olen && (!strncmp(path, "journal/", 8) || strstr(path, "/journal/")) && n > 3 &&
	       !strcmp(path + n - 3, ".md") && (alen != blen || memcmp(a, b, alen));
}

int cmd_merge_driver(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *data[3] = { NULL, NULL, NULL }, *ours = NULL, *theirs = NULL;
	struct merge_labels labels;
	size_t len[3] = { 0, 0, 0 };
	struct buf out = BUF_INIT;
	const char *path;
	size_t conflicts;
	int ch, status = EXIT_GIT;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			help_print(stdout, argv[0], merge_driver_usage);
			return EXIT_OK;
		default:
			return usage_error(merge_driver_usage, NULL);
		}
	}
	if (argc - optind > 4)
		return usage_error(merge_driver_usage, "unexpected '%s'", argv[optind + 4]);
	if (argc - optind != 3 && argc - optind != 4)
		return usage_error(merge_driver_usage, "give the three versions git names");
	path = argc - optind == 4 ? argv[optind + 3] : argv[optind + 1];
	for (int i = 0; i < 3; i++) {
		if (fs_read_file(argv[optind + i], MAX_FILE_SIZE, &data[i], &len[i]) < 0) {
			/* a version git wrote empty (the file is new) may be missing */
			if (errno != ENOENT || i != 0)
				goto out;
			data[i] = xstrdup("");
			len[i] = 0;
		}
	}
	driver_labels(&labels, path, &ours, &theirs);
	if (both_added_entry(path, len[0], data[1], len[1], data[2], len[2])) {
		/* two entries of one name: both whole, for 'notebook split' */
		merge_both_whole(data[1], len[1], data[2], len[2], &labels, &out);
		conflicts = 1;
	} else {
		conflicts = merge_file_labeled(path, data[0], len[0], data[1], len[1], data[2],
					       len[2], &labels, &out);
	}
	if (fs_write_atomic(argv[optind + 1], buf_str(&out), out.len) < 0)
		goto out;
	if (conflicts && both_added_entry(path, len[0], data[1], len[1], data[2], len[2]))
		fprintf_escaped(stderr, "notebook: '%s' is two entries of one name, both between "
				"the markers; keep both with 'notebook split %s'\n", path, path);
	else if (conflicts)
		fprintf_escaped(stderr, "notebook: %zu conflict%s in '%s'\n", conflicts,
			conflicts == 1 ? "" : "s", path);
	status = conflicts ? EXIT_FINDINGS : EXIT_OK;
out:
	for (int i = 0; i < 3; i++)
		free(data[i]);
	free(ours);
	free(theirs);
	buf_release(&out);
	return status;
}
