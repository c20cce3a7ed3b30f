package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// tinySeries writes a series of one file a day, named by the day, of a
// box whose east edge moves every day, and returns its folder.
func tinySeries(t *testing.T, days ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, day := range days {
		d := geo.MustParseDay(day)
		east := 37 + 0.01*float64(d%7)
		body := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36,47],[%g,47],[%g,48],[36,48],[36,47]]]}}]}`, east, east)
		if err := os.WriteFile(filepath.Join(dir, "map-"+day+".geojson"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func importTiny(t *testing.T, s *Store, cfg importCfg, days ...string) ImportResult {
	t.Helper()
	ctx := context.Background()
	files, err := ReadSeries(ctx, tinySeries(t, days...), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportSeries(ctx, files, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func observed(t *testing.T, s *Store, name string) string {
	t.Helper()
	d, err := s.Dataset(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if d.ObservedTo == 0 {
		return "unknown"
	}
	return d.ObservedFrom.String() + ".." + d.ObservedTo.String()
}

// TestObservedRange: a series import records the first and last day of
// its files, later imports widen the range and never narrow it, a GeoJSON
// import leaves it alone; a day after the last observed day is measured
// "as of" it.
func TestObservedRange(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	cfg := importCfg{Dataset: "tiny", Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}
	importTiny(t, s, cfg, "2026-08-20", "2026-08-21", "2026-08-22")
	if got := observed(t, s, "tiny"); got != "2026-08-20..2026-08-22" {
		t.Fatalf("observed range after the first import: %s, want 2026-08-20..2026-08-22", got)
	}
	importTiny(t, s, cfg, "2026-08-21") // inside: nothing narrows
	if got := observed(t, s, "tiny"); got != "2026-08-20..2026-08-22" {
		t.Errorf("after importing a day inside the range: %s, want 2026-08-20..2026-08-22", got)
	}
	importTiny(t, s, cfg, "2026-08-10") // before: widens the start
	if got := observed(t, s, "tiny"); got != "2026-08-10..2026-08-22" {
		t.Errorf("after importing an earlier day: %s, want 2026-08-10..2026-08-22", got)
	}
	geojson := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"region":"other","side":"ru","status":"occupied","valid_from":"2027-01-01"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[30,47],[31,47],[31,48],[30,48],[30,47]]]}}]}`
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(geojson), "x.geojson", ImportConfig{Dataset: "tiny"}); err != nil {
		t.Fatal(err)
	}
	if got := observed(t, s, "tiny"); got != "2026-08-10..2026-08-22" {
		t.Errorf("after a GeoJSON import: %s, want the range unchanged", got)
	}

	for day, want := range map[string]geo.Day{"2026-12-01": geo.MustParseDay("2026-08-22"), "2026-08-22": 0, "2026-08-15": 0, "2026-08-01": 0} {
		st, err := s.Stats(ctx, "tiny", geo.MustParseDay(day))
		if err != nil {
			t.Fatal(err)
		}
		by, err := s.StatsByOblast(ctx, "tiny", geo.MustParseDay(day))
		if err != nil {
			t.Fatal(err)
		}
		if st.AsOf != want || by.AsOf != want {
			t.Errorf("stats of %s: as of %d and %d by oblast, want %d", day, st.AsOf, by.AsOf, want)
		}
	}
	// A dataset with no observed range.
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(geojson), "x.geojson", ImportConfig{Dataset: "plain"}); err != nil {
		t.Fatal(err)
	}
	if got := observed(t, s, "plain"); got != "unknown" {
		t.Errorf("a dataset of a GeoJSON import: observed %s, want unknown", got)
	}
	if st, err := s.Stats(ctx, "plain", geo.MustParseDay("2030-01-01")); err != nil || st.AsOf != 0 {
		t.Errorf("stats of a dataset with no observed range: as of %s, %v; want none", st.AsOf, err)
	}
}

// TestDatasetMetadata: the seed is described when seeded; EditDataset
// changes the fields given, audits the change, refuses bad values and
// unknown datasets; an import sets the fields it is given.
func TestDatasetMetadata(t *testing.T) {
	ctx := context.Background()
	s := seeded(t)
	seed, err := s.Dataset(ctx, SeedDataset)
	if err != nil {
		t.Fatal(err)
	}
	if seed.Title != "frontline seed" || seed.Attribution != "Schematic approximation drawn by frontline; Natural Earth" || seed.License != "Apache-2.0" || seed.Description == "" {
		t.Errorf("seed: got %+v", seed)
	}
	if seed.ObservedTo != 0 {
		t.Errorf("seed: observed to %s, want unknown (a GeoJSON import)", seed.ObservedTo)
	}

	str := func(s string) *string { return &s }
	got, err := s.EditDataset(WithActor(ctx, "editor:alice"), SeedDataset, geo.DatasetEdit{
		Attribution: str("  DeepStateMap "), License: str("GPL-3.0"), SourceURL: str("https://deepstatemap.live")})
	if err != nil {
		t.Fatal(err)
	}
	want := seed
	want.Attribution, want.License, want.SourceURL = "DeepStateMap", "GPL-3.0", "https://deepstatemap.live"
	if got != want {
		t.Errorf("edited: got %+v, want %+v", got, want)
	}
	if ds, _ := s.Datasets(ctx); len(ds) != 1 || ds[0] != want {
		t.Errorf("datasets: got %+v, want %+v", ds, want)
	}
	a, err := s.Audit(ctx, 1)
	if err != nil || len(a) != 1 || a[0].Actor != "editor:alice" || a[0].Entity != "dataset" || a[0].Action != "update" ||
		!strings.Contains(a[0].Detail, `attribution="DeepStateMap"`) || strings.Contains(a[0].Detail, "title") {
		t.Errorf("audit: got %+v, %v", a, err)
	}
	// An edit that changes nothing writes nothing; "" clears a field.
	if _, err := s.EditDataset(ctx, SeedDataset, geo.DatasetEdit{License: str("GPL-3.0")}); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Audit(ctx, 1); b[0].ID != a[0].ID {
		t.Errorf("an edit that changes nothing was audited: %+v", b[0])
	}
	if got, err := s.EditDataset(ctx, SeedDataset, geo.DatasetEdit{SourceURL: str("")}); err != nil || got.SourceURL != "" {
		t.Errorf("clearing the source URL: %+v, %v", got, err)
	}

	long := strings.Repeat("é", geo.MaxDatasetText+1)
	for name, e := range map[string]geo.DatasetEdit{
		"over-long title": {Title: str(long)},
		"control":         {Attribution: str("a\x07b")},
		"not a URL":       {SourceURL: str("deepstatemap.live")},
		"not http":        {SourceURL: str("javascript:alert(1)")},
		"not UTF-8":       {License: str("\xff")},
	} {
		if _, err := s.EditDataset(ctx, SeedDataset, e); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%s: got %v, want invalid input", name, err)
		}
	}
	if _, err := s.EditDataset(ctx, SeedDataset, geo.DatasetEdit{Title: str(long[:2*geo.MaxDatasetText])}); err != nil {
		t.Errorf("a title of %d characters: %v", geo.MaxDatasetText, err)
	}
	if _, err := s.EditDataset(ctx, "nope", geo.DatasetEdit{Title: str("x")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown dataset: got %v, want not found", err)
	}

	cfg := importCfg{Dataset: "tiny", Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied,
		Meta: geo.DatasetEdit{Title: str("Tiny"), Attribution: str("Test"), License: str("CC0-1.0")}}
	importTiny(t, s, cfg, "2026-08-22")
	if d, err := s.Dataset(ctx, "tiny"); err != nil || d.Title != "Tiny" || d.Attribution != "Test" || d.License != "CC0-1.0" {
		t.Errorf("dataset of an import with metadata: %+v, %v", d, err)
	}
	cfg.Meta = geo.DatasetEdit{Title: str(long)}
	files, _ := ReadSeries(ctx, tinySeries(t, "2026-08-23"), ReadOptions{})
	if _, err := s.ImportSeries(ctx, files, cfg); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("an import with an over-long title: %v, want invalid input", err)
	}
	if got := observed(t, s, "tiny"); got != "2026-08-22..2026-08-22" {
		t.Errorf("a refused import moved the observed range: %s", got)
	}
}
