package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/static"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/publish"
	"github.com/frontline-map/frontline/tiles/server"
)

// publishStoreMemo bounds the store's memo of decoded geometries while
// publishing.
const publishStoreMemo = 16 << 20

func runPublish(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "publish", "--out DIR [--dataset NAME] [--minzoom 0 --maxzoom 10] [--bbox W,S,E,N | --place NAME [--radius KM]] [--raster DAY] [--mbtiles] [--app=false]",
		"Writes a dataset as static files for any web host or object store: DIR/control.pmtiles\n(the temporal vector tiles of /tiles/all/{z}/{x}/{y}.mvt, same bytes, as a PMTiles v3\narchive), DIR/control-YYYY-MM.pmtiles (those of each period of three months with versions,\nas /tiles/all/YYYY-MM/{z}/{x}/{y}.mvt: what the web app reads), DIR/basemap.pmtiles (boundaries, region outlines, places), DIR/data/\n(timeline.json, datasets.json, regions.json, articles.json, stats/<day>.json,\nstats-by-oblast/<day>.json, history/<region>.json: the API's answers as files) and\nthe web app in its static mode (DIR/index.html, site.json, js/, vendor/), which\nreads them with no frontline server: put DIR on any host that answers HTTP Range.\nWith --raster DAY, DIR/raster-DAY.pmtiles too: that day's 256 px PNG tiles, the same\nbytes as /tiles/DAY/{z}/{x}/{y}.png, over the same zooms and area. With --mbtiles,\nDIR/NAME.mbtiles (MBTiles 1.3) beside each DIR/NAME.pmtiles, of the same tiles.")
	dataset := datasetFlag(e, fs)
	out := fs.String("out", "", "directory to write into (made if missing)")
	minZ := fs.Int("minzoom", 0, "lowest zoom of the archives")
	maxZ := fs.Int("maxzoom", 10, "highest zoom of the archives")
	bboxS := fs.String("bbox", "", "W,S,E,N: the area whose tiles are written (default: the bound of the dataset's versions)")
	byOblast := fs.Bool("by-oblast", true, "write data/stats-by-oblast/<day>.json too")
	rasterS := fs.String("raster", "", "DAY (YYYY-MM-DD or latest): write DIR/raster-DAY.pmtiles of that day's PNG tiles too")
	mbt := fs.Bool("mbtiles", false, "write DIR/NAME.mbtiles (MBTiles 1.3) beside each DIR/NAME.pmtiles, of the same tiles")
	app := fs.Bool("app", true, "write the web app (index.html, site.json, js/, vendor/) into DIR too")
	place := addPlaceFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	if *minZ < 0 || *maxZ > tiles.MaxZoom || *minZ > *maxZ {
		return usagef("--minzoom %d --maxzoom %d: want 0 <= minzoom <= maxzoom <= %d", *minZ, *maxZ, tiles.MaxZoom)
	}
	bound, ok, err := place.bound(*bboxS)
	if err != nil {
		return err
	}
	if *bboxS != "" && !ok {
		b, err := geo.ParseBBox(*bboxS)
		if err != nil {
			return usagef("--bbox: %v", err)
		}
		bound = b
	}
	var raster *publish.Raster
	switch *rasterS {
	case "":
	case "latest":
		raster = &publish.Raster{Latest: true}
	default:
		d, err := geo.ParseDay(*rasterS)
		if err != nil {
			return usagef("--raster: %v", err)
		}
		raster = &publish.Raster{Day: d}
	}
	// Most of publish's heap lives from start to end (every version's shape
	// for every zoom, tiles.Builder.Hold); the default headroom would let it
	// grow to twice that. GOGC in the environment wins.
	if e.getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	// publish reads every version once and keeps its own copy (with the
	// rings versions share held once): the store's memo of decoded
	// geometries would hold a second copy of the same shapes.
	s, err := openStoreWith(ctx, store.Config{Path: *db, MemoBytes: publishStoreMemo})
	if err != nil {
		return err
	}
	defer s.Close()
	name, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	ds, err := s.Dataset(ctx, name)
	if err != nil {
		return err
	}
	base, err := loadBasemap(ctx, s)
	if err != nil {
		return err
	}
	bars := newStages(e)
	defer bars.close()
	var sink func(context.Context, string) (publish.TileSink, error)
	var mbtilesWritten []string
	if *mbt {
		sink = mbtilesSinks(*out, &mbtilesWritten)
	}
	sum, err := publish.Publish(ctx, s, publish.Options{
		Dataset: name, Dir: *out, MinZoom: *minZ, MaxZoom: *maxZ, Bound: bound,
		Basemap: base, Attribution: server.AttributionOf(ds), ByOblast: *byOblast,
		Raster: raster, Sink: sink,
		Progress: bars.update,
	})
	if errors.Is(err, geo.ErrInvalid) { // an empty dataset: nothing to publish
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	if *app {
		site := static.Site{Dataset: name, Control: "control.pmtiles", Basemap: "basemap.pmtiles", Data: "data/",
			Periods: &static.SitePeriods{Months: tiles.PeriodMonths, Archives: sum.Periods}}
		n, err := static.WriteSite(site, func(name string, b []byte) error { return publish.WriteFile(*out, name, b) })
		if err != nil {
			return fmt.Errorf("writing the web app: %w", err)
		}
		sum.AppFiles = n
	}
	printPublishSummary(e, sum)
	for _, p := range mbtilesWritten {
		fmt.Fprintf(e.stdout, "%s: MBTiles 1.3, the same tiles\n", p)
	}
	return nil
}

func printPublishSummary(e *env, sum *publish.Summary) {
	w := e.stdout
	b := sum.Bound
	fmt.Fprintf(w, "dataset %s, bbox %.4f,%.4f,%.4f,%.4f\n", sum.Dataset, b.Min.X(), b.Min.Y(), b.Max.X(), b.Max.Y())
	for _, a := range sum.Archives {
		st := a.Stats
		fmt.Fprintf(w, "%s: %s, %d tiles (%d empty left out), %d stored, %d addresses share a stored tile, %d directory entries, %s\n",
			a.Path, bytesString(st.Bytes), st.Addressed, a.Empty, st.Contents, st.Shared, st.Entries, a.Elapsed.Round(time.Millisecond))
		var parts []string
		for z, n := range a.ZoomTiles {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("z%d %d/%s", z, n, bytesString(a.ZoomBytes[z])))
			}
		}
		fmt.Fprintf(w, "  tiles/bytes stored per zoom: %s\n", strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "data: %d JSON files, %s\n", sum.DataFiles, sum.DataElapsed.Round(time.Millisecond))
	if sum.AppFiles > 0 {
		fmt.Fprintf(w, "web app: %d files; serve the folder over HTTP (with Range) and open index.html\n", sum.AppFiles)
	}
	fmt.Fprintf(w, "done in %s\n", sum.Elapsed.Round(time.Millisecond))
}

func bytesString(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 10<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
