/*
 * The notebook's timezone and "today": the only file that reads the clock or
 * the TZ database. The zone is the process's TZ (set once by tz_set() before
 * any thread starts); days come out of localtime_r() and mktime().
 */
#include "tz.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"
#include "util.h"

#define ZONEINFO "/usr/share/zoneinfo"

/*
 * An IANA name is a relative path of letters, digits and "_+-." parts under
 * ZONEINFO; nothing that could climb out of it ("..", a leading '/') and
 * nothing but a regular file at the end (not the directory "Europe") that
 * starts with the TZif magic (not "zone.tab").
 */
static int zone_name_ok(const char *tz)
{
	char path[sizeof(ZONEINFO) + 256];
	char magic[4];
	struct stat st;
	size_t len = strlen(tz);
	FILE *f;
	int ok;

	if (len == 0 || len >= 256 || tz[0] == '/' || strstr(tz, ".."))
		return 0;
	for (const char *p = tz; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_+-./", *p)))
			return 0;
		if (*p == '/' && (p[1] == '/' || p[1] == '\0' || p[1] == '.'))
			return 0;
	}
	snprintf(path, sizeof(path), "%s/%s", ZONEINFO, tz);
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
	fclose(f);
	return ok;
}

/* Reports `fmt` with `value` (from notebook.yaml: untrusted, error() escapes it). */
static int bad_value(const char *fmt, const char *value)
{
	return error(fmt, value);
}

int tz_known(const char *tz)
{
	return zone_name_ok(tz);
}

/*
 * $TZ as the process started with it, kept by the first tz_set(): the
 * cache's fingerprint is of the user's zone, whatever notebook.yaml set
 * since (its `timezone:` is in the fingerprint through notebook.yaml's
 * bytes). A command that read the settings before it opened the cache
 * (sync) would otherwise fingerprint another zone than status does, and
 * each would re-parse every file after the other.
 */
static int env_tz_kept;
static char *env_tz;

/*
 * tz_day_start() memo: a notebook's entries fall on a few hundred days, and
 * mktime() with its checks costs a few thousand instructions and takes
 * glibc's time-zone lock. Each thread keeps its own table, direct-mapped by
 * day; an entry is of the zone whose generation it carries (tz_set() starts
 * a new one).
 */
#define DAY_MEMO 1024
struct day_memo {
	day_t day;
	unsigned gen; /* 0: empty */
	int64_t start;
};
static unsigned zone_gen = 1;
static _Thread_local struct day_memo day_memo[DAY_MEMO];

int tz_set(const char *tz)
{
	if (!tz || !*tz)
		return 0;
	if (!zone_name_ok(tz))
		return bad_value("unknown timezone '%s' (use an IANA name such as 'Europe/London')", tz);
	if (!env_tz_kept) {
		const char *was = getenv("TZ");

		env_tz = was ? xstrdup(was) : NULL;
		env_tz_kept = 1;
	}
	if (setenv("TZ", tz, 1))
		return error("cannot set the timezone '%s'", tz);
	tzset();
	zone_gen++;
	return 0;
}

/* Floor division of seconds into days, for when localtime_r() cannot help. */
static day_t utc_day(int64_t epoch)
{
	int64_t d = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);

	return (day_t)d;
}

day_t tz_day_of(int64_t epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	day_t day;

	if (!localtime_r(&t, &tm) ||
	    date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &day))
		return utc_day(epoch);
	return day;
}

/*
 * Local midnight through mktime(). Where midnight does not exist (a DST
 * change at 00:00, as in America/Sao_Paulo until 2019) mktime() may land on
 * either side of the gap, so the result is checked: the day starts at the
 * first instant whose local date is `day`, found by bisection around the
 * first guess.
 */
static int64_t day_start(day_t day);

int64_t tz_day_start(day_t day)
{
	struct day_memo *m = &day_memo[(uint32_t)day % DAY_MEMO];

	if (m->gen != zone_gen || m->day != day) {
		m->start = day_start(day);
		m->day = day;
		m->gen = zone_gen;
	}
	return m->start;
}

static int64_t day_start(day_t day)
{
	struct tm tm;
	int y, m, d;
	time_t t;
	int64_t lo, hi;

	date_to_ymd(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return (int64_t)day * 86400;
	if (tz_day_of(t) == day && tz_day_of((int64_t)t - 1) < day)
		return t;
	/* Smallest instant in (lo, hi] with a local date of at least `day`. */
	lo = (int64_t)t - 2 * 86400;
	hi = (int64_t)t + 2 * 86400;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (tz_day_of(mid) >= day)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int tz_today(day_t *out)
{
	const char *now = getenv("NOTEBOOK_NOW");
	int64_t epoch;

	if (now && *now) {
		size_t len = strlen(now);

		if (!date_parse(now, len, out))
			return 0;
		if (!datetime_parse(now, len, &epoch)) {
			*out = tz_day_of(epoch);
			return 0;
		}
		return bad_value("NOTEBOOK_NOW='%s' is not a date (use YYYY-MM-DD or an RFC 3339 date-time)",
				 now);
	}
	*out = tz_day_of((int64_t)time(NULL));
	return 0;
}

void tz_fingerprint(struct buf *out)
{
	const char *tz = env_tz_kept ? env_tz : getenv("TZ");
	char link[PATH_MAX];
	struct stat st;
	ssize_t n;

	buf_add(out, tz ? tz : "(null)", strlen(tz ? tz : "(null)") + 1);
	n = readlink("/etc/localtime", link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	buf_add(out, link, strlen(link) + 1);
	if (!stat("/etc/localtime", &st)) {
		int64_t v[4] = {
			(int64_t)st.st_size,
			(int64_t)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
			(int64_t)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec,
			(int64_t)st.st_ino,
		};
		buf_add(out, v, sizeof(v));
	}
}
