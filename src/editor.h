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
 * result back into `text`, until `check` accepts it: `check` returns 0 when the text
 * is good, 1 to give up quietly (an empty note), or -1 after saying what is
 * wrong, and then the user is asked on the terminal "(e)dit again, (q)uit
 * without saving?". Returns 0 when accepted, 1 when given up, 2 when the
 * user quit (or there was no terminal to ask on) with `text` holding the
 * invalid text, which the caller should keep with editor_keep(), and -1
 * when the editor failed (what it wrote, if anything, is kept and said).
 * The temporary file lives until the end, so the text survives a kill at
 * the question.
 */
int editor_edit_until_valid(struct buf *text, const char *suffix,
			    int (*check)(struct buf *text, void *arg), void *arg);

/*
 * Keeps `text` in a new file named `name` (or `name` with -2, -3 … before
 * its extension when taken) under `dir`, made if missing (mode 0700); when
 * that cannot be written (or `dir` is NULL), in a private file of $TMPDIR;
 * when neither can be, the text is printed on stderr. Returns the file's
 * path, malloc'd, for the caller to say; NULL after printing the text.
 */
char *editor_keep(const char *dir, const char *name, const struct buf *text);

#endif
