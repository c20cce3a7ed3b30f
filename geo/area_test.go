package geo

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func box(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}

func TestAreaKm2(t *testing.T) {
	// Reference values: the area of a band between two latitudes on the WGS84
	// ellipsoid is exact for the authalic formula; the whole ellipsoid is
	// 510,065,621.7 km².
	if got, want := EarthAreaKm2(), 510065621.7; math.Abs(got-want) > 1 {
		t.Errorf("earth: got %.1f km², want %.1f", got, want)
	}
	type tcase struct {
		g    orb.Geometry
		want float64
		tol  float64
	}
	tcases := map[string]tcase{
		// A 1°x1° cell at the equator, 12,308.8 km² (GeographicLib).
		"equator cell": {g: box(0, 0, 1, 1), want: 12308.78, tol: 0.5},
		// The band from 0 to 90 N over 360° is a quarter of the earth.
		"hemisphere quarter": {g: box(-180, 0, 180, 90), want: 510065621.7 / 2, tol: 1},
		// From the meridional and normal radii of curvature at 48.5 N:
		// M·Δφ × N·cosφ·Δλ = 111.200 km × 73.902 km.
		"cell at 48N": {g: box(30, 48, 31, 49), want: 8217.9, tol: 1},
		"with hole":   {g: orb.Polygon{box(0, 0, 2, 2)[0][0], box(0.5, 0.5, 1.5, 1.5)[0][0]}, want: 3 * 12308.78, tol: 20},
		"point":       {g: orb.Point{1, 2}, want: 0, tol: 0},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			if got := AreaKm2(tc.g); math.Abs(got-tc.want) > tc.tol {
				t.Errorf("got %.2f km², want %.2f ± %.2f", got, tc.want, tc.tol)
			}
		})
	}
}

func TestNormalizeWinding(t *testing.T) {
	cw := orb.MultiPolygon{{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}, {{0.2, 0.2}, {0.8, 0.2}, {0.8, 0.8}, {0.2, 0.8}, {0.2, 0.2}}}}
	n := Normalize(cw)
	if ringArea(n[0][0]) <= 0 {
		t.Errorf("outer ring: got clockwise, want counter-clockwise")
	}
	if ringArea(n[0][1]) >= 0 {
		t.Errorf("hole: got counter-clockwise, want clockwise")
	}
}

// TestUnionContext checks that the union in bounded steps equals the union
// in one, and that a cancelled context stops it.
func TestUnionContext(t *testing.T) {
	var mps []orb.MultiPolygon
	for i := range 40 {
		x := float64(i) * 0.05
		mps = append(mps, orb.MultiPolygon{{{{x, 0}, {x + 0.1, 0}, {x + 0.1, 0.1}, {x, 0.1}, {x, 0}}}})
	}
	one, err := Union(mps...)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := UnionContext(context.Background(), mps...)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := AreaKm2(one), AreaKm2(steps); math.Abs(a-b) > 1e-6*a {
		t.Errorf("union in steps: %.6f km², in one: %.6f km²", b, a)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := UnionContext(ctx, mps...); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}
