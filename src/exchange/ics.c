#include "ics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "util.h"

enum { ICS_LINE_MAX = 75 };

void ics_fold(struct buf *out, const char *line, size_t n)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t i = 0, room = ICS_LINE_MAX;

	for (;;) {
		size_t take = n - i;
		if (take > room) {
			take = room;
			/* Back off to the start of a UTF-8 sequence. */
			while (take > 0 && (p[i + take] & 0xc0) == 0x80)
				take--;
			if (!take)
				take = room; /* not UTF-8 at all: cut anyway */
		}
		buf_add(out, line + i, take);
		i += take;
		buf_adds(out, "\r\n");
		if (i >= n)
			break;
		buf_addc(out, ' ');
		room = ICS_LINE_MAX - 1;
	}
}

/* Appends a run holding no backslash, ';', ',' or newline, controls made visible. */
static void add_plain_run(struct buf *out, const char *s, size_t n)
{
	struct buf safe = BUF_INIT;

	if (!n)
		return;
	buf_add_escaped(&safe, s, n);
	/* The only backslashes now are those buf_add_escaped() wrote. */
	for (const char *p = buf_str(&safe); *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			buf_addc(out, '\\');
		buf_addc(out, *p);
	}
	buf_release(&safe);
}

void ics_add_text(struct buf *out, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c != '\\' && c != ';' && c != ',' && c != '\n')
			continue;
		add_plain_run(out, s + run, i - run);
		run = i + 1;
		if (c == '\n') {
			buf_adds(out, "\\n");
		} else {
			buf_addc(out, '\\');
			buf_addc(out, c);
		}
	}
	add_plain_run(out, s + run, n - run);
}

static void prop(struct buf *out, const char *name, const char *value, int text)
{
	struct buf line = BUF_INIT;

	buf_adds(&line, name);
	buf_addc(&line, ':');
	if (text)
		ics_add_text(&line, value, strlen(value));
	else
		buf_adds(&line, value);
	ics_fold(out, buf_str(&line), line.len);
	buf_release(&line);
}

void ics_prop_text(struct buf *out, const char *name, const char *value)
{
	prop(out, name, value, 1);
}

void ics_prop_list(struct buf *out, const char *name, const char *const *values, size_t n)
{
	struct buf line = BUF_INIT;

	buf_adds(&line, name);
	buf_addc(&line, ':');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&line, ',');
		ics_add_text(&line, values[i], strlen(values[i]));
	}
	ics_fold(out, buf_str(&line), line.len);
	buf_release(&line);
}

void ics_prop_raw(struct buf *out, const char *name, const char *value)
{
	prop(out, name, value, 0);
}

void ics_prop_date(struct buf *out, const char *name, day_t day)
{
	char v[32];
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(v, sizeof(v), "%04d%02d%02d", y, m, d);
	buf_adds(out, name);
	buf_adds(out, ";VALUE=DATE:");
	buf_adds(out, v);
	buf_adds(out, "\r\n");
}

void ics_begin_calendar(struct buf *out, const char *prodid)
{
	ics_prop_raw(out, "BEGIN", "VCALENDAR");
	ics_prop_raw(out, "VERSION", "2.0");
	ics_prop_raw(out, "PRODID", prodid);
	ics_prop_raw(out, "CALSCALE", "GREGORIAN");
}

void ics_end_calendar(struct buf *out)
{
	ics_prop_raw(out, "END", "VCALENDAR");
}

void ics_uid(const char *key, char *out, size_t size)
{
	uint64_t h = fnv_str(key);

	snprintf(out, size, "%016" PRIx64 "@notebook", h);
}
