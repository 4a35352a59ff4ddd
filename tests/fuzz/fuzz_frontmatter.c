/* libFuzzer target: the front-matter reader on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;

	yaml_doc_init(&doc);
	if (!yaml_read_front_matter("fuzz.md", (const char *)data, size, &doc, &d) && !doc.root)
		__builtin_trap(); /* success must give a tree */
	if (d.errors && d.v[0].line < 0)
		__builtin_trap();
	yaml_doc_release(&doc);
	yaml_doc_init(&doc);
	yaml_read_document("fuzz.yaml", (const char *)data, size, 1, &doc, &d);
	yaml_doc_release(&doc);
	diags_release(&d);
	return 0;
}
