/* The front-matter reader: fences, byte checks, libyaml errors, core-schema scalars. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "buf.h"
#include "diag.h"
#include "text.h"
#include "util.h"
#include "yaml.h"

static struct yaml_doc doc;
static struct diags d;
static int ret;

/* Reads `s` (n bytes) as a client file; the result stays in doc, d and ret. */
static void fm_n(const char *s, size_t n)
{
	yaml_doc_release(&doc);
	diags_release(&d);
	ret = yaml_read_front_matter("c.md", s, n, &doc, &d);
}

static void fm(const char *s)
{
	fm_n(s, strlen(s));
}

static void document(const char *s, int want_map)
{
	yaml_doc_release(&doc);
	diags_release(&d);
	ret = yaml_read_document("notebook.yaml", s, strlen(s), want_map, &doc, &d);
}

/* The first diagnostic as "line:col: message", or "" when none. */
static const char *first(void)
{
	static char out[512];

	if (!d.n)
		return "";
	snprintf(out, sizeof(out), "%d:%d: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
	return out;
}

/* Expects the file to be refused with exactly one diagnostic, `want`. */
#define refused(input, want, name)                                           \
	do {                                                                 \
		fm(input);                                                   \
		is_int(ret, -1, "%s: refused", name);                        \
		is_str(first(), want, "%s: message", name);                  \
		is_int(d.n, 1, "%s: one diagnostic", name);                  \
		ok(doc.root == NULL, "%s: no tree", name);                   \
	} while (0)

/* The value under `key` in the root; a blank node when missing, so that a failure is no crash. */
static const struct node *val(const char *key)
{
	static const struct node missing = { .kind = NODE_SCALAR, .str = "(missing)", .type = SCALAR_STR };
	const struct node *v = node_get(doc.root, key);

	return v ? v : &missing;
}

static void test_bad_input(void)
{
	char *big;

	refused("", "1:1: empty file; a client or entry starts with a '---' line of front matter",
		"empty file");
	big = xmalloc(MAX_FILE_SIZE + 1);
	memset(big, 'a', MAX_FILE_SIZE + 1);
	memcpy(big, "---\nx: 1\n---\n", 13);
	fm_n(big, MAX_FILE_SIZE + 1);
	is_int(ret, -1, "over 4 MiB: refused");
	is_str(first(), "1:1: file is larger than 4 MiB (4194305 bytes); notebook files are small text files",
	       "over 4 MiB: message");
	fm_n(big, MAX_FILE_SIZE);
	is_int(ret, 0, "exactly 4 MiB: read");
	free(big);

	fm_n("---\nname: a\0b\n---\n", 17);
	is_int(ret, -1, "NUL byte: refused");
	is_str(first(), "2:8: NUL byte in file; notebook files are UTF-8 text", "NUL byte: line and column");
	fm_n("---\nname: x\n---\nbody \0\n", 22);
	is_str(first(), "4:6: NUL byte in file; notebook files are UTF-8 text", "NUL byte in the body too");

	refused("---\nname: caf\xe9\n---\n", "2:10: invalid UTF-8; notebook files are UTF-8 text",
		"invalid UTF-8");
	refused("---\nname: \xc3\xa9t\xc3\xa9 \xc0\xaf\n---\n",
		"2:11: invalid UTF-8; notebook files are UTF-8 text", "overlong UTF-8, column in characters");
	refused("---\nx: 1\n---\n\xed\xa0\x80\n", "4:1: invalid UTF-8; notebook files are UTF-8 text",
		"surrogate in the body");

	refused("# Acme\n", "1:1: no front matter; the file must start with a '---' line", "no front matter");
	refused("--- x: 1\n---\n", "1:1: no front matter; the file must start with a '---' line",
		"text after the opening ---");
	refused(" ---\nx: 1\n---\n", "1:1: no front matter; the file must start with a '---' line",
		"indented opening ---");
	refused("---\nname: a\n", "1:1: front matter opened here is never closed with '---'", "unterminated");
	refused("---", "1:1: front matter opened here is never closed with '---'", "only the opening line");
	refused("---\nname: a\n----\n", "1:1: front matter opened here is never closed with '---'",
		"---- does not close");

	refused("---\nmap:\n\tkey: v\n---\n", "3:1: tab in indentation; YAML indents with spaces",
		"tab indentation");
	refused("---\nmap:\n  \tkey: v\n---\n", "3:3: tab in indentation; YAML indents with spaces",
		"tab after spaces");
	fm("---\nmap:\n\tkey: v\n\tk2: w\n---\n");
	is_int(d.n, 2, "every tab-indented line reported");
	fm("---\nname:\tAcme\n---\n");
	is_int(ret, 0, "a tab after a key is fine");
	is_str(val("name")->str, "Acme", "a tab separates a value");

	refused("---\nname: a\n  bad: x\n---\n", "3:6: mapping values are not allowed in this context",
		"syntax error");
	refused("---\nname: [a\n---\n",
		"3:1: did not find expected ',' or ']' (while parsing a flow sequence at line 2)",
		"syntax error with libyaml's context");
	refused("---\nx: a\x01" "b\n---\n", "2:5: control characters are not allowed",
		"control character (libyaml's reader)");

	refused("---\nx: &a 1\ny: *a\n---\n", "2:4: anchors and aliases are not allowed in front matter",
		"anchor");
	refused("---\ny: *a\n---\n", "2:4: anchors and aliases are not allowed in front matter", "alias");
	refused("---\nx: &a [1]\n---\n", "2:4: anchors and aliases are not allowed in front matter",
		"anchor on a list");

	/* A duplicate key is an error that leaves the tree, for the file's other checks. */
	fm("---\nname: a\ntier: b\nname: c\n---\n");
	is_int(ret, -1, "duplicate key: refused");
	is_str(first(), "4:1: duplicate key 'name' (first at line 2)", "duplicate key: message");
	is_int(d.n, 1, "duplicate key: one diagnostic");
	ok(doc.root && doc.root->n == 3, "duplicate key: the tree is kept");
	ok(doc.root && !strcmp(node_get(doc.root, "name")->str, "a"), "duplicate key: the first one stands");
	fm("---\nm:\n  a: 1\n  a: 2\n  a: 3\n---\n");
	is_int(d.n, 2, "each repeat reported");
	is_str(first(), "4:3: duplicate key 'a' (first at line 3)", "nested duplicate key");
	{
		struct buf b = BUF_INIT;
		buf_adds(&b, "---\n");
		for (int i = 0; i < 100; i++)
			buf_printf(&b, "k%d: %d\n", i, i);
		buf_adds(&b, "k42: again\n---\n");
		fm(buf_str(&b));
		is_str(first(), "102:1: duplicate key 'k42' (first at line 44)",
		       "duplicate key in a large mapping");
		buf_release(&b);
	}
	fm("---\n\"\": 1\n'': 2\n---\n");
	is_str(first(), "3:1: duplicate key '' (first at line 2)", "duplicate empty key");
	fm("---\na: 1\n\"a\": 2\n---\n");
	is_str(first(), "3:1: duplicate key 'a' (first at line 2)", "a quoted key repeats a plain one");

	refused("---\n? [a]\n: b\n---\n", "2:3: a key must be a single value, not a list", "list as key");
	refused("---\n{a: b}: c\n---\n", "2:1: a key must be a single value, not a mapping", "mapping as key");

	refused("---\n- a\n- b\n---\n", "2:1: front matter must be a mapping of keys to values",
		"a list is not a mapping");
	refused("---\nhello\n---\n", "2:1: front matter must be a mapping of keys to values",
		"a scalar is not a mapping");
	refused("---\n~\n---\n", "2:1: front matter must be a mapping of keys to values",
		"null is not a mapping");

	refused("---\na: 1\n--- b\n---\n", "3:1: more than one YAML document in front matter",
		"two documents");

	refused("---\nx: !!str 3\n---\n",
		"2:4: tag '!!str' is not allowed in front matter; quote a value to make it a string",
		"!!str tag");
	refused("---\nx: !foo 3\n---\n",
		"2:4: tag '!foo' is not allowed in front matter; quote a value to make it a string",
		"local tag");
	refused("---\nx: \"a\\0b\"\n---\n", "2:4: a NUL character (U+0000) is not allowed in front matter",
		"NUL from an escape");
}

static void nest(struct buf *b, int levels)
{
	buf_reset(b);
	buf_adds(b, "---\nx: ");
	for (int i = 0; i < levels; i++)
		buf_addc(b, '[');
	for (int i = 0; i < levels; i++)
		buf_addc(b, ']');
	buf_adds(b, "\n---\n");
}

static void test_limits(void)
{
	struct buf b = BUF_INIT;

	/* The root mapping is level 1. */
	nest(&b, MAX_DEPTH - 1);
	fm(buf_str(&b));
	is_int(ret, 0, "%d levels of nesting are fine", MAX_DEPTH);
	nest(&b, MAX_DEPTH);
	refused(buf_str(&b), "2:67: values nested deeper than 64 levels", "65 levels");

	buf_reset(&b);
	buf_adds(&b, "---\nx: ");
	for (int i = 0; i < 1000000; i++)
		buf_addc(&b, '[');
	buf_adds(&b, "\n---\n");
	refused(buf_str(&b), "2:67: values nested deeper than 64 levels", "a million open brackets");

	buf_reset(&b);
	buf_adds(&b, "---\n");
	for (int i = 1; i <= 70; i++)
		buf_printf(&b, "%*sa:\n", i - 1, "");
	buf_adds(&b, "---\n");
	refused(buf_str(&b), "66:65: values nested deeper than 64 levels", "deep block mappings");

	buf_reset(&b);
	buf_adds(&b, "---\nx: [");
	for (int i = 0; i < 100000; i++)
		buf_adds(&b, "1,");
	buf_adds(&b, "]\n---\n");
	refused(buf_str(&b), "2:199999: more than 100000 values in front matter; split the data up",
		"node cap");
	buf_release(&b);
}

static void test_scalars(void)
{
	static const struct {
		const char *text;
		enum scalar_type type;
		int plain;
		double num;
		const char *str;
	} cases[] = {
		{ "yes", SCALAR_STR, 1, 0, "yes" },
		{ "no", SCALAR_STR, 1, 0, "no" },
		{ "on", SCALAR_STR, 1, 0, "on" },
		{ "off", SCALAR_STR, 1, 0, "off" },
		{ "y", SCALAR_STR, 1, 0, "y" },
		{ "n", SCALAR_STR, 1, 0, "n" },
		{ "Yes", SCALAR_STR, 1, 0, "Yes" },
		{ "true", SCALAR_BOOL, 1, 1, "true" },
		{ "True", SCALAR_BOOL, 1, 1, "True" },
		{ "TRUE", SCALAR_BOOL, 1, 1, "TRUE" },
		{ "false", SCALAR_BOOL, 1, 0, "false" },
		{ "FALSE", SCALAR_BOOL, 1, 0, "FALSE" },
		{ "tRUE", SCALAR_STR, 1, 0, "tRUE" },
		{ "~", SCALAR_NULL, 1, 0, "~" },
		{ "null", SCALAR_NULL, 1, 0, "null" },
		{ "Null", SCALAR_NULL, 1, 0, "Null" },
		{ "NULL", SCALAR_NULL, 1, 0, "NULL" },
		{ "", SCALAR_NULL, 1, 0, "" },
		{ "nULL", SCALAR_STR, 1, 0, "nULL" },
		{ "42", SCALAR_INT, 1, 42, "42" },
		{ "-17", SCALAR_INT, 1, -17, "-17" },
		{ "+12", SCALAR_INT, 1, 12, "+12" },
		{ "012", SCALAR_INT, 1, 12, "012" },
		{ "0o17", SCALAR_INT, 1, 15, "0o17" },
		{ "0o18", SCALAR_STR, 1, 0, "0o18" },
		{ "0x1F", SCALAR_INT, 1, 31, "0x1F" },
		{ "0xff", SCALAR_INT, 1, 255, "0xff" },
		{ "0x", SCALAR_STR, 1, 0, "0x" },
		{ "-0x1F", SCALAR_STR, 1, 0, "-0x1F" },
		{ "1_000", SCALAR_STR, 1, 0, "1_000" },
		{ "1e3", SCALAR_FLOAT, 1, 1000, "1e3" },
		{ "1.5", SCALAR_FLOAT, 1, 1.5, "1.5" },
		{ "-2.5E-1", SCALAR_FLOAT, 1, -0.25, "-2.5E-1" },
		{ ".5", SCALAR_FLOAT, 1, 0.5, ".5" },
		{ "1.", SCALAR_FLOAT, 1, 1, "1." },
		{ ".", SCALAR_STR, 1, 0, "." },
		{ "1e", SCALAR_STR, 1, 0, "1e" },
		{ ".inf", SCALAR_FLOAT, 1, INFINITY, ".inf" },
		{ "-.Inf", SCALAR_FLOAT, 1, -INFINITY, "-.Inf" },
		{ "+.INF", SCALAR_FLOAT, 1, INFINITY, "+.INF" },
		{ ".iNf", SCALAR_STR, 1, 0, ".iNf" },
		{ "2026-11-20", SCALAR_STR, 1, 0, "2026-11-20" },
		{ "\"3\"", SCALAR_STR, 0, 0, "3" },
		{ "'true'", SCALAR_STR, 0, 0, "true" },
		{ "\"\"", SCALAR_STR, 0, 0, "" },
		{ "\"~\"", SCALAR_STR, 0, 0, "~" },
		{ "|\n  3\n", SCALAR_STR, 0, 0, "3\n" },
		{ ">-\n  a\n  b\n", SCALAR_STR, 0, 0, "a b" },
	};
	struct buf b = BUF_INIT;
	const struct node *v;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct buf name = BUF_INIT;
		buf_add(&name, "", 0);
		buf_add_escaped(&name, cases[i].text, strlen(cases[i].text));
		buf_reset(&b);
		buf_printf(&b, "---\nx: %s\n---\n", cases[i].text);
		fm(buf_str(&b));
		v = val("x");
		ok(ret == 0 && v->kind == NODE_SCALAR, "scalar %s: read", buf_str(&name));
		is_int(v->type, cases[i].type, "scalar %s: type", buf_str(&name));
		is_int(v->plain, cases[i].plain, "scalar %s: plain", buf_str(&name));
		is_str(v->str, cases[i].str, "scalar %s: text", buf_str(&name));
		if (v->type == SCALAR_BOOL)
			is_int(v->boolean, cases[i].num, "scalar %s: value", buf_str(&name));
		if (v->type == SCALAR_INT || v->type == SCALAR_FLOAT)
			ok(v->num == cases[i].num, "scalar %s: value %g", buf_str(&name), v->num);
		buf_release(&name);
	}
	fm("---\nx: .nan\ny: .NaN\nz: .NAN\nw: .Nan\n---\n");
	ok(val("x")->type == SCALAR_FLOAT && isnan(val("x")->num), ".nan is a float NaN");
	ok(val("y")->type == SCALAR_FLOAT && val("z")->type == SCALAR_FLOAT, ".NaN and .NAN too");
	is_int(val("w")->type, SCALAR_STR, ".Nan is a string");

	fm("---\na: 9223372036854775807\nb: -9223372036854775808\nc: 9223372036854775808\nd: 0x7fffffffffffffff\n---\n");
	ok(val("a")->ival_ok && val("a")->ival == INT64_MAX, "INT64_MAX fits");
	ok(val("b")->ival_ok && val("b")->ival == INT64_MIN, "INT64_MIN fits");
	ok(!val("c")->ival_ok && val("c")->type == SCALAR_INT, "2^63 is an int that does not fit");
	ok(val("c")->num == 9223372036854775808.0, "its num is still right");
	ok(val("d")->ival_ok && val("d")->ival == INT64_MAX, "hex INT64_MAX");
	buf_release(&b);
}

static void test_tree(void)
{
	const char *lf = "---\nname: Acme Corp\ntags: [a, b]\ncontacts:\n  - name: Jane\n    role: COO\n---\n# Acme\n";
	const char *crlf = "---\r\nname: Acme Corp\r\ntags: [a, b]\r\ncontacts:\r\n  - name: Jane\r\n    role: COO\r\n---\r\n# Acme\r\n";
	const char *bom = "\xef\xbb\xbf---\nname: Acme Corp\ntags: [a, b]\ncontacts:\n  - name: Jane\n    role: COO\n---\n# Acme\n";
	const char *inputs[] = { lf, crlf, bom };
	const char *names[] = { "LF", "CRLF", "BOM" };
	const struct node *v;

	for (int i = 0; i < 3; i++) {
		fm(inputs[i]);
		is_int(ret, 0, "%s: read", names[i]);
		is_int(d.n, 0, "%s: no diagnostics", names[i]);
		ok(doc.root && doc.root->kind == NODE_MAP && doc.root->n == 3, "%s: a mapping of 3", names[i]);
		is_int(doc.fm_line, 2, "%s: front matter on line 2", names[i]);
		is_int(doc.body_line, 8, "%s: body on line 8", names[i]);
		ok(doc.body && !strncmp(doc.body, "# Acme", 6), "%s: body text", names[i]);
		is_int(doc.root->line, 2, "%s: root line", names[i]);
		is_int(doc.root->col, 1, "%s: root column", names[i]);
		v = val("name");
		is_str(v->str, "Acme Corp", "%s: no CR in values", names[i]);
		is_int(v->line * 100 + v->col, 207, "%s: name value at 2:7", names[i]);
		v = val("tags");
		ok(v->kind == NODE_SEQ && v->n == 2, "%s: a list of 2", names[i]);
		is_int(v->items[1]->line * 100 + v->items[1]->col, 311, "%s: tags[1] at 3:11", names[i]);
		v = val("contacts");
		ok(v->kind == NODE_SEQ && v->n == 1 && v->items[0]->kind == NODE_MAP, "%s: contacts", names[i]);
		v = node_get(v->items[0], "role");
		is_int(v->line * 100 + v->col, 611, "%s: role value at 6:11", names[i]);
		is_str(v->str, "COO", "%s: nested value", names[i]);
		ok(doc.root->pairs[2].key->line == 4 && doc.root->pairs[2].key->col == 1,
		   "%s: key positions", names[i]);
	}
	fm("\xef\xbb\xbf---\r\nname: a\r\n  bad: x\r\n---\r\n");
	is_str(first(), "3:6: mapping values are not allowed in this context", "CRLF and BOM: error position");

	fm("---\nname: a\n...\nbody\n");
	is_int(ret, 0, "... closes front matter");
	is_int(doc.body_line, 4, "... : body line");
	ok(doc.body_len == 5 && !memcmp(doc.body, "body\n", 5), "... : body");
	fm("--- \nname: a\n---  \n");
	is_int(ret, 0, "trailing spaces after the fences are tolerated");
	ok(doc.body_len == 0 && doc.body_line == 4, "no body: empty at the next line");
	fm("---\nname: a\n---");
	is_int(ret, 0, "closing line without a newline");
	ok(doc.body_len == 0 && doc.body_line == 4, "no body after the last line");
	fm("---\n---\nbody");
	ok(ret == 0 && doc.root->kind == NODE_MAP && doc.root->n == 0, "empty front matter is an empty mapping");
	is_int(doc.body_line, 3, "empty front matter: body line");
	fm("---\n# just a comment\n---\n");
	ok(ret == 0 && doc.root->kind == NODE_MAP && doc.root->n == 0, "a comment alone is an empty mapping");
	fm("---\nname: a\n---\nx: [\n---\n");
	is_int(ret, 0, "the first closing line ends front matter");

	fm("---\nn\xc3\xa4m\xc3\xa9: \xc3\xa4\n  x: y\n---\n");
	is_str(first(), "3:4: mapping values are not allowed in this context", "columns count characters");
	fm("---\na: x\xe2\x80\xa8y\nb: 1\nc: [\n---\n");
	/* libyaml takes U+2028 for a line break; its marks would say line 4. */
	is_str(first(), "3:1: could not find expected ':' (while scanning a simple key at line 2)",
	       "a line separator in a value does not shift our lines");

	fm("---\nname: a\n---\n");
	ok(node_get(doc.root, "name") != NULL, "node_get finds a key");
	ok(node_get(doc.root, "nam") == NULL, "node_get: a prefix is not the key");
	ok(node_get(doc.root, "missing") == NULL, "node_get: missing key");
	ok(node_get(val("name"), "x") == NULL, "node_get on a scalar");
	ok(node_get(NULL, "x") == NULL, "node_get on NULL");
}

static void test_document(void)
{
	document("", 1);
	ok(ret == 0 && doc.root && doc.root->kind == NODE_MAP && doc.root->n == 0,
	   "empty document: empty mapping when wanted");
	ok(doc.body == NULL, "document: no body");
	document("", 0);
	ok(ret == 0 && doc.root && doc.root->kind == NODE_SCALAR && doc.root->type == SCALAR_NULL,
	   "empty document: null otherwise");
	document("# comment only\n", 1);
	ok(ret == 0 && doc.root->kind == NODE_MAP && doc.root->n == 0, "comment-only document");
	document("owner: Sam\ncadence:\n  key: 14d\n", 1);
	is_int(ret, 0, "notebook.yaml: read");
	is_str(node_get(node_get(doc.root, "cadence"), "key")->str, "14d", "notebook.yaml: nested value");
	is_int(node_get(doc.root, "cadence")->line, 3, "document lines start at 1");
	document("\xef\xbb\xbfowner: Sam\r\n", 1);
	ok(ret == 0 && node_get(doc.root, "owner") && node_get(doc.root, "owner")->line == 1,
	   "document with BOM and CRLF");
	document("- a\n", 1);
	is_str(first(), "1:1: the file must be a mapping of keys to values", "document not a mapping");
	document("- a\n", 0);
	ok(ret == 0 && doc.root->kind == NODE_SEQ, "a list when a mapping is not wanted");
	document("a: 1\n---\nb: 2\n", 1);
	is_str(first(), "2:1: more than one YAML document in this file", "two documents");
	document("x: &a 1\n", 1);
	is_str(first(), "1:4: anchors and aliases are not allowed in this file", "document: anchor");
	document("a:\n\tb: 1\n", 1);
	is_str(first(), "2:1: tab in indentation; YAML indents with spaces", "document: tab");
	document("---\na: 1\n...\n", 1);
	ok(ret == 0 && node_get(doc.root, "a"), "explicit document markers");
}

int main(void)
{
	yaml_doc_init(&doc);
	test_bad_input();
	test_limits();
	test_scalars();
	test_tree();
	test_document();
	yaml_doc_release(&doc);
	diags_release(&d);
	return done_testing();
}
