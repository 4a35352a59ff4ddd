/* The body reader: task items, due dates, positions, first lines. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "body.h"
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "util.h"

static struct task_list tl;
static struct diags d;
static int ret;

static void tasks(const char *body, int first_line)
{
	task_list_release(&tl);
	diags_release(&d);
	ret = body_tasks("c.md", body, strlen(body), first_line, &tl, &d);
}

/* A task as "line:col [x] text due:YYYY-MM-DD" (the due part when it has one). */
static const char *task(size_t i)
{
	static char out[512];
	char day[11] = "";

	if (i >= tl.n)
		return "(none)";
	if (tl.v[i].has_due)
		date_format(tl.v[i].due, day);
	snprintf(out, sizeof(out), "%d:%d [%c] %s%s%s", tl.v[i].line, tl.v[i].col,
		 tl.v[i].done ? 'x' : ' ', tl.v[i].text, tl.v[i].has_due ? " due:" : "", day);
	return out;
}

static const char *first(void)
{
	static char out[512];

	if (!d.n)
		return "";
	snprintf(out, sizeof(out), "%d:%d: %s%s", d.v[0].line, d.v[0].col,
		 d.v[0].sev == SEV_WARNING ? "warning: " : "", d.v[0].msg);
	return out;
}

static void test_tasks(void)
{
	tasks("# Acme\n\nJust notes, with [links](x) and [ref].\n", 9);
	ok(ret == 0 && tl.n == 0 && d.n == 0, "no task markers: no tasks");

	tasks("# Acme\n\n- [ ] Send the revised restructuring timeline due:2026-11-30\n"
	      "- [x] Share the risk register due:2026-11-10\n- [X] Call Jane\n", 21);
	is_int(ret, 0, "tasks: read");
	is_int(tl.n, 3, "tasks: three");
	is_str(task(0), "23:3 [ ] Send the revised restructuring timeline due:2026-11-30",
	       "open task with a due date, file line and column");
	is_str(task(1), "24:3 [x] Share the risk register due:2026-11-10", "[x] is done");
	is_str(task(2), "25:3 [x] Call Jane", "[X] is done, no due date");
	ok(!tl.v[2].has_due, "no due: has_due is 0");

	tasks("- [ ] Send due:2026-11-30 the timeline\n", 1);
	is_str(task(0), "1:3 [ ] Send the timeline due:2026-11-30", "due: in the middle is taken out");
	tasks("- [ ] due:2026-11-30 Send\n", 1);
	is_str(task(0), "1:3 [ ] Send due:2026-11-30", "due: first");
	tasks("- [ ] Send the revised\n  timeline due:2026-11-30\n  to Jane\n", 1);
	is_str(task(0), "1:3 [ ] Send the revised timeline to Jane due:2026-11-30",
	       "soft breaks become spaces; due: on a continuation line");
	tasks("- [ ]   Call   *Jane* about `plan`   \n", 1);
	is_str(task(0), "1:3 [ ] Call   Jane about plan", "inline markup flattened, ends trimmed");
	tasks("- [ ] a due:2026-01-01 b due:2026-02-02\n", 1);
	is_str(task(0), "1:3 [ ] a b due:2026-02-02 due:2026-01-01", "only the first due: is the date");
	tasks("- [ ]\n", 4);
	is_str(task(0), "4:3 [ ] ", "an empty task");
	tasks("1. [ ] numbered\n2) [x] other\n", 1);
	is_str(task(0), "1:4 [ ] numbered", "ordered list item");
	is_str(task(1), "2:4 [x] other", "ordered list item with )");

	tasks("- [ ]x not a task\n- foo [ ] bar\n- [y] no\n- [  ] no\n[ ] not in a list\n", 1);
	ok(ret == 0 && tl.n == 0, "markers not at an item's start are not tasks");

	tasks("- item\n  - [ ] nested due:2026-03-01\n    - [x] deeper\n", 10);
	is_int(tl.n, 2, "nested: two tasks");
	is_str(task(0), "11:5 [ ] nested due:2026-03-01", "nested task position");
	is_str(task(1), "12:7 [x] deeper", "deeper task position");

	tasks("```\n- [ ] in a fence\n```\n\n    - [ ] indented code\n\n~~~md\n- [x] tilde fence\n~~~\n"
	      "- [ ] real\n", 1);
	is_int(tl.n, 1, "code blocks hold no tasks");
	is_str(task(0), "10:3 [ ] real", "the real one after them");

	tasks("> - [ ] quoted due:2026-05-05\n", 3);
	is_str(task(0), "3:5 [ ] quoted due:2026-05-05", "task in a block quote");

	tasks("- [ ] one\r\n- [x] two due:2026-01-02\r\n", 5);
	is_str(task(0), "5:3 [ ] one", "CRLF: first task");
	is_str(task(1), "6:3 [x] two due:2026-01-02", "CRLF: second task, no CR in text");

	tasks("- [ ] caf\xc3\xa9 due:2026-01-01\n  - [ ] \xc3\xa9t\xc3\xa9 due:2026-02-30\n", 1);
	is_str(first(), "2:13: '2026-02-30' is not a date (YYYY-MM-DD)", "columns count characters");
}

static void test_bad_due(void)
{
	tasks("Notes\n\n- [ ] Send timeline due:2026-02-30\n", 8);
	is_int(ret, -1, "impossible date: -1");
	is_int(d.n, 1, "impossible date: one diagnostic");
	is_str(first(), "10:21: '2026-02-30' is not a date (YYYY-MM-DD)", "impossible date: message at the token");
	is_str(task(0), "10:3 [ ] Send timeline due:2026-02-30", "the task stays, without a date");

	tasks("- [x] done\n- [ ] Send\n  it due:soon\n", 2);
	is_str(first(), "4:6: 'soon' is not a date (YYYY-MM-DD)", "due:soon on a continuation line");
	tasks("- [ ] x due:\n", 1);
	is_str(first(), "1:9: '' is not a date (YYYY-MM-DD)", "empty due:");
	tasks("- [ ] x due:2026-1-5\n", 1);
	is_str(first(), "1:9: '2026-1-5' is not a date (YYYY-MM-DD)", "short date");
	tasks("- [ ] x overdue:2026-99-99\n", 1);
	ok(ret == 0 && d.n == 0, "a word merely containing due: is text");
	tasks("```\n- [ ] x due:soon\n```\n", 1);
	ok(ret == 0 && d.n == 0, "bad due in code is not checked");
}

static void test_big_body(void)
{
	struct buf b = BUF_INIT;
	int lines = 0;

	buf_adds(&b, "- [ ] first due:2026-01-01\n\n");
	while (b.len < (300u << 10)) {
		buf_adds(&b, "Some text of a long note, line after line, nothing special here.\n");
		lines++;
	}
	buf_adds(&b, "- [ ] late\n");
	task_list_release(&tl);
	diags_release(&d);
	ret = body_tasks("c.md", b.data, b.len, 1, &tl, &d);
	is_int(ret, 0, "big body: not an error");
	is_int(tl.n, 1, "big body: the task before the cap is read");
	is_str(task(0), "1:3 [ ] first due:2026-01-01", "big body: first task");
	ok(d.n == 1 && d.v[0].sev == SEV_WARNING, "big body: a warning");
	is_str(d.n ? d.v[0].msg : "", "task items after 256 KiB of text are not read; split the notes up",
	       "big body: message");
	buf_release(&b);
}

static void test_first_line(void)
{
	static const struct {
		const char *body, *want, *name;
	} cases[] = {
		{ "# Acme Corp\n\ntext\n", "Acme Corp", "heading" },
		{ "\n\n  \n## Call with Jane  \nmore\n", "Call with Jane", "blank lines, level 2" },
		{ "\r\n#NoSpace\r\n", "NoSpace", "CRLF, no space after #" },
		{ "Jane felt the plan ignored her team.\n", "Jane felt the plan ignored her team.", "plain text" },
		{ "", "", "empty body" },
		{ "\n \t\n", "", "blank body" },
		{ "   indented text   \n", "indented text", "trimmed" },
		{ "last line, no newline", "last line, no newline", "no final newline" },
	};
	struct buf b = BUF_INIT;
	char *s;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		s = body_first_line(cases[i].body, strlen(cases[i].body));
		is_str(s, cases[i].want, "first line: %s", cases[i].name);
		free(s);
	}
	s = body_first_line(NULL, 0);
	is_str(s, "", "first line: no body");
	free(s);

	for (int i = 0; i < 150; i++)
		buf_adds(&b, "\xc3\xa9"); /* 300 bytes of 2-byte characters */
	buf_adds(&b, "\n");
	s = body_first_line(b.data, b.len);
	is_int(strlen(s), 200, "first line: cut at 200 bytes");
	buf_reset(&b);
	buf_addc(&b, 'a');
	for (int i = 0; i < 150; i++)
		buf_adds(&b, "\xc3\xa9");
	free(s);
	s = body_first_line(b.data, b.len);
	is_int(strlen(s), 199, "first line: cut on a character boundary");
	ok((unsigned char)s[198] == 0xa9, "first line: ends with a whole character");
	free(s);
	buf_release(&b);
}

/*
 * Paragraphs before the task items are not given to cmark (plain_prefix()):
 * the tasks, their lines and columns, and what a block started earlier
 * makes of a later line, are as with the whole text.
 */
static void test_plain_prefix(void)
{
	tasks("Notes of the call.\nTwo lines.\n\nAnother paragraph.\n\n- [ ] Send it due:2026-11-30\n", 8);
	is_str(task(0), "13:3 [ ] Send it due:2026-11-30", "after plain paragraphs: its file line");
	tasks("Notes.\n\n- [ ] Send it due:2026-13-01\n", 8);
	is_str(first(), "10:15: '2026-13-01' is not a date (YYYY-MM-DD)",
	       "a bad date after plain paragraphs: its file line and column");
	tasks("# Acme\n\nNotes.\n#tag line\n\n## Promises\n- [x] Sent due:2026-11-19\n", 6);
	is_str(task(0), "12:3 [x] Sent due:2026-11-19", "after headings and paragraphs: its file line");
	tasks("Notes.\n\n```\n\n- [ ] in a fence\n```\n", 1);
	is_int(tl.n, 0, "a fence opened after a paragraph still holds the item");
	tasks("Notes.\n\n> quoted\n\n- [ ] after a quote\n", 1);
	is_str(task(0), "5:3 [ ] after a quote", "a quote between: the item after it");
	tasks("Notes\n- [ ] right after a line\n", 1);
	is_str(task(0), "2:3 [ ] right after a line", "an item that interrupts a paragraph");
	tasks("Title\n\nNotes\n===\n\n- [x] done\n", 2);
	is_str(task(0), "7:3 [x] done", "a heading underline after a paragraph");
	tasks("Notes.\n\n    - [ ] indented code\n", 1);
	is_int(tl.n, 0, "an indented line after an empty one is code, not an item");
	tasks("Notes.\n \nMore.\n\n- [ ] after a blank of spaces\n", 1);
	is_str(task(0), "5:3 [ ] after a blank of spaces", "a line of spaces stops the skip, not the tasks");
	tasks("[ref]: /x\n\nNotes.\n\n- [ ] see [it][ref]\n", 1);
	is_str(task(0), "5:3 [ ] see it", "a link definition before: still resolved");
}

int main(void)
{
	test_tasks();
	test_plain_prefix();
	test_bad_due();
	test_big_body();
	test_first_line();
	task_list_release(&tl);
	diags_release(&d);
	return done_testing();
}
