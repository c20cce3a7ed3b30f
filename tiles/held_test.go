package tiles

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestHoldDrawsTheSame checks that a Builder holding versions whose
// geometry was dropped writes the same temporal tiles, byte for byte, as
// one that works their shapes out from the geometry, and that versions
// sharing a ring share its levels.
func TestHoldDrawsTheSame(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	island := wiggly(rng, 33.5, 45.2, 0.3, 900) // in every version, one array
	var vs []geo.Version
	for i := range 6 {
		front := wiggly(rng, 36+0.05*float64(i), 48, 1.2, 3000)
		vs = append(vs, geo.Version{ID: int64(i + 1), Region: "r", Dataset: "d", Side: geo.SideRU, Status: geo.StatusOccupied,
			Valid:    geo.Validity{From: geo.Day(19000 + i), To: geo.Day(19001 + i)},
			Geometry: orb.MultiPolygon{{front}, {island}}})
	}
	plain := NewBuilder(nil, 64<<20)
	hold := NewBuilder(nil, 64<<20)
	bare := make([]geo.Version, len(vs))
	copy(bare, vs)
	if err := hold.Hold(context.Background(), bare, 2); err != nil {
		t.Fatal(err)
	}
	for i := range bare {
		bare[i].Geometry = nil
	}
	s1, _ := hold.held.shape(1)
	s2, _ := hold.held.shape(2)
	if &s1.polys[1][0].pts[0] != &s2.polys[1][0].pts[0] {
		t.Error("two held versions with the same ring hold its levels twice")
	}
	if &s1.polys[0][0].pts[0] == &s2.polys[0][0].pts[0] {
		t.Error("two different rings share levels")
	}
	n := 0
	for z := maptile.Zoom(0); z <= 10; z += 2 {
		lo, hi := maptile.At(orb.Point{32.5, 50}, z), maptile.At(orb.Point{38.5, 44.5}, z)
		for x := lo.X; x <= hi.X; x += max(1, (hi.X-lo.X)/5) {
			for y := lo.Y; y <= hi.Y; y += max(1, (hi.Y-lo.Y)/5) {
				tile := maptile.New(x, y, z)
				want, err := MVT(plain.Temporal(append([]geo.Version(nil), vs...), tile).ForMVT())
				if err != nil {
					t.Fatal(err)
				}
				got, err := MVT(hold.Temporal(append([]geo.Version(nil), bare...), tile).ForMVT())
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("tile %v: held %d bytes, from geometry %d; they differ", tile, len(got), len(want))
				}
				if len(want) > 0 {
					n++
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d tiles drew something", n)
	}
}

// TestHoldCancelled checks that Hold gives up when its context ends.
func TestHoldCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vs := []geo.Version{{ID: 1, Geometry: orb.MultiPolygon{{wiggly(rand.New(rand.NewPCG(1, 1)), 36, 48, 1, 100)}}}}
	if err := NewBuilder(nil, 1<<20).Hold(ctx, vs, 2); err == nil {
		t.Fatal("Hold on a cancelled context: no error")
	}
}
