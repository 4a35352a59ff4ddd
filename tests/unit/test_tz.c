/* The notebook's timezone and today (tz.c), against the system's tzdata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "tap.h"
#include "tz.h"

static day_t D(const char *s)
{
	day_t d = -99999;

	if (date_parse(s, strlen(s), &d))
		printf("# bad fixture date %s\n", s);
	return d;
}

static int64_t I(const char *s)
{
	int64_t e = -1;

	if (datetime_parse(s, strlen(s), &e))
		printf("# bad fixture date-time %s\n", s);
	return e;
}

/* tz_today() with NOTEBOOK_NOW set to `now`; -1 on error. */
static int today_with(const char *now, day_t *out)
{
	setenv("NOTEBOOK_NOW", now, 1);
	return tz_today(out);
}

/* What tz_set(name) writes on stderr (at most 255 bytes). */
static const char *tz_set_message(const char *name)
{
	static char msg[256];
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	msg[0] = '\0';
	if (!tmp)
		return "(no tmpfile)";
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	tz_set(name);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(msg, 1, sizeof(msg) - 1, tmp);
	msg[n] = '\0';
	fclose(tmp);
	return msg;
}

static void test_names(void)
{
	/* The refusals print their message; keep the TAP stream readable. */
	fflush(stderr);
	ok(tz_set(NULL) == 0, "NULL keeps the system's zone");
	ok(tz_set("") == 0, "empty keeps the system's zone");
	ok(tz_set("UTC") == 0, "UTC (a symlink to a zone file)");
	ok(tz_set("Europe/London") == 0, "Europe/London");
	is_str(getenv("TZ"), "Europe/London", "TZ set");
	ok(tz_set("America/Argentina/Buenos_Aires") == 0, "three-part name");
	ok(tz_set("Etc/GMT+5") == 0, "a name with '+'");
	ok(tz_set("Nowhere/City") == -1, "unknown zone refused");
	ok(tz_set("Europe") == -1, "a directory refused");
	ok(tz_set("zone.tab") == -1, "a file that is not a zone refused");
	ok(tz_set("/etc/passwd") == -1, "absolute path refused");
	ok(tz_set("/usr/share/zoneinfo/UTC") == -1, "absolute path to a zone refused");
	ok(tz_set("../../../etc/passwd") == -1, "'..' refused");
	ok(tz_set("Europe/../Europe/London") == -1, "'..' inside refused");
	ok(tz_set("Europe//London") == -1, "empty component refused");
	ok(tz_set("Europe/London/") == -1, "trailing slash refused");
	ok(tz_set("Europe/London extra") == -1, "space refused");
	ok(tz_set("Europe/Lon\ndon") == -1, "control character refused");
	is_str(getenv("TZ"), "Etc/GMT+5", "a refused name leaves TZ alone");
	ok(tz_known("Europe/London") && tz_known("UTC"), "tz_known: zones of the database");
	ok(!tz_known("Mars/Olympus") && !tz_known("../etc/passwd") && !tz_known("zone.tab"),
	   "tz_known: what tz_set refuses");
	is_str(getenv("TZ"), "Etc/GMT+5", "tz_known leaves TZ alone");
	is_str(tz_set_message("Mars/Olympus"),
	       "notebook: unknown timezone 'Mars/Olympus' (use an IANA name such as 'Europe/London')\n",
	       "the message names the zone and the fix");
	is_str(tz_set_message("Eu\033[2Jrope"),
	       "notebook: unknown timezone 'Eu\\e[2Jrope' (use an IANA name such as 'Europe/London')\n",
	       "a control sequence in the name is printed escaped");
}

static void test_days(void)
{
	ok(tz_set("UTC") == 0, "UTC");
	is_int(tz_day_of(0), 0, "UTC: epoch is day 0");
	is_int(tz_day_of(-1), -1, "UTC: one second before is day -1");
	is_int(tz_day_start(D("2026-11-20")), (int64_t)D("2026-11-20") * 86400,
	       "UTC: a day starts at day × 86400");

	ok(tz_set("Europe/London") == 0, "Europe/London");
	is_int(tz_day_of(I("2026-07-01T23:30:00Z")), D("2026-07-02"),
	       "summer: 23:30Z is the next day in London (BST)");
	is_int(tz_day_of(I("2026-01-01T23:30:00Z")), D("2026-01-01"),
	       "winter: 23:30Z is the same day in London (GMT)");
	is_int(tz_day_start(D("2026-07-02")), I("2026-07-01T23:00:00Z"),
	       "summer day starts at 23:00Z the evening before");
	is_int(tz_day_start(D("2026-01-02")), I("2026-01-02T00:00:00Z"),
	       "winter day starts at 00:00Z");
	is_int(tz_day_start(D("2026-03-29")), I("2026-03-29T00:00:00Z"),
	       "the day clocks go forward (01:00) starts at midnight GMT");
	is_int(tz_day_start(D("2026-03-30")), I("2026-03-29T23:00:00Z"),
	       "the day after starts at midnight BST");

	ok(tz_set("Asia/Tokyo") == 0, "Asia/Tokyo");
	is_int(tz_day_of(I("2026-11-20T15:00:00Z")), D("2026-11-21"), "15:00Z is tomorrow in Tokyo");
	is_int(tz_day_of(I("2026-11-20T14:59:59Z")), D("2026-11-20"), "14:59:59Z is today in Tokyo");

	ok(tz_set("America/Sao_Paulo") == 0, "America/Sao_Paulo");
	is_int(tz_day_start(D("2018-11-03")), I("2018-11-03T03:00:00Z"),
	       "an ordinary day starts at midnight (-03:00)");
	is_int(tz_day_start(D("2018-11-04")), I("2018-11-04T01:00:00-02:00"),
	       "a day whose midnight falls in the DST gap starts at 01:00");
	is_int(tz_day_of(tz_day_start(D("2018-11-04")) - 1), D("2018-11-03"),
	       "one second earlier is the day before");
	is_int(tz_day_start(D("2019-02-17")), I("2019-02-17T00:00:00-03:00"),
	       "the day after the repeated hour starts at its midnight");
	is_int(tz_day_of(I("2019-02-17T02:30:00Z")), D("2019-02-16"),
	       "the repeated 23:30 is still the 16th");

	/* tz_day_start() remembers days per zone: another zone, another start. */
	ok(tz_set("Asia/Tokyo") == 0, "Asia/Tokyo again");
	is_int(tz_day_start(D("2026-11-20")), I("2026-11-19T15:00:00Z"),
	       "a day starts at 15:00Z the day before in Tokyo");
	is_int(tz_day_start(D("2026-11-20")), I("2026-11-19T15:00:00Z"), "asked again: the same");
	is_int(tz_day_start(D("2026-11-20") + 1024), I("2029-09-08T15:00:00Z"),
	       "a day 1024 later (the same memo slot) is not taken for it");
	is_int(tz_day_start(D("2026-11-20")), I("2026-11-19T15:00:00Z"), "and back");
	ok(tz_set("Europe/London") == 0, "Europe/London again");
	is_int(tz_day_start(D("2026-11-20")), I("2026-11-20T00:00:00Z"),
	       "after the zone changed, the day starts at London's midnight");
	ok(tz_set("Asia/Tokyo") == 0, "and Tokyo once more");
	is_int(tz_day_start(D("2026-11-20")), I("2026-11-19T15:00:00Z"), "Tokyo's start again");
}

static void test_today(void)
{
	day_t d = 0;
	day_t sys;

	ok(tz_set("Europe/London") == 0, "Europe/London");
	ok(today_with("2026-11-20", &d) == 0, "NOTEBOOK_NOW date");
	is_int(d, D("2026-11-20"), "today is that date");
	ok(today_with("2026-11-20T23:30:00Z", &d) == 0, "NOTEBOOK_NOW date-time");
	is_int(d, D("2026-11-20"), "its local date in London");
	ok(today_with("2026-11-20T23:30:00-05:00", &d) == 0, "date-time with an offset");
	is_int(d, D("2026-11-21"), "04:30 next day in London");
	ok(tz_set("Asia/Tokyo") == 0, "Asia/Tokyo");
	ok(today_with("2026-11-20T23:30:00Z", &d) == 0, "same date-time in Tokyo");
	is_int(d, D("2026-11-21"), "is the next day there");
	ok(today_with("2026-11-20", &d) == 0, "a bare date is not moved by the zone");
	is_int(d, D("2026-11-20"), "still 2026-11-20");

	fflush(stdout);
	d = 42;
	ok(today_with("x", &d) == -1, "NOTEBOOK_NOW='x' is an error");
	is_int(d, 42, "and leaves the day alone");
	ok(today_with("2026-02-30", &d) == -1, "an impossible date is an error");
	ok(today_with("2026-11-20T25:00:00Z", &d) == -1, "a bad date-time is an error");
	ok(today_with("2026-11-20 ", &d) == -1, "trailing space is an error");

	unsetenv("NOTEBOOK_NOW");
	ok(tz_today(&d) == 0, "no NOTEBOOK_NOW: the clock");
	sys = tz_day_of((int64_t)time(NULL));
	ok(d == sys || d + 1 == sys, "today is the clock's local date");
	setenv("NOTEBOOK_NOW", "", 1);
	ok(tz_today(&d) == 0, "empty NOTEBOOK_NOW: the clock");
}

int main(void)
{
	test_names();
	test_days();
	test_today();
	return done_testing();
}
