package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/frontline-map/frontline/data/seed"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
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
	if st.Figures, err = s.measure(vs, bm.Ukraine); err != nil {
		return st, fmt.Errorf("stats at %s: %w", day, err)
	}
	if b, ok := geo.HeldBound(vs); ok {
		r := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
		st.BBox = []float64{r(b.Min[0]), r(b.Min[1]), r(b.Max[0]), r(b.Max[1])}
	}
	st.Articles, err = s.Articles(ctx, geo.ArticleQuery{From: day, To: day})
	return st, err
}

func (s *Store) measure(vs []geo.Version, ref geo.Reference) ([]geo.Figure, error) {
	key := fmt.Sprint(ref.Name, versionIDs(vs))
	if f, ok := s.measured.Load(key); ok {
		return f.([]geo.Figure), nil
	}
	f, err := geo.Measure(vs, ref)
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
	if r.Changes, err = geo.Diff(before, after, geo.Reference{}); err != nil {
		return r, fmt.Errorf("diff %s..%s: %w", from, to, err)
	}
	return r, nil
}

// ExportGeoJSON writes the map of dataset at day as a GeoJSON
// FeatureCollection whose properties can be imported again. Its foreign
// members say what the map is of: "dataset", "day", "observed" (false
// before the dataset's first observed day: no data, not no occupation) and,
// for a day after its last observed day, "as_of", as Stats does.
func (s *Store) ExportGeoJSON(ctx context.Context, w io.Writer, dataset string, day geo.Day) (int, error) {
	vs, err := s.VersionsAt(ctx, dataset, day, orb.Bound{})
	if err != nil {
		return 0, err
	}
	asOf, observed, err := s.observed(ctx, dataset, day)
	if err != nil {
		return 0, err
	}
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"dataset": dataset, "day": day.String(), "observed": observed}
	if asOf != 0 {
		fc.ExtraMembers["as_of"] = asOf.String()
	}
	for _, v := range vs {
		fc.Append(VersionFeature(v))
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(fc); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return len(vs), nil
}

// VersionFeature turns a version into a GeoJSON feature in the import format.
func VersionFeature(v geo.Version) *geojson.Feature {
	f := geojson.NewFeature(v.Geometry)
	f.ID = v.ID
	f.Properties["region"] = v.Region
	f.Properties["side"] = v.Side.String()
	f.Properties["status"] = v.Status.String()
	f.Properties["valid_from"] = v.Valid.From.String()
	if !v.Valid.Open() {
		f.Properties["valid_to"] = v.Valid.To.String()
	}
	f.Properties["source"] = v.Source
	f.Properties["dataset"] = v.Dataset
	f.Properties["area_km2"] = geo.AreaKm2(v.Geometry)
	return f
}
