/*
 * libFuzzer target: the git index editor (gitindex.h) on arbitrary index
 * images. The input's trailer is replaced by its real SHA-1 first, so that
 * the fuzzer reaches past the checksum into the entries and extensions.
 * Checks that an edited image can be walked again, holds the entry just
 * set with its id and lacks the one removed, and that applying the same
 * edit to it again changes nothing.
 */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "git/gitindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set_entry(struct gitindex_entry *e, const char *path, int remove)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->remove = remove;
	e->mtime_sec = e->ctime_sec = 1700000000;
	e->mode = 0100644;
	e->size = 42;
	memset(e->id, 0xab, sizeof(e->id));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gitindex_entry e[2], found[2];
	const char *paths[2] = { "clients/acme-corp.md", "journal/2026/11/2026-11-20-acme-corp-call.md" };
	struct buf out = BUF_INIT, again = BUF_INIT;
	struct gitindex_entries old = { NULL, 0, 0 };
	struct gitindex_why why;
	unsigned char *img;
	unsigned int len = 0;

	if (size < 32 || size > (1u << 20))
		return 0;
	img = malloc(size);
	memcpy(img, data, size);
	if (!EVP_Digest(img, size - GITINDEX_OID_LEN, img + size - GITINDEX_OID_LEN, &len,
			EVP_sha1(), NULL))
		__builtin_trap();

	set_entry(&e[0], paths[0], 1);
	set_entry(&e[1], paths[1], 0);
	gitindex_check(img, size, "", &why);
	if (!gitindex_apply(img, size, e, 2, 0, &out, &old, &why)) {
		if (gitindex_find((unsigned char *)out.data, out.len, paths, 2, found))
			__builtin_trap(); /* we wrote an image we cannot walk */
		if (found[0].path || !found[1].path || memcmp(found[1].id, e[1].id, sizeof(e[1].id)))
			__builtin_trap(); /* the edit is not in it */
		if (gitindex_apply((unsigned char *)out.data, out.len, e, 2, 0, &again, NULL, &why) ||
		    again.len != out.len || memcmp(again.data, out.data, out.len))
			__builtin_trap(); /* the same edit twice is not the edit once */
	}
	gitindex_entries_free(&old);
	buf_release(&out);
	buf_release(&again);
	free(img);
	return 0;
}
