package tiles

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
)

// A version's shape is projected and simplified once for every zoom: its
// points in world units of zoom 0, each with the least zoom at which
// projectMulti's Douglas-Peucker keeps it. A zoom's shape is then the
// points of that zoom or less, scaled by 2^z, and a tile reads only the
// runs of points near it. The result is exactly projectMulti's at that
// zoom, clipped as shape.clip clips it (TestLevelsMatchProjected):
//
//   - WorldPoint at zoom z is WorldPoint at zoom 0 times 2^z, exactly: the
//     last step multiplies by a power of two, which rounds nothing;
//   - Douglas-Peucker's choices scale the same way: every distance at
//     zoom z is the zoom-0 one times 4^z, exactly, so the farthest point
//     of a run is the same point at every zoom, and it is kept at zoom z
//     when its squared distance times 4^z is over the tolerance squared
//     and the point that split its run off is kept too.
//
// Real histories make this matter: DeepStateMap's archive is 3,059
// versions of 8 million points, of which Douglas-Peucker keeps 2.5
// million at z5 and 7.2 million at z10; projected per zoom they were
// 490 MB for z6-z10, so every tile of a random day projected and
// simplified a whole region anew.

// never is the level of a point no zoom keeps.
const never = math.MaxUint8

// levelRing is a ring in zoom-0 world units with the level of each point.
type levelRing struct {
	pts   orb.Ring
	level []uint8
	bound orb.Bound // of every point
	// full is the zoom from which the kept points reach bound, drawn the
	// least zoom at which the ring has 4 points (projectMulti drops it
	// below that).
	full, drawn uint8
	chunks      []orb.Bound // of each run of chunkSize points (rings over 2*chunkSize points)
	supers      []orb.Bound // of each run of chunkSize*superChunk points
}

// levelShape is a version's multipolygon with the levels of its rings.
type levelShape struct {
	polys [][]*levelRing // rings may be shared with other shapes (Builder's ringPool, Hold)
	bound orb.Bound      // of every exterior ring
	size  int            // bytes held, about
}

// newLevelShape projects mp to zoom 0 and finds the level of every point.
func newLevelShape(mp orb.MultiPolygon) *levelShape {
	return newLevelShapeWith(mp, newLevelRing)
}

// newLevelShapeWith is newLevelShape with the levels of each ring from ring.
func newLevelShapeWith(mp orb.MultiPolygon, ring func(orb.Ring) *levelRing) *levelShape {
	s := &levelShape{polys: make([][]*levelRing, 0, len(mp)), size: 96}
	first := true
	for _, p := range mp {
		lp := make([]*levelRing, len(p))
		for j, r := range p {
			lp[j] = ring(r)
			s.size += 120 + 17*len(r) + 32*(len(lp[j].chunks)+len(lp[j].supers))
		}
		if len(lp) > 0 {
			if first {
				s.bound, first = lp[0].bound, false
			} else {
				s.bound = s.bound.Union(lp[0].bound)
			}
		}
		s.polys = append(s.polys, lp)
	}
	return s
}

func newLevelRing(r orb.Ring) *levelRing {
	return levelsOf(projectRing0(r))
}

// projectRing0 is r in world units of zoom 0.
func projectRing0(r orb.Ring) orb.Ring {
	pts := make(orb.Ring, len(r))
	for i, p := range r {
		pts[i] = WorldPoint(p, 0)
	}
	return pts
}

// levelsOf finds the level of every point of pts (zoom-0 world units).
func levelsOf(pts orb.Ring) *levelRing {
	r := pts
	lr := &levelRing{pts: pts, level: make([]uint8, len(pts))}
	dpLevels(lr.pts, lr.level)
	if len(r) > 0 {
		lr.bound = lr.pts.Bound()
	}
	lr.full, lr.drawn = lr.reach(), fourth(lr.level)
	if len(r) > 2*chunkSize {
		lr.chunks = chunkBounds(lr.pts, chunkSize)
		lr.supers = chunkBounds(lr.pts, chunkSize*superChunk)
	}
	return lr
}

// dpLevels sets the level of each point of pts: the least zoom at which
// simplify.DouglasPeucker(simplifyTolerance) of pts times 2^z keeps it
// (its dpWorker, with the threshold moved into the level).
func dpLevels(pts orb.Ring, level []uint8) {
	n := len(pts)
	if n <= 2 { // runSimplify leaves such lines as they are
		return
	}
	for i := 1; i < n-1; i++ {
		level[i] = never
	}
	type run struct {
		start, end int
		level      uint8
	}
	stack := []run{{0, n - 1, 0}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		maxDist, maxIndex := 0.0, 0
		for i := r.start + 1; i < r.end; i++ {
			if d := planar.DistanceFromSegmentSquared(pts[r.start], pts[r.end], pts[i]); d > maxDist {
				maxDist, maxIndex = d, i
			}
		}
		l := max(r.level, distLevel(maxDist))
		if l == never {
			continue
		}
		level[maxIndex] = l
		stack = append(stack, run{r.start, maxIndex, l}, run{maxIndex, r.end, l})
	}
}

// distLevel is the least zoom at which a squared distance at zoom 0 is
// over the tolerance squared (never past MaxZoom).
func distLevel(d float64) uint8 {
	const tol2 = simplifyTolerance * simplifyTolerance
	for z := 0; z <= MaxZoom; z++ {
		if math.Ldexp(d, 2*z) > tol2 {
			return uint8(z)
		}
	}
	return never
}

// fourth is the least zoom at which 4 points have a level at most it.
func fourth(level []uint8) uint8 {
	var count [MaxZoom + 1]int
	for _, l := range level {
		if l <= MaxZoom {
			count[l]++
		}
	}
	n := 0
	for z, c := range count {
		if n += c; n >= 4 {
			return uint8(z)
		}
	}
	return never
}

// reach is the least zoom at which the kept points reach each side of
// the ring's bound.
func (r *levelRing) reach() uint8 {
	if len(r.pts) == 0 {
		return 0
	}
	side := [4]uint8{never, never, never, never} // least level at min x, max x, min y, max y
	for i, p := range r.pts {
		l := r.level[i]
		for k, at := range [4]bool{p[0] == r.bound.Min[0], p[0] == r.bound.Max[0], p[1] == r.bound.Min[1], p[1] == r.bound.Max[1]} {
			if at {
				side[k] = min(side[k], l)
			}
		}
	}
	return max(side[0], side[1], side[2], side[3])
}

// keptBound is the zoom-0 bound of the points kept at z.
func (r *levelRing) keptBound(z uint8) orb.Bound {
	if z >= r.full {
		return r.bound
	}
	b, first := orb.Bound{}, true
	for i, p := range r.pts {
		if r.level[i] > z {
			continue
		}
		if first {
			b, first = orb.Bound{Min: p, Max: p}, false
		} else {
			b = b.Extend(p)
		}
	}
	return b
}

// kept appends the points of [lo, hi) kept at z, times s, to out.
func (r *levelRing) kept(out orb.Ring, lo, hi int, z uint8, s float64) orb.Ring {
	for i := lo; i < hi; i++ {
		if r.level[i] <= z {
			p := r.pts[i]
			out = append(out, orb.Point{p[0] * s, p[1] * s})
		}
	}
	return out
}

// reduce is reduceRing of the ring kept at z (times s) for box0 (box at
// zoom 0): runs of points outside one pass of clip.Ring, found from the
// chunks of all points, give only their first and last kept points.
func (r *levelRing) reduce(z uint8, s float64, box0 orb.Bound) orb.Ring {
	if len(r.chunks) == 0 {
		return r.kept(nil, 0, len(r.pts), z, s)
	}
	out := make(orb.Ring, 0, 64)
	pass, last := 0, orb.Point{}
	flush := func() {
		if pass != 0 {
			out = append(out, last)
			pass = 0
		}
	}
	run := func(lo, hi, k int) {
		f := lo
		for f < hi && r.level[f] > z {
			f++
		}
		if f == hi {
			return // no point kept: the open run goes on
		}
		if k != pass {
			flush()
			out = append(out, orb.Point{r.pts[f][0] * s, r.pts[f][1] * s})
			pass = k
		}
		l := hi - 1
		for r.level[l] > z {
			l--
		}
		last = orb.Point{r.pts[l][0] * s, r.pts[l][1] * s}
	}
	const super = superChunk * chunkSize
	for si, b := range r.supers {
		slo, shi := si*super, min((si+1)*super, len(r.pts))
		if k := outsidePass(b, box0); k != 0 {
			run(slo, shi, k)
			continue
		}
		for lo := slo; lo < shi; lo += chunkSize {
			hi := min(lo+chunkSize, len(r.pts))
			if k := outsidePass(r.chunks[lo/chunkSize], box0); k != 0 {
				run(lo, hi, k)
				continue
			}
			flush()
			out = r.kept(out, lo, hi, z, s)
		}
	}
	flush()
	return out
}

// clip is shape.clip of newShape(projectMulti(mp, z, simplifyTolerance)):
// the shape at zoom z clipped to box (world units of z), moved by (ox, oy)
// and rounded to whole units.
func (ls *levelShape) clip(z uint8, box orb.Bound, ox, oy float64) orb.MultiPolygon {
	s := math.Ldexp(1, int(z))
	box0 := orb.Bound{Min: orb.Point{box.Min[0] / s, box.Min[1] / s}, Max: orb.Point{box.Max[0] / s, box.Max[1] / s}}
	if ls == nil || len(ls.polys) == 0 || !ls.bound.Intersects(box0) {
		return nil
	}
	var out orb.MultiPolygon
	for _, p := range ls.polys {
		// projectMulti drops a polygon whose exterior has under 4 points.
		if len(p) == 0 || p[0].drawn > z || !p[0].keptBound(z).Intersects(box0) {
			continue
		}
		var q orb.Polygon
		for j, r := range p {
			if r.drawn > z {
				continue // an interior projectMulti drops
			}
			rb := r.keptBound(z)
			var cr orb.Ring
			if box0.Contains(rb.Min) && box0.Contains(rb.Max) {
				cr = r.kept(nil, 0, len(r.pts), z, s)
			} else {
				if j > 0 && !rb.Intersects(box0) {
					continue
				}
				cr = clip.Ring(box, r.reduce(z, s, box0))
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
