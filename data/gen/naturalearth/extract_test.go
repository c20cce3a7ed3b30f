package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// The committed output of the generator, relative to this package.
const (
	extractPath = "../../seed/naturalearth.geojson.gz"
	placesPath  = "../../seed/places.json"
)

// ukraineKM2 is Ukraine's area in km², Crimea included.
const ukraineKM2 = 603500

// loadExtract reads the committed extract once for all tests.
var loadExtract = sync.OnceValues(func() (*geojson.FeatureCollection, error) {
	return readGzipJSON(extractPath)
})

func extractFeatures(t *testing.T) []*geojson.Feature {
	t.Helper()
	fc, err := loadExtract()
	if err != nil {
		t.Fatalf("load extract: %v", err)
	}
	return fc.Features
}

// find returns the feature of a layer with an ISO code, or nil.
func find(feats []*geojson.Feature, layer, code string) *geojson.Feature {
	for _, f := range feats {
		if f.Properties["layer"] == layer && f.Properties["iso"] == code {
			return f
		}
	}
	return nil
}

func TestUkraineUnits(t *testing.T) {
	feats := extractFeatures(t)
	var n int
	for _, f := range feats {
		if f.Properties["layer"] == "admin1" && strings.HasPrefix(iso(f), "UA-") {
			n++
		}
	}
	if n != 27 {
		t.Errorf("UA-* admin1 units: got %d, want 27", n)
	}
	type tcase struct{ code, name, typ string }
	tcases := map[string]tcase{
		"crimea, coded RUS by natural earth":     {"UA-43", "Autonomous Republic of Crimea", "Autonomous Republic"},
		"sevastopol, coded RUS by natural earth": {"UA-40", "Sevastopol", "City"},
		"kyiv city":                              {"UA-30", "Kyiv", "City"},
		"kyiv oblast, named like the city in NE": {"UA-32", "Kyiv Oblast", "Oblast"},
		"donetsk":                                {"UA-14", "Donetsk", "Oblast"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			f := find(feats, "admin1", tc.code)
			if f == nil {
				t.Fatalf("no admin1 feature %s", tc.code)
			}
			p := f.Properties
			if p["country"] != "UA" || p["full"] != true || p["name"] != tc.name || p["type"] != tc.typ {
				t.Errorf("got country %v full %v name %v type %v, want UA true %s %s",
					p["country"], p["full"], p["name"], p["type"], tc.name, tc.typ)
			}
		})
	}
}

func TestFullResolution(t *testing.T) {
	feats := extractFeatures(t)
	for _, code := range []string{"UA", "RU-KRS", "RU-BEL", "RU-BRY", "RU-VOR", "RU-ROS", "RU-KDA"} {
		layer := "admin1"
		if len(code) == 2 {
			layer = "country"
		}
		f := find(feats, layer, code)
		if f == nil {
			t.Errorf("%s %s: missing", layer, code)
		} else if f.Properties["full"] != true {
			t.Errorf("%s %s: got full %v, want true", layer, code, f.Properties["full"])
		}
	}
}

func TestRings(t *testing.T) {
	for _, f := range extractFeatures(t) {
		mp := multiPolygon(f.Geometry)
		if len(mp) == 0 {
			t.Errorf("%s %s: got %T, want a (multi)polygon", f.Properties["layer"], iso(f), f.Geometry)
		}
		for _, p := range mp {
			for i, r := range p {
				if err := checkRing(r, i == 0); err != "" {
					t.Errorf("%s %s: ring %d: %s", f.Properties["layer"], iso(f), i, err)
				}
			}
		}
	}
}

// checkRing returns what is wrong with a ring under RFC 7946, or "".
func checkRing(r orb.Ring, outer bool) string {
	want := orb.CW
	if outer {
		want = orb.CCW
	}
	switch {
	case len(r) < 4:
		return "fewer than 4 points"
	case !r.Closed():
		return "not closed"
	case r.Orientation() != want:
		return "wound the wrong way"
	}
	for _, pt := range r {
		if round6(pt[0]) != pt[0] || round6(pt[1]) != pt[1] {
			return "more than 6 decimals"
		}
	}
	return ""
}

func TestUkraineArea(t *testing.T) {
	feats := extractFeatures(t)
	ua := find(feats, "country", "UA")
	if ua == nil {
		t.Fatal("no country feature UA")
	}
	got := orbgeo.Area(ua.Geometry) / 1e6
	if math.Abs(got-ukraineKM2) > 0.01*ukraineKM2 {
		t.Errorf("Ukraine area: got %.0f km², want %d km² ±1%%", got, ukraineKM2)
	}
	var units float64
	for _, f := range feats {
		if f.Properties["layer"] == "admin1" && f.Properties["country"] == "UA" {
			units += orbgeo.Area(f.Geometry) / 1e6
		}
	}
	if math.Abs(got-units) > 1 {
		t.Errorf("Ukraine area: got %.0f km², want the sum of its units, %.0f km²", got, units)
	}
}

func TestPlaces(t *testing.T) {
	feats := extractFeatures(t)
	b, err := os.ReadFile(placesPath)
	if err != nil {
		t.Fatal(err)
	}
	var ps []place
	if err := json.Unmarshal(b, &ps); err != nil {
		t.Fatalf("decode places: %v", err)
	}
	for _, p := range ps {
		f := find(feats, "country", p.Country)
		if f == nil {
			t.Errorf("%s: no country feature %s", p.Name, p.Country)
			continue
		}
		if !planar.MultiPolygonContains(multiPolygon(f.Geometry), orb.Point{p.Lon, p.Lat}) {
			t.Errorf("%s [%v, %v]: got outside %s, want inside", p.Name, p.Lon, p.Lat, p.Country)
		}
	}
}

// TestStableEncoding checks that encoding the decoded extract gives back
// the committed bytes: the output depends on nothing but its features.
func TestStableEncoding(t *testing.T) {
	feats := extractFeatures(t)
	path := filepath.Join(t.TempDir(), "extract.geojson.gz")
	if _, err := write(path, feats); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(extractPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("re-encoded extract: got %d bytes, want the committed %d bytes", len(got), len(want))
	}
}
