# frontline: the two set-up commands are `make run` and `make test`.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)

.PHONY: run test build bench

build:
	$(GO) build -o bin/frontline ./cmd/frontline

# Serves http://127.0.0.1:8080 on the embedded default data (a new frontline.db is seeded).
run: build
	./bin/frontline serve

# Runs every test.
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Runs the benchmark harness on the real series and writes BENCHMARKS.md.
bench:
	$(GO) run ./cmd/bench -write BENCHMARKS.md
