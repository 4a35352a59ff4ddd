/* libFuzzer target: the date, date-time and duration parsers and date arithmetic. */
#include <stdint.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	day_t day, back;
	int64_t epoch;
	struct duration dur;
	char out[16];

	if (!date_parse(s, size, &day)) {
		date_format(day, out);
		if (date_parse(out, strlen(out), &back) || back != day || size != 10 || memcmp(out, s, 10))
			__builtin_trap();
	}
	datetime_parse(s, size, &epoch);
	if (!duration_parse(s, size, &dur)) {
		duration_format(dur, out, sizeof(out));
		day_t base = 20000;
		day_t later = date_add(base, dur, 2);
		if (later < base)
			__builtin_trap();
		(void)date_add(later, dur, -2);
	}
	return 0;
}
