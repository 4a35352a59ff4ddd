/*
 * The schema validator and the built-in schemas: they compile, valid files
 * pass, and every kind of problem gives its exact message, line and column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_load.h"
#include "schema/schema.h"
#include "tap.h"
#include "yaml.h"

/* The diagnostics as "line:col: message" lines (warnings marked), sorted. */
static char *render(struct diags *d)
{
	struct buf b = BUF_INIT;

	diags_sort(d);
	for (size_t i = 0; i < d->n; i++)
		buf_printf(&b, "%s:%d:%d: %s%s\n", d->v[i].path, d->v[i].line, d->v[i].col,
			   d->v[i].sev == SEV_WARNING ? "warning: " : "", d->v[i].msg);
	return buf_detach(&b);
}

/* Compiles a built-in schema, with an optional extension written in YAML. */
static struct schema *builtin(const char *name, const char *ext_yaml, struct diags *d)
{
	struct yaml_doc doc, ext;
	struct schema *s;
	size_t len;
	const char *text = builtin_schema(name, &len);

	yaml_doc_init(&doc);
	yaml_doc_init(&ext);
	if (!text || yaml_read_document(name, text, len, 1, &doc, d) < 0) {
		yaml_doc_release(&doc);
		return NULL;
	}
	if (ext_yaml &&
	    yaml_read_document("schema/ext.schema.yaml", ext_yaml, strlen(ext_yaml), 1, &ext, d) < 0) {
		yaml_doc_release(&doc);
		yaml_doc_release(&ext);
		return NULL;
	}
	s = schema_compile(doc.root, name, ext_yaml ? ext.root : NULL, "schema/ext.schema.yaml", d);
	/* The compiled schema must not point into the trees. */
	yaml_doc_release(&doc);
	yaml_doc_release(&ext);
	return s;
}

/* Validates a Markdown file's front matter; returns the rendered diagnostics. */
static char *check_md(const struct schema *s, const char *md, unsigned flags, int *ret)
{
	struct diags d = DIAGS_INIT;
	struct yaml_doc doc;
	char *out;

	yaml_doc_init(&doc);
	*ret = -2;
	if (yaml_read_front_matter("f.md", md, strlen(md), &doc, &d) == 0)
		*ret = schema_validate(s, doc.root, "f.md", flags, &d);
	out = render(&d);
	diags_release(&d);
	yaml_doc_release(&doc);
	return out;
}

static void expect_md(const struct schema *s, const char *md, const char *want, const char *what)
{
	int ret;
	char *got = check_md(s, md, SCHEMA_PLAIN_AS_STRING, &ret);

	is_str(got, want, "%s", what);
	is_int(ret, *want ? -1 : 0, "%s: return value", what);
	free(got);
}

/* Compiles a JSON schema and validates JSON data with JSON typing. */
static char *check_json(const char *schema_json, const char *data_json, int *ret)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct node *sn, *dn;
	struct schema *s;
	char err[160];
	char *out;

	*ret = -2;
	if (json_load(schema_json, strlen(schema_json), &a, &sn, err, sizeof(err)) < 0 ||
	    json_load(data_json, strlen(data_json), &a, &dn, err, sizeof(err)) < 0) {
		arena_release(&a);
		return xasprintf("json: %s", err);
	}
	s = schema_compile(sn, "s.json", NULL, NULL, &d);
	if (s)
		*ret = schema_validate(s, dn, "d.json", 0, &d);
	out = render(&d);
	schema_free(s);
	diags_release(&d);
	arena_release(&a);
	return out;
}

static void expect_json(const char *schema_json, const char *data_json, const char *want,
			const char *what)
{
	int ret;
	char *got = check_json(schema_json, data_json, &ret);

	is_str(got, want, "%s", what);
	is_int(ret, *want ? -1 : 0, "%s: return value", what);
	free(got);
}

static const char client_ok[] =
	"---\n"
	"name: Acme Corp\n"
	"status: active            # prospect | active | paused | former\n"
	"tier: key\n"
	"cadence: 21d\n"
	"snooze: 2026-12-06\n"
	"since: 2023-04-01\n"
	"owner: sam\n"
	"tags: [consulting, restructuring]\n"
	"trust: healthy\n"
	"fit: good\n"
	"contacts:\n"
	"  - name: Jane Roe\n"
	"    role: COO\n"
	"    email: jane@acme.example\n"
	"    phone: \"+44 20 7946 0000\"\n"
	"empathy:\n"
	"  says: The restructuring plan ignores our people.\n"
	"  thinks: Worried about losing key staff.\n"
	"  does: Delays sign-off, asks for more detail.\n"
	"  feels: Anxious, unheard.\n"
	"---\n"
	"# Acme Corp\n"
	"\n"
	"- [ ] Send the revised restructuring timeline due:2026-11-30\n";

static const char entry_ok[] =
	"---\n"
	"client: acme-corp\n"
	"date: 2026-11-20\n"
	"kind: call\n"
	"with: [Jane Roe]\n"
	"mood: frustrated\n"
	"satisfaction: 3\n"
	"trust: repairing\n"
	"---\n"
	"Jane felt the plan ignored her team.\n";

static const char notebook_ok[] =
	"owner: Sam Lee\n"
	"timezone: Europe/London\n"
	"cadence:\n"
	"  key: 14d\n"
	"  regular: 30d\n"
	"  occasional: 90d\n"
	"tag-cadence:\n"
	"  retainer: 21d\n"
	"due-soon: 3d\n"
	"gratitude: 90d\n"
	"repair-checkin: 7d\n"
	"remote: origin\n";

static void test_builtins(void)
{
	const char *names[] = { "notebook", "client", "entry" };
	struct diags d = DIAGS_INIT;
	struct schema *client, *entry, *nb;
	struct yaml_doc doc;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct schema *s = builtin(names[i], NULL, &d);
		ok(s != NULL, "built-in schema '%s' compiles", names[i]);
		schema_free(s);
	}
	is_int(d.n, 0, "the built-in schemas compile without findings");
	ok(builtin_schema("nope", NULL) == NULL, "an unknown built-in schema name gives NULL");
	diags_release(&d);

	client = builtin("client", NULL, &d);
	entry = builtin("entry", NULL, &d);
	nb = builtin("notebook", NULL, &d);
	if (!client || !entry || !nb)
		return;

	expect_md(client, client_ok, "", "the client file of notebook-format(5) is valid");
	expect_md(client, "---\nname: X\n---\n", "", "a client needs only a name");
	expect_md(entry, entry_ok, "", "the entry of notebook-format(5) is valid");
	expect_md(entry,
		  "---\nclients: [acme-corp, globex]\ndate: 2026-11-20T14:30:00+01:00\nkind: note\n---\n",
		  "", "an entry naming several clients, with a date-time");

	yaml_doc_init(&doc);
	ok(yaml_read_document("notebook.yaml", notebook_ok, strlen(notebook_ok), 1, &doc, &d) == 0,
	   "the notebook.yaml of notebook-format(5) reads");
	is_int(schema_validate(nb, doc.root, "notebook.yaml", SCHEMA_PLAIN_AS_STRING, &d), 0,
	       "the notebook.yaml of notebook-format(5) is valid");
	yaml_doc_release(&doc);
	yaml_doc_init(&doc);
	yaml_read_document("notebook.yaml", "", 0, 1, &doc, &d);
	is_int(schema_validate(nb, doc.root, "notebook.yaml", SCHEMA_PLAIN_AS_STRING, &d), 0,
	       "an empty notebook.yaml is valid");
	yaml_doc_release(&doc);
	is_int(d.n, 0, "no findings for the valid files");
	diags_release(&d);

	/* The brief's examples, word for word. */
	expect_md(client, "---\nnmae: Acme\n---\n",
		  "f.md:2:1: missing required key 'name'\n"
		  "f.md:2:1: unknown key 'nmae' (did you mean 'name'?)\n",
		  "unknown key with a did-you-mean, and the missing key");
	expect_md(client, "---\nname: Acme\nowner: sam\ntier: kye\n---\n",
		  "f.md:4:7: 'tier' must be one of key, regular, occasional, not 'kye' (did you mean 'key'?)\n",
		  "bad enum value, swapped letters still suggested");
	expect_md(entry, "---\nclient: acme\ndate: 2026-11-20\nkind: call\n\n\nsatisfaction: 7\n---\n",
		  "f.md:7:15: 'satisfaction' must be an integer from 1 to 5, not '7'\n",
		  "integer out of range");
	expect_md(entry, "---\nclient: acme\ndate: 2026-02-30\nkind: call\n---\n",
		  "f.md:3:7: 'date' must be a date (YYYY-MM-DD) or an RFC 3339 date-time, not '2026-02-30'\n",
		  "impossible date");
	expect_md(entry, "---\nclient: acme\ndate: 2026-11-20T25:00:00Z\nkind: call\n---\n",
		  "f.md:3:7: 'date' must be a date (YYYY-MM-DD) or an RFC 3339 date-time, not '2026-11-20T25:00:00Z'\n",
		  "impossible date-time");

	/* Every problem, not just the first; nested paths. */
	expect_md(client,
		  "---\n"
		  "name: Acme\n"
		  "status: actve\n"
		  "cadence: 3 weeks\n"
		  "snooze: 2026-02-30\n"
		  "since: 2023\n"
		  "tags: [a, b, a]\n"
		  "contacts:\n"
		  "  - role: COO\n"
		  "    emial: x@y\n"
		  "  - name: [x]\n"
		  "empathy:\n"
		  "  feel: sad\n"
		  "fit: 2\n"
		  "---\n",
		  "f.md:3:9: 'status' must be one of prospect, active, paused, former, not 'actve' (did you mean 'active'?)\n"
		  "f.md:4:10: 'cadence' must be a duration such as 14d, 2w, 3m or 1y, not '3 weeks'\n"
		  "f.md:5:9: 'snooze' must be a date (YYYY-MM-DD), not '2026-02-30'\n"
		  "f.md:6:8: 'since' must be a date (YYYY-MM-DD), not '2023'\n"
		  "f.md:7:14: duplicate 'a' in 'tags' (also at tags[0]); each item must be unique\n"
		  "f.md:9:5: missing required key 'name' in 'contacts[0]'\n"
		  "f.md:10:5: unknown key 'emial' in 'contacts[0]' (did you mean 'email'?)\n"
		  "f.md:11:11: 'contacts[1].name' must be a non-empty string, not a list\n"
		  "f.md:13:3: unknown key 'feel' in 'empathy' (did you mean 'feels'?)\n"
		  "f.md:14:6: 'fit' must be one of good, questionable, poor, not '2'\n",
		  "all the problems of a client file, each at its place");
	expect_md(client, "---\nname:\ntags: consulting\ncontacts: {name: Jane}\nempathy: [a]\n---\n",
		  "f.md:2:6: 'name' must be a non-empty string, not empty\n"
		  "f.md:3:7: 'tags' must be a list of strings, not 'consulting'\n"
		  "f.md:4:11: 'contacts' must be a list of mappings, not a mapping\n"
		  "f.md:5:10: 'empathy' must be a mapping, not a list\n",
		  "wrong types");
	expect_md(client, "---\nname: ''\n---\n", "f.md:2:7: 'name' must not be empty\n",
		  "an empty quoted name");

	expect_md(entry,
		  "---\nclient: Acme Corp\nclients: [a, b, a, \"B c\"]\ndate: 2026-11-20\nkind: cal\n"
		  "with: Jane\ntrust: \"3\"\n---\n",
		  "f.md:2:9: 'client' must be a client id (lowercase letters, digits and '-', at most 63 characters), not 'Acme Corp'\n"
		  "f.md:3:1: only one of 'client' and 'clients' may be set\n"
		  "f.md:3:17: duplicate 'a' in 'clients' (also at clients[0]); each item must be unique\n"
		  "f.md:3:20: 'clients[3]' must be a client id (lowercase letters, digits and '-', at most 63 characters), not 'B c'\n"
		  "f.md:5:7: 'kind' must be one of call, meeting, email, message, thanks, apology, check-in, feedback, note, not 'cal' (did you mean 'call'?)\n"
		  "f.md:6:7: 'with' must be a list of strings, not 'Jane'\n"
		  "f.md:7:8: 'trust' must be one of healthy, strained, repairing, not '3'\n",
		  "all the problems of an entry");
	expect_md(entry, "---\ndate: 2026-11-20\n---\n",
		  "f.md:2:1: missing required key 'kind'\n"
		  "f.md:2:1: missing required key 'client' or 'clients'\n",
		  "an entry with neither client nor clients");
	expect_md(entry, "---\nclient: a\ndate: [1]\nkind: note\nsatisfaction: \"3\"\n---\n",
		  "f.md:3:7: 'date' must be a date (YYYY-MM-DD) or an RFC 3339 date-time, not a list\n"
		  "f.md:5:15: 'satisfaction' must be an integer from 1 to 5, not '3'; remove the quotes\n",
		  "a list for a date; a quoted number");
	expect_md(entry, "---\nclients: []\ndate: 2026-11-20\nkind: note\n---\n",
		  "f.md:2:10: 'clients' must have at least 1 item\n", "an empty clients list");
	expect_md(entry,
		  "---\nclient: a\ndate: 2026-11-20\nkind: note\nsatisfaction: 2.5\n---\n",
		  "f.md:5:15: 'satisfaction' must be an integer from 1 to 5, not '2.5'\n",
		  "a fraction where an integer is wanted");
	expect_md(entry,
		  "---\nclient: a\ndate: 2026-11-20\nkind: note\nsatisfaction: 4.0\n---\n", "",
		  "4.0 is an integer");

	schema_free(client);
	schema_free(entry);
	schema_free(nb);
}

static void test_notebook_yaml(void)
{
	struct diags d = DIAGS_INIT;
	struct schema *nb = builtin("notebook", NULL, &d);
	struct yaml_doc doc;
	const char *text =
		"cadence:\n  key: 2 weeks\n  reglar: 3d\ntag-cadence:\n  retainer: 1x\n"
		"timezone: Europe London\ndue-soon: 3\nremotes: origin\n";
	char *got;

	yaml_doc_init(&doc);
	ok(nb && yaml_read_document("notebook.yaml", text, strlen(text), 1, &doc, &d) == 0,
	   "notebook.yaml with mistakes reads");
	if (nb)
		is_int(schema_validate(nb, doc.root, "notebook.yaml", SCHEMA_PLAIN_AS_STRING, &d), -1,
		       "notebook.yaml with mistakes is invalid");
	got = render(&d);
	is_str(got,
	       "notebook.yaml:2:8: 'cadence.key' must be a duration such as 14d, 2w, 3m or 1y, not '2 weeks'\n"
	       "notebook.yaml:3:3: unknown key 'reglar' in 'cadence' (did you mean 'regular'?)\n"
	       "notebook.yaml:5:13: 'tag-cadence.retainer' must be a duration such as 14d, 2w, 3m or 1y, not '1x'\n"
	       "notebook.yaml:6:11: 'timezone' must be an IANA time zone name such as Europe/London, not 'Europe London'\n"
	       "notebook.yaml:7:11: 'due-soon' must be a duration such as 14d, 2w, 3m or 1y, not '3'\n"
	       "notebook.yaml:8:1: unknown key 'remotes' (did you mean 'remote'?)\n",
	       "notebook.yaml problems");
	free(got);
	yaml_doc_release(&doc);
	diags_release(&d);
	schema_free(nb);
}

static void test_plain_as_string(void)
{
	struct diags d = DIAGS_INIT;
	struct schema *client = builtin("client", NULL, &d);
	int ret;
	char *got;

	if (!client)
		return;
	got = check_md(client, "---\nname: 2024\ntags: [2024, true, 1.5]\nowner: no\n---\n",
		       SCHEMA_PLAIN_AS_STRING, &ret);
	is_str(got, "", "plain 2024, true and 1.5 are strings in a YAML file");
	is_int(ret, 0, "... and the file is valid");
	free(got);
	got = check_md(client, "---\nname: 2024\n---\n", 0, &ret);
	is_str(got, "f.md:2:7: 'name' must be a non-empty string, not '2024'\n",
	       "without the flag a number is not a string (JSON typing)");
	is_int(ret, -1, "... and the file is invalid");
	free(got);
	got = check_md(client, "---\nname: ~\n---\n", SCHEMA_PLAIN_AS_STRING, &ret);
	is_str(got, "f.md:2:7: 'name' must be a non-empty string, not '~'\n",
	       "null is never taken for a string");
	free(got);
	schema_free(client);
	diags_release(&d);
}

static const char ext_yaml[] =
	"# the notebook's own client fields\n"
	"properties:\n"
	"  industry:\n"
	"    description: The client's industry.\n"
	"    enum: [finance, retail, public]\n"
	"  tier:\n"
	"    description: This notebook uses only two tiers.\n"
	"    enum: [key, regular]\n"
	"required: [industry]\n";

static void test_extension(void)
{
	struct diags d = DIAGS_INIT;
	struct schema *s = builtin("client", ext_yaml, &d);
	char *got;

	ok(s != NULL, "a client schema with an extension compiles");
	is_int(d.n, 0, "... without findings");
	if (!s)
		return;
	expect_md(s, "---\nname: Acme\nindustry: retail\ntier: key\n---\n", "",
		  "a custom field is accepted");
	expect_md(s, "---\nname: Acme\nindustri: retail\ntier: occasional\n---\n",
		  "f.md:2:1: missing required key 'industry'\n"
		  "f.md:3:1: unknown key 'industri' (did you mean 'industry'?)\n"
		  "f.md:4:7: 'tier' must be one of key, regular, not 'occasional'\n",
		  "the extension's required, its field names in did-you-mean, its narrower enum");
	expect_md(s, "---\nname: Acme\nindustry: retale\nsince: 2020-01-01\n---\n",
		  "f.md:3:11: 'industry' must be one of finance, retail, public, not 'retale' (did you mean 'retail'?)\n",
		  "a custom field's enum");
	schema_free(s);

	s = builtin("client", "additionalProperties: true\nproperties:\n  x:\n    type: string\n", &d);
	ok(s != NULL, "an extension with additionalProperties compiles");
	got = render(&d);
	is_str(got,
	       "schema/ext.schema.yaml:1:1: warning: 'additionalProperties' is ignored in a notebook's schema: the built-in schema already refuses unknown keys\n",
	       "... with a warning that it is ignored");
	free(got);
	diags_release(&d);
	if (s)
		expect_md(s, "---\nname: A\nx: y\nz: 1\n---\n",
			  "f.md:4:1: unknown key 'z'\n", "... and unknown keys are still refused");
	schema_free(s);

	s = builtin("client", "propertes:\n  x:\n    type: string\n", &d);
	ok(s != NULL, "an extension with a misspelt keyword compiles");
	got = render(&d);
	is_str(got,
	       "schema/ext.schema.yaml:1:1: warning: unknown keyword 'propertes' is ignored (did you mean 'properties'?)\n",
	       "... with a warning naming the keyword");
	free(got);
	diags_release(&d);
	schema_free(s);

	s = builtin("client", "properties:\n  x:\n    $ref: '#/$defs/nope'\n    type: strnig\n", &d);
	ok(s == NULL, "a broken extension does not compile");
	got = render(&d);
	is_str(got,
	       "schema/ext.schema.yaml:3:11: '$ref' '#/$defs/nope' points to nothing in this file\n"
	       "schema/ext.schema.yaml:4:11: unknown type 'strnig' (did you mean 'string'?)\n",
	       "... and says where and why");
	free(got);
	diags_release(&d);
}

static void test_compile_errors(void)
{
	int ret;
	char *got;

	expect_json("{\"pattern\": \"^(?=a)\\\\w+(?<!x)$\"}", "\"ab\"", "",
		    "lookahead and lookbehind (PCRE2, as ECMA-262 has them)");
	got = check_json("{\"pattern\": \"^(?=a)\"}", "\"b\"", &ret);
	ok(got && strstr(got, "must be a string matching") && ret < 0, "a lookahead that fails refuses the value");
	free(got);
	expect_json("{\"pattern\": \"^\\\\p{Letter}+ \\\\p{Lu}$\"}", "\"\xc3\xa9t\xc3\xa9 \xc3\x89\"", "",
		    "Unicode properties, long and short names");
	got = check_json("{\"pattern\": \"a**+\"}", "\"a\"", &ret);
	is_str(got,
	       "s.json:1:13: pattern 'a**+' is not a valid regular expression: quantifier does not follow a repeatable item at offset 2\n",
	       "a quantifier on a quantifier is refused with PCRE2's reason (ECMA-262 has none)");
	free(got);
	got = check_json("{\"pattern\": \"((a{200}){200}){200}\"}", "\"a\"", &ret);
	is_str(got,
	       "s.json:1:13: pattern '((a{200}){200}){200}' is not a valid regular expression: regular expression is too large at offset 20\n",
	       "nested counts too large to compile are refused");
	free(got);
	/* 2^40 ways to split the a's: PCRE2's match limit stops it, and the value is refused. */
	got = check_json("{\"pattern\": \"^(a+)+$\"}", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"", &ret);
	ok(got && strstr(got, "must be a string matching") && ret < 0,
	   "catastrophic backtracking ends at the match limit, refusing the value");
	free(got);
	expect_json("{\"pattern\": \"^([a-z]{2}[0-9]{0,3}){1,4}(-[a-z*+?{]+)*$\"}", "\"ab1cd-x*\"", "",
		    "counted groups and quantifier characters in brackets are fine");
	got = check_json("{\"minimum\": \"1\", \"required\": [{}], \"$ref\": \"other.json\"}", "1", &ret);
	is_str(got,
	       "s.json:1:13: 'minimum' must be a number\n"
	       "s.json:1:31: 'required' must be a list of key names\n"
	       "s.json:1:44: '$ref' 'other.json' is not supported; only references inside the same file ('#/$defs/name') are\n",
	       "bad keyword values");
	free(got);
	got = check_json("[1]", "1", &ret);
	is_str(got, "s.json:1:1: a schema must be a mapping of keywords, or true or false\n",
	       "a schema that is a list");
	free(got);
}

static void test_keywords(void)
{
	expect_json("{\"type\": \"integer\"}", "1.0", "", "1.0 is an integer");
	expect_json("{\"type\": \"integer\"}", "\"1\"",
		    "d.json:1:1: the document must be an integer, not '1'; remove the quotes\n",
		    "a string is not an integer");
	expect_json("{\"maxLength\": 3}", "\"\\u00e9\\u00e9\\u00e9\"", "",
		    "maxLength counts code points");
	expect_json("{\"maxLength\": 2}", "\"\\ud83d\\ude00\\u00e9x\"",
		    "d.json:1:1: the document must be at most 2 characters long, not 3\n",
		    "a surrogate pair is one code point");
	expect_json("{\"multipleOf\": 0.0001}", "0.0075", "", "0.0075 is a multiple of 0.0001");
	expect_json("{\"multipleOf\": 0.0001}", "0.00751",
		    "d.json:1:1: the document must be a multiple of 0.0001, not '0.00751'\n",
		    "0.00751 is not");
	expect_json("{\"enum\": [1, {\"a\": [true]}]}", "{\"a\": [true]}", "",
		    "enum compares mappings by value");
	expect_json("{\"enum\": [1, 2]}", "1.0", "", "enum: 1.0 equals 1");
	expect_json("{\"pattern\": \"^\\\\d{3}-\\\\w+$\"}", "\"123-ab_c\"", "", "\\d and \\w");
	expect_json("{\"pattern\": \"^[\\\\d\\\\-]+$\"}", "\"1-2\"", "", "\\d and \\- in brackets");
	expect_json("{\"properties\": {\"a\": {\"properties\": {\"b\": {\"type\": \"array\", \"items\": {\"x-message\": \"a small number\", \"maximum\": 3}}}}}}",
		    "{\"a\": {\"b\": [1, 9]}}",
		    "d.json:1:17: 'a.b[1]' must be a small number, not '9'\n",
		    "x-message replaces the message");
	expect_json("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"object\", \"required\": [\"id\"]}]}",
		    "{\"x\": 1}", "d.json:1:1: missing required key 'id'\n",
		    "anyOf with one alternative of the right type reports its problems");
	expect_json("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\", \"minimum\": 0}]}",
		    "[]", "d.json:1:1: the document must be a string or an integer of 0 or more, not a list\n",
		    "anyOf says what each alternative wants");
	expect_json("{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 2}]}", "3",
		    "d.json:1:1: the document must match exactly one of an integer or a number of 2 or more, but it matches 2 of them\n",
		    "oneOf matching twice");
	expect_json("{\"not\": {\"type\": \"null\"}}", "null",
		    "d.json:1:1: the document must not be empty\n", "not");
	expect_json("{\"properties\": {\"a\": false}}", "{\"a\": 1}",
		    "d.json:1:7: 'a' is not allowed here\n", "a false schema");
	expect_json("{\"dependentRequired\": {\"a\": [\"b\"]}}", "{\"a\": 1}",
		    "d.json:1:1: missing key 'b', required when 'a' is set\n", "dependentRequired");
	expect_json("{\"propertyNames\": {\"pattern\": \"^[a-z]+$\"}}", "{\"ok\": 1, \"Bad\": 2}",
		    "d.json:1:11: key 'Bad' must be a string matching '^[a-z]+$', not 'Bad'\n",
		    "propertyNames");
	expect_json("{\"if\": {\"required\": [\"a\"]}, \"then\": {\"required\": [\"b\"]}, \"else\": {\"required\": [\"c\"]}}",
		    "{}", "d.json:1:1: missing required key 'c'\n", "if/then/else");
	expect_json("{\"prefixItems\": [{\"type\": \"string\"}], \"items\": false}", "[\"a\", 1]",
		    "d.json:1:7: the document must have at most 1 item, not 2\n", "items: false");
	expect_json("{\"$ref\": \"#\"}", "1",
		    "d.json:1:1: the schema refers to itself too deeply to check this value\n",
		    "a schema that only refers to itself ends with a message");
	expect_json("{\"$defs\": {\"t\": {\"type\": \"object\", \"properties\": {\"k\": {\"$ref\": \"#/$defs/t\"}}, \"additionalProperties\": false}}, \"$ref\": \"#/$defs/t\"}",
		    "{\"k\": {\"k\": {\"x\": 1}}}",
		    "d.json:1:14: unknown key 'x' in 'k.k'\n", "a recursive $ref follows the data");
}

static void test_unique_many(void)
{
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct node sn, *list, *schema;
	struct buf json = BUF_INIT;
	char err[160];
	struct schema *s;

	memset(&sn, 0, sizeof(sn));
	buf_adds(&json, "[");
	for (int i = 0; i < 100000; i++)
		buf_printf(&json, "%s%d", i ? "," : "", i);
	buf_adds(&json, ",7]");
	ok(json_load(json.data, json.len, &a, &list, err, sizeof(err)) == 0, "a list of 100001 numbers loads");
	json_load("{\"uniqueItems\": true}", 21, &a, &schema, err, sizeof(err));
	s = schema_compile(schema, "s.json", NULL, NULL, &d);
	is_int(schema_validate(s, list, "d.json", 0, &d), -1, "uniqueItems on 100001 items finds the repeat");
	is_int(d.n, 1, "... once");
	if (d.n)
		is_str(d.v[0].msg, "duplicate '7' in the list (also at [7]); each item must be unique",
		       "... and says where the first one is");
	schema_free(s);
	diags_release(&d);
	buf_release(&json);
	arena_release(&a);
}

int main(void)
{
	test_builtins();
	test_notebook_yaml();
	test_plain_as_string();
	test_extension();
	test_compile_errors();
	test_keywords();
	test_unique_many();
	return done_testing();
}
