/*
 * The people at a client (its `contacts`): who was in which entry, and
 * whose birthday falls when. Pure functions of the model.
 */
#ifndef NOTEBOOK_PEOPLE_H
#define NOTEBOOK_PEOPLE_H

#include "date.h"
#include "model.h"

/*
 * 1 when `a` and `b` name the same person: equal once case and runs of
 * spaces are ignored ("jane  roe" is "Jane Roe").
 */
int person_name_eq(const char *a, const char *b);

/*
 * person_name_eq() once the accents of Latin letters are dropped as well
 * ("José Núñez" is "jose nunez"): how imports and `log --with` match a
 * name to a client's contacts.
 */
int person_same(const char *a, const char *b);

/*
 * The latest entry of `c` on or before `today` whose `with` names `k`, of
 * any kind but note; NULL when there is none.
 */
const struct entry *contact_last_entry(const struct client *c, const struct contact *k,
				       day_t today);

/*
 * The next birthday of `k` on or after `from`, in *when, and the age it
 * brings in *age (0 when the year is not known). A 29 February birthday
 * falls on 28 February in other years. 0, or -1 when `k` has no birthday.
 */
int contact_next_birthday(const struct contact *k, day_t from, day_t *when, int *age);

#endif
