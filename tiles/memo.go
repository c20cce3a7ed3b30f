package tiles

import (
	"github.com/frontline-map/frontline/tiles/lru"
)

// levelCache keeps versions' shapes with their levels (levels.go) by
// version id, bounded by an estimate of their bytes. Versions never change
// shape (a correction writes a new version), so entries never go stale.
type levelCache struct{ lru *lru.Map[int64, *levelShape] }

func newLevelCache(maxBytes int) *levelCache {
	return &levelCache{lru.New[int64, *levelShape](int64(maxBytes))}
}

func (c *levelCache) get(id int64) (*levelShape, bool) { return c.lru.Get(id) }

func (c *levelCache) put(id int64, s *levelShape) { c.lru.Put(id, s, int64(s.size)) }
