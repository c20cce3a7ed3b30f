package geojson

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// ring is a closed ring of n positions around [lon, lat], r degrees wide.
func budgetRing(n int, lon, lat, r float64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n-1; i++ {
		// A star: alternate radii keep every position distinct.
		rr := r
		if i%2 == 1 {
			rr = r / 2
		}
		x, y := lon+rr*cos(i, n-1), lat+rr*sin(i, n-1)
		fmt.Fprintf(&b, "[%.6f,%.6f],", x, y)
	}
	fmt.Fprintf(&b, "[%.6f,%.6f]]", lon+r, lat)
	return b.String()
}

func budgetSquares(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		x, y := 30+float64(i%100)*0.01, 45+float64(i/100)*0.01
		fmt.Fprintf(&b, "[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]", x, y, x+0.005, y, x+0.005, y+0.005, x, y+0.005, x, y)
	}
	return b.String()
}

func budgetFeature(geometry string) string {
	return `{"type":"Feature","properties":{"region":"r","side":"ru","status":"occupied","valid_from":"2024-01-01"},"geometry":` + geometry + `}`
}

func budgetCollection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// TestGeometryBudgets (#22): the pathological imports of the issue (a
// ring of too many vertices, a feature of too many squares or holes, a
// file of too many vertices) are refused as too large, naming the budget;
// what is just within them is read.
func TestGeometryBudgets(t *testing.T) {
	holes := func(n int) string {
		rs := []string{budgetRing(5, 33, 48, 3)}
		for i := 0; i < n; i++ {
			x, y := 31+float64(i%100)*0.02, 46.5+float64(i/100)*0.02
			rs = append(rs, fmt.Sprintf("[[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x, y, x, y+0.01, x+0.01, y+0.01, x, y))
		}
		return `{"type":"Polygon","coordinates":[` + strings.Join(rs, ",") + `]}`
	}
	many := func(n, each int) string {
		fs := make([]string, n)
		for i := range fs {
			fs[i] = budgetFeature(`{"type":"Polygon","coordinates":[` + budgetRing(each, 30+float64(i%20)*0.5, 45+float64(i/20)*0.5, 0.2) + `]}`)
		}
		return budgetCollection(fs...)
	}
	tcases := map[string]struct {
		body string
		want string // the budget named; "" for a file that is read
	}{
		"ring within":       {budgetCollection(budgetFeature(`{"type":"Polygon","coordinates":[` + budgetRing(MaxRingVertices, 35, 48, 1) + `]}`)), ""},
		"issue-22 ring":     {budgetCollection(budgetFeature(`{"type":"Polygon","coordinates":[` + budgetRing(MaxRingVertices+1, 35, 48, 1) + `]}`)), "vertices per ring"},
		"issue-22 squares":  {budgetCollection(budgetFeature(`{"type":"MultiPolygon","coordinates":[` + budgetSquares(MaxFeatureParts+1) + `]}`)), "parts (polygons) per feature"},
		"squares within":    {budgetCollection(budgetFeature(`{"type":"MultiPolygon","coordinates":[` + budgetSquares(MaxFeatureParts) + `]}`)), ""},
		"issue-22 holes":    {budgetCollection(budgetFeature(holes(MaxFeatureHoles + 1))), "holes per feature"},
		"feature vertices":  {budgetCollection(budgetFeature(`{"type":"MultiPolygon","coordinates":[[` + budgetRing(MaxRingVertices/2+1, 35, 48, 1) + `],[` + budgetRing(MaxRingVertices/2+1, 38, 48, 1) + `]]}`)), "vertices per feature"},
		"import vertices":   {many(MaxImportVertices/1000+1, 1000), "vertices per import"},
		"import within":     {many(MaxImportVertices/1000, 1000), ""},
		"lone feature ring": {budgetFeature(`{"type":"Polygon","coordinates":[` + budgetRing(MaxRingVertices+1, 35, 48, 1) + `]}`), "vertices per ring"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			var ps geo.Problems
			_, err := Read(strings.NewReader(tc.body), "x.geojson", &ps)
			if tc.want == "" {
				if err != nil || ps.Len() > 0 {
					t.Fatalf("got %v, %v; want it read", err, ps.Err())
				}
				return
			}
			var le *geo.LimitError
			if !errors.As(err, &le) || !errors.Is(err, geo.ErrTooLarge) {
				t.Fatalf("got %v (%v), want a *geo.LimitError", err, ps.Err())
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to name %q", err, tc.want)
			}
		})
	}
}

func cos(i, n int) float64 { return math.Cos(2 * 3.141592653589793 * float64(i) / float64(n)) }
func sin(i, n int) float64 { return math.Sin(2 * 3.141592653589793 * float64(i) / float64(n)) }
