/* Unit tests: buffers, edit distance and "did you mean", escaping. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "json.h"
#include "tap.h"
#include "text.h"
#include "util.h"

/* A string of `n` bytes as a JSON document, appended to `b`. */
static void json_str(struct buf *b, const char *s, size_t n)
{
	json_t *v = jw_textn(s, n);

	jw_write(b, v, &JW_INDENTED);
	json_decref(v);
}

static const char *esc(const char *s)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	buf_add_escaped(&b, s, strlen(s));
	return buf_str(&b);
}

int main(void)
{
	static const char *const keys[] = { "name", "status", "tier", "cadence", "snooze",
					    "since", "owner", "tags", "trust", "fit", NULL };
	struct buf b = BUF_INIT;
	struct diags d = DIAGS_INIT;
	char *p;

	is_int(edit_distance("kye", "key", 3), 1, "a swap of neighbours is one edit");
	is_int(edit_distance("nmae", "name", 3), 1, "nmae is one edit from name");
	is_int(edit_distance("cadense", "cadence", 3), 1, "a wrong letter is one edit");
	is_int(edit_distance("abc", "abcdefgh", 2), 3, "farther than the cap gives cap + 1");
	is_int(edit_distance("same", "same", 2), 0, "equal words are 0 apart");
	is_str(nearest_word("nmae", keys), "name", "did you mean name");
	is_str(nearest_word("tgas", keys), "tags", "did you mean tags");
	is_str(nearest_word("trsut", keys), "trust", "did you mean trust");
	ok(nearest_word("colour", keys) == NULL, "no suggestion for a far word");
	ok(nearest_word("name", keys) == NULL, "no suggestion for an exact word");
	ok(nearest_word("x", keys) == NULL, "no suggestion for one letter");

	buf_adds(&b, "abc");
	buf_printf(&b, "-%d-", 42);
	buf_addc(&b, 'z');
	is_str(buf_str(&b), "abc-42-z", "buf_adds, buf_printf, buf_addc");
	p = buf_detach(&b);
	is_str(p, "abc-42-z", "buf_detach hands over the string");
	ok(b.data == NULL && b.len == 0, "and leaves the buffer empty");
	free(p);
	is_str(buf_str(&b), "", "an empty buffer reads as \"\"");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	is_int(b.len, 10000, "buffers grow");
	buf_release(&b);

	is_str(esc("plain text"), "plain text", "plain text is unchanged");
	is_str(esc("\x1b]52;c;aGk=\x07"), "\\e]52;c;aGk=\\x07", "OSC 52 is escaped");
	is_str(esc("a\nb\tc\\"), "a\\nb\\tc\\\\", "newline, tab and backslash");
	is_str(esc("caf\xc3\xa9"), "caf\xc3\xa9", "UTF-8 text is kept");
	is_str(esc("\xc2\x9b" "31m"), "\\u{009b}31m", "a C1 CSI is escaped");
	is_str(esc("\xe2\x80\xae" "abc"), "\\u{202e}abc", "a bidi override is escaped");
	is_str(esc("\xff\xfe"), "\\xff\\xfe", "bytes that are not UTF-8");
	is_str(esc("a\xe2\x80\x8b" "b"), "a\\u{200b}b", "a zero-width space is escaped");
	is_str(esc("ac\xe2\x80\x8d" "me"), "ac\\u{200d}me", "a joiner between Latin letters is escaped");
	is_str(esc("\xef\xbb\xbf" "x\xe2\x81\xa0"), "\\u{feff}x\\u{2060}", "BOM and word joiner");
	is_str(esc("\xe2\x80\x8d"), "\\u{200d}", "a joiner alone is escaped");
	is_str(esc("a\xc2\xad" "b\xf3\xa0\x80\x81"), "a\\u{00ad}b\\u{e0001}", "soft hyphen and a tag");
	is_str(esc("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"),
	       "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", "a joiner inside an emoji sequence is kept");
	is_str(esc("\xd9\x85\xe2\x80\x8c\xd9\x8a"), "\xd9\x85\xe2\x80\x8c\xd9\x8a",
	       "a non-joiner in Persian text is kept");
	is_str(esc("\xe2\x9d\xa4\xef\xb8\x8f"), "\xe2\x9d\xa4\xef\xb8\x8f", "a variation selector is kept");
	buf_reset(&b);
	buf_printf_escaped(&b, "'%s' %d %zu %5.2f %-4s| %3s %.*s %c %x %% %ld", "a\x1b[31m", -3,
			   (size_t)7, 1.5, "ab", "\xc3\xa9", 2, "xyz", '\x07', 255u, 123456789L);
	is_str(buf_str(&b), "'a\\e[31m' -3 7  1.50 ab  |   \xc3\xa9 xy \\x07 ff % 123456789",
	       "escaped formatting: every %%s and %%c escaped, the rest as printf");
	buf_release(&b);
	json_str(&b, "\xf3\xa0\x80\x81", 4);
	is_str(buf_str(&b), "\"\\udb40\\udc01\"\n", "JSON spells a tag as a surrogate pair");
	buf_release(&b);
	ok(utf8_valid("caf\xc3\xa9", 5, NULL), "valid UTF-8");
	ok(!utf8_valid("\xc0\xaf", 2, NULL), "an overlong form is not valid");
	ok(!utf8_valid("\xed\xa0\x80", 3, NULL), "a surrogate is not valid");
	is_int(utf8_width("\xe4\xbd\xa0\xe5\xa5\xbd", 6), 4, "wide characters take two columns");

	json_str(&b, "a\"b\\\x01\xff", 6);
	is_str(buf_str(&b), "\"a\\\"b\\\\\\u0001\xef\xbf\xbd\"\n", "JSON strings");
	buf_release(&b);
	json_str(&b, "\x1b[1m\x7f\xe2\x80\xae\xc3\xa9\\u00AB\xc0", 17);
	is_str(buf_str(&b), "\"\\u001b[1m\\u007f\\u202e\xc3\xa9\\\\u00AB\xef\xbf\xbd\"\n",
	       "JSON: escapes in lowercase, DEL and a bidi control escaped, a backslash is not an escape");
	buf_release(&b);
	{
		json_t *doc = json_object(), *rec = json_object();

		json_object_set_new(rec, "a", json_integer(-3));
		json_object_set_new(rec, "b", jw_texts((char *[]){ "x", "y" }, 2));
		json_object_set_new(rec, "c", json_object());
		json_object_set_new(doc, "k\"ey", json_true());
		json_object_set_new(doc, "list", json_array());
		json_array_append_new(json_object_get(doc, "list"), rec);
		jw_write(&b, doc, &JW_INDENTED);
		is_str(buf_str(&b), "{\n  \"k\\\"ey\": true,\n  \"list\": [\n    {\n      \"a\": -3,\n"
		       "      \"b\": [\n        \"x\",\n        \"y\"\n      ],\n      \"c\": {}\n    }\n  ]\n}\n",
		       "JSON: a member a line");
		buf_reset(&b);
		jw_write(&b, doc, &(struct jw_layout){ 2, 2, 0 });
		is_str(buf_str(&b), "{\n  \"k\\\"ey\": true,\n  \"list\": [\n    {\"a\": -3, \"b\": [\"x\", \"y\"], \"c\": {}}\n  ]\n}\n",
		       "JSON: flat from a depth on");
		buf_reset(&b);
		jw_write(&b, doc, &(struct jw_layout){ 1, 0, 1 });
		is_str(buf_str(&b), "{\n \"k\\\"ey\": true,\n \"list\": [\n  {\n   \"a\": -3,\n   \"b\": [\"x\", \"y\"],\n   \"c\": {}\n  }\n ]\n}\n",
		       "JSON: flat leaves, one space a level");
		buf_release(&b);
		json_decref(doc);
	}
	{
		static const char *const strs[] = { "plain", "caf\xc3\xa9", "a/b <c> &d", "tab\there",
						    "q\"uote", "back\\slash", "\x01\x1f", "" };

		for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++) {
			json_t *v = jw_text(strs[i]);
			char *want = json_dumps(v, JSON_ENCODE_ANY);

			jw_write(&b, v, &JW_INDENTED);
			ok(b.len == strlen(want) + 1 && !strncasecmp(buf_str(&b), want, strlen(want)),
			   "a string written as jansson writes it (hex digits in lowercase): %s", want);
			buf_reset(&b);
			free(want);
			json_decref(v);
		}
		buf_release(&b);
	}

	diags_add(&d, "b.md", 2, 1, SEV_ERROR, "second");
	diags_add(&d, "a.md", 9, 3, SEV_WARNING, "w");
	diags_add(&d, "b.md", 1, 5, SEV_ERROR, "first");
	diags_add(&d, "b.md", 2, 1, SEV_ERROR, "second");
	diags_sort(&d);
	is_int(d.n, 3, "exact repeats are dropped");
	is_int(d.errors, 2, "and not counted");
	is_str(d.v[0].path, "a.md", "sorted by path");
	is_str(d.v[1].msg, "first", "then by line");
	diags_release(&d);
	return done_testing();
}
