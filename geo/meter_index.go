package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// maxEdgeCells is how many cells an edgeIndex has at most on each axis.
const maxEdgeCells = 128

// edgeIndex is the boundary of a reference (rings oriented as Normalize
// orients them, in the equal-area projection) or a chain in a grid of cells over its bound, each listing the edges
// whose bound meets it: the edges near a chain, and the winding number of
// a point from the edges of its row alone.
type edgeIndex struct {
	bound  orb.Bound
	edges  []segment
	n      int       // cells on each axis
	cells  [][]int32 // row-major, n × n
	cw, ch float64   // cell width and height
	seen   []uint32  // query stamps, by edge
	stamp  uint32
}

func newEdgeIndex(mp orb.MultiPolygon) *edgeIndex {
	var edges []segment
	orientedRings(mp, func(r orb.Ring, rev bool) {
		ringEdges(r, rev, func(s segment) { edges = append(edges, s.projected()) })
	})
	return indexEdges(edges)
}

// indexEdges indexes edges in a grid of about two edges a cell, at most
// maxEdgeCells a side.
func indexEdges(edges []segment) *edgeIndex {
	n := max(1, min(maxEdgeCells, int(math.Sqrt(float64(len(edges))/2))))
	ix := &edgeIndex{n: n, cells: make([][]int32, n*n), edges: edges, seen: make([]uint32, len(edges))}
	if len(edges) == 0 {
		return ix
	}
	ix.bound = orb.Bound{Min: edges[0].a, Max: edges[0].a}
	for _, e := range edges {
		ix.bound = ix.bound.Extend(e.a).Extend(e.b)
	}
	ix.cw = math.Max(ix.bound.Max[0]-ix.bound.Min[0], 1e-3) / float64(n)
	ix.ch = math.Max(ix.bound.Max[1]-ix.bound.Min[1], 1e-3) / float64(n)
	for k, e := range edges {
		x0, y0, x1, y1 := ix.span(segmentBound(e))
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				ix.cells[y*n+x] = append(ix.cells[y*n+x], int32(k))
			}
		}
	}
	return ix
}

// span is the cells a bound covers, clamped to the grid.
func (ix *edgeIndex) span(b orb.Bound) (x0, y0, x1, y1 int) {
	cell := func(v, lo, size float64) int {
		return min(max(int((v-lo)/size), 0), ix.n-1)
	}
	return cell(b.Min[0], ix.bound.Min[0], ix.cw), cell(b.Min[1], ix.bound.Min[1], ix.ch),
		cell(b.Max[0], ix.bound.Min[0], ix.cw), cell(b.Max[1], ix.bound.Min[1], ix.ch)
}

// next starts a query: edges seen in it are counted once.
func (ix *edgeIndex) next() {
	ix.stamp++
	if ix.stamp == 0 {
		clear(ix.seen)
		ix.stamp = 1
	}
}

// query returns the edges whose cells meet b.
func (ix *edgeIndex) query(b orb.Bound) []segment {
	if len(ix.edges) == 0 || !ix.bound.Intersects(b) {
		return nil
	}
	ix.next()
	var out []segment
	x0, y0, x1, y1 := ix.span(b)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, k := range ix.cells[y*ix.n+x] {
				if ix.seen[k] != ix.stamp {
					ix.seen[k] = ix.stamp
					out = append(out, ix.edges[k])
				}
			}
		}
	}
	return out
}

// winding is the winding number of the reference's boundary around p:
// non-zero inside. Only edges that cross p's row right of p count, and
// they are all in the cells of that row from p's on.
func (ix *edgeIndex) winding(p orb.Point) int {
	if !ix.bound.Contains(p) {
		return 0
	}
	ix.next()
	x0, y, _, _ := ix.span(orb.Bound{Min: p, Max: p})
	w := 0
	for x := x0; x < ix.n; x++ {
		for _, k := range ix.cells[y*ix.n+x] {
			if ix.seen[k] != ix.stamp {
				ix.seen[k] = ix.stamp
				w += windingStep(ix.edges[k], p)
			}
		}
	}
	return w
}
