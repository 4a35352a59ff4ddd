/*
 * libFuzzer target: term_wrap() and table_print(), the wrapping that keeps
 * status, show, list and agenda within a terminal. The first byte picks the
 * width; the rest, escaped as every note is before printing, is the text.
 * No line may be wider than the width (but for a lone character wider than
 * it), and the lines must hold every character but the blanks at breaks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "term.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* `s` (n bytes) without its blanks, appended to `b`. */
static void add_unblanked(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			buf_addc(b, s[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	struct term_lines lines = TERM_LINES_INIT;
	size_t width;

	if (!size)
		return 0;
	width = 1 + data[0] % 120;
	buf_add_escaped(&text, (const char *)data + 1, size - 1);
	term_wrap(&lines, text.data ? text.data : "", text.len, width, data[0] & 1 ? 2 : 0);
	if (lines.n > text.len + 1)
		__builtin_trap();
	for (size_t i = 0; i < lines.n; i++) {
		const struct term_line *l = &lines.v[i];
		size_t w = utf8_width(l->start, l->len) + l->indent;

		if (w != l->width || (w > width && w > 2 + l->indent))
			__builtin_trap();
		add_unblanked(&got, l->start, l->len);
	}
	add_unblanked(&want, text.data ? text.data : "", text.len);
	if (want.len != got.len || (want.len && memcmp(want.data, got.data, want.len)))
		__builtin_trap();

	{
		/* The same text as a status row's reasons, split at '|' into parts. */
		struct term t = { 1, 0, (int)(width < 40 ? 40 : width), 1 };
		struct table tb;
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		for (size_t i = 0; i < text.len; i++)
			if (text.data[i] == '|')
				text.data[i] = '\n';
		table_init(&tb, 3, 2);
		table_stack(&tb, 1);
		table_add(&tb, "overdue", COLOR_RED);
		table_add(&tb, "acme-corp\nAcme Corp", COLOR_NONE);
		table_add(&tb, text.data ? text.data : "", COLOR_NONE);
		if (f) {
			table_print(&tb, &t, f);
			fclose(f);
		}
		free(out);
		table_release(&tb);
	}
	term_lines_release(&lines);
	buf_release(&got);
	buf_release(&want);
	buf_release(&text);
	return 0;
}
