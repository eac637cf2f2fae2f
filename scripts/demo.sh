#!/usr/bin/env bash
# `make run`: build in release mode, run one cron pass over the demo feeds into var/demo.db,
# then show the stories, the alerts raised, the feeds' health and the digest.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "building newswatch (release; the first build takes a few minutes) ..."
mkdir -p var
if ! swift build -c release --product newswatch > var/build.log 2>&1; then
    grep -E "error" var/build.log | head -20 >&2
    echo "the build failed; the whole log is in var/build.log" >&2
    exit 1
fi
bin="$(swift build -c release --show-bin-path)/newswatch"
mkdir -p var
db=var/demo.db
rm -f "$db" "$db-wal" "$db-shm"
nw() { "$bin" "$@" --db "$db" --config Feeds/demo.toml; }

echo "== one cron pass over Feeds/demo.opml (the broken demo feed is expected to fail) =="
nw run --feeds Feeds/demo.opml --verbose 2>/dev/null || true
echo
echo "== stories, ranked by number of outlets =="
nw stories --outlets
echo
echo "== alerts raised by the demo watches (Feeds/demo.toml) =="
nw alerts
echo
echo "== feed health =="
nw feeds list
echo
nw digest --since 30d --out var/digest.html
nw digest --since 30d --format text --out var/digest.txt
echo "== digest written to $(pwd)/var/digest.html (plain text: $(pwd)/var/digest.txt) =="
