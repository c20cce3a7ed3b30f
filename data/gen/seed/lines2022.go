package main

import "github.com/paulmach/orb"

// The western edges of the Russian-held area from 24 February 2022, each
// listed from north to south (or east to west along the Dnipro). front()
// chains them into one polygon per key date; an edge that starts or ends
// in Russia or the sea joins its neighbours there.

// kharkivEarly: the first days: Vovchansk, Velykyi Burluk and Kupiansk
// (27 February) taken, Kharkiv city held.
func kharkivEarly() []orb.Point {
	return pts(
		orb.Point{36.30, 50.60},
		orb.Point{36.30, 50.30},
		at("Staryi Saltiv", -8, 6),
		at("Staryi Saltiv", 6, -4),
		at("Kupiansk", -14, 2),
		at("Kupiansk", -10, -16),
		orb.Point{37.95, 49.55},
	)
}

// luhanskEarly: the north-east of Luhansk oblast with Starobilsk,
// Novoaidar and Shchastia taken; Svatove, Rubizhne, Sievierodonetsk and
// Lysychansk held. It joins the 2015 line
// west of Shchastia (ordloLine()[5:]).
func luhanskEarly() []orb.Point {
	return pts(
		orb.Point{38.50, 49.55},
		at("Starobilsk", -8, 4),
		at("Starobilsk", -6, -8),
		at("Novoaidar", -4, 2),
		at("Novoaidar", 2, -8),
		orb.Point{38.90, 48.76},
	)
}

// southEarly: from the Sea of Azov west of Mariupol: Berdiansk and
// Melitopol taken in the first days; Tokmak, Vasylivka and Enerhodar
// followed in early March.
func southEarly() []orb.Point {
	return pts(
		orb.Point{37.55, 46.95},
		at("Mariupol", -18, -2),
		orb.Point{37.05, 47.12},
		at("Berdiansk", -5, 22),
		at("Tokmak", 3, -4),
		at("Melitopol", 2, 22),
		orb.Point{34.85, 47.12},
		orb.Point{34.35, 47.40},
	)
}

// kharkivPeak: about 21 March: north and east of Kharkiv, Balakliia and the
// approaches to Izium.
func kharkivPeak() []orb.Point {
	return pts(
		orb.Point{36.00, 50.60},
		orb.Point{36.05, 50.40},
		at("Kozacha Lopan", -4, -8),
		orb.Point{36.30, 50.12},
		at("Kharkiv", 12, 4),
		at("Kharkiv", 16, -6),
		at("Chuhuiv", 6, 6),
		at("Chuhuiv", 9, -8),
		at("Balakliia", -6, 4),
		at("Balakliia", 3, -14),
		at("Izium", -8, -4),
		at("Izium", 3, -10),
	)
}

// luhanskPeak: Izium to Rubizhne and Sievierodonetsk, held by Ukraine.
func luhanskPeak() []orb.Point {
	return pts(
		at("Sviatohirsk", 3, 5),
		at("Lyman", 6, 9),
		at("Kreminna", -2, 8),
		at("Rubizhne", 5, 4),
		at("Sievierodonetsk", 7, 1),
		at("Sievierodonetsk", 6, -10),
		at("Popasna", 7, -2),
	)
}

// donetskPeak: the 2015 line from Popasna to Marinka, then south of
// Vuhledar to Velyka Novosilka; Volnovakha and besieged Mariupol behind it.
func donetskPeak() []orb.Point {
	return append(pts(
		orb.Point{38.33, 48.48},
		at("Svitlodarsk", 4, -3),
		orb.Point{38.12, 48.36},
	), horlivkaToVelykaNovosilka()...)
}

// horlivkaToVelykaNovosilka: the 2015 line from Horlivka to Marinka, then
// south of Vuhledar, as it stood from March 2022 until Avdiivka fell.
func horlivkaToVelykaNovosilka() []orb.Point {
	return pts(
		at("Horlivka", -5, 3),
		orb.Point{37.90, 48.24},
		at("Avdiivka", 5, 1),
		orb.Point{37.72, 48.07},
		orb.Point{37.62, 48.01},
		at("Marinka", 4, 0),
		at("Marinka", -4, -6),
		at("Vuhledar", 6, 3),
		at("Vuhledar", 2, -6),
		at("Velyka Novosilka", 10, -8),
	)
}

// zaporizhzhia2022: from south of Velyka Novosilka along the line south of
// Huliaipole and Orikhiv to Kamianske on the Kakhovka reservoir.
func zaporizhzhia2022() []orb.Point {
	return pts(
		orb.Point{36.78, 47.76},
		orb.Point{36.60, 47.70},
		at("Huliaipole", 5, -5),
		at("Huliaipole", -8, -5),
		orb.Point{35.95, 47.55},
		at("Orikhiv", 0, -5),
		orb.Point{35.60, 47.52},
		orb.Point{35.40, 47.50},
	)
}

// zaporizhzhia2024: as in 2022, less what the summer 2023 counteroffensive
// took back: Robotyne and the villages south of Velyka Novosilka.
func zaporizhzhia2024() []orb.Point {
	return pts(
		orb.Point{36.80, 47.71},
		orb.Point{36.62, 47.66},
		at("Huliaipole", 5, -5),
		at("Huliaipole", -8, -5),
		orb.Point{35.95, 47.55},
		at("Robotyne", 6, 2),
		at("Robotyne", 0, -3),
		at("Robotyne", -6, 0),
		at("Orikhiv", -5, -5),
		orb.Point{35.60, 47.52},
		orb.Point{35.40, 47.50},
	)
}

// reservoir runs over the Kakhovka reservoir, north of the Zaporizhzhia
// oblast shore (Enerhodar), to the oblast's corner with Kherson and
// Dnipropetrovsk oblasts. The Dnipropetrovsk side is never clipped.
func reservoir() []orb.Point {
	return pts(
		orb.Point{35.05, 47.56},
		orb.Point{34.90, 47.62},
		orb.Point{34.20, 47.56},
	)
}

// dniproLeftBank: down the Kakhovka reservoir and the Dnipro to the
// Dnipro-Buh estuary, and west past the Kinburn spit. Kherson city and the
// right bank are Ukraine's.
func dniproLeftBank() []orb.Point {
	return append(pts(
		orb.Point{34.19, 47.47},
		orb.Point{34.00, 47.40},
		at("Novovorontsovka", 0, -16),
		orb.Point{33.72, 47.10},
		orb.Point{33.58, 46.95},
		orb.Point{33.45, 46.83},
		at("Nova Kakhovka", 2, 3),
		orb.Point{33.28, 46.76},
		orb.Point{33.18, 46.755},
		orb.Point{33.08, 46.745},
		orb.Point{32.98, 46.72},
		orb.Point{32.88, 46.70},
		orb.Point{32.80, 46.69},
		orb.Point{32.72, 46.66},
		orb.Point{32.66, 46.64},
		orb.Point{32.60, 46.625},
		orb.Point{32.55, 46.61},
		orb.Point{32.50, 46.595},
		orb.Point{32.45, 46.57},
		orb.Point{32.40, 46.555},
		orb.Point{32.30, 46.535},
	), estuary()...)
}

// estuary runs west along the middle of the Dnipro-Buh estuary, between
// Ochakiv and the Kinburn spit, into the Black Sea.
func estuary() []orb.Point {
	return pts(
		orb.Point{32.20, 46.54},
		orb.Point{32.10, 46.56},
		orb.Point{32.00, 46.58},
		orb.Point{31.90, 46.585},
		orb.Point{31.80, 46.585},
		orb.Point{31.70, 46.60},
		orb.Point{31.60, 46.60},
		orb.Point{31.55, 46.59},
		orb.Point{31.45, 46.59},
		orb.Point{31.45, 46.30},
	)
}

// khersonRightBank: all of Kherson oblast and the bridgehead in Mykolaiv
// oblast up to Snihurivka, until 11 November 2022.
func khersonRightBank() []orb.Point {
	return append(pts(
		orb.Point{33.15, 47.65},
		orb.Point{32.95, 47.45},
		at("Snihurivka", -4, 12),
		at("Snihurivka", -7, -4),
		at("Mykolaiv", 28, 2),
		at("Mykolaiv", 18, -12),
		orb.Point{32.05, 46.72},
		orb.Point{31.95, 46.60},
	), estuary()[3:]...)
}

// khersonOctober: about 4 October 2022, after the Russian line north of
// the Kakhovka reservoir's outflow gave way (Ukraine retook Dudchany and the
// villages along the Dnipro): down the river to about Dudchany, west to the
// Inhulets near Davydiv Brid, and on as khersonRightBank from Snihurivka.
func khersonOctober() []orb.Point {
	rb := khersonRightBank()
	return append(pts(
		orb.Point{34.19, 47.47},
		orb.Point{34.00, 47.40},
		at("Novovorontsovka", 0, -16),
		orb.Point{33.80, 47.22},
		orb.Point{33.45, 47.20},
		orb.Point{33.10, 47.18},
		at("Snihurivka", 8, 6),
	), rb[3:]...)
}
