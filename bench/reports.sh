#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The report layer's benchmarks (issue 11): the audit pack of the demo
# (target under 1 s), the SoA and the risk register of the 10,000-risk
# repository of bench/make-repo.sh (under 3 s each, HTML and CSV), and the
# peak memory of each (target under 4x the YAML on disk plus 10 MB), timed
# with hyperfine (medians) and GNU time. It asserts nothing and exits 0.
#
#   bench/reports.sh [path/to/isms] [--quick]
#
# --quick: 1,000 risks and three runs, for a smoke run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh" "$@"
[ -x /usr/bin/time ] || { echo "bench/reports.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
export ISMS=$isms NO_COLOR=1 LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1780000000
if [ "$quick" = 1 ]; then n=1000 runs=3; else n=10000 runs=10; fi

say "building the demo and a repository of $n risks"
(cd "$work" && "$isms" demo demo --no-tui >/dev/null)
"$here/make-repo.sh" "$n" "$work/big" >/dev/null
yaml_kb=$(find "$work/big" -name '*.yaml' -not -path '*/.git/*' -printf '%s\n' |
	awk '{s += $1} END {printf "%d", s / 1024}')
limit_kb=$((4 * yaml_kb + 10240))

median() {  # name, folder, command: median seconds of hyperfine
	hyperfine --runs "$runs" --warmup 1 --export-json "$work/h.json" -N \
		--command-name "$1" "$3" >/dev/null 2>&1 || { echo "failed"; return; }
	python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$work/h.json"
}
peak() {  # folder, command words: peak resident KB
	(cd "$1" && shift && /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1)
}

printf '%-40s %10s %8s %12s %12s\n' measure median target "peak KB" "limit KB"
row() {  # name, folder, target, command words...
	local name=$1 dir=$2 target=$3
	shift 3
	local t m
	t=$(cd "$dir" && median "$name" "$dir" "$*")
	m=$(peak "$dir" "$@")
	printf '%-40s %9ss %7ss %12s %12s\n' "$name" "$t" "$target" "$m" "$limit_kb"
}
row "audit pack, demo" "$work/demo" 1 "$isms" report audit-pack -o "$work/pack"
for fmt in html csv; do
	row "SoA ($fmt), $n risks" "$work/big" 3 "$isms" export soa --format $fmt -o "$work/out.$fmt"
	row "risk register ($fmt), $n risks" "$work/big" 3 "$isms" export risks --format $fmt -o "$work/out.$fmt"
done
echo "YAML on disk: $yaml_kb KB; the memory limit is 4x that plus 10 MB."
