/*
 * libFuzzer target: the search query language (src/query.h). Whatever a
 * user types, the translation either refuses it with a reason or gives a
 * query that FTS5 accepts: every result is run against an empty FTS5
 * table, which must not report a syntax error.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Words as unicode61 sees them, near enough: a letter, a digit or any non-ASCII byte. */
static size_t words(void *arg, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80)
			return 1;
	}
	return 0;
}

static sqlite3 *db;
static sqlite3_stmt *st;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf q = BUF_INIT, out = BUF_INIT, why = BUF_INIT;

	if (!db) {
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    sqlite3_exec(db, "CREATE VIRTUAL TABLE fts USING fts5(path UNINDEXED, front, body,"
				 " tokenize = 'unicode61 remove_diacritics 2')", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, "SELECT path FROM fts WHERE fts MATCH ?1", -1, &st, NULL) != SQLITE_OK)
			abort();
	}
	for (size_t i = 0; i < size; i++)
		if (data[i])
			buf_addc(&q, (char)data[i]);
	for (size_t i = 0; i < q.len; i++)
		query_unspaced_char(q.data + i, q.len - i);
	if (query_translate(buf_str(&q), words, NULL, &out, &why) == 0) {
		int rc;
		if (!out.len || why.len)
			abort();
		sqlite3_bind_text(st, 1, out.data, (int)out.len, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			fprintf(stderr, "FTS5 refused '%s': %s\n", out.data, sqlite3_errmsg(db));
			abort();
		}
		sqlite3_reset(st);
	} else if (!why.len || strchr(buf_str(&why), '\n')) {
		abort();
	}
	buf_release(&q);
	buf_release(&out);
	buf_release(&why);
	return 0;
}
