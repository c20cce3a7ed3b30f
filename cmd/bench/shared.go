package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

// sharedRun is two servers on one database under the mixed load, wrk's
// threads split between them, with an import of a new day through the
// CLI at half time, and then more such imports at rest.
type sharedRun struct {
	store       string // SQLite or PostgreSQL
	secs, conns int
	cacheMB     int
	mix         string
	wrkFigures
	server5xx int      // 5xx answers in the servers' own counts over the run
	loaded    update   // the import under load
	rest      []update // the imports after the run
	skipped   string   // why not measured
}

// update is one import of a new day and when each server served it.
type update struct {
	day        geo.Day
	tile       maptile.Tile     // the z8 tile the import changes
	started    time.Time        // when the import started
	atSecs     float64          // into the wrk run, when the import started
	importSecs float64          // the CLI, start to exit
	delay      [2]time.Duration // from the commit to the first answer with the new ETag
	took       [2]time.Duration // how long that answer's request took
	seen       [2]bool          // whether each server served the new tile in time
	err        string           // the import failed
}

// sharedPoll is how often the changed tile is asked for, and sharedWait how
// long a server has to serve it.
const (
	sharedPoll = 2 * time.Millisecond
	sharedWait = 20 * time.Second
)

// measureShared starts two servers on db (a SQLite file or a PostgreSQL
// URL), runs the mixed load over both with wrk for cfg.sharedSecs and
// imports the next day of the series through the CLI at half time, polling
// the tile that import changes on both servers until its ETag changes;
// then it does cfg.updates more imports with no load.
func measureShared(ctx context.Context, cfg config, name, db string, tiles []maptile.Tile) (*sharedRun, error) {
	sr := &sharedRun{store: name, secs: cfg.sharedSecs, conns: cfg.loadConns, cacheMB: cfg.loadCacheMB}
	if _, err := exec.LookPath("wrk"); err != nil {
		sr.skipped = "wrk not installed"
		return sr, nil
	}
	last, err := exportLast(cfg, db)
	if err != nil {
		return nil, err
	}
	lc := cfg
	lc.cacheMB = cfg.loadCacheMB
	var servers [2]*server
	for i := range servers {
		if servers[i], err = startServer(ctx, lc, db); err != nil {
			return nil, err
		}
		defer servers[i].stop()
	}
	mix, err := newLoadMix(ctx, []string{servers[0].base, servers[1].base}, tiles)
	if err != nil {
		return nil, err
	}
	sr.mix = mix.String()
	script := filepath.Join(cfg.dir, "shared.lua")
	addrs := []string{strings.TrimPrefix(servers[0].base, "http://"), strings.TrimPrefix(servers[1].base, "http://")}
	if err := mix.writeScript(script, addrs); err != nil {
		return nil, err
	}
	before, err := count5xx(servers)
	if err != nil {
		return nil, err
	}
	wrk := exec.CommandContext(ctx, "wrk", "-t2", "-c"+strconv.Itoa(cfg.loadConns), "-d"+strconv.Itoa(cfg.sharedSecs)+"s",
		"--timeout", "10s", "--latency", "-s", script, servers[0].base)
	var out bytes.Buffer
	wrk.Stdout, wrk.Stderr = &out, &out
	start := time.Now()
	if err := wrk.Start(); err != nil {
		return nil, err
	}
	wrkDone := make(chan error, 1)
	go func() { wrkDone <- wrk.Wait() }()
	select {
	case <-time.After(time.Duration(cfg.sharedSecs) * time.Second / 2):
	case err := <-wrkDone:
		return nil, fmt.Errorf("wrk ended before the import: %v\n%s", err, out.String())
	}
	sr.loaded, err = importUpdate(ctx, cfg, db, servers, last, 1)
	if err != nil {
		<-wrkDone
		return nil, err
	}
	sr.loaded.atSecs = sr.loaded.started.Sub(start).Seconds()
	if err := <-wrkDone; err != nil {
		return nil, fmt.Errorf("wrk: %v\n%s", err, out.String())
	}
	after, err := count5xx(servers)
	if err != nil {
		return nil, err
	}
	sr.server5xx = after - before
	sr.wrkFigures = readWrk(out.Bytes())
	for k := 2; k < 2+cfg.updates; k++ {
		u, err := importUpdate(ctx, cfg, db, servers, last, k)
		if err != nil {
			return nil, err
		}
		sr.rest = append(sr.rest, u)
	}
	return sr, nil
}

// exportLast exports the map of the series' last day (one feature, the
// occupied area) from db.
func exportLast(cfg config, db string) (*geojson.Feature, error) {
	path := filepath.Join(cfg.dir, "last.geojson")
	if out, err := exec.Command(cfg.bin, "export", "--db", db, "--dataset", "deepstate", "--day", seriesLast.String(), "-o", path).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("export: %v\n%s", err, out)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("export: %v", err)
	}
	if len(fc.Features) != 1 {
		return nil, fmt.Errorf("export of %s: %d features, want 1", seriesLast, len(fc.Features))
	}
	return fc.Features[0], nil
}

// writeUpdate writes the k-th new day after the series (its last day + k):
// the last day's map with a 0.1° square near Kyiv, at a place of its own
// for each k, so each such import changes the tile over its square. It
// returns the day and that z8 tile.
func writeUpdate(last *geojson.Feature, k int, path string) (geo.Day, maptile.Tile, error) {
	day := seriesLast + geo.Day(k)
	lon, lat := 29.70+0.12*float64(k%8), 50.30
	square := orb.Polygon{orb.Ring{{lon, lat}, {lon + 0.1, lat}, {lon + 0.1, lat + 0.1}, {lon, lat + 0.1}, {lon, lat}}}
	var mp orb.MultiPolygon
	switch g := last.Geometry.(type) {
	case orb.MultiPolygon:
		mp = append(mp, g...)
	case orb.Polygon:
		mp = append(mp, g)
	default:
		return 0, maptile.Tile{}, fmt.Errorf("export of %s: a %s, want a (multi)polygon", seriesLast, last.Geometry.GeoJSONType())
	}
	mp = append(mp, square)
	f := geojson.NewFeature(mp)
	for _, p := range []string{"region", "side", "status"} {
		f.Properties[p] = last.Properties[p]
	}
	f.Properties["valid_from"] = day.String()
	f.Properties["source"] = fmt.Sprintf("frontline bench, update %d", k)
	fc := geojson.NewFeatureCollection().Append(f)
	b, err := fc.MarshalJSON()
	if err != nil {
		return 0, maptile.Tile{}, err
	}
	return day, maptile.At(orb.Point{lon + 0.05, lat + 0.05}, 8), os.WriteFile(path, b, 0o644)
}

// importUpdate imports the k-th new day through the CLI while polling its
// changed tile on both servers, and measures from the import's commit
// (its result line, printed once the transaction committed) to the first
// answer of each server with a new ETag. A failed import is recorded, not
// returned.
func importUpdate(ctx context.Context, cfg config, db string, servers [2]*server, last *geojson.Feature, k int) (update, error) {
	path := filepath.Join(cfg.dir, fmt.Sprintf("update-%d.geojson", k))
	day, tile, err := writeUpdate(last, k, path)
	if err != nil {
		return update{}, err
	}
	u := update{day: day, tile: tile}
	var urls, olds [2]string
	var clients [2]*http.Client
	for i, s := range servers {
		urls[i] = tileURL(s.base, day.String(), tile, "png")
		clients[i] = &http.Client{Timeout: 15 * time.Second}
		if olds[i], err = getETag(ctx, clients[i], urls[i]); err != nil {
			return u, err
		}
	}
	pctx, cancel := context.WithTimeout(ctx, sharedWait)
	defer cancel()
	var seenAt [2]time.Time
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() {
			for pctx.Err() == nil {
				sent := time.Now()
				if e, err := getETag(pctx, clients[i], urls[i]); err == nil && e != olds[i] {
					seenAt[i] = time.Now()
					u.took[i] = seenAt[i].Sub(sent)
					return
				}
				time.Sleep(sharedPoll)
			}
		})
	}
	cmd := exec.CommandContext(ctx, cfg.bin, "import", "--db", db, "--dataset", "deepstate", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return u, err
	}
	u.started = time.Now()
	if err := cmd.Start(); err != nil {
		return u, err
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	committed := time.Now()
	io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	u.importSecs = time.Since(u.started).Seconds()
	if err == nil && !strings.Contains(line, " 1 versions inserted") {
		err = fmt.Errorf("want 1 version inserted: %s", strings.TrimSpace(line))
	}
	if err != nil {
		cancel()
		wg.Wait()
		u.err = fmt.Sprintf("import: %v: %s", err, lastLines(stderr.Bytes(), 2))
		return u, nil
	}
	wg.Wait()
	for i := range servers {
		if !seenAt[i].IsZero() {
			u.seen[i] = true
			u.delay[i] = max(0, seenAt[i].Sub(committed))
		}
	}
	return u, nil
}

// getETag GETs url and returns its ETag; any status but 200 is an error.
func getETag(ctx context.Context, c *http.Client, url string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return resp.Header.Get("ETag"), nil
}

var (
	requestsTotalRE = regexp.MustCompile(`frontline_http_requests_total\{([^}]*)\} (\S+)`)
	code5xxRE       = regexp.MustCompile(`code="5\d\d"`)
)

// count5xx is the 5xx answers the servers counted (/metrics).
func count5xx(servers [2]*server) (int, error) {
	n := 0
	for _, s := range servers {
		resp, err := http.Get(s.base + "/metrics")
		if err != nil {
			return 0, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		for _, m := range requestsTotalRE.FindAllSubmatch(b, -1) {
			if code5xxRE.Match(m[1]) {
				v, _ := strconv.ParseFloat(string(m[2]), 64)
				n += int(v)
			}
		}
	}
	return n, nil
}

// sharedMarkdown is the table of the two-server runs, a column a store.
func sharedMarkdown(cfg config, runs []*sharedRun) string {
	var b strings.Builder
	var r0 *sharedRun
	for _, r := range runs {
		if r.skipped == "" {
			r0 = r
			break
		}
	}
	if r0 == nil {
		return fmt.Sprintf("Two servers on one database: not measured (%s).\n", runs[0].skipped)
	}
	fmt.Fprintf(&b, "Two servers on one database (%s: each hears the other writers' changes, by LISTEN/NOTIFY on PostgreSQL, by polling PRAGMA data_version every 250 ms on SQLite): "+
		"`wrk -t2 -c%d -d%ds --timeout 10s`, one wrk thread of %d connections on each server, each server with a %d MB tile cache; the mixed load above (%s). "+
		"At %d s `frontline import`, a third process, adds the next day to the dataset (%s: the last day's map and a 0.1° square near Kyiv); "+
		"from before the import both servers are asked for that day's z8 tile over the square, one request at a time %s apart, and the delay is from the import's commit "+
		"(its result line on stdout) to each server's first answer with a new ETag (under load it includes that request's own time, given beside it). Then %d more such imports with no load.\n\n",
		sharedStores(runs), r0.conns, r0.secs, r0.conns/2, r0.cacheMB, r0.mix, r0.secs/2, r0.loaded.day, msDelay(sharedPoll), cfg.updates)
	b.WriteString("| two servers, one database |")
	for _, r := range runs {
		if r.store == "SQLite" {
			b.WriteString(" SQLite (one file) |")
		} else {
			fmt.Fprintf(&b, " %s |", r.store)
		}
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(runs)) + "\n")
	row := func(name string, cell func(r *sharedRun) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, r := range runs {
			if r.skipped != "" {
				fmt.Fprintf(&b, " not measured: %s |", r.skipped)
				continue
			}
			fmt.Fprintf(&b, " %s |", cell(r))
		}
		b.WriteString("\n")
	}
	row("requests", func(r *sharedRun) string { return fmt.Sprintf("%d (%.0f req/s)", r.requests, r.rps) })
	row("latency", func(r *sharedRun) string { return fmt.Sprintf("median %s, p99 %s, max %s", r.p50, r.p99, r.max) })
	row("errors (aim: none)", func(r *sharedRun) string {
		sock := r.socketErrors
		if sock == "" {
			sock = "none"
		}
		ok := r.non2xx == 0 && r.socketErrors == "" && r.server5xx == 0
		return fmt.Sprintf("%d non-2xx/3xx answers, %d of them 5xx by the servers' counts; socket errors: %s: %s", r.non2xx, r.server5xx, sock, met(ok))
	})
	row("the import under load", func(r *sharedRun) string {
		if r.loaded.err != "" {
			return "**failed**: " + oneLine(r.loaded.err, 300)
		}
		return fmt.Sprintf("%s at %.1f s, %.2f s from start to exit of the CLI", r.loaded.day, r.loaded.atSecs, r.loaded.importSecs)
	})
	row("commit to new tile under load, server A / B", func(r *sharedRun) string {
		d := delays(r.loaded)
		if r.loaded.err == "" && r.loaded.seen[0] && r.loaded.seen[1] {
			d += fmt.Sprintf(" (the answers themselves took %s / %s)", msDelay(r.loaded.took[0]), msDelay(r.loaded.took[1]))
		}
		return d
	})
	row(fmt.Sprintf("commit to new tile at rest, each of %d imports, server A / B", cfg.updates), func(r *sharedRun) string {
		var s []string
		for _, u := range r.rest {
			s = append(s, delays(u))
		}
		return strings.Join(s, "; ")
	})
	row("commit to new tile at rest, median (max) over both servers", func(r *sharedRun) string {
		var ds []time.Duration
		for _, u := range r.rest {
			for i := range u.delay {
				if u.err == "" && u.seen[i] {
					ds = append(ds, u.delay[i])
				}
			}
		}
		if len(ds) == 0 {
			return "n/a"
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return fmt.Sprintf("%s (%s)", msDelay(ds[(len(ds)-1)/2]), msDelay(ds[len(ds)-1]))
	})
	return b.String()
}

// sharedStores names the databases of the runs for the table's lead.
func sharedStores(runs []*sharedRun) string {
	var names []string
	for _, r := range runs {
		if r.store == "SQLite" {
			names = append(names, "two `frontline serve` on one SQLite file")
		} else {
			names = append(names, "two on one "+r.store+" database")
		}
	}
	return strings.Join(names, ", ")
}

func delays(u update) string {
	if u.err != "" {
		return "import **failed**: " + oneLine(u.err, 200)
	}
	var s [2]string
	for i := range u.delay {
		s[i] = fmt.Sprintf("**not within %s**", sharedWait)
		if u.seen[i] {
			s[i] = msDelay(u.delay[i])
		}
	}
	return s[0] + " / " + s[1]
}

func msDelay(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}
