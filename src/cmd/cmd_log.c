/*
 * notebook log: one journal entry, written at its path (notebook-format(5)) under a name
 * no other writer can take, validated, and committed on its own. The
 * default kind is `call`.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "choice.h"
#include "cmd.h"
#include "help.h"
#include "date.h"
#include "editor.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "load.h"
#include "model.h"
#include "git/repo.h"
#include "text.h"
#include "tz.h"
#include "util.h"
#include "resolve.h"
#include "withcheck.h"
#include "writing.h"
#include "yaml.h"

static const char log_usage[] =
	"usage: notebook log CLIENT… [-k KIND] [-m TEXT] [--date D] [--with NAME]… [--mood WORD]\n"
	"                    [--satisfaction N] [--trust healthy|strained|repairing]\n"
	"                    [--promise \"TEXT [due:DATE]\"]…\n";

static const char edit_hint[] =
	"<!-- Write the note below. Leave it empty to abort. This line is removed. -->\n";

struct log_opts {
	char **clients;
	size_t nclients;
	const char *kind;
	struct buf message;
	const char *date;
	const char *mood;
	int satisfaction;
	const char *trust;
	char **promises;
	size_t npromises;
	char **with;
	size_t nwith;
	char *by;       /* who logs it: the git identity's name (README, "Journal entries") */
};

static void entry_front_matter(struct buf *b, const struct log_opts *o)
{
	buf_adds(b, "---\n");
	if (o->nclients == 1) {
		buf_adds(b, "client: ");
		buf_adds(b, o->clients[0]);
	} else {
		buf_adds(b, "clients: [");
		for (size_t i = 0; i < o->nclients; i++)
			buf_printf(b, "%s%s", i ? ", " : "", o->clients[i]);
		buf_addc(b, ']');
	}
	buf_printf(b, "\ndate: %s\nkind: %s\n", o->date, o->kind);
	if (o->by && *o->by) {
		/* Two people's same note on the same day stay two files after a merge. */
		buf_adds(b, "by: ");
		buf_add_yaml_scalar(b, o->by);
		buf_addc(b, '\n');
	}
	if (o->nwith) {
		buf_adds(b, "with: [");
		for (size_t i = 0; i < o->nwith; i++) {
			struct buf one = BUF_INIT;
			buf_add_yaml_scalar(&one, o->with[i]);
			/* A plain scalar with a comma would be two names in a flow sequence. */
			if (one.data[0] != '"' && strchr(o->with[i], ','))
				buf_printf(b, "%s\"%s\"", i ? ", " : "", o->with[i]);
			else
				buf_printf(b, "%s%s", i ? ", " : "", buf_str(&one));
			buf_release(&one);
		}
		buf_adds(b, "]\n");
	}
	if (o->mood) {
		buf_adds(b, "mood: ");
		buf_add_yaml_scalar(b, o->mood);
		buf_addc(b, '\n');
	}
	if (o->satisfaction)
		buf_printf(b, "satisfaction: %d\n", o->satisfaction);
	if (o->trust)
		buf_printf(b, "trust: %s\n", o->trust);
	buf_adds(b, "---\n");
}

static void entry_promises(struct buf *b, const struct log_opts *o)
{
	if (!o->npromises)
		return;
	buf_addc(b, '\n');
	for (size_t i = 0; i < o->npromises; i++)
		buf_printf(b, "- [ ] %s\n", o->promises[i]);
}

/* 1 when `s` holds nothing but blanks. */
static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n\f\v")] == '\0';
}

/* `s` without its leading and trailing blanks, in place. */
static char *trim(char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/*
 * 1 when a promise's text seems to give a due date the notebook would not
 * read ("Due:2026-11-30", "due: 2026-11-30", "due 2026-11-30"): it would be
 * kept as a promise without a date, never overdue, which is not what the
 * user meant. A word that is exactly "due:…" is read (and checked) as one.
 */
static int due_mistyped(const char *s)
{
	const char *w = s;

	for (;;) {
		const char *next;
		size_t n;

		w += strspn(w, " \t");
		if (!*w)
			return 0;
		n = strcspn(w, " \t");
		next = w + n + strspn(w + n, " \t");
		if (n >= 3 && !strncasecmp(w, "due", 3)) {
			int date_next = strspn(next, "0123456789") == 4 && next[4] == '-';
			if (n == 4 && w[3] == ':')
				return 1; /* "due:" then a space */
			if (n == 3 && date_next)
				return 1; /* "due 2026-11-30" */
			if (n > 4 && w[3] == ':')
				return memcmp(w, "due:", 4) != 0; /* "Due:…" is not read; "due:…" is */
		}
		w += n;
	}
}

/* The entry's day, for its file name: the date, or the date-time's day in the notebook's zone. */
static int entry_day(const char *s, day_t *day)
{
	int64_t epoch;

	if (!date_parse(s, strlen(s), day))
		return 0;
	if (!datetime_parse(s, strlen(s), &epoch)) {
		*day = tz_day_of(epoch);
		return 0;
	}
	return -1;
}

/* Returns EXIT_OK or EXIT_USAGE; *help is set for --help (usage printed). */
static int parse_args(int argc, char **argv, struct log_opts *o, int *has_message, int *help)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "message", required_argument, NULL, 'm' },
		{ "date", required_argument, NULL, 'd' },
		{ "mood", required_argument, NULL, 'o' },
		{ "satisfaction", required_argument, NULL, 's' },
		{ "trust", required_argument, NULL, 't' },
		{ "promise", required_argument, NULL, 'p' },
		{ "with", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t palloc = 0, walloc = 0;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "k:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (kind_parse(optarg) < 0) {
				static const char *const kinds[] = { "call", "meeting", "email", "message",
					"thanks", "apology", "check-in", "feedback", "note", NULL };
				return choice_error(log_usage, "kind", optarg, kinds);
			}
			o->kind = optarg;
			break;
		case 'm':
			/* Each -m is a paragraph; a blank one adds nothing. */
			if (!blank(optarg)) {
				if (o->message.len)
					buf_adds(&o->message, "\n\n");
				buf_adds(&o->message, optarg);
			}
			*has_message = 1;
			break;
		case 'd':
			o->date = optarg;
			break;
		case 'o':
			if (!*optarg)
				return usage_error(log_usage, "--mood needs a word");
			o->mood = optarg;
			break;
		case 's':
			if (strlen(optarg) != 1 || optarg[0] < '1' || optarg[0] > '5')
				return usage_error(log_usage, "--satisfaction takes 1 to 5, not '%s'", optarg);
			o->satisfaction = optarg[0] - '0';
			break;
		case 't':
			if (trust_parse(optarg) < 0) {
				static const char *const trusts[] = { "healthy", "strained", "repairing", NULL };
				return choice_error(log_usage, "trust", optarg, trusts);
			}
			o->trust = optarg;
			break;
		case 'p':
			if (blank(optarg) || strchr(optarg, '\n') || strchr(optarg, '\r'))
				return usage_error(log_usage, "a promise is one line of text");
			if (due_mistyped(optarg))
				return usage_error(log_usage, "in the promise '%s', write the date as "
						   "'due:YYYY-MM-DD' (lowercase, no space), or leave it out "
						   "for a promise without a date", optarg);
			ALLOC_GROW(o->promises, o->npromises + 1, palloc);
			o->promises[o->npromises++] = optarg;
			break;
		case 'w': {
			char *name = trim(optarg);
			if (!*name || strpbrk(name, "\n\r"))
				return usage_error(log_usage, "--with takes one person's name");
			for (size_t i = 0; i < o->nwith; i++)
				if (!strcmp(o->with[i], name))
					return usage_error(log_usage, "'%s' is named twice in --with", name);
			ALLOC_GROW(o->with, o->nwith + 1, walloc);
			o->with[o->nwith++] = name;
			break;
		}
		case 'h':
			help_print(stdout, argv[0], log_usage);
			*help = 1;
			return EXIT_OK;
		default:
			return usage_error(log_usage, NULL);
		}
	}
	if (*has_message && !o->message.len)
		return usage_error(log_usage, "the note is empty: write it after -m, or leave -m out "
				   "to write it in the editor");
	if (optind >= argc)
		return usage_error(log_usage, "name at least one client");
	o->clients = argv + optind;
	o->nclients = (size_t)(argc - optind);
	for (size_t i = 0; i < o->nclients; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(o->clients[i], o->clients[j]))
				return usage_error(log_usage, "client '%s' named twice", o->clients[i]);
	return EXIT_OK;
}

/*
 * Where the entry goes: the clients, kind and day its own front matter
 * names (the editor may have changed them), else the options'; and the
 * first free name for them, so that every diagnostic names the file that
 * would be written.
 */
struct target {
	struct cmd_ctx *ctx;
	const struct log_opts *o;
	char **ids;
	size_t nids;
	char *kind;
	char *date;     /* as written: a date or a date-time */
	day_t day;
	int date_line, date_col;
	char *dir;      /* journal/YYYY/MM */
	char *rel;      /* journal/YYYY/MM/DATE-CLIENT-KIND[-N].md */
	int n;          /* 1, or the -N of `rel` */
};

static void target_release(struct target *t)
{
	for (size_t i = 0; i < t->nids; i++)
		free(t->ids[i]);
	free(t->ids);
	free(t->kind);
	free(t->date);
	free(t->dir);
	free(t->rel);
	t->ids = NULL;
	t->nids = 0;
	t->kind = t->date = t->dir = t->rel = NULL;
}

static char *entry_name(const struct target *t, int n)
{
	char daystr[11];

	date_format(t->day, daystr);
	if (n == 1)
		return xasprintf("%s/%s-%s-%s.md", t->dir, daystr, t->ids[0], t->kind);
	return xasprintf("%s/%s-%s-%s-%d.md", t->dir, daystr, t->ids[0], t->kind, n);
}

/* The scalar's text when `n` is a string scalar, else NULL. */
static const char *str_of(const struct node *n)
{
	return n && n->kind == NODE_SCALAR ? n->str : NULL;
}

/* Fills `t` from `text` (falling back to the options) and finds the first free name. */
static void target_find(struct target *t, const struct buf *text)
{
	const struct log_opts *o = t->o;
	struct yaml_doc doc;
	struct diags quiet = DIAGS_INIT;
	const struct node *root = NULL, *n;
	const char *s;
	int y, m, d;

	target_release(t);
	yaml_doc_init(&doc);
	if (yaml_read_front_matter("entry", buf_str(text), text->len, &doc, &quiet) == 0)
		root = doc.root;

	/* Clients: valid ids only, for they make the file's name. */
	n = root ? node_get(root, "clients") : NULL;
	if (n && n->kind == NODE_SEQ && n->n) {
		t->ids = xcalloc(n->n, sizeof(*t->ids));
		for (size_t i = 0; i < n->n; i++) {
			s = str_of(n->items[i]);
			if (!s || !client_id_valid(s))
				break;
			t->ids[t->nids++] = xstrdup(s);
		}
		if (t->nids != n->n) {
			for (size_t i = 0; i < t->nids; i++)
				free(t->ids[i]);
			free(t->ids);
			t->ids = NULL;
			t->nids = 0;
		}
	} else if ((s = str_of(root ? node_get(root, "client") : NULL)) && client_id_valid(s)) {
		t->ids = xcalloc(1, sizeof(*t->ids));
		t->ids[t->nids++] = xstrdup(s);
	}
	if (!t->nids) {
		t->ids = xcalloc(o->nclients, sizeof(*t->ids));
		for (size_t i = 0; i < o->nclients; i++)
			t->ids[t->nids++] = xstrdup(o->clients[i]);
	}

	s = str_of(root ? node_get(root, "kind") : NULL);
	t->kind = xstrdup(s && kind_parse(s) >= 0 ? kind_name(kind_parse(s)) : o->kind);

	n = root ? node_get(root, "date") : NULL;
	s = str_of(n);
	if (s && entry_day(s, &t->day) == 0) {
		t->date = xstrdup(s);
		t->date_line = n->line;
		t->date_col = n->col;
	} else {
		t->date = xstrdup(o->date);
		entry_day(o->date, &t->day); /* checked when the options were read */
		t->date_line = t->date_col = 0;
	}
	date_to_ymd(t->day, &y, &m, &d);
	t->dir = xasprintf("journal/%04d/%02d", y, m);

	for (t->n = 1;; t->n++) {
		struct stat st;
		char *path;
		int taken;

		free(t->rel);
		t->rel = entry_name(t, t->n);
		path = xasprintf("%s/%s", t->ctx->root, t->rel);
		taken = !lstat(path, &st); /* any other error is the writer's to report */
		free(path);
		if (!taken)
			break;
	}
	diags_release(&quiet);
	yaml_doc_release(&doc);
}

/* Validates `text` as the file t->rel, whose clients must exist. 0, or -1 after saying why. */
static int target_check(struct target *t, const struct buf *text)
{
	struct diags d = DIAGS_INIT;
	int ret = 0;

	if (validate_file(t->ctx->root, t->rel, buf_str(text), text->len, &d) < 0) {
		writing_print_diags(t->ctx, &d);
		ret = -1;
	}
	diags_release(&d);
	for (size_t i = 0; i < t->nids && !ret; i++)
		if (writing_check_client(t->ctx->root, t->ids[i]) < 0)
			ret = -1;
	return ret;
}

/* After the editor: drops the hint line; a blank note is given up; else the entry is checked. */
static int check_edited(struct buf *text, void *arg)
{
	struct target *t = arg;
	struct fm_span fm;
	const char *hint;
	size_t off, i;

	while ((hint = strstr(buf_str(text), edit_hint))) {
		size_t at = (size_t)(hint - text->data), n = strlen(edit_hint);
		memmove(text->data + at, text->data + at + n, text->len - at - n + 1);
		text->len -= n;
	}
	/*
	 * Where the body starts; 0 without a whole front matter, so that a note
	 * typed below a front matter whose end was deleted is never taken for
	 * an empty note (validation says what is wrong).
	 */
	off = fm_split(text->data, text->len, &fm) == FM_OK ? fm.body : 0;
	for (i = off; i < text->len; i++)
		if (!strchr(" \t\r\n", text->data[i]))
			break;
	if (i == text->len)
		return 1;
	target_find(t, text);
	if (target_check(t, text) < 0) {
		fprintf_escaped(stderr, "notebook: %s%s has errors; it is not saved yet\n",
			t->ctx->display, t->rel);
		return -1;
	}
	return 0;
}

/*
 * Keeps the entry the user typed but that is not logged, under the git
 * directory (see README, "Nothing typed is lost"), and says where.
 */
static void keep_entry(struct target *t, struct repo *r, const struct buf *text)
{
	char *dir = repo_git_path(r, "notebook/recovered");
	const char *base = strrchr(t->rel, '/');
	char *kept = editor_keep(dir, base ? base + 1 : t->rel, text);

	if (kept)
		fprintf_escaped(stderr, "notebook: nothing is logged; the entry is kept in '%s': fix it, move it "
			"to '%s%s' and run 'notebook commit'\n", kept, t->ctx->display, t->rel);
	free(kept);
	free(dir);
}

/*
 * Creates the entry's file under the first of its names not taken yet
 * (t->rel), its folder made first. 0, or -1 after a message.
 */
static int entry_create(struct cmd_ctx *ctx, struct target *t, const struct buf *text)
{
	if (fs_mkdirs(ctx->root, t->dir) < 0)
		return -1;
	for (;; t->n++) {
		char *path;
		int ret;

		free(t->rel);
		t->rel = entry_name(t, t->n);
		path = xasprintf("%s/%s", ctx->root, t->rel);
		ret = fs_create_exclusive(path, text->data, text->len);
		free(path);
		if (ret <= 0)
			return ret;
	}
}

int cmd_log(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct resolved ids = RESOLVED_INIT;
	struct log_opts o = { .kind = "call", .message = BUF_INIT };
	struct target t = { 0 };
	struct repo *r = NULL;
	struct buf text = BUF_INIT, who = BUF_INIT;
	char today_str[11], daystr[11], *msg = NULL;
	day_t today, day;
	int has_message = 0, help = 0, edited = 0, status;

	status = parse_args(argc, argv, &o, &has_message, &help);
	if (status || help)
		goto out;
	if ((status = writing_start(ctx, o.clients, o.nclients, &ids, &r, &today)))
		goto out;
	status = EXIT_NO_NOTEBOOK;
	date_format(today, today_str);
	if (!o.date)
		o.date = today_str;
	if (entry_day(o.date, &day) < 0) {
		status = usage_error(log_usage, "'%s' is not a date (YYYY-MM-DD) or an RFC 3339 date-time", o.date);
		goto out;
	}
	t.ctx = ctx;
	t.o = &o;
	o.by = repo_user_name(r); /* writing_open() checked that there is an identity */

	entry_front_matter(&text, &o);
	status = EXIT_FINDINGS;
	if (has_message) {
		buf_add(&text, o.message.data, o.message.len);
		if (o.message.data[o.message.len - 1] != '\n')
			buf_addc(&text, '\n');
		entry_promises(&text, &o);
		target_find(&t, &text);
		if (target_check(&t, &text) < 0)
			goto out;
	} else {
		int ret;
		buf_adds(&text, edit_hint);
		buf_addc(&text, '\n');
		entry_promises(&text, &o);
		ret = editor_edit_until_valid(&text, "-entry.md", check_edited, &t);
		if (ret < 0)
			goto out;
		if (ret == 1) {
			error("aborting: the note is empty");
			goto out;
		}
		if (ret == 2) {
			if (!t.rel)
				target_find(&t, &text);
			keep_entry(&t, r, &text);
			goto out;
		}
		edited = 1;
	}

	status = EXIT_WRITE; /* the file cannot be written */
	if (entry_create(ctx, &t, &text) < 0)
		goto kept;
	if (t.day > today) {
		struct diags d = DIAGS_INIT;
		diags_add(&d, t.rel, t.date_line, t.date_col, SEV_WARNING,
			  "'%s' is after today (%s): the entry is written, and counts from that day on",
			  t.date, today_str);
		writing_print_diags(ctx, &d);
		diags_release(&d);
	}
	/* --with names a client's contacts: a near miss or a stranger is said (notebook(1)) */
	with_check(ctx->root, t.ids, t.nids, o.with, o.nwith);
	date_format(t.day, daystr);
	for (size_t i = 0; i < t.nids; i++)
		buf_printf(&who, "%s%s", i ? ", " : "", t.ids[i]);
	msg = xasprintf("log: %s %s %s", buf_str(&who), t.kind, daystr);
	status = writing_commit(ctx, r, t.rel, msg);
	if (status == EXIT_OK)
		printf_escaped("%s%s\n", ctx->display, t.rel);
	goto out;
kept:
	/* The entry could not be written: what was typed in the editor must not go with it. */
	if (edited)
		keep_entry(&t, r, &text);
out:
	target_release(&t);
	resolved_release(&ids);
	buf_release(&text);
	buf_release(&who);
	buf_release(&o.message);
	free(o.promises);
	free(o.with);
	free(o.by);
	repo_free(r);
	free(msg);
	return status;
}
