/* The Content-Length framing of the LSP base protocol. */
#include "lsp/rpc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Finds the blank line that ends a header block: its offset past "\r\n\r\n" (or "\n\n"). */
static const char *header_end(const char *p, size_t n, size_t *hlen)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (p[i] != '\n')
			continue;
		if (p[i + 1] == '\n') {
			*hlen = i + 2;
			return p + i + 2;
		}
		if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
			*hlen = i + 3;
			return p + i + 3;
		}
	}
	return NULL;
}

/* The Content-Length in a header block; -1 when there is none or it is not a number. */
static long long content_length(const char *h, size_t n)
{
	long long found = -1;

	for (size_t i = 0; i < n;) {
		const char *nl = memchr(h + i, '\n', n - i);
		size_t l = nl ? (size_t)(nl - (h + i)) : n - i;
		const char *line = h + i;

		if (l && line[l - 1] == '\r')
			l--;
		if (l > 15 && !strncasecmp(line, "content-length:", 15)) {
			long long v = 0;
			size_t j = 15, digits = 0;
			while (j < l && (line[j] == ' ' || line[j] == '\t'))
				j++;
			for (; j < l && line[j] >= '0' && line[j] <= '9'; j++, digits++)
				if (v <= (long long)RPC_MAX_BODY * 10)
					v = v * 10 + (line[j] - '0');
			while (j < l && (line[j] == ' ' || line[j] == '\t'))
				j++;
			if (!digits || j != l)
				return -1;
			found = v;
		}
		i += (nl ? (size_t)(nl - (h + i)) + 1 : n - i);
	}
	return found;
}

enum rpc_status rpc_take(const struct buf *in, size_t *off, const char **body, size_t *len,
			 size_t *skip, const char **why)
{
	const char *p = in->data + *off;
	size_t n = in->len - *off, hlen;
	long long cl;

	*skip = 0;
	/* blank lines between messages are no harm */
	while (n && (*p == '\r' || *p == '\n')) {
		p++;
		n--;
		(*off)++;
	}
	if (!n)
		return RPC_MORE;
	if (!header_end(p, n, &hlen)) {
		if (n > RPC_MAX_HEADER) {
			*off = in->len;
			*why = "a header block over 8 KiB without an end; dropped";
			return RPC_BAD;
		}
		return RPC_MORE;
	}
	cl = content_length(p, hlen);
	if (cl < 0) {
		*off += hlen;
		*why = "a header without a valid Content-Length; message dropped";
		return RPC_BAD;
	}
	if (cl > (long long)RPC_MAX_BODY) {
		size_t have = n - hlen;
		*off += hlen;
		if ((unsigned long long)have >= (unsigned long long)cl) {
			*off += (size_t)cl;
		} else {
			*off = in->len;
			*skip = (size_t)cl - have;
		}
		*why = "a message over 64 MiB; dropped";
		return RPC_BAD;
	}
	if (n - hlen < (size_t)cl)
		return RPC_MORE;
	*body = p + hlen;
	*len = (size_t)cl;
	*off += hlen + (size_t)cl;
	return RPC_MESSAGE;
}

void rpc_frame(struct buf *out, const char *json, size_t len)
{
	buf_printf(out, "Content-Length: %zu\r\n\r\n", len);
	buf_add(out, json, len);
}
