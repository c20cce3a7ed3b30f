package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

// The load that misses the cache (#23 parts 7 and 8): random (tile, day)
// pairs over every day of the data's history, on the tiles of the day
// benchmark's list that hold control on benchDay, under `wrk -t2 -c16`
// for cfg.missDur against a fresh server each, beside its peers over the
// same rows:
//
//   - frontline on SQLite and on PostgreSQL: vector tiles of the control
//     layer (layers=control), then PNG tiles;
//   - tegola's PostGIS provider, the day a query parameter of its map
//     (tegola's [[maps.params]], the token !DAY! in the layer's SQL);
//   - pg_tileserv, where a binary is found (-pgtileserv or PATH), on a
//     function layer public.control_day(z, x, y, day);
//   - Mapnik 3.1 (render_mapnik.py miss) drawing the same PNG as
//     frontline's from PostGIS, a datasource a day, two processes.
//
// Each run reports req/s, latency, errors, the server's peak RSS and its
// CPU a request, and PostgreSQL's CPU a request where it reads from it.

// missData is the database the load runs on.
type missData struct {
	db, dataset string
	source      string // what it is, for the report
	archive     bool   // DeepStateMap's whole archive (else the series)
}

// builtTegola is tegola as run() built it (nil: build it here).
type builtTegola struct {
	bin string
	err error
}

// missRun is one server under the load.
type missRun struct {
	name   string // as the table names it
	format string // mvt or png
	store  string // SQLite or PostgreSQL: what frontline's ratios to it are taken against
	peer   bool
	wrkFigures
	rssMB      float64
	cpu, pgCPU time.Duration // a request
	skipped    string        // why not measured
	note       string
}

// missResult is the whole part.
type missResult struct {
	data               missData
	started            time.Time
	loadStart, loadEnd string
	secs               int
	tiles              int
	from, to           geo.Day
	pgVersion          string
	copySecs           float64      // frontline copy of the data into PostgreSQL
	sample             []samplePair // pairs each vector peer is checked on
	runs               []*missRun
	notes              []string
}

// Request paths of frontline for a pair; days as ISO dates.
const (
	missMVT missPattern = "/tiles/{day}/{tile}.mvt?dataset=%s&layers=control"
	missPNG missPattern = "/tiles/{day}/{tile}.png?dataset=%s"
)

// measureMiss runs the load on data against each server in turn.
func measureMiss(ctx context.Context, cfg config, data missData, tegola *builtTegola) (*missResult, error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, fmt.Errorf("wrk not installed (apt-get install wrk)")
	}
	res := &missResult{data: data, started: time.Now(), loadStart: loadAvg(), secs: int(cfg.missDur.Seconds())}
	lc := cfg
	lc.cacheMB = cfg.loadCacheMB // serve's default
	tiles, days, dayNums, err := missPairs(ctx, lc, data, res)
	if err != nil {
		return nil, err
	}
	mvt := missPattern(fmt.Sprintf(string(missMVT), data.dataset))
	png := missPattern(fmt.Sprintf(string(missPNG), data.dataset))
	for _, f := range []struct {
		format  string
		pattern missPattern
	}{{"mvt", mvt}, {"png", png}} {
		db := filepath.Join(cfg.dir, "miss.db")
		if err := copyDB(data.db, db); err != nil {
			return nil, err
		}
		run := &missRun{name: "frontline on SQLite", format: f.format, store: "SQLite"}
		log.Printf("miss: %s, %s, %v", run.name, f.format, cfg.missDur)
		if err := missFrontline(ctx, lc, run, db, nil, f.pattern, tiles, days); err != nil {
			return nil, err
		}
		res.runs = append(res.runs, run)
		removeDB(db)
	}
	if !cfg.pg {
		why := cfg.pgMissing
		if why == "" {
			why = "-pg=false"
		}
		res.notes = append(res.notes, "PostgreSQL not measured ("+why+"): frontline on PostgreSQL, tegola, pg_tileserv and Mapnik (which read PostGIS) not run")
		res.loadEnd = loadAvg()
		return res, nil
	}
	if err := missOnPG(ctx, lc, data, tegola, res, mvt, png, tiles, days, dayNums); err != nil {
		return nil, err
	}
	res.loadEnd = loadAvg()
	return res, nil
}

// missPairs finds the load's tiles (those of tileList that hold control
// on benchDay, asked of a server of its own) and days (every day from
// the dataset's first observed day to its last), as ISO dates and as day
// numbers.
func missPairs(ctx context.Context, cfg config, data missData, res *missResult) (tiles, days, dayNums []string, err error) {
	db := filepath.Join(cfg.dir, "miss-tiles.db")
	if err := copyDB(data.db, db); err != nil {
		return nil, nil, nil, err
	}
	defer removeDB(db)
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return nil, nil, nil, err
	}
	defer srv.stop()
	var ds struct {
		From geo.Day `json:"observed_from"`
		To   geo.Day `json:"observed_to"`
	}
	if err := getJSON(ctx, srv.base+"/api/datasets/"+data.dataset, &ds); err != nil {
		return nil, nil, nil, err
	}
	if ds.To < ds.From {
		return nil, nil, nil, fmt.Errorf("dataset %s: observed from %s to %s", data.dataset, ds.From, ds.To)
	}
	res.from, res.to = ds.From, ds.To
	for d := ds.From; d <= ds.To; d++ {
		days = append(days, d.String())
		dayNums = append(dayNums, fmt.Sprint(int(d)))
	}
	c := &http.Client{}
	for _, t := range tileList(false) {
		if ok, err := holdsControl(ctx, c, srv.base, data.dataset, t); err != nil {
			return nil, nil, nil, err
		} else if ok {
			tiles = append(tiles, fmt.Sprintf("%d/%d/%d", t.Z, t.X, t.Y))
		}
	}
	if len(tiles) == 0 {
		return nil, nil, nil, fmt.Errorf("no tile of the list holds control on %s in dataset %s", benchDay, data.dataset)
	}
	res.tiles = len(tiles)
	res.sample, err = missSample(ctx, srv.base, missPattern(fmt.Sprintf(string(missMVT), data.dataset)), tiles, days, dayNums)
	return tiles, days, dayNums, err
}

// holdsControl says whether t's control layer on benchDay has anything.
func holdsControl(ctx context.Context, c *http.Client, base, dataset string, t maptile.Tile) (bool, error) {
	u := fmt.Sprintf("%s/tiles/%s/%d/%d/%d.mvt?dataset=%s&layers=control", base, benchDay, t.Z, t.X, t.Y, dataset)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := c.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	n, _ := io.Copy(io.Discard, resp.Body)
	switch resp.StatusCode {
	case http.StatusOK:
		return n > 0, nil
	case http.StatusNoContent:
		return false, nil
	}
	return false, fmt.Errorf("GET %s: %s", u, resp.Status)
}

// missFrontline runs the load against a fresh `frontline serve` on db.
func missFrontline(ctx context.Context, cfg config, run *missRun, db string, pg *pgCluster, pattern missPattern, tiles, days []string) error {
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	if err := runMissWrk(ctx, cfg, run, srv.base, srv.cmd.Process.Pid, pg, pattern, tiles, days); err != nil {
		return fmt.Errorf("%s, %s: %w", run.name, run.format, err)
	}
	return nil
}

// missOnPG copies the data into a throwaway PostgreSQL and runs the load
// against frontline on it and against the peers that read PostGIS.
func missOnPG(ctx context.Context, cfg config, data missData, tegola *builtTegola, res *missResult, mvt, png missPattern, tiles, days, dayNums []string) error {
	log.Printf("miss: starting PostgreSQL")
	pg, err := startPG(cfg)
	if err != nil {
		return err
	}
	defer pg.stop()
	res.pgVersion = pg.version
	log.Printf("miss: frontline copy of %s into PostgreSQL", data.db)
	start := time.Now()
	if out, err := exec.CommandContext(ctx, cfg.bin, "copy", "--from", data.db, "--to", pg.url).CombinedOutput(); err != nil {
		return fmt.Errorf("frontline copy: %v\n%s", err, out)
	}
	res.copySecs = time.Since(start).Seconds()
	if _, err := pg.psql(pg.url, "VACUUM ANALYZE"); err != nil {
		return err
	}
	for _, f := range []struct {
		format  string
		pattern missPattern
	}{{"mvt", mvt}, {"png", png}} {
		run := &missRun{name: "frontline on PostgreSQL", format: f.format, store: "PostgreSQL"}
		log.Printf("miss: %s, %s, %v", run.name, f.format, cfg.missDur)
		if err := missFrontline(ctx, cfg, run, pg.url, pg, f.pattern, tiles, days); err != nil {
			return err
		}
		res.runs = append(res.runs, run)
	}
	if tegola == nil {
		log.Printf("building tegola %s", tegolaVersion)
		tegola = &builtTegola{}
		tegola.bin, tegola.err = buildTegola(cfg)
	}
	res.runs = append(res.runs, missTegola(ctx, cfg, pg, data.dataset, tegola, tiles, dayNums, res.sample))
	res.runs = append(res.runs, missPgTileserv(ctx, cfg, pg, data.dataset, tiles, dayNums, res.sample))
	run, err := missMapnik(ctx, cfg, pg, data.dataset, tiles, dayNums)
	if err != nil {
		return err
	}
	res.runs = append(res.runs, run)
	return nil
}

// removeDB removes a SQLite file and its journal files.
func removeDB(db string) {
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(db + s)
	}
}
