package geo_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// square is a lon/lat box with a counter-clockwise outer ring (RFC 7946).
func square(minLon, minLat, maxLon, maxLat float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}}
}

func ExampleParseDay() {
	d, err := geo.ParseDay("2022-02-24")
	if err != nil {
		panic(err)
	}
	fmt.Println(d, int32(d), d.AddDays(7))

	// A version valid from that day until further notice.
	v := geo.Validity{From: d, To: geo.Forever}
	fmt.Println(v.Contains(geo.MustParseDay("2022-02-23")), v.Contains(geo.MustParseDay("2025-01-20")), v.Open())

	// Impossible dates are errors, of kind ErrBadDay and ErrInvalid.
	_, err = geo.ParseDay("2024-02-30")
	fmt.Println(err)
	fmt.Println(errors.Is(err, geo.ErrBadDay), errors.Is(err, geo.ErrInvalid))
	// Output:
	// 2022-02-24 19047 2022-03-03
	// false true true
	// bad day "2024-02-30": not a calendar day
	// true true
}

func ExampleAreaKm2() {
	// One degree square on the equator, and the same at 50°N, where the
	// meridians are closer together.
	fmt.Printf("%.0f km²\n", geo.AreaKm2(square(0, 0, 1, 1)))
	fmt.Printf("%.0f km²\n", geo.AreaKm2(square(30, 50, 31, 51)))

	// A hole is subtracted, whatever its winding.
	holed := orb.Polygon{square(30, 50, 31, 51)[0][0], {{30.25, 50.25}, {30.25, 50.75}, {30.75, 50.75}, {30.75, 50.25}, {30.25, 50.25}}}
	fmt.Printf("%.0f km²\n", geo.AreaKm2(holed))
	// Output:
	// 12308 km²
	// 7892 km²
	// 5919 km²
}

func ExampleMeasure() {
	// The map of one day: a side holds one box, the other a box beside it,
	// and a grey zone between them. The reference area cuts them.
	day := geo.MustParseDay("2024-01-01")
	always := geo.Validity{From: day, To: geo.Forever}
	vs := []geo.Version{
		{Region: "east", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: square(31, 50, 32, 51), Valid: always},
		{Region: "grey", Side: geo.SideNone, Status: geo.StatusContested, Geometry: square(30.9, 50, 31, 51), Valid: always},
		{Region: "west", Side: geo.SideUA, Status: geo.StatusLiberated, Geometry: square(30, 50, 30.9, 51), Valid: always},
	}
	ref := geo.NewReference("box", square(30, 50, 31.5, 51))
	figs, err := geo.Measure(context.Background(), geo.At(vs, day), ref)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.0f km²\n", ref.Name, ref.AreaKm2)
	for _, f := range figs {
		fmt.Printf("%s %s %v: %.0f km², %.0f km² inside (%.1f%%)\n", f.Side, f.Status, f.Regions, f.AreaKm2, f.InsideKm2, 100*f.Share)
	}
	// Output:
	// box: 11838 km²
	// ru occupied [east]: 7892 km², 3946 km² inside (33.3%)
	// ua liberated [west]: 7103 km², 7103 km² inside (60.0%)
	// none contested [grey]: 789 km², 789 km² inside (6.7%)
}

func ExampleDiff() {
	// A front line that moves a quarter of a degree west between two days.
	before := []geo.Version{
		{Region: "east", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: square(31, 50, 32, 51)},
		{Region: "west", Side: geo.SideUA, Status: geo.StatusLiberated, Geometry: square(30, 50, 31, 51)},
	}
	after := []geo.Version{
		{Region: "east", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: square(30.75, 50, 32, 51)},
		{Region: "west", Side: geo.SideUA, Status: geo.StatusLiberated, Geometry: square(30, 50, 30.75, 51)},
	}
	changes, err := geo.Diff(context.Background(), before, after, geo.Reference{})
	if err != nil {
		panic(err)
	}
	for _, c := range changes {
		fmt.Printf("%s: %.0f → %.0f km², gained %.0f, lost %.0f, net %+.0f\n", c.Side, c.BeforeKm2, c.AfterKm2, c.GainedKm2, c.LostKm2, c.NetKm2())
	}
	// Output:
	// ru: 7892 → 9865 km², gained 1973, lost 0, net +1973
	// ua: 7892 → 5919 km², gained 0, lost 1973, net -1973
}

func ExampleGazetteer_Find() {
	g := geo.NewGazetteer([]geo.Region{
		{Slug: "crimea", Name: "Crimea", Kind: geo.KindAdmin, Aliases: []string{"Crimean", "Крим", "Крым"}},
		{Slug: "kursk-oblast", Name: "Kursk Oblast", Kind: geo.KindAdmin, Aliases: []string{"Kursk", "Курская область"}},
		{Slug: "kherson-oblast", Name: "Kherson Oblast", Kind: geo.KindAdmin, Aliases: []string{"Kherson", "Херсон"}},
	})
	// Whole words in Latin script; Cyrillic names match inflected.
	fmt.Println(g.Find("Strikes on the Crimean bridge and in Kursk's border villages"))
	fmt.Println(g.Find("Удары по Крыму и в Курской области"))
	fmt.Println(g.Find("Excavations at Khersonese, an hour from Kherson"))
	// Output:
	// [crimea kursk-oblast]
	// [crimea kursk-oblast]
	// [kherson-oblast]
}

func ExampleGazetteer_Mentions() {
	g := geo.NewGazetteer([]geo.Region{
		{Slug: "donetsk-oblast", Name: "Donetsk Oblast", Kind: geo.KindAdmin, Aliases: []string{"Donetsk", "Донецкая область"}},
		{Slug: "luhansk-oblast", Name: "Luhansk Oblast", Kind: geo.KindAdmin, Aliases: []string{"Luhansk", "Луганская область"}},
	})
	text := "Бои в Донецкой и Луганской областях; Donetsk region"
	for _, m := range g.Mentions(text) {
		fmt.Printf("%s [%d:%d] %q\n", m.Region, m.Start, m.End, m.Text)
	}
	// Output:
	// donetsk-oblast [10:26] "Донецкой"
	// luhansk-oblast [30:65] "Луганской областях"
	// donetsk-oblast [67:81] "Donetsk region"
}
