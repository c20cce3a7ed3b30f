package main

import (
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// version is one Feature of history.geojson: the control of one region by
// one side over [From, To); To is "" while the version is still valid.
type version struct {
	Region string
	Side   string
	Status string
	From   string
	To     string
	Source string
	Shape  orb.MultiPolygon
}

// AreaKm2 is the ellipsoidal area of the version's shape.
func (v version) AreaKm2() float64 { return geo.AreaKm2(v.Shape) }

const (
	sourceCrimea = "Russian forces seized Crimea from 2014-02-27 (Annexation of Crimea by the Russian Federation, " +
		"Wikipedia); outline: Natural Earth 10m admin-1"
	sourceClaim2014 = "Russia's claimed annexation treaty of 2014-03-18, not recognised by Ukraine or the UN General " +
		"Assembly (resolution 68/262); outline: Natural Earth 10m admin-1, Crimea and Sevastopol"
	sourceClaim2022 = "Russia's claimed annexation of 2022-09-30 of the whole oblast, not recognised by Ukraine or " +
		"the UN General Assembly (resolution ES-11/4); outline: Natural Earth 10m admin-1"
)

// crimea returns the versions of Crimea, Sevastopol and their claim.
func crimea(us units, tol float64) ([]version, error) {
	both, err := geo.Union(us.shape("UA-43"), us.shape("UA-40"))
	if err != nil {
		return nil, fmt.Errorf("seed: crimea: %w", err)
	}
	return []version{
		{Region: "crimea", Side: "ru", Status: "occupied", From: "2014-02-27", Source: sourceCrimea, Shape: tidy(us.shape("UA-43"), tol)},
		{Region: "sevastopol", Side: "ru", Status: "occupied", From: "2014-02-27", Source: sourceCrimea, Shape: tidy(us.shape("UA-40"), tol)},
		{Region: "claim-crimea", Side: "ru", Status: "claimed", From: "2014-03-18", Source: sourceClaim2014, Shape: tidy(both, tol)},
	}, nil
}

// claims returns the versions of the 2022 annexation claims.
func claims(us units, tol float64) []version {
	var out []version
	for _, c := range []struct{ slug, iso string }{
		{"claim-donetsk-oblast", "UA-14"},
		{"claim-luhansk-oblast", "UA-09"},
		{"claim-zaporizhzhia-oblast", "UA-23"},
		{"claim-kherson-oblast", "UA-65"},
	} {
		out = append(out, version{Region: c.slug, Side: "ru", Status: "claimed", From: "2022-09-30",
			Source: sourceClaim2022, Shape: tidy(us.shape(c.iso), tol)})
	}
	return out
}

// occupation returns the versions of the mainland oblasts: at each key
// date the drawn area clipped to each oblast; consecutive dates with the
// same shape make one version, and an empty shape ends the version.
func occupation(kds []keyDate, us units, tol float64) ([]version, error) {
	var out []version
	for _, m := range mainland {
		var cur *version
		for _, kd := range kds {
			shape, err := occupiedIn(kd, m.iso, m.local, us)
			if err != nil {
				return nil, fmt.Errorf("seed: %s on %s: %w", m.slug, kd.Day, err)
			}
			shape = tidy(shape, tol)
			if cur != nil && sameShape(cur.Shape, shape) {
				continue
			}
			if cur != nil {
				cur.To = kd.Day
				out = append(out, *cur)
				cur = nil
			}
			if len(shape) > 0 {
				cur = &version{Region: m.slug, Side: "ru", Status: "occupied", From: kd.Day, Source: kd.Source, Shape: shape}
			}
		}
		if cur != nil {
			out = append(out, *cur)
		}
	}
	return out, nil
}

// occupiedIn returns the drawn area of kd inside the unit iso; of a local
// unit, only the parts drawn for it alone.
func occupiedIn(kd keyDate, iso string, local bool, us units) (orb.MultiPolygon, error) {
	var parts, holes []orb.MultiPolygon
	for _, p := range kd.Parts {
		if (p.Only == "" && !local) || p.Only == iso {
			parts = append(parts, orb.MultiPolygon{p.Shape})
		}
	}
	for _, h := range kd.Holes {
		holes = append(holes, orb.MultiPolygon{h})
	}
	drawn, err := geo.Union(parts...)
	if err != nil {
		return nil, err
	}
	if len(holes) > 0 {
		hs, err := geo.Union(holes...)
		if err != nil {
			return nil, err
		}
		if drawn, err = geo.Difference(drawn, hs); err != nil {
			return nil, err
		}
	}
	return geo.Intersection(us.shape(iso), drawn)
}

// checkDrawn rejects drawn polygons whose rings cross themselves.
func checkDrawn(kds []keyDate) error {
	for _, kd := range kds {
		for i, p := range kd.Parts {
			r := p.Shape[0]
			if a, b, ok := crossing(r); ok {
				return fmt.Errorf("seed: key date %s: part %d crosses itself: %v-%v and %v-%v",
					kd.Day, i, r[a], r[a+1], r[b], r[b+1])
			}
		}
	}
	return nil
}
