package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	orbjson "github.com/paulmach/orb/geojson"
)

// FuzzRead reads arbitrary bytes as GeoJSON (seeded from
// testdata/fuzz/FuzzRead and below): no panic, only rejections as errors,
// no bad ring accepted, and what is accepted reads back the same.
func FuzzRead(f *testing.F) {
	f.Add([]byte(goodFC))
	f.Add([]byte(`{"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[1e308,0],[0,0]]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		var ps geo.Problems
		feats, err := Read(bytes.NewReader(b), "fuzz", &ps)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		for _, ft := range feats {
			checkRings(t, ft)
			ft.Version(Defaults{Region: "x", Side: geo.SideRU, Status: geo.StatusOccupied})
			roundTrip(t, ft)
		}
	})
}

func checkRings(t *testing.T, ft Feature) {
	t.Helper()
	for _, p := range ft.Geometry {
		for _, r := range p {
			if len(r) < 4 || r[0] != r[len(r)-1] {
				t.Fatalf("%s: accepted a bad ring %v", ft.Name, r)
			}
			for _, pt := range r {
				if math.Abs(pt[0]) > 180 || math.Abs(pt[1]) > 90 {
					t.Fatalf("%s: accepted %v", ft.Name, pt)
				}
			}
		}
	}
}

// roundTrip writes an accepted feature's shape as GeoJSON and reads it
// again: the same shape, as rounding and winding are idempotent.
func roundTrip(t *testing.T, ft Feature) {
	t.Helper()
	fc := orbjson.NewFeatureCollection()
	fc.Append(orbjson.NewFeature(orb.MultiPolygon(ft.Geometry)))
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	var ps geo.Problems
	again, err := Read(bytes.NewReader(b), "again", &ps)
	if err != nil || len(again) != 1 {
		t.Fatalf("%s: read back: got %d features, %v, %v; want 1", ft.Name, len(again), err, ps.List())
	}
	if !reflect.DeepEqual(again[0].Geometry, ft.Geometry) {
		t.Fatalf("%s: read back %v, want %v", ft.Name, again[0].Geometry, ft.Geometry)
	}
}
