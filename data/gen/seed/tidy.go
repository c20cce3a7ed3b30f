package main

import (
	"math"
	"sort"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// minPolygonKm2 drops the slivers that overlay leaves along shared
// borders; the smallest real islands of the units are larger.
const minPolygonKm2 = 0.01

// tidy puts an overlay result into the form we write and compare: optional
// Douglas-Peucker simplification (tolerance in degrees, 0 for none),
// coordinates rounded to 6 decimals, repeated points and points on a
// straight edge (which overlay adds where it splits edges) dropped, RFC 7946
// winding, each ring starting at its least point, holes and polygons
// sorted. Equal shapes then have equal coordinates.
func tidy(mp orb.MultiPolygon, tolerance float64) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, p := range mp {
		var q orb.Polygon
		for i, r := range p {
			r = r.Clone()
			if tolerance > 0 {
				r = simplify.DouglasPeucker(tolerance).Ring(r)
			}
			r = dropCollinear(roundRing(r))
			if len(r) < 4 {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, r)
		}
		if len(q) > 0 && geo.AreaKm2(orb.Polygon{q[0]}) >= minPolygonKm2 {
			out = append(out, q)
		}
	}
	out = geo.Normalize(out)
	for _, p := range out {
		for i := range p {
			p[i] = rotateToLeast(p[i])
		}
		holes := p[1:]
		sort.Slice(holes, func(i, j int) bool { return less(holes[i][0], holes[j][0]) })
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i][0][0], out[j][0][0]) })
	return out
}

// roundRing rounds to 6 decimals (about 0.1 m), drops repeated points and
// closes the ring.
func roundRing(r orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(r)+1)
	for _, pt := range r {
		pt = orb.Point{round6(pt[0]), round6(pt[1])}
		if len(out) > 0 && out[len(out)-1] == pt {
			continue
		}
		out = append(out, pt)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// collinearDeg is how far (in degrees, about 0.2 m) a point may lie off
// the line through its neighbours and still count as on it.
const collinearDeg = 2e-6

// dropCollinear removes the points of the closed ring r that lie on the
// straight edge between their neighbours, until none is left.
func dropCollinear(r orb.Ring) orb.Ring {
	if len(r) < 4 {
		return r
	}
	open := append(orb.Ring{}, r[:len(r)-1]...)
	for changed := true; changed && len(open) > 3; {
		changed = false
		for i := 0; i < len(open) && len(open) > 3; i++ {
			prev, next := open[(i+len(open)-1)%len(open)], open[(i+1)%len(open)]
			if onSegment(open[i], prev, next) {
				open = append(open[:i], open[i+1:]...)
				changed = true
				i--
			}
		}
	}
	return append(open, open[0])
}

// onSegment reports whether p lies within collinearDeg of the segment a-b,
// strictly between its ends.
func onSegment(p, a, b orb.Point) bool {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return false
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	if t <= 0 || t >= 1 {
		return false
	}
	cross := (p[0]-a[0])*dy - (p[1]-a[1])*dx
	return math.Abs(cross)/math.Sqrt(l2) < collinearDeg
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// rotateToLeast returns the closed ring r starting at its least point.
func rotateToLeast(r orb.Ring) orb.Ring {
	open := r[:len(r)-1]
	k := 0
	for i, pt := range open {
		if less(pt, open[k]) {
			k = i
		}
	}
	out := make(orb.Ring, 0, len(r))
	out = append(out, open[k:]...)
	out = append(out, open[:k]...)
	return append(out, out[0])
}

func less(a, b orb.Point) bool {
	if a[0] != b[0] {
		return a[0] < b[0]
	}
	return a[1] < b[1]
}

// sameShape reports whether two tidied shapes are identical.
func sameShape(a, b orb.MultiPolygon) bool { return orb.Equal(a, b) }

// crossing returns the first two non-adjacent edges of the closed ring r
// that cross (by their start indexes), a defect of a drawn polygon.
func crossing(r orb.Ring) (i, j int, ok bool) {
	n := len(r) - 1
	for i := 0; i < n; i++ {
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue
			}
			if segmentsCross(r[i], r[i+1], r[j], r[j+1]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

func segmentsCross(a, b, c, d orb.Point) bool {
	o := func(p, q, r orb.Point) float64 { return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0]) }
	return o(a, b, c)*o(a, b, d) < 0 && o(c, d, a)*o(c, d, b) < 0
}
