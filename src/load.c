/*
 * The loader: finds the notebook, walks it, reads every file once (in
 * parallel), validates it and builds the model, then runs the checks that
 * span files. Everything that touches the disk while reading a notebook is
 * here; parsing and validation are the pure functions of yaml.c, body.c and
 * schema.c.
 */
#include "load.h"
#include "statseen.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "body.h"
#include "cache/index.h"
#include "frontmatter.h"
#include "fsutil.h"
#include "item.h"
#include "buf.h"
#include "record.h"
#include "schema/schema.h"
#include "tz.h"
#include "util.h"
#include "varint.h"
#include "yaml.h"

#define MAX_FILES 1000000
#define MAX_WALK_DEPTH 16
#define WALK_SPLIT 2 /* journal/YYYY/MM: the folders walked in parallel */

/* ---- finding the notebook ---- */

static int is_notebook_dir(const char *dir)
{
	char *p = xasprintf("%s/notebook.yaml", dir);
	struct stat st;
	int ok = !lstat(p, &st) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));

	free(p);
	return ok;
}

int notebook_find(const char *dir, char **root, char **display)
{
	const char *env = getenv("NOTEBOOK_DIR");
	char cwd[PATH_MAX];
	struct buf up = BUF_INIT;

	*root = NULL;
	*display = NULL;
	if (!dir && env && *env)
		dir = env;
	if (dir) {
		char *real = realpath(dir, NULL);
		if (!real)
			return error("cannot use '%s' as the notebook: %s", dir, strerror(errno));
		if (!is_notebook_dir(real)) {
			free(real);
			return error("'%s' is not a notebook (no notebook.yaml); "
				     "create one with 'notebook init'", dir);
		}
		*root = real;
		*display = !strcmp(dir, ".") ? xstrdup("")
			: xasprintf("%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return error("cannot find the working directory: %s", strerror(errno));
	for (;;) {
		if (is_notebook_dir(cwd)) {
			*root = xstrdup(cwd);
			*display = buf_detach(&up);
			return 0;
		}
		char *slash = strrchr(cwd, '/');
		if (!slash || slash == cwd) {
			if (slash && cwd[1]) {
				cwd[1] = '\0';
				buf_adds(&up, "../");
				continue;
			}
			break;
		}
		*slash = '\0';
		buf_adds(&up, "../");
	}
	buf_release(&up);
	return error("not in a notebook (no notebook.yaml here or in any parent); "
		     "use -C DIR, set NOTEBOOK_DIR, or create one with 'notebook init'");
}

/* ---- the id rule and file names ---- */

static int id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 63)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !memcmp(s + a - b, suffix, b);
}

static enum file_kind classify(const char *relpath)
{
	if (!strcmp(relpath, "notebook.yaml"))
		return FILE_SETTINGS;
	if (!ends_with(relpath, ".md"))
		return FILE_OTHER;
	if (!strncmp(relpath, "clients/", 8))
		return FILE_CLIENT;
	if (!strncmp(relpath, "journal/", 8))
		return FILE_ENTRY;
	return FILE_OTHER;
}

/* The client id of "clients/<id>.md" (also in subdirectories), malloc'd. */
static char *client_id_of(const char *relpath)
{
	const char *base = strrchr(relpath, '/');

	base = base ? base + 1 : relpath;
	return xstrndup(base, strlen(base) - 3);
}

/* ---- the schemas ---- */

struct schemas {
	struct schema *settings, *client, *entry;
};

/*
 * Reads the notebook's own extension of a built-in schema, if any, and
 * compiles the pair. Returns NULL (with diagnostics) when unusable.
 */
static struct schema *compile_one(const char *root, const char *name,
				  const struct file_data *files, size_t nfiles,
				  struct diags *d)
{
	struct yaml_doc builtin, ext;
	struct schema *s = NULL;
	size_t len;
	const char *text = builtin_schema(name, &len);
	char *rel = xasprintf("schema/%s.schema.yaml", name);
	char *data = NULL;
	size_t dlen = 0;
	int have_ext = 0, given = 0;

	yaml_doc_init(&builtin);
	yaml_doc_init(&ext);
	if (!text || yaml_read_document(name, text, len, 1, &builtin, d) < 0)
		die("the built-in '%s' schema does not parse", name);
	if (files) {
		for (size_t i = 0; i < nfiles; i++)
			if (!strcmp(files[i].path, rel)) {
				data = xstrndup(files[i].data, files[i].len);
				dlen = files[i].len;
				have_ext = given = 1;
			}
	}
	/* not among the files given: from the disk, when there is a root */
	if (!given && root) {
		char *path = xasprintf("%s/%s", root, rel);
		struct buf b = BUF_INIT;
		int ret = fs_read_at(AT_FDCWD, path, MAX_FILE_SIZE, FS_SAFE, &b, NULL, NULL);

		free(path);
		if (ret == FS_READ_OK) {
			dlen = b.len;
			data = buf_detach(&b);
			have_ext = 1;
		} else if (ret == FS_READ_SYMLINK) {
			diags_add(d, rel, 0, 0, SEV_ERROR, "is a symbolic link; refused");
		} else if (ret != FS_READ_OPEN) {
			diags_add(d, rel, 0, 0, SEV_ERROR,
				  "not a regular file of at most 4 MiB; ignored");
		}
		buf_release(&b);
	}
	if (have_ext) {
		if (yaml_read_document(rel, data, dlen, 1, &ext, d) < 0)
			goto out;
	}
	s = schema_compile(builtin.root, name, have_ext ? ext.root : NULL, rel, d);
out:
	yaml_doc_release(&builtin);
	yaml_doc_release(&ext);
	free(data);
	free(rel);
	return s;
}

static int schemas_compile(struct schemas *s, const char *root,
			   const struct file_data *files, size_t nfiles, struct diags *d)
{
	s->settings = compile_one(root, "notebook", files, nfiles, d);
	s->client = compile_one(root, "client", files, nfiles, d);
	s->entry = compile_one(root, "entry", files, nfiles, d);
	return s->settings && s->client && s->entry ? 0 : -1;
}

static void schemas_release(struct schemas *s)
{
	schema_free(s->settings);
	schema_free(s->client);
	schema_free(s->entry);
}

/* ---- from validated trees to the model ---- */

static char *text_of(const struct node *n)
{
	if (!n || n->kind != NODE_SCALAR || n->type == SCALAR_NULL)
		return NULL;
	return xstrndup(n->str, n->len);
}

static char **strings_of(const struct node *n, size_t *count)
{
	char **v;

	*count = 0;
	if (!n)
		return NULL;
	if (n->kind == NODE_SCALAR) {
		if (n->type == SCALAR_NULL)
			return NULL;
		v = xcalloc(1, sizeof(*v));
		v[0] = xstrndup(n->str, n->len);
		*count = 1;
		return v;
	}
	if (n->kind != NODE_SEQ || !n->n)
		return NULL;
	v = xcalloc(n->n, sizeof(*v));
	for (size_t i = 0; i < n->n; i++)
		if (n->items[i]->kind == NODE_SCALAR)
			v[(*count)++] = xstrndup(n->items[i]->str, n->items[i]->len);
	return v;
}

static int date_of(const struct node *n, day_t *out)
{
	return n && n->kind == NODE_SCALAR && !date_parse(n->str, n->len, out) ? 1 : 0;
}

static int duration_of(const struct node *n, struct duration *out)
{
	return n && n->kind == NODE_SCALAR && !duration_parse(n->str, n->len, out) ? 0 : -1;
}

static void promises_from(struct task_list *tasks, const char *path,
			  struct promise **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!tasks->n)
		return;
	*out = xcalloc(tasks->n, sizeof(**out));
	for (size_t i = 0; i < tasks->n; i++) {
		struct promise *p = &(*out)[i];
		struct task *t = &tasks->v[i];
		p->text = t->text;
		t->text = NULL;
		p->has_due = t->has_due;
		p->due = t->due;
		p->done = t->done;
		p->has_done_on = t->has_done_on;
		p->done_on = t->done_on;
		p->line = t->line;
		p->path = path;
	}
	*n = tasks->n;
}

static void settings_from(const struct node *root, const char *path,
			  struct settings *s, struct diags *d)
{
	static const char *const tiers[TIER_COUNT] = { "key", "regular", "occasional" };
	const struct node *n;

	settings_defaults(s);
	free(s->owner);
	s->owner = text_of(node_get(root, "owner"));
	if ((n = node_get(root, "timezone")) && n->kind == NODE_SCALAR && n->len) {
		s->timezone = xstrndup(n->str, n->len);
	}
	if ((n = node_get(root, "cadence")) && n->kind == NODE_MAP)
		for (int t = 0; t < TIER_COUNT; t++)
			duration_of(node_get(n, tiers[t]), &s->cadence[t]);
	if ((n = node_get(root, "tag-cadence")) && n->kind == NODE_MAP && n->n) {
		s->tag_cadence = xcalloc(n->n, sizeof(*s->tag_cadence));
		for (size_t i = 0; i < n->n; i++) {
			struct tag_cadence *tc = &s->tag_cadence[s->ntag_cadence];
			if (duration_of(n->pairs[i].value, &tc->every) < 0)
				continue;
			tc->tag = xstrndup(n->pairs[i].key->str, n->pairs[i].key->len);
			s->ntag_cadence++;
		}
	}
	duration_of(node_get(root, "due-soon"), &s->due_soon);
	duration_of(node_get(root, "gratitude"), &s->gratitude);
	duration_of(node_get(root, "repair-checkin"), &s->repair_checkin);
	if ((n = node_get(root, "remote")) && n->kind == NODE_SCALAR && n->len) {
		free(s->remote);
		s->remote = xstrndup(n->str, n->len);
	}
	(void)path;
	(void)d;
}

static void client_from(const struct node *root, struct client *c)
{
	const struct node *n, *e;
	static const char *const parts[EMPATHY_COUNT] = { "says", "thinks", "does", "feels" };
	int v;

	c->name = text_of(node_get(root, "name"));
	if (!c->name)
		c->name = xstrdup(c->id);
	c->status = STATUS_ACTIVE;
	if ((n = node_get(root, "status")) && n->kind == NODE_SCALAR && (v = status_parse(n->str)) >= 0)
		c->status = v;
	c->tier = TIER_REGULAR;
	if ((n = node_get(root, "tier")) && n->kind == NODE_SCALAR && (v = tier_parse(n->str)) >= 0)
		c->tier = v;
	c->has_cadence = !duration_of(node_get(root, "cadence"), &c->cadence);
	c->has_snooze = date_of(node_get(root, "snooze"), &c->snooze);
	c->has_since = date_of(node_get(root, "since"), &c->since);
	c->has_archived = date_of(node_get(root, "archived"), &c->archived);
	c->owner = text_of(node_get(root, "owner"));
	c->tags = strings_of(node_get(root, "tags"), &c->ntags);
	c->trust = TRUST_HEALTHY;
	if ((n = node_get(root, "trust")) && n->kind == NODE_SCALAR && (v = trust_parse(n->str)) >= 0)
		c->trust = v;
	c->fit = FIT_GOOD;
	if ((n = node_get(root, "fit")) && n->kind == NODE_SCALAR && (v = fit_parse(n->str)) >= 0)
		c->fit = v;
	if ((n = node_get(root, "contacts")) && n->kind == NODE_SEQ && n->n) {
		c->contacts = xcalloc(n->n, sizeof(*c->contacts));
		for (size_t i = 0; i < n->n; i++) {
			const struct node *m = n->items[i];
			struct contact *k = &c->contacts[c->ncontacts];
			if (m->kind != NODE_MAP)
				continue;
			k->name = text_of(node_get(m, "name"));
			k->role = text_of(node_get(m, "role"));
			k->emails = strings_of(node_get(m, "email"), &k->nemails);
			k->phones = strings_of(node_get(m, "phone"), &k->nphones);
			k->birthday = text_of(node_get(m, "birthday"));
			k->notes = text_of(node_get(m, "notes"));
			c->ncontacts++;
		}
	}
	if ((e = node_get(root, "empathy")) && e->kind == NODE_MAP)
		for (int i = 0; i < EMPATHY_COUNT; i++)
			c->empathy[i] = text_of(node_get(e, parts[i]));
}

/* Fills the entry's dates; 0, or -1 when `date` is missing or bad (the schema said so). */
static int entry_date(const struct node *n, struct entry *e)
{
	day_t day;
	int64_t epoch;

	if (!n || n->kind != NODE_SCALAR)
		return -1;
	if (!date_parse(n->str, n->len, &day)) {
		e->day = day;
		e->instant = tz_day_start(day);
		e->has_time = 0;
		return 0;
	}
	if (!datetime_parse(n->str, n->len, &epoch)) {
		e->instant = epoch;
		e->day = tz_day_of(epoch);
		e->has_time = 1;
		return 0;
	}
	return -1;
}

static void entry_from(const struct node *root, struct entry *e)
{
	const struct node *n;
	int v;

	entry_date(node_get(root, "date"), e);
	if ((n = node_get(root, "client")))
		e->clients = strings_of(n, &e->nclients);
	else
		e->clients = strings_of(node_get(root, "clients"), &e->nclients);
	e->kind = KIND_NOTE;
	if ((n = node_get(root, "kind")) && n->kind == NODE_SCALAR && (v = kind_parse(n->str)) >= 0)
		e->kind = v;
	e->with = strings_of(node_get(root, "with"), &e->nwith);
	e->mood = text_of(node_get(root, "mood"));
	if ((n = node_get(root, "satisfaction")) && n->kind == NODE_SCALAR && n->type == SCALAR_INT &&
	    n->ival_ok && n->ival >= 1 && n->ival <= 5)
		e->satisfaction = (int)n->ival;
	e->trust = TRUST_UNSET;
	if ((n = node_get(root, "trust")) && n->kind == NODE_SCALAR && (v = trust_parse(n->str)) >= 0)
		e->trust = v;
}

/* ---- the rules inside one file that a schema cannot say ---- */

static void check_client_file(const char *relpath, struct diags *d)
{
	char *id = client_id_of(relpath);

	if (!id_valid(id))
		diags_add(d, relpath, 0, 0, SEV_ERROR,
			  "'%s' is not a valid client id: rename the file to lowercase letters, "
			  "digits and '-', at most 63, starting with a letter or digit "
			  "(for example 'clients/acme-corp.md')", id);
	free(id);
}

/* The id nodes an entry names, for the cross-file check (borrowed). */
static size_t entry_ref_nodes(const struct node *root, const struct node **out, size_t max)
{
	const struct node *n = node_get(root, "client");
	size_t k = 0;

	if (!n)
		n = node_get(root, "clients");
	if (!n)
		return 0;
	if (n->kind == NODE_SCALAR) {
		out[k++] = n;
	} else if (n->kind == NODE_SEQ) {
		for (size_t i = 0; i < n->n && k < max; i++)
			if (n->items[i]->kind == NODE_SCALAR)
				out[k++] = n->items[i];
	}
	return k;
}

/* Warns when an entry's file name disagrees with its date, first client and kind. */
static void check_entry_name(const char *relpath, const struct entry *e, struct diags *d)
{
	char date[11], dir[32], want[160];
	int y, m, dd;
	const char *base = strrchr(relpath, '/');
	const char *client, *kind;
	size_t wl, dl, cl, kl;
	int ok;

	if (!e->nclients)
		return;
	base = base ? base + 1 : relpath;
	date_format(e->day, date);
	date_to_ymd(e->day, &y, &m, &dd);
	/* Built by hand: this runs for every entry, and printf is slow at it. */
	client = e->clients[0];
	kind = kind_name(e->kind);
	cl = strlen(client);
	kl = strlen(kind);
	if (cl + kl + 13 > sizeof(want))
		ok = 0; /* longer than any valid id */
	else {
		memcpy(want, date, 10);
		want[10] = '-';
		memcpy(want + 11, client, cl);
		want[11 + cl] = '-';
		memcpy(want + 12 + cl, kind, kl + 1);
		wl = 12 + cl + kl;
		ok = !strncmp(base, want, wl) &&
		     (!strcmp(base + wl, ".md") ||
		      (base[wl] == '-' && strspn(base + wl + 1, "0123456789") > 0 &&
		       !strcmp(base + wl + 1 + strspn(base + wl + 1, "0123456789"), ".md")));
	}
	if (y >= 0 && y <= 9999) { /* then `date` holds its digits */
		memcpy(dir, "journal/", 8);
		memcpy(dir + 8, date, 4);
		dir[12] = '/';
		memcpy(dir + 13, date + 5, 2);
		memcpy(dir + 15, "/", 2);
	} else {
		snprintf(dir, sizeof(dir), "journal/%04d/%02d/", y, m);
	}
	dl = strlen(dir);
	if (strncmp(relpath, dir, dl) || strchr(relpath + dl, '/'))
		ok = 0;
	if (!ok)
		diags_add(d, relpath, 0, 0, SEV_WARNING,
			  "file name disagrees with the entry's date, client and kind; "
			  "expected '%s%s-%s-%s.md'", dir, date, client, kind);
}

/* ---- reading files ---- */

/*
 * Which chunks of items the workers have finished, so that the cache can
 * be written while they work (index_store_progressive()): `prefix` chunks
 * from the start are all done.
 */
struct progress {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *done;
	size_t nchunks, prefix;
	size_t want; /* the prefix the writer waits for: no wake-up before */
};

struct job {
	const char *root;
	int rootfd;
	struct index *ix; /* the cache, or NULL */
	struct schemas *schemas;
	struct item *items;
	struct index_file *cached; /* the cache's part of each item, when there is a cache */
	size_t nitems;
	/* the arrays of restored records, each worker's gathered here when it is done */
	pthread_mutex_t lock;
	struct arena mem;
	struct arena keys; /* the stat data of the files read now, until the cache is written */
	atomic_size_t next;
	atomic_size_t restored; /* items restored from the cache: they borrow their paths */
	struct progress *progress; /* or NULL */
	struct stat_seen_table *seen; /* stat data taken earlier in this run, or NULL */
	/* what the stat walk found before anything was decoded (answered_early()), or NULL */
	struct checked *checked;
	/* each file's stat data, taken while the rows are read (stat_early()), or NULL */
	struct early_stat *stats;
	atomic_size_t changed;
};

/* A file's stat data taken before its row is at hand (stat_early()). */
struct early_stat {
	struct index_key key;
	int regular; /* 1: a regular file, its stat data in `key`; 0: none, or not one */
};

/* A cached file as the stat walk found it, before its record is decoded. */
struct checked {
	const unsigned char *rec; /* its row's record, when unchanged */
	size_t reclen;
	int64_t fts;
	int unchanged;
};

/*
 * Reads the regular file `name` in the folder `dirfd` (`relpath` from the
 * root, for messages) without following a final symlink; -1 with a
 * diagnostic. Its stat data (taken before reading) goes to *stp when given.
 */
static int read_file_at(int dirfd, const char *name, const char *relpath, struct buf *out,
			struct stat *stp, struct diags *d)
{
	struct stat st;
	int e = errno, ret;

	/* a folder on the way that could not be opened: its errno says why */
	ret = dirfd < 0 ? FS_READ_OPEN
			: fs_read_at(dirfd, name, MAX_FILE_SIZE, FS_SAFE, out, &st, &e);
	if (ret == FS_READ_OPEN && e == ELOOP)
		ret = FS_READ_SYMLINK;
	switch (ret) {
	case FS_READ_OK:
		if (stp)
			*stp = st;
		return 0;
	case FS_READ_SYMLINK:
		diags_add(d, relpath, 0, 0, SEV_ERROR, "is a symbolic link; refused");
		break;
	case FS_READ_OPEN:
		diags_add(d, relpath, 0, 0, SEV_ERROR, "cannot open: %s", strerror(e));
		break;
	case FS_READ_STAT:
		diags_add(d, relpath, 0, 0, SEV_ERROR, "cannot stat: %s", strerror(e));
		break;
	case FS_READ_IRREGULAR:
		diags_add(d, relpath, 0, 0, SEV_ERROR, "not a regular file; refused");
		break;
	case FS_READ_TOO_BIG:
		diags_add(d, relpath, 0, 0, SEV_ERROR,
			  "file is %lld bytes, over the 4 MiB limit; split it",
			  (long long)st.st_size);
		break;
	case FS_READ_GREW:
		diags_add(d, relpath, 0, 0, SEV_ERROR,
			  "file grew over the 4 MiB limit while being read");
		break;
	default:
		diags_add(d, relpath, 0, 0, SEV_ERROR, "cannot read: %s", strerror(e));
		break;
	}
	return -1;
}

/* read_file_at() of a path relative to the root. */
static int read_file_safely(const char *root, const char *relpath, struct buf *out,
			    struct stat *stp, struct diags *d)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct fs_cursor cur = FS_CURSOR_INIT;
	const char *name;
	int dirfd, ret;

	if (rootfd < 0) {
		diags_add(d, relpath, 0, 0, SEV_ERROR, "cannot open: %s", strerror(errno));
		return -1;
	}
	dirfd = fs_cursor_dir(&cur, rootfd, relpath, &name);
	ret = read_file_at(dirfd, name, relpath, out, stp, d);
	fs_cursor_release(&cur);
	close(rootfd);
	return ret;
}

/*
 * Reports merge conflict markers left in a file (a sync or git merge that
 * stopped): "<<<<<<< ", "=======", ">>>>>>> " at the start of a line.
 */
static int check_conflict_markers(const char *rel, const char *data, size_t len,
				  struct diags *d)
{
	int line = 1, found = 0;

	for (size_t i = 0; i < len; line++) {
		const char *p = data + i;
		const char *nl = memchr(p, '\n', len - i);
		size_t l = nl ? (size_t)(nl - p) : len - i;

		if (l && p[l - 1] == '\r')
			l--;
		if ((l >= 7 && (!memcmp(p, "<<<<<<<", 7) || !memcmp(p, ">>>>>>>", 7)) &&
		     (l == 7 || p[7] == ' ')) ||
		    (l == 7 && !memcmp(p, "=======", 7)) ||
		    (l >= 7 && !memcmp(p, "|||||||", 7) && (l == 7 || p[7] == ' '))) {
			diags_add(d, rel, line, 1, SEV_ERROR,
				  "merge conflict marker left in the file; keep the right lines, "
				  "delete the markers, then 'notebook sync --continue' or commit");
			found = 1;
		}
		if (!nl)
			break;
		i = (size_t)(nl - data) + 1;
	}
	return found ? -1 : 0;
}

/* Parses and validates one client or entry; fills `it`. */
static void parse_item(struct job *job, struct item *it, const char *data, size_t len)
{
	struct yaml_doc doc;
	struct task_list tasks = { 0 };
	const char *rel = it->relpath;

	yaml_doc_init(&doc);
	if (check_conflict_markers(rel, data, len, &it->diags) < 0)
		goto out;
	/* A duplicate key leaves the front matter usable: every other problem is reported too. */
	if (yaml_read_front_matter(rel, data, len, &doc, &it->diags) < 0 && !doc.root)
		goto out;
	if (it->kind == FILE_CLIENT) {
		check_client_file(rel, &it->diags);
		schema_validate(job->schemas->client, doc.root, rel, SCHEMA_PLAIN_AS_STRING, &it->diags);
	} else {
		schema_validate(job->schemas->entry, doc.root, rel, SCHEMA_PLAIN_AS_STRING, &it->diags);
	}
	body_tasks(rel, doc.body, doc.body_len, doc.body_line, &tasks, &it->diags);
	if (it->diags.errors)
		goto out;

	if (it->kind == FILE_CLIENT) {
		struct client *c = it->client;
		c->id = client_id_of(rel);
		c->path = xstrdup(rel);
		client_from(doc.root, c);
		promises_from(&tasks, c->path, &c->promises, &c->npromises);
	} else {
		struct entry *e = it->entry;
		const struct node *refs[64];
		size_t k = entry_ref_nodes(doc.root, refs, ARRAY_SIZE(refs));

		e->path = xstrdup(rel);
		entry_from(doc.root, e);
		promises_from(&tasks, e->path, &e->promises, &e->npromises);
		e->summary = body_first_line(doc.body, doc.body_len);
		const char *ids[ARRAY_SIZE(refs)];
		size_t lens[ARRAY_SIZE(refs)];
		int lines[ARRAY_SIZE(refs)], cols[ARRAY_SIZE(refs)];
		for (size_t i = 0; i < k; i++) {
			ids[i] = refs[i]->str;
			lens[i] = refs[i]->len;
			lines[i] = refs[i]->line;
			cols[i] = refs[i]->col;
		}
		item_set_refs(it, k, ids, lens, lines, cols, NULL);
		check_entry_name(rel, e, &it->diags);
	}
	it->ok = 1;
out:
	task_list_release(&tasks);
	yaml_doc_release(&doc);
}

/* Items a worker takes at a time: neighbours share a folder. */
#define JOB_CHUNK 16

static void chunk_done(struct progress *p, size_t chunk)
{
	pthread_mutex_lock(&p->lock);
	p->done[chunk] = 1;
	while (p->prefix < p->nchunks && p->done[p->prefix])
		p->prefix++;
	/* one wake-up per folder the writer waits for, not one per chunk */
	if (p->want && p->prefix >= p->want) {
		p->want = 0;
		pthread_cond_signal(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
}

/* Returns once items[0..end) are done. */
static void wait_done(struct progress *p, size_t end)
{
	size_t need = (end + JOB_CHUNK - 1) / JOB_CHUNK;

	pthread_mutex_lock(&p->lock);
	while (p->prefix < need) {
		p->want = need;
		pthread_cond_wait(&p->cond, &p->lock);
	}
	p->want = 0;
	pthread_mutex_unlock(&p->lock);
}

/* Hands the cache the search text of a valid file (`len` bytes at `text`). */
static void keep_search_text(struct job *job, size_t i, const char *text, size_t len)
{
	struct fm_span fm;

	if (!job->items[i].ok)
		return;
	/* a file that reads always has a front matter; else all of it is body */
	if (fm_split(text, len, &fm) != FM_OK)
		fm.yaml = fm.close = fm.body = 0;
	index_keep_text(job->ix, &job->cached[i], text, len, fm.yaml, fm.close - fm.yaml, fm.body);
}

/*
 * The stat walk: 1 when the file of items[i] is as its cached row says
 * (`c`, its fields; its stat data through the folder the cursor holds
 * open), so that its record stands for it.
 */
static int file_unchanged(struct job *job, size_t i, const struct index_cached *c,
			  struct fs_cursor *cur)
{
	const char *name;
	struct stat st;
	int dirfd;

	if (index_vouched(job->ix, job->cached[i].row))
		return 1;
	if (job->stats)
		return job->stats[i].regular && index_unchanged_key(job->ix, c, &job->stats[i].key);
	if (job->seen && stat_seen_get(job->seen, job->items[i].relpath, &st))
		return index_unchanged(job->ix, c, &st);
	dirfd = fs_cursor_dir(cur, job->rootfd, job->items[i].relpath, &name);
	return dirfd >= 0 && !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
	       index_unchanged(job->ix, c, &st);
}


/* The next chunk of items a worker takes, [*start, *end): 0 when none is left. */
static int next_chunk(struct job *job, size_t *start, size_t *end)
{
	*start = atomic_fetch_add(&job->next, JOB_CHUNK);
	if (*start >= job->nitems)
		return 0;
	*end = job->nitems - *start > JOB_CHUNK ? *start + JOB_CHUNK : job->nitems;
	return 1;
}
/* Fills items[i] from its cached record when its file is unchanged: 1, else 0. */
static int restore_item(struct job *job, size_t i, struct fs_cursor *cur, struct buf *b,
			struct arena *mem)
{
	struct item *it = &job->items[i];
	struct index_file *f = &job->cached[i];
	struct index_cached c;

	if (!f->row)
		return 0;
	if (job->checked) {
		/* the stat walk was done before (answered_early()) */
		if (!job->checked[i].unchanged)
			return 0;
		c.rec = job->checked[i].rec;
		c.reclen = job->checked[i].reclen;
		c.fts = job->checked[i].fts;
	} else if (index_row_fields(job->ix, f->row, &c) < 0 || !file_unchanged(job, i, &c, cur)) {
		/* the row's fields, decoded once for the stat check, the record and its search text */
		return 0;
	}
	/* Unpacked here, in the worker, only for files found unchanged. */
	if (record_decode(it, c.rec, c.reclen, mem) < 0)
		return 0;
	index_use_row(f, &c);
	if (index_wants_text(job->ix, f) && it->ok) {
		buf_reset(b);
		if (fs_read_at(job->rootfd, it->relpath, MAX_FILE_SIZE, FS_SAFE, b, NULL, NULL) ==
		    FS_READ_OK)
			keep_search_text(job, i, b->data, b->len);
	}
	return 1;
}

static void *worker(void *arg)
{
	struct job *job = arg;
	struct buf b = BUF_INIT;
	struct stat st;
	struct fs_cursor cur = FS_CURSOR_INIT;
	struct arena mem = ARENA_INIT, keys = ARENA_INIT;
	const char *name;
	int dirfd;

	for (size_t start, end; next_chunk(job, &start, &end);) {
		for (size_t i = start; i < end; i++) {
			struct item *it = &job->items[i];
			if (it->mem) {
				parse_item(job, it, it->mem->data, it->mem->len);
				continue;
			}
			if (job->ix && restore_item(job, i, &cur, &b, &mem)) {
				atomic_fetch_add(&job->restored, 1);
				continue;
			}
			buf_reset(&b);
			dirfd = fs_cursor_dir(&cur, job->rootfd, it->relpath, &name);
			if (read_file_at(dirfd, name, it->relpath, &b, &st, &it->diags) < 0)
				continue;
			parse_item(job, it, buf_str(&b), b.len);
			if (job->ix) {
				index_keep(&job->cached[i], &st, &keys);
				if (index_wants_text(job->ix, &job->cached[i]))
					keep_search_text(job, i, buf_str(&b), b.len);
			}
		}
		if (job->progress)
			chunk_done(job->progress, start / JOB_CHUNK);
	}
	pthread_mutex_lock(&job->lock);
	arena_adopt(&job->mem, &mem);
	arena_adopt(&job->keys, &keys);
	pthread_mutex_unlock(&job->lock);
	fs_cursor_release(&cur);
	buf_release(&b);
	return NULL;
}

/*
 * The stat walk alone, before anything is decoded: for each item whether
 * its file is as its cached row says (job->checked), and how many are not.
 */
static void *check_worker(void *arg)
{
	struct job *job = arg;
	struct fs_cursor cur = FS_CURSOR_INIT;

	for (size_t start, end; next_chunk(job, &start, &end);) {
		size_t changed = 0;

		for (size_t i = start; i < end; i++) {
			struct checked *k = &job->checked[i];
			struct index_cached c;

			k->unchanged = job->cached[i].row &&
				       !index_row_fields(job->ix, job->cached[i].row, &c) &&
				       file_unchanged(job, i, &c, &cur);
			if (k->unchanged) {
				k->rec = c.rec;
				k->reclen = c.reclen;
				k->fts = c.fts;
			} else {
				changed++;
			}
		}
		atomic_fetch_add(&job->changed, changed);
	}
	fs_cursor_release(&cur);
	return NULL;
}

/* Each file's stat data into job->stats, a chunk of files at a time. */
static void *stat_worker(void *arg)
{
	struct job *job = arg;
	struct fs_cursor cur = FS_CURSOR_INIT;

	for (size_t start, end; next_chunk(job, &start, &end);) {
		for (size_t i = start; i < end; i++) {
			const char *name;
			struct stat st;
			int dirfd = fs_cursor_dir(&cur, job->rootfd, job->items[i].relpath, &name);

			job->stats[i].regular = dirfd >= 0 &&
						!fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
						S_ISREG(st.st_mode);
			if (job->stats[i].regular)
				index_key_of(&st, &job->stats[i].key);
		}
	}
	fs_cursor_release(&cur);
	return NULL;
}

static void run_jobs(struct job *job, void *(*fn)(void *))
{
	long cpus = online_cpus();
	size_t nthreads = cpus > 1 ? (size_t)cpus : 1;
	pthread_t tids[16];
	size_t started = 0;

	if (nthreads > ARRAY_SIZE(tids))
		nthreads = ARRAY_SIZE(tids);
	if (job->nitems < 64)
		nthreads = 1;
	for (size_t i = 1; i < nthreads; i++) {
		if (pthread_create(&tids[started], NULL, fn, job))
			break;
		started++;
	}
	fn(job);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

/* ---- walking the tree ---- */

/*
 * What the walk finds: small records, sorted and turned into items once the
 * count is known, so that 200,000 files never cost a doubling realloc of the
 * (large) items nor a sort that moves them.
 */
struct found {
	char *relpath;               /* NULL: the place of tasks[task]'s files */
	enum file_kind kind;
	const struct file_data *mem;
	size_t task;
};

/* A folder walked apart (walk_parallel()), and what it found. */
struct walk_task {
	char *rel;
	enum file_kind kind;
	int depth;
	struct found *found;
	size_t n;
	struct arena paths; /* its files' paths */
	struct diags d;
};

struct walk {
	const char *root;
	struct index *ix; /* the cache, for the folders' listings (NULL: none) */
	struct found *found;
	size_t n, alloc;
	/*
	 * The files' paths, packed in blocks of `paths` (walk_path()): they
	 * become the model's paths and live in the notebook's `mem`.
	 */
	struct arena paths;
	char *path_room;
	size_t path_left;
	struct diags *d;
	/* folders this deep are left to tasks, walked in parallel (0: none) */
	int split;
	struct walk_task *tasks;
	size_t ntasks, talloc;
};

static int cmp_found(const void *a, const void *b)
{
	return strcmp(((const struct found *)a)->relpath, ((const struct found *)b)->relpath);
}

static void walk_add(struct walk *w, char *relpath, enum file_kind kind,
		     const struct file_data *mem)
{
	if (w->n >= MAX_FILES) {
		if (w->n == MAX_FILES)
			diags_add(w->d, relpath, 0, 0, SEV_ERROR,
				  "more than %d files in the notebook; the rest are not read", MAX_FILES);
		return;
	}
	ALLOC_GROW(w->found, w->n + 1, w->alloc);
	w->found[w->n].relpath = relpath;
	w->found[w->n].kind = kind;
	w->found[w->n].mem = mem;
	w->n++;
}

/* The walk's findings as items in path order; the walk's records are freed. */
static struct item *walk_items(struct walk *w)
{
	struct item *items = xcalloc(w->n ? w->n : 1, sizeof(*items));
	int sorted = 1;

	/* The walk finds them in order; files from memory may come in any. */
	for (size_t i = 1; i < w->n && sorted; i++)
		sorted = cmp_found(&w->found[i - 1], &w->found[i]) < 0;
	if (!sorted)
		qsort(w->found, w->n, sizeof(*w->found), cmp_found);
	for (size_t i = 0; i < w->n; i++) {
		items[i].relpath = w->found[i].relpath;
		items[i].kind = w->found[i].kind;
		items[i].mem = w->found[i].mem;
	}
	free(w->found);
	w->found = NULL;
	return items;
}

/* A file the walk takes (walk_dir()): a name of a regular file, or of one of unknown type. */
static int walk_takes(unsigned char type, const char *name)
{
	return type != DT_DIR && type != DT_LNK && ends_with(name, ".md");
}

/*
 * Room for `n` more bytes of paths (a folder's, at once: each folder's
 * paths then fill one block of the walk's paths, not a block that the
 * arena's growth made larger).
 */
static void walk_path_room(struct walk *w, size_t n)
{
	if (n <= w->path_left)
		return;
	w->path_room = arena_alloc(&w->paths, n);
	w->path_left = n;
}

/*
 * "dir/name" (`dir` NULL: "name") in the walk's paths, one after another
 * in blocks: no malloc per file, nor the 16-byte rounding of arena_alloc().
 */
static char *walk_path(struct walk *w, const char *dir, const char *name)
{
	size_t a = dir ? strlen(dir) : 0, b = strlen(name), n = a + b + 1 + (dir != NULL);
	char *p;

	if (n > w->path_left)
		walk_path_room(w, n > 8192 ? n : 8192);
	p = w->path_room;
	w->path_room += n;
	w->path_left -= n;
	if (dir) {
		memcpy(p, dir, a);
		p[a++] = '/';
	}
	memcpy(p + a, name, b + 1);
	return p;
}

/* "dir/name", malloc'd: the walk makes one per folder, and printf is slow at that. */
static char *path_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = xmalloc(a + b + 2);

	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/*
 * A folder's entry, named as it sorts: a folder's name ends in '/', so
 * that sorting each folder's names puts the whole walk in path order
 * ("a-b/x" before "a/x" before "a.md"), and no sort of every path is needed.
 */
struct dir_name {
	size_t off;
	char *key;
	unsigned char type;
};

static int cmp_dir_name(const void *a, const void *b)
{
	return strcmp(((const struct dir_name *)a)->key, ((const struct dir_name *)b)->key);
}

/* Leaves the folder `rel` to a task of its own, its files to come in its place. */
static void walk_defer(struct walk *w, const char *rel, enum file_kind kind, int depth)
{
	struct walk_task *t;

	ALLOC_GROW(w->tasks, w->ntasks + 1, w->talloc);
	t = &w->tasks[w->ntasks];
	memset(t, 0, sizeof(*t));
	t->rel = xstrdup(rel);
	t->kind = kind;
	t->depth = depth;
	t->d = (struct diags)DIAGS_INIT;
	ALLOC_GROW(w->found, w->n + 1, w->alloc);
	w->found[w->n].relpath = NULL;
	w->found[w->n].task = w->ntasks++;
	w->n++;
}

/* Says why the folder `rel` could not be opened, when that matters. */
static void dir_open_failed(struct walk *w, const char *rel, int depth)
{
	int e = errno;

	if (e == ELOOP || e == ENOTDIR) {
		struct stat st;
		char *p = xasprintf("%s/%s", w->root, rel);
		if (!lstat(p, &st) && S_ISLNK(st.st_mode))
			diags_add(w->d, rel, 0, 0, SEV_ERROR,
				  "is a symbolic link; refused (a notebook's folders must be real)");
		else if (depth == 0 && e == ENOTDIR)
			diags_add(w->d, rel, 0, 0, SEV_ERROR, "is not a directory");
		free(p);
	} else if (e != ENOENT) {
		diags_add(w->d, rel, 0, 0, SEV_ERROR, "cannot open: %s", strerror(e));
	}
}

/*
 * The names in the folder `dir` (open as `fd`) that can matter to the walk
 * (folders, symlinks, *.md; at most MAX_FILES + 1), sorted, with a folder's
 * name ending in '/'; the names live in `pool`. Returns how many.
 */
static size_t dir_list(DIR *dir, int fd, struct dir_name **namesp, struct buf *pool)
{
	struct dir_name *names = NULL;
	size_t nnames = 0, alloc = 0;
	struct dirent *de;

	while ((de = readdir(dir))) {
		unsigned char type = de->d_type;

		if (de->d_name[0] == '.')
			continue;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK
				: S_ISREG(st.st_mode) ? DT_REG : DT_FIFO;
		}
		/* Only what can matter is kept, and no more than the walk takes. */
		if (type != DT_DIR && type != DT_LNK && !ends_with(de->d_name, ".md"))
			continue;
		if (nnames > MAX_FILES)
			break;
		ALLOC_GROW(names, nnames + 1, alloc);
		names[nnames].off = pool->len;
		names[nnames].type = type;
		nnames++;
		buf_adds(pool, de->d_name);
		if (type == DT_DIR)
			buf_addc(pool, '/');
		buf_add(pool, "", 1);
	}
	for (size_t i = 0; i < nnames; i++)
		names[i].key = pool->data + names[i].off;
	if (nnames)
		qsort(names, nnames, sizeof(*names), cmp_dir_name);
	*namesp = names;
	return nnames;
}

/*
 * The names of the folder `rel` as the cache keeps them (index_listing():
 * the folder's stat data says they are the same), in `pool` as
 * dir_list() makes them: how many, or -1 when they are to be read.
 */
static long dir_listed(struct walk *w, const char *rel, struct dir_name **namesp,
		       struct buf *pool)
{
	const unsigned char *data;
	struct dir_name *names;
	struct vreader v;
	struct stat st;
	size_t len, n;
	char *path;
	int ok;

	if (!w->ix)
		return -1;
	path = xasprintf("%s/%s", w->root, rel);
	ok = !lstat(path, &st);
	free(path);
	if (!ok || !(data = index_listing(w->ix, rel, &st, &len)))
		return -1;
	v = (struct vreader){ data, data + len, 0 };
	n = (size_t)vget_u(&v);
	if (v.bad || n > MAX_FILES || n > len)
		return -1;
	names = xreallocarray(NULL, n ? n : 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)vget_u(&v);

		if (v.bad || !k || k > (size_t)(v.end - v.p)) {
			free(names);
			buf_reset(pool);
			return -1;
		}
		names[i].off = pool->len;
		names[i].type = v.p[k - 1] == '/' ? DT_DIR : DT_REG;
		buf_add(pool, v.p, k);
		buf_add(pool, "", 1);
		v.p += k;
	}
	for (size_t i = 0; i < n; i++)
		names[i].key = pool->data + names[i].off;
	*namesp = names;
	return (long)n;
}

/*
 * Hands the cache the names of the folder `rel` just read, whose stat data
 * `st` was taken before: a folder with only folders and files in what the
 * walk looks at (no symbolic link, whose target may change unseen).
 */
static void keep_listing(struct walk *w, const char *rel, const struct stat *st,
			 const struct dir_name *names, size_t n)
{
	struct buf b = BUF_INIT;

	if (!w->ix || n > MAX_FILES)
		return;
	for (size_t i = 0; i < n; i++)
		if (names[i].type != DT_DIR && names[i].type != DT_REG)
			return;
	vput_u(&b, n);
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(names[i].key);
		vput_u(&b, k);
		buf_add(&b, names[i].key, k);
	}
	index_keep_listing(w->ix, rel, st, b.data, b.len);
	buf_release(&b);
}

/* Opens the folder `rel` and reads its names (dir_list()); NULL when it cannot be read. */
static DIR *dir_read(struct walk *w, const char *rel, int depth, struct dir_name **names,
		     size_t *nnames, struct buf *pool)
{
	char *path = xasprintf("%s/%s", w->root, rel);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	int kept;
	DIR *dir;

	free(path);
	if (fd < 0) {
		dir_open_failed(w, rel, depth);
		return NULL;
	}
	/* its stat data before its names: a change while they are read is seen next time */
	kept = w->ix && !fstat(fd, &st);
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return NULL;
	}
	*nnames = dir_list(dir, fd, names, pool);
	if (kept)
		keep_listing(w, rel, &st, *names, *nnames);
	return dir;
}

static void walk_dir(struct walk *w, const char *rel, enum file_kind kind, int depth)
{
	struct dir_name *names = NULL;
	size_t nnames;
	struct buf pool = BUF_INIT;
	long listed = dir_listed(w, rel, &names, &pool);
	DIR *dir = NULL;
	int fd = -1;

	if (listed >= 0) {
		nnames = (size_t)listed;
	} else {
		dir = dir_read(w, rel, depth, &names, &nnames, &pool);
		if (!dir)
			return;
		fd = dirfd(dir);
	}
	{
		size_t room = 0;
		for (size_t i = 0; i < nnames; i++)
			if (walk_takes(names[i].type, names[i].key))
				room += strlen(rel) + strlen(names[i].key) + 2;
		if (room)
			walk_path_room(w, room);
	}
	for (size_t i = 0; i < nnames; i++) {
		char *name = names[i].key;
		unsigned char type = names[i].type;
		char *child;

		if (type == DT_DIR)
			name[strlen(name) - 1] = '\0';
		if (walk_takes(type, name)) {
			walk_add(w, walk_path(w, rel, name), kind, NULL);
			continue;
		}
		child = path_join(rel, name);
		if (type == DT_DIR) {
			if (depth + 1 >= MAX_WALK_DEPTH)
				diags_add(w->d, child, 0, 0, SEV_ERROR,
					  "folders nested too deep; not read");
			else if (w->split && depth + 1 == w->split)
				walk_defer(w, child, kind, depth + 1);
			else
				walk_dir(w, child, kind, depth + 1);
		} else if (!ends_with(name, ".md")) {
			struct stat st;
			/* a folder linked in would hide its entries: say so */
			if (type == DT_LNK && !fstatat(fd, name, &st, 0) && S_ISDIR(st.st_mode))
				diags_add(w->d, child, 0, 0, SEV_ERROR,
					  "is a symbolic link; refused (a notebook's folders must be real)");
		} else {
			/* a symlink named *.md */
			char *p = xasprintf("%s/%s", w->root, child);
			char *real = realpath(p, NULL);
			size_t rl = strlen(w->root);
			if (!real || strncmp(real, w->root, rl) || (real[rl] != '/' && real[rl]))
				diags_add(w->d, child, 0, 0, SEV_ERROR,
					  "symbolic link leads out of the notebook; refused");
			else
				diags_add(w->d, child, 0, 0, SEV_ERROR,
					  "is a symbolic link; refused (copy the file instead)");
			free(real);
			free(p);
		}
		free(child);
	}
	if (dir)
		closedir(dir);
	free(names);
	buf_release(&pool);
}

/* The tasks of a walk, taken in turn by each thread. */
struct walk_pool {
	struct walk *w;
	atomic_size_t next;
};

static void *walk_worker(void *arg)
{
	struct walk_pool *pool = arg;
	size_t k;

	while ((k = atomic_fetch_add(&pool->next, 1)) < pool->w->ntasks) {
		struct walk_task *t = &pool->w->tasks[k];
		struct walk sub = { 0 };

		sub.root = pool->w->root;
		sub.ix = pool->w->ix;
		sub.d = &t->d;
		walk_dir(&sub, t->rel, t->kind, t->depth);
		t->found = sub.found;
		t->n = sub.n;
		t->paths = sub.paths;
	}
	return NULL;
}

/*
 * Walks the folders `dirs` (of kinds `kinds`) as walk_dir() does, the
 * folders `split` deep below the root in parallel (a journal's months):
 * reading folders is most of the walk. Their findings and diagnostics come
 * in the order a walk in one thread gives.
 */
static void walk_parallel(struct walk *w, const char *const *dirs, const enum file_kind *kinds,
			  size_t ndirs, int split)
{
	long cpus = online_cpus();
	size_t nthreads = cpus > 1 ? (size_t)(cpus < 8 ? cpus : 8) : 1, started = 0;
	struct walk_pool pool = { w, 0 };
	pthread_t tids[8];
	struct found *found = w->found;
	size_t n = w->n, total = 0;

	w->split = split;
	for (size_t i = 0; i < ndirs; i++)
		walk_dir(w, dirs[i], kinds[i], 0);
	found = w->found;
	n = w->n;
	atomic_init(&pool.next, 0);
	for (size_t i = 1; i < nthreads && i < w->ntasks; i++)
		if (!pthread_create(&tids[started], NULL, walk_worker, &pool))
			started++;
	walk_worker(&pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	/* In walk order again, through walk_add() and its limit. */
	for (size_t i = 0; i < n; i++)
		total += found[i].relpath ? 1 : w->tasks[found[i].task].n;
	w->found = xreallocarray(NULL, total ? total : 1, sizeof(*w->found));
	w->alloc = total ? total : 1;
	w->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct walk_task *t = found[i].relpath ? NULL : &w->tasks[found[i].task];
		if (!t) {
			walk_add(w, found[i].relpath, found[i].kind, found[i].mem);
			continue;
		}
		for (size_t k = 0; k < t->n; k++)
			walk_add(w, t->found[k].relpath, t->found[k].kind, NULL);
		arena_adopt(&w->paths, &t->paths);
		diags_move(w->d, &t->d);
		diags_release(&t->d);
		free(t->found);
		free(t->rel);
	}
	free(found);
	free(w->tasks);
	w->tasks = NULL;
	w->ntasks = w->talloc = 0;
	w->split = 0;
}

/* ---- putting it together ---- */

/* An item's path is the walk's (or the caller's): not freed here. */
static void item_release(struct item *it)
{
	diags_release(&it->diags);
	if (!it->refs_borrowed)
		free(it->refs);
	if (it->ok && it->kind == FILE_CLIENT)
		client_release(it->client);
	if (it->ok && it->kind == FILE_ENTRY)
		entry_release(it->entry);
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The finding for a client file whose id another file under clients/ has too. */
static void report_duplicate(const char *relpath, const char *id, struct diags *d)
{
	diags_add(d, relpath, 0, 0, SEV_ERROR,
		  "duplicate client id '%s': another file under clients/ has the same name", id);
}

/*
 * The findings for the ids an entry names that no client file has; `ids`
 * is sorted and NULL-terminated. Returns how many were unknown.
 */
/*
 * The client ids as a hash set, for the one look-up of each reference
 * (200,000 of them: a binary search of 10,000 strings each was most of the
 * cross-file rules' time).
 */
struct id_set {
	const char **slot; /* NULL: empty */
	size_t mask;
};

static void id_set_init(struct id_set *t, char **ids, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	for (size_t i = 0; i < n; i++) {
		size_t h = (size_t)fnv_str(ids[i]) & t->mask;
		while (t->slot[h])
			h = (h + 1) & t->mask;
		t->slot[h] = ids[i];
	}
}

static int id_set_has(const void *set, const char *id)
{
	const struct id_set *t = set;

	for (size_t h = (size_t)fnv_str(id) & t->mask; t->slot[h]; h = (h + 1) & t->mask)
		if (!strcmp(t->slot[h], id))
			return 1;
	return 0;
}

/* A sorted array of ids, for a binary search. */
struct sorted_ids {
	char **v;
	size_t n;
};

static int ids_have(const void *sorted, const char *id)
{
	const struct sorted_ids *s = sorted;

	return bsearch(&id, s->v, s->n, sizeof(*s->v), cmp_cstr) != NULL;
}

/*
 * Reports the references to ids `has` does not know (`ids`: all of them,
 * sorted and NULL-terminated, for a "did you mean"); how many.
 */
static size_t report_unknown_refs(const char *relpath, const struct item_ref *refs, size_t n,
				  char **ids, int (*has)(const void *known, const char *id),
				  const void *known, struct diags *d)
{
	size_t unknown = 0;

	for (size_t r = 0; r < n; r++) {
		const char *id = refs[r].id;
		if (has(known, id))
			continue;
		const char *near = nearest_word(id, (const char *const *)ids);
		unknown++;
		if (!id_valid(id))
			diags_add(d, relpath, refs[r].line, refs[r].col, SEV_ERROR,
				  "'%s' is not a client id (ids are lowercase letters, digits and '-')", id);
		else if (near)
			diags_add(d, relpath, refs[r].line, refs[r].col, SEV_ERROR,
				  "no client '%s' (did you mean '%s'?)", id, near);
		else
			diags_add(d, relpath, refs[r].line, refs[r].col, SEV_ERROR,
				  "no client '%s': there is no clients/%s.md", id, id);
	}
	return unknown;
}

/*
 * The cross-file rules: duplicate client ids, entries naming unknown
 * clients. Moves valid clients and entries into `nb`.
 */
/* The ids of every client file: valid or not, a client an entry may name. */
struct known_ids {
	char **ids;  /* sorted, NULL-terminated for nearest_word() */
	size_t n;
	struct id_set set;
};

/* The ids of `n` client files (their paths), into `k`. */
static void known_init(struct known_ids *k, char *const *paths, size_t n)
{
	k->ids = xcalloc(n + 1, sizeof(*k->ids));
	k->n = 0;
	for (size_t i = 0; i < n; i++)
		k->ids[k->n++] = client_id_of(paths[i]);
	qsort(k->ids, k->n, sizeof(*k->ids), cmp_cstr);
	id_set_init(&k->set, k->ids, k->n);
}

static void known_release(struct known_ids *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->ids[i]);
	free(k->ids);
	free(k->set.slot);
	memset(k, 0, sizeof(*k));
}

/*
 * The cross-file rules: duplicate client ids, entries naming unknown
 * clients (those of `given`, else of the client files among the items).
 * Moves valid clients and entries into `nb`.
 */
static void merge_items(struct item *items, size_t n, struct notebook *nb, struct diags *d,
			const struct known_ids *given)
{
	size_t nids;
	char **ids, **paths;
	struct known_ids own = { 0 };
	const struct id_set *kset;

	if (!given) {
		/* Every client file's id counts as known, valid or not: an entry
		 * naming a client whose file is broken is not "unknown". */
		size_t np = 0;

		paths = xcalloc(n ? n : 1, sizeof(*paths));
		for (size_t i = 0; i < n; i++)
			if (items[i].kind == FILE_CLIENT)
				paths[np++] = items[i].relpath;
		known_init(&own, paths, np);
		free(paths);
		given = &own;
	}
	ids = given->ids;
	nids = given->n;
	kset = &given->set;
	for (size_t i = 0; i + 1 < nids; i++)
		if (!strcmp(ids[i], ids[i + 1])) {
			/* report each file holding the duplicated id */
			for (size_t k = 0; k < n; k++) {
				if (items[k].kind != FILE_CLIENT)
					continue;
				char *id = client_id_of(items[k].relpath);
				if (!strcmp(id, ids[i]) && items[k].ok) {
					report_duplicate(items[k].relpath, id, &items[k].diags);
					client_release(items[k].client);
					items[k].ok = 0;
				}
				free(id);
			}
		}

	/*
	 * Each item's result is already in its slot of nb->clients or
	 * nb->entries (slots in item order): the valid ones move down to the
	 * front, in order, and the others are released where they are, so
	 * that nothing is copied twice and no slot is overwritten while held.
	 */
	for (size_t i = 0; i < n; i++) {
		struct item *it = &items[i];
		if (it->kind == FILE_CLIENT && it->ok) {
			struct client *to = &nb->clients[nb->nclients++];
			if (to != it->client) {
				*to = *it->client;
				memset(it->client, 0, sizeof(*it->client));
			}
			it->ok = 0;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct item *it = &items[i];
		int unknown = 0;
		if (it->kind != FILE_ENTRY || !it->ok)
			continue;
		unknown = report_unknown_refs(it->relpath, it->refs, it->nrefs, ids, id_set_has,
					      kset, &it->diags);
		if (unknown) {
			entry_release(it->entry);
			it->ok = 0;
			continue;
		}
		struct entry *to = &nb->entries[nb->nentries++];
		if (to != it->entry) {
			*to = *it->entry;
			memset(it->entry, 0, sizeof(*it->entry));
		}
		it->ok = 0;
	}
	for (size_t i = 0; i < n; i++)
		diags_move(d, &items[i].diags);
	known_release(&own);
}

/* 1 when `d` holds an error about `path`. */
static int doc_errors(const struct diags *d, const char *path)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].sev == SEV_ERROR && !strcmp(d->v[i].path, path))
			return 1;
	return 0;
}

/*
 * Checks notebook.yaml's tree against the schema, then its timezone
 * against the system's zones (unless the schema already refused the value
 * there: one problem, one message). 0, or -1 with diagnostics in `d`.
 */
static int settings_check(struct schemas *sc, const struct yaml_doc *doc, const char *path,
			  struct diags *d)
{
	const struct node *n = node_get(doc->root, "timezone");
	size_t before = d->errors;
	int said = 0;

	schema_validate(sc->settings, doc->root, path, SCHEMA_PLAIN_AS_STRING, d);
	if (n && n->kind == NODE_SCALAR && n->len && !tz_known(n->str)) {
		for (size_t i = 0; i < d->n && !said; i++)
			said = d->v[i].line == n->line && d->v[i].col == n->col &&
			       !strcmp(d->v[i].path, path);
		if (!said)
			diags_add(d, path, n->line, n->col, SEV_ERROR,
				  "unknown timezone '%s' (an IANA name such as 'Europe/London'); "
				  "using the system's", n->str);
	}
	return d->errors > before ? -1 : 0;
}

/*
 * Reads notebook.yaml (from `mem` when given) into nb->settings and makes
 * its timezone current. -1 when the notebook cannot be read at all.
 */
static int load_settings(const char *root, const struct file_data *mem, struct schemas *sc,
			 struct notebook *nb, struct diags *d)
{
	struct buf b = BUF_INIT;
	struct yaml_doc doc;
	const char *data;
	size_t len;
	int ret = 0;

	yaml_doc_init(&doc);
	if (mem) {
		data = mem->data;
		len = mem->len;
	} else {
		if (read_file_safely(root, "notebook.yaml", &b, NULL, d) < 0) {
			ret = -1;
			goto out;
		}
		data = buf_str(&b);
		len = b.len;
	}
	if (yaml_read_document("notebook.yaml", data, len, 1, &doc, d) < 0 && !doc.root)
		goto out;
	/* Every problem of the file is reported; a file with any keeps the defaults. */
	if (settings_check(sc, &doc, "notebook.yaml", d) < 0 || doc_errors(d, "notebook.yaml"))
		goto out;
	settings_release(&nb->settings);
	settings_from(doc.root, "notebook.yaml", &nb->settings, d);
	if (nb->settings.timezone)
		tz_set(nb->settings.timezone); /* known: settings_check() said so */
out:
	yaml_doc_release(&doc);
	buf_release(&b);
	return ret;
}

/* The cache written by a thread of its own while the workers read. */
struct store {
	pthread_t tid;
	int started;
	struct progress progress;
	struct job *job;
};

/* The record of items[i], for the cache. */
static void encode_item(void *arg, size_t i, struct buf *out)
{
	struct store *st = arg;

	record_encode(&st->job->items[i], out);
}

static void store_ready(void *arg, size_t end)
{
	wait_done(&((struct store *)arg)->progress, end);
}

static void *store_thread(void *arg)
{
	struct store *st = arg;

	index_store(st->job->ix, st->job->cached, st->job->nitems, encode_item, store_ready, st);
	return NULL;
}

static void store_start(struct store *st, struct job *job)
{
	st->job = job;
	st->progress.nchunks = (job->nitems + JOB_CHUNK - 1) / JOB_CHUNK;
	st->progress.done = xcalloc(st->progress.nchunks ? st->progress.nchunks : 1, 1);
	pthread_mutex_init(&st->progress.lock, NULL);
	pthread_cond_init(&st->progress.cond, NULL);
	job->progress = &st->progress;
	st->started = !pthread_create(&st->tid, NULL, store_thread, st);
}

/* Waits for the writing thread, or writes now when there is none. */
static void store_finish(struct store *st, struct job *job)
{
	if (st->started)
		pthread_join(st->tid, NULL);
	else
		index_store(job->ix, job->cached, job->nitems, encode_item, NULL, st);
	job->progress = NULL;
	pthread_mutex_destroy(&st->progress.lock);
	pthread_cond_destroy(&st->progress.cond);
	free(st->progress.done);
}

/*
 * Points each item at its slot in the model's arrays, where its client or
 * entry is made: merge_items() then only closes the gaps the invalid ones
 * leave, instead of copying every result out of the items.
 */
static void give_slots(struct item *items, size_t n, struct notebook *nb)
{
	size_t nclients = 0, nentries = 0;

	for (size_t i = 0; i < n; i++) {
		nclients += items[i].kind == FILE_CLIENT;
		nentries += items[i].kind == FILE_ENTRY;
	}
	nb->clients = xcalloc(nclients ? nclients : 1, sizeof(*nb->clients));
	nb->entries = xcalloc(nentries ? nentries : 1, sizeof(*nb->entries));
	nclients = nentries = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].kind == FILE_CLIENT)
			items[i].client = &nb->clients[nclients++];
		else if (items[i].kind == FILE_ENTRY)
			items[i].entry = &nb->entries[nentries++];
	}
}

/*
 * With `early`, and every file to be stat-ed (no monitor): the stat walk
 * done while the reader thread still reads the rows, which the loader
 * would otherwise wait for with a processor idle.
 */
static void stat_early(struct job *job, const struct load_early *early)
{
	if (!early || !job->ix || job->rootfd < 0 || job->seen || !index_monitor_off(job->ix) ||
	    !index_has_listings(job->ix))
		return;
	job->stats = xcalloc(job->nitems ? job->nitems : 1, sizeof(*job->stats));
	run_jobs(job, stat_worker);
	atomic_store(&job->next, 0);
}

/*
 * With `early`: the stat walk of every file first, and when each is as
 * its cached row says, none added or removed, and nothing is to be said
 * of the folders or notebook.yaml, early->answer() is asked before any
 * record is decoded. 1 when it answered.
 */
static int answered_early(struct job *job, const struct diags *d, const struct load_early *early)
{
	/* no cache yet (a status without one): no answer to find, no walk twice */
	if (!early || !job->ix || job->rootfd < 0 || !index_has_listings(job->ix))
		return 0;
	job->checked = xcalloc(job->nitems ? job->nitems : 1, sizeof(*job->checked));
	run_jobs(job, check_worker);
	atomic_store(&job->next, 0);
	return !atomic_load(&job->changed) && !d->n && job->nitems == index_rows(job->ix) &&
	       early->answer(early->arg);
}

/* ---- a delta: few files changed since the cache's rows (struct load_early) ---- */

/* Files changed, added or removed at most for a delta. */
#define LOAD_DELTA_MAX 32
/*
 * From this many on, a delta writes the changed files' rows (and the
 * command keeps its answer anew, load_delta_stores()); fewer are read
 * again by each run until then, which writes nothing.
 */
#define LOAD_DELTA_STORE 8

struct load_delta {
	struct job *job;
	size_t nrows;
	size_t *item_of;           /* per position: its item, SIZE_MAX when removed */
	struct load_change *ch;
	size_t nch;
	unsigned char *want;       /* per item */
	struct stat *st;           /* per change: the stat data of its file read now */
	struct client *clients;    /* the changed clients and entries, parsed */
	struct entry *entries;
};

size_t load_delta_rows(const struct load_delta *dl)
{
	return dl->nrows;
}

size_t load_delta_items(const struct load_delta *dl)
{
	return dl->job->nitems;
}

size_t load_delta_pos(const struct load_delta *dl, size_t i)
{
	const struct index_row *row = dl->job->cached[i].row;

	return row ? index_row_pos(dl->job->ix, row) : SIZE_MAX;
}

int load_delta_stores(const struct load_delta *dl)
{
	return dl->nch >= LOAD_DELTA_STORE;
}

size_t load_delta_count(const struct load_delta *dl)
{
	return dl->nch;
}

void load_delta_change(const struct load_delta *dl, size_t k, struct load_change *out)
{
	*out = dl->ch[k];
}

static int cmp_item_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct item *)elem)->relpath);
}

size_t load_delta_client(const struct load_delta *dl, const char *id)
{
	char *path = xasprintf("clients/%s.md", id);
	const struct item *it = bsearch(path, dl->job->items, dl->job->nitems,
					sizeof(*dl->job->items), cmp_item_path);

	free(path);
	return it ? (size_t)(it - dl->job->items) : SIZE_MAX;
}

uint32_t load_path_hash(const char *path)
{
	return (uint32_t)fnv_str(path);
}

int load_delta_want(struct load_delta *dl, size_t pos, uint32_t hash)
{
	size_t i = pos < dl->nrows ? dl->item_of[pos] : SIZE_MAX;

	if (i == SIZE_MAX || load_path_hash(dl->job->items[i].relpath) != hash)
		return -1;
	dl->want[i] = 1;
	return 0;
}

/* Item i changed: read and parsed into its own slot of dl. 0, or -1 when it has anything to say. */
static int delta_read(struct load_delta *dl, size_t i, struct load_change *ch, struct buf *b,
		      struct fs_cursor *cur)
{
	struct job *job = dl->job;
	struct item *it = &job->items[i];
	const char *name;
	int dirfd;

	ch->item = i;
	ch->pos = load_delta_pos(dl, i);
	ch->client = it->kind == FILE_CLIENT;
	ch->path = it->relpath;
	/* a client file new to the cache is a new client: the full load says what of it */
	if (ch->client && ch->pos == SIZE_MAX)
		return -1;
	if (ch->client)
		it->client = &dl->clients[dl->nch];
	else
		it->entry = &dl->entries[dl->nch];
	buf_reset(b);
	dirfd = fs_cursor_dir(cur, job->rootfd, it->relpath, &name);
	if (read_file_at(dirfd, name, it->relpath, b, &dl->st[dl->nch], &it->diags) < 0)
		return -1;
	parse_item(job, it, buf_str(b), b->len);
	if (!it->ok || it->diags.n)
		return -1;
	/* a cache that keeps search texts is the whole load's to write */
	if (index_wants_text(job->ix, &job->cached[i]))
		return -1;
	if (ch->client)
		return 0;
	/* the cross-file rule: only clients whose files are there */
	for (uint32_t r = 0; r < it->nrefs; r++) {
		size_t c = load_delta_client(dl, it->refs[r].id);
		if (c == SIZE_MAX || !job->cached[c].row)
			return -1;
	}
	ch->ids = (const char *const *)it->entry->clients;
	ch->nids = it->entry->nclients;
	return 0;
}

/* The files changed, added (read: 0 when they all read without a word) and removed. */
static int delta_changes(struct load_delta *dl)
{
	struct job *job = dl->job;
	struct buf b = BUF_INIT;
	struct fs_cursor cur = FS_CURSOR_INIT;
	int ret = 0;

	for (size_t i = 0; i < job->nitems && !ret; i++) {
		if (job->checked[i].unchanged)
			continue;
		if (dl->nch == LOAD_DELTA_MAX || delta_read(dl, i, &dl->ch[dl->nch], &b, &cur) < 0)
			ret = -1;
		dl->nch++;
	}
	for (size_t p = 0; p < dl->nrows && !ret; p++) {
		if (dl->item_of[p] != SIZE_MAX)
			continue;
		if (dl->nch == LOAD_DELTA_MAX)
			ret = -1;
		else
			dl->ch[dl->nch++] = (struct load_change){ SIZE_MAX, p, 0, NULL, NULL, 0 };
	}
	fs_cursor_release(&cur);
	buf_release(&b);
	return ret;
}

/* The rows of the changed files written (the others kept as they are). */
static void delta_store(struct load_delta *dl)
{
	struct job *job = dl->job;
	struct store st = { .job = job };

	for (size_t i = 0; i < job->nitems; i++) {
		struct index_cached c = { 0 };

		if (!job->checked[i].unchanged)
			continue;
		c.fts = job->checked[i].fts;
		index_use_row(&job->cached[i], &c);
	}
	for (size_t k = 0; k < dl->nch; k++)
		if (dl->ch[k].item != SIZE_MAX)
			index_keep(&job->cached[dl->ch[k].item], &dl->st[k], &job->keys);
	index_store(job->ix, job->cached, job->nitems, encode_item, NULL, &st);
}

/*
 * The model of the files wanted and changed, each in its slot; the cache
 * written when the changes are many enough (load_delta_stores()). 0, or -1
 * (nothing kept) when a record does not read.
 */
static int delta_model(struct load_delta *dl, struct notebook *nb)
{
	struct job *job = dl->job;
	size_t nc = 0, ne = 0;
	int bad = 0;

	for (size_t k = 0; k < dl->nch; k++)
		if (dl->ch[k].item != SIZE_MAX)
			dl->want[dl->ch[k].item] = 2;
	for (size_t i = 0; i < job->nitems; i++) {
		nc += dl->want[i] && job->items[i].kind == FILE_CLIENT;
		ne += dl->want[i] && job->items[i].kind == FILE_ENTRY;
	}
	nb->clients = xcalloc(nc ? nc : 1, sizeof(*nb->clients));
	nb->entries = xcalloc(ne ? ne : 1, sizeof(*nb->entries));
	for (size_t i = 0; i < job->nitems; i++) {
		struct item *it = &job->items[i];

		if (dl->want[i] != 1)
			continue;
		if (it->kind == FILE_CLIENT)
			it->client = &nb->clients[nb->nclients];
		else
			it->entry = &nb->entries[nb->nentries];
		if (record_decode(it, job->checked[i].rec, job->checked[i].reclen, &job->mem) < 0) {
			bad = 1;
			break;
		}
		atomic_fetch_add(&job->restored, 1);
		nb->nclients += it->kind == FILE_CLIENT;
		nb->nentries += it->kind == FILE_ENTRY;
	}
	/* a record that does not read: the whole notebook is read, as without a delta */
	if (bad) {
		for (size_t i = 0; i < job->nitems; i++)
			if (dl->want[i] == 1 && job->items[i].ok)
				record_undo(&job->items[i]);
		free(nb->clients);
		free(nb->entries);
		nb->clients = NULL;
		nb->entries = NULL;
		nb->nclients = nb->nentries = 0;
		atomic_store(&job->restored, 0);
		return -1;
	}
	for (size_t k = 0; k < dl->nch; k++) {
		struct item *it = dl->ch[k].item != SIZE_MAX ? &job->items[dl->ch[k].item] : NULL;

		if (!it)
			continue;
		if (it->kind == FILE_CLIENT) {
			nb->clients[nb->nclients] = *it->client;
			it->client = &nb->clients[nb->nclients++];
		} else {
			nb->entries[nb->nentries] = *it->entry;
			it->entry = &nb->entries[nb->nentries++];
		}
	}
	if (load_delta_stores(dl))
		delta_store(dl);
	nb->records = index_take_records(job->ix);
	return 0;
}

/* A delta given up: the changed files as if never read. */
static void delta_undo(struct load_delta *dl)
{
	for (size_t k = 0; k < dl->nch; k++) {
		struct item *it;

		if (dl->ch[k].item == SIZE_MAX)
			continue;
		it = &dl->job->items[dl->ch[k].item];
		item_release(it);
		it->diags = (struct diags)DIAGS_INIT;
		it->refs = NULL;
		it->nrefs = 0;
		it->ok = 0;
		it->client = NULL;
	}
}

/*
 * After the stat walk found a few files changed (struct load_early's
 * delta): 1 when the delta took them (`nb` holds what it asked for), 0
 * when the whole notebook is to be read.
 */
static int delta_early(struct job *job, const struct diags *d, const struct load_early *early,
		       struct notebook *nb)
{
	struct load_delta dl = { .job = job };
	size_t gone = 0;
	int ret = 0;

	if (!early || !early->delta || !job->checked || d->n ||
	    atomic_load(&job->changed) > LOAD_DELTA_MAX)
		return 0;
	dl.nrows = index_rows(job->ix);
	dl.item_of = xreallocarray(NULL, dl.nrows ? dl.nrows : 1, sizeof(*dl.item_of));
	for (size_t p = 0; p < dl.nrows; p++)
		dl.item_of[p] = SIZE_MAX;
	for (size_t i = 0; i < job->nitems; i++) {
		size_t p = load_delta_pos(&dl, i);
		if (p < dl.nrows)
			dl.item_of[p] = i;
	}
	for (size_t p = 0; p < dl.nrows; p++)
		gone += dl.item_of[p] == SIZE_MAX;
	if (gone + atomic_load(&job->changed) > LOAD_DELTA_MAX)
		goto out;
	dl.ch = xcalloc(LOAD_DELTA_MAX, sizeof(*dl.ch));
	dl.st = xcalloc(LOAD_DELTA_MAX, sizeof(*dl.st));
	dl.clients = xcalloc(LOAD_DELTA_MAX, sizeof(*dl.clients));
	dl.entries = xcalloc(LOAD_DELTA_MAX, sizeof(*dl.entries));
	dl.want = xcalloc(job->nitems ? job->nitems : 1, 1);
	if (delta_changes(&dl) == 0 && dl.nch && early->delta(early->arg, &dl) &&
	    delta_model(&dl, nb) == 0) {
		ret = 1;
	} else {
		delta_undo(&dl);
	}
	/* what the items held is the model's now, or was let go */
	for (size_t i = 0; i < job->nitems && ret; i++) {
		if (!dl.want[i])
			continue;
		job->items[i].ok = 0;
		item_release(&job->items[i]);
	}
out:
	free(dl.item_of);
	free(dl.ch);
	free(dl.st);
	free(dl.clients);
	free(dl.entries);
	free(dl.want);
	return ret;
}

static void job_init(struct job *job, const char *root, int disk, struct index *ix,
		     struct stat_seen_table *seen, struct schemas *sc, struct item *items, size_t n)
{
	job->root = root;
	job->rootfd = disk ? open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	job->ix = ix;
	job->seen = seen;
	job->schemas = sc;
	job->items = items;
	job->nitems = n;
	atomic_init(&job->next, 0);
	atomic_init(&job->restored, 0);
	atomic_init(&job->changed, 0);
	pthread_mutex_init(&job->lock, NULL);
}

/*
 * Reads the files the walk `w` found into `nb` (its settings read): each
 * from the cache `ix` (NULL: none) when its row is current (by the stat
 * data of `seen` when it has the file's, else a stat now), else from its
 * file (from memory when not `disk`), the cache written back when `store`;
 * then the rules across files, with the ids of `known` (NULL: of the
 * client files among them). The walk's paths go to nb's memory when a
 * record was restored (they are its paths then); else they stay the walk's.
 */
static int load_found(const char *root, struct index *ix, struct stat_seen_table *seen,
		      struct schemas *sc, int disk, int store, const struct known_ids *known,
		      struct walk *w, struct notebook *nb, struct diags *d,
		      const struct load_early *early)
{
	struct job job = { 0 };
	struct store st = { 0 };
	struct item *items = walk_items(w);
	size_t n = w->n;
	int answered;

	job_init(&job, root, disk, ix, seen, sc, items, n);
	stat_early(&job, early);
	if (ix) {
		job.cached = xcalloc(n ? n : 1, sizeof(*job.cached));
		for (size_t i = 0; i < n; i++)
			job.cached[i].path = items[i].relpath;
		index_match(ix, job.cached, n);
	}
	answered = answered_early(&job, d, early);
	if (!answered && delta_early(&job, d, early, nb))
		answered = 2;
	if (!answered) {
		give_slots(items, n, nb);
		if (ix && store)
			store_start(&st, &job);
		run_jobs(&job, worker);
	}
	pthread_mutex_destroy(&job.lock);
	free(job.checked);
	free(job.stats);
	arena_adopt(&nb->mem, &job.mem);
	if (job.rootfd >= 0)
		close(job.rootfd);
	if (ix && !answered) {
		if (store)
			store_finish(&st, &job);
		/* what was restored points into the records as the cache read them */
		nb->records = index_take_records(ix);
	}
	if (ix)
		index_files_release(job.cached, n);
	arena_release(&job.keys);
	free(job.cached);

	if (!answered)
		merge_items(items, n, nb, d, known);
	/* The items are spent: gone before the model grows its links (none was read when answered). */
	for (size_t i = 0; i < n && !answered; i++)
		item_release(&items[i]);
	free(items);
	w->n = 0;
	/* the restored clients' and entries' paths are the walk's */
	if (atomic_load(&job.restored))
		arena_adopt(&nb->mem, &w->paths);
	return answered;
}

/* The files to read into `w`: `files` (from memory), else the notebook's folders walked. */
static void load_walk(struct walk *w, const char *root, const struct file_data *files,
		      size_t nfiles, struct index *ix, struct diags *d)
{
	w->root = root;
	w->d = d;
	w->ix = files ? NULL : ix;
	/* the reader thread reads the folders' listings before the walk needs them */
	index_read(ix);
	if (files) {
		for (size_t i = 0; i < nfiles; i++) {
			enum file_kind k = classify(files[i].path);
			if (k != FILE_CLIENT && k != FILE_ENTRY)
				continue;
			walk_add(w, walk_path(w, NULL, files[i].path), k, &files[i]);
		}
	} else {
		static const char *const dirs[] = { "clients", "journal" };
		static const enum file_kind kinds[] = { FILE_CLIENT, FILE_ENTRY };

		walk_parallel(w, dirs, kinds, 2, WALK_SPLIT);
	}
}


/*
 * load() with the cache `ix` (NULL: none), which must be opened before
 * anything is read; 1 when `early` answered (answered_early()).
 */
static int load_indexed(const char *root, const struct file_data *files, size_t nfiles,
			struct index *ix, struct stat_seen_table *seen, struct notebook *nb,
			struct diags *d, const struct load_early *early)
{
	struct schemas sc = { 0 };
	struct walk w = { 0 };
	const struct file_data *settings_mem = NULL;
	int ret = -1;

	memset(nb, 0, sizeof(*nb));
	nb->root = xstrdup(root);
	settings_defaults(&nb->settings);
	if (schemas_compile(&sc, files ? NULL : root, files, nfiles, d) < 0)
		goto out;
	if (files) {
		for (size_t i = 0; i < nfiles; i++)
			if (!strcmp(files[i].path, "notebook.yaml"))
				settings_mem = &files[i];
		if (!settings_mem) {
			diags_add(d, "notebook.yaml", 0, 0, SEV_ERROR, "not staged; a notebook needs one");
			goto out;
		}
	}
	if (load_settings(root, settings_mem, &sc, nb, d) < 0)
		goto out;

	load_walk(&w, root, files, nfiles, ix, d);
	ret = load_found(root, ix, seen, &sc, !files, 1, NULL, &w, nb, d, early);
	if (ix && !files)
		index_settle(ix);
	if (ret != 1)
		model_link(nb);
out:
	arena_release(&w.paths);
	schemas_release(&sc);
	return ret;
}

/*
 * What every cached record depends on besides its own file: this program,
 * the record's layout, the built-in schemas, notebook.yaml and schema/
 * (their bytes), and the timezone when the notebook does not set one.
 */
static void fingerprint(const char *root, struct buf *out)
{
	static const char *const names[] = { "notebook", "client", "entry" };
	static const char *const files[] = {
		"notebook.yaml", "schema/notebook.schema.yaml",
		"schema/client.schema.yaml", "schema/entry.schema.yaml",
	};
	struct stat st;
	struct buf b = BUF_INIT;
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	buf_printf(out, "record %d\n", RECORD_FORMAT);
	if (!stat("/proc/self/exe", &st))
		buf_printf(out, "exe %lld %lld.%09ld %lld.%09ld %llu\n", (long long)st.st_size,
			   (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
			   (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
			   (unsigned long long)st.st_ino);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t len = 0;
		const char *text = builtin_schema(names[i], &len);
		buf_printf(out, "builtin %s %zu\n", names[i], text ? len : 0);
		if (text)
			buf_add(out, text, len);
	}
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		buf_reset(&b);
		if (rootfd >= 0 &&
		    fs_read_at(rootfd, files[i], MAX_FILE_SIZE, FS_SAFE, &b, NULL, NULL) == FS_READ_OK) {
			buf_printf(out, "%s %zu\n", files[i], b.len);
			buf_add(out, b.data, b.len);
		} else if (rootfd >= 0 && !fstatat(rootfd, files[i], &st, AT_SYMLINK_NOFOLLOW)) {
			buf_printf(out, "%s unreadable %lld %lld.%09ld %llu\n", files[i],
				   (long long)st.st_size, (long long)st.st_mtim.tv_sec,
				   st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
		} else {
			buf_printf(out, "%s absent\n", files[i]);
		}
	}
	buf_release(&b);
	buf_adds(out, "tz ");
	tz_fingerprint(out);
	if (rootfd >= 0)
		close(rootfd);
}

struct index *notebook_index_open(const char *root, unsigned flags)
{
	struct buf fp = BUF_INIT;
	struct index *ix;

	fingerprint(root, &fp);
	ix = index_open(root, fp.data, fp.len, flags);
	buf_release(&fp);
	return ix;
}

/* Reads from memory (`files`), or from the disk through the cache unless it is off. */
static int load(const char *root, const struct file_data *files, size_t nfiles,
		struct notebook *nb, struct diags *d)
{
	struct index *ix = files ? NULL : notebook_index_open(root, 0);
	int ret = load_indexed(root, files, nfiles, ix, NULL, nb, d, NULL);

	index_close(ix);
	return ret;
}

int notebook_load_with_index(const char *root, struct index *ix, struct notebook *nb,
			     struct diags *d)
{
	return load_indexed(root, NULL, 0, ix, NULL, nb, d, NULL);
}

int notebook_load_seen(const char *root, struct stat_seen_table *seen, struct notebook *nb,
		       struct diags *d)
{
	struct index *ix = notebook_index_open(root, 0);
	int ret;

	stat_seen_freeze(seen);
	ret = load_indexed(root, NULL, 0, ix, seen, nb, d, NULL);
	index_close(ix);
	return ret;
}

int notebook_load_early(const char *root, struct index *ix, struct notebook *nb,
			struct diags *d, const struct load_early *early)
{
	return load_indexed(root, NULL, 0, ix, NULL, nb, d, early);
}

int notebook_load(const char *root, unsigned flags, struct notebook *nb, struct diags *d)
{
	(void)flags;
	return load(root, NULL, 0, nb, d);
}

int notebook_load_settings(const char *root, struct notebook *nb, struct diags *d)
{
	struct schemas sc = { 0 };
	int ret = -1;

	memset(nb, 0, sizeof(*nb));
	nb->root = xstrdup(root);
	settings_defaults(&nb->settings);
	/* as load_indexed(): an unusable schema leaves the defaults */
	if (schemas_compile(&sc, root, NULL, 0, d) == 0)
		ret = load_settings(root, NULL, &sc, nb, d);
	schemas_release(&sc);
	return ret;
}

int notebook_load_files(const char *root, const struct file_data *files, size_t n,
			struct notebook *nb, struct diags *d)
{
	return load(root, files, n, nb, d);
}

/* Checks notebook.yaml's text `data` on its own. */
static void settings_text(struct schemas *sc, const char *relpath, const char *data, size_t len,
			  struct diags *d)
{
	struct yaml_doc doc;

	yaml_doc_init(&doc);
	if (yaml_read_document(relpath, data, len, 1, &doc, d) == 0 || doc.root)
		settings_check(sc, &doc, relpath, d);
	yaml_doc_release(&doc);
}

/*
 * Parses the client or entry text `data` of `relpath` on its own into
 * `it` (zeroed by the caller), its model record in `c` or `e`; the caller
 * releases `it` with item_release().
 */
static void parse_alone(const char *root, struct schemas *sc, const char *relpath,
			enum file_kind kind, const char *data, size_t len, struct item *it,
			struct client *c, struct entry *e)
{
	struct job job = { 0 };

	job.root = root;
	job.schemas = sc;
	it->relpath = (char *)relpath;
	it->kind = kind;
	if (kind == FILE_CLIENT)
		it->client = c;
	else
		it->entry = e;
	parse_item(&job, it, data, len);
}

int validate_file(const char *root, const char *relpath, const char *data, size_t len,
		  struct diags *d)
{
	struct schemas sc = { 0 };
	enum file_kind kind = classify(relpath);
	size_t before = d->errors;
	int ret = -1;

	if (schemas_compile(&sc, root, NULL, 0, d) < 0)
		goto out;
	if (kind == FILE_SETTINGS) {
		settings_text(&sc, relpath, data, len, d);
	} else if (kind == FILE_CLIENT || kind == FILE_ENTRY) {
		struct item it = { 0 };
		struct client c = { 0 };
		struct entry e = { 0 };

		parse_alone(root, &sc, relpath, kind, data, len, &it, &c, &e);
		diags_move(d, &it.diags);
		item_release(&it);
	} else {
		diags_add(d, relpath, 0, 0, SEV_ERROR,
			  "not a notebook file (notebook.yaml, clients/*.md or journal/**/*.md)");
	}
	ret = d->errors > before ? -1 : 0;
out:
	schemas_release(&sc);
	return ret;
}

struct checker {
	struct schemas sc;
	char *root;
};

struct checker *checker_open(const char *root, const struct file_data *schema, struct diags *d)
{
	struct checker *ck = xcalloc(1, sizeof(*ck));

	if (schemas_compile(&ck->sc, root, schema, schema ? 1 : 0, d) < 0) {
		checker_free(ck);
		return NULL;
	}
	ck->root = root ? xstrdup(root) : NULL;
	return ck;
}

void checker_free(struct checker *ck)
{
	if (!ck)
		return;
	schemas_release(&ck->sc);
	free(ck->root);
	free(ck);
}

int checker_text(struct checker *ck, const char *relpath, const char *data, size_t len,
		 char **ids, size_t nids, struct diags *d)
{
	enum file_kind kind = classify(relpath);
	size_t before = d->errors;

	if (kind == FILE_SETTINGS) {
		settings_text(&ck->sc, relpath, data, len, d);
	} else if (kind == FILE_CLIENT || kind == FILE_ENTRY) {
		struct item it = { 0 };
		struct client c = { 0 };
		struct entry e = { 0 };

		parse_alone(ck->root, &ck->sc, relpath, kind, data, len, &it, &c, &e);
		if (it.ok && kind == FILE_CLIENT) {
			char *id = client_id_of(relpath);
			char **hit = bsearch(&id, ids, nids, sizeof(*ids), cmp_cstr);
			/* the id once more before or after the one found: two files have it */
			if (hit && ((hit > ids && !strcmp(hit[-1], id)) ||
				    (hit + 1 < ids + nids && !strcmp(hit[1], id))))
				report_duplicate(relpath, id, &it.diags);
			free(id);
		} else if (it.ok && kind == FILE_ENTRY) {
			struct sorted_ids known = { ids, nids };
			report_unknown_refs(relpath, it.refs, it.nrefs, ids, ids_have, &known, &it.diags);
		}
		diags_move(d, &it.diags);
		item_release(&it);
	}
	return d->errors > before ? -1 : 0;
}

/*
 * The path `typed` (as given on the command line, from the working
 * directory) relative to `root`, without following its last component (a
 * symlink is checked as the symlink it is): "clients/x.md", or
 * "../elsewhere/x.md" for a path outside the notebook. *inside says which.
 * Printed with the display prefix, it is again a path from the working
 * directory.
 */
static char *root_relative(const char *root, const char *typed, int *inside)
{
	struct buf abs = BUF_INIT, out = BUF_INIT;
	const char *slash, *base;
	char cwd[PATH_MAX], *dir, *real;
	size_t rootlen = strlen(root);

	if (typed[0] != '/' && getcwd(cwd, sizeof(cwd)))
		buf_printf(&abs, "%s/", cwd);
	buf_adds(&abs, typed);
	while (abs.len > 1 && abs.data[abs.len - 1] == '/')
		abs.data[--abs.len] = '\0';
	slash = strrchr(abs.data, '/');
	base = slash ? slash + 1 : abs.data;
	if (!strcmp(base, ".") || !strcmp(base, "..") || !slash) {
		real = realpath(abs.data, NULL);
	} else {
		dir = xstrndup(abs.data, (size_t)(slash - abs.data));
		real = realpath(*dir ? dir : "/", NULL);
		if (real) {
			char *full = xasprintf("%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
			free(real);
			real = full;
		}
		free(dir);
	}
	if (!real)
		real = buf_detach(&abs);
	buf_release(&abs);
	*inside = !strncmp(real, root, rootlen) && (!real[rootlen] || real[rootlen] == '/');
	if (*inside) {
		buf_adds(&out, real[rootlen] ? real + rootlen + 1 : "");
	} else {
		/* up from the root to the last folder both share, then down */
		size_t i = 0, common = 0;

		while (root[i] && root[i] == real[i]) {
			i++;
			if (root[i] == '/' && (real[i] == '/' || !real[i]))
				common = i;
		}
		for (const char *p = root + common; *p; p++)
			if (*p == '/')
				buf_adds(&out, "../");
		buf_adds(&out, real[common] ? real + common + 1 : "");
	}
	free(real);
	return buf_detach(&out);
}

int notebook_check_paths(const char *root, char **paths, int npaths, struct diags *d)
{
	struct notebook nb;
	struct diags all = DIAGS_INIT;
	char **rel = xcalloc(npaths ? (size_t)npaths : 1, sizeof(*rel));
	int ret = 0;

	/*
	 * Paths may be given as typed from the working directory; each is
	 * named in the findings relative to the root, as every finding is, so
	 * that with the display prefix it is a path from the working directory
	 * again (not the prefix twice).
	 */
	for (int i = 0; i < npaths; i++) {
		int inside;
		char *r = root_relative(root, paths[i], &inside);
		char *full = xasprintf("%s/%s", root, r);
		struct stat st;

		if (!inside)
			diags_add(d, r, 0, 0, SEV_ERROR, "not inside the notebook at '%s'", root);
		else if (lstat(full, &st) < 0)
			diags_add(d, r, 0, 0, SEV_ERROR, "cannot open: %s", strerror(errno));
		else
			rel[i] = xstrdup(r);
		free(full);
		free(r);
	}
	if (notebook_load(root, 0, &nb, &all) < 0)
		ret = -1;
	/* Keep the findings about the named files (or folders) and the notebook's own. */
	for (size_t k = 0; k < all.n; k++) {
		struct diag *g = &all.v[k];
		int keep = 0;
		for (int i = 0; i < npaths && !keep; i++) {
			size_t l;
			if (!rel[i])
				continue;
			l = strlen(rel[i]);
			keep = !l || !strcmp(g->path, rel[i]) ||
			       (!strncmp(g->path, rel[i], l) && g->path[l] == '/');
		}
		if (keep || !strcmp(g->path, "notebook.yaml") || !strncmp(g->path, "schema/", 7))
			diags_add(d, g->path, g->line, g->col, g->sev, "%s", g->msg);
	}
	diags_release(&all);
	notebook_release(&nb);
	for (int i = 0; i < npaths; i++)
		free(rel[i]);
	free(rel);
	return ret;
}

/* ---- a part at a time (load.h: load_parts_open()) ---- */

/* One part of the journal: a folder WALK_SPLIT deep (with those below it), or a run of files above. */
struct part {
	char *dir;        /* the folder whose cached rows it reads */
	int tree;         /* with the folders below it: a task of the walk */
	size_t task;      /* the task, for a folder */
	size_t first, n;  /* a run of files: top.found[first..first + n) */
	uint64_t sum;     /* its files' paths as first read, and how many */
	size_t nfiles;
	int read;
};

struct load_parts {
	char *root;
	struct index *ix;
	struct schemas sc;
	struct known_ids known;
	struct walk top;  /* journal/: its files above WALK_SPLIT, and the folders left to tasks */
	struct part *v;
	size_t n;
};

/* "dir" of "dir/name", malloc'd. */
static char *dir_of(const char *relpath)
{
	const char *slash = strrchr(relpath, '/');

	return xstrndup(relpath, slash ? (size_t)(slash - relpath) : 0);
}

/* The parts of the journal, in path order, from the walk of its top. */
static void plan_parts(struct load_parts *lp)
{
	size_t alloc = 0;

	for (size_t i = 0; i < lp->top.n; i++) {
		const struct found *f = &lp->top.found[i];
		struct part *p = lp->n ? &lp->v[lp->n - 1] : NULL;
		char *dir = f->relpath ? dir_of(f->relpath) : NULL;

		if (dir && p && !p->tree && !strcmp(p->dir, dir)) {
			p->n++;
			free(dir);
			continue;
		}
		ALLOC_GROW(lp->v, lp->n + 1, alloc);
		p = &lp->v[lp->n++];
		memset(p, 0, sizeof(*p));
		if (dir) {
			p->dir = dir;
			p->first = i;
			p->n = 1;
		} else {
			p->task = f->task;
			p->dir = xstrdup(lp->top.tasks[f->task].rel);
			p->tree = 1;
		}
	}
}

struct load_parts *load_parts_open(const char *root, struct index *ix, struct notebook *nb,
				   struct diags *d)
{
	static const char *const dirs[] = { "clients" };
	static const enum file_kind kinds[] = { FILE_CLIENT };
	struct load_parts *lp = xcalloc(1, sizeof(*lp));
	struct walk w = { 0 };
	char **paths;

	memset(nb, 0, sizeof(*nb));
	nb->root = xstrdup(root);
	settings_defaults(&nb->settings);
	lp->root = xstrdup(root);
	lp->ix = ix;
	if (schemas_compile(&lp->sc, root, NULL, 0, d) < 0 ||
	    load_settings(root, NULL, &lp->sc, nb, d) < 0) {
		load_parts_close(lp);
		return NULL;
	}
	w.root = root;
	w.d = d;
	walk_parallel(&w, dirs, kinds, 1, WALK_SPLIT);
	paths = xcalloc(w.n ? w.n : 1, sizeof(*paths));
	for (size_t i = 0; i < w.n; i++)
		paths[i] = w.found[i].relpath;
	known_init(&lp->known, paths, w.n);
	free(paths);
	index_read_part(ix, "clients", 1);
	load_found(root, ix, NULL, &lp->sc, 1, 1, &lp->known, &w, nb, d, NULL);
	arena_release(&w.paths);
	model_link(nb);

	lp->top.root = root;
	lp->top.d = d;
	lp->top.split = WALK_SPLIT;
	walk_dir(&lp->top, "journal", FILE_ENTRY, 0);
	plan_parts(lp);
	return lp;
}

size_t load_parts_count(const struct load_parts *lp)
{
	return lp->n;
}

size_t load_parts_files(const struct load_parts *lp, size_t k)
{
	return lp->v[k].nfiles;
}

/* The files of part `p` into `w`, walked again for a folder; their paths' sum into *sum. */
static void part_walk(struct load_parts *lp, const struct part *p, struct walk *w, uint64_t *sum)
{
	w->root = lp->root;
	if (p->tree) {
		const struct walk_task *t = &lp->top.tasks[p->task];
		walk_dir(w, t->rel, t->kind, t->depth);
	} else {
		for (size_t i = p->first; i < p->first + p->n; i++)
			walk_add(w, lp->top.found[i].relpath, FILE_ENTRY, NULL);
	}
	*sum = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < w->n; i++)
		*sum = fnv_add(*sum, w->found[i].relpath, strlen(w->found[i].relpath) + 1);
}

int load_parts_read(struct load_parts *lp, size_t k, const unsigned char *want,
		    struct notebook *part, uint32_t **ords, struct diags *d)
{
	struct part *p = &lp->v[k];
	struct walk w = { 0 };
	struct diags quiet = DIAGS_INIT;
	uint64_t sum;
	uint32_t *at = NULL;
	char **paths = NULL;
	size_t n = 0, e = 0;
	int ret = 0;

	memset(part, 0, sizeof(*part));
	*ords = NULL;
	w.d = want ? &quiet : d;
	part_walk(lp, p, &w, &sum);
	if (!p->read) {
		p->read = 1;
		p->sum = sum;
		p->nfiles = w.n;
	} else if (sum != p->sum || w.n != p->nfiles) {
		ret = -1;
		goto out;
	}
	/* The files wanted, and where each is among the part's. */
	at = xcalloc(w.n ? w.n : 1, sizeof(*at));
	paths = xcalloc(w.n ? w.n : 1, sizeof(*paths));
	for (size_t i = 0; i < w.n; i++) {
		if (want && !(want[i / 8] & 1u << (i % 8)))
			continue;
		w.found[n] = w.found[i];
		at[n] = (uint32_t)i;
		paths[n++] = w.found[i].relpath;
	}
	w.n = n;
	index_read_part(lp->ix, p->dir, p->tree);
	/* a second reading writes nothing: the cache would take the files not wanted for gone */
	load_found(lp->root, lp->ix, NULL, &lp->sc, 1, !want, &lp->known, &w, part,
		   want ? &quiet : d, NULL);
	/* The entries are the valid files', in the walk's order. */
	*ords = xcalloc(part->nentries ? part->nentries : 1, sizeof(**ords));
	for (size_t i = 0; i < n && e < part->nentries; i++)
		if (!strcmp(paths[i], part->entries[e].path))
			(*ords)[e++] = at[i];
out:
	free(at);
	free(paths);
	/* the paths of entries read from their files are their own */
	arena_release(&w.paths);
	free(w.found);
	diags_release(&quiet);
	return ret;
}

void load_parts_close(struct load_parts *lp)
{
	if (!lp)
		return;
	for (size_t i = 0; i < lp->n; i++)
		free(lp->v[i].dir);
	free(lp->v);
	for (size_t i = 0; i < lp->top.ntasks; i++)
		free(lp->top.tasks[i].rel);
	free(lp->top.tasks);
	free(lp->top.found);
	arena_release(&lp->top.paths);
	known_release(&lp->known);
	schemas_release(&lp->sc);
	free(lp->root);
	free(lp);
}
