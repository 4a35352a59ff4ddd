/* Unit tests: the search query language turned into FTS5 (query.h). */
#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "query.h"
#include "tap.h"

/* Like the index's tokenizer for what matters here: letters, digits or any non-ASCII byte. */
static size_t words(void *arg, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

static const char *fts(const char *q)
{
	static struct buf out = BUF_INIT, why = BUF_INIT;

	buf_reset(&out);
	buf_reset(&why);
	if (query_translate(q, words, NULL, &out, &why) < 0) {
		buf_reset(&out);
		buf_printf(&out, "error: %s", buf_str(&why));
	}
	return buf_str(&out);
}

int main(void)
{
	is_str(fts("budget"), "\"budget\"", "a word is quoted");
	is_str(fts("jane plan"), "\"jane\" AND \"plan\"", "words must all match");
	is_str(fts("check-in"), "\"check-in\"", "a hyphen inside a word is no operator");
	is_str(fts("jane@acme.example"), "\"jane@acme.example\"", "an e-mail address");
	is_str(fts("C++"), "\"C++\"", "C++");
	is_str(fts("foo:bar"), "\"foo:bar\"", "a colon is no field");
	is_str(fts("*"), "error: it holds no word to search for (punctuation is left out);"
	       " to see every client, run 'notebook list'", "a lone star");
	is_str(fts("jane +"), "\"jane\"", "punctuation alone is left out");
	is_str(fts("Jane AND NOT workshop"), "\"Jane\" NOT \"workshop\"", "AND NOT");
	is_str(fts("jane -workshop -lunch"), "\"jane\" NOT (\"workshop\" OR \"lunch\")", "-word");
	is_str(fts("a b -c"), "(\"a\" AND \"b\") NOT \"c\"", "two to find, one to leave out");
	is_str(fts("jane OR widgets"), "(\"jane\") OR (\"widgets\")", "OR");
	is_str(fts("a b OR c"), "(\"a\" AND \"b\") OR (\"c\")", "AND binds closer than OR");
	is_str(fts("(a OR b) c"), "((\"a\") OR (\"b\")) AND \"c\"", "a group");
	is_str(fts("time*"), "\"time\"*", "a prefix");
	is_str(fts("\"revised timeline\""), "\"\x01revised timeline\"", "a phrase (marked exact)");
	is_str(fts("\xe2\x80\x9crevised timeline\xe2\x80\x9d"), "\"\x01revised timeline\"", "curly quotes");
	is_str(fts("\"say \"\"hi\"\"\""), "\"\x01say \" AND \"\x01hi\"", "quotes inside are doubled or split");
	is_str(fts("\"open"), "error: the quote at column 1 is not closed; close it, or leave it out"
	       " to search for the words", "an unclosed quote");
	is_str(fts("x \xc3\xa9 \"open"), "error: the quote at column 5 is not closed; close it, or leave"
	       " it out to search for the words", "the column counts characters");
	is_str(fts("NOT workshop"), "error: it only says what to leave out; add a word to find,"
	       " as in 'jane NOT workshop'", "only NOT");
	is_str(fts("a OR -b"), "error: '-b' only says what to leave out; add a word to find,"
	       " as in 'jane NOT workshop'", "an OR branch that only leaves out");
	is_str(fts("Portland OR"), "\"Portland\" AND \"OR\"", "OR at the end is a word");
	is_str(fts("OR AND NOT"), "\"OR\" AND \"AND\" AND \"NOT\"", "operators with nothing to join are words");
	is_str(fts("plan AND"), "\"plan\" AND \"AND\"", "AND at the end is a word");
	is_str(fts("jane or plan"), "\"jane\" AND \"or\" AND \"plan\"", "lower case is a word");
	is_str(fts("front: restructuring"), "front : \"restructuring\"", "front:");
	is_str(fts("body:budget -front:draft"), "body : \"budget\" NOT front : \"draft\"", "body: and -front:");
	is_str(fts("front:"), "\"front\"", "front: with nothing after is a word");
	is_str(fts("smiley :)"), "\"smiley\"", "a parenthesis that pairs with none is punctuation");
	is_str(fts("(acme"), "\"acme\"", "an open parenthesis alone");
	is_str(fts("f(x)"), "\"f(x\"", "parentheses inside a word");
	is_str(fts("()"), "error: it holds no word to search for (punctuation is left out);"
	       " to see every client, run 'notebook list'", "an empty group");
	is_str(fts("\xe7\x94\xb0\xe4\xb8\xad"), "\"\xe7\x94\xb0\xe4\xb8\xad\"", "CJK is quoted like any word");
	is_str(fts("-5"), "error: it only says what to leave out; add a word to find,"
	       " as in 'jane NOT workshop'", "a leading minus leaves out");
	is_str(fts("a - b"), "\"a\" AND \"b\"", "a lone minus is punctuation");

	{
		struct buf many = BUF_INIT;
		for (int i = 0; i < 128; i++)
			buf_printf(&many, "w%d ", i);
		ok(strncmp(fts(buf_str(&many)), "error", 5), "128 words are searched");
		buf_adds(&many, "one-more");
		is_str(fts(buf_str(&many)), "error: it has 129 words and phrases; search takes at most"
		       " 128, so leave some out", "129 are refused");
		buf_release(&many);
	}
	is_str(fts("((((((((((((((((((((a))))))))))))))))))))"), "((((((((((((((((\"a\"))))))))))))))))",
	       "groups nested deeper than 16 are punctuation");

	is_int(query_unspaced_char("\xe7\x94\xb0", 3), 3, "a CJK ideograph is unspaced");
	is_int(query_unspaced_char("\xe3\x81\x95", 3), 3, "hiragana is unspaced");
	is_int(query_unspaced_char("\xe0\xb8\x81", 3), 3, "Thai is unspaced");
	is_int(query_unspaced_char("\xea\xb0\x80", 3), 3, "Hangul is unspaced");
	is_int(query_unspaced_char("\xe3\x80\x82", 3), 0, "the ideographic full stop is not");
	is_int(query_unspaced_char("\xc3\xa9", 2), 0, "a Latin letter is not");
	is_int(query_unspaced_char("\xe7\x94", 2), 0, "a cut sequence is not");
	is_int(query_unspaced_char("\xf0\xa0\x80\x80", 4), 4, "CJK extension B");
	return done_testing();
}
