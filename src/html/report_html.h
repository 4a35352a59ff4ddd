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
 * Writes the report of the clients `status` audits (active and prospect,
 * after the filters) to `f`. The notebook is only read. Returns 0, or -1
 * when writing to `f` failed (errno says why).
 */
int report_html_write(FILE *f, const struct notebook *nb, const struct report_opts *o);

/*
 * The same page from a notebook read a part at a time (load.h:
 * load_parts_open(), `nb` its settings and clients), never every entry at
 * once: report_html_scan() reads each part once for the figures (its
 * findings into `d`), keeping in memory of each entry only what they
 * need, and writes the entries of the report's clients whole to an
 * unnamed file in `spill_dir` (NULL: none); report_html_write_scanned()
 * reads each client's back from there for its section, or without that
 * file (it could not be written) the entries of a run of clients'
 * sections again from the notebook, for each run. It returns 0, -1 when writing to
 * `f` failed (errno says why), or -2 when a part's files changed between
 * the two readings (the page is not whole). `o` is read as the page is
 * written (o->left_out may be set after the scan).
 */
struct report;
struct load_parts;
struct diags;
struct report *report_html_scan(const struct notebook *nb, struct load_parts *lp,
				const struct report_opts *o, const char *spill_dir, struct diags *d);
int report_html_write_scanned(FILE *f, struct report *r);
void report_html_free(struct report *r);

#endif
