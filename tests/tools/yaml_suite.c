/*
 * Runs the YAML test suite's cases through the front-matter reader, for
 * tests/t0100-yaml-suite.sh.
 *
 *   yaml_suite SUITE.yaml...   one line per case:
 *     ID <tab> fail|valid <tab> FM <tab> DOC <tab> cut|whole
 *   FM is the result of the case's YAML as a client file's front matter,
 *   DOC of the same YAML as a whole document: "accepted", "rejected:LINE:COL"
 *   (the first diagnostic), or "broken:WHY" when the reader gave neither a
 *   tree nor a diagnostic with a line. "cut" says the YAML holds a '---' or
 *   '...' line, which ends front matter early. Each case runs in its own
 *   process under a 10 second alarm; a crash or a hang is "broken" too.
 *
 *   yaml_suite --dump FILE     the tree (or the diagnostics) of FILE read as
 *                              front matter, for debugging
 *
 * The suite files themselves are read with our own yaml_read_document().
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "util.h"
#include "yaml.h"

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char tmp[65536];
	size_t n;

	if (!f)
		return error("cannot open '%s'", path);
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(out, tmp, n);
	fclose(f);
	return 0;
}

/* The suite's visible markers: ␣ space, —*» tab, ← CR, ⇔ BOM, ↵ nothing, ∎ no final newline. */
static void unescape(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	while (i < n) {
		if (!strncmp(s + i, "\xe2\x90\xa3", 3)) { /* ␣ */
			buf_addc(out, ' ');
			i += 3;
		} else if (!strncmp(s + i, "\xe2\x80\x94", 3) || !strncmp(s + i, "\xc2\xbb", 2)) {
			/* —*» */
			while (!strncmp(s + i, "\xe2\x80\x94", 3))
				i += 3;
			if (!strncmp(s + i, "\xc2\xbb", 2))
				i += 2;
			buf_addc(out, '\t');
		} else if (!strncmp(s + i, "\xe2\x86\x90", 3)) { /* ← */
			buf_addc(out, '\r');
			i += 3;
		} else if (!strncmp(s + i, "\xe2\x87\x94", 3)) { /* ⇔ */
			buf_adds(out, "\xef\xbb\xbf");
			i += 3;
		} else if (!strncmp(s + i, "\xe2\x86\xb5", 3)) { /* ↵ */
			i += 3;
		} else if (!strncmp(s + i, "\xe2\x88\x8e\n", 4) && i + 4 == n) { /* ∎ */
			i += 4;
		} else {
			buf_addc(out, s[i++]);
		}
	}
}

static void result(const char *what, int ret, const struct yaml_doc *doc, const struct diags *d,
		   struct buf *out)
{
	if (ret == 0 && doc->root && !d->errors) {
		buf_adds(out, "accepted");
		return;
	}
	if (ret == 0) {
		buf_printf(out, "broken:%s-returned-0-without-a-tree", what);
		return;
	}
	for (size_t i = 0; i < d->n; i++) {
		if (d->v[i].line >= 1) {
			buf_printf(out, "rejected:%d:%d", d->v[i].line, d->v[i].col);
			return;
		}
	}
	buf_printf(out, "broken:%s-no-diagnostic-with-a-line", what);
}

static int has_fence_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '\n')
			j++;
		size_t k = j;
		while (k > i && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r'))
			k--;
		if (k - i == 3 && (!memcmp(s + i, "---", 3) || !memcmp(s + i, "...", 3)))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* Runs one case in this (child) process and prints its line. */
static void run_case(const char *id, int fail, const char *yaml, size_t len)
{
	struct buf file = BUF_INIT, line = BUF_INIT;
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	int ret;

	buf_adds(&file, "---\n");
	buf_add(&file, yaml, len);
	if (len && yaml[len - 1] != '\n')
		buf_addc(&file, '\n');
	buf_adds(&file, "---\n# Body\n");

	buf_printf(&line, "%s\t%s\t", id, fail ? "fail" : "valid");
	yaml_doc_init(&doc);
	ret = yaml_read_front_matter("client.md", file.data, file.len, &doc, &d);
	result("fm", ret, &doc, &d, &line);
	yaml_doc_release(&doc);
	diags_release(&d);

	buf_addc(&line, '\t');
	yaml_doc_init(&doc);
	ret = yaml_read_document("case.yaml", yaml, len, 0, &doc, &d);
	result("doc", ret, &doc, &d, &line);
	yaml_doc_release(&doc);
	diags_release(&d);

	buf_printf(&line, "\t%s\n", has_fence_line(yaml, len) ? "cut" : "whole");
	fputs(buf_str(&line), stdout);
	buf_release(&line);
	buf_release(&file);
}

static int run_suite_file(const char *path)
{
	struct buf data = BUF_INIT, yaml = BUF_INIT, id = BUF_INIT;
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	const char *base = strrchr(path, '/');
	size_t stem;
	int ret = -1;

	base = base ? base + 1 : path;
	stem = strcspn(base, ".");
	yaml_doc_init(&doc);
	if (read_file(path, &data))
		goto out;
	if (yaml_read_document(path, buf_str(&data), data.len, 0, &doc, &d) ||
	    doc.root->kind != NODE_SEQ) {
		diags_print(&d, "", stderr);
		error("'%s' is not a test suite file", path);
		goto out;
	}
	for (size_t i = 0; i < doc.root->n; i++) {
		const struct node *c = doc.root->items[i];
		const struct node *y = node_get(c, "yaml"), *f = node_get(c, "fail");
		int fail = f && f->kind == NODE_SCALAR && f->type == SCALAR_BOOL && f->boolean;
		pid_t pid;
		int status;

		buf_reset(&id);
		buf_add(&id, base, stem);
		if (doc.root->n > 1)
			buf_printf(&id, "-%02zu", i);
		if (!y || y->kind != NODE_SCALAR) {
			printf("%s\t%s\tbroken:no-yaml-in-case\tbroken:no-yaml-in-case\twhole\n",
			       buf_str(&id), fail ? "fail" : "valid");
			continue;
		}
		buf_reset(&yaml);
		unescape(y->str, y->len, &yaml);
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			error("cannot fork");
			goto out;
		}
		if (!pid) {
			alarm(10);
			run_case(buf_str(&id), fail, buf_str(&yaml), yaml.len);
			fflush(stdout);
			_exit(0);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			const char *why = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ?
						  "timeout" : "crash";
			printf("%s\t%s\tbroken:%s\tbroken:%s\twhole\n", buf_str(&id),
			       fail ? "fail" : "valid", why, why);
		}
	}
	ret = 0;
out:
	yaml_doc_release(&doc);
	diags_release(&d);
	buf_release(&data);
	buf_release(&yaml);
	buf_release(&id);
	return ret;
}

static void dump(const struct node *v, int indent)
{
	static const char *const types[] = { "null", "bool", "int", "float", "str" };

	printf("%*s%d:%d ", indent, "", v->line, v->col);
	if (v->kind == NODE_SCALAR) {
		printf("%s%s '%s'", types[v->type], v->plain ? "" : " quoted", v->str);
		if (v->type == SCALAR_INT || v->type == SCALAR_FLOAT)
			printf(" = %g", v->num);
		if (v->type == SCALAR_INT && v->ival_ok)
			printf(" (%lld)", (long long)v->ival);
		printf("\n");
	} else if (v->kind == NODE_SEQ) {
		printf("seq\n");
		for (size_t i = 0; i < v->n; i++)
			dump(v->items[i], indent + 2);
	} else {
		printf("map\n");
		for (size_t i = 0; i < v->n; i++) {
			dump(v->pairs[i].key, indent + 2);
			dump(v->pairs[i].value, indent + 4);
		}
	}
}

static int dump_file(const char *path)
{
	struct buf data = BUF_INIT;
	struct yaml_doc doc;
	struct diags d = DIAGS_INIT;
	int ret;

	yaml_doc_init(&doc);
	if (read_file(path, &data))
		return 1;
	ret = yaml_read_front_matter(path, buf_str(&data), data.len, &doc, &d);
	diags_print(&d, "", stdout);
	if (doc.root)
		dump(doc.root, 0);
	if (doc.body)
		printf("body at line %d, %zu bytes\n", doc.body_line, doc.body_len);
	yaml_doc_release(&doc);
	diags_release(&d);
	buf_release(&data);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	int ret = 0;

	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump_file(argv[2]);
	if (argc < 2) {
		fprintf(stderr, "usage: yaml_suite SUITE.yaml... | yaml_suite --dump FILE\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (run_suite_file(argv[i]))
			ret = 1;
	return ret;
}
