#!/usr/bin/env bash
# Races: two `isms set` writers in loops, in three rounds (different
# records; the same record, different fields; the same record, the same
# field), while a person runs `git add` + `git commit` on another file and
# `git gc --auto` and `git pack-refs --all` run alongside. Then, from
# `git log -p`:
#   lost      an `isms set` that exited 0 whose value never reached the
#             history, or that a later commit took back (a field going
#             back to an earlier value: every value is written once), or
#             a hand commit of notes.txt that changed a record
#   ghost     a value committed by an `isms set` that exited non-zero
# and the failures, counted by message (a conflict on the same record is
# expected; anything else is spurious).
#
#   tests/crash/race.sh [--saves N]     (default 200: N/6 per writer and round)
#
# Exit 1 when lost or ghost is not 0, or fsck fails at the end.
set -uo pipefail
ISMS=${ISMS_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/isms}
SAVES=200

while [ $# -gt 0 ]; do
	case "$1" in
	--saves) SAVES=${2:-}; shift 2 || break ;;
	--saves=*) SAVES=${1#--saves=}; shift ;;
	*) echo "usage: $0 [--saves N]" >&2; exit 2 ;;
	esac
done
case "$SAVES" in ''|*[!0-9]*) echo "$0: --saves takes a number" >&2; exit 2 ;; esac
[ -x "$ISMS" ] || { echo "$0: $ISMS is not built (set ISMS_BIN)" >&2; exit 2; }
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 77; }
ITER=$(( (SAVES + 5) / 6 ))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/isms-race.XXXXXX")
pids=()
cleanup() {
	touch "$WORK/stop" 2>/dev/null
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/home"
export HOME="$WORK/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C ISMS_TODAY=2026-06-01
export XDG_CONFIG_HOME="$WORK/home/.config"
export GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.org
export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.org
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
R="$WORK/repo"
"$ISMS" init "$R" --org "Race Ltd" >/dev/null
(cd "$R" &&
 "$ISMS" new policy --set "title=Information security policy" --set "owner=A. Person" &&
 "$ISMS" new risk --set title=Ransomware --set owner=Ann --set likelihood=2 --set impact=2 &&
 echo notes >notes.txt && git add notes.txt && git commit -qm "notes 0" &&
 git config gc.autoDetach false) >/dev/null || { echo "$0: cannot prepare" >&2; exit 2; }

# writer NAME ROUND ID FIELD PREFIX: ITER saves, one line each in $WORK/log:
# "ROUND NAME FILE FIELD VALUE RC MESSAGE".
writer() {
	local name=$1 round=$2 id=$3 field=$4 prefix=$5 i rc file
	file=$(cd "$R" && git ls-files '*/'"$id.yaml")
	for ((i = 1; i <= ITER; i++)); do
		rc=0
		(cd "$R" && "$ISMS" set "$id" "$field=$prefix$i") >/dev/null 2>"$WORK/err.$name" || rc=$?
		printf '%s %s %s %s %s %s %s\n' "$round" "$name" "$file" "$field" "$prefix$i" "$rc" \
			"$(head -n1 "$WORK/err.$name" | sed -E "s|$WORK|WORK|g; s/[0-9a-f]{7,40}/<oid>/g")" \
			>>"$WORK/log.$name"
	done
}

# A person committing another file by hand, until told to stop.
hand() {
	local i=0
	while [ ! -e "$WORK/stop" ]; do
		i=$((i + 1))
		echo "$i" >>"$R/notes.txt"
		if (cd "$R" && git add notes.txt && git commit -qm "notes $i") >/dev/null 2>"$WORK/err.hand"; then
			echo ok >>"$WORK/log.hand"
		else
			echo "failed: $(grep -m1 -E 'fatal|error' "$WORK/err.hand" | sed -E "s|$WORK|WORK|g")" >>"$WORK/log.hand"
		fi
		sleep 0.05
	done
}

# Housekeeping alongside.
maint() {
	while [ ! -e "$WORK/stop" ]; do
		git -C "$R" -c gc.auto=30 gc --auto --quiet >/dev/null 2>>"$WORK/err.maint" &&
			echo "gc ok" >>"$WORK/log.maint" || echo "gc failed" >>"$WORK/log.maint"
		git -C "$R" pack-refs --all >/dev/null 2>>"$WORK/err.maint" &&
			echo "pack-refs ok" >>"$WORK/log.maint" || echo "pack-refs failed" >>"$WORK/log.maint"
		sleep 0.1
	done
}

start=$SECONDS
echo "race: $ISMS; $((ITER * 6)) saves: 2 writers x 3 rounds x $ITER, with git commit, gc and pack-refs alongside"
hand & pids+=($!)
maint & pids+=($!)
run_round() {
	writer "$1" "$2" "$3" "$4" "$5" & local a=$!
	writer "$6" "$2" "$7" "$8" "$9" & local b=$!
	wait "$a" "$b"
}
run_round A different POL-001 title a B RSK-001 title b
run_round C same-record POL-001 title c D POL-001 owner d
run_round E same-field POL-001 title e F POL-001 title f
touch "$WORK/stop"
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
pids=()
elapsed=$((SECONDS - start))
cat "$WORK"/log.[A-F] >"$WORK/log"

# The history of every field of the two records, oldest first:
# "COMMIT SUBJECT|FILE FIELD VALUE" for each value a commit gave a field.
git -C "$R" log --reverse -p --format='@@commit %h %s' -- policies/POL-001.yaml risks/RSK-001.yaml |
awk '
	/^@@commit / { c = $2; s = $3; next }
	/^\+\+\+ b\// { f = substr($0, 7); next }
	/^\+[a-z_]+: / { k = substr($1, 2, length($1) - 2); v = $0; sub(/^\+[a-z_]+: /, "", v);
			 print c, s, f, k, v }
' >"$WORK/history"

# Checks, in awk: the log of saves against the history.
awk -v out="$WORK/findings" '
	FNR == NR { key = $3 " " $4; val[key " " $5] = $6; next }   # saves: rc of each value
	{
		key = $3 " " $4; v = $5
		if ($2 ~ /^notes/) { print "lost: hand commit " $1 " changed " key " to " v > out; bad++ }
		if ((key " " v) in seen) { print "lost: commit " $1 " took " key " back to " v > out; bad++ }
		seen[key " " v] = 1
		if ((key " " v) in val && val[key " " v] != 0) {
			print "ghost: " key "=" v " committed in " $1 " though isms set exited " val[key " " v] > out
		}
	}
	END { for (k in val) if (val[k] == 0 && !(k in seen)) print "lost: " k " exited 0 but is not in the history" > out }
' "$WORK/log" "$WORK/history"
touch "$WORK/findings"
lost=$(grep -c '^lost' "$WORK/findings")
ghost=$(grep -c '^ghost' "$WORK/findings")
fsck=0
git -C "$R" fsck --no-dangling >"$WORK/fsck" 2>&1 || fsck=1

echo
echo "Saves (round, exit 0 / non-zero):"
awk '{ n[$1]++; if ($6 == 0) ok[$1]++ } END { for (r in n) printf "  %-12s %4d saves, %4d ok, %4d failed\n", r, n[r], ok[r], n[r] - ok[r] }' "$WORK/log" | sort
echo "Failures by message (round: message):"
awk '$6 != 0 { r = $1; $1 = $2 = $3 = $4 = $5 = $6 = ""; sub(/^ +/, ""); print r ": " $0 }' "$WORK/log" |
	sed -E 's/(a|b|c|d|e|f)[0-9]+/\1N/g' | sort | uniq -c | sort -rn
echo "Hand commits of notes.txt:"
sort "$WORK/log.hand" 2>/dev/null | uniq -c | sort -rn
echo "Housekeeping:"
sort "$WORK/log.maint" 2>/dev/null | uniq -c | sort -rn
[ -s "$WORK/findings" ] && { echo "Findings:"; sed 's/^/  /' "$WORK/findings"; }
[ "$fsck" -eq 0 ] || { echo "git fsck:"; cat "$WORK/fsck"; }
saves=$(wc -l <"$WORK/log")
failed=$(awk '$6 != 0' "$WORK/log" | wc -l)
echo
printf 'race: %d saves, %d failed, %d lost, %d ghost, fsck %s, %d s\n' "$saves" "$failed" \
	"$lost" "$ghost" "$([ "$fsck" -eq 0 ] && echo clean || echo FAILED)" "$elapsed"
if [ "$lost" -ne 0 ] || [ "$ghost" -ne 0 ] || [ "$fsck" -ne 0 ]; then
	echo "race: FAIL"
	exit 1
fi
echo "race: PASS"
