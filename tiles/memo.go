package tiles

import (
	"github.com/frontline-map/frontline/tiles/lru"
	"github.com/paulmach/orb/maptile"
)

// projKey names a version's shape projected for a zoom.
type projKey struct {
	id int64
	z  maptile.Zoom
}

// projCache keeps projected, simplified shapes, bounded by an estimate of
// their bytes. Versions never change shape, so entries never go stale.
type projCache struct{ lru *lru.Map[projKey, *shape] }

func newProjCache(maxBytes int) *projCache {
	return &projCache{lru.New[projKey, *shape](int64(maxBytes))}
}

func (c *projCache) get(k projKey) (*shape, bool) { return c.lru.Get(k) }

func (c *projCache) put(k projKey, s *shape) { c.lru.Put(k, s, int64(s.bytes())) }
