package main

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

// pgReport is what the run measured of PostgreSQL + PostGIS, each figure
// beside SQLite's of the same run.
type pgReport struct {
	version                                     string // "PostgreSQL 15.x, PostGIS 3.x"
	importSecs, reimportSecs, importRSSMB, dbMB float64
	uncached                                    map[string]*timing // mvt-control on PostgreSQL
	rounds                                      int
	sqliteRounds, pgRounds                      map[string][]*timing // png, mvt: each round's fresh server
	cached                                      *wrkResult           // median of the rounds, beside SQLite's in report.cached
	cachedConns, cachedPaths, cachedRounds      int
	rssMB                                       float64 // the server on PostgreSQL after the cached runs

	tegolaBin string
	tegolaErr error   // why tegola was not measured
	tegola    *timing // tegola's PostGIS provider on the tile list

	shared []*sharedRun // two servers on one database: SQLite, PostgreSQL
}

// pgBin is where PostgreSQL 15's programs are, as .ci/pg.sh looks for them.
func pgBin() string {
	if b := os.Getenv("PG_BIN"); b != "" {
		return b
	}
	return "/usr/lib/postgresql/15/bin"
}

// pgMissing says why PostgreSQL cannot be measured here ("" when it can):
// .ci/pg.sh of the repository, PostgreSQL 15's programs and PostGIS.
func pgMissing(root string, rootErr error) string {
	if rootErr != nil {
		return fmt.Sprintf("the throwaway server is the repository's .ci/pg.sh: %v", rootErr)
	}
	if _, err := os.Stat(filepath.Join(root, ".ci", "pg.sh")); err != nil {
		return fmt.Sprintf("no .ci/pg.sh: %v", err)
	}
	for _, b := range []string{"initdb", "pg_ctl", "postgres", "psql"} {
		if _, err := exec.LookPath(filepath.Join(pgBin(), b)); err != nil {
			return fmt.Sprintf("no %s (apt-get install postgresql-15-postgis-3)", filepath.Join(pgBin(), b))
		}
	}
	control := os.Getenv("POSTGIS_CONTROL")
	if control == "" {
		control = "/usr/share/postgresql/15/extension/postgis.control"
	}
	if _, err := os.Stat(control); err != nil {
		return fmt.Sprintf("no PostGIS for PostgreSQL 15 (%s; apt-get install postgresql-15-postgis-3)", control)
	}
	return ""
}

// pgCluster is a throwaway PostgreSQL server of .ci/pg.sh with a database
// of the run's own.
type pgCluster struct {
	script, dir string
	url         string // the bench database
	version     string
	stopOnce    sync.Once
}

// pgDatabase is the database the run creates in its cluster.
const pgDatabase = "frontline_bench"

// startPG starts a cluster with .ci/pg.sh in a new folder of the system's
// temporary directory (the server's user must reach it: not in cfg.dir,
// which only we can enter), creates the run's database in it and stops
// the cluster however the run ends.
func startPG(cfg config) (*pgCluster, error) {
	dir, err := os.MkdirTemp("", "frontline-bench-pg")
	if err != nil {
		return nil, err
	}
	p := &pgCluster{script: filepath.Join(cfg.root, ".ci", "pg.sh"), dir: dir}
	onExit(p.stop)
	cmd := exec.Command("bash", p.script, "start", dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("%s start %s: %v\n%s", p.script, dir, err, stderr.String())
	}
	admin, err := url.Parse(strings.TrimSpace(string(out)))
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("%s start printed %q: %v", p.script, out, err)
	}
	if _, err := p.psql(admin.String(), "CREATE DATABASE "+pgDatabase); err != nil {
		p.stop()
		return nil, err
	}
	db := *admin
	db.Path = "/" + pgDatabase
	p.url = db.String()
	// The store creates PostGIS in its database when it migrates; the
	// version is read from the cluster's template here.
	v, err := p.psql(admin.String(), "SELECT split_part(version(), ' ', 2) || ', PostGIS ' || (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis')")
	if err != nil {
		p.stop()
		return nil, err
	}
	p.version = "PostgreSQL " + v
	return p, nil
}

// psql runs one SQL command on the database of url and returns its output
// (unaligned, tuples only).
func (p *pgCluster) psql(url, sql string) (string, error) {
	out, err := exec.Command(filepath.Join(pgBin(), "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-Atc", sql, url).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("psql %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// stop stops the cluster and removes its folder.
func (p *pgCluster) stop() {
	p.stopOnce.Do(func() {
		if out, err := exec.Command("bash", p.script, "stop", p.dir).CombinedOutput(); err != nil {
			log.Printf("%s stop %s: %v\n%s", p.script, p.dir, err, out)
		}
	})
}

// measurePGImport imports the series into the cluster's database with the
// same binary as into SQLite, then again (nothing changes), and reads the
// database's size.
func measurePGImport(cfg config, p *pgCluster, r *pgReport) error {
	var err error
	if r.importSecs, r.importRSSMB, err = timeImport(cfg, p.url); err != nil {
		return fmt.Errorf("import into PostgreSQL: %w", err)
	}
	if r.reimportSecs, _, err = timeImport(cfg, p.url); err != nil {
		return fmt.Errorf("re-import into PostgreSQL: %w", err)
	}
	size, err := p.psql(p.url, "SELECT pg_database_size(current_database())")
	if err != nil {
		return err
	}
	n, err := strconv.ParseFloat(size, 64)
	if err != nil {
		return fmt.Errorf("database size %q: %v", size, err)
	}
	r.dbMB = n / (1 << 20)
	return nil
}

// markdown is the PostgreSQL section of the report.
func (p *pgReport) markdown(cfg config, r *report) string {
	var b strings.Builder
	b.WriteString("### PostgreSQL\n\n")
	fmt.Fprintf(&b, "The same series imported by the same binary into %s, a throwaway cluster of `.ci/pg.sh` (fsync and synchronous_commit off, as for the tests) on this machine, over TCP loopback; "+
		"each figure beside SQLite's from this run: uncached tiles on the same tile list (%d tiles, %d clients) in rounds that each start a fresh server on SQLite and one on PostgreSQL, one at a time, SQLite first in every other round; "+
		"cached tiles in the same alternating wrk rounds as above, the server on PostgreSQL beside the SQLite one.\n\n", p.version, r.tiles, cfg.conc)
	b.WriteString("| measure | SQLite | PostgreSQL | PostgreSQL/SQLite | aim |\n|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| import of the full series | %.1f s, peak RSS %.0f MB, database %.1f MB | %.1f s, peak RSS %.0f MB, database %.1f MB | %s the time | |\n",
		r.importSecs, r.importRSSMB, r.dbMB, p.importSecs, p.importRSSMB, p.dbMB, times(p.importSecs, r.importSecs))
	fmt.Fprintf(&b, "| re-import (no-op) | %.1f s | %.1f s | %s the time | |\n", r.reimportSecs, p.reimportSecs, times(p.reimportSecs, r.reimportSecs))
	for _, ext := range []string{"png", "mvt"} {
		s, q := p.sqliteRounds[ext], p.pgRounds[ext]
		if len(s) == 0 || len(q) == 0 {
			continue
		}
		sm, qm := medianTiming(s), medianTiming(q)
		ratio := qm.tilesPerSec() / sm.tilesPerSec()
		fmt.Fprintf(&b, "| uncached %s tiles/s (%d clients), median of %d alternating rounds | %.0f tiles/s (rounds %s) | %.0f tiles/s (rounds %s; median request %s, p99 %s) | **%.2fx** | ≥ 0.7x: %s |\n",
			ext, cfg.conc, p.rounds, sm.tilesPerSec(), roundRates(s), qm.tilesPerSec(), roundRates(q), ms(percentile(qm.all(), 0.5)), ms(percentile(qm.all(), 0.99)), ratio, met(ratio >= 0.7))
	}
	if p.cached != nil && len(r.cached) > 0 {
		s := r.cached[0].frontline
		ratio := p.cached.rps / s.rps
		fmt.Fprintf(&b, "| cached png, wrk -c%d over %d tiles, median of %d alternating rounds | %.0f req/s (p99 %s) | %s | **%.1f%%** | within 10%%: %s |\n",
			p.cachedConns, p.cachedPaths, p.cachedRounds, s.rps, s.p99,
			strings.TrimSpace(fmt.Sprintf("%.0f req/s (p99 %s) %s", p.cached.rps, p.cached.p99, p.cached.errors)), 100*ratio, met(ratio >= 0.9 && ratio <= 1.1))
	}
	if p.rssMB > 0 && r.rssMB > 0 {
		fmt.Fprintf(&b, "| server RSS after the cached runs | %.0f MB | %.0f MB | | |\n", r.rssMB, p.rssMB)
	}
	b.WriteString("\n")
	// The peer: tegola over the same tables.
	b.WriteString(fmt.Sprintf("Vector tiles of the control layer alone on PostgreSQL, uncached, %d clients, the same %d tiles: frontline (`?layers=control`) against tegola %s's PostGIS provider over the same `versions` table "+
		"(layer SQL `SELECT ST_AsBinary(geom) AS geom, id, side, status FROM versions WHERE dataset_id = (SELECT id FROM datasets WHERE name='deepstate') AND valid_from <= %d AND %d < valid_to AND geom && !BBOX!`, no tile cache), both gzipped.\n\n",
		cfg.conc, r.tiles, tegolaVersion, benchDayNum(), benchDayNum()))
	b.WriteString("| server | tiles/s | median | p99 | bytes | frontline/tegola |\n|---|---|---|---|---|---|\n")
	if f := p.uncached["mvt-control"]; f != nil {
		fmt.Fprintf(&b, "| frontline on PostgreSQL, `layers=control` | %.0f | %s | %s | %.0f KB | |\n", f.tilesPerSec(), ms(percentile(f.all(), 0.5)), ms(percentile(f.all(), 0.99)), float64(f.bytes)/(1<<10))
	}
	switch {
	case p.tegola != nil:
		t := p.tegola
		ratio := "n/a"
		if f := p.uncached["mvt-control"]; f != nil && t.tilesPerSec() > 0 {
			ratio = fmt.Sprintf("**%.1fx**", f.tilesPerSec()/t.tilesPerSec())
		}
		fmt.Fprintf(&b, "| tegola %s, PostGIS provider | %.0f | %s | %s | %.0f KB | %s |\n", tegolaVersion, t.tilesPerSec(), ms(percentile(t.all(), 0.5)), ms(percentile(t.all(), 0.99)), float64(t.bytes)/(1<<10), ratio)
	case p.tegolaErr != nil:
		fmt.Fprintf(&b, "| tegola %s, PostGIS provider | not measured: %s | | | | |\n", tegolaVersion, oneLine(p.tegolaErr.Error(), 400))
	}
	if len(p.shared) > 0 {
		b.WriteString("\n" + sharedMarkdown(cfg, p.shared))
	}
	return b.String()
}

// measurePGUncached measures uncached png and mvt tiles in cfg.pgRounds
// rounds, each a fresh server on the SQLite file and one on PostgreSQL,
// one at a time, SQLite first in every other round: on a shared machine
// one pass of each drifts by more than the difference measured.
func measurePGUncached(ctx context.Context, cfg config, db, pgURL string, tiles []maptile.Tile, r *pgReport) error {
	r.rounds = cfg.pgRounds
	r.sqliteRounds, r.pgRounds = map[string][]*timing{}, map[string][]*timing{}
	type side struct {
		name, db string
		out      map[string][]*timing
	}
	sides := []side{{"SQLite", db, r.sqliteRounds}, {"PostgreSQL", pgURL, r.pgRounds}}
	for i := range cfg.pgRounds {
		for j := range sides {
			s := sides[(i+j)%2]
			srv, err := startServer(ctx, cfg, s.db)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			for _, ext := range []string{"png", "mvt"} {
				tm, err := measureUncached(ctx, cfg, srv, tiles, ext)
				if err != nil {
					srv.stop()
					return fmt.Errorf("%s, round %d: %w", s.name, i+1, err)
				}
				s.out[ext] = append(s.out[ext], tm)
			}
			srv.stop()
			log.Printf("  round %d, %s: png %.0f tiles/s, mvt %.0f tiles/s", i+1, s.name, s.out["png"][i].tilesPerSec(), s.out["mvt"][i].tilesPerSec())
		}
	}
	return nil
}

// medianTiming is the round of median throughput.
func medianTiming(ts []*timing) *timing {
	s := append([]*timing(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i].tilesPerSec() < s[j].tilesPerSec() })
	return s[len(s)/2]
}

// roundRates is each round's tiles/s, in order.
func roundRates(ts []*timing) string {
	var s []string
	for _, t := range ts {
		s = append(s, fmt.Sprintf("%.0f", t.tilesPerSec()))
	}
	return strings.Join(s, ", ")
}

// all is every latency of a timing.
func (tm *timing) all() []time.Duration {
	var ds []time.Duration
	for _, d := range tm.byZoom {
		ds = append(ds, d...)
	}
	return ds
}

func times(a, b float64) string {
	if b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// oneLine is s on one line, cut to at most n bytes, for a table cell.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// benchDayNum is benchDay as the tables store days: since 1970-01-01.
func benchDayNum() int { return int(geo.MustParseDay(benchDay)) }
