#include "writing.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fsutil.h"
#include "load.h"
#include "node.h"
#include "resolve.h"
#include "text.h"
#include "tz.h"
#include "util.h"
#include "yaml.h"

int writing_open(struct cmd_ctx *ctx, struct repo **r)
{
	*r = NULL;
	if (repo_open(ctx->root, r) < 0)
		return EXIT_GIT;
	if (repo_check_writable(*r) < 0) {
		repo_free(*r);
		*r = NULL;
		return EXIT_GIT;
	}
	return EXIT_OK;
}

int writing_read(const char *root, const char *relpath, char **data, size_t *len)
{
	const char *slash = strrchr(relpath, '/');
	char *dir = slash ? xstrndup(relpath, (size_t)(slash - relpath)) : xstrdup("");
	char *path = xasprintf("%s/%s", root, relpath);
	int ret = -1;

	/* no directory on the way may be a symlink leading out of the notebook */
	if (fs_mkdirs(root, dir) == 0)
		ret = fs_read_file(path, MAX_FILE_SIZE, data, len);
	free(dir);
	free(path);
	return ret;
}

int writing_today(const char *root, day_t *out)
{
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	const struct node *tz = NULL;
	char *data = NULL;
	size_t len;
	int ret = -1;

	yaml_doc_init(&doc);
	if (writing_read(root, "notebook.yaml", &data, &len) < 0)
		goto out;
	if (yaml_read_document("notebook.yaml", data, len, 1, &doc, &d) == 0)
		tz = node_get(doc.root, "timezone");
	if (tz && tz->kind == NODE_SCALAR && tz->type == SCALAR_STR && tz_set(tz->str) < 0)
		goto out;
	ret = tz_today(out);
out:
	diags_release(&d);
	yaml_doc_release(&doc);
	free(data);
	return ret;
}

int client_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (n < 1 || n > 63)
		return 0;
	if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* The ids of the client files present, NULL-terminated; caller frees each and the array. */
static char **client_ids(const char *root)
{
	char *dir = xasprintf("%s/clients", root);
	DIR *dh = opendir(dir);
	char **v = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;

	free(dir);
	while (dh && (de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		if (len > 3 && !strcmp(de->d_name + len - 3, ".md") && de->d_name[0] != '.') {
			ALLOC_GROW(v, n + 2, alloc);
			v[n++] = xstrndup(de->d_name, len - 3);
		}
	}
	if (dh)
		closedir(dh);
	ALLOC_GROW(v, n + 1, alloc);
	v[n] = NULL;
	return v;
}

int writing_check_client(const char *root, const char *id)
{
	char *path;
	struct stat st;
	int ok;

	if (!client_id_valid(id))
		return error("'%s' is not a client id (lowercase letters, digits and '-')", id);
	path = xasprintf("%s/clients/%s.md", root, id);
	ok = !lstat(path, &st) && S_ISREG(st.st_mode);
	if (!ok && !lstat(path, &st)) {
		if (S_ISLNK(st.st_mode))
			error("'%s' is a symlink, not a regular file", path);
		else
			error("'%s' is not a regular file", path);
		free(path);
		return -1;
	}
	free(path);
	if (!ok) {
		char **ids = client_ids(root);
		const char *near = nearest_word(id, (const char *const *)ids);
		const char *prefixed = NULL;
		size_t nprefix = 0, idlen = strlen(id);
		for (size_t i = 0; ids[i]; i++)
			if (!strncmp(ids[i], id, idlen) && ids[i][idlen] == '-' && !nprefix++)
				prefixed = ids[i];
		if (!near && nprefix == 1)
			near = prefixed; /* "acme" for "acme-corp" */
		if (near)
			error("no client '%s' (did you mean '%s'?)", id, near);
		else
			error("no client '%s'; see 'notebook list'", id);
		for (size_t i = 0; ids[i]; i++)
			free(ids[i]);
		free(ids);
		return -1;
	}
	return 0;
}

void writing_print_diags(struct cmd_ctx *ctx, struct diags *d)
{
	diags_sort(d);
	diags_print(d, ctx->display ? ctx->display : "", stderr);
}

int writing_commit(struct cmd_ctx *ctx, struct repo *r, const char *relpath, const char *msg)
{
	char *paths[1];
	int ret;

	paths[0] = (char *)relpath;
	ret = repo_commit_paths(r, paths, 1, msg);
	if (ret < 0) {
		error("'%s%s' is written but not committed; 'notebook commit' commits it",
		      ctx->display ? ctx->display : "", relpath);
		return EXIT_GIT;
	}
	if (ret == 0)
		printf_escaped("%s\n", msg);
	return EXIT_OK;
}

int writing_head_version(struct cmd_ctx *ctx, struct repo *r, const char *relpath,
			 const char *wt, size_t wlen, char **head, size_t *hlen)
{
	const char *disp = ctx->display ? ctx->display : "";
	int ret = repo_head_file(r, relpath, head, hlen);

	if (ret < 0)
		return -1;
	if (ret == 1) {
		*head = NULL;
		return error("'%s%s' is not committed yet, so its change could not be committed "
			     "alone; commit it first ('notebook commit'), then run this again",
			     disp, relpath);
	}
	if (*hlen == wlen && !memcmp(*head, wt, wlen)) {
		free(*head);
		*head = NULL;
	}
	return 0;
}

int writing_commit_change(struct cmd_ctx *ctx, struct repo *r, const char *relpath,
			  const char *wt, size_t wlen, const char *head, size_t hlen,
			  const char *msg)
{
	const char *disp = ctx->display ? ctx->display : "";
	char *path = xasprintf("%s/%s", ctx->root, relpath);
	int ret;

	ret = fs_write_atomic(path, wt, wlen);
	free(path);
	if (ret < 0)
		return EXIT_WRITE;
	if (!head)
		return writing_commit(ctx, r, relpath, msg);
	ret = repo_commit_data(r, relpath, head, hlen, msg);
	if (ret == -2)
		return EXIT_GIT;
	if (ret < 0) {
		error("'%s%s' is written but not committed; 'notebook commit' commits it "
		      "with your other changes to it", disp, relpath);
		return EXIT_GIT;
	}
	if (ret == 0)
		printf_escaped("%s\n", msg);
	fprintf_escaped(stderr, "notebook: the changes made by hand to '%s%s' are not in the commit; "
		"they stay in the file ('git diff' shows them)\n", disp, relpath);
	return EXIT_OK;
}

int writing_start(struct cmd_ctx *ctx, char **args, size_t n, struct resolved *keep,
		  struct repo **r, day_t *today)
{
	int status = resolve_client_args(ctx->root, args, n, keep);

	if (status)
		return status;
	for (size_t i = 0; i < n; i++)
		if (writing_check_client(ctx->root, args[i]) < 0)
			return EXIT_FINDINGS;
	status = writing_open(ctx, r);
	if (status)
		return status;
	if (today && writing_today(ctx->root, today) < 0)
		return EXIT_NO_NOTEBOOK;
	return EXIT_OK;
}

int writing_load_whole(struct cmd_ctx *ctx, struct notebook *nb, const char *id)
{
	struct diags d = DIAGS_INIT;
	int status = EXIT_NO_NOTEBOOK;

	if (notebook_load(ctx->root, 0, nb, &d) < 0) {
		writing_print_diags(ctx, &d);
		goto out;
	}
	status = EXIT_OK;
	if (d.errors) {
		/* an entry that did not load could name the client and would be missed */
		writing_print_diags(ctx, &d);
		error("fix the files above first: a file that cannot be read could name '%s'", id);
		notebook_release(nb);
		status = EXIT_FINDINGS;
	}
out:
	diags_release(&d);
	return status;
}
