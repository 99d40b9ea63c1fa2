#!/usr/bin/env bash
# Crash consistency: kill `isms set`, `isms new` and `isms approve` (SIGKILL,
# through strace) on entering each of their file-system calls in turn and
# check the repository after each:
#   fsck     git fsck --no-dangling is clean
#   torn     the record file is the old or the new version, byte for byte
#   parse    isms show ID works on it, isms check never says 2 (cannot parse)
#   index    HEAD and git's index agree (nothing staged), or the working
#            file is what the index holds (the change is staged, complete)
#   lost     HEAD is the commit before, or a descendant of it
#   blocked  the next command (isms set ID owner=After; new: new again)
#            succeeds, or is refused with a message saying what to do;
#            when it names a stale lock file, that is removed and the
#            command run again, as a person would
#   reverted the next command undid what the killed one had committed
# and count what recovery should clean: temporary files, lock files,
# untracked records left by new, "status: approved" on disk with no commit.
#
#   tests/crash/crash.sh [--every K] [--commands set,new,approve]
#
# Exit 1 when torn, parse, fsck, lost, reverted or blocked is not 0; with
# CRASH_STRICT=1 also when any of the other counts is not 0. Exit 77
# (skip) without strace. A kill is a process crash, not a power cut: what
# was written reaches the disk through the page cache all the same.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

SYSCALLS=write,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat,openat,close,mkdir,symlink

crash_options "$@"
crash_require
crash_setup

echo "crash: $ISMS; kills on: $SYSCALLS; every ${EVERY}th point"
row command points torn unparsed fsck lost reverted blocked staged disagree dirty tmp-left locks-left \
	untracked appr-nocm tag-nocm >"$WORK/table"
failed=0 strict=0

check_point() {  # after a kill in $WORK/p: count what is found
	local cmd=$1 d="$WORK/p" head work idx headv state

	if ! git -C "$d" fsck --no-dangling >"$WORK/fsck.out" 2>&1; then
		c_fsck=$((c_fsck + 1)); echo "  fsck: $cmd $sc #$n: $(head -n1 "$WORK/fsck.out")"
	fi
	head=$(git -C "$d" rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null || echo none)
	if [ "$head" = none ] || ! git -C "$d" merge-base --is-ancestor "$OLD_HEAD" "$head" 2>/dev/null; then
		c_lost=$((c_lost + 1)); echo "  lost: $cmd $sc #$n: HEAD is $head"
	fi
	work=$(working_version "$d/$CMD_FILE" "$cmd")
	if [ "$work" = torn ] || { [ "$work" = absent ] && [ "$cmd" != new ]; }; then
		c_torn=$((c_torn + 1)); echo "  torn: $cmd $sc #$n: $CMD_FILE is $work"
	fi
	# The first isms command puts back what the kill left (a new record not
	# committed is removed): then the record is gone, which is its old state.
	if { [ -e "$d/$CMD_FILE" ] && ! (cd "$d" && "$ISMS" show "$CMD_ID" >/dev/null 2>&1) &&
	     [ -e "$d/$CMD_FILE" ]; } ||
	   { (cd "$d" && "$ISMS" check >/dev/null 2>&1); [ $? -ge 2 ]; }; then
		c_unparsed=$((c_unparsed + 1)); echo "  unparsed: $cmd $sc #$n"
	fi
	headv=$(version_at "$d" "$CMD_FILE" HEAD "$cmd")
	idx=$(version_at "$d" "$CMD_FILE" "" "$cmd")
	if git -C "$d" diff --cached --quiet 2>/dev/null; then
		:
	elif { [ "$work" = absent ] && [ "$idx" = absent ]; } || [ "$work" = "$idx" ]; then
		c_staged=$((c_staged + 1))
	else
		c_disagree=$((c_disagree + 1)); echo "  index disagrees: $cmd $sc #$n: HEAD $headv, index $idx, file $work"
	fi
	state="HEAD=$headv index=$idx file=$work"
	if git -C "$d" rev-parse -q --verify refs/tags/approved/POL-001/v1.0 >/dev/null; then
		state="$state tag"
	fi
	echo "$cmd $state" >>"$WORK/states"
	[ "${CRASH_VERBOSE:-0}" = 1 ] && echo "  $cmd $sc #$n: $state: $(call_desc "$cmd" "$sc" "$n")"
	if [ "$work" != "$headv" ] && [ "$work" != torn ]; then
		c_dirty=$((c_dirty + 1))
	fi
	local tmp locks
	tmp=$(find "$d" -name '*.isms-tmp-*' | wc -l)
	[ "$tmp" -gt 0 ] && c_tmp=$((c_tmp + 1))
	# .git/isms/save.lock stays by design: it is locked with flock, not by existing.
	find "$d/.git" \( -name '*.lock' -o -name 'index.next' \) ! -path '*/isms/save.lock' \
		-printf "$cmd %P\n" >"$WORK/locks.now"
	if [ -s "$WORK/locks.now" ]; then
		c_locks=$((c_locks + 1)); cat "$WORK/locks.now" >>"$WORK/lockfiles"
	fi
	if [ "$cmd" = new ] && [ -e "$d/$CMD_FILE" ] && [ "$headv" = absent ]; then
		c_untracked=$((c_untracked + 1))
	fi
	if [ "$cmd" = approve ]; then
		if grep -q '^status: approved' "$d/$CMD_FILE" 2>/dev/null &&
		   ! git -C "$d" show "HEAD:$CMD_FILE" 2>/dev/null | grep -q '^status: approved'; then
			c_apprnc=$((c_apprnc + 1))
		fi
		if [ "$headv" = new ] && ! git -C "$d" rev-parse -q --verify "refs/tags/approved/POL-001/v1.0" >/dev/null; then
			c_tagnc=$((c_tagnc + 1)); echo "  approval committed without its tag: $sc #$n"
		fi
	fi
	local next
	next=$(next_command "$d")
	if [ "$next" = ok ]; then
		echo "$cmd ok" >>"$WORK/nexts"
	elif [ "$next" = ok-after-removing ]; then
		echo "$cmd ok after removing $(tr '\n' ' ' <"$WORK/next.removed")" >>"$WORK/nexts"
		next=ok
	else
		echo "$cmd $next$([ -s "$WORK/next.removed" ] && echo " after removing $(tr '\n' ' ' <"$WORK/next.removed")"): $(head -n1 "$WORK/next.err" | normalise)" >>"$WORK/nexts"
	fi
	if [ "$next" = blocked ]; then
		c_blocked=$((c_blocked + 1)); echo "  blocked: $cmd $sc #$n: $(head -n1 "$WORK/next.err")"
	elif [ "$next" = ok ] && ! git -C "$d" fsck --no-dangling >/dev/null 2>&1; then
		c_fsck=$((c_fsck + 1)); echo "  fsck after the next command: $cmd $sc #$n"
	fi
	if [ "$next" = ok ] && reverted "$d" "$head" "$cmd"; then
		c_reverted=$((c_reverted + 1)); echo "  reverted by the next command: $cmd $sc #$n ($state)"
	fi
}

: >"$WORK/states"; : >"$WORK/nexts"; : >"$WORK/lockfiles"
for cmd in ${COMMANDS//,/ }; do
	start=$SECONDS
	reference_run "$cmd" "$SYSCALLS"
	command_def "$cmd"
	c_points=0 c_torn=0 c_unparsed=0 c_fsck=0 c_lost=0 c_reverted=0 c_blocked=0 c_staged=0 c_disagree=0
	c_dirty=0 c_tmp=0 c_locks=0 c_untracked=0 c_apprnc=0 c_tagnc=0
	echo "crash: $cmd: '${CMD_ARGS[*]}' makes $(wc -l <"$WORK/calls.$cmd") traced calls:" \
		"$(awk '{ print $1 }' "$WORK/calls.$cmd" | sort | uniq -c | awk '{ printf "%s %s, ", $2, $1 }')"
	while read -r sc n; do
		rm -rf "$WORK/p"
		cp -a "$BASE" "$WORK/p"
		(cd "$WORK/p" && as_who strace -f -qq -o /dev/null -e trace="$sc" \
			-e inject="$sc:signal=KILL:when=$n" -- "$ISMS" "${CMD_ARGS[@]}") >/dev/null 2>&1
		c_points=$((c_points + 1))
		check_point "$cmd"
	done < <(points_of "$cmd")
	row "$cmd" $c_points $c_torn $c_unparsed $c_fsck $c_lost $c_reverted $c_blocked $c_staged $c_disagree \
		$c_dirty $c_tmp $c_locks $c_untracked $c_apprnc $c_tagnc >>"$WORK/table"
	echo "crash: $cmd: $c_points points in $((SECONDS - start)) s"
	[ $((c_torn + c_unparsed + c_fsck + c_lost + c_reverted + c_blocked)) -eq 0 ] || failed=1
	[ $((c_disagree + c_dirty + c_tmp + c_locks + c_untracked + c_apprnc + c_tagnc)) -eq 0 ] || strict=1
done
rm -rf "$WORK/p"

echo
echo "States after the kill (command, HEAD/index/file version of the record):"
sort "$WORK/states" | uniq -c | sort -k2,2 -k1,1nr
echo
echo "The next command after the kill (stale lock files it names removed, as a person would):"
sort "$WORK/nexts" | uniq -c | sort -k2,2 -k1,1nr
if [ -s "$WORK/lockfiles" ]; then
	echo
	echo "Lock and temporary index files left:"
	sort "$WORK/lockfiles" | uniq -c
fi
echo
echo "reverted: the next command undid the change the killed command had committed;"
echo "staged: the change is staged, HEAD lacks it; disagree: index is neither HEAD nor the file;"
echo "dirty: the record file on disk is not what HEAD has (an uncommitted change left);"
echo "tmp-left/locks-left: points leaving *.isms-tmp-* files / *.lock or index.next;"
echo "untracked: new left its file uncommitted; appr-nocm: 'status: approved' on disk, not in HEAD;"
echo "tag-nocm: the approval commit is on the branch without its tag."
cat "$WORK/table"
if [ "$failed" -ne 0 ]; then
	echo "crash: FAIL (torn, unparsed, fsck, lost, reverted and blocked must be 0)"
	exit 1
fi
if [ "${CRASH_STRICT:-0}" = 1 ] && [ "$strict" -ne 0 ]; then
	echo "crash: FAIL (CRASH_STRICT=1: every count must be 0)"
	exit 1
fi
echo "crash: PASS"
