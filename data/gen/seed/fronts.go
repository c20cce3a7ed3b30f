package main

import (
	"github.com/paulmach/orb"
)

// keyDate is the Russian-held part of Ukraine's mainland on one day, drawn
// by us: the union of parts minus holes (towns Ukraine held inside them),
// later clipped to each oblast. Parts reach far into Russia, Belarus and
// the sea, so that borders and coasts come from Natural Earth and only the
// front lines are ours.
type keyDate struct {
	Day    string
	Source string
	Parts  []part
	Holes  []orb.Polygon
}

// part is a drawn polygon; if Only is set it counts only inside that
// Natural Earth unit, so that a local shape leaves its neighbours alone.
type part struct {
	Shape orb.Polygon
	Only  string
}

// all makes parts that count everywhere.
func all(ps ...orb.Polygon) []part {
	out := make([]part, len(ps))
	for i, p := range ps {
		out[i] = part{Shape: p}
	}
	return out
}

// only makes a part that counts only inside the unit iso.
func only(iso string, p orb.Polygon) part { return part{Shape: p, Only: iso} }

const (
	sourceDonbas = "schematic approximation drawn by frontline from public reporting on the war in Donbas " +
		"(for 2015-2022 the line of contact of the Minsk agreements) at key dates; borders: Natural Earth 10m admin-1"
	sourceWar = "schematic approximation drawn by frontline from public front-line reporting (ISW, DeepStateMap) " +
		"at key dates; borders: Natural Earth 10m admin-1"
	sourceKyivFree = "Ukraine's defence ministry said on 2022-04-02 that the whole of Kyiv oblast was free of " +
		"Russian forces; Chernihiv and Sumy oblasts were cleared in the following days. " + sourceWar
	sourceKhersonOctober = "Ukraine retook the villages along the Dnipro north of Dudchany in the first days of " +
		"October 2022 (Kherson counteroffensive); the rest of the right bank followed on 2022-11-11. " + sourceWar
	source2025June = "Toretsk (claimed by Russia 2025-02-07) and Velyka Novosilka (2025-01-26, ISW: 89% Russian-held) " +
		"taken, the line south of Pokrovsk at the Dnipropetrovsk border (Zelene Pole, Yelyzavetivka: DeepState 2025-05-31); " +
		"DeepState's total 113,588 km² on 2025-06-28 (Reuters). " + sourceWar
	source2025August = "Russian forces' first villages in Dnipropetrovsk oblast, Zaporizke and Novoheorhiivka (ISW " +
		"2025-08-25, DeepState 2025-08-26; Ukraine's Trehubov acknowledged the entry on 2025-08-26, the General Staff denied " +
		"the villages' loss); Chasiv Yar mostly taken (claimed 2025-07-31, Ukraine held its south and west). The Dobropillia " +
		"breakthrough of 2025-08-11 was cut off by Ukraine in the following days and is not drawn. " + sourceWar
	source2025December = "Siversk taken (Ukraine's withdrawal announced 2025-12-23); Pokrovsk taken but its north " +
		"(claimed 2025-12-01, Ukraine held the north); Myrnohrad and Huliaipole fought over (claimed 2025-12-27; Ukraine said " +
		"part of Huliaipole was Russian-held); Kupiansk retaken by Ukraine (Syrskyi, 2025-12-17: 90% of the city); " +
		"Dnipropetrovsk oblast 0.6% occupied and DeepState's total 116,165 km² on 2026-01-01. " + sourceWar
	source2026March = "Pokrovsk and Myrnohrad shown occupied on DeepState's map by 2026-02-04; Russian gains near Siversk; " +
		"Ukraine's southern counter-operation retook more than 300 km² on the Zaporizhzhia and Dnipropetrovsk border from late " +
		"January (Zelensky, 2026-02-21). " + sourceWar
	source2026June = "few changes: DeepState counts Russian gains of 14 km² in May and 84 km² in June 2026 with Ukraine " +
		"retaking more; Russian advances near Kostiantynivka and Huliaipole in late June. " + sourceWar
)

// front closes a western edge, listed from north to south, into a polygon:
// from the edge's last point (in the sea) far south, east through Russia
// and back north and west to the edge's first point (in Russia).
func front(edges ...[]orb.Point) orb.Polygon {
	var r orb.Ring
	for _, e := range edges {
		r = append(r, e...)
	}
	first, last := r[0], r[len(r)-1]
	r = append(r, orb.Point{last[0], 43.5}, orb.Point{45, 43.5}, orb.Point{45, 51}, orb.Point{first[0], 51}, first)
	return orb.Polygon{r}
}

// ring closes a list of points into a polygon.
func ring(ps ...orb.Point) orb.Polygon {
	r := append(orb.Ring{}, ps...)
	return orb.Polygon{append(r, r[0])}
}

// hole is a disc of radius km around a town held by Ukraine.
func hole(name string, km float64) orb.Polygon {
	return orb.Polygon{ellipse(places[name], km, km, 48)}
}

func pts(ps ...orb.Point) []orb.Point { return ps }

// keyDates returns the drawn occupied areas in date order.
func keyDates() []keyDate {
	return []keyDate{
		{Day: "2014-04-12", Source: sourceDonbas, Parts: all(donbas2014April())},
		{Day: "2014-07-05", Source: sourceDonbas, Parts: all(donbas2014July())},
		{Day: "2015-02-18", Source: sourceDonbas, Parts: all(ordlo())},
		{Day: "2022-02-24", Source: sourceWar, Parts: append(all(
			front(kharkivEarly(), luhanskEarly(), ordloLine()[5:], southEarly(), dniproLeftBank()),
			northEarly()), only(kyiv, kyivWestEarly()))},
		{Day: "2022-03-21", Source: sourceWar, Parts: append(all(
			front(kharkivPeak(), luhanskPeak(), donetskPeak(), zaporizhzhia2022(), reservoir(), khersonRightBank()),
			northPeak()), only(kyiv, kyivWestPeak())),
			Holes: []orb.Polygon{northeastHeld(), hole("Chernihiv", 14), hole("Sumy", 12), hole("Nizhyn", 8), hole("Konotop", 6)}},
		// Kyiv oblast free on 2 April (Ukraine's defence ministry); Russian
		// units were still leaving Chernihiv and Sumy oblasts.
		{Day: "2022-04-02", Source: sourceKyivFree, Parts: []part{
			part{Shape: front(kharkivPeak(), luhanskPeak(), donetskPeak(), zaporizhzhia2022(), reservoir(), khersonRightBank())},
			only(chernihiv, northPeak()), only(sumy, northPeak())},
			Holes: []orb.Polygon{northeastHeld(), hole("Chernihiv", 14), hole("Sumy", 12), hole("Nizhyn", 8), hole("Konotop", 6)}},
		{Day: "2022-04-07", Source: sourceWar, Parts: all(
			front(kharkivPeak(), luhanskPeak(), donetskPeak(), zaporizhzhia2022(), reservoir(), khersonRightBank()))},
		{Day: "2022-07-03", Source: sourceWar, Parts: all(
			front(kharkivJuly(), donbasSummer2022(), zaporizhzhia2022(), reservoir(), khersonRightBank()))},
		{Day: "2022-09-12", Source: sourceWar, Parts: all(
			front(oskil(), donbasSummer2022(), zaporizhzhia2022(), reservoir(), khersonRightBank()))},
		{Day: "2022-10-01", Source: sourceWar, Parts: all(
			front(afterLyman(), donbasAutumn2022(), zaporizhzhia2022(), reservoir(), khersonRightBank()))},
		{Day: "2022-10-04", Source: sourceKhersonOctober, Parts: all(
			front(afterLyman(), donbasAutumn2022(), zaporizhzhia2022(), reservoir(), khersonOctober()))},
		{Day: "2022-11-11", Source: sourceWar, Parts: all(
			front(svatoveKreminna(), donbasAutumn2022(), zaporizhzhia2022(), reservoir(), dniproLeftBank()))},
		{Day: "2023-05-20", Source: sourceWar, Parts: all(
			front(svatoveKreminna(), donbasBakhmut(), zaporizhzhia2022(), reservoir(), dniproLeftBank()))},
		{Day: "2024-02-17", Source: sourceWar, Parts: append(all(
			front(svatoveKreminna(), donbasAvdiivka(), zaporizhzhia2024(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()))},
		{Day: "2024-10-01", Source: sourceWar, Parts: append(all(
			front(svatoveKreminna(), donbasVuhledar(), zaporizhzhia2024(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()))},
		{Day: "2025-01-20", Source: sourceWar, Parts: append(all(
			front(svatoveKreminna(), donbasPokrovsk(), zaporizhzhia2024(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()))},
		{Day: "2025-06-30", Source: source2025June, Parts: append(all(
			front(svatoveKreminna(), donbas2025June(), zaporizhzhia2025(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()))},
		{Day: "2025-08-26", Source: source2025August, Parts: append(all(
			front(svatoveKreminna(), donbas2025August(), zaporizhzhia2025(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()), only(dnipro, dniproEntry2025August()))},
		{Day: "2025-12-31", Source: source2025December, Parts: append(all(
			front(svatove2025(), donbas2025December(), zaporizhzhia2025December(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()), only(dnipro, dniproStrip2025December()))},
		{Day: "2026-03-31", Source: source2026March, Parts: append(all(
			front(svatove2026(), donbas2026(), zaporizhzhia2025December(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()), only(dnipro, dniproStrip2026()))},
		{Day: "2026-06-30", Source: source2026June, Parts: append(all(
			front(svatove2026(), donbas2026June(), zaporizhzhia2026June(), reservoir(), dniproLeftBank())),
			only(kharkiv, kupianskEast()), only(kharkiv, vovchansk()), only(dnipro, dniproStrip2026()))},
	}
}

// The Natural Earth units that local parts are confined to.
const (
	kyiv      = "UA-32"
	kharkiv   = "UA-63"
	chernihiv = "UA-74"
	dnipro    = "UA-12"
	sumy      = "UA-59"
)
