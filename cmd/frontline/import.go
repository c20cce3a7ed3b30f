package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data"
	"github.com/frontline-map/frontline/geo"
)

func runImport(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "import", "--dataset NAME [flags] PATH|URL|-",
		`Imports control versions into a named dataset, in one transaction.

A .geojson/.json file (or - for stdin) is a FeatureCollection whose features
carry region, side, status, valid_from, valid_to and source properties.

A folder, a .tar.gz or an http(s) URL is a snapshot series: one GeoJSON file
per day, the day in the file name (YYYYMMDD or YYYY-MM-DD) or in a
day/date/valid_from property. Change detection turns it into versions; files
without properties take --region, --side and --status. Importing the same
input again changes nothing.`)
	dataset := fs.String("dataset", "", "dataset to import into (required; created if new)")
	series := fs.Bool("series", false, "treat a single file as a snapshot series (implied for folders, .tar.gz and URLs)")
	region := fs.String("region", "", "region slug for features without a region property")
	side := fs.String("side", "", "side (ru, ua) for features without a side property")
	status := fs.String("status", "", "status (occupied, liberated, contested, claimed) for features without one")
	source := fs.String("source", "", "source text for features without a source property")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one PATH, URL or -")
	}
	if *dataset == "" {
		return usagef("--dataset is required: imports never go into a dataset by accident")
	}
	cfg := data.ImportConfig{Dataset: *dataset, Region: *region, Source: *source,
		Waiting: func() {
			fmt.Fprintln(e.stderr, "frontline import: another import is running; waiting for it to finish")
		}}
	var err error
	if *side != "" {
		if cfg.Side, err = geo.ParseSide(*side); err != nil {
			return usagef("--side: %v", err)
		}
	}
	if *status != "" {
		if cfg.Status, err = geo.ParseStatus(*status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	src := fs.Arg(0)
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	var res data.ImportResult
	if *series || isSeries(src) {
		res, err = importSeries(ctx, e, s, src, cfg)
	} else {
		res, err = importFile(ctx, e, s, src, cfg)
	}
	if err != nil {
		return err
	}
	return printImport(e.stdout, res, *asJSON, time.Since(start))
}

func isSeries(src string) bool {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return true
	}
	l := strings.ToLower(src)
	if strings.HasSuffix(l, ".tar.gz") || strings.HasSuffix(l, ".tgz") {
		return true
	}
	st, err := os.Stat(src)
	return err == nil && st.IsDir()
}

func importSeries(ctx context.Context, e *env, s *data.Store, src string, cfg data.ImportConfig) (data.ImportResult, error) {
	read := newProgress(e, "reading")
	files, err := data.ReadSeries(ctx, src, data.ReadOptions{Progress: read.update})
	read.finish()
	if err != nil {
		return data.ImportResult{}, err
	}
	write := newProgress(e, "importing")
	cfg.Progress = write.update
	res, err := s.ImportSeries(ctx, files, cfg)
	write.finish()
	return res, err
}

func importFile(ctx context.Context, e *env, s *data.Store, src string, cfg data.ImportConfig) (data.ImportResult, error) {
	var r io.Reader = e.stdin
	name := "stdin"
	if src != "-" {
		f, err := os.Open(src)
		if err != nil {
			return data.ImportResult{}, err
		}
		defer f.Close()
		r, name = f, src
	}
	p := newProgress(e, "importing")
	cfg.Progress = p.update
	res, err := s.ImportGeoJSON(ctx, r, name, cfg)
	p.finish()
	return res, err
}

func printImport(w io.Writer, res data.ImportResult, asJSON bool, took time.Duration) error {
	if asJSON {
		return json.NewEncoder(w).Encode(res)
	}
	fmt.Fprintf(w, "read %d features", res.Features)
	if res.Days > 0 {
		fmt.Fprintf(w, " (%d region-days)", res.Days)
	}
	fmt.Fprintf(w, " in %s: %d versions inserted, %d closed, %d replaced, %d unchanged\n",
		took.Round(time.Millisecond), res.Inserted, res.Closed, res.Replaced, res.Unchanged)
	if len(res.RegionsCreated) > 0 {
		fmt.Fprintf(w, "new regions: %s\n", strings.Join(res.RegionsCreated, ", "))
	}
	if !res.Changed() {
		fmt.Fprintln(w, "nothing changed")
	}
	return nil
}
