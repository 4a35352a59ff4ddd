/*
 * libFuzzer target: random protocol messages to the language server's loop
 * (notebook lsp). The input is the byte stream an editor would write, fed
 * in two parts (a message may arrive split); an initialize comes first so
 * that the input reaches the methods. Every message the server writes must
 * be framed and hold a JSON object.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lsp/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks each framed message the server writes. */
static int sink(void *ctx, const char *out, size_t len)
{
	const char *body = NULL;
	json_t *msg;

	(void)ctx;
	for (size_t i = 0; i + 4 <= len && !body; i++)
		if (!memcmp(out + i, "\r\n\r\n", 4))
			body = out + i;
	if (len < 16 || memcmp(out, "Content-Length: ", 16) || !body ||
	    (size_t)strtoul(out + 16, NULL, 10) != len - (size_t)(body + 4 - out))
		__builtin_trap();
	msg = json_loadb(body + 4, len - (size_t)(body + 4 - out), 0, NULL);
	if (!json_is_object(msg))
		__builtin_trap();
	json_decref(msg);
	return 0;
}

static void add_framed(struct buf *b, const char *json)
{
	buf_printf(b, "Content-Length: %zu\r\n\r\n%s", strlen(json), json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a notebook root that does not exist: the built-in schemas, no disk */
	struct lsp_server *s = lsp_server_new("/nonexistent-notebook", sink, NULL);
	struct buf in = BUF_INIT;
	size_t off = 0, skip = 0, half = size ? data[0] % (size + 1) : 0;
	int status;

	add_framed(&in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
			"{\"rootUri\":\"file:///nonexistent-notebook\",\"capabilities\":{}}}");
	buf_add(&in, data, half);
	if (!lsp_server_feed(s, &in, &off, &skip, &status)) {
		buf_add(&in, data + half, size - half);
		lsp_server_feed(s, &in, &off, &skip, &status);
	}
	lsp_server_free(s);
	buf_release(&in);
	return 0;
}
