package tiles

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds (seconds) of the latency histograms.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, plus +Inf
	sum    float64
	n      uint64
}

func (h *histogram) observe(v float64) {
	if h.counts == nil {
		h.counts = make([]uint64, len(latencyBuckets)+1)
	}
	i := sort.SearchFloat64s(latencyBuckets, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

// metrics holds the counters exposed at /metrics in Prometheus text format.
type metrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // route, code
	latency  map[string]*histogram
	renders  map[string]uint64
	render   map[string]*histogram
}

func newMetrics() *metrics {
	return &metrics{requests: map[[2]string]uint64{}, latency: map[string]*histogram{}, renders: map[string]uint64{}, render: map[string]*histogram{}}
}

func (m *metrics) request(route string, code int, d time.Duration) {
	m.mu.Lock()
	m.requests[[2]string{route, codeText(code)}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{}
		m.latency[route] = h
	}
	h.observe(d.Seconds())
	m.mu.Unlock()
}

// codeText is strconv.Itoa without an allocation for the usual codes.
func codeText(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusNotModified:
		return "304"
	case http.StatusNotFound:
		return "404"
	}
	return strconv.Itoa(code)
}

func (m *metrics) rendered(kind string, d time.Duration) {
	m.mu.Lock()
	m.renders[kind]++
	h := m.render[kind]
	if h == nil {
		h = &histogram{}
		m.render[kind] = h
	}
	h.observe(d.Seconds())
	m.mu.Unlock()
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	w.Header().Set("Cache-Control", "no-store")
	m := s.metrics
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP frontline_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE frontline_http_requests_total counter")
	for _, k := range sortedKeys(m.requests) {
		fmt.Fprintf(w, "frontline_http_requests_total{route=%q,code=%q} %d\n", k[0], k[1], m.requests[k])
	}
	writeHistograms(w, "frontline_http_request_duration_seconds", "HTTP request latency by route.", "route", m.latency)
	fmt.Fprintln(w, "# HELP frontline_tile_renders_total Tiles rendered (cache misses that drew or encoded a tile), by kind.")
	fmt.Fprintln(w, "# TYPE frontline_tile_renders_total counter")
	for _, k := range sortedKeys(m.renders) {
		fmt.Fprintf(w, "frontline_tile_renders_total{kind=%q} %d\n", k, m.renders[k])
	}
	writeHistograms(w, "frontline_tile_render_seconds", "Tile render time by kind.", "kind", m.render)
	entries, size, hits, misses := s.cache.Stats()
	fmt.Fprintf(w, "# HELP frontline_cache_hits_total Tile cache hits.\n# TYPE frontline_cache_hits_total counter\nfrontline_cache_hits_total %d\n", hits)
	fmt.Fprintf(w, "# HELP frontline_cache_misses_total Tile cache misses.\n# TYPE frontline_cache_misses_total counter\nfrontline_cache_misses_total %d\n", misses)
	fmt.Fprintf(w, "# HELP frontline_cache_entries Tiles in the cache.\n# TYPE frontline_cache_entries gauge\nfrontline_cache_entries %d\n", entries)
	fmt.Fprintf(w, "# HELP frontline_cache_bytes Bytes in the cache.\n# TYPE frontline_cache_bytes gauge\nfrontline_cache_bytes %d\n", size)
	fmt.Fprintf(w, "# HELP frontline_cache_limit_bytes Cache bound.\n# TYPE frontline_cache_limit_bytes gauge\nfrontline_cache_limit_bytes %d\n", s.cfg.CacheBytes)
}

func writeHistograms(w io.Writer, name, help, label string, hs map[string]*histogram) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s histogram\n", name, help, name)
	for _, k := range sortedKeys(hs) {
		h := hs[k]
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "%s_bucket{%s=%q,le=%q} %d\n", name, label, k, trimFloat(b), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		fmt.Fprintf(w, "%s_bucket{%s=%q,le=\"+Inf\"} %d\n", name, label, k, cum)
		fmt.Fprintf(w, "%s_sum{%s=%q} %g\n%s_count{%s=%q} %d\n", name, label, k, h.sum, name, label, k, h.n)
	}
}

func trimFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%f", f), "0"), ".")
}

func sortedKeys[K comparable, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	return keys
}
