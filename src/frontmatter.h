/*
 * Where a Markdown file's front matter lies: the one rule for the '---'
 * fences (README "A notebook"), used by the front-matter reader and by every
 * command or editor integration that must find the front matter or the
 * body in text. A function of bytes alone: no file, no allocation, no
 * YAML; it does not check that the text is UTF-8 (the reader does).
 *
 * The rule: an optional byte order mark, then a first line that is "---";
 * the front matter ends at the next line that is "---" or "..."; the body
 * is everything after that closing line. A fence line may end in spaces,
 * tabs and "\r" (a CRLF file). Lines end at "\n" only.
 */
#ifndef NOTEBOOK_FRONTMATTER_H
#define NOTEBOOK_FRONTMATTER_H

#include <stddef.h>

enum fm_status {
	FM_OK = 0,       /* opened and closed: every field below is set */
	FM_NONE = 1,     /* the first line is not "---" (or the text is empty) */
	FM_UNCLOSED = 2, /* opened, but no closing line follows */
};

/*
 * Byte offsets into the text and 1-based line numbers. The YAML is
 * [yaml, close) and starts on line 2; the closing line is [close, body);
 * the body is [body, len). With FM_NONE or FM_UNCLOSED only `bom`, `open`
 * and `crlf` are set and the others are as for "no front matter": `yaml`,
 * `close` and `body` are `open`, `close_line` 0 and `body_line` 1.
 */
struct fm_span {
	size_t open;    /* the opening "---" line: 3 after a byte order mark, else 0 */
	size_t yaml;    /* the first YAML line, the one after the opening line */
	size_t close;   /* the closing "---" or "..." line */
	size_t body;    /* the line after the closing one; the text's length when none */
	int close_line; /* line of the closing fence */
	int body_line;  /* line of body[0] */
	int bom;        /* the text starts with a byte order mark */
	int crlf;       /* the first line ends in "\r\n" */
};

/* Finds the front matter of `s` (`len` bytes) by the rule above: an enum fm_status. */
int fm_split(const char *s, size_t len, struct fm_span *out);

/* 1 when the line s[0..n) (its "\n" excluded) is the fence `word` ("---" or "..."). */
int fm_is_fence(const char *s, size_t n, const char *word);

#endif
