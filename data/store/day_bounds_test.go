package store

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestVersionsOnDay: a day's list with its bounds, filtered by a tile's
// bound, is what VersionsAtBare gives for the tile, on every change day
// of the seed and tiles from z3 to z9 over the front; every bound holds its
// version's geometry; an unknown dataset is an error.
func TestVersionsOnDay(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	days, err := s.ChangeDays(ctx, SeedDataset, orb.Bound{})
	if err != nil || len(days) < 10 {
		t.Fatalf("change days: %d, %v", len(days), err)
	}
	checked := 0
	for i, day := range days {
		vs, bs, err := s.VersionsOnDay(ctx, SeedDataset, day)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != len(bs) {
			t.Fatalf("%s: %d versions, %d bounds", day, len(vs), len(bs))
		}
		all, err := s.VersionsAtBare(ctx, SeedDataset, day, orb.Bound{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(vs, all) {
			t.Fatalf("%s: the day's list has %d versions, VersionsAtBare %d", day, len(vs), len(all))
		}
		if i%3 == 0 {
			full, err := s.VersionsAt(ctx, SeedDataset, day, orb.Bound{})
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range full {
				if b := v.Geometry.Bound(); !bs[k].Pad(1e-6).Contains(b.Min) || !bs[k].Pad(1e-6).Contains(b.Max) {
					t.Errorf("%s: version %d's bound %v does not hold its geometry's %v", day, v.ID, bs[k], b)
				}
			}
		}
		for z := maptile.Zoom(3); z <= 9; z += 2 {
			lo, hi := maptile.At(orb.Point{30, 52}, z), maptile.At(orb.Point{40, 44.5}, z)
			step := max(1, (hi.X-lo.X)/4)
			for x := lo.X; x <= hi.X; x += step {
				for y := lo.Y; y <= hi.Y; y += step {
					b := maptile.New(x, y, z).Bound()
					want, err := s.VersionsAtBare(ctx, SeedDataset, day, b)
					if err != nil {
						t.Fatal(err)
					}
					var got []geo.Version
					for k, v := range vs {
						if bs[k].Intersects(b) {
							got = append(got, v)
						}
					}
					if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
						t.Fatalf("%s tile %d/%d/%d: the list gives %d versions, the store %d", day, z, x, y, len(got), len(want))
					}
					checked++
				}
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d tiles checked", checked)
	}
	if _, _, err := s.VersionsOnDay(ctx, "no-such-dataset", days[0]); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("unknown dataset: %v, want ErrNotFound", err)
	}
}
