package store

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

func FuzzParseFeatures(f *testing.F) {
	f.Add([]byte(goodFC))
	f.Add([]byte(fc(feature(okProps, okGeom))))
	f.Add([]byte(`{"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[1e308,0],[0,0]]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		feats, _, err := ParseFeatures(bytes.NewReader(b), "fuzz")
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		for _, ft := range feats {
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
	})
}
