#define _GNU_SOURCE /* memmem */
/*
 * libFuzzer target: the schema validator, with both the schema and the
 * document fuzzed. The input is "schema YAML", a line "%%%", then the
 * document YAML; without the separator the input is validated as a client
 * and as an entry against the built-in schemas.
 */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "schema/schema.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct schema *builtin(const char *name)
{
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	size_t len;
	const char *text = builtin_schema(name, &len);
	struct schema *s;

	yaml_doc_init(&doc);
	if (yaml_read_document(name, text, len, 1, &doc, &d) < 0)
		__builtin_trap();
	s = schema_compile(doc.root, name, NULL, NULL, &d);
	yaml_doc_release(&doc);
	diags_release(&d);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct schema *client, *entry;
	const char *p = (const char *)data;
	const char *sep = size >= 5 ? memmem(p, size, "\n%%%\n", 5) : NULL;
	struct diags d = DIAGS_INIT;
	struct yaml_doc sdoc, ddoc;

	if (!client) {
		client = builtin("client");
		entry = builtin("entry");
	}
	yaml_doc_init(&sdoc);
	yaml_doc_init(&ddoc);
	if (!sep) {
		if (!yaml_read_document("doc.yaml", p, size, 1, &ddoc, &d)) {
			schema_validate(client, ddoc.root, "doc.yaml", SCHEMA_PLAIN_AS_STRING, &d);
			schema_validate(entry, ddoc.root, "doc.yaml", 0, &d);
		}
		goto out;
	}
	if (!yaml_read_document("schema.yaml", p, (size_t)(sep - p), 0, &sdoc, &d) &&
	    !yaml_read_document("doc.yaml", sep + 5, size - (size_t)(sep - p) - 5, 0, &ddoc, &d)) {
		struct schema *s = schema_compile(sdoc.root, "schema.yaml", NULL, NULL, &d);
		if (s) {
			schema_validate(s, ddoc.root, "doc.yaml", 0, &d);
			schema_validate(s, ddoc.root, "doc.yaml", SCHEMA_PLAIN_AS_STRING, &d);
			schema_free(s);
		}
	}
out:
	yaml_doc_release(&sdoc);
	yaml_doc_release(&ddoc);
	diags_release(&d);
	return 0;
}
