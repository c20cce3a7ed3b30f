package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// edgeCells is how many cells an edgeIndex has on each axis.
const edgeCells = 128

// edgeIndex is the boundary of a reference (rings oriented as Normalize
// orients them) in a grid of cells over its bound, each listing the edges
// whose bound meets it: the edges near a chain, and the winding number of
// a point from the edges of its row alone.
type edgeIndex struct {
	bound  orb.Bound
	edges  []segment
	cells  [][]int32 // row-major, edgeCells × edgeCells
	cw, ch float64   // cell width and height
	seen   []uint32  // query stamps, by edge
	stamp  uint32
}

func newEdgeIndex(mp orb.MultiPolygon) *edgeIndex {
	ix := &edgeIndex{cells: make([][]int32, edgeCells*edgeCells)}
	if len(mp) == 0 {
		return ix
	}
	ix.bound = mp.Bound()
	ix.cw = math.Max(ix.bound.Max[0]-ix.bound.Min[0], 1e-9) / edgeCells
	ix.ch = math.Max(ix.bound.Max[1]-ix.bound.Min[1], 1e-9) / edgeCells
	orientedRings(mp, func(r orb.Ring, rev bool) {
		ringEdges(r, rev, func(s segment) {
			k := int32(len(ix.edges))
			ix.edges = append(ix.edges, s)
			x0, y0, x1, y1 := ix.span(segmentBound(s))
			for y := y0; y <= y1; y++ {
				for x := x0; x <= x1; x++ {
					ix.cells[y*edgeCells+x] = append(ix.cells[y*edgeCells+x], k)
				}
			}
		})
	})
	ix.seen = make([]uint32, len(ix.edges))
	return ix
}

// span is the cells a bound covers, clamped to the grid.
func (ix *edgeIndex) span(b orb.Bound) (x0, y0, x1, y1 int) {
	cell := func(v, lo, size float64) int {
		return min(max(int((v-lo)/size), 0), edgeCells-1)
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
			for _, k := range ix.cells[y*edgeCells+x] {
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
	for x := x0; x < edgeCells; x++ {
		for _, k := range ix.cells[y*edgeCells+x] {
			if ix.seen[k] != ix.stamp {
				ix.seen[k] = ix.stamp
				w += windingStep(ix.edges[k], p)
			}
		}
	}
	return w
}
