package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
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

// occupation returns the versions of the mainland oblasts: on each change
// day (a key date or a day of the events table) the drawn area of the key
// date in force with the events' patches laid on it (patches.go), clipped
// to each oblast; consecutive days with the same shape make one version,
// and an empty shape ends the version. It also returns the contested
// ground of each change day, unclipped.
func occupation(kds []keyDate, pt *patcher, us units, tol float64) ([]version, map[string]orb.MultiPolygon, error) {
	byDay := map[string]keyDate{}
	var kdDays []string
	for _, kd := range kds {
		byDay[kd.Day] = kd
		kdDays = append(kdDays, kd.Day)
	}
	drawn := map[string]orb.MultiPolygon{} // by key date and unit ("" for all parts)
	drawnFor := func(kd keyDate, iso string, local, all bool) (orb.MultiPolygon, error) {
		k := kd.Day + " " + iso
		if d, ok := drawn[k]; ok {
			return d, nil
		}
		d, err := drawnArea(kd, iso, local, all)
		drawn[k] = d
		return d, err
	}
	grey := map[string]orb.MultiPolygon{}
	cur := map[string]*version{}
	var out []version
	for _, day := range uniqueSorted(append(kdDays, pt.eventDays()...)) {
		base := latestOn(kdDays, day)
		if base == "" {
			continue
		}
		kd := byDay[base]
		all, err := drawnFor(kd, "", false, true)
		if err != nil {
			return nil, nil, fmt.Errorf("seed: drawn area on %s: %w", kd.Day, err)
		}
		ops := pt.ops(day, base, all, true)
		if grey[day], err = apply(nil, ops, everywhere, isNone); err != nil {
			return nil, nil, fmt.Errorf("seed: contested ground on %s: %w", day, err)
		}
		for _, m := range mainland {
			d, err := drawnFor(kd, m.iso, m.local, false)
			if err == nil {
				d, err = apply(d, ops, us.shape(m.iso).Bound(), isRU)
			}
			var shape orb.MultiPolygon
			if err == nil {
				shape, err = geo.Intersection(us.shape(m.iso), d)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("seed: %s on %s: %w", m.slug, day, err)
			}
			shape = tidy(shape, tol)
			c := cur[m.slug]
			if c != nil && sameShape(c.Shape, shape) {
				continue
			}
			if c != nil {
				c.To = day
				out = append(out, *c)
				cur[m.slug] = nil
			}
			if len(shape) > 0 {
				src := kd.Source + placedBy(pt.places, base, day, us.shape(m.iso))
				cur[m.slug] = &version{Region: m.slug, Side: "ru", Status: "occupied", From: day, Source: src, Shape: shape}
			}
		}
	}
	for _, m := range mainland {
		if c := cur[m.slug]; c != nil {
			out = append(out, *c)
		}
	}
	return out, grey, nil
}

// everywhere is a bound that every op intersects.
var everywhere = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// placedBy names the events of the places inside unit dated from base to
// day, which the version of day follows beside its key date.
func placedBy(pls []*place, base, day string, unit orb.MultiPolygon) string {
	var names []string
	for _, pl := range pls {
		if !planar.MultiPolygonContains(unit, pl.At) {
			continue
		}
		for _, e := range pl.Events {
			if base <= e.Day && e.Day <= day {
				names = append(names, e.String())
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " Settlements placed by the events table (data/gen/seed): " + strings.Join(names, "; ") + "."
}

// uniqueSorted returns the distinct days of ds in order.
func uniqueSorted(ds []string) []string {
	sort.Strings(ds)
	var out []string
	for _, d := range ds {
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// drawnArea returns the drawn area of kd that counts inside the unit iso
// (unclipped): of a local unit, only the parts drawn for it alone; with
// all, every part.
func drawnArea(kd keyDate, iso string, local, all bool) (orb.MultiPolygon, error) {
	var parts, holes []orb.MultiPolygon
	for _, p := range kd.Parts {
		if all || (p.Only == "" && !local) || p.Only == iso {
			parts = append(parts, orb.MultiPolygon{p.Shape})
		}
	}
	for _, h := range kd.Holes {
		holes = append(holes, orb.MultiPolygon{h})
	}
	drawn, err := geo.Union(parts...)
	if err != nil || len(holes) == 0 {
		return drawn, err
	}
	hs, err := geo.Union(holes...)
	if err != nil {
		return nil, err
	}
	return geo.Difference(drawn, hs)
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
