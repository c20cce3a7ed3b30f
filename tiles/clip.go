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
	mp    orb.MultiPolygon
	bound orb.Bound
	rings [][]orb.Bound // per polygon, per ring
}

func newShape(mp orb.MultiPolygon) *shape {
	s := &shape{mp: mp, rings: make([][]orb.Bound, len(mp))}
	first := true
	for i, p := range mp {
		s.rings[i] = make([]orb.Bound, len(p))
		for j, r := range p {
			b := r.Bound()
			s.rings[i][j] = b
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

// bytes estimates the memory the shape holds.
func (s *shape) bytes() int {
	n := 96
	for _, p := range s.mp {
		for _, r := range p {
			n += 24 + 16*len(r) + 32
		}
	}
	return n
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
				cr = clip.Ring(box, r.Clone())
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
