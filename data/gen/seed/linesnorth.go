package main

import "github.com/paulmach/orb"

// The northern fronts of February-April 2022 in Kyiv, Chernihiv and Sumy
// oblasts, closed through Belarus and Russia.

// kyivWestEarly: the Chornobyl zone and Ivankiv, the first days.
func kyivWestEarly() orb.Polygon {
	return ring(
		orb.Point{29.50, 51.80},
		orb.Point{29.60, 51.40},
		orb.Point{29.85, 51.05},
		at("Ivankiv", 0, -3),
		orb.Point{30.20, 50.98},
		orb.Point{30.40, 51.10},
		orb.Point{30.55, 51.30},
		orb.Point{30.60, 51.80},
	)
}

// kyivWestPeak: west of the Dnipro to Borodianka, Bucha and Hostomel; Irpin
// and Makariv held by Ukraine.
func kyivWestPeak() orb.Polygon {
	return ring(
		orb.Point{29.40, 51.80},
		orb.Point{29.55, 51.40},
		orb.Point{29.70, 51.10},
		at("Ivankiv", -9, 0),
		orb.Point{29.80, 50.78},
		at("Borodianka", -8, 0),
		at("Makariv", 3, 6),
		orb.Point{30.00, 50.48},
		orb.Point{30.12, 50.50},
		at("Bucha", 0, -2),
		at("Hostomel", 4, 0),
		orb.Point{30.38, 50.68},
		orb.Point{30.40, 50.80},
		orb.Point{30.42, 51.00},
		orb.Point{30.50, 51.20},
		orb.Point{30.57, 51.32},
		orb.Point{30.60, 51.80},
	)
}

// northEarly: a belt along the borders of Chernihiv and Sumy oblasts with
// Belarus and Russia, the approaches to Chernihiv and Sumy and the road
// to Trostianets, in the first days.
func northEarly() orb.Polygon {
	return ring(
		orb.Point{30.60, 52.60},
		orb.Point{35.60, 52.60},
		orb.Point{35.60, 50.40},
		orb.Point{35.45, 50.40},
		at("Trostianets", 6, -4),
		at("Trostianets", -4, 2),
		orb.Point{35.05, 50.72},
		at("Sumy", 10, 6),
		orb.Point{34.90, 51.10},
		orb.Point{34.40, 51.17},
		orb.Point{34.05, 51.45},
		orb.Point{34.02, 51.62},
		orb.Point{34.15, 51.80},
		orb.Point{33.40, 52.22},
		orb.Point{33.10, 52.20},
		orb.Point{32.76, 52.14},
		orb.Point{32.30, 52.04},
		orb.Point{32.05, 51.95},
		orb.Point{31.80, 51.96},
		at("Chernihiv", 3, 12),
		at("Chernihiv", -6, 10),
		orb.Point{31.00, 51.55},
		orb.Point{30.72, 51.38},
		orb.Point{30.60, 51.30},
	)
}

// northPeak: about 21 March 2022: Kyiv oblast east of the Dnipro to
// Velyka Dymerka and much of Chernihiv and Sumy oblasts, outside the cities
// and the north-east (northeastHeld, holes in keyDates).
func northPeak() orb.Polygon {
	return ring(
		orb.Point{30.60, 52.60},
		orb.Point{35.60, 52.60},
		orb.Point{35.60, 50.40},
		orb.Point{35.45, 50.36},
		at("Okhtyrka", 8, 6),
		at("Trostianets", -6, -8),
		at("Lebedyn", 6, -6),
		at("Romny", 6, -8),
		orb.Point{33.05, 51.02},
		orb.Point{32.60, 51.10},
		orb.Point{32.20, 51.00},
		at("Nizhyn", 2, -12),
		orb.Point{31.50, 50.75},
		orb.Point{31.20, 50.62},
		orb.Point{30.95, 50.56},
		orb.Point{30.85, 50.65},
		orb.Point{30.75, 50.85},
		orb.Point{30.70, 51.05},
		orb.Point{30.75, 51.30},
		orb.Point{30.60, 51.50},
	)
}

// northeastHeld: the north-east of Chernihiv oblast and the north of Sumy
// oblast (Novhorod-Siverskyi, Shostka, Krolevets, Hlukhiv), which Russian
// columns passed but did not hold, and the south of Chernihiv oblast
// around Pryluky.
func northeastHeld() orb.Polygon {
	return ring(
		orb.Point{31.90, 52.70},
		orb.Point{34.60, 52.70},
		orb.Point{34.60, 51.55},
		orb.Point{33.80, 51.40},
		orb.Point{33.25, 51.45},
		orb.Point{32.60, 51.30},
		orb.Point{32.10, 51.55},
		orb.Point{31.90, 51.90},
	)
}
