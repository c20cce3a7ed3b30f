package tiles

import (
	"math"
	"runtime"
	"sync"
	"weak"

	"github.com/paulmach/orb"
)

// ringPool shares the levels of equal rings among the shapes a Builder's
// memo holds: a region's versions repeat most of their rings (islands and
// holes away from where the front moved; DeepStateMap's whole archive is
// 8.1 million points in 4.1 million distinct ones), and a server reading
// them from the store decodes each version's rings anew. Rings are found
// by a hash of their points in zoom-0 world units and compared point by
// point; the pool holds them weakly, so a ring no kept shape holds is
// collected and its entry dropped. The memo counts every shape's rings in
// full, so it holds at most its bound and often much less.
type ringPool struct {
	mu    sync.Mutex
	rings map[uint64][]weak.Pointer[levelRing]
}

// ring returns the levels of r: a kept ring with the same points, or new
// ones, kept.
func (p *ringPool) ring(r orb.Ring) *levelRing {
	pts := projectRing0(r)
	h := hashRing(pts)
	p.mu.Lock()
	for _, w := range p.rings[h] {
		if lr := w.Value(); lr != nil && equalRing(lr.pts, pts) {
			p.mu.Unlock()
			return lr
		}
	}
	p.mu.Unlock()
	lr := levelsOf(pts)
	w := weak.Make(lr)
	p.mu.Lock()
	if p.rings == nil {
		p.rings = map[uint64][]weak.Pointer[levelRing]{}
	}
	p.rings[h] = append(p.rings[h], w)
	p.mu.Unlock()
	runtime.AddCleanup(lr, p.drop, ringEntry{h, w})
	return lr
}

// ringEntry names a pooled ring for its cleanup.
type ringEntry struct {
	hash uint64
	w    weak.Pointer[levelRing]
}

// drop forgets a collected ring.
func (p *ringPool) drop(e ringEntry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ws := p.rings[e.hash]
	for i, w := range ws {
		if w == e.w {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(p.rings, e.hash)
	} else {
		p.rings[e.hash] = ws
	}
}

// hashRing is FNV-1a over the bits of pts.
func hashRing(pts orb.Ring) uint64 {
	h := uint64(14695981039346656037)
	for _, pt := range pts {
		h = (h ^ math.Float64bits(pt[0])) * 1099511628211
		h = (h ^ math.Float64bits(pt[1])) * 1099511628211
	}
	return h
}

func equalRing(a, b orb.Ring) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
