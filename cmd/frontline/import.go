package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// importHelp is frontline import's help text.
const importHelp = `Imports control versions into a named dataset, in one transaction.

A .geojson/.json file (or - for stdin) is a FeatureCollection whose features
carry region, side, status, valid_from, valid_to and source properties.

A folder, a .tar.gz or an http(s) URL is a snapshot series: one GeoJSON file
per day, the day in the file name (YYYYMMDD or YYYY-MM-DD) or in a
day/date/valid_from property. Change detection turns it into versions; files
without properties take --region, --side and --status. Importing the same
input again changes nothing.

--format deepstate reads DeepStateMap's raw history (a folder, a .tar.gz or
a URL of files named by the UTC Unix time of publication, 1737410164.geojson):
the last file of each UTC day is that day's map, and each polygon is
classified by its name into the regions deepstate-occupied (ru occupied),
deepstate-contested (side none, contested: the grey zone), deepstate-liberated
(ua liberated) and deepstate-ua-in-russia (ua occupied: ground Ukraine took
outside Ukraine); territories outside this war's front are skipped. Names no
rule knows are left out and listed on stderr; --strict rejects them (exit 3,
nothing written).

--title, --description, --attribution, --license and --source-url set what
describes the dataset (as 'frontline datasets set' does) in the same
transaction. A series or DeepStateMap import also widens the dataset's
observed range to take in the first and last day of the files read; a day
after its last observed day is answered with the map of that day, "as of" it.`

// importMemoryLimit is the soft memory limit of an import (debug.SetMemoryLimit).
const importMemoryLimit = 800 << 20

func runImport(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "import", "--dataset NAME [flags] PATH|URL|-", importHelp)
	dataset := fs.String("dataset", "", "dataset to import into (required; created if new)")
	series := fs.Bool("series", false, "treat a single file as a snapshot series (implied for folders, .tar.gz and URLs)")
	region := fs.String("region", "", "region slug for features without a region property")
	side := fs.String("side", "", "side (ru, ua) for features without a side property")
	status := fs.String("status", "", "status (occupied, liberated, contested, claimed) for features without one")
	source := fs.String("source", "", "source text for features without a source property")
	format := fs.String("format", "", "input format: geojson (the default: versions or a snapshot series) or deepstate (DeepStateMap's raw history)")
	strict := fs.Bool("strict", false, "with --format deepstate: reject polygon names that no rule classifies (exit 3, nothing written)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	var meta geo.DatasetEdit
	datasetFlags(fs, &meta)
	if err := parse(fs, args); err != nil {
		return err
	}
	meta, err := checkDatasetEdit(meta)
	if err != nil {
		return err
	}
	if err := checkImportFormat(*format, *strict, *series, *region, *side, *status); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one PATH, URL or -")
	}
	// An import's heap is mostly short-lived overlays: twice the default
	// headroom spends less CPU collecting them, under a soft limit that
	// keeps the process well below a gigabyte. GOGC and GOMEMLIMIT in the
	// environment win.
	if e.getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	if e.getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	if *dataset == "" {
		return usagef("--dataset is required: imports never go into a dataset by accident")
	}
	cfg := store.ImportConfig{Dataset: *dataset, Meta: meta,
		Waiting: func() {
			fmt.Fprintln(e.stderr, "frontline import: another import is running; waiting for it to finish")
		}}
	def, err := importDefaults(*region, *side, *status, *source)
	if err != nil {
		return err
	}
	src := fs.Arg(0)
	// The arguments are checked, and a local source found, before the
	// database is opened: opening a new one creates and seeds it.
	if *format == "deepstate" && src == "-" {
		return usagef("--format deepstate reads a folder, a .tar.gz or a URL, not stdin")
	}
	if src != "-" && !isURL(src) {
		if _, err := os.Stat(src); err != nil {
			return err
		}
	}
	s, err := createStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	if *format == "deepstate" {
		cfg.Describe = deepstate.Credit()
		res, err := importDeepState(ctx, e, s, src, cfg, *source, *strict)
		if err != nil {
			return err
		}
		return printDeepState(e, res, *asJSON, time.Since(start))
	}
	var res store.ImportResult
	if *series || isSeries(src) {
		res, err = importSeries(ctx, e, s, src, def, cfg)
	} else {
		res, err = importFile(ctx, e, s, src, def, cfg)
	}
	if err != nil {
		return err
	}
	return printImport(e.stdout, res, *asJSON, time.Since(start))
}

// checkImportFormat checks --format and the flags that go with it.
func checkImportFormat(format string, strict, series bool, region, side, status string) error {
	switch format {
	case "", "geojson", "deepstate":
	default:
		return usagef("--format %s: want geojson or deepstate", format)
	}
	if strict && format != "deepstate" {
		return usagef("--strict is for --format deepstate")
	}
	if side == "none" {
		return usagef("--side none: a default side is ru or ua (side none, a grey zone, goes in a feature's properties)")
	}
	if format == "deepstate" {
		for _, f := range []struct {
			name string
			set  bool
		}{{"--region", region != ""}, {"--side", side != ""}, {"--status", status != ""}, {"--series", series}} {
			if f.set {
				return usagef("%s does not apply to --format deepstate: its names say what each polygon is", f.name)
			}
		}
	}
	return nil
}

// importDefaults are what features without region, side, status or source
// properties take, from the flags.
func importDefaults(region, side, status, source string) (geojson.Defaults, error) {
	def := geojson.Defaults{Region: region, Source: source}
	var err error
	if side != "" {
		if def.Side, err = geo.ParseSide(side); err != nil {
			return def, usagef("--side: %v", err)
		}
	}
	if status != "" {
		if def.Status, err = geo.ParseStatus(status); err != nil {
			return def, usagef("--status: %v", err)
		}
	}
	return def, nil
}

// isURL says whether an import's source is an http(s) URL.
func isURL(src string) bool {
	return strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://")
}

func isSeries(src string) bool {
	if isURL(src) {
		return true
	}
	l := strings.ToLower(src)
	if strings.HasSuffix(l, ".tar.gz") || strings.HasSuffix(l, ".tgz") {
		return true
	}
	st, err := os.Stat(src)
	return err == nil && st.IsDir()
}

func importSeries(ctx context.Context, e *env, s *store.Store, src string, def geojson.Defaults, cfg store.ImportConfig) (store.ImportResult, error) {
	im, err := s.Imported(ctx, cfg.Dataset)
	if err != nil {
		return store.ImportResult{}, err
	}
	return readAndImport(e, func(p progressFunc) (geo.Series, error) {
		opt := series.Options{Progress: p, Imported: im, Defaults: def}
		files, err := series.Read(ctx, src, source.Walk(ctx, src, source.Options{}), opt)
		if err != nil {
			return geo.Series{}, err
		}
		return series.Group(ctx, files, def)
	}, func(sr geo.Series, p progressFunc) (store.ImportResult, error) {
		cfg.Progress = p
		res, err := s.ImportDays(ctx, sr, cfg)
		res.Repairs = sr.Repairs
		return res, err
	})
}

// readAndImport reads a series (of snapshots, or DeepStateMap's history)
// under a "reading" progress bar, then imports what it read under an
// "importing" one.
func readAndImport[In, Out any](e *env, read func(progressFunc) (In, error), write func(In, progressFunc) (Out, error)) (Out, error) {
	bar := newProgress(e, "reading")
	in, err := read(bar.update)
	bar.finish()
	if err != nil {
		var zero Out
		return zero, err
	}
	bar = newProgress(e, "importing")
	defer bar.finish()
	return write(in, bar.update)
}

func importFile(ctx context.Context, e *env, s *store.Store, src string, def geojson.Defaults, cfg store.ImportConfig) (store.ImportResult, error) {
	var r io.Reader = e.stdin
	name := "stdin"
	if src != "-" {
		f, err := os.Open(src)
		if err != nil {
			return store.ImportResult{}, err
		}
		defer f.Close()
		r, name = f, src
	}
	vs, err := geojson.ReadVersions(r, name, def, geojson.Limits{})
	if err != nil {
		return store.ImportResult{}, err
	}
	p := newProgress(e, "importing")
	cfg.Progress = p.update
	res, err := s.ImportVersions(ctx, vs.Versions, vs.Names, cfg)
	p.finish()
	res.Repairs = vs.Repairs
	return res, err
}

func printImport(w io.Writer, res store.ImportResult, asJSON bool, took time.Duration) error {
	if asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	fmt.Fprintf(w, "read %d features", res.Features)
	if res.Days > 0 {
		fmt.Fprintf(w, " (%d region-days)", res.Days)
	}
	fmt.Fprintf(w, " in %s: %d versions inserted, %d closed, %d replaced, %d unchanged\n",
		took.Round(time.Millisecond), res.Inserted, res.Closed, res.Replaced, res.Unchanged)
	if res.SkippedDays > 0 {
		fmt.Fprintf(w, "%d days skipped: their input was imported already\n", res.SkippedDays)
	}
	if len(res.RegionsCreated) > 0 {
		fmt.Fprintf(w, "new regions: %s\n", strings.Join(res.RegionsCreated, ", "))
	}
	if res.Repairs.Count > 0 {
		fmt.Fprintf(w, "%s: each now valid, within the 0.01%% of area a repair may change\n", res.Repairs)
	}
	if !res.Changed() {
		fmt.Fprintln(w, "nothing changed")
	}
	return nil
}

// deepStateResult says what a DeepStateMap import read and wrote.
type deepStateResult struct {
	store.ImportResult
	Files        int              `json:"files"`
	Snapshots    int              `json:"snapshots"`       // days: the last file of each
	First        geo.Day          `json:"first,omitempty"` // the first and last day
	Last         geo.Day          `json:"last,omitempty"`
	Skipped      int              `json:"skipped"` // polygons not of this war's front
	Unclassified []deepstate.Name `json:"unclassified"`
	// Outside are the polygons wholly outside the war's theatre
	// (geo.Theatre), skipped, by name.
	Outside []deepstate.Name `json:"outside"`
}

// importDeepState reads a DeepStateMap history (a folder, a .tar.gz or a
// URL) and writes it into cfg.Dataset; each version's source starts with
// prefix. With strict, names that no rule classifies reject the import.
func importDeepState(ctx context.Context, e *env, s *store.Store, src string, cfg store.ImportConfig, prefix string, strict bool) (deepStateResult, error) {
	im, err := s.Imported(ctx, cfg.Dataset)
	if err != nil {
		return deepStateResult{}, err
	}
	read := func(im *geo.Imported) func(progressFunc) (*deepstate.History, error) {
		return func(p progressFunc) (*deepstate.History, error) {
			opt := deepstate.Options{Options: series.Options{Progress: p, Imported: im}}
			if isURL(src) {
				return deepstate.Read(ctx, src, source.Walk(ctx, src, source.Options{}), opt)
			}
			return deepstate.ReadPath(ctx, src, opt)
		}
	}
	write := func(h *deepstate.History, p progressFunc) (deepStateResult, error) {
		res := deepStateResult{Files: h.Files, Snapshots: len(h.Snapshots), Skipped: h.Skipped(), Unclassified: h.Unclassified(), Outside: h.Outside()}
		if strict {
			if err := h.Strict(); err != nil {
				return res, err
			}
		}
		sr := h.Series(prefix)
		res.First, res.Last = sr.First, sr.Last
		cfg.Progress = p
		var err error
		res.ImportResult, err = s.ImportDays(ctx, sr, cfg)
		res.Repairs = sr.Repairs
		return res, err
	}
	res, err := readAndImport(e, read(im), write)
	if errors.Is(err, deepstate.ErrUnordered) {
		// Out of order of time after a day skipped: read it all.
		res, err = readAndImport(e, read(nil), write)
	}
	return res, err
}

// printDeepState prints what a DeepStateMap import did, and on stderr the
// polygon names it could not classify.
func printDeepState(e *env, res deepStateResult, asJSON bool, took time.Duration) error {
	if len(res.Unclassified) > 0 {
		n := 0
		for _, u := range res.Unclassified {
			n += u.Polygons
		}
		fmt.Fprintf(e.stderr, "frontline import: %d polygons under %d names that no rule classifies were left out (--strict rejects them):\n", n, len(res.Unclassified))
		for _, u := range res.Unclassified {
			fmt.Fprintf(e.stderr, "  %5d polygons on %4d days: %q\n", u.Polygons, u.Days, u.Name)
		}
	}
	if len(res.Outside) > 0 {
		n := 0
		for _, u := range res.Outside {
			n += u.Polygons
		}
		fmt.Fprintf(e.stderr, "frontline import: %d polygons under %d names lie wholly outside the war's theatre (lon %g..%g, lat %g..%g) and were left out:\n",
			n, len(res.Outside), geo.Theatre.Min[0], geo.Theatre.Max[0], geo.Theatre.Min[1], geo.Theatre.Max[1])
		for _, u := range res.Outside {
			fmt.Fprintf(e.stderr, "  %5d polygons on %4d days: %q (%s)\n", u.Polygons, u.Days, u.Name, u.Class)
		}
	}
	if asJSON {
		if res.Unclassified == nil {
			res.Unclassified = []deepstate.Name{}
		}
		if res.Outside == nil {
			res.Outside = []deepstate.Name{}
		}
		return json.NewEncoder(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "read %d files: the last of each of %d days", res.Files, res.Snapshots)
	if res.Snapshots > 0 {
		fmt.Fprintf(e.stdout, " (%s to %s)", res.First, res.Last)
	}
	fmt.Fprintf(e.stdout, ", %d polygons (%d outside this war's front skipped, %d names unclassified)\n", res.Features, res.Skipped, len(res.Unclassified))
	return printImport(e.stdout, res.ImportResult, false, took)
}
