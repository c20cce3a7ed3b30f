package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/frontline-map/frontline/geo"
)

func TestWriteUpdate(t *testing.T) {
	last := geojson.NewFeature(orb.MultiPolygon{{{{37, 47}, {38, 47}, {38, 48}, {37, 47}}}})
	last.Properties = geojson.Properties{"region": "deepstate-occupied", "side": "ru", "status": "occupied",
		"valid_from": seriesLast.String(), "area_km2": 1.0, "dataset": "deepstate"}
	path := filepath.Join(t.TempDir(), "u.geojson")
	var tiles []maptile.Tile
	for k := 1; k <= 3; k++ {
		day, tile, err := writeUpdate(last, k, path)
		if err != nil {
			t.Fatal(err)
		}
		if want := seriesLast + geo.Day(k); day != want {
			t.Errorf("update %d: day %s, want %s", k, day, want)
		}
		b, _ := os.ReadFile(path)
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil || len(fc.Features) != 1 {
			t.Fatalf("update %d: %v, %d features", k, err, len(fc.Features))
		}
		f := fc.Features[0]
		if f.Properties["valid_from"] != day.String() || f.Properties["region"] != "deepstate-occupied" || f.Properties["valid_to"] != nil || f.Properties["area_km2"] != nil {
			t.Errorf("update %d: properties %v", k, f.Properties)
		}
		mp, ok := f.Geometry.(orb.MultiPolygon)
		if !ok || len(mp) != 2 {
			t.Fatalf("update %d: geometry %#v, want the last day's polygon and a square", k, f.Geometry)
		}
		if sq := mp[1].Bound(); !maptile.At(sq.Center(), 8).Bound().Contains(sq.Min) || maptile.At(sq.Center(), 8) != tile {
			t.Errorf("update %d: tile %v does not hold the square %v", k, tile, sq)
		}
		tiles = append(tiles, tile)
	}
	if tiles[0].Z != 8 {
		t.Errorf("tile %v, want z8", tiles[0])
	}
}

func TestLoadScriptAddrs(t *testing.T) {
	m := &loadMix{warm: []string{"/w"}, cold: []string{"/c"}, api: []string{"/a"}}
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one.lua"), filepath.Join(dir, "two.lua")
	if err := m.writeScript(one, nil); err != nil {
		t.Fatal(err)
	}
	if err := m.writeScript(two, []string{"127.0.0.1:1001", "127.0.0.1:1002"}); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(one)
	b2, _ := os.ReadFile(two)
	if strings.Contains(string(b1), "thread.addr") {
		t.Errorf("one server: the script sets thread.addr:\n%s", b1)
	}
	for _, want := range []string{`{"127.0.0.1", "1001"}`, `{"127.0.0.1", "1002"}`, "thread.addr = addrs[threads % #addrs + 1]", `thread:set("tid", threads)`} {
		if !strings.Contains(string(b2), want) {
			t.Errorf("two servers: the script lacks %q:\n%s", want, b2)
		}
	}
	if err := m.writeScript(two, []string{"nohost"}); err == nil {
		t.Error("an address without a port was taken")
	}
}

func TestPGMarkdown(t *testing.T) {
	tm := func(n int, secs float64) *timing {
		return &timing{n: n, total: time.Duration(secs * float64(time.Second)), byZoom: map[maptile.Zoom][]time.Duration{8: {time.Millisecond}}, renders: n}
	}
	r := &report{tiles: 100, importSecs: 3, reimportSecs: 2, dbMB: 31,
		uncached: map[string]*timing{"png": tm(100, 0.1), "mvt": tm(100, 0.05)},
		cached:   []cachedRun{{frontline: wrkResult{rps: 1000, p99: "1ms"}}}}
	r.pg = &pgReport{version: "PostgreSQL 15.0, PostGIS 3.3", importSecs: 6, reimportSecs: 2, dbMB: 49,
		uncached: map[string]*timing{"mvt-control": tm(100, 0.02)}, rounds: 3,
		sqliteRounds: map[string][]*timing{"png": {tm(100, 0.1), tm(100, 0.2), tm(100, 0.05)}, "mvt": {tm(100, 0.05), tm(100, 0.05), tm(100, 0.05)}},
		pgRounds:     map[string][]*timing{"png": {tm(100, 0.2), tm(100, 0.4), tm(100, 0.1)}, "mvt": {tm(100, 0.06), tm(100, 0.06), tm(100, 0.06)}},
		cached:       &wrkResult{rps: 950, p99: "1ms"},
		tegolaErr:    errors.New("go install: 403 | Forbidden\nmore"),
		shared: []*sharedRun{
			{store: "SQLite", secs: 30, conns: 64, cacheMB: 256, wrkFigures: wrkFigures{requests: 10, rps: 1},
				loaded: update{day: seriesLast + 1, seen: [2]bool{true, true}, delay: [2]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
				rest:   []update{{seen: [2]bool{true, true}, delay: [2]time.Duration{10 * time.Millisecond, 250 * time.Millisecond}}}},
			{store: "PostgreSQL", secs: 30, conns: 64, cacheMB: 256, wrkFigures: wrkFigures{requests: 10, rps: 1, non2xx: 3}, server5xx: 2,
				loaded: update{day: seriesLast + 1, seen: [2]bool{true, false}, delay: [2]time.Duration{5 * time.Millisecond}},
				rest:   []update{{err: "import: exit status 1"}}},
		}}
	md := r.pg.markdown(config{conc: 2, updates: 1}, r)
	for _, want := range []string{
		"### PostgreSQL",
		"| import of the full series | 3.0 s, peak RSS 0 MB, database 31.0 MB | 6.0 s, peak RSS 0 MB, database 49.0 MB | 2.00x the time | |",
		"| uncached png tiles/s (2 clients), median of 3 alternating rounds | 1000 tiles/s (rounds 1000, 500, 2000) | 500 tiles/s (rounds 500, 250, 1000; median request 1.0 ms, p99 1.0 ms) | **0.50x** | ≥ 0.7x: **not met** |",
		"| uncached mvt tiles/s (2 clients), median of 3 alternating rounds | 2000 tiles/s (rounds 2000, 2000, 2000) | 1667 tiles/s (rounds 1667, 1667, 1667; median request 1.0 ms, p99 1.0 ms) | **0.83x** | ≥ 0.7x: met |",
		"| 1000 req/s (p99 1ms) | 950 req/s (p99 1ms) | **95.0%** | within 10%: met |",
		"| frontline on PostgreSQL, `layers=control` | 5000 |",
		"not measured: go install: 403 \\| Forbidden more |",
		"| SQLite (one file) | PostgreSQL |",
		"0 non-2xx/3xx answers, 0 of them 5xx by the servers' counts; socket errors: none: met | 3 non-2xx/3xx answers, 2 of them 5xx by the servers' counts; socket errors: none: **not met** |",
		"| commit to new tile under load, server A / B | 100 ms / 200 ms (the answers themselves took 0.0 ms / 0.0 ms) | 5.0 ms / **not within 20s** |",
		"| commit to new tile at rest, median (max) over both servers | 10 ms (250 ms) | n/a |",
		"import **failed**: import: exit status 1",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
