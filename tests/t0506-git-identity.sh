#!/bin/sh
# The identity and dates of notebook's commits follow git's precedence:
# GIT_AUTHOR_* / GIT_COMMITTER_* over author.* / committer.* over user.*,
# then EMAIL for the email; GIT_AUTHOR_DATE and GIT_COMMITTER_DATE. Each
# case is compared with what git itself records for a commit made with the
# same environment and configuration.
. "$(dirname "$0")/lib.sh"

unset EMAIL GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
FMT='%an|%ae|%ad|%cn|%ce|%cd'

# A home with no git configuration at all (HOME, XDG, global file).
bare_home() {
	rm -rf "$TRASH/h-$1" && mkdir -p "$TRASH/h-$1/.config" &&
	printf '[init]\n\tdefaultBranch = main\n' >"$TRASH/h-$1/.gitconfig"
}

# same_as_git CASE [VAR=VALUE...]: notebook init and a plain git commit
# made in that environment (with the home of bare_home CASE) record the
# same author, committer and dates; the notebook's are in $CASE.log.
same_as_git() {
	c=$1
	shift
	(
		export HOME="$TRASH/h-$c" XDG_CONFIG_HOME="$TRASH/h-$c/.config" \
			GIT_CONFIG_GLOBAL="$TRASH/h-$c/.gitconfig"
		for kv in "$@"; do export "$kv"; done
		notebook init "nb-$c" >/dev/null &&
		git init -q "git-$c" &&
		git -C "git-$c" commit -q --allow-empty -m x &&
		git -C "nb-$c" log --format="$FMT" --date=raw >"$c.log" &&
		git -C "git-$c" log --format="$FMT" --date=raw >"$c.git" &&
		test_cmp "$c.git" "$c.log" &&
		git -C "nb-$c" fsck --strict
	)
}

test_expect_success 'the four variables and no configuration at all: init works' '
	bare_home env &&
	same_as_git env GIT_AUTHOR_NAME="Ann Author" GIT_AUTHOR_EMAIL=ann@example.com \
		GIT_COMMITTER_NAME="Cid Committer" GIT_COMMITTER_EMAIL=cid@example.com &&
	echo "Ann Author|ann@example.com|1795168800 +0000|Cid Committer|cid@example.com|1795168800 +0000" >expect &&
	test_cmp expect env.log &&
	grep -x "owner: Ann Author" nb-env/notebook.yaml
'

test_expect_success 'the environment wins over user.* for each role on its own' '
	bare_home mixed &&
	git config --file "$TRASH/h-mixed/.gitconfig" user.name "Conf User" &&
	git config --file "$TRASH/h-mixed/.gitconfig" user.email conf@example.com &&
	same_as_git mixed GIT_AUTHOR_NAME="Env Author" GIT_COMMITTER_EMAIL=envc@example.com &&
	echo "Env Author|conf@example.com|1795168800 +0000|Conf User|envc@example.com|1795168800 +0000" >expect &&
	test_cmp expect mixed.log
'

test_expect_success 'author.* and committer.* win over user.*' '
	bare_home roles &&
	git config --file "$TRASH/h-roles/.gitconfig" user.name "Conf User" &&
	git config --file "$TRASH/h-roles/.gitconfig" user.email conf@example.com &&
	git config --file "$TRASH/h-roles/.gitconfig" author.name "Role Author" &&
	git config --file "$TRASH/h-roles/.gitconfig" committer.email role-c@example.com &&
	same_as_git roles &&
	echo "Role Author|conf@example.com|1795168800 +0000|Conf User|role-c@example.com|1795168800 +0000" >expect &&
	test_cmp expect roles.log &&
	grep -x "owner: Role Author" nb-roles/notebook.yaml
'

test_expect_success 'EMAIL is the fallback for an email, after user.email' '
	bare_home mail &&
	git config --file "$TRASH/h-mail/.gitconfig" user.name "Conf User" &&
	same_as_git mail EMAIL=fallback@example.com &&
	echo "Conf User|fallback@example.com|1795168800 +0000|Conf User|fallback@example.com|1795168800 +0000" >expect &&
	test_cmp expect mail.log &&
	git config --file "$TRASH/h-mail/.gitconfig" user.email conf@example.com &&
	rm -rf nb-mail git-mail &&
	same_as_git mail EMAIL=fallback@example.com &&
	grep "|conf@example.com|" mail.log
'

test_expect_success 'GIT_AUTHOR_DATE and GIT_COMMITTER_DATE in the forms git reads' '
	bare_home dates &&
	same_as_git dates GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com \
		GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.com \
		GIT_AUTHOR_DATE="2026-01-02T03:04:05+01:00" GIT_COMMITTER_DATE="@1795165200 +0530" &&
	echo "A|a@example.com|1767319445 +0100|C|c@example.com|1795165200 +0530" >expect &&
	test_cmp expect dates.log &&
	rm -rf nb-dates git-dates &&
	same_as_git dates GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com \
		GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.com \
		GIT_AUTHOR_DATE="Thu, 07 Apr 2005 22:13:13 +0200" GIT_COMMITTER_DATE="1112911993 -0700" &&
	echo "A|a@example.com|1112904793 +0200|C|c@example.com|1112911993 -0700" >expect &&
	test_cmp expect dates.log &&
	rm -rf nb-dates git-dates &&
	same_as_git dates GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com \
		GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.com TZ=Europe/Paris \
		GIT_AUTHOR_DATE="2026-07-01 12:00:00" GIT_COMMITTER_DATE="2026-12-01T12:00:00" &&
	echo "A|a@example.com|1782900000 +0200|C|c@example.com|1796122800 +0100" >expect &&
	test_cmp expect dates.log
'

test_expect_success 'a date git cannot read either is refused, nothing made' '
	test_status 4 env GIT_AUTHOR_DATE=yesterday "$NOTEBOOK_BIN" init baddate 2>err &&
	echo "notebook: cannot read GIT_AUTHOR_DATE '"'"'yesterday'"'"': write it as 2026-11-20T10:00:00+01:00, '"'"'Fri, 20 Nov 2026 10:00:00 +0100'"'"' or '"'"'@1795165200 +0100'"'"'" >expect &&
	test_cmp expect err &&
	! test -e baddate
'

test_expect_success 'nothing set: the message names git config user.name, nothing made' '
	bare_home none &&
	test_status 4 env HOME="$TRASH/h-none" XDG_CONFIG_HOME="$TRASH/h-none/.config" \
		GIT_CONFIG_GLOBAL="$TRASH/h-none/.gitconfig" "$NOTEBOOK_BIN" init none 2>err &&
	echo "notebook: no git identity to commit with; set one with: git config --global user.name '"'"'Your Name'"'"' && git config --global user.email you@example.com (or set GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" >expect &&
	test_cmp expect err &&
	! test -e none
'

test_expect_success 'only the author set: the committer is named as missing' '
	test_status 4 env HOME="$TRASH/h-none" XDG_CONFIG_HOME="$TRASH/h-none/.config" \
		GIT_CONFIG_GLOBAL="$TRASH/h-none/.gitconfig" GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com \
		"$NOTEBOOK_BIN" init half 2>err &&
	echo "notebook: no git identity for the committer; set one with: git config --global user.name '"'"'Your Name'"'"' && git config --global user.email you@example.com (or set GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" >expect &&
	test_cmp expect err &&
	test_status 4 env HOME="$TRASH/h-none" XDG_CONFIG_HOME="$TRASH/h-none/.config" \
		GIT_CONFIG_GLOBAL="$TRASH/h-none/.gitconfig" GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.com \
		GIT_COMMITTER_NAME=C "$NOTEBOOK_BIN" init half 2>err &&
	echo "notebook: no git email for the committer; set one with: git config --global user.email you@example.com (or set GIT_COMMITTER_EMAIL)" >expect &&
	test_cmp expect err &&
	! test -e half
'

test_expect_success 'an empty GIT_AUTHOR_NAME is an error, as in git, not a fallback' '
	test_status 4 env GIT_AUTHOR_NAME= "$NOTEBOOK_BIN" init emptyname 2>err &&
	echo "notebook: the author'"'"'s name from '"'"'GIT_AUTHOR_NAME'"'"' is empty; give it one (git config --global user.name '"'"'Your Name'"'"')" >expect &&
	test_cmp expect err &&
	git init -q g-empty &&
	GIT_AUTHOR_NAME= test_status 128 git -C g-empty commit -q --allow-empty -m x 2>/dev/null
'

test_expect_success 'every writing command uses it: new, log, done, snooze, and the repository config' '
	notebook init team >/dev/null &&
	git -C team config user.name "Local Name" &&
	git -C team config user.email local@example.com &&
	notebook -C team new "Acme" >/dev/null &&
	GIT_AUTHOR_NAME="Env Author" notebook -C team log acme -m "called" --promise "send it due:2026-12-01" >/dev/null &&
	GIT_COMMITTER_NAME="Env Committer" notebook -C team done acme "send" >/dev/null &&
	GIT_AUTHOR_EMAIL=e@example.com notebook -C team snooze acme 2w >/dev/null &&
	git -C team log --format="%s|%an <%ae>|%cn <%ce>" >log &&
	cat >expect <<-\EOF &&
	snooze: acme until 2026-12-04|Local Name <e@example.com>|Local Name <local@example.com>
	done: acme: send it|Local Name <local@example.com>|Env Committer <local@example.com>
	log: acme call 2026-11-20|Env Author <local@example.com>|Local Name <local@example.com>
	new: acme|Local Name <local@example.com>|Local Name <local@example.com>
	init: notebook|A Tester <tester@example.com>|A Tester <tester@example.com>
	EOF
	test_cmp expect log &&
	git -C team fsck --strict
'

test_done
