/* notebook init: a new notebook in a git repository, with a first commit. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "help.h"
#include "fsutil.h"
#include "load.h"
#include "git/repo.h"
#include "text.h"
#include "util.h"
#include "writing.h"
#include "yaml.h"

static const char init_usage[] = "usage: notebook init [DIR]\n";

static const char gitattributes[] =
	"# notebook files are text with LF line ends on every machine\n"
	"*.md text eol=lf\n"
	"*.yaml text eol=lf\n"
	"*.yml text eol=lf\n"
	".gitkeep text eol=lf\n";

static const char gitignore[] =
	"# the cache of a notebook outside git, and notebook's temporary files\n"
	".notebook-cache/\n"
	FS_TMP_PREFIX "*\n";

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	int ret = 0;

	for (char *s = p + 1; ; s++) {
		char c = *s;
		if (c != '/' && c)
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			ret = error("cannot create '%s': %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return ret;
}

static void settings_text(struct buf *b, const char *owner)
{
	buf_adds(b, "# notebook settings: see notebook(1)\n");
	if (owner) {
		buf_adds(b, "owner: ");
		buf_add_yaml_scalar(b, owner);
		buf_addc(b, '\n');
	}
	buf_adds(b, "# timezone: Europe/London   # IANA name; \"today\" is the date there (default: the system's)\n"
		    "cadence:                    # keep-in-touch interval by tier\n"
		    "  key: 14d\n"
		    "  regular: 30d\n"
		    "  occasional: 90d\n"
		    "due-soon: 3d\n"
		    "gratitude: 90d\n"
		    "repair-checkin: 7d\n"
		    "remote: origin\n");
}

/*
 * The notebook `dir` would be inside (a parent holding notebook.yaml),
 * malloc'd, or NULL. `dir` itself is not looked at: holding notebook.yaml
 * is a case of its own.
 */
static char *enclosing_notebook(const char *dir)
{
	char *p = fs_real_nearest(dir), *real = realpath(dir, NULL), *found = NULL;
	struct stat st;

	if (!p)
		goto out;
	for (int self = real && !strcmp(p, real);; self = 0) {
		char *slash, *yaml;

		if (!self) {
			yaml = xasprintf("%s/notebook.yaml", strcmp(p, "/") ? p : "");
			if (!lstat(yaml, &st)) {
				free(yaml);
				found = xstrdup(p);
				break;
			}
			free(yaml);
		}
		slash = strrchr(p, '/');
		if (!slash || !strcmp(p, "/"))
			break;
		slash[slash == p] = '\0';
	}
out:
	free(real);
	free(p);
	return found;
}

/* Writes `rel` under `dir` unless it exists; *made says whether it did. */
static int write_new(const char *dir, const char *rel, const char *text, size_t len, int *made)
{
	char *path = xasprintf("%s/%s", dir, rel);
	int ret = fs_create_exclusive(path, text, len);

	*made = ret == 0;
	free(path);
	return ret < 0 ? -1 : 0;
}

/*
 * Writes the new notebook's files in `dir`, none over an existing one, and
 * lists those to commit in paths[5]: 0, EXIT_WRITE, or EXIT_FINDINGS when
 * notebook.yaml appeared meanwhile.
 */
static int write_files(const char *dir, const struct buf *settings, char **paths, size_t *npaths)
{
	int made;

	if (fs_mkdirs(dir, "clients") < 0 || fs_mkdirs(dir, "journal") < 0)
		return EXIT_WRITE;
	if (write_new(dir, ".gitattributes", gitattributes, strlen(gitattributes), &made) < 0)
		return EXIT_WRITE;
	if (made)
		paths[(*npaths)++] = ".gitattributes";
	if (write_new(dir, ".gitignore", gitignore, strlen(gitignore), &made) < 0)
		return EXIT_WRITE;
	if (made)
		paths[(*npaths)++] = ".gitignore";
	if (write_new(dir, "clients/.gitkeep", "", 0, &made) < 0 ||
	    write_new(dir, "journal/.gitkeep", "", 0, &made) < 0)
		return EXIT_WRITE;
	paths[(*npaths)++] = "clients/.gitkeep";
	paths[(*npaths)++] = "journal/.gitkeep";
	if (write_new(dir, "notebook.yaml", settings->data, settings->len, &made) < 0)
		return EXIT_WRITE;
	if (!made) {
		error("'%s' already holds a notebook (notebook.yaml)", dir);
		return EXIT_FINDINGS;
	}
	paths[(*npaths)++] = "notebook.yaml";
	return 0;
}

int cmd_init(struct cmd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct repo *r = NULL;
	struct buf settings = BUF_INIT;
	struct diags d = DIAGS_INIT;
	char *dir = NULL, *path = NULL, *owner = NULL, *outer = NULL;
	char *paths[5];
	size_t npaths = 0;
	struct stat st;
	int c, created, status = EXIT_GIT;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help_print(stdout, argv[0], init_usage);
			return EXIT_OK;
		default:
			return usage_error(init_usage, NULL);
		}
	}
	if (argc - optind > 1)
		return usage_error(init_usage, "init takes at most one directory: unexpected '%s'",
				   argv[optind + 1]);
	if (optind < argc && ctx->dir_opt && argv[optind][0] != '/')
		dir = xasprintf("%s/%s", ctx->dir_opt, argv[optind]);
	else if (optind < argc)
		dir = xstrdup(argv[optind]);
	else
		dir = xstrdup(ctx->dir_opt ? ctx->dir_opt : ".");

	path = xasprintf("%s/notebook.yaml", dir);
	if (!lstat(path, &st)) {
		error("'%s' already holds a notebook (notebook.yaml); nothing changed", dir);
		status = EXIT_FINDINGS;
		goto out;
	}
	if ((outer = enclosing_notebook(dir))) {
		error("'%s' is inside the notebook in '%s'; use that notebook "
		      "(notebook -C '%s' ...), or make the new one outside it", dir, outer, outer);
		status = EXIT_FINDINGS;
		goto out;
	}
	if (repo_init_check(dir) < 0 || make_dirs(dir) < 0)
		goto out;
	if (repo_init(dir, &created) < 0 || repo_open(dir, &r) < 0 || repo_check_writable(r) < 0)
		goto out;
	if (*repo_prefix(r)) {
		error("'%s' is inside another repository's work tree", dir);
		goto out;
	}
	owner = repo_user_name(r);
	settings_text(&settings, owner);
	if (validate_file(dir, "notebook.yaml", settings.data, settings.len, &d) < 0) {
		writing_print_diags(ctx, &d);
		error("the settings written by init do not validate (a bug)");
		goto out;
	}
	status = write_files(dir, &settings, paths, &npaths);
	if (status)
		goto out;
	status = EXIT_GIT;
	if (repo_commit_paths(r, paths, npaths, "init: notebook") < 0)
		goto out;
	printf_escaped("%s notebook in '%s'\n", created ? "initialized a" : "added a", dir);
	status = EXIT_OK;
out:
	diags_release(&d);
	buf_release(&settings);
	repo_free(r);
	free(owner);
	free(outer);
	free(path);
	free(dir);
	return status;
}
