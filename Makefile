# The commands the README names. Each installs what it needs on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= config.yaml
# Debian's own python3 needs python3-venv for the django-oscar test shop; pyenv's Python has venv.
PYTHON_PACKAGES := $(shell python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || echo python3 python3-venv)
# What building and running need.
SYSTEM_PACKAGES := libcurl4-openssl-dev libhiredis-dev pkg-config
# What the tests need besides: a Python for the django-oscar shop, chromium for the panel app,
# openssl (a real TLS peer for the client), binutils (nm reads the production binary),
# redis-server (the real Redis the shared-state tests start on free ports).
TEST_PACKAGES := $(SYSTEM_PACKAGES) binutils openssl redis-server chromium chromium-driver fonts-dejavu-core $(PYTHON_PACKAGES)

.PHONY: run test build system-packages test-packages oscar-shop panel-browser clean bench bench-smoke soak lint format mutants
.PHONY: fuzz fuzz-smoke schemathesis

system-packages:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

test-packages:
	@./scripts/install-system-packages.sh $(TEST_PACKAGES)

build: system-packages
	$(SWIFT) build

## Builds and starts the gateway on :8080, and beside it the demo upstream (deskbridge-sandbox, a
## simulated Shopify on :8091) that config.yaml's demo tenant calls.
run: build
	./scripts/run-demo.sh $(CONFIG)

# Suites that put hundreds of concurrent calls on the machine (storms, soak, the route fuzzer).
LOAD_SUITES := NoisyNeighbourTests|RouteFuzzTests
# Suites that measure time (CRM pacing figures, the fleet's shared pacing window, read deadlines)
# and the one that floods a gateway with 8 MiB answers to read its memory: each after the others.
TIMED_SUITES := BusyMorningTests FleetBudgetTests ConnectionLimitTests ParseMemoryTests
# Suites that measure and print figures for BENCHMARKS.md: run by `make bench`, not by `make test`.
BENCH_SUITES := BindingWriteBenchmark
# At most 16 tests at once (Swift Testing's default is unbounded): with 800 tests starting
# together on two cores, quick loopback calls once waited past 10 s deadlines.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH ?= 16

## Builds and runs the whole test suite (the django-oscar shop and the browser it tests with are set up
## first), then the benchmark scripts in smoke mode, so that `make bench` keeps working.
test: test-packages oscar-shop panel-browser lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(LOAD_SUITES)|$(subst $() ,|,$(TIMED_SUITES))|$(BENCH_SUITES)' 2>&1 | tee .build/test-output.txt; exit $${PIPESTATUS[0]}
	@# The suites that load both cores on purpose run on their own, so that no other test's
	@# deadline (the bot's 8 s search, say) depends on their storms.
	$(SWIFT) test --skip-build --filter '$(LOAD_SUITES)' 2>&1 | tee -a .build/test-output.txt; exit $${PIPESTATUS[0]}
	@for suite in $(TIMED_SUITES); do \
	  $(SWIFT) test --skip-build --filter "$$suite" 2>&1 | tee -a .build/test-output.txt; \
	  [ $${PIPESTATUS[0]} -eq 0 ] || exit 1; \
	done
	@# Every test must run: a skipped one (a missing tool, an environment switch) fails the run.
	@if grep -a -E '^➜ (Test|Suite) .* skipped' .build/test-output.txt; then echo "make test: the tests above were skipped; every test must run" >&2; exit 1; fi
	@# The security and isolation mutants (docs/testing.md); the suite has just passed: no baseline.
	SWIFT=$(SWIFT) ./scripts/mutants/run.sh --fast --no-baseline
	SWIFT=$(SWIFT) BENCH_SMOKE=1 ./scripts/bench/run.sh
	@# The fuzzers for 20 s each, then schemathesis against a live gateway (docs/security.md).
	SWIFT=$(SWIFT) FUZZ_SECONDS=20 ./scripts/fuzz/run.sh
	SWIFT=$(SWIFT) ./scripts/schemathesis/run.sh

## The tree as swift-format (the toolchain's `swift format`, settings in .swift-format) writes it.
SWIFT_FILES = $(shell git ls-files '*.swift' 2>/dev/null || find Sources Tests Benchmarks -name '*.swift' -not -path '*/.build/*')
lint:
	@echo "swift format lint --strict: $(words $(SWIFT_FILES)) files"
	@$(SWIFT) format lint --strict --configuration .swift-format $(SWIFT_FILES)

format:
	@$(SWIFT) format format --in-place --configuration .swift-format $(SWIFT_FILES)

## A real django-oscar shop in .build/oscar (venv, SQLite, fixture catalog); fast when up to date.
oscar-shop:
	./scripts/oscar/setup.sh

## Selenium in .build/panel-browser for the panel app's tests in headless Chromium.
panel-browser:
	./Tests/PanelAppTests/Browser/setup.sh >/dev/null

## Load (wrk) beside nginx proxy_cache and the upstream called directly, memory, startup, reload and
## micro benchmarks, release build; rewrites the Gateway and Micro sections of BENCHMARKS.md.
bench: system-packages
	SWIFT=$(SWIFT) ./scripts/bench/run.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '$(BENCH_SUITES)'

## The same scripts for a few seconds on debug builds; never writes BENCHMARKS.md, fails only when
## something did not start or a request failed.
bench-smoke: system-packages
	SWIFT=$(SWIFT) BENCH_SMOKE=1 ./scripts/bench/run.sh

## The randomized noisy-neighbour soak for SOAK_SECONDS (default 300; `make test` runs it for 20 s):
## rounds of slow, cut, dropped and failing answers from one shop, cancellations and breaker trips,
## each followed by a check that a healthy tenant is served. SOAK_SEED=N replays a run.
SOAK_SECONDS ?= 300
soak: system-packages
	$(SWIFT) build --build-tests
	DESKBRIDGE_SOAK_SECONDS=$(SOAK_SECONDS) DESKBRIDGE_SOAK_SEED=$(SOAK_SEED) $(SWIFT) test --skip-build --filter NoisyNeighbourTests.randomizedSoak

## The libFuzzer harnesses (Fuzz/, docs/security.md), each built with -sanitize=fuzzer,address in
## .build-fuzz and run for FUZZ_SECONDS (default 300); fails on any crash, leak or timeout.
## FUZZ_NAMES="json expression" runs some.
FUZZ_SECONDS ?= 300
fuzz: system-packages
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz/run.sh $(FUZZ_NAMES)

## What `make test` runs: every harness for 20 s.
fuzz-smoke: system-packages
	SWIFT=$(SWIFT) FUZZ_SECONDS=20 ./scripts/fuzz/run.sh

## schemathesis against a live gateway and sandbox (scripts/schemathesis): SCHEMATHESIS_EXAMPLES per
## operation (make test's default), no 5xx, no answer outside /openapi.json, no hang.
schemathesis: build
	SWIFT=$(SWIFT) ./scripts/schemathesis/run.sh

## Deliberate breakages of Sources (Tests/Mutants), one at a time: each must make its tests fail.
mutants: system-packages
	SWIFT=$(SWIFT) ./scripts/mutants/run.sh

clean:
	rm -rf .build
