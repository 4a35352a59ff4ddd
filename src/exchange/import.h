/*
 * Bringing clients and people in from other programs (notebook import):
 * the sources (a CSV file's rows, a vCard file's cards) become records;
 * records are checked one by one, grouped by client and matched against
 * the notebook; the plan says what would be created, added and kept, and
 * is then written and committed as one commit. What a file already says
 * is never overwritten: a differing value is reported as kept.
 */
#ifndef NOTEBOOK_IMPORT_H
#define NOTEBOOK_IMPORT_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "model.h"

/* One field's value from a source, and where it was. */
struct ivalue {
	char *key;     /* the field: "tier", "email", a custom field… */
	char **v;      /* its values: one, or several for a list field */
	size_t n;
	int list;      /* written as a YAML list */
	int raw;       /* a custom field's number or boolean, written plain */
	int line, col;
};

struct iperson {
	char *name;
	int line, col;
	struct ivalue *f; /* role, email, phone, birthday, notes */
	size_t nf;
};

/* What one row or card says about one client. */
struct irecord {
	int line;          /* its row, or its BEGIN:VCARD */
	char *id;          /* an id it gives (id column, X-NOTEBOOK-CLIENT), else NULL */
	int id_line, id_col;
	char *name;        /* the client's name, else NULL */
	int name_line, name_col;
	struct ivalue *f;  /* the client's other fields */
	size_t nf;
	struct iperson *p;
	size_t np;
	int has_last;      /* a last contact: becomes an entry */
	day_t last;
	int last_line, last_col;
};

/* Adds a value to a record's or person's field list (takes `v`, n strings). */
void ivalue_add(struct ivalue **f, size_t *n, const char *key, char **v, size_t nv, int list,
		int line, int col);
void irecord_release(struct irecord *r);

struct import_opts {
	const char *source;     /* the file, as named on the command line */
	int dry_run;
	enum kind last_kind;    /* the kind of a last-contact entry */
	int make_clients;       /* a record naming an unknown client makes it */
	size_t left_out;        /* rows or cards the reader left out for errors */
};

struct cmd_ctx;
struct repo;

/*
 * Plans the records against the loaded notebook `nb`, then (unless dry
 * run) writes the files and commits them in one commit through `r`.
 * Prints what it does (or would do) on stdout; problems go to `d` against
 * the source file. Returns an exit status: EXIT_OK, EXIT_FINDINGS when a
 * record was left out for an error, EXIT_GIT or EXIT_NO_NOTEBOOK when
 * writing failed.
 */
int import_run(struct cmd_ctx *ctx, struct repo *r, const struct notebook *nb,
	       struct irecord *recs, size_t nrecs, const struct import_opts *o, struct diags *d);

#endif
