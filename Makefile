# Two commands for a new machine: `make demo` and `make test`.
SWIFT ?= swift
RELEASE = -c release
TESTFLAGS = -c release -Xswiftc -enable-testing

.PHONY: deps build test bench demo clean

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

clean:
	rm -rf .build
