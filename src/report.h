/*
 * What the reading commands (status, show, list, agenda) share: loading
 * the notebook with its diagnostics on stderr, the day T, finding a client
 * by what the user typed, and the filters.
 */
#ifndef NOTEBOOK_REPORT_H
#define NOTEBOOK_REPORT_H

#include <stddef.h>

#include "cmdctx.h"
#include "date.h"
#include "model.h"

/*
 * Loads the notebook at ctx->root into `nb`. Files that fail validation
 * are reported on stderr (paths after ctx->display) and left out. Returns
 * 0, or -1 when the notebook could not be read at all (nb is released).
 */
int report_load(const struct cmd_ctx *ctx, struct notebook *nb);
/*
 * report_load() that also sets *left_out (when not NULL) to the number of
 * files with errors, which the model leaves out.
 */
int report_load_counted(const struct cmd_ctx *ctx, struct notebook *nb, size_t *left_out);
/*
 * report_load_counted() through the cache `ix` (notebook_index_open(); NULL:
 * none) that also sets *said (when not NULL) to the number of diagnostics
 * printed, and asks `early` (NULL: never) as notebook_load_early() does:
 * 1 when it answered (nothing printed here; `nb` to be released).
 */
struct index;
struct load_early;
int report_load_indexed(const struct cmd_ctx *ctx, struct index *ix, struct notebook *nb,
			size_t *left_out, size_t *said, const struct load_early *early);

/*
 * Prints the findings of a load (sorted first) as report_load_counted()
 * does, and sets *left_out (when not NULL) likewise.
 */
struct diags;
void report_print_diags(const struct cmd_ctx *ctx, struct diags *d, size_t *left_out);

/*
 * Parses the argument of --as-of into *out; on a bad date prints a usage
 * error and returns -1.
 */
int report_parse_as_of(const char *arg, const char *usage, day_t *out);

/* T: *as_of when has_as_of, else today in the notebook's timezone. 0 or -1. */
int report_day(int has_as_of, day_t as_of, day_t *out);

/* The filters status and list share. */
struct report_filter {
	const char *tag, *owner;     /* --tag, --owner */
	unsigned tiers, states;      /* --tier, --state: bits of enum tier and enum contact_state; 0: any */
	int has_as_of;               /* --as-of */
	day_t as_of;
};

/*
 * Takes getopt_long()'s option `c` and its `arg` into `f` when it is one of
 * the filters: 't' --tag, 'o' --owner, 'T' --tier, 'S' --state, 'd'
 * --as-of. 0, or EXIT_USAGE after a usage error; -1 for another option.
 */
int report_filter_option(int c, const char *arg, const char *usage, struct report_filter *f);
/* Whether client `c` has the tag, the owner and a tier that `f` asks for. */
int report_filter_keeps(const struct notebook *nb, const struct report_filter *f,
			const struct client *c);

/* The client's owner, else the notebook's; NULL when neither is set. */
const char *client_owner(const struct notebook *nb, const struct client *c);
int client_has_tag(const struct client *c, const char *tag);
/* 1 when client_owner() is `owner` in any case, with or without accents. */
int owner_is(const struct notebook *nb, const struct client *c, const char *owner);
/*
 * Whether a client's name says no more than its id: the same letters and
 * digits, case aside ("Acme Corp" and acme-corp). A name with letters
 * outside ASCII always says more.
 */
int name_repeats_id(const char *name, const char *id);

/* resolve_client() (resolve.h), for a caller that needs no exit status. */
const struct client *report_find_client(const struct notebook *nb, const char *query);

#endif
