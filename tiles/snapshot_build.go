package tiles

import (
	"image"
	"math"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"golang.org/x/image/math/fixed"
)

// grid says how a map view is drawn with the tile machinery: geometry is
// projected and simplified at the integer zoom z (the first whose world
// unit is at most 1/16 of a device pixel, so the tiles' simplification
// stays invisible), clipped to box and moved by (ox, oy) to small numbers;
// the view then scales it by k device pixels a world unit.
type grid struct {
	z      maptile.Zoom // geometry zoom
	labelZ maptile.Zoom // the CSS zoom, floored: which places are labelled
	k      float64      // device pixels per world unit at z
	wx, wy float64      // world units at z of the map's top-left corner
	ox, oy float64      // the origin of content units: (wx, wy) floored
	box    orb.Bound    // the map in world units at z, grown by the buffer
}

// snapshotBuffer is how far (CSS pixels) content reaches past the map's
// edge, so that outlines crossing it are drawn whole.
const snapshotBuffer = 8

func newGrid(m mapView, scale int) grid {
	ze := m.zoom + math.Log2(float64(scale)) // device zoom
	z := min(MaxZoom, max(0, int(math.Ceil(ze-1e-9))))
	g := grid{z: maptile.Zoom(z), labelZ: maptile.Zoom(max(0, int(math.Floor(m.zoom+1e-9))))}
	n := float64(uint64(1)<<z) * Extent
	g.k = m.ppw() * float64(scale) / n
	g.wx, g.wy = m.x0*n, m.y0*n
	g.ox, g.oy = math.Floor(g.wx), math.Floor(g.wy)
	buf := snapshotBuffer * float64(scale) / g.k
	g.box = orb.Bound{
		Min: orb.Point{g.wx - buf, g.wy - buf},
		Max: orb.Point{g.wx + float64(m.w*scale)/g.k + buf, g.wy + float64(m.h*scale)/g.k + buf},
	}
	return g
}

// view maps content units to the pixels of a canvas on which the map's
// top-left corner is at, and labels stay inside box (canvas pixels).
func (g grid) view(at image.Point, box image.Rectangle, scale int) view {
	return view{
		k64: g.k * 64,
		off: fixed.Point26_6{
			X: fixed.Int26_6(math.Round(((g.ox-g.wx)*g.k + float64(at.X)) * 64)),
			Y: fixed.Int26_6(math.Round(((g.oy-g.wy)*g.k + float64(at.Y)) * 64)),
		},
		px:    float64(scale),
		world: int64(math.Round(g.wx*g.k)) + int64(math.Round(g.wy*g.k)) - int64(at.X) - int64(at.Y),
		box:   box,
		z:     g.labelZ,
	}
}

// viewBase returns the basemap content of a grid: boundaries, region
// outlines and places.
func (b *builder) viewBase(g grid) []Item {
	var items []Item
	bz := b.baseShapes(g.z)
	for i, f := range b.base.Features {
		if geom := g.clip(bz.features[i]); len(geom) > 0 {
			items = append(items, Item{Layer: LayerBoundaries, Geometry: geom, Kind: f.Layer, Name: f.Name})
		}
	}
	for i, r := range b.base.Regions {
		if geom := g.clip(bz.regions[i]); len(geom) > 0 {
			items = append(items, Item{Layer: LayerRegions, Geometry: geom, Kind: r.Region.Kind.String(), Name: r.Region.Name})
		}
	}
	for _, p := range b.base.Places {
		w := worldPoint(p.Point(), g.z)
		if g.box.Contains(w) && placeVisible(p.Rank, g.labelZ) {
			items = append(items, Item{Layer: LayerPlaces, Geometry: orb.Point{math.Round(w[0] - g.ox), math.Round(w[1] - g.oy)}, Name: p.Name, Rank: p.Rank})
		}
	}
	return items
}

// viewControl returns the control content of versions in a grid.
func (b *builder) viewControl(g grid, vs []geo.Version) []Item {
	var items []Item
	for _, v := range vs {
		if geom := g.clip(b.projected(projKey{id: v.ID, z: g.z}, v.Geometry)); len(geom) > 0 {
			items = append(items, Item{Layer: LayerControl, Geometry: geom, Side: v.Side, Status: v.Status})
		}
	}
	return items
}

// viewShapes returns lon/lat shapes (gained and lost areas) in a grid's
// content units, unsimplified; they are drawn once and not memoised.
func viewShapes(g grid, layer string, side geo.Side, mp orb.MultiPolygon) []Item {
	if len(mp) == 0 {
		return nil
	}
	if geom := g.clip(newShape(projectMulti(mp, g.z, simplifyTolerance))); len(geom) > 0 {
		return []Item{{Layer: layer, Geometry: geom, Side: side}}
	}
	return nil
}

// clip clips a shape to the grid's box and moves it to content units,
// rounded to whole units, as clipToTile does for a tile.
func (g grid) clip(s *shape) orb.MultiPolygon {
	return s.clip(g.box, g.ox, g.oy)
}
