#!/usr/bin/env bash
# Renders the sample digest (newswatch-bench digest-sample) and photographs it in headless Chromium:
# the HTML file on a desktop and a phone, in light and dark mode, and the mail HTML.
# Usage: scripts/screenshot-digest.sh [OUT_DIR] [DIGEST_HTML]
#   (default out/digest; CONFIG=release to use a release build; with DIGEST_HTML, that digest file
#    is photographed instead of the sample, e.g. the demo's var/digest.html)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/digest}"
config="${CONFIG:-debug}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
    echo "screenshot-digest: no chromium found (apt-get install chromium)" >&2
    exit 1
fi

given="${2:-}"
if [[ -n "$given" ]]; then
    cp "$given" "$out/digest.html"
else
    swift build -c "$config" --product newswatch-bench >/dev/null
    "$(swift build -c "$config" --show-bin-path)/newswatch-bench" digest-sample "$out" >/dev/null
fi

shoot() { # NAME FILE WIDTH HEIGHT [EXTRA CHROMIUM FLAGS...]
    local name="$1" file="$2" width="$3" height="$4"
    shift 4
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --force-device-scale-factor=1 \
        --window-size="$width,$height" --screenshot="$out/$name.png" "$@" "file://$out/$file" >/dev/null 2>&1
    echo "$out/$name.png"
}

dark=(--force-dark-mode --blink-settings=preferredColorScheme=0)
shoot digest-desktop        digest.html      1200 2000
shoot digest-desktop-full   digest.html      1200 4400
shoot digest-phone          digest.html       420 2000
shoot digest-phone-full     digest.html       420 6200
shoot digest-desktop-dark   digest.html      1200 2000 "${dark[@]}"
shoot digest-phone-dark     digest.html       420 2000 "${dark[@]}"
[[ -n "$given" ]] && exit 0
shoot digest-mail-desktop   digest-mail.html 1200 2000
shoot digest-mail-phone     digest-mail.html  420 2000
shoot digest-mail-dark      digest-mail.html  420 2000 "${dark[@]}"
echo "$out/digest.txt"
