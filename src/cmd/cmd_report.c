/*
 * notebook report: the practice report, one self-contained HTML page
 * (notebook(1), "report"). The page is written to a temporary file beside
 * the one -o names, then renamed over it: a failed or killed run leaves
 * the old file as it was, never half a page.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/index.h"
#include "choice.h"
#include "diag.h"
#include "cmd.h"
#include "fsutil.h"
#include "help.h"
#include "html/report_html.h"
#include "load.h"
#include "report.h"
#include "text.h"
#include "util.h"

static const char report_usage[] =
	"usage: notebook report [--as-of DATE] [--months N] [--owner OWNER] [--tag TAG]\n"
	"                       [--group owner|tag] [-o FILE]\n";

struct report_args {
	int has_as_of;
	day_t as_of;
	int months;
	const char *owner, *tag, *output;
	enum report_group group;
};

/* 0 to go on, -1 after --help (exit 0), else the usage exit status. */
static int parse_options(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "months", required_argument, NULL, 'm' },
		{ "owner", required_argument, NULL, 'w' },
		{ "tag", required_argument, NULL, 't' },
		{ "group", required_argument, NULL, 'g' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const groups[] = { "owner", "tag", NULL };
	char *end;
	long n;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (report_parse_as_of(optarg, report_usage, &a->as_of) < 0)
				return EXIT_USAGE;
			a->has_as_of = 1;
			break;
		case 'm':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 1 || n > REPORT_MONTHS_MAX)
				return usage_error(report_usage, "--months wants a number of months from 1 to %d, "
						   "not '%s'", REPORT_MONTHS_MAX, optarg);
			a->months = (int)n;
			break;
		case 'w':
			a->owner = optarg;
			break;
		case 't':
			a->tag = optarg;
			break;
		case 'g':
			if (!strcmp(optarg, "owner"))
				a->group = GROUP_OWNER;
			else if (!strcmp(optarg, "tag"))
				a->group = GROUP_TAG;
			else
				return choice_error(report_usage, "group", optarg, groups);
			break;
		case 'o':
			if (!*optarg)
				return usage_error(report_usage, "-o wants a file name");
			a->output = optarg;
			break;
		case 'h':
			help_print(stdout, argv[0], report_usage);
			return -1;
		default:
			return usage_error(report_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(report_usage, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* The page's clients were read twice (report_html.h), and a file changed in between. */
static void changed_error(void)
{
	error("the notebook changed while the report was written; run it again");
}

/*
 * Writes the report to `path` through a temporary file in its directory:
 * written, flushed to disk, renamed into place, the directory synced.
 * EXIT_OK, or EXIT_WRITE after a message (the temporary file removed).
 */
static int write_file(const char *path, struct report *r)
{
	const char *slash = strrchr(path, '/');
	char *tmp = NULL, *dir;
	FILE *f = NULL;
	mode_t mask;
	struct stat st;
	int fd = -1, ret = EXIT_WRITE, rc;

	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		error("cannot write '%s': it is a directory", path);
		return EXIT_WRITE;
	}
	dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
	/* A temporary file a killed run left here goes first (fsutil.h). */
	fs_remove_stale_temps(dir);
	tmp = xasprintf("%s/" FS_TMP_PREFIX "XXXXXX", dir);
	free(dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		error("cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		return EXIT_WRITE;
	}
	/* Held until the file is in place, so that no other run takes it for a killed one's. */
	if (flock(fd, LOCK_EX) < 0)
		goto fail;
	/* The page is for reading: the permissions a new file gets (0666 less the umask). */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) < 0)
		goto fail;
	f = fdopen(fd, "w");
	if (!f)
		goto fail;
	fd = -1;
	/* The page comes in chunks of 64 KiB already (html.h): each one write, not split by stdio's buffer. */
	setvbuf(f, NULL, _IONBF, 0);
	errno = 0;
	rc = report_html_page(f, r);
	if (rc == -2) {
		changed_error();
		ret = EXIT_NO_NOTEBOOK;
		goto drop;
	}
	if (rc < 0 || fflush(f) || fsync(fileno(f)) < 0)
		goto fail;
	if (rename(tmp, path) < 0)
		goto fail;
	/* In place: closing it lets the lock go. */
	if (fclose(f)) {
		f = NULL;
		error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	f = NULL;
	fs_sync_parent(path);
	ret = EXIT_OK;
	goto out;
fail:
	error("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
drop:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	return ret;
}

/*
 * Where the entries of the clients' sections wait while the page is
 * written (report_html.h): beside the page, else in $TMPDIR or /tmp.
 */
static char *spill_dir(const char *output)
{
	const char *slash, *t = getenv("TMPDIR");

	if (output && strcmp(output, "-")) {
		slash = strrchr(output, '/');
		return slash ? xstrndup(output, (size_t)(slash - output + (slash == output)))
			     : xstrdup(".");
	}
	return xstrdup(t && *t ? t : "/tmp");
}

/* NOTEBOOK_REPORT_WHOLE (notebook(1)): the whole notebook in memory, as other commands read it. */
static int whole_wanted(void)
{
	const char *e = getenv("NOTEBOOK_REPORT_WHOLE");

	return e && *e && strcmp(e, "0");
}

/*
 * The notebook a part at a time (load.h): its clients, then each folder
 * of the journal for the figures, the entries of the report's clients set
 * aside whole for their sections, so that a large notebook is never in
 * memory whole. 0, else the exit status (after a message).
 */
static int read_parts(struct cmd_ctx *ctx, const struct report_args *a, struct report_opts *o,
		      struct notebook *nb, struct index **ix, struct load_parts **lp,
		      struct report **r)
{
	struct diags d = DIAGS_INIT;
	char *spill;
	int ret = 0;

	*ix = notebook_index_open(ctx->root, INDEX_DEFER);
	*lp = load_parts_open(ctx->root, *ix, nb, &d);
	if (!*lp) {
		report_print_diags(ctx, &d, NULL);
		ret = EXIT_NO_NOTEBOOK;
		goto out;
	}
	/* what the report reads of the clients, their records let go */
	notebook_slim_clients(nb);
	if (report_day(a->has_as_of, a->as_of, &o->as_of) < 0) {
		report_print_diags(ctx, &d, NULL);
		ret = EXIT_USAGE;
		goto out;
	}
	spill = spill_dir(a->output);
	*r = report_html_scan(nb, *lp, o, spill, &d);
	free(spill);
	report_print_diags(ctx, &d, &o->left_out);
	if (filter_check(nb, a->tag, a->owner) < 0)
		ret = EXIT_USAGE;
out:
	diags_release(&d);
	return ret;
}

/* The whole notebook at once (NOTEBOOK_REPORT_WHOLE). 0, else the exit status. */
static int read_whole(struct cmd_ctx *ctx, const struct report_args *a, struct report_opts *o,
		      struct notebook *nb, struct report **r)
{
	if (report_load_counted(ctx, nb, &o->left_out) < 0) {
		memset(nb, 0, sizeof(*nb));
		return EXIT_NO_NOTEBOOK;
	}
	if (filter_check(nb, a->tag, a->owner) < 0 || report_day(a->has_as_of, a->as_of, &o->as_of) < 0)
		return EXIT_USAGE;
	*r = report_html_build(nb, o);
	return 0;
}

int cmd_report(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct report_args a = { 0 };
	struct report_opts o = { 0 };
	struct notebook nb = { 0 };
	struct index *ix = NULL;
	struct load_parts *lp = NULL;
	struct report *r = NULL;
	int ret;

	a.months = REPORT_MONTHS_DEFAULT;
	ret = parse_options(argc, argv, &a);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (!a.output && isatty(STDOUT_FILENO))
		return usage_error(report_usage, "the report is an HTML page: give -o FILE, or send the "
				   "output to a file or a pipe");
	o.months = a.months;
	o.owner = a.owner;
	o.tag = a.tag;
	o.group = a.group;
	ret = whole_wanted() ? read_whole(ctx, &a, &o, &nb, &r)
			     : read_parts(ctx, &a, &o, &nb, &ix, &lp, &r);
	if (ret)
		goto out;
	if (a.output && strcmp(a.output, "-")) {
		ret = write_file(a.output, r);
		if (!ret)
			printf_escaped("%s\n", a.output);
	} else if (report_html_page(stdout, r) == -2) {
		changed_error();
		ret = EXIT_NO_NOTEBOOK;
	} else {
		/* main() reports a failed standard output (finish_stdout). */
		ret = EXIT_OK;
	}
out:
	report_html_free(r);
	notebook_release(&nb);
	load_parts_close(lp);
	index_close(ix);
	return ret;
}
