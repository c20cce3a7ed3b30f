package tiles

import (
	"math"
	"sort"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Polygons as the MVT spec (2.1, 4.3.4.4) wants them written. Content
// comes rounded to whole tile units (clip), and rounding keeps what the
// spec forbids: rings that collapse to zero area, spikes and repeated
// points, rings that touch or cross themselves, polygons that overlap.
// specMulti cleans each ring in integer space and checks the polygons with
// simplefeatures (geo.ValidPlanar); a polygon still invalid is rebuilt from
// its edges, noded on the grid (mvtrepair.go), and polygons that overlap
// are united by overlay and rounded again. Then every ring is wound as
// the spec says. The raster drawing reads Content as it was: this is for
// MVT only.

// repairRounds is how many times an invalid multipolygon is repaired and
// rounded again before the polygons that stay invalid are dropped.
const repairRounds = 3

// specMulti returns mp as the spec wants it written, in whole tile units:
// valid, each exterior ring of positive area by the spec's formula (x
// right, y down: clockwise on screen) followed by its interiors of
// negative area. It returns nil if nothing of mp has an area.
func specMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	out := cleanMulti(mp)
	for i := 0; i < repairRounds && len(out) > 0; i++ {
		if geo.ValidPlanar(out) {
			return windSpec(out)
		}
		out = repairEach(out)
		if geo.ValidPlanar(out) {
			return windSpec(out)
		}
		// Each polygon is valid now, but they may overlap: overlay
		// unites them (it needs valid input) off the grid: round again.
		u, err := geo.Union(out)
		if err != nil {
			break
		}
		out = cleanMulti(u)
	}
	return windSpec(keepValid(out))
}

// repairEach replaces each invalid polygon of mp by the valid polygons
// traced from its edges noded on the grid.
func repairEach(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		if geo.ValidPlanar(orb.MultiPolygon{p}) {
			out = append(out, p)
			continue
		}
		out = append(out, cleanMulti(traceFaces(node(polygonEdges(p))))...)
	}
	return out
}

// cleanMulti rounds mp to whole units and cleans every ring (cleanRing);
// a polygon whose exterior collapses is dropped with its interiors.
func cleanMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		var q orb.Polygon
		for i, r := range p {
			c := cleanRing(r)
			if c == nil {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, c)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// cleanRing returns r rounded to whole units without repeated points,
// spikes (a point where the ring turns back on itself along one line)
// and points in the middle of a straight run, closed; nil if fewer than
// three points are left.
func cleanRing(r orb.Ring) orb.Ring {
	n := len(r)
	if n > 1 && r[0] == r[n-1] {
		n--
	}
	s := make(orb.Ring, 0, n+1)
	for _, p := range r[:n] {
		p = orb.Point{math.Round(p[0]), math.Round(p[1])}
		s = append(s, p)
		for {
			k := len(s)
			if k >= 2 && s[k-1] == s[k-2] {
				s = s[:k-1]
			} else if k >= 3 && straight(s[k-3], s[k-2], s[k-1]) {
				s[k-2] = s[k-1]
				s = s[:k-1]
			} else {
				break
			}
		}
	}
	for len(s) >= 3 { // the seam, where the ring closes
		k := len(s)
		switch {
		case s[k-1] == s[0] || straight(s[k-2], s[k-1], s[0]):
			s = s[:k-1]
		case straight(s[k-1], s[0], s[1]):
			s = s[1:]
		default:
			// A ring of no area left here crosses itself (a bow tie): it
			// is not valid and goes to repair, which keeps its lobes.
			return append(s, s[0])
		}
	}
	return nil
}

// straight reports whether b lies on the line through a and c: a point
// of a straight run or the tip of a spike, redundant either way.
func straight(a, b, c orb.Point) bool {
	return (b[0]-a[0])*(c[1]-b[1])-(b[1]-a[1])*(c[0]-b[0]) == 0
}

// ringArea2 is twice the signed area of r (closed or not) by the spec's
// formula: positive for an exterior ring in tile coordinates.
func ringArea2(r orb.Ring) float64 {
	var s float64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return s
}

// keepValid returns the valid polygons of mp, largest first, that keep
// the whole valid: the last resort when repair does not converge.
func keepValid(mp orb.MultiPolygon) orb.MultiPolygon {
	sorted := append(orb.MultiPolygon(nil), mp...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return math.Abs(ringArea2(sorted[i][0])) > math.Abs(ringArea2(sorted[j][0]))
	})
	var out orb.MultiPolygon
	for _, p := range sorted {
		if geo.ValidPlanar(append(out, p)) {
			out = append(out, p)
		}
	}
	return out
}

// windSpec winds each exterior ring to positive area by the spec's
// formula and each interior to negative, in place.
func windSpec(mp orb.MultiPolygon) orb.MultiPolygon {
	if len(mp) == 0 {
		return nil
	}
	for _, p := range mp {
		for i, r := range p {
			if (i == 0) != (ringArea2(r) > 0) {
				r.Reverse()
			}
		}
	}
	return mp
}
