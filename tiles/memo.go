package tiles

import (
	"container/list"
	"sync"

	"github.com/paulmach/orb/maptile"
)

// projKey names a version's shape projected for a zoom.
type projKey struct {
	id int64
	z  maptile.Zoom
}

// projCache keeps projected, simplified shapes, bounded by an estimate of
// their bytes, least recently used out first. Versions never change shape,
// so entries never go stale.
type projCache struct {
	mu    sync.Mutex
	max   int
	size  int
	ll    *list.List
	items map[projKey]*list.Element
}

type projEntry struct {
	key  projKey
	s    *shape
	size int
}

func newProjCache(maxBytes int) *projCache {
	return &projCache{max: maxBytes, ll: list.New(), items: map[projKey]*list.Element{}}
}

func (c *projCache) get(k projKey) (*shape, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*projEntry).s, true
	}
	return nil, false
}

func (c *projCache) put(k projKey, s *shape) {
	size := s.bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok || size > c.max {
		return
	}
	c.items[k] = c.ll.PushFront(&projEntry{k, s, size})
	c.size += size
	for c.size > c.max {
		e := c.ll.Back()
		pe := e.Value.(*projEntry)
		c.ll.Remove(e)
		delete(c.items, pe.key)
		c.size -= pe.size
	}
}
