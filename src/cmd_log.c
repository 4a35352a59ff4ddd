/*
 * notebook log: one journal entry, written at its SPEC path under a name
 * no other writer can take, validated, and committed on its own. The
 * default kind is `call`.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "date.h"
#include "editor.h"
#include "fsutil.h"
#include "load.h"
#include "model.h"
#include "text.h"
#include "tz.h"
#include "util.h"
#include "writing.h"

static const char log_usage[] =
	"usage: notebook log CLIENT… [-k KIND] [-m TEXT] [--date D] [--mood WORD] [--satisfaction N]\n"
	"                    [--trust healthy|strained|repairing] [--promise \"TEXT due:DATE\"]…\n";

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

/* Where the body starts: after the closing "---" or "..." line; `len` when none. */
static size_t body_offset(const char *s, size_t len)
{
	size_t i = 0;
	int line = 0;

	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len, n = end - i;

		if (n && s[end - 1] == '\r')
			n--;
		if (line > 0 && n == 3 && (!memcmp(s + i, "---", 3) || !memcmp(s + i, "...", 3)))
			return nl ? end + 1 : len;
		line++;
		i = nl ? end + 1 : len;
	}
	return len;
}

/* After the editor: drops the hint line; an entry whose body is blank is given up. */
static int check_edited(struct buf *text, void *arg)
{
	const char *hint;
	size_t off;

	(void)arg;
	while ((hint = strstr(buf_str(text), edit_hint))) {
		size_t at = (size_t)(hint - text->data), n = strlen(edit_hint);
		memmove(text->data + at, text->data + at + n, text->len - at - n + 1);
		text->len -= n;
	}
	off = body_offset(text->data, text->len);
	for (size_t i = off; i < text->len; i++)
		if (!strchr(" \t\r\n", text->data[i]))
			return 0;
	return 1;
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t palloc = 0;
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "k:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (kind_parse(optarg) < 0) {
				static const char *const kinds[] = { "call", "meeting", "email", "message",
					"thanks", "apology", "check-in", "feedback", "note", NULL };
				const char *near = nearest_word(optarg, kinds);
				if (near)
					return usage_error(log_usage, "unknown kind '%s' (did you mean '%s'?)", optarg, near);
				return usage_error(log_usage, "unknown kind '%s'", optarg);
			}
			o->kind = optarg;
			break;
		case 'm':
			if (*has_message)
				buf_adds(&o->message, "\n\n");
			buf_adds(&o->message, optarg);
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
			if (trust_parse(optarg) < 0)
				return usage_error(log_usage, "unknown trust '%s' (healthy, strained or repairing)", optarg);
			o->trust = optarg;
			break;
		case 'p':
			if (!*optarg || strchr(optarg, '\n'))
				return usage_error(log_usage, "a promise is one line of text");
			ALLOC_GROW(o->promises, o->npromises + 1, palloc);
			o->promises[o->npromises++] = optarg;
			break;
		case 'h':
			fputs(log_usage, stdout);
			*help = 1;
			return EXIT_OK;
		default:
			return usage_error(log_usage, NULL);
		}
	}
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

int cmd_log(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct log_opts o = { .kind = "call", .message = BUF_INIT };
	struct repo *r = NULL;
	struct buf text = BUF_INIT;
	struct diags d = DIAGS_INIT;
	char today_str[11], daystr[11], *dir = NULL, *rel = NULL, *path = NULL, *msg = NULL;
	struct buf who = BUF_INIT;
	day_t today, day;
	int has_message = 0, help = 0, status, y, m, dd;

	status = parse_args(argc, argv, &o, &has_message, &help);
	if (status || help)
		goto out;
	status = EXIT_FINDINGS;
	for (size_t i = 0; i < o.nclients; i++)
		if (writing_check_client(ctx->root, o.clients[i]) < 0)
			goto out;
	status = writing_open(ctx, &r);
	if (status)
		goto out;
	status = EXIT_NO_NOTEBOOK;
	if (writing_today(ctx->root, &today) < 0)
		goto out;
	date_format(today, today_str);
	if (!o.date)
		o.date = today_str;
	if (entry_day(o.date, &day) < 0) {
		status = usage_error(log_usage, "'%s' is not a date (YYYY-MM-DD) or an RFC 3339 date-time", o.date);
		goto out;
	}

	entry_front_matter(&text, &o);
	if (has_message) {
		buf_add(&text, o.message.data, o.message.len);
		if (o.message.len && o.message.data[o.message.len - 1] != '\n')
			buf_addc(&text, '\n');
		entry_promises(&text, &o);
	} else {
		int ret;
		buf_adds(&text, edit_hint);
		buf_addc(&text, '\n');
		entry_promises(&text, &o);
		ret = editor_edit_until_valid(&text, "-entry.md", check_edited, NULL);
		if (ret < 0) {
			status = EXIT_FINDINGS;
			goto out;
		}
		if (ret > 0) {
			error("aborting: the note is empty");
			status = EXIT_FINDINGS;
			goto out;
		}
	}

	date_format(day, daystr);
	date_to_ymd(day, &y, &m, &dd);
	dir = xasprintf("journal/%04d/%02d", y, m);
	for (size_t i = 0; i < o.nclients; i++)
		buf_printf(&who, "%s%s", i ? ", " : "", o.clients[i]);
	for (int n = 1; ; n++) {
		int ret;

		free(rel);
		free(path);
		if (n == 1)
			rel = xasprintf("%s/%s-%s-%s.md", dir, daystr, o.clients[0], o.kind);
		else
			rel = xasprintf("%s/%s-%s-%s-%d.md", dir, daystr, o.clients[0], o.kind, n);
		path = xasprintf("%s/%s", ctx->root, rel);
		if (n == 1) {
			if (validate_file(ctx->root, rel, text.data, text.len, &d) < 0) {
				writing_print_diags(ctx, &d);
				status = EXIT_FINDINGS;
				goto out;
			}
			if (fs_mkdirs(ctx->root, dir) < 0)
				goto out;
		}
		ret = fs_create_exclusive(path, text.data, text.len);
		if (ret < 0)
			goto out;
		if (ret == 0)
			break;
	}
	msg = xasprintf("log: %s %s %s", buf_str(&who), o.kind, daystr);
	status = writing_commit(ctx, r, rel, msg);
	if (status == EXIT_OK)
		printf_escaped("%s%s\n", ctx->display, rel);
out:
	diags_release(&d);
	buf_release(&text);
	buf_release(&who);
	buf_release(&o.message);
	free(o.promises);
	repo_free(r);
	free(dir);
	free(rel);
	free(path);
	free(msg);
	return status;
}
