package geo

import "github.com/paulmach/orb"

// Theatre is the extent of this war's map, [lon, lat] in degrees: lon
// 20..46, lat 43..57, the basemap's extent (Ukraine, Russia's border
// oblasts, the Black Sea and Azov coasts). Ground outside it is none of
// this front's: a reader skips polygons wholly outside and clips the parts
// outside, no bound, centre or share is computed from outside it, and a
// bounding box wholly outside it (ParseBBox) is refused.
var Theatre = orb.Bound{Min: orb.Point{20, 43}, Max: orb.Point{46, 57}}

// TheatreBound is the part of b inside Theatre; ok is false when b lies
// wholly outside it (or is empty).
func TheatreBound(b orb.Bound) (_ orb.Bound, ok bool) {
	t := Theatre
	out := orb.Bound{
		Min: orb.Point{max(b.Min[0], t.Min[0]), max(b.Min[1], t.Min[1])},
		Max: orb.Point{min(b.Max[0], t.Max[0]), min(b.Max[1], t.Max[1])},
	}
	if out.Min[0] > out.Max[0] || out.Min[1] > out.Max[1] {
		return orb.Bound{}, false
	}
	return out, true
}
