/*
 * The base protocol of the Language Server Protocol: messages framed by a
 * "Content-Length: N" header and an empty line (notebook(1), `lsp`).
 * Pure: bytes in, messages out; the server loop does the reading.
 */
#ifndef NOTEBOOK_LSP_RPC_H
#define NOTEBOOK_LSP_RPC_H

#include <stddef.h>

#include "buf.h"

/* The largest message body taken: a 4 MiB file escaped as JSON and more. */
#define RPC_MAX_BODY (64u << 20)
/* The largest header block taken. */
#define RPC_MAX_HEADER 8192

enum rpc_status {
	RPC_MORE,     /* no whole message yet: read more */
	RPC_MESSAGE,  /* *body, *len: one message (pointing into the input) */
	RPC_BAD,      /* a header block that is not one: skipped, *why says why */
};

/*
 * Takes the next message from in->data[*off..in->len). On RPC_MESSAGE the
 * body points into `in` and *off moves past it; on RPC_BAD *off moves past
 * the refused bytes (a header block, or a body over RPC_MAX_BODY, which
 * is skipped as it arrives: *skip says how many bytes of it are still to
 * come and must be dropped before the next call).
 */
enum rpc_status rpc_take(const struct buf *in, size_t *off, const char **body, size_t *len,
			 size_t *skip, const char **why);

/* Appends the framed form of the JSON text `json` to `out`. */
void rpc_frame(struct buf *out, const char *json, size_t len);

#endif
