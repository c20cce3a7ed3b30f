package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/frontline-map/frontline/data/export"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "export", "--day D [--format geojson|gpkg|csv] [-o FILE]",
		"Writes the map at a day as RFC 7946 GeoJSON (importable again), a GeoPackage (a table\ncontrol, EPSG:4326) or CSV with the geometry as WKT; the same content as\nGET /api/export. Without --format, -o's extension (.gpkg, .csv) chooses, else GeoJSON.")
	dataset := datasetFlag(e, fs)
	dayS := fs.String("day", "", "day YYYY-MM-DD or 'latest' (required)")
	formatS := fs.String("format", "", "geojson, gpkg or csv (default: from -o's extension, else geojson)")
	out := fs.String("o", "-", "output file, - for stdout")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q (the output file goes in -o)", fs.Arg(0))
	}
	if *dayS == "" {
		return usagef("--day is required")
	}
	if err := checkDayFlags(map[string]string{"day": *dayS}); err != nil {
		return err
	}
	format, err := exportFormat(*formatS, *out)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	ds, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	day, err := resolveDay(ctx, s, ds, "day", *dayS)
	if err != nil {
		return err
	}
	m, err := export.Load(ctx, s, ds, day)
	if err != nil {
		return err
	}
	if *out == "-" {
		return m.Write(ctx, e.stdout, format)
	}
	if err := m.WriteFile(ctx, *out, format); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %d features to %s (%s)\n", len(m.Versions), *out, format)
	return nil
}

// exportFormat is --format, or when it is not given the format of the
// output file's extension, else GeoJSON.
func exportFormat(flag, out string) (export.Format, error) {
	if flag == "" {
		switch strings.ToLower(filepath.Ext(out)) {
		case ".gpkg":
			return export.GPKG, nil
		case ".csv":
			return export.CSV, nil
		}
	}
	f, err := export.ParseFormat(flag)
	if err != nil {
		return 0, usagef("--format: %v", err)
	}
	return f, nil
}

// exporter is the server's GET /api/export over st: data/export's
// formats, keyed by content.
func exporter(st export.Store) server.Exporter {
	return func(ctx context.Context, dataset string, day geo.Day, format string) (server.Export, error) {
		f, err := export.ParseFormat(format)
		if err != nil {
			return server.Export{}, err
		}
		m, err := export.Load(ctx, st, dataset, day)
		if err != nil {
			return server.Export{}, err
		}
		write := func(ctx context.Context, w io.Writer) error { return m.Write(ctx, w, f) }
		return server.Export{Key: m.Key(f), ContentType: f.MIME(), Filename: m.Filename(f), Write: write}, nil
	}
}
