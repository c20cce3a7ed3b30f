package tiles

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
)

// shape is a projected multipolygon with the bound of every ring, worked
// out once when it is memoised, so that clipping it to each of many tiles
// skips what misses a tile without walking its points.
type shape struct {
	mp     orb.MultiPolygon
	bound  orb.Bound
	rings  [][]orb.Bound   // per polygon, per ring
	chunks [][][]orb.Bound // per polygon, per ring, per run of chunkSize points
	supers [][][]orb.Bound // per polygon, per ring, per run of superChunk chunks
}

// chunkSize is the number of points of a ring whose bound a shape keeps,
// and superChunk the number of chunks of a coarser bound: clipping skips
// a run that lies wholly outside the tile in one step (reduceRing).
const (
	chunkSize  = 32
	superChunk = 32
)

func newShape(mp orb.MultiPolygon) *shape {
	s := &shape{mp: mp, rings: make([][]orb.Bound, len(mp)), chunks: make([][][]orb.Bound, len(mp)), supers: make([][][]orb.Bound, len(mp))}
	first := true
	for i, p := range mp {
		s.rings[i] = make([]orb.Bound, len(p))
		s.chunks[i] = make([][]orb.Bound, len(p))
		s.supers[i] = make([][]orb.Bound, len(p))
		for j, r := range p {
			b := r.Bound()
			s.rings[i][j] = b
			if len(r) > 2*chunkSize {
				s.chunks[i][j] = chunkBounds(r, chunkSize)
				s.supers[i][j] = chunkBounds(r, chunkSize*superChunk)
			}
			if j == 0 {
				if first {
					s.bound, first = b, false
				} else {
					s.bound = s.bound.Union(b)
				}
			}
		}
	}
	return s
}

// clip clips the shape to box (world units) and moves it by (ox, oy) to
// small numbers, rounded to whole units. The shape is not changed. Rings
// that fall outside or collapse are dropped.
func (s *shape) clip(box orb.Bound, ox, oy float64) orb.MultiPolygon {
	if s == nil || len(s.mp) == 0 || !s.bound.Intersects(box) {
		return nil
	}
	var out orb.MultiPolygon
	for i, p := range s.mp {
		if len(p) == 0 || !s.rings[i][0].Intersects(box) {
			continue
		}
		var q orb.Polygon
		for j, r := range p {
			rb := s.rings[i][j]
			var cr orb.Ring
			if box.Contains(rb.Min) && box.Contains(rb.Max) {
				cr = r
			} else {
				if j > 0 && !rb.Intersects(box) {
					continue
				}
				cr = clip.Ring(box, reduceRing(r, s.chunks[i][j], s.supers[i][j], box))
			}
			tr := toTileUnits(cr, ox, oy)
			if len(tr) < 4 {
				if j == 0 {
					break
				}
				continue
			}
			q = append(q, tr)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// clipToTile clips a shape to the tile (plus buf units) and returns it in
// tile units rounded to whole units.
func clipToTile(s *shape, t maptile.Tile, buf float64) orb.MultiPolygon {
	return s.clip(tileBox(t, buf), float64(t.X)*Extent, float64(t.Y)*Extent)
}

// toTileUnits moves a ring to tile units, rounds it and drops repeated points.
func toTileUnits(r orb.Ring, ox, oy float64) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for _, p := range r {
		q := orb.Point{math.Round(p[0] - ox), math.Round(p[1] - oy)}
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		out = append(out, q)
	}
	if n := len(out); n > 0 && out[0] != out[n-1] {
		out = append(out, out[0])
	}
	if len(out) < 4 {
		return nil
	}
	return out
}

// pointInTile returns a world point in tile units and whether it lies in
// the tile plus Buffer.
func pointInTile(p orb.Point, t maptile.Tile) (orb.Point, bool) {
	if !tileBox(t, Buffer).Contains(p) {
		return orb.Point{}, false
	}
	return orb.Point{math.Round(p[0] - float64(t.X)*Extent), math.Round(p[1] - float64(t.Y)*Extent)}, true
}

// chunkBounds returns the bound of each run of size points of r.
func chunkBounds(r orb.Ring, size int) []orb.Bound {
	out := make([]orb.Bound, 0, (len(r)+size-1)/size)
	for lo := 0; lo < len(r); lo += size {
		out = append(out, orb.LineString(r[lo:min(lo+size, len(r))]).Bound())
	}
	return out
}

// reduceRing returns a copy of r for clip.Ring(box, ...), which works in
// place, without the points that cannot change its result: clip.Ring
// clips against the box's left, right, bottom and top edges in turn
// (Sutherland-Hodgman), and within one of those passes a run of points
// all outside the edge adds nothing but the crossings at its two ends.
// A run of points that lies wholly outside the edge of one pass and
// wholly inside the edges of the passes before it comes to that pass
// unchanged and in one piece, so only its first and last points matter.
// Runs are found from the bounds of chunks of chunkSize points (cb) and
// of superChunk chunks (sb); consecutive runs outside the same pass make
// one. clip.Ring's answer is exactly the same (TestReduceRingKeepsClip);
// a tile near one stretch of a long front line clips a few dozen points
// instead of all of them.
func reduceRing(r orb.Ring, cb, sb []orb.Bound, box orb.Bound) orb.Ring {
	if len(cb) == 0 {
		return r.Clone()
	}
	out := make(orb.Ring, 0, 64)
	pass, last := 0, orb.Point{} // the open run: outside this pass, ending at last
	flush := func() {
		if pass != 0 {
			out = append(out, last)
			pass = 0
		}
	}
	run := func(lo, hi, k int) {
		if k != pass {
			flush()
			out = append(out, r[lo])
			pass = k
		}
		last = r[hi-1]
	}
	const super = superChunk * chunkSize
	for s, b := range sb {
		slo, shi := s*super, min((s+1)*super, len(r))
		if k := outsidePass(b, box); k != 0 {
			run(slo, shi, k)
			continue
		}
		for lo := slo; lo < shi; lo += chunkSize {
			hi := min(lo+chunkSize, len(r))
			if k := outsidePass(cb[lo/chunkSize], box); k != 0 {
				run(lo, hi, k)
				continue
			}
			flush()
			out = append(out, r[lo:hi]...)
		}
	}
	flush()
	return out
}

// outsidePass returns the pass of clip.Ring (1 left: x < min, 2 right:
// x > max, 3 bottom: y < min, 4 top: y > max) whose edge every point
// within b is outside of while inside the edges of the passes before it,
// or 0.
func outsidePass(b, box orb.Bound) int {
	switch {
	case b.Max[0] < box.Min[0]:
		return 1
	case b.Min[0] < box.Min[0]:
		return 0
	case b.Min[0] > box.Max[0]:
		return 2
	case b.Max[0] > box.Max[0]:
		return 0
	case b.Max[1] < box.Min[1]:
		return 3
	case b.Min[1] < box.Min[1]:
		return 0
	case b.Min[1] > box.Max[1]:
		return 4
	}
	return 0
}
