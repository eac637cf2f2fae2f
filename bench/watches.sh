#!/usr/bin/env bash
# Watches benchmark: 10,000 watch queries from gen_corpus.py over its 1,000-feed corpus, newswatch's
# matcher side by side with pyahocorasick scanning the same text for the same watches' words.
# Prints MB/s and items/s for both, and the time with 10,000 watches over the time with 100.
# Targets: newswatch throughput >= pyahocorasick's; 10,000 watches <= 2x the time of 100.
#
# The corpus and the extracted item text are cached in $NEWSWATCH_BENCH_CACHE (default
# /tmp/newswatch-bench-cache). gen_corpus.py is looked for in $GEN_CORPUS, bench/, then ../shared/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CACHE=${NEWSWATCH_BENCH_CACHE:-/tmp/newswatch-bench-cache}
CORPUS=$CACHE/corpus-f1000-i50-w10000-s1
COUNTS=${WATCH_COUNTS:-100,10000}

find_generator() {
    for candidate in "${GEN_CORPUS:-}" "$ROOT/bench/gen_corpus.py" "$ROOT/../shared/bench/gen_corpus.py" "$ROOT/../../shared/bench/gen_corpus.py"; do
        if [ -n "$candidate" ] && [ -f "$candidate" ]; then echo "$candidate"; return; fi
    done
    echo "watches.sh: gen_corpus.py not found; set GEN_CORPUS=/path/to/gen_corpus.py" >&2
    exit 1
}

mkdir -p "$CACHE"
if [ ! -f "$CORPUS/watches.expected.tsv" ]; then
    echo "generating the corpus into $CORPUS (about 30 s)..." >&2
    python3 "$(find_generator)" --out "$CORPUS" --feeds 1000 --items 50 --watches 10000 --seed 1 >&2
fi
if [ ! -f "$CORPUS/items.jsonl" ]; then
    python3 bench/extract_items.py "$CORPUS/feeds" "$CORPUS/items.jsonl"
fi
if ! python3 -c "import ahocorasick" 2>/dev/null; then
    python3 -m pip install --quiet pyahocorasick >&2
fi

swift build -c release --product newswatch-bench >&2
BIN="$(swift build -c release --show-bin-path)/newswatch-bench"

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" watches --items "$CORPUS/items.jsonl" --watches "$CORPUS/watches.txt" \
    --expected "$CORPUS/watches.expected.tsv" --counts "$COUNTS" --repeat 3 > "$OUT/newswatch.txt"
python3 bench/pyahocorasick_baseline.py "$CORPUS/items.jsonl" "$CORPUS/watches.txt" ${COUNTS//,/ } > "$OUT/pyahocorasick.txt"
python3 bench/watches_report.py "$OUT/newswatch.txt" "$OUT/pyahocorasick.txt"
