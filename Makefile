# newswatch. The two set-up commands on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
.PHONY: run test deps bench fuzz screenshot clean

deps:
	@bash scripts/install-deps.sh

## Build (release), run one cron pass over the demo feeds, show stories, alerts and the digest.
run: deps
	@bash scripts/demo.sh

## Build and run every test (real SQLite files, HTTP and SMTP servers on loopback).
test: deps
	swift build --build-tests
	swift test --skip-build

## Benchmarks against the peers named in the issues; prints figures and ratios.
bench:
	@bash scripts/install-deps.sh --bench
	@bash bench/run-all.sh

## Fuzz the feed parser for 60 s (libFuzzer).
fuzz: deps
	@bash scripts/fuzz.sh

## Photograph the demo digest (var/screenshots/) and a sample report (out/digest/) in headless Chromium.
screenshot: run
	@bash scripts/install-deps.sh --screenshot
	@bash scripts/screenshot-digest.sh var/screenshots var/digest.html
	@CONFIG=release bash scripts/screenshot-digest.sh out/digest

clean:
	rm -rf .build var
