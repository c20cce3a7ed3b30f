package server

import (
	"fmt"
	"math"
	"strconv"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The one tile matrix set of the OGC API - Tiles and WMTS endpoints: OGC
// 17-083r4 annex D.1 WebMercatorQuad (EPSG:3857, 256 px tiles, origin at
// the top left), the tiling of our XYZ tiles under another name. WMTS 1.0
// calls its scale set GoogleMapsCompatible. OGC paths name a tile
// TileMatrix/TileRow/TileCol, which is our z/y/x: row is XYZ's y (counted
// from the top, no TMS flip), column is x.
const (
	tmsID          = "WebMercatorQuad"
	tmsAlias       = "GoogleMapsCompatible" // WMTS 1.0's well-known scale set, accepted as a TILEMATRIXSET
	tmsURI         = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
	crs3857        = "http://www.opengis.net/def/crs/EPSG/0/3857"
	crsCRS84       = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	wkssURI        = "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible"
	mercatorOrigin = 20037508.3427892 // metres from the origin to the edge of the square world
	tileSize       = 256
	pixelSize      = 0.00028 // metres: OGC's standard rendering pixel, for scale denominators
)

// mapBounds is where our maps have something to show, [lon, lat] in
// degrees: Ukraine, Crimea and the Russian oblasts on its border (the
// bounds TileJSON gives). The OGC and WMTS tile matrix set limits of each
// zoom cover it.
var mapBounds = orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}

// cellSize is the size of a pixel at zoom z in metres (at the equator).
func cellSize(z maptile.Zoom) float64 {
	return 2 * mercatorOrigin / tileSize / math.Exp2(float64(z))
}

// scaleDenominator is the scale of zoom z for OGC's 0.28 mm pixel.
func scaleDenominator(z maptile.Zoom) float64 { return cellSize(z) / pixelSize }

// tileLimits are the tiles of zoom z that cover mapBounds: columns
// minCol..maxCol and rows minRow..maxRow, both inclusive.
type tileLimits struct {
	z                              maptile.Zoom
	minRow, maxRow, minCol, maxCol uint32
}

// limitsAt is the tile matrix set limits of zoom z.
func limitsAt(z maptile.Zoom) tileLimits {
	nw := maptile.At(orb.Point{mapBounds.Min[0], mapBounds.Max[1]}, z)
	se := maptile.At(orb.Point{mapBounds.Max[0], mapBounds.Min[1]}, z)
	return tileLimits{z: z, minRow: nw.Y, maxRow: se.Y, minCol: nw.X, maxCol: se.X}
}

// contains reports whether the limits hold tile t of their zoom.
func (l tileLimits) contains(t maptile.Tile) bool {
	return t.Z == l.z && t.Y >= l.minRow && t.Y <= l.maxRow && t.X >= l.minCol && t.X <= l.maxCol
}

// parseMatrixTile reads a tile named as OGC names it, TileMatrix, TileRow
// and TileCol, into our z/x/y. A tile outside the matrix set or its limits
// is geo.ErrNotFound (OGC API - Tiles /req/core/tc-error); text that is no
// number is geo.ErrInvalid.
func parseMatrixTile(matrix, row, col string) (maptile.Tile, error) {
	z, err1 := strconv.ParseUint(matrix, 10, 8)
	y, err2 := strconv.ParseUint(row, 10, 32)
	x, err3 := strconv.ParseUint(col, 10, 32)
	if err1 != nil || err2 != nil || err3 != nil {
		return maptile.Tile{}, geo.Invalidf("tile %s/%s/%s: want TileMatrix/TileRow/TileCol as numbers", geo.Echo(matrix), geo.Echo(row), geo.Echo(col))
	}
	if z > tiles.MaxZoom {
		return maptile.Tile{}, fmt.Errorf("tile matrix %d: %s has 0..%d: %w", z, tmsID, tiles.MaxZoom, geo.ErrNotFound)
	}
	t := maptile.New(uint32(x), uint32(y), maptile.Zoom(z))
	if !limitsAt(t.Z).contains(t) {
		return maptile.Tile{}, fmt.Errorf("tile %d/%d/%d (matrix/row/col) is outside the tile matrix set limits: %w", z, y, x, geo.ErrNotFound)
	}
	return t, nil
}
