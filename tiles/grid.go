package tiles

import (
	"math"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Grid says how a map view is drawn with the tile machinery: geometry is
// projected and simplified at the integer zoom Z (the first whose world
// unit is at most 1/16 of a device pixel, so the tiles' simplification
// stays invisible), clipped to Box and moved by (OX, OY) to small numbers;
// the view then scales it by K device pixels a world unit.
type Grid struct {
	Z      maptile.Zoom // geometry zoom
	LabelZ maptile.Zoom // the CSS zoom, floored: which places are labelled
	K      float64      // device pixels per world unit at Z
	WX, WY float64      // world units at Z of the map's top-left corner
	OX, OY float64      // the origin of content units: (WX, WY) floored
	Box    orb.Bound    // the map in world units at Z, grown by the buffer
}

// snapshotBuffer is how far (CSS pixels) content reaches past the map's
// edge, so that outlines crossing it are drawn whole.
const snapshotBuffer = 8

// NewGrid is the grid of a map w×h CSS pixels at zoom (fractional), whose
// top-left corner is at (x0, y0) in world fractions (0..1), drawn at scale
// device pixels a CSS pixel.
func NewGrid(x0, y0, zoom float64, w, h, scale int) Grid {
	ze := zoom + math.Log2(float64(scale)) // device zoom
	z := min(MaxZoom, max(0, int(math.Ceil(ze-1e-9))))
	g := Grid{Z: maptile.Zoom(z), LabelZ: maptile.Zoom(max(0, int(math.Floor(zoom+1e-9))))}
	n := float64(uint64(1)<<z) * Extent
	g.K = 256 * math.Exp2(zoom) * float64(scale) / n
	g.WX, g.WY = x0*n, y0*n
	g.OX, g.OY = math.Floor(g.WX), math.Floor(g.WY)
	buf := snapshotBuffer * float64(scale) / g.K
	g.Box = orb.Bound{
		Min: orb.Point{g.WX - buf, g.WY - buf},
		Max: orb.Point{g.WX + float64(w*scale)/g.K + buf, g.WY + float64(h*scale)/g.K + buf},
	}
	return g
}

// ViewBase returns the basemap content of a grid: boundaries, the water on
// the map at day (0: all), region outlines and places.
func (b *Builder) ViewBase(g Grid, day geo.Day) []Item {
	var items []Item
	bz := b.baseShapes(g.Z)
	for i, f := range b.base.Features {
		if geom := g.clip(bz.features[i]); len(geom) > 0 {
			items = append(items, Item{Layer: LayerBoundaries, Geometry: geom, Kind: f.Layer, Name: f.Name})
		}
	}
	for i, w := range b.base.Water {
		if w.On(day) && waterVisible(w, g.Z) {
			if geom := g.clipWater(bz.water[i]); geom != nil {
				items = append(items, waterItem(w, geom))
			}
		}
	}
	for i, r := range b.base.Regions {
		if geom := g.clip(bz.regions[i]); len(geom) > 0 {
			items = append(items, Item{Layer: LayerRegions, Geometry: geom, Kind: r.Region.Kind.String(), Name: r.Region.Name})
		}
	}
	for _, p := range b.base.Places {
		w := WorldPoint(p.Point(), g.Z)
		if g.Box.Contains(w) && placeVisible(p.Rank, g.LabelZ) {
			items = append(items, Item{Layer: LayerPlaces, Geometry: orb.Point{math.Round(w[0] - g.OX), math.Round(w[1] - g.OY)}, Name: p.Name, Rank: p.Rank})
		}
	}
	return items
}

// ViewControl returns the control content of versions in a grid.
func (b *Builder) ViewControl(g Grid, vs []geo.Version) []Item {
	var items []Item
	for _, v := range vs {
		if geom := b.clipVersion(v, nil, g.Z, g.Box, g.OX, g.OY); len(geom) > 0 {
			items = append(items, Item{Layer: LayerControl, Geometry: geom, Side: v.Side, Status: v.Status})
		}
	}
	return items
}

// ViewShapes returns lon/lat shapes (gained and lost areas) in a grid's
// content units, unsimplified; they are drawn once and not memoised.
func ViewShapes(g Grid, layer string, side geo.Side, mp orb.MultiPolygon) []Item {
	if len(mp) == 0 {
		return nil
	}
	if geom := g.clip(newShape(projectMulti(mp, g.Z, simplifyTolerance))); len(geom) > 0 {
		return []Item{{Layer: layer, Geometry: geom, Side: side}}
	}
	return nil
}

// clip clips a shape to the Grid's box and moves it to content units,
// rounded to whole units, as clipToTile does for a tile.
func (g Grid) clip(s *shape) orb.MultiPolygon {
	return s.clip(g.Box, g.OX, g.OY)
}

func (g Grid) clipWater(s waterShape) orb.Geometry {
	return s.clipBox(g.Box, g.OX, g.OY)
}
