# waflows — every command a user or CI needs. `make help` lists the targets.
#
# Everything installs into project-local, git-ignored folders (.venv, .tools), so a fresh
# machine needs only Rust (cargo), Python 3.10+ with venv, a C compiler and valgrind.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
CBINDGEN := $(TOOLS)/bin/cbindgen
CBINDGEN_VERSION := 0.29.4
CARGO := cargo
CARGO_LOCK := --locked
CC ?= gcc
CXX ?= g++
CFLAGS_TEST := -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -Ibindings-tests/c
LIB_DIR := target/release
STATICLIB := $(LIB_DIR)/libwaflows.a
C_TESTS := $(patsubst bindings-tests/c/%.c,build/c/%,$(wildcard bindings-tests/c/test_*.c))
VALGRIND := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=1
PY_PINS := maturin==1.16.0 pytest==9.2.0 hypothesis==6.170.17 cryptography==48.0.0 mypy==2.4.1
PREFIX ?= /usr/local

.PHONY: help setup build lib wheel header check-header test test-rust test-c test-python \
        demo bench bench-python install clean doc lint readme-tables

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  %-14s %s\n", $$1, $$2}'

setup: $(VENV)/.stamp $(CBINDGEN) ## Install the pinned tools (virtualenv with maturin/pytest, cbindgen)

$(VENV)/.stamp: Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(PY_PINS)
	touch $@

$(CBINDGEN):
	$(CARGO) install --quiet --locked --root $(TOOLS) cbindgen --version $(CBINDGEN_VERSION)

build: lib wheel ## Build the C library (static + shared) and the Python wheel

lib: ## Build target/release/libwaflows.{a,so} with the C ABI
	$(CARGO) build $(CARGO_LOCK) --release --features ffi

wheel: $(VENV)/.stamp ## Build the abi3 wheel and install it into .venv
	rm -rf target/wheels
	$(PY) -m maturin build --quiet $(CARGO_LOCK) --release --out target/wheels
	$(PY) -m pip install --quiet --force-reinstall --no-deps target/wheels/waflows-*.whl

header: $(CBINDGEN) ## Regenerate include/waflows.h and include/waflows_catalogue.h
	$(CBINDGEN) -q --config cbindgen.toml --crate waflows --output include/waflows.h
	$(CARGO) run -q $(CARGO_LOCK) --features ffi --example catalogue_header > include/waflows_catalogue.h

check-header: $(CBINDGEN) ## Fail if include/waflows.h is stale; compile it as C99 and C++17
	$(CBINDGEN) -q --config cbindgen.toml --crate waflows --output include/waflows.h --verify
	$(CARGO) run -q $(CARGO_LOCK) --features ffi --example catalogue_header | diff -u include/waflows_catalogue.h -
	$(CC) -std=c99 -pedantic -Wall -Werror -fsyntax-only -x c include/waflows.h
	$(CXX) -std=c++17 -Wall -Werror -Iinclude -fsyntax-only bindings-tests/c/header_cpp.cpp

test: check-header test-rust test-c test-python ## Run every test: Rust (both RSA backends), C under valgrind, Python

test-rust: ## cargo test: all features, then the pure-Rust RSA backend, benches once
	$(CARGO) test $(CARGO_LOCK) --all-features
	$(CARGO) test $(CARGO_LOCK) --no-default-features --features pure-rust --lib --test api
	$(CARGO) test $(CARGO_LOCK) --benches

build/c/%: bindings-tests/c/%.c bindings-tests/c/harness.h include/waflows.h lib
	@mkdir -p build/c
	$(CC) $(CFLAGS_TEST) $< $(STATICLIB) -lpthread -ldl -lm -o $@

test-c: lib $(C_TESTS) ## C binding tests, each under valgrind with leak checking
	@for t in $(C_TESTS); do echo "== $$t"; $(VALGRIND) ./$$t; done

test-python: wheel ## Python binding tests against the freshly built wheel
	$(PY) -m pytest -q

demo: wheel lib ## The main job end to end on 127.0.0.1 (endpoint, validator, relay, lifecycle), then C and Rust
	$(PY) examples/demo.py
	@echo; bash examples/flow_json_demo.sh $(PY)
	@echo; $(PY) examples/relay_demo.py
	@echo; $(PY) examples/lifecycle_demo.py
	@mkdir -p build
	$(CC) -std=c99 -Wall -Werror -Iinclude examples/demo.c $(STATICLIB) -lpthread -ldl -lm -o build/demo_c
	./build/demo_c
	$(CARGO) run $(CARGO_LOCK) --quiet --release --example demo

readme-tables: wheel ## Regenerate the code tables in README.md from the catalogues
	$(PY) scripts/readme_tables.py

bench: ## Criterion benchmarks (numbers in benches/README.md)
	$(CARGO) bench $(CARGO_LOCK)

bench-python: wheel ## waflows vs the cryptography-based reference, 1 and 2 threads
	$(PY) benches/python/bench_codec.py

install: lib ## Install header, libraries and pkg-config file under PREFIX
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/waflows.h include/waflows_catalogue.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(STATICLIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_DIR)/libwaflows.so $(DESTDIR)$(PREFIX)/lib/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e "s|@VERSION@|$$(sed -n 's/^version = \"\(.*\)\"/\1/p' Cargo.toml | head -1)|" \
	    waflows.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/waflows.pc

doc: ## Rust API docs
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc $(CARGO_LOCK) --no-deps --all-features

lint: ## rustfmt check, clippy, the Python stubs against the built module, mypy --strict
	$(CARGO) fmt --check
	$(CARGO) clippy $(CARGO_LOCK) --all-targets --all-features -- -D warnings
	$(MAKE) --no-print-directory wheel
	$(PY) -m mypy.stubtest waflows._waflows --allowlist stubtest-allowlist.txt
	$(PY) -m mypy --strict python/waflows

clean: ## Remove build outputs (keeps .venv and .tools)
	$(CARGO) clean
	rm -rf build target/wheels

# --- preview (branch preview) -----------------------------------------------------------------
CORPUS ?= ../shared/corpus/valid
.PHONY: test-browser storyboard-png

test-browser: wheel ## Preview pages checked in headless Chromium (installs Debian's chromium-headless-shell when missing, as root)
	@if ! command -v chromium-headless-shell >/dev/null && ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-cache policy chromium-headless-shell | grep -q 'Candidate: [0-9]' || apt-get update -qq; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell fonts-dejavu-core \
	      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; \
	  else \
	    echo "test-browser: Chromium is missing; as root run: apt-get install chromium-headless-shell"; exit 1; \
	  fi; \
	fi
	$(PY) bindings-tests/browser/check_preview.py --corpus $(CORPUS)

storyboard-png: wheel ## Regenerate docs/img/storyboard.png (the README's storyboard screenshot)
	@mkdir -p docs/img
	$(PY) bindings-tests/browser/check_preview.py --screenshot tests/fixtures/relay/weather_age.flow.json docs/img/storyboard.png
