// Command bench measures frontline on the real DeepStateMap series: import,
// uncached raster and vector tiles per zoom, cached throughput with wrk
// beside a bare net/http handler serving the same bytes, and the timeline
// scrub. It drives a real `frontline serve` over loopback, the way users
// meet it, and prints one Markdown table (and, with -write, puts it into
// BENCHMARKS.md between the bench markers).
//
// With PostgreSQL 15 + PostGIS installed (-pg, on by default then) it also
// imports the series into a throwaway PostgreSQL (.ci/pg.sh) and measures a
// server on it beside the SQLite one: uncached and cached tiles, tegola's
// PostGIS provider over the same tables, and two servers on one database
// under wrk with an import in the middle (errors, and the delay from the
// import's commit to the new tile on each server), for SQLite too.
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
//	go run . [-series PATH] [-write ../../BENCHMARKS.md] [-quick] [-pg=false] [-baseline REV [-rounds N]]
//	go run . -only archive [-archive DIR | -archive-db FILE] [-write ../../BENCHMARKS.md]
//	go run . -only miss [-archive DIR | -archive-db FILE] [-miss-duration 30s] [-pgtileserv PATH] [-write ../../BENCHMARKS.md]
//	go run . -only hostile
//
// DeepStateMap's whole archive, where it is found (archive.go), is
// measured after the rest: the 20-day scrub of day tiles and the temporal
// tiles over the front; -only archive measures it alone. Its results go
// between the archive markers of -write. Last, the load that misses the
// cache (miss.go): random (tile, day) pairs over the archive's whole
// history (the series' without it) against frontline on SQLite and on
// PostgreSQL, tegola, pg_tileserv (where found) and Mapnik over the same
// rows, between the miss markers; -only miss runs it alone.
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
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// config is what one run measures.
type config struct {
	series  string
	write   string
	quick   bool
	wrkSecs int
	bin     string
	dir     string
	cacheMB int
	conc    int
	token   string // bearer token of every server started

	root    string // the repository (product module), relative to the working directory; "" if not found
	rootErr error  // why root was not found

	baseline string // git revision to measure beside the current tree
	rounds   int    // alternating rounds of the baseline comparison

	loadSecs, loadConns, loadCacheMB int

	pg         bool   // measure PostgreSQL beside SQLite (pg.go)
	pgMissing  string // why PostgreSQL cannot be measured here ("" if it can)
	sharedSecs int    // duration of the two-server run on one database
	updates    int    // imports after the two-server run, at rest, for the delay
	pgRounds   int    // alternating rounds of uncached tiles on SQLite and PostgreSQL

	archive   string // folder of the archive's daily files ("": the bundle beside the repository)
	archiveDB string // a database of the archive already imported (dataset archiveDataset), copied first
	// archiveDataset is the archive's dataset in archiveDB or as imported
	archiveDataset string
	// only: "archive" measures the archive alone; "hostile" imports the
	// series, then runs only the mixed load with hostile requests (hostile.go)
	only string

	missDur    time.Duration // each run of the load that misses the cache
	pgTileserv string        // pg_tileserv binary ("": not measured)
}

// atExit is what must be undone however the run ends (a PostgreSQL server
// runs detached from the harness): runAtExit runs it, last first, once.
var (
	atExitMu sync.Mutex
	atExit   []func()
)

func onExit(f func()) {
	atExitMu.Lock()
	defer atExitMu.Unlock()
	atExit = append(atExit, f)
}

func runAtExit() {
	atExitMu.Lock()
	fs := atExit
	atExit = nil
	atExitMu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	if os.Getenv(envRefresh) != "" { // the child of measureFigures
		refreshChild()
		return
	}
	cfg := parseFlags()
	cfg.token = rand.Text()
	dir, err := os.MkdirTemp("", "frontline-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	defer runAtExit()
	// fatal is log.Fatalf that stops what runs detached (PostgreSQL) and
	// removes the run's files first (databases, binaries), which deferred
	// calls would not.
	fatal := func(format string, args ...any) {
		runAtExit()
		os.RemoveAll(dir)
		log.Fatalf(format, args...)
	}
	// An interrupt does the same: the servers started (in the harness's
	// process group) get it too, PostgreSQL does not.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		log.Printf("%v: stopping", s)
		fatal("%v", s)
	}()
	cfg.dir = dir
	if cfg.bin == "" {
		if cfg.rootErr != nil {
			fatal("%v", cfg.rootErr)
		}
		cfg.bin = filepath.Join(dir, "frontline")
		build := exec.Command("go", "build", "-o", cfg.bin, "./cmd/frontline")
		build.Dir = cfg.root // the product module, not the harness's
		if out, err := build.CombinedOutput(); err != nil {
			fatal("go build ./cmd/frontline in %s: %v\n%s", cfg.root, err, out)
		}
	}
	ctx := context.Background()
	switch cfg.only {
	case "hostile":
		err = runHostileOnly(ctx, cfg)
	case "archive":
		_, err = runArchive(ctx, cfg)
	case "miss":
		err = runMissOnly(ctx, cfg)
	default:
		err = runAll(ctx, cfg)
	}
	if err != nil {
		fatal("%v", err)
	}
}

// parseFlags reads the command line into a config.
func parseFlags() config {
	var cfg config
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
	cfg.pgMissing = pgMissing(root, rootErr)
	flag.BoolVar(&cfg.pg, "pg", cfg.pgMissing == "", "also measure PostgreSQL + PostGIS (default: on when PostgreSQL 15 and PostGIS are installed)")
	flag.IntVar(&cfg.sharedSecs, "shared-seconds", 30, "duration of the run of two servers on one database (an import at half time)")
	flag.StringVar(&cfg.bin, "bin", "", "frontline binary to measure (default: build the repository's ./cmd/frontline)")
	flag.StringVar(&cfg.baseline, "baseline", "", "git revision to build and measure beside the current binary (uncached tiles and snapshots, alternating rounds)")
	flag.IntVar(&cfg.rounds, "rounds", 5, "alternating rounds of each binary with -baseline (at least 3; -quick: 3)")
	flag.StringVar(&cfg.archive, "archive", "", "folder of DeepStateMap's daily files (extract.sh); default: unpack the bundle in ../shared/data/deepstate-history")
	flag.StringVar(&cfg.archiveDB, "archive-db", "", "a database of the whole archive imported as dataset -archive-dataset (frontline import --format deepstate --dataset ds), copied before use")
	flag.StringVar(&cfg.archiveDataset, "archive-dataset", "ds", "the archive's dataset in -archive-db, or as imported")
	flag.DurationVar(&cfg.missDur, "miss-duration", 30*time.Second, "duration of each run of the load that misses the cache (miss.go)")
	pgts, _ := exec.LookPath("pg_tileserv")
	flag.StringVar(&cfg.pgTileserv, "pgtileserv", pgts, "pg_tileserv binary to run under the load that misses the cache (default: pg_tileserv on PATH; none: skipped)")
	flag.StringVar(&cfg.only, "only", "", `"archive": measure only DeepStateMap's whole archive; "hostile": import the series, then run only the mixed load with hostile requests beside it, on each store; "miss": only the load that misses the cache, frontline beside its peers, on each store`)
	flag.Parse()
	switch cfg.only {
	case "", "archive", "hostile", "miss":
	default:
		log.Fatalf("-only %q: want archive, hostile or miss", cfg.only)
	}
	if _, err := os.Stat(cfg.series); err != nil && (cfg.only == "" || cfg.only == "hostile") {
		log.Fatalf("series not found: %v (pass -series)", err)
	}
	if cfg.missDur < time.Second {
		log.Fatalf("-miss-duration %v: at least 1s", cfg.missDur)
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if cfg.pg && cfg.pgMissing != "" {
		log.Fatalf("-pg: %s", cfg.pgMissing)
	}
	cfg.updates, cfg.pgRounds = 5, 5
	if cfg.quick {
		cfg.updates, cfg.pgRounds = 2, 3
		if !set["shared-seconds"] {
			cfg.sharedSecs = 6
		}
		if !set["wrk-seconds"] {
			cfg.wrkSecs = 3
		}
		if !set["load-seconds"] {
			cfg.loadSecs = 5
		}
		if !set["rounds"] {
			cfg.rounds = 3
		}
		if !set["miss-duration"] {
			cfg.missDur = 5 * time.Second
		}
	}
	cfg.rounds = max(cfg.rounds, 3)
	return cfg
}

// runAll is make bench: the series on each store with the peers on the
// day tiles, the archive's measures, and the load that misses the cache
// with the peers beside it, each into its section of -write.
func runAll(ctx context.Context, cfg config) error {
	r := &report{started: time.Now(), uncached: map[string]*timing{}}
	var base *baselineRun
	if cfg.baseline != "" {
		// Built before anything is measured: a revision that does not
		// build fails the run at once.
		var err error
		if base, err = buildBaseline(cfg); err != nil {
			return err
		}
	}
	if err := run(ctx, cfg, r, base); err != nil {
		return err
	}
	table := r.markdown(cfg)
	fmt.Print(table)
	if err := writeOut(cfg, "bench", table); err != nil {
		return err
	}
	data, err := runArchive(ctx, cfg)
	if err != nil {
		return err
	}
	if data.db == "" {
		// The series as imported for the rest of the run.
		data = missData{db: filepath.Join(cfg.dir, "bench.db"), dataset: "deepstate", source: seriesName(cfg) + "; the archive was not found"}
	}
	var tegola *builtTegola
	if r.pg != nil {
		tegola = &builtTegola{bin: r.pg.tegolaBin, err: r.pg.tegolaErr}
	}
	return runMiss(ctx, cfg, data, tegola)
}

// runHostileOnly is -only hostile.
func runHostileOnly(ctx context.Context, cfg config) error {
	r := &report{started: time.Now(), uncached: map[string]*timing{}}
	if err := run(ctx, cfg, r, nil); err != nil {
		return err
	}
	fmt.Print(hostileMarkdown(r.hostile))
	return nil
}

// runArchive measures DeepStateMap's whole archive, where it is found,
// and writes its section; it returns the archive's database for the load
// that misses the cache (db "" when there is none).
func runArchive(ctx context.Context, cfg config) (missData, error) {
	db, from, err := archiveDB(cfg)
	if err != nil {
		return missData{}, fmt.Errorf("archive: %w", err)
	}
	if db == "" {
		log.Printf("DeepStateMap's whole archive not found: not measured (-archive, -archive-db)")
		return missData{}, nil
	}
	ar, err := measureArchive(ctx, cfg, db, from)
	if err != nil {
		return missData{}, fmt.Errorf("archive: %w", err)
	}
	table := ar.markdown(cmdline())
	fmt.Print(table)
	return missData{db: db, dataset: cfg.archiveDataset, source: from, archive: true}, writeOut(cfg, "archive", table)
}

// runMissOnly is -only miss: the archive where it is found, else the
// series imported here.
func runMissOnly(ctx context.Context, cfg config) error {
	db, from, err := archiveDB(cfg)
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	data := missData{db: db, dataset: cfg.archiveDataset, source: from, archive: true}
	if db == "" {
		if _, err := os.Stat(cfg.series); err != nil {
			return fmt.Errorf("neither the archive (-archive, -archive-db) nor the series (-series): %v", err)
		}
		data = missData{db: filepath.Join(cfg.dir, "bench.db"), dataset: "deepstate", source: seriesName(cfg) + "; the archive was not found"}
		log.Printf("the archive not found: importing the series")
		if _, _, err := timeImport(cfg, data.db); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	return runMiss(ctx, cfg, data, nil)
}

// runMiss measures the load that misses the cache and writes its section.
func runMiss(ctx context.Context, cfg config, data missData, tegola *builtTegola) error {
	mr, err := measureMiss(ctx, cfg, data, tegola)
	if err != nil {
		return fmt.Errorf("load that misses the cache: %w", err)
	}
	table := mr.markdown(cmdline())
	fmt.Print(table)
	return writeOut(cfg, "miss", table)
}

// writeOut puts table between the name markers of -write, if given.
func writeOut(cfg config, name, table string) error {
	if cfg.write == "" {
		return nil
	}
	if err := writeSection(cfg.write, name, table); err != nil {
		return err
	}
	log.Printf("wrote %s into %s", name, cfg.write)
	return nil
}

// cmdline is the harness's command line as the report shows it.
func cmdline() string {
	return strings.TrimSpace("cd cmd/bench && go run . " + strings.Join(os.Args[1:], " "))
}
