/* The front-matter fences: where the YAML, the closing line and the body lie. */
#include <stdio.h>
#include <string.h>

#include "tap.h"

#include "frontmatter.h"

static struct fm_span fm;
static const char *text;

static int split(const char *s)
{
	text = s;
	return fm_split(s, strlen(s), &fm);
}

/* The bytes [a, b) of the text last split, as a string. */
static const char *part(size_t a, size_t b)
{
	static char out[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(out[k], sizeof(out[k]), "%.*s", (int)(b - a), text + a);
	return out[k];
}

static const char *yaml(void)
{
	return part(fm.yaml, fm.close);
}

static const char *closer(void)
{
	return part(fm.close, fm.body);
}

static const char *body(void)
{
	return part(fm.body, strlen(text));
}

int main(void)
{
	is_int(split("---\na: 1\n---\nbody\n"), FM_OK, "plain file: split");
	is_str(yaml(), "a: 1\n", "plain file: the YAML");
	is_str(closer(), "---\n", "plain file: the closing line");
	is_str(body(), "body\n", "plain file: the body");
	is_int(fm.open, 0, "plain file: opens at 0");
	is_int(fm.close_line, 3, "plain file: closes on line 3");
	is_int(fm.body_line, 4, "plain file: body on line 4");
	is_int(fm.bom, 0, "plain file: no byte order mark");
	is_int(fm.crlf, 0, "plain file: LF");

	is_int(split("\xef\xbb\xbf---\na: 1\n---\nbody\n"), FM_OK, "BOM: split");
	is_int(fm.bom, 1, "BOM: seen");
	is_int(fm.open, 3, "BOM: the opening line follows it");
	is_str(yaml(), "a: 1\n", "BOM: the YAML");
	is_int(fm.body_line, 4, "BOM: lines counted as without it");
	is_int(split("\xef\xbb\xbf\xef\xbb\xbf---\na: 1\n---\n"), FM_NONE,
	       "two BOMs: the second is text, so no front matter");

	is_int(split("---\r\na: 1\r\n---\r\nbody\r\n"), FM_OK, "CRLF: split");
	is_int(fm.crlf, 1, "CRLF: seen on the first line");
	is_str(yaml(), "a: 1\r\n", "CRLF: the YAML keeps its line ends");
	is_str(closer(), "---\r\n", "CRLF: the closing line");
	is_str(body(), "body\r\n", "CRLF: the body");
	is_int(split("---\r\na: 1\n---\n"), FM_OK, "mixed line ends: split");
	is_int(fm.crlf, 1, "mixed line ends: the first line's counts");

	is_int(split("---\na: 1\n...\nbody\n"), FM_OK, "'...' closes");
	is_str(closer(), "...\n", "'...' is the closing line");
	is_str(body(), "body\n", "'...': the body follows it");
	is_int(split("...\na: 1\n---\n"), FM_NONE, "'...' does not open");

	is_int(split("---  \na: 1\n--- \t\r\nbody"), FM_OK, "fences may end in blanks");
	is_str(yaml(), "a: 1\n", "fences with blanks: the YAML");
	is_str(body(), "body", "fences with blanks: a body without a line end");
	is_int(split(" ---\na: 1\n---\n"), FM_NONE, "an indented fence does not open");
	is_int(split("----\na: 1\n---\n"), FM_NONE, "four dashes do not open");
	is_int(split("---\na: 1\n ---\n----\n---x\n"), FM_UNCLOSED,
	       "indented, longer and followed fences do not close");

	is_int(split("---\na: 1\n"), FM_UNCLOSED, "a missing closer");
	is_int(fm.close_line, 0, "missing closer: no closing line");
	is_int(fm.body, 0, "missing closer: all of it is body");
	is_int(fm.body_line, 1, "missing closer: the body is on line 1");
	is_int(split("---"), FM_UNCLOSED, "a lone opening line, no line end");
	is_int(split("---\n"), FM_UNCLOSED, "a lone opening line");
	is_int(split(""), FM_NONE, "empty text");
	is_int(split("a: 1\n"), FM_NONE, "no opening line");
	is_int(split("\n---\na: 1\n---\n"), FM_NONE, "a blank first line");

	is_int(split("---\n---\n"), FM_OK, "empty front matter");
	is_str(yaml(), "", "empty front matter: no YAML");
	is_int(fm.yaml, 4, "empty front matter: the YAML would start on line 2");
	is_int(fm.close_line, 2, "empty front matter: closes on line 2");
	is_str(body(), "", "empty front matter: empty body");
	is_int(fm.body, 8, "empty front matter: the body at the end");
	is_int(split("---\n..."), FM_OK, "empty front matter closed at the end of the text");
	is_int(fm.body, 7, "closed at the end: the body is empty");
	is_int(fm.body_line, 3, "closed at the end: the body's line");

	is_int(split("---\na: 1\n---\nintro\n---\nmore\n...\n"), FM_OK, "'---' inside the body");
	is_str(yaml(), "a: 1\n", "'---' in the body: the first closer ends the YAML");
	is_str(body(), "intro\n---\nmore\n...\n", "'---' in the body stays body");
	is_int(fm.body_line, 4, "'---' in the body: the body's line");

	is_int(split("---\n# c\nb: |\n  x\n  ---y\n\n---\n"), FM_OK, "a block scalar's text");
	is_int(fm.close_line, 7, "text that starts with '---' does not close");

	{
		static const char nul[] = "---\na\0b\n---\nx";
		is_int(fm_split(nul, sizeof(nul) - 1, &fm), FM_OK, "NUL bytes are only bytes");
		is_int(fm.body, sizeof(nul) - 2, "NUL bytes: the body found");
	}
	ok(fm_is_fence("---\r", 4, "---"), "fm_is_fence: CR");
	ok(!fm_is_fence("--", 2, "---"), "fm_is_fence: short");
	ok(!fm_is_fence("-- -", 4, "---"), "fm_is_fence: a space inside");
	return done_testing();
}
