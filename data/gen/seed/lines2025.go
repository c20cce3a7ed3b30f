package main

import "github.com/paulmach/orb"

// The western edges of 2025 and the first half of 2026, north to south, as
// in lines2023.go: schematic lines laid out by the towns reported taken or
// held (research notes in each key date's source), not surveyed fronts.

// siverskLost: Siversk taken (claimed 2025-12-11, Ukraine's withdrawal
// announced 2025-12-23); the line runs west of the town to the Bakhmut
// front.
func siverskLost() []orb.Point {
	return pts(
		at("Kreminna", -4, 3),
		at("Bilohorivka", -2, 4),
		at("Siversk", -5, 5),
		at("Siversk", -7, -4),
		orb.Point{38.02, 48.76},
	)
}

// svatove2025 is svatoveKreminna up to Kreminna, then siverskLost.
func svatove2025() []orb.Point {
	s := svatoveKreminna()
	return append(s[:len(s)-len(kreminnaToSiversk())], siverskLost()...)
}

// donbas2025June: Toretsk (claimed 2025-02-07, held by Russia by the
// summer) and Velyka Novosilka (2025-01-26) taken; Chasiv Yar fought over;
// south of Pokrovsk the line reaches the Dnipropetrovsk border (Zelene
// Pole, Yelyzavetivka: DeepState, 2025-05-31).
func donbas2025June() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -4, 3),
		at("Bakhmut", -9, 4),
		at("Chasiv Yar", -1, 2),
		at("Chasiv Yar", -1, -3),
		orb.Point{37.82, 48.50},
		at("Toretsk", -6, 3),
		at("Toretsk", -7, -4),
		orb.Point{37.60, 48.33},
		orb.Point{37.45, 48.33},
		at("Myrnohrad", 6, 2),
		at("Myrnohrad", 3, -4),
		at("Pokrovsk", 2, -5),
		at("Pokrovsk", -10, -7),
		orb.Point{36.95, 48.12},
		orb.Point{36.78, 48.00},
		orb.Point{36.68, 47.92},
		at("Velyka Novosilka", -12, 2),
		at("Velyka Novosilka", -12, -8),
	)
}

// zaporizhzhia2025 is zaporizhzhia2024 west of Velyka Novosilka, after its
// fall.
func zaporizhzhia2025() []orb.Point { return zaporizhzhia2024()[1:] }

// donbas2025August: Chasiv Yar mostly taken (claimed 2025-07-31; Ukraine
// held its south and west), the approaches to Kostiantynivka (Bila Hora,
// DeepState 2025-08-26), Pokrovsk half encircled from the east.
func donbas2025August() []orb.Point {
	return pts(
		orb.Point{38.25, 48.75},
		at("Soledar", -5, 3),
		at("Bakhmut", -10, 4),
		at("Chasiv Yar", -3, 2),
		at("Chasiv Yar", -2, -3),
		at("Kostiantynivka", 7, 2),
		at("Kostiantynivka", 4, -5),
		at("Toretsk", -9, -5),
		orb.Point{37.45, 48.36},
		at("Myrnohrad", 4, 4),
		at("Myrnohrad", 1, -3),
		at("Pokrovsk", 0, -4),
		at("Pokrovsk", -11, -6),
		orb.Point{36.93, 48.13},
		orb.Point{36.74, 48.02},
		orb.Point{36.62, 47.94},
		at("Velyka Novosilka", -14, 0),
		at("Velyka Novosilka", -13, -8),
	)
}

// donbas2025December: Siversk lost; Kostiantynivka's eastern edge
// reached (Russia claimed parts on 2025-11-20); Pokrovsk taken but its
// north (Ukraine held it along the railway), Myrnohrad fought over
// (claimed 2025-12-27, denied); Rodynske's south reached.
func donbas2025December() []orb.Point {
	return pts(
		at("Soledar", -7, 3),
		at("Bakhmut", -11, 4),
		at("Chasiv Yar", -5, 2),
		at("Chasiv Yar", -4, -4),
		at("Kostiantynivka", 3, 2),
		at("Kostiantynivka", 2, -4),
		at("Toretsk", -11, -5),
		orb.Point{37.40, 48.38},
		at("Rodynske", 2, -2),
		at("Myrnohrad", 0, 1),
		at("Pokrovsk", 0, 2),
		at("Pokrovsk", -9, -2),
		orb.Point{36.92, 48.14},
		orb.Point{36.72, 48.04},
		orb.Point{36.60, 47.95},
		at("Velyka Novosilka", -15, 0),
		at("Velyka Novosilka", -14, -8),
	)
}

// zaporizhzhia2025December: part of Huliaipole taken (claimed 2025-12-27;
// Ukraine's southern command said on 2025-12-28 that part of the town was
// Russian-held), Mala Tokmachka (claimed 2025-11-16) and the edge of
// Stepnohirsk by the reservoir.
func zaporizhzhia2025December() []orb.Point {
	return pts(
		orb.Point{36.60, 47.70},
		at("Huliaipole", 3, 2),
		at("Huliaipole", -3, -2),
		at("Huliaipole", -9, -5),
		orb.Point{35.95, 47.56},
		at("Mala Tokmachka", 1, 2),
		at("Robotyne", 6, 2),
		at("Robotyne", 0, -3),
		at("Robotyne", -6, 0),
		at("Orikhiv", -5, -5),
		orb.Point{35.60, 47.52},
		at("Stepnohirsk", 2, -2),
		orb.Point{35.33, 47.54},
	)
}

// donbas2026: Pokrovsk and Myrnohrad shown occupied (DeepState's map by
// 2026-02-04), Rodynske taken, Russian gains near Siversk and towards
// Kostiantynivka.
func donbas2026() []orb.Point {
	return pts(
		at("Soledar", -8, 3),
		at("Bakhmut", -12, 4),
		at("Chasiv Yar", -6, 2),
		at("Chasiv Yar", -5, -4),
		at("Kostiantynivka", 2, 2),
		at("Kostiantynivka", 1, -4),
		at("Toretsk", -12, -5),
		orb.Point{37.38, 48.40},
		at("Rodynske", -1, 3),
		at("Pokrovsk", -1, 6),
		at("Pokrovsk", -10, 0),
		orb.Point{36.92, 48.14},
		orb.Point{36.72, 48.04},
		orb.Point{36.60, 47.95},
		at("Velyka Novosilka", -15, 0),
		at("Velyka Novosilka", -14, -8),
	)
}

// svatove2026: more ground west of Siversk (DeepState, February 2026).
func svatove2026() []orb.Point {
	s := svatove2025()
	s[len(s)-2] = at("Siversk", -10, -4)
	s[len(s)-3] = at("Siversk", -8, 5)
	return s
}

// Dnipropetrovsk oblast, confined to it (only(dnipro, ...)): the first
// villages Russia occupied there, Zaporizke and Novoheorhiivka (ISW
// 2025-08-25, DeepState 2025-08-26, acknowledged by Ukraine's Trehubov on
// 2025-08-26); the wider strip of the winter (DeepState: 0.6% of the oblast
// on 2026-01-01); and what the southern counter-operation of early 2026
// left of it.
func dniproEntry2025August() orb.Polygon {
	return ring(
		orb.Point{36.55, 47.90},
		orb.Point{36.80, 47.98},
		orb.Point{36.80, 47.80},
		at("Zaporizke", -3, -3),
	)
}

func dniproStrip2025December() orb.Polygon {
	return ring(
		orb.Point{36.48, 48.00},
		orb.Point{36.80, 48.08},
		orb.Point{36.80, 47.76},
		at("Zaporizke", -8, -6),
		at("Zaporizke", -9, 3),
	)
}

func dniproStrip2026() orb.Polygon {
	return ring(
		orb.Point{36.54, 47.95},
		orb.Point{36.80, 48.02},
		orb.Point{36.80, 47.80},
		at("Zaporizke", -4, -3),
	)
}

// donbas2026June: the approaches to Kostiantynivka closer (Russian
// advances in late June 2026, DeepState).
func donbas2026June() []orb.Point {
	d := donbas2026()
	d[4] = at("Kostiantynivka", 1, 2)
	d[5] = at("Kostiantynivka", 0, -4)
	return d
}

// zaporizhzhia2026June: Russian advances west of Huliaipole (late June
// 2026, DeepState).
func zaporizhzhia2026June() []orb.Point {
	z := zaporizhzhia2025December()
	z[2] = at("Huliaipole", -5, -2)
	z[3] = at("Huliaipole", -11, -5)
	return z
}
