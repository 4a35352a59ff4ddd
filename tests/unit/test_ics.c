/* The iCalendar writer: folding, TEXT escaping, dates and UIDs. */
#include <string.h>

#include "buf.h"
#include "exchange/ics.h"
#include "tap.h"

/* Checks every physical line of `s`: CRLF-ended, at most 75 octets, no split UTF-8. */
static int lines_ok(const char *s, int *nlines)
{
	const char *p = s;

	*nlines = 0;
	while (*p) {
		const char *crlf = strstr(p, "\r\n");
		if (!crlf)
			return 0;
		if (crlf - p > 75)
			return 0;
		if ((unsigned char)crlf[2] >= 0x80 && ((unsigned char)crlf[2] & 0xc0) == 0x80)
			return 0;
		if (*nlines > 0 && *p != ' ')
			return 0;
		/* The last byte before CRLF must not start an unfinished sequence. */
		if (crlf > p && ((unsigned char)crlf[-1] & 0xc0) == 0xc0)
			return 0;
		(*nlines)++;
		p = crlf + 2;
	}
	return 1;
}

/* Undoes folding: drops every CRLF followed by a space, and the final CRLF. */
static void unfold(const char *s, struct buf *out)
{
	for (const char *p = s; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			p++;
			if (p[1] == ' ')
				p++;
			continue;
		}
		buf_addc(out, *p);
	}
}

static void test_fold(void)
{
	struct buf out = BUF_INIT, back = BUF_INIT, line = BUF_INIT;
	int n;

	ics_fold(&out, "SUMMARY:short", 13);
	is_str(buf_str(&out), "SUMMARY:short\r\n", "a short line is not folded");
	buf_reset(&out);

	for (int i = 0; i < 75; i++)
		buf_addc(&line, 'a');
	ics_fold(&out, buf_str(&line), line.len);
	ok(out.len == 77 && lines_ok(buf_str(&out), &n) && n == 1,
	   "exactly 75 octets stay on one line");
	buf_reset(&out);

	buf_addc(&line, 'b');
	ics_fold(&out, buf_str(&line), line.len);
	ok(lines_ok(buf_str(&out), &n) && n == 2, "76 octets fold into two lines");
	ok(!strcmp(buf_str(&out) + 75, "\r\n b\r\n"), "the 76th octet goes after CRLF and a space");
	buf_reset(&out);

	/*
	 * 74 ASCII bytes then "é" (2 bytes): the é would straddle octets 75 and
	 * 76, so the first line stops at 74.
	 */
	buf_reset(&line);
	for (int i = 0; i < 74; i++)
		buf_addc(&line, 'x');
	buf_adds(&line, "\xc3\xa9 tail");
	ics_fold(&out, buf_str(&line), line.len);
	ok(lines_ok(buf_str(&out), &n) && n == 2, "folded without splitting a 2-byte sequence");
	ok(!strncmp(buf_str(&out) + 74, "\r\n \xc3\xa9", 5), "the 2-byte sequence moves whole to the next line");
	buf_reset(&out);

	/* Long text of 3- and 4-byte characters: every line valid, content intact. */
	buf_reset(&line);
	buf_adds(&line, "DESCRIPTION:");
	for (int i = 0; i < 40; i++)
		buf_adds(&line, "\xe2\x82\xac\xf0\x9f\x98\x80"); /* € 😀 */
	ics_fold(&out, buf_str(&line), line.len);
	ok(lines_ok(buf_str(&out), &n), "multi-byte text: every line at most 75 octets, none split");
	/* 75 (12 + 9 pairs), then 73 (10 pairs and a euro), 74 (a smiley and 10 pairs), 70. */
	is_int(n, 4, "292 octets of multi-byte text take 4 lines");
	unfold(buf_str(&out), &back);
	is_str(buf_str(&back), buf_str(&line), "unfolding gives the line back");

	buf_release(&out);
	buf_release(&back);
	buf_release(&line);
}

static void test_text(void)
{
	struct buf out = BUF_INIT;
	const char *in = "a\\b;c,d\ne";

	ics_add_text(&out, in, strlen(in));
	is_str(buf_str(&out), "a\\\\b\\;c\\,d\\ne", "TEXT escapes backslash, semicolon, comma, newline");
	buf_reset(&out);

	in = "x\033]52;c;ZXZpbA==\007y";
	ics_add_text(&out, in, strlen(in));
	is_str(buf_str(&out), "x\\\\e]52\\;c\\;ZXZpbA==\\\\x07y",
	       "control characters never reach the file raw");
	buf_reset(&out);

	ics_prop_text(&out, "SUMMARY", "Call Acme, Inc.");
	is_str(buf_str(&out), "SUMMARY:Call Acme\\, Inc.\r\n", "a TEXT property");
	buf_release(&out);
}

static void test_misc(void)
{
	struct buf out = BUF_INIT;
	char uid[64], uid2[64];
	day_t d;

	date_parse("2026-11-30", 10, &d);
	ics_prop_date(&out, "DUE", d);
	is_str(buf_str(&out), "DUE;VALUE=DATE:20261130\r\n", "a DATE value");
	buf_reset(&out);

	ics_begin_calendar(&out, "-//notebook//notebook//EN");
	ics_end_calendar(&out);
	is_str(buf_str(&out),
	       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//notebook//notebook//EN\r\n"
	       "CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n", "the calendar frame");

	ics_uid("acme|promise|2026-11-30|x", uid, sizeof(uid));
	ics_uid("acme|promise|2026-11-30|x", uid2, sizeof(uid2));
	is_str(uid, uid2, "a UID is stable");
	is_int(strlen(uid), 25, "a UID is 16 hex digits and @notebook");
	ics_uid("acme|promise|2026-11-30|y", uid2, sizeof(uid2));
	ok(strcmp(uid, uid2) != 0, "different keys give different UIDs");
	ics_uid("", uid, sizeof(uid));
	is_str(uid, "cbf29ce484222325@notebook", "FNV-1a of nothing is its offset basis");
	buf_release(&out);
}

int main(void)
{
	test_fold();
	test_text();
	test_misc();
	return done_testing();
}
