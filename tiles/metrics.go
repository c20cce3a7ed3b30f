package tiles

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// latencyBuckets are the upper bounds (seconds) of the latency histograms.
var latencyBuckets = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// histogram counts durations by bucket without a lock: every request
// updates one, from every core.
type histogram struct {
	counts [len(latencyBuckets) + 1]atomic.Uint64 // per bucket, plus +Inf
	sumNs  atomic.Int64
	n      atomic.Uint64
}

func (h *histogram) observe(d time.Duration) {
	v := d.Seconds()
	i := 0
	for i < len(latencyBuckets) && v > latencyBuckets[i] {
		i++
	}
	h.counts[i].Add(1)
	h.sumNs.Add(int64(d))
	h.n.Add(1)
}

// routeStats are one route's requests by status code and its latencies.
type routeStats struct {
	codes [500]atomic.Uint64 // by status code - 100
	lat   histogram
}

func (rs *routeStats) observe(code int, d time.Duration) {
	if code >= 100 && code < 600 {
		rs.codes[code-100].Add(1)
	}
	rs.lat.observe(d)
}

// metrics holds the counters exposed at /metrics in Prometheus text
// format. The lock guards the maps; the counters are atomic.
type metrics struct {
	mu      sync.Mutex
	routes  map[string]*routeStats
	renders map[string]*histogram // by kind; its count is the renders
}

func newMetrics() *metrics {
	return &metrics{routes: map[string]*routeStats{}, renders: map[string]*histogram{}}
}

// route returns the counters of a route, made on first use; instrument
// takes them once, when the route is set up.
func (m *metrics) route(name string) *routeStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	rs := m.routes[name]
	if rs == nil {
		rs = &routeStats{}
		m.routes[name] = rs
	}
	return rs
}

func (m *metrics) rendered(kind string, d time.Duration) {
	m.mu.Lock()
	h := m.renders[kind]
	if h == nil {
		h = &histogram{}
		m.renders[kind] = h
	}
	m.mu.Unlock()
	h.observe(d)
}

// renderCount returns how many tiles or pictures of a kind were rendered.
func (m *metrics) renderCount(kind string) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if h := m.renders[kind]; h != nil {
		return h.n.Load()
	}
	return 0
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	w.Header().Set("Cache-Control", "no-store")
	m := s.metrics
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP frontline_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE frontline_http_requests_total counter")
	lat := map[string]*histogram{}
	for _, route := range sortedKeys(m.routes) {
		rs := m.routes[route]
		for i := range rs.codes {
			if n := rs.codes[i].Load(); n > 0 {
				fmt.Fprintf(w, "frontline_http_requests_total{route=%q,code=\"%d\"} %d\n", route, i+100, n)
			}
		}
		lat[route] = &rs.lat
	}
	writeHistograms(w, "frontline_http_request_duration_seconds", "HTTP request latency by route.", "route", lat)
	fmt.Fprintln(w, "# HELP frontline_tile_renders_total Tiles rendered (cache misses that drew or encoded a tile), by kind.")
	fmt.Fprintln(w, "# TYPE frontline_tile_renders_total counter")
	for _, k := range sortedKeys(m.renders) {
		fmt.Fprintf(w, "frontline_tile_renders_total{kind=%q} %d\n", k, m.renders[k].n.Load())
	}
	writeHistograms(w, "frontline_tile_render_seconds", "Tile render time by kind.", "kind", m.renders)
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
		n := h.n.Load()
		if n == 0 {
			continue
		}
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i].Load()
			fmt.Fprintf(w, "%s_bucket{%s=%q,le=%q} %d\n", name, label, k, trimFloat(b), cum)
		}
		cum += h.counts[len(latencyBuckets)].Load()
		fmt.Fprintf(w, "%s_bucket{%s=%q,le=\"+Inf\"} %d\n", name, label, k, cum)
		fmt.Fprintf(w, "%s_sum{%s=%q} %g\n%s_count{%s=%q} %d\n", name, label, k, float64(h.sumNs.Load())/1e9, name, label, k, n)
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
