#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build an ISMS repository for the benchmarks: `isms init --with-soa` (the 93
# SoA entries), the two controls the risks name made applicable, then N risk
# records RSK-00001 ... written by one awk loop and committed in one commit.
#
#   bench/make-repo.sh N DIR      (N: 1000, 10000, 100000, ...)
#
# The isms program is $ISMS, else ./isms next to bench/, else isms on PATH.
# DIR must not exist yet. The records pass `isms check`.
set -euo pipefail
if [ $# -ne 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
	echo "usage: bench/make-repo.sh N DIR" >&2
	exit 2
fi
n=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
isms=${ISMS:-$here/../isms}
[ -x "$isms" ] || isms=$(command -v isms) || { echo "make-repo: no isms program (set ISMS)" >&2; exit 2; }
[ -e "$dir" ] && { echo "make-repo: $dir exists" >&2; exit 2; }

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
# In the past, so that bench/make-history.sh's commits on top are too.
export GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z
"$isms" init "$dir" --org Bench --with-soa >/dev/null
cd "$dir"
# No "git gc --auto" in the background: it would perturb the timings, and
# race with the removal of the repository at the end of a run.
git config gc.auto 0
# The controls the risks name are applicable, so the data passes isms check.
"$isms" set A.5.15 applicable=yes reason=risk-treatment justification=Bench >/dev/null
"$isms" set A.8.13 applicable=yes reason=risk-treatment justification=Bench >/dev/null
mkdir -p risks
LC_ALL=C awk -v n="$n" 'BEGIN {
	for (i = 1; i <= n; i++) {
		id = sprintf("RSK-%05d", i)
		f = "risks/" id ".yaml"
		printf "id: %s\nkind: risk\n", id > f
		printf "title: Risk number %d to the availability of service %d\n", i, i % 97 > f
		printf "status: assessed\nassessed_on: 2025-01-01\nowner: Owner %d\n", i % 13 > f
		printf "description: |\n" > f
		printf "  A realistic paragraph of text describing the source of the risk, the event,\n" > f
		printf "  its causes and its consequences for the organisation, over a few lines.\n" > f
		printf "likelihood: %d\nimpact: %d\n", i % 5 + 1, (i * 7) % 5 + 1 > f
		printf "treatment: modify\ncontrols:\n- A.5.15\n- A.8.13\n" > f
		close(f)
	}
}'
git add -A
git commit -qm "Bench: $n risks"
