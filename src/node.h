/*
 * A YAML document as a tree whose every node keeps its place in the file.
 * Built by the front-matter reader (yaml.c), read by the schema validator
 * and the model. All nodes of one tree live in the tree's arena.
 */
#ifndef NOTEBOOK_NODE_H
#define NOTEBOOK_NODE_H

#include <stddef.h>
#include <stdint.h>

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

/*
 * What a scalar means under the YAML 1.2 core schema: a quoted scalar is
 * always a string; a plain one is null (~, null, Null, NULL, empty), a bool
 * (true/false in three casings), an int (decimal, 0o octal, 0x hex), a float
 * (incl. .inf/.nan), else a string. `yes`, `no`, `on`, `off` are strings.
 */
enum scalar_type { SCALAR_NULL, SCALAR_BOOL, SCALAR_INT, SCALAR_FLOAT, SCALAR_STR };

struct node;

struct node_pair {
	struct node *key; /* always a scalar */
	struct node *value;
};

struct node {
	enum node_kind kind;
	int line, col; /* 1-based, in the whole file (front matter offset included) */

	/* NODE_SCALAR */
	const char *str;  /* the scalar's text, NUL-terminated */
	size_t len;       /* its length in bytes */
	enum scalar_type type;
	int plain;        /* 1 for a plain (unquoted, not block) scalar */
	int boolean;      /* SCALAR_BOOL */
	double num;       /* SCALAR_INT and SCALAR_FLOAT */
	int64_t ival;     /* SCALAR_INT, when `ival_ok` */
	int ival_ok;      /* the integer fits in int64_t */

	/* NODE_SEQ: items[0..n); NODE_MAP: pairs[0..n) in file order */
	struct node **items;
	struct node_pair *pairs;
	size_t n;
};

/* The value under `key` in a mapping node, or NULL. */
const struct node *node_get(const struct node *map, const char *key);

#endif
