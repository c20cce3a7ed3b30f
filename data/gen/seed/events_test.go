package main

import (
	"net/url"
	"sort"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// These tests check the committed seed (data/seed/history.geojson) against
// the events table: every settlement on its side from its event's day
// until the next event there, within 3 days.

// sideAt returns the side holding pt on day in the seed: "none" on
// contested ground, "ua" in the Kursk incursion, "ru" on Russian-occupied
// ground; elsewhere the country's own side.
func sideAt(vs []seedVersion, pt orb.Point, day geo.Day, inRussia bool) string {
	side := "ua"
	if inRussia {
		side = "ru"
	}
	for _, v := range vs {
		if !v.Valid.Contains(day) || !planar.MultiPolygonContains(v.Shape, pt) {
			continue
		}
		switch {
		case v.Region == contestedRegion:
			return "none"
		case v.Region == "kursk-incursion":
			side = "ua"
		case v.Side == "ru" && v.Status == "occupied":
			side = "ru"
		}
	}
	return side
}

func TestEventsTable(t *testing.T) {
	es := events()
	perYear := map[string]int{}
	for _, e := range es {
		perYear[e.Day[:4]]++
		if _, err := geo.ParseDay(e.Day); err != nil || e.Day < "2014-02-27" || e.Day > "2025-12-31" {
			t.Errorf("%s: day %q", e.Place, e.Day)
		}
		if !(orb.Bound{Min: orb.Point{22, 44}, Max: orb.Point{41, 53}}).Contains(e.At) || e.Km <= 0 {
			t.Errorf("%s: at %v radius %v", e.Place, e.At, e.Km)
		}
		s := e.Source
		if s.Outlet == "" || s.Title == "" || len(e.Note) < 20 {
			t.Errorf("%s %s: source %+v, note %q", e.Place, e.Day, s, e.Note)
		}
		if s.Published != "" {
			if _, err := geo.ParseDay(s.Published); err != nil {
				t.Errorf("%s %s: published %q", e.Place, e.Day, s.Published)
			}
		} else if s.Outlet != "Wikipedia" {
			t.Errorf("%s %s: a report without a date (%+v)", e.Place, e.Day, s)
		}
		if s.URL != "" {
			if u, err := url.Parse(s.URL); err != nil || u.Scheme != "https" {
				t.Errorf("%s %s: url %q", e.Place, e.Day, s.URL)
			}
		}
	}
	if len(es) < 60 {
		t.Errorf("%d events, want at least 60", len(es))
	}
	for _, y := range []string{"2014", "2015", "2022", "2023", "2024", "2025"} {
		if perYear[y] == 0 {
			t.Errorf("no event in %s", y)
		}
	}
	for _, pl := range eventPlaces(es) {
		for i, e := range pl.Events {
			if i > 0 && e.What.side() == pl.Events[i-1].What.side() {
				t.Errorf("%s: %s on %s leaves it on the side it was", pl.Name, e.What, e.Day)
			}
			if e.At != pl.At || e.Km != pl.Km {
				t.Errorf("%s: the rows disagree on where it is", pl.Name)
			}
		}
	}
	t.Logf("%d events: %v", len(es), perYear)
}

// TestEventsHonoured: each event's settlement is on its new side on every
// change day of the seed from 3 days after the event until 3 days before the
// next event there (or the day before it when it comes sooner), and on its
// previous side 3 days before it.
func TestEventsHonoured(t *testing.T) {
	vs := readHistory(t)
	days := seedChangeDays(vs)
	last := geo.MustParseDay("2026-06-30")
	for _, pl := range eventPlaces(events()) {
		for i, e := range pl.Events {
			day := geo.MustParseDay(e.Day)
			next := last
			if i+1 < len(pl.Events) {
				next = geo.MustParseDay(pl.Events[i+1].Day)
			}
			from, to := min(day+3, next-1), max(next-3, day)
			check := []geo.Day{from}
			for _, d := range days {
				if from < d && d <= to {
					check = append(check, d)
				}
			}
			for _, d := range check {
				if got := sideAt(vs, pl.At, d, pl.Russia); got != e.What.side() {
					t.Errorf("%s, %s on %s: side %s on %s, want %s", pl.Name, e.What, e.Day, got, d, e.What.side())
					break
				}
			}
			before, prev := pl.prior(), geo.Day(0)
			if i > 0 {
				before, prev = pl.Events[i-1].What.side(), geo.MustParseDay(pl.Events[i-1].Day)
			}
			if d := max(day-3, prev); d < day && d >= geo.MustParseDay("2014-02-27") {
				if got := sideAt(vs, pl.At, d, pl.Russia); got != before {
					t.Errorf("%s, %s on %s: side %s on %s, want %s before it", pl.Name, e.What, e.Day, got, d, before)
				}
			}
		}
	}
}

// seedChangeDays returns the days on which some version of the seed
// starts or ends, in order.
func seedChangeDays(vs []seedVersion) []geo.Day {
	seen := map[geo.Day]bool{}
	var out []geo.Day
	for _, v := range vs {
		for _, d := range []geo.Day{v.Valid.From, v.Valid.To} {
			if d != geo.Forever && !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// heldOn returns the union of the Russian-occupied ground in Ukraine, the
// contested ground and the Kursk incursion on day.
func heldOn(t *testing.T, vs []seedVersion, day geo.Day) (ru, grey, kursk orb.MultiPolygon) {
	t.Helper()
	var rus, greys, ks []orb.MultiPolygon
	for _, v := range vs {
		if !v.Valid.Contains(day) {
			continue
		}
		switch {
		case v.Region == contestedRegion:
			greys = append(greys, v.Shape)
		case v.Region == "kursk-incursion":
			ks = append(ks, v.Shape)
		case v.Side == "ru" && v.Status == "occupied":
			rus = append(rus, v.Shape)
		}
	}
	u := func(mps []orb.MultiPolygon) orb.MultiPolygon {
		out, err := geo.Union(mps...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return u(rus), u(greys), u(ks)
}

// TestEventsMoveOnlyWhatTheyRequire: between key dates the map changes only
// near the settlements of the day's events, and the Russian-held total stays
// within the totals of the key dates around it (the published figures the
// seed follows), give or take 1%.
func TestEventsMoveOnlyWhatTheyRequire(t *testing.T) {
	vs := readHistory(t)
	base := map[string]bool{}
	var keys []geo.Day
	for _, kd := range keyDates() {
		base[kd.Day] = true
		keys = append(keys, geo.MustParseDay(kd.Day))
	}
	for _, d := range kurskDays() {
		base[d] = true
	}
	byDay := map[string][]event{}
	for _, e := range events() {
		byDay[e.Day] = append(byDay[e.Day], e)
	}
	total := map[geo.Day]float64{}
	days := seedChangeDays(vs)
	var prevRU, prevGrey, prevKursk orb.MultiPolygon
	for i, d := range days {
		ru, grey, kursk := heldOn(t, vs, d)
		total[d] = geo.AreaKm2(ru)
		if i > 0 && !base[d.String()] {
			var near []orb.MultiPolygon
			for _, e := range byDay[d.String()] {
				r := maxCorridorKm + e.Km + 1
				near = append(near, orb.MultiPolygon{{ellipse(e.At, r, r, 64)}})
			}
			reach, err := geo.Union(near...)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				what         string
				before, also orb.MultiPolygon
			}{{"Russian-held", prevRU, ru}, {"contested", prevGrey, grey}, {"incursion", prevKursk, kursk}} {
				if km2 := movedOutside(t, c.before, c.also, reach); km2 > 0.5 {
					t.Errorf("%s: the %s ground changed by %.1f km² away from the day's events %v", d, c.what, km2, byDay[d.String()])
				}
			}
		}
		prevRU, prevGrey, prevKursk = ru, grey, kursk
	}
	for _, d := range days {
		i := sort.Search(len(keys), func(i int) bool { return keys[i] > d })
		if i == 0 || i == len(keys) || keys[i-1] == d {
			continue
		}
		lo, hi := min(total[keys[i-1]], total[keys[i]]), max(total[keys[i-1]], total[keys[i]])
		if a := total[d]; a < 0.99*lo || a > 1.01*hi {
			t.Errorf("%s: %.0f km² Russian-held, want within %.0f-%.0f (the key dates %s and %s) ± 1%%", d, a, lo, hi, keys[i-1], keys[i])
		}
	}
}

// movedOutside returns the area of the symmetric difference of a and b
// that lies outside reach.
func movedOutside(t *testing.T, a, b, reach orb.MultiPolygon) float64 {
	t.Helper()
	ab, err := geo.Difference(a, b)
	if err != nil {
		t.Fatal(err)
	}
	ba, err := geo.Difference(b, a)
	if err != nil {
		t.Fatal(err)
	}
	var km2 float64
	for _, d := range []orb.MultiPolygon{ab, ba} {
		out, err := geo.Difference(d, reach)
		if err != nil {
			t.Fatal(err)
		}
		km2 += geo.AreaKm2(out)
	}
	return km2
}
