#!/usr/bin/env bash
# `make bench`: every stage's benchmark, each printing its figures beside its peer's.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product newswatch --product newswatch-bench >/dev/null 2>&1 || swift build -c release
status=0
for stage in fetch parse stories watches; do
    script="bench/$stage.sh"
    [[ -x "$script" || -f "$script" ]] || continue
    echo "================ $stage ================"
    bash "$script" || { echo "$stage benchmark failed" >&2; status=1; }
done
exit $status
