package tiles

import (
	"math"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/internal/mvtspec"

	"github.com/paulmach/orb"
)

// box is a closed ring around (x0,y0)-(x1,y1) in tile units, wound as
// lon/lat rings come (counter-clockwise with y up).
func box(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}, {x0, y1}}
}

// TestSpecMulti checks what rounding leaves behind against what the MVT
// spec forbids (issue #21): each case comes out valid, wound as the spec
// says, with the area it should keep.
func TestSpecMulti(t *testing.T) {
	type tcase struct {
		in       orb.MultiPolygon
		polygons int
		area     float64 // in square units, exteriors less interiors
	}
	for name, tc := range map[string]tcase{
		"issue 21 winding: a box with a hole": {orb.MultiPolygon{{box(0, 0, 10, 10), box(2, 2, 4, 4)}}, 1, 96},
		"issue 21 zero-area ring":             {orb.MultiPolygon{{box(0, 0, 10, 10)}, {{{20, 20}, {30, 20}, {25, 20}, {20, 20}}}}, 1, 100},
		"issue 21 spike and repeated points":  {orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {10, 20}, {10, 10}, {0, 10}, {0, 0}}}}, 1, 100},
		// clip.Ring runs along the tile edge out and back.
		"issue 21 run along the edge and back": {orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 6}, {-4, 6}, {-4, 4}, {-4, 6}, {0, 6}, {0, 0}}}}, 1, 100},
		"issue 21 ring touching itself":        {orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {7, 5}, {3, 5}, {5, 10}, {0, 10}, {0, 0}}}}, 1, 90},
		"issue 21 ring overlapping itself":     {orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 5}, {6, 10}, {0, 10}, {0, 0}}}}, 1, 100},
		"issue 21 figure of eight":             {orb.MultiPolygon{{{{0, 0}, {10, 0}, {10, 10}, {20, 10}, {20, 20}, {10, 20}, {10, 10}, {0, 10}, {0, 0}}}}, 2, 200},
		"issue 21 overlapping polygons":        {orb.MultiPolygon{{box(0, 0, 10, 10)}, {box(5, 5, 15, 15)}}, 1, 175},
		"issue 21 crossing ring (bow tie)":     {orb.MultiPolygon{{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}}, 1, 25},
		"issue 21 hole outside its exterior":   {orb.MultiPolygon{{box(0, 0, 10, 10), box(20, 20, 22, 22)}}, 1, 100},
		"collapsed to nothing":                 {orb.MultiPolygon{{{{0, 0}, {10, 0}, {0, 0}}}}, 0, 0},
	} {
		t.Run(name, func(t *testing.T) {
			got := specMulti(tc.in)
			if len(got) != tc.polygons {
				t.Fatalf("got %d polygons %v, want %d", len(got), got, tc.polygons)
			}
			if len(got) == 0 {
				return
			}
			if err := geo.Validate(got); err != nil {
				t.Errorf("got invalid %v: %v", got, err)
			}
			var area float64
			for _, p := range got {
				for i, r := range p {
					a := ringArea2(r) / 2
					if (i == 0) != (a > 0) {
						t.Errorf("ring %d of %v: area %g, want exteriors positive and interiors negative", i, p, a)
					}
					area += a
				}
			}
			if area != tc.area {
				t.Errorf("got area %g, want %g", area, tc.area)
			}
		})
	}
}

// TestMVTAsSpec reads the reference tiles with a decoder that follows the
// spec: every polygon has an exterior of positive area first, no ring of
// zero area and valid geometry, and the control area is what was encoded.
func TestMVTAsSpec(t *testing.T) {
	for name, c := range map[string]*Content{"crimea-z5": crimeaContent(t), "temporal-z8": temporalContent()} {
		b, err := MVT(c)
		if err != nil {
			t.Fatal(err)
		}
		layers, err := mvtspec.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range layers {
			for _, f := range l.Features {
				if len(f.Polygons) == 0 && f.Points == nil && l.Name != LayerWater {
					t.Errorf("%s %s: a polygon feature without an exterior: %v", name, l.Name, f.Problems)
				}
				if err := f.Invalid(); err != nil {
					t.Errorf("%s %s: %v", name, l.Name, err)
				}
			}
		}
	}
	// The control feature keeps the area of the content's rings.
	c := crimeaContent(t)
	var want float64
	for _, it := range c.Items {
		if it.Layer == LayerControl {
			for _, p := range it.Geometry.(orb.MultiPolygon) {
				for i, r := range p {
					want += math.Abs(ringArea2(r)) / 2 * (1 - 2*float64(min(i, 1)))
				}
			}
		}
	}
	b, _ := MVT(c)
	layers, _ := mvtspec.Decode(b)
	for _, l := range layers {
		if got := l.Features[0].Area(); l.Name == LayerControl && got != want {
			t.Errorf("control area: got %g, want %g", got, want)
		}
	}
}
