package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMissPatternLua(t *testing.T) {
	for p, want := range map[missPattern]string{
		"/tiles/{day}/{tile}.mvt?dataset=ds&layers=control": `"/tiles/" .. d .. "/" .. t .. ".mvt?dataset=ds&layers=control"`,
		tegolaMissPath:     `"/maps/frontline/" .. t .. ".pbf?day=" .. d`,
		pgTileservMissPath: `"/public.control_day/" .. t .. ".pbf?day=" .. d`,
		`/{x}"{tile}`:      `"/{x}\"" .. t`,
	} {
		if got := p.lua(); got != want {
			t.Errorf("%s: lua %s, want %s", p, got, want)
		}
	}
	if got := tegolaMissPath.path("7/75/43", "20108"); got != "/maps/frontline/7/75/43.pbf?day=20108" {
		t.Errorf("path %s", got)
	}
}

// The script's threads ask for the pairs of streams 0 and 1, in order,
// as the harness draws them (and Mapnik's processes, with the same
// generator): wrk runs it against a listener that records each
// connection's requests (one connection a thread).
func TestMissScriptDrawsTheStreams(t *testing.T) {
	if _, err := exec.LookPath("wrk"); err != nil {
		t.Skip("wrk not installed")
	}
	var mu sync.Mutex
	byConn := map[string][]string{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		byConn[r.RemoteAddr] = append(byConn[r.RemoteAddr], r.URL.RequestURI())
		mu.Unlock()
		if r.Header.Get("Accept-Encoding") != "gzip" {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	defer ts.Close()
	tiles := []string{"6/37/21", "7/75/43", "8/150/85", "9/300/170", "10/600/340"}
	var days []string
	for d := range 1219 {
		days = append(days, time.Date(2022, 4, 3+d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
	}
	p := missPattern("/tiles/{day}/{tile}.mvt?dataset=ds")
	script := filepath.Join(t.TempDir(), "miss.lua")
	if err := os.WriteFile(script, []byte(missScript(p, tiles, days)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("wrk", "-t2", "-c2", "-d1s", "-s", script, ts.URL).CombinedOutput()
	if err != nil {
		t.Fatalf("wrk: %v\n%s", err, out)
	}
	if w := readWrk(out); w.non2xx != 0 {
		t.Errorf("%d requests without Accept-Encoding: gzip", w.non2xx)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(byConn) != 2 {
		t.Fatalf("%d connections, want 2", len(byConn))
	}
	seen := map[int]bool{}
	for conn, got := range byConn {
		if len(got) < 100 {
			t.Fatalf("%s: %d requests in 1 s", conn, len(got))
		}
		stream := -1
		for i := range 2 {
			s := newMissStream(i)
			ti, di := s.pair(len(tiles), len(days))
			if got[0] == p.path(tiles[ti], days[di]) {
				stream = i
			}
		}
		if stream < 0 || seen[stream] {
			t.Fatalf("%s: first request %s is no stream's first pair (or another connection's)", conn, got[0])
		}
		seen[stream] = true
		s := newMissStream(stream)
		for k, path := range got {
			ti, di := s.pair(len(tiles), len(days))
			if want := p.path(tiles[ti], days[di]); path != want {
				t.Fatalf("%s, request %d: %s, want %s of stream %d", conn, k, path, want, stream)
			}
		}
	}
}

func TestTegolaMissConfig(t *testing.T) {
	conf := tegolaConfigSQL("127.0.0.1:9", "postgres://u@127.0.0.1:5/db", tegolaMissSQL("d's"), tegolaMissParams)
	maps := strings.Index(conf, "[[maps]]")
	params := strings.Index(conf, "[[maps.params]]")
	layers := strings.Index(conf, "[[maps.layers]]")
	if maps < 0 || !(maps < params && params < layers) {
		t.Errorf("the day is no parameter of the map (maps at %d, params at %d, layers at %d):\n%s", maps, params, layers, conf)
	}
	for _, want := range []string{
		`name = "day"`, `token = "!DAY!"`, `type = "int"`,
		`d.name = 'd''s'`, `v.valid @> (DATE '1970-01-01' + (!DAY!)::integer)`, "v.geom && !BBOX!", "r.slug AS region",
	} {
		if !strings.Contains(conf, want) {
			t.Errorf("config lacks %q:\n%s", want, conf)
		}
	}
	f := pgTileservFunction("ds")
	for _, want := range []string{"public.control_day(z integer, x integer, y integer, day integer DEFAULT ", "v.valid @> (DATE '1970-01-01' + day)", "d.name = 'ds'"} {
		if !strings.Contains(f, want) {
			t.Errorf("pg_tileserv's function lacks %q:\n%s", want, f)
		}
	}
}

func TestMissMarkdown(t *testing.T) {
	run := func(name, format, store string, peer bool, rps float64, cpu, pgCPU time.Duration) *missRun {
		r := &missRun{name: name, format: format, store: store, peer: peer, rssMB: 300, cpu: cpu, pgCPU: pgCPU}
		r.rps, r.p50, r.p99 = rps, "6.50ms", "120.00ms"
		return r
	}
	m := &missResult{data: missData{source: "/tmp/a.db (copied)", archive: true}, secs: 10, tiles: 594,
		from: 19085, to: 20303, loadStart: "10.1, 9, 8", loadEnd: "11, 9, 8", pgVersion: "PostgreSQL 15.14, PostGIS 3.3.2",
		runs: []*missRun{
			run("frontline on SQLite", "mvt", "SQLite", false, 2000, 400*time.Microsecond, 0),
			run("frontline on SQLite", "png", "SQLite", false, 600, 3*time.Millisecond, 0),
			run("frontline on PostgreSQL", "mvt", "PostgreSQL", false, 1000, 300*time.Microsecond, 300*time.Microsecond),
			run("tegola v0.21.2, PostGIS provider", "mvt", "PostgreSQL", true, 500, 1200*time.Microsecond, 400*time.Microsecond),
			{name: "pg_tileserv, function layer", format: "mvt", store: "PostgreSQL", peer: true, skipped: "no pg_tileserv binary"},
			run("Mapnik 3.1, PostGIS datasource", "png", "PostgreSQL", true, 200, 8*time.Millisecond, 2*time.Millisecond),
		}}
	md := m.markdown("cd cmd/bench && go run . -only miss")
	for _, want := range []string{
		"DeepStateMap's whole archive (/tmp/a.db (copied))",
		"load average 10.1, 9, 8 at the start, 11, 9, 8 at the end",
		"from 2022-04-03 to 2025-08-03 (1219 days) on the 594 z6-z10 tiles",
		"`wrk -t2 -c16 -d10s --timeout 10s --latency`",
		"| frontline on SQLite | mvt | 2000 | 6.50ms | 120.00ms | 0 | 300 MB | 400 µs |  |  |",
		"| frontline on PostgreSQL | mvt | 1000 | 6.50ms | 120.00ms | 0 | 300 MB | 300 µs + 300 µs |  |  |",
		// SQLite: 2000/500 req/s, 400/1600 µs; PostgreSQL: 1000/500, 600/1600.
		"| tegola v0.21.2, PostGIS provider | mvt | 500 | 6.50ms | 120.00ms | 0 | 300 MB | 1200 µs + 400 µs | **4.00x** req/s, 0.25x CPU | **2.00x** req/s, 0.38x CPU |",
		"| pg_tileserv, function layer | mvt | not measured: no pg_tileserv binary |",
		// Mapnik against frontline's PNG: on SQLite only (no PNG run on PostgreSQL here).
		"| Mapnik 3.1, PostGIS datasource | png | 200 | 6.50ms | 120.00ms | 0 | 300 MB | 8000 µs + 2000 µs | **3.00x** req/s, 0.30x CPU |  |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	m.data.archive = false
	if md := m.markdown(""); !strings.Contains(md, "the one-layer series, **not the archive**") {
		t.Errorf("the series' report does not say it is not the archive:\n%s", md)
	}
}
