package tiles

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
)

// clipToTile clips world-unit polygons to the tile (plus buf units) and
// returns them in tile units rounded to whole units. The input is not
// changed. Rings that fall outside or collapse are dropped.
func clipToTile(mp orb.MultiPolygon, t maptile.Tile, buf float64) orb.MultiPolygon {
	box := tileBox(t, buf)
	if !mp.Bound().Intersects(box) {
		return nil
	}
	ox, oy := float64(t.X)*Extent, float64(t.Y)*Extent
	var out orb.MultiPolygon
	for _, p := range mp {
		if len(p) == 0 || !p[0].Bound().Intersects(box) {
			continue
		}
		var q orb.Polygon
		for i, r := range p {
			var cr orb.Ring
			if box.Contains(r.Bound().Min) && box.Contains(r.Bound().Max) {
				cr = r
			} else {
				if i > 0 && !r.Bound().Intersects(box) {
					continue
				}
				cr = clip.Ring(box, r.Clone())
			}
			tr := toTileUnits(cr, ox, oy)
			if len(tr) < 4 {
				if i == 0 {
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
