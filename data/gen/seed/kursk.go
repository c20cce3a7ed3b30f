package main

import (
	"fmt"
	"math"
	"sort"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// The Kursk incursion is drawn at each date as an outline traced through
// the outermost settlements reported held (research notes, sources in the
// versions), closed through Sumy oblast and clipped to Kursk oblast
// (Natural Earth 10m admin-1 RU-KRS), then scaled about the border crossing
// nearest Sudzha to the area reported for the date. The areas are on one
// basis, Ukrainian statements: Syrskyi's reports of August 2024, a General
// Staff source to Reuters in November, DeepState's count after Sudzha fell.
// Each holds until the next; kurskEnd is the day Russia declared the
// region retaken, which Ukraine disputed: the seed draws nothing after it.

// Settlements the outlines pass through (lon, lat). Those marked ~ have no
// sourced coordinate and are placed from reported distances.
var (
	snagost       = orb.Point{34.893, 51.315}
	korenevoSE    = orb.Point{34.93, 51.38} // ~ the south-eastern outskirts of Korenevo
	lyubimovka    = orb.Point{35.043, 51.312}
	tolstyyLug    = orb.Point{35.052, 51.304}
	darino        = orb.Point{35.09, 51.25} // ~ Darino and Zeleny Shlyakh, west of Sudzha
	malayaLoknya  = orb.Point{35.228, 51.333}
	porechnoye    = orb.Point{35.30, 51.35} // ~ Cherkasskoye and Russkoye Porechnoye, 16 km NE of Sudzha
	martynovka    = orb.Point{35.366, 51.239}
	northMartyn   = orb.Point{35.38, 51.28} // ~ north of Martynovka on the R-200
	konopelka     = orb.Point{35.45, 51.19} // ~ Russkaya Konopelka, east of Sudzha
	borki         = orb.Point{35.404, 51.104}
	plekhovo      = orb.Point{35.330, 51.100}
	guevo         = orb.Point{35.30, 51.10} // ~ 10.5 km south of Sudzha, 3.5 km from the border
	gornalAt      = orb.Point{35.42, 51.05} // ~ on the Psel by the border
	sumyEast      = orb.Point{35.60, 50.85} // in Sumy oblast: the outline closes through Ukraine
	sumyWest      = orb.Point{34.80, 51.00}
	sumySouth     = orb.Point{35.25, 50.85}
	outlineAugust = []orb.Point{snagost, korenevoSE, lyubimovka, malayaLoknya, porechnoye, northMartyn, konopelka, borki, sumyEast, sumySouth, sumyWest}
)

var kurskTargets = []struct {
	Day, Source string
	Km2         float64
	Outline     []orb.Point
}{
	{"2024-08-06", "schematic: the first days' bridgehead at the Sudzha crossing, the outline of 2024-08-12 scaled down; no area was reported", 150,
		[]orb.Point{tolstyyLug, malayaLoknya, martynovka, plekhovo, sumyEast, sumySouth, sumyWest}},
	{"2024-08-12", "Syrskyi to Zelensky on 2024-08-12: about 1,000 km² held; outline through Tolstyy Lug, Lyubimovka, Malaya Loknya, Martynovka, Plekhovo", 1000,
		[]orb.Point{tolstyyLug, lyubimovka, malayaLoknya, martynovka, plekhovo, sumyEast, sumySouth, sumyWest}},
	{"2024-08-15", "Syrskyi on 2024-08-15: 1,150 km² and 82 settlements held; outline through Snagost, Lyubimovka, Malaya Loknya, the Porechnoye villages, Martynovka, Borki", 1150,
		[]orb.Point{snagost, lyubimovka, malayaLoknya, porechnoye, martynovka, borki, sumyEast, sumySouth, sumyWest}},
	{"2024-08-20", "Syrskyi on 2024-08-20: 1,263 km² and 93 settlements held; outline through Snagost, the outskirts of Korenevo, Malaya Loknya, the Porechnoye villages, north of Martynovka, Russkaya Konopelka, Borki", 1263, outlineAugust},
	{"2024-08-27", "Syrskyi on 2024-08-27: 1,294 km² and 100 settlements held; outline as on 2024-08-20", 1294, outlineAugust},
	{"2024-11-23", "a Ukrainian General Staff source to Reuters on 2024-11-23: about 800 km² still held (1,376 km² at the peak); " +
		"the west (Snagost, Lyubimovka, Olgovka) retaken by Russia since September; outline through Darino, Malaya Loknya, Martynovka, Plekhovo; " +
		"Ukraine gave no later figure before the withdrawal from Sudzha", 800,
		[]orb.Point{darino, malayaLoknya, martynovka, plekhovo, sumyEast, sumySouth, sumyWest}},
	{"2025-03-13", "DeepState on 2025-03-13: about 140 km² still held after Russia said it had retaken Sudzha; a pocket along the border at Guevo, Gornal and Oleshnya", 140,
		[]orb.Point{guevo, orb.Point{35.36, 51.12}, gornalAt, sumyEast, sumySouth}},
}

const kurskEnd = "2025-04-26"

// sourceKursk is how every version of the incursion is drawn; the
// target's own source follows it.
const sourceKursk = "schematic outline drawn by frontline through the outermost settlements reported held, clipped to " +
	"Kursk oblast (Natural Earth 10m admin-1 RU-KRS) and scaled to the area of the day; ends 2025-04-26, when Russia " +
	"declared the region retaken (disputed by Ukraine). "

// kurskDays returns the days the incursion's drawing changes: the
// targets' days and its end.
func kurskDays() []string {
	var out []string
	for _, t := range kurskTargets {
		out = append(out, t.Day)
	}
	return append(out, kurskEnd)
}

// incursion returns the versions of the Kursk incursion: on each target's
// day and each day of the events table in Kursk oblast, the target's
// outline scaled about the border point nearest Sudzha by a factor solved
// by bisection for the target area, with the events' patches (discs:
// pt.ops) laid on it. It also returns the contested ground of those days.
func incursion(us units, pt *patcher, tol float64) ([]version, map[string]orb.MultiPolygon, error) {
	kursk := us.shape("RU-KRS")
	anchor := nearestVertex(us.shape("UA-59"), places["Sudzha"])
	tDays := kurskDays()[:len(kurskTargets)]
	days := append([]string{}, tDays...)
	for _, d := range pt.eventDays() {
		if d >= tDays[0] && d < kurskEnd {
			days = append(days, d)
		}
	}
	grey := map[string]orb.MultiPolygon{kurskEnd: nil}
	var out []version
	var cur *version
	for _, day := range uniqueSorted(days) {
		ti := sort.SearchStrings(tDays, addDays(day, 1)) - 1
		t := kurskTargets[ti]
		ops := pt.ops(day, t.Day, nil, false)
		r := orb.Ring{}
		for _, p := range t.Outline {
			r = append(r, p)
		}
		r = append(r, r[0])
		if r.Orientation() != orb.CCW {
			r.Reverse()
		}
		shape := func(k float64) (orb.MultiPolygon, error) {
			s := make(orb.Ring, len(r))
			for j, p := range r {
				s[j] = orb.Point{anchor[0] + k*(p[0]-anchor[0]), anchor[1] + k*(p[1]-anchor[1])}
			}
			return apply(orb.MultiPolygon{{s}}, ops, everywhere, isUA)
		}
		clipped, err := solveScale(kursk, shape, t.Km2, tol)
		if err == nil {
			grey[day], err = apply(nil, ops, everywhere, isNone)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("seed: kursk incursion on %s: %w", day, err)
		}
		if cur != nil && sameShape(cur.Shape, clipped) {
			continue
		}
		if cur != nil {
			cur.To = day
			out = append(out, *cur)
		}
		cur = &version{Region: "kursk-incursion", Side: "ua", Status: "occupied", From: day,
			Source: sourceKursk + "Area: " + t.Source + placedBy(pt.places, t.Day, day, kursk), Shape: clipped}
	}
	cur.To = kurskEnd
	return append(out, *cur), grey, nil
}

// solveScale finds the factor k in (0, 3] at which shape(k) clipped to
// within (and tidied) has the target area, within 0.3%.
func solveScale(within orb.MultiPolygon, shape func(k float64) (orb.MultiPolygon, error), target, tol float64) (orb.MultiPolygon, error) {
	lo, hi := 0.01, 3.0
	for range 60 {
		k := (lo + hi) / 2
		s, err := shape(k)
		if err != nil {
			return nil, err
		}
		clipped, err := geo.Intersection(within, s)
		if err != nil {
			return nil, err
		}
		clipped = tidy(clipped, tol)
		a := geo.AreaKm2(clipped)
		if math.Abs(a-target) <= 0.003*target {
			return clipped, nil
		}
		if a < target {
			lo = k
		} else {
			hi = k
		}
	}
	return nil, fmt.Errorf("no scale gives %.0f km²", target)
}

// nearestVertex returns the vertex of mp nearest to p.
func nearestVertex(mp orb.MultiPolygon, p orb.Point) orb.Point {
	best, bestD := orb.Point{}, math.Inf(1)
	for _, poly := range mp {
		for _, r := range poly {
			for _, q := range r {
				if d := distanceKm(p, q); d < bestD {
					best, bestD = q, d
				}
			}
		}
	}
	return best
}

// distanceKm is the local flat distance between two nearby points.
func distanceKm(a, b orb.Point) float64 {
	dx := (b[0] - a[0]) * kmPerDegLat * math.Cos((a[1]+b[1])/2*math.Pi/180)
	dy := (b[1] - a[1]) * kmPerDegLat
	return math.Hypot(dx, dy)
}
