# bash completion for notebook(1)
_notebook_clients()
{
	local root=${NOTEBOOK_DIR:-.} d
	d=$PWD
	while [ -z "${NOTEBOOK_DIR:-}" ] && [ "$d" != / ] && [ ! -f "$d/notebook.yaml" ]; do
		d=$(dirname "$d")
	done
	[ -z "${NOTEBOOK_DIR:-}" ] && root=$d
	[ -d "$root/clients" ] || return
	(cd "$root/clients" && find . -name '*.md' -printf '%f\n' 2>/dev/null | sed 's/\.md$//')
}

_notebook()
{
	local cur prev cmd i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ "$prev" = -C ]; then
		COMPREPLY=($(compgen -d -- "$cur"))
		return
	fi
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "init new log done snooze edit commit check status show list agenda search index sync export import rename archive rm hook help --version --help -C" -- "$cur"))
		return
	fi
	case $prev in
	-k|--kind) COMPREPLY=($(compgen -W "call meeting email message thanks apology check-in feedback note" -- "$cur")); return ;;
	--trust) COMPREPLY=($(compgen -W "healthy strained repairing" -- "$cur")); return ;;
	--tier) COMPREPLY=($(compgen -W "key regular occasional" -- "$cur")); return ;;
	--status) COMPREPLY=($(compgen -W "prospect active paused former" -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "text json csv vcard" -- "$cur")); return ;;
	esac
	case $cmd in
	log|done|snooze|edit|show|rename|archive|rm)
		if [[ $cur == -* ]]; then
			case $cmd in
			log) COMPREPLY=($(compgen -W "-k -m --date --with --mood --satisfaction --trust --promise --help" -- "$cur")) ;;
			show) COMPREPLY=($(compgen -W "--as-of --json --no-color --help" -- "$cur")) ;;
			*) COMPREPLY=($(compgen -W "--help" -- "$cur")) ;;
			esac
		elif [ "$cmd" = snooze ] && [ "$prev" != snooze ]; then
			COMPREPLY=($(compgen -W "off 1w 2w 1m" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_notebook_clients)" -- "$cur"))
		fi ;;
	new) COMPREPLY=($(compgen -W "--id --tier --cadence --since --owner --tag --help" -- "$cur")) ;;
	status) COMPREPLY=($(compgen -W "--as-of --all --tag --owner --json --exit-code --no-color --help" -- "$cur")) ;;
	check) COMPREPLY=($(compgen -W "--staged --format --help" -- "$cur") $(compgen -f -- "$cur")) ;;
	list) COMPREPLY=($(compgen -W "--tag --status --json --help" -- "$cur")) ;;
	agenda) COMPREPLY=($(compgen -W "--days --as-of --ics --json --no-color --help" -- "$cur")) ;;
	export) COMPREPLY=($(compgen -W "--format --output --as-of --help" -- "$cur")) ;;
	import)
		if [ "$prev" = import ]; then
			COMPREPLY=($(compgen -W "csv vcard" -- "$cur"))
		elif [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--map --dates --last-contact-kind --dry-run --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	hook) COMPREPLY=($(compgen -W "install --force" -- "$cur")) ;;
	index) COMPREPLY=($(compgen -W "--rebuild --help" -- "$cur")) ;;
	help) COMPREPLY=($(compgen -W "init new log done snooze edit commit check status show list agenda search index sync export import rename archive rm hook merge-driver" -- "$cur")) ;;
	esac
}
complete -F _notebook notebook
