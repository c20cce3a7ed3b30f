package store

import (
	"context"
	"math"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestStatsByOblast: on the seed, the oblasts of Ukraine add up to the
// figure for all of Ukraine, Crimea is all but wholly occupied, and the
// Kursk incursion lies in Kursk oblast.
func TestStatsByOblast(t *testing.T) {
	s := openTemp(t, false)
	ctx := context.Background()
	day := geo.MustParseDay("2025-01-20")
	st, err := s.Stats(ctx, SeedDataset, day)
	if err != nil {
		t.Fatal(err)
	}
	by, err := s.StatsByOblast(ctx, SeedDataset, day)
	if err != nil {
		t.Fatal(err)
	}
	if by.By != "oblast" || len(by.Areas) != 30 {
		t.Fatalf("%d areas, want 27 of Ukraine and 3 of Russia", len(by.Areas))
	}
	inside := func(figs []geo.Figure, side geo.Side, status geo.Status) (km2, share float64) {
		for _, f := range figs {
			if f.Side == side && f.Status == status {
				return f.InsideKm2, f.Share
			}
		}
		return 0, 0
	}
	var sum float64
	got := map[string]geo.AreaStats{}
	for _, a := range by.Areas {
		got[a.ISO] = a
		if a.Country == "UA" {
			km2, _ := inside(a.Figures, geo.SideRU, geo.StatusOccupied)
			sum += km2
		}
	}
	whole, _ := inside(st.Figures, geo.SideRU, geo.StatusOccupied)
	if math.Abs(sum-whole) > 0.005*whole {
		t.Errorf("the oblasts of Ukraine add up to %.0f km² occupied, Ukraine as a whole %.0f km²", sum, whole)
	}
	if _, share := inside(got["UA-43"].Figures, geo.SideRU, geo.StatusOccupied); share < 0.98 {
		t.Errorf("Crimea occupied: %.3f of it", share)
	}
	if km2, _ := inside(got["RU-KRS"].Figures, geo.SideUA, geo.StatusOccupied); km2 < 100 {
		t.Errorf("Ukraine in Kursk oblast: %.0f km²", km2)
	}
	if km2, _ := inside(got["UA-07"].Figures, geo.SideRU, geo.StatusOccupied); km2 != 0 {
		t.Errorf("Volyn occupied: %.0f km²", km2)
	}
}
