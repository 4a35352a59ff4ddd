/* libFuzzer target: the body reader (task items, due dates, first line). */
#include <stdint.h>
#include <stdlib.h>

#include "body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct task_list t = { 0 };
	struct diags d = DIAGS_INIT;
	char *first;

	body_tasks("fuzz.md", (const char *)data, size, 5, &t, &d);
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].line < 5 || !t.v[i].text)
			__builtin_trap();
	task_list_release(&t);
	diags_release(&d);
	first = body_first_line((const char *)data, size);
	free(first);
	return 0;
}
