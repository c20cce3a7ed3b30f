package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

var (
	wgs84E2 = wgs84F * (2 - wgs84F)
	wgs84E  = math.Sqrt(wgs84E2)
	qPole   = authalicQ(1)
)

// authalicQ is q(φ) of the authalic latitude for sinφ = s on WGS84.
func authalicQ(s float64) float64 {
	es := wgs84E * s
	return (1 - wgs84E2) * (s/(1-es*es) - math.Log((1-es)/(1+es))/(2*wgs84E))
}

// equalArea projects p onto the cylindrical equal-area projection of the
// WGS84 ellipsoid (metres); planar area there is area on the ellipsoid.
func equalArea(p orb.Point) (x, y float64) {
	return wgs84A * p[0] * math.Pi / 180, wgs84A * authalicQ(math.Sin(p[1]*math.Pi/180)) / 2
}

// ringArea returns the signed area in m² of r on the ellipsoid, positive for
// counter-clockwise rings.
func ringArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	var sum float64
	x0, y0 := equalArea(r[len(r)-1])
	for _, p := range r {
		x1, y1 := equalArea(p)
		sum += x0*y1 - x1*y0
		x0, y0 = x1, y1
	}
	return sum / 2
}

// AreaKm2 returns the area in km² of a polygonal geometry (lon/lat) on the
// WGS84 ellipsoid. Holes are subtracted whatever their winding; edges are
// taken as straight in an equal-area projection, which for densely
// sampled boundaries is within a few parts per million of geodesic edges.
// Non-polygonal geometries have area 0.
func AreaKm2(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		return polygonArea(g) / 1e6
	case orb.MultiPolygon:
		var a float64
		for _, p := range g {
			a += polygonArea(p)
		}
		return a / 1e6
	case orb.Collection:
		var a float64
		for _, c := range g {
			a += AreaKm2(c)
		}
		return a
	}
	return 0
}

func polygonArea(p orb.Polygon) float64 {
	var a float64
	for i, r := range p {
		ra := math.Abs(ringArea(r))
		if i == 0 {
			a += ra
		} else {
			a -= ra
		}
	}
	return a
}

// EarthAreaKm2 is the surface area of the WGS84 ellipsoid in km², a check on AreaKm2.
func EarthAreaKm2() float64 {
	return 2 * math.Pi * wgs84A * wgs84A * qPole / 1e6
}
