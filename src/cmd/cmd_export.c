/*
 * notebook export: the notebook for other programs, as JSON (clients with
 * their contacts, entries and status figures), CSV (clients with their
 * status figures) or vCard 4.0 (the people). Writes stdout or, with
 * --output, a file replaced atomically.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "exchange/export.h"
#include "fsutil.h"
#include "report.h"
#include "util.h"

static const char export_usage[] =
	"usage: notebook export --format json|csv|vcard [--output FILE] [--as-of DATE]\n";

int cmd_export(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "as-of", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const formats[] = { "json", "csv", "vcard", NULL };
	struct notebook nb;
	struct buf out = BUF_INIT;
	const char *format = NULL, *output = NULL;
	day_t as_of = 0, today;
	int has_as_of = 0, opt, ret = EXIT_OK;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "+ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'd':
			if (report_parse_as_of(optarg, export_usage, &as_of) < 0)
				return EXIT_USAGE;
			has_as_of = 1;
			break;
		case 'h':
			help_print(stdout, argv[0], export_usage);
			return EXIT_OK;
		default:
			return usage_error(export_usage, NULL);
		}
	}
	if (optind < argc)
		return usage_error(export_usage, "unexpected argument '%s'", argv[optind]);
	if (!format)
		return usage_error(export_usage, "which format? give --format json, csv or vcard");
	if (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "vcard")) {
		const char *near = nearest_word(format, formats);
		if (near)
			return usage_error(export_usage, "unknown format '%s' (did you mean '%s'?)", format, near);
		return usage_error(export_usage, "unknown format '%s'; json, csv or vcard", format);
	}
	if (output && !*output)
		return usage_error(export_usage, "--output wants a file name");
	if (report_load(ctx, &nb) < 0)
		return EXIT_NO_NOTEBOOK;
	if (report_day(has_as_of, as_of, &today) < 0) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(format, "json"))
		export_json(&nb, today, &out);
	else if (!strcmp(format, "csv"))
		export_csv(&nb, today, &out);
	else
		export_vcard(&nb, &out);
	if (output) {
		if (fs_write_atomic(output, buf_str(&out), out.len) < 0)
			ret = EXIT_NO_NOTEBOOK;
	} else {
		fwrite(buf_str(&out), 1, out.len, stdout);
	}
out:
	buf_release(&out);
	notebook_release(&nb);
	return ret;
}
