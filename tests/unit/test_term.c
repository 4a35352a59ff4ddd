/* term.c: cutting text to a width on character boundaries, and tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "term.h"

static const char *fit(struct buf *b, const char *s, size_t width, const char *ell)
{
	buf_reset(b);
	buf_add_fitted(b, s, strlen(s), width, ell);
	return buf_str(b);
}

static void test_fitted(void)
{
	struct buf b = BUF_INIT;
	const char *ell = "\xe2\x80\xa6";

	is_str(fit(&b, "short", 10, ell), "short", "text that fits is kept");
	is_str(fit(&b, "exactly10!", 10, ell), "exactly10!", "text exactly as wide is kept");
	is_str(fit(&b, "eleven wide", 10, ell), "eleven wi\xe2\x80\xa6", "cut to 9 columns and the ellipsis");
	is_str(fit(&b, "eleven wide", 8, ell), "eleven\xe2\x80\xa6", "blanks before the ellipsis go");
	is_str(fit(&b, "eleven wide", 11, "..."), "eleven wide", "ASCII dots: text that fits is kept");
	is_str(fit(&b, "eleven wide!", 11, "..."), "eleven w...", "ASCII dots count 3 columns");
	/* "Café" + 6 more: é is 2 bytes but 1 column. */
	is_str(fit(&b, "Caf\xc3\xa9 au lait", 5, ell), "Caf\xc3\xa9\xe2\x80\xa6", "a 2-byte character kept whole");
	is_str(fit(&b, "Caf\xc3\xa9 au lait", 4, ell), "Caf\xe2\x80\xa6", "or left out whole");
	/* 東京 is 4 columns wide. */
	is_str(fit(&b, "\xe6\x9d\xb1\xe4\xba\xac station", 4, ell), "\xe6\x9d\xb1\xe2\x80\xa6",
	       "a wide character that would overflow is left out");
	is_int(buf_add_fitted(&b, "abc", 3, 0, ell), 0, "no room at all appends nothing");
	buf_release(&b);
}

static char *print_table(const struct table *tb, const struct term *t)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	table_print(tb, t, f);
	fclose(f);
	return out;
}

static void test_table(void)
{
	struct term plain = { 0, 0, 0, 1 }, narrow = { 1, 0, 24, 1 }, colour = { 1, 1, 0, 1 };
	struct table tb;
	char *s;

	table_init(&tb, 3, 2);
	table_add(&tb, "a", COLOR_NONE);
	table_add(&tb, "bbbb", COLOR_NONE);
	table_add(&tb, "a reason that is long", COLOR_NONE);
	table_add(&tb, "ccc", COLOR_RED);
	table_add(&tb, "", COLOR_NONE);
	table_add(&tb, "", COLOR_NONE);

	s = print_table(&tb, &plain);
	is_str(s, "a    bbbb  a reason that is long\nccc\n", "aligned, trailing blanks dropped");
	free(s);
	s = print_table(&tb, &narrow);
	is_str(s, "a    bbbb  a reason that\n           is long\nccc\n",
	       "the flex column wrapped to fit 24 columns, flush in a column under 20");
	free(s);
	s = print_table(&tb, &colour);
	is_str(s, "a    bbbb  a reason that is long\n\033[31mccc\033[m\n", "colour around the cell only");
	free(s);
	table_release(&tb);
}

static void test_colour_codes(void)
{
	struct term off = { 1, 0, 80, 1 }, on = { 1, 1, 80, 0 };

	is_str(term_on(&off, COLOR_RED), "", "no colour: no codes");
	is_str(term_off(&off, COLOR_RED), "", "no colour: no reset");
	is_str(term_on(&on, COLOR_BOLD_RED), "\033[1;31m", "bold red");
	is_str(term_off(&on, COLOR_BOLD_RED), "\033[m", "reset");
	is_str(term_on(&on, COLOR_NONE), "", "COLOR_NONE has no codes");
	is_str(term_ellipsis(&on), "...", "ASCII ellipsis outside UTF-8");
	is_str(term_ellipsis(&off), "\xe2\x80\xa6", "one character in UTF-8");
}

/* The lines term_wrap() makes of `s`, each "indent+text", joined by '|'. */
static char *wrapped(const char *s, size_t width, size_t hang)
{
	struct term_lines l = TERM_LINES_INIT;
	struct buf b = BUF_INIT;

	term_wrap(&l, s, strlen(s), width, hang);
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			buf_addc(&b, '|');
		buf_printf(&b, "%zu+%.*s", l.v[i].indent, (int)l.v[i].len, l.v[i].start);
	}
	term_lines_release(&l);
	return buf_detach(&b);
}

static void test_wrap(void)
{
	struct term narrow = { 1, 0, 40, 1 };
	struct table tb;
	char *s;

	s = wrapped("last call 41 days ago, every 30 days", 20, 2);
	is_str(s, "0+last call 41 days|2+ago, every 30 days", "at blanks, continuation indented");
	free(s);
	s = wrapped("trust repairing since 2026-08-14 (check-in)", 20, 2);
	is_str(s, "0+trust repairing|2+since 2026-08-14|2+(check-in)", "a date and check-in kept whole");
	free(s);
	s = wrapped("the-extraordinarily-long-named-group", 16, 2);
	is_str(s, "0+the-|2+extraordinaril|2+y-long-named-|2+group",
	       "a long id: after hyphens between letters, else between characters");
	free(s);
	s = wrapped("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82\xb3\xe3\x83\xb3\xe3\x82\xb5\xe3\x83\xab", 5, 0);
	is_str(s, "0+\xe6\x9d\xb1\xe4\xba\xac|0+\xe3\x82\xb3\xe3\x83\xb3|0+\xe3\x82\xb5\xe3\x83\xab",
	       "wide characters count two and are never split");
	free(s);
	s = wrapped("Li\xcc\x81" "dia Li\xcc\x81" "dia", 5, 0);
	is_str(s, "0+Li\xcc\x81" "dia|0+Li\xcc\x81" "dia", "a combining mark counts zero and stays with its letter");
	free(s);
	s = wrapped("exactly ten then more", 12, 0);
	is_str(s, "0+exactly ten|0+then more", "a line ending at a word end breaks there");
	free(s);

	table_init(&tb, 2, 1);
	table_add(&tb, "acme", COLOR_NONE);
	table_add(&tb, "first reason\nsecond reason", COLOR_NONE);
	s = print_table(&tb, &narrow);
	is_str(s, "acme  first reason; second reason\n", "parts joined by '; ' when they fit");
	free(s);
	narrow.width = 25;
	s = print_table(&tb, &narrow);
	is_str(s, "acme  first reason\n      second reason\n", "else a line each");
	free(s);
	table_release(&tb);

	table_init(&tb, 2, 1);
	table_stack(&tb, 0);
	table_add(&tb, "acme\nAcme Corporation", COLOR_NONE);
	table_add(&tb, "why", COLOR_NONE);
	narrow.width = 60;
	s = print_table(&tb, &narrow);
	is_str(s, "acme              why\nAcme Corporation\n", "a stacked column: its parts always on lines of their own");
	free(s);
	table_release(&tb);
}

int main(void)
{
	test_wrap();
	test_fitted();
	test_table();
	test_colour_codes();
	return done_testing();
}
