/* libFuzzer target: the whole-file check of a client file and of an entry. */
#include <stdint.h>

#include "diag.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;

	validate_file(NULL, "clients/acme-corp.md", (const char *)data, size, &d);
	validate_file(NULL, "journal/2026/11/2026-11-20-acme-corp-call.md", (const char *)data, size, &d);
	validate_file(NULL, "notebook.yaml", (const char *)data, size, &d);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 0 || d.v[i].col < 0)
			__builtin_trap();
	diags_release(&d);
	return 0;
}
