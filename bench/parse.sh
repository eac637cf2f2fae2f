#!/usr/bin/env bash
# Parse benchmark, side by side on the same files, single core, CPU seconds:
#   newswatch's parser (to the values it stores, no database), a bare C libxml2 SAX walk that only counts
#   nodes (bench/sax_count.c), sfeed, and Python feedparser. Prints MB/s and items/s and the ratios.
#   The three sub-second runs (newswatch, the libxml2 walk, sfeed over one stream) keep the least CPU time of
#   RUNS runs each (default 3), alternating, so that a burst of load on a shared machine does not decide a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-/tmp/corpus}
if [ ! -d "$CORPUS/feeds" ]; then
    python3 ../shared/bench/gen_corpus.py --out "$CORPUS" --feeds 1000 --items 50 --seed 1 >/dev/null 2>&1 \
        || python3 /work/shared/bench/gen_corpus.py --out "$CORPUS" --feeds 1000 --items 50 --seed 1 >/dev/null
fi
FEEDS="$CORPUS/feeds"
BYTES=$(cat "$FEEDS"/*.xml | wc -c)
swift build -c release --product newswatch-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)/newswatch-bench
gcc -O2 -o .build/sax_count bench/sax_count.c $(pkg-config --cflags --libs libxml-2.0)

cpu() {  # CPU seconds (user+sys) of a command and its children
    python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$@"
}
line() { awk -v n="$1" -v b="$BYTES" -v i="$2" -v s="$3" 'BEGIN{printf "%-12s %8.3f s %9.1f MB/s %10.0f items/s\n", n, s, b/s/1e6, i/s}'; }

RUNS=${RUNS:-3}
least() { awk -v a="$1" -v b="$2" 'BEGIN{print (b == "" || a < b) ? a : b}'; }
NW_SECS=""; SAX_SECS=""; SFEED1_SECS=""
# sfeed reads one feed from stdin: time it once per file (as it is used) and once over all files
# concatenated into one stream (its parsing alone, without 1,000 process starts).
SFEED_SECS=$(cpu taskset -c 0 bash -c "for f in '$FEEDS'/*.xml; do sfeed < \"\$f\"; done")
SFEED_ITEMS=$(for f in "$FEEDS"/*.xml; do sfeed < "$f"; done | wc -l)
ALL=$(mktemp)
trap 'rm -f "$ALL"' EXIT
cat "$FEEDS"/*.xml > "$ALL"
for _ in $(seq "$RUNS"); do
    read -r _ NW_ITEMS secs _ < <(taskset -c 0 "$BIN" parse "$FEEDS" --cpu); NW_SECS=$(least "$secs" "$NW_SECS")
    read -r _ SAX_ITEMS secs < <(taskset -c 0 .build/sax_count "$FEEDS"); SAX_SECS=$(least "$secs" "$SAX_SECS")
    secs=$(cpu taskset -c 0 bash -c "sfeed < '$ALL'"); SFEED1_SECS=$(least "$secs" "$SFEED1_SECS")
done
# feedparser is slow: time it on a tenth of the files and scale.
SAMPLE=$(ls "$FEEDS"/*.xml | awk 'NR % 10 == 1')
FP_SECS=$(cpu taskset -c 0 python3 -c "
import sys, feedparser
for p in sys.argv[1:]:
    feedparser.parse(open(p, 'rb').read())
" $SAMPLE)
FP_SECS=$(awk -v s="$FP_SECS" -v n="$(echo "$SAMPLE" | wc -l)" -v t="$(ls "$FEEDS"/*.xml | wc -l)" 'BEGIN{print s*t/n}')

echo "parse benchmark: $(ls "$FEEDS"/*.xml | wc -l) files, $BYTES bytes (CPU seconds, one core; newswatch, libxml2-sax and sfeed/stream: least of $RUNS runs)"
line newswatch "$NW_ITEMS" "$NW_SECS"
line libxml2-sax "$SAX_ITEMS" "$SAX_SECS"
line sfeed/file "$SFEED_ITEMS" "$SFEED_SECS"
line sfeed/stream "$SFEED_ITEMS" "$SFEED1_SECS"
line feedparser "$NW_ITEMS" "$FP_SECS"
awk -v a="$NW_SECS" -v b="$SAX_SECS" -v c="$SFEED_SECS" -v e="$SFEED1_SECS" -v d="$FP_SECS" 'BEGIN{
  printf "newswatch / bare libxml2 walk: %.2fx the time (target <= 1.5x)\n", a/b
  printf "newswatch vs sfeed, one process per file: %.2fx faster (target > 1x)\n", c/a
  printf "newswatch vs sfeed, one stream: %.2fx faster (target > 1x)\n", e/a
  printf "newswatch vs feedparser: %.1fx faster (target >= 50x)\n", d/a }'
