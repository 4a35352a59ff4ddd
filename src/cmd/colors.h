/* The colours the commands give the notebook's states, one mapping for every table and page. */
#ifndef NOTEBOOK_COLORS_H
#define NOTEBOOK_COLORS_H

#include "stale.h"
#include "term.h"

/* A client's state as status, list and show colour it: stale in bold red, overdue red, … */
enum term_color state_color(enum contact_state s);

#endif
