/* Folding text for matching: see fold.h. */
#include "fold.h"

#include <string.h>

/*
 * ASCII for U+00C0..U+017F, two bytes each ("a " for one letter, "ss" for
 * two); "  " for what is no letter (× and ÷).
 */
static const char latin[] =
	/* U+00C0 ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ */ "a a a a a a aec e e e e i i i i "
	/* U+00D0 ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß */ "d n o o o o o   o u u u u y thss"
	/* U+00E0 àáâãäåæçèéêëìíîï */ "a a a a a a aec e e e e i i i i "
	/* U+00F0 ðñòóôõö÷øùúûüýþÿ */ "d n o o o o o   o u u u u y thy "
	/* U+0100 ĀāĂăĄąĆćĈĉĊċČčĎď */ "a a a a a a c c c c c c c c d d "
	/* U+0110 ĐđĒēĔĕĖėĘęĚěĜĝĞğ */ "d d e e e e e e e e e e g g g g "
	/* U+0120 ĠġĢģĤĥĦħĨĩĪīĬĭĮį */ "g g g g h h h h i i i i i i i i "
	/* U+0130 İıĲĳĴĵĶķĸĹĺĻļĽľĿ */ "i i ijijj j k k k l l l l l l l "
	/* U+0140 ŀŁłŃńŅņŇňŉŊŋŌōŎŏ */ "l l l n n n n n n n n n o o o o "
	/* U+0150 ŐőŒœŔŕŖŗŘřŚśŜŝŞş */ "o o oeoer r r r r r s s s s s s "
	/* U+0160 ŠšŢţŤťŦŧŨũŪūŬŭŮů */ "s s t t t t t t u u u u u u u u "
	/* U+0170 ŰűŲųŴŵŶŷŸŹźŻżŽžſ */ "u u u u w w y y y z z z z z z s ";

void buf_add_folded(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p >= 'A' && *p <= 'Z') {
			buf_addc(b, (char)(*p - 'A' + 'a'));
			p++;
		} else if ((*p == 0xc3 || *p == 0xc4 || *p == 0xc5) && (p[1] & 0xc0) == 0x80) {
			unsigned cp = ((unsigned)(*p & 0x1f) << 6) | (p[1] & 0x3f);
			if (cp >= 0xc0 && cp <= 0x17f) {
				const char *m = latin + (cp - 0xc0) * 2;
				if (m[0] != ' ')
					buf_addc(b, m[0]);
				if (m[1] != ' ')
					buf_addc(b, m[1]);
			} else {
				buf_add(b, p, 2);
			}
			p += 2;
		} else {
			buf_addc(b, (char)*p);
			p++;
		}
	}
}

char *id_from_name(const char *name)
{
	struct buf folded = BUF_INIT, b = BUF_INIT;
	int dash = 0;

	buf_add_folded(&folded, name);
	for (const unsigned char *p = (const unsigned char *)buf_str(&folded); *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b.len)
				buf_addc(&b, '-');
			dash = 0;
			buf_addc(&b, (char)c);
		} else {
			dash = 1;
		}
	}
	if (b.len > 63)
		b.len = 63;
	while (b.len && b.data[b.len - 1] == '-')
		b.len--;
	if (b.data)
		b.data[b.len] = '\0';
	buf_release(&folded);
	return buf_detach(&b);
}
