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

#endif
