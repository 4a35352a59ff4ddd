/*
 * The identity and time a commit is made with, chosen as git chooses them
 * (README "Git identity", notebook(1) ENVIRONMENT): for the author,
 * GIT_AUTHOR_NAME, else author.name, else user.name; GIT_AUTHOR_EMAIL,
 * else author.email, else user.email, else EMAIL; GIT_AUTHOR_DATE, else
 * now. The committer likewise with GIT_COMMITTER_* and committer.*.
 * Unlike git, nothing is guessed from the system's user or host name.
 */
#include "repo_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* One role: the author or the committer. */
struct role {
	const char *what;      /* "author" */
	const char *env_name;  /* "GIT_AUTHOR_NAME" */
	const char *env_email; /* "GIT_AUTHOR_EMAIL" */
	const char *env_date;  /* "GIT_AUTHOR_DATE" */
	const char *conf_name; /* "author.name" */
	const char *conf_email;
};

static const struct role author = {
	"author", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
	"author.name", "author.email",
};
static const struct role committer = {
	"committer", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE",
	"committer.name", "committer.email",
};

static const char identity_fix[] =
	"set one with: git config --global user.name 'Your Name' && "
	"git config --global user.email you@example.com "
	"(or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)";

/* A configuration value, malloc'd, or NULL when it is not set. */
static char *conf_get(git_config *cfg, const char *key)
{
	git_buf b = GIT_BUF_INIT;
	char *s = NULL;

	if (cfg && !git_config_get_string_buf(&b, cfg, key))
		s = xstrdup(b.ptr ? b.ptr : "");
	git_buf_dispose(&b);
	git_error_clear();
	return s;
}

/*
 * The first of: the environment variable `env`, the keys `k1`, `k2`, the
 * environment variable `env2`; which one in *from. NULL when none is set.
 */
static char *pick(git_config *cfg, const char *env, const char *k1, const char *k2,
		  const char *env2, const char **from)
{
	const char *e = getenv(env);
	char *s;

	*from = env;
	if (e)
		return xstrdup(e);
	*from = k1;
	if ((s = conf_get(cfg, k1)))
		return s;
	*from = k2;
	if ((s = conf_get(cfg, k2)))
		return s;
	*from = env2;
	if (env2 && (e = getenv(env2)))
		return xstrdup(e);
	return NULL;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Reads `n` digits at *p into *v. */
static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/* "+0100", "-05:30", "Z" into minutes east of UTC. */
static int parse_zone(const char **p, int *minutes)
{
	int sign, h, m;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*minutes = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &h) < 0)
		return -1;
	if (**p == ':')
		(*p)++;
	if (digits(p, 2, &m) < 0 || h > 23 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

/* Seconds since the epoch of a UTC broken-down time (timegm, which C11 lacks). */
static long long utc_seconds(int y, int mo, int d, int h, int mi, int s)
{
	/* days from civil, after the well-known algorithm over 400-year eras */
	long long yy = y - (mo <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long long days = era * 146097 + doe - 719468;

	return days * 86400 + h * 3600 + mi * 60 + s;
}

/* The local zone's offset in minutes at `t`. */
static int local_offset(long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

static int valid_civil(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100) || y % 400 == 0;

	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return 0;
	return h <= 23 && mi <= 59 && s <= 60;
}

/* "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][ ][zone]"; no zone is the local one. */
static int parse_iso(const char *p, long long *t, int *off)
{
	int y, mo, d, h, mi, s = 0, zoned = 0;

	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 || *p++ != '-' ||
	    digits(&p, 2, &d) < 0 || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &s) < 0)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (*p == ' ')
		p++;
	if (*p) {
		if (parse_zone(&p, off) < 0)
			return -1;
		zoned = 1;
	}
	if (*p || !valid_civil(y, mo, d, h, mi, s))
		return -1;
	*t = utc_seconds(y, mo, d, h, mi, s);
	if (!zoned) {
		/* the local offset at that wall-clock time (twice: near a change) */
		*off = local_offset(*t);
		*off = local_offset(*t - *off * 60);
	}
	*t -= (long long)*off * 60;
	return 0;
}

/* "[Thu, ]07 Apr 2005 22:13:13 +0200" (RFC 2822). */
static int parse_rfc2822(const char *p, long long *t, int *off)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int y, mo = 0, d, h, mi, s = 0, n = 0;
	char mon[4] = "";
	const char *m;

	if (isalpha((unsigned char)*p)) {
		while (isalpha((unsigned char)*p))
			p++;
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
	}
	if (sscanf(p, "%2d %3[A-Za-z] %4d %2d:%2d%n", &d, mon, &y, &h, &mi, &n) != 5)
		return -1;
	p += n;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &s) < 0)
			return -1;
	}
	for (int i = 0; mon[i]; i++)
		mon[i] = (char)tolower((unsigned char)mon[i]);
	m = strlen(mon) == 3 ? strstr(months, mon) : NULL;
	if (!m || (m - months) % 3)
		return -1;
	mo = (int)(m - months) / 3 + 1;
	while (*p == ' ')
		p++;
	if (parse_zone(&p, off) < 0 || *p || !valid_civil(y, mo, d, h, mi, s))
		return -1;
	*t = utc_seconds(y, mo, d, h, mi, s) - (long long)*off * 60;
	return 0;
}

/* "@1112911993 [+0200]" or "1112911993 [+0200]" (git's own form). */
static int parse_raw(const char *p, long long *t, int *off)
{
	char *end;
	long long v;

	if (*p == '@')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || end - p < (p[-1] == '@' ? 1 : 9))
		return -1;
	p = end;
	*off = 0;
	if (*p == ' ') {
		p++;
		if (parse_zone(&p, off) < 0)
			return -1;
	}
	if (*p)
		return -1;
	*t = v;
	return 0;
}

/* A date as GIT_AUTHOR_DATE and GIT_COMMITTER_DATE give it. */
static int parse_git_date(const char *s, long long *t, int *off)
{
	while (*s == ' ')
		s++;
	if (!parse_raw(s, t, off) || !parse_iso(s, t, off) || !parse_rfc2822(s, t, off))
		return 0;
	return -1;
}

/*
 * The signature of one role. `cfg` may be NULL (no configuration). 0, or
 * -1 with a message naming what to set.
 */
static int role_signature(git_config *cfg, const struct role *ro, git_signature **out)
{
	const char *name_from, *email_from, *when;
	char *name = pick(cfg, ro->env_name, ro->conf_name, "user.name", NULL, &name_from);
	char *email = pick(cfg, ro->env_email, ro->conf_email, "user.email", "EMAIL", &email_from);
	long long t;
	int off, ret = -1;

	*out = NULL;
	if (!name && !email && ro == &author) {
		error("no git identity to commit with; %s", identity_fix);
		goto out;
	}
	if (!name && !email) {
		error("no git identity for the %s; set one with: git config --global user.name "
		      "'Your Name' && git config --global user.email you@example.com (or set %s and %s)",
		      ro->what, ro->env_name, ro->env_email);
		goto out;
	}
	if (!name) {
		error("no git name for the %s; set one with: git config --global user.name "
		      "'Your Name' (or set %s)", ro->what, ro->env_name);
		goto out;
	}
	if (blank(name)) {
		error("the %s's name from '%s' is empty; give it one "
		      "(git config --global user.name 'Your Name')", ro->what, name_from);
		goto out;
	}
	if (!email) {
		error("no git email for the %s; set one with: git config --global user.email "
		      "you@example.com (or set %s)", ro->what, ro->env_email);
		goto out;
	}
	if (blank(email)) {
		error("the %s's email from '%s' is empty; give it one "
		      "(git config --global user.email you@example.com)", ro->what, email_from);
		goto out;
	}
	when = getenv(ro->env_date);
	if (when && *when) {
		if (parse_git_date(when, &t, &off) < 0) {
			error("cannot read %s '%s': write it as 2026-11-20T10:00:00+01:00, "
			      "'Fri, 20 Nov 2026 10:00:00 +0100' or '@1795165200 +0100'",
			      ro->env_date, when);
			goto out;
		}
		if (git_signature_new(out, name, email, (git_time_t)t, off) < 0) {
			git_fail(ro == &author ? "cannot use the git author" : "cannot use the git committer");
			goto out;
		}
	} else if (git_signature_now(out, name, email) < 0) {
		git_fail(ro == &author ? "cannot use the git author" : "cannot use the git committer");
		goto out;
	}
	ret = 0;
out:
	free(name);
	free(email);
	return ret;
}

/* The configuration of `git`, or the user's own (system, global, XDG) when NULL. */
static int open_config(git_repository *git, git_config **cfg)
{
	*cfg = NULL;
	if (git ? git_repository_config_snapshot(cfg, git) : git_config_open_default(cfg)) {
		/* no configuration at all is not an error: the environment may do */
		*cfg = NULL;
		git_error_clear();
	}
	return 0;
}

int repo_signatures(git_repository *git, git_signature **author_sig,
		    git_signature **committer_sig)
{
	git_config *cfg = NULL;
	int ret = -1;

	*author_sig = *committer_sig = NULL;
	open_config(git, &cfg);
	if (role_signature(cfg, &author, author_sig) < 0 ||
	    role_signature(cfg, &committer, committer_sig) < 0) {
		git_signature_free(*author_sig);
		*author_sig = NULL;
		goto out;
	}
	ret = 0;
out:
	git_config_free(cfg);
	return ret;
}

char *repo_ident_name(git_repository *git)
{
	git_config *cfg = NULL;
	const char *from;
	char *name;

	open_config(git, &cfg);
	name = pick(cfg, author.env_name, author.conf_name, "user.name", NULL, &from);
	git_config_free(cfg);
	if (name && blank(name)) {
		free(name);
		name = NULL;
	}
	return name;
}
