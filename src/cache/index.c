/*
 * The index: the parsed notebook cached in SQLite, and full-text search
 * with FTS5 (see index.h for what is stored where and when it is trusted).
 * SQLite's return codes stop here: everything outside sees 0 / -1, or a
 * NULL index that means "no cache, parse everything".
 */
#include "index.h"

#include <sqlite3.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cache/monitor.h"
#include "git/repo.h"
#include "query.h"
#include "text.h"
#include "util.h"
#include "varint.h"

#define INDEX_APP_ID 0x4e42494e /* "NBIN" */
#define INDEX_FORMAT 10 /* 5: the fts table uses the notebook tokenizer; 6: contacts' birthday, notes, lists, archived; 7: checksums; 8: promises keep their done: date; 9: words stemmed (porter) and as written; 10: a checksum of the search tables */
/* Files changed this close before the run that cached them are re-read. */
#define RACY_NS 2000000000LL
#define BUSY_MS 100

/*
 * The cache keeps one row per folder: the folder's files, sorted by name,
 * each with its stat data and what the loader made of it (a record), in
 * one blob. A fresh run reads a few dozen blobs instead of a row per file,
 * and writing back touches only the folders where something changed.
 *
 * Blob: count, then per file: name, size, mtime, ctime, ino, seen (when
 * the record was made), fts (the rowid of its search text, 0: none),
 * the record's length and the record (the caller's bytes), and a checksum of all
 * of these and the folder's name (8 bytes, record_sum()). A file whose
 * checksum does not match is a miss: a flipped bit on the disk makes the
 * file be read again, never a wrong record or another file's search text.
 */
struct index_dir {
	size_t name_off;      /* into ix->pool: "journal/2026/11", "" for the root */
	size_t name_len;
	size_t data_off;      /* into ix->blobs, while they are read */
	unsigned char *data;  /* the blob as read, NULL when empty */
	size_t len;
	size_t nfiles;
	uint64_t seed;        /* record_sum() of its name: its files' checksums begin with it */
	int bad;              /* the blob did not parse: its files are read again */
	int used;             /* a folder the loader walked */
};

/*
 * One cached file: where it is in its folder's blob, whose fields
 * (row_file()) are read again when they are needed rather than kept
 * (16 bytes a file, not 96). Its path is its folder's name, '/' and its
 * name there (cmp_path_row() compares a path with it).
 */
struct index_row {
	const unsigned char *at; /* its first byte in the blob, checked by read_rows() */
	uint32_t dir;            /* into ix->dirs */
	int unchanged;           /* the monitor says the file has not changed since the row was right */
};

/* A search text that belongs to a file as it is now: its rowid in fts, and the file. */
struct index_doc {
	int64_t id;
	char *path;
};

struct index {
	sqlite3 *db;
	char *path;       /* the database, or ":memory:" */
	char *root;
	int rootfd;
	unsigned flags;
	char fingerprint[17];
	int fingerprint_ok; /* the rows were written under this fingerprint */
	int64_t now;        /* when this run started looking at files (ns) */
	struct index_dir *dirs;
	size_t ndirs;
	struct index_row *rows;
	size_t nrows;
	struct buf pool;    /* the folders' names */
	struct buf blobs;   /* the folders' blobs, one after another (index_take_records()) */
	struct index_doc *docs; /* the search texts that are current (index_store()) */
	size_t ndocs;
	/* The rows are read in a thread while the loader walks the notebook. */
	pthread_t reader;
	int threaded;       /* the reader thread is to be joined */
	int pending;        /* read_ret is still to be looked at */
	int read_ret;
	/* The file-system monitor (monitor.h), when the repository has it on. */
	int monitor;
	char *monitor_had;  /* its state as kept with the rows, NULL: none */
	long long gen;      /* meta's count of write transactions, when the rows were read */
	struct monitor_answer answer;
	int deferred;       /* the rows are still to be read (index_read()) */
	int monitor_known;  /* `monitor` is set (index_answer() looked) */
	char *answer_clock; /* the monitor's state before any file was read, for an answer */
	long long rows_gen; /* the rows' count of writes as this run left them (-1: unknown), for an answer's parts */
	/* index_read_part(): the rows are those of this folder (and below it when part_tree) */
	char *part;
	int part_tree;
	/* The folders' listings (index_listing()), read by the reader thread before the rows. */
	pthread_mutex_t lk;
	pthread_cond_t listed;
	int listings_ready;
	struct listing *listings; /* by dir */
	size_t nlistings;
	struct buf listing_bytes; /* their bytes, one after another */
	struct listing *fresh;    /* made by this run (index_keep_listing()) */
	size_t nfresh, falloc;
	pthread_t settler;  /* index_settle()'s thread, to be joined */
	int settling;
	int wrote;          /* index_store() committed rows: the log holds them */
};

/*
 * A folder's listing as the loader made it (the caller's bytes), with
 * the folder's stat data taken before it was read and when this run
 * began (`seen`): while the folder's stat data stays that, its entries
 * are the same (a file added, removed or renamed in it changes its mtime
 * and ctime), and the loader takes them from here rather than reading the
 * folder again, as git's untracked cache does. One made within RACY_NS of
 * a change to the folder is not trusted, as a file's row is not.
 *
 * Stored in the table listings, one row a folder: a version byte, then
 * mtime, ctime, ino and seen (varints), the caller's bytes, and a
 * checksum of all of these and the folder's name (record_sum(), 8 bytes):
 * a listing whose checksum does not match is not used.
 */
struct listing {
	char *dir;
	struct index_key key;
	int64_t seen;
	size_t off, len;          /* the caller's bytes: into listing_bytes, or `data` */
	unsigned char *data;      /* a fresh listing's */
	int live;                 /* used by this run: kept */
};

#define LISTING_VERSION 1

static void free_docs(struct index *ix);
static int name_cmp(const unsigned char *a, size_t alen, const char *b, size_t blen);
static void index_wait(struct index *ix);
static void settle_join(struct index *ix);

/* ---- small helpers ---- */

static int64_t stat_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return stat_ns(&ts);
}

static void hash_add(uint64_t *h, const void *p, size_t n)
{
	*h = fnv_add(*h, p, n);
}

static void hash_str(uint64_t *h, const char *s)
{
	hash_add(h, s ? s : "(null)", strlen(s ? s : "(null)") + 1);
}

/* The caller's fingerprint, with the cache's format, as 16 hex digits. */
static void take_fingerprint(struct index *ix, const void *fp, size_t len)
{
	uint64_t h = FNV_SEED;

	hash_str(&h, "notebook-index");
	hash_add(&h, &(int){ INDEX_FORMAT }, sizeof(int));
	hash_add(&h, &len, sizeof(len));
	hash_add(&h, fp, len);
	snprintf(ix->fingerprint, sizeof(ix->fingerprint), "%016llx", (unsigned long long)h);
}

/* ---- where the cache lives ---- */

/* The cache's folder, created if missing; malloc'd, or NULL when it cannot be made. */
static char *cache_dir(const char *root, int rootfd, struct buf *why)
{
	struct stat st;
	char *gitdir = NULL, *dir = NULL;
	int plain = 0;

	/*
	 * A notebook that belongs to another user is read, not written to:
	 * no cache of ours is left in it (as git refuses such a repository
	 * for writes). The read commands then parse every file.
	 */
	if (fstat(rootfd, &st) < 0 || st.st_uid != geteuid()) {
		buf_printf(why, "'%s' belongs to another user: no cache is kept in it", root);
		return NULL;
	}
	gitdir = repo_git_dir_at(root);
	if (gitdir) {
		dir = xasprintf("%s/notebook", gitdir);
	} else {
		dir = xasprintf("%s/.notebook-cache", root);
		plain = 1;
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		buf_printf(why, "cannot create '%s': %s", dir, strerror(errno));
		free(dir);
		dir = NULL;
		goto out;
	}
	if (plain) {
		/* Keep git from ever seeing the cache. */
		char *ign = xasprintf("%s/.gitignore", dir);
		int fd = open(ign, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd >= 0) {
			if (write(fd, "*\n", 2) != 2)
				unlink(ign);
			close(fd);
		}
		free(ign);
	}
out:
	free(gitdir);
	return dir;
}

/*
 * ---- the tokenizer ----
 * FTS5's unicode61, except that each character of a script written
 * without spaces (query_unspaced_char()) is a word of its own: a run of
 * them in a query is a phrase of its characters, found inside any longer
 * run (unicode61 alone makes a whole sentence of Japanese one word).
 *
 * Every word is indexed twice at one position: stemmed by FTS5's porter
 * tokenizer over unicode61 ("invoices" as "invoic"), so that a word finds
 * its other forms, and as written (folded as unicode61 folds it, case and
 * accents aside) behind QUERY_EXACT_MARK, so that a quoted phrase finds exactly
 * the words given (notebook(1), search). A query's plain word is stemmed;
 * a phrase query_translate() marked (QUERY_EXACT_MARK first) and a prefix* look
 * for the words as written.
 */

struct tokenizer {
	fts5_tokenizer inner, stemmer;
	Fts5Tokenizer *tok, *stem;
};

typedef int token_fn(void *ctx, int flags, const char *s, int n, int start, int end);

/* A run of text handed to unicode61 or porter, its offsets moved by `off`. */
struct token_run {
	void *ctx;
	token_fn *emit;
	int off;
	int mark;          /* emit each token behind QUERY_EXACT_MARK */
	int exact;         /* a query's phrase, to find word for word */
	/* indexing: the words as written, collected to go with their stems */
	struct word { size_t at; int n, start, end; } *words; /* bytes at `at` in `bytes` */
	size_t nwords, alloc, next;
	char *bytes;       /* each word behind QUERY_EXACT_MARK, one after another */
	size_t blen, balloc;
};

static int tok_create(void *api_, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = api_;
	struct tokenizer *t = sqlite3_malloc(sizeof(*t));
	const char **pargv = NULL;
	void *ud = NULL, *pud = NULL;
	int rc;

	if (!t || argc < 0 || argc > 16)
		return t ? (sqlite3_free(t), SQLITE_ERROR) : SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	rc = api->xFindTokenizer(api, "unicode61", &ud, &t->inner);
	if (rc == SQLITE_OK)
		rc = t->inner.xCreate(ud, argv, argc, &t->tok);
	/* porter's arguments: its parent tokenizer, then the parent's. */
	if (rc == SQLITE_OK && !(pargv = sqlite3_malloc((int)sizeof(*pargv) * (argc + 1))))
		rc = SQLITE_NOMEM;
	if (rc == SQLITE_OK) {
		pargv[0] = "unicode61";
		for (int i = 0; i < argc; i++)
			pargv[i + 1] = argv[i];
		rc = api->xFindTokenizer(api, "porter", &pud, &t->stemmer);
	}
	if (rc == SQLITE_OK)
		rc = t->stemmer.xCreate(pud, pargv, argc + 1, &t->stem);
	sqlite3_free(pargv);
	if (rc != SQLITE_OK) {
		if (t->tok)
			t->inner.xDelete(t->tok);
		sqlite3_free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
	struct tokenizer *t = (struct tokenizer *)p;

	t->inner.xDelete(t->tok);
	t->stemmer.xDelete(t->stem);
	sqlite3_free(t);
}

/* Emits `s` (n bytes) behind QUERY_EXACT_MARK. */
static int emit_marked(struct token_run *r, int flags, const char *s, int n, int start, int end)
{
	char small[64], *b = small;
	int rc;

	if (n + 1 > (int)sizeof(small) && !(b = sqlite3_malloc(n + 1)))
		return SQLITE_NOMEM;
	b[0] = QUERY_EXACT_MARK;
	memcpy(b + 1, s, (size_t)n);
	rc = r->emit(r->ctx, flags, b, n + 1, start, end);
	if (b != small)
		sqlite3_free(b);
	return rc;
}

static int tok_shift(void *arg, int flags, const char *s, int n, int start, int end)
{
	struct token_run *r = arg;

	if (r->mark)
		return emit_marked(r, flags, s, n, start + r->off, end + r->off);
	return r->emit(r->ctx, flags, s, n, start + r->off, end + r->off);
}

/* Indexing, first pass: a word as written. */
static int tok_collect(void *arg, int flags, const char *s, int n, int start, int end)
{
	struct token_run *r = arg;
	struct word *w;

	if (r->nwords == r->alloc) {
		size_t alloc = r->alloc ? r->alloc * 2 : 64;
		struct word *v = sqlite3_realloc64(r->words, alloc * sizeof(*v));
		if (!v)
			return SQLITE_NOMEM;
		r->words = v;
		r->alloc = alloc;
	}
	if (r->blen + (size_t)n + 1 > r->balloc) {
		size_t alloc = r->balloc ? r->balloc : 1024;
		char *b;

		while (alloc < r->blen + (size_t)n + 1)
			alloc *= 2;
		if (!(b = sqlite3_realloc64(r->bytes, alloc)))
			return SQLITE_NOMEM;
		r->bytes = b;
		r->balloc = alloc;
	}
	w = &r->words[r->nwords];
	w->at = r->blen;
	r->bytes[r->blen] = QUERY_EXACT_MARK;
	memcpy(r->bytes + r->blen + 1, s, (size_t)n);
	r->blen += (size_t)n + 1;
	w->n = n + 1;
	w->start = start;
	w->end = end;
	r->nwords++;
	return SQLITE_OK;
}

/* Indexing, second pass: the stem, then the same word as written at its position. */
static int tok_pair(void *arg, int flags, const char *s, int n, int start, int end)
{
	struct token_run *r = arg;
	const struct word *w = r->next < r->nwords ? &r->words[r->next] : NULL;
	int rc = r->emit(r->ctx, flags, s, n, start + r->off, end + r->off);

	r->next++;
	/* porter makes one token of each of unicode61's: the same offsets */
	if (rc == SQLITE_OK && w && w->start == start && w->end == end)
		rc = r->emit(r->ctx, FTS5_TOKEN_COLOCATED, r->bytes + w->at, w->n, start + r->off,
			     end + r->off);
	return rc;
}

/* One run of spaced text (n bytes at `text`, at offset `off`): see above. */
static int tok_run(struct tokenizer *t, struct token_run *r, int flags, const char *text, int n,
		   int off)
{
	int rc;

	r->off = off;
	r->mark = 0;
	if (flags & FTS5_TOKENIZE_DOCUMENT) {
		r->nwords = r->next = r->blen = 0;
		rc = t->inner.xTokenize(t->tok, r, flags, text, n, tok_collect);
		if (rc == SQLITE_OK)
			rc = t->stemmer.xTokenize(t->stem, r, flags, text, n, tok_pair);
		return rc;
	}
	if (flags & FTS5_TOKENIZE_QUERY) {
		if (r->exact || (flags & FTS5_TOKENIZE_PREFIX)) {
			r->mark = 1;
			return t->inner.xTokenize(t->tok, r, flags, text, n, tok_shift);
		}
		return t->stemmer.xTokenize(t->stem, r, flags, text, n, tok_shift);
	}
	/* FTS5_TOKENIZE_AUX (snippets): the words at their positions, once. */
	return t->inner.xTokenize(t->tok, r, flags, text, n, tok_shift);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
			token_fn *emit)
{
	struct tokenizer *t = (struct tokenizer *)p;
	struct token_run r = { ctx, emit, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0 };
	int rc = SQLITE_OK, i = 0, run = 0;

	/* A phrase query_translate() wants found word for word. */
	if ((flags & FTS5_TOKENIZE_QUERY) && len > 0 && text[0] == QUERY_EXACT_MARK)
		r.exact = 1, i = run = 1;
	while (i < len && rc == SQLITE_OK) {
		int k = (int)query_unspaced_char(text + i, (size_t)(len - i));
		if (!k) {
			i++;
			continue;
		}
		if (i > run)
			rc = tok_run(t, &r, flags, text + run, i - run, run);
		/* a character of its own: no stem, the same as written (marked too when indexing) */
		if (rc == SQLITE_OK) {
			r.off = 0;
			if ((flags & FTS5_TOKENIZE_QUERY) && (r.exact || (flags & FTS5_TOKENIZE_PREFIX)))
				rc = emit_marked(&r, 0, text + i, k, i, i + k);
			else
				rc = emit(ctx, 0, text + i, k, i, i + k);
			if (rc == SQLITE_OK && (flags & FTS5_TOKENIZE_DOCUMENT))
				rc = emit_marked(&r, FTS5_TOKEN_COLOCATED, text + i, k, i, i + k);
		}
		i += k;
		run = i;
	}
	if (rc == SQLITE_OK && len > run)
		rc = tok_run(t, &r, flags, text + run, len - run, run);
	sqlite3_free(r.words);
	sqlite3_free(r.bytes);
	return rc;
}

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

/*
 * ---- snippets of long texts ----
 * FTS5's snippet() scores a window at every match against every other
 * match: a client file with 100,000 matching lines took 94 s. Texts with
 * more than SNIPPET_FEW matches get this one instead, linear in the
 * matches and the text: the window of `ntok` tokens holding the most
 * different phrases (then the most matches), earliest first, centred on
 * its matches, cut from the column's text and marked as snippet() marks.
 */
#define SNIPPET_FEW 64
#define STR_(x) #x
#define STR(x) STR_(x)

struct snip_inst {
	int col, off, phrase;
};

struct snip_cut {
	int lo, hi;          /* the window's tokens: positions lo .. hi - 1 */
	int pos;             /* the next token's position */
	int start, end;      /* bytes of the window's text */
	int more;            /* a token follows the window */
	const unsigned char *mark; /* per window token: part of a match */
	struct buf *out;
	const char *text;
	const char *open, *close;
	int last_end;
	int in_mark;
};

static int cmp_inst(const void *a, const void *b)
{
	const struct snip_inst *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int snip_token(void *arg, int flags, const char *s, int n, int start, int end)
{
	struct snip_cut *c = arg;
	int pos;

	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	pos = c->pos++;
	if (pos < c->lo)
		return SQLITE_OK;
	if (pos >= c->hi) {
		c->more = 1;
		return SQLITE_DONE;
	}
	if (c->last_end < 0)
		c->last_end = start;
	/* the text between tokens, then the token, a run of marked ones in one pair */
	if (c->in_mark && !c->mark[pos - c->lo]) {
		buf_adds(c->out, c->close);
		c->in_mark = 0;
	}
	buf_add(c->out, c->text + c->last_end, (size_t)(start - c->last_end));
	if (!c->in_mark && c->mark[pos - c->lo]) {
		buf_adds(c->out, c->open);
		c->in_mark = 1;
	}
	buf_add(c->out, c->text + start, (size_t)(end - start));
	c->last_end = end;
	return SQLITE_OK;
}

/*
 * The best window [*bi, *bj) of the sorted matches `inst`: the matches of
 * one column within `ntok` tokens of inst[*bi], most distinct phrases
 * first, then most matches. Returns its score, -1 when there is no match.
 * `seen` (nphrase counters, zeroed) is scratch.
 */
static int best_window(const struct snip_inst *inst, int ninst, int ntok, int *seen,
		       int nphrase, int *bi, int *bj)
{
	int best = -1, distinct = 0;

	for (int i = 0, j = 0; i < ninst; i++) {
		int score;
		if (j < i)
			j = i;
		while (j < ninst && inst[j].col == inst[i].col && inst[j].off < inst[i].off + ntok) {
			if (inst[j].phrase >= 0 && inst[j].phrase < nphrase && !seen[inst[j].phrase]++)
				distinct++;
			j++;
		}
		score = distinct * 1000 + (j - i < 999 ? j - i : 999);
		if (score > best) {
			best = score;
			*bi = i;
			*bj = j;
		}
		if (j > i && inst[i].phrase >= 0 && inst[i].phrase < nphrase && !--seen[inst[i].phrase])
			distinct--;
	}
	return best;
}

/* nb_snippet(fts, open, close, ellipsis, ntokens): see above. */
static void snippet_long(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
			 int nval, sqlite3_value **val)
{
	struct snip_inst *inst = NULL;
	int *seen = NULL;
	unsigned char *mark = NULL;
	struct buf out = BUF_INIT;
	struct snip_cut c;
	const char *open, *close, *ellipsis, *text = NULL;
	int ninst = 0, nphrase, ntok, best = -1, best_i = 0, best_j = 0, col = -1, len = 0;
	int lo, rc;

	if (nval != 4) {
		sqlite3_result_error(ctx, "nb_snippet: wrong number of arguments", -1);
		return;
	}
	open = (const char *)sqlite3_value_text(val[0]);
	close = (const char *)sqlite3_value_text(val[1]);
	ellipsis = (const char *)sqlite3_value_text(val[2]);
	ntok = sqlite3_value_int(val[3]);
	if (!open || !close || !ellipsis || ntok < 1 || ntok > 64 ||
	    api->xInstCount(fts, &ninst) != SQLITE_OK)
		goto fail;
	nphrase = api->xPhraseCount(fts);
	inst = sqlite3_malloc64(sizeof(*inst) * (size_t)(ninst ? ninst : 1));
	seen = sqlite3_malloc64(sizeof(*seen) * (size_t)(nphrase > 0 ? nphrase : 1));
	mark = sqlite3_malloc64((size_t)ntok);
	if (!inst || !seen || !mark)
		goto fail;
	for (int i = 0; i < ninst; i++)
		if (api->xInst(fts, i, &inst[i].phrase, &inst[i].col, &inst[i].off) != SQLITE_OK)
			goto fail;
	qsort(inst, (size_t)ninst, sizeof(*inst), cmp_inst);
	memset(seen, 0, sizeof(*seen) * (size_t)(nphrase > 0 ? nphrase : 1));
	best = best_window(inst, ninst, ntok, seen, nphrase, &best_i, &best_j);
	if (best >= 0) {
		int first = inst[best_i].off, last = inst[best_j - 1].off;
		col = inst[best_i].col;
		/* centred: as much before the first match as after the last */
		lo = first - (ntok - (last - first + 1)) / 2;
		if (lo < 0)
			lo = 0;
	} else {
		lo = 0;
		for (int k = 1; k < api->xColumnCount(fts) && col < 0; k++)
			if (api->xColumnText(fts, k, &text, &len) == SQLITE_OK && len > 0)
				col = k;
	}
	if (col < 0 || api->xColumnText(fts, col, &text, &len) != SQLITE_OK || !text) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		goto out;
	}
	memset(mark, 0, (size_t)ntok);
	for (int k = best >= 0 ? best_i : 0; k < (best >= 0 ? ninst : 0) && inst[k].col == col &&
					       inst[k].off < lo + ntok; k++) {
		int size = api->xPhraseSize(fts, inst[k].phrase);
		for (int t = inst[k].off; t < inst[k].off + (size > 0 ? size : 1); t++)
			if (t >= lo && t < lo + ntok)
				mark[t - lo] = 1;
	}
	memset(&c, 0, sizeof(c));
	c.lo = lo;
	c.hi = lo + ntok;
	c.mark = mark;
	c.out = &out;
	c.text = text;
	c.open = open;
	c.close = close;
	c.last_end = lo > 0 ? -1 : 0; /* from the column's start: its leading text too */
	if (lo > 0)
		buf_adds(&out, ellipsis);
	rc = api->xTokenize(fts, text, len, &c, snip_token);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		goto fail;
	if (c.in_mark)
		buf_adds(&out, close);
	if (c.more)
		buf_adds(&out, ellipsis);
	else if (c.last_end >= 0)
		buf_add(&out, text + c.last_end, (size_t)(len - c.last_end));
	sqlite3_result_text(ctx, buf_str(&out), (int)out.len, SQLITE_TRANSIENT);
	goto out;
fail:
	sqlite3_result_error_code(ctx, SQLITE_ERROR);
out:
	buf_release(&out);
	sqlite3_free(inst);
	sqlite3_free(seen);
	sqlite3_free(mark);
}

/* nb_matches(fts): how many matches the row has (to choose a snippet function). */
static void match_count(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
			int nval, sqlite3_value **val)
{
	int n = 0;

	if (api->xInstCount(fts, &n) != SQLITE_OK)
		n = 0;
	sqlite3_result_int(ctx, n);
}

/*
 * Makes the tokenizer known to `db` as "notebook", and the functions
 * nb_snippet() and nb_matches(); 0 or -1.
 */
static int add_tokenizer(sqlite3 *db)
{
	static fts5_tokenizer methods = { tok_create, tok_delete, tok_tokenize };
	fts5_api *api = fts5_of(db);

	if (!api || api->iVersion < 2)
		return -1;
	if (api->xCreateFunction(api, "nb_snippet", NULL, snippet_long, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "nb_matches", NULL, match_count, NULL) != SQLITE_OK)
		return -1;
	return api->xCreateTokenizer(api, "notebook", api, &methods, NULL) == SQLITE_OK ? 0 : -1;
}

static int count_token(void *ctx, int flags, const char *s, int n, int start, int end)
{
	(*(size_t *)ctx)++;
	return SQLITE_OK;
}

size_t index_query_words(struct index *ix, const char *s, size_t n)
{
	static const char *args[] = { "remove_diacritics", "2" };
	Fts5Tokenizer *tok = NULL;
	fts5_api *api;
	size_t count = 0;

	index_wait(ix);
	if (!ix->db || !(api = fts5_of(ix->db)) || n > INT_MAX)
		return 1;
	if (tok_create(api, args, 2, &tok) != SQLITE_OK)
		return 1;
	tok_tokenize(tok, &count, FTS5_TOKENIZE_QUERY, s, (int)n, count_token);
	tok_delete(tok);
	return count;
}

/* ---- opening ---- */

static int exec_sql(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static const char create_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS dirs(dir TEXT PRIMARY KEY, files INTEGER, data BLOB);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(path UNINDEXED, front, body,"
	" tokenize = 'notebook remove_diacritics 2');";

/* One integer from a pragma; -1 on failure with the SQLite code in *rc. */
static int64_t pragma_int(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc == SQLITE_OK) {
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			*rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return v;
}

enum setup { SETUP_OK, SETUP_FOREIGN, SETUP_FAILED };

/* Checks the database is ours (creating it when empty). */
static enum setup setup_db(sqlite3 *db, int memory)
{
	char stamp[96];
	int rc;
	int64_t app, ver, tables;

	snprintf(stamp, sizeof(stamp), "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 INDEX_APP_ID, INDEX_FORMAT);
	sqlite3_busy_timeout(db, BUSY_MS);
	app = pragma_int(db, "PRAGMA application_id", &rc);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return SETUP_FOREIGN;
	if (rc != SQLITE_OK)
		return SETUP_FAILED;
	ver = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK)
		return SETUP_FAILED;
	tables = pragma_int(db, "SELECT count(*) FROM sqlite_master", &rc);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return SETUP_FOREIGN;
	if (rc != SQLITE_OK)
		return SETUP_FAILED;
	if (app == INDEX_APP_ID && ver == INDEX_FORMAT) {
		if (exec_sql(db, "PRAGMA synchronous = NORMAL") < 0)
			return SETUP_FAILED;
		return SETUP_OK;
	}
	if (app != 0 || ver != 0 || tables != 0)
		return SETUP_FOREIGN;
	/*
	 * A new database, made without waiting for the disk (synchronous
	 * off): lost to a crash, what is left is empty, not ours or not a
	 * database, and is made afresh as here (README.md, The cache). Its
	 * rows are written as any others, synchronous NORMAL.
	 */
	if (exec_sql(db, "PRAGMA synchronous = OFF") < 0)
		return SETUP_FAILED;
	if (!memory && exec_sql(db, "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL") < 0)
		return SETUP_FAILED;
	if (exec_sql(db, "BEGIN IMMEDIATE") < 0)
		return SETUP_FAILED;
	if (exec_sql(db, create_sql) < 0 ||
	    exec_sql(db, stamp) < 0 || exec_sql(db, "COMMIT") < 0) {
		exec_sql(db, "ROLLBACK");
		return SETUP_FAILED;
	}
	if (exec_sql(db, "PRAGMA synchronous = NORMAL") < 0)
		return SETUP_FAILED;
	return SETUP_OK;
}

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

static sqlite3 *open_db(const char *path, int memory, struct buf *why)
{
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

	for (int attempt = 0; attempt < 2; attempt++) {
		enum setup s;
		int rc = sqlite3_open_v2(path, &db, flags, NULL);
		if (rc == SQLITE_OK && add_tokenizer(db) < 0)
			rc = SQLITE_ERROR;
		if (rc != SQLITE_OK) {
			buf_printf(why, "cannot open '%s': %s", path,
				   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
			sqlite3_close(db);
			return NULL;
		}
		s = setup_db(db, memory);
		if (s == SETUP_OK)
			return db;
		if (s == SETUP_FAILED) {
			buf_printf(why, "cannot use '%s': %s", path, sqlite3_errmsg(db));
			sqlite3_close(db);
			return NULL;
		}
		/* Not ours, or not a database at all: the cache is expendable. */
		sqlite3_close(db);
		db = NULL;
		if (memory)
			break;
		remove_db(path);
	}
	buf_printf(why, "cannot replace '%s'", path);
	return NULL;
}

static void free_rows(struct index *ix)
{
	buf_release(&ix->blobs);
	free(ix->dirs);
	ix->dirs = NULL;
	ix->ndirs = 0;
	free(ix->rows);
	ix->rows = NULL;
	ix->nrows = 0;
	buf_release(&ix->pool);
}

/* One file's place in a folder's blob, as read back. */
struct blob_file {
	const unsigned char *at; /* where it starts in the blob */
	const unsigned char *name;
	size_t name_len;
	int64_t size, mtime, ctime, ino, seen, fts;
	const unsigned char *rec;
	size_t reclen;
	int ok; /* its checksum matches: it may be used */
};

/* A blob being read: the varint reader, and record_sum() of the folder's name. */
struct reader {
	struct vreader v;
	uint64_t seed;
};

#define SUM_LEN 8

/*
 * A 64-bit checksum of `n` bytes, eight at a time (a cache of a large
 * notebook is tens of MB, read on every run): any change of a few bits
 * changes it; it is not meant to stand against someone forging a record.
 */
static uint64_t record_sum(uint64_t h, const unsigned char *p, size_t n)
{
	const uint64_t k1 = 0x9e3779b97f4a7c15ULL, k2 = 0xbf58476d1ce4e5b9ULL;

	h ^= (uint64_t)n * k1;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h ^= w * k2;
		h = ((h << 31) | (h >> 33)) * k1;
	}
	for (; n; p++, n--)
		h = (h ^ *p) * 0x100000001b3ULL;
	h ^= h >> 30;
	h *= k2;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static uint64_t get_sum(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = SUM_LEN - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* The fields of the file at r->v.p, up to its checksum: 0, or -1 when they do not parse. */
static int blob_fields(struct reader *r, struct blob_file *f)
{
	uint64_t n = vget_u(&r->v);

	if (r->v.bad || !n || n - 1 > (uint64_t)(r->v.end - r->v.p))
		return -1;
	f->name = r->v.p;
	f->name_len = (size_t)n - 1;
	r->v.p += n - 1;
	f->size = vget_i(&r->v);
	f->mtime = vget_i(&r->v);
	f->ctime = vget_i(&r->v);
	f->ino = vget_i(&r->v);
	f->seen = vget_i(&r->v);
	f->fts = vget_i(&r->v);
	n = vget_u(&r->v);
	if (r->v.bad || n > (uint64_t)(r->v.end - r->v.p))
		return -1;
	f->rec = r->v.p;
	f->reclen = (size_t)n;
	r->v.p += n;
	return 0;
}

/* The next file of a blob; 0 at its end, -1 when it does not parse. */
static int blob_next(struct reader *r, size_t *left, struct blob_file *f)
{
	const unsigned char *start = r->v.p;

	if (!*left)
		return r->v.p == r->v.end ? 0 : -1;
	if (blob_fields(r, f) < 0 || r->v.end - r->v.p < SUM_LEN)
		return -1;
	f->at = start;
	f->ok = get_sum(r->v.p) == record_sum(r->seed, start, (size_t)(r->v.p - start));
	r->v.p += SUM_LEN;
	(*left)--;
	return 1;
}

static int blob_open(struct reader *r, const unsigned char *data, size_t len, size_t *count,
		     const char *dir, size_t dlen)
{
	r->v.p = data;
	r->v.end = data + len;
	r->v.bad = 0;
	r->seed = record_sum(0, (const unsigned char *)dir, dlen);
	*count = data ? (size_t)vget_u(&r->v) : 0;
	return r->v.bad ? -1 : 0;
}

/* The row's fields, read again from its blob (read_rows() checked them: they parse). */
static void row_file(const struct index *ix, const struct index_row *r, struct blob_file *f)
{
	const struct index_dir *d = &ix->dirs[r->dir];
	struct reader rd;

	rd.v.p = r->at;
	rd.v.end = d->data + d->len;
	rd.v.bad = 0;
	rd.seed = 0;
	blob_fields(&rd, f);
}

/* The row's name in its folder (not NUL-terminated), `len` bytes. */
static const unsigned char *row_name(const struct index *ix, const struct index_row *r,
				     size_t *len)
{
	const struct index_dir *d = &ix->dirs[r->dir];
	struct vreader v = { r->at, d->data + d->len, 0 };

	*len = (size_t)vget_u(&v) - 1;
	return v.p;
}

/* strcmp(path, the row's path), without making the row's path. */
static int cmp_path_row(const struct index *ix, const char *path, const struct index_row *r)
{
	const struct index_dir *d = &ix->dirs[r->dir];
	const unsigned char *p = (const unsigned char *)path, *name;
	size_t len;
	int c;

	if (d->name_len) {
		c = strncmp(path, ix->pool.data + d->name_off, d->name_len);
		if (c)
			return c;
		p += d->name_len;
		if (*p != '/')
			return *p < '/' ? -1 : 1;
		p++;
	}
	name = row_name(ix, r, &len);
	/*
	 * strncmp() stops at the end of `p` (a name holds no NUL: read_rows()
	 * takes none that does); then a longer `p` comes after.
	 */
	c = len ? strncmp((const char *)p, (const char *)name, len) : 0;
	if (c)
		return c;
	return p[len] != 0;
}

/* The row's path from the root, in `out` (reset first). */
static const char *row_path(const struct index *ix, const struct index_row *r, struct buf *out)
{
	const struct index_dir *d = &ix->dirs[r->dir];
	size_t len;
	const unsigned char *name = row_name(ix, r, &len);

	buf_reset(out);
	if (d->name_len) {
		buf_add(out, ix->pool.data + d->name_off, d->name_len);
		buf_addc(out, '/');
	}
	buf_add(out, name, len);
	return out->data;
}

/* Whether row `a` comes before row `b` in path order (strcmp of the paths). */
static int rows_ordered(const struct index *ix, const struct index_row *a,
			const struct index_row *b, struct buf *tmp)
{
	if (a->dir == b->dir) {
		size_t alen, blen;
		const unsigned char *an = row_name(ix, a, &alen), *bn = row_name(ix, b, &blen);
		return name_cmp(an, alen, (const char *)bn, blen) < 0;
	}
	return cmp_path_row(ix, row_path(ix, a, tmp), b) < 0;
}

struct row_sort {
	char *path;
	size_t k;
};

static int cmp_row_sort(const void *a, const void *b)
{
	return strcmp(((const struct row_sort *)a)->path, ((const struct row_sort *)b)->path);
}

/*
 * Puts the rows in path order, when they are not in it already: the
 * folders come by name, and "a-b/x" sorts before "a/x".
 */
static void sort_rows(struct index *ix)
{
	struct buf tmp = BUF_INIT;
	struct row_sort *v;
	struct index_row *rows;
	int sorted = 1;

	for (size_t k = 1; k < ix->nrows && sorted; k++)
		sorted = rows_ordered(ix, &ix->rows[k - 1], &ix->rows[k], &tmp);
	if (sorted) {
		buf_release(&tmp);
		return;
	}
	v = xreallocarray(NULL, ix->nrows, sizeof(*v));
	for (size_t k = 0; k < ix->nrows; k++) {
		v[k].path = xstrdup(row_path(ix, &ix->rows[k], &tmp));
		v[k].k = k;
	}
	qsort(v, ix->nrows, sizeof(*v), cmp_row_sort);
	rows = xreallocarray(NULL, ix->nrows, sizeof(*rows));
	for (size_t k = 0; k < ix->nrows; k++) {
		rows[k] = ix->rows[v[k].k];
		free(v[k].path);
	}
	free(v);
	free(ix->rows);
	ix->rows = rows;
	buf_release(&tmp);
}

/* Makes the rows of one folder's blob; the folder is marked bad when it does not parse. */
/*
 * The next file of a blob, skipped over (its name, `name_len` bytes at
 * `name`, and where it starts): 1, 0 at the blob's end, -1 when it does
 * not parse. Its checksum is left to index_row_fields(), in the loader's
 * threads, for the files that are restored.
 */
static int blob_skip(struct reader *r, size_t *left, const unsigned char **at,
		     const unsigned char **name, size_t *name_len)
{
	const unsigned char *start = r->v.p;
	uint64_t n;

	if (!*left)
		return r->v.p == r->v.end ? 0 : -1;
	n = vget_u(&r->v);
	if (r->v.bad || !n || n - 1 > (uint64_t)(r->v.end - r->v.p))
		return -1;
	*name = r->v.p;
	*name_len = (size_t)n - 1;
	r->v.p += n - 1;
	for (int i = 0; i < 6; i++) /* size, mtime, ctime, ino, seen, fts */
		vskip(&r->v);
	n = vget_u(&r->v);
	if (r->v.bad || n > (uint64_t)(r->v.end - r->v.p) ||
	    (size_t)(r->v.end - r->v.p) - n < SUM_LEN)
		return -1;
	r->v.p += n + SUM_LEN;
	*at = start;
	(*left)--;
	return 1;
}

static void add_dir_rows(struct index *ix, size_t k, size_t *alloc)
{
	struct index_dir *dir = &ix->dirs[k];
	struct reader r;
	const unsigned char *at, *name;
	size_t left, first = ix->nrows, name_len;
	int rc;

	if (blob_open(&r, dir->data, dir->len, &left, ix->pool.data + dir->name_off,
		      dir->name_len) < 0) {
		dir->bad = 1;
		return;
	}
	dir->nfiles = left;
	dir->seed = r.seed;
	while ((rc = blob_skip(&r, &left, &at, &name, &name_len)) > 0) {
		struct index_row *row;

		if (memchr(name, '\0', name_len)) {
			/* not trusted: the file is read again, and its folder written */
			dir->nfiles = SIZE_MAX;
			continue;
		}
		ALLOC_GROW(ix->rows, ix->nrows + 1, *alloc);
		row = &ix->rows[ix->nrows++];
		memset(row, 0, sizeof(*row));
		row->dir = (uint32_t)k;
		row->at = at;
	}
	if (rc < 0) {
		dir->bad = 1;
		ix->nrows = first;
	}
}

/*
 * The monitor's state kept with the rows, and the count of write
 * transactions it goes with (see keep_monitor_state()). 0, or -1.
 */
static int read_monitor_state(struct index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc;

	ix->gen = 0;
	free(ix->monitor_had);
	ix->monitor_had = NULL;
	rc = sqlite3_prepare_v2(ix->db, "SELECT key, value FROM meta WHERE key IN ('gen', 'monitor')",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *value = (const char *)sqlite3_column_text(st, 1);
		if (!key || !value)
			continue;
		if (!strcmp(key, "gen"))
			ix->gen = strtoll(value, NULL, 10);
		else
			ix->monitor_had = xstrdup(value);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The folders of index_read_part(): ?1 alone, or a range of the key's
 * order holding ?1 and the folders below it ('0' is the byte after '/'),
 * and others ("?1-old"), which part_has() leaves.
 */
#define PART_ONE " WHERE dir = ?1"
#define PART_TREE " WHERE dir >= ?1 AND dir < ?1 || '0'"

static int part_bind(struct index *ix, sqlite3_stmt *st)
{
	if (!ix->part)
		return 0;
	return sqlite3_bind_text(st, 1, ix->part, -1, SQLITE_STATIC) == SQLITE_OK ? 0 : -1;
}

/* Appends the folder's blob of row `rowid` (`len` bytes) to ix->blobs. 0, or -1. */
static int part_blob(struct index *ix, sqlite3_int64 rowid, int len)
{
	sqlite3_blob *b;
	int rc;

	if (sqlite3_blob_open(ix->db, "main", "dirs", "data", rowid, 0, &b) != SQLITE_OK)
		return -1;
	buf_grow(&ix->blobs, (size_t)len);
	rc = sqlite3_blob_bytes(b) == len ? sqlite3_blob_read(b, ix->blobs.data + ix->blobs.len, len, 0)
					  : SQLITE_ERROR;
	sqlite3_blob_close(b);
	if (rc != SQLITE_OK)
		return -1;
	ix->blobs.len += (size_t)len;
	ix->blobs.data[ix->blobs.len] = '\0';
	return 0;
}

/* Whether the folder `name` (n bytes) is of ix->part (when set). */
static int part_has(const struct index *ix, const char *name, size_t n)
{
	size_t k = ix->part ? strlen(ix->part) : 0;

	return !ix->part || (n >= k && !memcmp(name, ix->part, k) &&
			     (n == k || (ix->part_tree && name[k] == '/')));
}

/*
 * Reads every folder's blob in one go (those of ix->part alone, when it
 * is set), when they were written under our fingerprint.
 */
static int read_rows(struct index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;
	size_t alloc = 0, dalloc = 0;

	if (exec_sql(ix->db, "BEGIN") < 0)
		return -1;
	rc = sqlite3_prepare_v2(ix->db, "SELECT value FROM meta WHERE key = 'fingerprint'", -1,
				&st, NULL);
	if (rc != SQLITE_OK)
		goto out;
	rc = sqlite3_step(st);
	ix->fingerprint_ok = rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
			     !strcmp((const char *)sqlite3_column_text(st, 0), ix->fingerprint);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	/* the count of writes, for answers (index_stat_answer()) and the monitor */
	if (read_monitor_state(ix) < 0)
		goto out;
	if (!ix->fingerprint_ok) {
		ret = 0;
		goto out;
	}
	/*
	 * Room for all of it at once: tens of MB grown by doubling are copied
	 * and touched twice (length() reads no blob, only its header).
	 */
	rc = sqlite3_prepare_v2(ix->db, !ix->part ? "SELECT sum(length(data)), sum(files) FROM dirs"
				: ix->part_tree ? "SELECT sum(length(data)), sum(files) FROM dirs" PART_TREE
				: "SELECT sum(length(data)), sum(files) FROM dirs" PART_ONE, -1, &st, NULL);
	if (rc != SQLITE_OK || part_bind(ix, st) < 0 || sqlite3_step(st) != SQLITE_ROW)
		goto out;
	if (sqlite3_column_int64(st, 0) > 0 && sqlite3_column_int64(st, 0) < (1LL << 34)) {
		/* at its size: buf_grow() would round it up to a power of two */
		ix->blobs.cap = (size_t)sqlite3_column_int64(st, 0) + 1;
		ix->blobs.data = xmalloc(ix->blobs.cap);
		ix->blobs.data[0] = '\0';
	}
	if (sqlite3_column_int64(st, 1) > 0 && sqlite3_column_int64(st, 1) < (1LL << 24)) {
		alloc = (size_t)sqlite3_column_int64(st, 1);
		ix->rows = xreallocarray(NULL, alloc, sizeof(*ix->rows));
	}
	sqlite3_finalize(st);
	/*
	 * Each blob read straight into ours (part_blob()): a blob of overflow
	 * pages taken as a column value is first copied whole into memory of
	 * SQLite's, then into ours (60 MB twice at 210,000 files).
	 */
	rc = sqlite3_prepare_v2(ix->db, !ix->part ? "SELECT dir, rowid, length(data) FROM dirs ORDER BY dir"
				: ix->part_tree ? "SELECT dir, rowid, length(data) FROM dirs" PART_TREE
				" ORDER BY dir" : "SELECT dir, rowid, length(data) FROM dirs" PART_ONE, -1, &st,
				NULL);
	if (rc != SQLITE_OK || part_bind(ix, st) < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *name = sqlite3_column_text(st, 0);
		int nlen = sqlite3_column_bytes(st, 0), dlen;
		struct index_dir *dir;

		if (!name || !part_has(ix, name, (size_t)nlen))
			continue;
		dlen = sqlite3_column_int(st, 2);
		if (ix->ndirs >= UINT32_MAX)
			break;
		ALLOC_GROW(ix->dirs, ix->ndirs + 1, dalloc);
		dir = &ix->dirs[ix->ndirs++];
		memset(dir, 0, sizeof(*dir));
		dir->name_off = ix->pool.len;
		dir->name_len = (size_t)nlen;
		buf_add(&ix->pool, name, (size_t)nlen);
		buf_addc(&ix->pool, '\0');
		if (dlen > 0) {
			dir->data_off = ix->blobs.len;
			dir->len = (size_t)dlen;
			if (part_blob(ix, sqlite3_column_int64(st, 1), dlen) < 0)
				dir->len = 0; /* its files are read again */
		}
	}
	if (rc != SQLITE_DONE)
		goto out;
	for (size_t k = 0; k < ix->ndirs; k++)
		if (ix->dirs[k].len)
			ix->dirs[k].data = (unsigned char *)ix->blobs.data + ix->dirs[k].data_off;
	for (size_t k = 0; k < ix->ndirs; k++)
		add_dir_rows(ix, k, &alloc);
	sort_rows(ix);
	ret = 0;
out:
	sqlite3_finalize(st);
	exec_sql(ix->db, ret ? "ROLLBACK" : "COMMIT");
	if (ret) {
		free_rows(ix);
		ix->fingerprint_ok = 0;
	}
	return ret;
}

static uint64_t listing_sum(const char *dir, const unsigned char *p, size_t n)
{
	return record_sum(record_sum(0, (const unsigned char *)dir, strlen(dir)), p, n);
}

/* A stored listing `data` of `dir`, checked and taken apart into `l`: 0, or -1. */
static int listing_parse(const char *dir, const unsigned char *data, size_t len,
			 struct listing *l)
{
	struct vreader v;

	if (len < 1 + SUM_LEN || data[0] != LISTING_VERSION ||
	    get_sum(data + len - SUM_LEN) != listing_sum(dir, data, len - SUM_LEN))
		return -1;
	v.p = data + 1;
	v.end = data + len - SUM_LEN;
	v.bad = 0;
	l->key.mtime = vget_i(&v);
	l->key.ctime = vget_i(&v);
	l->key.ino = vget_i(&v);
	l->seen = vget_i(&v);
	if (v.bad)
		return -1;
	l->off = (size_t)(v.p - data);
	l->len = (size_t)(v.end - v.p);
	return 0;
}

/*
 * Reads the folders' listings (the reader thread, before the rows: the
 * loader's walk waits for them), then says they are ready, read or not.
 */
static void read_listings(struct index *ix)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT dir, data FROM listings ORDER BY dir", -1, &st,
			       NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *dir = (const char *)sqlite3_column_text(st, 0);
			const unsigned char *data = sqlite3_column_blob(st, 1);
			size_t len = (size_t)sqlite3_column_bytes(st, 1);
			struct listing l = { 0 };

			if (!dir || !data || listing_parse(dir, data, len, &l) < 0)
				continue;
			l.dir = xstrdup(dir);
			l.off += ix->listing_bytes.len;
			buf_add(&ix->listing_bytes, data, len);
			ALLOC_GROW(ix->listings, ix->nlistings + 1, alloc);
			ix->listings[ix->nlistings++] = l;
		}
	}
	sqlite3_finalize(st);
	pthread_mutex_lock(&ix->lk);
	ix->listings_ready = 1;
	pthread_cond_broadcast(&ix->listed);
	pthread_mutex_unlock(&ix->lk);
}

static int cmp_listing(const void *key, const void *elem)
{
	return strcmp(key, ((const struct listing *)elem)->dir);
}

int index_has_listings(struct index *ix)
{
	int any;

	if (!ix)
		return 0;
	pthread_mutex_lock(&ix->lk);
	while (!ix->listings_ready && ix->pending)
		pthread_cond_wait(&ix->listed, &ix->lk);
	any = ix->listings_ready && ix->nlistings > 0;
	pthread_mutex_unlock(&ix->lk);
	return any;
}

const void *index_listing(struct index *ix, const char *dir, const struct stat *st, size_t *len)
{
	struct index_key k;
	struct listing *l;

	if (!ix)
		return NULL;
	pthread_mutex_lock(&ix->lk);
	while (!ix->listings_ready && ix->pending)
		pthread_cond_wait(&ix->listed, &ix->lk);
	pthread_mutex_unlock(&ix->lk);
	if (!ix->listings_ready || !S_ISDIR(st->st_mode))
		return NULL;
	/* bsearch() wants an array, even of none */
	l = ix->nlistings ? bsearch(dir, ix->listings, ix->nlistings, sizeof(*ix->listings), cmp_listing)
			 : NULL;
	index_key_of(st, &k);
	if (!l || k.mtime != l->key.mtime || k.ctime != l->key.ctime || k.ino != l->key.ino ||
	    k.mtime >= l->seen - RACY_NS)
		return NULL;
	/* each folder is walked by one thread: its listing is its own to mark */
	l->live = 1;
	*len = l->len;
	return ix->listing_bytes.data + l->off;
}

void index_keep_listing(struct index *ix, const char *dir, const struct stat *st,
			const void *data, size_t len)
{
	struct listing *l;

	if (!ix)
		return;
	pthread_mutex_lock(&ix->lk);
	ALLOC_GROW(ix->fresh, ix->nfresh + 1, ix->falloc);
	l = &ix->fresh[ix->nfresh++];
	memset(l, 0, sizeof(*l));
	l->dir = xstrdup(dir);
	index_key_of(st, &l->key);
	l->seen = ix->now;
	l->data = xmalloc(len ? len : 1);
	if (len)
		memcpy(l->data, data, len);
	l->len = len;
	pthread_mutex_unlock(&ix->lk);
}

/* Writes the fresh listings, and drops those no folder walked used. */
static int write_listings(struct index *ix)
{
	sqlite3_stmt *put = NULL, *del = NULL;
	struct buf b = BUF_INIT;
	int ok = exec_sql(ix->db, "CREATE TABLE IF NOT EXISTS listings(dir TEXT PRIMARY KEY,"
				  " data BLOB NOT NULL)") == 0 &&
		 sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO listings(dir, data) VALUES (?, ?)",
				    -1, &put, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(ix->db, "DELETE FROM listings WHERE dir = ?", -1, &del,
				    NULL) == SQLITE_OK;

	for (size_t i = 0; ok && i < ix->nfresh; i++) {
		const struct listing *l = &ix->fresh[i];
		unsigned char sum[SUM_LEN];
		uint64_t h;

		buf_reset(&b);
		buf_addc(&b, LISTING_VERSION);
		vput_i(&b, l->key.mtime);
		vput_i(&b, l->key.ctime);
		vput_i(&b, l->key.ino);
		vput_i(&b, l->seen);
		buf_add(&b, l->data, l->len);
		h = listing_sum(l->dir, (const unsigned char *)b.data, b.len);
		for (int k = 0; k < SUM_LEN; k++)
			sum[k] = (unsigned char)(h >> (8 * k));
		buf_add(&b, sum, SUM_LEN);
		sqlite3_reset(put);
		ok = sqlite3_bind_text(put, 1, l->dir, -1, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_bind_blob(put, 2, b.data, (int)b.len, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_step(put) == SQLITE_DONE;
	}
	for (size_t i = 0; ok && i < ix->nlistings; i++) {
		if (ix->listings[i].live)
			continue;
		sqlite3_reset(del);
		ok = sqlite3_bind_text(del, 1, ix->listings[i].dir, -1, SQLITE_STATIC) == SQLITE_OK &&
		     sqlite3_step(del) == SQLITE_DONE;
	}
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	buf_release(&b);
	return ok ? 0 : -1;
}

/* The listings written (index_store_listings()), the reader thread joined already. */
static void store_listings(struct index *ix)
{
	int dead = 0;

	for (size_t i = 0; i < ix->nlistings && !dead; i++)
		dead = !ix->listings[i].live;
	if (!ix->db || (!ix->nfresh && !dead) || !strcmp(ix->path, ":memory:") ||
	    exec_sql(ix->db, "BEGIN IMMEDIATE") < 0)
		return;
	exec_sql(ix->db, write_listings(ix) == 0 ? "COMMIT" : "ROLLBACK");
}

void index_store_listings(struct index *ix)
{
	if (!ix)
		return;
	index_wait(ix);
	store_listings(ix);
}

/*
 * The listings, then, when index_store() wrote rows, the log copied into
 * the database (SQLite's checkpoint) and emptied: what closing the last
 * connection does otherwise, and then with the caller waiting. Never
 * waits for another process: what is left stays for the close.
 */
static void *settler_thread(void *arg)
{
	struct index *ix = arg;

	store_listings(ix);
	if (ix->wrote && strcmp(ix->path, ":memory:")) {
		sqlite3_busy_timeout(ix->db, 0);
		sqlite3_wal_checkpoint_v2(ix->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_busy_timeout(ix->db, BUSY_MS);
	}
	return NULL;
}

/* Waits for index_settle()'s thread: whatever uses the database first. */
static void settle_join(struct index *ix)
{
	if (!ix->settling)
		return;
	pthread_join(ix->settler, NULL);
	ix->settling = 0;
}

void index_settle(struct index *ix)
{
	if (!ix)
		return;
	index_wait(ix);
	if (!ix->db)
		return;
	ix->settling = !pthread_create(&ix->settler, NULL, settler_thread, ix);
	if (!ix->settling)
		settler_thread(ix);
}

static void free_listings(struct index *ix)
{
	for (size_t i = 0; i < ix->nlistings; i++)
		free(ix->listings[i].dir);
	free(ix->listings);
	for (size_t i = 0; i < ix->nfresh; i++) {
		free(ix->fresh[i].dir);
		free(ix->fresh[i].data);
	}
	free(ix->fresh);
	buf_release(&ix->listing_bytes);
}

/*
 * Asks the monitor what changed since its state kept with the rows, and
 * marks the rows of the files it says did not change: those are restored
 * without a stat. Without an exact answer, none is.
 */
static void ask_monitor(struct index *ix)
{
	size_t k = 0, c = 0;

	monitor_ask(ix->root, ix->monitor_had, &ix->answer);
	if (!ix->answer.exact || !ix->fingerprint_ok)
		return;
	while (k < ix->nrows) {
		int cmp = c < ix->answer.nchanged ? -cmp_path_row(ix, ix->answer.changed[c], &ix->rows[k])
						  : -1;
		if (cmp > 0) {
			c++;
			continue;
		}
		ix->rows[k].unchanged = cmp < 0;
		k++;
	}
}

/*
 * The rows, then the monitor's answer (the rows must be read first: they
 * hold its state). Whether the repository has the monitor on is read here
 * too, in the reader's thread: a look at git's config costs the loader's
 * walk as much as reading a tenth of the rows does.
 */
static int read_rows_asking(struct index *ix)
{
	int ret;

	read_listings(ix);
	if (!ix->monitor_known)
		ix->monitor = monitor_configured(ix->root);
	ret = read_rows(ix);

	if (!ret && ix->monitor)
		ask_monitor(ix);
	return ret;
}

static void *reader_thread(void *arg)
{
	struct index *ix = arg;

	ix->read_ret = read_rows_asking(ix);
	return NULL;
}

/* Waits for the rows; when they could not be read, starts afresh once. */
static void index_wait(struct index *ix)
{
	struct buf why = BUF_INIT;

	settle_join(ix);
	index_read(ix);
	if (ix->threaded)
		pthread_join(ix->reader, NULL);
	ix->threaded = 0;
	if (!ix->pending)
		return;
	ix->pending = 0;
	if (!ix->read_ret)
		return;
	sqlite3_close(ix->db);
	remove_db(ix->path);
	ix->db = open_db(ix->path, 0, &why);
	if (ix->db && read_rows(ix) < 0) {
		sqlite3_close(ix->db);
		ix->db = NULL;
	}
	if (!ix->db && (ix->flags & INDEX_REQUIRED))
		error("cannot read the cache '%s'; delete it and run 'notebook index --rebuild'",
		      ix->path);
	if (!ix->db && (ix->flags & INDEX_MEMORY)) {
		free(ix->path);
		ix->path = xstrdup(":memory:");
		ix->db = open_db(ix->path, 1, &why);
	}
	buf_release(&why);
}

static int cache_off(void)
{
	const char *e = getenv("NOTEBOOK_NO_CACHE");

	return e && *e && strcmp(e, "0");
}

struct index *index_open(const char *root, const void *fingerprint, size_t len,
			 unsigned flags)
{
	struct index *ix = NULL;
	struct buf why = BUF_INIT;
	char *dir = NULL;
	int rootfd;

	if (cache_off() && !(flags & INDEX_MEMORY)) {
		if (flags & INDEX_REQUIRED)
			error("the cache is off (NOTEBOOK_NO_CACHE is set)");
		return NULL;
	}
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return NULL;
	ix = xcalloc(1, sizeof(*ix));
	ix->root = xstrdup(root);
	ix->rootfd = rootfd;
	ix->flags = flags;
	ix->now = now_ns();
	ix->rows_gen = -1;
	pthread_mutex_init(&ix->lk, NULL);
	pthread_cond_init(&ix->listed, NULL);
	take_fingerprint(ix, fingerprint, len);

	if (!cache_off() && (dir = cache_dir(root, rootfd, &why))) {
		ix->path = xasprintf("%s/index.db", dir);
		if (flags & INDEX_REBUILD)
			remove_db(ix->path);
		ix->db = open_db(ix->path, 0, &why);
		ix->deferred = ix->db != NULL;
		if (!(flags & INDEX_DEFER))
			index_read(ix);
	}
	if (!ix->db && (flags & INDEX_REQUIRED) && why.len)
		error("%s", buf_str(&why));
	if (!ix->db && (flags & INDEX_MEMORY)) {
		free(ix->path);
		ix->path = xstrdup(":memory:");
		ix->db = open_db(ix->path, 1, &why);
	}
	if (!ix->db) {
		index_close(ix);
		ix = NULL;
	}
	free(dir);
	buf_release(&why);
	return ix;
}

void index_read(struct index *ix)
{
	if (ix)
		settle_join(ix);
	if (!ix || !ix->deferred)
		return;
	ix->deferred = 0;
	ix->pending = 1;
	ix->threaded = !pthread_create(&ix->reader, NULL, reader_thread, ix);
	if (!ix->threaded)
		ix->read_ret = read_rows_asking(ix);
}

void index_read_part(struct index *ix, const char *dir, int tree)
{
	if (!ix)
		return;
	/* the rows of the whole cache, if a reader thread is at them, first */
	if (!ix->deferred)
		index_wait(ix);
	ix->deferred = 0;
	free_rows(ix);
	free(ix->part);
	ix->part = xstrdup(dir);
	ix->part_tree = tree;
	if (!ix->db)
		return;
	/* unreadable: no rows, and nothing written over it either (a store would start it afresh) */
	if (read_rows(ix) < 0) {
		sqlite3_close(ix->db);
		ix->db = NULL;
	}
}

void index_close(struct index *ix)
{
	if (!ix)
		return;
	if (!ix->deferred)
		index_wait(ix);
	settle_join(ix);
	sqlite3_close(ix->db);
	if (ix->rootfd >= 0)
		close(ix->rootfd);
	free_rows(ix);
	free_docs(ix);
	free_listings(ix);
	pthread_mutex_destroy(&ix->lk);
	pthread_cond_destroy(&ix->listed);
	monitor_answer_release(&ix->answer);
	free(ix->answer_clock);
	free(ix->part);
	free(ix->monitor_had);
	free(ix->path);
	free(ix->root);
	free(ix);
}

const char *index_path(const struct index *ix)
{
	return ix->path;
}

int index_stats(struct index *ix, long long *files, long long *bytes)
{
	int rc;
	struct stat st;
	char *wal;

	index_wait(ix);
	if (!ix->db)
		return -1;
	/* Everything into the database file, so that its size says it all. */
	exec_sql(ix->db, "PRAGMA wal_checkpoint(TRUNCATE)");
	*files = pragma_int(ix->db, "SELECT coalesce(sum(files), 0) FROM dirs", &rc);
	if (rc != SQLITE_OK)
		return error("cannot read '%s': %s", ix->path, sqlite3_errmsg(ix->db));
	*bytes = 0;
	if (!stat(ix->path, &st))
		*bytes += st.st_size;
	wal = xasprintf("%s-wal", ix->path);
	if (!stat(wal, &st))
		*bytes += st.st_size;
	free(wal);
	return 0;
}

/* ---- the caller's side: records by path and stat data ---- */

void index_match(struct index *ix, struct index_file *files, size_t n)
{
	size_t i = 0, k = 0;

	index_wait(ix);
	while (i < n && k < ix->nrows) {
		int c = cmp_path_row(ix, files[i].path, &ix->rows[k]);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			k++;
		} else {
			files[i].row = ix->fingerprint_ok && ix->rows[k].at ? &ix->rows[k] : NULL;
			i++;
			k++;
		}
	}
}

void index_key_of(const struct stat *st, struct index_key *key)
{
	key->size = (int64_t)st->st_size;
	key->mtime = stat_ns(&st->st_mtim);
	key->ctime = stat_ns(&st->st_ctim);
	key->ino = (int64_t)st->st_ino;
}

int index_row_fields(const struct index *ix, const struct index_row *r, struct index_cached *c)
{
	const struct index_dir *d = &ix->dirs[r->dir];
	struct reader rd = { { r->at, d->data + d->len, 0 }, 0 };
	struct blob_file f;

	/* read_rows() found that it parses; its checksum is checked here */
	if (blob_fields(&rd, &f) < 0 || rd.v.end - rd.v.p < SUM_LEN ||
	    get_sum(rd.v.p) != record_sum(d->seed, r->at, (size_t)(rd.v.p - r->at)))
		return -1;
	c->rec = f.rec;
	c->reclen = f.reclen;
	c->key.size = f.size;
	c->key.mtime = f.mtime;
	c->key.ctime = f.ctime;
	c->key.ino = f.ino;
	c->seen = f.seen;
	c->fts = f.fts;
	return 0;
}

int index_unchanged(const struct index *ix, const struct index_cached *c, const struct stat *st)
{
	struct index_key k;

	if (!S_ISREG(st->st_mode))
		return 0;
	index_key_of(st, &k);
	return index_unchanged_key(ix, c, &k);
}

int index_unchanged_key(const struct index *ix, const struct index_cached *c,
			const struct index_key *k)
{
	if (!ix->fingerprint_ok || k->size != c->key.size || k->mtime != c->key.mtime ||
	    k->ctime != c->key.ctime || k->ino != c->key.ino)
		return 0;
	/* Racily clean (git's rule, on mtime): changed so close to the
	 * caching run that a later change may have kept the same timestamps. */
	return k->mtime < c->seen - RACY_NS;
}

int index_monitor_off(const struct index *ix)
{
	return ix && ix->monitor_known && !ix->monitor;
}

int index_vouched(const struct index *ix, const struct index_row *r)
{
	return r && ix->fingerprint_ok && r->unchanged;
}

void *index_take_records(struct index *ix)
{
	void *p;

	index_wait(ix);
	if (!ix->blobs.len)
		return NULL;
	p = buf_detach(&ix->blobs);
	/* the rows still point into it: they are no longer the cache's to free */
	return p;
}

/* A search text: `len` bytes at `bytes`, the front matter's `front_len` at `front`, the body from `body`. */
struct index_text {
	size_t len, front, front_len, body;
	char bytes[];
};

/* The fts rowid of a cached file's row. */
static int64_t row_fts(const struct index *ix, const struct index_row *r)
{
	struct blob_file f;

	row_file(ix, r, &f);
	return f.fts;
}

void index_use_row(struct index_file *f, const struct index_cached *c)
{
	f->key = NULL;
	f->fts = c->fts;
	f->state = INDEX_CACHED;
}

void index_keep(struct index_file *f, const struct stat *st, struct arena *mem)
{
	f->key = arena_alloc(mem, sizeof(*f->key));
	index_key_of(st, f->key);
	f->fts = 0;
	f->state = INDEX_FRESH;
}

void index_files_release(struct index_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(files[i].text);
		files[i].text = NULL;
	}
}

int index_wants_text(const struct index *ix, const struct index_file *f)
{
	return (ix->flags & INDEX_FULL_TEXT) && !f->fts;
}

/*
 * The file's search text is copied at its size: a read buffer has 64 KiB
 * to spare, and 100,000 of them held until the texts are stored cost half
 * a gigabyte.
 */
void index_keep_text(const struct index *ix, struct index_file *f, const char *text,
		     size_t len, size_t front, size_t front_len, size_t body)
{
	if (!(ix->flags & INDEX_FULL_TEXT))
		return;
	free(f->text);
	if (len > SIZE_MAX - sizeof(*f->text) - 1)
		die("out of memory");
	f->text = xmalloc(sizeof(*f->text) + len + 1);
	if (len)
		memcpy(f->text->bytes, text, len);
	f->text->bytes[len] = '\0';
	f->text->len = len;
	f->text->front = front;
	f->text->front_len = front_len;
	f->text->body = body;
}

struct writer {
	sqlite3 *db;
	sqlite3_stmt *put_dir, *get_dir, *del_dir, *del_fts, *add_fts;
	struct buf blob, rec;
	int fts_changed; /* a search text was added or dropped: fts_sum_store() */
};

static void writer_finalize(struct writer *w)
{
	sqlite3_finalize(w->put_dir);
	sqlite3_finalize(w->get_dir);
	sqlite3_finalize(w->del_dir);
	sqlite3_finalize(w->del_fts);
	sqlite3_finalize(w->add_fts);
	buf_release(&w->blob);
	buf_release(&w->rec);
}

static int writer_prepare(struct writer *w)
{
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} v[] = {
		{ &w->put_dir, "INSERT OR REPLACE INTO dirs(dir, files, data) VALUES (?1, ?2, ?3)" },
		{ &w->get_dir, "SELECT data FROM dirs WHERE dir = ?1" },
		{ &w->del_dir, "DELETE FROM dirs WHERE dir = ?1" },
		{ &w->del_fts, "DELETE FROM fts WHERE rowid = ?1" },
		{ &w->add_fts, "INSERT INTO fts(path, front, body) VALUES (?1, ?2, ?3)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (sqlite3_prepare_v2(w->db, v[i].sql, -1, v[i].st, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Adds the search text of a file; its rowid in *id (0 when not indexed). */
static int add_fts(struct writer *w, const struct index_file *f, int64_t *id)
{
	const struct index_text *t = f->text;
	size_t bad;

	*id = 0;
	if (!t || !utf8_valid(t->bytes, t->len, &bad) || t->body > t->len ||
	    t->front + t->front_len > t->len)
		return 0;
	sqlite3_bind_text(w->add_fts, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->add_fts, 2, t->bytes + t->front, (int)t->front_len, SQLITE_STATIC);
	sqlite3_bind_text(w->add_fts, 3, t->bytes + t->body, (int)(t->len - t->body),
			  SQLITE_STATIC);
	if (run(w->add_fts) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(w->db);
	w->fts_changed = 1;
	return 0;
}

static int drop_fts(struct writer *w, int64_t id)
{
	if (!id)
		return 0;
	sqlite3_bind_int64(w->del_fts, 1, id);
	w->fts_changed = 1;
	return run(w->del_fts);
}

/*
 * A folder's blob as it is in the database now (another run may have
 * written it since this one read the cache), into `out` (malloc'd); NULL
 * when there is none.
 */
static int current_blob(struct writer *w, const char *dir, size_t dlen, unsigned char **out,
			size_t *len)
{
	int rc;

	*out = NULL;
	*len = 0;
	sqlite3_bind_text(w->get_dir, 1, dir, (int)dlen, SQLITE_STATIC);
	rc = sqlite3_step(w->get_dir);
	if (rc == SQLITE_ROW && sqlite3_column_blob(w->get_dir, 0)) {
		*len = (size_t)sqlite3_column_bytes(w->get_dir, 0);
		*out = xmalloc(*len ? *len : 1);
		memcpy(*out, sqlite3_column_blob(w->get_dir, 0), *len);
	}
	sqlite3_reset(w->get_dir);
	sqlite3_clear_bindings(w->get_dir);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The files of a blob of the folder `dir`, in name order; none when it does
 * not parse. A file whose checksum does not match is left out (its search
 * text stays behind, unused, rather than a wrong one be dropped).
 */
static struct blob_file *blob_files(const unsigned char *data, size_t len, size_t *n,
				    const char *dir, size_t dlen)
{
	struct reader r;
	struct blob_file *v = NULL;
	size_t count, left, k = 0;

	*n = 0;
	if (!data || blob_open(&r, data, len, &count, dir, dlen) < 0 || count > len)
		return NULL;
	v = xcalloc(count ? count : 1, sizeof(*v));
	left = count;
	while (k < count && blob_next(&r, &left, &v[k]) > 0)
		if (v[k].ok)
			k++;
	if (r.v.bad || r.v.p != r.v.end || left) {
		free(v);
		return NULL;
	}
	*n = k;
	return v;
}

static int name_cmp(const unsigned char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c ? c : alen < blen ? -1 : alen > blen;
}

/* The items of one folder: runs of the (path-ordered) items, in name order. */
struct group {
	const char *dir;  /* borrowed from an item's path */
	size_t dlen;
	size_t first, n;  /* a range of runs */
};

struct run {
	const char *dir;
	size_t dlen;
	size_t start, end; /* items[start..end) all in this folder or elsewhere */
};

static int cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;
	int c = name_cmp((const unsigned char *)x->dir, x->dlen, y->dir, y->dlen);

	return c ? c : x->start < y->start ? -1 : x->start > y->start;
}

static size_t dir_len(const char *relpath)
{
	const char *slash = strrchr(relpath, '/');

	return slash ? (size_t)(slash - relpath) : 0;
}

static int stored(const struct index_file *f)
{
	return f->state != INDEX_NONE;
}

/* The caller's encoder of records. */
struct encoder {
	void (*encode)(void *arg, size_t i, struct buf *out);
	void *arg;
	const struct index_file *files; /* what `i` counts from */
};

/* Writes one folder's blob: its files `v` (n of them, name order). */
static int write_group(struct writer *w, struct index *ix, const struct encoder *enc,
		       const char *dir, size_t dlen, struct index_file **v, size_t n, int clean)
{
	unsigned char *cur = NULL;
	size_t curlen = 0, nold = 0, o = 0;
	struct blob_file *old = NULL;
	uint64_t seed;
	int ret = -1;

	if (!clean) {
		if (current_blob(w, dir, dlen, &cur, &curlen) < 0)
			goto out;
		old = blob_files(cur, curlen, &nold, dir, dlen);
	}
	seed = record_sum(0, (const unsigned char *)dir, dlen);
	buf_reset(&w->blob);
	vput_u(&w->blob, n);
	for (size_t i = 0; i < n; i++) {
		struct index_file *it = v[i];
		const char *name = it->path + (dlen ? dlen + 1 : 0);
		size_t nlen = strlen(name);
		const struct blob_file *was = NULL;
		int64_t seen;
		const unsigned char *rec;
		size_t reclen, start;
		uint64_t sum;
		struct index_key k;
		const struct index_key *key = it->key;

		/* The file's record in the database now, if any: its text may be reused. */
		while (o < nold && name_cmp(old[o].name, old[o].name_len, name, nlen) < 0)
			if (drop_fts(w, old[o++].fts) < 0)
				goto out;
		if (o < nold && !name_cmp(old[o].name, old[o].name_len, name, nlen))
			was = &old[o++];
		if (it->state == INDEX_FRESH) {
			buf_reset(&w->rec);
			enc->encode(enc->arg, (size_t)(it - enc->files), &w->rec);
			rec = (const unsigned char *)w->rec.data;
			reclen = w->rec.len;
			seen = ix->now;
		} else {
			struct blob_file f;
			row_file(ix, it->row, &f);
			rec = f.rec;
			reclen = f.reclen;
			seen = f.seen;
			k = (struct index_key){ f.size, f.mtime, f.ctime, f.ino };
			key = &k;
		}
		it->fts = 0;
		if (was && was->fts && was->size == key->size && was->mtime == key->mtime &&
		    was->ctime == key->ctime && was->ino == key->ino &&
		    was->mtime < was->seen - RACY_NS)
			it->fts = was->fts;
		if (was && was->fts != it->fts && drop_fts(w, was->fts) < 0)
			goto out;
		if (!it->fts && (ix->flags & INDEX_FULL_TEXT) && add_fts(w, it, &it->fts) < 0)
			goto out;
		/* stored: no need to hold it while the rest is read */
		free(it->text);
		it->text = NULL;
		start = w->blob.len;
		vput_u(&w->blob, nlen + 1);
		buf_add(&w->blob, name, nlen);
		vput_i(&w->blob, key->size);
		vput_i(&w->blob, key->mtime);
		vput_i(&w->blob, key->ctime);
		vput_i(&w->blob, key->ino);
		vput_i(&w->blob, seen);
		vput_i(&w->blob, it->fts);
		vput_u(&w->blob, reclen);
		buf_add(&w->blob, rec, reclen);
		sum = record_sum(seed, (const unsigned char *)w->blob.data + start,
				 w->blob.len - start);
		for (int b = 0; b < SUM_LEN; b++)
			buf_addc(&w->blob, (char)(sum >> (8 * b)));
	}
	for (; o < nold; o++)
		if (drop_fts(w, old[o].fts) < 0)
			goto out;
	sqlite3_bind_text(w->put_dir, 1, dir, (int)dlen, SQLITE_STATIC);
	sqlite3_bind_int64(w->put_dir, 2, (int64_t)n);
	sqlite3_bind_blob(w->put_dir, 3, w->blob.data, (int)w->blob.len, SQLITE_STATIC);
	ret = run(w->put_dir);
out:
	free(old);
	free(cur);
	return ret;
}

/* Drops a folder no file was found in, with its search texts. */
static int drop_dir(struct writer *w, const char *dir)
{
	unsigned char *cur = NULL;
	size_t curlen, nold;
	struct blob_file *old;
	int ret = -1;

	if (current_blob(w, dir, strlen(dir), &cur, &curlen) < 0)
		return -1;
	old = blob_files(cur, curlen, &nold, dir, strlen(dir));
	for (size_t o = 0; o < nold; o++)
		if (drop_fts(w, old[o].fts) < 0)
			goto out;
	sqlite3_bind_text(w->del_dir, 1, dir, -1, SQLITE_STATIC);
	ret = run(w->del_dir);
out:
	free(old);
	free(cur);
	return ret;
}

/* The fingerprint in the database now; 1 when it is ours. */
static int fingerprint_current(struct index *ix)
{
	sqlite3_stmt *st = NULL;
	int ours = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT value FROM meta WHERE key = 'fingerprint'", -1,
			       &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		ours = !strcmp((const char *)sqlite3_column_text(st, 0), ix->fingerprint);
	sqlite3_finalize(st);
	return ours;
}

static int cmp_dir_name(const void *key, const void *elem, void *pool)
{
	const struct group *g = key;
	const struct index_dir *d = elem;

	return name_cmp((const unsigned char *)g->dir, g->dlen, (const char *)pool + d->name_off,
			strlen((const char *)pool + d->name_off));
}

/* The cached folder named as the group's, or NULL (ix->dirs is sorted by name). */
static struct index_dir *find_dir(struct index *ix, const struct group *g)
{
	size_t lo = 0, hi = ix->ndirs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_dir_name(g, &ix->dirs[mid], ix->pool.data);
		if (!c)
			return &ix->dirs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * The folders of the items to store, each a range of runs of the
 * path-ordered items (a folder's files are split into several runs when
 * it has subfolders).
 */
static struct group *make_groups(struct index_file *items, size_t n, struct run **runsp,
				 size_t *ngroups)
{
	struct run *runs = NULL;
	struct group *groups = NULL;
	size_t nruns = 0, alloc = 0, galloc = 0;

	*ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		size_t dlen = dir_len(items[i].path);
		if (nruns && runs[nruns - 1].dlen == dlen &&
		    !memcmp(runs[nruns - 1].dir, items[i].path, dlen)) {
			runs[nruns - 1].end = i + 1;
			continue;
		}
		ALLOC_GROW(runs, nruns + 1, alloc);
		runs[nruns].dir = items[i].path;
		runs[nruns].dlen = dlen;
		runs[nruns].start = i;
		runs[nruns].end = i + 1;
		nruns++;
	}
	if (nruns)
		qsort(runs, nruns, sizeof(*runs), cmp_run);
	for (size_t r = 0; r < nruns; r++) {
		struct group *g = *ngroups ? &groups[*ngroups - 1] : NULL;
		if (g && g->dlen == runs[r].dlen && !memcmp(g->dir, runs[r].dir, g->dlen)) {
			g->n++;
			continue;
		}
		ALLOC_GROW(groups, *ngroups + 1, galloc);
		g = &groups[(*ngroups)++];
		g->dir = runs[r].dir;
		g->dlen = runs[r].dlen;
		g->first = r;
		g->n = 1;
	}
	*runsp = runs;
	return groups;
}

/* Whether a folder's blob must be written again; counts what it holds in *count. */
static int group_dirty(struct index_file *items, const struct run *runs, const struct group *g,
		       const struct index_dir *dir, size_t *count)
{
	size_t cached = 0;
	int dirty = !dir || dir->bad;

	*count = 0;
	for (size_t r = g->first; r < g->first + g->n; r++)
		for (size_t i = runs[r].start; i < runs[r].end; i++) {
			const struct index_file *it = &items[i];
			if (!stored(it))
				continue;
			(*count)++;
			cached += it->state == INDEX_CACHED;
			if (it->state == INDEX_FRESH || (it->text && !it->fts))
				dirty = 1;
		}
	return dirty || cached != dir->nfiles; /* dirty when there is no `dir` */
}

static int cmp_doc(const void *a, const void *b)
{
	const struct index_doc *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void free_docs(struct index *ix)
{
	for (size_t i = 0; i < ix->ndocs; i++)
		free(ix->docs[i].path);
	free(ix->docs);
	ix->docs = NULL;
	ix->ndocs = 0;
}

/*
 * The search texts of the files as they are now, for index_search(): a
 * text another run left behind, or one of a file changed since, is not
 * among them.
 */
static void keep_docs(struct index *ix, struct index_file *items, size_t n)
{
	size_t k = 0;

	free_docs(ix);
	ix->docs = xcalloc(n ? n : 1, sizeof(*ix->docs));
	for (size_t i = 0; i < n; i++)
		if (stored(&items[i]) && items[i].fts) {
			ix->docs[k].id = items[i].fts;
			ix->docs[k].path = xstrdup(items[i].path);
			k++;
		}
	ix->ndocs = k;
	qsort(ix->docs, k, sizeof(*ix->docs), cmp_doc);
}

/*
 * A store under way. Each folder is written in a transaction of its own,
 * begun when it is known to have changed, so that the write-ahead log is
 * folded into the database (checkpointed) while the files are still being
 * read rather than all at the end; every folder's blob is whole and
 * checked file by file, so a reader may see some folders new and others
 * old.
 */
struct store {
	struct index *ix;
	struct writer w;
	int prepared;  /* the writer's statements */
	int intx;      /* a write transaction is open */
	int began;     /* one was: the fingerprint is settled */
	int clean;     /* every folder is written: the cache was another fingerprint's */
	int stop;      /* nothing more is written (another run writing, or a failure) */
	long long commits; /* write transactions committed */
};

/*
 * ---- the search tables' checksum ----
 * The records in the folders' blobs carry checksums (record_sum()); the
 * search tables are FTS5's own (its inverted index, the texts, their sizes
 * and its settings), which a flipped byte could change without an error:
 * a word's postings pointing elsewhere, a text's snippet changed. One
 * checksum of all their rows, in key order, is kept in meta after every
 * change (fts_sum_store()) and checked before every search of a cache on
 * disk (index_search()); a mismatch is a damaged search index, which the
 * search rebuilds rather than trust.
 */

static const char *const fts_tables_sql[] = {
	"SELECT id, block FROM fts_data ORDER BY id",
	"SELECT segid, term, pgno FROM fts_idx ORDER BY segid, term",
	"SELECT id, c0, c1, c2 FROM fts_content ORDER BY id",
	"SELECT id, sz FROM fts_docsize ORDER BY id",
	"SELECT k, v FROM fts_config ORDER BY k",
};

/* The checksum of the search tables as 16 hex digits; -1 when one cannot be read. */
static int fts_sum(sqlite3 *db, char out[17])
{
	uint64_t h = 0x6e6f7465626f6f6bULL;

	for (size_t t = 0; t < ARRAY_SIZE(fts_tables_sql); t++) {
		sqlite3_stmt *st = NULL;
		int rc;

		if (sqlite3_prepare_v2(db, fts_tables_sql[t], -1, &st, NULL) != SQLITE_OK) {
			sqlite3_finalize(st);
			return -1;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				unsigned char tag[9];
				int type = sqlite3_column_type(st, c);
				int64_t v = 0;
				const void *p = NULL;
				size_t n = 0;

				if (type == SQLITE_INTEGER) {
					v = sqlite3_column_int64(st, c);
				} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
					p = sqlite3_column_blob(st, c);
					n = (size_t)sqlite3_column_bytes(st, c);
					v = (int64_t)n;
				} else if (type == SQLITE_FLOAT) {
					double d = sqlite3_column_double(st, c);
					memcpy(&v, &d, sizeof(v));
				}
				tag[0] = (unsigned char)type;
				memcpy(tag + 1, &v, 8);
				h = record_sum(h, tag, sizeof(tag));
				if (n)
					h = record_sum(h, p, n);
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
		h = record_sum(h, (const unsigned char *)"\n", 1);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

/* The checksum meta holds, into `out`; 0, or -1 when there is none. */
static int fts_sum_kept(sqlite3 *db, char out[17])
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'fts_sum'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 16) {
		memcpy(out, sqlite3_column_text(st, 0), 16);
		out[16] = '\0';
		ret = 0;
	}
	sqlite3_finalize(st);
	return ret;
}

/*
 * Keeps the search tables' checksum in meta, in a transaction of its own
 * (a run killed before it leaves the old one, and the next search
 * rebuilds the search texts: time lost, nothing trusted).
 */
static void fts_sum_store(struct index *ix)
{
	char sum[17], *sql;

	if (exec_sql(ix->db, "BEGIN IMMEDIATE") < 0)
		return;
	if (fts_sum(ix->db, sum) < 0) {
		exec_sql(ix->db, "ROLLBACK");
		return;
	}
	sql = xasprintf("INSERT OR REPLACE INTO meta(key, value) VALUES ('fts_sum', '%s')", sum);
	if (exec_sql(ix->db, sql) < 0 || exec_sql(ix->db, "COMMIT") < 0)
		exec_sql(ix->db, "ROLLBACK");
	free(sql);
}

static void store_rollback(struct store *st)
{
	if (st->intx)
		exec_sql(st->ix->db, "ROLLBACK");
	st->intx = 0;
	st->stop = 1;
}

/*
 * In a write transaction: the monitor's state kept with the rows goes
 * when it is not the one this run read with them. Another run kept it
 * meanwhile, as of its own clock, and the rows this run writes may be of
 * files read before that clock: a change made between the two would be
 * missing from the monitor's answer since it, and the stale row vouched
 * for. Without a state the next run stats every file and keeps a new one.
 * 0, or -1.
 */
static int forget_newer_monitor_state(struct index *ix)
{
	sqlite3_stmt *q = NULL;
	int ok;

	ok = sqlite3_prepare_v2(ix->db, "DELETE FROM meta WHERE key = 'monitor' AND value IS NOT ?",
				-1, &q, NULL) == SQLITE_OK &&
	     sqlite3_bind_text(q, 1, ix->monitor_had, -1, SQLITE_STATIC) == SQLITE_OK &&
	     sqlite3_step(q) == SQLITE_DONE;
	sqlite3_finalize(q);
	return ok ? 0 : -1;
}

/* 0 when a write transaction is open, -1 when nothing is to be written. */
static int store_begin(struct store *st)
{
	struct index *ix = st->ix;

	if (st->stop)
		return -1;
	if (st->intx)
		return 0;
	/* Another run writing: leave it to that one. */
	if (exec_sql(ix->db, "BEGIN IMMEDIATE") < 0) {
		st->stop = 1;
		return -1;
	}
	st->intx = 1;
	/* every write counts, for keep_monitor_state() */
	if (exec_sql(ix->db, "INSERT INTO meta(key, value) VALUES ('gen', 1)"
			     " ON CONFLICT(key) DO UPDATE SET value = value + 1") < 0 ||
	    forget_newer_monitor_state(ix) < 0)
		goto fail;
	if (!st->prepared) {
		st->w.db = ix->db;
		if (writer_prepare(&st->w) < 0)
			goto fail;
		st->prepared = 1;
	}
	if (!fingerprint_current(ix)) {
		char *sql;
		int rc;
		/* Another version of the tool took the cache over meanwhile: its now. */
		if (st->began)
			goto fail;
		sql = xasprintf("DELETE FROM dirs; DELETE FROM fts;"
				" INSERT OR REPLACE INTO meta(key, value) VALUES ('fingerprint', '%s')",
				ix->fingerprint);
		rc = exec_sql(ix->db, sql);
		free(sql);
		if (rc < 0)
			goto fail;
		st->clean = 1;
		st->w.fts_changed = 1;
	}
	st->began = 1;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static int store_commit(struct store *st)
{
	if (!st->intx)
		return 0;
	st->intx = 0;
	if (exec_sql(st->ix->db, "COMMIT") < 0) {
		st->intx = 1;
		store_rollback(st);
		return -1;
	}
	st->commits++;
	st->ix->wrote = 1;
	return 0;
}


/* The rows' count of write transactions as meta has it now (0: none yet), -1 when unread. */
static long long meta_gen(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	long long gen = -1;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'gen'", -1, &q, NULL) ==
	    SQLITE_OK) {
		int rc = sqlite3_step(q);
		gen = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : rc == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(q);
	return gen;
}
/*
 * Keeps the monitor's new state with the rows, so that the next run asks
 * what changed since this one looked. Only when every row is right as of
 * that state: this run wrote all it had to, and no other run wrote
 * between this one's reading the rows and now (the count of write
 * transactions is what it was plus this run's own). Else the state kept
 * is left, older: asking since it lists more, never less.
 */
static void keep_monitor_state(struct index *ix, const struct store *st)
{
	sqlite3_stmt *q = NULL;
	long long gen;

	if (!ix->answer.ok || !ix->answer.moved || st->stop || !strcmp(ix->path, ":memory:"))
		return;
	if (exec_sql(ix->db, "BEGIN IMMEDIATE") < 0)
		return;
	gen = meta_gen(ix->db);
	if (gen == ix->gen + st->commits && fingerprint_current(ix) &&
	    sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('monitor', ?)",
			       -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(q, 1, ix->answer.state, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_DONE) {
		sqlite3_finalize(q);
		if (exec_sql(ix->db, "COMMIT") == 0)
			return;
		q = NULL;
	}
	sqlite3_finalize(q);
	exec_sql(ix->db, "ROLLBACK");
}

/*
 * Without the monitor, an answer is kept as of the rows as this run left
 * them: their count of writes, when it is what this run read plus its
 * own (no other run wrote meanwhile) and the fingerprint is still ours.
 */
static void keep_stat_state(struct index *ix, const struct store *st)
{
	long long gen;

	if (!ix->monitor_known || st->stop || !strcmp(ix->path, ":memory:"))
		return;
	gen = meta_gen(ix->db);
	if (gen < 0 || gen != ix->gen + st->commits || !fingerprint_current(ix))
		return;
	/* an answer's parts are of the rows as they are, with the monitor too */
	ix->rows_gen = gen;
	if (ix->monitor)
		return;
	free(ix->answer_clock);
	ix->answer_clock = xasprintf("stat %lld", gen);
}

/* The texts added in a transaction rolled back are gone with it. */
static void forget_texts(const struct index *ix, struct index_file **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i]->fts = v[i]->state == INDEX_CACHED && v[i]->row ? row_fts(ix, v[i]->row) : 0;
}

/* The end of a group's items (past its last one). */
static size_t group_end(const struct run *runs, const struct group *g)
{
	size_t end = 0;

	for (size_t r = g->first; r < g->first + g->n; r++)
		if (runs[r].end > end)
			end = runs[r].end;
	return end;
}

void index_store(struct index *ix, struct index_file *items, size_t n,
		 void (*encode)(void *arg, size_t i, struct buf *out),
		 void (*ready)(void *arg, size_t end), void *arg)
{
	struct store st = { ix, { 0 }, 0, 0, 0, 0, 0 };
	struct encoder enc = { encode, arg, items };
	struct run *runs = NULL;
	struct group *groups = NULL;
	struct index_file **v = NULL;
	size_t ngroups = 0, valloc = 0;

	index_wait(ix);
	if (!ix->db)
		goto out;
	/* The folders are known from the paths alone, before any file is read. */
	groups = make_groups(items, n, &runs, &ngroups);
	for (size_t k = 0; k < ix->ndirs; k++)
		ix->dirs[k].used = 0;
	for (size_t g = 0; g < ngroups; g++) {
		struct index_dir *dir = find_dir(ix, &groups[g]);
		size_t count, nv = 0;
		int dirty;

		if (dir)
			dir->used = 1;
		if (st.stop)
			continue;
		if (ready)
			ready(arg, group_end(runs, &groups[g]));
		dirty = group_dirty(items, runs, &groups[g], dir, &count);
		/* a folder whose files are all unreadable now has nothing to hold */
		if (!count && !dir)
			dirty = 0;
		if ((!dirty && !st.clean) || store_begin(&st) < 0)
			continue;
		for (size_t r = groups[g].first; r < groups[g].first + groups[g].n; r++)
			for (size_t i = runs[r].start; i < runs[r].end; i++)
				if (stored(&items[i])) {
					ALLOC_GROW(v, nv + 1, valloc);
					v[nv++] = &items[i];
				}
		if (!nv) {
			if (!st.clean && dir && drop_dir(&st.w, ix->pool.data + dir->name_off) < 0)
				store_rollback(&st);
		} else if (write_group(&st.w, ix, &enc, groups[g].dir, groups[g].dlen, v, nv,
				       st.clean) < 0) {
			store_rollback(&st);
			forget_texts(ix, v, nv);
		}
		if (store_commit(&st) < 0)
			forget_texts(ix, v, nv);
	}
	if (ready)
		ready(arg, n);
	/* No folder to write, but the cache is another fingerprint's: make it ours. */
	if (!st.began && !ix->fingerprint_ok && store_begin(&st) == 0)
		store_commit(&st);
	for (size_t k = 0; k < ix->ndirs && !st.clean; k++) {
		if (ix->dirs[k].used || store_begin(&st) < 0)
			continue;
		if (drop_dir(&st.w, ix->pool.data + ix->dirs[k].name_off) < 0)
			store_rollback(&st);
	}
	store_commit(&st);
	keep_monitor_state(ix, &st);
	keep_stat_state(ix, &st);
	{
		char kept[17];

		/* any run that changed a search text (status drops those of changed files) */
		if (strcmp(ix->path, ":memory:") &&
		    (st.w.fts_changed || ((ix->flags & INDEX_FULL_TEXT) && fts_sum_kept(ix->db, kept) < 0)))
			fts_sum_store(ix);
	}
out:
	if (ready)
		ready(arg, n);
	writer_finalize(&st.w);
	if (ix->db && (ix->flags & INDEX_FULL_TEXT))
		keep_docs(ix, items, n);
	free(v);
	free(groups);
	free(runs);
}

/* ---- answers ---- */

/* Answers kept at most: a few commands and option sets in use. */
#define ANSWERS_KEPT 8
/* An output larger than this is not kept. */
#define ANSWER_MAX (64 << 20)

/*
 * The key as stored: the fingerprint, whether the monitor or the stat walk
 * vouches for the answer, then the caller's bytes. An answer of each kind
 * is kept apart, so that a run of the other kind (NOTEBOOK_MONITOR=none
 * beside the configured watchman) cannot replace it with one whose state
 * this run cannot read.
 */
static void answer_key(const struct index *ix, const void *key, size_t len, struct buf *out)
{
	buf_add(out, ix->fingerprint, sizeof(ix->fingerprint));
	buf_addc(out, ix->monitor ? 'w' : 's');
	buf_add(out, key, len);
}

static int64_t answer_sum(const struct buf *key, const char *state, int status, const void *out,
			  size_t outlen)
{
	unsigned char st[4] = { (unsigned char)status, (unsigned char)(status >> 8),
				(unsigned char)(status >> 16), (unsigned char)(status >> 24) };
	uint64_t h = record_sum(0x616e73776572ULL, (const unsigned char *)key->data, key->len);

	h = record_sum(h, (const unsigned char *)state, strlen(state));
	h = record_sum(h, st, sizeof(st));
	return (int64_t)record_sum(h, out, outlen);
}

/* The kept answer of `key`: 1 with its state, status and output, 0 when none is whole. */
static int answer_read(struct index *ix, const struct buf *key, char **state, int *status,
		       struct buf *out)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT state, status, out, sum FROM answers WHERE key = ?",
			       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st); /* no table yet: no answer */
		return 0;
	}
	sqlite3_bind_blob(st, 1, key->data, (int)key->len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		const void *data = sqlite3_column_blob(st, 2);
		size_t n = (size_t)sqlite3_column_bytes(st, 2);
		int code = sqlite3_column_int(st, 1);

		/* a flipped bit is a miss, never a wrong answer */
		if (answer_sum(key, text, code, data ? data : "", n) == sqlite3_column_int64(st, 3)) {
			*state = xstrdup(text);
			*status = code;
			buf_reset(out);
			buf_add(out, data ? data : "", n);
			ret = 1;
		}
	}
	sqlite3_finalize(st);
	return ret;
}

int index_answers_on(struct index *ix)
{
	if (!ix || !ix->deferred || !strcmp(ix->path, ":memory:"))
		return 0;
	if (!ix->monitor_known) {
		ix->monitor = monitor_configured(ix->root);
		ix->monitor_known = 1;
	}
	return 1;
}

int index_stat_answer(struct index *ix, const void *key, size_t len, struct buf *out,
		      int *status)
{
	struct buf k = BUF_INIT;
	char *state = NULL, now[32];
	int hit;

	if (!ix || !ix->monitor_known || ix->monitor || !ix->db || !ix->fingerprint_ok)
		return 0;
	snprintf(now, sizeof(now), "stat %lld", ix->gen);
	answer_key(ix, key, len, &k);
	hit = answer_read(ix, &k, &state, status, out) && !strcmp(state, now);
	free(state);
	buf_release(&k);
	if (!hit)
		buf_reset(out);
	return hit;
}

/* The parts kept beside the answer of `key` (index_keep_answer()): 1 when they are whole. */
static int parts_read(struct index *ix, const struct buf *key, const char *state, struct buf *parts)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;

	if (sqlite3_prepare_v2(ix->db, "SELECT parts, sum FROM answer_parts WHERE key = ?", -1, &st,
			       NULL) != SQLITE_OK) {
		sqlite3_finalize(st); /* no table yet: no parts */
		return 0;
	}
	sqlite3_bind_blob(st, 1, key->data, (int)key->len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);

		if (answer_sum(key, state, 0, data ? data : "", n) == sqlite3_column_int64(st, 1)) {
			buf_reset(parts);
			buf_add(parts, data ? data : "", n);
			ret = 1;
		}
	}
	sqlite3_finalize(st);
	return ret;
}

int index_stat_parts(struct index *ix, const void *key, size_t len, struct buf *out,
		     struct buf *parts, int *status)
{
	struct buf k = BUF_INIT;
	char *state = NULL, now[32];
	int hit;

	if (!ix || !ix->monitor_known || !ix->db || !ix->fingerprint_ok)
		return 0;
	snprintf(now, sizeof(now), "stat %lld", ix->gen);
	answer_key(ix, key, len, &k);
	/*
	 * The parts are of the rows as the answer's run left them: kept under
	 * their count of writes then, with the monitor too (whose answer is
	 * kept as of its clock).
	 */
	hit = answer_read(ix, &k, &state, status, out) && (ix->monitor || !strcmp(state, now)) &&
	      parts_read(ix, &k, now, parts);
	free(state);
	buf_release(&k);
	if (!hit) {
		buf_reset(out);
		buf_reset(parts);
	}
	return hit;
}

size_t index_row_pos(const struct index *ix, const struct index_row *row)
{
	return (size_t)(row - ix->rows);
}

size_t index_rows(struct index *ix)
{
	index_wait(ix);
	return ix->fingerprint_ok ? ix->nrows : 0;
}

int index_answer(struct index *ix, const void *key, size_t len, struct buf *out, int *status)
{
	struct buf k = BUF_INIT;
	struct monitor_answer a;
	char *state = NULL;
	int kept, hit;

	if (!index_answers_on(ix) || !ix->monitor)
		return 0;
	answer_key(ix, key, len, &k);
	kept = answer_read(ix, &k, &state, status, out);
	/*
	 * Asked even without a kept answer: the clock it gives is taken
	 * before this run reads any file, so an answer kept as of it can miss
	 * no change (a clock taken later could miss one made while the files
	 * were being read).
	 */
	monitor_ask(ix->root, state, &a);
	hit = kept && a.ok && a.exact && !a.nchanged;
	free(ix->answer_clock);
	ix->answer_clock = a.ok ? xstrdup(a.state) : NULL;
	monitor_answer_release(&a);
	free(state);
	buf_release(&k);
	if (!hit)
		buf_reset(out);
	return hit;
}

/*
 * In the transaction that keeps the answer of `k`: its parts (`parts`, when
 * not NULL and not empty), else none (those of an answer kept before are
 * not this one's). 0, or -1.
 */
static int parts_keep(struct index *ix, const struct buf *k, const struct buf *parts)
{
	sqlite3_stmt *st = NULL;
	char state[32];
	int has = parts && parts->len && ix->rows_gen >= 0, ok;

	ok = sqlite3_prepare_v2(ix->db, has ? "INSERT OR REPLACE INTO answer_parts(key, parts, sum)"
					      " VALUES (?, ?, ?)"
					    : "DELETE FROM answer_parts WHERE key = ?",
				-1, &st, NULL) == SQLITE_OK;
	if (ok) {
		sqlite3_bind_blob(st, 1, k->data, (int)k->len, SQLITE_STATIC);
		if (has) {
			snprintf(state, sizeof(state), "stat %lld", ix->rows_gen);
			sqlite3_bind_blob(st, 2, parts->data, (int)parts->len, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, answer_sum(k, state, 0, parts->data, parts->len));
		}
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

void index_keep_answer(struct index *ix, const void *key, size_t len, const void *out,
		       size_t outlen, const struct buf *parts, int status)
{
	static const char sql[] =
		"CREATE TABLE IF NOT EXISTS answers(key BLOB PRIMARY KEY, state TEXT NOT NULL,"
		" status INTEGER NOT NULL, out BLOB NOT NULL, sum INTEGER NOT NULL,"
		" used INTEGER NOT NULL);"
		"CREATE TABLE IF NOT EXISTS answer_parts(key BLOB PRIMARY KEY, parts BLOB NOT NULL,"
		" sum INTEGER NOT NULL);";
	struct buf k = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (!ix || !ix->db || !ix->answer_clock || outlen > ANSWER_MAX ||
	    !strcmp(ix->path, ":memory:"))
		return;
	index_wait(ix);
	if (!ix->db || exec_sql(ix->db, "BEGIN IMMEDIATE") < 0)
		return;
	answer_key(ix, key, len, &k);
	if (exec_sql(ix->db, sql) == 0 &&
	    sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO answers(key, state, status, out, sum,"
				       " used) VALUES (?, ?, ?, ?, ?, ?)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_blob(st, 1, k.data, (int)k.len, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ix->answer_clock, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, status);
		sqlite3_bind_blob(st, 4, outlen ? out : "", (int)outlen, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, answer_sum(&k, ix->answer_clock, status, outlen ? out : "",
						     outlen));
		sqlite3_bind_int64(st, 6, ix->now);
		ok = sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	/* parts of an answer kept before are not those of this one */
	if (ok)
		ok = parts_keep(ix, &k, parts) == 0;
	if (ok)
		ok = exec_sql(ix->db, "DELETE FROM answers WHERE key NOT IN (SELECT key FROM answers"
				      " ORDER BY used DESC LIMIT " STR(ANSWERS_KEPT) ")") == 0 &&
		     exec_sql(ix->db, "DELETE FROM answer_parts WHERE key NOT IN"
				      " (SELECT key FROM answers)") == 0;
	exec_sql(ix->db, ok ? "COMMIT" : "ROLLBACK");
	buf_release(&k);
}

/* ---- search ---- */

void search_hits_free(struct search_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(hits[i].path);
		free(hits[i].snippet);
	}
	free(hits);
}

/* FTS5's complaint about a query, in words (into `why`). */
static void query_problem(const char *msg, struct buf *why)
{
	const char *near;

	if (!strncmp(msg, "fts5: ", 6))
		msg += 6;
	if (!strncmp(msg, "syntax error near ", 18)) {
		near = msg + 18;
		if (!strcmp(near, "\"\""))
			buf_adds(why, "it ends where a word or phrase should follow");
		else
			buf_printf(why, "unexpected %s", near);
	} else if (!strcmp(msg, "unterminated string")) {
		buf_adds(why, "a quote is not closed");
	} else if (!strncmp(msg, "no such column: ", 16)) {
		buf_printf(why, "there is no field '%s' (only 'front:' and 'body:')", msg + 16);
	} else {
		buf_adds(why, msg);
	}
	buf_adds(why, "; use words, \"a phrase\", prefix*, AND, OR, NOT and parentheses");
}

/* Copies a snippet, runs of white space made one blank. */
static char *tidy_snippet(const unsigned char *s)
{
	struct buf b = BUF_INIT;
	int blank = 0;

	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
			blank = 1;
			continue;
		}
		if (blank && b.len)
			buf_addc(&b, ' ');
		blank = 0;
		buf_addc(&b, (char)*s);
	}
	return buf_detach(&b);
}

int index_search(struct index *ix, const char *query, size_t limit,
		 struct search_hit **hits, size_t *nhits, struct buf *why)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc, ret = -2, intx = 0;

	*hits = NULL;
	*nhits = 0;
	index_wait(ix);
	if (!ix->db) {
		error("cannot search: the index cannot be read");
		return -2;
	}
	/* the search tables as the last change left them, in one snapshot with the search */
	if (strcmp(ix->path, ":memory:")) {
		char kept[17], now[17];

		if (exec_sql(ix->db, "BEGIN") < 0)
			return INDEX_DAMAGED;
		intx = 1;
		if (fts_sum_kept(ix->db, kept) < 0 || fts_sum(ix->db, now) < 0 || strcmp(kept, now)) {
			/*
			 * Or another run is changing them: once it holds no write
			 * lock any more, they must match (a run between its last
			 * change and its checksum is a moment's race, and a
			 * rebuild then costs time, not a result).
			 */
			exec_sql(ix->db, "COMMIT");
			if (exec_sql(ix->db, "BEGIN IMMEDIATE") < 0) {
				intx = 0;
				ret = INDEX_DAMAGED;
				goto out;
			}
			if (fts_sum_kept(ix->db, kept) < 0 || fts_sum(ix->db, now) < 0 ||
			    strcmp(kept, now)) {
				ret = INDEX_DAMAGED;
				goto out;
			}
		}
	}
	/*
	 * Texts not of the files as they are now are passed over (see
	 * keep_docs()). A text with many matches gets nb_snippet(), linear in
	 * them, where snippet() is quadratic (see SNIPPET_FEW).
	 */
	rc = sqlite3_prepare_v2(ix->db,
		"SELECT path, CASE WHEN nb_matches(fts) <= " STR(SNIPPET_FEW)
		" THEN snippet(fts, -1, ?2, ?3, '...', 12) ELSE nb_snippet(fts, ?2, ?3, '...', 12) END,"
		" rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank, path", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		error("cannot search '%s': %s; run 'notebook index --rebuild'", ix->path,
		      sqlite3_errmsg(ix->db));
		goto out;
	}
	sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, "\xfe", 1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, "\xff", 1, SQLITE_STATIC);
	while ((!limit || *nhits < limit) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *path = sqlite3_column_text(st, 0);
		struct index_doc key = { sqlite3_column_int64(st, 2), NULL }, *doc;
		if (!path)
			continue;
		doc = ix->ndocs ? bsearch(&key, ix->docs, ix->ndocs, sizeof(*ix->docs), cmp_doc) : NULL;
		if (!doc || strcmp(doc->path, (const char *)path))
			continue;
		ALLOC_GROW(*hits, *nhits + 1, alloc);
		(*hits)[*nhits].path = xstrdup((const char *)path);
		(*hits)[*nhits].snippet = tidy_snippet(sqlite3_column_text(st, 1));
		(*nhits)++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		const char *msg = sqlite3_errmsg(ix->db);
		/* Our statement is fixed: a plain error is the query's. */
		if (rc == SQLITE_ERROR) {
			query_problem(msg, why);
			ret = -1;
		} else {
			error("cannot search '%s': %s; run 'notebook index --rebuild'", ix->path, msg);
		}
		search_hits_free(*hits, *nhits);
		*hits = NULL;
		*nhits = 0;
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	if (intx)
		exec_sql(ix->db, "COMMIT");
	return ret;
}
