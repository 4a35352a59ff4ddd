/*
 * model_link(): entries in "latest" order (instant, then path) whatever
 * order they come in (nearly sorted, reversed, random), and each client's
 * entries found through its id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tap.h"
#include "util.h"

static int ref_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->instant != y->instant)
		return x->instant < y->instant ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* A notebook of `n` entries over 3 clients, in the order `how` gives. */
static void make(struct notebook *nb, size_t n, const char *how)
{
	static const char *const ids[] = { "acme", "globex", "initech" };

	memset(nb, 0, sizeof(*nb));
	nb->clients = xcalloc(3, sizeof(*nb->clients));
	for (size_t i = 0; i < 3; i++) {
		nb->clients[i].id = xstrdup(ids[2 - i]);
		nb->clients[i].path = xasprintf("clients/%s.md", ids[2 - i]);
	}
	nb->nclients = 3;
	nb->entries = xcalloc(n, sizeof(*nb->entries));
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &nb->entries[i];
		size_t k = !strcmp(how, "reversed") ? n - 1 - i : i;
		e->instant = (int64_t)(k / 4) * 86400;
		if (!strcmp(how, "random"))
			e->instant = (int64_t)(rand() % 50) * 86400;
		if (!strcmp(how, "nearly") && k % 50 == 7)
			e->instant += 3600; /* a time of day */
		e->path = xasprintf("journal/%08zu-%s.md", k, ids[k % 3]);
		e->clients = xcalloc(1, sizeof(*e->clients));
		e->clients[0] = xstrdup(ids[k % 3]);
		e->nclients = 1;
	}
	nb->nentries = n;
}

static void check(size_t n, const char *how)
{
	struct notebook nb;
	struct entry *want;
	int order = 1, links = 1;
	size_t total = 0;

	make(&nb, n, how);
	want = xcalloc(n, sizeof(*want));
	memcpy(want, nb.entries, n * sizeof(*want));
	qsort(want, n, sizeof(*want), ref_cmp);
	model_link(&nb);
	for (size_t i = 0; i < n; i++)
		order &= nb.entries[i].path == want[i].path;
	for (size_t c = 0; c < nb.nclients; c++) {
		total += nb.clients[c].nentries;
		for (size_t k = 0; k < nb.clients[c].nentries; k++) {
			const struct entry *e = nb.clients[c].entries[k];
			links &= !strcmp(e->clients[0], nb.clients[c].id);
			if (k)
				links &= ref_cmp(nb.clients[c].entries[k - 1], e) < 0;
		}
	}
	ok(order, "%zu entries, %s: in latest order", n, how);
	ok(links && total == n, "%zu entries, %s: each client has its own, in order", n, how);
	free(want);
	notebook_release(&nb);
}

int main(void)
{
	srand(7);
	check(1, "sorted");
	check(1000, "sorted");
	check(1000, "nearly");
	check(20000, "nearly");
	check(3000, "reversed"); /* past the insertion sort's budget */
	check(3000, "random");
	return done_testing();
}
