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
	is_str(s, "a    bbbb  a reason tha\xe2\x80\xa6\nccc\n",
	       "the flex column cut to fit 24 columns");
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

int main(void)
{
	test_fitted();
	test_table();
	test_colour_codes();
	return done_testing();
}
