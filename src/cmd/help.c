/* The options of each command, one line each (see help.h and notebook(1)). */
#include "help.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

#define NO_COLOR_LINE { "--no-color", "no colour (also when NO_COLOR is set or not on a terminal)" }
#define END { NULL, NULL }

static const struct help_option check_opts[] = {
	{ "--staged", "check what is staged for the next commit (the hook)" },
	{ "--format text|json", "path:line:col lines (the default), or a JSON array" },
	END,
};

static const struct help_option status_opts[] = {
	{ "--as-of DATE", "audit as of DATE (YYYY-MM-DD) instead of today" },
	{ "-a, --all", "every client, not only those needing attention" },
	{ "--tag TAG", "only clients with this tag (any case)" },
	{ "--owner OWNER", "only clients of this owner (any case)" },
	{ "--tier TIER,...", "only these tiers: key, regular, occasional" },
	{ "--state STATE,...", "every client in these states (stale, overdue, never, ...)" },
	{ "--json", "the audit as JSON" },
	{ "--exit-code", "exit 1 when a client is overdue, stale or owes a promise" },
	NO_COLOR_LINE,
	END,
};

static const struct help_option show_opts[] = {
	{ "--as-of DATE", "show the client as of DATE: later entries are left out" },
	{ "--limit N", "only the newest N entries of the timeline (0: all)" },
	{ "--since DATE", "only the entries from DATE (YYYY-MM-DD) on" },
	{ "--json", "the client as JSON (as export --format json has it)" },
	{ "--no-pager", "no pager, even on a terminal (else as git: GIT_PAGER, ...)" },
	NO_COLOR_LINE,
	END,
};

static const struct help_option list_opts[] = {
	{ "--tag TAG", "only clients with this tag (any case)" },
	{ "--owner OWNER", "only clients of this owner (any case)" },
	{ "--status STATUS", "prospect, active, paused or former" },
	{ "--tier TIER,...", "only these tiers: key, regular, occasional" },
	{ "--state STATE,...", "only clients in these states (as status has them)" },
	{ "--as-of DATE", "the states as of DATE (YYYY-MM-DD) instead of today" },
	{ "--json", "the clients as a JSON array" },
	NO_COLOR_LINE,
	END,
};

static const struct help_option agenda_opts[] = {
	{ "--days N", "how far ahead: 0 to 3660 days (default 14)" },
	{ "--as-of DATE", "today is DATE (YYYY-MM-DD)" },
	{ "--owner OWNER", "only the clients of this owner (any case)" },
	{ "--ics", "an iCalendar (RFC 5545) file of to-dos instead of the list" },
	{ "--json", "the items as JSON instead of the list" },
	NO_COLOR_LINE,
	END,
};

static const struct help_option new_opts[] = {
	{ "--id ID", "the client's id (else made from NAME)" },
	{ "--tier TIER", "key, regular (the default) or occasional" },
	{ "--cadence DURATION", "the client's own keep-in-touch interval (2w, 1m)" },
	{ "--since DATE", "the start of the relationship (default today)" },
	{ "--owner NAME", "who looks after it (in a team notebook: you)" },
	{ "--tag TAG", "a tag; repeat for more" },
	END,
};

static const struct help_option log_opts[] = {
	{ "-k, --kind KIND", "the kind of contact (below); default call" },
	{ "-m, --message TEXT", "the note, each -m a paragraph (else an editor)" },
	{ "--date DATE", "the day of the contact (default today)" },
	{ "--with NAME", "a person who took part; repeat for more" },
	{ "--mood WORD", "how the client felt" },
	{ "--satisfaction N", "how satisfied the client was, 1 to 5" },
	{ "--trust STATE", "healthy, strained or repairing after this contact" },
	{ "--promise \"TEXT [due:DATE]\"", "an open promise, due or not; repeat for more" },
	END,
};

static const struct help_option commit_opts[] = {
	{ "-m, --message MESSAGE", "the commit message (else one saying what changed)" },
	END,
};

static const struct help_option hook_opts[] = {
	{ "-f, --force", "replace a pre-commit hook that is not notebook's" },
	END,
};

static const struct help_option index_opts[] = {
	{ "--rebuild", "delete the cache and build it afresh" },
	{ "--monitor watchman|none", "file-system monitor: ask watchman what changed" },
	END,
};

static const struct help_option search_opts[] = {
	{ "--json", "the hits as a JSON array" },
	{ "-n, --limit N", "at most N hits (default 20; 0: no limit)" },
	{ "--owner OWNER", "only files of this owner's clients (any case)" },
	{ "--no-color", "no bold (also when NO_COLOR is set or not on a terminal)" },
	END,
};

static const struct help_option sync_opts[] = {
	{ "--commit", "commit hand edits first (as 'notebook commit' would)" },
	{ "-n, --dry-run", "fetch and say what would happen; change nothing" },
	{ "--continue", "finish a sync stopped on conflicts, once they are resolved" },
	{ "--abort", "give up a sync stopped on conflicts" },
	{ "--install-driver", "make git merge client files and entries as sync does" },
	{ "--rebase", "replay local commits on the remote's: no merge commit" },
	{ "--no-rebase", "merge, whatever notebook.syncRebase says" },
	END,
};

static const struct help_option export_opts[] = {
	{ "--format json|csv|vcard", "the whole notebook, the clients, or their people" },
	{ "--output FILE", "write FILE (replaced atomically), not standard output" },
	{ "--as-of DATE", "the status figures as of DATE (YYYY-MM-DD)" },
	END,
};

static const struct help_option report_opts[] = {
	{ "--as-of DATE", "the report as of DATE (YYYY-MM-DD) instead of today" },
	{ "--months N", "how many months back, DATE's month the last: 1 to 120 (12)" },
	{ "--owner OWNER", "only clients of this owner" },
	{ "--tag TAG", "only clients with this tag (any case)" },
	{ "--group owner|tag", "group the heatmap's rows by owner (the default) or tag" },
	{ "-o, --output FILE", "write FILE (replaced atomically), not standard output" },
	END,
};

static const struct help_option import_opts[] = {
	{ "--map COLUMN=FIELD", "csv: the column COLUMN gives FIELD; repeat for more" },
	{ "--dates dmy|mdy", "csv: read a/b/year as day/month or month/day" },
	{ "--last-contact-kind KIND", "csv: the kind of the last-contact entries (call)" },
	{ "--dry-run", "say what would change; write nothing" },
	END,
};

static const struct help_option archive_opts[] = {
	{ "--date DATE", "the day the relationship ended (default today)" },
	END,
};

static const struct help_option lsp_opts[] = {
	{ "--stdio", "talk on stdin and stdout (the only way; accepted for editors)" },
	END,
};

static const struct help_option no_opts[] = {
	END,
};

static const struct {
	const char *command;
	const struct help_option *options;
	const char *note; /* printed after the options, or NULL */
} table[] = {
	{ "check", check_opts },
	{ "status", status_opts },
	{ "show", show_opts },
	{ "list", list_opts },
	{ "agenda", agenda_opts },
	{ "report", report_opts },
	{ "init", no_opts },
	{ "new", new_opts },
	{ "log", log_opts, "KIND: call, meeting, email, message, thanks, apology, check-in, feedback\n"
			   "or note.\n" },
	{ "done", no_opts },
	{ "snooze", no_opts },
	{ "assign", no_opts },
	{ "edit", no_opts },
	{ "commit", commit_opts },
	{ "hook", hook_opts },
	{ "index", index_opts },
	{ "search", search_opts },
	{ "sync", sync_opts },
	{ "merge-driver", no_opts },
	{ "lsp", lsp_opts },
	{ "split", no_opts },
	{ "export", export_opts },
	{ "import", import_opts },
	{ "rename", no_opts },
	{ "archive", archive_opts },
	{ "rm", no_opts },
	{ "help", no_opts },
};

const struct help_option *help_options(const char *command)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (!strcmp(table[i].command, command))
			return table[i].options;
	return NULL;
}

static const char *help_note(const char *command)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (!strcmp(table[i].command, command))
			return table[i].note;
	return NULL;
}

void help_print(FILE *out, const char *command, const char *usage)
{
	static const struct help_option help = { "-h, --help", "this help" };
	const struct help_option *o = help_options(command);
	size_t width = strlen(help.flags);

	fputs(usage, out);
	for (size_t i = 0; o && o[i].flags; i++)
		if (strlen(o[i].flags) > width)
			width = strlen(o[i].flags);
	fputs("\noptions:\n", out);
	for (size_t i = 0; o && o[i].flags; i++)
		fprintf_escaped(out, "  %-*s  %s\n", (int)width, o[i].flags, o[i].text);
	fprintf_escaped(out, "  %-*s  %s\n", (int)width, help.flags, help.text);
	if (help_note(command))
		fputs(help_note(command), out);
	fprintf_escaped(out, "\nSee notebook(1), section 'notebook %s'.\n", command);
}

char *help_nearest_option(const char *command, const char *arg)
{
	const struct help_option *o = help_options(command);
	const char **cands = NULL;
	const char *near;
	char *ret = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; o && o[i].flags; i++) {
		const char *p = strstr(o[i].flags, "--");
		if (!p)
			continue;
		ALLOC_GROW(cands, n + 3, alloc);
		cands[n++] = xstrndup(p, strcspn(p, " ,"));
	}
	ALLOC_GROW(cands, n + 2, alloc);
	cands[n++] = xstrdup("--help");
	cands[n] = NULL;
	near = nearest_word(arg, cands);
	if (near)
		ret = xstrdup(near);
	for (size_t i = 0; i < n; i++)
		free((char *)cands[i]);
	free(cands);
	return ret;
}
