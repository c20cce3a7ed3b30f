package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/static"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/server"

	"golang.org/x/net/netutil"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "serve", "[--addr HOST:PORT] [flags]",
		"Serves raster and vector tiles, TileJSON, the MapLibre style, snapshots, the JSON API\nand the web app. Writes (POST /api/...) need the bearer token.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	tokens := addAdminTokenFlags(fs)
	cacheMB := fs.Int("cache-mb", 256, "tile cache bound in MiB")
	memoMB := fs.Int("memo-mb", 160, "bound in MiB of each of the two geometry memos (decoded versions; versions' shapes projected for every zoom)")
	verbose := fs.Bool("v", false, "log every request")
	allowPrivate := fs.Bool("allow-private-urls", false, "let URL imports (POST /api/import?url=) and --sync URLs fetch loopback, private and link-local addresses")
	pmtilesDir := fs.String("pmtiles", "", "directory of PMTiles archives (frontline publish) to serve at /pmtiles/{name}.pmtiles")
	publicURL := fs.String("public-url", "", "the absolute URL clients reach this server by (https://maps.example.org), the base of the URLs in TileJSON, styles, OGC API - Tiles and WMTS capabilities; default: each request's scheme and host")
	maxConns := fs.Int("max-conns", 1000, "most connections open at once; more wait for one to close")
	syncOpts := addSyncFlags(fs, allowPrivate)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkPublicURL(*publicURL); err != nil {
		return err
	}
	token, tokenWarning, err := tokens.resolve(e)
	if err != nil {
		return err
	}
	syncJobs, err := syncOpts.jobs()
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := checkServeBounds(*pmtilesDir, *cacheMB, *memoMB); err != nil {
		return err
	}
	if *maxConns <= 0 {
		return usagef("--max-conns must be positive")
	}
	// A soft memory limit for the Go runtime: the caches' bounds, the
	// pictures being drawn and a working margin. The garbage collector works
	// harder as the heap nears it, so the process stays near its bounds
	// under load instead of growing to twice its live heap. GOMEMLIMIT in
	// the environment wins.
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(*cacheMB, *memoMB))
	}
	// Most of a server's heap lives long (memos, cached bodies) and its
	// shapes hold no pointers, so a collection marks little: half the
	// default headroom keeps a server under random days of a long history
	// at 1.5 times its live heap, not twice, for a few percent of CPU.
	// GOGC in the environment wins.
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	log := serveLog(e, *verbose, tokenWarning)
	s, err := store.Open(ctx, store.Config{Path: *db, Actor: "serve", MemoBytes: *memoMB << 20})
	if err != nil {
		return err
	}
	defer s.Close()
	// The syncs of --sync, and what the server reports of every sync over
	// the database (/api/sync, /healthz, /readyz, /metrics).
	syncs := newSyncMonitor(s, syncJobs, log, syncOpts)
	srv, err := newServer(ctx, s, server.Config{CacheBytes: int64(*cacheMB) << 20, MemoBytes: *memoMB << 20, Token: token, Log: log,
		SyncStates: syncs.serverStates, PMTilesDir: *pmtilesDir, PublicURL: *publicURL}, importOptions{allowPrivate: *allowPrivate})
	if err != nil {
		return err
	}
	// The syncs and the store's change watch run beside the server, and
	// both have returned before the store closes (the deferred Close above
	// runs after this).
	bgCtx, stopBG := context.WithCancel(ctx)
	var bg sync.WaitGroup
	bg.Go(func() { syncs.run(bgCtx) })
	// Every change of the database, whoever makes it, reaches the server's
	// caches within about a quarter of a second (at once on PostgreSQL).
	bg.Go(func() { watchStore(s, bgCtx, 250*time.Millisecond, srv.Changed) })
	defer func() {
		stopBG() // a sync under way rolls back and gives its lease back, and the watch ends
		bg.Wait()
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	// Connections beyond --max-conns wait in the kernel's backlog, not in
	// the process's memory and file descriptors.
	ln = netutil.LimitListener(ln, *maxConns)
	dbName := *db
	if store.IsPostgres(dbName) {
		dbName = "PostgreSQL" // the URL may hold a password
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "db", dbName, "admin_token", token != "")
	return serveHTTP(ctx, ln, srv.Routes(), log)
}

// serveLog is serve's JSON log on stderr (every request's with verbose),
// which starts with the warning of how the administrator's token was
// given, if any (adminTokenFlags.resolve).
func serveLog(e *env, verbose bool, tokenWarning string) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	log := newLogger(e.stderr, level)
	if tokenWarning != "" {
		log.Warn(tokenWarning)
	}
	return log
}

// checkServeBounds checks --pmtiles (a directory, if given), --cache-mb
// and --memo-mb (positive).
func checkServeBounds(pmtilesDir string, cacheMB, memoMB int) error {
	if pmtilesDir != "" {
		if st, err := os.Stat(pmtilesDir); err != nil || !st.IsDir() {
			return usagef("--pmtiles %s: not a directory", pmtilesDir)
		}
	}
	if cacheMB <= 0 {
		return usagef("--cache-mb must be positive")
	}
	if memoMB <= 0 {
		return usagef("--memo-mb must be positive")
	}
	return nil
}

// checkPublicURL checks --public-url: empty, or an absolute http(s) URL
// without a query or fragment.
func checkPublicURL(v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return usagef("--public-url %q: want an absolute http(s) URL such as https://maps.example.org", v)
	}
	return nil
}

// watchStore is the store's change watch that serve runs: (*store.Store).Watch,
// a variable so that a test can see when serve's watch returns.
var watchStore = (*store.Store).Watch

// memoryLimit is the soft memory limit of a server: the tile cache, both
// memos, the kept picture basemaps, the picture budget and 256 MiB for
// everything else (basemap, requests, SQLite).
func memoryLimit(cacheMB, memoMB int) int64 {
	return int64(cacheMB+2*memoMB+256)<<20 + server.DefaultBaseBytes + server.DefaultPictureBudget*server.PictureBytesPerPixel
}

// importOptions are the bounds and policy of imports sent over HTTP.
type importOptions struct {
	allowPrivate bool           // URL imports may fetch non-public addresses
	limits       geojson.Limits // zero: httpImportLimits
}

// httpImportLimits bound one HTTP import: bigger jobs belong to the CLI.
// The real DeepStateMap series (770 files, 60 MB unpacked) fits.
var httpImportLimits = geojson.Limits{Files: 5000, Bytes: 128 << 20, FileBytes: 32 << 20}

// loadBasemap is the basemap of tiles and pictures: Natural Earth
// boundaries and places, and the outlines of the store's named regions.
func loadBasemap(ctx context.Context, s *store.Store) (*tiles.Basemap, error) {
	bm, err := seed.LoadBasemap()
	if err != nil {
		return nil, err
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	base := &tiles.Basemap{Features: bm.Features, Places: bm.Places, Water: bm.Water}
	for _, r := range regions {
		if r.Kind == geo.KindClaim {
			continue // a claim's outline is its version's, in the control layer
		}
		if o, err := s.Outline(ctx, r.Slug); err == nil && len(o) > 0 {
			base.Regions = append(base.Regions, tiles.RegionShape{Region: r, Outline: o})
		}
	}
	return base, nil
}

// The store is each of the small interfaces the server's routes declare.
var (
	_ server.Store        = (*store.Store)(nil)
	_ server.TileStore    = (*store.Store)(nil)
	_ server.DatasetStore = (*store.Store)(nil)
	_ server.StatsStore   = (*store.Store)(nil)
	_ server.RegionStore  = (*store.Store)(nil)
	_ server.ArticleStore = (*store.Store)(nil)
	_ server.EditStore    = (*store.Store)(nil)
	_ server.HealthStore  = (*store.Store)(nil)
	_ server.PointStore   = (*store.Store)(nil)
	_ server.Editors      = (*store.Store)(nil)
)

// newServer wires the store, the basemap and the web app into a server.Server.
func newServer(ctx context.Context, s *store.Store, cfg server.Config, opt importOptions) (*server.Server, error) {
	base, err := loadBasemap(ctx, s)
	if err != nil {
		return nil, err
	}
	if cfg.Store == nil {
		cfg.Store = s
	}
	cfg.Basemap = base
	if cfg.Places, err = placeIndex(); err != nil {
		return nil, err
	}
	cfg.Static = static.FS()
	cfg.Editors = s
	if opt.limits == (geojson.Limits{}) {
		opt.limits = httpImportLimits
	}
	cfg.Import = func(ctx context.Context, req server.ImportRequest) (any, error) { return importHTTP(ctx, s, req, opt) }
	cfg.Export = exporter(cfg.Store)
	return server.New(cfg), nil
}

// importHTTP runs an import sent over HTTP, within opt's bounds.
func importHTTP(ctx context.Context, s *store.Store, req server.ImportRequest, opt importOptions) (any, error) {
	// An HTTP import does not wait for another (429 with Retry-After).
	cfg := store.ImportConfig{Dataset: req.Dataset, NoWait: true}
	def := geojson.Defaults{Region: req.Region, Source: req.Source}
	var err error
	if req.Side != "" {
		if def.Side, err = geo.ParseSide(req.Side); err != nil {
			return nil, fmt.Errorf("%w: %w", geo.ErrInvalid, err)
		}
	}
	if req.Status != "" {
		if def.Status, err = geo.ParseStatus(req.Status); err != nil {
			return nil, fmt.Errorf("%w: %w", geo.ErrInvalid, err)
		}
	}
	if !req.Series {
		vs, err := geojson.ReadVersions(req.Body, "body", def, opt.limits)
		if err != nil {
			return store.ImportResult{}, err
		}
		res, err := s.ImportVersions(ctx, vs.Versions, vs.Names, cfg)
		res.Repairs = vs.Repairs
		return res, err
	}
	var files []series.File
	ro := series.Options{Limits: opt.limits}
	if req.URL != "" {
		if !strings.HasPrefix(req.URL, "http://") && !strings.HasPrefix(req.URL, "https://") {
			return nil, fmt.Errorf("%w: url must be http(s)", geo.ErrInvalid)
		}
		files, err = series.Read(ctx, req.URL, source.Walk(ctx, req.URL, source.Options{PublicOnly: !opt.allowPrivate, MaxBytes: req.MaxBody}), ro)
	} else {
		files, err = series.ReadStream(ctx, "body.tar.gz", req.Body, ro)
	}
	if err != nil {
		return nil, err
	}
	sr, err := series.Group(ctx, files, def)
	if err != nil {
		return store.ImportResult{}, err
	}
	res, err := s.ImportDays(ctx, sr, cfg)
	res.Repairs = sr.Repairs
	return res, err
}

// serverTimeouts are the http.Server's bounds on slow clients.
type serverTimeouts struct {
	readHeader, read, write, idle time.Duration
}

// defaultTimeouts: the write timeout is longer than an HTTP import's
// deadline (server.DefaultImportTimeout), so an import always answers; an
// idle keep-alive connection is closed after 30 s, so idle clients do not
// hold the connections of --max-conns.
var defaultTimeouts = serverTimeouts{readHeader: 5 * time.Second, read: 60 * time.Second, write: 120 * time.Second, idle: 30 * time.Second}

// serveHTTP serves until ctx ends, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	return serveHTTPWith(ctx, ln, h, log, defaultTimeouts)
}

func serveHTTPWith(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, to serverTimeouts) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: to.readHeader,
		ReadTimeout:       to.read,
		WriteTimeout:      to.write,
		IdleTimeout:       to.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
