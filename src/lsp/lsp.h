/*
 * notebook lsp: a Language Server Protocol 3.17 server over stdio that
 * gives an editor what `check` finds as it is typed, completion, hover,
 * go to definition, references and quick fixes (notebook(1), README
 * "Editors").
 */
#ifndef NOTEBOOK_LSP_H
#define NOTEBOOK_LSP_H

#include <stddef.h>

#include "buf.h"

struct lsp_server;

/* Where the server's framed messages go; -1 when they can no longer be written. */
typedef int (*lsp_write_fn)(void *ctx, const char *data, size_t len);

/*
 * A server for the notebook at `root` (NULL: found later from the
 * client's workspace or its first document). It owns nothing of the
 * caller's; lsp_server_free() frees it.
 */
struct lsp_server *lsp_server_new(const char *root, lsp_write_fn write, void *ctx);
void lsp_server_free(struct lsp_server *s);

/* Handles one message body (JSON-RPC); answers through the write function. */
void lsp_server_handle(struct lsp_server *s, const char *body, size_t len);

/*
 * Takes the whole messages in in->data[*off..) and handles them; *skip
 * carries the part of an oversized message still to be dropped. Returns
 * 1 once the client said `exit` (status in *status), else 0.
 */
int lsp_server_feed(struct lsp_server *s, struct buf *in, size_t *off, size_t *skip,
		    int *status);

/*
 * Serves on the file descriptors `in` and `out` until `exit` or the end of
 * the input; returns the exit status the protocol asks for (0 after
 * shutdown, else 1).
 */
int lsp_serve(const char *root, int in, int out);

#endif
