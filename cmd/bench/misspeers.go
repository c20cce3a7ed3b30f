package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Peers under the load that misses the cache, each over the versions
// table that frontline on PostgreSQL reads: the versions of the dataset
// on the map at the day (the same GiST index over validity and geometry,
// versions_day_geom, that frontline's query steps down) in the tile.

// missPeerWhere is the peers' condition on a version of dataset at the
// day expression day, in bbox.
func missPeerWhere(dataset, day, bbox string) string {
	return fmt.Sprintf("d.name = %s AND v.valid @> (DATE '1970-01-01' + %s) AND v.geom && %s", sqlString(dataset), day, bbox)
}

// sqlString is s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// tegolaMissSQL is tegola's layer: the control polygons of the day that
// the request's day parameter (a day number) names.
func tegolaMissSQL(dataset string) string {
	return "SELECT ST_AsBinary(v.geom) AS geom, v.id, r.slug AS region, v.side, v.status, d.name AS dataset " +
		"FROM versions v JOIN regions r ON r.id = v.region_id JOIN datasets d ON d.id = v.dataset_id " +
		"WHERE " + missPeerWhere(dataset, "(!DAY!)::integer", "!BBOX!")
}

// tegolaMissParams makes the day a query parameter of tegola's map
// (tegola v0.15 and later): ?day=N replaces !DAY! by a bound integer.
const tegolaMissParams = `
  [[maps.params]]
  name = "day"
  token = "!DAY!"
  type = "int"
`

// tegolaMissPath is tegola's request for a pair.
const tegolaMissPath missPattern = "/maps/frontline/{tile}.pbf?day={day}"

// missTegola runs the load against tegola; a tegola that fails to build
// or start is a row that says so.
func missTegola(ctx context.Context, cfg config, pg *pgCluster, dataset string, tg *builtTegola, tiles, dayNums []string, sample []samplePair) *missRun {
	run := &missRun{name: "tegola " + tegolaVersion + ", PostGIS provider", format: "mvt", store: "PostgreSQL", peer: true}
	if tg.err != nil {
		run.skipped = tg.err.Error()
		return run
	}
	addr, err := freePort()
	if err != nil {
		run.skipped = err.Error()
		return run
	}
	log.Printf("miss: %s, %v", run.name, cfg.missDur)
	p, err := startTegola(ctx, cfg, tg.bin, addr, tegolaConfigSQL(addr, pg.url, tegolaMissSQL(dataset), tegolaMissParams))
	if err != nil {
		run.skipped = err.Error()
		return run
	}
	defer p.stop()
	run.note = checkSample(ctx, p.base, tegolaMissPath, sample)
	if err := runMissWrk(ctx, cfg, run, p.base, p.pid, pg, tegolaMissPath, tiles, dayNums); err != nil {
		run.skipped = err.Error()
	}
	return run
}

// pgTileservFunction is the function layer pg_tileserv serves: the MVT of
// the control polygons of dataset at day in tile z/x/y, with the
// attributes of frontline's control layer.
func pgTileservFunction(dataset string) string {
	return `CREATE OR REPLACE FUNCTION public.control_day(z integer, x integer, y integer, day integer DEFAULT ` + strconv.Itoa(benchDayNum()) + `)
RETURNS bytea AS $$
  SELECT ST_AsMVT(t, 'control', 4096, 'geom') FROM (
    SELECT ST_AsMVTGeom(ST_Transform(v.geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true) AS geom,
      r.slug AS region, v.side, v.status, d.name AS dataset
    FROM versions v JOIN regions r ON r.id = v.region_id JOIN datasets d ON d.id = v.dataset_id
    WHERE ` + missPeerWhere(dataset, "day", "ST_Transform(ST_TileEnvelope(z, x, y), 4326)") + `
  ) t WHERE geom IS NOT NULL
$$ LANGUAGE sql STABLE PARALLEL SAFE;`
}

const pgTileservMissPath missPattern = "/public.control_day/{tile}.pbf?day={day}"

// missPgTileserv runs the load against pg_tileserv (cfg.pgTileserv) with
// a pool of 16 connections, one a wrk connection; none found is a row
// that says so.
func missPgTileserv(ctx context.Context, cfg config, pg *pgCluster, dataset string, tiles, dayNums []string, sample []samplePair) *missRun {
	run := &missRun{name: "pg_tileserv, function layer", format: "mvt", store: "PostgreSQL", peer: true}
	if cfg.pgTileserv == "" {
		run.skipped = "no pg_tileserv binary (not installable here: none on PATH and no -pgtileserv PATH)"
		return run
	}
	if v, err := exec.Command(cfg.pgTileserv, "--version").CombinedOutput(); err == nil {
		run.name = strings.TrimSpace(lastLines(v, 1)) + ", function layer"
	}
	if _, err := pg.psql(pg.url, pgTileservFunction(dataset)); err != nil {
		run.skipped = err.Error()
		return run
	}
	addr, err := freePort()
	if err != nil {
		run.skipped = err.Error()
		return run
	}
	host, port, _ := strings.Cut(addr, ":")
	cmd := exec.CommandContext(ctx, cfg.pgTileserv, "--no-preview")
	cmd.Dir = cfg.dir // no config file of its own to find
	cmd.Env = append(os.Environ(), "DATABASE_URL="+pg.url, "TS_HTTPHOST="+host, "TS_HTTPPORT="+port, "TS_DBPOOLMAXCONNS=16")
	log.Printf("miss: %s, %v", run.name, cfg.missDur)
	p, err := startPeer(ctx, "pg_tileserv", cmd, "http://"+addr, "/health")
	if err != nil {
		run.skipped = err.Error()
		return run
	}
	defer p.stop()
	run.note = checkSample(ctx, p.base, pgTileservMissPath, sample)
	if err := runMissWrk(ctx, cfg, run, p.base, p.pid, pg, pgTileservMissPath, tiles, dayNums); err != nil {
		run.skipped = err.Error()
	}
	return run
}

// mapnikMissTable is the table of Mapnik's PostGIS datasource: the
// versions of dataset on the map at the render's variable day (@day, null
// when Mapnik reads the columns). Mapnik adds the tile's bbox
// (geom && envelope) around it.
func mapnikMissTable(dataset string) string {
	return "(SELECT v.id, v.geom FROM versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.name = " + sqlString(dataset) +
		" AND v.valid @> (DATE '1970-01-01' + (@day)::integer)) AS t"
}

// mapnikMissOut is what `render_mapnik.py miss` prints.
type mapnikMissOut struct {
	Renders  int     `json:"renders"`
	Secs     float64 `json:"secs"`
	P50      float64 `json:"p50_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	CPU      float64 `json:"cpu_s"`
	RSSKB    int64   `json:"maxrss_kb"`
	Errors   int     `json:"errors"`
	FirstErr string  `json:"first_error"`
}

// missMapnik renders the PNG of the pairs with Mapnik from PostGIS, the
// day a variable of each render (render_with_vars, @day in the
// datasource's SQL), in cfg.conc processes (stream i in process i) for cfg.missDur, after each
// has drawn a few tiles to load the basemap; it measures PostgreSQL's CPU
// around the run. Mapnik not installed is a row that says so.
func missMapnik(ctx context.Context, cfg config, pg *pgCluster, dataset string, tiles, dayNums []string) (*missRun, error) {
	run := &missRun{name: "Mapnik 3.1, PostGIS datasource", format: "png", store: "PostgreSQL", peer: true}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import mapnik").Run(); err != nil {
		run.skipped = "Mapnik not installed (apt-get install python3-mapnik)"
		return run, nil
	}
	if cfg.root == "" {
		return nil, fmt.Errorf("mapnik: the basemap is the repository's data/seed/naturalearth.geojson.gz: %v", cfg.rootErr)
	}
	base := filepath.Join(cfg.dir, "base.geojson")
	if err := gunzipFile(filepath.Join(cfg.root, "data", "seed", "naturalearth.geojson.gz"), base); err != nil {
		return nil, err
	}
	u, err := url.Parse(pg.url)
	if err != nil {
		return nil, err
	}
	script := filepath.Join(cfg.dir, "render_mapnik.py")
	tilesPath, daysPath := filepath.Join(cfg.dir, "miss-tiles.txt"), filepath.Join(cfg.dir, "miss-days.txt")
	for path, b := range map[string][]byte{script: mapnikScript, tilesPath: []byte(strings.Join(tiles, "\n")), daysPath: []byte(strings.Join(dayNums, "\n"))} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return nil, err
		}
	}
	pg0, err := pg.cpu()
	if err != nil {
		return nil, err
	}
	log.Printf("miss: %s, %v", run.name, cfg.missDur)
	rctx, cancel := context.WithTimeout(ctx, cfg.missDur+5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(rctx, py, script, "miss", base, u.Hostname(), u.Port(), u.User.Username(), strings.TrimPrefix(u.Path, "/"), mapnikMissTable(dataset),
		tilesPath, daysPath, strconv.Itoa(cfg.conc), strconv.FormatFloat(cfg.missDur.Seconds(), 'f', 0, 64),
		strconv.FormatInt(missSeed(0), 10), strconv.FormatInt(missSeed(1)-missSeed(0), 10))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		run.skipped = fmt.Sprintf("render_mapnik.py miss: %v: %s", err, lastLines(stderr.Bytes(), 3))
		return run, nil
	}
	pg1, err := pg.cpu()
	if err != nil {
		return nil, err
	}
	var m mapnikMissOut
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, fmt.Errorf("render_mapnik.py miss printed %q: %v", out, err)
	}
	if m.Renders == 0 || m.Secs <= 0 {
		run.skipped = fmt.Sprintf("no render: %d errors, the first: %s", m.Errors, m.FirstErr)
		return run, nil
	}
	run.requests, run.rps = int64(m.Renders), float64(m.Renders)/m.Secs
	run.p50, run.p99, run.max = fmt.Sprintf("%.2fms", m.P50), fmt.Sprintf("%.2fms", m.P99), fmt.Sprintf("%.2fms", m.Max)
	run.non2xx = int64(m.Errors)
	if m.Errors > 0 {
		run.note = "first error: " + m.FirstErr
	}
	run.rssMB = float64(m.RSSKB) / 1024
	n := time.Duration(m.Renders)
	run.cpu = time.Duration(m.CPU*float64(time.Second)) / n
	run.pgCPU = (pg1 - pg0) / n
	return run, nil
}
