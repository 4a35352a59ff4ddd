/* Option values checked with a refusal that helps: see choice.h. */
#include "choice.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cmdctx.h"
#include "model.h"
#include "report.h"
#include "fold.h"
#include "stale.h"
#include "util.h"

const char *choice_near(const char *word, const char *const *values)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	int ties = 0;

	for (size_t i = 0; values[i]; i++) {
		const char *v = values[i];
		size_t len = strlen(v), d = edit_distance(word, v, 3), prefix = 0;
		int near;

		while (word[prefix] && v[prefix] && (word[prefix] | 0x20) == (v[prefix] | 0x20))
			prefix++;
		/* One or two letters wrong but not the first, or the same word begun. */
		near = ((word[0] | 0x20) == (v[0] | 0x20) && d <= (len <= 4 ? 1u : 2u)) ||
		       (prefix >= 5 && prefix * 2 >= len);
		if (!near)
			continue;
		if (d < best_d) {
			best = v;
			best_d = d;
			ties = 0;
		} else if (d == best_d) {
			ties = 1;
		}
	}
	return ties ? NULL : best;
}

/* Appends "a, b, c". */
static void add_list(struct buf *b, const char *const *values)
{
	for (size_t i = 0; values[i]; i++) {
		if (i)
			buf_adds(b, ", ");
		buf_adds(b, values[i]);
	}
}

int choice_error(const char *usage, const char *what, const char *word,
		 const char *const *values)
{
	const char *near = choice_near(word, values);
	struct buf list = BUF_INIT;
	int ret;

	add_list(&list, values);
	if (near)
		ret = usage_error(usage, "unknown %s '%s' (did you mean '%s'?); one of: %s", what,
				  word, near, buf_str(&list));
	else
		ret = usage_error(usage, "unknown %s '%s'; one of: %s", what, word, buf_str(&list));
	buf_release(&list);
	return ret;
}

int names_equal(const char *a, const char *b)
{
	struct buf fa = BUF_INIT, fb = BUF_INIT;
	int eq;

	fold_name(&fa, a);
	fold_name(&fb, b);
	eq = !strcmp(buf_str(&fa), buf_str(&fb));
	buf_release(&fa);
	buf_release(&fb);
	return eq;
}

static int cmp_str(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds `s` to v unless a name equal to it is there. */
static void add_unique(const char ***v, size_t *n, size_t *alloc, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (names_equal((*v)[i], s))
			return;
	ALLOC_GROW(*v, *n + 2, *alloc);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

/* "no client has the WHAT 'x'; the WHATs in this notebook: a, b" */
static int say_missing(const char *what, const char *plural, const char *word, const char **v,
		       size_t n)
{
	struct buf list = BUF_INIT;

	if (!n)
		return error("no client has the %s '%s' (no client has any %s)", what, word, what);
	qsort(v, n, sizeof(*v), cmp_str);
	add_list(&list, v);
	error("no client has the %s '%s'; the %s in this notebook: %s", what, word, plural,
	      buf_str(&list));
	buf_release(&list);
	return -1;
}

/*
 * "warning: no client has the owner 'x' (did you mean 'y'?); the owners in
 * this notebook: a, b". An owner is a person, who may own no client today
 * (all reassigned, or new to the team): a warning, not a refusal, so that
 * a feed or a report for them comes out empty rather than broken.
 */
const char *choice_near_name(const char *word, const char *const *values, size_t n)
{
	struct buf fw = BUF_INIT;
	const char **folded = xcalloc(n + 1, sizeof(*folded)), *near;

	for (size_t i = 0; i < n; i++) {
		struct buf f = BUF_INIT;
		fold_name(&f, values[i]);
		folded[i] = buf_detach(&f);
	}
	fold_name(&fw, word);
	near = choice_near(buf_str(&fw), folded);
	for (size_t i = 0; near && i < n; i++)
		if (folded[i] == near)
			near = values[i];
	for (size_t i = 0; i < n; i++)
		free((char *)folded[i]);
	free(folded);
	buf_release(&fw);
	return near;
}

/*
 * "warning: no client has the owner 'x' (did you mean 'y'?); the owners in
 * this notebook: a, b". An owner is a person, who may own no client today
 * (all reassigned, or new to the team): a warning, not a refusal, so that
 * a feed or a report for them comes out empty rather than broken.
 */
static void say_no_owner(const char *word, const char **v, size_t n)
{
	struct buf list = BUF_INIT;
	const char *near;

	if (!n) {
		warning("no client has the owner '%s' (no client has any owner)", word);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	add_list(&list, v);
	near = choice_near_name(word, v, n);
	if (near)
		warning("no client has the owner '%s' (did you mean '%s'?); the owners in this "
			"notebook: %s", word, near, buf_str(&list));
	else
		warning("no client has the owner '%s'; the owners in this notebook: %s", word,
			buf_str(&list));
	buf_release(&list);
}

int filter_check(const struct notebook *nb, const char *tag, const char *owner)
{
	const char **v = NULL;
	size_t n = 0, alloc = 0;
	int found = 0, ret = 0;

	if (tag) {
		for (size_t i = 0; i < nb->nclients; i++)
			for (size_t k = 0; k < nb->clients[i].ntags; k++) {
				add_unique(&v, &n, &alloc, nb->clients[i].tags[k]);
				found |= names_equal(nb->clients[i].tags[k], tag);
			}
		if (!found)
			ret = say_missing("tag", "tags", tag, v, n);
	}
	n = 0;
	found = 0;
	if (owner && !ret) {
		for (size_t i = 0; i < nb->nclients; i++) {
			const char *o = client_owner(nb, &nb->clients[i]);
			if (!o)
				continue;
			add_unique(&v, &n, &alloc, o);
			found |= names_equal(o, owner);
		}
		if (!found) {
			say_no_owner(owner, v, n);
			ret = 1;
		}
	}
	free(v);
	return ret;
}

int choice_mask(const char *usage, const char *what, const char *arg,
		const char *const *values, unsigned *mask)
{
	const char *p = arg;
	int ret = 0;

	for (;;) {
		size_t n = strcspn(p, ",");
		char *word = xstrndup(p, n);
		size_t i;

		/* Blanks around a value are the user's: "key, regular" is two values. */
		char *w = word;
		while (*w == ' ')
			w++;
		for (size_t k = strlen(w); k && w[k - 1] == ' '; k--)
			w[k - 1] = 0;
		for (i = 0; values[i]; i++)
			if (!strcasecmp(w, values[i]))
				break;
		if (!*w)
			ret = usage_error(usage, "an empty %s in '%s'", what, arg);
		else if (!values[i])
			ret = choice_error(usage, what, w, values);
		else
			*mask |= 1u << i;
		free(word);
		if (ret || !p[n])
			break;
		p += n + 1;
	}
	return ret;
}

int choice_tiers(const char *usage, const char *arg, unsigned *mask)
{
	const char *v[TIER_COUNT + 1];

	for (int i = 0; i < TIER_COUNT; i++)
		v[i] = tier_name((enum tier)i);
	v[TIER_COUNT] = NULL;
	return choice_mask(usage, "tier", arg, v, mask);
}

int choice_states(const char *usage, const char *arg, unsigned *mask)
{
	const char *v[STATE_OK + 2];

	for (int i = 0; i <= STATE_OK; i++)
		v[i] = state_name((enum contact_state)i);
	v[STATE_OK + 1] = NULL;
	return choice_mask(usage, "state", arg, v, mask);
}
