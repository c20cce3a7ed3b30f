package publish

import (
	"context"
	"math"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
)

// preloaded is the store as the tile service sees it while publishing:
// every version of the dataset read once, each temporal tile taking those
// whose bound meets it, as the store's VersionsIn(tile) would and in the
// store's order (region, valid_from, id), instead of a query per tile.
// Other datasets and the day tiles' VersionsAt ask the store.
type preloaded struct {
	tiles.Source
	dataset string
	vs      []geo.Version
	bounds  []orb.Bound // of each of vs
}

// world is the bound that asks the store for every version.
var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// preload reads every version of a dataset.
func preload(ctx context.Context, src tiles.Source, dataset string) (*preloaded, error) {
	vs, err := src.VersionsIn(ctx, dataset, world)
	if err != nil {
		return nil, err
	}
	p := &preloaded{Source: src, dataset: dataset, vs: vs, bounds: make([]orb.Bound, len(vs))}
	rings := sharedRings{}
	for i, v := range vs {
		p.bounds[i] = v.Geometry.Bound()
		vs[i].Geometry = rings.share(v.Geometry)
	}
	return p, nil
}

// sharedRings holds one copy of each ring, by a hash of its points: a
// region's versions repeat most of their rings (the islands and holes
// away from where the front moved), which the whole archive's 3,060
// versions hold twice over (8.1 million points, 4.1 million in distinct
// rings).
type sharedRings map[uint64][]orb.Ring

// share returns mp with each ring that another version has too replaced
// by that version's copy; mp itself is not changed.
func (s sharedRings) share(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		q := make(orb.Polygon, len(p))
		for j, r := range p {
			q[j] = s.one(r)
		}
		out[i] = q
	}
	return out
}

func (s sharedRings) one(r orb.Ring) orb.Ring {
	h := uint64(14695981039346656037) // FNV-1a over the points' bits
	for _, pt := range r {
		h = (h ^ math.Float64bits(pt[0])) * 1099511628211
		h = (h ^ math.Float64bits(pt[1])) * 1099511628211
	}
	for _, c := range s[h] {
		if c.Equal(r) {
			return c
		}
	}
	s[h] = append(s[h], r)
	return r
}

// hold has b work out every version's shape for every zoom and keep it
// (tiles.Builder.Hold), then drops the versions' geometry: the whole
// archive's shapes with their levels take about what its geometry did,
// and holding both took twice that. Rings the versions share
// (sharedRings) share their levels.
func (p *preloaded) hold(ctx context.Context, b *tiles.Builder, workers int) error {
	if err := b.Hold(ctx, p.vs, workers); err != nil {
		return err
	}
	for i := range p.vs {
		p.vs[i].Geometry = nil
	}
	return nil
}

// VersionsIn returns the versions of dataset whose bound meets b.
func (p *preloaded) VersionsIn(ctx context.Context, dataset string, b orb.Bound) ([]geo.Version, error) {
	if dataset != p.dataset {
		return p.Source.VersionsIn(ctx, dataset, b)
	}
	var in []geo.Version
	for i := range p.vs {
		if p.bounds[i].Intersects(b) {
			in = append(in, p.vs[i])
		}
	}
	return in, nil
}

// bound is the union of the versions' bounds within geo.Theatre (a stray
// polygon far from the war, in a store imported before the theatre was
// enforced, moves no bound or centre); empty if there are none.
func (p *preloaded) bound() orb.Bound {
	var b orb.Bound
	ok := false
	for _, vb := range p.bounds {
		vb, in := geo.TheatreBound(vb)
		switch {
		case !in:
		case ok:
			b = b.Union(vb)
		default:
			b, ok = vb, true
		}
	}
	return b
}
