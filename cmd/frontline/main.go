// Command frontline keeps dated territorial-control polygons and the
// articles that reference them, and serves control maps for any day.
//
// Usage:
//
//	frontline <command> [flags]
//
// Commands: serve, import, sync, export, stats, timeline, articles, regions,
// datasets, editors, copy, snapshot, publish, places, version. Every command but version and
// copy (--from SRC --to DST) takes --db PATH
// (default $FRONTLINE_DB or frontline.db), and every one --help. frontline
// --version is frontline version. Exit codes: 0 success, 1 failure (I/O,
// database), 2 bad usage, 3 input rejected (nothing was written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// Exit codes that scripts can trust.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3
)

// command is one subcommand.
type command struct {
	summary string
	run     runFunc
}

// env is what a command runs with: its streams and the environment.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
	tty            bool // stderr is a terminal (progress bars)
	// progressEvery is how often progress is printed when stderr is not a
	// terminal; 0: every 10 s (tests shorten it).
	progressEvery time.Duration
}

// lockedWriter serialises writes: progress lines come from a goroutine of
// their own while the command writes to stderr too.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

var commands = map[string]command{
	"serve":    {"serve tiles, the JSON API and the web app over HTTP", runServe},
	"import":   {"import GeoJSON or a snapshot series into a dataset", runImport},
	"export":   {"export the map at a day as GeoJSON", runExport},
	"stats":    {"km² per side and status at a day, or a diff between two days", runStats},
	"changes":  {"what changed hands between two days, in words (English, Ukrainian) or JSON", runChanges},
	"where":    {"what holds a point on a day, since when, and how far the front is; or its history", runWhere},
	"timeline": {"list the days on which the map changes", runTimeline},
	"articles": {"list, show and add articles (regions found by the gazetteer)", runArticles},
	"regions":  {"list regions, or show one region and its history", runRegions},
	"datasets": {"list datasets and set the default one", runDatasets},
	"editors":  {"add, list and revoke editors, each with a bearer token for writes", runEditors},
	"copy":     {"copy a whole store to another, SQLite or PostgreSQL (move, backup, restore)", runCopy},
	"sync":     {"fetch what is new at a dataset's source and import it (once, or --every)", runSync},
	"publish":  {"write PMTiles archives and JSON of a dataset for static hosting", runPublish},
	"snapshot": {"draw a map, a diff or a timelapse for publication (PNG, GIF)", runSnapshot},
	"places":   {"find towns by name: English, Ukrainian, Russian, older spellings", runPlaces},
	"version":  {"print the version, its commit and the Go release (also --version)", runVersion},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, _ := os.Stderr.Stat()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv,
		tty: st != nil && st.Mode()&os.ModeCharDevice != 0}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// run runs one command line and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args = append([]string{"version"}, args[1:]...)
	}
	if _, ok := e.stderr.(*lockedWriter); !ok {
		e.stderr = &lockedWriter{w: e.stderr}
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "frontline: unknown command %q\n\n", args[0])
		printUsage(e.stderr)
		return exitUsage
	}
	err := cmd.run(ctx, e, args[1:])
	return report(e.stderr, args[0], err)
}

func report(w io.Writer, name string, err error) int {
	var ue *usageError
	var ve *geo.ValidationError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(w, "frontline %s: %v\nRun 'frontline %s --help' for usage.\n", name, err, name)
		return exitUsage
	case errors.As(err, &ve), errors.Is(err, geo.ErrBadDay), errors.Is(err, geo.ErrTooLarge), errors.Is(err, geo.ErrTooComplex): // a day in input data; a day flag is a usageError; input past a budget
		fmt.Fprintf(w, "frontline %s: %v\n", name, err)
		return exitRejected
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(w, "frontline %s: %v\n", name, err)
		return exitRejected
	}
	fmt.Fprintf(w, "frontline %s: %v\n", name, err)
	return exitFailure
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "frontline keeps dated control polygons and articles, and serves control maps for any day.")
	fmt.Fprintln(w, "\nUsage: frontline <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command but version and copy takes --db PATH (default $FRONTLINE_DB or frontline.db), and every one --help.")
	fmt.Fprintln(w, "frontline --version is frontline version.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 failure, 2 bad usage, 3 input rejected (nothing written).")
}

// flags makes a FlagSet for a command with the common --db flag.
func flags(e *env, name, args, about string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	def := e.getenv("FRONTLINE_DB")
	if def == "" {
		def = "frontline.db"
	}
	db := fs.String("db", def, "database file (env FRONTLINE_DB); a new one gets the seed data")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: frontline %s %s\n\n%s\n\nFlags:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs, db
}

// parse parses flags, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{err.Error()}
	}
	return nil
}

// openStore opens the database of a command that reads or edits one. A
// file that is not there is a mistake (--db ds-typo.db), refused as bad
// usage, not a new database seeded in its place: only serve, import, sync
// and copy --to make one. PostgreSQL URLs are opened as they are.
func openStore(ctx context.Context, path string) (*store.Store, error) {
	return openStoreWith(ctx, store.Config{Path: path})
}

// openStoreWith is openStore with cfg (its Path the database).
func openStoreWith(ctx context.Context, cfg store.Config) (*store.Store, error) {
	if !store.IsPostgres(cfg.Path) {
		if _, err := os.Stat(cfg.Path); errors.Is(err, fs.ErrNotExist) {
			return nil, usagef("--db %s: no such database file (frontline import or frontline serve creates one, frontline copy --to copies one)", cfg.Path)
		}
	}
	cfg.Actor = "cli:" + currentUser()
	return store.Open(ctx, cfg)
}

// createStore opens the database, making and seeding it if it is new
// (import and sync; serve opens its own).
func createStore(ctx context.Context, path string) (*store.Store, error) {
	return store.Open(ctx, store.Config{Path: path, Actor: "cli:" + currentUser()})
}

func currentUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// datasetFlag adds --dataset to a read command.
func datasetFlag(e *env, fs *flag.FlagSet) *string {
	return fs.String("dataset", e.getenv("FRONTLINE_DATASET"), "dataset to read (env FRONTLINE_DATASET; default: the database's default, initially seed)")
}

// resolveDataset picks the named dataset or the store's default, and checks it exists.
func resolveDataset(ctx context.Context, s *store.Store, name string) (string, error) {
	if name == "" {
		return s.DefaultDataset(ctx)
	}
	ok, err := s.HasDataset(ctx, name)
	if err != nil {
		return "", err
	}
	if !ok {
		ds, _ := s.Datasets(ctx)
		var names []string
		for _, d := range ds {
			names = append(names, d.Name)
		}
		return "", fmt.Errorf("%w: dataset %q (have: %s)", store.ErrNotFound, name, strings.Join(names, ", "))
	}
	return name, nil
}

// parseDayFlag parses the value of a day flag. A malformed one is bad
// usage (exit 2), as any malformed flag value.
func parseDayFlag(name, s string) (geo.Day, error) {
	d, err := geo.ParseDay(s)
	if err != nil {
		return 0, usagef("--%s: %v", name, err)
	}
	return d, nil
}
