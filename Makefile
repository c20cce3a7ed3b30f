# frontline: the two set-up commands are `make run` and `make test`.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)

.PHONY: run test build bench

build: static/app/vendor
	$(GO) build -o bin/frontline ./cmd/frontline

# The web app's third-party code (MapLibre GL JS, Leaflet), installed from
# static/package-lock.json: npm ci copies it into static/app/vendor (git-ignored),
# which the binary embeds. Runs when vendor is missing or the lock file changed.
static/app/vendor: static/package-lock.json static/copy-vendor.mjs
	cd static && npm ci
	touch $@

# Serves http://127.0.0.1:8080 on the embedded default data (a new frontline.db is seeded).
run: build
	./bin/frontline serve

# Runs every test.
test: static/app/vendor
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# Runs the benchmark harness on the real series and writes BENCHMARKS.md,
# installing what it compares against (wrk, Mapnik 3.1) from Debian first.
# BASELINE=REV also measures that commit beside the working tree.
bench: static/app/vendor
	@command -v wrk >/dev/null && /usr/bin/python3 -c 'import mapnik' 2>/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk python3-mapnik)
	$(GO) run ./cmd/bench -write BENCHMARKS.md $(if $(BASELINE),-baseline $(BASELINE))
