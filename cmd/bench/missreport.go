package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// markdown is the report of the load that misses the cache: how it ran,
// on what data, and a table of every server with frontline's ratios to
// each peer on each store.
func (m *missResult) markdown(cmdline string) string {
	var b strings.Builder
	host, _ := os.Hostname()
	data := "the one-layer series, **not the archive**"
	if m.data.archive {
		data = "DeepStateMap's whole archive"
	}
	fmt.Fprintf(&b, "Load that misses the cache on %s (%s), `%s`, run on %s: %s, %d CPUs, %s, a shared machine (load average %s at the start, %s at the end).\n\n",
		data, m.data.source, cmdline, m.started.UTC().Format("2006-01-02 15:04 UTC"), host, runtime.NumCPU(), runtime.Version(), m.loadStart, m.loadEnd)
	fmt.Fprintf(&b, "Random (tile, day) pairs over every day from %s to %s (%d days) on the %d z6-z10 tiles of the day benchmark's list that hold control on %s; "+
		"`wrk -t2 -c16 -d%ds --timeout 10s --latency`, each thread its own fixed stream of pairs (the same pairs, in the same order, for every server), "+
		"against a fresh server each, with `Accept-Encoding: gzip`. Vector tiles: frontline's control layer (`layers=control`) against the peers' control layer over the same rows. "+
		"PNG: frontline's day tiles (basemap and control) against Mapnik drawing the same basemap and polygons in the same colours (render_mapnik.py) from PostGIS, "+
		"%s processes each walking a wrk thread's stream for the same time; its latency is a render's in its process, not an HTTP answer's at 16 connections, and its RSS the sum of its processes' peaks. ",
		m.from, m.to, int(m.to-m.from)+1, m.tiles, benchDay, m.secs, "two")
	if m.pgVersion != "" {
		fmt.Fprintf(&b, "PostgreSQL: %s, a throwaway cluster of `.ci/pg.sh`, the data copied in by `frontline copy` (%.0f s) and analyzed; "+
			"the peers read its `versions` of the day in the tile by the same GiST index over validity and geometry as frontline's query (`valid @> day AND geom && tile`): "+
			"tegola by a query parameter of its map (`[[maps.params]]` day, `!DAY!` in the layer's SQL, `?day=N`), pg_tileserv by a function layer `public.control_day(z, x, y, day)`, "+
			"Mapnik by a variable of each render (`render_with_vars`, `@day` in its PostGIS datasource's SQL). ", m.pgVersion, m.copySecs)
	}
	b.WriteString("Peak RSS is VmRSS sampled every 100 ms; CPU a request is the server's user+system time over the run (`/proc/PID/stat`) divided by the requests, " +
		"and PostgreSQL's the same over its processes (with its ended backends). frontline runs with `--cache-mb 256` (serve's default).\n\n")
	b.WriteString("| server | tiles | req/s | p50 | p99 | errors | peak RSS | CPU a request: server + PostgreSQL | frontline on SQLite ÷ it | frontline on PostgreSQL ÷ it |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range m.runs {
		if r.skipped != "" {
			fmt.Fprintf(&b, "| %s | %s | not measured: %s | | | | | | | |\n", r.name, r.format, oneLine(r.skipped, 300))
			continue
		}
		cpu := usec(r.cpu)
		if r.store == "PostgreSQL" {
			cpu += " + " + usec(r.pgCPU)
		}
		var ratios [2]string
		if r.peer {
			for i, store := range []string{"SQLite", "PostgreSQL"} {
				if f := m.find(store, r.format); f != nil {
					ratios[i] = missRatio(f, r)
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %s | %.0f MB | %s | %s | %s |\n",
			r.name, r.format, r.rps, r.p50, r.p99, missErrors(r), r.rssMB, cpu, ratios[0], ratios[1])
	}
	for _, r := range m.runs {
		if r.note != "" {
			fmt.Fprintf(&b, "\n%s: %s\n", r.name, oneLine(r.note, 300))
		}
	}
	for _, n := range m.notes {
		fmt.Fprintf(&b, "\nNote: %s\n", n)
	}
	return b.String()
}

// find is frontline's run on store in format, if it was measured.
func (m *missResult) find(store, format string) *missRun {
	for _, r := range m.runs {
		if !r.peer && r.store == store && r.format == format && r.skipped == "" {
			return r
		}
	}
	return nil
}

// missRatio is frontline's throughput over the peer's, and its CPU a
// request (with PostgreSQL's) over the peer's.
func missRatio(f, peer *missRun) string {
	if peer.rps <= 0 {
		return "n/a"
	}
	s := fmt.Sprintf("**%.2fx** req/s", f.rps/peer.rps)
	if pc := peer.cpu + peer.pgCPU; pc > 0 {
		s += fmt.Sprintf(", %.2fx CPU", float64(f.cpu+f.pgCPU)/float64(pc))
	}
	return s
}

func missErrors(r *missRun) string {
	if r.non2xx == 0 && r.socketErrors == "" {
		return "0"
	}
	s := fmt.Sprintf("%d non-2xx", r.non2xx)
	if r.socketErrors != "" {
		s += "; socket: " + r.socketErrors
	}
	return s
}

func usec(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d.Nanoseconds())/1000) }
