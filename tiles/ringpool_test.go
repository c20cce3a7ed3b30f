package tiles

import (
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// TestRingPool: two versions decoded apart (equal rings, different
// arrays) share the levels of their equal rings through a Builder's memo,
// not of their different ones; a ring no kept shape holds any more leaves
// the pool.
func TestRingPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	island := wiggly(rng, 33.5, 45.2, 0.3, 900)
	copyRing := func(r orb.Ring) orb.Ring { return append(orb.Ring(nil), r...) }
	v1 := geo.Version{ID: 1, Geometry: orb.MultiPolygon{{wiggly(rng, 36, 48, 1, 2000)}, {copyRing(island)}}}
	v2 := geo.Version{ID: 2, Geometry: orb.MultiPolygon{{wiggly(rng, 36.1, 48, 1, 2000)}, {copyRing(island)}}}
	b := NewBuilder(nil, 64<<20)
	s1, s2 := b.shapeOf(v1), b.shapeOf(v2)
	if s1.polys[1][0] != s2.polys[1][0] {
		t.Error("equal rings of two versions have levels of their own")
	}
	if s1.polys[0][0] == s2.polys[0][0] {
		t.Error("different rings share levels")
	}
	if got, want := s1.polys[1][0].level, newLevelRing(island).level; len(got) != len(want) {
		t.Fatalf("shared ring: %d levels, want %d", len(got), len(want))
	}
	pooled := func() int {
		b.rings.mu.Lock()
		defer b.rings.mu.Unlock()
		n := 0
		for _, ws := range b.rings.rings {
			n += len(ws)
		}
		return n
	}
	if n := pooled(); n != 3 {
		t.Fatalf("%d rings pooled, want 3", n)
	}
	b.memo = newLevelCache(64 << 20) // the shapes are gone
	s1, s2 = nil, nil
	for i := 0; i < 50 && pooled() > 0; i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := pooled(); n != 0 {
		t.Errorf("%d rings still pooled after their shapes went", n)
	}
}
