package geo

import (
	"hash/maphash"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// segment is a directed edge of a boundary. A Meter's chains and
// references have their edges in the equal-area projection (metres,
// projected): the edges are straight there, as AreaKm2 takes them, so
// that a point where two edges cross, found there, lies on both, and
// cutting an edge there leaves its integral as it was; found in lon/lat,
// it lies off the projected edges by as much as a decimetre and the
// integrals of the pieces of an edge cut in one day's measure and not in
// the next differ from the edge's by some 100 m².
type segment struct{ a, b orb.Point }

// projected returns s in the equal-area projection.
func (s segment) projected() segment {
	ax, ay := equalArea(s.a)
	bx, by := equalArea(s.b)
	return segment{orb.Point{ax, ay}, orb.Point{bx, by}}
}

// chain is a closed chain of edges (a connected part of the change of a
// boundary) and its bound.
type chain struct {
	edges []segment
	bound orb.Bound
}

// orientedRings calls fn with each ring of mp oriented as Normalize
// orients it (shells counter-clockwise, holes clockwise), without
// changing mp: reversed reports that fn must read the ring backwards.
func orientedRings(mp orb.MultiPolygon, fn func(r orb.Ring, reversed bool)) {
	for _, p := range mp {
		for i, r := range p {
			if len(r) < 2 {
				continue
			}
			fn(r, (i == 0) != (ringArea(r) > 0))
		}
	}
}

// ringEdges calls fn with each edge of r as oriented (closing it if the
// last point is not the first).
func ringEdges(r orb.Ring, reversed bool, fn func(segment)) {
	n := len(r)
	if r[0] == r[n-1] {
		n--
	}
	for i := range n {
		a, b := r[i], r[(i+1)%n]
		if reversed {
			a, b = b, a
		}
		if a != b {
			fn(segment{a, b})
		}
	}
}

var ringSeed = maphash.MakeSeed()

// ringHash hashes r's points and orientation.
func ringHash(r orb.Ring, reversed bool) uint64 {
	var h maphash.Hash
	h.SetSeed(ringSeed)
	var buf [17]byte
	if reversed {
		buf[16] = 1
	}
	for _, p := range r {
		x, y := math.Float64bits(p[0]), math.Float64bits(p[1])
		for k := range 8 {
			buf[k], buf[8+k] = byte(x>>(8*k)), byte(y>>(8*k))
		}
		h.Write(buf[:16])
	}
	h.Write(buf[16:])
	return h.Sum64()
}

// boundaryChange returns the edges of after's boundary less those of
// before's, old edges reversed, as closed chains in the equal-area
// projection; changed is how many
// edges they have, total how many edges the two boundaries have. Rings
// found unchanged in both (same points, same orientation) are skipped
// whole.
func boundaryChange(before, after orb.MultiPolygon) (chains []chain, changed, total int) {
	type ring struct {
		r        orb.Ring
		reversed bool
	}
	old := map[uint64][]ring{}
	orientedRings(before, func(r orb.Ring, rev bool) {
		h := ringHash(r, rev)
		old[h] = append(old[h], ring{r, rev})
		total += len(r) - 1
	})
	count := map[segment]int{}
	orientedRings(after, func(r orb.Ring, rev bool) {
		total += len(r) - 1
		h := ringHash(r, rev)
		for i, o := range old[h] {
			if o.reversed == rev && slices.Equal(o.r, r) {
				old[h] = slices.Delete(old[h], i, i+1)
				return
			}
		}
		ringEdges(r, rev, func(s segment) { count[s]++ })
	})
	for _, rs := range old {
		for _, o := range rs {
			ringEdges(o.r, o.reversed, func(s segment) { count[s]-- })
		}
	}
	var edges []segment
	for s, n := range count {
		if n < 0 {
			s, n = segment{s.b, s.a}, -n
		}
		for range n {
			edges = append(edges, s)
		}
	}
	// In one order whatever the maps' order, so that the sums are the same
	// to the last bit in every process.
	slices.SortFunc(edges, func(a, b segment) int {
		if segmentLess(a, b) {
			return -1
		}
		if segmentLess(b, a) {
			return 1
		}
		return 0
	})
	for i, e := range edges {
		edges[i] = e.projected()
	}
	return connect(edges), len(edges), total
}

// connect splits edges into the chains of edges that share points.
func connect(edges []segment) []chain {
	parent := make([]int, len(edges))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	at := map[orb.Point]int{}
	for i, e := range edges {
		for _, p := range []orb.Point{e.a, e.b} {
			if j, ok := at[p]; ok {
				parent[find(i)] = find(j)
			} else {
				at[p] = i
			}
		}
	}
	byRoot := map[int]int{}
	var out []chain
	for i, e := range edges {
		r := find(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, chain{bound: orb.Bound{Min: e.a, Max: e.a}})
		}
		c := &out[k]
		c.edges = append(c.edges, e)
		c.bound = c.bound.Extend(e.a).Extend(e.b)
	}
	return out
}

// origin is where a chain's integrals are taken from: its bound's centre,
// to keep the products of the shoelace small.
func (c chain) origin() (x, y float64) {
	o := c.bound.Center()
	return o[0], o[1]
}

// shoelace is the integral of (x dy - y dx) / 2 along a to b (projected),
// from the origin ox, oy, in m².
func shoelace(a, b orb.Point, ox, oy float64) float64 {
	ax, ay, bx, by := a[0]-ox, a[1]-oy, b[0]-ox, b[1]-oy
	return (ax*by - bx*ay) / 2
}

// areaKm2 is the change of area the chain makes.
func (c chain) areaKm2() float64 {
	ox, oy := c.origin()
	var sum float64
	for _, e := range c.edges {
		sum += shoelace(e.a, e.b, ox, oy)
	}
	return sum / 1e6
}

// insideKm2 is the change of area inside the reference of ix the chain
// makes: the integral over its pieces inside the reference plus that over
// the reference's boundary weighted by the chain's winding number.
func (c chain) insideKm2(ix *edgeIndex) float64 {
	ox, oy := c.origin()
	var sum float64
	var cuts []float64
	for _, e := range c.edges {
		cuts = cuts[:0]
		for _, f := range ix.query(segmentBound(e)) {
			if t, ok := crossing(e, f); ok {
				cuts = append(cuts, t)
			}
		}
		pieces(e, cuts, func(p, q orb.Point) {
			if ix.winding(midpoint(p, q)) != 0 {
				sum += shoelace(p, q, ox, oy)
			}
		})
	}
	cx := indexEdges(c.edges)
	for _, f := range ix.query(c.bound) {
		if !segmentBound(f).Intersects(c.bound) {
			continue
		}
		cuts = cuts[:0]
		for _, e := range cx.query(segmentBound(f)) {
			if t, ok := crossing(f, e); ok {
				cuts = append(cuts, t)
			}
		}
		pieces(f, cuts, func(p, q orb.Point) {
			if w := cx.winding(midpoint(p, q)); w != 0 {
				sum += float64(w) * shoelace(p, q, ox, oy)
			}
		})
	}
	return sum / 1e6
}

// pieces cuts s at the parameters cuts (0..1, any order) and calls fn
// with each piece, in order.
func pieces(s segment, cuts []float64, fn func(p, q orb.Point)) {
	slices.Sort(cuts)
	p := s.a
	for _, t := range cuts {
		q := orb.Point{s.a[0] + t*(s.b[0]-s.a[0]), s.a[1] + t*(s.b[1]-s.a[1])}
		fn(p, q)
		p = q
	}
	fn(p, s.b)
}

func midpoint(p, q orb.Point) orb.Point {
	return orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
}

func segmentBound(s segment) orb.Bound {
	return orb.Bound{Min: s.a, Max: s.a}.Extend(s.b)
}

// cross2 is twice the signed area of a, b, c: positive when c lies left
// of a->b.
func cross2(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (c[0]-a[0])*(b[1]-a[1])
}

// crossing reports whether s and f cross properly (each one's ends on
// either side of the other), and where along s (0..1). The orientation
// tests are made on the pair in one order whatever the order given, so
// that crossing(s, f) and crossing(f, s) agree on whether they cross even
// where rounding decides it.
func crossing(s, f segment) (float64, bool) {
	swap := segmentLess(f, s)
	if swap {
		s, f = f, s
	}
	d1, d2 := cross2(f.a, f.b, s.a), cross2(f.a, f.b, s.b)
	if d1 == 0 || d2 == 0 || (d1 > 0) == (d2 > 0) {
		return 0, false
	}
	d3, d4 := cross2(s.a, s.b, f.a), cross2(s.a, s.b, f.b)
	if d3 == 0 || d4 == 0 || (d3 > 0) == (d4 > 0) {
		return 0, false
	}
	if swap {
		return d3 / (d3 - d4), true
	}
	return d1 / (d1 - d2), true
}

// segmentLess orders segments by their points.
func segmentLess(a, b segment) bool {
	for i, x := range [4]float64{a.a[0], a.a[1], a.b[0], a.b[1]} {
		if y := [4]float64{b.a[0], b.a[1], b.b[0], b.b[1]}[i]; x != y {
			return x < y
		}
	}
	return false
}

// windingStep is what edge e adds to the winding number around p
// (Sunday's rule): +1 crossing p's row upwards right of p, -1 downwards.
func windingStep(e segment, p orb.Point) int {
	if e.a[1] <= p[1] {
		if e.b[1] > p[1] && cross2(e.a, e.b, p) > 0 {
			return 1
		}
	} else if e.b[1] <= p[1] && cross2(e.a, e.b, p) < 0 {
		return -1
	}
	return 0
}
