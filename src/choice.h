/*
 * What a user types as an option's value, checked with a refusal that
 * helps: the valid values listed, a did-you-mean only for a near miss
 * ("thank-you" for "thanks", "actve" for "active"; not "active" for
 * "inactive"), and for --tag and --owner the ones the notebook has.
 */
#ifndef NOTEBOOK_CHOICE_H
#define NOTEBOOK_CHOICE_H

#include <stddef.h>

struct notebook;

/* The value of `values` (NULL-terminated) near `word`, or NULL. */
const char *choice_near(const char *word, const char *const *values);

/*
 * Says "unknown WHAT 'word' (did you mean 'x'?); the WHATs are a, b, c" and
 * prints `usage`; returns EXIT_USAGE.
 */
int choice_error(const char *usage, const char *what, const char *word,
		 const char *const *values);

/*
 * choice_near() among names (owners, tags: n of them, all different as
 * names_equal() sees them), in any case and with or without accents; the
 * one near `word` as written in `values`, or NULL.
 */
const char *choice_near_name(const char *word, const char *const *values, size_t n);

/* 1 when two tags or owners are the same in any case, with or without accents. */
int names_equal(const char *a, const char *b);

/*
 * Checks that some client of `nb` has the tag `tag` and some the owner
 * `owner` (either may be NULL). A tag no client has is an error (listing
 * the tags the notebook has): -1. An owner no client has is a warning
 * (with a did-you-mean and the owners the notebook has): 1, for the
 * caller to show nothing, and to fail under --exit-code (notebook(1)).
 * 0 when both are found.
 */
int filter_check(const struct notebook *nb, const char *tag, const char *owner);

/*
 * Adds to *mask bit i for each value of `values` (NULL-terminated, at most
 * 32) named in `arg`, a comma-separated list ("stale,overdue"), in any
 * case. 0, or after choice_error() on the first unknown one EXIT_USAGE.
 */
int choice_mask(const char *usage, const char *what, const char *arg,
		const char *const *values, unsigned *mask);

/*
 * choice_mask() over the tiers of schema/client.schema.yaml (bit i: enum
 * tier i) and the audit's states (bit i: enum contact_state i).
 */
int choice_tiers(const char *usage, const char *arg, unsigned *mask);
int choice_states(const char *usage, const char *arg, unsigned *mask);

#endif
