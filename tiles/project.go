package tiles

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// MaxZoom is the deepest zoom served.
const MaxZoom = 18

// MaxLat is the latitude limit of Web Mercator.
const MaxLat = 85.05112877980659

// WorldPoint projects [lon, lat] to Web Mercator world units at zoom z:
// Extent units a tile, (0,0) the north-west corner of the world, y down
// (the XYZ scheme; TMS would flip y).
func WorldPoint(p orb.Point, z maptile.Zoom) orb.Point {
	n := float64(uint64(1)<<z) * Extent
	lat := math.Max(-MaxLat, math.Min(MaxLat, p[1]))
	x := (p[0] + 180) / 360 * n
	s := math.Sin(lat * math.Pi / 180)
	y := (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * n
	return orb.Point{x, y}
}

// LonLat is the inverse of WorldPoint.
func LonLat(p orb.Point, z maptile.Zoom) orb.Point {
	n := float64(uint64(1)<<z) * Extent
	lon := p[0]/n*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*p[1]/n))) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// projectMulti projects mp to world units at z and simplifies it by
// tolerance world units (Douglas-Peucker); rings that collapse are dropped.
func projectMulti(mp orb.MultiPolygon, z maptile.Zoom, tolerance float64) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		var q orb.Polygon
		for i, r := range p {
			pr := make(orb.Ring, len(r))
			for j, pt := range r {
				pr[j] = WorldPoint(pt, z)
			}
			if tolerance > 0 {
				// The simplifier keeps the points it keeps in place: a copy
				// of them alone, so that a memoised shape does not hold the
				// whole projected ring (5x the memo's bound at low zooms).
				pr = append(orb.Ring(nil), simplify.DouglasPeucker(tolerance).Ring(pr)...)
			}
			if len(pr) < 4 {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, pr)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// tileBox is the tile's area in world units, grown by buf on each side.
func tileBox(t maptile.Tile, buf float64) orb.Bound {
	x0, y0 := float64(t.X)*Extent, float64(t.Y)*Extent
	return orb.Bound{Min: orb.Point{x0 - buf, y0 - buf}, Max: orb.Point{x0 + Extent + buf, y0 + Extent + buf}}
}

// TileBound returns the [lon, lat] bound of a tile grown by buf tile units.
func TileBound(t maptile.Tile, buf float64) orb.Bound {
	b := tileBox(t, buf)
	nw, se := LonLat(b.Min, t.Z), LonLat(b.Max, t.Z)
	return orb.Bound{Min: orb.Point{nw[0], se[1]}, Max: orb.Point{se[0], nw[1]}}
}
