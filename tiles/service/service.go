// Package service answers tile requests without any transport: given a
// dataset, a day (or the temporal or basemap tiles), a tile and a format,
// it gives the tile's body, ETag and content type. The HTTP server's tile
// routes, publish's archives and the OGC API - Tiles and WMTS endpoints
// all ask it, so each answers the same bytes under the same ETag. It
// builds a tile's content (tiles.Builder), keys it by what it shows
// (tiles.ContentKey), and encodes it once (tiles.MVT and tiles.Gzip, or
// draw's PNG) however many ask at the same time, keeping bodies in a cache
// by content key. HTTP (statuses, headers, conditional requests, gzip
// negotiation, Cache-Control) stays with the caller.
package service

import (
	"time"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/flight"
	"github.com/frontline-map/frontline/tiles/lru"
)

// DefaultMemoBytes bounds the memo of projected shapes of the Builder a
// Service makes when Config.Builder is nil: DeepStateMap's whole archive
// (3,059 versions, 8 million points) takes about 164 MB.
const DefaultMemoBytes = 160 << 20

// Config configures a Service. Only Source is required; the zero value of
// every other field works.
type Config struct {
	// Source reads the versions of day and temporal tiles.
	Source tiles.Source
	// Builder builds tile content; nil: one without a basemap and with a
	// memo of DefaultMemoBytes. The HTTP server shares its Builder with
	// pictures.
	Builder *tiles.Builder
	// Raster draws PNG tiles; nil: draw.NewRenderer(nil), the default
	// style. Its Key is in the content keys of raster tiles.
	Raster *draw.Renderer
	// Cache keeps bodies by content key; nil keeps none (publish, which
	// asks for each tile once).
	Cache *lru.Bytes
	// Requests is how many requests the Service remembers the content key
	// of, so that asking again skips the store and clipping while the
	// dataset does not change (Changed); 0 remembers none.
	Requests int
	// Days is how many days' lists of versions the Service keeps when the
	// Source lists them (DayLister), so that a day's tiles ask the store
	// only for geometry the Builder does not hold; 0 keeps none.
	Days int
	// Rendered, if not nil, is told of each body encoded: its kind ("png",
	// "png2x", "mvt", with "-control" for a control overlay, or
	// "mvt-temporal") and how long it took.
	Rendered func(kind string, took time.Duration)
}

// Service answers tile requests (Get). It is safe for concurrent use.
type Service struct {
	src      tiles.Source
	build    *tiles.Builder
	raster   *draw.Renderer
	cache    *lru.Bytes
	resolved *resolver   // nil: none kept
	days     *days       // nil: none kept
	gens     generations // of the datasets, moved by Changed
	flight   flight.Group
	rendered func(kind string, took time.Duration)
}

// New makes a Service.
func New(cfg Config) *Service {
	s := &Service{src: cfg.Source, build: cfg.Builder, raster: cfg.Raster, cache: cfg.Cache, rendered: cfg.Rendered}
	if s.build == nil {
		s.build = tiles.NewBuilder(nil, DefaultMemoBytes)
	}
	if s.raster == nil {
		s.raster = draw.NewRenderer(nil)
	}
	if cfg.Requests > 0 {
		s.resolved = newResolver(cfg.Requests)
	}
	if l, ok := cfg.Source.(DayLister); ok && cfg.Days > 0 {
		s.days = newDays(l, cfg.Days)
	}
	if s.rendered == nil {
		s.rendered = func(string, time.Duration) {}
	}
	return s
}

// Changed forgets which content the requests of a dataset resolved to, ""
// meaning every dataset: call it after the dataset's versions changed.
// Cached bodies stay: they are keyed by content, so a tile whose content
// did not change still hits, with the same ETag.
func (s *Service) Changed(dataset string) { s.gens.bump(dataset) }
