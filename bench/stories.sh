#!/usr/bin/env bash
# Stories benchmark: cluster 100,000 generated items (about 30,000 stories) incrementally in passes of
# 5,000 (sharing one clusterer, and with a new one per pass) and all at once, side by side with datasketch
# MinHashLSH (128 permutations, word 3-shingles) on the same text; print items/s, per-pass times, memory and pair-F1 against the generator's gold.
# Then the same defaults on the labelled GoogleNews T/S set.
# Environment: BENCH_DIR (work folder, default /tmp/newswatch-bench-stories), STORIES_FEEDS (2000),
# STORIES_ITEMS (50 per feed), STORIES_PASS (5000).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-/tmp/newswatch-bench-stories}"
feeds="${STORIES_FEEDS:-2000}"; per_feed="${STORIES_ITEMS:-50}"; pass="${STORIES_PASS:-5000}"
shared="$root/../shared"
[ -d "$shared/bench" ] || shared="/work/shared"
score="$shared/bench/score_stories.py"
mkdir -p "$work"

corpus="$work/corpus-$feeds-$per_feed"
if [ ! -f "$corpus/gold.json" ]; then
    echo "stories: generating $feeds feeds x $per_feed items into $corpus"
    python3 "$shared/bench/gen_corpus.py" --out "$corpus" --feeds "$feeds" --items "$per_feed" --seed 1 >/dev/null
fi
[ -f "$corpus/items.jsonl" ] || python3 "$root/bench/extract_items.py" "$corpus/feeds" "$corpus/items.jsonl"

(cd "$root" && swift build -c release --product newswatch-bench >/dev/null)
bench="$root/.build/release/newswatch-bench"

f1() { python3 "$score" "$1" "$2" | tail -1 | sed 's/^dedup: //'; }
rate() { sed -n "s/.*= \([0-9]*\) items\/s.*/\1/p" "$1" | head -1; }

# incremental: passes share one clusterer (the batches of one cron pass); cold: a new clusterer per pass (one
# process per pass, reading its candidates from the index each time); once: the whole set in one call.
for mode in incremental cold once; do   # one process per mode, so each peak memory is its own
    "$bench" stories "$corpus/items.jsonl" --pass "$pass" --mode "$mode" --out "$work/newswatch" | tee "$work/$mode.txt"
    echo "stories $mode quality: $(f1 "$corpus/gold.json" "$work/newswatch-$mode.json")"
done

python3 "$root/bench/datasketch_baseline.py" "$corpus/items.jsonl" --out "$work/datasketch.json" | tee "$work/datasketch.txt"
echo "datasketch quality: $(f1 "$corpus/gold.json" "$work/datasketch.json")"

ours=$(rate "$work/incremental.txt"); peer=$(rate "$work/datasketch.txt")
python3 - "$ours" "$peer" <<'PY'
import sys
ours, peer = float(sys.argv[1]), float(sys.argv[2])
print("stories: newswatch %.0f items/s (incremental passes) vs datasketch %.0f items/s = %.1fx (target >= 50,000 items/s, >= 20x)"
      % (ours, peer, ours / peer))
PY

# Bad input at pass size: 100 KB bodies, empty items, mixed scripts, re-published copies with new guids.
python3 - "$work/bad-input.jsonl" "$pass" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
lead = "Dock workers in Rotterdam extended the strike for another week as talks with port operators stalled. "
with open(out, "w") as f:
    for i in range(n):
        kind = i % 4
        title = ["", "港口罢工进入第二周", "Rotterdam strike enters week %d" % (i // 40), "Émeute à Zürich 🚨 <b>live</b>"][kind]
        text = [" ", lead, lead * 1000, "&amp; <script>x</script> \u0301"][kind]
        f.write(json.dumps({"guid": "bad-%d" % i, "feed": "bad-%d" % (i % 7), "link": None, "title": title,
                            "text": text, "published": None}) + "\n")
PY
"$bench" stories "$work/bad-input.jsonl" --mode once | grep "items/s" | sed 's/^stories once/stories bad input/'

gnews="$shared/data/googlenews-ts"
if [ -d "$gnews/feeds" ]; then
    python3 "$root/bench/extract_items.py" "$gnews/feeds" "$work/googlenews.jsonl" 2>/dev/null
    "$bench" stories "$work/googlenews.jsonl" --mode once --out "$work/googlenews" | grep "items/s"
    echo "stories googlenews-ts quality (best tuned simple baseline pair-F1 0.42): $(f1 "$gnews/gold.json" "$work/googlenews-once.json")"
    python3 "$root/bench/datasketch_baseline.py" "$work/googlenews.jsonl" --out "$work/googlenews-datasketch.json" >/dev/null
    echo "datasketch googlenews-ts quality: $(f1 "$gnews/gold.json" "$work/googlenews-datasketch.json")"
fi
