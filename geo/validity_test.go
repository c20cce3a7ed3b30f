package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// bowtie is a ring that crosses itself at [35, 48]: a triangle of 1°
// east of the crossing and one of s° west of it, wound the other way.
func bowtie(s float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{35 - s, 48}, {36, 48}, {36, 49}, {35 - s, 48 - s}, {35 - s, 48}}}}
}

// TestRepair is the validity rule (#20 part 3): valid shapes are kept as
// they are, a repair that changes the area by at most 0.01% is made and
// said, anything else is refused with the reason, and a ring wider than
// 180° of longitude always is.
func TestRepair(t *testing.T) {
	shell := box(35, 48, 36, 49)[0][0]
	type tcase struct {
		in       orb.MultiPolygon
		repaired bool   // the shape was repaired
		refused  string // a part of the reason, when refused
	}
	tcases := map[string]tcase{
		"valid square":                  {in: box(35, 48, 36, 49)},
		"valid with hole":               {in: orb.MultiPolygon{{shell, box(35.2, 48.2, 35.4, 48.4)[0][0]}}},
		"bowtie within 0.01%":           {in: bowtie(0.005), repaired: true},
		"bowtie beyond 0.01%":           {in: bowtie(0.05), refused: "crosses or touches itself at [35, 48]"},
		"symmetric bowtie":              {in: orb.MultiPolygon{{{{35, 48}, {36, 49}, {36, 48}, {35, 49}, {35, 48}}}}, refused: "area"},
		"hole outside shell":            {in: orb.MultiPolygon{{shell, box(37, 48, 37.5, 48.5)[0][0]}}, refused: "interior ring outside of exterior ring"},
		"speck of a hole outside shell": {in: orb.MultiPolygon{{shell, box(37, 48, 37.00001, 48.00001)[0][0]}}, repaired: true},
		"hole crossing shell":           {in: orb.MultiPolygon{{shell, box(35.9, 48.4, 36.3, 48.6)[0][0]}}, refused: "more than the 0.01%"},
		"overlapping polygons": {in: orb.MultiPolygon{box(35, 48, 36, 49)[0], box(35.99999, 48, 37, 49)[0]},
			repaired: true},
		"358 degrees wide": {in: orb.MultiPolygon{{{{-179, 48}, {179, 48}, {179, 49}, {-179, 49}, {-179, 48}}}}, refused: "spans 358° of longitude"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			before := AreaKm2(tc.in)
			got, err := Repair(tc.in.Clone())
			if tc.refused != "" {
				var se *ShapeError
				if !errors.As(err, &se) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.refused) {
					t.Fatalf("got %v, want a *ShapeError saying %q", err, tc.refused)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			if got.Done() != tc.repaired {
				t.Errorf("repaired: got %v (%q), want %v", got.Done(), got.Why, tc.repaired)
			}
			if err := Validate(got.Shape); err != nil {
				t.Errorf("the shape is not valid: %v", err)
			}
			after := AreaKm2(got.Shape)
			if change := math.Abs(after-before) / before; change > MaxRepairChange || math.Abs(change-got.Change) > 1e-12 {
				t.Errorf("area %.3f km² to %.3f km²: change %g, reported %g; want at most %g", before, after, change, got.Change, MaxRepairChange)
			}
			if !tc.repaired && !orb.Equal(got.Shape, tc.in) {
				t.Errorf("a valid shape changed")
			}
		})
	}
}

// TestRepairBowtieAreas: the repaired bowtie is its two triangles, not
// their difference (what AreaKm2 makes of the crossed ring).
func TestRepairBowtieAreas(t *testing.T) {
	got, err := Repair(bowtie(0.005))
	if err != nil {
		t.Fatal(err)
	}
	east := AreaKm2(orb.Polygon{{{35, 48}, {36, 48}, {36, 49}, {35, 48}}})
	west := AreaKm2(orb.Polygon{{{34.995, 48}, {35, 48}, {34.995, 47.995}, {34.995, 48}}})
	if a, want := AreaKm2(got.Shape), east+west; math.Abs(a-want) > want*1e-9 {
		t.Errorf("got %.6f km², want %.6f (the two triangles)", a, want)
	}
	var rs Repairs
	rs.Add(got)
	rs.Add(Repaired{Shape: box(0, 0, 1, 1)})
	if rs.Count != 1 || rs.MaxChange != got.Change || !strings.Contains(rs.String(), "1 invalid shape repaired") {
		t.Errorf("repairs: got %+v %q", rs, rs)
	}
}

// TestOverlayNeedsValid (#24, 4): an overlay reads an invalid polygon
// wrongly and without an error: the union of a shell with a speck of a
// hole outside it (DeepStateMap's Kherson polygon of May 2022) is the
// speck alone. Its repair (the shell, and the speck an island) unites
// as drawn. Should the union ever read it rightly, the note on overlays
// (overlay.go) and the repair of each DeepStateMap polygon before its
// overlays (data/deepstate) are no longer needed.
func TestOverlayNeedsValid(t *testing.T) {
	shell := box(35, 48, 36, 49)[0][0]
	in := orb.MultiPolygon{{shell, box(37, 48, 37.00001, 48.00001)[0][0]}}
	inside := orb.Point{35.5, 48.5}
	u, err := Union(in)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := Covers(u, inside); c || AreaKm2(u) > 1 {
		t.Errorf("the union of the invalid polygon is %.3f km², covering %v: the overlay now reads it rightly", AreaKm2(u), inside)
	}
	rp, err := Repair(in)
	if err != nil {
		t.Fatal(err)
	}
	if u, err = Union(rp.Shape); err != nil {
		t.Fatal(err)
	}
	want := AreaKm2(box(35, 48, 36, 49))
	if c, _ := Covers(u, inside); !c || math.Abs(AreaKm2(u)-want) > want*MaxRepairChange || len(u) != 2 {
		t.Errorf("the union of the repair: %d polygons of %.3f km², covering %v: %v; want the shell's %.3f km² and the speck", len(u), AreaKm2(u), inside, c, want)
	}
}
