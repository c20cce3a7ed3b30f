package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/maptile/tilecover"
)

// benchDay is the day of the real series every tile is drawn for.
const benchDay = "2025-01-20"

// tileList is every z6-z10 tile touching lon 22..41, lat 44..53 (3,021
// tiles), or with quick a tenth of them.
func tileList(quick bool) []maptile.Tile {
	b := orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}
	var out []maptile.Tile
	for z := maptile.Zoom(6); z <= 10; z++ {
		set, _ := tilecover.Geometry(b, z)
		var ts []maptile.Tile
		for t := range set {
			ts = append(ts, t)
		}
		sort.Slice(ts, func(i, j int) bool {
			if ts[i].X != ts[j].X {
				return ts[i].X < ts[j].X
			}
			return ts[i].Y < ts[j].Y
		})
		out = append(out, ts...)
	}
	if quick {
		var q []maptile.Tile
		for i := 0; i < len(out); i += 10 {
			q = append(q, out[i])
		}
		return q
	}
	return out
}

func tileURL(base, day string, t maptile.Tile, ext string) string {
	return fmt.Sprintf("%s/tiles/%s/%d/%d/%d.%s?dataset=deepstate", base, day, t.Z, t.X, t.Y, ext)
}

// timing is the latencies of one kind of request.
type timing struct {
	byZoom  map[maptile.Zoom][]time.Duration
	total   time.Duration
	n       int
	bytes   int64
	renders int
}

// fetch GETs a URL and returns its body; any status but 200 is an error.
func fetch(ctx context.Context, c *http.Client, url string) ([]byte, error) {
	return fetchAuth(ctx, c, url, "")
}

// fetchAuth is fetch with the server's bearer token, if any: the server
// honours nocache=1 only on requests that carry it.
func fetchAuth(ctx context.Context, c *http.Client, url, token string) ([]byte, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return b, err
}

// measureUncached requests every tile once (a cache miss each, unless two
// tiles have the same content) with cfg.conc clients and times each.
func measureUncached(ctx context.Context, cfg config, srv *server, tiles []maptile.Tile, ext string) (*timing, error) {
	return measureUncachedKind(ctx, cfg, srv, tiles, ext, func(t maptile.Tile) string { return tileURL(srv.base, benchDay, t, ext) })
}

// measureUncachedKind is measureUncached over any tile URLs of srv,
// counting the renders of kind (png, mvt, mvt-control).
func measureUncachedKind(ctx context.Context, cfg config, srv *server, tiles []maptile.Tile, kind string, tileURL func(maptile.Tile) string) (*timing, error) {
	before, err := srv.renders()
	if err != nil {
		return nil, err
	}
	tm, firstErr := timeTiles(ctx, cfg.conc, tiles, tileURL)
	after, err := srv.renders()
	if err != nil {
		return nil, err
	}
	tm.renders = after[kind] - before[kind]
	return tm, firstErr
}

// timeTiles GETs the URL of every tile once with conc clients and times
// each; the error is the first request's that failed.
func timeTiles(ctx context.Context, conc int, tiles []maptile.Tile, tileURL func(maptile.Tile) string) (*timing, error) {
	tm := &timing{byZoom: map[maptile.Zoom][]time.Duration{}}
	var mu sync.Mutex
	var firstErr error
	work := make(chan maptile.Tile)
	var wg sync.WaitGroup
	c := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: conc}}
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				s := time.Now()
				b, err := fetch(ctx, c, tileURL(t))
				d := time.Since(s)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				tm.byZoom[t.Z] = append(tm.byZoom[t.Z], d)
				tm.bytes += int64(len(b))
				tm.n++
				mu.Unlock()
			}
		}()
	}
	for _, t := range tiles {
		work <- t
	}
	close(work)
	wg.Wait()
	tm.total = time.Since(start)
	return tm, firstErr
}

// tilesPerSec is the throughput of a timing.
func (tm *timing) tilesPerSec() float64 {
	if tm == nil || tm.total <= 0 {
		return 0
	}
	return float64(tm.n) / tm.total.Seconds()
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	i := int(p * float64(len(s)-1))
	return s[i]
}
