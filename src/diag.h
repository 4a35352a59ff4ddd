/* Diagnostics about files: "path:line:col: error: message". */
#ifndef NOTEBOOK_DIAG_H
#define NOTEBOOK_DIAG_H

#include <stdio.h>
#include <stddef.h>

enum severity { SEV_ERROR, SEV_WARNING };

/* One finding. `line` and `col` are 1-based; 0 means unknown. */
struct diag {
	char *path;
	int line;
	int col;
	enum severity sev;
	char *msg;
};

/* A list of findings; it owns every string in it. */
struct diags {
	struct diag *v;
	size_t n, alloc;
	size_t errors, warnings;
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0 }

void diags_add(struct diags *d, const char *path, int line, int col,
	       enum severity sev, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Moves every finding of `from` to the end of `to`; `from` is left empty. */
void diags_move(struct diags *to, struct diags *from);
/* Sorts by path, line, column, then order of addition; drops exact repeats. */
void diags_sort(struct diags *d);
/*
 * Prints "prefix+path:line:col: error: msg" lines, leaving out line or col
 * when unknown. Control characters in messages and paths are escaped.
 */
void diags_print(const struct diags *d, const char *prefix, FILE *out);
/* Prints a JSON array of {path, line, column, severity, message}. */
void diags_print_json(const struct diags *d, const char *prefix, FILE *out);
void diags_release(struct diags *d);
/* Whether `d` holds a finding of the same path, place, severity and message as `g`. */
int diags_has(const struct diags *d, const struct diag *g);

#endif
