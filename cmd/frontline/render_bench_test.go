package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/tiles/server"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/maptile/tilecover"
)

// benchTiles is every z6-z10 tile touching lon 22..41, lat 44..53: the
// 3,021 tiles of the harness in cmd/bench.
func benchTiles() []maptile.Tile {
	b := orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}
	var out []maptile.Tile
	for z := maptile.Zoom(6); z <= 10; z++ {
		set, _ := tilecover.Geometry(b, z)
		for t := range set {
			out = append(out, t)
		}
	}
	return out
}

// realSeriesStore is a new store holding the real series, or skips.
func realSeriesStore(b *testing.B) *store.Store {
	s, err := store.Open(context.Background(), store.Config{Path: filepath.Join(b.TempDir(), "bench.db"), Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	loadRealSeries(b, s)
	return s
}

// benchUncached renders the whole tile list of the real series on
// 2025-01-20, one request at a time, on a fresh server per iteration (so
// neither the tile cache nor the shape memo is warm), and reports tiles/s.
// Profile with -cpuprofile; the harness measures the same over HTTP.
func benchUncached(b *testing.B, ext string) {
	ctx := context.Background()
	s := realSeriesStore(b)
	list := benchTiles()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		srv, err := newServer(ctx, s, server.Config{Log: quiet}, importOptions{})
		if err != nil {
			b.Fatal(err)
		}
		h := srv.Routes()
		b.StartTimer()
		for _, t := range list {
			req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/tiles/2025-01-20/%d/%d/%d.%s?dataset=deepstate", t.Z, t.X, t.Y, ext), nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", req.URL, rec.Code, rec.Body)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(list))/b.Elapsed().Seconds(), "tiles/s")
}

func BenchmarkUncachedPNGDeepState(b *testing.B) { benchUncached(b, "png") }
func BenchmarkUncachedMVTDeepState(b *testing.B) { benchUncached(b, "mvt") }

// BenchmarkCachedTile serves one warm tile of the seed over and over: the
// server's own cost of a cache hit (routing, parsing, lookups, headers).
func BenchmarkCachedTile(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "seed.db")
	copyFile(b, seedDB(b), path)
	s, err := store.Open(ctx, store.Config{Path: path, Actor: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	srv, err := newServer(ctx, s, server.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, importOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Routes()
	req := httptest.NewRequest(http.MethodGet, "/tiles/2025-01-20/8/153/88.png?dataset=seed", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkSnapshotDeepState draws the harness's 1200x800 snapshot of the
// real series (store query, km² in view, basemap, control, labels, chrome,
// PNG) through the handler, uncached.
func BenchmarkSnapshotDeepState(b *testing.B) {
	ctx := context.Background()
	s := realSeriesStore(b)
	srv, err := newServer(ctx, s, server.Config{Token: testToken, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, importOptions{})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Routes()
	req := httptest.NewRequest(http.MethodGet, "/snapshot.png?dataset=deepstate&nocache=1&day=2025-01-20&bbox=22,44,41,53&width=1200&height=800", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body)
		}
	}
}
