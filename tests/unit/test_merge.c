/*
 * The three-way merge (merge.c): the line merge, and the client file merge
 * by front-matter key, on exact bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "git/merge.h"
#include "tap.h"

static size_t lines(const char *o, const char *a, const char *b, const char *want,
		    const char *what)
{
	struct buf out = BUF_INIT;
	size_t c = merge_lines(o, strlen(o), a, strlen(a), b, strlen(b), &out);

	is_str(buf_str(&out), want, "lines: %s", what);
	buf_release(&out);
	return c;
}

static size_t file(const char *o, const char *a, const char *b, const char *want,
		   const char *what)
{
	struct buf out = BUF_INIT;
	size_t c = merge_file("clients/x.md", o, strlen(o), a, strlen(a), b, strlen(b), &out);

	is_str(buf_str(&out), want, "file: %s", what);
	buf_release(&out);
	return c;
}

static void test_lines(void)
{
	is_int(lines("", "", "", "", "all empty"), 0, "all empty: clean");
	is_int(lines("a\nb\nc\n", "a\nb\nc\n", "a\nb\nc\n", "a\nb\nc\n", "unchanged"), 0,
	       "unchanged: clean");
	is_int(lines("a\nb\nc\n", "a\nB\nc\n", "a\nb\nc\n", "a\nB\nc\n", "ours only"), 0,
	       "ours only: clean");
	is_int(lines("a\nb\nc\n", "a\nb\nc\n", "a\nb\nC\n", "a\nb\nC\n", "theirs only"), 0,
	       "theirs only: clean");
	is_int(lines("a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n",
		     "A\nb\nc\nd\nE\n", "different lines"), 0, "different lines: clean");
	is_int(lines("a\nb\nc\n", "a\nX\nc\n", "a\nX\nc\n", "a\nX\nc\n", "same change"), 0,
	       "same change: clean");
	is_int(lines("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n",
		     "a\n<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\nc\n", "same line"), 1,
	       "same line changed differently: one conflict");
	is_int(lines("a\nb\nc\n", "a\nc\n", "a\nb\nc\n", "a\nc\n", "deleted by ours"), 0,
	       "deletion on one side: clean");
	is_int(lines("a\nb\nc\n", "a\nc\n", "a\nB\nc\n",
		     "a\n<<<<<<< ours\n=======\nB\n>>>>>>> theirs\nc\n", "delete against edit"), 1,
	       "deleted by ours, changed by theirs: conflict");
	is_int(lines("a\n", "a\nours\n", "a\ntheirs\n",
		     "a\n<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n", "both append"), 1,
	       "both append different lines: conflict");
	is_int(lines("a\nb\n", "x\na\nb\n", "a\nb\ny\n", "x\na\nb\ny\n", "prepend and append"), 0,
	       "prepend and append: clean");
	is_int(lines("a\nb", "a\nb", "a\nB", "a\nB", "no final newline"), 0,
	       "no final newline: kept");
	is_int(lines("a\nb", "a\nX", "a\nY",
		     "a\n<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\n", "conflict at end without newline"),
	       1, "markers always on their own lines");
	is_int(lines("", "x\n", "y\n", "<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n",
		     "both created"), 1, "both created differently: conflict");
	is_int(lines("1\n2\n3\n4\n5\n6\n7\n", "1\n2a\n3\n4\n5\n6\n7\n", "1\n2\n3\n4\n5\n6b\n7\n",
		     "1\n2a\n3\n4\n5\n6b\n7\n", "far apart"), 0, "changes far apart: clean");
	is_int(lines("a\nb\nc\nd\n", "a\nb1\nb2\nc\nd\n", "a\nb\nc\nd1\n",
		     "a\nb1\nb2\nc\nd1\n", "growth on one side"), 0, "a grown region: clean");
	is_int(lines("p\nq\nr\n", "p\nq\nr\n", "", "", "theirs emptied"), 0,
	       "theirs emptied, ours untouched: empty");
}

static const char base[] =
	"---\n"
	"# comment before the keys\n"
	"name: Acme Corp\n"
	"status: active            # the status\n"
	"tier: key\n"
	"tags: [consulting]\n"
	"contacts:\n"
	"  - name: Jane Roe\n"
	"    role: COO\n"
	"---\n"
	"# Acme Corp\n"
	"\n"
	"Notes.\n"
	"\n"
	"- [ ] Send the timeline due:2026-11-30\n";

/* `base` with `from` replaced by `to` (the first occurrence). */
static char *edit(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	struct buf b = BUF_INIT;

	if (!p) {
		printf("# fixture: '%s' not found\n", from);
		return strdup(s);
	}
	buf_add(&b, s, (size_t)(p - s));
	buf_adds(&b, to);
	buf_adds(&b, p + strlen(from));
	return buf_detach(&b);
}

static void test_file(void)
{
	char *a, *b, *want, *t;

	a = edit(base, "status: active            # the status\n", "status: paused            # the status\n");
	b = edit(base, "tier: key\n", "tier: regular\n");
	want = edit(a, "tier: key\n", "tier: regular\n");
	is_int(file(base, a, b, want, "different keys"), 0, "different keys: clean");
	is_int(file(base, b, a, want, "different keys, swapped"), 0, "either order: clean");
	free(b);
	b = edit(base, "status: active            # the status\n", "status: paused\n");
	t = edit(base, "status: active            # the status\n",
		 "<<<<<<< ours\nstatus: paused            # the status\n=======\n"
		 "status: paused\n>>>>>>> theirs\n");
	is_int(file(base, a, b, t, "same key"), 1, "same key changed differently: one conflict");
	free(t);
	free(b);
	free(want);

	b = edit(base, "status: active            # the status\n", "status: paused            # the status\n");
	is_int(file(base, a, b, a, "same change"), 0, "same change on both: clean");
	free(a);
	free(b);

	/* a key added by theirs goes after the key it follows in theirs */
	a = edit(base, "name: Acme Corp\n", "name: Acme Corporation\n");
	b = edit(base, "tier: key\n", "tier: key\ncadence: 21d\n");
	want = edit(a, "tier: key\n", "tier: key\ncadence: 21d\n");
	is_int(file(base, a, b, want, "theirs adds a key"), 0, "theirs adds a key: clean");
	free(want);
	/* ours adds one too, elsewhere */
	free(a);
	a = edit(base, "tags: [consulting]\n", "tags: [consulting]\nowner: sam\n");
	want = edit(a, "tier: key\n", "tier: key\ncadence: 21d\n");
	is_int(file(base, a, b, want, "both add keys"), 0, "both add different keys: clean");
	free(want);
	free(a);
	/* both add the same key with different values */
	a = edit(base, "tier: key\n", "tier: key\ncadence: 14d\n");
	want = edit(base, "tier: key\n",
		    "tier: key\n<<<<<<< ours\ncadence: 14d\n=======\ncadence: 21d\n>>>>>>> theirs\n");
	is_int(file(base, a, b, want, "both add one key"), 1, "the same key added twice: conflict");
	free(want);
	free(a);
	free(b);

	/* removal on one side */
	a = edit(base, "tags: [consulting]\n", "");
	b = edit(base, "name: Acme Corp\n", "name: Acme Ltd\n");
	want = edit(a, "name: Acme Corp\n", "name: Acme Ltd\n");
	is_int(file(base, a, b, want, "ours removes a key"), 0, "ours removes, theirs edits another: clean");
	is_int(file(base, b, a, want, "theirs removes a key"), 0, "theirs removes, ours edits another: clean");
	free(want);
	free(b);
	/* removed by ours, changed by theirs: never lost */
	b = edit(base, "tags: [consulting]\n", "tags: [consulting, retainer]\n");
	want = edit(base, "tags: [consulting]\n",
		    "<<<<<<< ours\n=======\ntags: [consulting, retainer]\n>>>>>>> theirs\n");
	is_int(file(base, a, b, want, "remove against change"), 1, "removed against changed: conflict");
	free(want);
	want = edit(base, "tags: [consulting]\n",
		    "<<<<<<< ours\ntags: [consulting, retainer]\n=======\n>>>>>>> theirs\n");
	is_int(file(base, b, a, want, "change against remove"), 1, "changed against removed: conflict");
	free(want);
	free(a);
	free(b);

	/* nested blocks are one unit */
	a = edit(base, "    role: COO\n", "    role: CEO\n");
	b = edit(base, "  - name: Jane Roe\n    role: COO\n",
		 "  - name: Jane Roe\n    role: COO\n  - name: Bob Doe\n");
	want = edit(base, "contacts:\n  - name: Jane Roe\n    role: COO\n",
		    "<<<<<<< ours\ncontacts:\n  - name: Jane Roe\n    role: CEO\n=======\n"
		    "contacts:\n  - name: Jane Roe\n    role: COO\n  - name: Bob Doe\n>>>>>>> theirs\n");
	is_int(file(base, a, b, want, "one nested key"), 1, "two changes under one key: conflict");
	free(want);
	free(b);
	/* front matter and body changed on different sides */
	b = edit(base, "Notes.\n", "Notes, and more notes.\n");
	want = edit(a, "Notes.\n", "Notes, and more notes.\n");
	is_int(file(base, a, b, want, "front matter and body"), 0, "key and body line: clean");
	free(want);
	free(a);
	free(b);
	a = edit(base, "- [ ] Send", "- [x] Send");
	b = edit(base, "Notes.\n", "Other notes.\n");
	want = edit(a, "Notes.\n", "Other notes.\n");
	is_int(file(base, a, b, want, "two body lines"), 0, "different body lines: clean");
	free(want);
	free(a);
	a = edit(base, "Notes.\n", "Mine.\n");
	want = edit(base, "Notes.\n", "<<<<<<< ours\nMine.\n=======\nOther notes.\n>>>>>>> theirs\n");
	is_int(file(base, a, b, want, "one body line"), 1, "one body line two ways: conflict");
	free(want);
	free(a);
	free(b);

	/* ours' key order is kept */
	a = "---\ntier: key\nname: Acme Corp\nstatus: active            # the status\n"
	    "tags: [consulting]\ncontacts:\n  - name: Jane Roe\n    role: COO\n---\nbody\n";
	b = edit(base, "tier: key\n", "tier: occasional\n");
	want = "---\ntier: occasional\nname: Acme Corp\nstatus: active            # the status\n"
	       "tags: [consulting]\ncontacts:\n  - name: Jane Roe\n    role: COO\n---\nbody\n";
	/* the body: ours rewrote it all and theirs left it, so ours wins */
	is_int(file(base, a, b, want, "ours reordered"), 0, "ours' order with theirs' value: clean");
	free(b);

	/* the comment lines before the first key merge as lines */
	a = edit(base, "# comment before the keys\n", "# a new comment\n");
	b = edit(base, "tier: key\n", "tier: regular\n");
	want = edit(a, "tier: key\n", "tier: regular\n");
	is_int(file(base, a, b, want, "leading comment"), 0, "leading comment and a key: clean");
	free(want);
	free(a);
	free(b);

	/* both sides create the file */
	is_int(file("", "---\nname: A\n---\n", "---\nname: A\ntier: key\n---\n",
		    "---\nname: A\ntier: key\n---\n", "created twice"), 0, "created on both, one key more: clean");

	/* an unreadable side: the whole file by lines */
	a = edit(base, "name: Acme Corp\n", "name: [unclosed\n");
	b = edit(base, "Notes.\n", "Other notes.\n");
	want = edit(a, "Notes.\n", "Other notes.\n");
	is_int(file(base, a, b, want, "unreadable ours"), 0, "unreadable front matter: line merge");
	free(want);
	free(a);
	free(b);

	/* CRLF lines stay CRLF */
	is_int(file("---\r\nname: A\r\ntier: key\r\n---\r\nx\r\n",
		    "---\r\nname: B\r\ntier: key\r\n---\r\nx\r\n",
		    "---\r\nname: A\r\ntier: regular\r\n---\r\nx\r\n",
		    "---\r\nname: B\r\ntier: regular\r\n---\r\nx\r\n", "crlf"), 0, "CRLF: clean");

	/* a key present on both sides is never lost, whatever else happens */
	a = "---\nname: A\ntier: key\n---\n";
	b = "---\ntier: key\nname: A\nstatus: paused\n---\n";
	is_int(file("---\nname: A\ntier: key\n---\n", a, b, "---\nname: A\nstatus: paused\ntier: key\n---\n",
		    "theirs reordered"), 0, "theirs reordered and added: ours' order, the new key after 'name'");
}

/* A random text of up to 12 lines from a small alphabet, so lines repeat. */
static void random_text(struct buf *b, unsigned *seed)
{
	int n;

	buf_reset(b);
	*seed = *seed * 1103515245u + 12345u;
	n = (int)((*seed >> 16) % 13);
	for (int i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		buf_addc(b, (char)('a' + (*seed >> 16) % 4));
		buf_addc(b, '\n');
	}
}

/* One side unchanged or both changed alike: the merge is the changed text, clean. */
static void test_lines_random(void)
{
	struct buf o = BUF_INIT, a = BUF_INIT, out = BUF_INIT;
	unsigned seed = 42;
	int bad = 0;

	for (int i = 0; i < 2000; i++) {
		random_text(&o, &seed);
		random_text(&a, &seed);
		buf_reset(&out);
		if (merge_lines(o.data, o.len, a.data, a.len, o.data, o.len, &out) ||
		    strcmp(buf_str(&out), buf_str(&a)))
			bad++;
		buf_reset(&out);
		if (merge_lines(o.data, o.len, o.data, o.len, a.data, a.len, &out) ||
		    strcmp(buf_str(&out), buf_str(&a)))
			bad++;
		buf_reset(&out);
		if (merge_lines(o.data, o.len, a.data, a.len, a.data, a.len, &out) ||
		    strcmp(buf_str(&out), buf_str(&a)))
			bad++;
	}
	is_int(bad, 0, "2000 random texts: a one-sided or shared change merges to itself");
	buf_release(&o);
	buf_release(&a);
	buf_release(&out);
}

/* The markers name the sides as the caller says, one line each. */
static void test_labels(void)
{
	const struct merge_labels lb = { "this machine (1a2b3c4)", "the remote,\norigin/main" };
	const char *o = "---\nname: A\ntier: key\n---\nbody\n";
	const char *a = "---\nname: A\ntier: regular\n---\nbody\n";
	const char *b = "---\nname: A\ntier: occasional\n---\nbody\n";
	struct buf out = BUF_INIT;
	size_t c = merge_file_labeled("clients/x.md", o, strlen(o), a, strlen(a), b, strlen(b),
				      &lb, &out);

	is_int(c, 1, "labels: one conflict");
	is_str(buf_str(&out),
	       "---\nname: A\n<<<<<<< this machine (1a2b3c4)\ntier: regular\n=======\n"
	       "tier: occasional\n>>>>>>> the remote, origin/main\n---\nbody\n",
	       "labels: on the markers, a line break in one made a space");
	buf_reset(&out);
	c = merge_lines_labeled("x\n", 2, "y\n", 2, "z\n", 2, &lb, &out);
	is_int(c, 1, "labels: lines conflict");
	is_str(buf_str(&out),
	       "<<<<<<< this machine (1a2b3c4)\ny\n=======\nz\n>>>>>>> the remote, origin/main\n",
	       "labels: the line merge's markers");
	buf_release(&out);
}

int main(void)
{
	test_lines();
	test_lines_random();
	test_file();
	test_labels();
	return done_testing();
}
