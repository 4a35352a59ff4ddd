#!/bin/sh
# One client resolver for every command that takes a client (log, done,
# snooze, edit, show, archive, rm, rename): an id, a name in any case and with or without
# accents, a unique prefix of an id or a name, a unique prefix of a word of
# a name; several matches listed with id and name aligned (exit 2); none
# (exit 1) with a did-you-mean.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: clients with shared prefixes and accented names' '
	notebook init nb >/dev/null &&
	notebook -C nb new "Acme Corp" >/dev/null &&
	notebook -C nb new "Acme Laboratories International" >/dev/null &&
	notebook -C nb new "Société Générale Conseil" --id sgc >/dev/null &&
	notebook -C nb new "Umbrella" >/dev/null &&
	notebook -C nb log acme-corp -m "Kick-off." --promise "Send the proposal due:2026-12-30" >/dev/null &&
	notebook -C nb log sgc -m "Kick-off." --promise "Send the audit due:2026-12-30" >/dev/null &&
	cat >ambiguous <<-\EOF
	notebook: '"'"'acme'"'"' is ambiguous; it could be:
	  acme-corp                        Acme Corp
	  acme-laboratories-international  Acme Laboratories International
	EOF
'

# Runs "notebook ARGS" in nb and checks it changed nothing.
unchanged() {
	head=$(git -C nb rev-parse HEAD) &&
	notebook -C nb "$@" &&
	test "$(git -C nb rev-parse HEAD)" = "$head" &&
	git -C nb status --porcelain >st && test_must_be_empty st
}

test_expect_success 'an ambiguous prefix: the candidates aligned, exit 2, nothing written, for every command' '
	for cmd in "log acme -m x" "done acme proposal" "snooze acme 2w" "edit acme" "show acme" \
		   "archive acme" "rm acme" "rename acme acme-x"; do
		test_status 2 unchanged $cmd >out 2>err &&
		test_must_be_empty out &&
		test_cmp ambiguous err || return 1
	done
'

test_expect_success 'no such client: exit 1 with a did-you-mean, for every command' '
	for cmd in "log Acme-Crop -m x" "done acme-crop proposal" "snooze acme-crop 2w" "edit acme-crop" "show acme-crop"; do
		test_status 1 unchanged $cmd 2>err &&
		tail -n 1 err >last &&
		echo "notebook: no client '"'"'$(echo $cmd | cut -d" " -f2)'"'"' (did you mean '"'"'acme-corp'"'"'?)" >expect &&
		test_cmp expect last || return 1
	done &&
	test_status 1 unchanged log "Societe Generale Conseiller" -m x 2>err &&
	echo "notebook: no client '"'"'Societe Generale Conseiller'"'"' (did you mean '"'"'sgc'"'"'?)" >expect &&
	test_cmp expect err &&
	test_status 1 unchanged show qqqqqqqq 2>err &&
	echo "notebook: no client '"'"'qqqqqqqq'"'"'; see '"'"'notebook list'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'log: by name, any case, by prefix, by accent-free name, by a word of the name' '
	cd nb &&
	notebook log "Acme Corp" -m one >../out &&
	grep "^log: acme-corp call" ../out &&
	notebook log "acme c" umb -m two >../out &&
	grep "^log: acme-corp, umbrella call" ../out &&
	notebook log "societe generale conseil" -m three >../out &&
	grep "^log: sgc call" ../out &&
	notebook log "SOCIÉTÉ  GÉNÉRALE" -m four >../out &&
	grep "^log: sgc call" ../out &&
	notebook log conseil -m five >../out &&
	grep "^log: sgc call" ../out &&
	notebook log ACME-LAB -m six >../out &&
	grep "^log: acme-laboratories-international call" ../out &&
	git log --format=%s -6 >../subjects &&
	cat >../expect <<-\EOF &&
	log: acme-laboratories-international call 2026-11-20
	log: sgc call 2026-11-20
	log: sgc call 2026-11-20
	log: sgc call 2026-11-20
	log: acme-corp, umbrella call 2026-11-20
	log: acme-corp call 2026-11-20
	EOF
	test_cmp ../expect ../subjects &&
	git show --name-only --format= HEAD~4 >../files &&
	grep -x "journal/2026/11/2026-11-20-acme-corp-call-3.md" ../files &&
	grep -x "clients: \[acme-corp, umbrella\]" journal/2026/11/2026-11-20-acme-corp-call-3.md &&
	git fsck --strict
'

test_expect_success 'log: two names of one client are refused' '
	test_status 2 unchanged log acme-corp "Acme Corp" -m x 2>err &&
	echo "notebook: '"'"'acme-corp'"'"' and '"'"'Acme Corp'"'"' are the same client ('"'"'acme-corp'"'"'); name it once" >expect &&
	test_cmp expect err
'

test_expect_success 'done, snooze, show by name and prefix' '
	cd nb &&
	notebook done "acme corp" proposal >../out &&
	grep -q "\[x\] Send the proposal" journal/2026/11/2026-11-20-acme-corp-call.md &&
	notebook done "Société générale conseil" audit >../out &&
	grep -q "\[x\] Send the audit" journal/2026/11/2026-11-20-sgc-call.md &&
	notebook snooze umb 2w >../out &&
	grep -x "snooze: 2026-12-04" clients/umbrella.md &&
	notebook show "societe" >../out &&
	head -n 1 ../out >../first &&
	echo "Société Générale Conseil (sgc)" >../expect &&
	test_cmp ../expect ../first &&
	git fsck --strict
'

test_expect_success 'edit by name' '
	printf "#!/bin/sh\nsed \"s/^tier: .*/tier: key/\" \"\$1\" >\"\$1.tmp\" && mv \"\$1.tmp\" \"\$1\"\n" >ed-tier.sh &&
	chmod +x ed-tier.sh &&
	cd nb &&
	EDITOR=../ed-tier.sh notebook edit "UMBRELLA" >../out &&
	grep -x "tier: key" clients/umbrella.md &&
	git log -1 --format=%s >../subject &&
	grep "umbrella" ../subject &&
	git status --porcelain >../st && test_must_be_empty ../st &&
	git fsck --strict
'

test_expect_success 'archive and rename by name and prefix' '
	cd nb &&
	notebook archive UMB >../out &&
	grep -x "status: former" clients/umbrella.md &&
	git show --name-only --format= HEAD >../files &&
	echo clients/umbrella.md >../expect && test_cmp ../expect ../files &&
	notebook rename "acme lab" acme-labs >../out &&
	test -f clients/acme-labs.md && ! test -e clients/acme-laboratories-international.md &&
	git fsck --strict
'

test_expect_success 'a client file that fails validation is still found by its id and id prefix' '
	cd nb &&
	printf -- "---\nname: [Broken\n---\n" >clients/broken.md &&
	git add clients/broken.md && git commit -q -m broken &&
	test_status 1 notebook check >/dev/null 2>&1 &&
	notebook log brok -m x >../out 2>/dev/null &&
	grep "^log: broken call" ../out &&
	test_status 2 notebook show acme >/dev/null 2>../err &&
	tail -n 3 ../err >../last &&
	sed "s/acme-laboratories-international  Acme Laboratories International/acme-labs  Acme Laboratories International/; s/^  acme-corp   */  acme-corp  /" ../ambiguous >../expect &&
	test_cmp ../expect ../last
'

test_done
