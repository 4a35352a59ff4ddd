/* The people at a client: see people.h. */
#include "people.h"

#include <string.h>

#include "buf.h"
#include "fold.h"

/* The next byte of a name compared loosely: case folded, a run of spaces as one. */
static const unsigned char *next_name_byte(const unsigned char *p, int *c)
{
	if (*p == ' ' || *p == '\t') {
		while (*p == ' ' || *p == '\t')
			p++;
		*c = *p ? ' ' : 0;
		return p;
	}
	*c = *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p;
	return *p ? p + 1 : p;
}

int person_name_eq(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	int x, y;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*q == ' ' || *q == '\t')
		q++;
	for (;;) {
		p = next_name_byte(p, &x);
		q = next_name_byte(q, &y);
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

const struct entry *contact_last_entry(const struct client *c, const struct contact *k,
				       day_t today)
{
	if (!k->name)
		return NULL;
	/* c->entries is oldest first: walk back from the newest */
	for (size_t i = c->nentries; i-- > 0;) {
		const struct entry *e = c->entries[i];

		if (e->day > today || e->kind == KIND_NOTE)
			continue;
		for (size_t j = 0; j < e->nwith; j++)
			if (person_name_eq(e->with[j], k->name))
				return e;
	}
	return NULL;
}

static day_t birthday_in(int year, int month, int day)
{
	day_t d;

	if (month == 2 && day == 29 && date_from_ymd(year, 2, 29, &d) < 0)
		day = 28;
	date_from_ymd(year, month, day, &d);
	return d;
}

int contact_next_birthday(const struct contact *k, day_t from, day_t *when, int *age)
{
	int by, bm, bd, y, m, d;
	day_t next;

	if (contact_birthday(k, &by, &bm, &bd) < 0)
		return -1;
	date_to_ymd(from, &y, &m, &d);
	next = birthday_in(y, bm, bd);
	if (next < from) {
		y++;
		next = birthday_in(y, bm, bd);
	}
	*when = next;
	*age = by && y > by ? y - by : 0;
	return 0;
}

int person_same(const char *a, const char *b)
{
	struct buf x = BUF_INIT, y = BUF_INIT;
	int eq;

	fold_name(&x, a);
	fold_name(&y, b);
	eq = person_name_eq(buf_str(&x), buf_str(&y));
	buf_release(&x);
	buf_release(&y);
	return eq;
}
