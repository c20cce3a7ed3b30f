package tiles

import (
	"math"
	"strconv"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// waterShape is a water feature projected for one zoom: a lake's polygons,
// or a river's lines with their bound.
type waterShape struct {
	poly   *shape
	lines  orb.MultiLineString
	bounds []orb.Bound // of each line
	bound  orb.Bound
}

func newWaterShape(w geo.Water, z maptile.Zoom) waterShape {
	switch g := w.Geometry.(type) {
	case orb.MultiPolygon:
		return waterShape{poly: newShape(projectMulti(g, z, simplifyTolerance))}
	case orb.MultiLineString:
		var ls orb.MultiLineString
		for _, l := range g {
			pl := make(orb.LineString, len(l))
			for i, p := range l {
				pl[i] = WorldPoint(p, z)
			}
			if pl = simplify.DouglasPeucker(simplifyTolerance).LineString(pl); len(pl) >= 2 {
				ls = append(ls, pl)
			}
		}
		bs := make([]orb.Bound, len(ls))
		for i, l := range ls {
			bs[i] = l.Bound()
		}
		return waterShape{lines: ls, bounds: bs, bound: ls.Bound()}
	}
	return waterShape{}
}

// waterVisible reports whether w is drawn at zoom z: from the zoom
// Natural Earth gives it (rounded up), the major ones (zoom 4: the Dnipro
// and its reservoirs) from zoom 3.
func waterVisible(w geo.Water, z maptile.Zoom) bool {
	if w.MinZoom <= 4 {
		return z >= 3
	}
	return float64(z) >= math.Ceil(w.MinZoom)
}

// clip clips the water shape to the tile (plus buf units), in tile units.
func (s waterShape) clip(t maptile.Tile, buf float64) orb.Geometry {
	return s.clipBox(tileBox(t, buf), float64(t.X)*Extent, float64(t.Y)*Extent)
}

// clipBox clips the water shape to box (world units) and moves it by
// (ox, oy), rounded to whole units; nil if nothing is left.
func (s waterShape) clipBox(box orb.Bound, ox, oy float64) orb.Geometry {
	if s.poly != nil {
		if g := s.poly.clip(box, ox, oy); len(g) > 0 {
			return g
		}
		return nil
	}
	if len(s.lines) == 0 || !s.bound.Intersects(box) {
		return nil
	}
	var out orb.MultiLineString
	for i, l := range s.lines {
		if !s.bounds[i].Intersects(box) {
			continue
		}
		for _, part := range clip.MultiLineString(box, orb.MultiLineString{l.Clone()}) {
			var q orb.LineString
			for _, p := range part {
				r := orb.Point{math.Round(p[0] - ox), math.Round(p[1] - oy)}
				if n := len(q); n > 0 && q[n-1] == r {
					continue
				}
				q = append(q, r)
			}
			if len(q) >= 2 {
				out = append(out, q)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// waterItem is the item of a water feature's clipped geometry g.
func waterItem(w geo.Water, g orb.Geometry) Item {
	rank := 2
	if w.MinZoom <= 4 {
		rank = 1 // a major river or lake: the Dnipro, its reservoirs
	}
	return Item{Layer: LayerWater, Geometry: g, Kind: w.Kind, Name: w.Name, Rank: rank,
		Props: map[string]any{"kind": w.Kind, "name": w.Name, "from_day": int64(w.Valid.From), "to_day": int64(w.Valid.To)}}
}

// WaterState names which of the basemap's water features are on the map
// at day d (0: every day): pictures that draw the basemap once key it by
// this, as the Kakhovka reservoir is there before 2023-06-06 and not after.
func (b *Builder) WaterState(d geo.Day) string {
	var sb strings.Builder
	for i, w := range b.base.Water {
		if w.Valid.From != 0 || w.Valid.To != geo.Forever {
			if w.On(d) {
				sb.WriteString(strconv.Itoa(i))
			}
			sb.WriteByte('.')
		}
	}
	return sb.String()
}
