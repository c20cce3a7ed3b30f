package store

import (
	"context"
	"fmt"
	"math"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// Stats measures the map of dataset at day against Ukraine and lists the
// articles published that day. A day after the dataset's last observed day
// is measured on the map of that day, which AsOf names; one before its
// first observed day is not Observed.
func (s *Store) Stats(ctx context.Context, dataset string, day geo.Day) (geo.Stats, error) {
	st := geo.Stats{Dataset: dataset, Day: day}
	bm, err := seed.LoadBasemap()
	if err != nil {
		return st, err
	}
	if st.AsOf, st.Observed, err = s.observed(ctx, dataset, day); err != nil {
		return st, err
	}
	st.Reference, st.ReferenceKm2 = bm.Ukraine.Name, bm.Ukraine.AreaKm2
	vs, err := s.VersionsAt(ctx, dataset, day, orb.Bound{})
	if err != nil {
		return st, err
	}
	if st.Figures, err = s.measure(ctx, vs, bm.Ukraine); err != nil {
		return st, fmt.Errorf("stats at %s: %w", day, err)
	}
	if b, ok := geo.HeldBound(vs); ok {
		r := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
		st.BBox = []float64{r(b.Min[0]), r(b.Min[1]), r(b.Max[0]), r(b.Max[1])}
	}
	st.Articles, err = s.Articles(ctx, geo.ArticleQuery{From: day, To: day})
	return st, err
}

func (s *Store) measure(ctx context.Context, vs []geo.Version, ref geo.Reference) ([]geo.Figure, error) {
	key := fmt.Sprint(ref.Name, versionIDs(vs))
	if f, ok := s.measured.Load(key); ok {
		return f.([]geo.Figure), nil
	}
	f, err := geo.Measure(ctx, vs, ref)
	if err == nil {
		s.measured.Store(key, f)
	}
	return f, err
}

func versionIDs(vs []geo.Version) []int64 {
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	return ids
}

// Diff compares the map of dataset at from with the map at to, everywhere
// (not only inside Ukraine: the Kursk incursion is in Russia).
func (s *Store) Diff(ctx context.Context, dataset string, from, to geo.Day) (geo.DiffReport, error) {
	r := geo.DiffReport{Dataset: dataset, From: from, To: to}
	before, err := s.VersionsAt(ctx, dataset, from, orb.Bound{})
	if err != nil {
		return r, err
	}
	after, err := s.VersionsAt(ctx, dataset, to, orb.Bound{})
	if err != nil {
		return r, err
	}
	if r.Changes, err = geo.Diff(ctx, before, after, geo.Reference{}); err != nil {
		return r, fmt.Errorf("diff %s..%s: %w", from, to, err)
	}
	return r, nil
}
