package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"frontline/data"
	"frontline/geo"
	"frontline/static"
	"frontline/tiles"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "serve", "[--addr HOST:PORT] [flags]",
		"Serves raster and vector tiles, TileJSON, the MapLibre style, snapshots, the JSON API\nand the web app. Writes (POST /api/...) need the bearer token.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", e.getenv("FRONTLINE_TOKEN"), "bearer token for writes (env FRONTLINE_TOKEN); empty refuses all writes")
	cacheMB := fs.Int("cache-mb", 256, "tile cache bound in MiB")
	memoMB := fs.Int("memo-mb", 128, "bound in MiB of each of the two geometry memos (decoded versions; projected shapes)")
	verbose := fs.Bool("v", false, "log every request")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *cacheMB <= 0 {
		return usagef("--cache-mb must be positive")
	}
	if *memoMB <= 0 {
		return usagef("--memo-mb must be positive")
	}
	// A soft memory limit for the Go runtime: the caches' bounds, the
	// pictures being drawn and a working margin. The garbage collector works
	// harder as the heap nears it, so the process stays near its bounds
	// under load instead of growing to twice its live heap. GOMEMLIMIT in
	// the environment wins.
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(*cacheMB, *memoMB))
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	s, err := data.Open(ctx, data.Config{Path: *db, Actor: "serve", MemoBytes: *memoMB << 20})
	if err != nil {
		return err
	}
	defer s.Close()
	srv, err := newServer(ctx, s, tiles.Config{CacheBytes: int64(*cacheMB) << 20, MemoBytes: *memoMB << 20, Token: *token, Log: log})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "db", *db, "writes", *token != "")
	return serveHTTP(ctx, ln, srv.Routes(), log)
}

// memoryLimit is the soft memory limit of a server: the tile cache, both
// memos, the kept picture basemaps, the picture budget and 256 MiB for
// everything else (basemap, requests, SQLite).
func memoryLimit(cacheMB, memoMB int) int64 {
	return int64(cacheMB+2*memoMB+256)<<20 + tiles.DefaultBaseBytes + tiles.DefaultPictureBudget*tiles.PictureBytesPerPixel
}

// newServer wires the store, the basemap and the web app into a tiles.Server.
func newServer(ctx context.Context, s *data.Store, cfg tiles.Config) (*tiles.Server, error) {
	bm, err := data.LoadBasemap()
	if err != nil {
		return nil, err
	}
	regions, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	base := &tiles.Basemap{Features: bm.Features, Places: bm.Places}
	for _, r := range regions {
		if r.Kind == geo.KindAdmin || r.Kind == geo.KindClaim {
			continue // admin outlines are in the boundaries layer already
		}
		if o, err := s.Outline(ctx, r.Slug); err == nil && len(o) > 0 {
			base.Regions = append(base.Regions, tiles.RegionShape{Region: r, Outline: o})
		}
	}
	cfg.Store = s
	cfg.Basemap = base
	cfg.Static = static.FS()
	cfg.Import = func(ctx context.Context, req tiles.ImportRequest) (any, error) { return importHTTP(ctx, s, req) }
	return tiles.New(cfg), nil
}

// importHTTP runs an import sent over HTTP.
func importHTTP(ctx context.Context, s *data.Store, req tiles.ImportRequest) (any, error) {
	cfg := data.ImportConfig{Dataset: req.Dataset, Region: req.Region, Source: req.Source}
	var err error
	if req.Side != "" {
		if cfg.Side, err = geo.ParseSide(req.Side); err != nil {
			return nil, fmt.Errorf("%w: %v", geo.ErrInvalid, err)
		}
	}
	if req.Status != "" {
		if cfg.Status, err = geo.ParseStatus(req.Status); err != nil {
			return nil, fmt.Errorf("%w: %v", geo.ErrInvalid, err)
		}
	}
	if !req.Series {
		return s.ImportGeoJSON(ctx, req.Body, "body", cfg)
	}
	var files []data.SeriesFile
	if req.URL != "" {
		if !strings.HasPrefix(req.URL, "http://") && !strings.HasPrefix(req.URL, "https://") {
			return nil, fmt.Errorf("%w: url must be http(s)", geo.ErrInvalid)
		}
		files, err = data.ReadSeries(ctx, req.URL, nil)
	} else {
		files, err = data.ReadSeriesStream(ctx, "body.tar.gz", req.Body)
	}
	if err != nil {
		return nil, err
	}
	return s.ImportSeries(ctx, files, cfg)
}

// serveHTTP serves until ctx ends, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
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
