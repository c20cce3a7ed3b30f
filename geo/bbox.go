package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseBBox parses "minlon,minlat,maxlon,maxlat" (degrees). Empty or
// inverted boxes and coordinates out of range are errors.
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
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}
