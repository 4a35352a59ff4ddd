/* The JSON writer: see json.h. jansson spells every value; this file lays them out. */
#include "json.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

const struct jw_layout JW_INDENTED = { 2, 0, 0 };
const struct jw_layout JW_RECORDS = { 2, 1, 0 };

void jw_setup(void)
{
	json_set_alloc_funcs(xmalloc, free);
	/* the hash seed set now, before threads make objects (write_numbered()) */
	json_object_seed(0);
}

/*
 * `s` into `b` with each byte that does not begin a UTF-8 character (the
 * first at `bad`) as U+FFFD.
 */
static void mend_utf8(struct buf *b, const char *s, size_t n, size_t bad)
{
	do {
		buf_add(b, s, bad);
		buf_adds(b, "\xef\xbf\xbd");
		s += bad + 1;
		n -= bad + 1;
	} while (!utf8_valid(s, n, &bad));
	buf_add(b, s, n);
}

json_t *jw_textn(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t bad;
	json_t *v;

	if (utf8_valid(s, n, &bad))
		return json_stringn_nocheck(s, n);
	mend_utf8(&b, s, n, bad);
	v = json_stringn_nocheck(b.data, b.len);
	buf_release(&b);
	return v;
}

json_t *jw_text(const char *s)
{
	return s ? jw_textn(s, strlen(s)) : json_null();
}

json_t *jw_texts(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, jw_text(v[i]));
	return a;
}

json_t *jw_day(int has, day_t day)
{
	char s[11];

	if (!has)
		return json_null();
	date_format(day, s);
	return json_string_nocheck(s);
}

static int add_to_buf(const char *s, size_t n, void *data)
{
	buf_add(data, s, n);
	return 0;
}

/*
 * A string as jansson spells it, made safe to show (buf_json_safe). One
 * with nothing JSON escapes (no control character, quote or backslash)
 * jansson writes as it is, in quotes: that is copied here without a call
 * (test_util checks that the two agree).
 */
static void write_string(struct buf *b, const char *s, size_t n, const json_t *v)
{
	size_t from = b->len;
	int plain = 1, ascii = 1;
	json_t *tmp = NULL;

	for (size_t i = 0; i < n && plain; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == '"' || c == '\\')
			plain = 0;
		else if (c >= 0x7f)
			ascii = 0;
	}
	if (plain) {
		buf_grow(b, n + 2);
		buf_addc(b, '"');
		buf_add(b, s, n);
		buf_addc(b, '"');
		if (ascii)
			return;
	} else {
		if (!v)
			v = tmp = json_stringn_nocheck(s, n);
		json_dump_callback(v, add_to_buf, b, JSON_ENCODE_ANY);
		json_decref(tmp);
	}
	buf_json_safe(b, from);
}

void jw_put_int(struct buf *b, long long n)
{
	/* jansson's spelling (JSON_INTEGER_FORMAT): decimal digits, '-' when negative. */
	unsigned long long u = n < 0 ? 0 - (unsigned long long)n : (unsigned long long)n;
	char num[24], *p = num + sizeof(num);

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(num + sizeof(num) - p));
}

static void write_scalar(struct buf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		write_string(b, json_string_value(v), json_string_length(v), v);
		break;
	case JSON_INTEGER:
		jw_put_int(b, (long long)json_integer_value(v));
		break;
	case JSON_TRUE:
		buf_adds(b, "true");
		break;
	case JSON_FALSE:
		buf_adds(b, "false");
		break;
	case JSON_NULL:
		buf_adds(b, "null");
		break;
	default: {
		size_t from = b->len;

		json_dump_callback(v, add_to_buf, b, JSON_ENCODE_ANY);
		buf_json_safe(b, from);
		break;
	}
	}
}

static int is_container(const json_t *v)
{
	return json_is_array(v) || json_is_object(v);
}

static size_t size_of(const json_t *v)
{
	return json_is_array(v) ? json_array_size(v) : json_object_size(v);
}

/* Whether the object or array `v`, `depth` levels in, goes on one line. */
static int is_flat(const json_t *v, int depth, const struct jw_layout *l)
{
	const char *key;
	json_t *m;
	size_t i;

	if (!size_of(v) || (l->flat_depth && depth >= l->flat_depth))
		return 1;
	if (!l->flat_leaves)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (is_container(m) && size_of(m))
				return 0;
	} else {
		json_object_foreach((json_t *)v, key, m)
			if (is_container(m) && size_of(m))
				return 0;
	}
	return 1;
}

struct writer {
	struct buf *out;
	const struct jw_layout *l;
	const struct jw_stream *stream;
	FILE *file; /* jw_print_stream()'s: `out` goes there a part at a time */
};

/* What `out` may hold before it goes to the writer's file. */
#define FLUSH_AT (64 * 1024)

/* `out` written to the writer's file (when it has one) once it holds FLUSH_AT bytes. */
static void flush_some(struct writer *w)
{
	if (w->file && w->out->len >= FLUSH_AT) {
		fwrite(w->out->data, 1, w->out->len, w->file);
		buf_reset(w->out);
	}
}

/* What goes before a member: ", " on one line, else "," and a line break. */
static void separate(struct writer *w, int first, int flat, int depth)
{
	if (flat) {
		if (!first)
			buf_adds(w->out, ", ");
		return;
	}
	static const char spaces[] = "                                ";
	size_t n = (size_t)((depth + 1) * w->l->indent);

	if (!first)
		buf_addc(w->out, ',');
	buf_addc(w->out, '\n');
	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		buf_add(w->out, spaces, sizeof(spaces) - 1);
	buf_add(w->out, spaces, n);
}

static void close_container(struct writer *w, int flat, int depth, char c)
{
	if (!flat)
		separate(w, 1, 0, depth - 1);
	buf_addc(w->out, c);
}

static void write_value(struct writer *w, const json_t *v, int depth, int flat);

/* A run of a numbered stream's elements, laid out by one thread. */
struct run {
	struct writer w;
	struct buf text;
	size_t from, to;
	int depth;
	pthread_t tid;
	int started;
};

static void *write_run(void *arg)
{
	struct run *r = arg;
	const struct jw_stream *st = r->w.stream;

	r->w.out = &r->text;
	for (size_t i = r->from; i < r->to; i++) {
		json_t *e;

		separate(&r->w, !i, 0, r->depth);
		if (st->put) {
			st->put(st->ctx, i, &r->text, r->depth + 1);
			continue;
		}
		e = st->item(st->ctx, i);
		write_value(&r->w, e, r->depth + 1, 0);
		json_decref(e);
	}
	return NULL;
}

/* Elements a thread takes at least: fewer are not worth a thread. */
#define RUN_MIN 256

/*
 * The `n` elements a stream puts as they are (its `put`), to the writer's
 * file a part at a time: status --json's clients, made before, are only
 * copied, and a copy of them whole (8.5 MB at 10,000 clients) in runs and
 * then in `out` costs more page faults than the copying itself.
 */
static void put_in_order(struct writer *w, int depth)
{
	const struct jw_stream *st = w->stream;

	for (size_t i = 0; i < st->n; i++) {
		separate(w, !i, 0, depth);
		st->put(st->ctx, i, w->out, depth + 1);
		flush_some(w);
	}
}

/* The `n` numbered elements of the stream, in runs laid out in parallel. */
static void write_numbered(struct writer *w, int depth)
{
	long cpus = online_cpus();
	size_t n = w->stream->n, nruns = cpus > 1 ? (size_t)cpus : 1;
	struct run runs[8];

	if (w->file && w->stream->put) {
		put_in_order(w, depth);
		return;
	}
	if (nruns > ARRAY_SIZE(runs))
		nruns = ARRAY_SIZE(runs);
	if (nruns > n / RUN_MIN)
		nruns = n / RUN_MIN ? n / RUN_MIN : 1;
	for (size_t k = 0; k < nruns; k++) {
		runs[k] = (struct run){ *w, BUF_INIT, n * k / nruns, n * (k + 1) / nruns, depth, 0, 0 };
		runs[k].w.file = NULL;
		/* the first run is this thread's, as are the runs no thread could take */
		if (k)
			runs[k].started = !pthread_create(&runs[k].tid, NULL, write_run, &runs[k]);
	}
	write_run(&runs[0]);
	for (size_t k = 0; k < nruns; k++) {
		if (k && runs[k].started)
			pthread_join(runs[k].tid, NULL);
		else if (k)
			write_run(&runs[k]);
		buf_add(w->out, runs[k].text.data ? runs[k].text.data : "", runs[k].text.len);
		buf_release(&runs[k].text);
	}
}

/* The elements of the stream, as an array `depth` levels in. */
static void write_stream(struct writer *w, int depth)
{
	const struct jw_stream *st = w->stream;
	json_t *e;
	size_t n = 0;

	buf_addc(w->out, '[');
	if (st->item || st->put) {
		n = st->n;
		write_numbered(w, depth);
	} else {
		while ((e = st->next(st->ctx))) {
			separate(w, !n++, 0, depth);
			write_value(w, e, depth + 1, 0);
			json_decref(e);
		}
	}
	if (n)
		close_container(w, 0, depth, ']');
	else
		buf_addc(w->out, ']');
}

/* `v`, `depth` levels in; all of it on one line when `flat`. */
static void write_value(struct writer *w, const json_t *v, int depth, int flat)
{
	const char *key;
	json_t *m;
	size_t i;

	if (!is_container(v)) {
		write_scalar(w->out, v);
		return;
	}
	if (!flat)
		flat = is_flat(v, depth, w->l);
	if (json_is_array(v)) {
		buf_addc(w->out, '[');
		json_array_foreach(v, i, m) {
			separate(w, !i, flat, depth);
			write_value(w, m, depth + 1, flat);
		}
		close_container(w, flat || !i, depth, ']');
		return;
	}
	buf_addc(w->out, '{');
	i = 0;
	json_object_foreach((json_t *)v, key, m) {
		separate(w, !i++, flat, depth);
		write_string(w->out, key, strlen(key), NULL);
		buf_adds(w->out, ": ");
		if (w->stream && depth == 0 && w->stream->key && !strcmp(key, w->stream->key))
			write_stream(w, depth + 1);
		else
			write_value(w, m, depth + 1, flat);
	}
	close_container(w, flat || !i, depth, '}');
}

int jw_flat(const struct jw_layout *l, int depth, size_t size, int nested)
{
	/* as is_flat() says of a jansson value */
	if (!size || (l->flat_depth && depth >= l->flat_depth))
		return 1;
	return l->flat_leaves && !nested;
}

void jw_open(struct jw_obj *o, struct buf *out, const struct jw_layout *l, int depth, int flat,
	     char open)
{
	o->out = out;
	o->l = l;
	o->depth = depth;
	o->flat = flat;
	o->n = 0;
	o->close = open == '{' ? '}' : ']';
	buf_addc(out, open);
}

void jw_next(struct jw_obj *o)
{
	struct writer w = { o->out, o->l, NULL };

	separate(&w, !o->n++, o->flat, o->depth);
}

void jw_key(struct jw_obj *o, const char *key)
{
	size_t n = strlen(key), indent = o->flat ? 0 : (size_t)((o->depth + 1) * o->l->indent);
	char *p;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
			jw_next(o);
			write_string(o->out, key, n, NULL);
			buf_adds(o->out, ": ");
			return;
		}
	}
	/* A plain key (the callers' own), with what separate() puts before it, at once. */
	buf_grow(o->out, n + indent + 6);
	p = o->out->data + o->out->len;
	if (o->n)
		*p++ = ',';
	if (o->flat && o->n)
		*p++ = ' ';
	if (!o->flat) {
		*p++ = '\n';
		memset(p, ' ', indent);
		p += indent;
	}
	o->n++;
	*p++ = '"';
	memcpy(p, key, n);
	p += n;
	memcpy(p, "\": ", 3);
	p += 3;
	*p = '\0';
	o->out->len = (size_t)(p - o->out->data);
}

void jw_close(struct jw_obj *o)
{
	struct writer w = { o->out, o->l, NULL };

	close_container(&w, o->flat || !o->n, o->depth, o->close);
}

void jw_put_text(struct buf *out, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n, bad;

	if (!s) {
		buf_adds(out, "null");
		return;
	}
	n = strlen(s);
	if (utf8_valid(s, n, &bad)) {
		write_string(out, s, n, NULL);
		return;
	}
	mend_utf8(&b, s, n, bad);
	write_string(out, b.data, b.len, NULL);
	buf_release(&b);
}

void jw_put_day(struct buf *out, int has, day_t day)
{
	char s[11];

	if (!has) {
		buf_adds(out, "null");
		return;
	}
	date_format(day, s);
	buf_addc(out, '"');
	buf_adds(out, s);
	buf_addc(out, '"');
}

void jw_put_int_or_null(struct buf *out, int has, long long n)
{
	if (has)
		jw_put_int(out, n);
	else
		buf_adds(out, "null");
}

/* jw_write_stream(), to `file` a part at a time when it is set. */
static void write_doc(struct buf *out, FILE *file, const json_t *doc,
		      const struct jw_stream *stream, const struct jw_layout *l)
{
	struct writer w = { out, l, stream, file };

	if (stream && !stream->key)
		write_stream(&w, 0);
	else
		write_value(&w, doc, 0, 0);
	buf_addc(out, '\n');
}

void jw_write_stream(struct buf *out, const json_t *doc, const struct jw_stream *stream,
		     const struct jw_layout *l)
{
	write_doc(out, NULL, doc, stream, l);
}

void jw_write(struct buf *out, const json_t *doc, const struct jw_layout *l)
{
	jw_write_stream(out, doc, NULL, l);
}

void jw_print(FILE *out, json_t *doc, const struct jw_layout *l)
{
	jw_print_stream(out, doc, NULL, l);
}

void jw_print_stream(FILE *out, json_t *doc, const struct jw_stream *stream,
		     const struct jw_layout *l)
{
	struct buf b = BUF_INIT;

	write_doc(&b, out, doc, stream, l);
	fwrite(b.data ? b.data : "", 1, b.len, out);
	buf_release(&b);
	json_decref(doc);
}
