/*
 * libFuzzer target: the field-by-field merge of a client file. The input
 * is three files, ancestor, ours and theirs, separated by NUL bytes. Checks
 * that the merge never crashes, that merging a side with itself gives that
 * side back unchanged, and that a clean merge keeps every front-matter key
 * that both sides have.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "git/merge.h"
#include "node.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct part {
	const char *p;
	size_t n;
};

/* Reads a side's front matter; the root mapping or NULL. */
static const struct node *keys_of(const struct part *s, struct yaml_doc *doc)
{
	struct diags d = DIAGS_INIT;
	int ok;

	yaml_doc_init(doc);
	ok = !yaml_read_front_matter("clients/fuzz.md", s->p, s->n, doc, &d);
	diags_release(&d);
	return ok ? doc->root : NULL;
}

static void check_kept_keys(const struct part *side, const struct buf *out)
{
	struct yaml_doc da, db, dout;
	struct part o = { out->data ? out->data : "", out->len };
	const struct node *a = keys_of(&side[1], &da);
	const struct node *b = keys_of(&side[2], &db);
	const struct node *m = keys_of(&o, &dout);

	/* A clean merge of two readable sides that does not read is allowed
	 * (two valid edits can make invalid YAML together); then `check`
	 * reports it and sync refuses to commit it. */
	if (a && b && m) {
		for (size_t i = 0; i < a->n; i++) {
			const char *key = a->pairs[i].key->str;
			if (node_get(b, key) && !node_get(m, key))
				__builtin_trap(); /* a key both sides kept was lost */
		}
	}
	yaml_doc_release(&da);
	yaml_doc_release(&db);
	yaml_doc_release(&dout);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct part side[3];
	const char *p = (const char *)data, *end = p + size;
	struct buf out = BUF_INIT;
	size_t conflicts;

	for (int i = 0; i < 3; i++) {
		const char *nul = i < 2 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		if (i < 2 && !nul)
			return 0;
		side[i].p = p;
		side[i].n = (size_t)((nul ? nul : end) - p);
		p = nul ? nul + 1 : end;
	}

	conflicts = merge_file("clients/fuzz.md", side[0].p, side[0].n, side[1].p, side[1].n,
			       side[2].p, side[2].n, &out);
	if (!conflicts)
		check_kept_keys(side, &out);

	/* Ours against itself: ours, byte for byte, with no conflict. */
	buf_reset(&out);
	if (merge_file("clients/fuzz.md", side[0].p, side[0].n, side[1].p, side[1].n,
		       side[1].p, side[1].n, &out) ||
	    out.len != side[1].n || (out.len && memcmp(out.data, side[1].p, out.len)))
		__builtin_trap();
	buf_release(&out);
	return 0;
}
