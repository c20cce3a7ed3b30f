package publish

import (
	"context"

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
	for i, v := range vs {
		p.bounds[i] = v.Geometry.Bound()
	}
	return p, nil
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
