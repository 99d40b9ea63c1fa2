#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Give a benchmark repository (made by bench/make-repo.sh) a long history:
# COMMITS commits on top of HEAD, each changing one to three risk records
# (a new title and likelihood), every 50th also RSK-04929, the record whose
# history `isms log` is timed on (made by the first such commit when the
# repository has fewer risks). Written with git fast-import: seconds, not
# minutes. The messages carry the trailers isms writes (Record:, Clause:).
#
#   bench/make-history.sh COMMITS DIR
set -euo pipefail
if [ $# -ne 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
	echo "usage: bench/make-history.sh COMMITS DIR" >&2
	exit 2
fi
commits=$1
cd "$2"
[ -d risks ] || { echo "make-history: $2 has no risks/ (make it with bench/make-repo.sh)" >&2; exit 2; }
n=$(find risks -maxdepth 1 -name 'RSK-*.yaml' | wc -l)
[ "$n" -gt 0 ] || { echo "make-history: no risk records in $2/risks" >&2; exit 2; }
ref=$(git symbolic-ref HEAD)
head=$(git rev-parse HEAD)
start=$(git log -1 --format=%ct HEAD)

LC_ALL=C awk -v commits="$commits" -v n="$n" -v ref="$ref" -v head="$head" -v start="$start" '
function record(id, i, c,   num, s) {
	num = substr(id, 5) + 0
	s = "id: " id "\nkind: risk\n"
	s = s "title: Risk number " num " to the availability of service " (num % 97) ", revision " c "\n"
	s = s "status: assessed\nowner: Owner " (num % 13) "\n"
	s = s "description: |\n"
	s = s "  A realistic paragraph of text describing the source of the risk, the event,\n"
	s = s "  its causes and its consequences for the organisation, over a few lines.\n"
	s = s "likelihood: " (c % 5 + 1) "\nimpact: " ((num * 7) % 5 + 1) "\n"
	s = s "treatment: modify\ncontrols:\n- A.5.15\n- A.8.13\n"
	return s
}
function data(s) { printf "data %d\n%s", length(s), s }
BEGIN {
	srand(4929)
	who = "Bench <bench@example.org> "
	for (c = 1; c <= commits; c++) {
		k = 1 + (rand() < 0.2 ? 1 + int(rand() * 2) : 0)
		delete ids
		for (j = 0; j < k; j++)
			ids[j] = sprintf("RSK-%05d", 1 + int(rand() * n))
		if (c % 50 == 0)
			ids[k - 1] = "RSK-04929"
		msg = ids[0] ": update Risk number " (substr(ids[0], 5) + 0) "\n\n"
		for (j = 0; j < k; j++)
			msg = msg "Record: " ids[j] "\n"
		msg = msg "Clause: 6.1.2\n"
		ts = start + c * 60
		printf "commit %s\nmark :%d\n", ref, c
		printf "author %s%d +0000\ncommitter %s%d +0000\n", who, ts, who, ts
		data(msg)
		if (c == 1)
			printf "from %s\n", head
		for (j = 0; j < k; j++) {
			printf "M 100644 inline risks/%s.yaml\n", ids[j]
			data(record(ids[j], j, c))
		}
		printf "\n"
	}
}' | git fast-import --quiet
git reset -q --hard
