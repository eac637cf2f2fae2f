#!/usr/bin/env bash
# Installs the Debian packages newswatch needs to build and test, when they are missing.
# Usage: scripts/install-deps.sh [--bench | --screenshot]
#   --bench adds the peers that `make bench` compares against; --screenshot adds headless Chromium.
set -euo pipefail

packages=(pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev python3 python3-aiosmtpd openssl)
if [[ "${1:-}" == "--bench" ]]; then
    packages+=(nginx newsboat sfeed gcc time curl sqlite3 python3-pip)
elif [[ "${1:-}" == "--screenshot" ]]; then
    packages+=(chromium fonts-noto-cjk)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}" >&2
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
    echo "newswatch needs Swift 6 (https://www.swift.org/install/linux/); swift is not on PATH" >&2
    exit 1
fi
