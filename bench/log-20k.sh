#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: the history of one record after 20,000 commits. Builds, with
# git fast-import, an ISMS whose risks (N, default 5,000) are created one
# commit each, then changed one a commit until there are C commits (default
# 20,000); times `isms log RSK-04929` with no history index (the index is
# built: cold), with it (warm), after one more commit (brought up to date),
# and `git log --oneline -- FILE` for comparison.
#
#   bench/log-20k.sh [path/to/isms] [C] [N] [KEEP-DIR]
#
# Prints the figures; asserts nothing (it is not a test). With KEEP-DIR the
# repository is made there and kept.
set -euo pipefail
isms=$(readlink -f "${1:-./isms}")
commits=${2:-20000}
records=${3:-5000}
if [ -n "${4:-}" ]; then
	work=$4
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
"$isms" init "$work/isms" --org Bench >/dev/null
cd "$work/isms"

# One risk record, its version `v`.
risk() {
	local i=$1 v=$2
	printf 'id: RSK-%05d\nkind: risk\ntitle: Risk number %d to service %d\nstatus: assessed\n' \
		"$i" "$i" $((i % 97))
	printf 'owner: Owner %d\ndescription: |\n  Version %d of this risk, reviewed again.\n' \
		$((i % 13)) "$v"
	printf 'likelihood: %d\nimpact: %d\ntreatment: modify\n' $((v % 5 + 1)) $(((i * 7) % 5 + 1))
}

# The fast-import stream: commit k (from 1) creates risk k while k <= N,
# then changes risk (k * 7919) mod N + 1.
stream() {
	local t=1767225600 k i body msg ref
	ref=$(git symbolic-ref HEAD)
	declare -A version
	for ((k = 1; k <= commits - 1; k++)); do
		if ((k <= records)); then i=$k; else i=$(((k * 7919) % records + 1)); fi
		version[$i]=$((${version[$i]:-0} + 1))
		body=$(risk "$i" "${version[$i]}")
		printf -v msg 'RSK-%05d: version %d' "$i" "${version[$i]}"
		printf 'commit %s\nauthor Bench <bench@example.org> %d +0000\n' "$ref" $((t + k))
		printf 'committer Bench <bench@example.org> %d +0000\n' $((t + k))
		printf 'data %d\n%s\n' $((${#msg} + 1)) "$msg"
		((k == 1)) && printf 'from %s^0\n' "$ref"
		printf 'M 100644 inline risks/RSK-%05d.yaml\ndata %d\n%s\n\n' "$i" $((${#body} + 1)) "$body"
	done
}
stream | git fast-import --quiet
git reset -q --hard
echo "repository: $(git rev-list --count HEAD) commits, $(git ls-files | wc -l) files"

one() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null
	end=$(date +%s%N)
	echo "  $(( (end - start) / 1000000 )) ms"
}
file=risks/RSK-04929.yaml
echo "isms log RSK-04929, changes: $(git log --oneline -- $file | wc -l)"
rm -f .git/isms/histindex
echo "isms log RSK-04929, no index (built now: cold)"
one "$isms" log RSK-04929
echo "index: $(wc -c < .git/isms/histindex) bytes"
for n in 1 2 3; do
	echo "isms log RSK-04929, warm ($n)"
	one "$isms" log RSK-04929
done
"$isms" set RSK-04929 title="Changed once more" >/dev/null || echo "(isms set failed)"
echo "isms log RSK-04929, one commit later (brought up to date)"
one "$isms" log RSK-04929
echo "isms log RSK-00001, warm"
one "$isms" log RSK-00001
for n in 1 2; do
	echo "git log --oneline -- $file ($n)"
	one git log --oneline -- $file
done
