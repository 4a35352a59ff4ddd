/*
 * The parsed notebook as plain data: enum names, settings defaults, linking
 * entries to their clients, and freeing it all.
 *
 * Ownership: a struct client or struct entry owns every string and array it
 * points to, except promise.path (it borrows its client's or entry's path)
 * and client.entries (an array owned by the client, of pointers borrowed
 * from notebook.entries). The settings own their strings.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const tier_names[] = { "key", "regular", "occasional", NULL };
static const char *const status_names[] = { "prospect", "active", "paused", "former", NULL };
static const char *const trust_names[] = { "healthy", "strained", "repairing", NULL };
static const char *const fit_names[] = { "good", "questionable", "poor", NULL };
static const char *const kind_names[] = {
	"call", "meeting", "email", "message", "thanks",
	"apology", "check-in", "feedback", "note", NULL
};

/* The name at `i` of a NULL-terminated table of `n` names, "?" when out of range. */
static const char *name_at(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : "?";
}

static int name_index(const char *const *names, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

const char *tier_name(enum tier t)
{
	return name_at(tier_names, ARRAY_SIZE(tier_names) - 1, t);
}

const char *status_name(enum client_status s)
{
	return name_at(status_names, ARRAY_SIZE(status_names) - 1, s);
}

const char *trust_name(enum trust t)
{
	return t == TRUST_UNSET ? "healthy" : name_at(trust_names, ARRAY_SIZE(trust_names) - 1, t);
}

const char *fit_name(enum fit f)
{
	return name_at(fit_names, ARRAY_SIZE(fit_names) - 1, f);
}

const char *kind_name(enum kind k)
{
	return name_at(kind_names, ARRAY_SIZE(kind_names) - 1, k);
}

int tier_parse(const char *s)
{
	return name_index(tier_names, s);
}

int status_parse(const char *s)
{
	return name_index(status_names, s);
}

int trust_parse(const char *s)
{
	return name_index(trust_names, s);
}

int fit_parse(const char *s)
{
	return name_index(fit_names, s);
}

int kind_parse(const char *s)
{
	return name_index(kind_names, s);
}

/*
 * The defaults of notebook-format(5). `remote` is allocated ("origin") like every other
 * string of the settings, so that settings_release() frees them all; a
 * loader replacing a default frees the old value first.
 */
void settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->cadence[TIER_KEY] = (struct duration){ 14, 'd' };
	s->cadence[TIER_REGULAR] = (struct duration){ 30, 'd' };
	s->cadence[TIER_OCCASIONAL] = (struct duration){ 90, 'd' };
	s->due_soon = (struct duration){ 3, 'd' };
	s->gratitude = (struct duration){ 90, 'd' };
	s->repair_checkin = (struct duration){ 7, 'd' };
	s->remote = xstrdup("origin");
}

void settings_release(struct settings *s)
{
	free(s->owner);
	free(s->timezone);
	for (size_t i = 0; i < s->ntag_cadence; i++)
		free(s->tag_cadence[i].tag);
	free(s->tag_cadence);
	free(s->remote);
	memset(s, 0, sizeof(*s));
}

static int client_cmp(const void *a, const void *b)
{
	const struct client *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/*
 * The "latest" order: instant, then path (a bare date is the start of its
 * day). Sorted as small keys pointing at the entries, which are then moved
 * once: 200,000 entries sort several times faster so than in place.
 */
struct entry_key {
	int64_t instant;
	const char *path;
	size_t at;
};

static int entry_key_cmp(const void *a, const void *b)
{
	const struct entry_key *x = a, *y = b;

	if (x->instant != y->instant)
		return x->instant < y->instant ? -1 : 1;
	return strcmp(x->path, y->path);
}

static void sort_entries(struct entry *v, size_t n)
{
	struct entry_key *keys = xreallocarray(NULL, n, sizeof(*keys));
	size_t *dest = xreallocarray(NULL, n, sizeof(*dest));
	int sorted = 1;

	for (size_t i = 0; i < n; i++) {
		keys[i].instant = v[i].instant;
		keys[i].path = v[i].path;
		keys[i].at = i;
		if (i && sorted && entry_key_cmp(&keys[i - 1], &keys[i]) > 0)
			sorted = 0;
	}
	if (sorted)
		goto out;
	/*
	 * The loader gives them in path order, which is date order but for
	 * the few with a time of day: an insertion sort moves those few into
	 * place, up to a budget of moves, and a full sort takes over past it.
	 */
	for (size_t i = 1, budget = 8 * n + 64; i < n && sorted >= 0; i++) {
		struct entry_key k = keys[i];
		size_t j = i;
		while (j > 0 && entry_key_cmp(&keys[j - 1], &k) > 0) {
			keys[j] = keys[j - 1];
			j--;
			if (!--budget) {
				sorted = -1;
				break;
			}
		}
		keys[j] = k;
	}
	if (sorted < 0)
		qsort(keys, n, sizeof(*keys), entry_key_cmp);
	for (size_t i = 0; i < n; i++)
		dest[keys[i].at] = i;
	/* Move each entry to its place, one cycle of the permutation at a time. */
	for (size_t i = 0; i < n; i++) {
		while (dest[i] != i) {
			size_t j = dest[i];
			struct entry tmp = v[j];
			size_t dj = dest[j];
			v[j] = v[i];
			v[i] = tmp;
			dest[j] = j;
			dest[i] = dj;
		}
	}
out:
	free(keys);
	free(dest);
}

/* Whether ids[i] already appeared earlier in ids (clients: [a, a] counts once). */
static int seen_before(char **ids, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(ids[j], ids[i]))
			return 1;
	return 0;
}

/* Client ids hashed to their index, for linking every entry without a binary search each. */
struct id_table {
	size_t *slot; /* index + 1; 0: empty */
	size_t mask;
};

static void id_table_init(struct id_table *t, const struct notebook *nb)
{
	size_t size = 16;

	while (size < 2 * nb->nclients)
		size *= 2;
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	for (size_t i = 0; i < nb->nclients; i++) {
		size_t h = (size_t)fnv_str(nb->clients[i].id) & t->mask;
		while (t->slot[h])
			h = (h + 1) & t->mask;
		t->slot[h] = i + 1;
	}
}

static struct client *id_table_find(const struct id_table *t, const struct notebook *nb,
				    const char *id)
{
	size_t h;

	if (!id)
		return NULL;
	for (h = (size_t)fnv_str(id) & t->mask; t->slot[h]; h = (h + 1) & t->mask)
		if (!strcmp(nb->clients[t->slot[h] - 1].id, id))
			return &nb->clients[t->slot[h] - 1];
	return NULL;
}

void model_link(struct notebook *nb)
{
	size_t *count = NULL, nrefs = 0;
	struct client **found;
	struct id_table ids;

	if (nb->nclients)
		qsort(nb->clients, nb->nclients, sizeof(*nb->clients), client_cmp);
	if (nb->nentries)
		sort_entries(nb->entries, nb->nentries);
	for (size_t i = 0; i < nb->nclients; i++) {
		free(nb->clients[i].entries);
		nb->clients[i].entries = NULL;
		nb->clients[i].nentries = 0;
	}
	if (!nb->nclients)
		return;

	/* Find each entry's clients once, count, allocate exactly, then fill in entry order. */
	id_table_init(&ids, nb);
	for (size_t e = 0; e < nb->nentries; e++)
		nrefs += nb->entries[e].nclients;
	found = xreallocarray(NULL, nrefs ? nrefs : 1, sizeof(*found));
	count = xcalloc(nb->nclients, sizeof(*count));
	nrefs = 0;
	for (size_t e = 0; e < nb->nentries; e++) {
		struct entry *en = &nb->entries[e];

		for (size_t k = 0; k < en->nclients; k++) {
			struct client *c = id_table_find(&ids, nb, en->clients[k]);

			if (c && seen_before(en->clients, k))
				c = NULL;
			found[nrefs++] = c;
			if (c)
				count[c - nb->clients]++;
		}
	}
	for (size_t i = 0; i < nb->nclients; i++)
		if (count[i])
			nb->clients[i].entries = xreallocarray(NULL, count[i], sizeof(struct entry *));
	nrefs = 0;
	for (size_t e = 0; e < nb->nentries; e++) {
		struct entry *en = &nb->entries[e];

		for (size_t k = 0; k < en->nclients; k++) {
			struct client *c = found[nrefs++];

			if (c)
				c->entries[c->nentries++] = en;
		}
	}
	free(found);
	free(count);
	free(ids.slot);
}

struct client *model_find_client(const struct notebook *nb, const char *id)
{
	size_t lo = 0, hi = nb->nclients;

	if (!id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, nb->clients[mid].id);

		if (!c)
			return &nb->clients[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_promises(struct promise *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

void client_release(struct client *c)
{
	if (c->borrowed) {
		free(c->entries);
		memset(c, 0, sizeof(*c));
		return;
	}
	free(c->id);
	free(c->path);
	free(c->name);
	free(c->owner);
	free_strings(c->tags, c->ntags);
	for (size_t i = 0; i < c->ncontacts; i++) {
		free(c->contacts[i].name);
		free(c->contacts[i].role);
		for (size_t j = 0; j < c->contacts[i].nemails; j++)
			free(c->contacts[i].emails[j]);
		free(c->contacts[i].emails);
		for (size_t j = 0; j < c->contacts[i].nphones; j++)
			free(c->contacts[i].phones[j]);
		free(c->contacts[i].phones);
		free(c->contacts[i].birthday);
		free(c->contacts[i].notes);
	}
	free(c->contacts);
	for (int i = 0; i < EMPATHY_COUNT; i++)
		free(c->empathy[i]);
	free_promises(c->promises, c->npromises);
	free(c->entries);
	memset(c, 0, sizeof(*c));
}

void entry_release(struct entry *e)
{
	if (e->borrowed) {
		memset(e, 0, sizeof(*e));
		e->trust = TRUST_UNSET;
		return;
	}
	free(e->path);
	free_strings(e->clients, e->nclients);
	free_strings(e->with, e->nwith);
	free(e->mood);
	free_promises(e->promises, e->npromises);
	free(e->summary);
	memset(e, 0, sizeof(*e));
	e->trust = TRUST_UNSET;
}

void notebook_release(struct notebook *nb)
{
	free(nb->root);
	settings_release(&nb->settings);
	for (size_t i = 0; i < nb->nclients; i++)
		client_release(&nb->clients[i]);
	free(nb->clients);
	for (size_t i = 0; i < nb->nentries; i++)
		entry_release(&nb->entries[i]);
	free(nb->entries);
	arena_release(&nb->mem);
	free(nb->records);
	memset(nb, 0, sizeof(*nb));
}

int contact_birthday(const struct contact *k, int *year, int *month, int *day)
{
	const char *s = k->birthday;
	day_t d;

	if (!s)
		return -1;
	if (strlen(s) == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-') {
		/* --MM-DD: checked as a day of the leap year 2000, so --02-29 is one */
		char full[11];

		snprintf(full, sizeof(full), "2000%s", s + 1);
		if (date_parse(full, 10, &d) < 0)
			return -1;
		date_to_ymd(d, year, month, day);
		*year = 0;
		return 0;
	}
	if (date_parse(s, strlen(s), &d) < 0)
		return -1;
	date_to_ymd(d, year, month, day);
	return 0;
}

static char *slim_str(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void notebook_slim_clients(struct notebook *nb)
{
	struct arena mem = ARENA_INIT;

	for (size_t i = 0; i < nb->nclients; i++) {
		struct client *c = &nb->clients[i], to = *c;

		to.id = slim_str(&mem, c->id);
		to.path = slim_str(&mem, c->path);
		to.name = slim_str(&mem, c->name);
		to.owner = slim_str(&mem, c->owner);
		to.tags = c->ntags ? arena_alloc(&mem, c->ntags * sizeof(char *)) : NULL;
		for (size_t k = 0; k < c->ntags; k++)
			to.tags[k] = slim_str(&mem, c->tags[k]);
		to.contacts = NULL;
		to.ncontacts = 0;
		memset(to.empathy, 0, sizeof(to.empathy));
		to.promises = c->npromises ? arena_alloc(&mem, c->npromises * sizeof(*to.promises)) : NULL;
		for (size_t k = 0; k < c->npromises; k++) {
			to.promises[k] = c->promises[k];
			to.promises[k].text = slim_str(&mem, c->promises[k].text);
			to.promises[k].path = to.path;
		}
		to.entries = NULL;
		to.nentries = 0;
		to.borrowed = 1;
		client_release(c);
		*c = to;
	}
	arena_release(&nb->mem);
	free(nb->records);
	nb->records = NULL;
	nb->mem = mem;
}
