package geojson

import (
	"math"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Round rounds mp's coordinates in place to 1e-7 degrees (about 1 cm), so
// that the same shape from two sources hashes the same, and returns it
// wound per RFC 7946 (geo.Normalize).
func Round(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, p := range mp {
		for _, r := range p {
			for i, pt := range r {
				r[i] = orb.Point{math.Round(pt[0]*1e7) / 1e7, math.Round(pt[1]*1e7) / 1e7}
			}
		}
	}
	return geo.Normalize(mp)
}
