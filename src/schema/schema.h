/*
 * Our JSON Schema (draft 2020-12) validator, over node trees. Schemas are
 * compiled once and then validate any number of documents.
 */
#ifndef NOTEBOOK_SCHEMA_H
#define NOTEBOOK_SCHEMA_H

#include "diag.h"
#include "node.h"

struct schema;

/* Flags for schema_validate(). */
enum {
	/*
	 * YAML files: a plain scalar (name: 2024) is accepted where the schema
	 * asks for a string, as the string it was written as. Without this
	 * flag typing is JSON's: 1 is a number and never a string.
	 */
	SCHEMA_PLAIN_AS_STRING = 1 << 0,
};

/*
 * Compiles a schema written as a node tree (YAML or JSON). `ext`, when not
 * NULL, is a notebook's own extension of it: its `properties` are added to
 * the root's `properties` (custom fields, so they are not unknown keys) and
 * its other keywords must hold too. Problems in either go to `d` against
 * `path`/`ext_path`; returns NULL when unusable. The compiled schema does
 * not point into the trees: they may be released afterwards.
 */
struct schema *schema_compile(const struct node *root, const char *path,
			      const struct node *ext, const char *ext_path,
			      struct diags *d);
void schema_free(struct schema *s);

/*
 * Validates `doc` (from the file `path`). Every failure goes to `d` with the
 * line and column of the node at fault and a message in words, with a "did
 * you mean" for near-miss keys and enum values. Returns 0 when valid, else -1.
 */
int schema_validate(const struct schema *s, const struct node *doc,
		    const char *path, unsigned flags, struct diags *d);

/*
 * The built-in schemas, compiled into the binary from schema/NAME.schema.yaml:
 * name is "notebook", "client" or "entry". NULL for an unknown name.
 */
const char *builtin_schema(const char *name, size_t *len);

#endif
