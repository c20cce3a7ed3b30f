# frontline: the two set-up commands are `make run` and `make test`.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)

# The release the binary reports (frontline version): the nearest tag, the
# commits since and the commit, "-dirty" with uncommitted changes; the
# commit alone before the first tag (make build VERSION=v1.2.3 to override).
# Outside a git checkout it is left unset and the binary says what the go
# command stamped, else "devel". The commit and its time come from the go
# command's VCS stamp: -buildvcs=auto (also where GOFLAGS turns it off)
# where git can read the tree, else false (git refusing the folder would
# otherwise fail the build).
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null)
LDFLAGS := $(if $(VERSION),-X main.version=$(VERSION))
BUILDVCS := $(shell git status --porcelain >/dev/null 2>&1 && echo auto || echo false)

# The tools' own modules (each replaces github.com/frontline-map/frontline
# with this tree): the benchmark harness and the seed generators, whose
# dependencies stay out of the product's go.mod. go test ./... at the root
# does not reach them.
TOOL_MODULES := cmd/bench data/gen

# The web app's third-party code (MapLibre GL JS, Leaflet), installed from
# static/package-lock.json: npm ci copies it into static/app/vendor (git-ignored),
# which the binary embeds, and writes this marker last. static/static.go
# embeds the marker by name, so a go build without it fails and names
# make build. Made when the marker is missing or the lock file changed.
VENDOR := static/app/vendor/made-by-make-build

# staticcheck at a pinned release (2026.2.2, which knows Go 1.26), installed
# by make test into bin/ (git-ignored) from the Go module proxy; a folder a
# release, so that changing the version installs it anew.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := bin/staticcheck-$(STATICCHECK_VERSION)/staticcheck

.PHONY: run test build bench pg-start pg-stop

build: $(VENDOR)
	$(GO) build -buildvcs=$(BUILDVCS) -ldflags '$(LDFLAGS)' -o bin/frontline ./cmd/frontline

$(VENDOR): static/package-lock.json static/copy-vendor.mjs
	cd static && npm ci
	touch $@

# Serves http://127.0.0.1:8080 on the embedded default data (a new frontline.db is seeded).
run: build
	./bin/frontline serve

# Runs every test: go vet, staticcheck and go test in the product module
# and in each tool module. The product's tests run against a throwaway PostgreSQL 15 +
# PostGIS 3 server that .ci/pg.sh run starts (FRONTLINE_TEST_PG; one from
# make pg-start is used instead when set); without PostgreSQL installed
# those tests are skipped, unless FRONTLINE_REQUIRE_PG=1 (as in CI). The
# store tests of data run twice: on SQLite, then on PostgreSQL
# (FRONTLINE_TEST_STORE=postgres), one conformance suite for both stores.
# Where ../shared holds DeepStateMap's whole archive, data/store's
# TestDeepStateArchive unpacks and imports it (minutes): hence a package
# timeout above go test's default of 10 minutes.
test: $(VENDOR) $(STATICCHECK)
	$(GO) vet ./...
	$(STATICCHECK) ./...
	.ci/pg.sh run sh -c '$(GO) test -count=1 -timeout 30m ./... && FRONTLINE_TEST_STORE=postgres $(GO) test -count=1 -timeout 20m ./data/...'
	@set -e; for m in $(TOOL_MODULES); do \
		echo "cd $$m && $(GO) vet ./... && $(STATICCHECK) ./... && $(GO) test -count=1 ./..."; \
		(cd $$m && $(GO) vet ./... && $(CURDIR)/$(STATICCHECK) ./... && $(CURDIR)/.ci/pg.sh run $(GO) test -count=1 ./...); \
	done

$(STATICCHECK):
	GOBIN=$(CURDIR)/$(@D) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

# Runs the benchmark harness (the module in cmd/bench, which builds
# ./cmd/frontline of this tree) on the real series and writes BENCHMARKS.md,
# installing what it compares against (wrk, Mapnik 3.1) from Debian first.
# BASELINE=REV also measures that commit beside the working tree. Where
# DeepStateMap's whole archive is beside the repository it is imported and
# measured too (the day-tile scrub, the temporal tiles over the front);
# alone: cd cmd/bench && go run . -only archive [-archive-db FILE]. Last,
# the load that misses the cache on the archive (the series without it),
# frontline on SQLite and PostgreSQL beside tegola, Mapnik and pg_tileserv
# (where one is on PATH or given as PGTILESERV=PATH), each run
# MISS_DURATION long (default 30s); alone: go run . -only miss.
bench: $(VENDOR)
	@command -v wrk >/dev/null && /usr/bin/python3 -c 'import mapnik' 2>/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk python3-mapnik)
	cd cmd/bench && $(GO) run . -write ../../BENCHMARKS.md $(if $(BASELINE),-baseline $(BASELINE)) \
		$(if $(MISS_DURATION),-miss-duration $(MISS_DURATION)) $(if $(PGTILESERV),-pgtileserv $(PGTILESERV))

# A PostgreSQL 15 + PostGIS 3 server for running tests by hand, in .pg/
# (git-ignored): eval "$(make -s pg-start)", then go test ./...; make
# pg-stop stops it and removes .pg/.
pg-start:
	@url=$$(.ci/pg.sh start .pg) && echo "export FRONTLINE_TEST_PG='$$url'"

pg-stop:
	@.ci/pg.sh stop .pg
