package main

import (
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// admin1Finder finds the admin-1 unit (oblast, krai, republic) of a town
// among the Natural Earth units of Ukraine and Russia that reach townArea.
type admin1Finder []unit

// nearAdmin1 is how far, in degrees, a town outside every unit (a coastal
// town beyond the drawn coast) may be from the unit it is given.
const nearAdmin1 = 0.1

// loadAdmin1 reads the units of Ukraine and Russia reaching townArea from
// the Natural Earth admin-1 file at path, Ukraine's first.
func loadAdmin1(path string) (admin1Finder, error) {
	fc, err := readUnits(path)
	if err != nil {
		return nil, err
	}
	var f admin1Finder
	for _, ft := range fc.Features {
		iso := ft.Properties.MustString("iso_3166_2", "")
		if !strings.HasPrefix(iso, "UA-") && !strings.HasPrefix(iso, "RU-") {
			continue
		}
		var mp orb.MultiPolygon
		switch g := ft.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		}
		if mp != nil && mp.Bound().Intersects(townArea) {
			f = append(f, unit{ISO: iso, Shape: mp})
		}
	}
	sort.Slice(f, func(i, j int) bool { return f[i].ISO > f[j].ISO }) // UA- before RU-
	return f, nil
}

// of returns the ISO 3166-2 code of the unit of country holding town t,
// else of the nearest one within nearAdmin1, else "". Natural Earth's
// Kyiv city (UA-30) reaches far beyond the city's limits (Irpin,
// Obukhiv), so it holds Kyiv alone and the other towns in it are in Kyiv
// oblast (UA-32).
func (f admin1Finder) of(t town) string {
	iso := f.nearest(orb.Point{t.Lon, t.Lat}, t.Country+"-")
	if iso == "UA-30" && t.Name != "Kyiv" {
		return "UA-32"
	}
	return iso
}

func (f admin1Finder) nearest(p orb.Point, prefix string) string {
	best, bd := "", nearAdmin1
	for _, u := range f {
		if !strings.HasPrefix(u.ISO, prefix) || !u.Shape.Bound().Pad(nearAdmin1).Contains(p) {
			continue
		}
		if planar.MultiPolygonContains(u.Shape, p) {
			return u.ISO
		}
		if d := planar.DistanceFrom(u.Shape, p); d < bd {
			best, bd = u.ISO, d
		}
	}
	return best
}
