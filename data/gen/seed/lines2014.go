package main

import "github.com/paulmach/orb"

// The front lines of 2014-2015 in Donetsk and Luhansk oblasts. Each is a
// closed polygon reaching into Russia and the Sea of Azov.

// donbas2014April: armed groups hold Sloviansk and Kramatorsk, Donetsk,
// Horlivka and Luhansk up to the Russian border.
func donbas2014April() orb.Polygon {
	return ring(
		orb.Point{41.0, 49.05},
		orb.Point{39.60, 48.92},
		at("Shchastia", 0, 4),
		orb.Point{38.90, 48.93},
		at("Sievierodonetsk", 3, 6),
		at("Lysychansk", -5, 5),
		at("Siversk", 0, 6),
		at("Sloviansk", 2, 9),
		at("Sloviansk", -9, 2),
		at("Kramatorsk", -8, -3),
		at("Druzhkivka", -4, -6),
		at("Kostiantynivka", -7, -10),
		orb.Point{37.55, 48.25},
		at("Donetsk", -22, 6),
		at("Marinka", -5, -4),
		at("Volnovakha", 6, -2),
		orb.Point{37.80, 47.45},
		at("Mariupol", 22, 5),
		orb.Point{37.95, 47.05},
		orb.Point{37.95, 46.0},
		orb.Point{41.0, 46.0},
	)
}

// donbas2014July: Sloviansk and Kramatorsk retaken on 5 July; the armed
// groups hold Donetsk, Horlivka and Luhansk and a strip of the border.
func donbas2014July() orb.Polygon {
	return ring(
		orb.Point{41.0, 48.85},
		orb.Point{39.70, 48.80},
		at("Shchastia", 0, -3),
		orb.Point{38.95, 48.82},
		at("Sievierodonetsk", 2, 3),
		at("Lysychansk", -4, 2),
		orb.Point{38.25, 48.82},
		at("Soledar", 3, -2),
		at("Bakhmut", 6, -6),
		at("Svitlodarsk", -2, -4),
		at("Horlivka", -7, 3),
		at("Avdiivka", 5, -1),
		at("Donetsk", -12, 0),
		at("Marinka", 4, -5),
		at("Dokuchaievsk", -2, -6),
		orb.Point{37.85, 47.55},
		orb.Point{38.05, 47.42},
		orb.Point{38.25, 47.33},
		orb.Point{38.45, 47.30},
		orb.Point{41.0, 47.30},
	)
}

// ordlo is the area beyond the line of contact after Debaltseve fell
// (18 February 2015), valid until 24 February 2022.
func ordlo() orb.Polygon {
	r := append([]orb.Point{{41.0, 48.62}}, ordloLine()...)
	r = append(r, orb.Point{37.80, 46.8}, orb.Point{41.0, 46.8})
	return ring(r...)
}

// ordloLine is the line of contact from the Russian border on the Siverskyi
// Donets to the coast east of Mariupol.
func ordloLine() []orb.Point {
	return pts(
		orb.Point{39.78, 48.61},
		at("Stanytsia Luhanska", 0, -3),
		orb.Point{39.33, 48.68},
		at("Shchastia", 0, -3),
		orb.Point{39.05, 48.69},
		orb.Point{38.85, 48.68},
		at("Zolote", 3, -3),
		at("Popasna", 5, -4),
		orb.Point{38.33, 48.48},
		at("Svitlodarsk", 4, -3),
		orb.Point{38.12, 48.36},
		at("Horlivka", -5, 3),
		orb.Point{37.90, 48.24},
		at("Avdiivka", 5, 1),
		orb.Point{37.72, 48.07},
		orb.Point{37.62, 48.01},
		at("Marinka", 4, 0),
		orb.Point{37.58, 47.88},
		orb.Point{37.62, 47.80},
		at("Dokuchaievsk", -4, -2),
		orb.Point{37.78, 47.62},
		orb.Point{37.87, 47.50},
		orb.Point{37.85, 47.35},
		at("Shyrokyne", 2, 5),
		orb.Point{37.78, 47.06},
	)
}
