package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/maptile"
)

// wrkResult is what one wrk run measured.
type wrkResult struct {
	rps    float64
	p99    string
	errors string
}

var (
	rpsRE = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	p99RE = regexp.MustCompile(`\s99%\s+(\S+)`)
	errRE = regexp.MustCompile(`(Non-2xx or 3xx responses: \d+|Socket errors: .*)`)
)

// runWrk runs wrk against base over the given paths, round robin.
func runWrk(cfg config, base string, paths []string, conns int) (wrkResult, error) {
	script := filepath.Join(cfg.dir, "paths.lua")
	var b strings.Builder
	b.WriteString("local paths = {\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "  %q,\n", p)
	}
	b.WriteString("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
	if err := os.WriteFile(script, []byte(b.String()), 0o644); err != nil {
		return wrkResult{}, err
	}
	out, err := exec.Command("wrk", "-t2", "-c"+strconv.Itoa(conns), "-d"+strconv.Itoa(cfg.wrkSecs)+"s", "--latency", "-s", script, base).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	var res wrkResult
	if m := rpsRE.FindSubmatch(out); m != nil {
		res.rps, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	if m := p99RE.FindSubmatch(out); m != nil {
		res.p99 = string(m[1])
	}
	res.errors = strings.Join(strings.Fields(string(errRE.Find(out))), " ")
	return res, nil
}

// bare serves fixed bodies by path: the fastest a Go server can answer
// with the same bytes and headers, the yardstick for cache hits.
func bare(bodies map[string][]byte, timeouts bool) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("ETag", `"0123456789abcdef0123456789abcdef"`)
		w.Header().Set("Cache-Control", "public, max-age=86400, stale-while-revalidate=604800")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Write(b)
	})
	srv := &http.Server{Handler: h}
	if timeouts {
		// As `frontline serve` sets them against slow clients.
		srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = 5*time.Second, 60*time.Second, 120*time.Second, 120*time.Second
	}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// measureCached runs wrk over warm tiles against frontline and against the
// bare handler serving the same bytes, and, with pgSrv (a server on
// PostgreSQL), against it too in the same rounds.
func measureCached(ctx context.Context, cfg config, srv, pgSrv *server, tiles []maptile.Tile, r *report) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		r.notes = append(r.notes, "wrk not installed (apt-get install wrk): cached throughput not measured")
		return nil
	}
	bodies := map[string][]byte{}
	var paths []string
	c := &http.Client{}
	for i, t := range tiles {
		if i%(len(tiles)/256+1) != 0 {
			continue
		}
		u := tileURL(srv.base, benchDay, t, "png")
		b, err := fetch(ctx, c, u)
		if err != nil {
			return err
		}
		pu, _ := url.Parse(u)
		paths = append(paths, pu.RequestURI())
		bodies[pu.RequestURI()] = b
	}
	var pgBefore map[string]int
	if pgSrv != nil {
		for _, p := range paths {
			if _, err := fetch(ctx, c, pgSrv.base+p); err != nil {
				return fmt.Errorf("PostgreSQL: %w", err)
			}
		}
		pgBefore, _ = pgSrv.renders()
	}
	before, _ := srv.renders()
	base, stop, err := bare(bodies, false)
	if err != nil {
		return err
	}
	defer stop()
	baseT, stopT, err := bare(bodies, true)
	if err != nil {
		return err
	}
	defer stopT()
	// The servers take turns, five rounds, and each keeps its median:
	// on a shared machine throughput drifts by more than the gap measured.
	conns, rounds := 32, 5
	if cfg.quick {
		rounds = 3
	}
	var fs, bs, ts, ps []wrkResult
	for i := range rounds {
		// The server on PostgreSQL runs beside the SQLite one, before it
		// in every other round, so that neither is always first.
		pgRound := func() error {
			if pgSrv == nil {
				return nil
			}
			pr, err := runWrk(cfg, pgSrv.base, paths, conns)
			ps = append(ps, pr)
			return err
		}
		if i%2 == 1 {
			if err := pgRound(); err != nil {
				return err
			}
		}
		fr, err := runWrk(cfg, srv.base, paths, conns)
		if err != nil {
			return err
		}
		if i%2 == 0 {
			if err := pgRound(); err != nil {
				return err
			}
		}
		br, err := runWrk(cfg, base, paths, conns)
		if err != nil {
			return err
		}
		tr, err := runWrk(cfg, baseT, paths, conns)
		if err != nil {
			return err
		}
		fs, bs, ts = append(fs, fr), append(bs, br), append(ts, tr)
	}
	r.cached = append(r.cached, cachedRun{conns: conns, paths: len(paths), rounds: rounds,
		frontline: medianRun(fs), bare: medianRun(bs), bareTimeouts: medianRun(ts)})
	after, _ := srv.renders()
	if after["png"] != before["png"] {
		r.notes = append(r.notes, fmt.Sprintf("cached run rendered %d tiles: the cache was too small", after["png"]-before["png"]))
	}
	if pgSrv != nil {
		pr := medianRun(ps)
		r.pg.cached = &pr
		r.pg.cachedConns, r.pg.cachedPaths, r.pg.cachedRounds = conns, len(paths), rounds
		if after, _ := pgSrv.renders(); after["png"] != pgBefore["png"] {
			r.notes = append(r.notes, fmt.Sprintf("cached run on PostgreSQL rendered %d tiles: the cache was too small", after["png"]-pgBefore["png"]))
		}
	}
	r.rssMB = srv.rssMB()
	return nil
}

// medianRun returns the run of median throughput.
func medianRun(rs []wrkResult) wrkResult {
	sort.Slice(rs, func(i, j int) bool { return rs[i].rps < rs[j].rps })
	return rs[len(rs)/2]
}
