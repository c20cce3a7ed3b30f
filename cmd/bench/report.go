package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb/maptile"
)

type cachedRun struct {
	conns        int
	rounds       int
	paths        int
	frontline    wrkResult
	bare         wrkResult
	bareTimeouts wrkResult // the bare handler on an http.Server with serve's timeouts
}

// report collects one run's results.
type report struct {
	started      time.Time
	importSecs   float64
	reimportSecs float64
	importRSSMB  float64
	dbMB         float64
	tiles        int
	uncached     map[string]*timing
	cached       []cachedRun
	rssMB        float64
	mapnik       *mapnikResult
	snapshots    *snapshotResult
	load         *loadResult
	hostile      []*hostileResult // the mixed load with hostile requests, per store
	baseline     *baselineRun
	pg           *pgReport // nil without -pg
	scrubRenders int
	scrub200     int
	scrub304     int
	notes        []string
}

func (r *report) markdown(cfg config) string {
	var b strings.Builder
	host, _ := os.Hostname()
	fmt.Fprintf(&b, "Run of the harness in `cmd/bench` on %s: %s, %d CPUs, %s; series %s; day %s; %d tiles (z6-z10 over lon 22..41, lat 44..53).\n\n",
		r.started.UTC().Format("2006-01-02 15:04 UTC"), host, runtime.NumCPU(), runtime.Version(), seriesName(cfg), benchDay, r.tiles)
	fmt.Fprintf(&b, "| measure | result |\n|---|---|\n")
	fmt.Fprintf(&b, "| import of the full series | %.1f s, peak RSS %.0f MB, database %.1f MB |\n", r.importSecs, r.importRSSMB, r.dbMB)
	fmt.Fprintf(&b, "| re-import (no-op) | %.1f s |\n", r.reimportSecs)
	for _, ext := range []string{"png", "mvt"} {
		tm := r.uncached[ext]
		if tm == nil {
			continue
		}
		fmt.Fprintf(&b, "| uncached %s tiles/s (%d clients) | %.0f tiles/s (%d tiles, %d renders, %.1f MB) |\n", ext, cfg.conc,
			float64(tm.n)/tm.total.Seconds(), tm.n, tm.renders, float64(tm.bytes)/(1<<20))
	}
	if m, tm := r.mapnik, r.uncached["png"]; m != nil && tm != nil && m.secs > 0 {
		ours, theirs := float64(tm.n)/tm.total.Seconds(), float64(m.tiles)/m.secs
		fmt.Fprintf(&b, "| uncached png vs Mapnik 3.1 (python3-mapnik, GeoJSON, %d processes, no labels) | frontline %.0f tiles/s, Mapnik %.0f tiles/s: **%.1fx** (aim 2x) |\n", cfg.conc, ours, theirs, ours/theirs)
	}
	if tm := r.uncached["mvt"]; tm != nil {
		ours := float64(tm.n) / tm.total.Seconds()
		fmt.Fprintf(&b, "| uncached mvt vs tegola v0.21.2 (GeoPackage provider, one client: 205-250 tiles/s as measured here, given in the issue) | frontline %.0f tiles/s: **%.1fx** of 250 (aim 5x) |\n", ours, ours/250)
	}
	for _, c := range r.cached {
		ratio := func(w wrkResult) float64 {
			if w.rps == 0 {
				return 0
			}
			return 100 * c.frontline.rps / w.rps
		}
		fmt.Fprintf(&b, "| cached png, wrk -c%d over %d tiles, median of %d alternating rounds | frontline %.0f req/s (p99 %s); bare net/http handler %.0f req/s (p99 %s): **%.0f%%** (aim 90%%); the same bare handler with serve's timeouts %.0f req/s: %.0f%% %s |\n",
			c.conns, c.paths, c.rounds, c.frontline.rps, c.frontline.p99, c.bare.rps, c.bare.p99, ratio(c.bare), c.bareTimeouts.rps, ratio(c.bareTimeouts), c.frontline.errors)
	}
	if r.rssMB > 0 {
		fmt.Fprintf(&b, "| server RSS after the runs | %.0f MB (cache bound %d MB) |\n", r.rssMB, cfg.cacheMB)
	}
	fmt.Fprintf(&b, "| 30-day scrub, 4x4 z8 view | %d renders, %d answers 200, %d answers 304 |\n", r.scrubRenders, r.scrub200, r.scrub304)
	fmt.Fprintf(&b, "\nUncached request latency per zoom (build + render + encode + loopback HTTP):\n\n| zoom | tiles | png median | png p99 | mvt median | mvt p99 |\n|---|---|---|---|---|---|\n")
	for _, z := range zooms(r) {
		p, m := r.uncached["png"].byZoom[z], r.uncached["mvt"].byZoom[z]
		fmt.Fprintf(&b, "| %d | %d | %s | %s | %s | %s |\n", z, len(p), ms(percentile(p, 0.5)), ms(percentile(p, 0.99)), ms(percentile(m, 0.5)), ms(percentile(m, 0.99)))
	}
	if r.snapshots != nil {
		b.WriteString("\n" + r.snapshots.markdown())
	}
	if l := r.load; l != nil {
		b.WriteString("\n" + l.markdown())
	}
	if len(r.hostile) > 0 {
		b.WriteString("\n" + hostileMarkdown(r.hostile))
	}
	if r.pg != nil {
		b.WriteString("\n" + r.pg.markdown(cfg, r))
	}
	if r.baseline != nil {
		b.WriteString("\n" + r.baseline.markdown(cfg))
	}
	for _, n := range r.notes {
		fmt.Fprintf(&b, "\nNote: %s\n", n)
	}
	return b.String()
}

func zooms(r *report) []maptile.Zoom {
	var zs []maptile.Zoom
	if tm := r.uncached["png"]; tm != nil {
		for z := range tm.byZoom {
			zs = append(zs, z)
		}
	}
	sort.Slice(zs, func(i, j int) bool { return zs[i] < zs[j] })
	return zs
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// writeSection replaces the text between the markers <!-- name:start -->
// and <!-- name:end --> of a file ("bench": the harness's run; "archive":
// the archive's measures), adding them at its end if missing.
func writeSection(path, name, table string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	start, end := "<!-- "+name+":start -->", "<!-- "+name+":end -->"
	s := string(b)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		s += "\n" + start + "\n" + end + "\n"
		i, j = strings.Index(s, start), strings.Index(s, end)
	}
	s = s[:i+len(start)] + "\n" + table + "\n" + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

func (l *loadResult) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Mixed load: `wrk -t2 -c%d -d%ds` against a fresh server with a %d MB tile cache; %s.\n\n", l.conns, l.secs, l.cacheMB, l.mix)
	b.WriteString("| load | result |\n|---|---|\n")
	fmt.Fprintf(&b, "| requests | %d (%.0f req/s) |\n", l.requests, l.rps)
	fmt.Fprintf(&b, "| latency | median %s, p99 %s, max %s |\n", l.p50, l.p99, l.max)
	sock := l.socketErrors
	if sock == "" {
		sock = "none"
	}
	fmt.Fprintf(&b, "| errors | %d non-2xx/3xx answers; socket errors: %s |\n", l.non2xx, sock)
	var kinds []string
	for k, v := range l.renders {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, v))
	}
	sort.Strings(kinds)
	fmt.Fprintf(&b, "| renders during the run | %s |\n", strings.Join(kinds, ", "))
	// The server's soft memory limit (cmd/frontline memoryLimit) with the
	// default --memo-mb 160: tile cache, two memos, kept picture basemaps,
	// the picture budget of 2 x 25 MP at ~10 bytes a pixel, and 256 MiB for
	// everything else.
	limit := float64(l.cacheMB+2*160+64+256) + 2*25e6*10/(1<<20)
	fmt.Fprintf(&b, "| server RSS | %.0f MB before, %.0f MB at most; bound: cache %d MB + margin %.0f MB (memos 2x160, basemaps 64, pictures %.0f, other 256) = soft limit %.0f MB |\n",
		l.rssStartMB, l.rssMaxMB, l.cacheMB, limit-float64(l.cacheMB), 2*25e6*10/(1<<20), limit)
	return b.String()
}

// seriesName is the series file as the report names it: relative to the
// repository root when it can be (../shared/data/...), whichever folder
// the harness ran in.
func seriesName(cfg config) string {
	if cfg.root != "" && !filepath.IsAbs(cfg.series) {
		if rel, err := filepath.Rel(cfg.root, cfg.series); err == nil {
			return rel
		}
	}
	return cfg.series
}
