package geo

import (
	"context"
	"math"
	"testing"
)

func version(region string, side Side, st Status, g [4]float64) Version {
	return Version{Region: region, Side: side, Status: st, Geometry: box(g[0], g[1], g[2], g[3]), Valid: Validity{To: Forever}}
}

func TestDiffIsExact(t *testing.T) {
	ref := NewReference("test", box(30, 45, 40, 52))
	before := []Version{
		version("a", SideRU, StatusOccupied, [4]float64{35, 46, 38, 49}),
		version("b", SideRU, StatusContested, [4]float64{34.5, 46, 35, 49}),
		version("c", SideUA, StatusOccupied, [4]float64{39, 51, 41, 53}), // half outside ref
	}
	after := []Version{
		version("a", SideRU, StatusOccupied, [4]float64{34.2, 46.5, 37, 50}),
		version("c", SideUA, StatusOccupied, [4]float64{39.5, 51.5, 41, 53}),
	}
	changes, err := Diff(context.Background(), before, after, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 {
		t.Fatalf("got %d changes, want 2", len(changes))
	}
	for _, c := range changes {
		if c.LostKm2 <= 0 || (c.Side == SideRU && c.GainedKm2 <= 0) {
			t.Errorf("%s: gained %.1f lost %.1f, want losses (and gains for ru)", c.Side, c.GainedKm2, c.LostKm2)
		}
		if d := c.NetKm2() - (c.AfterKm2 - c.BeforeKm2); math.Abs(d) > 0.001 {
			t.Errorf("%s: gained-lost %.4f != after-before %.4f", c.Side, c.NetKm2(), c.AfterKm2-c.BeforeKm2)
		}
	}
	// The UA area is clipped at lat 52 / lon 40 by the reference.
	if want := AreaKm2(box(39, 51, 40, 52)); math.Abs(changes[1].BeforeKm2-want) > 0.01 {
		t.Errorf("ua before: got %.2f, want %.2f (clipped to reference)", changes[1].BeforeKm2, want)
	}
}

func TestMeasureClaimedWithoutControl(t *testing.T) {
	ref := NewReference("test", box(30, 45, 40, 52))
	vs := []Version{
		version("occ", SideRU, StatusOccupied, [4]float64{35, 46, 37, 48}),
		version("claim", SideRU, StatusClaimed, [4]float64{34, 46, 37, 48}),
	}
	figs, err := Measure(context.Background(), vs, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 {
		t.Fatalf("got %d figures, want 2", len(figs))
	}
	claimed := figs[1]
	if claimed.Status != StatusClaimed {
		t.Fatalf("got %s second, want claimed", claimed.Status)
	}
	if want := AreaKm2(box(34, 46, 35, 48)); math.Abs(claimed.AreaKm2-want) > 0.01 {
		t.Errorf("claimed without control: got %.2f km², want %.2f", claimed.AreaKm2, want)
	}
	if want := figs[0].InsideKm2 / ref.AreaKm2; math.Abs(figs[0].Share-want) > 1e-12 {
		t.Errorf("share: got %g, want %g", figs[0].Share, want)
	}
}
