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
}

// NewLand keeps the country features (LayerCountry) of features.
func NewLand(features []BaseFeature) *Land {
	l := &Land{}
	for _, f := range features {
		if f.Layer == LayerCountry && len(f.Geometry) > 0 {
			l.countries = append(l.countries, f)
		}
	}
	return l
}

// CountryAt is the ISO 3166-1 alpha-2 code of the country whose land holds
// pt, or "" at sea (or where the basemap has no country).
func (l *Land) CountryAt(pt orb.Point) string {
	if l == nil {
		return ""
	}
	for _, f := range l.countries {
		if in, _ := Covers(f.Geometry, pt); in {
			return f.ISO
		}
	}
	return ""
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
