package store

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/frontline-map/frontline/data/export"
	"github.com/frontline-map/frontline/geo"
)

// TestSeedObserved (#20, 5): the seed observes from its first version's
// day and has no last observed day; a day before it is not observed in
// the stats, by oblast and in an export, which says as of which day a
// day after a dataset's last observed day is.
func TestSeedObserved(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	d, err := s.Dataset(ctx, SeedDataset)
	if err != nil || d.ObservedFrom != geo.MustParseDay("2014-02-27") || d.ObservedTo != 0 {
		t.Fatalf("seed: observed %s..%s (%v), want from 2014-02-27 with no last day", d.ObservedFrom, d.ObservedTo, err)
	}
	for day, want := range map[string]bool{"2013-01-01": false, "2014-02-26": false, "2014-02-27": true, "2030-01-01": true} {
		st, err := s.Stats(ctx, SeedDataset, geo.MustParseDay(day))
		if err != nil {
			t.Fatal(err)
		}
		by, err := s.StatsByOblast(ctx, SeedDataset, geo.MustParseDay(day))
		if err != nil {
			t.Fatal(err)
		}
		if st.Observed != want || by.Observed != want || st.AsOf != 0 {
			t.Errorf("stats of %s: observed %v, by oblast %v, as of %s; want observed %v, never as of", day, st.Observed, by.Observed, st.AsOf, want)
		}
		if js, _ := json.Marshal(st); !bytes.Contains(js, []byte(`"observed":`)) {
			t.Errorf("stats JSON of %s says nothing of observed: %s", day, js)
		}
		if got := exported(t, s, SeedDataset, day); got["observed"] != want || got["as_of"] != nil {
			t.Errorf("export of %s: observed %v, as of %v; want observed %v", day, got["observed"], got["as_of"], want)
		}
	}
	// A database seeded before the seed had a first observed day gets it
	// from its migration.
	if _, err := s.db.ExecContext(ctx, `UPDATE datasets SET observed_from = NULL`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, seedObservedDDL); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Dataset(ctx, SeedDataset); d.ObservedFrom != geo.MustParseDay("2014-02-27") {
		t.Errorf("after the migration: observed from %s, want 2014-02-27", d.ObservedFrom)
	}
}

// TestExportAsOf (#20, 5): an export of a day after the dataset's last
// observed day says as of which day its map is, as the stats do.
func TestExportAsOf(t *testing.T) {
	s := empty(t)
	importTiny(t, s, importCfg{Dataset: "tiny", Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}, "2026-08-20", "2026-08-22")
	for day, want := range map[string]any{"2026-12-01": "2026-08-22", "2026-08-21": nil} {
		got := exported(t, s, "tiny", day)
		if got["as_of"] != want || got["observed"] != true || got["dataset"] != "tiny" || got["day"] != day {
			t.Errorf("export of %s: %v, want as of %v", day, got, want)
		}
	}
	if got := exported(t, s, "tiny", "2026-08-19"); got["observed"] != false {
		t.Errorf("export of a day before the first observed: observed %v, want false", got["observed"])
	}
}

// exported is the top level of an export of dataset at day, features left out.
func exported(t *testing.T, s *Store, dataset, day string) map[string]any {
	t.Helper()
	var b bytes.Buffer
	em, err := export.Load(context.Background(), s, dataset, geo.MustParseDay(day))
	if err != nil {
		t.Fatal(err)
	}
	if err := em.Write(context.Background(), &b, export.GeoJSON); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "features")
	return m
}
