package tiles

import (
	"context"
	"sync"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"golang.org/x/sync/errgroup"
)

// held are the level shapes a Builder keeps for its whole life, outside
// its memo's bound (Builder.Hold).
type held struct {
	mu     sync.RWMutex
	shapes map[int64]*levelShape
}

// shape returns the shape Hold kept for version id.
func (h *held) shape(id int64) (*levelShape, bool) {
	h.mu.RLock()
	s, ok := h.shapes[id]
	h.mu.RUnlock()
	return s, ok
}

// Hold works out the shape of each of vs for every zoom, on workers
// goroutines, and keeps them while the Builder lives, so that their
// Geometry is no longer needed for tiles of zoom MaxZoom or less: a caller
// that draws a fixed set of versions (publish) holds them all and drops
// their geometry, keeping the levels instead of both.
//
// Rings are shared by identity: versions whose multipolygons hold the same
// ring (the same backing array, as a caller that shares equal rings passes
// them) share its levels, worked out once. A region's versions repeat most
// of their rings (islands and holes away from where the front moved):
// DeepStateMap's whole archive is 8.1 million points in 4.1 million
// distinct ones.
func (b *Builder) Hold(ctx context.Context, vs []geo.Version, workers int) error {
	rs := &ringTable{rings: map[ringKey]*levelRing{}}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(workers, 1))
	for _, v := range vs {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			s := rs.shape(v.Geometry)
			b.held.mu.Lock()
			if b.held.shapes == nil {
				b.held.shapes = map[int64]*levelShape{}
			}
			b.held.shapes[v.ID] = s
			b.held.mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// ringTable holds the levels of rings by identity while Hold runs (its keys
// keep the rings' arrays alive, so it is dropped after).
type ringTable struct {
	mu    sync.Mutex
	rings map[ringKey]*levelRing
}

// ringKey is a ring's identity: its first point's address and length.
type ringKey struct {
	first *orb.Point
	n     int
}

// shape is newLevelShape(mp) with each ring's levels shared with every ring
// of the same identity.
func (t *ringTable) shape(mp orb.MultiPolygon) *levelShape {
	return newLevelShapeWith(mp, t.ring)
}

func (t *ringTable) ring(r orb.Ring) *levelRing {
	if len(r) == 0 {
		return newLevelRing(r)
	}
	k := ringKey{&r[0], len(r)}
	t.mu.Lock()
	lr, ok := t.rings[k]
	t.mu.Unlock()
	if ok {
		return lr
	}
	lr = newLevelRing(r)
	t.mu.Lock()
	if got, ok := t.rings[k]; ok {
		lr = got
	} else {
		t.rings[k] = lr
	}
	t.mu.Unlock()
	return lr
}
