package store

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// towns are points whose hands changed (or never did) in DeepStateMap's
// history, well inside the polygons that cover them on most days.
var towns = map[string]orb.Point{
	"Bakhmut":   {38.0012, 48.5947},
	"Avdiivka":  {37.7497, 48.1394},
	"Kupiansk":  {37.6167, 49.7106},
	"Kherson":   {32.6178, 46.6354},
	"Izium":     {37.2556, 49.2128},
	"Mariupol":  {37.5413, 47.0951},
	"Sudzha":    {35.2728, 51.1919},
	"Kyiv":      {30.5234, 50.4501},
	"Pokrovsk":  {37.1800, 48.2820},
	"Robotyne":  {35.8425, 47.4436},
	"Vovchansk": {36.9431, 50.2906},
}

// rawShape is a polygon of a raw map with its class.
type rawShape struct {
	class deepstate.Class
	mp    orb.MultiPolygon
	bound orb.Bound
}

// rawShapes are the occupied, contested and liberated polygons of a raw
// map, each classified once.
func rawShapes(fc *geojson.FeatureCollection) []rawShape {
	var out []rawShape
	for _, f := range fc.Features {
		if _, ok := f.Geometry.(orb.Point); ok {
			continue
		}
		c := deepstate.Classify(nameOf(f))
		if c != deepstate.Occupied && c != deepstate.Contested && c != deepstate.Liberated {
			continue
		}
		for _, mp := range polygonsOf(f.Geometry) {
			out = append(out, rawShape{c, mp, mp.Bound().Pad(0.01)})
		}
	}
	return out
}

// rawHold is what a raw DeepStateMap map says holds pt: the class of the
// polygons that cover it, control (occupied, liberated) before contested,
// as the importer's regions name it; and whether pt lies within 100 m of
// a covering polygon's edge, where the importer's repairs and its cut at
// the border may move the line.
func rawHold(shapes []rawShape, pt orb.Point) (geo.PointStatus, bool) {
	got, near := geo.PointNone, false
	for _, sh := range shapes {
		if !sh.bound.Contains(pt) {
			continue
		}
		if geo.NearestEdgeKm(sh.mp, pt) < 0.1 {
			near = true
		}
		if in, _ := geo.Covers(sh.mp, pt); !in {
			continue
		}
		switch c := sh.class; {
		case c == deepstate.Occupied:
			got = geo.PointOccupied
		case c == deepstate.Liberated && got != geo.PointOccupied:
			got = geo.PointLiberated
		case c == deepstate.Contested && got == geo.PointNone:
			got = geo.PointContested
		}
	}
	return got, near
}

func nameOf(f *geojson.Feature) string {
	s, _ := f.Properties["name"].(string)
	return s
}

func polygonsOf(g orb.Geometry) []orb.MultiPolygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.MultiPolygon{{g}}
	case orb.MultiPolygon:
		return []orb.MultiPolygon{g}
	case orb.Collection:
		var out []orb.MultiPolygon
		for _, p := range g {
			out = append(out, polygonsOf(p)...)
		}
		return out
	}
	return nil
}

// rawMap is one raw file: its UTC day and its map.
type rawMap struct {
	day geo.Day
	fc  *geojson.FeatureCollection
}

// lastOfDay keeps the last file of each UTC day (files named by their UTC
// Unix time), as the importer does, in day order.
func lastOfDay(files map[string][]byte) ([]rawMap, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, _ := deepstate.Stamp(names[i])
		b, _ := deepstate.Stamp(names[j])
		return a < b
	})
	var out []rawMap
	for _, n := range names {
		stamp, _ := deepstate.Stamp(n)
		fc, err := geojson.UnmarshalFeatureCollection(files[n])
		if err != nil {
			return nil, err
		}
		day := geo.DayOf(time.Unix(stamp, 0))
		if k := len(out); k > 0 && out[k-1].day == day {
			out[k-1].fc = fc
			continue
		}
		out = append(out, rawMap{day, fc})
	}
	return out, nil
}

// sampleFiles reads the raw files of the sample's .tar.gz.
func sampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	f, err := os.Open(deepstateHistory)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := deepstate.Stamp(filepath.Base(h.Name)); ok {
			if out[filepath.Base(h.Name)], err = io.ReadAll(tr); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// wantStatus is the point answer's status for a raw class: ground Ukraine
// took back outside Ukraine is ground it holds in Russia.
func wantStatus(raw geo.PointStatus, country string) geo.PointStatus {
	if raw == geo.PointLiberated && country == "RU" {
		return geo.PointHeldInRussia
	}
	return raw
}

// TestPointSample (#24, 4): on every day of the sample, what /api/point's
// answer says holds each town is what the raw file of that day says.
func TestPointSample(t *testing.T) {
	needHistory(t)
	s := empty(t)
	mustImportDeepState(t, s, deepstateHistory, deepStateCfg{Dataset: "deepstate"})
	maps, err := lastOfDay(sampleFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ds, err := s.Dataset(ctx, "deepstate")
	if err != nil {
		t.Fatal(err)
	}
	land := pointLand(t)
	checked := 0
	for _, m := range maps {
		vs, err := s.VersionsAt(ctx, "deepstate", m.day, orb.Bound{})
		if err != nil {
			t.Fatal(err)
		}
		shapes, pm := rawShapes(m.fc), geo.NewPointMap(vs)
		for name, pt := range towns {
			raw, near := rawHold(shapes, pt)
			a, err := geo.AnswerPoint(ctx, geo.PointQuery{Dataset: ds, Day: m.day, Point: pt}, pm, land)
			if err != nil {
				t.Fatal(err)
			}
			key := name + " " + m.day.String()
			if want := wantStatus(raw, a.Country); a.Status != want && !near {
				t.Errorf("%s: got %s, the raw file says %s", key, a.Status, want)
			}
			checked++
		}
	}
	if len(maps) != 11 || checked != 11*len(towns) {
		t.Errorf("checked %d answers on %d days, want %d on 11", checked, len(maps), 11*len(towns))
	}
}

func pointLand(t *testing.T) *geo.Land {
	t.Helper()
	bm, err := seed.LoadBasemap()
	if err != nil {
		t.Fatal(err)
	}
	return geo.NewLand(bm.Features)
}

// TestPointArchive (#24, 4): on every day of DeepStateMap's whole archive,
// what each town's history (/api/point/history) says held it is what that
// day's raw file says. The store is FRONTLINE_DEEPSTATE_DB (its dataset
// FRONTLINE_DEEPSTATE_DATASET, default "ds"), else the archive imported
// (archiveStore: minutes); the raw files FRONTLINE_DEEPSTATE_ARCHIVE (a
// folder of the last file of each day, extract.sh's), else the archive
// beside the project unpacked; skipped where neither is there. With both
// given, about half a minute (1,123 files read).
func TestPointArchive(t *testing.T) {
	dir := os.Getenv("FRONTLINE_DEEPSTATE_ARCHIVE")
	if dir == "" {
		dir = extractArchive(t)
	}
	if testing.Short() {
		t.Skip("the whole archive: not with -short")
	}
	s := archiveStore(t)
	name := os.Getenv("FRONTLINE_DEEPSTATE_DATASET")
	if name == "" {
		name = "ds"
	}
	ctx := context.Background()
	ds, err := s.Dataset(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	land := pointLand(t)
	hist := map[string]geo.PointHistory{}
	for town, pt := range towns {
		vs, err := s.VersionsIn(ctx, name, orb.Bound{Min: pt, Max: pt})
		if err != nil {
			t.Fatal(err)
		}
		if hist[town], err = geo.NewPointHistory(ctx, ds, pt, vs, land); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	days, bad := 0, 0
	for _, e := range entries {
		stamp, ok := deepstate.Stamp(e.Name())
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fc, err := geojson.UnmarshalFeatureCollection(b)
		if err != nil {
			t.Fatal(err)
		}
		day := geo.DayOf(time.Unix(stamp, 0))
		days++
		shapes := rawShapes(fc)
		for town, pt := range towns {
			raw, near := rawHold(shapes, pt)
			got := holdOn(hist[town], day)
			if want := wantStatus(raw, land.CountryAt(pt)); got != want && !near {
				if bad++; bad <= 20 {
					t.Errorf("%s %s: history says %s, the raw file %s", town, day, got, want)
				}
			}
		}
	}
	t.Logf("%d days, %d towns, %d answers unlike the raw file", days, len(towns), bad)
	if days < 1000 {
		t.Errorf("%d days read from %s, want the whole archive", days, dir)
	}
}

// holdOn is the status a history says a point had on day.
func holdOn(h geo.PointHistory, day geo.Day) geo.PointStatus {
	st := geo.PointUnknown
	for _, c := range h.Changes {
		if c.Day > day {
			break
		}
		st = c.To.Status
	}
	return st
}
