/* log --with names against the clients' contacts: see withcheck.h. */
#include "withcheck.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "node.h"
#include "people.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

/* The contacts' names of every client, NULL-terminated; caller frees each and the array. */
static char **contact_names(const char *root, char *const *ids, size_t nids)
{
	char **v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < nids; i++) {
		struct yaml_doc doc;
		struct diags d = DIAGS_INIT;
		char *rel = xasprintf("clients/%s.md", ids[i]), *data = NULL;
		const struct node *c;
		size_t len;

		yaml_doc_init(&doc);
		if (writing_read(root, rel, &data, &len) == 0 &&
		    yaml_read_front_matter(rel, data, len, &doc, &d) == 0 &&
		    (c = node_get(doc.root, "contacts")) && c->kind == NODE_SEQ)
			for (size_t k = 0; k < c->n; k++) {
				const struct node *nm = c->items[k]->kind == NODE_MAP ?
					node_get(c->items[k], "name") : NULL;
				if (nm && nm->kind == NODE_SCALAR && nm->len) {
					ALLOC_GROW(v, n + 2, alloc);
					v[n++] = xstrdup(nm->str);
				}
			}
		yaml_doc_release(&doc);
		diags_release(&d);
		free(data);
		free(rel);
	}
	ALLOC_GROW(v, n + 1, alloc);
	v[n] = NULL;
	return v;
}

void with_check(const char *root, char *const *ids, size_t nids, char *const *names, size_t n)
{
	char **known;
	struct buf whose = BUF_INIT;

	if (!n)
		return;
	known = contact_names(root, ids, nids);
	for (size_t i = 0; i < nids; i++)
		buf_printf(&whose, "%s%s", i ? (i + 1 == nids ? " or " : ", ") : "", ids[i]);
	for (size_t i = 0; i < n; i++) {
		const char *near;
		int found = 0;

		for (size_t k = 0; known[k] && !found; k++)
			found = person_same(known[k], names[i]);
		if (found)
			continue;
		near = nearest_word(names[i], (const char *const *)known);
		if (near)
			warning("'%s' is not among the contacts of %s (did you mean '%s'?)", names[i],
				buf_str(&whose), near);
		else
			warning("'%s' is not among the contacts of %s; add them to the client's contacts to see "
				"when you last spoke", names[i], buf_str(&whose));
	}
	for (size_t k = 0; known[k]; k++)
		free(known[k]);
	free(known);
	buf_release(&whose);
}
