package geo

import (
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

// dense returns r with points every 0.02° or less along its edges: edges
// as long as an oblast's, straight in lon/lat as overlay takes them and
// in the equal-area projection as AreaKm2 does.
func dense(r orb.Ring) orb.Ring {
	var out orb.Ring
	for i := range len(r) - 1 {
		a, b := r[i], r[i+1]
		n := int(math.Ceil(math.Max(math.Abs(b[0]-a[0]), math.Abs(b[1]-a[1])) / 0.02))
		for k := range n {
			t := float64(k) / float64(n)
			out = append(out, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
		}
	}
	return append(out, r[0])
}

// front is a shape whose east edge is a zigzag line at x = 32 + shift(y).
func front(shift func(i int) float64) orb.MultiPolygon {
	r := orb.Ring{{36, 46}, {36, 50}}
	for i := 40; i >= 0; i-- {
		r = append(r, orb.Point{32 + shift(i), 46 + float64(i)*0.1})
	}
	r = append(r, orb.Point{36, 46})
	// A hole, and an island that comes and goes.
	hole := orb.Ring{{34.5, 47}, {34.5, 47.5}, {35, 47.5}, {35, 47}, {34.5, 47}}
	return orb.MultiPolygon{{r, hole}, rect(36.5, 48, 37, 48.6)}
}

// TestMeterMatchesMeasure measures a map whose front moves day after day,
// whose islands come and go and whose regions of one side and status
// overlap, with a Meter and anew (MeasureEach): within 1e-6 km², or one
// part in ten million where overlay rounds; and with a new Meter each day
// within 1e-8 km², also inside references whose edges are long and
// slanted (an edge cut where the front crosses it one day and not the
// next keeps its integral).
func TestMeterMatchesMeasure(t *testing.T) {
	ctx := context.Background()
	refs := []Reference{
		NewReference("all", orb.MultiPolygon{rect(30, 45, 38, 51)}),
		NewReference("west", orb.MultiPolygon{rect(30, 45, 33.3, 51)}),
		NewReference("east", orb.MultiPolygon{rect(33.3, 45, 38, 51)}),
		NewReference("far", orb.MultiPolygon{rect(0, 0, 1, 1)}),
		NewReference("slanted", orb.MultiPolygon{{dense(orb.Ring{{30, 45}, {38, 45}, {30.5, 51}, {30, 45}})}}),
		NewReference("beside", orb.MultiPolygon{{dense(orb.Ring{{38, 45}, {38, 51}, {30.5, 51}, {38, 45}})}}),
	}
	m := NewMeter(refs)
	for day := range 30 {
		shift := func(i int) float64 { // vertices move a few at a time
			v := 0.3 * math.Sin(float64(i)/3)
			for d := range day + 1 {
				if i >= (7*d)%38 && i < (7*d)%38+3 {
					v += 0.04 * float64(d%5-2)
				}
			}
			return v
		}
		occ := front(shift)
		if day%5 == 4 {
			occ = occ[:1] // the island is gone
		}
		vs := []Version{
			{ID: int64(100 + day), Region: "front", Side: SideRU, Status: StatusOccupied, Geometry: occ},
			{ID: 1, Region: "grey", Side: SideNone, Status: StatusContested, Geometry: orb.MultiPolygon{rect(31, 45.5, 33, 46.2)}},
		}
		if day >= 10 && day < 20 { // overlaps the front, of the same side and status
			vs = append(vs, Version{ID: int64(200 + day/3), Region: "bridgehead", Side: SideRU, Status: StatusOccupied,
				Geometry: orb.MultiPolygon{rect(31.5+0.1*float64(day/3), 47, 33.5, 48)}})
		}
		if day >= 5 {
			vs = append(vs, Version{ID: 300, Region: "claim", Side: SideRU, Status: StatusClaimed,
				Geometry: orb.MultiPolygon{rect(33, 45, 38, 51)}})
		}
		got, err := m.Measure(ctx, vs)
		if err != nil {
			t.Fatalf("day %d: %v", day, err)
		}
		want, err := MeasureEach(ctx, vs, refs)
		if err != nil {
			t.Fatal(err)
		}
		anew, err := NewMeter(refs).Measure(ctx, vs)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Groups) != len(want[0]) {
			t.Fatalf("day %d: got %d groups, want %d", day, len(got.Groups), len(want[0]))
		}
		for gi, g := range got.Groups {
			w := want[0][gi]
			if g.Side != w.Side || g.Status != w.Status || math.Abs(g.AreaKm2-w.AreaKm2) > 1e-6 {
				t.Errorf("day %d: got %s %s %.6f km², want %s %s %.6f", day, g.Side, g.Status, g.AreaKm2, w.Side, w.Status, w.AreaKm2)
			}
			for ri := range refs {
				if d := g.InsideKm2[ri] - anew.Groups[gi].InsideKm2[ri]; math.Abs(d) > 1e-8 {
					t.Errorf("day %d: %s %s inside %s: got %.9f km², measured anew %.9f", day, g.Side, g.Status, refs[ri].Name, g.InsideKm2[ri], anew.Groups[gi].InsideKm2[ri])
				}
				// Overlay nodes the union of overlapping regions at a
				// rounding of its own: MeasureEach's part of such a shape
				// inside a box that holds it all differs from its area by
				// some 0.004 km² in 133,000.
				w := want[ri][gi].InsideKm2
				if d := g.InsideKm2[ri] - w; math.Abs(d) > max(1e-6, 1e-7*g.AreaKm2) {
					t.Errorf("day %d: %s %s inside %s: got %.6f km², want %.6f", day, g.Side, g.Status, refs[ri].Name, g.InsideKm2[ri], want[ri][gi].InsideKm2)
				}
			}
		}
	}
	if m.steps < 20 || m.anew > 10 {
		t.Errorf("got %d shapes measured from the day before and %d anew, want most from the day before", m.steps, m.anew)
	}
}
