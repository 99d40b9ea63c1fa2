#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmarks of "Fast at any size": each measure of isms next to its
# floor, timed in the same run with hyperfine (medians), printed as a table
# of ratios against the targets. It asserts nothing and exits 0 (it is not a
# test); a measure that fails says so in its row.
#
#   bench/run.sh [path/to/isms] [--quick]
#
# isms defaults to ./isms next to bench/. Everything else (the libyaml floor,
# bench/yaml-floor.c; the repositories, bench/make-repo.sh and
# bench/make-history.sh) is built in a temporary folder removed at exit;
# $YAML_FLOOR names a floor already built (make bench does). --quick divides
# every size by ten (1,000 and 10,000 records, 2,000 commits) for a smoke
# run; the absolute targets are for the full sizes.
#
# Needs hyperfine (apt-get install hyperfine; without it this prints a
# message and exits 0), python3, cc and pkg-config with libyaml, GNU time.
# Nothing drops the kernel's page cache: "cold" means without isms's record
# cache (.git/isms/records.cache removed), with the files read from memory.
# Rows marked "floor" time what the measures above them cannot go below:
# what every command pays before reading a record, and an lstat of each
# record file (bench/yaml-floor.c --stat), the least a warm run must do.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh" "$@"
command -v python3 >/dev/null 2>&1 || { echo "bench/run.sh: python3 is needed to read hyperfine's results" >&2; exit 2; }
export ISMS=$isms

if [ "$quick" = 1 ]; then
	small=1000 big=10000 commits=2000 maxruns=5
else
	small=10000 big=100000 commits=20000 maxruns=20
fi
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_PAGER=cat PAGER=cat NO_COLOR=1 LC_ALL=C.UTF-8
rows=$work/rows.tsv
: > "$rows"
fmt() { printf '%d' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }  # 10000 -> 10,000

# The floor: libyaml's event parser over the same files.
floor=${YAML_FLOOR:-}
if [ -z "$floor" ]; then
	floor=$work/yaml-floor
	say "building the libyaml floor"
	# shellcheck disable=SC2046
	cc -O2 -o "$floor" "$here/yaml-floor.c" $(pkg-config --cflags --libs yaml-0.1)
fi
floor=$(readlink -f "$floor")

# median NAME [hyperfine options] -- COMMAND: hyperfine's median in seconds,
# or "failed" (hyperfine's messages are kept in $work/NAME.err). One warmup
# run unless $warmup says otherwise (0 for the history walks, which take
# seconds each at 20,000 commits today).
median() {
	local name=$1
	shift
	if hyperfine --style none --warmup "${warmup:-1}" --min-runs 3 --max-runs "$maxruns" \
		--export-json "$work/$name.json" "$@" >/dev/null 2>"$work/$name.err"; then
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
			"$work/$name.json"
	else
		echo "$name" >> "$work/failed"
		echo failed
	fi
}
q() { printf '%q' "$1"; }  # a path quoted for hyperfine's command line
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$rows"; }  # measure isms floor unit target rule

# 0. What every command pays before it reads a record: isms list on an
# ISMS with none (loading the libraries, libgit2's start, opening the
# repository).
say "timing isms list on an empty ISMS"
"$ISMS" init "$work/empty" --org Bench >/dev/null
cd "$work/empty"
t=$(median empty -N -- "$(q "$isms") list")
row "floor: isms list on an ISMS with no records (start-up)" "$t" "-" s "(what every command pays)" "skip"

# 1. status, list, check on $small records, against the floor on the same files.
say "building $(fmt "$small") records"
"$here/make-repo.sh" "$small" "$work/small"
cd "$work/small"
f=$(median floor-small -N -- "$(q "$floor") .")
t=$(median stat-small -N -- "$(q "$floor") --stat .")
row "floor: lstat of every record file, $(fmt "$small") records" "$t" "-" s \
	"(knowing that nothing changed)" "skip"
# Cold: the record cache removed before every run; warm: left as the last
# run wrote it (nothing changed since).
nocache="rm -f .git/isms/records.cache"
for cmd in status list check; do
	say "timing isms $cmd on $(fmt "$small") records"
	t=$(median "$cmd-small" -N --prepare "$nocache" -- "$(q "$isms") $cmd")
	row "isms $cmd, $(fmt "$small") records, cold (no cache)" "$t" "$f" s \
		"<= 1.0x the libyaml floor" "ratio<=1.0"
	t=$(median "$cmd-small-warm" -N -- "$(q "$isms") $cmd")
	row "isms $cmd, $(fmt "$small") records, warm (nothing changed)" "$t" "$f" s \
		"<= 30 ms" "isms<=0.03"
done

# The TUI: started, the walk's first frame drawn (into a dump), quit.
say "timing the TUI's first frame"
printf '<Dump /dev/null>\n' > "$work/first.keys"
t=$(median tui-first -N -- "env TERM=vt100 COLUMNS=80 LINES=24 ISMS_TUI_SCRIPT=$(q "$work/first.keys") $(q "$isms")")
row "TUI first frame (start, draw, quit), $(fmt "$small") records" "$t" "-" s "<= 100 ms" "isms<=0.1"

# 2. Peak memory of status, against 4x the YAML bytes on disk + 10 MB:
# cold (no cache: every file parsed, the cache written), warm, and with one
# record changed since (read and parsed, the cache written again).
say "peak memory of isms status"
bytes=$(find . -maxdepth 2 -name '*.yaml' -type f -not -path './.git/*' -printf '%s\n' |
	awk '{ s += $1 } END { print s + 0 }')
# The median of three peaks (bytes) of isms status; cold removes the cache
# first, changed edits RSK-00003's title (put back afterwards).
peak() {
	local kib=() m
	[ -x /usr/bin/time ] || { echo failed; return; }
	for _ in 1 2 3; do
		[ "$1" = cold ] && rm -f .git/isms/records.cache
		[ "$1" = changed ] && sed -i "s/^title: .*/title: Z$(date +%N)/" risks/RSK-00003.yaml
		/usr/bin/time -f %M -o "$work/mem" "$isms" status >/dev/null 2>&1 || true
		kib+=("$(tail -n 1 "$work/mem")")
	done
	[ "$1" = changed ] && git checkout -q -- risks/RSK-00003.yaml
	m=$(printf '%s\n' "${kib[@]}" | sort -n | sed -n 2p)
	echo $((m * 1024))
}
for how in cold warm changed; do
	row "peak memory of isms status, $(fmt "$small") records, $how" "$(peak $how)" \
		"$((4 * bytes + 10 * 1024 * 1024))" B "<= 4x YAML bytes + 10 MB (floor column)" "ratio<=1.0"
done

# 3. Saving one record: isms set against git add && git commit, both
# fsyncing, on the same repository.
say "timing a save and commit"
t=$(median save-isms -N --prepare "$(q "$isms") set RSK-00001 title=Y" \
	-- "$(q "$isms") set RSK-00001 title=X")
gitf="git -c core.fsync=all -c core.fsyncMethod=fsync"
f=$(median save-git --prepare "sed -i \"s/^title: .*/title: Z\$(date +%N)/\" risks/RSK-00002.yaml" \
	-- "$gitf add risks/RSK-00002.yaml && $gitf commit -q -m x")
row "isms set RSK-00001 title=X (save + commit)" "$t" "$f" s \
	"<= 0.7x git add && git commit (fsync)" "ratio<=0.7"

# 4. History of one record after $commits commits, against git log -- FILE
# without and with a commit-graph.
say "making a history of $(fmt "$commits") commits"
"$here/make-history.sh" "$commits" .
rm -rf .git/objects/info/commit-graph .git/objects/info/commit-graphs
say "timing the history index built from nothing"
t=$(warmup=0 maxruns=3 median index-build -N --prepare "rm -f .git/isms/histindex" -- "$(q "$isms") log RSK-04929")
f=$(warmup=0 maxruns=3 median index-git -N -- "git log --oneline -- risks/RSK-04929.yaml")
row "history index built from nothing, $(fmt "$commits") commits (isms log)" "$t" "$f" s \
	"<= 1.0x git log -- FILE, no commit-graph" "ratio<=1.0"
for graph in without with; do
	if [ "$graph" = with ]; then
		git commit-graph write --reachable --changed-paths 2>/dev/null || say "git commit-graph write failed"
	fi
	say "timing isms log RSK-04929, $graph a commit-graph"
	t=$(warmup=0 median "log-isms-$graph" -N -- "$(q "$isms") log RSK-04929")
	f=$(warmup=0 median "log-git-$graph" -N -- "git log --oneline -- risks/RSK-04929.yaml")
	if [ "$graph" = with ]; then
		target="<= 50 ms and <= 0.2x git log -- FILE" rule="isms<=0.05&ratio<=0.2"
	else
		target="<= 50 ms" rule="isms<=0.05"
	fi
	row "isms log RSK-04929, $(fmt "$commits") commits; git $graph commit-graph" "$t" "$f" s "$target" "$rule"
done
cd "$work"
rm -rf "$work/small"

# 5. status on $big records (status only).
say "building $(fmt "$big") records"
"$here/make-repo.sh" "$big" "$work/big"
cd "$work/big"
say "timing isms status on $(fmt "$big") records"
f=$(median floor-big -N -- "$(q "$floor") .")
t=$(median stat-big -N -- "$(q "$floor") --stat .")
row "floor: lstat of every record file, $(fmt "$big") records" "$t" "-" s \
	"(knowing that nothing changed)" "skip"
t=$(median status-big -N --prepare "rm -f .git/isms/records.cache" -- "$(q "$isms") status")
row "isms status, $(fmt "$big") records, cold (no cache)" "$t" "$f" s "< 1 s" "isms<1.0"
t=$(median status-big-warm -N -- "$(q "$isms") status")
row "isms status, $(fmt "$big") records, warm (nothing changed)" "$t" "$f" s "< 100 ms" "isms<0.1"
cd "$work"
rm -rf "$work/big"


# The table.
python3 - "$rows" "$quick" <<'PY'
import sys

def num(s):
    try:
        return float(s)
    except ValueError:
        return None

def show(v, unit):
    if v is None:
        return "-"
    if unit == "s":
        return "%.1f ms" % (v * 1000)
    if unit == "B":
        return "%.1f MB" % (v / 1048576)
    return str(v)

out = [("measure", "isms median", "floor median", "ratio", "target", "met?")]
for line in open(sys.argv[1]):
    measure, t, f, unit, target, rule = line.rstrip("\n").split("\t")
    t, f = num(t), num(f)
    ratio = t / f if t is not None and f else None
    met = "-"
    if rule != "skip":
        ok = True
        for cond in rule.split("&"):
            name, bound = cond.split("<=") if "<=" in cond else cond.split("<")
            value = ratio if name == "ratio" else t
            if value is None:
                ok = None
                break
            ok = ok and (value <= float(bound) if "<=" in cond else value < float(bound))
        met = "?" if ok is None else "yes" if ok else "no"
    out.append((measure, show(t, unit), show(f, unit),
                "-" if ratio is None else "%.2fx" % ratio, target, met))
widths = [max(len(r[i]) for r in out) for i in range(6)]
for n, r in enumerate(out):
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    if n == 0:
        print("  ".join("-" * w for w in widths))
if sys.argv[2] == "1":
    print("\n--quick: every size is a tenth of the full run's; the absolute targets are for the full sizes.")
PY
echo "floor: bench/yaml-floor.c (libyaml events, same files); git for save with core.fsync=all, fsyncMethod=fsync."
echo "hyperfine: $(hyperfine --version | cut -d' ' -f2), medians; load at the end: $(uptime | sed "s/.*load average: //")"
[ -f "$work/failed" ] && while read -r name; do
	echo "failed: $name"
	sed 's/^/  /' "$work/$name.err"
done < "$work/failed"
exit 0
