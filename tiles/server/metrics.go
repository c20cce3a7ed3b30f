package server

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/frontline-map/frontline/tiles/lru"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// latencyBuckets are the upper bounds (seconds) of the latency histograms.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are a Server's Prometheus metrics, in a registry of its own
// (tests make many servers). A scrape gathers a copy of every value,
// taking the collectors' locks only while copying, and writes the copy
// out holding none: a slow reader never holds up a request.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec   // route, code
	latency    *prometheus.HistogramVec // route
	renders    *prometheus.CounterVec   // kind
	renderTime *prometheus.HistogramVec // kind
	kinds      sync.Map                 // kind → *kindStats
	handler    http.Handler
}

func newMetrics(cache *lru.Bytes, cacheLimit int64) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontline_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "frontline_http_request_duration_seconds",
			Help:    "HTTP request latency by route.",
			Buckets: latencyBuckets,
		}, []string{"route"}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "frontline_tile_renders_total",
			Help: "Tiles rendered (cache misses that drew or encoded a tile), by kind.",
		}, []string{"kind"}),
		renderTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "frontline_tile_render_seconds",
			Help:    "Tile render time by kind.",
			Buckets: latencyBuckets,
		}, []string{"kind"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.latency, m.renders, m.renderTime,
		cacheCollector{cache, cacheLimit},
	)
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	m.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
	return m
}

// routeStats are one route's request counter, by status code, and its
// latency histogram, looked up once so a request only adds to them.
type routeStats struct {
	codes   *prometheus.CounterVec // requests, curried with the route
	byCode  [500]atomic.Pointer[counterRef]
	latency prometheus.Observer
}

type counterRef struct{ c prometheus.Counter }

// route returns the counters of a route; instrument takes them once, when
// the route is set up.
func (m *metrics) route(name string) *routeStats {
	return &routeStats{
		codes:   m.requests.MustCurryWith(prometheus.Labels{"route": name}),
		latency: m.latency.WithLabelValues(name),
	}
}

func (rs *routeStats) observe(code int, d time.Duration) {
	rs.counter(code).Inc()
	rs.latency.Observe(d.Seconds())
}

// counter returns the request counter of a status code, looked up in the
// vector the first time a code is seen.
func (rs *routeStats) counter(code int) prometheus.Counter {
	if code < 100 || code >= 600 {
		return rs.codes.WithLabelValues(strconv.Itoa(code))
	}
	slot := &rs.byCode[code-100]
	if p := slot.Load(); p != nil {
		return p.c
	}
	c := rs.codes.WithLabelValues(strconv.Itoa(code)) // the same child for every caller
	slot.Store(&counterRef{c})
	return c
}

// kindStats are one kind's render counter and render time histogram.
type kindStats struct {
	renders prometheus.Counter
	seconds prometheus.Observer
}

func (m *metrics) kind(kind string) *kindStats {
	if ks, ok := m.kinds.Load(kind); ok {
		return ks.(*kindStats)
	}
	ks, _ := m.kinds.LoadOrStore(kind, &kindStats{
		renders: m.renders.WithLabelValues(kind),
		seconds: m.renderTime.WithLabelValues(kind),
	})
	return ks.(*kindStats)
}

func (m *metrics) rendered(kind string, d time.Duration) {
	ks := m.kind(kind)
	ks.renders.Inc()
	ks.seconds.Observe(d.Seconds())
}

// renderCount returns how many tiles or pictures of a kind were rendered.
func (m *metrics) renderCount(kind string) uint64 {
	ks, ok := m.kinds.Load(kind)
	if !ok {
		return 0
	}
	var pb dto.Metric
	if err := ks.(*kindStats).renders.Write(&pb); err != nil {
		return 0
	}
	return uint64(pb.GetCounter().GetValue())
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}

// cacheCollector reports the tile cache's counters, read at each scrape.
type cacheCollector struct {
	cache *lru.Bytes
	limit int64
}

var (
	cacheHitsDesc    = prometheus.NewDesc("frontline_cache_hits_total", "Tile cache hits.", nil, nil)
	cacheMissesDesc  = prometheus.NewDesc("frontline_cache_misses_total", "Tile cache misses.", nil, nil)
	cacheEntriesDesc = prometheus.NewDesc("frontline_cache_entries", "Tiles in the cache.", nil, nil)
	cacheBytesDesc   = prometheus.NewDesc("frontline_cache_bytes", "Bytes in the cache.", nil, nil)
	cacheLimitDesc   = prometheus.NewDesc("frontline_cache_limit_bytes", "Cache bound.", nil, nil)
)

func (c cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cacheHitsDesc
	ch <- cacheMissesDesc
	ch <- cacheEntriesDesc
	ch <- cacheBytesDesc
	ch <- cacheLimitDesc
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	entries, size, hits, misses := c.cache.Stats()
	ch <- prometheus.MustNewConstMetric(cacheHitsDesc, prometheus.CounterValue, float64(hits))
	ch <- prometheus.MustNewConstMetric(cacheMissesDesc, prometheus.CounterValue, float64(misses))
	ch <- prometheus.MustNewConstMetric(cacheEntriesDesc, prometheus.GaugeValue, float64(entries))
	ch <- prometheus.MustNewConstMetric(cacheBytesDesc, prometheus.GaugeValue, float64(size))
	ch <- prometheus.MustNewConstMetric(cacheLimitDesc, prometheus.GaugeValue, float64(c.limit))
}
