# The commands the README names. Each installs what it needs on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= config.yaml
# Debian's own python3 needs python3-venv for the django-oscar test shop; pyenv's Python has venv.
PYTHON_PACKAGES := $(shell python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || echo python3 python3-venv)
SYSTEM_PACKAGES := libcurl4-openssl-dev pkg-config $(PYTHON_PACKAGES)

.PHONY: run test build system-packages oscar-shop clean

system-packages:
	@./scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

build: system-packages
	$(SWIFT) build

## Builds and starts the gateway with its embedded demo upstream (see config.yaml).
run: build
	$(SWIFT) run deskbridge serve --config $(CONFIG)

## Builds and runs the whole test suite (the django-oscar shop it tests against is set up first).
test: system-packages oscar-shop
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## A real django-oscar shop in .build/oscar (venv, SQLite, fixture catalog); fast when up to date.
oscar-shop:
	./scripts/oscar/setup.sh

clean:
	rm -rf .build
