package main

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"path/filepath"

	"github.com/paulmach/orb/maptile"
)

// run measures the real series: imports into SQLite (and PostgreSQL with
// -pg), then the tiles, pictures and loads on them; with -only hostile
// only the mixed load with hostile requests after the imports.
func run(ctx context.Context, cfg config, r *report, base *baselineRun) error {
	db := filepath.Join(cfg.dir, "bench.db")
	pg, err := importSeries(cfg, db, r)
	if pg != nil {
		defer pg.stop()
	}
	if err != nil {
		return err
	}
	if cfg.only == "hostile" {
		return runHostile(ctx, cfg, db, pg, r)
	}
	if base != nil {
		// Each binary of the comparison gets its own copy of the database
		// as imported, before any server has opened it.
		if err := base.copyDatabases(db); err != nil {
			return err
		}
	}
	tiles := tileList(cfg.quick)
	r.tiles = len(tiles)
	if err := measureServing(ctx, cfg, db, pg, tiles, r); err != nil {
		return err
	}
	if err := measureLoads(ctx, cfg, db, pg, r); err != nil {
		return err
	}
	if base != nil {
		return base.compare(ctx, cfg, tiles, r)
	}
	return nil
}

// importSeries builds tegola (with -pg, unless -only hostile) and imports
// the series into db and, with -pg, into a throwaway PostgreSQL, which it
// returns (to be stopped by the caller, also on an error).
func importSeries(cfg config, db string, r *report) (*pgCluster, error) {
	if cfg.pg {
		// tegola is built before anything is measured (a first build
		// takes a minute of both cores); one that cannot be built is a
		// row of the report, not a failed run.
		r.pg = &pgReport{uncached: map[string]*timing{}}
		if cfg.only != "hostile" {
			log.Printf("building tegola %s", tegolaVersion)
			r.pg.tegolaBin, r.pg.tegolaErr = buildTegola(cfg)
			if r.pg.tegolaErr != nil {
				log.Printf("tegola: %v", r.pg.tegolaErr)
			}
		}
	} else if cfg.pgMissing != "" {
		r.notes = append(r.notes, "PostgreSQL not measured: "+cfg.pgMissing)
	} else {
		r.notes = append(r.notes, "PostgreSQL not measured (-pg=false)")
	}
	log.Printf("importing the series")
	if err := measureImport(cfg, db, r); err != nil {
		return nil, err
	}
	if !cfg.pg {
		return nil, nil
	}
	log.Printf("starting PostgreSQL")
	pg, err := startPG(cfg)
	if err != nil {
		return nil, err
	}
	r.pg.version = pg.version
	log.Printf("importing the series into PostgreSQL (%s)", pg.version)
	return pg, measurePGImport(cfg, pg, r.pg)
}

// measureServing measures a server on db (and one on pg): uncached tiles
// beside tegola and Mapnik, cached tiles, the scrub and snapshots.
func measureServing(ctx context.Context, cfg config, db string, pg *pgCluster, tiles []maptile.Tile, r *report) error {
	srv, err := startServer(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer srv.stop()
	var pgSrv *server
	if pg != nil {
		if pgSrv, err = startServer(ctx, cfg, pg.url); err != nil {
			return err
		}
		defer pgSrv.stop()
	}
	for _, f := range []string{"png", "mvt"} {
		log.Printf("uncached %s over %d tiles", f, len(tiles))
		tm, err := measureUncached(ctx, cfg, srv, tiles, f)
		if err != nil {
			return err
		}
		r.uncached[f] = tm
	}
	if pgSrv != nil {
		log.Printf("uncached tiles on SQLite and PostgreSQL, %d alternating rounds", cfg.pgRounds)
		if err := measurePGUncached(ctx, cfg, db, pg.url, tiles, r.pg); err != nil {
			return err
		}
		log.Printf("control-layer vector tiles on PostgreSQL and tegola over %d tiles", len(tiles))
		if err := measureTegola(ctx, cfg, pg, pgSrv, tiles, r.pg); err != nil {
			return err
		}
	}
	log.Printf("mapnik over %d tiles", len(tiles))
	if err := measureMapnik(cfg, db, tiles, r); err != nil {
		return err
	}
	log.Printf("cached tiles with wrk")
	if err := measureCached(ctx, cfg, srv, pgSrv, tiles, r); err != nil {
		return err
	}
	if pgSrv != nil {
		r.pg.rssMB = pgSrv.rssMB()
		pgSrv.stop()
	}
	log.Printf("timeline scrub")
	if err := measureScrub(ctx, srv, r); err != nil {
		return err
	}
	log.Printf("snapshots")
	sr, err := measureSnapshots(ctx, srv)
	if err != nil {
		return err
	}
	r.snapshots = &sr
	return nil
}

// measureLoads runs the mixed load, the load with hostile requests and,
// with PostgreSQL, two servers on one database of each store.
func measureLoads(ctx context.Context, cfg config, db string, pg *pgCluster, r *report) error {
	log.Printf("mixed load: %d s at %d connections", cfg.loadSecs, cfg.loadConns)
	if err := measureLoad(ctx, cfg, db, tileList(false), r); err != nil {
		return err
	}
	if err := runHostile(ctx, cfg, db, pg, r); err != nil {
		return err
	}
	if pg == nil {
		return nil
	}
	// SQLite on a copy: the baseline comparison after has its own.
	shared := filepath.Join(cfg.dir, "shared.db")
	if err := copyDB(db, shared); err != nil {
		return err
	}
	for _, st := range []struct{ name, db string }{{"SQLite", shared}, {"PostgreSQL", pg.url}} {
		log.Printf("two servers on one %s database: %d s of wrk -c%d, an import at %d s", st.name, cfg.sharedSecs, cfg.loadConns, cfg.sharedSecs/2)
		sr, err := measureShared(ctx, cfg, st.name, st.db, tileList(false))
		if err != nil {
			return fmt.Errorf("two servers on %s: %w", st.name, err)
		}
		r.pg.shared = append(r.pg.shared, sr)
	}
	return nil
}

// runHostile runs the mixed load with hostile requests beside it on a copy
// of the SQLite database and, with -pg, on PostgreSQL (whose database
// keeps the planted datasets: it runs after everything else there).
func runHostile(ctx context.Context, cfg config, db string, pg *pgCluster, r *report) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		r.notes = append(r.notes, "wrk not installed: the load with hostile requests not measured")
		return nil
	}
	hdb := filepath.Join(cfg.dir, "hostile.db")
	if err := copyDB(db, hdb); err != nil {
		return err
	}
	stores := []struct{ name, db string }{{"SQLite", hdb}}
	if pg != nil {
		stores = append(stores, struct{ name, db string }{"PostgreSQL", pg.url})
	}
	for _, st := range stores {
		log.Printf("mixed load with hostile requests on %s: %d s at %d connections", st.name, cfg.loadSecs, cfg.loadConns)
		res, err := measureHostile(ctx, cfg, st.name, st.db, tileList(false))
		if err != nil {
			return fmt.Errorf("hostile load on %s: %w", st.name, err)
		}
		r.hostile = append(r.hostile, res)
	}
	return nil
}
