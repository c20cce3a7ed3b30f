// Package lru owns frontline's in-memory caches of tiles, pictures and
// projected shapes: maps bounded by the summed cost of their entries (about
// their bytes), least recently used out first. (data keeps its own bounded
// memo of decoded versions: data and tiles never import each other.)
package lru

import (
	"container/list"
	"sync"
)

// Map is a map bounded by the sum of its entries' costs (about their
// bytes), least recently used out first. It is safe for concurrent use.
type Map[K comparable, V any] struct {
	mu    sync.Mutex
	max   int64
	size  int64
	ll    *list.List
	items map[K]*list.Element
}

type lruEntry[K comparable, V any] struct {
	key  K
	val  V
	cost int64
}

// New makes a Map whose entries cost at most max in all.
func New[K comparable, V any](max int64) *Map[K, V] {
	return &Map[K, V]{max: max, ll: list.New(), items: map[K]*list.Element{}}
}

// Get returns the value stored under k and marks it used.
func (c *Map[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruEntry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// Put stores v under k unless k is there already or v alone costs more
// than the bound, then drops the least recently used to stay within it.
func (c *Map[K, V]) Put(k K, v V, cost int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok || cost > c.max {
		return
	}
	c.items[k] = c.ll.PushFront(&lruEntry[K, V]{k, v, cost})
	c.size += cost
	for c.size > c.max {
		e := c.ll.Back()
		old := e.Value.(*lruEntry[K, V])
		c.ll.Remove(e)
		delete(c.items, old.key)
		c.size -= old.cost
	}
}

// Len returns the entries and their summed cost.
func (c *Map[K, V]) Len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}
