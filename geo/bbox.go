package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseBBox parses "minlon,minlat,maxlon,maxlat" (degrees). Empty or
// inverted boxes, coordinates out of range and boxes wholly outside the
// Theatre (most often latitude and longitude swapped) are errors.
func ParseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, inputErrorf(nil, "bbox %s: want minlon,minlat,maxlon,maxlat", Echo(s))
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, inputErrorf(nil, "bbox %s: %s is not a number", Echo(s), Echo(p))
		}
		v[i] = f
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return orb.Bound{}, inputErrorf(nil, "bbox %s: out of range (lon -180..180, lat -90..90)", Echo(s))
	}
	if v[0] >= v[2] || v[1] >= v[3] {
		return orb.Bound{}, inputErrorf(nil, "bbox %s: empty or inverted (min must be below max)", Echo(s))
	}
	b := orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}
	if !b.Intersects(Theatre) {
		hint := "want west,south,east,north"
		swapped := orb.Bound{Min: orb.Point{v[1], v[0]}, Max: orb.Point{v[3], v[2]}}
		if swapped.Intersects(Theatre) {
			hint = "is it lat,lon? " + hint
		}
		return orb.Bound{}, inputErrorf(nil, "bbox %s is outside the map's area (lon %g..%g, lat %g..%g): %s",
			Echo(s), Theatre.Min[0], Theatre.Max[0], Theatre.Min[1], Theatre.Max[1], hint)
	}
	return b, nil
}
