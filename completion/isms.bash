# SPDX-License-Identifier: MIT
# bash completion for isms (ISMS Workbench): commands, each command's
# options (from 'isms help COMMAND'), kinds ('isms help kind'), record IDs
# ('isms list' in the current repository) and clause numbers ('isms
# catalog clauses'). Installed as $(datadir)/bash-completion/completions/isms;
# or source it from ~/.bashrc.

_isms_run() {
	# The isms being completed (./isms too), without pager or colour.
	local prog=$1
	shift
	case $prog in
	*/*) ;;
	*) prog=$(type -P "$prog") || return 0 ;;
	esac
	"$prog" --no-pager --color=never "$@" 2>/dev/null </dev/null
}

_isms() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local prog=${COMP_WORDS[0]} cmd="" i=1 n=0 words
	COMPREPLY=()

	# The command: the first word that is not a global option.
	while [ "$i" -lt "$COMP_CWORD" ]; do
		case ${COMP_WORDS[i]} in
		-C|--theme) i=$((i + 2)); continue ;;
		-*) i=$((i + 1)); continue ;;
		esac
		cmd=${COMP_WORDS[i]}
		break
	done
	# Arguments after the command, before the one completed.
	for ((j = i + 1; j < COMP_CWORD; j++)); do
		case ${COMP_WORDS[j]} in -*) ;; *) n=$((n + 1)) ;; esac
	done

	case $prev in
	-C) compopt -o dirnames 2>/dev/null; return 0 ;;
	--theme) COMPREPLY=($(compgen -W "default light dark high-contrast monochrome" -- "$cur")); return 0 ;;
	-m|--message|--set|--rev|--org|--since|--until|--author|--title|--owner|--classification|-n|--max-count)
		return 0 ;;
	--decision) COMPREPLY=($(compgen -W "approve changes-requested" -- "$cur")); return 0 ;;
	--ours|--theirs|--renumber)
		COMPREPLY=($(compgen -W "$(_isms_run "$prog" list | awk '{ print $1 }')" -- "$cur"))
		return 0 ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			words="-C -P --no-pager --color --read-only --no-verify --theme --help --version"
		else
			words=$(_isms_run "$prog" --help |
				awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }')
		fi
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return 0
	fi

	if [[ $cur == -* ]]; then
		words=$(_isms_run "$prog" help "$cmd" | sed -n '1s/^usage: //p' |
			grep -oE -- '--?[A-Za-z][A-Za-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$words --help" -- "$cur"))
		return 0
	fi

	case $cmd in
	new|list)
		[ "$n" -eq 0 ] && words=$(_isms_run "$prog" help kind | awk '/^  [a-z]/ { print $1 }') ;;
	help)
		if [ "$n" -eq 0 ]; then
			words="kind $(_isms_run "$prog" --help |
				awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }')"
		elif [ "$n" -eq 1 ] && [ "$prev" = kind ]; then
			words=$(_isms_run "$prog" help kind | awk '/^  [a-z]/ { print $1 }')
		fi ;;
	show|set|edit|log|diff|retire|approve|review|dispose)
		[ "$n" -eq 0 ] && words=$(_isms_run "$prog" list | awk '{ print $1 }') ;;
	guide)
		[ "$n" -eq 0 ] && words=$(_isms_run "$prog" catalog clauses | awk '{ print $1 }') ;;
	catalog) [ "$n" -eq 0 ] && words="clauses controls" ;;
	soa) [ "$n" -eq 0 ] && words="init" ;;
	config)
		if [ "$n" -eq 0 ]; then
			words="get set"
		elif [ "$n" -eq 1 ]; then
			words="organisation edition isms_type id_digits self_approval"
			for k in $(_isms_run "$prog" help kind | awk '/^  [a-z]/ { print $1 }'); do
				words="$words review_months.$k retention_years.$k id_prefixes.$k"
			done
		elif [ "$n" -eq 2 ] && [ "$prev" = isms_type ]; then
			words="whole-entity part-of-entity several-isms"
		fi ;;
	doc)
		if [ "$n" -eq 0 ]; then
			words="add update"
		elif [ "${COMP_WORDS[i+1]}" = update ] && [ "$n" -eq 1 ]; then
			words=$(_isms_run "$prog" list document | awk '{ print $1 }')
		else
			compopt -o default 2>/dev/null
		fi ;;
	commit|init|demo) compopt -o default 2>/dev/null ;;
	esac
	[ -n "$words" ] && COMPREPLY=($(compgen -W "$words" -- "$cur"))
	return 0
}
complete -F _isms isms
