/*
 * buf_add_html() (src/html/html.h), the one escaping function of
 * `notebook report`: every byte an attacker could put in a name or a note.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html/html.h"
#include "tap.h"

static char *esc(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	buf_add_html(&b, s, n);
	return buf_detach(&b);
}

static void check(const char *in, const char *want, const char *what)
{
	char *got = esc(in, strlen(in));

	is_str(got, want, "%s", what);
	free(got);
}

int main(void)
{
	char *s;

	check("Acme & Sons", "Acme &amp; Sons", "an ampersand");
	check("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "a script element");
	check("\" onmouseover=\"x", "&quot; onmouseover=&quot;x", "a double quote cannot end an attribute");
	check("' onload='x", "&#39; onload=&#39;x", "nor a single quote");
	check("a\tb\nc", "a b c", "a tab and a line end are spaces");
	check("\x1b]52;c;YQ==\a", "\\e]52;c;YQ==\\x07", "ESC and BEL are shown, not sent");
	check("\x7f\x01", "\\x7f\\x01", "DEL and other C0 controls are shown");
	check("back\\slash", "back\\slash", "a backslash stays one");
	check("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale", "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale",
	      "letters outside ASCII stay as they are");
	check("\xe7\x94\xb0\xe4\xb8\xad", "\xe7\x94\xb0\xe4\xb8\xad", "CJK stays");
	check("abc\xe2\x80\xae" "def", "abc\\u{202e}def", "a right-to-left override is shown");
	check("a\xe2\x80\x8b" "b", "a\\u{200b}b", "a zero-width space is shown");
	check("\xc2\x9b" "31m", "\\u{009b}31m", "a C1 control (CSI) is shown");
	check("bad \xff\xfe", "bad \\xff\\xfe", "bytes that are not UTF-8 are shown");
	check("&amp;", "&amp;amp;", "an entity is escaped again, never taken as one");
	check("", "", "nothing");
	/* A NUL inside the text is shown, and what follows it is kept. */
	s = esc("a\0<b", 4);
	is_str(s, "a\\x00&lt;b", "a NUL byte");
	free(s);
	return done_testing();
}
