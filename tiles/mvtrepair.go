package tiles

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// A polygon that rounding left invalid is rebuilt from its edges on the
// grid: the edges are noded (split wherever they cross or touch, a
// crossing rounded to the nearest grid point, until no edges cross),
// edges that run both ways over the same stretch cancel (the zero-width
// spikes and slivers of rounding and clipping), and the faces left of the
// remaining edges are traced into simple rings. What lies inside the
// exterior and outside the interiors (winding above zero) stays.

// edge is a directed edge between grid points, its interior on its left
// (the spec's formula: positive area).
type edge struct{ a, b orb.Point }

// nodeRounds bounds the noding: rounding a crossing to the grid bends
// the edges through it, which may make a crossing elsewhere.
const nodeRounds = 8

// polygonEdges returns the edges of p, its exterior wound to positive
// area and its interiors to negative.
func polygonEdges(p orb.Polygon) []edge {
	var out []edge
	for i, r := range p {
		rev := (i == 0) != (ringArea2(r) > 0)
		for j := 0; j+1 < len(r); j++ {
			a, b := r[j], r[j+1]
			if rev {
				a, b = b, a
			}
			if a != b {
				out = append(out, edge{a, b})
			}
		}
	}
	return out
}

// node splits the edges where they cross or touch until they meet only
// at their ends, then cancels the edges that run both ways.
func node(es []edge) []edge {
	for range nodeRounds {
		cuts := crossings(es)
		if len(cuts) == 0 {
			break
		}
		es = split(es, cuts)
	}
	return cancel(es)
}

// crossings returns, by edge index, the points where other edges cross
// or touch an edge inside it, found by a sweep along x.
func crossings(es []edge) map[int][]orb.Point {
	idx := make([]int, len(es))
	for i := range idx {
		idx[i] = i
	}
	minX := func(e edge) float64 { return math.Min(e.a[0], e.b[0]) }
	sort.Slice(idx, func(i, j int) bool { return minX(es[idx[i]]) < minX(es[idx[j]]) })
	cuts := map[int][]orb.Point{}
	var active []int
	for _, i := range idx {
		e := es[i]
		x := minX(e)
		keep := active[:0]
		for _, j := range active {
			if math.Max(es[j].a[0], es[j].b[0]) >= x {
				keep = append(keep, j)
			}
		}
		active = keep
		for _, j := range active {
			f := es[j]
			if math.Max(e.a[1], e.b[1]) < math.Min(f.a[1], f.b[1]) || math.Max(f.a[1], f.b[1]) < math.Min(e.a[1], e.b[1]) {
				continue
			}
			meet(e, f, func(p orb.Point) { cuts[i] = append(cuts[i], p) }, func(p orb.Point) { cuts[j] = append(cuts[j], p) })
		}
		active = append(active, i)
	}
	return cuts
}

// cross is the cross product of b-a and c-a: positive when c is left of a→b.
func cross(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// inside reports whether p, on the line of e, lies strictly between its ends.
func inside(e edge, p orb.Point) bool {
	return p != e.a && p != e.b &&
		math.Min(e.a[0], e.b[0]) <= p[0] && p[0] <= math.Max(e.a[0], e.b[0]) &&
		math.Min(e.a[1], e.b[1]) <= p[1] && p[1] <= math.Max(e.a[1], e.b[1])
}

// meet reports where e and f meet inside one of them: cutE with points to
// split e at, cutF with points to split f at. Coordinates are whole and
// small, so the products are exact.
func meet(e, f edge, cutE, cutF func(orb.Point)) {
	d1, d2 := cross(f.a, f.b, e.a), cross(f.a, f.b, e.b)
	d3, d4 := cross(e.a, e.b, f.a), cross(e.a, e.b, f.b)
	if d1 == 0 && inside(f, e.a) {
		cutF(e.a)
	}
	if d2 == 0 && inside(f, e.b) {
		cutF(e.b)
	}
	if d3 == 0 && inside(e, f.a) {
		cutE(f.a)
	}
	if d4 == 0 && inside(e, f.b) {
		cutE(f.b)
	}
	if d1*d2 < 0 && d3*d4 < 0 { // a proper crossing, rounded to the grid
		u := d1 / (d1 - d2)
		p := orb.Point{math.Round(e.a[0] + u*(e.b[0]-e.a[0])), math.Round(e.a[1] + u*(e.b[1]-e.a[1]))}
		if p != e.a && p != e.b {
			cutE(p)
		}
		if p != f.a && p != f.b {
			cutF(p)
		}
	}
}

// split cuts each edge at its cut points, in order along it.
func split(es []edge, cuts map[int][]orb.Point) []edge {
	out := make([]edge, 0, len(es)+2*len(cuts))
	for i, e := range es {
		ps := cuts[i]
		if len(ps) == 0 {
			out = append(out, e)
			continue
		}
		dist := func(p orb.Point) float64 { return math.Abs(p[0]-e.a[0]) + math.Abs(p[1]-e.a[1]) }
		sort.Slice(ps, func(i, j int) bool { return dist(ps[i]) < dist(ps[j]) })
		a := e.a
		for _, p := range append(ps, e.b) {
			if p != a {
				out = append(out, edge{a, p})
				a = p
			}
		}
	}
	return out
}

// cancel sums the edges over each stretch, one way against the other,
// and returns the edges of each stretch whose sum is not zero, in the
// direction of the sum, as many as the sum.
func cancel(es []edge) []edge {
	sum := map[edge]int{} // by the edge from its lesser end
	var order []edge
	for _, e := range es {
		k, w := e, 1
		if e.b[0] < e.a[0] || e.b[0] == e.a[0] && e.b[1] < e.a[1] {
			k, w = edge{e.b, e.a}, -1
		}
		if _, ok := sum[k]; !ok {
			order = append(order, k)
		}
		sum[k] += w
	}
	out := make([]edge, 0, len(order))
	for _, k := range order {
		w, e := sum[k], k
		if w < 0 {
			w, e = -w, edge{k.b, k.a}
		}
		for range w { // as many times as it bounds: overlapping rings
			out = append(out, e)
		}
	}
	return out
}

// traceFaces traces the edges into rings, each the boundary of the face
// on its left: at a point where several edges meet it takes the first
// edge clockwise from the one it came along, so that rings touching at
// a point come out as separate simple rings. Rings of positive area are
// exteriors; each interior (negative area) goes to the smallest exterior
// around it, and interiors outside every exterior are dropped.
func traceFaces(es []edge) orb.MultiPolygon {
	out := map[orb.Point][]int{}
	for i, e := range es {
		out[e.a] = append(out[e.a], i)
	}
	used := make([]bool, len(es))
	var shells, holes []orb.Ring
	for start := range es {
		if used[start] {
			continue
		}
		r := orb.Ring{es[start].a}
		for e, n := start, 0; n <= len(es); n++ {
			used[e] = true
			r = append(r, es[e].b)
			next := nextEdge(es, out[es[e].b], es[e], func(i int) bool { return i == start || !used[i] })
			if next == start {
				break
			}
			if next < 0 {
				r = nil
				break
			}
			e = next
		}
		if len(r) < 4 || r[0] != r[len(r)-1] {
			continue
		}
		for _, l := range loops(r) {
			switch a := ringArea2(l); {
			case a > 0:
				shells = append(shells, l)
			case a < 0:
				holes = append(holes, l)
			}
		}
	}
	return assignHoles(shells, holes)
}

// loops splits a closed walk that passes a point more than once (the
// boundary of a face that touches itself: an interior touching its
// exterior) into simple closed rings.
func loops(r orb.Ring) []orb.Ring {
	var out []orb.Ring
	at := map[orb.Point]int{}
	stack := make(orb.Ring, 0, len(r))
	for _, p := range r {
		if i, ok := at[p]; ok {
			l := append(append(orb.Ring(nil), stack[i:]...), p)
			for _, q := range stack[i+1:] {
				delete(at, q)
			}
			stack = stack[:i+1]
			if len(l) >= 4 {
				out = append(out, l)
			}
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	return out
}

// nextEdge returns the index of the edge leaving the end of in, of those
// free, that is first clockwise from the way back along in, or -1.
func nextEdge(es []edge, from []int, in edge, free func(int) bool) int {
	back := angle(in.b, in.a)
	best, bestTurn := -1, math.Inf(1)
	for _, i := range from {
		if !free(i) {
			continue
		}
		t := back - angle(es[i].a, es[i].b) // clockwise turn from back
		if t <= 0 {
			t += 2 * math.Pi
		}
		if t < bestTurn {
			best, bestTurn = i, t
		}
	}
	return best
}

func angle(a, b orb.Point) float64 { return math.Atan2(b[1]-a[1], b[0]-a[0]) }

// assignHoles makes polygons of shells, each interior with the smallest
// exterior that holds it.
func assignHoles(shells, holes []orb.Ring) orb.MultiPolygon {
	sort.SliceStable(shells, func(i, j int) bool { return ringArea2(shells[i]) < ringArea2(shells[j]) })
	mp := make(orb.MultiPolygon, len(shells))
	for i, s := range shells {
		mp[i] = orb.Polygon{s}
	}
	for _, h := range holes {
		for i, s := range shells {
			if holds(s, h) {
				mp[i] = append(mp[i], h)
				break
			}
		}
	}
	return mp
}

// holds reports whether ring s holds ring h: a point of h not on s is inside s.
func holds(s, h orb.Ring) bool {
	for _, p := range h {
		switch pointInRing(s, p) {
		case 1:
			return true
		case -1:
			return false
		}
	}
	return false
}

// pointInRing is 1 if p is inside r, -1 outside and 0 on its boundary.
func pointInRing(r orb.Ring, p orb.Point) int {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if cross(a, b, p) == 0 && (p == a || inside(edge{a, b}, p)) {
			return 0
		}
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
			in = !in
		}
	}
	if in {
		return 1
	}
	return -1
}
