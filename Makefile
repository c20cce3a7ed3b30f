# frontline: the two set-up commands are `make run` and `make test`.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)

.PHONY: run test build bench

build:
	$(GO) build -o bin/frontline ./cmd/frontline

# Runs the service on its embedded default data (a new frontline.db is seeded).
run: build
	./bin/frontline stats --day 2025-01-20

# Runs every test.
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x ./data ./geo
