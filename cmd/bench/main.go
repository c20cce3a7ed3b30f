// Command bench measures frontline on the real DeepStateMap series: import,
// uncached raster and vector tiles per zoom, cached throughput with wrk
// beside a bare net/http handler serving the same bytes, and the timeline
// scrub. It drives a real `frontline serve` over loopback, the way users
// meet it, and prints one Markdown table (and, with -write, puts it into
// BENCHMARKS.md between the bench markers).
//
// Usage:
//
//	go run ./cmd/bench [-series PATH] [-write BENCHMARKS.md] [-quick]
package main

import (
	"context"
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

	loadSecs, loadConns, loadCacheMB int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.series, "series", "../shared/data/deepstate-series/deepstate-occupied-daily.tar.gz", "the real series (.tar.gz)")
	flag.StringVar(&cfg.write, "write", "", "Markdown file to put the results into (between <!-- bench:start --> and <!-- bench:end -->)")
	flag.BoolVar(&cfg.quick, "quick", false, "fewer tiles and shorter wrk runs (a smoke test of the harness)")
	flag.IntVar(&cfg.wrkSecs, "wrk-seconds", 10, "duration of each wrk run")
	flag.IntVar(&cfg.cacheMB, "cache-mb", 1024, "tile cache of the server under test")
	flag.IntVar(&cfg.conc, "c", 2, "concurrent clients for uncached renders (the machine's cores)")
	flag.IntVar(&cfg.loadSecs, "load-seconds", 60, "duration of the mixed load run")
	flag.IntVar(&cfg.loadConns, "load-c", 64, "connections of the mixed load run")
	flag.IntVar(&cfg.loadCacheMB, "load-cache-mb", 256, "tile cache of the server under load")
	flag.StringVar(&cfg.bin, "bin", "", "frontline binary to measure (default: build ./cmd/frontline)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")
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
	}
	dir, err := os.MkdirTemp("", "frontline-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cfg.dir = dir
	if cfg.bin == "" {
		cfg.bin = filepath.Join(dir, "frontline")
		if out, err := exec.Command("go", "build", "-o", cfg.bin, "./cmd/frontline").CombinedOutput(); err != nil {
			log.Fatalf("go build: %v\n%s", err, out)
		}
	}
	ctx := context.Background()
	r := &report{started: time.Now(), uncached: map[string]*timing{}}
	if err := run(ctx, cfg, r); err != nil {
		log.Fatal(err)
	}
	table := r.markdown(cfg)
	fmt.Print(table)
	if cfg.write != "" {
		if err := writeSection(cfg.write, table); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %s", cfg.write)
	}
}

func run(ctx context.Context, cfg config, r *report) error {
	db := filepath.Join(cfg.dir, "bench.db")
	log.Printf("importing the series")
	if err := measureImport(cfg, db, r); err != nil {
		return err
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
		if err := measureUncached(ctx, cfg, srv, tiles, f, r); err != nil {
			return err
		}
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
	sr, err := measureSnapshots(ctx, srv.base)
	if err != nil {
		return err
	}
	r.snapshots = &sr
	srv.stop()
	log.Printf("mixed load: %d s at %d connections", cfg.loadSecs, cfg.loadConns)
	return measureLoad(ctx, cfg, db, tileList(false), r)
}
