package deepstate

import (
	"sort"

	"github.com/frontline-map/frontline/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// inTheatre is mp within geo.Theatre, polygon by polygon: as they are
// when they lie inside, clipped when they cross the theatre's edge, and
// left out, counted in outside, when none of them lies inside (the
// "Unknown status" polygon in the Arabian Sea of 2023, drawn with others
// under one name).
func inTheatre(mp orb.MultiPolygon) (in orb.MultiPolygon, outside int) {
	for _, p := range mp {
		b := p.Bound()
		switch {
		case geo.Theatre.Contains(b.Min) && geo.Theatre.Contains(b.Max):
			in = append(in, p)
		case !geo.Theatre.Intersects(b):
			outside++
		default:
			in = append(in, clipTheatre(p)...)
		}
	}
	return in, outside
}

// clipTheatre is the part of p inside geo.Theatre.
func clipTheatre(p orb.Polygon) orb.MultiPolygon {
	mp := orb.MultiPolygon{p}
	cut, err := geo.Intersection(mp, orb.MultiPolygon{geo.Theatre.ToPolygon()})
	if err != nil {
		// A broken polygon: the rectangle clip, ring by ring.
		cut = clip.MultiPolygon(geo.Theatre, mp.Clone())
	}
	var out orb.MultiPolygon
	for _, q := range cut {
		if len(q) > 0 && len(q[0]) >= 4 && geo.AreaKm2(orb.MultiPolygon{q}) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// Outside returns the names of the polygons that lie wholly outside
// geo.Theatre, skipped, with how many polygons (of a MultiPolygon, each
// one) and on how many days; most polygons first.
func (h *History) Outside() []Name {
	out := append([]Name(nil), h.outside...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Polygons != out[j].Polygons {
			return out[i].Polygons > out[j].Polygons
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// outsideNames counts, over the files of the days (in order), the
// polygons of each name that lie outside the theatre.
func outsideNames(fs []*file) []Name {
	byName := map[string]*Name{}
	var out []Name
	for _, f := range fs {
		for n, c := range f.outside {
			dn := byName[n]
			if dn == nil {
				dn = &Name{Name: n, Class: Classify(n).String()}
				byName[n] = dn
			}
			dn.Polygons += c
			dn.Days++
		}
	}
	for _, n := range byName {
		out = append(out, *n)
	}
	return out
}
