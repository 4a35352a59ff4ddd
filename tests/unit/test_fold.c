/* Folding names: one table for ids, keys and the names a user types. */
#include <stdlib.h>

#include "tap.h"

#include "buf.h"
#include "fold.h"

static const char *name(const char *s)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	fold_name(&b, s);
	return buf_str(&b);
}

static const char *key(const char *s)
{
	static char *k;

	free(k);
	k = fold_name_key(s);
	return k ? k : "";
}

int main(void)
{
	is_str(name("Société  Générale"), "societe generale", "fold_name: accents, case, blanks");
	is_str(name("  Straße\t\n Ørsted "), "strasse orsted", "fold_name: ß, ø, no blank at the ends");
	is_str(name("Nguyễn Łukasz Þór"), "nguyen lukasz thor", "fold_name: Vietnamese, ł, þ");
	is_str(name("O'Brien & Co."), "obrien & co.", "fold_name: apostrophes dropped, punctuation kept");
	is_str(name("e\xcc\x81t\xc3\xa9"), "ete", "fold_name: a combining accent dropped");
	is_str(name("東京 Office"), "東京 office", "fold_name: other scripts kept");
	is_str(name("a\xff" "b"), "a\xff" "b", "fold_name: a byte that is not UTF-8 kept");
	is_str(name(""), "", "fold_name: empty");
	is_str(key("Société Générale, Conseil"), "societe generale conseil",
	       "fold_name_key: punctuation is a gap");
	is_str(key("--Acme--"), "acme", "fold_name_key: no gap at the ends");
	is_str(key("東京-Office"), "東京 office", "fold_name_key: other scripts are letters");
	is_str(key("O'Brien"), "obrien", "fold_name_key: apostrophes dropped");
	{
		char *id = id_from_name("Société Générale — Conseil");
		is_str(id, "societe-generale-conseil", "id_from_name");
		free(id);
	}
	return done_testing();
}
