# Two commands for a new machine: `make demo` and `make test`.
SWIFT ?= swift
RELEASE = -c release
TESTFLAGS = -c release -Xswiftc -enable-testing

.PHONY: deps build test bench demo clean fuzz fuzz-build fuzz-ci

# Installs OpenBLAS only when pkg-config cannot find it (macOS uses Accelerate).
deps:
	@if [ "$$(uname)" = "Linux" ] && ! pkg-config --exists openblas 2>/dev/null; then \
		echo "installing libopenblas-dev and pkg-config"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build $(RELEASE)

# Tests train tiny models, so they run optimized; -enable-testing keeps @testable imports working.
test: deps
	$(SWIFT) test $(TESTFLAGS)

bench: build
	$(SWIFT) run $(RELEASE) reckon bench engine

demo: build
	$(SWIFT) run $(RELEASE) reckon demo

# The checkpoint reader's fuzz target (Tests/Fuzz): libFuzzer with AddressSanitizer, seeded from
# Tests/Fuzz/corpus (read only; new inputs go to .build/fuzz-corpus). Its own scratch path keeps
# the instrumented build apart from the normal one. `make fuzz FUZZ_SECONDS=600`, or
# `make fuzz FUZZ_RUNS=1000000` for a number of inputs; a crash exits non-zero and writes crash-*.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_RSS_MB ?= 2048
FUZZ_BIN = .build/fuzz/release/CheckpointFuzz
fuzz-build: deps
	$(SWIFT) build -c release --scratch-path .build/fuzz --product CheckpointFuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DRECKON_LIBFUZZER

fuzz: fuzz-build
	mkdir -p .build/fuzz-corpus .build/fuzz-artifacts
	$(FUZZ_BIN) .build/fuzz-corpus Tests/Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) \
		-rss_limit_mb=$(FUZZ_RSS_MB) -max_len=16384 -timeout=10 -print_final_stats=1 \
		-artifact_prefix=.build/fuzz-artifacts/

# What CI runs: about a minute of fuzzing after the build.
fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=60

clean:
	rm -rf .build
