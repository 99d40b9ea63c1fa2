#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: isms sync over SSH on the loopback interface. Builds an ISMS of
# N risk records (default 10,000) with a history of C commits (default
# 20,000: bench/make-repo.sh and bench/make-history.sh), serves it with
# OpenSSH's sshd (tests/servers.sh: a key in an ssh-agent, known_hosts), and
# times with hyperfine, in the same run:
#   - the first clone (git clone; isms has no clone of its own),
#   - isms sync with nothing to do, against git fetch and git push with
#     nothing to do (what a sync runs: a fetch, then a push when needed),
#   - isms sync bringing in one new commit (a fast-forward), against git
#     pull --ff-only doing the same.
# The target: isms sync within 1.5x of git fetch + git push.
#
#   bench/sync-ssh.sh [path/to/isms] [C] [N] [KEEP-DIR]
#
# Prints the figures; asserts nothing (it is not a test). RUNS (default 10)
# and CLONE_RUNS (default 3) set how many times each is timed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
isms=$(readlink -f "${1:-./isms}")
commits=${2:-20000}
records=${3:-10000}
command -v hyperfine >/dev/null || { echo "sync-ssh: hyperfine is not installed" >&2; exit 2; }
keep=${4:-}
if [ -n "$keep" ]; then
	work=$keep
	mkdir -p "$work"
else
	work=$(mktemp -d)
fi
cleanup() {
	"$here/../tests/servers.sh" ssh stop "$work/ssh" || true
	[ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
if [ ! -d "$work/root/hub.git" ]; then
	"$here/make-repo.sh" "$records" "$work/isms" >/dev/null
	have=$(git -C "$work/isms" rev-list --count HEAD)
	if [ "$have" -lt "$commits" ]; then
		"$here/make-history.sh" $((commits - have)) "$work/isms" >/dev/null
	fi
	mkdir -p "$work/root"
	git clone -q --bare "$work/isms" "$work/root/hub.git"
fi
echo "repository: $(git -C "$work/root/hub.git" rev-list --count HEAD) commits," \
	"$(git -C "$work/root/hub.git" ls-tree -r HEAD --name-only | wc -l) files"

"$here/../tests/servers.sh" ssh start "$work/ssh" "$work/root"
while IFS='=' read -r key value; do export "$key=$value"; done <"$work/ssh/env"
url="$(cat "$work/ssh/url")$work/root/hub.git"
branch=$(git -C "$work/root/hub.git" symbolic-ref --short HEAD)

rm -rf "$work/a" "$work/b"
hyperfine --runs "${CLONE_RUNS:-3}" --prepare "rm -rf '$work/clone'" \
	-n "git clone (first clone)" "git clone -q '$url' '$work/clone'"
git clone -q "$url" "$work/a"
git clone -q "$url" "$work/b"
cd "$work/a"
"$isms" sync >/dev/null 2>&1   # the history index and caches, once
hyperfine --warmup 2 --runs "${RUNS:-10}" \
	-n "isms sync (nothing to do)" "'$isms' sync" \
	-n "git fetch + git push (nothing to do)" "git fetch -q origin && git push -q origin $branch"

# One new commit on the server, brought in by a fast-forward each run.
tip=$(git rev-parse HEAD)
cat >"$work/new-commit.sh" <<EOF
#!/bin/sh
# SPDX-License-Identifier: MIT
set -e
cd '$work/b' && git reset -q --hard '$tip' && git commit -q --allow-empty -m "Run \$(date +%s%N)" &&
git push -q -f origin HEAD:$branch
cd '$work/a' && git reset -q --hard '$tip'
EOF
chmod +x "$work/new-commit.sh"
hyperfine --runs "${RUNS:-10}" --prepare "$work/new-commit.sh" \
	-n "isms sync (one commit in: fast-forward)" "'$isms' sync" \
	-n "git pull --ff-only (the same)" "git pull -q --ff-only origin $branch"
