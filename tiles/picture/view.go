package picture

import (
	"fmt"
	"math"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// View is the part of the world a picture shows, given one of three ways:
// a bounding box (fitted whole into the picture and padded to its aspect),
// a centre and a zoom, or a region (its extent fitted with a margin). The
// zero View shows Ukraine.
type View struct {
	BBox   orb.Bound // [lon, lat] degrees
	Center orb.Point // [lon, lat] degrees, with Zoom
	Zoom   float64   // Web Mercator zoom of 256 px tiles, fractional: 256·2^Zoom CSS pixels span the world
	Region string    // region slug
}

// mapView is a fitted view: where a map of w×h CSS pixels lies on the
// Web Mercator world.
type mapView struct {
	x0, y0 float64 // the top-left corner as a fraction of the world (0..1, y down)
	zoom   float64 // CSS zoom: 256·2^zoom CSS pixels span the world
	w, h   int     // CSS pixels
}

// fitMargin is the margin around a region's extent, a fraction of its
// size on each side.
const fitMargin = 0.08

// worldFrac projects [lon, lat] to a fraction of the Web Mercator world
// (0..1, y down), latitudes clamped to ±85.05°.
func worldFrac(p orb.Point) orb.Point {
	w := tiles.WorldPoint(p, 0)
	return orb.Point{w[0] / tiles.Extent, w[1] / tiles.Extent}
}

// fitBound returns the View of a w×h CSS pixel map that shows b ([lon,
// lat]) whole and centred, grown by margin (a fraction of its size on each
// side) and padded to the map's aspect.
func fitBound(b orb.Bound, w, h int, margin float64) (mapView, error) {
	if w <= 0 || h <= 0 {
		return mapView{}, geo.Invalidf("the map has no room: %d×%d pixels", w, h)
	}
	if b.Min[1] < -tiles.MaxLat || b.Max[1] > tiles.MaxLat {
		return mapView{}, geo.Invalidf("bbox %s reaches past the edge of the world map (lat ±%.2f)", boundString(b), tiles.MaxLat)
	}
	nw, se := worldFrac(orb.Point{b.Min[0], b.Max[1]}), worldFrac(orb.Point{b.Max[0], b.Min[1]})
	dx, dy := se[0]-nw[0], se[1]-nw[1]
	if !(dx > 0 && dy > 0) {
		return mapView{}, geo.Invalidf("bbox %s is empty", boundString(b))
	}
	dx, dy = dx*(1+2*margin), dy*(1+2*margin)
	zoom := math.Log2(math.Min(float64(w)/(256*dx), float64(h)/(256*dy)))
	if zoom > tiles.MaxZoom {
		return mapView{}, geo.Invalidf("bbox %s is too small for %d×%d pixels: it needs zoom %.1f, at most %d", boundString(b), w, h, zoom, tiles.MaxZoom)
	}
	c := orb.Point{(nw[0] + se[0]) / 2, (nw[1] + se[1]) / 2}
	return centredAt(c, zoom, w, h).check()
}

// centerView returns the View of a w×h CSS pixel map centred on c ([lon,
// lat]) at a zoom.
func centerView(c orb.Point, zoom float64, w, h int) (mapView, error) {
	if w <= 0 || h <= 0 {
		return mapView{}, geo.Invalidf("the map has no room: %d×%d pixels", w, h)
	}
	if !(zoom >= 0 && zoom <= tiles.MaxZoom) {
		return mapView{}, geo.Invalidf("zoom %g is outside 0..%d", zoom, tiles.MaxZoom)
	}
	if math.Abs(c[1]) > tiles.MaxLat {
		return mapView{}, geo.Invalidf("center latitude %g is outside the Web Mercator map (±%.2f)", c[1], tiles.MaxLat)
	}
	return centredAt(worldFrac(c), zoom, w, h).check()
}

func centredAt(c orb.Point, zoom float64, w, h int) mapView {
	ppw := 256 * math.Exp2(zoom)
	return mapView{x0: c[0] - float64(w)/2/ppw, y0: c[1] - float64(h)/2/ppw, zoom: zoom, w: w, h: h}
}

// check refuses a View that reaches past the edge of the Web Mercator
// world (no wrapping across the antimeridian, nothing beyond ±85.05°).
func (m mapView) check() (mapView, error) {
	const eps = 1e-9
	x1, y1 := m.x0+float64(m.w)/m.ppw(), m.y0+float64(m.h)/m.ppw()
	if m.x0 < -eps || m.y0 < -eps || x1 > 1+eps || y1 > 1+eps {
		return mapView{}, geo.Invalidf("the View (%s at zoom %.2f) reaches past the edge of the world map (lon ±180, lat ±%.2f): choose a smaller area or a higher zoom",
			boundString(m.bound()), m.zoom, tiles.MaxLat)
	}
	return m, nil
}

// ppw is the CSS pixels that span the world at the view's zoom.
func (m mapView) ppw() float64 { return 256 * math.Exp2(m.zoom) }

// bound is the [lon, lat] bound of the map.
func (m mapView) bound() orb.Bound {
	n := float64(tiles.Extent)
	nw := tiles.LonLat(orb.Point{m.x0 * n, m.y0 * n}, 0)
	se := tiles.LonLat(orb.Point{(m.x0 + float64(m.w)/m.ppw()) * n, (m.y0 + float64(m.h)/m.ppw()) * n}, 0)
	return orb.Bound{Min: orb.Point{nw[0], se[1]}, Max: orb.Point{se[0], nw[1]}}
}

// center is the [lon, lat] of the middle of the map.
func (m mapView) center() orb.Point {
	c := orb.Point{(m.x0 + float64(m.w)/2/m.ppw()) * tiles.Extent, (m.y0 + float64(m.h)/2/m.ppw()) * tiles.Extent}
	return tiles.LonLat(c, 0)
}

// pixel returns where [lon, lat] falls on the map, in CSS pixels from its
// top-left corner.
func (m mapView) pixel(p orb.Point) (x, y float64) {
	f := worldFrac(p)
	return (f[0] - m.x0) * m.ppw(), (f[1] - m.y0) * m.ppw()
}

func boundString(b orb.Bound) string {
	return fmt.Sprintf("%g,%g,%g,%g", round6(b.Min[0]), round6(b.Min[1]), round6(b.Max[0]), round6(b.Max[1]))
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// earthCircumference is the equator of the WGS84 sphere of Web Mercator, in metres.
const earthCircumference = 2 * math.Pi * 6378137

// metresPerPixel is the ground length of one CSS pixel at latitude lat
// (degrees) and a zoom: Web Mercator stretches east-west by 1/cos(lat).
func metresPerPixel(lat, zoom float64) float64 {
	return earthCircumference * math.Cos(lat*math.Pi/180) / (256 * math.Exp2(zoom))
}

// scaleBar picks the longest round length (1, 2 or 5 × 10^n metres) whose
// bar is at most maxPx CSS pixels long at latitude lat and a zoom, and
// returns it in metres and in CSS pixels.
func scaleBar(lat, zoom, maxPx float64) (metres, px float64) {
	mpp := metresPerPixel(lat, zoom)
	if !(mpp > 0) || !(maxPx > 0) {
		return 0, 0
	}
	max := mpp * maxPx
	p := math.Pow(10, math.Floor(math.Log10(max)))
	for _, k := range []float64{5, 2, 1} {
		if k*p <= max {
			return k * p, k * p / mpp
		}
	}
	return p, p / mpp
}

// lengthLabel writes a scale bar length: "500 m", "2 km", "100 km".
func lengthLabel(metres float64) string {
	if metres < 1000 {
		return fmt.Sprintf("%g m", metres)
	}
	return fmt.Sprintf("%g km", metres/1000)
}
