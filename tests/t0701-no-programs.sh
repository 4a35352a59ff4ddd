#!/bin/sh
# Nothing a cloned notebook holds makes the tool run a program (issue #7):
# not a filter, diff or merge driver named in .gitattributes and defined in
# the repository's .git/config, not the hooks, editors, fsmonitor, ssh
# command, askpass, credential helper, gpg or pager that config names, not
# a key in notebook.yaml. Only the environment's EDITOR and the user's own
# git config choose the editor.
. "$(dirname "$0")/lib.sh"

# libgit2 1.5's pcre2 leak under LeakSanitizer, as in t0600.
printf 'leak:libpcre2-8.so\n' >"$TRASH/lsan.supp"
LSAN_OPTIONS="suppressions=$TRASH/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

# The hostile settings live in .git/hostile.cfg, included from .git/config;
# the test's own git commands run with the file moved aside (and the hooks
# switched off), so only the notebook's runs can leave a marker.
sgit() {
	mv "$TRASH/nb/.git/hostile.cfg" "$TRASH/nb/.git/hostile.off" &&
	git -c core.hooksPath=/dev/null "$@"
	rc=$?
	mv "$TRASH/nb/.git/hostile.off" "$TRASH/nb/.git/hostile.cfg"
	return $rc
}

# no_marker: no program of the notebook's choosing has run.
no_marker() {
	if ls "$TRASH"/ran.* >/dev/null 2>&1; then
		echo "a program named by the notebook ran:" >&2
		head "$TRASH"/ran.* >&2
		return 1
	fi
}

test_expect_success 'setup: a notebook whose repository names programs everywhere' '
	cat >evil.sh <<-EOF &&
	#!/bin/sh
	# records that it ran, then passes its input through like a filter
	echo "\$0 \$*" >>"$TRASH/ran.\$(basename "\$0")"
	cat
	EOF
	chmod +x evil.sh &&
	mkdir hooks &&
	for h in pre-commit prepare-commit-msg commit-msg post-commit pre-push post-checkout \
		 post-merge pre-merge-commit reference-transaction pre-auto-gc; do
		cp evil.sh hooks/$h || return 1
	done &&
	git init -q --bare remote.git &&
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb new "Globex" >/dev/null &&
	printf "%s\n" "* filter=evil diff=evil merge=evil" "*.md filter=evil diff=evil merge=evil" \
		>nb/.gitattributes &&
	git -C nb add .gitattributes &&
	git -C nb commit -q -m "attributes" &&
	git -C nb remote add origin ../remote.git &&
	git -C nb push -q origin main &&
	git -C nb branch -q -u origin/main &&
	cp hooks/* nb/.git/hooks/ &&
	E="$TRASH/evil.sh" &&
	for kv in "filter.evil.clean=$E clean" "filter.evil.smudge=$E smudge" \
		  "filter.evil.process=$E process" "filter.evil.required=true" \
		  "diff.evil.command=$E diff" "diff.evil.textconv=$E textconv" \
		  "merge.evil.driver=$E merge %O %A %B" "core.editor=$E" "sequence.editor=$E" \
		  "core.hooksPath=$TRASH/hooks" "core.fsmonitor=$E" "core.sshCommand=$E" \
		  "core.askPass=$E" "credential.helper=!$E" "core.pager=$E" \
		  "gpg.program=$E" "commit.gpgSign=true" "gc.auto=1" \
		  "remote.origin.uploadpack=$E" "remote.origin.receivepack=$E"; do
		git config -f nb/.git/hostile.cfg "${kv%%=*}" "${kv#*=}" || return 1
	done &&
	git -C nb config include.path hostile.cfg &&
	test "$(git -C nb config core.editor)" = "$E" &&
	no_marker
'

test_expect_success 'read commands run nothing' '
	cd nb &&
	notebook check &&
	notebook status --all >/dev/null &&
	notebook show acme-corp >/dev/null &&
	notebook list >/dev/null &&
	notebook agenda >/dev/null &&
	test_status 1 notebook search zzzunmatched >/dev/null &&
	no_marker
'

test_expect_success 'new, log, done, snooze and commit run nothing' '
	cd nb &&
	notebook new "Initech" >/dev/null &&
	notebook log acme-corp -m "Called." --promise "Send the plan due:2026-11-30" >/dev/null &&
	notebook done acme-corp "Send the plan" >/dev/null &&
	notebook snooze globex 2w >/dev/null &&
	printf "\nMet at the fair.\n" >>clients/initech.md &&
	notebook commit >/dev/null &&
	sgit status --porcelain >../st && test_must_be_empty ../st &&
	sgit log --format=%s -5 >../log &&
	cat >../expect <<-\EOF &&
	initech: notes edited
	snooze: globex until 2026-12-04
	done: acme-corp: Send the plan
	log: acme-corp call 2026-11-20
	new: initech
	EOF
	test_cmp ../expect ../log &&
	sgit fsck --strict &&
	no_marker
'

test_expect_success 'the blobs are the files as written: no clean filter ran' '
	cd nb &&
	sgit cat-file blob HEAD:clients/initech.md >../blob &&
	test_cmp clients/initech.md ../blob &&
	no_marker
'

test_expect_success 'edit runs $EDITOR and nothing else, not the repository core.editor' '
	cd nb &&
	cat >../ed.sh <<-EOF &&
	#!/bin/sh
	echo "\$1" >"$TRASH/editor-ran"
	sed -i "s/^tier: .*/tier: key/" "\$1"
	EOF
	chmod +x ../ed.sh &&
	EDITOR=../ed.sh notebook edit globex >../out &&
	echo "edit: globex" >../expect &&
	test_cmp ../expect ../out &&
	test -s ../editor-ran &&
	grep -x "tier: key" clients/globex.md &&
	no_marker
'

test_expect_success 'without $EDITOR the user'"'"'s own git config chooses, never the notebook'"'"'s' '
	cd nb &&
	rm -f ../editor-ran &&
	sed "s/tier: key/tier: occasional/" ../ed.sh >../ed2.sh &&
	chmod +x ../ed2.sh &&
	git config --global core.editor "$TRASH/ed2.sh" &&
	notebook edit acme-corp >../out &&
	test -s ../editor-ran &&
	grep -x "tier: occasional" clients/acme-corp.md &&
	git config --global --unset core.editor &&
	no_marker
'

test_expect_success 'sync (push, fetch, merge) runs no driver, hook or transport program' '
	git clone -q remote.git other &&
	sed -i "s/^fit: .*/fit: questionable/" other/clients/globex.md &&
	git -C other commit -q -a -m "globex questionable" &&
	git -C other push -q origin main &&
	cd nb &&
	notebook snooze globex 1w >/dev/null &&
	notebook sync >../out &&
	grep "^merged origin/main" ../out &&
	grep -x "fit: questionable" clients/globex.md &&
	grep -x "snooze: 2026-11-27" clients/globex.md &&
	test "$(sgit rev-parse HEAD)" = "$(git -C ../remote.git rev-parse main)" &&
	sgit status --porcelain >../st && test_must_be_empty ../st &&
	sgit fsck --strict &&
	no_marker
'

test_expect_success 'a notebook.yaml naming programs is refused, and runs nothing' '
	cd nb &&
	cp notebook.yaml ../settings.keep &&
	printf "editor: %s\nhooks: %s\n" "$TRASH/evil.sh" "$TRASH/evil.sh" >>notebook.yaml &&
	test_status 1 notebook check 2>../err &&
	cat >../expect <<-\EOF &&
	notebook.yaml:12:1: error: unknown key '"'"'editor'"'"'
	notebook.yaml:13:1: error: unknown key '"'"'hooks'"'"'
	EOF
	test_cmp ../expect ../err &&
	test_status 0 env EDITOR=../ed.sh "$NOTEBOOK_BIN" edit globex >/dev/null 2>&1 &&
	cp ../settings.keep notebook.yaml &&
	sgit status --porcelain >../st && test_must_be_empty ../st &&
	no_marker
'

test_expect_success 'the settings are live: git itself runs them' '
	(cd nb && test_must_fail --status=128 git status --porcelain >/dev/null 2>&1) &&
	(cd nb && test_must_fail --status=128 git commit -q --allow-empty -m x >/dev/null 2>&1) &&
	test -s ran.evil.sh &&
	grep "evil.sh clean\|evil.sh process" ran.evil.sh &&
	grep -v "clean\|process\|smudge" ran.evil.sh | grep . &&
	rm ran.evil.sh
'

test_done
