#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Import and export at size (issue 12, "Speed"): importing 10,000 risks
# from CSV into a new ISMS, in one commit (target: under 5 s), and exporting
# that 10,000-risk register to XLSX (target: under 3 s), timed with
# hyperfine (medians). Asserts nothing and exits 0: it is not a test.
#
#   bench/interchange.sh [path/to/isms] [DIR]
#
# DIR (default: a new temporary folder, removed at exit) is where the ISMS
# is made; its file system matters: every imported record is a file, and
# the import syncs them to the disk before it commits.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isms=$(realpath "${1:-$here/../isms}")
if ! command -v hyperfine >/dev/null; then
	echo "bench/interchange.sh: hyperfine is missing (apt-get install hyperfine)"
	exit 0
fi
work=${2:-}
if [ -z "$work" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
python3 - "$work/risks.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("title,owner,likelihood,impact,treatment,controls,description\n")
    for i in range(10000):
        f.write('Risk number %d,Owner %d,%d,%d,modify,"A.5.%d, A.8.%d",About risk %d\n'
                % (i, i % 17, random.randint(1, 5), random.randint(1, 5), 1 + i % 30,
                   1 + i % 34, i))
PY
rm -rf "$work/isms"
"$isms" init "$work/isms" --org Bench --with-soa >/dev/null
base=$(git -C "$work/isms" rev-parse HEAD)
cd "$work/isms"
hyperfine --runs 3 \
	--prepare "git reset -q --hard $base && git clean -qfdx" \
	-n "import 10,000 risks (CSV, one commit; target < 5 s)" \
	"'$isms' import risks '$work/risks.csv'"
"$isms" import risks "$work/risks.csv" >/dev/null
hyperfine --runs 5 -n "export 10,000 risks to XLSX (target < 3 s)" \
	"'$isms' export risks -o '$work/risks.xlsx'"
