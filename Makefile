# newswatch: `make run` (demo cron pass) and `make test` are the two set-up commands.
SHELL := /bin/bash
.PHONY: run test bench fuzz deps
deps:
	@bash scripts/install-deps.sh
run: deps
	@bash scripts/demo.sh
test: deps
	swift build --build-tests
	swift test
bench: deps
	@bash bench/run-all.sh
