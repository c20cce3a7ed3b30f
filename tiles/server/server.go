// Package server owns frontline's HTTP interface: the routes of tiles,
// TileJSON, the MapLibre style, pictures, the JSON API, imports and the
// web app; their middleware (CORS, panics, tokens, request metrics for
// Prometheus); the caches keyed by content with request de-duplication;
// and the mapping of errors to statuses with JSON bodies.
package server

import (
	"context"
	"errors"
	"fmt"
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

	"github.com/gorilla/mux"
	"github.com/paulmach/orb"
)

// Store is everything the HTTP layer reads; data.Store satisfies it.
type Store interface {
	tiles.Source
	// Ping checks that the database answers (readyz).
	Ping(ctx context.Context) error
	ChangeDays(ctx context.Context, dataset string, b orb.Bound) ([]geo.Day, error)
	Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error)
	StatsByOblast(ctx context.Context, dataset string, day geo.Day) (geo.StatsByArea, error)
	Regions(ctx context.Context) ([]geo.Region, error)
	Region(ctx context.Context, slug string) (geo.Region, error)
	Outline(ctx context.Context, slug string) (orb.MultiPolygon, error)
	History(ctx context.Context, dataset, slug string) ([]geo.Version, error)
	Articles(ctx context.Context, q geo.ArticleQuery) ([]geo.Article, error)
	Article(ctx context.Context, id int64) (geo.Article, error)
	AddArticle(ctx context.Context, a geo.Article) (geo.Article, error)
	Datasets(ctx context.Context) ([]geo.Dataset, error)
	// Dataset describes one dataset: what its maps credit and the days
	// observed (pictures read it; picture.Source).
	Dataset(ctx context.Context, name string) (geo.Dataset, error)
	// EditDataset changes a dataset's title, description, attribution,
	// licence or source URL (PATCH /api/datasets/{name}), auditing the
	// change under the request's actor.
	EditDataset(ctx context.Context, name string, e geo.DatasetEdit) (geo.Dataset, error)
	DefaultDataset(ctx context.Context) (string, error)
	HasDataset(ctx context.Context, name string) (bool, error)
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
	cfg       Config
	store     Store
	log       *slog.Logger
	build     *tiles.Builder
	raster    *draw.Renderer
	pics      *picture.Renderer
	cache     *lru.Bytes
	resolved  *resolver
	gens      generations // of the datasets, moved by Changed
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
	s := &Server{
		cfg:       cfg,
		store:     cfg.Store,
		log:       cfg.Log,
		build:     tiles.NewBuilder(cfg.Basemap, cfg.MemoBytes),
		raster:    draw.NewRenderer(cfg.Style),
		cache:     cache,
		resolved:  newResolver(200000),
		metrics:   newMetrics(cache, cfg.CacheBytes),
		latestBy:  map[string]latestEntry{},
		importing: make(chan struct{}, 1),
	}
	// Pictures share the tiles' builder, renderer and body cache (for
	// their measured figures), and name datasets and days as requests do.
	s.pics = picture.New(picture.Config{Source: cfg.Store, Builder: s.build, Raster: s.raster, Resolve: resolverOf{s},
		Memo: cache, BaseBytes: cfg.BaseBytes, Budget: cfg.PictureBudget, Rendered: s.metrics.rendered})
	if cfg.SyncStates != nil {
		s.metrics.reg.MustRegister(syncCollector{cfg.SyncStates})
	}
	return s
}

// resolverOf names datasets and days for pictures with the server's caches.
type resolverOf struct{ s *Server }

func (r resolverOf) Dataset(ctx context.Context, name string) (string, error) {
	return r.s.datasetNamed(ctx, name)
}

func (r resolverOf) Day(ctx context.Context, dataset, text, name string) (geo.Day, bool, error) {
	return r.s.parseDay(ctx, dataset, text, name)
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

// healthz is liveness: the process answers. It never asks the database,
// so an orchestrator does not restart servers that are serving their
// caches while the database is away (readyz tells that). While a sync's
// last run failed it says "degraded", still with 200.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if failing := s.syncFailing(); len(failing) > 0 {
		body := degraded(failing)
		body["status"] = "degraded"
		writeJSON(w, r, http.StatusOK, body)
		return
	}
	io.WriteString(w, `{"status":"ok"}`+"\n")
}

// readyz is readiness: the database answers within two seconds. While a
// sync's last run failed it stays ready (200) with a "degraded" note.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		if !errors.Is(err, geo.ErrUnavailable) {
			err = fmt.Errorf("%w (%v)", geo.ErrUnavailable, err)
		}
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if failing := s.syncFailing(); len(failing) > 0 {
		body := degraded(failing)
		body["status"] = "ready" // serving; the note says what is stale
		writeJSON(w, r, http.StatusOK, body)
		return
	}
	io.WriteString(w, `{"status":"ready"}`+"\n")
}

// latest returns the last change day of a dataset, remembered for a few
// seconds and forgotten on every edit.
func (s *Server) latest(ctx context.Context, dataset string) (geo.Day, error) {
	s.latestMu.Lock()
	e, ok := s.latestBy[dataset]
	s.latestMu.Unlock()
	if ok && time.Since(e.at) < 10*time.Second {
		return e.day, nil
	}
	days, err := s.store.ChangeDays(ctx, dataset, orb.Bound{})
	if err != nil {
		if ok && errors.Is(err, geo.ErrUnavailable) {
			return e.day, nil // the last known, while the database is away
		}
		return 0, err
	}
	d := geo.DayOf(time.Now())
	if len(days) > 0 {
		d = days[len(days)-1]
	}
	s.latestMu.Lock()
	s.latestBy[dataset] = latestEntry{d, time.Now()}
	s.latestMu.Unlock()
	return d, nil
}

// Changed forgets what depends on a dataset's versions after a change,
// whoever made it (this server's imports call it; cmd wires the store's
// Watch to it for everyone else's): the resolved tile requests of the
// dataset (by moving its generation) and its latest day. "" means
// everything. Cached bodies stay: they are keyed by content, so a tile
// whose content did not change still hits, with the same ETag.
func (s *Server) Changed(dataset string) {
	s.gens.bump(dataset)
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
