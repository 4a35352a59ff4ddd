/*
 * The notebook written out for other programs (notebook export, show
 * --json): JSON of clients with their contacts, entries and status
 * figures; CSV of the clients with their status figures; vCard 4.0 of the
 * people. Pure: each appends to a buffer. The shapes are documented in
 * notebook(1); the JSON one is schema/export.json.
 */
#ifndef NOTEBOOK_EXPORT_H
#define NOTEBOOK_EXPORT_H

#include "buf.h"
#include "date.h"
#include "json.h"
#include "model.h"

/* Client `c` as a JSON object, as of `today`. A new reference. */
json_t *export_json_client(const struct notebook *nb, const struct client *c, day_t today);

/* The whole notebook: {"notebook": 1, "as_of", "owner", "timezone", "clients": […]}. */
void export_json(const struct notebook *nb, day_t today, struct buf *out);

/* One header row, then one row per client (RFC 4180: CRLF, quoted where needed). */
void export_csv(const struct notebook *nb, day_t today, struct buf *out);

/* Every person of every client as a vCard 4.0, ORG set to the client's name. */
void export_vcard(const struct notebook *nb, struct buf *out);

#endif
