/*
 * The file-system monitor: watchman, asked which files changed since the
 * cache was last known to be complete (notebook(1), index --monitor). It
 * speaks watchman's JSON protocol over its unix socket, found from
 * $WATCHMAN_SOCK or `watchman get-sockname`; the cache (index.c) keeps
 * what it needs to ask again (the socket, the watch, the clock) as a
 * short JSON text among its own rows.
 *
 * Off unless the repository's own git config says
 * notebook.monitor=watchman (or NOTEBOOK_MONITOR=watchman is set). Every answer that is not exact (no watchman,
 * a late answer, a restarted watchman, a clock it does not know) is "do
 * not know": the loader then stats every file, as without a monitor.
 */
#ifndef NOTEBOOK_MONITOR_H
#define NOTEBOOK_MONITOR_H

#include <stddef.h>

#include "buf.h"

/* The git config key and its one value that turns the monitor on. */
#define MONITOR_KEY "notebook.monitor"
#define MONITOR_WATCHMAN "watchman"

struct monitor_answer {
	int ok;           /* watchman answered: `state` is the state to keep */
	int exact;        /* files not in `changed` are unchanged since `had` */
	char **changed;   /* paths from the notebook root, sorted (strcmp) */
	size_t nchanged;
	char *state;      /* the new state, malloc'd; NULL when !ok */
	int moved;        /* `state` says more than the one asked with */
};

/*
 * Whether the monitor is on for the notebook at `root`: NOTEBOOK_MONITOR
 * (watchman or none) when set, else the repository's own config.
 */
int monitor_configured(const char *root);

/*
 * Asks watchman what changed under `root` since the state `had` (the
 * state a former answer gave, or NULL), within a fraction of a second.
 * Never fails: a question it cannot answer is an answer with !exact.
 * Release with monitor_answer_release().
 */
void monitor_ask(const char *root, const char *had, struct monitor_answer *a);
void monitor_answer_release(struct monitor_answer *a);

/*
 * Has watchman watch `root` now (index --monitor watchman). 0, or -1 with
 * the reason in `why`.
 */
int monitor_watch(const char *root, struct buf *why);

#endif
