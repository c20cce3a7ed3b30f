package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

// loadResult is what the mixed load run measured.
type loadResult struct {
	secs, conns int
	cacheMB     int
	wrkFigures
	rssStartMB float64
	rssMaxMB   float64
	renders    map[string]int
	mix        string
}

var (
	reqsRE   = regexp.MustCompile(`(\d+) requests in`)
	p50RE    = regexp.MustCompile(`\s50%\s+(\S+)`)
	maxRE    = regexp.MustCompile(`Latency\s+\S+\s+\S+\s+(\S+)`)
	non2xxRE = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	sockRE   = regexp.MustCompile(`Socket errors: (.*)`)
)

// The real series runs from seriesFirst to seriesLast.
var seriesFirst, seriesLast = geo.MustParseDay("2024-07-08"), geo.MustParseDay("2026-08-22")

// measureLoad runs wrk with cfg.loadConns connections for cfg.loadSecs
// against a fresh server whose tile cache is bounded at cfg.loadCacheMB,
// with 70% requests for warm tiles, 20% for tiles of random days (each
// request a new day and tile, so a render), and 10% API calls and
// snapshots. It samples the server's resident memory every 100 ms.
func measureLoad(ctx context.Context, cfg config, db string, tiles []maptile.Tile, r *report) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		r.notes = append(r.notes, "wrk not installed: load not measured")
		return nil
	}
	lc := cfg
	lc.cacheMB = cfg.loadCacheMB
	srv, err := startServer(ctx, lc, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	mix, err := newLoadMix(ctx, []string{srv.base}, tiles)
	if err != nil {
		return err
	}
	script := filepath.Join(cfg.dir, "load.lua")
	if err := mix.writeScript(script, nil); err != nil {
		return err
	}
	res := &loadResult{secs: cfg.loadSecs, conns: cfg.loadConns, cacheMB: cfg.loadCacheMB,
		mix:        mix.String(),
		rssStartMB: srv.rssMB()}
	before, _ := srv.renders()
	stop := make(chan struct{})
	peak := srv.watchRSS(stop)
	out, err := exec.CommandContext(ctx, "wrk", "-t2", "-c"+strconv.Itoa(cfg.loadConns), "-d"+strconv.Itoa(cfg.loadSecs)+"s",
		"--timeout", "10s", "--latency", "-s", script, srv.base).CombinedOutput()
	close(stop)
	res.rssMaxMB = <-peak
	if err != nil {
		return fmt.Errorf("wrk: %v\n%s", err, out)
	}
	after, _ := srv.renders()
	res.renders = map[string]int{}
	for k, v := range after {
		if d := v - before[k]; d > 0 {
			res.renders[k] = d
		}
	}
	res.wrkFigures = readWrk(out)
	r.load = res
	return nil
}

// wrkFigures are what wrk's --latency output says of a run.
type wrkFigures struct {
	requests      int64
	rps           float64
	p50, p99, max string
	non2xx        int64
	socketErrors  string
}

// readWrk reads wrkFigures from wrk's output.
func readWrk(out []byte) wrkFigures {
	sub := func(re *regexp.Regexp) string {
		if m := re.FindSubmatch(out); m != nil {
			return string(m[1])
		}
		return ""
	}
	var w wrkFigures
	w.requests, _ = strconv.ParseInt(sub(reqsRE), 10, 64)
	w.rps, _ = strconv.ParseFloat(sub(rpsRE), 64)
	w.p50, w.p99, w.max = sub(p50RE), sub(p99RE), sub(maxRE)
	w.non2xx, _ = strconv.ParseInt(sub(non2xxRE), 10, 64)
	w.socketErrors = strings.TrimSpace(sub(sockRE))
	return w
}

// loadMix is the requests of the mixed load: warm tiles (of benchDay,
// fetched once first), cold (day, tile) pairs and API, temporal tile and
// picture calls, each a request URI.
type loadMix struct {
	warm, cold, api []string
}

func (m *loadMix) String() string {
	return fmt.Sprintf("70%% of %d warm tiles, 20%% of %d cold (day, tile) pairs, 10%% of %d API, temporal tile and snapshot calls", len(m.warm), len(m.cold), len(m.api))
}

// newLoadMix makes the mixed load over tiles, the same every run, and
// fetches its warm tiles once from each server of bases.
func newLoadMix(ctx context.Context, bases []string, tiles []maptile.Tile) (*loadMix, error) {
	m := &loadMix{}
	rng := rand.New(rand.NewPCG(1, 2))
	span := int(seriesLast - seriesFirst)
	day := func() string { return (seriesFirst + geo.Day(rng.IntN(span+1))).String() }

	// Warm tiles: the z8-z10 tiles of the bench day, fetched once first.
	c := &http.Client{}
	for i, t := range tiles {
		if i%6 != 0 {
			continue
		}
		u := tileURL("", benchDay, t, "png")
		if i%12 == 0 {
			u = tileURL("", benchDay, t, "mvt")
		}
		for _, base := range bases {
			if _, err := fetch(ctx, c, base+u); err != nil {
				return nil, err
			}
		}
		pu, _ := url.Parse(u)
		m.warm = append(m.warm, pu.RequestURI())
	}
	m.cold = make([]string, 0, 40000)
	for range cap(m.cold) {
		t := tiles[rng.IntN(len(tiles))]
		ext := "png"
		if rng.IntN(4) == 0 {
			ext = "mvt"
		}
		pu, _ := url.Parse(tileURL("", day(), t, ext))
		m.cold = append(m.cold, pu.RequestURI())
	}
	for range 400 {
		d1, d2 := day(), day()
		if d2 < d1 {
			d1, d2 = d2, d1
		}
		t := tiles[rng.IntN(len(tiles))]
		m.api = append(m.api,
			"/api/stats?dataset=deepstate&day="+d1,
			"/api/diff?dataset=deepstate&from="+d1+"&to="+d2,
			"/api/timeline?dataset=deepstate",
			"/api/articles?from="+d1+"&to="+d2,
			"/api/regions",
			fmt.Sprintf("/tiles/all/%d/%d/%d.mvt?dataset=deepstate", t.Z, t.X, t.Y),
			"/snapshot.png?dataset=deepstate&day="+d1+"&width=600&height=400",
			"/snapshot.png?dataset=deepstate&day="+d2+"&region=donetsk-oblast&width=800&height=600",
			"/diff.png?dataset=deepstate&from="+d1+"&to="+d2+"&region=kharkiv-oblast&width=600&height=400",
		)
	}
	return m, nil
}

// writeScript writes the wrk script of the mix. With addrs (host:port of
// servers) wrk's threads take turns over them, each thread all its
// connections to one server; without, all go to the URL wrk is given.
func (m *loadMix) writeScript(path string, addrs []string) error {
	var b strings.Builder
	list := func(name string, paths []string) {
		fmt.Fprintf(&b, "local %s = {\n", name)
		for _, p := range paths {
			fmt.Fprintf(&b, "  %q,\n", p)
		}
		b.WriteString("}\n")
	}
	list("warm", m.warm)
	list("cold", m.cold)
	list("api", m.api)
	if len(addrs) > 0 {
		b.WriteString("local servers = {\n")
		for _, a := range addrs {
			host, port, err := net.SplitHostPort(a)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "  {%q, %q},\n", host, port)
		}
		b.WriteString("}\nlocal addrs = {}\n")
	}
	// Each wrk thread walks its own part of the cold list, so that no cold
	// request repeats another.
	b.WriteString(`local threads = 0
function setup(thread)
`)
	if len(addrs) > 0 {
		b.WriteString(`  if #addrs == 0 then
    for _, s in ipairs(servers) do
      addrs[#addrs + 1] = wrk.lookup(s[1], s[2])[1]
    end
  end
  thread.addr = addrs[threads % #addrs + 1]
`)
	}
	b.WriteString(`  thread:set("tid", threads)
  threads = threads + 1
end
local wi, ci, ai = 0, 0, 0
function init(args)
  ci = tid * 20000
  ai = tid * 1800
  wi = tid * 97
  math.randomseed(7 + tid)
end
request = function()
  local r = math.random(100)
  if r <= 70 then
    wi = wi % #warm + 1
    return wrk.format("GET", warm[wi])
  elseif r <= 90 then
    ci = ci % #cold + 1
    return wrk.format("GET", cold[ci])
  end
  ai = ai % #api + 1
  return wrk.format("GET", api[ai])
end
`)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
