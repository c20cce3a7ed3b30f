// Command bench measures frontline on the real DeepStateMap series: import,
// uncached raster and vector tiles per zoom, cached throughput with wrk
// beside a bare net/http handler serving the same bytes, and the timeline
// scrub. It drives a real `frontline serve` over loopback, the way users
// meet it, and prints one Markdown table (and, with -write, puts it into
// BENCHMARKS.md between the bench markers).
//
// With -baseline REV it also builds REV (a git revision) in a temporary
// worktree and measures the uncached tiles and the snapshots of both
// binaries in alternating rounds, each round a fresh server of each, one
// at a time, and reports the medians side by side.
//
// The harness is a module of its own, github.com/frontline-map/frontline/cmd/bench
// (cmd/bench/go.mod, which replaces the product module with the working
// tree), so that what it compares against (github.com/fogleman/gg) stays
// out of the product's go.mod. It finds the repository from the working
// directory: it builds the repository's ./cmd/frontline, and the default
// -series is ../shared/data beside the repository. Usage, from cmd/bench:
//
//	go run . [-series PATH] [-write ../../BENCHMARKS.md] [-quick] [-baseline REV [-rounds N]]
//
// or from the repository root, make bench (or go -C cmd/bench run . -quick).
package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// config is what one run measures.
type config struct {
	series   string
	write    string
	quick    bool
	wrkSecs  int
	bin      string
	dir      string
	cacheMB  int
	conc     int
	harnessV string
	token    string // bearer token of every server started

	root    string // the repository (product module), relative to the working directory; "" if not found
	rootErr error  // why root was not found

	baseline string // git revision to measure beside the current tree
	rounds   int    // alternating rounds of the baseline comparison

	loadSecs, loadConns, loadCacheMB int
}

func main() {
	var cfg config
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	// The repository whose ./cmd/frontline is built and beside which the
	// real series lies; only needed without -bin or -series.
	root, rootErr := repoRoot()
	cfg.root, cfg.rootErr = root, rootErr
	series := filepath.Join("..", "shared", "data", "deepstate-series", "deepstate-occupied-daily.tar.gz")
	if rootErr == nil {
		series = filepath.Join(root, series)
	}
	flag.StringVar(&cfg.series, "series", series, "the real series (.tar.gz), by default in ../shared/data beside the repository")
	flag.StringVar(&cfg.write, "write", "", "Markdown file to put the results into (between <!-- bench:start --> and <!-- bench:end -->)")
	flag.BoolVar(&cfg.quick, "quick", false, "fewer tiles and shorter wrk runs (a smoke test of the harness)")
	flag.IntVar(&cfg.wrkSecs, "wrk-seconds", 10, "duration of each wrk run")
	flag.IntVar(&cfg.cacheMB, "cache-mb", 1024, "tile cache of the server under test")
	flag.IntVar(&cfg.conc, "c", 2, "concurrent clients for uncached renders (the machine's cores)")
	flag.IntVar(&cfg.loadSecs, "load-seconds", 60, "duration of the mixed load run")
	flag.IntVar(&cfg.loadConns, "load-c", 64, "connections of the mixed load run")
	flag.IntVar(&cfg.loadCacheMB, "load-cache-mb", 256, "tile cache of the server under load")
	flag.StringVar(&cfg.bin, "bin", "", "frontline binary to measure (default: build the repository's ./cmd/frontline)")
	flag.StringVar(&cfg.baseline, "baseline", "", "git revision to build and measure beside the current binary (uncached tiles and snapshots, alternating rounds)")
	flag.IntVar(&cfg.rounds, "rounds", 5, "alternating rounds of each binary with -baseline (at least 3; -quick: 3)")
	flag.Parse()
	if _, err := os.Stat(cfg.series); err != nil {
		log.Fatalf("series not found: %v (pass -series)", err)
	}
	if cfg.quick {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["wrk-seconds"] {
			cfg.wrkSecs = 3
		}
		if !set["load-seconds"] {
			cfg.loadSecs = 5
		}
		if !set["rounds"] {
			cfg.rounds = 3
		}
	}
	cfg.rounds = max(cfg.rounds, 3)
	cfg.token = rand.Text()
	dir, err := os.MkdirTemp("", "frontline-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// fatal is log.Fatalf that removes the run's files first (databases,
	// binaries), which a deferred RemoveAll would not.
	fatal := func(format string, args ...any) {
		os.RemoveAll(dir)
		log.Fatalf(format, args...)
	}
	cfg.dir = dir
	if cfg.bin == "" {
		if rootErr != nil {
			fatal("%v", rootErr)
		}
		cfg.bin = filepath.Join(dir, "frontline")
		build := exec.Command("go", "build", "-o", cfg.bin, "./cmd/frontline")
		build.Dir = root // the product module, not the harness's
		if out, err := build.CombinedOutput(); err != nil {
			fatal("go build ./cmd/frontline in %s: %v\n%s", root, err, out)
		}
	}
	ctx := context.Background()
	r := &report{started: time.Now(), uncached: map[string]*timing{}}
	var base *baselineRun
	if cfg.baseline != "" {
		// Built before anything is measured: a revision that does not
		// build fails the run at once.
		if base, err = buildBaseline(cfg); err != nil {
			fatal("%v", err)
		}
	}
	if err := run(ctx, cfg, r, base); err != nil {
		fatal("%v", err)
	}
	table := r.markdown(cfg)
	fmt.Print(table)
	if cfg.write != "" {
		if err := writeSection(cfg.write, table); err != nil {
			fatal("%v", err)
		}
		log.Printf("wrote %s", cfg.write)
	}
}

func run(ctx context.Context, cfg config, r *report, base *baselineRun) error {
	db := filepath.Join(cfg.dir, "bench.db")
	log.Printf("importing the series")
	if err := measureImport(cfg, db, r); err != nil {
		return err
	}
	if base != nil {
		// Each binary of the comparison gets its own copy of the database
		// as imported, before any server has opened it.
		if err := base.copyDatabases(db); err != nil {
			return err
		}
	}
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	tiles := tileList(cfg.quick)
	r.tiles = len(tiles)
	for _, f := range []string{"png", "mvt"} {
		log.Printf("uncached %s over %d tiles", f, len(tiles))
		tm, err := measureUncached(ctx, cfg, srv, tiles, f)
		if err != nil {
			return err
		}
		r.uncached[f] = tm
	}
	log.Printf("mapnik over %d tiles", len(tiles))
	if err := measureMapnik(cfg, db, tiles, r); err != nil {
		return err
	}
	log.Printf("cached tiles with wrk")
	if err := measureCached(ctx, cfg, srv, tiles, r); err != nil {
		return err
	}
	log.Printf("timeline scrub")
	if err := measureScrub(ctx, srv, r); err != nil {
		return err
	}
	log.Printf("snapshots")
	sr, err := measureSnapshots(ctx, srv)
	if err != nil {
		return err
	}
	r.snapshots = &sr
	srv.stop()
	log.Printf("mixed load: %d s at %d connections", cfg.loadSecs, cfg.loadConns)
	if err := measureLoad(ctx, cfg, db, tileList(false), r); err != nil {
		return err
	}
	if base != nil {
		return base.compare(ctx, cfg, tiles, r)
	}
	return nil
}
