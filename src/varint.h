/*
 * Unsigned LEB128 varints and zigzag-signed ones, in a growable buffer and
 * read back with bounds checks: the cache's blobs and records.
 */
#ifndef NOTEBOOK_VARINT_H
#define NOTEBOOK_VARINT_H

#include <stdint.h>
#include <string.h>

#include "buf.h"

/* Bytes being read: [p, end); `bad` once a read ran past the end or overflowed. */
struct vreader {
	const unsigned char *p, *end;
	int bad;
};

static inline void vput_u(struct buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;

	do {
		tmp[n] = v & 0x7f;
		v >>= 7;
		if (v)
			tmp[n] |= 0x80;
		n++;
	} while (v);
	buf_add(b, tmp, n);
}

static inline void vput_i(struct buf *b, int64_t v)
{
	vput_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* The next unsigned varint; 0 with r->bad set when there is none. */
static inline uint64_t vget_u(struct vreader *r)
{
	uint64_t v = 0;

	/* room for the longest varint: no check of the end at each byte */
	if (r->end - r->p >= 10) {
		const unsigned char *p = r->p;
		unsigned char c;
		int shift = 0;

		do {
			c = *p++;
			v |= (uint64_t)(c & 0x7f) << shift;
			shift += 7;
		} while ((c & 0x80) && shift < 64);
		if (c & 0x80) {
			r->bad = 1;
			return 0;
		}
		r->p = p;
		return v;
	}
	for (int shift = 0; shift < 64; shift += 7) {
		unsigned char c;

		if (r->p >= r->end) {
			r->bad = 1;
			return 0;
		}
		c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

/*
 * Skips the next varint, as vget_u() reads it (r->bad when there is
 * none): with room for 16 bytes, its end is found a word at a time.
 */
static inline void vskip(struct vreader *r)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (r->end - r->p >= 16) {
		uint64_t w, stop;

		memcpy(&w, r->p, 8);
		stop = ~w & 0x8080808080808080ULL;
		if (stop) {
			r->p += (__builtin_ctzll(stop) >> 3) + 1;
			return;
		}
		memcpy(&w, r->p + 8, 8);
		/* its ninth or tenth byte ends it, else it is too long */
		stop = ~w & 0x8080ULL;
		if (stop) {
			r->p += 8 + (__builtin_ctzll(stop) >> 3) + 1;
			return;
		}
		r->bad = 1;
		return;
	}
#endif
	(void)vget_u(r);
}

static inline int64_t vget_i(struct vreader *r)
{
	uint64_t u = vget_u(r);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

#endif
