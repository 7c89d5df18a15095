# crmwh — common tasks. `make help` lists them.
SWIFT ?= swift
BIN_DEBUG := .build/debug/crmwh
BIN_RELEASE := .build/release/crmwh
PREFIX ?= /usr/local

.PHONY: help setup build release test test-faults test-browser test-citus demo db-start db-stop bench bench-read bench-load bench-clv bench-clv-db bench-propensity bench-marts bench-scale install clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

setup: ## Install PostgreSQL, libpq-dev and zlib1g-dev with apt-get when missing
	@scripts/setup.sh

build: ## Debug build
	$(SWIFT) build

release: ## Optimized build (.build/release/crmwh)
	$(SWIFT) build -c release --product crmwh

test: ## All tests: pure, integration (a private PostgreSQL the run starts), end to end
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/test.sh

test-faults: ## The fault-and-bad-input suite on the release binary and a private cluster (docs/reliability.md)
	scripts/test-faults.sh

test-browser: release ## Every HTML report and the management pack in headless Chromium at 1400 and 420 px (installs chromium when missing); screenshots in out/browser-test
	scripts/test-browser.sh

test-citus: ## The pipeline on Citus (coordinator + 2 workers) against single-node PostgreSQL; needs CRMWH_TEST_CITUS=1 and Citus installed (docs/scaling.md)
	scripts/test-citus.sh

demo: release ## Embedded database, sample feeds, nightly run, report
	$(BIN_RELEASE) demo

db-start: build ## Start the embedded cluster under .crmwh/
	$(BIN_DEBUG) db start

db-stop: build ## Stop the embedded cluster
	$(BIN_DEBUG) db stop

bench: bench-read bench-load bench-clv bench-clv-db bench-propensity bench-marts bench-scale ## All benchmarks

bench-read: ## Feed reader throughput against wc -l and Python
	scripts/bench-read.sh

bench-load: release ## Load 5M order lines: crmwh against psql \copy and the server's floor, then a nightly 1 % increment
	scripts/bench-load.sh

bench-clv: ## CLV fit and score speed against lifetimes
	scripts/bench-clv.sh

bench-clv-db: ## crmwh clv fit and score end to end on 200k customers in a private cluster
	scripts/bench-clv-db.sh

bench-propensity: release ## crmwh score propensity end to end on 200k generated customers in a private cluster
	scripts/bench-propensity.sh

bench-marts: release ## Mart refresh (full, beside a grouped scan and its writes alone; incremental after 1 % new lines, then after responses and a product cost) and every report on 200k customers, 5M lines
	scripts/bench-marts.sh

bench-scale: release ## Load and full refresh at 1M, 2M and 5M order lines: time per line, against psql \copy of each file
	scripts/bench-scale.sh

install: release ## Install crmwh and its SQL under PREFIX (default /usr/local)
	install -D -m 755 $(BIN_RELEASE) $(PREFIX)/bin/crmwh
	mkdir -p $(PREFIX)/share/crmwh && cp -R sql $(PREFIX)/share/crmwh/

clean: ## Remove build products (not the embedded cluster)
	rm -rf .build
