# Fermata entry points. `make demo` builds and runs the demo; `make check` is what CI runs.
# Every stage prints "== stage NAME: Ns ok|failed" (scripts/stage.sh). `make help` lists targets.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
# Stages run in the order written even under `make -j`; ninja and ctest do the parallel work.
.NOTPARALLEL:

JOBS ?= 2
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BENCH_DIR ?= build-bench
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60

# The compiler cache lives outside the clone; paths are rewritten relative to the clone
# (and the directory is left out of the hash) so every clone shares the same hits.
export CCACHE_DIR ?= $(HOME)/.cache/fermata-ccache
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true

STAGE := scripts/stage.sh
CMAKE_CONFIGURE := cmake -S . -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
# Release with asserts: RelWithDebInfo's -O2, without the -DNDEBUG that would drop assert(), and
# -g1 (line tables: backtraces name file and line) instead of -g, which makes every compile a
# quarter slower and every link several times larger. Sanitizer builds the same at -O1.
RELEASE_ASSERTS := -DCMAKE_BUILD_TYPE=RelWithDebInfo '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1'
ASAN_FLAGS := -DFERMATA_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1'
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: help deps configure build test demo check check-stages lint format tidy asan bench \
  mutants fuzz clean

help:
	@echo 'make deps     install the Debian packages (scripts/install-deps.sh; needs root if any are missing)'
	@echo 'make build    configure and build $(BUILD_DIR)/ (RelWithDebInfo with asserts, Ninja, ccache)'
	@echo 'make demo     build, then run scripts/demo.sh'
	@echo 'make check    deps, lint, build, all tests, then unit tests under ASan+UBSan (CI runs this)'
	@echo 'make test     build, then ctest in $(BUILD_DIR)/'
	@echo 'make lint     format check + 70-line function ratchet + clang-tidy naming on changed files'
	@echo 'make format   clang-format -i every C++ file'
	@echo 'make tidy     clang-tidy naming on changed files (FERMATA_TIDY_BASE=rev to choose the base)'
	@echo 'make asan     build $(ASAN_DIR)/ with sanitizers and run the unit tests'
	@echo 'make bench    build $(BENCH_DIR)/ (Release) and run every benchmark; JSON in $(BENCH_DIR)/results/'
	@echo 'make mutants  run scripts/mutants.sh'
	@echo 'make fuzz     build the parsers'"'"' fuzz targets with clang 14 + libFuzzer in $(FUZZ_DIR)/ and run each for FUZZ_SECONDS (60)'
	@echo 'make clean    remove the build directories (the ccache in $(CCACHE_DIR) stays)'

deps:
	@$(STAGE) deps scripts/install-deps.sh

configure: deps
	@$(STAGE) configure $(CMAKE_CONFIGURE) -B $(BUILD_DIR) $(RELEASE_ASSERTS)

build: deps configure
	@$(STAGE) build cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@$(STAGE) test ctest --test-dir $(BUILD_DIR) --output-on-failure --no-tests=error -j $(JOBS)

demo: build
	@if [[ ! -f scripts/demo.sh ]]; then \
	  echo 'make demo: scripts/demo.sh does not exist yet (the demo script is not written)' >&2; \
	  exit 1; \
	fi
	@$(STAGE) demo bash scripts/demo.sh

# check-stages runs inside one stage so the total time is printed too.
check:
	@$(STAGE) check $(MAKE) --no-print-directory check-stages

check-stages: deps lint build test asan

lint: deps configure
	@$(STAGE) lint env FERMATA_BUILD_DIR=$(BUILD_DIR) JOBS=$(JOBS) scripts/lint.sh

format:
	@$(STAGE) format scripts/check-format.sh --fix

tidy: deps configure
	@$(STAGE) tidy env FERMATA_BUILD_DIR=$(BUILD_DIR) JOBS=$(JOBS) scripts/tidy-changed.sh

asan: deps
	@$(STAGE) asan-configure $(CMAKE_CONFIGURE) -B $(ASAN_DIR) $(ASAN_FLAGS)
	@# Only the unit-test binaries: every test labelled `unit` is named after its target.
	@$(STAGE) asan-build cmake --build $(ASAN_DIR) -j $(JOBS) --target \
	  $$(ctest --test-dir $(ASAN_DIR) -N -L unit | awk '/Test +#/ {print $$3}')
	@$(STAGE) asan-test env $(SANITIZER_ENV) \
	  ctest --test-dir $(ASAN_DIR) -L unit --output-on-failure --no-tests=error -j $(JOBS)

bench: deps
	@$(STAGE) bench-configure $(CMAKE_CONFIGURE) -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release \
	  -DFERMATA_BUILD_BENCH=ON -DFERMATA_BUILD_TESTS=OFF
	@$(STAGE) bench-build cmake --build $(BENCH_DIR) -j $(JOBS)
	@$(STAGE) bench scripts/run-bench.sh $(BENCH_DIR)

mutants: deps
	@if [[ ! -f scripts/mutants.sh ]]; then \
	  echo 'make mutants: scripts/mutants.sh does not exist yet' >&2; \
	  exit 1; \
	fi
	@$(STAGE) mutants bash scripts/mutants.sh

# libFuzzer needs clang; clang 14 with libstdc++ 12 rejects some C++20 library features
# (std::views::filter, std::source_location), which fuzzed code therefore avoids.
fuzz: deps
	@$(STAGE) fuzz-configure env CC=clang-14 CXX=clang++-14 $(CMAKE_CONFIGURE) -B $(FUZZ_DIR) \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFERMATA_BUILD_TESTS=ON -DFERMATA_FUZZ_LIBFUZZER=ON
	@$(STAGE) fuzz-build cmake --build $(FUZZ_DIR) -j $(JOBS) --target \
	  $$(for f in fuzz/*_fuzz.cc; do basename $$f .cc; done)
	@$(STAGE) fuzz scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(BENCH_DIR) $(FUZZ_DIR)
