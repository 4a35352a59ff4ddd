/* The states' colours: see colors.h. */
#include "colors.h"

enum term_color state_color(enum contact_state s)
{
	switch (s) {
	case STATE_STALE:
		return COLOR_BOLD_RED;
	case STATE_OVERDUE:
		return COLOR_RED;
	case STATE_NEVER:
		return COLOR_MAGENTA;
	case STATE_DUE:
		return COLOR_YELLOW;
	case STATE_SNOOZED:
		return COLOR_BLUE;
	default:
		return COLOR_GREEN;
	}
}
