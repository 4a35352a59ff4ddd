/*
 * The body reader: finds promises (task items with a due date) in the
 * Markdown after the front matter, with cmark. <cmark.h> only in body.c.
 */
#ifndef NOTEBOOK_BODY_H
#define NOTEBOOK_BODY_H

#include <stddef.h>

#include "date.h"
#include "diag.h"

/* One task item: "- [ ] text due:2026-11-30" or "- [x] …". */
struct task {
	int line;      /* 1-based line in the file */
	int col;       /* 1-based column of the '[' */
	int done;      /* [x] or [X] */
	int has_due;
	day_t due;
	int has_done_on; /* done:YYYY-MM-DD, written by notebook done */
	day_t done_on;
	char *text;    /* the item's text with the due: and done: tokens removed, trimmed; malloc'd */
};

struct task_list {
	struct task *v;
	size_t n, alloc;
};

/*
 * Finds task items in `body` (which starts on line `first_line` of the file
 * at `path`). Bodies holding no "[ ]"/"[x]" are not given to cmark at all.
 * A due: or done: token that is not a real date (due:2026-02-30) is an
 * error in `d`; a done: date on a task not ticked is a warning.
 * Returns 0, or -1 when a diagnostic was added.
 */
int body_tasks(const char *path, const char *body, size_t len, int first_line,
	       struct task_list *out, struct diags *d);
void task_list_release(struct task_list *t);

/* The first non-blank line of the body's text with Markdown heading marks removed, malloc'd ("" when none). */
char *body_first_line(const char *body, size_t len);

#endif
