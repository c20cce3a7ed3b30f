package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

// hostileResult is the mixed load on one store with hostile requests
// beside it: what wrk saw of the load, what each hostile kind was
// answered, and the server's memory against its soft limit.
type hostileResult struct {
	store       string
	secs, conns int
	wrkFigures
	rssStartMB float64
	rssMaxMB   float64
	limitMB    float64 // the server's soft memory limit (go_gc_gomemlimit_bytes)
	answers    map[string]map[string]int
	mix        string
}

// hostileKind is one kind of hostile request, sent over and over by one
// client for the whole load: want is the status it should get ("left"
// for a client that leaves before the answer).
type hostileKind struct {
	name    string
	want    string
	timeout time.Duration
	do      func(ctx context.Context, base, token string) (*http.Request, error)
}

// hostileKinds: heavy figures its clients leave, figures and diffs of
// shapes over the overlay budget, pictures too big, a timelapse over its
// work budget, import bombs (a 40,000-vertex ring, a series of 1 MB of
// whitespace), and temporal tiles to a client that takes no gzip.
func hostileKinds() []hostileKind {
	get := func(path string, hdr ...string) func(ctx context.Context, base, token string) (*http.Request, error) {
		return func(ctx context.Context, base, _ string) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
			for i := 0; err == nil && i+1 < len(hdr); i += 2 {
				req.Header.Set(hdr[i], hdr[i+1])
			}
			return req, err
		}
	}
	post := func(path string, body []byte) func(ctx context.Context, base, token string) (*http.Request, error) {
		return func(ctx context.Context, base, token string) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, bytes.NewReader(body))
			if err == nil {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return req, err
		}
	}
	return []hostileKind{
		{"by-oblast figures of 29 jagged 1,000-vertex discs (stored when imported), client leaves at 0.3 s", "200", 300 * time.Millisecond,
			get("/api/stats?by=oblast&dataset=heavy&day=2024-06-01")},
		{"figures of stars over stars (over the overlay budget)", "422", 10 * time.Second,
			get("/api/stats?dataset=stars&day=2024-06-01")},
		{"diff of stars over stars", "422", 10 * time.Second,
			get("/api/diff?dataset=stars&from=2023-06-01&to=2024-06-01")},
		{"timelapse over the work budget (389 frames of 4 MP, all=1: a frame every step)", "400", 10 * time.Second,
			get("/timelapse.gif?from=2024-07-08&to=2026-08-22&step=2d&width=2000&height=2000&all=1")},
		{"25 MP snapshot of a random day, client leaves at 1 s", "left", time.Second,
			func(ctx context.Context, base, token string) (*http.Request, error) {
				day := seriesFirst + geo.Day(rand.IntN(int(seriesLast-seriesFirst)+1))
				return get("/snapshot.png?day="+day.String()+"&bbox=22,44,41,53&width=2500&height=2500&scale=2")(ctx, base, token)
			}},
		{"import of a 40,000-vertex ring", "413", 10 * time.Second,
			post("/api/import?dataset=bomb", ringDoc(40_000))},
		{"import of a series of 1 MB of whitespace", "400", 10 * time.Second,
			post("/api/import?dataset=bomb&series=1", whitespaceSeries(1<<20))},
		{"temporal tiles without gzip", "200", 10 * time.Second,
			get("/tiles/all/7/77/44.mvt", "Accept-Encoding", "identity")},
	}
}

// measureHostile runs the mixed load (as measureLoad) for cfg.loadSecs on
// a fresh server over db, with the hostile kinds sent beside it, one
// client each, after planting the shapes they ask about.
func measureHostile(ctx context.Context, cfg config, name, db string, tiles []maptile.Tile) (*hostileResult, error) {
	lc := cfg
	lc.cacheMB = cfg.loadCacheMB
	srv, err := startServer(ctx, lc, db)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	for ds, body := range map[string][]byte{"heavy": discsDoc(29, 1000), "stars": starsDoc(10_000)} {
		if code, msg := send(ctx, srv, http.MethodPost, "/api/import?dataset="+ds, body); code != http.StatusOK {
			return nil, fmt.Errorf("planting %s: %d %s", ds, code, msg)
		}
	}
	mix, err := newLoadMix(ctx, []string{srv.base}, tiles)
	if err != nil {
		return nil, err
	}
	script := filepath.Join(cfg.dir, "hostile.lua")
	if err := mix.writeScript(script, nil); err != nil {
		return nil, err
	}
	res := &hostileResult{store: name, secs: cfg.loadSecs, conns: cfg.loadConns, mix: mix.String(),
		rssStartMB: srv.rssMB(), limitMB: memLimitMB(srv), answers: map[string]map[string]int{}}
	stop := make(chan struct{})
	var mu sync.Mutex
	var wg sync.WaitGroup
	peak := srv.watchRSS(stop)
	for _, k := range hostileKinds() {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				got := hostileOnce(ctx, srv, k)
				mu.Lock()
				if res.answers[k.name] == nil {
					res.answers[k.name] = map[string]int{}
				}
				res.answers[k.name][got]++
				mu.Unlock()
			}
		})
	}
	out, err := exec.CommandContext(ctx, "wrk", "-t2", "-c"+strconv.Itoa(cfg.loadConns), "-d"+strconv.Itoa(cfg.loadSecs)+"s",
		"--timeout", "10s", "--latency", "-s", script, srv.base).CombinedOutput()
	close(stop)
	wg.Wait()
	res.rssMaxMB = <-peak
	if err != nil {
		return nil, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	res.wrkFigures = readWrk(out)
	return res, nil
}

// hostileOnce sends one request of kind k and says how it ended: its
// status, "left" when the client gave up first, or "error".
func hostileOnce(ctx context.Context, srv *server, k hostileKind) string {
	rctx, cancel := context.WithTimeout(ctx, k.timeout)
	defer cancel()
	req, err := k.do(rctx, srv.base, srv.token)
	if err != nil {
		return "error"
	}
	resp, err := hostileClient.Do(req)
	if err != nil {
		if rctx.Err() != nil {
			return "left"
		}
		return "error"
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil && rctx.Err() != nil {
		return "left"
	}
	return strconv.Itoa(resp.StatusCode)
}

// hostileClient asks for what its requests' headers say, taking no gzip
// of its own accord.
var hostileClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// send makes one request with the server's token and returns its status
// and the start of its body.
func send(ctx context.Context, srv *server, method, path string, body []byte) (int, string) {
	req, err := http.NewRequestWithContext(ctx, method, srv.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+srv.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	return resp.StatusCode, string(b)
}

// memLimitMB reads the server's soft memory limit from its metrics (the
// Go collector's go_gc_gomemlimit_bytes), 0 if it does not say.
func memLimitMB(srv *server) float64 {
	resp, err := http.Get(srv.base + "/metrics")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_gc_gomemlimit_bytes "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f / (1 << 20)
		}
	}
	return 0
}

// feature is a GeoJSON feature of Russian-occupied ground from 2024-01-01
// whose only ring is pts (closed here).
func feature(region string, pts [][2]float64) string {
	var b strings.Builder
	for _, p := range append(pts, pts[0]) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%.6f,%.6f]", p[0], p[1])
	}
	return fmt.Sprintf(`{"type":"Feature","properties":{"region":%q,"side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}`, region, b.String())
}

func collection(fs []string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
}

// jagged is a ring of n vertices around (lon, lat), its radius alternating
// between r1 and r2, turned by rot.
func jagged(lon, lat float64, n int, r1, r2, rot float64) [][2]float64 {
	pts := make([][2]float64, n)
	for k := range pts {
		r := r1
		if k%2 == 1 {
			r = r2
		}
		a := 2*math.Pi*float64(k)/float64(n) + rot
		pts[k] = [2]float64{lon + r*math.Cos(a), lat + r*math.Sin(a)}
	}
	return pts
}

// discsDoc is n jagged discs of each vertices across Donbas, side by side.
func discsDoc(n, each int) []byte {
	fs := make([]string, n)
	for i := range fs {
		fs[i] = feature(fmt.Sprintf("heavy-%d", i), jagged(36+float64(i%8)*0.4, 47+float64(i/8)*0.3, each, 0.18, 0.17, 0))
	}
	return collection(fs)
}

// starsDoc is two jagged stars of each vertices laid over each other.
func starsDoc(each int) []byte {
	return collection([]string{
		feature("star-0", jagged(37, 48, each, 0.5, 0.1, 0)),
		feature("star-1", jagged(37.01, 48.01, each, 0.5, 0.1, 0.001)),
	})
}

// ringDoc is one feature whose ring has n vertices.
func ringDoc(n int) []byte {
	return collection([]string{feature("bomb", jagged(37, 48, n, 0.3, 0.29, 0))})
}

// hostileMarkdown is the table of the hostile runs.
func hostileMarkdown(rs []*hostileResult) string {
	if len(rs) == 0 {
		return ""
	}
	var b strings.Builder
	r0 := rs[0]
	fmt.Fprintf(&b, "Mixed load with hostile requests beside it: `wrk -t2 -c%d -d%ds` (%s) against a fresh server with a %d MB tile cache, while one client for each hostile kind sends it over and over (after planting the shapes they ask about).\n\n", r0.conns, r0.secs, r0.mix, 256)
	b.WriteString("| store | load | errors | server RSS: start, peak (soft limit) |\n|---|---|---|---|\n")
	for _, r := range rs {
		sock := r.socketErrors
		if sock == "" {
			sock = "none"
		}
		fmt.Fprintf(&b, "| %s | %d requests (%.0f req/s), median %s, p99 %s, max %s | %d non-2xx/3xx; socket errors: %s | %.0f MB, %.0f MB (%.0f MB) |\n",
			r.store, r.requests, r.rps, r.p50, r.p99, r.max, r.non2xx, sock, r.rssStartMB, r.rssMaxMB, r.limitMB)
	}
	b.WriteString("\n| hostile request | want |")
	for _, r := range rs {
		b.WriteString(" " + r.store + " |")
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(rs)) + "\n")
	for _, k := range hostileKinds() {
		fmt.Fprintf(&b, "| %s | %s |", k.name, k.want)
		for _, r := range rs {
			var parts []string
			for got, n := range r.answers[k.name] {
				parts = append(parts, fmt.Sprintf("%s ×%d", got, n))
			}
			sort.Strings(parts)
			fmt.Fprintf(&b, " %s |", strings.Join(parts, ", "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// whitespaceSeries is a .tar.gz series of one day's file of n spaces.
func whitespaceSeries(n int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	tw.WriteHeader(&tar.Header{Name: "2025-01-01.geojson", Mode: 0o644, Size: int64(n), Typeflag: tar.TypeReg})
	tw.Write(bytes.Repeat([]byte{' '}, n))
	tw.Close()
	zw.Close()
	return buf.Bytes()
}
