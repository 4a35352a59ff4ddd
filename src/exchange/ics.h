/*
 * An RFC 5545 iCalendar writer: content lines with CRLF ends, folded at 75
 * octets without splitting a UTF-8 sequence, and TEXT values escaped.
 * Pure: it appends to a buffer and knows nothing of files or clocks.
 */
#ifndef NOTEBOOK_ICS_H
#define NOTEBOOK_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"

/*
 * Appends one content line (n bytes, without its line end) folded as RFC
 * 5545 3.1 asks: at most 75 octets per physical line, continuation lines
 * starting with a space, never cutting inside a UTF-8 sequence; then CRLF.
 */
void ics_fold(struct buf *out, const char *line, size_t n);

/*
 * Appends `s` (n bytes) as a TEXT value (RFC 5545 3.3.11): backslash,
 * semicolon and comma escaped with a backslash, a newline as "\n". Other
 * control characters, which TEXT cannot hold, are written the way
 * buf_add_escaped() shows them ("\e", "\x07"), then escaped as TEXT.
 */
void ics_add_text(struct buf *out, const char *s, size_t n);

/* Appends the property "NAME:value" with a TEXT value, folded. */
void ics_prop_text(struct buf *out, const char *name, const char *value);
/*
 * Appends "NAME:a,b,c": a list of TEXT values (CATEGORIES), each escaped,
 * so that a comma inside one stays part of it.
 */
void ics_prop_list(struct buf *out, const char *name, const char *const *values, size_t n);
/* Appends "NAME:value" with the value as written (dates, UIDs), folded. */
void ics_prop_raw(struct buf *out, const char *name, const char *value);
/* Appends "NAME;VALUE=DATE:YYYYMMDD". */
void ics_prop_date(struct buf *out, const char *name, day_t day);

/* BEGIN:VCALENDAR, VERSION:2.0, PRODID:<prodid>, CALSCALE:GREGORIAN. */
void ics_begin_calendar(struct buf *out, const char *prodid);
void ics_end_calendar(struct buf *out);

/*
 * A stable identifier for UID: 16 hex digits of the FNV-1a hash of `key`
 * followed by "@notebook" (out: at least 32 bytes).
 */
void ics_uid(const char *key, char *out, size_t size);

#endif
