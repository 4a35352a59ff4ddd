/*
 * The language server's state, shared by its parts: server.c (the
 * protocol, the documents and their findings) and assist.c (completion,
 * hover, definition, references, code actions). Nothing outside src/lsp/
 * includes this.
 */
#ifndef NOTEBOOK_LSP_INT_H
#define NOTEBOOK_LSP_INT_H

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "lsp/lsp.h"
#include "lsp/pos.h"
#include "model.h"

/* A finding as published: its range, and the word a did-you-mean would put there. */
struct lsp_finding {
	struct lsp_range range;
	int error;
	char *msg;
	char *suggest; /* from "(did you mean 'X'?)", or NULL */
};

/* An open document, as the editor has it (unsaved text included). */
struct lsp_doc {
	char *uri;
	char *relpath;     /* from the notebook root, NULL when outside it */
	struct buf text;
	size_t too_big;    /* the size of a text over MAX_DOC_SIZE, not kept; else 0 */
	long version;
	struct lsp_finding *findings; /* as last published */
	size_t nfindings, findings_alloc;
};

struct checker;

/* What completion knows of one front-matter key, from the schema. */
struct lsp_field {
	char *name;
	char *desc;        /* NULL when none */
	char **values;     /* enum values */
	size_t nvalues;
	int date;          /* format: date */
	int list;          /* type: array */
};

struct lsp_fields {
	struct lsp_field *v;
	size_t n;
};

enum { SCHEMA_SETTINGS, SCHEMA_CLIENT, SCHEMA_ENTRY, SCHEMA_KINDS };

struct lsp_server {
	char *root;         /* the notebook root, NULL until known */
	int state;          /* LSP_NEW, LSP_RUNNING, LSP_SHUT_DOWN, LSP_EXITED */
	int exit_status;
	lsp_write_fn write;
	void *write_ctx;
	int write_failed;

	struct lsp_doc *docs;
	size_t ndocs, alloc;

	struct checker *ck; /* the compiled schemas; NULL until needed or when unusable */
	int ck_tried;
	struct diags ck_diags; /* findings of compiling them (schema/ files) */

	char **ids;         /* every client file's id, sorted, NULL-terminated */
	char **id_paths;    /* the same files' paths, in the same order */
	size_t nids;
	int ids_fresh;

	struct notebook nb; /* the notebook on disk, for names, people and status */
	int nb_loaded;

	struct lsp_fields fields[SCHEMA_KINDS];
	int fields_loaded;

	long next_request;  /* ids of our own requests to the client */
	int watch_dynamic;  /* the client can register file watchers */
};

enum { LSP_NEW, LSP_RUNNING, LSP_SHUT_DOWN, LSP_EXITED };

/* The JSON-RPC and LSP error codes used. */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_INTERNAL_ERROR = -32603,
	LSP_SERVER_NOT_INITIALIZED = -32002,
	LSP_REQUEST_FAILED = -32803,
};

/* server.c */
struct lsp_doc *lsp_doc_find(struct lsp_server *s, const char *uri);
void lsp_ensure_ids(struct lsp_server *s);
/* The notebook as on disk; NULL when there is none. */
const struct notebook *lsp_notebook(struct lsp_server *s);
void lsp_ensure_fields(struct lsp_server *s);
/* The 0-based line of the front matter's closing fence (as the reader finds it), -1 when none. */
long lsp_fm_close(const char *s, size_t len);
/* "file:///…" of a path from the root, malloc'd. */
char *lsp_uri_of(const struct lsp_server *s, const char *relpath);
/* Today in the notebook's timezone (NOTEBOOK_NOW when set, as every command). */
int lsp_day_today(const struct lsp_server *s);
/* Sends a window/logMessage (type 1 error … 4 log). */
void lsp_log(struct lsp_server *s, int type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
json_t *lsp_range_json(struct lsp_range r);
/* The position in a request's params (textDocument + position); -1 when malformed. */
int lsp_params_pos(json_t *params, const char **uri, struct lsp_pos *p);

/*
 * assist.c: the requests that read a document. Each returns the result
 * (a new reference; json_null() for none), or NULL with *code and *why set
 * for an error response.
 */
json_t *lsp_completion(struct lsp_server *s, json_t *params, int *code, const char **why);
json_t *lsp_hover(struct lsp_server *s, json_t *params, int *code, const char **why);
json_t *lsp_definition(struct lsp_server *s, json_t *params, int *code, const char **why);
json_t *lsp_references(struct lsp_server *s, json_t *params, int *code, const char **why);
json_t *lsp_code_action(struct lsp_server *s, json_t *params, int *code, const char **why);
void lsp_fields_release(struct lsp_fields *f);

#endif
