package store

import (
	"container/list"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// geomEncodes counts encodeGeom's calls (for tests: a version's geometry is
// encoded once on its way in).
var geomEncodes atomic.Int64

// encodeGeom returns the WKB of mp and a hash of it that identifies the shape.
func encodeGeom(mp orb.MultiPolygon) ([]byte, []byte, error) {
	geomEncodes.Add(1)
	b, err := wkb.Marshal(mp)
	if err != nil {
		return nil, nil, fmt.Errorf("encode geometry: %w", err)
	}
	h := sha256.Sum256(b)
	return b, h[:], nil
}

// decodeGeom decodes WKB written by encodeGeom.
func decodeGeom(b []byte) (orb.MultiPolygon, error) {
	g, err := wkb.Unmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("decode geometry: %w", err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	}
	return nil, fmt.Errorf("decode geometry: got %s, want MultiPolygon", g.GeoJSONType())
}

// geomCache keeps decoded version geometries by version id. Geometry of a
// version never changes once written (a correction writes a new version),
// so entries never go stale; the cache is bounded by an estimate of bytes.
type geomCache struct {
	mu    sync.Mutex
	max   int
	size  int
	ll    *list.List
	items map[int64]*list.Element
}

type geomEntry struct {
	id   int64
	mp   orb.MultiPolygon
	size int
}

func newGeomCache(maxBytes int) *geomCache {
	return &geomCache{max: maxBytes, ll: list.New(), items: map[int64]*list.Element{}}
}

func (c *geomCache) get(id int64) (orb.MultiPolygon, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*geomEntry).mp, true
	}
	return nil, false
}

func (c *geomCache) put(id int64, mp orb.MultiPolygon) {
	size := 64
	for _, p := range mp {
		for _, r := range p {
			size += 24 + 16*len(r)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[id]; ok || size > c.max {
		return
	}
	c.items[id] = c.ll.PushFront(&geomEntry{id, mp, size})
	c.size += size
	for c.size > c.max {
		e := c.ll.Back()
		ge := e.Value.(*geomEntry)
		c.ll.Remove(e)
		delete(c.items, ge.id)
		c.size -= ge.size
	}
}

// forget drops a version's geometry (after a correction deletes it).
func (c *geomCache) forget(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		c.ll.Remove(e)
		delete(c.items, id)
		c.size -= e.Value.(*geomEntry).size
	}
}
