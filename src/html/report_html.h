/*
 * The practice report (`notebook report`, notebook(1)): one self-contained
 * HTML page with the attention list, a heatmap of contact by client and
 * month, the practice's figures over the months and a section per client.
 * Charts are inline SVG drawn here, each with a title and a table of its
 * numbers; no script, no style sheet, font or image from elsewhere.
 */
#ifndef NOTEBOOK_REPORT_HTML_H
#define NOTEBOOK_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "model.h"

#define REPORT_MONTHS_DEFAULT 12
#define REPORT_MONTHS_MAX 120

enum report_group { GROUP_OWNER, GROUP_TAG };

struct report_opts {
	day_t as_of;              /* T */
	int months;               /* the window: this many calendar months, T's the last */
	const char *owner, *tag;  /* only these clients (NULL: all) */
	enum report_group group;  /* how the heatmap groups its rows */
	size_t left_out;          /* files left out because they do not validate */
};

/*
 * The report of the clients `status` audits (active and prospect, after
 * the filters), made by report_html_build() from the whole notebook in
 * memory, or by report_html_scan() from a notebook read a part at a time
 * (load.h: load_parts_open(), `nb` its settings and clients), never every
 * entry at once: each part is read once for the figures (its findings
 * into `d`), and of each entry only what they need is kept in memory; the
 * entries of the report's clients are written whole to an unnamed file in
 * `spill_dir` (NULL: none) as they are read.
 *
 * report_html_page() writes the page to `f`; of a scanned report, each
 * client's entries are read back from that file for its section, or
 * without it (it could not be written) the entries of a run of sections
 * again from the notebook. It returns 0, -1 when writing to `f` failed
 * (errno says why), or -2 when a part's files changed between the two
 * readings (the page is not whole). The notebook is only read; `o` is
 * read as the page is written (o->left_out may be set after the scan).
 */
struct report;
struct load_parts;
struct diags;
struct report *report_html_build(const struct notebook *nb, const struct report_opts *o);
struct report *report_html_scan(const struct notebook *nb, struct load_parts *lp,
				const struct report_opts *o, const char *spill_dir, struct diags *d);
int report_html_page(FILE *f, struct report *r);
void report_html_free(struct report *r);

#endif
