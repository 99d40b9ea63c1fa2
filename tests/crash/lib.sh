# Shared by tests/crash/crash.sh and tests/crash/io-errors.sh: a small
# prepared ISMS repository, the three commands under test, a reference run
# of each (its new file and the numbered system calls it makes), and the
# checks of a repository after a command was killed or saw an error.
#
# strace counts `when=N` separately for every system call of an inject set
# (`inject=write,fsync:when=3` stops at the third write OR the third
# fsync), so a point is one (system call, N) pair and every call of every
# traced kind is a point of its own.
# shellcheck shell=bash

ISMS=${ISMS_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/isms}
COMMANDS=set,new,approve
EVERY=1

crash_usage() {
	echo "usage: $0 [--every K] [--commands set,new,approve]" >&2
	exit 2
}

crash_options() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--every) [ $# -ge 2 ] || crash_usage; EVERY=$2; shift 2 ;;
		--every=*) EVERY=${1#--every=}; shift ;;
		--commands) [ $# -ge 2 ] || crash_usage; COMMANDS=$2; shift 2 ;;
		--commands=*) COMMANDS=${1#--commands=}; shift ;;
		-h|--help) crash_usage ;;
		*) crash_usage ;;
		esac
	done
	case "$EVERY" in ''|*[!0-9]*|0) echo "$0: --every takes a positive number" >&2; exit 2 ;; esac
	local c
	for c in ${COMMANDS//,/ }; do
		case "$c" in set|new|approve) ;; *) echo "$0: unknown command $c" >&2; exit 2 ;; esac
	done
}

# Skip (77) when the tools are missing or ptrace is not allowed here.
crash_require() {
	if ! command -v strace >/dev/null 2>&1; then
		echo "SKIP: strace is not installed (./bootstrap installs it)"
		exit 77
	fi
	if ! strace -f -qq -o /dev/null -e inject=write:error=ENOSPC:when=1 true 2>/dev/null; then
		echo "SKIP: strace cannot trace here (ptrace not permitted?)"
		exit 77
	fi
	if [ ! -x "$ISMS" ]; then
		echo "$0: $ISMS is not built (set ISMS_BIN)" >&2
		exit 2
	fi
	command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
}

# A private, fixed environment: no user configuration, a fixed day.
crash_setup() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/isms-crash.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
	mkdir -p "$WORK/home"
	export HOME="$WORK/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C ISMS_TODAY=2026-06-01
	export XDG_CONFIG_HOME="$WORK/home/.config"
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE VISUAL EDITOR
	as_alice
	BASE="$WORK/base"
	"$ISMS" init "$BASE" --org "Crash Ltd" >/dev/null
	(cd "$BASE" &&
	 "$ISMS" new policy --set "title=Information security policy" --set "owner=A. Person" &&
	 "$ISMS" new risk --set title=Ransomware --set owner=Ann --set likelihood=2 --set impact=2 &&
	 git config gc.auto 0) >/dev/null || { echo "$0: cannot prepare the repository" >&2; exit 2; }
	OLD_HEAD=$(git -C "$BASE" rev-parse HEAD)
}

as_alice() {
	export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.org
	export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.org
}

# The command `$1` as: ID, the file it writes, who runs it, its arguments,
# and the command that is run next to see that work can go on. That one
# changes another field (owner), so that it can be seen whether it undid
# the change the interrupted command committed (see reverted).
command_def() {
	case "$1" in
	set) CMD_ID=POL-001 CMD_FILE=policies/POL-001.yaml CMD_WHO=alice
	     CMD_ARGS=(set POL-001 "title=Security policy, new") ;;
	new) CMD_ID=RSK-002 CMD_FILE=risks/RSK-002.yaml CMD_WHO=alice
	     CMD_ARGS=(new risk --set title=Flood --set owner=Ann) ;;
	approve) CMD_ID=POL-001 CMD_FILE=policies/POL-001.yaml CMD_WHO=bob
	     CMD_ARGS=(approve POL-001) ;;
	esac
	if [ "$1" = new ]; then
		NEXT_ARGS=("${CMD_ARGS[@]}")
	else
		NEXT_ARGS=(set "$CMD_ID" owner=After)
	fi
}

# Run the command `$@` in the current folder as the command's person.
as_who() {
	if [ "$CMD_WHO" = bob ]; then
		GIT_AUTHOR_NAME=Bob GIT_AUTHOR_EMAIL=bob@example.org \
		GIT_COMMITTER_NAME=Bob GIT_COMMITTER_EMAIL=bob@example.org "$@"
	else
		"$@"
	fi
}

# The syscalls traced, the reference run of command `$1`: its new file in
# $WORK/new.$1 (absent for none) and the calls in $WORK/calls.$1, one a
# line: "SYSCALL N DESCRIPTION", in the order they were made.
reference_run() {
	local cmd=$1 syscalls=$2 d="$WORK/ref.$cmd"

	command_def "$cmd"
	rm -rf "$d"
	cp -a "$BASE" "$d"
	(cd "$d" && as_who strace -f -qq -y -s 40 -o "$WORK/trace.$cmd" -e trace="$syscalls" \
		-- "$ISMS" "${CMD_ARGS[@]}") >"$WORK/ref.$cmd.out" 2>&1 || {
		echo "$0: the reference run of '${CMD_ARGS[*]}' failed:" >&2
		cat "$WORK/ref.$cmd.out" >&2
		exit 2
	}
	rm -f "$WORK/new.$cmd"
	[ -e "$d/$CMD_FILE" ] && cp "$d/$CMD_FILE" "$WORK/new.$cmd"
	rm -f "$WORK/old.$cmd"
	[ -e "$BASE/$CMD_FILE" ] && cp "$BASE/$CMD_FILE" "$WORK/old.$cmd"
	# The record as the next command leaves it after an uninterrupted run.
	(cd "$d" && as_who "$ISMS" "${NEXT_ARGS[@]}") >/dev/null 2>&1 &&
		git -C "$d" cat-file blob "HEAD:$CMD_FILE" >"$WORK/after.$cmd" || {
		echo "$0: '${NEXT_ARGS[*]}' after '${CMD_ARGS[*]}' failed" >&2
		exit 2
	}
	# "1234 write(3</tmp/x/ref.set/.git/...>, ...) = 5" -> "write 7 write(3<REPO/.git/...>, ...) = 5"
	sed -n -E 's/^[0-9]+ +([a-z0-9_]+)\(/\1 &/p' "$WORK/trace.$cmd" |
		sed -E "s|^([a-z0-9_]+) [0-9]+ +|\1 |; s|$d|REPO|g" |
		awk '{ n[$1]++; name = $1; $1 = ""; print name, n[name], substr($0, 2) }' \
		>"$WORK/calls.$cmd"
	rm -rf "$d"
}

# The points of command `$1` to test: "SYSCALL N" lines, every EVERY-th.
points_of() {
	awk -v k="$EVERY" '(NR - 1) % k == 0 { print $1, $2 }' "$WORK/calls.$1"
}

call_desc() {  # the reference run's description of call $2 #$3 of command $1
	awk -v s="$2" -v n="$3" '$1 == s && $2 == n { $1 = ""; $2 = ""; print substr($0, 3); exit }' \
		"$WORK/calls.$1" | cut -c1-110
}

# What a message says, without the parts that change from run to run.
normalise() {
	sed -E "s|$WORK/p|REPO|g; s|$WORK|WORK|g; s/isms-tmp-[A-Za-z0-9]{6}/isms-tmp-XXXXXX/g;
		s/[0-9a-f]{40}/<oid>/g; s/\b[0-9a-f]{7,12}\b/<oid>/g"
}

# Compare file $1 (may be absent) with the saved copy $2 (may be absent).
same_file() {
	if [ ! -e "$1" ] && [ ! -e "$2" ]; then return 0; fi
	[ -e "$1" ] && [ -e "$2" ] && cmp -s "$1" "$2"
}

# git's view of file $2 in repository $1 at revision $3 ("" for the
# index): "old", "new", "absent" or "other".
version_at() {
	local repo=$1 path=$2 rev=$3 cmd=$4 tmp="$WORK/version.tmp"

	if ! git -C "$repo" cat-file -e "$rev:$path" 2>/dev/null; then
		echo absent
		return
	fi
	git -C "$repo" cat-file blob "$rev:$path" >"$tmp"
	if same_file "$tmp" "$WORK/old.$cmd"; then echo old
	elif same_file "$tmp" "$WORK/new.$cmd"; then echo new
	else echo other
	fi
}

working_version() {
	local f=$1 cmd=$2

	if [ ! -e "$f" ]; then echo absent
	elif same_file "$f" "$WORK/old.$cmd"; then echo old
	elif same_file "$f" "$WORK/new.$cmd"; then echo new
	else echo torn
	fi
}

# Run the next command in `$1` as a person would: when it names a stale
# lock file ("X.lock exists: ... remove that stale lock file"), remove it
# and run the command again. Prints "ok", "ok-after-removing" , "advice"
# (refused, naming a command to run or a file to remove) or "blocked"
# (refused without saying what to do, or hung); the last message is in
# $WORK/next.err and the lock files removed in $WORK/next.removed.
next_command() {
	local rc tries lock

	: >"$WORK/next.removed"
	for tries in 1 2 3 4 5 6; do
		rc=0
		(cd "$1" && as_who timeout 30 "$ISMS" "${NEXT_ARGS[@]}") >/dev/null 2>"$WORK/next.err" || rc=$?
		if [ "$rc" -eq 0 ]; then
			[ -s "$WORK/next.removed" ] && echo ok-after-removing || echo ok
			return
		fi
		lock=$(sed -n -E 's/^isms: (.*\.lock) exists: .*remove that stale lock file.*/\1/p' "$WORK/next.err" | head -n1)
		if [ -n "$lock" ] && [ -e "$lock" ] && [ "$tries" -lt 6 ]; then
			echo "${lock#"$1"/}" >>"$WORK/next.removed"
			rm -f "$lock"
			continue
		fi
		break
	done
	if [ "$rc" -ne 124 ] && grep -qE "remove|run |git [a-z]" "$WORK/next.err"; then
		echo advice
	else
		echo blocked
	fi
}

# Whether the next command undid what the interrupted command committed:
# `$2` is HEAD after the interrupted command; when it holds the new
# version of the record, the next command must leave the record as it
# does after an uninterrupted run ($WORK/after.CMD).
reverted() {
	local repo=$1 first=$2 cmd=$3

	[ "$first" != "$OLD_HEAD" ] || return 1
	[ "$(version_at "$repo" "$CMD_FILE" "$first" "$cmd")" = new ] || return 1
	git -C "$repo" merge-base --is-ancestor "$first" HEAD 2>/dev/null || return 0
	git -C "$repo" cat-file blob "HEAD:$CMD_FILE" >"$WORK/after.now" 2>/dev/null || return 0
	! cmp -s "$WORK/after.now" "$WORK/after.$cmd"
}

# Print a table row: name then numbers, right-aligned.
row() {
	printf '%-10s' "$1"
	shift
	printf ' %9s' "$@"
	printf '\n'
}
