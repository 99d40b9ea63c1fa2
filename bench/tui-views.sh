#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: the full-screen views on a repository of N risks (default
# 10,000, made by bench/make-repo.sh): the walk alone, then the walk and the
# risk register (R), the heat map (M), the SoA (S), and the register
# filtered, scrolled and sorted. Key scripts (ISMS_TUI_SCRIPT) drive the
# real binary without a terminal; a view's cost is its time less the
# walk's. Uses hyperfine. Prints the figures; asserts nothing.
#
#   bench/tui-views.sh [path/to/isms] [N]
set -euo pipefail
isms=$(readlink -f "${1:-./isms}")
n=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "tui-views: hyperfine is not installed" >&2; exit 2; }
ISMS=$isms "$here/make-repo.sh" "$n" "$work/isms" >/dev/null
cd "$work/isms"
printf '<Dump /dev/null>\n' > "$work/walk.keys"
printf 'R\n<Dump /dev/null>\n' > "$work/risks.keys"
printf 'M\n<Dump /dev/null>\n' > "$work/heat.keys"
printf 'S\n<Dump /dev/null>\n' > "$work/soa.keys"
printf 'R\nf\nO\nw\nn\ne\nr\n<Enter>\n<PgDn>\n<PgDn>\ns\n<Dump /dev/null>\n' > "$work/filter.keys"
# The record cache is written by the first run.
TERM=vt100 ISMS_TUI_SCRIPT="$work/walk.keys" "$isms" >/dev/null
run=(env TERM=vt100 COLUMNS=80 LINES=24)
hyperfine -N -w 2 -r 10 \
	-n walk "${run[*]} ISMS_TUI_SCRIPT=$work/walk.keys $isms" \
	-n risk-register "${run[*]} ISMS_TUI_SCRIPT=$work/risks.keys $isms" \
	-n heat-map "${run[*]} ISMS_TUI_SCRIPT=$work/heat.keys $isms" \
	-n soa "${run[*]} ISMS_TUI_SCRIPT=$work/soa.keys $isms" \
	-n register-filter-sort "${run[*]} ISMS_TUI_SCRIPT=$work/filter.keys $isms"
