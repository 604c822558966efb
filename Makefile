# Two commands for a new machine: `make demo` and `make test`.
SWIFT ?= swift
RELEASE = -c release
TESTFLAGS = -c release -Xswiftc -enable-testing

.PHONY: deps build lint format test test-cluster test-browser test-python bench bench-peers demo clean fuzz fuzz-build fuzz-ci

# Installs OpenBLAS's runtime library only when the loader cannot find it (macOS uses Accelerate).
# Reckon opens it at run time (docs/ARCHITECTURE.md, "BLAS"), so no headers are needed to build.
deps:
	@if [ "$$(uname)" = "Linux" ] && ! /sbin/ldconfig -p | grep -q 'libopenblas\.so\.0 '; then \
		echo "installing libopenblas0"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas0; \
	fi
	@if [ "$$(uname)" = "Linux" ] && [ ! -e /usr/include/sqlite3.h ]; then \
		echo "installing libsqlite3-dev (results.sqlite, through GRDB)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libsqlite3-dev; \
	fi

build: deps
	$(SWIFT) build $(RELEASE)

LINT_PERL = chomp; if (length($$_) > 120) { print "$$ARGV:$$.: " . length($$_) . " columns\n"; $$bad = 1 } close ARGV if eof; END { if ($$bad) { print "lint: Swift lines over 120 columns\n"; exit 1 } }
# `make lint` (the first step of `make test`): every Swift line at most 120 columns (characters, not
# bytes; strings included), every Swift file as `swift format lint --strict` wants it under .swift-format
# (`make format` rewrites what it can; two rules are off there: `case a, b` lists and a trailing closure
# after closure arguments are the project's style), and Package.swift's dependencies equal each
# target's imports (scripts/check-dependencies.py).
lint:
	@find Sources Tests Package.swift -name '*.swift' | sort | xargs perl -CSD -ne '$(LINT_PERL)'
	@$(SWIFT) format lint --strict --recursive --parallel --configuration .swift-format Sources Tests Package.swift
	@$(SWIFT) package dump-package | python3 scripts/check-dependencies.py

format:
	$(SWIFT) format -i -r --configuration .swift-format Sources Tests Package.swift

# Tests train tiny models, so they run optimized; -enable-testing keeps @testable imports working.
# The engine's tests run again under the BLAS library's own kernel choice and under a generic
# kernel, so gradient checks hold whichever kernel a machine ends up with.
test: deps lint
	$(SWIFT) test $(TESTFLAGS)
	RECKON_BLAS_KERNEL=default $(SWIFT) test $(TESTFLAGS) --filter ReckonTensorTests
	RECKON_BLAS_KERNEL=Prescott $(SWIFT) test $(TESTFLAGS) --filter ReckonTensorTests

# A sweep on a real single-node Slurm cluster on this machine (installs and starts it; needs root).
test-cluster: deps
	./scripts/slurm-single-node.sh
	$(SWIFT) build $(TESTFLAGS) --build-tests
	RECKON_SLURM=1 $(SWIFT) test $(TESTFLAGS) --skip-build --filter SlurmClusterTests

# The HTML report rendered by headless Chromium (Debian's chromium; installed when missing).
test-browser: deps
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	$(SWIFT) build $(TESTFLAGS) --build-tests
	RECKON_CHROMIUM=1 $(SWIFT) test $(TESTFLAGS) --skip-build --filter BrowserTests

# Exported datasets read by pandas and Hugging Face `datasets` (a virtual environment made when python3 is
# present; skipped with a notice otherwise).
test-python: deps
	$(SWIFT) build $(TESTFLAGS)
	./scripts/test-python.sh

bench: build
	$(SWIFT) run $(RELEASE) reckon bench engine

# Reckon's training steps against PyTorch's on this machine (needs `pip install torch`).
bench-peers: build
	$(SWIFT) run $(RELEASE) reckon bench peers

demo: build
	$(SWIFT) run $(RELEASE) reckon demo

# Fuzz targets: libFuzzer with AddressSanitizer, one executable target of Package.swift each (on the
# shared driver, Tests/FuzzSupport), as NAME:SEED_CORPUS. Adding a target is one line here (plus its
# target in Package.swift).
FUZZ_TARGETS = \
	CheckpointFuzz:Tests/Fuzz/corpus \
	RaspFuzz:Tests/FuzzRASP/corpus \
	SweepFuzz:Tests/FuzzSweep/corpus \
	ConfigFuzz:Tests/FuzzConfig/corpus

# `make fuzz FUZZ_TARGET=RaspFuzz` fuzzes one target for FUZZ_SECONDS (0: no limit), or for FUZZ_RUNS
# inputs, from its seed corpus (read only; new inputs go to .build/fuzz-corpus/NAME). Their own scratch
# path keeps the instrumented builds apart from the normal one. A crash exits non-zero and writes
# .build/fuzz-artifacts/NAME/crash-*; a plain build of the target replays files:
# `.build/release/NAME FILE...`.
FUZZ_TARGET ?= CheckpointFuzz
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= -1
FUZZ_RSS_MB ?= 2048
FUZZ_NAMES = $(foreach t,$(FUZZ_TARGETS),$(firstword $(subst :, ,$(t))))
FUZZ_CORPUS = $(word 2,$(subst :, ,$(filter $(FUZZ_TARGET):%,$(FUZZ_TARGETS))))
fuzz-build: deps
	$(if $(FUZZ_CORPUS),,$(error unknown FUZZ_TARGET '$(FUZZ_TARGET)'; the fuzz targets are $(FUZZ_NAMES)))
	$(SWIFT) build -c release --scratch-path .build/fuzz --product $(FUZZ_TARGET) \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DRECKON_LIBFUZZER

fuzz: fuzz-build
	mkdir -p .build/fuzz-corpus/$(FUZZ_TARGET) .build/fuzz-artifacts/$(FUZZ_TARGET)
	.build/fuzz/release/$(FUZZ_TARGET) .build/fuzz-corpus/$(FUZZ_TARGET) $(FUZZ_CORPUS) \
		-max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -rss_limit_mb=$(FUZZ_RSS_MB) -max_len=16384 \
		-timeout=10 -print_final_stats=1 -artifact_prefix=.build/fuzz-artifacts/$(FUZZ_TARGET)/

# What CI runs: a minute of fuzzing after the builds, split evenly among the targets.
FUZZ_CI_SECONDS ?= 60
fuzz-ci:
	@for t in $(FUZZ_NAMES); do \
		$(MAKE) fuzz FUZZ_TARGET=$$t FUZZ_SECONDS=$$(( $(FUZZ_CI_SECONDS) / $(words $(FUZZ_NAMES)) )) || exit 1; \
	done

clean:
	rm -rf .build
