package geo

import (
	"container/heap"
	"context"

	"github.com/paulmach/orb"
)

// MaxGroundProbes bounds the edges NearestGround looks across, nearest
// first, for the side's ground: past it the distance is left out (nil)
// rather than searched further.
const MaxGroundProbes = 20_000

// probeKm is how far across an edge NearestGround looks for the side's
// ground: 20 m, under the drawing's precision and over rounding.
const probeKm = 0.02

// NearestGround is the nearest ground held by side x to pt ([lon, lat]),
// on the map m of one day, nil if there is none within
// MaxGroundProbes edges. Ground held by x is that of x's control versions
// (occupied or liberated), and the land of x's own country per land (for
// ua Ukraine, for ru Russia) that no other version covers: DeepStateMap,
// like the seed, draws only what changed hands.
//
// The nearest point of that ground lies on an edge of a version's shape
// or of x's country: every edge's nearest point to pt is found in a local
// equirectangular frame about pt, and the edges are looked across, nearest
// first, until one has x's ground on its far side (probeKm beyond). The
// distance is then measured on the sphere (haversine). The cost is a
// pass over the edges and a point-in-polygon test for each edge looked
// across (the nearest edges are usually the front's).
func NearestGround(ctx context.Context, pt orb.Point, x Side, m *PointMap, land *Land) (*Distance, error) {
	f := newFrame(pt)
	var h candHeap
	add := func(c candidate) { h = append(h, c) }
	for _, v := range m.vs {
		if v.Status == StatusClaimed {
			continue
		}
		for _, p := range v.Geometry {
			for _, r := range p {
				forSegments(f, r, add)
			}
		}
	}
	for _, p := range land.Country(countryOfSide(x)) {
		for _, r := range p {
			forSegments(f, r, add)
		}
	}
	heap.Init(&h)
	g := groundTest{x: x, m: m, land: land}
	for n := 0; h.Len() > 0 && n < MaxGroundProbes; n++ {
		if n%256 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := heap.Pop(&h).(candidate)
		if g.across(f, c) {
			return distanceTo(pt, f.point(c.x, c.y), x), nil
		}
	}
	return nil, nil
}

// groundTest says whether a point is ground held by x.
type groundTest struct {
	x    Side
	m    *PointMap
	land *Land
}

// across reports whether x's ground lies just across the edge of c: a
// probe beyond c's point, away from f's origin, or on either side of the
// edge when the origin is on it.
func (g groundTest) across(f localFrame, c candidate) bool {
	if c.d > 1e-6 {
		s := 1 + probeKm/c.d
		return g.holds(f.point(c.x*s, c.y*s))
	}
	return g.holds(f.point(c.x+c.nx*probeKm, c.y+c.ny*probeKm)) || g.holds(f.point(c.x-c.nx*probeKm, c.y-c.ny*probeKm))
}

func (g groundTest) holds(pt orb.Point) bool {
	covered := false
	for i, v := range g.m.vs {
		if v.Status == StatusClaimed {
			continue
		}
		if in, _ := g.m.shapes[i].Covers(pt); in {
			if v.Status.Controls() && v.Side == g.x {
				return true
			}
			covered = true
		}
	}
	return !covered && g.land.Known() && g.land.CountryAt(pt) == countryOfSide(g.x)
}

// candHeap orders candidates nearest first.
type candHeap []candidate

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].d < h[j].d }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(candidate)) }
func (h *candHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
