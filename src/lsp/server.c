/*
 * The language server: the JSON-RPC messages of the Language Server
 * Protocol 3.17, the documents the editor has open, and the findings of
 * `check` on their unsaved text, published as the editor types
 * (notebook(1), `lsp`). The requests that read a document (completion,
 * hover, …) are in assist.c.
 */
#include "lsp/lsp_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontmatter.h"
#include "load.h"
#include "lsp/rpc.h"
#include "tz.h"
#include "util.h"
#include "yaml.h"

/* A document longer than this is not kept: the editor is told it is too big to check. */
#define MAX_DOC_SIZE (4 * MAX_FILE_SIZE)
/* Open documents at once. */
#define MAX_DOCS 10000
/* Client files counted for the cross-file rules (as the loader's walk). */
#define MAX_CLIENT_FILES 1000000
#define MAX_WALK_DEPTH 16

/* ---- writing messages ---- */

static void send_json(struct lsp_server *s, json_t *msg)
{
	char *text;
	struct buf out = BUF_INIT;

	if (!msg) {
		/* a message that could not be made is a bug here: said where it can be seen */
		error("lsp: a message could not be made; it is left out");
		return;
	}
	text = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(msg);
	if (!text)
		return;
	rpc_frame(&out, text, strlen(text));
	free(text);
	if (!s->write_failed && s->write(s->write_ctx, out.data, out.len) < 0)
		s->write_failed = 1;
	buf_release(&out);
}

/* {"jsonrpc": "2.0", "id": id}: the start of every response. */
static json_t *response_to(json_t *id)
{
	json_t *msg = json_object();

	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	json_object_set(msg, "id", id ? id : json_null());
	return msg;
}

static void respond(struct lsp_server *s, json_t *id, json_t *result)
{
	json_t *msg = response_to(id);

	json_object_set_new(msg, "result", result ? result : json_null());
	send_json(s, msg);
}

static void respond_error(struct lsp_server *s, json_t *id, int code, const char *message)
{
	json_t *msg = response_to(id), *err = json_object();

	json_object_set_new(err, "code", json_integer(code));
	json_object_set_new(err, "message", json_string(message));
	json_object_set_new(msg, "error", err);
	send_json(s, msg);
}

static void notify(struct lsp_server *s, const char *method, json_t *params)
{
	send_json(s, json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

void lsp_log(struct lsp_server *s, int type, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	notify(s, "window/logMessage", json_pack("{s:i, s:s}", "type", type, "message", buf_str(&msg)));
	buf_release(&msg);
}

json_t *lsp_range_json(struct lsp_range r)
{
	return json_pack("{s:{s:I, s:I}, s:{s:I, s:I}}",
			 "start", "line", (json_int_t)r.start.line, "character", (json_int_t)r.start.character,
			 "end", "line", (json_int_t)r.end.line, "character", (json_int_t)r.end.character);
}

/* ---- paths and URIs ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The local path of a "file:" URI, malloc'd; NULL for any other. */
static char *path_of_uri(const char *uri)
{
	struct buf b = BUF_INIT;
	const char *p;

	if (strncmp(uri, "file://", 7))
		return NULL;
	p = uri + 7;
	if (!strncmp(p, "localhost/", 10))
		p += 9;
	if (*p != '/')
		return NULL;
	for (; *p && *p != '?' && *p != '#'; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
			char c = (char)(hi * 16 + lo);
			if (!c) {
				buf_release(&b);
				return NULL;
			}
			buf_addc(&b, c);
			p += 2;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_detach(&b);
}

char *lsp_uri_of(const struct lsp_server *s, const char *relpath)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	char *path = xasprintf("%s/%s", s->root ? s->root : "", relpath);

	buf_adds(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p)) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	free(path);
	return buf_detach(&b);
}

static int has_notebook_yaml(const char *dir)
{
	char *p = xasprintf("%s/notebook.yaml", dir);
	struct stat st;
	int ok = !stat(p, &st) && S_ISREG(st.st_mode);

	free(p);
	return ok;
}

/* The nearest folder at or above `path` holding notebook.yaml, malloc'd and real; or NULL. */
static char *root_above(const char *path)
{
	char *dir = realpath(path, NULL);

	if (!dir) {
		/* a file not saved yet: its folder */
		char *copy = xstrdup(path), *slash = strrchr(copy, '/');
		if (slash && slash != copy) {
			*slash = '\0';
			dir = realpath(copy, NULL);
		}
		free(copy);
		if (!dir)
			return NULL;
	}
	for (;;) {
		struct stat st;
		if (!stat(dir, &st) && S_ISDIR(st.st_mode) && has_notebook_yaml(dir))
			return dir;
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			free(dir);
			return NULL;
		}
		*slash = '\0';
	}
}

/* The path of `uri` from the notebook root, malloc'd; NULL when outside it. */
static char *relpath_of(struct lsp_server *s, const char *uri)
{
	char *path = path_of_uri(uri), *rel = NULL;
	size_t rl;

	if (!path)
		return NULL;
	if (!s->root)
		s->root = root_above(path);
	if (!s->root)
		goto out;
	rl = strlen(s->root);
	if (!strncmp(path, s->root, rl) && path[rl] == '/' && path[rl + 1]) {
		rel = xstrdup(path + rl + 1);
	} else {
		/* the editor may name it through a symbolic link to the root */
		char *slash = strrchr(path, '/');
		char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
		char *real = dir && *dir ? realpath(dir, NULL) : NULL;
		if (real && !strncmp(real, s->root, rl) && (real[rl] == '/' || !real[rl]))
			rel = xasprintf("%s%s%s", real[rl] ? real + rl + 1 : "", real[rl] ? "/" : "",
					slash + 1);
		free(real);
		free(dir);
	}
out:
	free(path);
	return rel;
}

/* ---- the notebook on disk: client ids, the model, the schemas ---- */

static void free_ids(struct lsp_server *s)
{
	for (size_t i = 0; i < s->nids; i++) {
		free(s->ids[i]);
		free(s->id_paths[i]);
	}
	free(s->ids);
	free(s->id_paths);
	s->ids = s->id_paths = NULL;
	s->nids = 0;
}

struct id_walk {
	char **ids, **paths;
	size_t n, alloc;
};

static int ends_with_md(const char *s)
{
	size_t n = strlen(s);

	return n > 3 && !strcmp(s + n - 3, ".md");
}

/* Every regular *.md under clients/, as the loader walks it (no links followed). */
static void walk_clients(struct id_walk *w, int dirfd, const char *rel, int depth)
{
	DIR *dir;
	struct dirent *de;
	int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return;
	}
	while ((de = readdir(dir)) && w->n < MAX_CLIENT_FILES) {
		unsigned char type = de->d_type;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (type == DT_UNKNOWN) {
			if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR && depth + 1 < MAX_WALK_DEPTH) {
			char *sub = xasprintf("%s/%s", rel, de->d_name);
			walk_clients(w, dirfd, sub, depth + 1);
			free(sub);
		} else if (type == DT_REG && ends_with_md(de->d_name)) {
			ALLOC_GROW(w->ids, w->n + 2, w->alloc);
			w->paths = xreallocarray(w->paths, w->alloc, sizeof(*w->paths));
			w->ids[w->n] = xstrndup(de->d_name, strlen(de->d_name) - 3);
			w->paths[w->n] = xasprintf("%s/%s", rel, de->d_name);
			w->n++;
		}
	}
	closedir(dir);
}

struct id_path {
	char *id, *path;
};

static int cmp_id_path(const void *a, const void *b)
{
	const struct id_path *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

void lsp_ensure_ids(struct lsp_server *s)
{
	struct id_walk w = { 0 };
	struct id_path *v;
	int rootfd;

	if (s->ids_fresh)
		return;
	free_ids(s);
	s->ids_fresh = 1;
	if (s->root && (rootfd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		walk_clients(&w, rootfd, "clients", 0);
		close(rootfd);
	}
	v = xcalloc(w.n + 1, sizeof(*v));
	for (size_t i = 0; i < w.n; i++) {
		v[i].id = w.ids[i];
		v[i].path = w.paths[i];
	}
	qsort(v, w.n, sizeof(*v), cmp_id_path);
	s->ids = xcalloc(w.n + 1, sizeof(*s->ids));
	s->id_paths = xcalloc(w.n + 1, sizeof(*s->id_paths));
	for (size_t i = 0; i < w.n; i++) {
		s->ids[i] = v[i].id;
		s->id_paths[i] = v[i].path;
	}
	s->nids = w.n;
	free(v);
	free(w.ids);
	free(w.paths);
}

static void ensure_checker(struct lsp_server *s)
{
	if (s->ck || s->ck_tried)
		return;
	s->ck_tried = 1;
	diags_release(&s->ck_diags);
	s->ck = checker_open(s->root, NULL, &s->ck_diags);
	diags_sort(&s->ck_diags);
	if (!s->ck)
		lsp_log(s, 1, "notebook: the notebook's schemas in schema/ have errors; "
			"no file is checked until they are fixed");
}

const struct notebook *lsp_notebook(struct lsp_server *s)
{
	struct diags d = DIAGS_INIT;

	if (!s->root)
		return NULL;
	if (!s->nb_loaded) {
		if (notebook_load(s->root, 0, &s->nb, &d) < 0) {
			notebook_release(&s->nb);
			memset(&s->nb, 0, sizeof(s->nb));
		}
		s->nb_loaded = 1;
		diags_release(&d);
	}
	return s->nb.root ? &s->nb : NULL;
}

int lsp_day_today(const struct lsp_server *s)
{
	day_t t;

	(void)s;
	if (tz_today(&t) < 0)
		return 0;
	return t;
}

/* Forgets what was read from the disk: it is read again when next needed. */
static void disk_changed(struct lsp_server *s, int schemas)
{
	s->ids_fresh = 0;
	if (s->nb_loaded) {
		notebook_release(&s->nb);
		memset(&s->nb, 0, sizeof(s->nb));
		s->nb_loaded = 0;
	}
	if (schemas) {
		checker_free(s->ck);
		s->ck = NULL;
		s->ck_tried = 0;
		for (int k = 0; k < SCHEMA_KINDS; k++)
			lsp_fields_release(&s->fields[k]);
		s->fields_loaded = 0;
	}
}

/* ---- documents ---- */

struct lsp_doc *lsp_doc_find(struct lsp_server *s, const char *uri)
{
	for (size_t i = 0; i < s->ndocs; i++)
		if (!strcmp(s->docs[i].uri, uri))
			return &s->docs[i];
	return NULL;
}

static void findings_release(struct lsp_doc *d)
{
	for (size_t i = 0; i < d->nfindings; i++) {
		free(d->findings[i].msg);
		free(d->findings[i].suggest);
	}
	free(d->findings);
	d->findings = NULL;
	d->nfindings = d->findings_alloc = 0;
}

static void doc_release(struct lsp_doc *d)
{
	free(d->uri);
	free(d->relpath);
	buf_release(&d->text);
	findings_release(d);
}

/* The word a "(did you mean 'X'?)" suggests, malloc'd, or NULL. */
static char *suggestion_of(const char *msg)
{
	const char *p = strstr(msg, "(did you mean '");
	const char *end;

	if (!p)
		return NULL;
	p += 15;
	end = strstr(p, "'?)");
	return end && end > p ? xstrndup(p, (size_t)(end - p)) : NULL;
}

long lsp_fm_close(const char *s, size_t len)
{
	struct fm_span fm;

	return fm_split(s, len, &fm) == FM_OK ? fm.close_line - 1 : -1;
}

/*
 * Where the YAML token at `off` ends on its line (`le`): a quoted scalar
 * with its quotes, a flow collection with its brackets, else a plain
 * scalar or key up to ": ", " #", the line's end, or in a flow collection
 * the next ',', ']' or '}'. In the body (not YAML), a word: up to a space.
 */
static size_t token_end(const char *s, size_t ls, size_t off, size_t le, int yaml)
{
	size_t i = off, end;
	int flow = 0;

	if (off >= le)
		return off;
	if (!yaml) {
		while (i < le && s[i] != ' ' && s[i] != '\t')
			i++;
		return i;
	}
	for (size_t j = ls; j < off; j++)
		if (s[j] == '[' || s[j] == '{')
			flow++;
		else if ((s[j] == ']' || s[j] == '}') && flow)
			flow--;
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i++];
		while (i < le) {
			if (q == '"' && s[i] == '\\' && i + 1 < le) {
				i += 2;
				continue;
			}
			if (s[i] == q) {
				if (q == '\'' && i + 1 < le && s[i + 1] == '\'') {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return le;
	}
	if (s[i] == '[' || s[i] == '{') {
		int depth = 0;
		for (; i < le; i++) {
			if (s[i] == '[' || s[i] == '{')
				depth++;
			else if ((s[i] == ']' || s[i] == '}') && --depth == 0)
				return i + 1;
		}
		return le;
	}
	for (; i < le; i++) {
		if (s[i] == ':' && (i + 1 == le || s[i + 1] == ' ' || s[i + 1] == '\t'))
			break;
		if (s[i] == '#' && i > off && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			break;
		if (flow && (s[i] == ',' || s[i] == ']' || s[i] == '}'))
			break;
	}
	end = i;
	while (end > off && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	return end;
}

/* The range a finding covers in the text: the token at its place, or its whole line. */
static struct lsp_range finding_range(const char *s, size_t len, const struct diag *g,
				      long fm_close, struct lsp_cursor *cur)
{
	struct lsp_range r;
	size_t off, ls, le, end;
	long line = g->line < 1 ? 0 : g->line - 1;

	ls = lsp_line_start_at(s, len, cur, line);
	le = lsp_line_end(s, len, ls);
	if (ls >= len && line > 0) {
		/* past the end: the end */
		r.start = r.end = lsp_pos_of(s, len, len);
		return r;
	}
	if (g->line < 1) {
		/* about the whole file: its first line */
		r.start.line = r.start.character = r.end.line = 0;
		r.end.character = lsp_units(s, 0, le);
		return r;
	}
	off = lsp_col_offset(s, ls, le, g->col > 0 ? g->col : 1);
	if (g->col < 1) {
		/* the line: from its first non-blank */
		off = ls;
		while (off < le && (s[off] == ' ' || s[off] == '\t'))
			off++;
		end = le;
	} else {
		end = token_end(s, ls, off, le, fm_close >= 0 && line < fm_close);
	}
	if (end == off) {
		if (off < le) {
			end = off + 1;
			while (end < le && ((unsigned char)s[end] & 0xc0) == 0x80)
				end++;
		} else {
			/* at the line's end: the line's last character, or none */
			while (off > ls && ((unsigned char)s[off - 1] & 0xc0) == 0x80)
				off--;
			if (off > ls)
				off--;
			while (off > ls && ((unsigned char)s[off] & 0xc0) == 0x80)
				off--;
		}
	}
	r.start.line = r.end.line = line;
	r.start.character = lsp_units(s, ls, off);
	r.end.character = lsp_units(s, ls, end);
	return r;
}

static void add_finding(struct lsp_doc *doc, const struct diag *g, const char *s, size_t len,
			long fm_close, struct lsp_cursor *cur, json_t *out)
{
	struct lsp_finding *f;
	json_t *j;

	ALLOC_GROW(doc->findings, doc->nfindings + 1, doc->findings_alloc);
	f = &doc->findings[doc->nfindings++];
	f->range = finding_range(s, len, g, fm_close, cur);
	f->error = g->sev == SEV_ERROR;
	f->msg = xstrdup(g->msg);
	f->suggest = suggestion_of(g->msg);
	j = json_pack("{s:o, s:i, s:s, s:s}", "range", lsp_range_json(f->range), "severity",
		      f->error ? 1 : 2, "source", "notebook", "message", f->msg);
	if (j)
		json_array_append_new(out, j);
}

/* Checks the document as it is now and publishes its findings. */
static void publish(struct lsp_server *s, struct lsp_doc *doc)
{
	struct diags d = DIAGS_INIT;
	json_t *list = json_array();
	const char *text = buf_str(&doc->text);
	size_t len = doc->text.len;
	/* the lines that are YAML: the front matter, or all of notebook.yaml and a schema */
	long fm_close = doc->relpath && (!strcmp(doc->relpath, "notebook.yaml") ||
					 !strncmp(doc->relpath, "schema/", 7))
		? LONG_MAX : lsp_fm_close(text, len);
	struct lsp_cursor cur = LSP_CURSOR_INIT;

	findings_release(doc);
	if (doc->relpath && doc->too_big) {
		/* as the reader says of such a file */
		struct diags big = DIAGS_INIT;
		diags_add(&big, doc->relpath, 0, 0, SEV_ERROR,
			  "file is larger than 4 MiB (%zu bytes); notebook files are small text files",
			  doc->too_big);
		add_finding(doc, &big.v[0], text, len, -1, &cur, list);
		diags_release(&big);
	} else if (doc->relpath) {
		ensure_checker(s);
		if (s->ck) {
			lsp_ensure_ids(s);
			checker_text(s->ck, doc->relpath, text, len, s->ids, s->nids, &d);
			diags_sort(&d);
		} else if (s->ck_diags.n && strncmp(doc->relpath, "schema/", 7)) {
			/* said on the file, or an editor shows nothing at all */
			const struct diag *g = &s->ck_diags.v[0];
			diags_add(&d, doc->relpath, 0, 0, SEV_WARNING,
				  "not checked: the notebook's schemas have errors, first %s:%d:%d: %s",
				  g->path, g->line, g->col, g->msg);
		}
		if (!strncmp(doc->relpath, "schema/", 7)) {
			/* a schema's own findings: the schemas compiled with its unsaved text */
			struct file_data fd = { doc->relpath, (char *)text, len };
			struct diags sd = DIAGS_INIT;
			checker_free(checker_open(s->root, &fd, &sd));
			diags_sort(&sd);
			for (size_t i = 0; i < sd.n; i++)
				if (!strcmp(sd.v[i].path, doc->relpath))
					add_finding(doc, &sd.v[i], text, len, fm_close, &cur, list);
			diags_release(&sd);
		}
		for (size_t i = 0; i < d.n; i++)
			if (!strcmp(d.v[i].path, doc->relpath))
				add_finding(doc, &d.v[i], text, len, fm_close, &cur, list);
	}
	diags_release(&d);
	notify(s, "textDocument/publishDiagnostics",
	       json_pack("{s:s, s:I, s:o}", "uri", doc->uri, "version", (json_int_t)doc->version,
			 "diagnostics", list));
}

static void publish_all(struct lsp_server *s)
{
	for (size_t i = 0; i < s->ndocs; i++)
		publish(s, &s->docs[i]);
}

/* Replaces the text of `doc`; an over-long one is kept empty and said so. */
static int doc_set_text(struct lsp_server *s, struct lsp_doc *doc, const char *text, size_t len)
{
	buf_reset(&doc->text);
	doc->too_big = 0;
	if (len > MAX_DOC_SIZE) {
		doc->too_big = len;
		lsp_log(s, 2, "notebook: %s is %zu bytes, over the %u MiB a document may have; not checked",
			doc->uri, len, MAX_DOC_SIZE >> 20);
		return -1;
	}
	buf_add(&doc->text, text, len);
	return 0;
}

/* ---- the protocol's methods ---- */

static json_t *capabilities(void)
{
	return json_pack(
		"{s:s, s:{s:b, s:i, s:{s:b}}, s:{s:[s,s,s,s,s,s]}, s:b, s:b, s:b, s:{s:[s]}}",
		"positionEncoding", "utf-16",
		"textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
		"completionProvider", "triggerCharacters", ":", " ", "[", ",", "-", "(",
		"hoverProvider", 1,
		"definitionProvider", 1,
		"referencesProvider", 1,
		"codeActionProvider", "codeActionKinds", "quickfix");
}

static void on_initialize(struct lsp_server *s, json_t *id, json_t *params)
{
	json_t *caps, *result;
	const char *root_uri = json_string_value(json_object_get(params, "rootUri"));
	json_t *folders = json_object_get(params, "workspaceFolders");

	if (!s->root) {
		const char *uri = root_uri;
		if (!uri && json_is_array(folders) && json_array_size(folders))
			uri = json_string_value(json_object_get(json_array_get(folders, 0), "uri"));
		if (!uri) {
			const char *path = json_string_value(json_object_get(params, "rootPath"));
			if (path && *path == '/')
				s->root = root_above(path);
		} else {
			char *path = path_of_uri(uri);
			if (path)
				s->root = root_above(path);
			free(path);
		}
	}
	caps = json_object_get(params, "capabilities");
	s->watch_dynamic = json_is_true(json_object_get(
		json_object_get(json_object_get(caps, "workspace"), "didChangeWatchedFiles"),
		"dynamicRegistration"));
	result = json_pack("{s:o, s:{s:s, s:s}}", "capabilities", capabilities(), "serverInfo",
			   "name", "notebook", "version", "lsp");
	s->state = LSP_RUNNING;
	respond(s, id, result);
}

static void on_initialized(struct lsp_server *s)
{
	if (!s->watch_dynamic)
		return;
	/* the files the findings depend on: watched, so that a change on disk re-checks */
	send_json(s, json_pack(
		"{s:s, s:I, s:s, s:{s:[{s:s, s:s, s:{s:[{s:s}, {s:s}, {s:s}]}}]}}",
		"jsonrpc", "2.0", "id", (json_int_t)++s->next_request, "method", "client/registerCapability",
		"params", "registrations", "id", "notebook-watch", "method",
		"workspace/didChangeWatchedFiles", "registerOptions", "watchers",
		"globPattern", "**/clients/**/*.md", "globPattern", "**/notebook.yaml",
		"globPattern", "**/schema/*.schema.yaml"));
}

static void on_did_open(struct lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	json_t *version = json_object_get(td, "version");
	struct lsp_doc *doc;

	if (!uri || !json_is_string(text)) {
		lsp_log(s, 2, "notebook: didOpen without a textDocument uri and text; ignored");
		return;
	}
	doc = lsp_doc_find(s, uri);
	if (!doc) {
		if (s->ndocs >= MAX_DOCS) {
			lsp_log(s, 2, "notebook: more than %d documents open; %s is not checked",
				MAX_DOCS, uri);
			return;
		}
		ALLOC_GROW(s->docs, s->ndocs + 1, s->alloc);
		doc = &s->docs[s->ndocs++];
		memset(doc, 0, sizeof(*doc));
		doc->uri = xstrdup(uri);
		doc->relpath = relpath_of(s, uri);
	}
	doc->version = json_is_integer(version) ? (long)json_integer_value(version) : 0;
	doc_set_text(s, doc, json_string_value(text), json_string_length(text));
	publish(s, doc);
}

static long clamp_long(json_int_t v)
{
	return v < 0 ? -1 : v > LONG_MAX ? LONG_MAX : (long)v;
}

/* Applies one content change; -1 when it is malformed. */
static int apply_change(struct lsp_server *s, struct lsp_doc *doc, json_t *change)
{
	json_t *text = json_object_get(change, "text");
	json_t *range = json_object_get(change, "range");
	struct lsp_pos a, b;
	size_t from, to, len;
	struct buf out = BUF_INIT;
	json_int_t l0, c0, l1, c1;

	if (!json_is_string(text))
		return -1;
	if (!range)
		{
		doc_set_text(s, doc, json_string_value(text), json_string_length(text));
		return 0;
	}
	if (json_unpack(range, "{s:{s:I, s:I}, s:{s:I, s:I}}", "start", "line", &l0,
			"character", &c0, "end", "line", &l1, "character", &c1) < 0)
		return -1;
	a.line = clamp_long(l0);
	a.character = clamp_long(c0);
	b.line = clamp_long(l1);
	b.character = clamp_long(c1);
	from = lsp_offset(buf_str(&doc->text), doc->text.len, a);
	to = lsp_offset(buf_str(&doc->text), doc->text.len, b);
	if (to < from) {
		size_t t = to;
		to = from;
		from = t;
	}
	len = json_string_length(text);
	if (doc->text.len - (to - from) + len > MAX_DOC_SIZE) {
		lsp_log(s, 2, "notebook: %s would be over the %u MiB a document may have; not checked",
			doc->uri, MAX_DOC_SIZE >> 20);
		doc->too_big = doc->text.len - (to - from) + len;
		buf_reset(&doc->text);
		return 0;
	}
	buf_grow(&out, doc->text.len - (to - from) + len);
	buf_add(&out, doc->text.data, from);
	buf_add(&out, json_string_value(text), len);
	buf_add(&out, doc->text.data + to, doc->text.len - to);
	buf_release(&doc->text);
	doc->text = out;
	return 0;
}

static void on_did_change(struct lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *changes = json_object_get(params, "contentChanges");
	json_t *version = json_object_get(td, "version");
	struct lsp_doc *doc = uri ? lsp_doc_find(s, uri) : NULL;
	size_t i;
	json_t *c;

	if (!doc) {
		lsp_log(s, 2, "notebook: didChange of a document not open; ignored");
		return;
	}
	if (!json_is_array(changes)) {
		lsp_log(s, 2, "notebook: didChange without contentChanges; ignored");
		return;
	}
	json_array_foreach(changes, i, c) {
		if (apply_change(s, doc, c) < 0) {
			lsp_log(s, 2, "notebook: a malformed change to %s; the document may be out of step "
				"until it is opened again", doc->uri);
			break;
		}
	}
	if (json_is_integer(version))
		doc->version = (long)json_integer_value(version);
	publish(s, doc);
}

static void on_did_close(struct lsp_server *s, json_t *params)
{
	const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	struct lsp_doc *doc = uri ? lsp_doc_find(s, uri) : NULL;
	size_t i;

	if (!doc)
		return;
	/* its findings go with it */
	notify(s, "textDocument/publishDiagnostics",
	       json_pack("{s:s, s:[]}", "uri", doc->uri, "diagnostics"));
	i = (size_t)(doc - s->docs);
	doc_release(doc);
	memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof(*s->docs));
	s->ndocs--;
}

/* A file saved or changed on disk: what was read from the disk is read again, every document re-checked. */
static void on_disk_change(struct lsp_server *s, json_t *params, int saved)
{
	int schemas = 0;
	json_t *changes = json_object_get(params, "changes"), *c;
	size_t i;

	if (saved) {
		const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
		char *rel = uri ? relpath_of(s, uri) : NULL;
		schemas = !rel || !strncmp(rel, "schema/", 7) || !strcmp(rel, "notebook.yaml");
		free(rel);
	} else {
		json_array_foreach(changes, i, c) {
			const char *uri = json_string_value(json_object_get(c, "uri"));
			char *rel = uri ? relpath_of(s, uri) : NULL;
			if (!rel || !strncmp(rel, "schema/", 7) || !strcmp(rel, "notebook.yaml"))
				schemas = 1;
			free(rel);
		}
	}
	disk_changed(s, schemas);
	publish_all(s);
}

int lsp_params_pos(json_t *params, const char **uri, struct lsp_pos *p)
{
	json_int_t line, ch;

	if (json_unpack(params, "{s:{s:s}, s:{s:I, s:I}}", "textDocument", "uri", uri, "position",
			"line", &line, "character", &ch) < 0 || line < 0 || ch < 0)
		return -1;
	p->line = line > LONG_MAX ? LONG_MAX : (long)line;
	p->character = ch > LONG_MAX ? LONG_MAX : (long)ch;
	return 0;
}

typedef json_t *(*request_fn)(struct lsp_server *, json_t *, int *, const char **);

static const struct {
	const char *method;
	request_fn fn;
} requests[] = {
	{ "textDocument/completion", lsp_completion },
	{ "textDocument/hover", lsp_hover },
	{ "textDocument/definition", lsp_definition },
	{ "textDocument/references", lsp_references },
	{ "textDocument/codeAction", lsp_code_action },
};

static void on_request(struct lsp_server *s, json_t *id, const char *method, json_t *params)
{
	if (!strcmp(method, "initialize")) {
		if (s->state != LSP_NEW)
			respond_error(s, id, RPC_INVALID_REQUEST, "initialize was already received");
		else if (params && !json_is_object(params))
			respond_error(s, id, RPC_INVALID_PARAMS, "initialize takes an object");
		else
			on_initialize(s, id, params);
		return;
	}
	if (s->state == LSP_NEW) {
		respond_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized yet");
		return;
	}
	if (s->state == LSP_SHUT_DOWN) {
		respond_error(s, id, RPC_INVALID_REQUEST, "the server is shutting down");
		return;
	}
	if (!strcmp(method, "shutdown")) {
		s->state = LSP_SHUT_DOWN;
		respond(s, id, json_null());
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(requests); i++) {
		int code = 0;
		const char *why = NULL;
		json_t *result;
		if (strcmp(method, requests[i].method))
			continue;
		if (!json_is_object(params)) {
			respond_error(s, id, RPC_INVALID_PARAMS, "the params must be an object");
			return;
		}
		result = requests[i].fn(s, params, &code, &why);
		if (result)
			respond(s, id, result);
		else
			respond_error(s, id, code ? code : RPC_INTERNAL_ERROR, why ? why : "failed");
		return;
	}
	respond_error(s, id, RPC_METHOD_NOT_FOUND, "no such method");
}

static void on_notification(struct lsp_server *s, const char *method, json_t *params)
{
	if (!strcmp(method, "exit")) {
		s->exit_status = s->state == LSP_SHUT_DOWN ? 0 : 1;
		s->state = LSP_EXITED;
		return;
	}
	/* before initialize, and after shutdown, notifications are dropped */
	if (s->state != LSP_RUNNING)
		return;
	if (!json_is_object(params)) {
		if (strcmp(method, "initialized") && strncmp(method, "$/", 2))
			lsp_log(s, 2, "notebook: %s without params; ignored", method);
		if (!strcmp(method, "initialized"))
			on_initialized(s);
		return;
	}
	if (!strcmp(method, "initialized"))
		on_initialized(s);
	else if (!strcmp(method, "textDocument/didOpen"))
		on_did_open(s, params);
	else if (!strcmp(method, "textDocument/didChange"))
		on_did_change(s, params);
	else if (!strcmp(method, "textDocument/didClose"))
		on_did_close(s, params);
	else if (!strcmp(method, "textDocument/didSave"))
		on_disk_change(s, params, 1);
	else if (!strcmp(method, "workspace/didChangeWatchedFiles"))
		on_disk_change(s, params, 0);
	/* others ($/cancelRequest, $/setTrace, …) need nothing from this server */
}

void lsp_server_handle(struct lsp_server *s, const char *body, size_t len)
{
	json_error_t err;
	json_t *msg, *id, *method, *params;

	if (s->state == LSP_EXITED)
		return;
	msg = json_loadb(body, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
	if (!msg) {
		respond_error(s, NULL, RPC_PARSE_ERROR, "not JSON");
		return;
	}
	if (!json_is_object(msg)) {
		respond_error(s, NULL, RPC_INVALID_REQUEST, "a message must be a JSON object");
		goto out;
	}
	id = json_object_get(msg, "id");
	method = json_object_get(msg, "method");
	params = json_object_get(msg, "params");
	if (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id)) {
		respond_error(s, NULL, RPC_INVALID_REQUEST, "an id must be a number or a string");
		goto out;
	}
	if (!method) {
		/* a response to a request of ours (registerCapability): nothing to do */
		if (!id || (!json_object_get(msg, "result") && !json_object_get(msg, "error")))
			respond_error(s, id, RPC_INVALID_REQUEST, "a message needs a method");
		goto out;
	}
	if (!json_is_string(method)) {
		if (id)
			respond_error(s, id, RPC_INVALID_REQUEST, "the method must be a string");
		goto out;
	}
	if (params && !json_is_object(params) && !json_is_array(params) && !json_is_null(params)) {
		if (id)
			respond_error(s, id, RPC_INVALID_PARAMS, "params must be an object or an array");
		goto out;
	}
	if (id)
		on_request(s, id, json_string_value(method), params);
	else
		on_notification(s, json_string_value(method), params);
out:
	json_decref(msg);
}

/* ---- the server's life ---- */

struct lsp_server *lsp_server_new(const char *root, lsp_write_fn write, void *ctx)
{
	struct lsp_server *s = xcalloc(1, sizeof(*s));

	s->root = root ? xstrdup(root) : NULL;
	s->write = write;
	s->write_ctx = ctx;
	return s;
}

void lsp_server_free(struct lsp_server *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ndocs; i++)
		doc_release(&s->docs[i]);
	free(s->docs);
	disk_changed(s, 1);
	free_ids(s);
	diags_release(&s->ck_diags);
	free(s->root);
	free(s);
}

int lsp_server_feed(struct lsp_server *s, struct buf *in, size_t *off, size_t *skip, int *status)
{
	for (;;) {
		const char *body = NULL, *why = NULL;
		size_t len = 0;
		enum rpc_status st;

		if (s->state == LSP_EXITED) {
			*status = s->exit_status;
			return 1;
		}
		if (s->write_failed) {
			/* the editor is gone: nothing more can be answered */
			*status = 1;
			return 1;
		}
		if (*skip) {
			size_t have = in->len - *off;
			size_t n = have < *skip ? have : *skip;
			*off += n;
			*skip -= n;
			if (*skip)
				return 0;
		}
		st = rpc_take(in, off, &body, &len, skip, &why);
		if (st == RPC_MORE)
			break;
		if (st == RPC_BAD) {
			lsp_log(s, 1, "notebook: %s", why);
			continue;
		}
		lsp_server_handle(s, body, len);
	}
	/* keep only what is not taken yet */
	if (*off) {
		memmove(in->data, in->data + *off, in->len - *off);
		in->len -= *off;
		if (in->data)
			in->data[in->len] = '\0';
		*off = 0;
	}
	return 0;
}

static int write_fd(void *ctx, const char *data, size_t len)
{
	int fd = *(int *)ctx;

	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int lsp_serve(const char *root, int in, int out)
{
	struct lsp_server *s;
	struct buf b = BUF_INIT;
	size_t off = 0, skip = 0;
	int status = 1;

	/* a client gone mid-write is the end of input, not a signal that kills */
	signal(SIGPIPE, SIG_IGN);
	s = lsp_server_new(root, write_fd, &out);
	for (;;) {
		ssize_t r;
		if (lsp_server_feed(s, &b, &off, &skip, &status))
			break;
		buf_grow(&b, 65536);
		r = read(in, b.data + b.len, b.cap - b.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* the input ended without exit: the protocol's error status */
			status = 1;
			break;
		}
		b.len += (size_t)r;
		b.data[b.len] = '\0';
	}
	lsp_server_free(s);
	buf_release(&b);
	return status;
}
