package geo

import (
	"context"
	"math"
	"strings"
	"testing"
)

// changeFixture has known changes: a Russian gain near Alpha in oblast A,
// one across the border of A and B, contested ground that became held, a
// Ukrainian gain near Beta and a sliver.
func changeFixture(t *testing.T) (ChangeReport, []Change) {
	t.Helper()
	before := []Version{
		version("a", SideRU, StatusOccupied, [4]float64{32, 46, 34, 47}),
		version("c", SideRU, StatusContested, [4]float64{36, 47, 36.2, 47.2}),
		version("u", SideUA, StatusLiberated, [4]float64{37, 48, 37.2, 48.2}),
	}
	after := []Version{
		version("a", SideRU, StatusOccupied, [4]float64{32, 46, 34, 47}),
		version("g", SideRU, StatusOccupied, [4]float64{32.95, 47, 33.05, 47.02}),
		version("x", SideRU, StatusOccupied, [4]float64{34.98, 46.5, 35.02, 46.52}),
		version("c", SideRU, StatusOccupied, [4]float64{36, 47, 36.2, 47.2}),
		version("u", SideUA, StatusLiberated, [4]float64{37, 48, 37.3, 48.2}),
		version("s", SideRU, StatusOccupied, [4]float64{38, 49, 38.001, 49.001}),
	}
	changes, turns, err := ChangesBetween(context.Background(), before, after, Reference{})
	if err != nil {
		t.Fatal(err)
	}
	w := ChangeWords{
		Towns: []Place{
			{Name: "Alpha", NameUK: "Альфа", Lon: 33, Lat: 46.9, Population: 50000},
			{Name: "Gamma", NameUK: "Гамма", Lon: 35, Lat: 46.4, Population: 15000},
			{Name: "Beta", NameUK: "Бета", Lon: 37.6, Lat: 48.1, Population: 20000},
		},
		Oblasts: []Oblast{
			{ISO: "UA-A", Name: "Aoblast", Shape: box(30, 45, 35, 50)},
			{ISO: "UA-B", Name: "Boblast", Shape: box(35, 45, 40, 50)},
		},
	}
	rep, err := NewChangeReport(context.Background(), changes, turns, w, DefaultSliverKm2)
	if err != nil {
		t.Fatal(err)
	}
	rep.From, rep.To, rep.Credit = MustParseDay("2025-12-01"), MustParseDay("2025-12-08"), "DeepStateMap"
	return rep, changes
}

func TestChangeReportKnownChanges(t *testing.T) {
	rep, changes := changeFixture(t)
	// The areas and slivers sum to Diff's gains.
	for i, sc := range rep.Sides {
		var sum float64
		for _, a := range rep.Areas {
			if a.Side == sc.Side {
				sum += a.Km2
			}
		}
		sum += sc.SliversKm2
		if g := changes[i].GainedKm2; math.Abs(sum-g) > 0.001*g {
			t.Errorf("%s: areas sum to %.3f km², diff gained %.3f", sc.Side, sum, g)
		}
	}
	ru, ua := rep.Sides[0], rep.Sides[1]
	if ru.Slivers != 1 || ru.SliversKm2 <= 0 || ru.SliversKm2 > DefaultSliverKm2 {
		t.Errorf("ru slivers: %d, %.4f km², want the one sliver", ru.Slivers, ru.SliversKm2)
	}
	if ua.GainedKm2 <= 0 || ru.GainedKm2 <= 0 {
		t.Errorf("gains: ru %.1f ua %.1f", ru.GainedKm2, ua.GainedKm2)
	}
	// The contested box became Russian-held, and is not a gain.
	var held float64
	for _, tu := range rep.Turns {
		if tu.Side == SideRU && tu.Held {
			held = tu.Km2
		}
	}
	if want := AreaKm2(box(36, 47, 36.2, 47.2)); math.Abs(held-want) > 0.01 {
		t.Errorf("contested to held: %.2f km², want %.2f", held, want)
	}
	// The area across the border is split between the oblasts.
	half := AreaKm2(box(34.98, 46.5, 35, 46.52))
	var a, b float64
	for _, o := range rep.Oblasts {
		if o.Side != SideRU {
			continue
		}
		switch o.ISO {
		case "UA-A":
			a = o.GainedKm2
		case "UA-B":
			b = o.GainedKm2
		}
	}
	if b < half*0.99 || b > half*1.01+0.01 || a < half {
		t.Errorf("by oblast: A %.2f B %.2f, want B about %.2f and A more", a, b, half)
	}
	var near *ChangeArea
	for i := range rep.Areas {
		if rep.Areas[i].Side == SideRU && rep.Areas[i].Km2 > 10 {
			near = &rep.Areas[i]
		}
	}
	if near == nil || !strings.HasSuffix(near.Where, "north of Alpha, Aoblast oblast") {
		t.Errorf("the strip north of Alpha: %+v", near)
	}
}

func TestChangeReportText(t *testing.T) {
	rep, _ := changeFixture(t)
	en := rep.Text("en")
	for _, want := range []string{"Between 1 and 8 December 2025 Russian forces gained about ", "around Alpha (17 km²) and Gamma (6.8 km²)", "Ukrainian forces regained about ", "west of Beta", "of contested ground became held by Russian forces", "Data: DeepStateMap."} {
		if !strings.Contains(en, want) {
			t.Errorf("en text lacks %q:\n%s", want, en)
		}
	}
	uk := rep.Text("uk")
	for _, want := range []string{"З 1 по 8 грудня 2025 року російські війська захопили близько ", "Альфа", "Бета", "Дані: DeepStateMap."} {
		if !strings.Contains(uk, want) {
			t.Errorf("uk text lacks %q:\n%s", want, uk)
		}
	}
	rep.AsOf = MustParseDay("2025-12-05")
	if en := rep.Text("en"); !strings.HasSuffix(en, "As of 5 December 2025.") {
		t.Errorf("past the data's end: %s", en)
	}
	t.Log(en)
	t.Log(uk)
}

// TestChangeReportLossToNoOne: ground a side gave up that no one took is
// said as its loss, not as no change.
func TestChangeReportLossToNoOne(t *testing.T) {
	rep := ChangeReport{From: MustParseDay("2022-03-25"), To: MustParseDay("2022-04-07"),
		Sides: []SideChange{{Side: SideRU, LostKm2: 12345}, {Side: SideUA}}}
	if got, want := rep.Text("en"), "Between 25 March and 7 April 2022 Russian forces lost about 12,000 km²."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRoundKm2(t *testing.T) {
	for _, c := range []struct {
		km2  float64
		lang string
		want string
	}{
		{0.4, "en", "under 1 km²"}, {6.8000001, "en", "6.8 km²"}, {3.04, "en", "3 km²"}, {1.84, "en", "1.8 km²"}, {47.3, "en", "47 km²"}, {1234, "en", "1,200 km²"},
		{1.84, "uk", "1,8 км²"}, {1234, "uk", "1\u00a0200 км²"}, {0.2, "uk", "менше 1 км²"},
	} {
		if got := RoundKm2(c.km2, c.lang); got != c.want {
			t.Errorf("RoundKm2(%v, %s) = %q, want %q", c.km2, c.lang, got, c.want)
		}
	}
}
