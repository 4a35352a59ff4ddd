/*
 * The schema validator's insides, shared by schema.c (compiling),
 * schema_check.c (validating and wording the findings) and schema_regex.c
 * (patterns). Nothing outside these files includes it.
 */
#ifndef NOTEBOOK_SCHEMA_INT_H
#define NOTEBOOK_SCHEMA_INT_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "schema.h"

/* The JSON types, as bits of `types`. */
enum {
	T_NULL = 1 << 0,
	T_BOOL = 1 << 1,
	T_INT = 1 << 2, /* "integer" */
	T_NUM = 1 << 3, /* "number" */
	T_STR = 1 << 4,
	T_ARR = 1 << 5,
	T_OBJ = 1 << 6,
};

/* Which numeric bounds a schema has, as bits of `numflags`. */
enum {
	N_MIN = 1 << 0,
	N_MAX = 1 << 1,
	N_XMIN = 1 << 2,
	N_XMAX = 1 << 3,
	N_MULT = 1 << 4,
};

enum sch_format { FMT_NONE, FMT_DATE, FMT_DATETIME };

struct sch;

struct sch_prop {
	const char *name;
	size_t len;
	struct sch *s;
};

struct sch_fast;
struct sch_regex;

struct sch_pattern {
	const char *src;
	struct sch_regex *re;
	struct sch_fast *fast; /* the same pattern on the fast path, or NULL */
	struct sch *s;
};

struct sch_dep {
	const char *name;
	size_t len;
	const char **names;
	size_t *lens;
	size_t n;
};

/* One compiled (sub)schema. Everything it points to lives in the schema's arena. */
struct sch {
	int boolean; /* -1 for a schema object; else the boolean schema's value */
	int line, col; /* where it was written, for messages about the schema */

	unsigned types; /* 0: no "type" */
	const char *xmsg; /* x-message: what a valid value is, in words */

	int has_enum, has_const;
	struct node **enums;
	size_t nenum;
	struct node *cnst;

	const char **required;
	size_t *required_len;
	size_t nrequired;
	struct sch_prop *props;
	size_t nprops;
	struct sch_pattern *pprops;
	size_t npprops;
	struct sch *addl;
	struct sch_dep *deps;
	size_t ndeps;
	struct sch *propnames;

	struct sch **prefix;
	size_t nprefix;
	struct sch *items;
	long long min_items, max_items; /* -1: none */
	int unique;

	long long min_len, max_len; /* -1: none; in code points */
	const char *pattern_src;
	struct sch_regex *pattern;
	struct sch_fast *pattern_fast; /* or NULL */
	enum sch_format format;

	unsigned numflags;
	double minimum, maximum, xminimum, xmaximum, multiple;

	struct sch **all, **any, **one;
	size_t nall, nany, none;
	struct sch *not_, *if_, *then_, *else_;

	struct sch *ref;
	const char *ref_src;
};

struct schema {
	struct arena arena;
	struct sch *root;
	struct sch *ext; /* the extension's keywords other than its properties, or NULL */
	const char *ext_path; /* the extension's file, or NULL */
	struct sch_regex **regs; /* every compiled pattern, for schema_regex_free() */
	size_t nregs, alloc_regs;
};

/*
 * A pattern (ECMA-262, as JSON Schema has them) compiled with PCRE2 (see
 * schema_regex.c for what it accepts and the limits of a match): NULL, and
 * PCRE2's reason in `why`, when it is not a valid one.
 */
struct sch_regex *schema_regex_compile(const char *src, size_t len, struct buf *why);
/* 1 when some part of s[0..n) matches, 0 when none does, -1 when the match limits ran out. */
int schema_regex_match(const struct sch_regex *re, const char *s, size_t n);
void schema_regex_free(struct sch_regex *re);

/*
 * The fast path for patterns that are a row of simple character classes
 * with counts: NULL when the pattern is not one (use schema_regex_match());
 * else schema_fast_match() answers what it would (1: matches).
 */
struct sch_fast *schema_fast_compile(const char *src, size_t len, struct arena *a);
int schema_fast_match(const struct sch_fast *f, const char *s);

/* JSON equality of two nodes (1 == 1.0; mappings by their keys). */
int schema_node_equal(const struct node *a, const struct node *b, unsigned flags);

#endif
