# The commands the README names. Each installs what it needs on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= config.yaml
SYSTEM_PACKAGES := libcurl4-openssl-dev pkg-config

.PHONY: run test build system-packages bench clean

system-packages:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

build: system-packages
	$(SWIFT) build

## Builds and starts the gateway with its embedded demo upstream (see config.yaml).
run: build
	$(SWIFT) run deskbridge serve --config $(CONFIG)

## Builds and runs the whole test suite.
test: system-packages
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
