/* The front-matter fences: see frontmatter.h. */
#include "frontmatter.h"

#include <string.h>

int fm_is_fence(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	while (n > w && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n == w && !memcmp(s, word, w);
}

int fm_split(const char *s, size_t len, struct fm_span *out)
{
	const char *end = s + len, *p, *nl;
	size_t yaml;
	int line;

	memset(out, 0, sizeof(*out));
	out->body_line = 1;
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		out->bom = 1;
		out->open = 3;
	}
	out->yaml = out->close = out->body = out->open;
	p = s + out->open;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!fm_is_fence(p, nl ? (size_t)(nl - p) : (size_t)(end - p), "---"))
		return FM_NONE;
	if (!nl)
		return FM_UNCLOSED;
	out->crlf = nl > p && nl[-1] == '\r';
	yaml = (size_t)(nl - s) + 1;
	for (p = nl + 1, line = 2; p < end; line++) {
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (fm_is_fence(p, n, "---") || fm_is_fence(p, n, "...")) {
			out->yaml = yaml;
			out->close = (size_t)(p - s);
			out->body = nl ? (size_t)(nl - s) + 1 : len;
			out->close_line = line;
			out->body_line = line + 1;
			return FM_OK;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return FM_UNCLOSED;
}
