/* Calendar dates, RFC 3339 date-times and durations: pure functions. */
#ifndef NOTEBOOK_DATE_H
#define NOTEBOOK_DATE_H

#include <stddef.h>
#include <stdint.h>

/* A day: the number of days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t day_t;

/* Years 1..9999 only; returns -1 for an impossible date (2026-02-30). */
int date_from_ymd(int y, int m, int d, day_t *out);
void date_to_ymd(day_t day, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD" (exactly 10 bytes, a real date). 0 or -1. */
int date_parse(const char *s, size_t len, day_t *out);
/* Writes "YYYY-MM-DD" and a NUL into out[11]. */
void date_format(day_t day, char out[11]);
/* 0 Monday .. 6 Sunday */
int date_weekday(day_t day);

/*
 * Strict RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; 't' and
 * 'z' and a space for 'T' accepted as RFC 3339 allows. Leap second 60 is
 * accepted only at 23:59:60 UTC-equivalent. On success `*epoch` is the
 * instant in seconds since 1970-01-01T00:00:00Z.
 */
int datetime_parse(const char *s, size_t len, int64_t *epoch);

/* A duration "Nd", "Nw", "Nm" (calendar months) or "Ny", N in 0..100000. */
struct duration {
	int n;
	char unit; /* 'd', 'w', 'm', 'y' */
};

int duration_parse(const char *s, size_t len, struct duration *out);
/* Writes e.g. "14d" into out (at least 16 bytes). */
void duration_format(struct duration dur, char *out, size_t size);
/*
 * day + times × dur. Months and years are calendar steps that clamp to the
 * month's last day: 2026-01-31 + 1m = 2026-02-28, 2024-01-31 + 1m =
 * 2024-02-29, 2024-02-29 + 1y = 2025-02-28. `times` may be negative
 * (2026-03-31 − 1m = 2026-02-28). L + 2C is date_add(L, C, 2), not two steps.
 */
day_t date_add(day_t day, struct duration dur, int times);
/*
 * Compares two durations by their length from `from`
 * (for "the shorter of C and repair-checkin"): <0, 0, >0.
 */
int duration_cmp(struct duration a, struct duration b, day_t from);

#endif
