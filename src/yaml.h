/*
 * The front-matter reader: splits a Markdown file's front matter from its
 * body and reads YAML (with libyaml) into a node tree. <yaml.h> is included
 * only by yaml.c.
 */
#ifndef NOTEBOOK_YAML_H
#define NOTEBOOK_YAML_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "node.h"

#define MAX_FILE_SIZE (4u << 20) /* 4 MiB */
#define MAX_DEPTH 64

/*
 * A parsed file. `root` and every node live in `arena`; `body` points into
 * the caller's bytes (not copied) and starts on line `body_line`.
 */
struct yaml_doc {
	struct arena arena;
	struct node *root;    /* NULL when the file had no usable front matter */
	const char *body;     /* the Markdown after the front matter */
	size_t body_len;
	int body_line;        /* 1-based line of body[0] in the file */
	int fm_line;          /* 1-based line of the front matter's first YAML line */
};

/*
 * Reads a Markdown file with front matter: checks size (<= MAX_FILE_SIZE),
 * UTF-8 validity, NUL bytes; skips a BOM; accepts CRLF; requires a first
 * line "---" and a closing "---" or "..." line; refuses tabs in
 * indentation, anchors and aliases, duplicate keys, non-scalar keys,
 * nesting deeper than MAX_DEPTH and YAML that is not a mapping. Every
 * problem goes to `d` as "path:line:col"; returns 0 when `doc->root` is a
 * usable mapping, else -1. A duplicate key is an error (-1) that leaves
 * `doc->root` set (node_get() finds the first of the keys), so that a
 * checker can still report the file's other problems; everything else
 * leaves it NULL. The caller calls yaml_doc_release() either way.
 */
int yaml_read_front_matter(const char *path, const char *data, size_t len,
			   struct yaml_doc *doc, struct diags *d);

/*
 * Reads a whole file as one YAML document (notebook.yaml, schema files),
 * with the same checks; `doc->body` is NULL. An empty document gives an
 * empty mapping when `want_map`, else a null scalar.
 */
int yaml_read_document(const char *path, const char *data, size_t len,
		       int want_map, struct yaml_doc *doc, struct diags *d);

/*
 * Appends `s` as a YAML scalar, for YAML written by hand: plain when that
 * reads back as the same string, else double-quoted with escapes.
 */
void buf_add_yaml_scalar(struct buf *b, const char *s);

void yaml_doc_init(struct yaml_doc *doc);
void yaml_doc_release(struct yaml_doc *doc);

#endif
