/* The summary line of status and report (tally.h). */
#include "tally.h"

#include <stdint.h>
#include <stdlib.h>

#include "util.h"

static int ptr_cmp(const void *x, const void *y)
{
	uintptr_t p = (uintptr_t)*(const void *const *)x, q = (uintptr_t)*(const void *const *)y;

	return (p > q) - (p < q);
}

void tally_client(struct tally *t, enum contact_state state, int attention, enum trust trust,
		  unsigned flags, size_t noverdue)
{
	t->audited++;
	t->snoozed += state == STATE_SNOOZED;
	if (!attention)
		return;
	t->attention++;
	t->state[state]++;
	t->promise_clients += noverdue > 0;
	if (flags & FLAG_TRUST)
		t->trust[trust]++;
	t->thanks += !!(flags & FLAG_THANKS_MISSING);
	t->fit += !!(flags & FLAG_FIT);
	t->satisfaction += !!(flags & FLAG_SATISFACTION_LOW);
}

void tally_all(struct tally *t, const struct audit *v, size_t n)
{
	const struct promise **seen = NULL;
	size_t nseen = 0, alloc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct audit *a = &v[i];
		int attention = audit_needs_attention(a);

		tally_client(t, a->state, attention, a->trust, a->flags, a->noverdue);
		for (size_t k = 0; attention && k < a->noverdue; k++) {
			ALLOC_GROW(seen, nseen + 1, alloc);
			seen[nseen++] = a->overdue[k];
		}
	}
	/* A promise of an entry naming several clients is in each one's audit. */
	if (nseen)
		qsort(seen, nseen, sizeof(*seen), ptr_cmp);
	for (size_t i = 0; i < nseen; i++)
		t->promises += !i || seen[i] != seen[i - 1];
	free(seen);
}

static void add_part(struct buf *b, size_t n, const char *what)
{
	if (!n)
		return;
	buf_adds(b, b->len ? ", " : ": ");
	buf_printf(b, "%zu %s", n, what);
}

/*
 * "7 of 20 clients need attention: 1 stale, 2 with overdue promises
 * (3 promises), 4 with thanks missing; 1 snoozed; 1 invalid file left out".
 * Every count before the first ';' is of clients, in order of urgency.
 */
void summary_line(const struct tally *t, struct buf *out)
{
	struct buf parts = BUF_INIT;

	add_part(&parts, t->state[STATE_STALE], "stale");
	add_part(&parts, t->state[STATE_OVERDUE], "overdue");
	if (t->promise_clients) {
		buf_adds(&parts, parts.len ? ", " : ": ");
		if (t->promise_clients == 1 && t->promises == 1)
			buf_adds(&parts, "1 with an overdue promise");
		else
			buf_printf(&parts, "%zu with overdue promises (%zu promise%s)",
				   t->promise_clients, t->promises, t->promises == 1 ? "" : "s");
	}
	add_part(&parts, t->state[STATE_NEVER], "never contacted");
	add_part(&parts, t->trust[TRUST_STRAINED], "with trust strained");
	add_part(&parts, t->trust[TRUST_REPAIRING], "with trust repairing");
	add_part(&parts, t->satisfaction, "with satisfaction low");
	add_part(&parts, t->state[STATE_DUE], "due");
	add_part(&parts, t->fit, "with fit in question");
	add_part(&parts, t->thanks, "with thanks missing");
	if (!t->audited)
		buf_adds(out, "no active or prospect clients to audit");
	else if (!t->attention)
		buf_printf(out, "no client needs attention (%zu audited)", t->audited);
	else
		buf_printf(out, "%zu of %zu client%s need%s attention%s", t->attention,
			   t->audited, t->audited == 1 ? "" : "s",
			   t->attention == 1 ? "s" : "", buf_str(&parts));
	if (t->snoozed)
		buf_printf(out, "; %zu snoozed", t->snoozed);
	if (t->left_out)
		buf_printf(out, "; %zu invalid file%s left out (see the errors above)",
			   t->left_out, t->left_out == 1 ? "" : "s");
	buf_release(&parts);
}
