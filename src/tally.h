/*
 * The summary line of `status` ("7 of 20 clients need attention: 1 stale,
 * ..."), counted from the audits: shared by status and report, so both say
 * the same (notebook(1), "Reading status" in the README).
 */
#ifndef NOTEBOOK_TALLY_H
#define NOTEBOOK_TALLY_H

#include <stddef.h>

#include "buf.h"
#include "stale.h"

/* What the summary line counts: clients, but for `promises`. */
struct tally {
	size_t audited, attention;
	size_t state[STATE_OK + 1];     /* among the clients that need attention */
	size_t snoozed;                 /* every snoozed client, flagged or not */
	size_t promise_clients;         /* clients with an overdue promise */
	size_t promises;                /* distinct overdue promises: one of an entry naming two clients counts once */
	size_t trust[TRUST_REPAIRING + 1];
	size_t thanks, fit, satisfaction;
	size_t left_out;                /* files left out of the audit: they have errors */
};

/*
 * Counts one audited client into *t, all but `promises` (distinct
 * promises: the caller counts them over every client): its state,
 * whether it needs attention, its trust and flags (enum audit_flag) and
 * how many of its promises are overdue. tally_all() and status's rows
 * (status_rows.h) count through it.
 */
void tally_client(struct tally *t, enum contact_state state, int attention, enum trust trust,
		  unsigned flags, size_t noverdue);
/* Counts the audits v[0..n) into *t (zeroed by the caller); left_out is the caller's. */
void tally_all(struct tally *t, const struct audit *v, size_t n);
/*
 * Appends the summary line, without a line end: "7 of 20 clients need
 * attention: 1 stale, 2 with overdue promises (3 promises), 4 with thanks
 * missing; 1 snoozed; 1 invalid file left out (see the errors above)".
 */
void summary_line(const struct tally *t, struct buf *out);

#endif
