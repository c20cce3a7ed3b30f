// Package tiles owns what a map tile shows: the content of a tile (or of a
// picture's view) built from the store's versions and the basemap,
// projected to Web Mercator, simplified, clipped and keyed by a hash of
// what it shows, and encoded as a Mapbox Vector Tile. It is pure: no
// drawing, no HTTP. Beneath it, draw rasterises content, encode writes PNG
// and GIF, picture makes snapshots, diffs and timelapses, server serves it
// all over HTTP, and lru holds the caches. tiles reads the store only
// through the small interface it declares (Source), so it never imports
// data.
package tiles

import (
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Extent is the tile coordinate grid: MVT's 4096 units a tile side. All
// content geometry is in tile units, x right and y down, (0,0) the
// top-left corner of the tile; it may extend Buffer units outside the tile.
const Extent = 4096

// Buffer is how far (in tile units) content extends past the tile edge, so
// that outlines and labels crossing the edge are drawn by both neighbours.
const Buffer = 256

// ControlBuffer is the smaller buffer of the control layer: enough for its
// outlines (4 px at 256 px), so that a change just outside the tile does
// not change the tile's content key when it cannot change its pixels.
const ControlBuffer = 64

// Layer names, shared by the MVT layers and the raster drawing order.
const (
	LayerBoundaries = "boundaries" // countries and admin-1 units (polygons; drawn as land and lines)
	LayerControl    = "control"    // control versions (polygons)
	LayerRegions    = "regions"    // outlines of the named regions (polygons)
	LayerPlaces     = "places"     // labelled points
	LayerWater      = "water"      // rivers (lines), lakes and reservoirs (polygons)
)

// Item is one feature of a tile's content, in tile units.
type Item struct {
	Layer    string
	Geometry orb.Geometry // orb.MultiPolygon for polygon layers, orb.Point for places, orb.MultiLineString for rivers
	// Control layer.
	Side   geo.Side
	Status geo.Status
	// Boundaries layer: "country" or "admin1" (geo.LayerCountry, geo.LayerAdmin1);
	// Kind is also the region kind for the regions layer.
	Kind string
	// Labels: places, and names of countries and regions.
	Name string
	Rank int // places: 1 capital, 2 regional centre, 3 town
	// Props are the attributes a vector tile carries (MVT only).
	Props map[string]any
}

// Content is everything one tile shows, clipped and projected to tile units.
type Content struct {
	Tile  maptile.Tile
	Items []Item
	// written says the content is as a vector tile writes it (ForMVT).
	written bool
}
