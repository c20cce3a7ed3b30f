package geo

import "github.com/paulmach/orb"

// Where a point lies with respect to a polygon (Covers).
type inside uint8

const (
	outsideShape inside = iota
	insideShape
	onBorder // on an edge or vertex of a ring: both in and out
)

// Covers says whether pt ([lon, lat]) lies inside mp, outside it, or on the
// border of one of its rings. Each polygon's bound is tested first, so a
// multipolygon of many small parts costs a bound test for most of them.
func Covers(mp orb.MultiPolygon, pt orb.Point) (in, border bool) {
	w := whereIn(mp, pt)
	return w != outsideShape, w == onBorder
}

func whereIn(mp orb.MultiPolygon, pt orb.Point) inside {
	for _, p := range mp {
		if len(p) == 0 || !p[0].Bound().Contains(pt) {
			continue
		}
		switch ringWhere(p[0], pt) {
		case onBorder:
			return onBorder
		case outsideShape:
			continue
		}
		w := insideShape
		for _, hole := range p[1:] {
			switch ringWhere(hole, pt) {
			case onBorder:
				return onBorder
			case insideShape:
				w = outsideShape
			}
			if w == outsideShape {
				break
			}
		}
		if w == insideShape {
			return insideShape
		}
	}
	return outsideShape
}

// ringWhere is the even-odd crossing test of pt against ring r, with the
// points on r's edges reported as onBorder.
func ringWhere(r orb.Ring, pt orb.Point) inside {
	in := false
	x, y := pt[0], pt[1]
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[j], r[i]
		if onSegment(a, b, pt) {
			return onBorder
		}
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	if in {
		return insideShape
	}
	return outsideShape
}

// onSegment reports whether p lies on the segment ab (within rounding of
// coordinates given to 1e-9 degrees, about 0.1 mm).
func onSegment(a, b, p orb.Point) bool {
	const eps = 1e-9
	if p[0] < min(a[0], b[0])-eps || p[0] > max(a[0], b[0])+eps || p[1] < min(a[1], b[1])-eps || p[1] > max(a[1], b[1])+eps {
		return false
	}
	cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
	scale := max(abs(b[0]-a[0]), abs(b[1]-a[1]), eps)
	return abs(cross)/scale <= eps
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// Land is the basemap's countries, to say on whose land a point lies and
// whether it lies at sea: "sea" is anywhere in Theatre that no country of
// the basemap covers (the Black Sea and the Sea of Azov, at the basemap's
// resolution of its coasts).
type Land struct {
	countries []BaseFeature
	shapes    []*Shape // the countries', indexed
}

// NewLand keeps the country features (LayerCountry) of features.
func NewLand(features []BaseFeature) *Land {
	l := &Land{}
	for _, f := range features {
		if f.Layer == LayerCountry && len(f.Geometry) > 0 {
			l.countries = append(l.countries, f)
			l.shapes = append(l.shapes, NewShape(f.Geometry))
		}
	}
	return l
}

// CoastKm is how far off the basemap's coast a point still counts as the
// land's: Natural Earth's 10m coasts and river mouths are a kilometre or
// two from the real ones (Kherson's centre lies in its Dnipro), and a town
// on the water is never at sea.
const CoastKm = 3

// CountryAt is the ISO 3166-1 alpha-2 code of the country whose land holds
// pt, or lies within CoastKm of it (the nearest), or "" at sea (or where
// the basemap has no country).
func (l *Land) CountryAt(pt orb.Point) string {
	if l == nil {
		return ""
	}
	for i, sh := range l.shapes {
		if in, _ := sh.Covers(pt); in {
			return l.countries[i].ISO
		}
	}
	near, best := "", float64(CoastKm)
	reach := orb.Bound{Min: pt, Max: pt}.Pad(CoastKm / kmPerDegree * 2)
	for _, f := range l.countries {
		if !f.Geometry.Bound().Intersects(reach) {
			continue
		}
		if d := NearestEdgeKm(f.Geometry, pt); d <= best {
			near, best = f.ISO, d
		}
	}
	return near
}

// Country is the outline of the country iso, nil if the basemap lacks it.
func (l *Land) Country(iso string) orb.MultiPolygon {
	if l == nil {
		return nil
	}
	for _, f := range l.countries {
		if f.ISO == iso {
			return f.Geometry
		}
	}
	return nil
}

// Known reports whether the land knows any country (a server without a
// basemap answers every point as land).
func (l *Land) Known() bool { return l != nil && len(l.countries) > 0 }

// Shape is a multipolygon indexed for many point-in-polygon tests: each
// polygon's bound, and for rings of many vertices their edges sorted into
// bands of latitude, so that a test reads only the edges of its band.
type Shape struct {
	polys []shapePoly
}

type shapePoly struct {
	bound orb.Bound
	rings []ringIndex
}

// ringIndex is a ring with its edges by band of latitude (nil bands for a
// ring small enough to test whole).
type ringIndex struct {
	r      orb.Ring
	bound  orb.Bound
	y0, dy float64
	bands  [][]int32 // the edges (r[i], r[i+1]) whose latitudes meet each band
}

// bandEdges is about how many edges a band holds.
const bandEdges = 8

// NewShape indexes mp (cost: a pass over its vertices).
func NewShape(mp orb.MultiPolygon) *Shape {
	s := &Shape{polys: make([]shapePoly, 0, len(mp))}
	for _, p := range mp {
		if len(p) == 0 {
			continue
		}
		sp := shapePoly{bound: p[0].Bound()}
		for _, r := range p {
			sp.rings = append(sp.rings, newRingIndex(r))
		}
		s.polys = append(s.polys, sp)
	}
	return s
}

func newRingIndex(r orb.Ring) ringIndex {
	if n := len(r); n > 0 && r[0] != r[n-1] {
		r = append(r[:n:n], r[0]) // closed, for the bands' edges
	}
	x := ringIndex{r: r, bound: r.Bound()}
	n := len(r)
	if n < 4*bandEdges {
		return x
	}
	const eps = 1e-9
	nb := n / bandEdges
	x.y0, x.dy = x.bound.Min[1]-eps, (x.bound.Max[1]-x.bound.Min[1]+2*eps)/float64(nb)
	x.bands = make([][]int32, nb)
	for i := 0; i+1 < n; i++ {
		lo, hi := x.band(min(r[i][1], r[i+1][1])-eps), x.band(max(r[i][1], r[i+1][1])+eps)
		for k := lo; k <= hi; k++ {
			x.bands[k] = append(x.bands[k], int32(i))
		}
	}
	return x
}

func (x *ringIndex) band(y float64) int {
	return max(0, min(len(x.bands)-1, int((y-x.y0)/x.dy)))
}

func (x *ringIndex) where(pt orb.Point) inside {
	if !x.bound.Contains(pt) {
		return outsideShape
	}
	if x.bands == nil {
		return ringWhere(x.r, pt)
	}
	in := false
	px, py := pt[0], pt[1]
	for _, i := range x.bands[x.band(py)] {
		a, b := x.r[i], x.r[i+1]
		if onSegment(a, b, pt) {
			return onBorder
		}
		if (a[1] > py) != (b[1] > py) && px < (b[0]-a[0])*(py-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	if in {
		return insideShape
	}
	return outsideShape
}

// Covers is the package's Covers on the indexed shape.
func (s *Shape) Covers(pt orb.Point) (in, border bool) {
	w := s.where(pt)
	return w != outsideShape, w == onBorder
}

func (s *Shape) where(pt orb.Point) inside {
	for i := range s.polys {
		p := &s.polys[i]
		if !p.bound.Contains(pt) {
			continue
		}
		switch p.rings[0].where(pt) {
		case onBorder:
			return onBorder
		case outsideShape:
			continue
		}
		w := insideShape
		for k := 1; k < len(p.rings) && w == insideShape; k++ {
			switch p.rings[k].where(pt) {
			case onBorder:
				return onBorder
			case insideShape:
				w = outsideShape
			}
		}
		if w == insideShape {
			return insideShape
		}
	}
	return outsideShape
}
