// Package server owns frontline's HTTP interface: the routes of tiles,
// TileJSON, the MapLibre style, pictures, the JSON API, imports and the
// web app; their middleware (CORS, panics, tokens, request metrics for
// Prometheus); the caches keyed by content with request de-duplication;
// and the mapping of errors to statuses with JSON bodies. Tiles are the
// tile service's answers (tiles/service), which this package wraps in
// HTTP: statuses, ETags and 304, gzip negotiation and Cache-Control.
package server

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/flight"
	"github.com/frontline-map/frontline/tiles/lru"
	"github.com/frontline-map/frontline/tiles/picture"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/gorilla/mux"
)

// Store is everything the server reads and writes: the small interfaces
// its groups of routes declare, each beside the handlers that use it
// (TileStore, DatasetStore, StatsStore, RegionStore, ArticleStore,
// EditStore, HealthStore), and what pictures read (picture.Source).
// data.Store satisfies it; cmd checks each interface at compile time.
type Store interface {
	TileStore
	DatasetStore
	StatsStore
	RegionStore
	ArticleStore
	EditStore
	HealthStore
	picture.Source
}

// ImportRequest is an import sent over HTTP. Body is GeoJSON, or for a
// series a .tar.gz; URL, if set, names a series to fetch instead.
type ImportRequest struct {
	Dataset string
	Series  bool
	URL     string
	Region  string
	Side    string
	Status  string
	Source  string
	Body    io.Reader
	MaxBody int64 // the bound on bodies, for a fetch by URL to obey too
}

// Defaults of Config's bounds that a process's memory limit adds up.
const (
	DefaultBaseBytes     = picture.DefaultBaseBytes // Config.BaseBytes
	DefaultPictureBudget = picture.DefaultBudget    // Config.PictureBudget, in pixels
	DefaultImportTimeout = 90 * time.Second
	PictureBytesPerPixel = picture.BytesPerPixel // about what drawing a picture holds a pixel
)

// Config configures a Server. Only Store is required.
type Config struct {
	Store      Store
	Basemap    *tiles.Basemap
	CacheBytes int64        // tile body cache; default 256 MiB
	Token      string       // the administrator's bearer token for writes
	Editors    Editors      // editors' tokens for writes (middleware.go); nil: only Token
	Log        *slog.Logger // default slog.Default()
	Static     fs.FS        // the web app, served at /; may be nil
	// Import runs an import (wired to the store by cmd); nil refuses imports.
	Import func(ctx context.Context, req ImportRequest) (any, error)
	// MaxBody bounds request bodies of writes; default 64 MiB.
	MaxBody int64
	// ImportTimeout bounds an HTTP import: it commits and answers within
	// it, or rolls back. It must be shorter than the server's write
	// timeout; default DefaultImportTimeout.
	ImportTimeout time.Duration
	// MemoBytes bounds the memo of projected, simplified shapes; default 128 MiB.
	MemoBytes int
	// PictureBudget bounds the pixels of the snapshots, diffs and
	// timelapses being drawn at once (about 10 bytes each while drawing);
	// a picture waits for room. Default 2·picture.MaxPixels.
	PictureBudget int64
	// BaseBytes bounds the drawn basemaps kept for reuse by pictures of the
	// same view and size; default 64 MiB.
	BaseBytes int64
	// Style is how raster tiles and pictures are drawn; nil draws with
	// draw.DefaultStyle. Its Key is in their cache keys and ETags, so
	// another style never answers with the pixels of this one.
	Style *draw.Style
	// SyncStates, if not nil, returns the datasets' sync states as last
	// read (it must not wait on the database: /healthz calls it): /api/sync
	// lists them, /metrics exports them, and /healthz and /readyz say
	// "degraded" (still 200) while a sync's last run failed.
	SyncStates func() []SyncState
	// PMTilesDir, if set, is a directory of PMTiles archives (frontline
	// publish) served at /pmtiles/{name}.pmtiles with HTTP Range.
	PMTilesDir string
}

// Server serves tiles, TileJSON, styles, the JSON API and the web app.
type Server struct {
	cfg Config
	// The store, as each group of routes sees it.
	datasets DatasetStore
	stats    StatsStore
	regions  RegionStore
	articles ArticleStore
	edits    EditStore
	health   HealthStore

	log       *slog.Logger
	build     *tiles.Builder
	raster    *draw.Renderer
	tileSvc   *service.Service // the tiles, shared with publish and the OGC routes
	pics      *picture.Renderer
	cache     *lru.Bytes
	metrics   *metrics
	flight    flight.Group
	importing chan struct{} // one HTTP import at a time

	latestMu sync.Mutex
	latestBy map[string]latestEntry

	dsMu    sync.RWMutex
	dsKnown map[string]string      // dataset names, and the default under ""
	dsMeta  map[string]geo.Dataset // what describes each dataset, by name
	dsAt    time.Time
}

type latestEntry struct {
	day geo.Day
	at  time.Time
}

// New makes a Server.
func New(cfg Config) *Server {
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = 256 << 20
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 64 << 20
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.MemoBytes <= 0 {
		cfg.MemoBytes = 128 << 20
	}
	if cfg.BaseBytes <= 0 {
		cfg.BaseBytes = DefaultBaseBytes
	}
	if cfg.ImportTimeout <= 0 {
		cfg.ImportTimeout = DefaultImportTimeout
	}
	if cfg.PictureBudget < picture.MaxPixels {
		cfg.PictureBudget = DefaultPictureBudget
	}
	cache := lru.NewBytes(cfg.CacheBytes)
	st := cfg.Store
	s := &Server{
		cfg:      cfg,
		datasets: st, stats: st, regions: st, articles: st, edits: st, health: st,
		log:       cfg.Log,
		build:     tiles.NewBuilder(cfg.Basemap, cfg.MemoBytes),
		raster:    draw.NewRenderer(cfg.Style),
		cache:     cache,
		metrics:   newMetrics(cache, cfg.CacheBytes),
		latestBy:  map[string]latestEntry{},
		importing: make(chan struct{}, 1),
	}
	// Tiles are answered by the tile service, over the builder, renderer
	// and body cache that pictures share.
	s.tileSvc = service.New(service.Config{Source: st, Builder: s.build, Raster: s.raster, Cache: cache,
		Requests: 200000, Rendered: s.metrics.rendered})
	// Pictures share the tiles' builder, renderer and body cache (for
	// their measured figures), and name datasets and days as requests do.
	s.pics = picture.New(picture.Config{Source: cfg.Store, Builder: s.build, Raster: s.raster, Resolve: resolverOf{s},
		Memo: cache, BaseBytes: cfg.BaseBytes, Budget: cfg.PictureBudget, Rendered: s.metrics.rendered})
	if cfg.SyncStates != nil {
		s.metrics.reg.MustRegister(syncCollector{cfg.SyncStates})
	}
	return s
}

// Routes returns the handler of every route.
func (s *Server) Routes() http.Handler {
	r := mux.NewRouter()
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such path: "+r.URL.Path)
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on "+r.URL.Path)
	})
	get := func(path, name string, h http.HandlerFunc) {
		r.Handle(path, s.instrument(name, h)).Methods(http.MethodGet, http.MethodHead)
	}
	get("/tiles/all/{z}/{x}/{yext}", "tile_temporal", s.temporalTile)
	get("/tiles/all.json", "tilejson", s.tileJSONAll)
	tile := s.instrument("tile", http.HandlerFunc(s.tile))
	r.Handle("/tiles/{day}/{z}/{x}/{yext}", tile).Methods(http.MethodGet, http.MethodHead)
	get("/tiles/{day}.json", "tilejson", s.tileJSON)
	get("/styles/{name}.json", "style", s.style)
	get("/fonts/{stack}/{range}.pbf", "fonts", s.fonts)
	get("/snapshot.png", "snapshot", s.snapshotPNG)
	get("/diff.png", "diff", s.diffPNG)
	get("/timelapse.gif", "timelapse", s.timelapseGIF)
	get("/api/timeline", "api_timeline", s.apiTimeline)
	get("/api/stats", "api_stats", s.apiStats)
	get("/api/diff", "api_diff", s.apiDiff)
	get("/api/datasets", "api_datasets", s.apiDatasets)
	get("/api/datasets/{name}", "api_dataset", s.apiDataset)
	get("/api/regions", "api_regions", s.apiRegions)
	get("/api/regions/{slug}", "api_region", s.apiRegion)
	get("/api/regions/{slug}/history", "api_history", s.apiHistory)
	get("/api/articles", "api_articles", s.apiArticles)
	get("/api/articles/{id}", "api_article", s.apiArticle)
	get("/pmtiles/{file}", "pmtiles", s.pmtiles)
	get("/healthz", "healthz", s.healthz)
	get("/api/sync", "api_sync", s.apiSync)
	get("/readyz", "readyz", s.readyz)
	get("/metrics", "metrics", s.serveMetrics)
	r.Handle("/api/articles", s.instrument("api_article_add", s.auth(s.apiAddArticle))).Methods(http.MethodPost)
	r.Handle("/api/import", s.instrument("api_import", s.auth(s.apiImport))).Methods(http.MethodPost)
	r.Handle("/api/datasets/{name}", s.instrument("api_dataset_edit", s.auth(s.apiEditDataset))).Methods(http.MethodPatch)
	r.Methods(http.MethodOptions).HandlerFunc(s.preflight)
	if s.cfg.Static != nil {
		r.PathPrefix("/").Handler(s.instrument("static", s.static())).Methods(http.MethodGet, http.MethodHead)
	}
	// Day tiles, the bulk of all requests, skip the router's regexps.
	fast := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method == http.MethodGet || req.Method == http.MethodHead {
			if day, _, _, _, ok := splitTilePath(req.URL.Path); ok && day != "all" {
				tile.ServeHTTP(w, req)
				return
			}
		}
		r.ServeHTTP(w, req)
	})
	return s.recoverer(s.cors(fast))
}

// Changed forgets what depends on a dataset's versions after a change,
// whoever made it (this server's imports call it; cmd wires the store's
// Watch to it for everyone else's): the tile service's resolved requests
// of the dataset (service.Service.Changed) and its latest day. "" means
// everything. Cached bodies stay: they are keyed by content, so a tile
// whose content did not change still hits, with the same ETag.
func (s *Server) Changed(dataset string) {
	s.tileSvc.Changed(dataset)
	s.dsMu.Lock()
	s.dsAt = time.Time{}
	s.dsMu.Unlock()
	s.latestMu.Lock()
	for ds, e := range s.latestBy {
		if dataset == "" || ds == dataset {
			e.at = time.Time{} // stale, but kept for when the database is away
			s.latestBy[ds] = e
		}
	}
	s.latestMu.Unlock()
}
