package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The whole DeepStateMap archive (#23): 1,123 daily maps of four regions,
// each with a new version almost every day. Measures on it:
//
//   - the scrub: 20 consecutive days over a 50-tile z9 view of the front,
//     each day's vector tiles asked with the ETag of the tile's last
//     answer, as a reader dragging the slider over day tiles does; a
//     request is answered from the cache (no render) or with 304, or it
//     renders. Aim: at least 80% without a render.
//   - the temporal tiles the web app asks for, z5-z8 over the front
//     (lon 30..41, lat 44..52.5), each once on a fresh server: latency
//     (aim: p95 under 300 ms) and raw size (aim: at most 500 KB).
//   - the stored figures (figures.go): all of them measured anew (aim:
//     under 20 s), a day's by oblast from a server just started (under
//     50 ms), /api/series of the whole history (under 100 ms).
//
// The archive is a database imported from it (-archive-db, copied first),
// else a folder of its daily files (-archive), else the bundle beside the
// repository (../shared/data/deepstate-history), unpacked by its
// extract.sh and imported here (minutes). Without any, the run notes it.

// Scrub of the archive: the days and the view.
var (
	archiveScrubFrom = "2025-01-10"
	archiveScrubDays = 20
	archiveScrubView = [2]maptile.Tile{maptile.New(304, 175, 9), maptile.New(313, 179, 9)} // 10x5 tiles, Zaporizhzhia to Luhansk
)

// archiveFront is the bbox of the temporal tiles measured, and their zooms.
var (
	archiveFront                          = orb.Bound{Min: orb.Point{30, 44}, Max: orb.Point{41, 52.5}}
	archiveMinZ, archiveMaxZ maptile.Zoom = 5, 8
)

// archiveResult is what the archive measures found.
type archiveResult struct {
	source string // where the database came from

	scrubRequests, scrubRenders, scrub304, scrubCached int

	temporal []temporalTile
	figures  *figuresRun // figures.go
}

// temporalTile is one temporal tile's answer on a fresh server.
type temporalTile struct {
	path string
	took time.Duration
	raw  int // decoded bytes
	gz   int
}

// archiveDB returns a database of the whole archive as dataset
// cfg.archiveDataset for
// this run, and what it came from; "" when there is none.
func archiveDB(cfg config) (db, from string, err error) {
	db = filepath.Join(cfg.dir, "archive.db")
	if cfg.archiveDB != "" {
		return db, cfg.archiveDB + " (copied)", copyDB(cfg.archiveDB, db)
	}
	dir := cfg.archive
	if dir == "" {
		if cfg.root == "" {
			return "", "", nil
		}
		shared := filepath.Join(cfg.root, "..", "shared", "data", "deepstate-history")
		if _, err := os.Stat(filepath.Join(shared, "deepstatemaps-history.bundle")); err != nil {
			return "", "", nil
		}
		dir = filepath.Join(cfg.dir, "archive")
		log.Printf("unpacking the archive into %s", dir)
		if out, err := exec.Command("bash", filepath.Join(shared, "extract.sh"), dir).CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("extract.sh: %v\n%s", err, out)
		}
	}
	log.Printf("importing the archive %s", dir)
	start := time.Now()
	out, err := exec.Command(cfg.bin, "import", "--db", db, "--format", "deepstate", "--dataset", cfg.archiveDataset, dir).CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("import of the archive: %v\n%s", err, out)
	}
	return db, fmt.Sprintf("%s, imported in %.0f s", dir, time.Since(start).Seconds()), nil
}

// measureArchive runs the archive's measures on db (from archiveDB), each
// on a fresh server.
func measureArchive(ctx context.Context, cfg config, db, from string) (*archiveResult, error) {
	res := &archiveResult{source: from}
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return nil, err
	}
	log.Printf("archive: %d-day scrub of a z9 view", archiveScrubDays)
	err = archiveScrub(ctx, srv, cfg.archiveDataset, res)
	srv.stop()
	if err != nil {
		return nil, err
	}
	if srv, err = startServer(ctx, cfg, db); err != nil {
		return nil, err
	}
	defer srv.stop()
	paths, err := temporalPaths(ctx, srv, cfg.archiveDataset)
	if err != nil {
		return nil, err
	}
	log.Printf("archive: %d temporal tiles, z%d-z%d over the front", len(paths), archiveMinZ, archiveMaxZ)
	for _, p := range paths {
		tt, err := fetchTemporal(ctx, srv, p)
		if err != nil {
			return nil, err
		}
		res.temporal = append(res.temporal, tt)
	}
	srv.stop()
	res.figures, err = measureFigures(ctx, cfg, db)
	return res, err
}

// archiveScrub asks the view's vector tiles day by day, each with the
// ETag of its last answer, and counts the answers.
func archiveScrub(ctx context.Context, srv *server, dataset string, res *archiveResult) error {
	before, err := srv.renders()
	if err != nil {
		return err
	}
	start, _ := time.Parse("2006-01-02", archiveScrubFrom)
	etags := map[maptile.Tile]string{}
	c := &http.Client{}
	for d := range archiveScrubDays {
		day := start.AddDate(0, 0, d).Format("2006-01-02")
		for x := archiveScrubView[0].X; x <= archiveScrubView[1].X; x++ {
			for y := archiveScrubView[0].Y; y <= archiveScrubView[1].Y; y++ {
				t := maptile.New(x, y, 9)
				u := fmt.Sprintf("%s/tiles/%s/9/%d/%d.mvt?dataset=%s", srv.base, day, x, y, dataset)
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				if e := etags[t]; e != "" {
					req.Header.Set("If-None-Match", e)
				}
				resp, err := c.Do(req)
				if err != nil {
					return err
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				res.scrubRequests++
				switch resp.StatusCode {
				case http.StatusNotModified:
					res.scrub304++
				case http.StatusOK:
					etags[t] = resp.Header.Get("ETag")
				default:
					return fmt.Errorf("scrub %s: %s", u, resp.Status)
				}
			}
		}
	}
	after, err := srv.renders()
	if err != nil {
		return err
	}
	res.scrubRenders = after["mvt"] - before["mvt"]
	res.scrubCached = res.scrubRequests - res.scrub304 - res.scrubRenders
	return nil
}

// frontTiles are the tiles of zooms lo..hi that meet b.
func frontTiles(b orb.Bound, lo, hi maptile.Zoom) []maptile.Tile {
	var ts []maptile.Tile
	for z := lo; z <= hi; z++ {
		nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
		se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
		for x := nw.X; x <= se.X; x++ {
			for y := nw.Y; y <= se.Y; y++ {
				ts = append(ts, maptile.New(x, y, z))
			}
		}
	}
	return ts
}

// temporalPaths are the paths of the temporal tiles measured: every front
// tile of z5-z8 of every period of the archive's observed days
// (tiles.Period), as the web app asks for them.
func temporalPaths(ctx context.Context, srv *server, dataset string) ([]string, error) {
	var ds struct {
		From geo.Day `json:"observed_from"`
		To   geo.Day `json:"observed_to"`
	}
	if err := getJSON(ctx, srv.base+"/api/datasets/"+dataset, &ds); err != nil {
		return nil, err
	}
	var out []string
	for p := tiles.PeriodOf(ds.From); p.From <= ds.To; p = tiles.PeriodOf(p.To) {
		for _, t := range frontTiles(archiveFront, archiveMinZ, archiveMaxZ) {
			out = append(out, fmt.Sprintf("/tiles/all/%s/%d/%d/%d.mvt?dataset=%s", p, t.Z, t.X, t.Y, dataset))
		}
	}
	return out, nil
}

func getJSON(ctx context.Context, u string, v any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// fetchTemporal asks for one temporal tile, gzip'd as browsers ask, and
// reads its raw size from the gzip trailer.
func fetchTemporal(ctx context.Context, srv *server, path string) (temporalTile, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	start := time.Now()
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		return temporalTile{}, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return temporalTile{}, err
	}
	tt := temporalTile{path: path, took: took, gz: len(b)}
	switch {
	case resp.StatusCode == http.StatusNoContent || len(b) == 0:
	case resp.StatusCode != http.StatusOK:
		return tt, fmt.Errorf("%s: %s", path, resp.Status)
	case resp.Header.Get("Content-Encoding") == "gzip" && len(b) >= 18:
		tt.raw = int(binary.LittleEndian.Uint32(b[len(b)-4:]))
	default:
		tt.raw = len(b)
	}
	return tt, nil
}

// markdown reports the archive's measures with the command that made them.
func (a *archiveResult) markdown(cmdline string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "DeepStateMap's whole archive (%s), `%s`:\n\n", a.source, cmdline)
	b.WriteString("| measure | result | aim |\n|---|---|---|\n")
	hit := a.scrubRequests - a.scrubRenders
	fmt.Fprintf(&b, "| %d-day scrub from %s, 10x5 z9 view (%d/%d to %d/%d), vector day tiles with If-None-Match | %d requests: %d answered 304, %d from the cache, %d renders: **%.1f%%** without a render | at least 80%% |\n",
		archiveScrubDays, archiveScrubFrom, archiveScrubView[0].X, archiveScrubView[0].Y, archiveScrubView[1].X, archiveScrubView[1].Y,
		a.scrubRequests, a.scrub304, a.scrubCached, a.scrubRenders, 100*float64(hit)/float64(max(a.scrubRequests, 1)))
	if len(a.temporal) > 0 {
		var took []time.Duration
		worst := a.temporal[0]
		var sum int
		for _, t := range a.temporal {
			took = append(took, t.took)
			if t.raw > worst.raw {
				worst = t
			}
			sum += t.raw
		}
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		fmt.Fprintf(&b, "| uncached temporal tiles of each period (%d months) of the archive, z%d-z%d over lon %.0f..%.0f, lat %.0f..%.1f, one client, fresh server | %d tiles: median %s, **p95 %s**, max %s | p95 under 300 ms |\n", tiles.PeriodMonths,
			archiveMinZ, archiveMaxZ, archiveFront.Min[0], archiveFront.Max[0], archiveFront.Min[1], archiveFront.Max[1],
			len(a.temporal), ms(percentile(took, 0.5)), ms(percentile(took, 0.95)), ms(took[len(took)-1]))
		fmt.Fprintf(&b, "| their raw (decoded) size | mean %.0f KB, **max %.0f KB** (%s, %.0f KB gzip'd) | at most 500 KB |\n",
			float64(sum)/float64(len(a.temporal))/1000, float64(worst.raw)/1000, worst.path, float64(worst.gz)/1000)
	}
	if a.figures != nil {
		b.WriteString(a.figures.markdown())
	}
	return b.String()
}
