/*
 * The user's pager for a long output on a terminal, as git runs one
 * (notebook(1), show): GIT_PAGER, else core.pager of the user's own git
 * configuration, else PAGER, else less; never a setting of the notebook.
 */
#ifndef NOTEBOOK_PAGER_H
#define NOTEBOOK_PAGER_H

/*
 * When standard output is a terminal and a pager is set (not "" or
 * "cat"), starts it with LESS=FRX and LV=-c unless they are set, and sends
 * standard output (and standard error, when it is that terminal too) to
 * it; at exit waits for it. A pager that cannot be started is no pager.
 * Returns 1 when one runs, else 0.
 */
int pager_start(void);

/*
 * The terminal's width when standard output goes to a pager that
 * pager_start() started, else 0: output to it is laid out as for that
 * terminal (term.h).
 */
int pager_columns(void);

#endif
