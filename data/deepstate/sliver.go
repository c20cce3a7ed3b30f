package deepstate

import (
	"container/heap"
	"math"

	"github.com/paulmach/orb"
)

// This file measures the width of a part cut off at the border
// (minAcrossWidthKm): where Natural Earth's border and DeepStateMap's
// disagree, a polygon drawn to DeepStateMap's border spills over Natural
// Earth's in strips from a few hundred metres to some 4 km wide.

// widthKm is the width of p in km: the diameter of the widest circle
// inside it (polylabel, to within 10 m), on a plane tangent at p's centre.
func widthKm(p orb.Polygon) float64 {
	if len(p) == 0 || len(p[0]) < 4 {
		return 0
	}
	b := p.Bound()
	kx := 111.32 * math.Cos(b.Center().Lat()*math.Pi/180)
	const ky = 110.57
	rings := make([][]orb.Point, len(p))
	for i, r := range p {
		rings[i] = make([]orb.Point, len(r))
		for j, pt := range r {
			rings[i][j] = orb.Point{(pt[0] - b.Min[0]) * kx, (pt[1] - b.Min[1]) * ky}
		}
	}
	w, h := (b.Max[0]-b.Min[0])*kx, (b.Max[1]-b.Min[1])*ky
	return 2 * inradius(rings, w, h, 0.01, math.Inf(1))
}

// cell is a square of the polylabel search: its centre, half its side and
// the signed distance from its centre to the polygon's edge (positive
// inside).
type cell struct {
	x, y, half, d float64
}

// max is the most any point of the cell can lie from the edge.
func (c cell) max() float64 { return c.d + c.half*math.Sqrt2 }

type cells []cell

func (q cells) Len() int           { return len(q) }
func (q cells) Less(i, j int) bool { return q[i].max() > q[j].max() }
func (q cells) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *cells) Push(x any)        { *q = append(*q, x.(cell)) }
func (q *cells) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// inradius is the greatest distance from a point inside the rings (in a
// w×h box from the origin) to their edges, to within precision, or the
// first distance found of at least enough: Mapbox's polylabel, cells split
// while they may hold a point farther in than the best found.
func inradius(rings [][]orb.Point, w, h, precision, enough float64) float64 {
	size := min(w, h)
	if size <= 0 {
		return 0
	}
	mk := func(x, y, half float64) cell { return cell{x, y, half, signedDist(x, y, rings)} }
	q := &cells{}
	for x := 0.0; x < w; x += size {
		for y := 0.0; y < h; y += size {
			heap.Push(q, mk(x+size/2, y+size/2, size/2))
		}
	}
	best := max(0, mk(w/2, h/2, 0).d)
	for n := 0; q.Len() > 0 && n < 1<<16; n++ {
		c := heap.Pop(q).(cell)
		best = max(best, c.d)
		if best >= enough {
			return best
		}
		if c.max()-best <= precision {
			continue
		}
		hh := c.half / 2
		for _, d := range [4][2]float64{{-1, -1}, {1, -1}, {-1, 1}, {1, 1}} {
			heap.Push(q, mk(c.x+d[0]*hh, c.y+d[1]*hh, hh))
		}
	}
	return best
}

// signedDist is the distance from (x, y) to the nearest edge of rings,
// negative outside them (even-odd).
func signedDist(x, y float64, rings [][]orb.Point) float64 {
	in := false
	best := math.Inf(1)
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
			best = min(best, segDist2(x, y, a, b))
		}
	}
	d := math.Sqrt(best)
	if !in {
		return -d
	}
	return d
}

// segDist2 is the squared distance from (x, y) to the segment ab.
func segDist2(x, y float64, a, b orb.Point) float64 {
	px, py := a[0], a[1]
	dx, dy := b[0]-px, b[1]-py
	if dx != 0 || dy != 0 {
		t := ((x-px)*dx + (y-py)*dy) / (dx*dx + dy*dy)
		if t > 1 {
			px, py = b[0], b[1]
		} else if t > 0 {
			px, py = px+dx*t, py+dy*t
		}
	}
	dx, dy = x-px, y-py
	return dx*dx + dy*dy
}
