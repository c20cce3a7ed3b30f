package main

import (
	"fmt"
	"math"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// kurskTargets are the areas in km² of Kursk oblast held by Ukraine, on
// one basis: what Ukraine's command said it held (Syrskyi's reports to the
// president in August 2024; a General Staff source to Reuters in November).
// Where Ukraine gave no figure the area is a schematic choice, and the
// version's source says so. Each holds until the next; kurskEnd is the day
// Russia declared the region retaken, which Ukraine disputed: the seed
// draws nothing after it.
var kurskTargets = []struct {
	Day, Source string
	Km2         float64
	Border      bool // drawn along the border around Gornal, Sudzha left out
}{
	{"2024-08-06", "schematic: the bridgehead of the first days around the Sudzha border crossing; no area was reported", 150, false},
	{"2024-08-12", "Syrskyi to Zelensky on 2024-08-12: about 1,000 km² held", 1000, false},
	{"2024-08-15", "Syrskyi on 2024-08-15: 1,150 km² and 82 settlements held", 1150, false},
	{"2024-08-20", "Syrskyi on 2024-08-20: 1,263 km² and 93 settlements held", 1263, false},
	{"2024-08-27", "Syrskyi on 2024-08-27: 1,294 km² and 100 settlements held", 1294, false},
	{"2024-11-16", "a senior Ukrainian General Staff source to Reuters on 2024-11-16: about 800 km² still held, " +
		"over 40% of the ground once taken lost; Ukraine gave no later figure before the withdrawal from Sudzha", 800, false},
	{"2025-03-13", "schematic: Russia said on 2025-03-13 it had retaken Sudzha and Ukrainian units withdrew towards " +
		"the border; a strip along the border south-east of Sudzha around Gornal, no area was reported", 120, true},
}

const kurskEnd = "2025-04-26"

// gornalAt is about where Gornal lies, on the Psel by the border south-east
// of Sudzha: the last village Ukraine held, as Russia's claim of 2025-04-26
// named it (approximate, not a labelled place).
var gornalAt = orb.Point{35.42, 51.05}

// sourceKursk is how every version of the incursion is drawn; the
// target's own source follows it.
const sourceKursk = "schematic shape drawn by frontline (an ellipse from the border crossing towards Sudzha, clipped to " +
	"Kursk oblast, Natural Earth 10m admin-1 RU-KRS), scaled to the area of the day; ends 2025-04-26, when Russia " +
	"declared the region retaken (disputed by Ukraine). Area: "

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
	sumy := us.shape("UA-59")
	sudzha := places["Sudzha"]
	border := nearestVertex(sumy, sudzha)
	d := distanceKm(border, sudzha)
	toSudzha := func(r float64) orb.MultiPolygon {
		u := math.Min(1, r/(1.25*d))
		c := orb.Point{border[0] + u*(sudzha[0]-border[0]), border[1] + u*(sudzha[1]-border[1])}
		return orb.MultiPolygon{{ellipse(c, kurskAspect*r, r, 96)}}
	}
	// After Sudzha: a band along the border, centred on it near Gornal.
	gornal := nearestVertex(sumy, gornalAt)
	alongBorder := func(r float64) orb.MultiPolygon {
		return orb.MultiPolygon{{ellipse(gornal, 2*r, r, 96)}}
	}
	var out []version
	for i, t := range kurskTargets {
		shape := toSudzha
		if t.Border {
			shape = alongBorder
		}
		clipped, err := solveArea(kursk, shape, t.Km2, tol)
		if err != nil {
			return nil, fmt.Errorf("seed: kursk incursion on %s: %w", t.Day, err)
		}
		to := kurskEnd
		if i+1 < len(kurskTargets) {
			to = kurskTargets[i+1].Day
		}
		out = append(out, version{Region: "kursk-incursion", Side: "ua", Status: "occupied",
			From: t.Day, To: to, Source: sourceKursk + t.Source, Shape: clipped})
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
