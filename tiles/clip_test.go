package tiles

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// TestReduceRingKeepsClip: clipping the reduced ring gives exactly the
// points of clipping the whole ring, over random walks that wander in
// and out of random boxes, and the reduction does leave points out.
func TestReduceRingKeepsClip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var kept, total int
	for n := range 4000 {
		size := 2*chunkSize + 1 + rng.IntN(6000)
		step := []float64{0.5, 3, 20}[n%3]
		r := make(orb.Ring, 0, size+1)
		p := orb.Point{rng.Float64() * 100, rng.Float64() * 100}
		for range size {
			r = append(r, p)
			p = orb.Point{p[0] + (rng.Float64()-0.5)*step, p[1] + (rng.Float64()-0.5)*step}
			if n%7 == 0 { // now and then a point on a grid line, as rounded coordinates fall
				p = orb.Point{float64(int(p[0])), p[1]}
			}
		}
		r = append(r, r[0])
		x, y := rng.Float64()*100, rng.Float64()*100
		w, h := rng.Float64()*30, rng.Float64()*30
		if n%11 == 0 {
			w = 0 // a degenerate box
		}
		box := orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
		if n%13 == 0 { // a box on a point of the ring
			q := r[rng.IntN(len(r))]
			box = orb.Bound{Min: q, Max: orb.Point{q[0] + w, q[1] + h}}
		}
		red := reduceRing(r, chunkBounds(r, chunkSize), chunkBounds(r, chunkSize*superChunk), box)
		kept += len(red)
		total += len(r)
		want := clip.Ring(box, r.Clone())
		got := clip.Ring(box, red)
		if !slices.Equal(got, want) {
			t.Fatalf("walk %d (%d points, box %v): reduced ring (%d points) clips to %d points, the whole ring to %d",
				n, len(r), box, len(red), len(got), len(want))
		}
	}
	t.Logf("reduced rings keep %d of %d points", kept, total)
	if kept > total*3/4 {
		t.Errorf("the reduction kept %d of %d points: it should leave out most runs outside the boxes", kept, total)
	}
}
