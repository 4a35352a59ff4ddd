/*
 * vCard: reading 3.0 (RFC 2426) and 4.0 (RFC 6350) as address books write
 * them, and writing 4.0. Reading unfolds lines, drops group prefixes
 * (item1.EMAIL), reads parameters (quoted values, TYPE shorthand, PREF,
 * CHARSET, ENCODING=QUOTED-PRINTABLE of older writers) and unescapes
 * values. Pure: bytes in, cards out; cards out as text.
 */
#ifndef NOTEBOOK_VCARD_H
#define NOTEBOOK_VCARD_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* One person as a card gives them. */
struct vcard {
	int line;         /* the BEGIN:VCARD line */
	char *fn;         /* FN, else N put together; never NULL in a parsed card */
	char *org;        /* ORG's first component (the organisation), or NULL */
	char *title;      /* TITLE, else ROLE, or NULL */
	char **emails;    /* the preferred one first */
	size_t nemails;
	char **phones;    /* likewise */
	size_t nphones;
	char *bday;       /* "1980-04-23" or "--04-23", or NULL */
	char *note;
	char *client;     /* X-NOTEBOOK-CLIENT: the client id it was exported from */
};

/*
 * Reads every card of `data` (the file `path`). A card that cannot be used
 * (no END, no name, a bad BDAY, an unknown CHARSET) is reported in `d` at
 * its line and left out (counted in *nbad); the others are returned. -1
 * when the file is not vCard at all.
 */
int vcard_parse(const char *path, const char *data, size_t len, struct vcard **cards,
		size_t *n, size_t *nbad, struct diags *d);
void vcard_free(struct vcard *cards, size_t n);

/*
 * Appends one vCard 4.0 (CRLF line ends, folded at 75 octets). Fields
 * that are NULL or empty are left out; `client` goes to X-NOTEBOOK-CLIENT.
 */
void vcard_write(struct buf *out, const struct vcard *card);

#endif
