/*
 * What a user types as an option's value, checked with a refusal that
 * helps: the valid values listed, a did-you-mean only for a near miss
 * ("thank-you" for "thanks", "actve" for "active"; not "active" for
 * "inactive"), and for --tag and --owner the ones the notebook has.
 */
#ifndef NOTEBOOK_CHOICE_H
#define NOTEBOOK_CHOICE_H

struct notebook;

/* The value of `values` (NULL-terminated) near `word`, or NULL. */
const char *choice_near(const char *word, const char *const *values);

/*
 * Says "unknown WHAT 'word' (did you mean 'x'?); the WHATs are a, b, c" and
 * prints `usage`; returns EXIT_USAGE.
 */
int choice_error(const char *usage, const char *what, const char *word,
		 const char *const *values);

/* 1 when two tags or owners are the same in any case, with or without accents. */
int names_equal(const char *a, const char *b);

/*
 * Checks that some client of `nb` has the tag `tag` and some the owner
 * `owner` (either may be NULL); else says so, listing those the notebook
 * has, and returns -1.
 */
int filter_check(const struct notebook *nb, const char *tag, const char *owner);

#endif
