package main

import (
	"fmt"
	"math"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// kurskTargets are the areas in km² of Kursk oblast held by Ukraine as
// reported at each date (Ukrainian and Russian statements, ISW estimates),
// rounded; each holds until the next. kurskEnd is the day Russia declared
// the region retaken.
var kurskTargets = []struct {
	Day string
	Km2 float64
}{
	{"2024-08-06", 150},
	{"2024-08-10", 700},
	{"2024-08-15", 1100},
	{"2024-08-25", 1250},
	{"2024-09-15", 800},
	{"2024-11-15", 650},
	{"2025-01-20", 440},
	{"2025-02-20", 300},
	{"2025-03-15", 120},
}

const kurskEnd = "2025-04-26"

const sourceKursk = "approximation drawn by frontline: a smooth shape around Sudzha, clipped to Kursk oblast " +
	"(Natural Earth 10m admin-1 RU-KRS) and scaled to the area reported for the date"

// kurskAspect is the east-west to north-south ratio of the drawn shape:
// the salient was wider along the border than deep.
const kurskAspect = 1.25

// incursion returns the versions of the Kursk incursion. The shape is an
// ellipse of semi-axes kurskAspect·r and r km, clipped to Kursk oblast; its
// centre lies on the line from the border point nearest Sudzha to Sudzha,
// reaching Sudzha once r is 1.25 times their distance, so that the small
// early and late shapes stay attached to the border. r is solved by
// bisection for each target area.
func incursion(us units, tol float64) ([]version, error) {
	kursk := us.shape("RU-KRS")
	sudzha := places["Sudzha"]
	border := nearestVertex(us.shape("UA-59"), sudzha)
	d := distanceKm(border, sudzha)
	shape := func(r float64) orb.MultiPolygon {
		u := math.Min(1, r/(1.25*d))
		c := orb.Point{border[0] + u*(sudzha[0]-border[0]), border[1] + u*(sudzha[1]-border[1])}
		return orb.MultiPolygon{{ellipse(c, kurskAspect*r, r, 96)}}
	}
	var out []version
	for i, t := range kurskTargets {
		clipped, err := solveArea(kursk, shape, t.Km2, tol)
		if err != nil {
			return nil, fmt.Errorf("seed: kursk incursion on %s: %w", t.Day, err)
		}
		to := kurskEnd
		if i+1 < len(kurskTargets) {
			to = kurskTargets[i+1].Day
		}
		out = append(out, version{Region: "kursk-incursion", Side: "ua", Status: "occupied",
			From: t.Day, To: to, Source: sourceKursk, Shape: clipped})
	}
	return out, nil
}

// solveArea finds the size r at which shape(r) clipped to within (and
// tidied) has the target area, within 0.3%.
func solveArea(within orb.MultiPolygon, shape func(r float64) orb.MultiPolygon, target, tol float64) (orb.MultiPolygon, error) {
	lo, hi := 0.5, 80.0
	for i := 0; i < 60; i++ {
		r := (lo + hi) / 2
		clipped, err := geo.Intersection(within, shape(r))
		if err != nil {
			return nil, err
		}
		clipped = tidy(clipped, tol)
		a := geo.AreaKm2(clipped)
		if math.Abs(a-target) <= 0.003*target {
			return clipped, nil
		}
		if a < target {
			lo = r
		} else {
			hi = r
		}
	}
	return nil, fmt.Errorf("no size gives %.0f km²", target)
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
