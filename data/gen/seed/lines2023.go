package main

import "github.com/paulmach/orb"

// The western edges from July 2022 on, north to south, as in lines2022.go.

// siverskFromWest: Lyman (Russian-held) to the Donets east of Siversk,
// with all of Luhansk oblast behind the line.
func siverskFromWest() []orb.Point {
	return pts(
		orb.Point{37.95, 48.93},
		at("Siversk", -3, 3),
		at("Siversk", 5, 2),
		at("Siversk", 8, -5),
	)
}

// kreminnaToSiversk: Ukraine holds Bilohorivka on the Donets; Kreminna
// and the forest north of the river are Russia's.
func kreminnaToSiversk() []orb.Point {
	return pts(
		at("Kreminna", -4, 3),
		at("Bilohorivka", 2, 4),
		at("Bilohorivka", 5, -2),
		at("Siversk", 8, -5),
	)
}

// kharkivJuly: pushed back from Kharkiv city in May; Izium, Balakliia,
// Sviatohirsk and Lyman (27 May) Russian-held; Lysychansk fell on 3 July.
func kharkivJuly() []orb.Point {
	return append(pts(
		orb.Point{36.00, 50.60},
		orb.Point{36.10, 50.42},
		at("Kozacha Lopan", 0, -6),
		orb.Point{36.42, 50.22},
		orb.Point{36.62, 50.17},
		at("Staryi Saltiv", 4, 6),
		at("Staryi Saltiv", 6, -6),
		orb.Point{36.85, 49.82},
		at("Balakliia", -6, 4),
		at("Balakliia", 3, -14),
		at("Izium", -10, -12),
		orb.Point{37.30, 49.00},
		orb.Point{37.50, 48.96},
		at("Lyman", -10, -4),
		at("Lyman", -3, -8),
	), siverskFromWest()...)
}

// oskil: after the Kharkiv counteroffensive (6-12 September) the line runs
// down the Oskil river through Kupiansk; Lyman is nearly encircled.
func oskil() []orb.Point {
	return append(pts(
		orb.Point{37.80, 50.40},
		orb.Point{37.78, 50.07},
		at("Dvorichna", 3, 0),
		at("Kupiansk", 1, 0),
		at("Kupiansk", 4, -10),
		orb.Point{37.60, 49.48},
		at("Borova", 2, -3),
		orb.Point{37.55, 49.25},
		orb.Point{37.45, 49.12},
		orb.Point{37.60, 49.06},
		at("Lyman", -5, 5),
		at("Lyman", -6, -4),
	), siverskFromWest()...)
}

// afterLyman: Lyman retaken on 1 October; Ukraine across the Oskil.
func afterLyman() []orb.Point {
	return append(pts(
		orb.Point{37.90, 50.30},
		orb.Point{37.88, 50.00},
		orb.Point{37.85, 49.80},
		at("Kupiansk", 16, -15),
		orb.Point{37.82, 49.45},
		at("Borova", 12, -4),
		orb.Point{37.92, 49.25},
		orb.Point{37.98, 49.12},
	), kreminnaToSiversk()...)
}

// svatoveKreminna: from November 2022 the line west of Svatove and
// Kreminna, just inside Luhansk oblast.
func svatoveKreminna() []orb.Point {
	return append(pts(
		orb.Point{38.15, 50.30},
		orb.Point{38.13, 49.90},
		orb.Point{38.10, 49.82},
		orb.Point{38.02, 49.60},
		at("Svatove", -9, 0),
		orb.Point{38.05, 49.25},
		orb.Point{38.10, 49.12},
	), kreminnaToSiversk()...)
}

// kupianskEast: Kharkiv oblast east of Kupiansk, retaken by Russia from
// late 2023 (confined to Kharkiv oblast).
func kupianskEast() orb.Polygon {
	return ring(
		orb.Point{37.85, 50.40},
		at("Dvorichna", 9, 8),
		at("Dvorichna", 7, -4),
		at("Kupiansk", 10, 2),
		at("Kupiansk", 9, -10),
		at("Borova", 16, 8),
		at("Borova", 18, -4),
		orb.Point{38.30, 49.30},
		orb.Point{38.30, 50.40},
	)
}

// vovchansk: the border strip north of Kharkiv taken from May 2024, from
// near Lyptsi to the northern half of Vovchansk (confined to Kharkiv oblast).
func vovchansk() orb.Polygon {
	return ring(
		orb.Point{36.30, 50.50},
		orb.Point{36.33, 50.27},
		orb.Point{36.45, 50.235},
		orb.Point{36.56, 50.20},
		orb.Point{36.68, 50.215},
		orb.Point{36.82, 50.25},
		at("Vovchansk", -3, 0),
		at("Vovchansk", 3, -1),
		orb.Point{37.05, 50.30},
		orb.Point{37.10, 50.50},
	)
}

// donbasSummer2022: Siversk, Soledar and Bakhmut held by Ukraine,
// Popasna lost in May.
func donbasSummer2022() []orb.Point {
	return append(pts(
		orb.Point{38.25, 48.75},
		at("Soledar", 10, -3),
		at("Bakhmut", 12, 0),
		at("Bakhmut", 10, -8),
		at("Svitlodarsk", 5, 3),
		at("Svitlodarsk", 4, -3),
		orb.Point{38.12, 48.36},
	), horlivkaToVelykaNovosilka()...)
}

// donbasAutumn2022: Svitlodarsk lost in July; the battle for Bakhmut begins.
func donbasAutumn2022() []orb.Point {
	return append(pts(
		orb.Point{38.25, 48.75},
		at("Soledar", 7, -2),
		at("Bakhmut", 7, -1),
		at("Bakhmut", 3, -8),
		orb.Point{38.02, 48.42},
	), horlivkaToVelykaNovosilka()...)
}

// donbasBakhmut: Soledar (January) and Bakhmut (20 May 2023) taken,
// Avdiivka half encircled, Marinka lost.
func donbasBakhmut() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -4, 3),
		at("Bakhmut", -6, 4),
		at("Bakhmut", -6, -3),
		at("Bakhmut", -2, -9),
		orb.Point{37.97, 48.45},
		at("Toretsk", 8, -3),
		at("Horlivka", -5, 3),
		orb.Point{37.90, 48.24},
		at("Avdiivka", 6, 6),
		at("Avdiivka", 3, 0),
		at("Avdiivka", 5, -4),
		orb.Point{37.72, 48.07},
		orb.Point{37.62, 48.01},
		at("Marinka", -2, 1),
		at("Marinka", -4, -6),
		at("Vuhledar", 6, 3),
		at("Vuhledar", 2, -6),
		at("Velyka Novosilka", 10, -8),
	)
}

// donbasAvdiivka: Avdiivka taken on 17 February 2024; Klishchiivka south
// of Bakhmut and the villages south of Velyka Novosilka retaken by Ukraine
// in 2023.
func donbasAvdiivka() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -4, 3),
		at("Bakhmut", -6, 4),
		at("Bakhmut", -6, -3),
		at("Bakhmut", -1, -7),
		orb.Point{37.98, 48.45},
		at("Toretsk", 8, -3),
		at("Horlivka", -5, 3),
		orb.Point{37.88, 48.24},
		at("Avdiivka", -2, 7),
		at("Avdiivka", -6, 0),
		at("Avdiivka", -5, -6),
		orb.Point{37.62, 48.04},
		at("Krasnohorivka", 3, 0),
		at("Marinka", -5, 0),
		at("Marinka", -6, -6),
		at("Vuhledar", 6, 3),
		at("Vuhledar", 2, -6),
		orb.Point{37.00, 47.72},
	)
}

// donbasVuhledar: Vuhledar taken on 1 October 2024; the Ocheretyne salient
// reaches Selydove; Russian troops in the east of Chasiv Yar and Toretsk.
func donbasVuhledar() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -4, 3),
		at("Bakhmut", -8, 4),
		at("Chasiv Yar", 3, 1),
		at("Chasiv Yar", 2, -4),
		orb.Point{37.92, 48.50},
		at("Toretsk", 4, 2),
		at("Toretsk", 0, -4),
		orb.Point{37.75, 48.33},
		orb.Point{37.62, 48.27},
		orb.Point{37.48, 48.30},
		at("Myrnohrad", 9, -3),
		orb.Point{37.36, 48.20},
		at("Selydove", 3, 0),
		orb.Point{37.38, 48.08},
		at("Kurakhove", 7, 2),
		at("Kurakhove", 5, -5),
		at("Vuhledar", -3, 4),
		at("Vuhledar", -8, -6),
		orb.Point{37.00, 47.72},
	)
}

// donbasPokrovsk: 20 January 2025: Kurakhove taken, the front south and
// east of Pokrovsk and Myrnohrad, Toretsk nearly lost, Chasiv Yar
// contested (the line runs through the town), Velyka Novosilka almost
// encircled (it fell a week later).
func donbasPokrovsk() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -4, 3),
		at("Bakhmut", -8, 4),
		at("Chasiv Yar", 0, 2),
		at("Chasiv Yar", 0, -3),
		orb.Point{37.86, 48.50},
		at("Toretsk", -3, 2),
		at("Toretsk", -4, -4),
		orb.Point{37.65, 48.33},
		orb.Point{37.50, 48.34},
		at("Myrnohrad", 8, 3),
		at("Myrnohrad", 4, -4),
		at("Pokrovsk", 3, -6),
		at("Pokrovsk", -8, -8),
		orb.Point{37.05, 48.12},
		orb.Point{37.08, 48.02},
		at("Kurakhove", -10, -3),
		orb.Point{37.10, 47.90},
		at("Velyka Novosilka", 8, 4),
		at("Velyka Novosilka", 4, -2),
		at("Velyka Novosilka", 0, -5),
		at("Velyka Novosilka", -4, -4),
	)
}
