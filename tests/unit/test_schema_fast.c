/*
 * The fast path for schema patterns gives PCRE2's answer: every pattern
 * below is matched both ways against many strings, and the patterns the
 * fast path must leave to PCRE2 are refused.
 */
#include <stdlib.h>
#include <string.h>

#include "schema/schema_int.h"
#include "tap.h"
#include "util.h"

static const char *const fast_patterns[] = {
	"^[a-z0-9][a-z0-9-]{0,62}$",
	"^[0-9]+[dwmy]$",
	"[0-9]+[dwmy]",
	"^ab*c",
	"a?b+$",
	"^[A-Z]{2}-\\d{3,}$",
	"x{2,3}y",
	"^\\w+@[a-z]+\\.[a-z]{2,4}$",
	"^$",
	"",
	"^",
	"$",
	"-_/",
	"^[a-c_-]*z$",
	"\\.\\+\\$",
	"^a{0,2}b{1}c{2,}$",
};

static const char *const slow_patterns[] = {
	"^(a|b)$",     /* a group */
	"a|b",         /* alternation */
	"^a.c$",       /* any byte */
	"[^a-z]",      /* a negated class */
	"[a-z]+[a-c]", /* neighbours sharing bytes: greedy would be wrong */
	"[a-z]*[0-9]?x", /* an optional class after a choice of count */
	"[!-~]",       /* a range across kinds */
	"a{2}{3}",     /* two counts in a row */
	"a{,3}",
	"\\s+",
	"[\\[.]",
	"^a\\\\$",
	"\xc3\xa9",
};

/* A string of up to `max` bytes from an alphabet around the classes' edges. */
static void random_string(char *out, size_t max)
{
	static const char alpha[] = "abcyz09-_@.+$AZdwmy/xX \t\xc3\xa9\\";
	size_t n = (size_t)rand() % (max + 1);

	for (size_t i = 0; i < n; i++)
		out[i] = alpha[(size_t)rand() % (sizeof(alpha) - 1)];
	out[n] = '\0';
}

/* PCRE2's answer (schema_regex.c); *ok 0 when the pattern does not compile. */
static int pcre2_answer(const char *pattern, const char *s, int *ok)
{
	struct buf why = BUF_INIT;
	struct sch_regex *re = schema_regex_compile(pattern, strlen(pattern), &why);
	int m = 0;

	*ok = re != NULL;
	if (re)
		m = schema_regex_match(re, s, strlen(s)) == 1;
	schema_regex_free(re);
	buf_release(&why);
	return m;
}

int main(void)
{
	struct arena a = ARENA_INIT;
	char s[80];

	srand(4242);
	for (size_t i = 0; i < ARRAY_SIZE(fast_patterns); i++) {
		const char *p = fast_patterns[i];
		struct sch_fast *f = schema_fast_compile(p, strlen(p), &a);
		int agree = 1, ok = 0;

		ok(f != NULL, "'%s' takes the fast path", p);
		if (!f)
			continue;
		for (int k = 0; k < 20000 && agree; k++) {
			random_string(s, k < 10000 ? 8 : 70);
			if (k % 7 == 0 && i == 0)
				strcpy(s, k % 2 ? "acme-corp" : "a");
			agree = schema_fast_match(f, s) == pcre2_answer(p, s, &ok) && ok;
		}
		ok(agree, "'%s': the fast path and PCRE2 agree%s%s", p,
		   agree ? "" : " (not on: ", agree ? "" : s);
	}
	for (size_t i = 0; i < ARRAY_SIZE(slow_patterns); i++) {
		const char *p = slow_patterns[i];
		ok(!schema_fast_compile(p, strlen(p), &a), "'%s' is left to PCRE2", p);
	}
	arena_release(&a);
	return done_testing();
}
