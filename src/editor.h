/*
 * The user's editor. It comes from $VISUAL, else $EDITOR, else core.editor
 * in the user's own git configuration, else vi: never from the notebook or
 * its repository, which may have been cloned from someone else.
 */
#ifndef NOTEBOOK_EDITOR_H
#define NOTEBOOK_EDITOR_H

#include "buf.h"

/* The editor's command line, malloc'd. */
char *editor_command(void);

/*
 * Writes `text` to a private temporary file whose name ends in `suffix`
 * (e.g. "-acme-corp.md"), opens it in the editor, waits, and reads the
 * result back into `text`. 0, or -1 with a message (the editor failed or
 * exited non-zero); `text` is unchanged on failure.
 */
int editor_edit(struct buf *text, const char *suffix);

/*
 * Edits `text` until `check` accepts it: `check` returns 0 when the text
 * is good, 1 to give up quietly (an empty note), or -1 after saying what is
 * wrong, and then the user is asked "(e)dit again, (q)uit without saving?".
 * Returns 0 when accepted, 1 when given up or quit, -1 when the editor
 * failed.
 */
int editor_edit_until_valid(struct buf *text, const char *suffix,
			    int (*check)(struct buf *text, void *arg), void *arg);

#endif
