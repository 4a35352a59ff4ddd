/*
 * The parsed notebook: settings, clients and journal entries, as plain data.
 * Everything here is built by the loader (load.c) from validated files and is
 * read by the staleness rules and the commands.
 */
#ifndef NOTEBOOK_MODEL_H
#define NOTEBOOK_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "body.h"
#include "date.h"

enum tier { TIER_KEY, TIER_REGULAR, TIER_OCCASIONAL, TIER_COUNT };
enum client_status { STATUS_PROSPECT, STATUS_ACTIVE, STATUS_PAUSED, STATUS_FORMER };
enum trust { TRUST_UNSET = -1, TRUST_HEALTHY = 0, TRUST_STRAINED, TRUST_REPAIRING };
enum fit { FIT_GOOD, FIT_QUESTIONABLE, FIT_POOR };
enum kind {
	KIND_CALL, KIND_MEETING, KIND_EMAIL, KIND_MESSAGE, KIND_THANKS,
	KIND_APOLOGY, KIND_CHECKIN, KIND_FEEDBACK, KIND_NOTE, KIND_COUNT
};

/* Names as written in files: "key", "active", "strained", "check-in", … */
const char *tier_name(enum tier t);
const char *status_name(enum client_status s);
const char *trust_name(enum trust t); /* TRUST_UNSET gives "healthy" */
const char *fit_name(enum fit f);
const char *kind_name(enum kind k);
/* Parse a name; -1 when unknown. */
int tier_parse(const char *s);
int status_parse(const char *s);
int trust_parse(const char *s);
int fit_parse(const char *s);
int kind_parse(const char *s);

struct tag_cadence {
	char *tag;
	struct duration every;
};

struct settings {
	char *owner;              /* NULL when unset */
	char *timezone;           /* IANA name, NULL: the system's */
	struct duration cadence[TIER_COUNT]; /* 14d 30d 90d */
	struct tag_cadence *tag_cadence;
	size_t ntag_cadence;
	struct duration due_soon;        /* 3d */
	struct duration gratitude;       /* 90d */
	struct duration repair_checkin;  /* 7d */
	char *remote;                    /* "origin" */
};

/* Fills in the defaults of notebook-format(5). */
void settings_defaults(struct settings *s);
void settings_release(struct settings *s);

/* A person at a client (the client file's `contacts`). */
struct contact {
	char *name, *role;  /* role may be NULL */
	char **emails;      /* `email`: one or a list, the main one first */
	size_t nemails;
	char **phones;      /* `phone`, likewise */
	size_t nphones;
	char *birthday;     /* as written: "1980-04-23" or "--04-23"; NULL when unset */
	char *notes;        /* NULL when unset */
};

/*
 * The month and day of a contact's birthday, and its year (0 when written
 * as --MM-DD). 0, or -1 when it has none or it is not one of those forms.
 */
int contact_birthday(const struct contact *k, int *year, int *month, int *day);

enum empathy_part { EMPATHY_SAYS, EMPATHY_THINKS, EMPATHY_DOES, EMPATHY_FEELS, EMPATHY_COUNT };

/* A promise: a task item in a client file or an entry body. */
struct promise {
	char *text;
	int has_due;
	day_t due;
	int done;
	int has_done_on; /* the day it was ticked (done:YYYY-MM-DD), when written */
	day_t done_on;
	const char *path; /* the file it is in (the client's or entry's path) */
	int line;
};

struct entry;

struct client {
	char *id;         /* the file's stem */
	char *path;       /* "clients/<id>.md", relative to the root */
	char *name;
	enum client_status status;
	enum tier tier;
	int has_cadence;
	struct duration cadence;
	int has_snooze;
	day_t snooze;
	int has_since;
	day_t since;
	int has_archived;
	day_t archived;   /* `archived`: when the relationship ended */
	char *owner;      /* NULL when unset */
	char **tags;
	size_t ntags;
	enum trust trust; /* from the client file; TRUST_HEALTHY by default */
	enum fit fit;
	struct contact *contacts;
	size_t ncontacts;
	char *empathy[EMPATHY_COUNT]; /* NULL when not written */
	struct promise *promises;     /* from the client file's body */
	size_t npromises;

	/* Filled by model_link(): this client's entries in "latest" order, oldest first. */
	struct entry **entries;
	size_t nentries;
	/* restored from the cache: its strings and arrays are the notebook's `mem`, not freed one by one */
	int borrowed;
};

/* Its fields in pairs of four bytes, no padding: 200,000 entries are 3 MB less. */
struct entry {
	char *path;       /* "journal/2026/11/2026-11-20-acme-corp-call.md" */
	int64_t instant;  /* seconds since the epoch; a bare date is the start of its day */
	day_t day;        /* its date, or the date of its date-time in the notebook's timezone */
	int has_time;     /* the date was a date-time */
	char **clients;   /* ids: `client`, or `clients` */
	size_t nclients;
	enum kind kind;
	int satisfaction; /* 1..5, 0 when unset */
	char **with;
	size_t nwith;
	char *mood;       /* NULL when unset */
	enum trust trust; /* TRUST_UNSET when the entry does not set one */
	int borrowed;     /* as a client's */
	struct promise *promises;
	size_t npromises;
	char *summary;    /* first line of the body, for timelines */
};

struct notebook {
	char *root;       /* the directory holding notebook.yaml */
	struct settings settings;
	struct client *clients; /* sorted by id */
	size_t nclients;
	struct entry *entries;  /* in "latest" order: instant, then path */
	size_t nentries;
	/*
	 * The memory of the records restored from the cache: their strings
	 * point into `records` (one block, as the cache read it), their arrays
	 * into `mem`. Both go with notebook_release().
	 */
	struct arena mem;
	void *records;
};

/*
 * Sorts clients by id and entries by (instant, path), then fills each
 * client's `entries`. Entries naming unknown ids are skipped here (the
 * loader has reported them).
 */
void model_link(struct notebook *nb);
/* Binary search by id; NULL when absent. */
struct client *model_find_client(const struct notebook *nb, const char *id);
void notebook_release(struct notebook *nb);
/*
 * Keeps of the clients what the audit and the report read (all but their
 * contacts and empathy maps), in one arena of nb's, and lets go of the
 * records and memory they were read into. For clients not yet linked to
 * entries (none are, after).
 */
void notebook_slim_clients(struct notebook *nb);
void client_release(struct client *c);
void entry_release(struct entry *e);

#endif
