#!/usr/bin/env bash
# I/O errors: make one system call of `isms set`, `isms new` and
# `isms approve` fail (write ENOSPC, fsync EIO, rename EIO, link EIO), each
# call in turn, and check:
#   silent    the command failed without a message
#   false-ok  it exited 0 but did not finish (exit 0 is fine when the
#             failed call was retried: libgit2 writes an object again)
#   torn      the record file is the old or the new version and parses
#   fsck      git fsck --no-dangling is clean
#   half      it failed, yet HEAD moved or the file is not exactly the old
#             one, and its message does not say so (half-told: it does)
#   reverted  the next command undid a change that had been committed
#   blocked   the next command succeeds, or is refused saying what to do
# and print the messages seen (sorted, counted) for a human to judge.
#
#   tests/crash/io-errors.sh [--every K] [--commands set,new,approve]
#
# Exit 1 when silent, false-ok, torn, fsck, half, reverted or blocked is
# not 0; with CRASH_STRICT=1 also when half-told, an index that disagrees,
# or a left temporary or lock file is counted. Exit 77 without strace.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

INJECT="write:ENOSPC fsync:EIO rename:EIO link:EIO"
SYSCALLS=write,fsync,rename,link

crash_options "$@"
crash_require
crash_setup

echo "io-errors: $ISMS; errors: $INJECT; every ${EVERY}th point"
row command points silent exit0 false-ok torn fsck half half-told reverted blocked disagree \
	tmp-left locks-left >"$WORK/table"
: >"$WORK/messages"; : >"$WORK/states"
failed=0 strict=0

errno_of() {
	local x
	for x in $INJECT; do
		[ "${x%%:*}" = "$1" ] && echo "${x#*:}"
	done
}

for cmd in ${COMMANDS//,/ }; do
	start=$SECONDS
	reference_run "$cmd" "$SYSCALLS"
	command_def "$cmd"
	c_points=0 c_silent=0 c_exit0=0 c_false=0 c_torn=0 c_fsck=0 c_half=0 c_halftold=0
	c_reverted=0 c_blocked=0 c_disagree=0 c_tmp=0 c_locks=0
	while read -r sc n; do
		d="$WORK/p"
		err=$(errno_of "$sc")
		rm -rf "$d"
		cp -a "$BASE" "$d"
		rc=0
		(cd "$d" && as_who strace -f -qq -o /dev/null -e trace="$sc" \
			-e inject="$sc:error=$err:when=$n" -- "$ISMS" "${CMD_ARGS[@]}") \
			>"$WORK/out" 2>"$WORK/err" || rc=$?
		c_points=$((c_points + 1))
		desc=$(call_desc "$cmd" "$sc" "$n")
		at="$cmd $sc=$err #$n ($desc)"
		work=$(working_version "$d/$CMD_FILE" "$cmd")
		head=$(git -C "$d" rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null || echo none)
		headv=$(version_at "$d" "$CMD_FILE" HEAD "$cmd")
		idx=$(version_at "$d" "$CMD_FILE" "" "$cmd")
		echo "$cmd exit $([ "$rc" -eq 0 ] && echo 0 || echo non-0): HEAD=$headv index=$idx file=$work" >>"$WORK/states"
		if [ "$rc" -eq 0 ]; then
			# A call that failed and was retried (libgit2 writes an object
			# again; its rename falls back from link to rename) is fine
			# when everything was done.
			c_exit0=$((c_exit0 + 1))
			if [ "$headv" != new ] || [ "$work" != new ] || [ "$idx" != new ] ||
			   { [ "$cmd" = approve ] && ! git -C "$d" rev-parse -q --verify refs/tags/approved/POL-001/v1.0 >/dev/null; }; then
				c_false=$((c_false + 1)); echo "  false success: $at: HEAD=$headv index=$idx file=$work"
			fi
		elif [ ! -s "$WORK/err" ]; then
			c_silent=$((c_silent + 1)); echo "  silent: $at"
		else
			sed "s/^/$cmd $sc=$err: /" "$WORK/err" | normalise >>"$WORK/messages"
		fi
		if [ "$work" = torn ] || { [ "$work" = absent ] && [ "$cmd" != new ]; } ||
		   { [ -e "$d/$CMD_FILE" ] && ! (cd "$d" && "$ISMS" show "$CMD_ID" >/dev/null 2>&1); }; then
			c_torn=$((c_torn + 1)); echo "  torn: $at: $CMD_FILE is $work"
		fi
		if ! git -C "$d" fsck --no-dangling >"$WORK/fsck.out" 2>&1; then
			c_fsck=$((c_fsck + 1)); echo "  fsck: $at: $(head -n1 "$WORK/fsck.out")"
		fi
		if [ "$rc" -ne 0 ] && { [ "$head" != "$OLD_HEAD" ] || [ "$work" != "$([ "$cmd" = new ] && echo absent || echo old)" ]; }; then
			# Told: the message says that the commit was made.
			if grep -qE 'was made|approved in commit' "$WORK/err"; then
				c_halftold=$((c_halftold + 1)); kind="half-done, said so"
			else
				c_half=$((c_half + 1)); kind="HALF-DONE, NOT SAID"
			fi
			echo "  $kind: $at: exit $rc, HEAD $( [ "$head" = "$OLD_HEAD" ] && echo unchanged || echo "moved, record $headv"), index $idx, file $work: $(head -n1 "$WORK/err" | normalise)"
		fi
		if ! git -C "$d" diff --cached --quiet 2>/dev/null && [ "$work" != "$idx" ]; then
			c_disagree=$((c_disagree + 1)); echo "  index disagrees: $at: HEAD $headv, index $idx, file $work"
		fi
		[ "$(find "$d" -name '*.isms-tmp-*' | wc -l)" -gt 0 ] && c_tmp=$((c_tmp + 1))
		if find "$d/.git" \( -name '*.lock' -o -name 'index.next' \) ! -path '*/isms/save.lock' | grep -q .; then
			c_locks=$((c_locks + 1))
			echo "  lock left: $at: $(find "$d/.git" \( -name '*.lock' -o -name 'index.next' \) ! -path '*/isms/save.lock' -printf '%P ')"
		fi
		next=$(next_command "$d")
		[ "$next" = ok-after-removing ] && next=ok
		if [ "$next" = blocked ]; then
			c_blocked=$((c_blocked + 1)); echo "  blocked: $at: $(head -n1 "$WORK/next.err")"
		elif [ "$next" = ok ] && reverted "$d" "$head" "$cmd"; then
			c_reverted=$((c_reverted + 1)); echo "  REVERTED by the next command ('${NEXT_ARGS[*]}'): $at"
		fi
	done < <(points_of "$cmd")
	row "$cmd" $c_points $c_silent $c_exit0 $c_false $c_torn $c_fsck $c_half $c_halftold \
		$c_reverted $c_blocked $c_disagree $c_tmp $c_locks >>"$WORK/table"
	echo "io-errors: $cmd: $c_points points in $((SECONDS - start)) s"
	[ $((c_silent + c_false + c_torn + c_fsck + c_half + c_reverted + c_blocked)) -eq 0 ] || failed=1
	[ $((c_halftold + c_disagree + c_tmp + c_locks)) -eq 0 ] || strict=1
done
rm -rf "$WORK/p"

echo
echo "Messages seen (command, injected error: message):"
sort "$WORK/messages" | uniq -c | sort -k2,2 -k1,1nr
echo
echo "States after the error (command, exit, HEAD/index/file version of the record):"
sort "$WORK/states" | uniq -c | sort -k2,2 -k1,1nr
echo
echo "exit0: exited 0 (the failed call was retried); false-ok: exited 0 without finishing;"
echo "half: failed, but HEAD moved or the file is not the old one, and the message does not"
echo "say so; half-told: the same, the message says the commit was made and what finishes it;"
echo "reverted: the next command ('set ID owner=After', new: new again) undid the committed change;"
echo "disagree: git's index is neither HEAD nor the working file."
cat "$WORK/table"
if [ "$failed" -ne 0 ]; then
	echo "io-errors: FAIL (silent, false-ok, torn, fsck, half, reverted and blocked must be 0)"
	exit 1
fi
if [ "${CRASH_STRICT:-0}" = 1 ] && [ "$strict" -ne 0 ]; then
	echo "io-errors: FAIL (CRASH_STRICT=1: every count must be 0)"
	exit 1
fi
echo "io-errors: PASS"
