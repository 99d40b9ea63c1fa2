# SPDX-License-Identifier: MIT
# What the benchmark scripts share, sourced after setting `here` (their
# folder): their arguments, [path/to/isms] [--quick] (-h for the script's
# opening comment); hyperfine (without it, a message and exit 0: they are
# not tests); the isms program (default ./isms beside bench/); a scratch
# folder `work` removed at exit; and `say`.
#
#   here=$(cd "$(dirname "$0")" && pwd)
#   . "$here/lib.sh" "$@"        sets isms, quick, work
bench=bench/$(basename "$0")
isms="" quick=0
for arg; do
	case $arg in
	--quick) quick=1 ;;
	-h | --help) sed -n '3,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "usage: $bench [path/to/isms] [--quick]" >&2; exit 2 ;;
	*) isms=$arg ;;
	esac
done
if ! command -v hyperfine >/dev/null 2>&1; then
	echo "$bench: hyperfine is not installed (apt-get install hyperfine); nothing measured"
	exit 0
fi
isms=$(readlink -f "${isms:-$here/../isms}")
[ -x "$isms" ] || { echo "$bench: no isms program at $isms (run make first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "bench: $*" >&2; }
