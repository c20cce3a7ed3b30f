// Package server owns frontline's HTTP interface: the routes of tiles,
// TileJSON, the MapLibre style, pictures, the JSON API, imports and the
// web app; their middleware (CORS, panics, tokens, request metrics for
// Prometheus); the caches keyed by content with request de-duplication;
// and the mapping of errors to statuses with JSON bodies. Tiles are the
// tile service's answers (tiles/service), which this package wraps in
// HTTP: statuses, ETags and 304, gzip negotiation and Cache-Control.
package server

import (
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
	PointStore
	picture.Source
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
	points   PointStore
	land     *geo.Land // the basemap's countries: land or sea (handle_point.go)

	log       *slog.Logger
	build     *tiles.Builder
	raster    *draw.Renderer
	tileSvc   *service.Service // answers every tile route, as it answers publish
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

	wordsOnce sync.Once
	words     geo.ChangeWords // the towns and oblasts of change reports (handle_changes.go)
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
		datasets: st, stats: st, regions: st, articles: st, edits: st, health: st, points: st, land: landOf(cfg.Basemap),
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
		Requests: 200000, Days: 4096, Rendered: s.metrics.rendered})
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
		writeError(w, http.StatusNotFound, "no such path: "+geo.Echo(r.URL.Path))
	})
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, "method "+geo.Echo(r.Method)+" not allowed on "+geo.Echo(r.URL.Path))
	})
	get := func(path, name string, h http.HandlerFunc) {
		r.Handle(path, s.instrument(name, h)).Methods(http.MethodGet, http.MethodHead)
	}
	get("/tiles/all/{z}/{x}/{yext}", "tile_temporal", s.temporalTile)
	get("/tiles/all/{period}/{z}/{x}/{yext}", "tile_temporal", s.temporalTile)
	get("/tiles/all.json", "tilejson", s.tileJSONAll)
	tile := s.instrument("tile", http.HandlerFunc(s.tile))
	r.Handle("/tiles/{day}/{z}/{x}/{yext}", tile).Methods(http.MethodGet, http.MethodHead)
	get("/tiles/{day}.json", "tilejson", s.tileJSON)
	get("/styles/{name}.json", "style", s.style)
	get("/fonts/{stack}/{range}.pbf", "fonts", s.fonts)
	get("/snapshot.png", "snapshot", s.placeAsBBox(s.snapshotPNG))
	get("/diff.png", "diff", s.placeAsBBox(s.diffPNG))
	get("/timelapse.gif", "timelapse", s.placeAsBBox(s.timelapseGIF))
	get("/api/timeline", "api_timeline", s.placeAsBBox(s.apiTimeline))
	get("/api/stats", "api_stats", s.apiStats)
	get("/api/series", "api_series", s.apiSeries)
	get("/api/diff", "api_diff", s.apiDiff)
	get("/api/changes", "api_changes", s.apiChanges)
	get("/feeds/changes.atom", "feed_changes_atom", s.feedChanges("atom"))
	get("/feeds/changes.json", "feed_changes_json", s.feedChanges("json"))
	get("/api/export", "api_export", s.apiExport)
	get("/api/datasets", "api_datasets", s.apiDatasets)
	get("/api/datasets/{name}", "api_dataset", s.apiDataset)
	get("/api/regions", "api_regions", s.apiRegions)
	get("/api/regions/{slug}", "api_region", s.apiRegion)
	get("/api/regions/{slug}/history", "api_history", s.apiHistory)
	get("/api/point", "api_point", s.apiPoint)
	get("/api/point/history", "api_point_history", s.apiPointHistory)
	r.Handle("/api/points", s.instrument("api_points", http.HandlerFunc(s.apiPoints))).Methods(http.MethodPost)
	get("/api/articles", "api_articles", s.apiArticles)
	get("/api/places", "api_places", s.apiPlaces)
	get("/api/articles/{id}", "api_article", s.apiArticle)
	get("/pmtiles/{file}", "pmtiles", s.pmtiles)
	s.ogcRoutes(get)
	s.wmtsRoutes(get)
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
	return s.recoverer(secureHeaders(s.cors(queryChecked(fast))))
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
