/*
 * Calendar dates, RFC 3339 date-times and durations: integer arithmetic on
 * the proleptic Gregorian calendar. No libc time functions and no timezone
 * here (tz.c is the only place that knows about those).
 */
#include "date.h"

#include <stdio.h>

/*
 * Days from 1970-01-01 to y-m-d, for any year (also outside 1..9999, which
 * date_add() may pass through). The year is counted from March so that the
 * leap day is the last day of its year; eras are the 400-year cycles.
 */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	if (m <= 2)
		y--;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                 /* 0..399 */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0..146096 */
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Keeps an out-of-range result of arithmetic inside day_t. */
static day_t clamp_day(int64_t z)
{
	if (z > INT32_MAX)
		return INT32_MAX;
	if (z < INT32_MIN)
		return INT32_MIN;
	return (day_t)z;
}

int date_from_ymd(int y, int m, int d, day_t *out)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = (day_t)days_from_civil(y, m, d);
	return 0;
}

void date_to_ymd(day_t day, int *y, int *m, int *d)
{
	int64_t yy;

	civil_from_days(day, &yy, m, d);
	*y = (int)yy;
}

/* `n` ASCII digits at `s` as a number, or -1 when any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, size_t len, day_t *out)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return -1;
	return date_from_ymd(y, m, d, out);
}

static void put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format(day_t day, char out[11])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

int date_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)(((int64_t)day + 3) % 7);

	return w < 0 ? w + 7 : w;
}

/*
 * "YYYY-MM-DD" "T" "HH:MM:SS" ["." 1*DIGIT] ("Z" / ("+" / "-") "HH:MM"),
 * with 't', 'z' and a space accepted in place of 'T' and 'Z' (RFC 3339 5.6
 * and its note). A leap second (60) is accepted only where the time is
 * 23:59:60 in UTC; it counts as 23:59:59 so that the instant stays on its
 * day. The fraction is dropped: instants are whole seconds.
 */
int datetime_parse(const char *s, size_t len, int64_t *epoch)
{
	day_t day;
	int hh, mm, ss, oh = 0, om = 0, sign = 0;
	size_t i;

	if (len < 20 || date_parse(s, 10, &day))
		return -1;
	if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if (s[13] != ':' || s[16] != ':')
		return -1;
	hh = digits(s + 11, 2);
	mm = digits(s + 14, 2);
	ss = digits(s + 17, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return -1;
	i = 19;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return -1;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		if (len - i != 6 || s[i + 3] != ':')
			return -1;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		i += 6;
	} else {
		return -1;
	}
	if (i != len)
		return -1;
	if (ss == 60) {
		int utc = ((hh * 60 + mm - sign * (oh * 60 + om)) % 1440 + 1440) % 1440;

		if (utc != 23 * 60 + 59)
			return -1;
		ss = 59;
	}
	*epoch = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss -
		 (int64_t)sign * (oh * 3600 + om * 60);
	return 0;
}

int duration_parse(const char *s, size_t len, struct duration *out)
{
	int n = 0;
	size_t i;
	char unit;

	/* One to six digits and a unit letter. */
	if (len < 2 || len > 7)
		return -1;
	for (i = 0; i + 1 < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	unit = s[len - 1];
	if (n > 100000 || (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y'))
		return -1;
	out->n = n;
	out->unit = unit;
	return 0;
}

void duration_format(struct duration dur, char *out, size_t size)
{
	snprintf(out, size, "%d%c", dur.n, dur.unit);
}

/* Calendar months from `day`, clamping to the last day of the month. */
static day_t add_months(day_t day, int64_t months)
{
	int64_t y, idx;
	int m, d, last;

	civil_from_days(day, &y, &m, &d);
	idx = y * 12 + (m - 1) + months;
	y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
	m = (int)(idx - y * 12) + 1;
	last = month_days(y, m);
	if (d > last)
		d = last;
	return clamp_day(days_from_civil(y, m, d));
}

day_t date_add(day_t day, struct duration dur, int times)
{
	int64_t k = (int64_t)dur.n * times;

	switch (dur.unit) {
	case 'w':
		return clamp_day(day + k * 7);
	case 'm':
		return add_months(day, k);
	case 'y':
		return add_months(day, k * 12);
	default:
		return clamp_day(day + k);
	}
}

int duration_cmp(struct duration a, struct duration b, day_t from)
{
	day_t ea = date_add(from, a, 1), eb = date_add(from, b, 1);

	return ea < eb ? -1 : ea > eb;
}
