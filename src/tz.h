/*
 * The notebook's timezone and "today". The only place that reads the clock
 * or the TZ database; everything else takes days as arguments.
 */
#ifndef NOTEBOOK_TZ_H
#define NOTEBOOK_TZ_H

#include <stdint.h>

#include "buf.h"
#include "date.h"

/*
 * Makes `tz` (an IANA name such as "Europe/London"; NULL or "" keeps the
 * system's) the zone for tz_day_of() and tz_day_start(). Call before any
 * thread starts. Returns -1 with a message when no such zone exists.
 */
int tz_set(const char *tz);
/* 1 when `tz` names a zone of the system's database, else 0 (no message). */
int tz_known(const char *tz);
/* The local date of an instant. */
day_t tz_day_of(int64_t epoch);
/* The instant local `day` starts (midnight, or the first existing minute). */
int64_t tz_day_start(day_t day);
/*
 * Today in the zone: $NOTEBOOK_NOW (YYYY-MM-DD or an RFC 3339 date-time;
 * tests set it for a fixed clock) else the system clock. -1 with a message
 * when NOTEBOOK_NOW is malformed.
 */
int tz_today(day_t *out);

/*
 * Appends bytes that change when the system's zone may have: $TZ (as the
 * process started with it, before any tz_set()), where /etc/localtime
 * points and its stat data. The cache keeps them in its
 * fingerprint, so that days computed in another zone are not reused.
 */
void tz_fingerprint(struct buf *out);

#endif
