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
VALGRIND := valgrind --quiet --leak-check=full --error-exitcode=1
# Only the endpoint benchmarks need these (the peer they compare against, and uvicorn's fast stack).
BENCH_PINS := pywa==4.5.0 uvloop==0.23.0 httptools==0.9.0
PY_PINS := maturin==1.16.0 pytest==9.2.0 hypothesis==6.170.17 cryptography==48.0.0 mypy==2.4.1 httpx==0.28.1 fastapi==0.165.0 starlette==1.10.0 flask==3.1.3 django==5.2.19 uvicorn==0.54.0 waitress==3.0.2
PREFIX ?= /usr/local

.PHONY: help setup build lib wheel header check-header test test-rust test-c test-python test-axum bench-endpoint-placement \
        demo bench bench-python install clean doc lint readme-tables check-lib

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

lib: ## Build target/release/libwaflows.{a,so} with the C ABI (the crate itself is an rlib)
	$(CARGO) rustc $(CARGO_LOCK) --release --lib --features ffi --crate-type staticlib,cdylib

check-lib: lib ## The shared library in target/release exports the C ABI (not the Python module); artifact sizes
	@n=$$(nm -D --defined-only $(LIB_DIR)/libwaflows.so | grep -c ' T waflows_' || true); \
	 if [ "$$n" -lt 50 ] || nm -D --defined-only $(LIB_DIR)/libwaflows.so | grep -q PyInit_; then \
	   echo "$(LIB_DIR)/libwaflows.so is not the C library ($$n waflows_* symbols)"; exit 1; fi; \
	 kib=$$(du -k $(LIB_DIR)/libwaflows.so | cut -f1); \
	 echo "$(LIB_DIR)/libwaflows.so: $$n waflows_* functions, $$kib KiB (limit 6144)"; \
	 [ "$$kib" -le 6144 ] || { echo "libwaflows.so is over 6 MiB: is the release profile still stripped?"; exit 1; }
	@for w in target/wheels/waflows-*.whl; do [ -e "$$w" ] || continue; kib=$$(du -k "$$w" | cut -f1); \
	 echo "$$w: $$kib KiB (limit 3072)"; [ "$$kib" -le 3072 ] || { echo "wheel over 3 MiB"; exit 1; }; done

wheel: $(VENV)/.stamp ## Build the abi3 wheel (profile `wheel`, target/wheel/) and install it into .venv
	rm -rf target/wheels
	$(PY) -m maturin build --quiet $(CARGO_LOCK) --out target/wheels
	$(PY) -m pip install --quiet --force-reinstall --no-deps target/wheels/waflows-*.whl

header: $(CBINDGEN) ## Regenerate include/waflows.h and include/waflows_catalogue.h
	$(CBINDGEN) -q --config cbindgen.toml --crate waflows --output include/waflows.h
	$(CARGO) run -q $(CARGO_LOCK) --features ffi --example catalogue_header > include/waflows_catalogue.h

check-header: $(CBINDGEN) ## Fail if include/waflows.h is stale; compile it as C99 and C++17
	$(CBINDGEN) -q --config cbindgen.toml --crate waflows --output include/waflows.h --verify
	$(CARGO) run -q $(CARGO_LOCK) --features ffi --example catalogue_header | diff -u include/waflows_catalogue.h -
	$(CC) -std=c99 -pedantic -Wall -Werror -fsyntax-only -x c include/waflows.h
	$(CXX) -std=c++17 -Wall -Werror -Iinclude -fsyntax-only bindings-tests/c/header_cpp.cpp

test: check-header test-rust test-axum test-c test-c-asan test-c-tsan test-python test-browser check-lib ## Every test: Rust (both RSA backends, fuzz corpus replay), C under valgrind/ASan+UBSan/TSan, Python, the browser check

RUST_FEATURES := ffi,fuzzing,axum
test-rust: ## cargo test with the C ABI, then the pure-Rust RSA backend, benches once
	$(CARGO) test $(CARGO_LOCK) --features $(RUST_FEATURES)
	$(CARGO) test $(CARGO_LOCK) --no-default-features --features pure-rust,ffi,fuzzing --lib --test api
	$(CARGO) test $(CARGO_LOCK) --features $(RUST_FEATURES) --benches

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
	@echo; $(PY) examples/media_demo.py
	@echo; $(PY) examples/endpoint_demo.py
	@mkdir -p build; echo; $(PY) -m waflows preview tests/fixtures/relay/hotel_feedback.flow.json -o build/hotel_feedback.html && echo "preview written: build/hotel_feedback.html"
	@echo; $(PY) examples/simulate_demo.py
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
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc $(CARGO_LOCK) --no-deps --features ffi

lint: $(VENV)/.stamp ## rustfmt check, clippy (both RSA backends, bindings on), stubtest, mypy --strict
	$(CARGO) fmt --check
	$(CARGO) clippy $(CARGO_LOCK) --all-targets --features ffi,python,fuzzing,axum -- -D warnings
	$(CARGO) clippy $(CARGO_LOCK) --lib --no-default-features --features pure-rust,ffi,python -- -D warnings
	$(MAKE) --no-print-directory wheel
	$(PY) -m mypy.stubtest waflows._waflows --allowlist stubtest-allowlist.txt
	$(PY) -m mypy --strict python/waflows

clean: ## Remove build outputs (keeps .venv and .tools)
	$(CARGO) clean
	rm -rf build target/wheels

# --- fuzzing and sanitizers (issue 13) ---------------------------------------------------------
.PHONY: fuzz fuzz-long test-fuzz-replay test-c-asan test-c-tsan

CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
CARGO_FUZZ_VERSION := 0.13.1
FUZZ_SECONDS ?= 60
FUZZ_LONG_SECONDS ?= 36000
FUZZ_RUNS ?= 10000000
SANITIZE_CFLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
C_ASAN_TESTS := $(patsubst bindings-tests/c/%.c,build/c-asan/%,$(wildcard bindings-tests/c/test_*.c))

$(CARGO_FUZZ):
	$(CARGO) install --quiet --locked --root $(TOOLS) cargo-fuzz --version $(CARGO_FUZZ_VERSION)

fuzz: $(CARGO_FUZZ) ## Run each fuzz target FUZZ_SECONDS (60) on nightly: execs, execs/s, coverage, findings
	nice -n 19 fuzz/run.sh $(FUZZ_SECONDS)

fuzz-long: $(CARGO_FUZZ) ## Fuzz campaign: each target FUZZ_RUNS (10M) executions (at most FUZZ_LONG_SECONDS), niced; record it in fuzz/README.md
	FUZZ_RUNS=$(FUZZ_RUNS) nice -n 19 fuzz/run.sh $(FUZZ_LONG_SECONDS)

test-fuzz-replay: ## Replay every committed fuzz corpus and regression input on stable Rust
	$(CARGO) test $(CARGO_LOCK) --features fuzzing --test api fuzz_replay
	$(CARGO) test $(CARGO_LOCK) --no-default-features --features pure-rust,fuzzing --test api fuzz_replay

build/c-asan/%: bindings-tests/c/%.c bindings-tests/c/harness.h include/waflows.h lib
	@mkdir -p build/c-asan
	$(CC) $(CFLAGS_TEST) $(SANITIZE_CFLAGS) -fsanitize=address,undefined $< $(STATICLIB) -lpthread -ldl -lm -o $@

test-c-asan: lib $(C_ASAN_TESTS) ## C binding tests built with -fsanitize=address,undefined (LeakSanitizer on)
	@for t in $(C_ASAN_TESTS); do echo "== $$t"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./$$t; done

build/c-tsan/test_threads: bindings-tests/c/test_threads.c bindings-tests/c/harness.h include/waflows.h lib
	@mkdir -p build/c-tsan
	$(CC) $(CFLAGS_TEST) $(SANITIZE_CFLAGS) -fsanitize=thread $< $(STATICLIB) -lpthread -ldl -lm -o $@

test-c-tsan: lib build/c-tsan/test_threads ## The threaded C test (shared key and relay) under ThreadSanitizer
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/bindings-tests/c/tsan.supp" \
	  setarch -R ./build/c-tsan/test_threads
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

# --- endpoint (issue 9) ---------------------------------------------------------------------
test-axum: ## The axum example endpoint (examples/axum_endpoint, its own workspace) served and driven over HTTP
	CARGO_TARGET_DIR=$(CURDIR)/target $(CARGO) test $(CARGO_LOCK) --manifest-path examples/axum_endpoint/Cargo.toml

.PHONY: bench-endpoint-workers
$(VENV)/.bench-stamp: $(VENV)/.stamp
	$(PY) -m pip install --quiet $(BENCH_PINS)
	touch $@

.PHONY: bench-endpoint
bench-endpoint: wheel $(VENV)/.bench-stamp ## waflows' ASGI/WSGI endpoint vs pywa's handler, side by side (benches/README.md)
	cd benches/python && $(CURDIR)/$(PY) endpoint_vs_pywa.py

bench-endpoint-workers: wheel $(VENV)/.bench-stamp ## 1 vs 2 uvicorn workers, httptools+uvloop vs h11+asyncio, Rust load client
	$(CARGO) build $(CARGO_LOCK) --release --example load_client
	cd benches/python && $(CURDIR)/$(PY) endpoint_workers.py

bench-endpoint-placement: ## Where the endpoint's RSA work should run on tokio: inline vs spawn_blocking
	CARGO_TARGET_DIR=$(CURDIR)/target $(CARGO) run $(CARGO_LOCK) --release --manifest-path examples/axum_endpoint/Cargo.toml --bin placement
