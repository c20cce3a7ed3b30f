package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// sameFigures reports how a series' figures differ from a day's stats
// (rounded to 1e-4 km² and 1e-8 of the share), "" when they do not.
func sameFigures(got []geo.SeriesFigure, want []geo.Figure) string {
	if len(got) != len(want) {
		return fmt.Sprintf("got %d figures, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Side != w.Side || g.Status != w.Status || math.Abs(g.AreaKm2-w.AreaKm2) > 1e-4 ||
			math.Abs(g.InsideKm2-w.InsideKm2) > 1e-4 || math.Abs(g.Share-w.Share) > 1e-8 {
			return fmt.Sprintf("got %+v, want %+v", g, w)
		}
	}
	return ""
}

// TestSeriesOnDeepStateHistory: the series of the sample of DeepStateMap's
// history has an entry on every change day with the figures /api/stats
// gives that day, inside Ukraine and by oblast; a series from a day
// between change days starts on that day with the figures in force; one
// past the last observed day is "as of" it; from after to is refused.
func TestSeriesOnDeepStateHistory(t *testing.T) {
	needHistory(t)
	ctx := context.Background()
	s := empty(t)
	mustImportDeepState(t, s, deepstateHistory, deepStateCfg{Dataset: "ds"})
	days, err := s.ChangeDays(ctx, "ds", orb.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Dataset(ctx, "ds")
	if err != nil {
		t.Fatal(err)
	}
	first, last := days[0], days[len(days)-1]
	all, err := s.Series(ctx, "ds", first-10, last+30, false)
	if err != nil {
		t.Fatal(err)
	}
	if all.AsOf != ds.ObservedTo || all.ObservedFrom != ds.ObservedFrom || all.By != "" || all.ReferenceKm2 < 590000 {
		t.Errorf("got as of %s, observed from %s, by %q, reference %.0f km², want as of %s, observed from %s, Ukraine's",
			all.AsOf, all.ObservedFrom, all.By, all.ReferenceKm2, ds.ObservedTo, ds.ObservedFrom)
	}
	if len(all.Days) != len(days) {
		t.Fatalf("got %d entries, want one on each of %d change days", len(all.Days), len(days))
	}
	for i, d := range days {
		st, err := s.Stats(ctx, "ds", d)
		if err != nil {
			t.Fatal(err)
		}
		if e := all.Days[i]; e.Day != d || len(e.Areas) != 0 {
			t.Errorf("entry %d: day %s with %d areas, want %s with none", i, e.Day, len(e.Areas), d)
		} else if msg := sameFigures(e.Figures, st.Figures); msg != "" {
			t.Errorf("%s: %s", d, msg)
		}
	}

	// By oblast, from a day between change days.
	mid := days[1] + 1
	if mid == days[2] {
		t.Fatalf("the sample's change days %s and %s are consecutive", days[1], days[2])
	}
	by, err := s.Series(ctx, "ds", mid, last, true)
	if err != nil {
		t.Fatal(err)
	}
	if by.By != "oblast" || len(by.Areas) < 27 || by.AsOf != 0 || by.ObservedFrom != 0 {
		t.Errorf("by oblast: got by %q, %d areas, as of %s, observed from %s, want oblast, 27 and more, none",
			by.By, len(by.Areas), by.AsOf, by.ObservedFrom)
	}
	if len(by.Days) != len(days)-1 || by.Days[0].Day != mid || by.Days[1].Day != days[2] {
		t.Fatalf("by oblast from %s: got %d entries, want %d from %s", mid, len(by.Days), len(days)-1, mid)
	}
	for i, e := range by.Days {
		want, err := s.StatsByOblast(ctx, "ds", e.Day)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]geo.SeriesFigure{}
		for _, a := range e.Areas {
			got[a.ISO] = a.Figures
		}
		if len(e.Figures) != 0 {
			t.Errorf("entry %d: got %d figures of Ukraine by oblast, want none", i, len(e.Figures))
		}
		for _, a := range want.Areas {
			if msg := sameFigures(got[a.ISO], a.Figures); msg != "" {
				t.Errorf("%s %s: %s", e.Day, a.ISO, msg)
			}
		}
	}

	// After the last observed day: one entry, of the last change day's map.
	after, err := s.Series(ctx, "ds", last+40, last+50, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Days) != 1 || after.Days[0].Day != last+40 || after.AsOf != ds.ObservedTo ||
		sameFigures(after.Days[0].Figures, mustStats(t, s, last).Figures) != "" {
		t.Errorf("after the last observed day: got %+v, want one entry with the figures of %s, as of %s", after, last, ds.ObservedTo)
	}
	if whole, err := s.Series(ctx, "ds", 0, last, false); err != nil || whole.From != first || len(whole.Days) != len(days) {
		t.Errorf("from 0: got from %s, %d entries, %v, want from %s, %d entries", whole.From, len(whole.Days), err, first, len(days))
	}
	if _, err := s.Series(ctx, "ds", last, first, false); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("from after to: got %v, want ErrInvalid", err)
	}
	if _, err := s.Series(ctx, "nope", first, last, false); !errors.Is(err, ErrNotFound) {
		t.Errorf("an unknown dataset: got %v, want ErrNotFound", err)
	}
}

func mustStats(t *testing.T, s *Store, day geo.Day) geo.Stats {
	t.Helper()
	st, err := s.Stats(context.Background(), "ds", day)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSeriesEmptyMap: a change day on which the map is empty has an entry
// without figures, so that a chart drops to zero there.
func TestSeriesEmptyMap(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	geojson := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"r","side":"ru","status":"occupied","valid_from":"2027-01-01","valid_to":"2027-02-01"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}}]}`
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(geojson), "x.geojson", ImportConfig{Dataset: "gone"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Series(ctx, "gone", geo.MustParseDay("2026-12-01"), geo.MustParseDay("2027-03-01"), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Days) != 2 || got.Days[0].Day != geo.MustParseDay("2027-01-01") || len(got.Days[0].Figures) != 1 ||
		got.Days[0].Figures[0].AreaKm2 < 8000 || got.Days[1].Day != geo.MustParseDay("2027-02-01") || len(got.Days[1].Figures) != 0 {
		t.Errorf("got %+v, want 2027-01-01 with ru occupied (some 8,300 km²) and 2027-02-01 without figures", got.Days)
	}
}
