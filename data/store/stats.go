package store

import (
	"context"
	"fmt"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

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
