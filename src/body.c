/*
 * The body reader: task items ("- [ ] text due:YYYY-MM-DD", ticked
 * "- [x] text due:YYYY-MM-DD done:YYYY-MM-DD") found with
 * cmark. cmark 0.30.2 has no task-list extension, so a task is a list item
 * whose first child is a paragraph whose text starts with "[ ]", "[x]" or
 * "[X]" and then a space or the end. Items inside code blocks are not items
 * to cmark, so they are not tasks.
 *
 * Positions are file lines (the body starts on `first_line`) and 1-based
 * columns counted in characters, as the front-matter reader counts them.
 */
#include "body.h"

#include <cmark.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "room.h"
#include "util.h"

/*
 * The most body text given to cmark. cmark 0.30.2 has inputs on which it
 * slows down more than linearly; task items past this many bytes are not
 * read, and a warning says so.
 */
#define MAX_CMARK_BODY (256u << 10)

/*
 * The most '[' given to cmark. cmark 0.30.2 matches brackets in time
 * quadratic in their number within a paragraph (CVE-2023-22486: 40,000
 * "![[]()" take 20 s); a body holding more is read up to the line where
 * the limit is reached, and a warning says so.
 */
#define MAX_CMARK_BRACKETS 4000

#define MAX_FIRST_LINE 200

void task_list_release(struct task_list *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].text);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int has_task_marker(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (end - p >= 3 && (p = memchr(p, '[', (size_t)(end - p - 2)))) {
		if ((p[1] == ' ' || p[1] == 'x' || p[1] == 'X') && p[2] == ']')
			return 1;
		p++;
	}
	return 0;
}

/* The file line of offset `off` of a body starting on `first_line`. */
static int line_at(const char *body, size_t off, int first_line)
{
	int line = first_line;

	for (const char *p = body; (p = memchr(p, '\n', off - (size_t)(p - body))); p++)
		line++;
	return line;
}

/*
 * Where the text given to cmark must end so that it holds at most
 * MAX_CMARK_BRACKETS '[': the start of the line holding the one past the
 * limit, or `len` when there are not that many.
 */
static size_t bracket_cut(const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	size_t n = 0;

	while ((p = memchr(p, '[', (size_t)(end - p)))) {
		if (++n > MAX_CMARK_BRACKETS) {
			while (p > body && p[-1] != '\n')
				p--;
			return (size_t)(p - body);
		}
		p++;
	}
	return len;
}

/*
 * How much of the body's start cmark need not see: the lines before the
 * last empty line that only such lines precede, each starting with an
 * ASCII letter or '#'. A line starting with a letter can start no block
 * but a paragraph (no list, quote, fence, code, HTML or link definition),
 * nor underline a heading; one starting with '#' is a heading of one line
 * or a paragraph's text. An empty line closes the paragraph: the blocks
 * after it are what they are in the whole text, task items and their
 * lines and columns too (the caller counts the lines skipped).
 */
static size_t plain_prefix(const char *body, size_t len)
{
	size_t i = 0, skip = 0;

	while (i < len) {
		const char *nl;
		char c = body[i];

		if (c == '\n') {
			skip = i + 1;
			i++;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '#'))
			break;
		nl = memchr(body + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - body) + 1;
	}
	return skip;
}

/* The body and where each of its lines starts, so that a position costs no rescan. */
struct text {
	const char *s;
	size_t len;
	size_t *lines; /* lines[i]: offset of line i + 1 */
	size_t n, alloc;
};

static void text_init(struct text *t, const char *s, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->s = s;
	t->len = len;
	ALLOC_GROW(t->lines, 1, t->alloc);
	t->lines[t->n++] = 0;
	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++) {
		ALLOC_GROW(t->lines, t->n + 1, t->alloc);
		t->lines[t->n++] = (size_t)(p - s) + 1;
	}
}

/* Offsets of 1-based line `line`: its start and its end (before the LF). */
static void text_bounds(const struct text *t, int line, size_t *start, size_t *end)
{
	size_t i = line > 0 ? (size_t)line - 1 : 0;

	if (i >= t->n) {
		*start = *end = t->len;
		return;
	}
	*start = t->lines[i];
	*end = i + 1 < t->n ? t->lines[i + 1] - 1 : t->len;
}

/* 1-based character column of byte `off` in the line starting at `ls`. */
static int char_col(const char *body, size_t ls, size_t off)
{
	int col = 1;

	for (size_t i = ls; i < off; i++)
		if (((unsigned char)body[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* The paragraph's text: literals of its inlines, breaks as spaces. */
static void inline_text(cmark_node *n, struct buf *out)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit;

		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(c);
			if (lit)
				buf_adds(out, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(out, ' ');
			break;
		default:
			inline_text(c, out);
			break;
		}
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Finds the source position of "due:VALUE" in the paragraph's lines, so that
 * a bad date is reported where it stands; falls back to the task's place.
 */
static void due_pos(const struct text *tx, int pline, int pend, const char *tok,
		    size_t toklen, int *line, int *col)
{
	const char *body = tx->s;

	for (int l = pline; l <= pend; l++) {
		size_t ls, le;
		text_bounds(tx, l, &ls, &le);
		for (size_t i = ls; i + toklen <= le; i++) {
			if (!memcmp(body + i, tok, toklen) && (i == ls || is_space(body[i - 1]) ||
							       body[i - 1] == '>')) {
				*line = l;
				*col = char_col(body, ls, i);
				return;
			}
		}
	}
}

/*
 * Takes the first `key` word ("due:", "done:") out of the item's text (the
 * marker already gone) into *day; later ones stay in the text. Returns -1
 * after reporting a bad date.
 */
static int take_date(const char *path, const struct text *tx, int first_line,
		     cmark_node *para, struct buf *text, const struct task *t, const char *key,
		     int *has, day_t *day, struct diags *d)
{
	char *s = text->data;
	size_t n = text->len, i = 0, klen = strlen(key);

	while (i < n) {
		size_t w = i, e;
		while (w < n && is_space(s[w]))
			w++;
		e = w;
		while (e < n && !is_space(s[e]))
			e++;
		if (e - w >= klen && !memcmp(s + w, key, klen)) {
			const char *val = s + w + klen;
			size_t vlen = e - w - klen;
			if (date_parse(val, vlen, day)) {
				int pl = cmark_node_get_start_line(para);
				int pe = cmark_node_get_end_line(para);
				int line = 0, col = 0;
				due_pos(tx, pl, pe, s + w, e - w, &line, &col);
				if (line)
					line += first_line - 1;
				else
					line = t->line, col = t->col;
				diags_add(d, path, line, col, SEV_ERROR,
					  "'%.*s' is not a date (YYYY-MM-DD)", (int)vlen, val);
				return -1;
			}
			*has = 1;
			memmove(s + i, s + e, n - e);
			text->len = n - (e - i);
			s[text->len] = '\0';
			return 0;
		}
		i = e;
	}
	return 0;
}

/* A task from a list item, when its first paragraph starts with a task marker. */
static int item_task(const char *path, const struct text *tx, int first_line,
		     cmark_node *item, struct task_list *out, struct diags *d)
{
	const char *body = tx->s;
	cmark_node *para = cmark_node_first_child(item);
	struct buf text = BUF_INIT;
	struct task t = { 0 };
	size_t ls, le, at, b, e;
	int pline, ret = 0;

	if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
		return 0;
	inline_text(para, &text);
	if (text.len < 3 || text.data[0] != '[' || text.data[2] != ']' ||
	    (text.data[1] != ' ' && text.data[1] != 'x' && text.data[1] != 'X') ||
	    (text.len > 3 && !is_space(text.data[3])))
		goto out;

	/* Where the '[' stands: the paragraph starts with it. */
	pline = cmark_node_get_start_line(para);
	text_bounds(tx, pline, &ls, &le);
	at = ls + (size_t)(cmark_node_get_start_column(para) - 1);
	if (at + 3 > le || body[at] != '[') {
		for (at = ls; at + 3 <= le && body[at] != '['; at++)
			;
	}
	t.line = first_line + pline - 1;
	t.col = char_col(body, ls, at);
	t.done = text.data[1] != ' ';

	memmove(text.data, text.data + 3, text.len - 3);
	text.len -= 3;
	text.data[text.len] = '\0';
	/* A task with a bad due or done date is still a task, without that date. */
	if (take_date(path, tx, first_line, para, &text, &t, "due:", &t.has_due, &t.due, d))
		ret = -1;
	if (take_date(path, tx, first_line, para, &text, &t, "done:", &t.has_done_on, &t.done_on, d))
		ret = -1;
	if (t.has_done_on && !t.done)
		diags_add(d, path, t.line, t.col, SEV_WARNING,
			  "a promise not ticked has a done: date; tick it ([x]) or remove the date");
	for (b = 0; b < text.len && is_space(text.data[b]); b++)
		;
	for (e = text.len; e > b && is_space(text.data[e - 1]); e--)
		;
	t.text = xstrndup(text.data + b, e - b);
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	out->v[out->n++] = t;
out:
	buf_release(&text);
	return ret;
}

/*
 * cmark's allocator (its cmark_mem): the blocks of one body's parse, all
 * freed by cmark_node_free(), come from a room on body_tasks()' stack
 * (room.h), the rest from the allocator. cmark checks for no NULL.
 */
#define CMARK_ROOM (128 * 1024)

static void *cm_calloc(size_t n, size_t size)
{
	void *p = room_calloc(n, size);

	if (!p)
		die("out of memory");
	return p;
}

static void *cm_realloc(void *ptr, size_t size)
{
	void *p = room_realloc(ptr, size);

	if (!p)
		die("out of memory");
	return p;
}

static cmark_mem cm_mem = { cm_calloc, cm_realloc, room_free };

/* cmark_parse_document() with cm_mem. */
static cmark_node *parse_markdown(const char *text, size_t len)
{
	cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &cm_mem);
	cmark_node *doc;

	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

int body_tasks(const char *path, const char *body, size_t len, int first_line,
	       struct task_list *out, struct diags *d)
{
	_Alignas(16) unsigned char room_bytes[CMARK_ROOM];
	struct room room;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	struct text tx;
	size_t cut;
	int ret = 0;

	if (!body || !has_task_marker(body, len))
		return 0;
	if (len > MAX_CMARK_BODY) {
		cut = MAX_CMARK_BODY;
		while (cut > 0 && body[cut - 1] != '\n')
			cut--;
		diags_add(d, path, line_at(body, cut, first_line), 1, SEV_WARNING,
			  "task items after %u KiB of text are not read; split the notes up",
			  MAX_CMARK_BODY >> 10);
		len = cut;
	}
	cut = bracket_cut(body, len);
	if (cut < len) {
		len = cut;
		diags_add(d, path, line_at(body, len, first_line), 1, SEV_WARNING,
			  "task items after %d '[' are not read; split the notes up",
			  MAX_CMARK_BRACKETS);
	}
	cut = plain_prefix(body, len);
	first_line = line_at(body, cut, first_line);
	body += cut;
	len -= cut;
	/* cmark's blocks in `room` until cmark_node_free() below */
	room_enter(&room, room_bytes, sizeof(room_bytes));
	doc = parse_markdown(body, len);
	if (!doc) {
		room_leave(&room);
		return error("cannot parse the Markdown of '%s'", path);
	}
	text_init(&tx, body, len);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_ITEM &&
		    item_task(path, &tx, first_line, n, out, d))
			ret = -1;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	room_leave(&room);
	free(tx.lines);
	return ret;
}

char *body_first_line(const char *body, size_t len)
{
	size_t i = 0;

	while (body && i < len) {
		size_t e = i, b;
		while (e < len && body[e] != '\n')
			e++;
		for (b = i; b < e && (body[b] == ' ' || body[b] == '\t' || body[b] == '\r'); b++)
			;
		if (b < e) {
			size_t end = e;
			while (b < end && body[b] == '#')
				b++;
			while (b < end && (body[b] == ' ' || body[b] == '\t'))
				b++;
			while (end > b && is_space(body[end - 1]))
				end--;
			if (end - b > MAX_FIRST_LINE) {
				end = b + MAX_FIRST_LINE;
				while (end > b && ((unsigned char)body[end] & 0xc0) == 0x80)
					end--;
				while (end > b && is_space(body[end - 1]))
					end--;
			}
			return xstrndup(body + b, end - b);
		}
		i = e + 1;
	}
	return xstrdup("");
}
