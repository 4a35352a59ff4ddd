/*
 * The staleness rules of notebook-format(5), Rules 1 to 6:
 * pure functions of the parsed notebook and the day T. No disk, no clock.
 */
#ifndef NOTEBOOK_STALE_H
#define NOTEBOOK_STALE_H

#include <stddef.h>

#include "date.h"
#include "model.h"

/* Contact states, in order of urgency (notebook-format(5), Rule 6). */
enum contact_state {
	STATE_STALE, STATE_OVERDUE, STATE_NEVER, STATE_DUE, STATE_SNOOZED, STATE_OK
};

const char *state_name(enum contact_state s);

enum cadence_source { CADENCE_CLIENT, CADENCE_TAG, CADENCE_TIER };

enum audit_flag {
	FLAG_PROMISE_OVERDUE = 1 << 0,
	FLAG_TRUST = 1 << 1,           /* trust:strained or trust:repairing */
	FLAG_THANKS_MISSING = 1 << 2,
	FLAG_FIT = 1 << 3,             /* fit:questionable or fit:poor */
	FLAG_SATISFACTION_LOW = 1 << 4,
};

/*
 * How urgent one reason is, most urgent first: the contact states and the
 * flags on one scale (the README's "Reading status" and notebook(1) list
 * it). A client ranks by its most urgent reason; its reasons are printed in
 * this order.
 */
enum urgency {
	URGENCY_STALE, URGENCY_OVERDUE, URGENCY_PROMISE, URGENCY_NEVER,
	URGENCY_TRUST, URGENCY_SATISFACTION, URGENCY_DUE, URGENCY_FIT,
	URGENCY_THANKS, URGENCY_SNOOZED, URGENCY_OK
};

/* What `status` says about one client as of T. */
struct audit {
	const struct client *client;
	day_t as_of;
	enum contact_state state;

	int has_last;                    /* rule 1 */
	day_t last;
	const struct entry *last_entry;  /* NULL when L came from `since` */

	struct duration cadence;         /* rule 2, after the repair override */
	enum cadence_source cadence_source;
	const char *cadence_tag;         /* the tag, for CADENCE_TAG */
	int repair_override;             /* repair-checkin made C shorter */

	day_t next_due;                  /* N = L + C (valid when has_last) */
	int days_since;                  /* T − L */
	int days_overdue;                /* T − N; negative while not yet due */
	int cadence_days;                /* N − L */

	enum trust trust;                /* current trust (never TRUST_UNSET) */
	const struct entry *trust_entry; /* the entry that set it, or NULL */

	unsigned flags;                  /* enum audit_flag */
	const struct promise **overdue;  /* open promises due before T, by due date */
	size_t noverdue;
	int has_thanks;
	day_t last_thanks;
	int satisfaction_latest;         /* 0 when none */
	int satisfaction_prev;           /* 0 when none */

	char **reasons;                  /* sentences in words, e.g. "last call 41 days ago, every 30 days", most urgent first */
	size_t nreasons;
	enum urgency urgency;            /* of the most urgent reason */
};

/*
 * Audits one client as of T. The audit borrows from `nb` (it must outlive
 * it) and owns its `overdue` array and `reasons`; audit_release() frees them.
 */
void audit_client(const struct notebook *nb, const struct client *c, day_t as_of,
		  struct audit *out);
void audit_release(struct audit *a);
/*
 * The contact state alone that audit_client() would give as of T (rules 1
 * to 3, with snooze), without flags or reasons: for a report that
 * recomputes it at many days. Allocates nothing.
 */
enum contact_state audit_state(const struct notebook *nb, const struct client *c, day_t as_of);
/* Number of flags set (promise-overdue counts once). */
int audit_flag_count(const struct audit *a);
/*
 * The names of a's flags, as status --json and export write them, in the
 * order of enum audit_flag: "promise-overdue", "trust:strained" or
 * "trust:repairing", "thanks-missing", "fit:questionable" or "fit:poor",
 * "satisfaction-low". Returns how many.
 */
enum { AUDIT_NFLAGS = 5, AUDIT_FLAG_NAME_SIZE = 32 };
int audit_flag_names(const struct audit *a, char names[AUDIT_NFLAGS][AUDIT_FLAG_NAME_SIZE]);
/* Due, overdue, stale or never; or any flag (a snoozed client without flags does not). */
int audit_needs_attention(const struct audit *a);
/*
 * qsort comparator, most urgent first: the urgency of the most urgent
 * reason; then, for overdue promises, the oldest one first; then more days
 * past N, more flags, name, id.
 */
int audit_cmp(const void *a, const void *b);
/* Whether the client is audited at all (status active or prospect). */
int client_is_audited(const struct client *c);

#endif
