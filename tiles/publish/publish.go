// Package publish writes a dataset as static files that any web host or
// object store can serve: PMTiles archives of the temporal vector tiles
// (control.pmtiles, the same bytes as /tiles/all/{z}/{x}/{y}.mvt), of
// the basemap (basemap.pmtiles) and, if asked, of one day's raster tiles
// (raster-DAY.pmtiles, the same bytes as /tiles/DAY/{z}/{x}/{y}.png), and
// the JSON the web app reads in place of the API, each file shaped as the
// API's answer: data/timeline.json (GET /api/timeline), datasets.json,
// regions.json, articles.json, stats/<day>.json (GET /api/stats?day=),
// stats-by-oblast/<day>.json and history/<region>.json. It depends on
// neither data nor net/http.
package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/sync/errgroup"
)

// Store is what publish reads. data.Store satisfies it.
type Store interface {
	tiles.Source
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
	ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error)
	Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error)
	StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error)
	Regions(ctx context.Context) ([]geo.Region, error)
	Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error)
	History(ctx context.Context, dataset, region string) ([]geo.Version, error)
}

// Options say what to publish where.
type Options struct {
	Dataset          string
	Dir              string
	MinZoom, MaxZoom int
	// Bound is the area whose tiles are written; empty: the bound of the
	// dataset's versions.
	Bound   orb.Bound
	Basemap *tiles.Basemap
	// Attribution is the maps' attribution (HTML), as the TileJSON says it.
	Attribution string
	// ByOblast writes data/stats-by-oblast/<day>.json too.
	ByOblast bool
	// Workers build tiles at once; default GOMAXPROCS.
	Workers int
	// MemoBytes bounds the Builder's memo of projected shapes; default 128 MiB.
	MemoBytes int
	// Raster, if not nil, writes raster-DAY.pmtiles too.
	Raster *Raster
	// Progress, if not nil, is told of each stage's progress.
	Progress func(stage string, done, total int)
}

// Raster says which day's raster tiles to publish: the 256 px PNGs of
// GET /tiles/DAY/{z}/{x}/{y}.png, over the vector archives' zooms and area.
type Raster struct {
	// Day is the day drawn, unless Latest: the dataset's last change day
	// (as the server's "latest" says it).
	Day    geo.Day
	Latest bool
	// Style is how the tiles are drawn; nil: draw.DefaultStyle, as the
	// server's.
	Style *draw.Style
}

// Archive is what was written of one archive.
type Archive struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Stats Stats  `json:"stats"`
	// ZoomTiles and ZoomBytes are the addresses and the bytes of the tiles
	// first stored at each zoom (index: zoom).
	ZoomTiles []int   `json:"zoom_tiles"`
	ZoomBytes []int64 `json:"zoom_bytes"`
	Empty     int     `json:"empty"` // tiles of the area left out: nothing to show
	Elapsed   time.Duration
}

// Summary is what Publish wrote.
type Summary struct {
	Dataset   string
	Bound     orb.Bound
	Archives  []Archive
	DataFiles int
	AppFiles  int // the web app's files, written by the caller (static.WriteSite)
	Elapsed   time.Duration
}

// Publish writes opt.Dataset's archives and JSON under opt.Dir.
func Publish(ctx context.Context, src Store, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.MinZoom < 0 || opt.MaxZoom > tiles.MaxZoom || opt.MinZoom > opt.MaxZoom {
		return nil, fmt.Errorf("publish: zooms %d..%d: want 0 <= min <= max <= %d", opt.MinZoom, opt.MaxZoom, tiles.MaxZoom)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MemoBytes <= 0 {
		opt.MemoBytes = 128 << 20
	}
	if opt.Progress == nil {
		opt.Progress = func(string, int, int) {}
	}
	ds, err := src.Dataset(ctx, opt.Dataset)
	if err != nil {
		return nil, err
	}
	days, err := src.ChangeDays(ctx, opt.Dataset, orb.Bound{})
	if err != nil {
		return nil, err
	}
	// Every version is read once: each tile takes those whose bound meets
	// it, as the store's VersionsIn(tile) would, in the store's order
	// (region, valid_from, id), instead of a query per tile.
	vs, err := src.VersionsIn(ctx, opt.Dataset, orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("%w: dataset %s has no versions to publish", geo.ErrInvalid, opt.Dataset)
	}
	vbounds := make([]orb.Bound, len(vs))
	for i, v := range vs {
		vbounds[i] = v.Geometry.Bound()
	}
	baseBound, asked := opt.Bound, opt.Bound != (orb.Bound{})
	if !asked {
		opt.Bound = vs[0].Geometry.Bound()
		for _, v := range vs[1:] {
			opt.Bound = opt.Bound.Union(v.Geometry.Bound())
		}
		// The basemap covers Ukraine whole, wherever the control lies, so a
		// reader's first view of the country has its boundaries and places.
		baseBound = opt.Bound
		if opt.Basemap != nil {
			for _, f := range opt.Basemap.Features {
				if f.Country == "UA" {
					baseBound = baseBound.Union(f.Geometry.Bound())
				}
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(opt.Dir, "data"), 0o755); err != nil {
		return nil, err
	}
	sum := &Summary{Dataset: opt.Dataset, Bound: opt.Bound}
	b := tiles.NewBuilder(opt.Basemap, opt.MemoBytes)
	meta := metadata(ds, opt, days)

	// control.pmtiles: the temporal tiles, as GET /tiles/all/{z}/{x}/{y}.mvt.
	control, err := writeArchive(ctx, opt, tileArea{Bound: opt.Bound}, "control", false, meta, mvtBody(func(ctx context.Context, t maptile.Tile) (*tiles.Content, error) {
		tb := tiles.TileBound(t, tiles.ControlBuffer)
		var in []geo.Version
		for i := range vs {
			if vbounds[i].Intersects(tb) {
				in = append(in, vs[i])
			}
		}
		if len(in) == 0 {
			return nil, nil
		}
		return b.Temporal(in, t), nil
	}))
	if err != nil {
		return nil, err
	}
	sum.Archives = append(sum.Archives, control)

	// basemap.pmtiles: boundaries, regions and places, which no day changes.
	// The basemap's whole extent at the zooms of a country's view, so that
	// a tall or wide window has land and water to its edges; Ukraine and
	// the control beyond.
	wide := orb.Bound{Min: orb.Point{tiles.BasemapBounds[0], tiles.BasemapBounds[1]}, Max: orb.Point{tiles.BasemapBounds[2], tiles.BasemapBounds[3]}}
	if opt.Basemap == nil || asked {
		wide = orb.Bound{} // a --bbox given, or no basemap: as asked
	}
	bmeta := map[string]any{}
	for k, v := range meta {
		bmeta[k] = v
	}
	bmeta["name"] = "frontline basemap"
	bmeta["description"] = "Boundaries and water (Natural Earth), the outlines of the named regions and major places: the layers of the map that do not change with the day (water features carry from_day and to_day), as GET /tiles/base/{z}/{x}/{y}.mvt."
	bmeta["attribution"] = "Natural Earth (public domain); towns: GeoNames (CC BY 4.0)"
	bmeta["type"] = "baselayer"
	hb := tileArea{Bound: baseBound, Wide: wide}.header()
	bmeta["bounds"] = []float64{hb.Min.X(), hb.Min.Y(), hb.Max.X(), hb.Max.Y()}
	bmeta["center"] = []float64{baseBound.Center().X(), baseBound.Center().Y(), float64(centerZoom(opt))}
	delete(bmeta, "license")
	delete(bmeta, "source_url")
	base, err := writeArchive(ctx, opt, tileArea{Bound: baseBound, Wide: wide, WideMaxZoom: 7}, "basemap", false, bmeta, mvtBody(func(ctx context.Context, t maptile.Tile) (*tiles.Content, error) {
		return b.BaseTile(t), nil
	}))
	if err != nil {
		return nil, err
	}
	sum.Archives = append(sum.Archives, base)

	// raster-DAY.pmtiles: the day's raster tiles, as GET /tiles/DAY/{z}/{x}/{y}.png.
	if opt.Raster != nil {
		day := opt.Raster.Day
		if opt.Raster.Latest {
			day = geo.DayOf(time.Now())
			if len(days) > 0 {
				day = days[len(days)-1]
			}
		}
		r := draw.NewRenderer(opt.Raster.Style)
		if err := r.Err(); err != nil {
			return nil, err
		}
		rmeta := map[string]any{}
		for k, v := range meta {
			rmeta[k] = v
		}
		rmeta["name"] = fmt.Sprint(meta["name"], " ", day)
		rmeta["description"] = fmt.Sprintf("The map of %s as raster tiles (256 px PNG): control, boundaries, regions and places.", day)
		rmeta["format"] = "png"
		rmeta["type"] = "baselayer"
		rmeta["day"] = day.String()
		delete(rmeta, "vector_layers")
		delete(rmeta, "mvt_version")
		ra, err := writeArchive(ctx, opt, tileArea{Bound: opt.Bound}, "raster-"+day.String(), true, rmeta, func(ctx context.Context, t maptile.Tile) ([]byte, error) {
			c, err := b.Day(ctx, src, opt.Dataset, day, t, false)
			if err != nil {
				return nil, err
			}
			return r.PNG(c, draw.RasterOptions{Size: 256})
		})
		if err != nil {
			return nil, err
		}
		sum.Archives = append(sum.Archives, ra)
	}

	n, err := writeData(ctx, src, opt, ds, days)
	sum.DataFiles = n
	if err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// metadata is an archive's metadata JSON, as the TileJSON of /tiles/all.json
// says it, with the dataset's licence and observed days.
func metadata(ds geo.Dataset, opt Options, days []geo.Day) map[string]any {
	name := ds.Title
	if name == "" {
		name = "frontline " + ds.Name
	}
	const filter = "Every version with its validity; filter control features with from_day <= D < to_day (D = days since 1970-01-01)."
	desc := filter
	if ds.Description != "" {
		desc = ds.Description + " " + filter
	}
	b := opt.Bound
	m := map[string]any{
		"name":          name,
		"dataset":       ds.Name,
		"description":   desc,
		"attribution":   opt.Attribution,
		"format":        "pbf",
		"type":          "overlay",
		"version":       "1",
		"generator":     "frontline publish",
		"mvt_version":   tiles.MVTVersion,
		"minzoom":       opt.MinZoom,
		"maxzoom":       opt.MaxZoom,
		"bounds":        []float64{b.Min.X(), b.Min.Y(), b.Max.X(), b.Max.Y()},
		"center":        []float64{b.Center().X(), b.Center().Y(), float64(centerZoom(opt))},
		"vector_layers": tiles.VectorLayers,
	}
	if ds.Title != "" {
		m["title"] = ds.Title
	}
	if ds.License != "" {
		m["license"] = ds.License
	}
	if ds.SourceURL != "" {
		m["source_url"] = ds.SourceURL
	}
	// The first and last observed day: the dataset's observed range, else
	// its first and last change.
	from, to := ds.ObservedFrom, ds.ObservedTo
	if len(days) > 0 {
		if from == 0 {
			from = days[0]
		}
		if to == 0 {
			to = days[len(days)-1]
		}
		m["first_change"], m["last_change"] = days[0], days[len(days)-1]
	}
	if from != 0 {
		m["observed_from"], m["observed_to"] = from, to
	}
	return m
}

func centerZoom(opt Options) int { return min(max(5, opt.MinZoom), opt.MaxZoom) }

// areaBy lists the tiles of zooms min..max that cover bound(z), in tile id
// order.
func areaBy(bound func(z int) orb.Bound, minZ, maxZ int) ([]maptile.Tile, []uint64) {
	const maxLat = 85.05112878
	type tid struct {
		t  maptile.Tile
		id uint64
	}
	var all []tid
	for z := minZ; z <= maxZ; z++ {
		b := bound(z)
		nw := orb.Point{b.Min.X(), math.Min(b.Max.Y(), maxLat)}
		se := orb.Point{b.Max.X(), math.Max(b.Min.Y(), -maxLat)}
		zz := maptile.Zoom(z)
		a, c := maptile.At(nw, zz), maptile.At(se, zz)
		for x := a.X; x <= c.X; x++ {
			for y := a.Y; y <= c.Y; y++ {
				all = append(all, tid{maptile.New(x, y, zz), TileID(uint8(z), x, y)})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].id < all[j].id })
	ts, ids := make([]maptile.Tile, len(all)), make([]uint64, len(all))
	for i, a := range all {
		ts[i], ids[i] = a.t, a.id
	}
	return ts, ids
}

// tileArea is where an archive has tiles: Bound, or at the zooms up to
// WideMaxZoom the Wide bound if it is set (the header's bound then).
type tileArea struct {
	Bound, Wide orb.Bound
	WideMaxZoom int
}

func (a tileArea) at(z int) orb.Bound {
	if a.Wide != (orb.Bound{}) && z <= a.WideMaxZoom {
		return a.Wide
	}
	return a.Bound
}

func (a tileArea) header() orb.Bound {
	if a.Wide != (orb.Bound{}) {
		return a.Wide
	}
	return a.Bound
}

// writeArchive writes DIR/name.pmtiles of the tiles encode makes over the
// area (nil: no tile): gzip'd MVT, or PNG if png.
func writeArchive(ctx context.Context, opt Options, ar tileArea, name string, png bool, meta map[string]any,
	encode func(context.Context, maptile.Tile) ([]byte, error)) (Archive, error) {
	start := time.Now()
	path := filepath.Join(opt.Dir, name+".pmtiles")
	a := Archive{Name: name, Path: path, ZoomTiles: make([]int, opt.MaxZoom+1), ZoomBytes: make([]int64, opt.MaxZoom+1)}
	ts, ids := areaBy(ar.at, opt.MinZoom, opt.MaxZoom)
	b := ar.header()
	w, err := NewWriter(path)
	if err != nil {
		return a, err
	}
	// Chunks are built in parallel and added in order.
	const chunk = 512
	bodies := make([][]byte, chunk)
	for lo := 0; lo < len(ts); lo += chunk {
		hi := min(lo+chunk, len(ts))
		if err := buildChunk(ctx, opt.Workers, ts[lo:hi], bodies, encode); err != nil {
			w.Abort()
			return a, fmt.Errorf("publish %s: %w", name, err)
		}
		for i := lo; i < hi; i++ {
			body := bodies[i-lo]
			if body == nil {
				a.Empty++
				continue
			}
			first, err := w.Add(ids[i], body)
			if err != nil {
				w.Abort()
				return a, err
			}
			a.ZoomTiles[ts[i].Z]++
			if first {
				a.ZoomBytes[ts[i].Z] += int64(len(body))
			}
		}
		opt.Progress(name+".pmtiles", hi, len(ts))
	}
	st, err := w.Close(Header{MinZoom: uint8(opt.MinZoom), MaxZoom: uint8(opt.MaxZoom), Bound: b, CenterZoom: uint8(centerZoom(opt)), PNG: png}, meta)
	a.Stats, a.Elapsed = st, time.Since(start)
	return a, err
}

// buildChunk builds the bodies of ts (nil for an empty tile) with workers
// goroutines.
func buildChunk(ctx context.Context, workers int, ts []maptile.Tile, bodies [][]byte,
	encode func(context.Context, maptile.Tile) ([]byte, error)) error {
	var wg sync.WaitGroup
	errs := make([]error, len(ts))
	next := make(chan int)
	for range min(workers, len(ts)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				bodies[i], errs[i] = encode(ctx, ts[i])
			}
		}()
	}
	for i := range ts {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// mvtBody encodes the tiles content makes, tiles.MVT and tiles.Gzip as the
// server does; nil or empty content is no tile.
func mvtBody(content func(context.Context, maptile.Tile) (*tiles.Content, error)) func(context.Context, maptile.Tile) ([]byte, error) {
	return func(ctx context.Context, t maptile.Tile) ([]byte, error) {
		c, err := content(ctx, t)
		if err != nil || c == nil || len(c.Items) == 0 {
			return nil, err
		}
		b, err := tiles.MVT(c)
		if err != nil {
			return nil, err
		}
		return tiles.Gzip(b), nil
	}
}

// writeData writes the JSON files under DIR/data for each change day;
// it returns how many files it wrote.
func writeData(ctx context.Context, src Store, opt Options, ds geo.Dataset, days []geo.Day) (int, error) {
	dir := filepath.Join(opt.Dir, "data")
	var files atomic.Int64
	put := func(rel string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		files.Add(1)
		return writeFile(filepath.Join(dir, rel), append(b, '\n'))
	}
	var mu sync.Mutex
	done := 0
	progress := func() { // one more day written
		mu.Lock()
		defer mu.Unlock()
		done++
		opt.Progress("data", done, len(days))
	}
	for _, sub := range []string{"stats", "history", "stats-by-oblast"} {
		if sub == "stats-by-oblast" && !opt.ByOblast {
			continue
		}
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return int(files.Load()), err
		}
	}
	arts, err := src.Articles(ctx, geo.ArticleQuery{Limit: 10000})
	if err != nil {
		return int(files.Load()), err
	}
	if arts == nil {
		arts = []geo.Article{}
	}
	if err := put("timeline.json", geo.NewTimeline(ds.Name, days, arts)); err != nil {
		return int(files.Load()), err
	}
	if err := put("articles.json", arts); err != nil {
		return int(files.Load()), err
	}
	if err := put("datasets.json", map[string]any{"default": ds.Name, "datasets": []geo.Dataset{ds}}); err != nil {
		return int(files.Load()), err
	}
	regions, err := src.Regions(ctx)
	if err != nil {
		return int(files.Load()), err
	}
	infos := make([]geo.RegionInfo, 0, len(regions))
	for _, r := range regions {
		infos = append(infos, geo.InfoOf(r))
		vs, err := src.History(ctx, ds.Name, r.Slug)
		if err != nil {
			return int(files.Load()), err
		}
		if err := put(filepath.Join("history", r.Slug+".json"), geo.NewHistory(ds.Name, r.Slug, vs)); err != nil {
			return int(files.Load()), err
		}
	}
	if err := put("regions.json", infos); err != nil {
		return int(files.Load()), err
	}
	// The figures of each change day, a few days at a time: the store
	// measures each day's shapes, which takes most of this stage.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opt.Workers)
	for _, d := range days {
		g.Go(func() error {
			st, err := src.Stats(gctx, ds.Name, d)
			if err != nil {
				return err
			}
			if err := put(filepath.Join("stats", d.String()+".json"), st); err != nil {
				return err
			}
			if opt.ByOblast {
				so, err := src.StatsByOblast(gctx, ds.Name, d)
				if err != nil {
					return err
				}
				if err := put(filepath.Join("stats-by-oblast", d.String()+".json"), so); err != nil {
					return err
				}
			}
			progress()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return int(files.Load()), err
	}
	return int(files.Load()), nil
}

// writeFile writes a file whole or not at all.
func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".json-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
