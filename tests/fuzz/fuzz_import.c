/*
 * libFuzzer target: the readers of import (CSV and vCard) on any bytes,
 * and the CSV writer: fields written and read again come back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/csv.h"
#include "exchange/vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Control characters but tab and line ends are written visibly (\xNN), so not read back as they were. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7f)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c, back;
	struct diags d = DIAGS_INIT;
	struct vcard *cards = NULL;
	struct buf out = BUF_INIT;
	size_t n = 0, bad = 0;

	csv_parse("fuzz.csv", (const char *)data, size, &c, &d);
	/* every row written with the same separator reads back field for field */
	for (size_t i = 0; i < c.n; i++) {
		for (size_t k = 0; k < c.rows[i].n; k++)
			csv_add_field(&out, c.rows[i].f[k].text, c.sep, k == 0);
		csv_end_row(&out);
	}
	diags_release(&d);
	if (out.len) {
		csv_parse("back.csv", buf_str(&out), out.len, &back, &d);
		/* the separator is guessed from the first line, which may have been an empty row */
		for (size_t i = 0, j = 0; i < c.n && back.sep == c.sep; i++) {
			int all_empty = 1;
			for (size_t k = 0; k < c.rows[i].n; k++)
				all_empty &= !*c.rows[i].f[k].text;
			if (all_empty)
				continue;
			if (j >= back.n || back.rows[j].n != c.rows[i].n)
				__builtin_trap();
			for (size_t k = 0; k < c.rows[i].n; k++)
				if (!has_control(c.rows[i].f[k].text) &&
				    strcmp(back.rows[j].f[k].text, c.rows[i].f[k].text))
					__builtin_trap();
			j++;
		}
		csv_release(&back);
		diags_release(&d);
	}
	csv_release(&c);
	buf_release(&out);
	vcard_parse("fuzz.vcf", (const char *)data, size, &cards, &n, &bad, &d);
	for (size_t i = 0; i < n; i++)
		if (!cards[i].fn)
			__builtin_trap();
	vcard_free(cards, n);
	diags_release(&d);
	return 0;
}
