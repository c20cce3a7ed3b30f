package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/server"
)

// runChanges prints the change report between two days, as GET
// /api/changes answers it (the server's own code, run in-process).
func runChanges(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "changes", "--from D1 --to D2 [--place NAME [--radius KM] | --bbox W,S,E,N | --oblast ISO|NAME | --region SLUG] [--lang en|uk] [--json]",
		"Prints what changed hands between two days (GET /api/changes) as a paragraph a reporter\ncan paste, in English or Ukrainian: each side's gains in km², where (around which towns),\nthe contested ground that became held and the reverse, the credit, and past the data's\nend the day it is as of. With --json, the report: the areas as GeoJSON, each with its\nkm², side, nearest towns and oblast; totals per side and per oblast; slivers under\n0.05 km² summed.")
	dataset := datasetFlag(e, fs)
	from := fs.String("from", "", "first day YYYY-MM-DD or 'latest'")
	to := fs.String("to", "", "second day YYYY-MM-DD or 'latest'")
	place := fs.String("place", "", "only around a town (any spelling), as place= does")
	radius := fs.Float64("radius", 0, "with --place: the radius in km (default 30)")
	bbox := fs.String("bbox", "", "only inside W,S,E,N")
	oblast := fs.String("oblast", "", "only inside an oblast: ISO 3166-2 code (UA-14) or name")
	region := fs.String("region", "", "only inside a region's outline (its slug)")
	lang := fs.String("lang", "en", "language of the paragraph: en or uk")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *from == "" || *to == "" {
		return usagef("give --from and --to")
	}
	if *lang != "en" && *lang != "uk" {
		return usagef("--lang takes en or uk")
	}
	if err := checkDayFlags(map[string]string{"from": *from, "to": *to}); err != nil {
		return err
	}
	q := url.Values{"from": {*from}, "to": {*to}, "dataset": {*dataset}}
	for k, v := range map[string]string{"place": *place, "bbox": *bbox, "oblast": *oblast, "region": *region} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if *radius != 0 {
		q.Set("radius", strconv.FormatFloat(*radius, 'g', -1, 64))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	srv, err := newServer(ctx, s, server.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), CacheBytes: 16 << 20}, importOptions{})
	if err != nil {
		return err
	}
	body, text, err := srv.ChangeReport(ctx, q, *lang)
	if errors.Is(err, geo.ErrInvalid) {
		return usagef("%v", err)
	} else if err != nil {
		return err
	}
	if *asJSON {
		_, err = fmt.Fprintf(e.stdout, "%s\n", body)
		return err
	}
	_, err = fmt.Fprintln(e.stdout, text)
	return err
}
