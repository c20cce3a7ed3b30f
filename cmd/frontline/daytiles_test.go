package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/internal/mvtspec"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"github.com/paulmach/orb/maptile"
)

// historySample is DeepStateMap's raw history sample beside the project:
// 22 snapshots of 11 days from 2022-04-03 to 2025-08-03, each of the four
// regions a new version on each day (never committed here).
const historySample = "../../../shared/data/deepstate-history/deepstate-history-sample.tar.gz"

var (
	sampleOnce sync.Once
	sampleDir  string
	sampleErr  error
)

// sampleDB imports the sample once per test binary, as dataset ds, and
// returns a copy of the database for the test to serve; it skips where the
// sample is absent or with -short.
func sampleDB(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(historySample); err != nil {
		t.Skipf("the DeepStateMap sample is not beside the project: %v", err)
	}
	if testing.Short() {
		t.Skip("imports the DeepStateMap sample")
	}
	sampleOnce.Do(func() {
		if sampleDir, sampleErr = os.MkdirTemp("", "frontline-sample"); sampleErr != nil {
			return
		}
		db := filepath.Join(sampleDir, "ds.db")
		if code, out, stderr := runCLI(t, db, "", "import", "--db", db, "--format", "deepstate", "--dataset", "ds", historySample); code != exitOK {
			sampleErr = fmt.Errorf("import: exit %d %s%s", code, out, stderr)
		}
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	db := filepath.Join(t.TempDir(), "ds.db")
	b, err := os.ReadFile(filepath.Join(sampleDir, "ds.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return db
}

// sampleDays are the days of the sample (each a new version of every
// region) and the day after each (the same versions).
var sampleDays = []string{"2022-04-03", "2022-05-23", "2022-06-09", "2022-09-10", "2022-11-12", "2023-06-24",
	"2024-04-12", "2024-08-20", "2025-01-20", "2025-03-15", "2025-08-03"}

// frontTilesAt are the tiles of zoom z that meet the front's bbox
// (lon 30..41, lat 44..52.5).
func frontTilesAt(z maptile.Zoom) []maptile.Tile {
	nw, se := maptile.At(orb.Point{30, 52.5}, z), maptile.At(orb.Point{41, 44}, z)
	var ts []maptile.Tile
	for x := nw.X; x <= se.X; x++ {
		for y := nw.Y; y <= se.Y; y++ {
			ts = append(ts, maptile.New(x, y, z))
		}
	}
	return ts
}

// controlDrawing is what a vector tile's control layer draws: each
// feature's region, side, status and polygons as decoded, in a canonical
// order, as one string.
func controlDrawing(t *testing.T, path string, body []byte) string {
	t.Helper()
	layers, err := mvtspec.Decode(body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var fs []string
	for _, l := range layers {
		if l.Name != "control" {
			continue
		}
		for _, f := range l.Features {
			if f.Type != vectortile.Tile_POLYGON {
				continue
			}
			fs = append(fs, fmt.Sprint(f.Props["region"], f.Props["side"], f.Props["status"], f.Polygons))
		}
	}
	sort.Strings(fs)
	return strings.Join(fs, "\n")
}

var mvtRendersRE = regexp.MustCompile(`frontline_tile_renders_total\{kind="mvt-control"\} (\S+)`)

// TestDayTilesChangeOnlyWithDrawing (#23): on the sample, whose every
// region has a new version on each of its days, the vector day tiles of
// the z7 tiles over the front and of a z9 view (on each sample day and
// the day after, each asked with the ETag of the tile's last answer) are
// rendered no more often than there are distinct drawings (clipped
// geometry, side and status) among them: a new version that draws the
// same in a tile leaves its bytes and ETag alone, and a 304 answers it.
// The tiles carry nothing of a version's provenance.
func TestDayTilesChangeOnlyWithDrawing(t *testing.T) {
	base, _ := serveDB(t, sampleDB(t))
	tiles := frontTilesAt(7)
	for x := uint32(304); x <= 313; x++ {
		for y := uint32(175); y <= 179; y++ {
			tiles = append(tiles, maptile.New(x, y, 9))
		}
	}
	drawings := map[maptile.Tile]map[string]bool{}
	etags := map[maptile.Tile]string{}
	var requests, notModified int
	for _, d := range sampleDays {
		for _, day := range []string{d, (geo.MustParseDay(d) + 1).String()} {
			for _, tl := range tiles {
				path := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt?dataset=ds&layers=control", day, tl.Z, tl.X, tl.Y)
				requests++
				if e := etags[tl]; e != "" {
					if resp, _ := get(t, base+path, "If-None-Match", e); resp.StatusCode == http.StatusNotModified {
						notModified++
						continue
					}
				}
				resp, body := get(t, base+path)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
				}
				etags[tl] = resp.Header.Get("ETag")
				if drawings[tl] == nil {
					drawings[tl] = map[string]bool{}
				}
				drawings[tl][controlDrawing(t, path, body)] = true
				checkNoProvenance(t, path, body)
			}
		}
	}
	distinct := 0
	for _, ds := range drawings {
		distinct += len(ds)
	}
	_, m := get(t, base+"/metrics")
	sm := mvtRendersRE.FindSubmatch(m)
	if sm == nil {
		t.Fatalf("metrics: no mvt-control renders:\n%s", grep(string(m), "renders_total"))
	}
	renders, _ := strconv.Atoi(string(sm[1]))
	t.Logf("%d tiles on %d days: %d requests, %d answered 304, %d renders, %d distinct drawings", len(tiles), 2*len(sampleDays), requests, notModified, renders, distinct)
	if renders > distinct {
		t.Errorf("renders: got %d, want at most %d (the distinct drawings of the tiles)", renders, distinct)
	}
	if notModified < requests/2 {
		t.Errorf("answered 304: got %d of %d requests, want at least half (the day after each sample day is the same map)", notModified, requests)
	}
}

// checkNoProvenance fails a tile whose control features carry a
// version's provenance or an id.
func checkNoProvenance(t *testing.T, path string, body []byte) {
	t.Helper()
	layers, _ := mvtspec.Decode(body)
	for _, l := range layers {
		for _, f := range l.Features {
			for _, k := range []string{"source", "version_id", "valid_from", "valid_to", "from_day", "to_day"} {
				if _, ok := f.Props[k]; ok && l.Name == "control" {
					t.Fatalf("%s: a control feature carries %s: %v", path, k, f.Props)
				}
			}
			if l.Name == "control" && f.ID != 0 {
				t.Fatalf("%s: a control feature has id %d", path, f.ID)
			}
		}
	}
}

// TestTemporalTilesKeepEveryDay (#23): on the sample, the temporal tiles of
// a period (GET /tiles/all/{period}/...), filtered by day as the web app
// filters them (from_day <= D < to_day), draw what that day's tile draws:
// on 30 random days from the first observed day to the last, in each z5-z7
// tile over the front, the same sides and statuses, each covering the same
// area within 1%.
func TestTemporalTilesKeepEveryDay(t *testing.T) {
	base, _ := serveDB(t, sampleDB(t))
	first, last := geo.MustParseDay("2022-04-03"), geo.MustParseDay("2025-08-03")
	rng := rand.New(rand.NewPCG(23, 5))
	var ts []maptile.Tile
	for z := maptile.Zoom(5); z <= 7; z++ {
		ts = append(ts, frontTilesAt(z)...)
	}
	periods := map[string][]byte{}
	checked := 0
	for range 30 {
		d := first + geo.Day(rng.IntN(int(last-first)+1))
		p := tiles.PeriodOf(d)
		for _, tl := range ts {
			dayPath := fmt.Sprintf("/tiles/%s/%d/%d/%d.mvt?dataset=ds&layers=control", d, tl.Z, tl.X, tl.Y)
			resp, dayBody := get(t, base+dayPath)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", dayPath, resp.StatusCode, dayBody)
			}
			tPath := fmt.Sprintf("/tiles/all/%s/%d/%d/%d.mvt?dataset=ds", p, tl.Z, tl.X, tl.Y)
			body, ok := periods[tPath]
			if !ok {
				resp, body = get(t, base+tPath)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d %s", tPath, resp.StatusCode, body)
				}
				periods[tPath] = body
			}
			want, got := heldArea(t, dayPath, dayBody, -1), heldArea(t, tPath, body, d)
			for k, a := range want {
				if g := got[k]; math.Abs(g-a) > 0.01*a {
					t.Errorf("%s on %s: %s covers %.0f units², the day's tile %.0f", tPath, d, k, g, a)
				}
			}
			for k, g := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s on %s: %s covers %.0f units², the day's tile has none", tPath, d, k, g)
				}
			}
			checked++
		}
	}
	t.Logf("%d tiles of 30 days against %d temporal tiles of their periods", checked, len(periods))
}

// heldArea is the area of a vector tile's control features by side and
// status, in tile units², of the features on the map on day d (all with
// d < 0).
func heldArea(t *testing.T, path string, body []byte, d geo.Day) map[string]float64 {
	t.Helper()
	layers, err := mvtspec.Decode(body)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := map[string]float64{}
	for _, l := range layers {
		if l.Name != "control" {
			continue
		}
		for _, f := range l.Features {
			if d >= 0 {
				from, _ := f.Props["from_day"].(int64)
				to, _ := f.Props["to_day"].(int64)
				if from > int64(d) || int64(d) >= to {
					continue
				}
			}
			k := fmt.Sprint(f.Props["side"], "/", f.Props["status"])
			for _, p := range f.Polygons {
				for _, r := range p {
					out[k] += r.Area()
				}
			}
		}
	}
	return out
}
