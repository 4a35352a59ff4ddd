/*
 * Runs the JSON Schema Test Suite (draft 2020-12) files for the keywords we
 * support against our validator. The files are a copy of
 * json-schema-org/JSON-Schema-Test-Suite at commit 44401e0c (MIT, see
 * tests/jsonschema/LICENSE) in tests/jsonschema/draft2020-12/, found
 * beside this source file (or under $JSONSCHEMA_DIR).
 *
 * Every case is checked twice: with a diagnostics list (the path users see,
 * which words every failure) and without one (the quick yes/no path used by
 * anyOf, oneOf, not and if); both must give the suite's answer, and a
 * failing case must produce at least one diagnostic with a line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_load.h"
#include "schema/schema.h"
#include "tap.h"

static const char *const files[] = {
	"additionalProperties", "allOf", "anyOf", "boolean_schema", "const", "defs",
	"dependentRequired", "enum", "exclusiveMaximum", "exclusiveMinimum", "format",
	"if-then-else", "items", "maxItems", "maxLength", "maximum", "minItems", "minLength",
	"minimum", "multipleOf", "not", "oneOf", "pattern", "patternProperties", "prefixItems",
	"properties", "propertyNames", "ref", "required", "type", "uniqueItems",
	"optional/format/date", "optional/format/date-time",
};

/* What we do not support, by file and group description (and test, when only one case). */
struct skip {
	const char *file, *group, *test, *why;
};

#define NEEDS_ID "needs $id base URIs"
#define NEEDS_REMOTE "needs remote references"

static const struct skip skips[] = {
	{ "defs", "validate definition against metaschema", NULL, NEEDS_REMOTE },
	{ "ref", "remote ref, containing refs itself", NULL, NEEDS_REMOTE },
	{ "ref", "Recursive references between schemas", NULL, NEEDS_ID },
	{ "ref", "ref creates new scope when adjacent to keywords", NULL, "needs unevaluatedProperties" },
	{ "ref", "refs with relative uris and defs", NULL, NEEDS_ID },
	{ "ref", "relative refs with absolute uris and defs", NULL, NEEDS_ID },
	{ "ref", "$id must be resolved against nearest parent, not just immediate parent", NULL, NEEDS_ID },
	{ "ref", "order of evaluation: $id and $ref", NULL, NEEDS_ID },
	{ "ref", "order of evaluation: $id and $anchor and $ref", NULL, "needs $id and $anchor" },
	{ "ref", "order of evaluation: $id and $ref on nested schema", NULL, NEEDS_ID },
	{ "ref", "simple URN base URI with $ref via the URN", NULL, NEEDS_ID },
	{ "ref", "simple URN base URI with JSON pointer", NULL, NEEDS_ID },
	{ "ref", "URN base URI with NSS", NULL, NEEDS_ID },
	{ "ref", "URN base URI with r-component", NULL, NEEDS_ID },
	{ "ref", "URN base URI with q-component", NULL, NEEDS_ID },
	{ "ref", "URN base URI with URN and JSON pointer ref", NULL, NEEDS_ID },
	{ "ref", "URN base URI with URN and anchor ref", NULL, "needs $id and $anchor" },
	{ "ref", "URN ref with nested pointer ref", NULL, NEEDS_ID },
	{ "ref", "ref to if", NULL, NEEDS_ID },
	{ "ref", "ref to then", NULL, NEEDS_ID },
	{ "ref", "ref to else", NULL, NEEDS_ID },
	{ "ref", "ref with absolute-path-reference", NULL, NEEDS_ID },
	{ "ref", "$id with file URI still resolves pointers - *nix", NULL, NEEDS_ID },
	{ "ref", "$id with file URI still resolves pointers - windows", NULL, NEEDS_ID },
	{ "not", "collect annotations inside a 'not', even if collection is disabled", NULL,
	  "needs unevaluatedProperties" },
	{ "format", "date format", "invalid date string is only an annotation by default",
	  "format date is an assertion here (optional/format/date.json runs instead)" },
	{ "format", "date-time format", "invalid date-time string is only an annotation by default",
	  "format date-time is an assertion here (optional/format/date-time.json runs instead)" },
};

static const struct skip *find_skip(const char *file, const char *group, const char *test)
{
	for (size_t i = 0; i < ARRAY_SIZE(skips); i++) {
		if (strcmp(skips[i].file, file) || strcmp(skips[i].group, group))
			continue;
		if (!skips[i].test || (test && !strcmp(skips[i].test, test)))
			return &skips[i];
	}
	return NULL;
}

static const char *str_of(const struct node *map, const char *key)
{
	for (size_t i = 0; map && map->kind == NODE_MAP && i < map->n; i++)
		if (!strcmp(map->pairs[i].key->str, key))
			return map->pairs[i].value->kind == NODE_SCALAR ? map->pairs[i].value->str : NULL;
	return NULL;
}

static const struct node *get(const struct node *map, const char *key)
{
	for (size_t i = 0; map && map->kind == NODE_MAP && i < map->n; i++)
		if (!strcmp(map->pairs[i].key->str, key))
			return map->pairs[i].value;
	return NULL;
}

static char *suite_dir(void)
{
	const char *env = getenv("JSONSCHEMA_DIR");
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');

	if (env && *env)
		return xstrdup(env);
	if (!slash)
		return xstrdup("../jsonschema/draft2020-12");
	return xasprintf("%.*s/../jsonschema/draft2020-12", (int)(slash - src), src);
}

static int passed, total, skipped;
static int used_skip[ARRAY_SIZE(skips)];

static void run_case(const char *file, const char *group, const struct schema *s,
		     const struct node *test)
{
	const char *desc = str_of(test, "description");
	const struct node *data = get(test, "data"), *valid = get(test, "valid");
	const struct skip *sk = find_skip(file, group, desc);
	struct diags d = DIAGS_INIT;
	int want, got, quick, has_line = 1;

	total++;
	if (sk) {
		used_skip[sk - skips] = 1;
		skipped++;
		return;
	}
	want = valid && valid->type == SCALAR_BOOL && valid->boolean;
	if (!s || !data) {
		ok(0, "%s: %s: %s (schema did not compile)", file, group, desc);
		return;
	}
	got = schema_validate(s, data, "data.json", 0, &d) == 0;
	quick = schema_validate(s, data, "data.json", 0, NULL) == 0;
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 1)
			has_line = 0;
	ok(got == want && quick == want && (got ? d.n == 0 : d.n > 0 && has_line),
	   "%s: %s: %s", file, group, desc);
	if (got != want || quick != want) {
		printf("#   want %s, got %s (quick path: %s)\n", want ? "valid" : "invalid",
		       got ? "valid" : "invalid", quick ? "valid" : "invalid");
	}
	for (size_t i = 0; i < d.n && got != want; i++)
		printf("#   %d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
	if (got == want && quick == want)
		passed++;
	diags_release(&d);
}

static void run_file(const char *dir, const char *file)
{
	char *path = xasprintf("%s/%s.json", dir, file);
	struct arena a = ARENA_INIT;
	struct node *root = NULL;
	char err[200];
	size_t len;
	char *text = json_slurp(path, &len);

	if (!text) {
		ok(0, "read %s", path);
		goto out;
	}
	if (json_load(text, len, &a, &root, err, sizeof(err)) < 0 || root->kind != NODE_SEQ) {
		ok(0, "parse %s: %s", path, err);
		goto out;
	}
	for (size_t g = 0; g < root->n; g++) {
		const struct node *grp = root->items[g], *tests = get(grp, "tests");
		const char *gdesc = str_of(grp, "description");
		const struct skip *sk = find_skip(file, gdesc, NULL);
		struct diags d = DIAGS_INIT;
		struct schema *s = NULL;

		if (!sk || sk->test)
			s = schema_compile(get(grp, "schema"), "schema.json", NULL, NULL, &d);
		if (!s && (!sk || sk->test)) {
			for (size_t i = 0; i < d.n; i++)
				printf("# %s: %s: schema: %d:%d: %s\n", file, gdesc, d.v[i].line,
				       d.v[i].col, d.v[i].msg);
		}
		for (size_t t = 0; tests && t < tests->n; t++)
			run_case(file, gdesc, s, tests->items[t]);
		schema_free(s);
		diags_release(&d);
	}
out:
	arena_release(&a);
	free(text);
	free(path);
}

int main(void)
{
	char *dir = suite_dir();
	struct buf why = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		run_file(dir, files[i]);
	for (size_t i = 0; i < ARRAY_SIZE(skips); i++) {
		ok(used_skip[i], "skip list entry '%s: %s' still matches a case", skips[i].file,
		   skips[i].group);
		if (!strstr(buf_str(&why), skips[i].why))
			buf_printf(&why, "%s%s", why.len ? "; " : "", skips[i].why);
	}
	printf("# passed %d of %d cases (%d skipped: %s)\n", passed, total, skipped,
	       buf_str(&why));
	ok(passed == total - skipped, "every supported case passes");
	buf_release(&why);
	free(dir);
	return done_testing();
}
