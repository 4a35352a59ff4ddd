/*
 * Latin letters without their accents (fold.h): a table over Latin-1
 * Supplement and Latin Extended-A, ranges for the rest.
 */
#include "fold.h"

#include <string.h>

#include "buf.h"

/* U+00C0..U+017F: what each is written with in ASCII; NULL for × and ÷. */
static const char *const latin[0x180 - 0xC0] = {
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", NULL,
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Ranges beyond the table: [first, last] folds to `ascii`. */
static const struct {
	uint32_t first, last;
	const char *ascii;
} ranges[] = {
	{ 0x0180, 0x0180, "b" },  /* ƀ */
	{ 0x0192, 0x0192, "f" },  /* ƒ */
	{ 0x01A0, 0x01A1, "o" },  /* Ơ ơ (Vietnamese) */
	{ 0x01AF, 0x01B0, "u" },  /* Ư ư (Vietnamese) */
	{ 0x01CD, 0x01CE, "a" },  /* Ǎ ǎ */
	{ 0x01CF, 0x01D0, "i" },  /* Ǐ ǐ */
	{ 0x01D1, 0x01D2, "o" },  /* Ǒ ǒ */
	{ 0x01D3, 0x01DC, "u" },  /* Ǔ .. ǜ */
	{ 0x01E6, 0x01E7, "g" },  /* Ǧ ǧ */
	{ 0x01E8, 0x01E9, "k" },  /* Ǩ ǩ */
	{ 0x01EA, 0x01ED, "o" },  /* Ǫ .. ǭ */
	{ 0x01F8, 0x01F9, "n" },  /* Ǹ ǹ */
	{ 0x0218, 0x0219, "s" },  /* Ș ș (Romanian) */
	{ 0x021A, 0x021B, "t" },  /* Ț ț (Romanian) */
	{ 0x0300, 0x036F, "" },   /* combining accents */
	{ 0x1E9E, 0x1E9E, "ss" }, /* ẞ */
	{ 0x1EA0, 0x1EB7, "a" },  /* Vietnamese: Ạ .. ặ */
	{ 0x1EB8, 0x1EC7, "e" },  /* Ẹ .. ệ */
	{ 0x1EC8, 0x1ECB, "i" },  /* Ỉ .. ị */
	{ 0x1ECC, 0x1EE3, "o" },  /* Ọ .. ợ */
	{ 0x1EE4, 0x1EF1, "u" },  /* Ụ .. ự */
	{ 0x1EF2, 0x1EF9, "y" },  /* Ỳ .. ỹ */
	{ 0x02BC, 0x02BC, "" },   /* ʼ */
	{ 0x2019, 0x2019, "" },   /* ’ */
};

size_t fold_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;

	if (!n)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2, c = p[0] & 0x1F, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3, c = p[0] & 0x0F, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

const char *fold_latin(uint32_t cp)
{
	/* each a one-letter string: "0", "1", ..., "z" */
	static const char ascii[] =
		"0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0"
		"9\0" "a\0" "b\0" "c\0" "d\0" "e\0" "f\0" "g\0" "h\0"
		"i\0" "j\0" "k\0" "l\0" "m\0" "n\0" "o\0" "p\0" "q\0"
		"r\0" "s\0" "t\0" "u\0" "v\0" "w\0" "x\0" "y\0" "z\0";

	if (cp >= '0' && cp <= '9')
		return ascii + 2 * (cp - '0');
	if (cp >= 'a' && cp <= 'z')
		return ascii + 2 * (10 + cp - 'a');
	if (cp >= 'A' && cp <= 'Z')
		return ascii + 2 * (10 + cp - 'A');
	if (cp == '\'')
		return "";
	if (cp >= 0xC0 && cp < 0x180)
		return latin[cp - 0xC0];
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].first && cp <= ranges[i].last)
			return ranges[i].ascii;
	return NULL;
}

/*
 * Whether a character with no ASCII form is a letter of another script to
 * keep in a name's key, rather than punctuation, a symbol or a space.
 */
static int other_letter(uint32_t cp)
{
	if (cp < 0x250)
		return 0; /* ASCII and Latin: what fold_latin() leaves are symbols */
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return 0; /* punctuation, symbols, arrows, CJK punctuation, emoji */
	return 1;
}

/* fold_utf8_decode(), but a byte that is not UTF-8 is one character U+FFFD. */
static size_t next_char(const char *s, size_t n, uint32_t *cp)
{
	size_t k = fold_utf8_decode(s, n, cp);

	if (k)
		return k;
	*cp = 0xFFFD;
	return 1;
}

/*
 * fold_name() and, with `key`, fold_name_key(): what is not a letter is a
 * gap with `key`, else blanks only; a gap between two kept characters is
 * one space.
 */
static void fold_into(struct buf *out, const char *s, int key)
{
	size_t n = strlen(s), i = 0, start = out->len;
	int gap = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = next_char(s + i, n - i, &cp);
		const char *f = fold_latin(cp);

		if (f && !*f) {
			/* a combining accent or an apostrophe: nothing */
		} else if (key ? !f && !other_letter(cp)
			       : cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
			gap = 1;
		} else {
			if (gap && out->len > start)
				buf_addc(out, ' ');
			gap = 0;
			if (f)
				buf_adds(out, f);
			else
				buf_add(out, s + i, k);
		}
		i += k;
	}
}

char *fold_name_key(const char *s)
{
	struct buf b = BUF_INIT;

	fold_into(&b, s, 1);
	return buf_detach(&b);
}

void fold_name(struct buf *out, const char *s)
{
	fold_into(out, s, 0);
}

#define ID_MAX 63

char *id_from_name(const char *name)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(name), i = 0;
	int dash = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = fold_utf8_decode(name + i, n - i, &cp);
		const char *f = k ? fold_latin(cp) : NULL;

		if (f && *f) {
			if (dash && b.len)
				buf_addc(&b, '-');
			dash = 0;
			buf_adds(&b, f);
		} else if (!f) {
			dash = 1;
		}
		i += k ? k : 1;
	}
	if (b.len > ID_MAX) {
		size_t cut = ID_MAX;

		while (cut > 0 && b.data[cut] != '-')
			cut--;
		b.len = cut ? cut : ID_MAX;
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.len--;
	if (b.data)
		b.data[b.len] = '\0';
	return buf_detach(&b);
}
