#!/usr/bin/env bash
# Builds the FuzzFeed libFuzzer target (ASan + libFuzzer, FUZZING defined) and runs it for
# ${FUZZ_SECONDS:-60} seconds over a copy of the seed corpus in Tests/FuzzCorpus/FeedParser.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build/fuzz
swift build --scratch-path "$SCRATCH" -c debug --product FuzzFeed -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
BIN="$SCRATCH/debug/FuzzFeed"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp Tests/FuzzCorpus/FeedParser/* "$WORK"/
ASAN_OPTIONS=detect_leaks=0 "$BIN" "$WORK" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1
