/* The JSON writer: see jsonw.h. */
#include "jsonw.h"

#include <inttypes.h>
#include <string.h>

#include "text.h"

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void indent(struct jsonw *w)
{
	buf_addc(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_adds(w->out, "  ");
}

/* The comma, line break and key before a value. */
static void before(struct jsonw *w, const char *key)
{
	if (w->depth > 0) {
		if (w->count[w->depth]++)
			buf_addc(w->out, ',');
		indent(w);
	}
	if (key) {
		buf_add_json_string(w->out, key, strlen(key));
		buf_adds(w->out, ": ");
	}
}

static void open(struct jsonw *w, const char *key, char c)
{
	before(w, key);
	buf_addc(w->out, c);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->count[w->depth] = 0;
	w->close[w->depth] = c == '{' ? '}' : ']';
}

void jsonw_object(struct jsonw *w, const char *key)
{
	open(w, key, '{');
}

void jsonw_array(struct jsonw *w, const char *key)
{
	open(w, key, '[');
}

void jsonw_end(struct jsonw *w)
{
	char c = w->close[w->depth];
	int empty = !w->count[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		indent(w);
	buf_addc(w->out, c);
}

void jsonw_str(struct jsonw *w, const char *key, const char *s)
{
	before(w, key);
	if (s)
		buf_add_json_string(w->out, s, strlen(s));
	else
		buf_adds(w->out, "null");
}

void jsonw_int(struct jsonw *w, const char *key, int64_t n)
{
	before(w, key);
	buf_printf(w->out, "%" PRId64, n);
}

void jsonw_bool(struct jsonw *w, const char *key, int v)
{
	before(w, key);
	buf_adds(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w, const char *key)
{
	before(w, key);
	buf_adds(w->out, "null");
}

void jsonw_date(struct jsonw *w, const char *key, int has, day_t day)
{
	char s[11];

	if (!has) {
		jsonw_null(w, key);
		return;
	}
	date_format(day, s);
	jsonw_str(w, key, s);
}

void jsonw_finish(struct jsonw *w)
{
	buf_addc(w->out, '\n');
}
