// Package publish writes a dataset as static files that any web host or
// object store can serve: PMTiles archives of the temporal vector tiles
// (control.pmtiles, the same bytes as /tiles/all/{z}/{x}/{y}.mvt, and
// control-YYYY-MM.pmtiles of each period, as /tiles/all/YYYY-MM/...), of
// the basemap (basemap.pmtiles) and, if asked, of one day's raster tiles
// (raster-DAY.pmtiles, the same bytes as /tiles/DAY/{z}/{x}/{y}.png), and
// the JSON the web app reads in place of the API, each file shaped as the
// API's answer: data/timeline.json (GET /api/timeline), datasets.json,
// regions.json, articles.json, stats/<day>.json (GET /api/stats?day=),
// stats-by-oblast/<day>.json, series.json (GET /api/series, the figures of
// every change day), series-by-oblast.json and history/<region>.json.
// Every tile is the tile service's answer (tiles/service), as the
// server's are; the same pass can hand each archive's tiles to a TileSink
// too (cmd's --mbtiles writes MBTiles with data/mbtiles). It depends on
// neither data nor net/http.
package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/paulmach/orb"
)

// Store is what publish reads. data.Store satisfies it.
type Store interface {
	tiles.Source
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
	ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error)
	Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error)
	StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error)
	Series(ctx context.Context, dataset string, from, to geo.Day, byOblast bool) (geo.FigureSeries, error)
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
	// MemoBytes bounds the Builder's memo of projected shapes of versions
	// other than the dataset's own; default 32 MiB. The dataset's versions
	// are held whole (tiles.Builder.Hold) in place of their geometry: a
	// version's shape for every zoom is worked out once and serves every
	// tile.
	MemoBytes int
	// Raster, if not nil, writes raster-DAY.pmtiles too.
	Raster *Raster
	// Sink, if not nil, gives for each archive (by name: control, basemap,
	// raster-DAY) a TileSink that gets the same tiles and metadata: cmd's
	// --mbtiles writes DIR/name.mbtiles with it.
	Sink func(ctx context.Context, name string) (TileSink, error)
	// Progress, if not nil, is told of each stage's progress (an archive's
	// file name, or "data"), from several goroutines at once.
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
	// DataElapsed is the time the JSON under data/ took (the archives'
	// own is in each Archive).
	DataElapsed time.Duration
	AppFiles    int // the web app's files, written by the caller (static.WriteSite with WriteFile)
	// Periods are the archives of each period's temporal tiles by period
	// (YYYY-MM: control-YYYY-MM.pmtiles), as site.json lists them.
	Periods map[string]string
	Elapsed time.Duration
}

// Publish writes opt.Dataset's archives and JSON under opt.Dir: besides
// control.pmtiles (the whole history) one control-YYYY-MM.pmtiles for
// each period of temporal tiles with versions (tiles.Period, as GET
// /tiles/all/{period}/{z}/{x}/{y}.mvt), which the web app reads so that
// scrubbing within a period downloads nothing and a tile stays small.
func Publish(ctx context.Context, src Store, opt Options) (*Summary, error) {
	start := time.Now()
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	ds, err := src.Dataset(ctx, opt.Dataset)
	if err != nil {
		return nil, err
	}
	days, err := src.ChangeDays(ctx, opt.Dataset, orb.Bound{})
	if err != nil {
		return nil, err
	}
	pre, err := preload(ctx, src, opt.Dataset)
	if err != nil {
		return nil, err
	}
	if len(pre.vs) == 0 {
		return nil, fmt.Errorf("%w: dataset %s has no versions to publish", geo.ErrInvalid, opt.Dataset)
	}
	baseArea := opt.areas(pre)
	if err := os.MkdirAll(filepath.Join(opt.Dir, "data"), 0o755); err != nil {
		return nil, err
	}
	var raster *draw.Renderer
	if opt.Raster != nil {
		if raster = draw.NewRenderer(opt.Raster.Style); raster.Err() != nil {
			return nil, raster.Err()
		}
	}
	build := tiles.NewBuilder(opt.Basemap, opt.MemoBytes)
	if err := pre.hold(ctx, build, opt.Workers); err != nil {
		return nil, err
	}
	svc := service.New(service.Config{Source: pre, Builder: build, Raster: raster})
	sum := &Summary{Dataset: opt.Dataset, Bound: opt.Bound, Periods: map[string]string{}}
	meta := metadata(ds, opt, days)
	ps := periods(pre.vs, days)
	for _, p := range ps {
		sum.Periods[p.String()] = PeriodArchive(p) + ".pmtiles"
	}
	for _, ar := range append(opt.archives(meta, baseArea, days), opt.periodArchives(meta, ps)...) {
		a, err := writeArchive(ctx, opt, svc, ar)
		if err != nil {
			return nil, err
		}
		sum.Archives = append(sum.Archives, a)
	}
	dataStart := time.Now()
	n, err := writeData(ctx, src, opt, ds, days)
	sum.DataFiles, sum.DataElapsed = n, time.Since(dataStart)
	if err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// defaults checks the zooms and fills in the defaults of opt.
func (opt *Options) defaults() error {
	if opt.MinZoom < 0 || opt.MaxZoom > tiles.MaxZoom || opt.MinZoom > opt.MaxZoom {
		return fmt.Errorf("publish: zooms %d..%d: want 0 <= min <= max <= %d", opt.MinZoom, opt.MaxZoom, tiles.MaxZoom)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.MemoBytes <= 0 {
		opt.MemoBytes = 32 << 20
	}
	if opt.Progress == nil {
		opt.Progress = func(string, int, int) {}
	}
	return nil
}

// areas sets opt.Bound, if not given, to the bound of the versions, and
// returns the basemap archive's area: the bound asked, or Ukraine whole
// wherever the control lies (so that a reader's first view of the country
// has its boundaries and places) and the basemap's whole extent at the
// zooms of a country's view (so that a tall or wide window has land and
// water to its edges).
func (opt *Options) areas(pre *preloaded) tileArea {
	if opt.Bound != (orb.Bound{}) || opt.Basemap == nil {
		if opt.Bound == (orb.Bound{}) {
			opt.Bound = pre.bound()
		}
		return tileArea{Bound: opt.Bound} // a --bbox given, or no basemap: as asked
	}
	opt.Bound = pre.bound()
	base := opt.Bound
	for _, f := range opt.Basemap.Features {
		if f.Country == "UA" {
			base = base.Union(f.Geometry.Bound())
		}
	}
	wide := orb.Bound{Min: orb.Point{tiles.BasemapBounds[0], tiles.BasemapBounds[1]}, Max: orb.Point{tiles.BasemapBounds[2], tiles.BasemapBounds[3]}}
	return tileArea{Bound: base, Wide: wide, WideMaxZoom: 7}
}

// archives are the archives to write: control.pmtiles (the temporal
// tiles, as GET /tiles/all/{z}/{x}/{y}.mvt), basemap.pmtiles (boundaries,
// regions and places, which no day changes, as GET /tiles/base/...) and,
// if asked, raster-DAY.pmtiles (the day's raster tiles, as GET
// /tiles/DAY/{z}/{x}/{y}.png). Empty vector tiles are left out.
func (opt *Options) archives(meta map[string]any, baseArea tileArea, days []geo.Day) []archive {
	as := []archive{
		{name: "control", area: tileArea{Bound: opt.Bound}, meta: meta,
			req: service.Request{Dataset: opt.Dataset, Set: service.TemporalTiles, Format: service.MVT, OmitEmpty: true}},
		{name: "basemap", area: baseArea, meta: basemapMeta(meta, *opt, baseArea),
			req: service.Request{Dataset: opt.Dataset, Set: service.BaseTiles, Format: service.MVT, OmitEmpty: true}},
	}
	if r := opt.Raster; r != nil {
		day := r.Day
		if r.Latest {
			day = geo.DayOf(time.Now())
			if len(days) > 0 {
				day = days[len(days)-1]
			}
		}
		as = append(as, archive{name: "raster-" + day.String(), area: tileArea{Bound: opt.Bound}, meta: rasterMeta(meta, day),
			req: service.Request{Dataset: opt.Dataset, Set: service.DayTiles, Day: day, Format: service.PNG}})
	}
	return as
}
