package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// TestTextBounds: every write refuses text past geo's bounds, naming the
// field and the bound without repeating the text (issue #22: a 30 MiB
// source made every tile over its polygon 31 MB).
func TestTextBounds(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	square := orb.MultiPolygon{{{{35, 48}, {36, 48}, {36, 49}, {35, 49}, {35, 48}}}}
	huge := strings.Repeat("s", 30<<20)
	day, err := geo.ParseDay("2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	v := geo.Version{Region: "r", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: square,
		Valid: geo.Validity{From: day}}
	long := v
	long.Source = huge
	slug := v
	slug.Region = strings.Repeat("r", geo.MaxName+1)
	for name, write := range map[string]func() error{
		"version source": func() error {
			_, err := s.ImportVersions(ctx, []geo.Version{long}, []string{"f"}, ImportConfig{Dataset: "d"})
			return err
		},
		"version region": func() error {
			_, err := s.ImportVersions(ctx, []geo.Version{slug}, []string{"f"}, ImportConfig{Dataset: "d"})
			return err
		},
		"series source": func() error {
			sr := geo.Series{First: day, Last: day, Regions: []geo.RegionDays{{Region: geo.Region{Slug: "r"}, Side: geo.SideRU, Status: geo.StatusOccupied,
				Days: []geo.DayShape{{Day: day, Geometry: square, Source: huge}}}}}
			_, err := s.ImportDays(ctx, sr, ImportConfig{Dataset: "d"})
			return err
		},
		"series region name": func() error {
			sr := geo.Series{First: day, Last: day, Regions: []geo.RegionDays{{Region: geo.Region{Slug: "r2", Name: huge}, Side: geo.SideRU, Status: geo.StatusOccupied,
				Days: []geo.DayShape{{Day: day, Geometry: square}}}}}
			_, err := s.ImportDays(ctx, sr, ImportConfig{Dataset: "d"})
			return err
		},
		"article outlet": func() error {
			_, err := s.AddArticle(ctx, geo.Article{Title: "t", URL: "https://example.org/a", Outlet: huge, Published: day, Regions: []string{"r"}})
			return err
		},
		"feed summary": func() error {
			_, err := s.ImportFeed(ctx, []geo.Article{{Title: "t", URL: "https://example.org/b", Summary: huge, Published: day}})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := write()
			if !errors.Is(err, geo.ErrInvalid) {
				t.Fatalf("got %v, want geo.ErrInvalid", err)
			}
			if msg := err.Error(); len(msg) > 300 || !strings.Contains(msg, "at most") {
				t.Errorf("got %q (%d bytes), want the field and its bound in under 300 bytes", geo.Cut(msg, 300), len(msg))
			}
		})
	}
	if vs, err := s.VersionsIn(ctx, "d", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}); err == nil && len(vs) > 0 {
		t.Errorf("got %d versions stored, want none", len(vs))
	}
}
