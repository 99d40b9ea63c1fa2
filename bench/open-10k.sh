#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: open an ISMS of 10,000 records. Builds a repository with the 93
# SoA entries and 10,000 risk records (one commit, made with git), then times
# the commands that read every record: list, check, status (each cold, with
# the record cache .git/isms/records.cache removed first, and warm); and
# show/log of one record.
#
#   bench/open-10k.sh [path/to/isms] [N]
#
# Uses hyperfine when installed (apt-get install hyperfine), otherwise bash's
# time over 5 runs. Prints the figures; asserts nothing (it is not a test).
set -euo pipefail
isms=$(readlink -f "${1:-./isms}")
n=${2:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
"$isms" init "$work/isms" --org Bench --with-soa >/dev/null
cd "$work/isms"
# The controls the risks name are applicable, so the data passes isms check.
"$isms" set A.5.15 applicable=yes reason=risk-treatment justification=Bench >/dev/null
"$isms" set A.8.13 applicable=yes reason=risk-treatment justification=Bench >/dev/null
mkdir -p risks
for ((i = 1; i <= n; i++)); do
	printf -v id 'RSK-%05d' "$i"
	cat > "risks/$id.yaml" <<YAML
id: $id
kind: risk
title: Risk number $i to the availability of service $((i % 97))
status: assessed
owner: Owner $((i % 13))
description: |
  A realistic paragraph of text describing the source of the risk, the event,
  its causes and its consequences for the organisation, over a few lines.
likelihood: $((i % 5 + 1))
impact: $(((i * 7) % 5 + 1))
treatment: modify
controls:
- A.5.15
- A.8.13
YAML
done
git add -A && git commit -qm "10,000 risks"
echo "repository: $n records, $(du -sh risks | cut -f1) of YAML"

cold() {
	if command -v hyperfine >/dev/null; then
		hyperfine --runs 5 --style basic -i --prepare 'rm -f .git/isms/records.cache' \
			"$* >/dev/null" 2>/dev/null | grep -E 'Time|Range'
	else
		local start end total=0
		for _ in 1 2 3 4 5; do
			rm -f .git/isms/records.cache
			start=$(date +%s%N)
			"$@" >/dev/null 2>&1 || true
			end=$(date +%s%N)
			total=$((total + end - start))
		done
		echo "  mean of 5: $((total / 5000000)) ms"
	fi
}
run() {
	if command -v hyperfine >/dev/null; then
		hyperfine --warmup 1 --runs 5 --style basic -N -i "$*" 2>/dev/null | grep -E 'Time|Range'
	else
		local start end
		start=$(date +%s%N)
		for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1 || true; done
		end=$(date +%s%N)
		echo "  mean of 5: $(( (end - start) / 5000000 )) ms"
	fi
}
for cmd in "list" "check" "status"; do
	echo "isms $cmd, cold (no record cache)"
	# shellcheck disable=SC2086
	cold "$isms" $cmd
	echo "isms $cmd, warm"
	# shellcheck disable=SC2086
	run "$isms" $cmd
done
for cmd in "show RSK-05000" "log RSK-05000"; do
	echo "isms $cmd"
	# shellcheck disable=SC2086
	run "$isms" $cmd
done
# The full-screen view: start, draw the walk, quit (a key script stands in
# for the keyboard; the screen goes to a pseudo-file).
printf 'q\n' > "$work/keys"
echo "isms (the walk opened and closed)"
ISMS_TUI_SCRIPT="$work/keys" TERM=vt100 run "$isms"
echo "isms, then D (document control) and q"
printf 'D\nq\n' > "$work/keys-d"
ISMS_TUI_SCRIPT="$work/keys-d" TERM=vt100 run "$isms"
"$isms" check >/dev/null && echo "isms check: no findings"
/usr/bin/time -f "peak memory of isms check: %M KiB" "$isms" check >/dev/null
