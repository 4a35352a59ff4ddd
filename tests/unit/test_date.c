/* Dates, RFC 3339 date-times and durations (date.c). */
#include <string.h>

#include "date.h"
#include "tap.h"

static day_t D(const char *s)
{
	day_t d = -99999;

	if (date_parse(s, strlen(s), &d))
		printf("# bad fixture date %s\n", s);
	return d;
}

static const char *fmt(day_t d)
{
	static char out[4][11];
	static int i;

	i = (i + 1) % 4;
	date_format(d, out[i]);
	return out[i];
}

static int dparse(const char *s)
{
	day_t d;

	return date_parse(s, strlen(s), &d);
}

static int dtparse(const char *s, int64_t *e)
{
	return datetime_parse(s, strlen(s), e);
}

static struct duration dur(const char *s)
{
	struct duration d = { -1, '?' };

	if (duration_parse(s, strlen(s), &d))
		printf("# bad fixture duration %s\n", s);
	return d;
}

static const char *add(const char *day, const char *d, int times)
{
	return fmt(date_add(D(day), dur(d), times));
}

static void test_civil(void)
{
	day_t d;
	int y, m, dd;

	is_int(D("1970-01-01"), 0, "epoch day is 0");
	is_int(D("1970-01-02"), 1, "the day after is 1");
	is_int(D("1969-12-31"), -1, "the day before is -1");
	is_int(D("2000-03-01"), 11017, "2000-03-01 is day 11017");
	is_int(D("2026-11-20"), 20777, "2026-11-20 is day 20777");
	ok(date_from_ymd(1, 1, 1, &d) == 0, "year 1 accepted");
	is_str(fmt(d), "0001-01-01", "year 1 formats back");
	ok(date_from_ymd(9999, 12, 31, &d) == 0, "9999-12-31 accepted");
	is_str(fmt(d), "9999-12-31", "9999-12-31 formats back");
	ok(date_from_ymd(0, 12, 31, &d) == -1, "year 0 refused");
	ok(date_from_ymd(10000, 1, 1, &d) == -1, "year 10000 refused");
	ok(date_from_ymd(2026, 13, 1, &d) == -1, "month 13 refused");
	ok(date_from_ymd(2026, 0, 1, &d) == -1, "month 0 refused");
	ok(date_from_ymd(2026, 4, 31, &d) == -1, "April 31 refused");
	ok(date_from_ymd(2026, 4, 0, &d) == -1, "day 0 refused");

	/* Every day of 1600..2400 round-trips and follows the previous one. */
	{
		int bad = 0;
		day_t prev;

		date_from_ymd(1600, 1, 1, &prev);
		for (day_t z = prev + 1; z < prev + 292000; z++) {
			date_to_ymd(z, &y, &m, &dd);
			if (date_from_ymd(y, m, dd, &d) || d != z)
				bad++;
		}
		is_int(bad, 0, "days 1600..2400 round-trip through y-m-d");
	}
	date_to_ymd(D("2024-02-29"), &y, &m, &dd);
	ok(y == 2024 && m == 2 && dd == 29, "date_to_ymd gives 2024-02-29");
	is_int(date_weekday(D("1970-01-01")), 3, "1970-01-01 was a Thursday");
	is_int(date_weekday(D("2026-11-20")), 4, "2026-11-20 is a Friday");
	is_int(date_weekday(D("2026-11-23")), 0, "2026-11-23 is a Monday");
	is_int(date_weekday(D("1969-12-28")), 6, "1969-12-28 was a Sunday");
}

static void test_date_parse(void)
{
	day_t d;

	ok(dparse("2026-11-20") == 0, "plain date parses");
	ok(dparse("2024-02-29") == 0, "2024-02-29 (leap year)");
	ok(dparse("2000-02-29") == 0, "2000-02-29 (400 rule: leap)");
	ok(dparse("1900-02-29") == -1, "1900-02-29 refused (100 rule: not leap)");
	ok(dparse("2026-02-29") == -1, "2026-02-29 refused");
	ok(dparse("2026-02-30") == -1, "2026-02-30 refused");
	ok(dparse("2026-02-28") == 0, "2026-02-28 accepted");
	ok(dparse("2026-06-31") == -1, "June 31 refused");
	ok(dparse("2026-12-31") == 0, "Dec 31 accepted");
	ok(dparse("2026-12-32") == -1, "Dec 32 refused");
	ok(dparse("2026-00-10") == -1, "month 00 refused");
	ok(dparse("2026-1-10") == -1, "one-digit month refused");
	ok(dparse("2026-01-1") == -1, "one-digit day refused");
	ok(dparse("26-01-10") == -1, "two-digit year refused");
	ok(dparse("2026/01/10") == -1, "slashes refused");
	ok(dparse("2026-01-10 ") == -1, "trailing space refused");
	ok(dparse(" 2026-01-10") == -1, "leading space refused");
	ok(dparse("2026-01-1a") == -1, "letter refused");
	ok(dparse("+026-01-10") == -1, "sign refused");
	ok(dparse("0000-01-01") == -1, "year 0000 refused");
	ok(dparse("") == -1, "empty refused");
	ok(dparse("2026-01-10T10:00:00Z") == -1, "a date-time is not a date");
	ok(date_parse("2026-01-10xyz", 10, &d) == 0, "only len bytes are read");
	is_str(fmt(d), "2026-01-10", "and they make the date");
}

static void test_datetime(void)
{
	int64_t e = 0;

	ok(dtparse("1970-01-01T00:00:00Z", &e) == 0 && e == 0, "epoch");
	ok(dtparse("2026-11-20T10:30:15Z", &e) == 0, "UTC date-time");
	is_int(e, 20777LL * 86400 + 10 * 3600 + 30 * 60 + 15, "its instant");
	ok(dtparse("2026-11-20t10:30:15z", &e) == 0, "lowercase t and z");
	is_int(e, 20777LL * 86400 + 37815, "same instant");
	ok(dtparse("2026-11-20 10:30:15Z", &e) == 0, "space for T");
	ok(dtparse("2026-11-20T10:30:15+02:00", &e) == 0, "positive offset");
	is_int(e, 20777LL * 86400 + 8 * 3600 + 30 * 60 + 15, "offset subtracted");
	ok(dtparse("2026-11-20T01:00:00-05:30", &e) == 0, "negative offset");
	is_int(e, 20777LL * 86400 + 6 * 3600 + 30 * 60, "offset added");
	ok(dtparse("2026-11-20T23:30:00-01:00", &e) == 0, "offset crossing midnight");
	is_int(e, 20778LL * 86400 + 30 * 60, "lands on the next UTC day");
	ok(dtparse("2026-11-20T10:30:15.123456Z", &e) == 0, "fraction");
	is_int(e, 20777LL * 86400 + 37815, "fraction dropped");
	ok(dtparse("2026-11-20T10:30:15.5+01:00", &e) == 0, "fraction with offset");
	ok(dtparse("2026-11-20T10:30:15.Z", &e) == -1, "empty fraction refused");
	ok(dtparse("2026-11-20T10:30:15", &e) == -1, "no offset refused");
	ok(dtparse("2026-11-20T10:30Z", &e) == -1, "no seconds refused");
	ok(dtparse("2026-11-20T24:00:00Z", &e) == -1, "hour 24 refused");
	ok(dtparse("2026-11-20T10:60:00Z", &e) == -1, "minute 60 refused");
	ok(dtparse("2026-11-20T10:00:61Z", &e) == -1, "second 61 refused");
	ok(dtparse("2026-11-20T10:00:60Z", &e) == -1, "leap second not at 23:59 refused");
	ok(dtparse("2016-12-31T23:59:60Z", &e) == 0, "leap second at 23:59:60Z");
	is_int(e, 17166LL * 86400 + 86399, "counted as 23:59:59");
	ok(dtparse("2017-01-01T00:59:60+01:00", &e) == 0, "leap second 23:59:60 UTC-equivalent");
	ok(dtparse("2016-12-31T23:59:60+01:00", &e) == -1, "23:59:60 local but not UTC refused");
	ok(dtparse("2026-11-20T10:00:00+0200", &e) == -1, "offset without colon refused");
	ok(dtparse("2026-11-20T10:00:00+24:00", &e) == -1, "offset hour 24 refused");
	ok(dtparse("2026-11-20T10:00:00+02:60", &e) == -1, "offset minute 60 refused");
	ok(dtparse("2026-11-20T10:00:00Zjunk", &e) == -1, "trailing junk refused");
	ok(dtparse("2026-11-20T10:00:00+02:00 ", &e) == -1, "trailing space refused");
	ok(dtparse("2026-02-30T10:00:00Z", &e) == -1, "impossible date refused");
	ok(dtparse("2026-11-20X10:00:00Z", &e) == -1, "bad separator refused");
	ok(dtparse("2026-11-20", &e) == -1, "a bare date is not a date-time");
	ok(dtparse("2026-11-20T1:00:00Z", &e) == -1, "one-digit hour refused");
}

static void test_duration(void)
{
	struct duration d;
	char out[16];

	ok(duration_parse("14d", 3, &d) == 0 && d.n == 14 && d.unit == 'd', "14d");
	ok(duration_parse("2w", 2, &d) == 0 && d.n == 2 && d.unit == 'w', "2w");
	ok(duration_parse("3m", 2, &d) == 0 && d.n == 3 && d.unit == 'm', "3m");
	ok(duration_parse("1y", 2, &d) == 0 && d.n == 1 && d.unit == 'y', "1y");
	ok(duration_parse("0d", 2, &d) == 0 && d.n == 0, "0d");
	ok(duration_parse("100000d", 7, &d) == 0 && d.n == 100000, "100000d is the maximum");
	ok(duration_parse("100001d", 7, &d) == -1, "100001d refused");
	ok(duration_parse("1000000d", 8, &d) == -1, "seven digits refused");
	ok(duration_parse("d", 1, &d) == -1, "no number refused");
	ok(duration_parse("14", 2, &d) == -1, "no unit refused");
	ok(duration_parse("14D", 3, &d) == -1, "uppercase unit refused");
	ok(duration_parse("14h", 3, &d) == -1, "unknown unit refused");
	ok(duration_parse("-3d", 3, &d) == -1, "negative refused");
	ok(duration_parse("+3d", 3, &d) == -1, "sign refused");
	ok(duration_parse(" 3d", 3, &d) == -1, "space refused");
	ok(duration_parse("3 d", 3, &d) == -1, "inner space refused");
	ok(duration_parse("1.5m", 4, &d) == -1, "fraction refused");
	ok(duration_parse("", 0, &d) == -1, "empty refused");

	duration_format((struct duration){ 14, 'd' }, out, sizeof(out));
	is_str(out, "14d", "format 14d");
	duration_format((struct duration){ 100000, 'y' }, out, sizeof(out));
	is_str(out, "100000y", "format 100000y");
}

static void test_date_add(void)
{
	is_str(add("2026-01-31", "1m", 1), "2026-02-28", "Jan 31 + 1m clamps to Feb 28");
	is_str(add("2024-01-31", "1m", 1), "2024-02-29", "Jan 31 + 1m in a leap year is Feb 29");
	is_str(add("2026-01-31", "1m", 2), "2026-03-31", "Jan 31 + 2 × 1m is Mar 31 (not two steps)");
	is_str(add("2026-01-31", "2m", 1), "2026-03-31", "Jan 31 + 2m is Mar 31");
	is_str(add("2026-01-30", "1m", 1), "2026-02-28", "Jan 30 + 1m");
	is_str(add("2026-03-31", "1m", -1), "2026-02-28", "Mar 31 − 1m is Feb 28");
	is_str(add("2024-03-31", "1m", -1), "2024-02-29", "Mar 31 − 1m in a leap year");
	is_str(add("2024-02-29", "1y", 1), "2025-02-28", "Feb 29 + 1y is Feb 28");
	is_str(add("2024-02-29", "4y", 1), "2028-02-29", "Feb 29 + 4y is Feb 29");
	is_str(add("2024-02-29", "1y", 2), "2026-02-28", "Feb 29 + 2 × 1y");
	is_str(add("2026-11-30", "1m", 1), "2026-12-30", "Nov 30 + 1m");
	is_str(add("2026-12-15", "1m", 1), "2027-01-15", "across the year end");
	is_str(add("2026-01-15", "1m", -1), "2025-12-15", "back across the year start");
	is_str(add("2026-01-15", "13m", -1), "2024-12-15", "13 months back");
	is_str(add("2026-11-20", "30d", 1), "2026-12-20", "30 days");
	is_str(add("2026-11-20", "30d", 2), "2027-01-19", "2 × 30 days");
	is_str(add("2026-11-20", "3d", -1), "2026-11-17", "minus 3 days");
	is_str(add("2024-02-28", "1d", 1), "2024-02-29", "into a leap day");
	is_str(add("2026-11-20", "2w", 1), "2026-12-04", "2 weeks");
	is_str(add("2026-11-20", "0d", 5), "2026-11-20", "0d any number of times");
	is_str(add("1900-02-28", "1d", 1), "1900-03-01", "1900 has no Feb 29");
	is_str(add("2000-02-28", "1d", 1), "2000-02-29", "2000 has Feb 29");
}

static void test_duration_cmp(void)
{
	day_t jan = D("2026-01-10"), feb = D("2026-02-10"), mar = D("2026-03-10");

	ok(duration_cmp(dur("7d"), dur("14d"), jan) < 0, "7d < 14d");
	ok(duration_cmp(dur("14d"), dur("2w"), jan) == 0, "14d == 2w");
	ok(duration_cmp(dur("3w"), dur("20d"), jan) > 0, "3w > 20d");
	ok(duration_cmp(dur("1m"), dur("30d"), jan) > 0, "1m > 30d from January");
	ok(duration_cmp(dur("1m"), dur("30d"), feb) < 0, "1m < 30d from February");
	ok(duration_cmp(dur("1m"), dur("28d"), feb) == 0, "1m == 28d from Feb 10 2026");
	ok(duration_cmp(dur("1m"), dur("31d"), mar) == 0, "1m == 31d from March 10");
	ok(duration_cmp(dur("1m"), dur("31d"), D("2026-04-10")) < 0, "1m < 31d from April 10");
	ok(duration_cmp(dur("1y"), dur("12m"), feb) == 0, "1y == 12m");
	ok(duration_cmp(dur("1y"), dur("365d"), D("2024-01-01")) > 0, "1y > 365d across a leap day");
}

int main(void)
{
	test_civil();
	test_date_parse();
	test_datetime();
	test_duration();
	test_date_add();
	test_duration_cmp();
	return done_testing();
}
